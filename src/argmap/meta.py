"""Document metadata: one model for every source, their precedence, and the in-text finder.

This module owns how a document's title, publisher, publication date, URL and language are chosen
from the layers that may give them (issue #20), and the rules that read a date or a publisher from
the text itself (a date line under the headline, "Published ...", a dateline "WASHINGTON (Reuters)
-", a byline "By Ana Ruiz, Reuters", a closing credit "© Example News"). Precedence: an explicit
layer (front matter > batch line > sidecar > corpus manifest) beats the file's embedded metadata
(an HTML head, a PDF's document information), which beats the text. Every value chosen keeps its
provenance (`model.MetaSource`). It is pure: no file access (ingest reads the files and passes the
layers in); the words it looks for are language data (`argmap.lang.<code>/dates.tsv`, `metadata.txt`).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from . import lang as _lang
from .model import METADATA_FIELDS, MetaSource

#: Rank of each layer's source: the highest rank that gives a field wins it. `None` is metadata a
#: caller passed without saying where it came from (explicit, no provenance recorded); "default"
#: is a fallback such as "standard input" for a title (lowest, no provenance either).
RANK = {"front_matter": 40, "jsonl": 39, None: 38, "sidecar": 37, "manifest": 36, "page": 20, "pdf": 20, "default": 0}
#: How far into a document the finder looks for a date line, a dateline or a byline.
HEAD_LINES = 12
HEAD_CHARS = 3000
#: Years a found date may have (a "1066" in a headline is no publication date).
MIN_YEAR = 1900


@dataclass(frozen=True)
class Layer:
    """Metadata from one source, e.g. a sidecar file or a manifest row.

    Attributes:
        source: a `MetaSource.source` name, None (explicit, unrecorded) or "default" (a fallback).
        values: title, publisher, published (or date), url, language; empty values are ignored.
        file: the file it was read from (manifest, sidecar, batch), for the provenance.
        line: its line in that file (manifest row, batch line).
        keys: for a page: the metadata key that gave each field ("og:title").
    """

    source: str | None
    values: Mapping[str, object]
    file: str | None = None
    line: int | None = None
    keys: Mapping[str, str] = field(default_factory=dict)

    def get(self, name: str) -> object:
        if name == "published":
            value = self.values.get("published")
            return value if value not in (None, "") else self.values.get("date")
        return self.values.get(name)

    def where(self, name: str) -> MetaSource | None:
        if self.source in (None, "default"):
            return None
        return MetaSource(source=self.source, file=self.file, line=self.line, rule=self.keys.get(name))


@dataclass(frozen=True)
class Found:
    """A value the finder read from the text: where (1-based line, [start, end) offsets) and by which rule."""

    value: object
    line: int
    span: tuple[int, int]
    rule: str

    def where(self) -> MetaSource:
        return MetaSource(source="text", line=self.line, span=self.span, rule=self.rule)


def choose(layers: Sequence[Layer]) -> dict[str, tuple[object, MetaSource | None]]:
    """The winning value of each metadata field, with its provenance (None: not recorded).

    Layers are ranked by `RANK`; among layers of one rank the later one wins (as in `{**a, **b}`).
    Empty values (None, "") never win.
    """
    ordered = sorted(enumerate(layers), key=lambda il: (RANK.get(il[1].source, 0), il[0]), reverse=True)
    out: dict[str, tuple[object, MetaSource | None]] = {}
    for name in METADATA_FIELDS:
        for _, layer in ordered:
            value = layer.get(name)
            if value not in (None, ""):
                out[name] = (value, layer.where(name))
                break
    return out


# -- languages -------------------------------------------------------------------------------------
_TAG = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*")


def language_tag(value: object) -> str:
    """A language tag as stored ('en', 'en-GB'), if argmap has data for its language.

    Raises:
        ValueError: not a tag, or a language argmap cannot read (the message names the ones it can).
    """
    text = str(value).strip()
    if not _TAG.fullmatch(text):
        raise ValueError(f"language {text!r} is not a language tag such as 'en' or 'en-GB'")
    primary, *rest = re.split(r"[-_]", text)
    primary = primary.lower()
    known = _lang.languages()
    if primary not in known:
        raise ValueError(f"language {text!r} is not supported (argmap has language data for: {', '.join(known)})")
    return "-".join([primary, *(part.upper() if len(part) == 2 else part for part in rest)])


# -- dates in the text -----------------------------------------------------------------------------
@dataclass(frozen=True)
class _Patterns:
    date: re.Pattern
    months: Mapping[str, int]
    words: _lang.WordSets


def _alternation(forms) -> str:
    return "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in sorted(forms, key=len, reverse=True))


@functools.lru_cache(maxsize=8)
def _patterns(lang: str) -> _Patterns:
    table = _lang.dates(lang)
    months, weekdays = _alternation(table.months), _alternation(table.weekdays)
    spec = _lang.lexicon(lang).get("dates") or {}  # ordinal endings, "6 of April": the language's
    ordinals, of = _alternation(spec.get("ordinals") or ()), _alternation(spec.get("day_of") or ())
    day = r"(?:[12][0-9]|3[01]|0?[1-9])" + (rf"(?:{ordinals})?" if ordinals else "")
    year = r"(?:1[89][0-9]{2}|2[0-9]{3})"
    forms = [r"(?P<iso>(?P<iy>[12][0-9]{3})-(?P<im>[01][0-9])-(?P<id>[0-3][0-9]))(?![0-9])"]
    if months:
        forms += [
            rf"(?P<m1>{months})\.?\s+(?P<d1>{day}),?\s+(?P<y1>{year})",  # September 1, 2015 / Sept. 1 2015
            rf"(?P<d2>{day})\s+" + (rf"(?:(?:{of})\s+)?" if of else "") + rf"(?P<m2>{months})\.?,?\s+(?P<y2>{year})",  # 1 September 2015
        ]
    weekday = rf"(?:(?P<wd>{weekdays})\.?,?\s+)?" if weekdays else ""
    date = re.compile(rf"(?<![\w-]){weekday}(?:{'|'.join(forms)})(?![\w-])", re.IGNORECASE)
    return _Patterns(date, table.months, _lang.metadata_words(lang))


def _date_of(m: re.Match, months: Mapping[str, int]) -> dt.date | None:
    """The calendar date of a match (None for an impossible one: 30 February, the year 1066)."""
    try:
        if m.group("iso"):
            got = dt.date(int(m.group("iy")), int(m.group("im")), int(m.group("id")))
        else:
            n = "1" if m.group("m1") else "2"
            month = months[" ".join(m.group(f"m{n}").lower().split())]
            got = dt.date(int(m.group(f"y{n}")), month, int(re.match(r"\d+", m.group(f"d{n}")).group()))
    except (ValueError, KeyError):
        return None
    return got if got.year >= MIN_YEAR else None


def head(text: str, lines: int = HEAD_LINES, chars: int = HEAD_CHARS) -> Iterator[tuple[int, int, str]]:
    """The first non-empty lines of `text` as (1-based line number, start offset, line), within `chars`."""
    start, seen = 0, 0
    for number, line in enumerate(text[:chars].split("\n"), start=1):
        if line.strip():
            yield number, start, line
            seen += 1
            if seen >= lines:
                return
        start += len(line) + 1


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W\d_](?:[\w.'’&-]*\w\.?)?|[©@]|\(c\)", text.lower())


def _starts_with(words: list[str], entries) -> int:
    """How many of `words` a multiword entry of `entries` covers at the start (0: none)."""
    best = 0
    for entry in entries:
        parts = entry.split()
        if words[: len(parts)] == parts:
            best = max(best, len(parts))
    return best


@functools.lru_cache(maxsize=8)
def _time_pattern(suffixes: frozenset[str]) -> re.Pattern:
    """A clock time: "10:32", "10.32", "10h32", or an hour with one of the language's `time_suffixes` ("5 pm")."""
    hour = rf"|\b\d{{1,2}}\s*(?:{_alternation(suffixes)})(?![\w])" if suffixes else ""
    return re.compile(r"\b\d{1,2}[:.h]\d{2}(?::\d{2})?\b" + hour, re.IGNORECASE)


