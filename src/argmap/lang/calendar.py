"""Dates in running text, by language: the patterns of day-month dates, weekdays and relative days (pure).

Owns the regular expressions that find "6 April", "April 6, 2025", "6th of April", "on Sunday",
"the next day" in a language, built from its data (`dates.tsv`: month and weekday names; the
`dates:` section of `lexicon.yaml`: month case, ordinal endings, weekday openers, relative days).
The comparison's timeline (`argmap.compare.dates`) and the linker's date keys
(`argmap.linking.profile`) read dates through them. No word of a language is spelt here.
"""

from __future__ import annotations

import re

from . import _cached, dates, lexicon


class DatePatterns:
    """The date patterns of one language, built from its month and weekday names (`dates.tsv`) and
    the `dates:` section of its lexicon (`argmap.lang`): no word of a language is spelt here."""

    def __init__(self, code: str):
        table = dates(code)
        spec = lexicon(code).get("dates") or {}
        self.months = table.months
        # weekdays by name, Monday = 0 (dates.tsv counts from 1); 3-letter forms ("sun", "sat") are words too
        self.weekdays = {w: n - 1 for w, n in table.weekdays.items() if len(w) > 3}
        if spec.get("month_case", "any") == "title":
            forms = sorted({f.capitalize() for f in self.months}, key=len, reverse=True)
            month = r"(" + "|".join(map(re.escape, forms)) + r")\.?"
        else:
            forms = sorted(self.months, key=len, reverse=True)
            month = r"(?i:(" + "|".join(map(re.escape, forms)) + r"))\.?"
        ordinal = _alternatives(spec.get("ordinals"))
        of = _alternatives(spec.get("day_of"))
        day = r"(\d{1,2})" + (f"(?:{ordinal})?" if ordinal else "")
        self.day_month = re.compile(r"\b" + day + r"\s+" + (rf"(?:(?:{of})\s+)?" if of else "") + month + r"(?:,?\s+(\d{4}))?\b")
        self.month_day = re.compile(r"\b" + month + r"\s+" + day + r"(?:,?\s+(\d{4}))?\b")
        openers = _alternatives(spec.get("weekday_openers"))
        self.weekday = (re.compile(r"\b(?:" + openers + r")\s+(" + _alternatives(self.weekdays) + r")\b", re.I)
                        if openers and self.weekdays else None)
        self.weekday_past = {w.lower() for w in spec.get("weekday_past") or ()}
        self.published_days = {str(k).lower(): int(v) for k, v in (spec.get("published_days") or {}).items()}
        self.shifts = {str(k).lower(): int(v) for k, v in (spec.get("shifts") or {}).items()}
        relative = _alternatives([*self.published_days, *self.shifts])
        self.relative = re.compile(r"\b(?P<word>" + relative + r")\b", re.I) if relative else None

    def month_of(self, written: str) -> int:
        """The number of a month name as written ("Sept." -> 9)."""
        return self.months[written.lower().rstrip(".")]

    def day_months(self, text: str):
        """(start, end, day, month, year or None, month as written) of every day-month date in
        `text`, day first or month first, left to right; a day outside 1-31 is skipped."""
        out, taken = [], []
        for pattern, day_group, month_group in ((self.day_month, 1, 2), (self.month_day, 2, 1)):
            for m in pattern.finditer(text):
                if any(m.start() < b and a < m.end() for a, b in taken):
                    continue
                day = int(m.group(day_group))
                if 1 <= day <= 31:
                    year = m.group(3)
                    written = m.group(month_group)
                    out.append((m.start(), m.end(), day, self.month_of(written), int(year) if year else None, written))
                    taken.append((m.start(), m.end()))
        return sorted(out)


def _alternatives(words) -> str:
    """A regex alternation of `words`, longest first, any run of spaces between their words."""
    alts = sorted({str(w) for w in words or ()}, key=lambda w: (-len(w), w))
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in alts)


@_cached
def patterns(code: str = "en") -> DatePatterns:
    """The date patterns of language `code` (cached; `argmap.lang.clear_caches` empties it)."""
    return DatePatterns(code)
