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
    # four claims of two other sources on the passport, each of which a reply could answer
    doc = make_doc(
        "Ruiz said the trust kept her passport. Lind said the trust kept her passport in a safe. "
        "Ruiz said the trust kept her passport from her family. Lind said the trust kept her passport for years. "
        "The trust denied that it kept her passport. ", "cap.txt")
    claims = [make_claim(doc, "the trust kept her passport", "ana-ruiz"),
              make_claim(doc, "the trust kept her passport in a safe", "mayor-lind"),
              make_claim(doc, "the trust kept her passport from her family", "ana-ruiz"),
              make_claim(doc, "the trust kept her passport for years", "mayor-lind"),
              make_claim(doc, "it kept her passport", "harbour-trust", cue="denied", kind="denial")]
    links = link_claims(claims, ACTORS, [doc])
    replies = [lk for lk in links if lk.method == "reply"]
    assert len(replies) == 2, [lk.reason for lk in replies]
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


def test_reply_never_answers_its_own_body_nor_a_question():
    trust_lawyer = Actor(id="trust-lawyer", name="Trust lawyer", kind=ActorKind.person, parent="harbour-trust")
    doc = make_doc(
        "Lind asked whether the trust kept her passport. "
        "The trust lawyer said the trust kept her passport for years. "
        "The trust denied that it kept her passport on purpose. ", "own.txt")
    question = make_claim(doc, "whether the trust kept her passport", "mayor-lind", cue="asked", kind="question")
    own = make_claim(doc, "the trust kept her passport for years", "trust-lawyer")
    denial = make_claim(doc, "it kept her passport on purpose", "harbour-trust", cue="denied", kind="denial")
    links = link_claims([question, own, denial], [*ACTORS, trust_lawyer], [doc])
    assert not [lk for lk in links if lk.relation == Relation.contradicts], [lk.reason for lk in links]


def test_reply_a_reply_nine_claims_on_answers_nothing():
    lines = ["Ruiz said the trust kept her passport for three years."]
    lines += [f"Lind said item {i} of the harbour budget was approved." for i in range(8)]
    lines += ["The trust denied that it kept her passport for three years."]
    doc = make_doc(" ".join(lines) + " ", "far.txt")
    passport = make_claim(doc, "the trust kept her passport for three years", "ana-ruiz")
    between = [make_claim(doc, f"item {i} of the harbour budget was approved", "mayor-lind") for i in range(8)]
    denial = make_claim(doc, "it kept her passport for three years", "harbour-trust", cue="denied", kind="denial")
    links = link_claims([passport, *between, denial], ACTORS, [doc])
    assert not links_between(links, denial, passport)  # 9 claims apart: beyond REPLY_GAP (8)


def test_reply_ordinary_uses_of_lie_and_made_up_rebut_nothing():
    doc = make_doc("Ruiz said the trust kept her passport for three years. "
                   "The trust said the problem lies with the port, whose board is made up of volunteers. ", "lies.txt")
    passport = make_claim(doc, "the trust kept her passport for three years", "ana-ruiz")
    other = make_claim(doc, "the problem lies with the port, whose board is made up of volunteers", "harbour-trust")
    assert not [lk for lk in link_claims([passport, other], ACTORS, [doc]) if lk.method == "reply"]


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
        assert m.b >= 0, f"{key}: a higher score must never mean a lower probability"


def test_calibration_off_still_honours_a_floor_asked_for(monkeypatch):
    monkeypatch.setenv("ARGMAP_CALIBRATION", "0")
    links = [_link(0.3), _link(0.9, method="reason")]
    assert [lk.confidence for lk in calibrated(links, lexicon(), floor=0.5)] == [0.9]


def test_a_link_below_the_calibrated_floor_takes_no_slot_from_one_above_it():
    from dataclasses import replace

    from argmap.linking import prepare
    from argmap.linking.score import score_pair_and_guess

    doc = make_doc("Ruiz said the quay had cracked twice this winter. Ruiz said the port should close the cracked quay. ",
                   "slot.txt")
    fact = make_claim(doc, "the quay had cracked twice this winter", "ana-ruiz")
    call = make_claim(doc, "the port should close the cracked quay", "ana-ruiz", kind="recommendation")
    profiles, _, ctx = prepare([fact, call], ACTORS, [doc])
    ctx.floor = None
    link, _ = score_pair_and_guess(profiles[0], profiles[1], ctx)
    assert link is not None, "the pair has an option above its raw threshold"
    # the same option, its method mapped far below the floor: it is no candidate at all, so it
    # cannot hold a premise's one conclusion that another option of the premise would have had
    ctx.lex = replace(ctx.lex, calibration=Calibration(floor=0.5, maps={
        f"{link.relation.value}/{link.method}": PlattMap(a=-6.0, b=0.0, links=1)}))
    ctx.floor = 0.5
    assert score_pair_and_guess(profiles[0], profiles[1], ctx)[0] is None
