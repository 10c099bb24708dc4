"""What the pre-filter's skipped sentences tell the actor resolver (issue #18): the names
`unparsed_names` finds where nothing was parsed, and the people a title or a full name introduced
outside any claim. Every text here is made up for the rule it tests."""

from __future__ import annotations

import pytest

from argmap.extract.actors import Registry, resolve_document, unparsed_names
from argmap.model import Document


def _doc(text: str) -> Document:
    return Document(id="doc-unparsed", title="", path="t.txt", sha256="0" * 64, text=text)


def test_unparsed_names_finds_people_titles_countries_and_organisations():
    text = ("Mr. Hollis runs the Acme Corporation in Leeds. Canada and South Korea met. Canadian officials and "
            "Professor Ana Okonkwo of Duke University spoke. Gloria Thomas won. General Motors grew.")
    got = {(e.text, e.label) for e in unparsed_names(text, [])}
    assert {("Hollis", "PERSON"), ("Acme Corporation", "ORG"), ("Canada", "GPE"), ("South Korea", "GPE"),
            ("Canadian", "NORP"), ("Ana Okonkwo", "PERSON"), ("Duke University", "ORG"), ("Gloria Thomas", "PERSON")} <= got
    # a title that does not always name a person, and words inside a longer name, give nothing
    assert not any(t in {"Motors", "General Motors", "Duke", "Ana Okonkwo of Duke University"} for t, _ in got)
    # only where nothing was parsed
    assert unparsed_names(text, [(0, len(text))]) == []


def _engines(nlp, text: str) -> tuple[dict, dict]:
    from argmap.parallel import Extractor, Settings

    document = _doc(text)
    whole, _ = resolve_document(nlp(text), document, Registry())
    pre = next(Extractor(Settings(prefilter=True, registry=Registry()), nlp=nlp).run([document])).claims
    return {c.text: c.actor for c in whole}, {c.text: c.actor for c in pre}


@pytest.mark.model
@pytest.mark.parametrize("text, content, actor", [
    # a titled surname is a person a "he" can stand for, whatever sentence named them
    ("Mr. Hollis runs a bakery in Leeds. The shop opened in 1990. Its bread is famous. He said business was slow.\n",
     "business was slow", "hollis"),
    ("Professor Okonkwo teaches chemistry. The lab was rebuilt last year. She said the new equipment was excellent.\n",
     "the new equipment was excellent", "okonkwo"),
    # an organisation a skipped sentence named is what "it" stands for
    ("The Acme Corporation makes tools. Its factory employs 400 people. The plant was modernised in 2010. "
     "It said profits had doubled.\n", "profits had doubled", "acme-corporation"),
    # a bare surname is the person the text named in full before, spoken or not
    ("Dr. Jane Roe leads the team. The team found a new species. Roe said the find was important.\n",
     "the find was important", "jane-roe"),
])
def test_both_engines_know_who_a_skipped_sentence_introduced(nlp, text, content, actor):
    whole, pre = _engines(nlp, text)
    assert whole[content] == actor
    assert pre[content] == actor


@pytest.mark.model
def test_a_bare_surname_with_two_people_of_that_name_is_not_guessed(nlp):
    text = ("Dr. Jane Roe leads the team. Her brother, Tom Roe, runs the lab. The team found a new species. "
            "Roe said the find was important.\n")
    whole, pre = _engines(nlp, text)
    assert whole["the find was important"] not in {"jane-roe", "tom-roe"}
    # "Mrs." is a woman: not a "he"
    whole, pre = _engines(nlp, "Mrs. Hollis runs a bakery in Leeds. The shop opened in 1990. He said business was slow.\n")
    assert whole["business was slow"] != "hollis" and pre["business was slow"] != "hollis"
