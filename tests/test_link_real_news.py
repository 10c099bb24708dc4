"""Linking on real-news constructions (issue #19): replies in one text, and calibrated confidence.

Our own sentences, written for the construction (no text of the GUM gold); words alone (no
embeddings), so what decides is the rule.
"""

from __future__ import annotations

import math

import pytest

from argmap.link import link_claims
from argmap.linking.lexicon import Calibration, PlattMap, lexicon
from argmap.linking.score import calibrate, calibrated
from argmap.model import Actor, ActorKind, Link, Relation

from test_link import links_between, make_claim, make_doc

PARIS = Actor(id="ana-ruiz", name="Ana Ruiz", kind=ActorKind.person)
CHURCH = Actor(id="harbour-trust", name="Harbour Trust", kind=ActorKind.organisation)
MAYOR = Actor(id="mayor-lind", name="Mayor Lind", kind=ActorKind.person)
ACTORS = [PARIS, CHURCH, MAYOR]


@pytest.fixture(autouse=True)
def _words_alone(monkeypatch):
    monkeypatch.setenv("ARGMAP_EMBEDDINGS", "0")


def _story():
    doc = make_doc(
        "Ana Ruiz said the trust kept her passport for three years. "
        "Ruiz said she was forced to work in the kitchen without pay. "
        "Mayor Lind said the harbour would reopen in May. "
        "The trust denied that it kept her passport or forced her to work. ",
        "reply.txt")
    passport = make_claim(doc, "the trust kept her passport for three years", "ana-ruiz")
    work = make_claim(doc, "she was forced to work in the kitchen without pay", "ana-ruiz")
    harbour = make_claim(doc, "the harbour would reopen in May", "mayor-lind")
    denial = make_claim(doc, "it kept her passport or forced her to work", "harbour-trust", cue="denied", kind="denial")
    return doc, passport, work, harbour, denial


def test_reply_a_denial_answers_the_earlier_claims_of_another_source_on_its_point():
    doc, passport, work, harbour, denial = _story()
    links = link_claims([passport, work, harbour, denial], ACTORS, [doc])
    for answered in (passport, work):
        found = links_between(links, denial, answered)
        assert [lk.relation for lk in found] == [Relation.contradicts], answered.text
        assert found[0].method == "reply" and (found[0].source, found[0].target) == (denial.id, answered.id)
        assert "answers Ana Ruiz" in found[0].reason
    # nothing about the harbour: another point, however near
    assert not [lk for lk in links_between(links, denial, harbour) if lk.relation == Relation.contradicts]


def test_reply_answers_at_most_the_two_closest_claims():
    doc = make_doc(
        "Ruiz said the trust kept her passport. Ruiz said the trust kept her passport in a safe. "
        "Ruiz said the trust kept her passport from her family. "
        "The trust denied that it kept her passport. ", "cap.txt")
    claims = [make_claim(doc, "the trust kept her passport", "ana-ruiz"),
              make_claim(doc, "the trust kept her passport in a safe", "ana-ruiz"),
              make_claim(doc, "the trust kept her passport from her family", "ana-ruiz"),
              make_claim(doc, "it kept her passport", "harbour-trust", cue="denied", kind="denial")]
    links = link_claims(claims, ACTORS, [doc])
    replies = [lk for lk in links if lk.method == "reply"]
    assert 1 <= len(replies) <= 2
    assert all(lk.source == claims[-1].id for lk in replies)


def test_reply_a_rebuttal_in_the_content_answers_like_a_denial():
    doc = make_doc(
        "Ruiz said the trust kept her passport for three years. "
        "A trust spokesman said the passport story is not true. ", "rebut.txt")
    passport = make_claim(doc, "the trust kept her passport for three years", "ana-ruiz")
    rebuttal = make_claim(doc, "the passport story is not true", "harbour-trust")
    found = links_between(link_claims([passport, rebuttal], ACTORS, [doc]), rebuttal, passport)
    assert [(lk.relation, lk.method) for lk in found] == [(Relation.contradicts, "reply")]
    assert "'not true'" in found[0].reason


def test_reply_never_answers_its_own_speaker_nor_a_question():
    doc = make_doc(
        "Ruiz asked whether the trust kept her passport. "
        "Ruiz said the trust kept her passport for years. "
        "Ruiz denied that the trust kept her passport on purpose. ", "own.txt")
    question = make_claim(doc, "whether the trust kept her passport", "ana-ruiz", cue="asked", kind="question")
    claim = make_claim(doc, "the trust kept her passport for years", "ana-ruiz")
    denial = make_claim(doc, "the trust kept her passport on purpose", "ana-ruiz", cue="denied", kind="denial")
    links = link_claims([question, claim, denial], ACTORS, [doc])
    assert not [lk for lk in links if lk.relation == Relation.contradicts]


