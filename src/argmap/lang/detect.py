"""Language identification: which of argmap's languages a text is written in (pure, deterministic).

Owns `detect(text)`, a thin layer over py3langid (BSD-3-Clause; a naive Bayes model over byte
n-grams, Lui & Baldwin's langid.py) restricted to the languages argmap has a package for
(`argmap.lang.languages()`), so a French paragraph is never called Catalan. Chosen on short news
paragraphs against lingua and langdetect (`bench/langid_bench.py`, `docs/languages.md`). No file
I/O beyond the library loading its packaged model once per language set.
"""

from __future__ import annotations

import copy
import functools
import re
from collections.abc import Iterable

#: Fewer letters than this is too little to tell (a dateline, "Yes.", an empty paragraph): `default`.
MIN_LETTERS = 12
#: Fewer words than this is too little to tell, whatever the letters: `default`.
MIN_WORDS = 3
#: Below this probability (among our languages) the guess is a coin toss: `default`. On the bench's
#: 4-word prefixes every wrong guess was under 0.71 ("No, no, no. Just" -> fr 0.52).
MIN_CONFIDENCE = 0.75
#: Only the first characters are read: a document does not change language halfway, and the cost
#: stays flat on long texts.
MAX_CHARS = 3000

_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)


@functools.lru_cache(maxsize=1)
def _model():
    """py3langid's packaged model, all languages (read once: ~0.5 s)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


@functools.lru_cache(maxsize=8)
def _identifier(langs: tuple[str, ...]):
    """The model restricted to `langs` (a shallow copy: `set_languages` slices, never edits, the arrays)."""
    identifier = copy.copy(_model())
    identifier.set_languages(list(langs))
    return identifier


@functools.lru_cache(maxsize=1)
def _known() -> frozenset[str]:
    """The language codes the detector's model knows."""
    return frozenset(_model().labels)


def detectable(languages: Iterable[str] | None = None) -> tuple[str, ...]:
    """The languages `detect` chooses among: argmap's (or `languages`) that the model knows, sorted."""
    from . import languages as argmap_languages

    wanted = argmap_languages() if languages is None else languages
    return tuple(sorted(set(wanted) & _known()))


def detect(text: str, *, default: str = "en", languages: Iterable[str] | None = None) -> str:
    """The language of `text` among argmap's languages, or `default` when it cannot tell.

    Args:
        text: any text; only its first `MAX_CHARS` characters are read.
        default: returned for a short or empty text (under `MIN_WORDS` words or `MIN_LETTERS`
            letters), an uncertain guess (under `MIN_CONFIDENCE`), or when fewer than two
            languages are there to choose from.
        languages: the candidates (default: every `argmap.lang` package the model knows).

    Returns:
        An ISO 639-1 code such as "en" or "fr". The same text always gives the same answer.
    """
    candidates = detectable(languages)
    if len(candidates) < 2:
        return default
    head = (text or "")[:MAX_CHARS]
    if len(head.split()) < MIN_WORDS or len(_LETTER.findall(head)) < MIN_LETTERS:
        return default
    lang, confidence = _identifier(candidates).classify(head)
    return lang if confidence >= MIN_CONFIDENCE else default
