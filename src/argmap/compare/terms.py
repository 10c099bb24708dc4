"""Key terms of claims for `argmap compare`: words, stems, synonym classes and topic vectors.

This module owns how the comparison decides that two claims are about the same thing: content
words are lower-cased, stemmed (the language's Snowball stemmer, `argmap.lang.stem`: "accusations"
and "accused" together) and mapped to synonym classes from the `compare:` section of the language's
lexicon (`argmap/lang/en/lexicon.yaml`); the names of the two compared
parties are dropped (every claim of an Algeria-Mali dispute mentions Algeria). A claim's vector
weighs its content words fully and the rest of its sentence (cue included) less; two vectors are
compared by cosine similarity with inverse-document-frequency weights (`argmap.lang.idf`). Words are
cut by `argmap.lang.tokens`. It is pure: the lexicon and the country table are package data read
once, nothing else is read or written.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from argmap import lang
from argmap.countries import countries

#: Weight of sentence words outside the content (the cue included) relative to content words.
CONTEXT_WEIGHT = 0.35
#: Added to the similarity per compound term two contents share ("armed groups"), times its idf.
COMPOUND_BONUS = 0.1
#: At most this much compound bonus per pair.
COMPOUND_CAP = 0.2
#: The language of the comparison's words (the stored claims are English so far; issue #22 item 4
#: makes it the claim's).
LANG = "en"


def stem(word: str) -> str:
    """The Snowball stem of a word ('accusations', 'accused' and 'accuse' -> 'accus'), lower-cased
    first; digits stay as they are. Never shown to readers (`surface` keeps the words as written)."""
    w = word.lower()
    if w.isdigit():
        return w
    return lang.stem(w, LANG)


def words(text: str) -> list[str]:
    """The words of `text` as written (letters, digits, inner apostrophes), possessives cut and
    hyphenated words split (`argmap.lang.tokens`)."""
    return lang.tokens(text, LANG)


@dataclass(frozen=True)
class Lexicon:
    """The word lists of the `compare:` section of the language's lexicon.yaml, stemmed."""

    stopwords: frozenset[str]
    response: frozenset[str]
    evaluative: frozenset[str]
    synonyms: dict[str, str]
    contrast: re.Pattern
    contrast_insert: re.Pattern
    time_shift: re.Pattern
    same_day: re.Pattern

    def key(self, word: str) -> str | None:
        """The term of one word as written, or None for a stopword, a short word or a plain number."""
        low = word.lower().replace("’", "'")
        if low in self.stopwords or len(low) < 3:
            return None
        if low.isdigit() and not (len(low) == 4 and low[:2] in ("19", "20")):
            return None  # years name events ("the 2015 agreement"); other numbers do not
        s = stem(low)
        return self.synonyms.get(low) or self.synonyms.get(s) or s


def _split(text: str) -> list[str]:
    return [w for w in text.split() if w]


def _alternation(text: str) -> re.Pattern:
    alts = sorted((a.strip() for a in text.split("|") if a.strip()), key=len, reverse=True)
    return re.compile(r"^\W*(?:" + "|".join(re.escape(a) for a in alts) + r")\b", re.I)


@functools.lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The compare lexicon (loaded once)."""
    data = lang.lexicon(LANG)["compare"]
    # words as written, not stems: "according" is a stopword, "accord" (an agreement) is not
    stop = {w.lower() for w in _split(data["stopwords"])}
    synonyms: dict[str, str] = {}
    for key, members in data["synonyms"].items():
        for m in [key, *members]:
            m = str(m).lower()
            synonyms.setdefault(m, key)
            synonyms.setdefault(stem(m), key)
    return Lexicon(
        stopwords=frozenset(stop),
        response=frozenset(stem(w.lower()) for w in _split(data["response_nouns"])) | frozenset(_split(data["response_nouns"])),
        evaluative=frozenset(stem(w.lower()) for w in _split(data["evaluative"])),
        synonyms=synonyms,
        contrast=_alternation(data["contrast_markers"]),
        contrast_insert=re.compile(
            r",\s*(?:" + "|".join(re.escape(a.strip()) for a in data["contrast_inserts"].split("|") if a.strip())
            + r")\s*,", re.I),
        time_shift=_alternation(data["time_shifts"]),
        same_day=_alternation(data["same_day"]),
    )


@functools.lru_cache(maxsize=1)
def _countries() -> list[tuple[str, ...]]:
    """The name, capitals and demonyms of each country of argmap's table (`argmap.countries`)."""
    return [tuple(n for n in (c.name, *c.capitals, *c.demonyms) if n) for c in countries()]


def name_terms(names: Iterable[str]) -> frozenset[str]:
    """Terms to leave out because they only name a compared party.

    The capitalised words of the parties' names and aliases ("Government of Mali", "Bamako"), plus
    the capital and demonym of every country named in full ("Mali" -> "Bamako", "Malian").
    """
    lex = lexicon()
    caps: set[str] = set()
    texts = list(names)
    for name in texts:
        caps.update(w for w in words(name) if w[:1].isupper())
    joined = " \n ".join(texts)
    for row in _countries():
        if any(re.search(r"(?<!\w)" + re.escape(n) + r"(?!\w)", joined) for n in row):
            caps.update(w for n in row for w in words(n))
    out = set()
    for w in caps:
        k = lex.key(w)
        if k:
            out.add(k)
    return frozenset(out)