def test_reply_is_not_made_across_documents():
    d1 = make_doc("Ruiz said the trust kept her passport for three years.", "one.txt")
    d2 = make_doc("The trust denied that it kept her passport for three years.", "two.txt")
    passport = make_claim(d1, "the trust kept her passport for three years", "ana-ruiz")
    denial = make_claim(d2, "it kept her passport for three years", "harbour-trust", cue="denied", kind="denial")
    assert not [lk for lk in link_claims([passport, denial], ACTORS, [d1, d2]) if lk.method == "reply"]


# -- calibration -------------------------------------------------------------------------------------


def _link(conf: float, method: str = "evidence", relation: Relation = Relation.supports, reason: str = "r") -> Link:
    return Link(id=Link.make_id("c-a", "c-b", relation), source="c-a", target="c-b", relation=relation,
                confidence=conf, reason=reason, method=method)


def test_calibration_maps_each_method_and_applies_the_floor():
    cal = Calibration(floor=0.5, maps={
        "supports/evidence": PlattMap(a=-1.0, b=1.0),
        "supports/*": PlattMap(a=0.0, b=0.5),
    })
    lex = lexicon()
    from dataclasses import replace
    lex = replace(lex, calibration=cal)
    # logit(0.8) - 1 -> probability
    expected = 1 / (1 + math.exp(-(math.log(0.8 / 0.2) - 1.0)))
    assert calibrate(lex, _link(0.8)) == pytest.approx(expected, abs=1e-9)
    # a method without its own map takes its relation's
    assert calibrate(lex, _link(0.8, method="reason")) == pytest.approx(1 / (1 + math.exp(-0.5 * math.log(4))), abs=1e-9)
    # no map for the relation: unchanged
    assert calibrate(lex, _link(0.8, relation=Relation.restates, method="restatement")) == 0.8
    kept = list(calibrated([_link(0.8), _link(0.55)], lex))
    assert [round(lk.confidence, 4) for lk in kept] == [round(expected, 4)]  # 0.55 -> below the floor


def test_calibration_off_keeps_the_scorers_confidence(monkeypatch):
    monkeypatch.setenv("ARGMAP_CALIBRATION", "0")
    lex = lexicon()
    links = [_link(0.3), _link(0.9)]
    assert list(calibrated(links, lex)) == links


def test_bundled_calibration_is_monotone_and_fitted():
    cal = lexicon().calibration
    assert cal.maps, "link_weights.yaml has a calibration section"
    for key, m in cal.maps.items():
        assert m.links > 0, key
        if key.endswith("/*"):
            assert m.b > 0, f"{key}: a higher score must not mean a lower probability for a whole relation"


# -- a headline told again by its story -----------------------------------------------------------


def _headline_story(headline: str):
    doc = make_doc(
        f"{headline}\n\nAna Ruiz said on Monday that the trust had kept her passport for three years. "
        "Mayor Lind said the harbour would reopen in May. ", "headline.txt")
    head = make_claim(doc, headline.split(" says ")[1], "ana-ruiz", cue="says")
    lead = make_claim(doc, "the trust had kept her passport for three years", "ana-ruiz")
    other = make_claim(doc, "the harbour would reopen in May", "mayor-lind")
    return doc, head, lead, other


def test_headline_claim_is_restated_by_the_lead_that_tells_it():
    doc, head, lead, other = _headline_story("Ruiz says trust kept her passport for years")
    links = link_claims([head, lead, other], ACTORS, [doc])
    found = links_between(links, head, lead)
    assert [(lk.relation, lk.method) for lk in found] == [(Relation.restates, "restatement")]
    assert (found[0].source, found[0].target) == (lead.id, head.id) and "headline" in found[0].reason
    assert not links_between(links, head, other)


def test_a_sentence_first_line_is_no_headline():
    doc = make_doc("Ruiz says trust kept her passport for years.\nAna Ruiz said on Monday that the trust had kept "
                   "her passport for three years. ", "sentence.txt")
    head = make_claim(doc, "trust kept her passport for years", "ana-ruiz", cue="says")
    lead = make_claim(doc, "the trust had kept her passport for three years", "ana-ruiz")
    assert not [lk for lk in link_claims([head, lead], ACTORS, [doc]) if "headline" in lk.reason]
