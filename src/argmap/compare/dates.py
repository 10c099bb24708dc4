"""When a claim was made: a date stated near it in the text, else its document's publication date.

This module owns the reading of dates in running text for the comparison timeline: "On 6 April",
"April 6, 2025", "on Sunday" (the last such weekday up to the publication date), "the next day".
A date counts as the date of the *statement* only when it stands outside the claim's content (in
"On 6 April, Bamako said the drone had crashed on 1 April" the statement is of 6 April); a sentence
without one takes the date of an earlier sentence of its paragraph unless an opener such as
"Subsequently" moves the story on. Day-month dates take the document's year (the year before when
that would put them after publication). The words are the language's (`argmap.lang`: month and
weekday names in `dates.tsv`, openers, ordinals and relative days in the `dates:` section of
`lexicon.yaml`); `dateparser` was measured and not used (docs/languages.md). Pure: text and dates
in, dates out.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from argmap import lang
from argmap.lang.calendar import patterns
from argmap.model import Claim, Document

from .terms import lexicon



def language_of(doc: Document | None) -> str:
    """The argmap language of a document (its `language` tag, "fr-FR" -> "fr"); English when unknown."""
    tag = (doc.language or "").split("-")[0].lower() if doc is not None else ""
    return tag if tag and tag in lang.languages() else "en"


_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9])")


@dataclass(frozen=True)
class Mention:
    """A date expression found in a text: where, what it says, and the day it names if it can."""

    start: int
    end: int
    text: str
    date: dt.date | None  # None when the year is unknown (undated document, no year written)
    month_day: tuple[int, int] | None = None
    shift: int | None = None  # relative mentions: days from the date in force ("the next day" = +1)


@dataclass(frozen=True)
class ClaimDate:
    """The date a claim was stated, and where it comes from."""

    date: dt.date | None
    month_day: tuple[int, int] | None
    text: str  # the words in the document ("On 6 April"), or "" for the publication date
    source: str  # "sentence", "paragraph", "document" or "none"

    @property
    def label(self) -> str:
        if self.date is not None:
            return f"{self.date.day} {self.date.strftime('%B')} {self.date.year}"
        if self.month_day is not None:
            month, day = self.month_day
            return f"{day} {dt.date(2000, month, 1).strftime('%B')} (year not stated)"
        return "undated"

    def sort_key(self, doc_date: dt.date | None) -> tuple:
        """Dated claims by day, then claims with a day-month but no year, then undated ones."""
        if self.date is not None:
            return (0, self.date.toordinal(), 0, 0)
        if self.month_day is not None:
            return (1, 0, *self.month_day)
        return (2, doc_date.toordinal() if doc_date else 0, 0, 0)


def _year_for(month: int, day: int, published: dt.date | None) -> dt.date | None:
    if published is None:
        return None
    try:
        d = dt.date(published.year, month, day)
        if d > published + dt.timedelta(days=1):  # "On 30 December" in a January article
            d = dt.date(published.year - 1, month, day)
    except ValueError:
        return None
    return d


def mentions(text: str, published: dt.date | None, lang_code: str = "en") -> list[Mention]:
    """Every date expression in `text`, in order. Days without a year take `published`'s year."""
    p = patterns(lang_code)
    out: list[Mention] = []
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    for start, end, day, month, year, _ in p.day_months(text):
        try:
            date = dt.date(year, month, day) if year else _year_for(month, day, published)
        except ValueError:
            continue
        out.append(Mention(start, end, text[start:end], date, (month, day)))
        taken.append((start, end))
    if published is not None and p.weekday is not None:
        for m in p.weekday.finditer(text):
            if not free(m.start(), m.end()):
                continue
            back = (published.weekday() - p.weekdays[m.group(1).lower()]) % 7
            if m.group().split()[0].lower() in p.weekday_past and back == 0:
                back = 7
            date = published - dt.timedelta(days=back)
            out.append(Mention(m.start(), m.end(), m.group(), date, (date.month, date.day)))
            taken.append((m.start(), m.end()))
    for m in p.relative.finditer(text) if p.relative is not None else ():
        if not free(m.start(), m.end()):
            continue
        word = " ".join(m.group("word").lower().split())
        if word in p.published_days:
            days = p.published_days[word]
            date = published + dt.timedelta(days=days) if published else None
            out.append(Mention(m.start(), m.end(), m.group(), date, None, None if published else days))
        else:
            out.append(Mention(m.start(), m.end(), m.group(), None, None, p.shifts[word]))
    return sorted(out, key=lambda x: x.start)


def sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Rough sentence bounds inside text[start:end] (for carrying dates; claims have their own)."""
    bounds = []
    pos = start
    for m in _SENTENCE_END.finditer(text, start, end):
        bounds.append((pos, m.start()))
        pos = m.end()
    if pos < end:
        bounds.append((pos, end))
    return bounds


def _shifted(base: ClaimDate, days: int, text: str, source: str) -> ClaimDate:
    if base.date is not None:
        d = base.date + dt.timedelta(days=days)
        return ClaimDate(d, (d.month, d.day), text, source)
    if base.month_day is not None:
        d = dt.date(2001, *base.month_day) + dt.timedelta(days=days)  # 2001: not a leap year, rarely matters
        return ClaimDate(None, (d.month, d.day), text, source)
    return ClaimDate(None, None, "", "none")


def _from_mention(m: Mention, source: str, base: ClaimDate | None) -> ClaimDate | None:
    if m.shift is not None:
        return _shifted(base, m.shift, m.text, source) if base is not None else None
    return ClaimDate(m.date, m.month_day, m.text, source)


def claim_date(claim: Claim, doc: Document | None) -> ClaimDate:
    """The date `claim` was stated (see the module docstring for the rules)."""
    published = doc.published if doc else None
    fallback = (
        ClaimDate(published, (published.month, published.day), "", "document")
        if published
        else ClaimDate(None, None, "", "none")
    )
    if doc is None:
        return fallback
    text = doc.text
    s_start, s_end = claim.sentence or (min(s for s, _ in claim.spans.content), max(e for _, e in claim.spans.content))
    s_start, s_end = max(0, s_start), min(len(text), s_end)
    content = claim.spans.content
    cue_at = claim.spans.cue[0][0] if claim.spans.cue else content[0][0]

    code = language_of(doc)
    own = [
        m for m in mentions(text[s_start:s_end], published, code)
        if all(m.end + s_start <= cs or m.start + s_start >= ce for cs, ce in content)
    ]
    para_start = text.rfind("\n", 0, s_start) + 1
    carried = _carried(text, para_start, s_start, published, code)
    if own:
        # the mention nearest the cue is the statement's date ("In a statement published on 7 April, X said")
        best = min(own, key=lambda m: (abs(m.start + s_start - cue_at), m.start))
        found = _from_mention(best, "sentence", carried or fallback)
        if found is not None:
            return found
    opener = text[s_start:s_end].lstrip()
    lex = lexicon()
    if carried is not None and (lex.same_day.search(opener) or not lex.time_shift.search(opener)):
        return carried  # "Later that evening, ..." stays on the day; "Subsequently, ..." does not
    return fallback


def _carried(text: str, para_start: int, upto: int, published: dt.date | None, code: str = "en") -> ClaimDate | None:
    """The date in force at `upto`: from the sentences of its paragraph before it, or None."""
    lex = lexicon()
    current: ClaimDate | None = None
    for s, e in sentences(text, para_start, upto):
        sent = text[s:e]
        if not sent.strip():
            continue
        opener = sent.lstrip()
        # only a date that opens the sentence ("On 6 April, ...", "Algeria on Monday ...") is the
        # date of what follows; one deep inside is usually the date of an event told in it
        comma = sent.find(",")
        found = [m for m in mentions(sent, published, code) if m.start < 40 or (comma >= 0 and m.end <= comma)]
        if found:
            first = found[0]
            got = _from_mention(first, "paragraph", current)
            current = got if got is not None else None
        elif lex.same_day.search(opener):
            continue
        elif lex.time_shift.search(opener):
            current = None
    return current
