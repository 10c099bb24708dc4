"""A third language is a folder: a stub German package registered from a temporary folder is picked
up by the word sets, the tokenizer, the stemmer, the lexicon loader, the date patterns and the
detector, with no code change (`argmap.lang.register`)."""

from __future__ import annotations

import datetime as dt

import pytest

from argmap import lang
from argmap.compare.dates import mentions
from argmap.lang.calendar import patterns

WORDS = """\
[pronouns]
er sie es
[articles]
der die das
"""

LEXICON = """\
stemmer: german
tokens:
  possessives: []
  elided: []
dates:
  month_case: any
  ordinals: ["."]
  weekday_openers: [am]
link:
  stopwords: [der, die, das]
compare:
  stopwords: der die das
"""

DATES = "month\t4\tapril\tapr\nmonth\t5\tmai\nweekday\t7\tsonntag\n"

GERMAN = "Die Regierung in Bamako hat am Sonntag erklärt, die Drohne sei über malischem Gebiet abgeschossen worden."


@pytest.fixture
def german(tmp_path):
    folder = tmp_path / "de"
    folder.mkdir()
    (folder / "words.txt").write_text(WORDS, encoding="utf-8")
    (folder / "lexicon.yaml").write_text(LEXICON, encoding="utf-8")
    (folder / "dates.tsv").write_text(DATES, encoding="utf-8")
    lang.register("de", folder)
    try:
        yield folder
    finally:
        lang.unregister("de")


def test_a_registered_folder_is_a_language(german):
    assert "de" in lang.languages()
    assert lang.words("de").pronouns == frozenset({"er", "sie", "es"})
    assert lang.lexicon("de")["link"]["stopwords"] == ["der", "die", "das"]
    assert lang.folder("de") == german


def test_the_stub_gets_its_snowball_stemmer_and_tokens(german):
    assert lang.stem("regierungen", "de") == lang.stem("regierung", "de") == "regier"
    assert lang.stem("vorwürfe", "de") == lang.stem("vorwurf", "de")
    assert lang.stem("regierungen", "en") != "regier"  # English keeps its own
    assert lang.tokens("Die Regierung's Drohne", "de") == ["Die", "Regierung's", "Drohne"]  # no English possessive


def test_detection_chooses_the_stub_language_among_ours(german):
    assert "de" in lang.detectable()
    assert lang.detect(GERMAN) == "de"
    assert lang.detect("The government in Bamako said on Sunday the drone was shot down over Malian territory.") == "en"


def test_the_stub_dates_come_from_its_folder(german):
    found = mentions("Am 6. April hat die Regierung am Sonntag erklärt", dt.date(2025, 4, 8), "de")
    assert [m.date for m in found] == [dt.date(2025, 4, 6), dt.date(2025, 4, 6)]
    assert patterns("de").months["mai"] == 5


def test_unregistering_forgets_every_cached_table(german):
    assert lang.stem("regierungen", "de") == "regier"
    lang.unregister("de")
    assert "de" not in lang.languages() and "de" not in lang.detectable()
    with pytest.raises(ValueError, match="no language data"):
        lang.words("de")
    with pytest.raises(ValueError, match="no language data"):
        lang.stem("regierungen", "de")


def test_a_language_the_detector_does_not_know_is_kept_out_of_detection(tmp_path):
    folder = tmp_path / "xx"
    folder.mkdir()
    (folder / "words.txt").write_text("[pronouns]\nzo\n", encoding="utf-8")
    lang.register("xx", folder)
    try:
        assert "xx" in lang.languages() and "xx" not in lang.detectable()
        assert lang.words("xx").pronouns == frozenset({"zo"})
        assert lang.stem("zorbing", "xx") == "zorbing"  # no Snowball stemmer named: words are their stems
        assert lang.lexicon("xx") == {}
    finally:
        lang.unregister("xx")


def test_register_refuses_a_folder_without_words(tmp_path):
    with pytest.raises(ValueError, match="words.txt"):
        lang.register("yy", tmp_path)
    with pytest.raises(ValueError, match="not a language code"):
        lang.register("Deutsch", tmp_path)


def test_a_bare_yaml_boolean_among_words_is_refused(tmp_path):
    (tmp_path / "words.txt").write_text("[pronouns]\nzo\n", encoding="utf-8")
    (tmp_path / "lexicon.yaml").write_text("link:\n  place_prepositions: [in, on, at]\n", encoding="utf-8")
    lang.register("xx", tmp_path)
    try:
        with pytest.raises(ValueError, match=r"place_prepositions: a bare YAML boolean"):
            lang.lexicon("xx")
    finally:
        lang.unregister("xx")
