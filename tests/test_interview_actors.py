"""Interviews (issue #18): who says "I", "we" and "you" when questions and answers alternate by
paragraph without speaker labels. Every text here is made up for the rule it tests."""

from __future__ import annotations

import pytest

from argmap.extract.actors import Registry, interview_of, interview_turns, resolve_document
from argmap.model import Document


def _doc(text: str) -> Document:
    return Document(id="doc-x", title="", path="t.txt", sha256="0" * 64, text=text)


def _roles(text: str) -> list[str]:
    return [t.role for t in interview_turns(text)]


def _actors(nlp, text: str):
    claims, actors = resolve_document(nlp(text), _doc(text), Registry())
    return claims, {a.id: a for a in actors}


def _by_words(claims, words: str) -> str | None:
    (found,) = [c.actor for c in claims if words in c.text]
    return found


def test_turns_question_answer_heading_caption_and_narrative():
    text = ("Our paper interviews potter Lena Gray\n\n"
            "Lena Gray has made bowls in the valley for thirty years.\n\n"
            "The workshop\n\n"
            "A kiln in the yard. Photo: Tom Hill.\n\n"
            "Why did you start?\n\n"
            "My aunt had a wheel and I loved the smell of the clay.\n\n"
            "Ed.: the aunt's wheel is now in the town museum.\n\n"
            "I was wondering whether you still sell at the market, since the stall closed.\n\n"
            "Every Saturday, rain or shine.\n\n"
            "Tell us about the glaze.\n\n"
            "It is ash from the stove, mostly.\n")
    assert _roles(text) == ["title", "narrative", "heading", "caption", "question", "answer", "caption",
                            "question", "answer", "question", "answer"]


def test_a_short_line_in_which_someone_speaks_is_no_heading():
    text = "Interview with sailor Ana Ruiz\n\nWould you sail alone again?\n\nI really don't know\n\nThe storm\n"
    assert _roles(text) == ["title", "question", "answer", "heading"]


def test_a_question_right_after_a_question_must_speak_to_you():
    # an answer may end with a question of its own ("who would not?"); a second question to "you" is one
    text = ("Interview with sailor Ana Ruiz\n\n"
            "Would you sail alone again?\n\n"
            "I think so, who would not?\n\n"
            "Was the storm the worst part?\n\n"
            "And did you sleep at all?\n")
    assert _roles(text) == ["title", "question", "answer", "question", "question"]


def test_a_long_paragraph_ending_with_a_question_is_an_answer():
    answer = "We measured the river every morning for a year. " * 14 + "What else could we have done?"
    text = f"Interview with hydrologist Ana Ruiz\n\nHow did you measure it?\n\n{answer}\n"
    assert _roles(text) == ["title", "question", "answer"]


def test_interview_found_from_the_title_or_the_introduction_or_its_shape():
    iv = interview_of(_doc("Wikinews interviews Mara Quist and Tom Reyes of the Glacier Trust\n\nWhy ice?\n\nIt moves.\n"))
    assert iv.names == ["Mara Quist", "Tom Reyes"] and iv.plural
    iv = interview_of(_doc("An interview with the owners of a bakery\n\nWhen do you start?\n\nAt four.\n"))
    assert iv.names == [] and iv.description == "owners of a bakery" and iv.plural
    iv = interview_of(_doc("Deep caves: Mara Quist on the ice\n\nMara Quist is a geologist at the institute. "
                           "Our reporter interviewed her in May.\n\nWhy caves?\n\nThey keep the old ice.\n"))
    assert iv is not None and iv.names == ["Mara Quist"]
    iv = interview_of(_doc("River notes\n\nAna Ruiz spoke with us at the harbour.\n\nWhy boats?\n\nThey are quiet.\n"))
    assert iv is not None and iv.names == ["Ana Ruiz"]
    shaped = "Harbour talk\n\n" + "".join(f"Do you like boat {k}?\n\nYes, boat {k} is fine.\n\n" for k in range(3))
    assert interview_of(_doc(shaped)) is not None  # three questions, each answered
    assert interview_of(_doc("Harbour plan stalls\n\nThe council said no. Why?\n\nNobody knows.\n")) is None
    iv = interview_of(_doc("Interview with chemist Ana Ruiz\n\nAna Ruiz sat down with Tom Baker for an interview in her lab.\n\n"
                           "Why salt?\n\nIt is cheap.\n"))
    assert iv.names == ["Ana Ruiz"] and iv.interviewer == "Tom Baker"


@pytest.mark.model
def test_an_indirect_question_is_the_interviewers_turn_and_its_asker_is_named(nlp):
    text = ("Interview with historian Ana Ruiz\n\n"
            "On March 2, Ana Ruiz sat down with Tom Baker for an interview in her office.\n\n"
            "On the archive\n\n"
            "I just wanted to know if you had any thoughts on the archive, I know you are speaking at the library.\n\n"
            "I believe the archive should stay open. I think the town will pay for it.\n")
    claims, actors = _actors(nlp, text)
    assert _by_words(claims, "any thoughts on the archive") == "tom-baker"
    assert actors["tom-baker"].role == "interviewer"
    assert _by_words(claims, "archive should stay open") == "ana-ruiz"
    assert _by_words(claims, "town will pay") == "ana-ruiz"


