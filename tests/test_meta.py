"""The metadata model (issue #20 item 1): precedence of the layers, provenance, and the in-text finder
(date lines, "Published ...", datelines, bylines, credits), on sentences of our own."""

from __future__ import annotations

import datetime as dt

import pytest

from argmap import lang
from argmap.meta import Layer, choose, find_date, find_publisher, language_tag
from argmap.model import Document, MetaSource


# -- the finder: dates -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, date, rule",
    [
        ("Storm hits the coast\n\nTuesday, September 22, 2015\n\nThe storm ...\n", "2015-09-22", "date.line"),
        ("Storm hits the coast\n\n22 September 2015\n\nThe storm ...\n", "2015-09-22", "date.line"),
        ("Storm hits\n\nSept. 3, 2015 10:32 AM ET\n\nText.\n", "2015-09-03", "date.line"),
        ("Storm hits\n2015-09-03\nText.\n", "2015-09-03", "date.line"),
        ("Storm hits\nPublished: 3 Sep 2015\nText.\n", "2015-09-03", "date.published"),
        ("Storm hits\nPosted on Tue Sept 1, 2015 at 10:32\nText.\n", "2015-09-01", "date.published"),
        ("Biologist tells Example about ants Tuesday, September 1, 2015\n\nText.\n", "2015-09-01", "date.line_end"),
        ("Title\n\nThursday, March 15, 2012 Example interviewed a bar owner.\n", "2012-03-15", "date.line_start"),
        ("Title\nBy Ana Ruiz, Example Wire | March 4, 2016\nText.\n", "2016-03-04", "date.byline"),
        ("Title\nLONDON, Sept. 3, 2015 (Reuters) - The bank said so.\n", "2015-09-03", "date.dateline"),
        # a labelled date beats an earlier bare one; a later revision is no publication date
        ("Title\nMarch 5, 2016\nPublished March 4, 2016\n", "2016-03-04", "date.published"),
        ("Title\nUpdated: March 9, 2016\nMarch 4, 2016\n", "2016-03-04", "date.line"),
    ],
)
def test_meta_find_date_rules(text, date, rule):
    got = find_date(text)
    assert got is not None and (got.value.isoformat(), got.rule) == (date, rule)
    start, end = got.span
    assert got.value == find_date(text[start:end]).value  # the span holds the date that was read
    assert text.count("\n", 0, start) + 1 == got.line


@pytest.mark.parametrize(
    "text",
    [
        "Title\n\nOn Tuesday, September 1, 2015, the ministry said the talks had failed.\n",  # a sentence's date
        "Title\n\nBraverman and Sunak on October 25, 2022. Image: UK Government.\n",  # a caption
        "Title\n\n01/09/2015\n\nText.\n",  # all-number dates are ambiguous
        "Title\n\nFebruary 30, 2015\n\nText.\n",  # no such day
        "Title\n\nThe Battle of Hastings\n\nOctober 14, 1066\n",  # not a publication year
        "Title\nUpdated: March 9, 2016\nText.\n",  # a revision date only
        "Title\nSept 3 (Reuters) - No year.\n",
        "\n".join(["Line."] * 12) + "\nTuesday, September 22, 2015\n",  # below the head of the text
    ],
)
def test_meta_find_date_leaves_out(text):
    assert find_date(text) is None


def test_meta_dates_come_from_the_language_package():
    words = lang.dates("en")
    assert words.months["sept"] == 9 and words.weekdays["thurs"] == 4
    with pytest.raises(ValueError, match="given twice"):
        lang.parse_dates("month\t1\tjan\nmonth\t2\tjan\n")


