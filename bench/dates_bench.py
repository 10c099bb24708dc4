"""Dates in running text: argmap's patterns (`argmap.compare.dates.mentions`) against dateparser (issue #22).

Each case is a sentence of our own, its publication date and the days a reader finds stated in it
(the comparison's timeline needs every day and nothing else: "may" the verb is no month, "the next
day" is a day). dateparser 1.x is run through `dateparser.search.search_dates`, restricted to the
case's language, with the publication date as the relative base and past dates preferred. Printed:
cases right per method, and mean time per sentence after a warm-up.

Run: python bench/dates_bench.py
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

D = dt.date
CASES = [
    ("en", "On 6 April, Bamako said the drone had crashed on 1 April.", D(2025, 4, 14), [D(2025, 4, 6), D(2025, 4, 1)]),
    ("en", "Algeria's defence ministry said on Sunday that the drone was shot down.", D(2025, 4, 7), [D(2025, 4, 6)]),
    ("en", "The ministry may respond later, officials said in a statement on April 7, 2025.", D(2025, 4, 8), [D(2025, 4, 7)]),
    ("en", "The 2015 agreement was signed in Algiers, the minister recalled.", D(2025, 4, 8), []),
    ("en", "Mali said yesterday that it would recall its ambassador.", D(2025, 4, 8), [D(2025, 4, 7)]),
    ("en", "The talks, held on 30 December, failed, diplomats said.", D(2025, 1, 3), [D(2024, 12, 30)]),
    ("en", "Niger said last Tuesday it backed Bamako.", D(2025, 4, 8), [D(2025, 4, 1)]),
    ("en", "They may say the 2 may be linked, the spokesman said on 3 May.", D(2025, 6, 1), [D(2025, 5, 3)]),
    ("fr", "Le 6 avril, Bamako a affirmé que le drone s'était écrasé le 1 avril.", D(2025, 4, 14), [D(2025, 4, 6), D(2025, 4, 1)]),
    ("fr", "Dans un communiqué publié le 7 avril 2025, Alger a rejeté ces accusations.", D(2025, 4, 8), [D(2025, 4, 7)]),
    ("fr", "L'accord de 2015 est caduc, estime le ministre.", D(2025, 4, 8), []),
    ("fr", "Les trois pays ont rappelé leurs ambassadeurs pour consultations.", D(2025, 4, 8), []),
]


def ours(lang, text, published):
    from argmap.compare.dates import mentions

    return sorted(m.date for m in mentions(text, published, lang) if m.date is not None)


def theirs(lang, text, published):
    from dateparser.search import search_dates

    base = dt.datetime.combine(published, dt.time())
    found = search_dates(text, languages=[lang], settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past"}) or []
    return sorted(d.date() for _, d in found)


def main() -> int:
    for name, fn in (("argmap patterns (lang/<code>/dates.tsv)", ours), ("dateparser.search_dates", theirs)):
        fn(*CASES[0][:3])  # warm up: loads the language data
        right, wrong = 0, []
        t0 = time.perf_counter()
        for lang, text, published, expected in CASES:
            got = fn(lang, text, published)
            if got == sorted(expected):
                right += 1
            else:
                wrong.append((text, got, expected))
        ms = (time.perf_counter() - t0) / len(CASES) * 1000
        print(f"{name:42} {right}/{len(CASES)} right  {ms:7.2f} ms/sentence")
        for text, got, expected in wrong:
            print(f"    {text[:60]!r}: got {[str(d) for d in got]}, want {[str(d) for d in expected]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