@pytest.mark.model
def test_the_answers_we_is_the_interviewee_when_they_never_say_i(nlp):
    text = ("Our paper interviews a harbour pilot on the new pier\n\n"
            "Do you think the pier is safe?\n\n"
            "We think the pier will hold. We believe the tugs will manage.\n")
    claims, actors = _actors(nlp, text)
    pilot = _by_words(claims, "pier will hold")
    assert pilot is not None and pilot == _by_words(claims, "tugs will manage")
    assert actors[pilot].kind.value == "person" and actors[pilot].role == "harbour pilot"
    you = [c.actor for c in claims if c.source_text == "you"]
    assert you == [pilot]  # the question's "you" is the one who answers as "we"


@pytest.mark.model
def test_several_interviewees_say_we_together_and_i_only_when_the_answer_tells_who(nlp):
    text = ("Wikinews interviews Mara Quist and Tom Reyes of the Glacier Trust\n\n"
            "Do you think the glacier will last?\n\n"
            "We think it will shrink by half.\n\n"
            "Why did you start the trust?\n\n"
            "I'm Tom Reyes, and I believe the ice deserves a voice.\n\n"
            "Mara and I said the caves would close.\n\n"
            "Mara and I started it in May, and I think the river will rise.\n\n"
            "I think the funding will come.\n")
    claims, actors = _actors(nlp, text)
    pair = _by_words(claims, "shrink by half")
    assert actors[pair].kind.value == "group" and actors[pair].name == "Mara Quist and Tom Reyes"
    assert [c.actor for c in claims if c.source_text == "you"] == [pair]
    assert _by_words(claims, "ice deserves a voice") == "tom-reyes"  # the answer names its speaker
    assert _by_words(claims, "caves would close") == pair  # "Mara and I": the two of them
    assert _by_words(claims, "river will rise") == "tom-reyes"  # beside "Mara and I", "I" is the other of the two
    assert _by_words(claims, "funding will come") is None  # nothing tells which of them: unresolved


@pytest.mark.model
def test_an_organisation_interviewed_is_the_we_and_its_unnamed_speaker_the_i(nlp):
    text = ("An interview with 'The Harbour Gazette'\n\n"
            "Do you think the readers care?\n\n"
            "We think the readers pick them. I believe the letters page decides.\n")
    claims, actors = _actors(nlp, text)
    org = _by_words(claims, "readers pick them")
    speaker = _by_words(claims, "letters page decides")
    assert actors[org].kind.value == "organisation" and actors[org].name == "The Harbour Gazette"
    assert actors[speaker].kind.value == "person" and actors[speaker].affiliation == org
    assert [c.actor for c in claims if c.source_text == "you"] == [org]


@pytest.mark.model
def test_the_questions_you_is_the_answers_we_when_they_speak_mostly_as_we(nlp):
    text = ("Interview with Ana Ruiz of the Harbour Choir\n\n"
            "Do you think the choir will tour?\n\n"
            "We think the choir will tour. We believe the buses are booked. We hope the halls are full. "
            "I think we are ready.\n")
    claims, actors = _actors(nlp, text)
    we = _by_words(claims, "buses are booked")
    assert we != "ana-ruiz" and actors[we].affiliation == "ana-ruiz"
    assert [c.actor for c in claims if c.source_text == "you"] == [we]
    assert _by_words(claims, "we are ready") == "ana-ruiz"


def test_speaker_labels_say_whose_turn_it_is():
    text = ("Interview with Mara Quist and Tom Reyes\n\n"
            "Q: The trust is ten years old. Tom Baker asked about it.\n\n"
            "Quist: I think it has done well.\n\n"
            "Update: the trust has a new office.\n")
    turns = interview_turns(text)
    assert [t.role for t in turns] == ["title", "question", "answer", "answer"]
    assert [t.label for t in turns] == [None, "Q", "Quist", None]  # "Update:" labels a line, not a speaker


@pytest.mark.model
def test_a_label_naming_one_of_several_interviewees_is_the_answers_i(nlp):
    text = ("Wikinews interviews Mara Quist and Tom Reyes of the Glacier Trust\n\n"
            "Wikinews: Tell us whether the ice will last.\n\n"
            "Reyes: I think the ice will last another century.\n\n"
            "Quist: I believe the caves will close first.\n")
    claims, _ = _actors(nlp, text)
    said = {c.text: c.actor for c in claims if c.source_text == "I"}
    assert said["the ice will last another century"] == "tom-reyes"
    assert said["the caves will close first"] == "mara-quist"


@pytest.mark.model
def test_with_two_interviewees_an_answers_she_is_the_other_one(nlp):
    text = ("Wikinews interviews Mario Lucero and Isabel Ruiz of the Harbour Theatre\n\n"
            "How did the theatre start?\n\n"
            "Isabel and I met at school. She said the town needed a stage, and I believe it still does.\n")
    claims, _ = _actors(nlp, text)
    assert _by_words(claims, "town needed a stage") == "isabel-ruiz"
    assert _by_words(claims, "it still does") == "mario-lucero"
