"""Dates of statements: written dates, weekdays, relative days, and which date counts for a claim."""

from __future__ import annotations

import datetime as dt

import pytest

from argmap.compare.dates import claim_date, mentions
from argmap.model import Claim, ClaimSpans, Document

D = dt.date


@pytest.mark.parametrize(("text", "published", "expected"), [
    ("On 6 April, Bamako said", D(2025, 4, 14), [D(2025, 4, 6)]),
    ("On April 6, 2024, it said", None, [D(2024, 4, 6)]),
    ("on Sunday it denounced", D(2025, 4, 7), [D(2025, 4, 6)]),   # 7 April 2025 is a Monday
    ("said on Tuesday", D(2025, 4, 1), [D(2025, 4, 1)]),          # the publication day itself
    ("On 30 December, they said", D(2025, 1, 3), [D(2024, 12, 30)]),  # not a date after publication
    ("the 2015 agreement", D(2025, 4, 1), []),
])
def test_dates_mentions(text, published, expected):
    assert [m.date for m in mentions(text, published)] == expected


def test_dates_mentions_without_year_keep_month_and_day():
    (m,) = mentions("On 6 April, they said", None)
    assert m.date is None and m.month_day == (4, 6) and m.text == "6 April"


def _claim(text: str, content: str, cue: str, published: str | None):
    doc = Document(id="doc-x", title="t", path="t.txt", sha256="0", text=text, published=published)
    cs = text.index(content)
    cue_s = text.rfind(cue, 0, cs)
    s = text.rfind("\n", 0, cue_s) + 1
    for stop in (". ",):
        k = text.rfind(stop, s, cue_s)
        if k >= 0:
            s = k + 2
    e = text.find(".", cs + len(content) - 1) + 1
    claim = Claim(id="c", document=doc.id, text=content, cue=cue,
                  spans=ClaimSpans(content=[(cs, cs + len(content))], cue=[(cue_s, cue_s + len(cue))]), sentence=(s, e))
    return claim, doc


@pytest.mark.parametrize(("text", "content", "cue", "published", "expected", "source"), [
    # the statement's date, not the date of the event told in the content
    ("On 6 April, Bamako said the drone had crashed on 1 April.", "the drone had crashed on 1 April", "said",
     "2025-04-14", D(2025, 4, 6), "sentence"),
    # carried from the sentence before, in the same paragraph
    ("On 6 April, Bamako protested. It said the drone was unarmed.", "the drone was unarmed", "said",
     "2025-04-14", D(2025, 4, 6), "paragraph"),
    # "Subsequently" moves the story on: the publication date then
    ("On 6 April, Bamako protested. Subsequently, Algiers said it was wrong.", "it was wrong", "said",
     "2025-04-14", D(2025, 4, 14), "document"),
    # "Later that evening" stays on the same day; "The next day" moves one day on
    ("On 1 April, Algiers spoke. Later that evening, Bamako said it crashed.", "it crashed", "said",
     "2025-04-14", D(2025, 4, 1), "paragraph"),
    ("On 6 April, Bamako protested. The next day, Algiers said it was wrong.", "it was wrong", "said",
     "2025-04-14", D(2025, 4, 7), "sentence"),
    # a new paragraph does not inherit
    ("On 6 April, Bamako protested.\n\nAlgiers said it was wrong.", "it was wrong", "said",
     "2025-04-14", D(2025, 4, 14), "document"),
])
def test_dates_claim_date_rules(text, content, cue, published, expected, source):
    claim, doc = _claim(text, content, cue, published)
    got = claim_date(claim, doc)
    assert (got.date, got.source) == (expected, source)


def test_dates_claim_date_without_any_date_is_undated():
    claim, doc = _claim("Bamako said the drone was unarmed.", "the drone was unarmed", "said", None)
    got = claim_date(claim, doc)
    assert got.date is None and got.source == "none" and got.label == "undated"


def test_dates_the_verb_may_is_no_month_but_may_is():
    assert [m.date for m in mentions("They may say 2 may be hit on 3 May", D(2025, 6, 1))] == [D(2025, 5, 3)]


def test_dates_french_text_reads_french_month_names_from_its_language_package():
    # lang/fr/dates.tsv: French months are written in lower case
    got = mentions("Le 6 avril, Bamako a dénoncé l'attaque du 1 avril 2024.", D(2025, 4, 14), "fr")
    assert [m.date for m in got] == [D(2025, 4, 6), D(2024, 4, 1)]
    assert mentions("Le 6 avril, Bamako a dénoncé", D(2025, 4, 14), "en") == []


def test_dates_claim_date_follows_the_document_language():
    claim, doc = _claim("Le 6 avril, Bamako a déclaré que le drone était hostile.", "le drone était hostile",
                        "a déclaré", "2025-04-14")
    assert claim_date(claim, doc).date == D(2025, 4, 14)  # no language tag: English patterns
    doc = doc.model_copy(update={"language": "fr"})
    assert claim_date(claim, doc).date == D(2025, 4, 6)