def _only_date(rest: str, words: _lang.WordSets) -> bool:
    """Is what a line holds besides its date only filler (times, time zones, "at", punctuation)?"""
    rest = _time_pattern(words.get("time_suffixes", frozenset())).sub(" ", rest)
    return all(w.rstrip(".") in words["date_fillers"] or w in words["date_fillers"] for w in _words(rest)) \
        and not re.search(r"\d", rest)


#: Rules of the date finder, best first (a line of an earlier rule wins over one of a later rule).
DATE_RULES = ("date.published", "date.line", "date.line_start", "date.line_end", "date.byline", "date.dateline")
_DATELINE = re.compile(r"^\s*(?P<place>[A-Z][A-Z.'’ -]{1,40}[A-Z.])\s*,\s*(?P<rest>[^()]{4,40}?)\s*\((?P<agency>[^()]{2,40})\)\s*[-–—:]")


def _date_candidates(number: int, start: int, line: str, p: _Patterns) -> Iterator[tuple[str, Found]]:
    lowered = _words(line)
    ws = p.words
    if _starts_with(lowered, ws["updated_labels"]):
        return  # "Updated: 3 May 2015" is a revision date
    matches = [m for m in p.date.finditer(line) if _date_of(m, p.months)]
    if not matches:
        return

    def found(rule: str, m: re.Match) -> tuple[str, Found]:
        return rule, Found(_date_of(m, p.months), number, (start + m.start(), start + m.end()), rule)

    if _starts_with(lowered, ws["published_labels"]):
        yield found("date.published", matches[0])
        return
    first, last = matches[0], matches[-1]
    if _only_date(line[: first.start()] + " " + line[first.end():], ws):
        yield found("date.line", first)
        return
    if first.group("wd") and not line[: first.start()].strip():
        yield found("date.line_start", first)  # "Thursday, March 15, 2012 Wikinews interviewed ..."
    elif last.group("wd") and not re.search(r"\w", line[last.end():]):
        yield found("date.line_end", last)  # a headline run into its date line: "... ants Tuesday, September 1, 2015"
    elif _starts_with(lowered, ws["byline_marks"]):
        yield found("date.byline", first)  # "By Ana Ruiz, Reuters | September 3, 2015"
    else:
        dl = _DATELINE.match(line)
        if dl and first.start() >= dl.start("rest") and first.end() <= dl.end("rest"):
            yield found("date.dateline", first)  # "LONDON, Sept. 3, 2015 (Reuters) -"