def name_phrases(names: Iterable[str]) -> list[str]:
    """The phrases that name a compared party in a text: its names and aliases as written, and the
    name, capitals and demonyms of every country they name in full ("Government of Mali" ->
    "Mali", "Bamako", "Malian"). Unlike `name_terms` (the words left out of topics), single
    capitalised words of a name ("Government", "Former", "Press") do not name the party."""
    texts = [" ".join(n.split()) for n in names]
    joined = " \n ".join(texts)
    out = {t for t in texts if len(t) >= 3}
    for row in _countries():
        if any(re.search(r"(?<!\w)" + re.escape(n) + r"(?!\w)", joined) for n in row):
            out.update(n for n in row if len(n) >= 3)
    return sorted(out)


@functools.lru_cache(maxsize=64)
def _phrase_pattern(phrases: tuple[str, ...]) -> re.Pattern | None:
    if not phrases:
        return None
    alts = sorted(phrases, key=lambda p: (-len(p), p))
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in alts) + r")(?!\w)")


def mentions(text: str, phrases: Iterable[str]) -> bool:
    """Does `text` name one of `phrases` (as whole words, as written; any run of spaces between words)?"""
    pattern = _phrase_pattern(tuple(sorted(set(phrases))))
    return pattern is not None and pattern.search(text) is not None


def search_strings(phrases: Iterable[str]) -> list[str] | None:
    """Lower-case ASCII strings such that a text that `mentions` one of `phrases` contains at least
    one of them: a superset test a database runs as a substring search (`Store.compare_slice`),
    exact once `mentions` checks what it found. None when a phrase has no ASCII word of 3 letters
    to look for (then every text must be read)."""
    out: set[str] = set()
    for p in phrases:
        # the database lower-cases ASCII only: look for an ASCII stretch, preferably a capitalised word
        # inside the phrase ("Malian" in "Several Malian officials"; the rarer, the fewer texts to read)
        runs = [(m.group().lower(), p[m.start()].isupper() and (m.start() == 0 or not p[m.start() - 1].isalnum()),
                 m.start() > 0) for m in re.finditer(r"[A-Za-z0-9]{3,}", p)]
        if not runs:
            return None
        out.add(max(runs, key=lambda r: (r[1] and r[2], r[1], len(r[0]), r[0]))[0])
    return sorted(out)


def terms(text: str, exclude: frozenset[str] = frozenset()) -> dict[str, str]:
    """Term -> surface words, for the words of `text` (stopwords and `exclude` left out).

    Two content words in a row also give a compound term ("armed groups" -> "arm group"): a
    compound is rarer than its words, so claims sharing one are more alike than claims sharing the
    words apart ("armed" in one place, "groups" in another).
    """
    lex = lexicon()
    out: dict[str, str] = {}
    prev: tuple[str, str, int] | None = None  # (term, word, end offset)
    for w, start, end in lang.iter_tokens(text, LANG):
        k = lex.key(w) if "-" not in w else None
        if k is None and "-" in w:
            for part in w.split("-"):
                pk = lex.key(part)
                if pk and pk not in exclude:
                    out.setdefault(pk, part)
            prev = None
            continue
        if not k or k in exclude:
            prev = None
            continue
        out.setdefault(k, w)
        if prev is not None and not text[prev[2] : start].strip() and not prev[0][:1].isdigit():
            out.setdefault(f"{prev[0]} {k}", f"{prev[1]} {w}")
        prev = (k, w, end)
    return out


def is_generic_response(text: str, exclude: frozenset[str] = frozenset()) -> bool:
    """True when `text` only points back at what it answers ("these accusations", "the charges as
    'fallacious'"): made of response nouns, evaluative words, stopwords and party names."""
    lex = lexicon()
    has_response = False
    for w in words(text):
        low = w.lower()
        s = stem(low)
        if low in lex.response or s in lex.response:
            has_response = True
            continue
        if s in lex.evaluative or low in lex.stopwords or s in lex.stopwords:
            continue
        k = lex.key(w)
        if k is None or k in exclude:
            continue
        return False
    return has_response


