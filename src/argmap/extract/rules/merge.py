"""Pass `merge_same_speaker`: "X said it expected Y" is one statement.
"""

from __future__ import annotations

from spacy.tokens import Doc

from ..lexicon import Lexicon
from .base import Found, in_quote
from .registry import rule


@rule("merge_same_speaker", "pass")
def merge_same_speaker(doc: Doc, lex: Lexicon, found: list[Found]) -> list[Found]:
    """Merge "X said they expected Y" / "X replied that it rejected Y" into one attribution.

    Notes:
        When the content of a reporting cue is headed by another cue whose subject is a pronoun
        (the same speaker speaking of itself), the two are one statement: the inner one keeps
        its content and gets both cue words and the outer source. Attitude adjectives inside
        someone's content ("said it was deeply concerned by ...") are dropped as separate claims.
        Nested attributions with a different, named speaker ("X said that Y claimed Z") stay two.
    """
    by_head = {f.cue_head: f for f in found}
    drop: set[int] = set()
    for f in found:
        if id(f) in drop:
            continue
        for rng in f.content:
            for i in range(rng[0], rng[1]):
                inner = by_head.get(i)
                if inner is None or inner is f or inner.source is None or "quote" in inner.rule:
                    continue
                src = doc[inner.source[0] : inner.source[1]]
                under = doc[i].head.i == f.cue_head or (  # "said he was 'disappointed' by ...": via the copula
                    doc[i].dep_ == "acomp" and doc[i].head.head.i == f.cue_head and doc[i].head.dep_ == "ccomp")
                if len(src) != 1 or src[0].lower_ not in lex.words.pronouns or not under:
                    continue
                if f.source is None or not _same_person(doc[f.source[1] - 1], src[0], lex):
                    continue  # "I think they all thought ...": another speaker, both kept
                if any(c.dep_ == "dobj" and c.lower_ in lex.words.wh_object for c in doc[i].children):
                    continue  # "protest what they called 'aggression'": a label inside an act, both kept
                if doc[i].pos_ == "ADJ" or doc[i].lower_ in lex.adjectives:
                    drop.add(id(inner))  # an attitude inside the statement: the statement says it
                    continue
                if in_quote(doc[i]):
                    continue  # '“I think we learned a lot,” the coach said': the quote is the statement, both kept
                inner.cue = sorted(f.cue + inner.cue)
                inner.source = f.source
                inner.lemma = f"{f.lemma} {inner.lemma}" if inner.lemma != f.lemma else inner.lemma
                inner.rule = inner.rule + "+merged"
                drop.add(id(f))
    return [f for f in found if id(f) not in drop]


def _person(tok, lex: Lexicon) -> str:
    """Grammatical person of a source head: '1s', '1p', '2', or '3' (nouns and third-person pronouns)."""
    w = tok.lower_
    for name in ("first_singular", "first_plural", "second_person"):
        if w in lex.words[name]:
            return name
    return "third"


def _same_person(outer, inner, lex: Lexicon) -> bool:
    """Can the inner pronoun be the outer speaker? Same person, and no clash of gender
    ("The minister said she ..." yes; "I think they thought" no; "he said she" no)."""
    if _person(outer, lex) != _person(inner, lex):
        return False
    he, she = lex.words.masculine_pronouns, lex.words.feminine_pronouns
    o, i = outer.lower_, inner.lower_
    return not ((o in he and i in she) or (o in she and i in he))