# -- the finder: publishers -------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, publisher, rule",
    [
        ("WASHINGTON (Reuters) - The Senate said ...\n", "Reuters", "publisher.dateline"),
        ("Title\nBAMAKO, May 3 (AFP) — The army said ...\n", "AFP", "publisher.dateline"),
        ("Title\nNEW YORK (CNNMoney) - Stocks fell.\n", "CNNMoney", "publisher.dateline"),
        ("Title\nBy Ana Ruiz, Reuters\nText.\n", "Reuters", "publisher.byline"),
        ("Title\nBy Ana Ruiz | The Daily Courier\nText.\n", "The Daily Courier", "publisher.byline"),
        ("Title\nBy JOHN SMITH, Associated Press Writer\nText.\n", "Associated Press", "publisher.byline"),
        ("Title\nBy Associated Press\nText.\n", "Associated Press", "publisher.byline"),
        ("Title\n\nText.\n\n© Example News\n", "Example News", "publisher.credit"),
    ],
)
def test_meta_find_publisher_rules(text, publisher, rule):
    got = find_publisher(text)
    assert got is not None and (got.value, got.rule) == (publisher, rule)
    assert text[got.span[0]:got.span[1]] == publisher


@pytest.mark.parametrize(
    "text",
    [
        "Title\nBy Ana Ruiz, Staff Writer\nText.\n",  # a role, not an outlet
        "Title\nBy Ana Ruiz\nText.\n",
        "Nick Bos (University of Helsinki) - studies ants.\n",  # not a place in capitals, not an outlet
        "Taipei, Taiwan — The festival opened.\n",
        "Title\nThe minister was backed by the Daily Courier's editors.\n",  # not a byline line
    ],
)
def test_meta_find_publisher_leaves_out(text):
    assert find_publisher(text) is None


# -- layers and precedence --------------------------------------------------------------------------
def test_meta_choose_ranks_explicit_over_page_over_nothing():
    layers = [
        Layer("page", {"title": "Page title", "published": "2015-01-01", "publisher": "Page Co"}, keys={"title": "og:title"}),
        Layer("manifest", {"published": "2015-02-02", "url": "https://example.org/a"}, file="c/manifest.csv", line=3),
        Layer("sidecar", {"published": "2015-03-03"}, file="a.txt.meta.yaml"),
        Layer("default", {"title": "fallback", "language": "en"}),
    ]
    got = choose(layers)
    assert got["published"] == ("2015-03-03", MetaSource(source="sidecar", file="a.txt.meta.yaml"))
    assert got["url"][1] == MetaSource(source="manifest", file="c/manifest.csv", line=3)
    assert got["title"] == ("Page title", MetaSource(source="page", rule="og:title"))
    assert got["language"] == ("en", None)  # a default records no provenance
    assert choose([Layer("manifest", {"date": "2015-02-02", "published": ""})])["published"][0] == "2015-02-02"


@pytest.mark.parametrize("raw, tag", [("en", "en"), ("EN", "en"), ("en-gb", "en-GB"), ("en_US", "en-US")])
def test_meta_language_tag(raw, tag):
    assert language_tag(raw) == tag


@pytest.mark.parametrize("raw, message", [("de", "not supported"), ("English!", "not a language tag"), ("", "not a language tag")])
def test_meta_language_tag_refuses(raw, message):
    with pytest.raises(ValueError, match=message):
        language_tag(raw)


def test_model_document_new_fields_left_out_when_unset_and_checked_when_set():
    doc = Document(id="doc-x", title="t", path="p", sha256="0" * 64, text="Some text.")
    data = doc.model_dump(mode="json")
    assert "language" not in data and "provenance" not in data  # earlier exports stay byte-identical
    with pytest.raises(ValueError, match="not within the text"):
        Document(id="doc-x", title="t", path="p", sha256="0" * 64, text="Short.",
                 provenance={"published": MetaSource(source="text", line=1, span=(0, 99), rule="date.line")})
    with pytest.raises(ValueError, match="not one of"):
        Document(id="doc-x", title="t", path="p", sha256="0" * 64, text="Short.",
                 provenance={"author": MetaSource(source="manifest")})
    dated = Document(id="doc-x", title="t", path="p", sha256="0" * 64, text="Short.", published=dt.date(2015, 1, 1),
                     provenance={"published": MetaSource(source="text", line=1, span=(0, 5), rule="date.line")})
    assert Document.model_validate_json(dated.model_dump_json()) == dated