class Vectors:
    """Weighted term vectors of a set of claims and the similarity between them.

    Similarity is the cosine of the single-word vectors (idf-weighted, content words weighing more
    than the rest of the sentence), plus a small bonus for each compound term ("armed groups") the
    two contents share. Compounds are kept out of the cosine so that they cannot dilute it.

    Args:
        parts: claim id -> (content text, context text): the content and the rest of its sentence.
        exclude: terms never counted (the parties' names).
    """

    def __init__(self, parts: dict[str, tuple[str, str]], exclude: frozenset[str]) -> None:
        self.surface: dict[str, Counter[str]] = {}
        raw: dict[str, dict[str, float]] = {}
        compounds: dict[str, set[str]] = {}
        df: Counter[str] = Counter()
        for cid, (content, context) in parts.items():
            vec: dict[str, float] = {}
            comp: set[str] = set()
            for k, w in terms(context, exclude).items():
                if " " not in k:
                    vec[k] = CONTEXT_WEIGHT
                    self.surface.setdefault(k, Counter())[w.lower()] += 1
            for k, w in terms(content, exclude).items():
                if " " in k:
                    comp.add(k)
                else:
                    vec[k] = 1.0
                self.surface.setdefault(k, Counter())[w.lower()] += 2
            raw[cid] = vec
            compounds[cid] = comp
            df.update(vec.keys())
            df.update(comp)
        # Normalised idf in [0.15, 1]: a term in every claim still counts a little.
        self.idf = lang.idf(df, len(parts), floor=0.15)
        self.vec = {cid: {k: w * self.idf[k] for k, w in v.items()} for cid, v in raw.items()}
        self.norm = {cid: math.sqrt(sum(x * x for x in v.values())) for cid, v in self.vec.items()}
        self.content = {cid: {k for k, w in v.items() if w >= 1.0} for cid, v in raw.items()}
        self.compounds = compounds
        self.index: dict[str, set[str]] = {}
        for cid, v in raw.items():
            for k in v:
                self.index.setdefault(k, set()).add(cid)

    def similarity(self, a: str, b: str) -> float:
        """Cosine similarity of two claims' word vectors plus the compound bonus, 0..1."""
        va, vb = self.vec.get(a, {}), self.vec.get(b, {})
        if not va or not vb:
            return 0.0
        if len(vb) < len(va):
            va, vb = vb, va
        dot = sum(w * vb[k] for k, w in va.items() if k in vb)
        cos = dot / (self.norm[a] * self.norm[b]) if dot else 0.0
        shared = self.compounds.get(a, set()) & self.compounds.get(b, set())
        bonus = min(COMPOUND_CAP, COMPOUND_BONUS * sum(self.idf[k] for k in shared))
        return min(1.0, cos + bonus)

    def shared(self, a: str, b: str, limit: int = 4) -> list[str]:
        """The terms two claims share, most telling first, as words a reader recognises."""
        va, vb = self.vec.get(a, {}), self.vec.get(b, {})
        common = sorted((k for k in va if k in vb), key=lambda k: (-(va[k] * vb[k]), k))
        comp = sorted(self.compounds.get(a, set()) & self.compounds.get(b, set()), key=lambda k: (-self.idf[k], k))
        out = [self.word(k) for k in comp[:2]]
        for k in common:
            w = self.word(k)
            if len(out) >= limit:
                break
            if not any(w in o.split() for o in out):
                out.append(w)
        return out[:limit]

    def word(self, key: str) -> str:
        """The most frequent surface form of a term (ties: alphabetical)."""
        counts = self.surface.get(key)
        if not counts:
            return key
        return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]

    def neighbours(self, cid: str, index: dict[str, set[str]] | None = None) -> set[str]:
        """Claims sharing at least one term with `cid` (the candidates worth comparing); with `index`
        (see `index_of`), only the claims of that index."""
        index = self.index if index is None else index
        out: set[str] = set()
        for k in self.vec.get(cid, {}):
            out |= index.get(k, set())
        out.discard(cid)
        return out

    def index_of(self, ids: Iterable[str]) -> dict[str, set[str]]:
        """Term -> the claims among `ids` holding it: `neighbours` among a few claims (the two
        parties') without walking the postings of every claim of the comparison."""
        out: dict[str, set[str]] = {}
        for cid in ids:
            for k in self.vec.get(cid, {}):
                out.setdefault(k, set()).add(cid)
        return out

    def top_terms(self, ids: Iterable[str], limit: int = 4) -> list[str]:
        """Words that best describe a group of claims: summed weight over the group, compounds
        preferred over the words inside them (never both)."""
        total: Counter[str] = Counter()
        ids = list(ids)
        for cid in ids:
            for k, w in self.vec.get(cid, {}).items():
                total[k] += w
        comp: Counter[str] = Counter()
        for cid in ids:
            for k in self.compounds.get(cid, set()):
                comp[k] += self.idf[k]
        picked: list[str] = []
        covered: set[str] = set()
        # a compound said by at least two claims of the group names it best ("armed groups")
        for k in sorted((k for k in comp if comp[k] >= 2 * 0.15 and sum(1 for c in ids if k in self.compounds.get(c, ())) >= 2),
                        key=lambda k: (-comp[k], k))[:2]:
            picked.append(self.word(k))
            covered.update(k.split())
        for k in sorted(total, key=lambda k: (-total[k], k)):
            if len(picked) >= limit:
                break
            if k in covered:
                continue
            picked.append(self.word(k))
            covered.add(k)
        return picked[:limit]
