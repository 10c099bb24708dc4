"""People who speak for someone without being them (issue #18): a description set beside a name
("Clinton's campaign manager, John Podesta, said") is that named person, affiliated with whom the
description names; aides, advisers and lawyers of a person ("aides to Cole", "Cole's aides") are
their own actor, affiliated with the person. Every text here is made up for the rule it tests."""

from __future__ import annotations

import pytest

from argmap.extract.actors import Registry, resolve_document
from argmap.model import Document


def _resolve(nlp, text: str):
    document = Document(id="doc-affil", title="", path="t.txt", sha256="0" * 64, text=text)
    claims, actors = resolve_document(nlp(text), document, Registry())
    return {c.text: c.actor for c in claims}, {a.id: a for a in actors}


@pytest.mark.model
@pytest.mark.parametrize("description, person, affiliation", [
    ("Clinton's campaign manager", "john-podesta", "hillary-clinton-campaign"),
    ("The Clinton campaign manager", "john-podesta", "hillary-clinton-campaign"),
    ("Clinton's lawyer", "john-podesta", "hillary-clinton"),
    ("Her husband", "john-podesta", "hillary-clinton"),
])
def test_a_description_beside_a_name_is_that_person_affiliated_with_its_owner(nlp, description, person, affiliation):
    text = (f"Hillary Clinton said on Tuesday that she would win Ohio. {description}, John Podesta, said the race "
            "was tightening.\n")
    got, actors = _resolve(nlp, text)
    assert got["the race was tightening"] == person
    assert actors[person].affiliation == affiliation
    assert actors[person].role == description.removeprefix("The ")
    assert got["she would win Ohio"] == "hillary-clinton"  # the owner keeps her own statements


@pytest.mark.model
@pytest.mark.parametrize("source, actor, kind", [
    ("Aides to Cole", "tom-cole-s-aides", "group"),
    ("Cole's aides", "tom-cole-s-aides", "group"),
    ("An adviser to Cole", "tom-cole-s-adviser", "person"),
    ("Two lawyers for Cole", "tom-cole-s-lawyers", "group"),
    ("Supporters of Cole", "tom-cole-s-supporters", "group"),
])
def test_aides_of_a_person_are_affiliated_with_them_not_them(nlp, source, actor, kind):
    text = f"Tom Cole said the budget was too large. {source} said the vote would come on Friday.\n"
    got, actors = _resolve(nlp, text)
    assert got["the budget was too large"] == "tom-cole"
    assert got["the vote would come on Friday"] == actor
    assert actors[actor].affiliation == "tom-cole" and actors[actor].kind.value == kind


@pytest.mark.model
def test_what_is_no_aide_of_a_person_stays_as_it_was(nlp):
    # no name set beside the description: the campaign's manager, not a named person
    got, actors = _resolve(nlp, "Hillary Clinton said she would win. Clinton's campaign manager said the race was tight.\n")
    manager = got["the race was tight"]
    assert manager not in {"hillary-clinton", None} and actors[manager].affiliation == "hillary-clinton-campaign"
    # a name before the description is the speaker, the description only describes her
    got, _ = _resolve(nlp, "Ana Ruiz, a lawyer, said the ruling was unfair.\n")
    assert got["the ruling was unfair"] == "ana-ruiz"
    # an organisation named "<noun> of ...", and aides of no person: not anyone's affiliate
    got, actors = _resolve(nlp, "Friends of the Earth said the river was polluted.\n")
    assert actors[got["the river was polluted"]].affiliation is None
    got, actors = _resolve(nlp, "Supporters of the bill said it would pass.\n")
    assert actors[got["it would pass"]].affiliation is None
    # a former role names no affiliation
    got, actors = _resolve(nlp, "Tom Cole said the budget was too large. Cole's former aide, Ann Lake, said it was fine.\n")
    assert got["it was fine"] == "ann-lake" and actors["ann-lake"].affiliation is None