def find_date(text: str, lang: str = "en") -> Found | None:
    """The publication date a document's text gives near its top, or None.

    Notes:
        Handled, in this order of trust: a line opening with a publication label ("Published:
        3 September 2015", "Posted on Sept. 3, 2015 10:32 AM ET"); a line that is a date and nothing
        else ("Tuesday, September 22, 2015"); a date with its weekday opening a line or closing the
        headline it was run into ("... ants Tuesday, September 1, 2015"); a byline holding a date; a
        dateline with a year ("LONDON, Sept. 3, 2015 (Reuters) -"). Only the first `HEAD_LINES`
        non-empty lines are read, so the dates of a "Sources" list or a caption further down never
        count; "Updated ..." lines are revisions and are passed over. Dates are month-name dates in
        both orders and ISO dates; all-number dates (01/09/2015) are ambiguous and never read.
        Known misses: a date without a year ("Sept 3 (Reuters)"), relative dates ("yesterday"), a
        sentence's date ("on Tuesday, Sept. 1, 2015, the ministry said"), which is not a date line.
    """
    p = _patterns(lang)
    best: tuple[int, Found] | None = None
    for number, start, line in head(text):
        for rule, got in _date_candidates(number, start, line, p):
            rank = DATE_RULES.index(rule)
            if best is None or rank < best[0]:
                best = (rank, got)
    return best[1] if best else None


