"""Language detection (`argmap.lang.detect`): argmap's languages only, short text -> the default."""

from __future__ import annotations

import py3langid
import pytest

from argmap import lang
from argmap.lang.detect import MIN_CONFIDENCE

EN_FR = ("en", "fr")


def test_a_french_news_paragraph_is_french_and_an_english_one_english():
    fr = "Le ministère malien des Affaires étrangères a dénoncé mardi une action « hostile » de l'Algérie."
    en = "Mali's foreign ministry on Tuesday denounced a hostile and premeditated action by Algeria."
    assert lang.detect(fr, languages=EN_FR) == "fr"
    assert lang.detect(en, languages=EN_FR) == "en"
    assert lang.detect(en, default="fr", languages=EN_FR) == "en"


def test_a_short_french_text_is_never_catalan_or_occitan():
    # all languages: py3langid calls these Catalan, Occitan and Portuguese
    texts = ["Les experts interrogés estiment", "La mission de l'ONU", "La junte a dissous"]
    assert [py3langid.classify(t)[0] for t in texts] != ["fr"] * 3
    assert {lang.detect(t, default="xx", languages=EN_FR) for t in texts} <= {"fr", "xx"}
    assert lang.detect(texts[0], default="xx", languages=EN_FR) == "fr"


@pytest.mark.parametrize("text", ["", "   ", "Oui.", "Paris, 3 mai", "12 345 678 — 2024", None])
def test_short_or_empty_text_gives_the_default(text):
    assert lang.detect(text, default="fr", languages=EN_FR) == "fr"
    assert lang.detect(text, default="en", languages=EN_FR) == "en"


def test_an_unsure_guess_gives_the_default():
    text = "No, no, no. Just"  # py3langid, restricted to en/fr, says fr at 0.52
    assert lang.detect(text, default="en", languages=EN_FR) == "en"
    assert lang.detect(text, default="und", languages=EN_FR) == "und"
    assert MIN_CONFIDENCE > 0.52


def test_detection_chooses_among_argmap_languages_only_and_is_deterministic():
    assert lang.detectable() == tuple(c for c in lang.languages() if c in lang.detectable())
    assert "en" in lang.detectable()
    # German text, but German is no argmap language: it can only come out as one of ours
    text = "Das Ministerium hat am Dienstag erklärt, dass die Drohne abgeschossen wurde."
    got = {lang.detect(text, default="und", languages=EN_FR) for _ in range(5)}
    assert len(got) == 1 and got <= {"en", "fr", "und"}
    assert lang.detect(text, languages=("de", "en", "fr")) == "de"


def test_one_language_leaves_nothing_to_choose():
    assert lang.detect("Le ministère a dénoncé une action hostile de l'Algérie.", default="en", languages=["en"]) == "en"
