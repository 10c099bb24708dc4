"""Words, stems and term weights of a text in one language: the one tokenizer, stemmer and IDF (pure).

Owns what the linker (`argmap.linking`) and the comparison (`argmap.compare`) do to a text before
they compare it: cut it into words (`tokens`, `iter_tokens`), fold a word to lower-case ASCII
(`fold`), stem it with the language's Snowball stemmer (`stem`, `stemmer`; the `snowballstemmer`
package), and weigh a term by its inverse document frequency (`idf`). What differs between
languages (the possessive of English, the elided articles of French, the Snowball algorithm) is
read from the language's folder (`lexicon.yaml`, `tokens:` and `stemmer:`), so a new language needs
no code here. Package data is the only thing read.
"""

from __future__ import annotations

import functools
import math
import re
import threading
import unicodedata
from collections.abc import Callable, Iterator, Mapping

#: A word: letters and digits, with inner apostrophes and hyphens ("don't", "cross-border", "l'armée", "F-16").
WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")

#: ISO 639-1 code -> Snowball algorithm, for a language folder whose lexicon does not name one
#: (the algorithm names are `snowballstemmer`'s; a folder may override with `stemmer:`).
SNOWBALL = {
    "ar": "arabic", "ca": "catalan", "cs": "czech", "da": "danish", "de": "german", "el": "greek",
    "en": "english", "eo": "esperanto", "es": "spanish", "et": "estonian", "eu": "basque", "fa": "persian",
    "fi": "finnish", "fr": "french", "ga": "irish", "hi": "hindi", "hu": "hungarian", "hy": "armenian",
    "id": "indonesian", "it": "italian", "lt": "lithuanian", "ne": "nepali", "nl": "dutch", "no": "norwegian",
    "pl": "polish", "pt": "portuguese", "ro": "romanian", "ru": "russian", "sr": "serbian", "st": "sesotho",
    "sv": "swedish", "ta": "tamil", "tr": "turkish", "yi": "yiddish",
}


def fold(text: str) -> str:
    """Lower-case ASCII ('Tinzawatène' -> 'tinzawatene', '’' -> "'")."""
    text = text.replace("’", "'")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()


class TokenRules:
    """How a language cuts words: possessive endings cut off, elided words cut off the front.

    Read from the `tokens:` mapping of the language's `lexicon.yaml` (`possessives: ["'s"]`,
    `elided: [l, d, qu]`); a language without one cuts nothing.
    """

    def __init__(self, possessives=(), elided=()):
        self.possessives = tuple(sorted({p.replace("’", "'").lower() for p in possessives}, key=len, reverse=True))
        self.elided = frozenset(e.replace("’", "'").lower().rstrip("'") for e in elided)

    def clean(self, word: str) -> tuple[str, int]:
        """`word` with its possessive ending and elided front word cut, and how many characters were cut in front."""
        low = word.lower().replace("’", "'")
        for p in self.possessives:
            if low.endswith(p) and len(low) > len(p):
                word, low = word[: -len(p)], low[: -len(p)]
                break
        front = 0
        if self.elided and "'" in low:
            head, _, rest = low.partition("'")
            if head in self.elided and rest:
                front = len(head) + 1
                word = word[front:]
        return word, front


@functools.lru_cache(maxsize=16)
def token_rules(lang: str = "en") -> TokenRules:
    """The token rules of language `lang` (cached; see `TokenRules`)."""
    from . import lexicon

    spec = lexicon(lang).get("tokens") or {}
    return TokenRules(spec.get("possessives") or (), spec.get("elided") or ())


def iter_tokens(text: str, lang: str = "en") -> Iterator[tuple[str, int, int]]:
    """(word, start, end) of each word of `text` as written, possessive and elided article cut off
    ("Mali's" -> "Mali", "l'armée" -> "armée"); hyphenated words stay whole. `end` is exclusive
    and points past the whole written word."""
    rules = token_rules(lang)
    for m in WORD.finditer(text):
        word, front = rules.clean(m.group())
        if word:
            yield word, m.start() + front, m.end()


def tokens(text: str, lang: str = "en", *, folded: bool = False) -> list[str]:
    """The words of `text` (`iter_tokens`), hyphenated words split ('cross-border' -> cross, border),
    edge apostrophes stripped; with `folded`, lower-case ASCII ('Tinzawatène' -> 'tinzawatene')."""
    out = []
    for word, _, _ in iter_tokens(text, lang):
        if folded:
            word = fold(word)
        for part in word.split("-"):
            part = part.strip("'’")
            if part:
                out.append(part)
    return out


class _Snowball:
    """A Snowball stemmer of one language, safe to share between threads (the library's stemmer
    objects keep state while they stem, so calls are serialised)."""

    def __init__(self, algorithm: str):
        import snowballstemmer

        self.algorithm = algorithm
        self._stemmer = snowballstemmer.stemmer(algorithm)
        self._lock = threading.Lock()
        self._stem = functools.lru_cache(maxsize=65536)(self._uncached)

    def _uncached(self, word: str) -> str:
        with self._lock:
            return self._stemmer.stemWord(word)

    def __call__(self, word: str) -> str:
        return self._stem(word)


@functools.lru_cache(maxsize=16)
def stemmer(lang: str = "en") -> Callable[[str], str]:
    """The stemmer of language `lang`: a function of a lower-case word (cached, thread-safe).

    The Snowball algorithm is the one the language's `lexicon.yaml` names (`stemmer: english`),
    else the one `SNOWBALL` gives its code; a language with neither has no stemmer, and its words
    are their own stems.

    Raises:
        ValueError: no such language package, or an algorithm `snowballstemmer` does not have.
    """
    from . import folder, lexicon

    folder(lang)  # an unknown language fails here, not by stemming nothing
    algorithm = lexicon(lang).get("stemmer") or SNOWBALL.get(lang)
    if not algorithm:
        return str
    import snowballstemmer

    if algorithm not in snowballstemmer.algorithms():
        raise ValueError(f"argmap.lang.{lang}: no Snowball stemmer {algorithm!r} ({', '.join(snowballstemmer.algorithms())})")
    return _Snowball(algorithm)


def stem(word: str, lang: str = "en") -> str:
    """The stem of a lower-case `word` in language `lang` ('accusations' -> 'accus', 'négociations' -> 'négoci')."""
    return stemmer(lang)(word)


def idf(df: Mapping[str, int], n: int, floor: float) -> dict[str, float]:
    """Normalised inverse document frequency of each term, in [floor, 1].

    log((n + 1) / df) / log(n + 1), mapped onto [floor, 1]: a term in one of n texts weighs 1, a
    term in every text still weighs `floor` (the linker keeps 0.2, the comparison 0.15).

    Args:
        df: term -> the number of texts (claims) holding it (at least 1).
        n: the number of texts.
        floor: the weight of a term every text holds.
    """
    n = max(n, 1)
    top = math.log(n + 1.0)
    return {k: floor + (1.0 - floor) * min(1.0, math.log((n + 1.0) / c) / top) for k, c in df.items()}
