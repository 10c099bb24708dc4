"""Key terms: the Snowball stemmer, synonym classes, compounds, party names and generic rejections."""

from __future__ import annotations

import pytest

from argmap.compare.terms import Vectors, is_generic_response, lexicon, name_terms, stem, terms


@pytest.mark.parametrize(("words", "same"), [
    (("accusations", "accused", "accuse"), True),
    (("negotiated", "negotiation", "negotiate"), True),
    (("hostile", "hostility"), True),
    (("allies", "ally"), True),
    (("terrorism", "terrorists"), False),  # Snowball keeps -ist and -ism apart; the synonyms join them
    (("bridge", "treaty"), False),
])
def test_terms_stem_groups_inflections(words, same):
    stems = {stem(w) for w in words}
    assert (len(stems) == 1) is same


@pytest.mark.parametrize("words", [
    ("terrorism", "terrorists", "terrorist"),
    ("agreement", "agreed", "agree", "accord"),
    ("Accusations", "accused"),
])
def test_terms_word_families_the_stemmer_keeps_apart_are_one_term(words):
    assert len({lexicon().key(w) for w in words}) == 1


@pytest.mark.parametrize(("text", "expected", "absent"), [
    ("the drone took an offensive trajectory", {"drone", "hostile", "airspace"}, {"the", "took"}),
    ("Algiers sponsors international terrorism", {"sponsor", "terrorism"}, set()),
    ("the accord was negotiated in talks", {"agreement", "negotiate"}, {"was"}),
    ("the 2015 agreement, signed on 12 May", {"2015", "agreement"}, {"12"}),
])
def test_terms_synonym_classes_and_stopwords(text, expected, absent):
    found = set(terms(text))
    assert expected <= found
    assert not absent & found


def test_terms_compound_of_two_content_words_in_a_row():
    found = terms("dialogue with the armed groups that signed")
    assert "arm group" in found and found["arm group"] == "armed groups"
    assert not any(" " in k for k in terms("armed, and groups"))  # not across punctuation


def test_terms_name_terms_add_capitals_and_demonyms_of_named_countries():
    out = name_terms(["Government of Mali", "Bamako"])
    assert {stem("mali"), stem("bamako"), stem("malian")} <= out
    assert stem("government") not in out  # a stopword, never a name
    assert not name_terms(["Government of the Republic"]) & {stem("algerian"), stem("nigerien")}


@pytest.mark.parametrize(("text", "generic"), [
    ("these accusations", True),
    ("the accusations as “fallacious”", True),
    ("such charges", True),
    ("that reading", True),
    ("accusations that it had deliberately destroyed a drone", False),
    ("the drone had violated its airspace", False),
])
def test_terms_generic_response(text, generic):
    assert is_generic_response(text) is generic


def test_terms_vectors_similarity_and_shared_words():
    vec = Vectors({
        "x": ("Ruritania had imposed the border treaty", "Freedonian officials said"),
        "y": ("the treaty was negotiated freely", "Ruritania, conversely, believes"),
        "z": ("the weather was fine", ""),
    }, name_terms(["Ruritania"]))
    assert vec.similarity("x", "y") > vec.similarity("x", "z") == 0.0
    assert vec.shared("x", "y") == ["treaty"]
    assert vec.similarity("x", "y") == vec.similarity("y", "x")
    assert "y" in vec.neighbours("x") and "z" not in vec.neighbours("x")
