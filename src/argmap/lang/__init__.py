"""Language data and the words of a language: one package per language (`argmap.lang.en`, `.fr`).

A language is a folder, `argmap/lang/<code>/` (ISO 639-1 code), holding data files only:

* `__init__.py` — marks the folder as package data (no code);
* `words.txt` (required) — the named word sets the rules, the pre-filter and the actor resolver use
  (`[section]` headers, whitespace-separated words, `_` for a space inside an entry);
* `cues.tsv` — the cue lexicon (verbs, nouns, adjectives, phrases, view nouns, hedges), parsed by
  `argmap.extract.lexicon`; `speakers.txt` — nouns that can head a speaker mention;
* `lexicon.yaml` (optional) — `stemmer:` (a Snowball algorithm name), `tokens:` (`possessives`,
  `elided`), `dates:` (month case, ordinals, weekday openers, relative days), `link:` (the
  linker's word lists), `compare:` (the comparison's); read by `lexicon(lang)`;
* `dates.tsv` (optional) — month and weekday names; `metadata.txt` (optional, the `words.txt`
  format) — what the in-text metadata finder (`argmap.meta`) reads;
* `first_names.tsv` (optional) — first names and the gender they mostly go with, with its source;
* `countries.tsv`, `mentions.tsv` (optional) — the language's country names and source mentions
  (`argmap.extract.mentions`).

The interface: `languages()`, `folder()`, `words()`, `lexicon()`, `dates()`, `metadata_words()`,
`first_names()`; `tokens()` / `iter_tokens()` / `fold()` (one tokenizer), `stem()` / `stemmer()`
(Snowball), `idf()` (argmap.lang.text); `calendar.patterns()` (dates); `detect()` /
`detectable()` (argmap.lang.detect); `register()` / `unregister()` a folder kept elsewhere, and
`clear_caches()`. Code never spells a word of a language in a Python set: it asks `words(lang)` or
`lexicon(lang)` for a list by name. docs/languages.md says how to add a language.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from importlib import resources
from importlib.abc import Traversable

_SECTION = re.compile(r"^\[([a-z_][a-z0-9_]*)\]$")


_CODE = re.compile(r"[a-z]{2,3}")
#: language folders registered from outside the package (`register`), code -> folder
_REGISTERED: dict[str, Traversable] = {}


def _is_language_folder(path: Traversable) -> bool:
    return path.is_dir() and path.joinpath("words.txt").is_file()


def folder(lang: str) -> Traversable:
    """The data folder of language `lang` (a registered folder first, else `argmap/lang/<lang>/`).

    Raises:
        ValueError: no such language package.
    """
    if not _CODE.fullmatch(lang or ""):
        raise ValueError(f"not a language code: {lang!r}")
    if lang in _REGISTERED:
        return _REGISTERED[lang]
    base = resources.files("argmap.lang").joinpath(lang)
    if not _is_language_folder(base):
        raise ValueError(f"no language data for {lang!r} (argmap.lang.{lang})")
    return base


def register(lang: str, path: Traversable | str) -> None:
    """Make the language folder `path` language `lang`, as if it were `argmap/lang/<lang>/`.

    For a language kept outside argmap (a plug-in, a test's stub). Every cached table of the
    language package is dropped, so the next `words`, `stemmer`, `lexicon`, `languages` call sees it.

    Raises:
        ValueError: a bad code, or a folder without `words.txt`.
    """
    from pathlib import Path

    folder_ = Path(path) if isinstance(path, str) else path
    if not _CODE.fullmatch(lang or ""):
        raise ValueError(f"not a language code: {lang!r}")
    if not _is_language_folder(folder_):
        raise ValueError(f"{folder_}: a language folder needs at least a words.txt")
    _REGISTERED[lang] = folder_
    clear_caches()


def unregister(lang: str) -> None:
    """Forget a language `register`ed before (no error when it was not)."""
    _REGISTERED.pop(lang, None)
    clear_caches()


#: the cached loaders of the language package (`clear_caches` empties them)
_CACHED: list = []


def _cached(fn):
    """`functools.lru_cache`, remembered so that `register` can empty it."""
    wrapped = functools.lru_cache(maxsize=16)(fn)
    _CACHED.append(wrapped)
    return wrapped


def clear_caches() -> None:
    """Empty every cached table of every language (after `register`, or a test that edits data)."""
    for fn in _CACHED:
        fn.cache_clear()


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


@_cached
def words(lang: str = "en") -> WordSets:
    """The word sets of language `lang` (cached)."""
    return parse_words(folder(lang).joinpath("words.txt").read_text(encoding="utf-8"), origin=f"argmap.lang.{lang}/words.txt")


@_cached
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


class DateWords:
    """Month and weekday names of one language (`dates.tsv`): `months["sept"] == 9`, `weekdays["tue"] == 2`."""

    def __init__(self, months: Mapping[str, int], weekdays: Mapping[str, int]):
        self.months = dict(months)
        self.weekdays = dict(weekdays)


def parse_dates(text: str, origin: str = "<dates>") -> DateWords:
    """Parse the `dates.tsv` format (kind, number, forms; tab-separated; `#` comments).

    Raises:
        ValueError: an unknown kind, a bad number, or a form given twice.
    """
    tables: dict[str, dict[str, int]] = {"month": {}, "weekday": {}}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        kind, value, *forms = (cell.strip() for cell in line.split("\t"))
        if kind not in tables or not value.isdigit() or not forms:
            raise ValueError(f"{origin}:{number}: expected 'month|weekday<TAB>number<TAB>form...'")
        for form in forms:
            if form.lower() in tables[kind]:
                raise ValueError(f"{origin}:{number}: {kind} {form!r} given twice")
            tables[kind][form.lower()] = int(value)
    return DateWords(tables["month"], tables["weekday"])


@_cached
def dates(lang: str = "en") -> DateWords:
    """Month and weekday names of language `lang` (cached; empty tables when the package has none)."""
    path = folder(lang).joinpath("dates.tsv")
    if not path.is_file():
        return DateWords({}, {})
    return parse_dates(path.read_text(encoding="utf-8"), origin=f"argmap.lang.{lang}/dates.tsv")


@_cached
def metadata_words(lang: str = "en") -> WordSets:
    """The word sets of the metadata finder for language `lang` (`metadata.txt`; cached, empty when absent)."""
    path = folder(lang).joinpath("metadata.txt")
    if not path.is_file():
        return WordSets({}, origin=f"argmap.lang.{lang}/metadata.txt")
    return parse_words(path.read_text(encoding="utf-8"), origin=f"argmap.lang.{lang}/metadata.txt")


@_cached
def lexicon(lang: str = "en") -> dict:
    """The parsed `lexicon.yaml` of language `lang` (cached; empty when the package has none).

    Top-level keys: `stemmer` (a Snowball algorithm name), `tokens` (`possessives`, `elided`),
    `link` (the linker's word lists, `argmap.linking.lexicon`), `compare` (the comparison's,
    `argmap.compare.terms`). Callers must not edit the returned mapping.

    Raises:
        ValueError: the file is not a YAML mapping.
    """
    import yaml

    path = folder(lang).joinpath("lexicon.yaml")
    if not path.is_file():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise ValueError(f"argmap.lang.{lang}/lexicon.yaml: expected a mapping of sections")
    _no_booleans(data, f"argmap.lang.{lang}/lexicon.yaml")
    return data


def _no_booleans(value, where: str) -> None:
    """Refuse a YAML boolean among words: YAML reads a bare on, off, no, yes, true, false as one, and
    the word would silently become 'True' (the linker lost 'on' and 'off' that way)."""
    if isinstance(value, bool):
        raise ValueError(f"{where}: a bare YAML boolean ({value}) where a word belongs; "
                         "quote on, off, no, yes, true and false")
    if isinstance(value, dict):
        for key, item in value.items():
            _no_booleans(key, f"{where}: {key}")
            _no_booleans(item, f"{where}: {key}")
    elif isinstance(value, list):
        for item in value:
            _no_booleans(item, where)


def languages() -> list[str]:
    """The language codes argmap has data for (`argmap.lang.<code>` packages and `register`ed folders)."""
    base = resources.files("argmap.lang")
    found = {p.name for p in base.iterdir() if _CODE.fullmatch(p.name) and _is_language_folder(p)}
    return sorted(found | set(_REGISTERED))


from .detect import detect, detectable  # noqa: E402  (detect asks languages() above)
from .text import fold, idf, iter_tokens, stem, stemmer, token_rules, tokens  # noqa: E402

_CACHED += [stemmer, token_rules]
