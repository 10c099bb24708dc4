"""The linker's stemmer: English Snowball through the language package (`argmap.lang.stem`).

Kept so that `from argmap.linking.stem import stem` still works; the stemmer itself lives in
`argmap.lang.text` (one stemmer for the linker and the comparison, issue #22).
"""

from __future__ import annotations

from ..lang import stem as _lang_stem


def stem(word: str, lang: str = "en") -> str:
    """Snowball stem of a lower-case word ('accusations' -> 'accus', 'negotiated' -> 'negoti')."""
    return _lang_stem(word, lang)