# -- publishers in the text ------------------------------------------------------------------------
@functools.lru_cache(maxsize=8)
def _byline_split(joiners: frozenset[str]) -> re.Pattern:
    """Where a byline splits: commas, bars, slashes, spaced dashes and the language's `byline_joiners` ("for")."""
    words = rf"|\b(?:{_alternation(joiners)})\b" if joiners else ""
    return re.compile(r"\s*(?:,|\||/|\s[-–—]\s" + words + r")\s*")


def _outlet(candidate: str, ws: _lang.WordSets) -> str | None:
    """`candidate` if it names an agency or an outlet (its role words stripped), else None."""
    words = candidate.split()
    while words and words[-1].lower().strip(".") in ws["byline_roles"]:
        words.pop()  # "Associated Press Writer" -> "Associated Press"
    name = " ".join(words).strip(" .;:")
    low = " ".join(_words(name))
    if not name or not name[0].isupper() or len(name) > 80 or re.search(r"\d{3}", name):
        return None
    if low in ws["agencies"] or any(w in ws["outlet_words"] for w in low.split()):
        return name
    return None


def _credit(text: str, ws: _lang.WordSets) -> Found | None:
    """A closing credit line ("© Example News", "@International Crisis Group (ICG)")."""
    stripped = text.rstrip()
    start = stripped.rfind("\n") + 1
    raw = stripped[start:]
    last = raw.strip()
    marks = _alternation(ws["credit_marks"])
    m = re.match(rf"^(?:{marks})\s*(?:\d{{4}}\s+)?(?P<name>.{{2,80}})$", last, re.IGNORECASE) if marks else None
    if not m:
        return None
    offset = start + (len(raw) - len(raw.lstrip()))
    name = m.group("name").strip()
    s = offset + m.start("name")
    return Found(name, text.count("\n", 0, start) + 1, (s, s + len(name)), "publisher.credit")


def find_publisher(text: str, lang: str = "en") -> Found | None:
    """The publisher a document's text names, or None.

    Notes:
        Handled, in this order: a closing credit line ("© Example News"); the agency of a dateline
        ("WASHINGTON (Reuters) -", "BAMAKO, May 3 (AFP) —"; any name in parentheses after a place
        in capitals, else a known agency); the outlet at the end of a byline ("By Ana Ruiz,
        Reuters", "By Ana Ruiz | The Daily Courier", "By JOHN SMITH, Associated Press Writer").
        Outlets are recognised by the agencies and outlet words of `metadata.txt`. Known misses: a
        byline naming a person only ("By Ana Ruiz"), an outlet named only in the running text.
    """
    ws = _lang.metadata_words(lang)
    credit = _credit(text, ws)
    if credit:
        return credit
    byline: Found | None = None
    for number, start, line in head(text):
        m = re.match(r"^\s*(?P<place>[A-Z][A-Za-z.'’ -]{1,40}?)\s*(?:,\s*[^()]{1,40}?)?\s*\((?P<agency>[^()]{2,40})\)\s*[-–—:]", line)
        if m:
            agency = m.group("agency").strip()
            caps = m.group("place").upper() == m.group("place")
            if (caps and agency[:1].isupper()) or _outlet(agency, ws):
                s = start + m.start("agency")
                return Found(agency, number, (s, s + len(agency)), "publisher.dateline")
        words = _words(line)
        mark = _starts_with(words, ws["byline_marks"])
        if mark and byline is None and len(line) <= 200:
            parts = [part for part in _byline_split(ws.get("byline_joiners", frozenset())).split(line.strip()) if part]
            for part in parts[1:] or parts:
                candidate = part if part is not parts[0] else " ".join(part.split()[mark:])
                name = _outlet(candidate, ws)
                if name and not re.search(r"\d", name):
                    s = start + line.find(name)
                    byline = Found(name, number, (s, s + len(name)), "publisher.byline")
                    break
    return byline


def from_text(text: str, lang: str = "en", *, date: bool = True, publisher: bool = True) -> dict[str, Found]:
    """What the text itself gives: {"published": Found, "publisher": Found} (either may be absent)."""
    out: dict[str, Found] = {}
    if date and (got := find_date(text, lang)):
        out["published"] = got
    if publisher and (got := find_publisher(text, lang)):
        out["publisher"] = got
    return out
