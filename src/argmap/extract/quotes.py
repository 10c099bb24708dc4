"""Quotation regions in plain text: pairs of quote marks, robust to unbalanced and ambiguous marks.

Pure functions on strings; no spaCy. Offsets are character offsets, end exclusive, and include the
quote marks themselves.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

OPENERS = {"\u201c": "\u201d", "\u00ab": "\u00bb", "\u201e": "\u201d", "\u2018": "\u2019", "\u201a": "\u2019"}
CLOSERS = {"\u201d", "\u00bb", "\u2019"}
STRAIGHT = {'"'}
QUOTE_CHARS = set(OPENERS) | CLOSERS | STRAIGHT | {"'"}


@dataclass(frozen=True)
class Quote:
    start: int  # offset of the opening mark
    end: int  # offset just after the closing mark (or end of paragraph when unclosed)
    closed: bool

    @property
    def inner(self) -> tuple[int, int]:
        return (self.start + 1, self.end - 1 if self.closed else self.end)


def _is_apostrophe(text: str, i: int) -> bool:
    """A ’ or ' between letters (Algeria’s, don’t) or after an s at a word end (states’) is an apostrophe."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if before.isalnum() and after.isalnum():
        return True
    if before in "sS" and not after.isalnum() and after not in ".,;:!?":
        return True
    return False


def find_quotes(text: str) -> list[Quote]:
    """Return the quotation regions of `text`, paragraph by paragraph.

    Notes:
        Curly and guillemet marks pair by type; straight double quotes alternate; single quotes only
        open after a space or an opening bracket and only close before a non-letter, so apostrophes
        (Algeria’s) are not quotes. An opening mark with no closer in its paragraph yields an
        unclosed quote up to the paragraph end; nothing raises on unbalanced marks. In the paragraph
        after an unclosed quote, a straight mark closing that quote ('... early." After the match')
        does not open a new region.
        Example: `He called it “a ‘hostile’ act”` gives one region for the double quote; nested
        single quotes inside a double-quoted region are not reported separately.
    """
    out: list[Quote] = []
    pos = 0
    carry = False  # the last paragraph with text ended inside an unclosed quote
    for para in text.split("\n"):
        got = _quotes_in_paragraph(para, pos, carry)
        out.extend(got)
        if para.strip():
            carry = bool(got) and not got[-1].closed
        pos += len(para) + 1
    return out


def _carried_close(para: str) -> int:
    """Where to start pairing in a paragraph that continues an unclosed quote: after a straight
    closing mark that comes before any opening one ('We scored twice." After the match, ...'),
    else at 0. (Curly closers never open a region, so only straight marks need this.)"""
    for i, ch in enumerate(para):
        if ch in ("\u201c", "\u00ab", "\u201e"):
            return 0
        if ch == '"':
            closes = i > 0 and not para[i - 1].isspace() and (i + 1 == len(para) or not para[i + 1].isalnum())
            return i + 1 if closes else 0
    return 0


def _quotes_in_paragraph(para: str, offset: int, carry: bool = False) -> list[Quote]:
    regions: list[Quote] = []
    closers: dict[str, list[int]] = {}  # single-quote closer -> its positions (found once: linear time)
    i, n = (_carried_close(para) if carry else 0), len(para)
    while i < n:
        ch = para[i]
        opener = None
        if ch in ("\u201c", "\u00ab", "\u201e"):
            opener = ch
        elif ch in STRAIGHT:
            opener = ch
        elif ch in ("\u2018", "'", "\u201a"):
            before = para[i - 1] if i else " "
            if (before.isspace() or before in "([{—–-\u201c\"") and i + 1 < n and not para[i + 1].isspace():
                opener = ch
        if opener is None:
            i += 1
            continue
        close = _find_close(para, i, opener, closers)
        if close is None:
            if opener in ("\u2018", "'", "\u201a"):
                i += 1  # a lone single mark is most likely an apostrophe or a typo; skip it
                continue
            regions.append(Quote(offset + i, offset + n, False))
            break
        regions.append(Quote(offset + i, offset + close + 1, True))
        i = close + 1
    return regions


def _find_close(para: str, i: int, opener: str, closers: dict[str, list[int]] | None = None) -> int | None:
    n = len(para)
    if opener in STRAIGHT:
        j = para.find('"', i + 1)
        return j if j != -1 else None
    if opener in ("\u2018", "'", "\u201a"):
        closer = "\u2019" if opener != "'" else "'"
        # every unclosed single mark would scan to the paragraph end (thousands of them: quadratic),
        # so the closing marks of a paragraph are listed once and looked up
        closers = {} if closers is None else closers
        if closer not in closers:
            closers[closer] = [j for j, ch in enumerate(para) if ch == closer and not _is_apostrophe(para, j)]
        found = closers[closer]
        k = bisect.bisect_right(found, i)
        return found[k] if k < len(found) else None
    closer = OPENERS[opener]
    depth = 0
    for j in range(i + 1, n):
        if para[j] == opener and opener != closer:
            depth += 1
        elif para[j] == closer:
            if depth == 0:
                return j
            depth -= 1
    return None
