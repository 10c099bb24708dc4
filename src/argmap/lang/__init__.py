"""Language data: one package per language (`argmap.lang.en`), data files only.

Each language package holds

* `cues.tsv` — the cue lexicon (verbs, nouns, adjectives, phrases, view nouns, hedges), parsed by
  `argmap.extract.lexicon`;
* `speakers.txt` — nouns that can head a speaker mention;
* `words.txt` — the named word sets the rules, the pre-filter and the actor resolver use
  (`[section]` headers, whitespace-separated words, `_` for a space inside an entry);
* `first_names.tsv` (optional) — first names and the gender they mostly go with, with its source,
  for pronoun agreement in the actor resolver.

Code never spells a word of a language in a Python set: it asks `words(lang)` for a set by name.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from importlib import resources
from importlib.abc import Traversable

_SECTION = re.compile(r"^\[([a-z_][a-z0-9_]*)\]$")


def folder(lang: str) -> Traversable:
    """The data folder of language `lang`.

    Raises:
        ValueError: no such language package.
    """
    if not re.fullmatch(r"[a-z]{2,3}", lang or ""):
        raise ValueError(f"not a language code: {lang!r}")
    base = resources.files("argmap.lang").joinpath(lang)
    if not base.joinpath("words.txt").is_file():
        raise ValueError(f"no language data for {lang!r} (argmap.lang.{lang})")
    return base


class WordSets(Mapping[str, frozenset[str]]):
    """Named word sets of one language; `ws.pronouns` or `ws["pronouns"]`.

    Asking for a set the file does not have raises `KeyError` / `AttributeError` with its name,
    so a typo in a rule fails at once instead of matching nothing.
    """

    def __init__(self, sets: Mapping[str, frozenset[str]], origin: str = "<words>"):
        self._sets = dict(sets)
        self.origin = origin
        # plain attributes, so a rule asking for a set in its loop costs a dict lookup, not a call
        for name, words in self._sets.items():
            if name.isidentifier() and not hasattr(type(self), name) and name != "origin":
                self.__dict__[name] = words

    def __getitem__(self, name: str) -> frozenset[str]:
        try:
            return self._sets[name]
        except KeyError:
            raise KeyError(f"{self.origin}: no word set [{name}]") from None

    def __getattr__(self, name: str) -> frozenset[str]:
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            return self._sets[name]
        except KeyError:
            raise AttributeError(f"{self.origin}: no word set [{name}]") from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._sets)

    def __len__(self) -> int:
        return len(self._sets)


def parse_words(text: str, origin: str = "<words>") -> WordSets:
    """Parse the `words.txt` format.

    Raises:
        ValueError: words before the first section, or a section given twice.
    """
    sets: dict[str, set[str]] = {}
    current: str | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        m = _SECTION.match(line)
        if m:
            current = m.group(1)
            if current in sets:
                raise ValueError(f"{origin}:{number}: section [{current}] given twice")
            sets[current] = set()
            continue
        if current is None:
            raise ValueError(f"{origin}:{number}: words before the first [section]")
        sets[current].update(w.replace("_", " ") for w in line.split())
    return WordSets({k: frozenset(v) for k, v in sets.items()}, origin)


@functools.lru_cache(maxsize=8)
def words(lang: str = "en") -> WordSets:
    """The word sets of language `lang` (cached)."""
    return parse_words(folder(lang).joinpath("words.txt").read_text(encoding="utf-8"), origin=f"argmap.lang.{lang}/words.txt")


@functools.lru_cache(maxsize=8)
def first_names(lang: str = "en") -> dict[str, str]:
    """Lower-case first name -> "f" or "m" for language `lang` (empty when the package has no table)."""
    path = folder(lang).joinpath("first_names.tsv")
    if not path.is_file():
        return {}
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, _, gender = line.partition("\t")
        if gender.strip() in {"f", "m"}:
            out[name.strip().lower()] = gender.strip()
    return out
