"""Rule `according_to`: "according to X", "in X's view", sentence-initial "For X, ..." and "Per X, ...".
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc

from ..lexicon import Lexicon
from .base import (
    BASE_CONFIDENCE,
    SPEAKER_ENTS,
    Found,
    child,
    clause_minus,
    prep_object,
    source_range,
)
from .registry import rule


@rule("according_to", "find")
def according_to(doc: Doc, lex: Lexicon) -> Iterator[Found]:
    """'According to X, ...' and 'in X's view, ...' / 'in their view' / 'in the eyes of X'.

    Notes:
        Example: "According to Algiers, the aircraft crossed into its airspace at night."
        The content is the clause the phrase modifies, without the phrase.
    """
    for tok in doc:
        if tok.lower_ == "according":
            to = child(tok, {"prep"}, "to")
            if to is None or to.i != tok.i + 1:  # the phrase is "according to"; a "to" elsewhere is another phrase
                continue
            src = prep_object(to)
            if src is None:
                continue
            head = tok.head if tok.head != tok else None
            if head is None:
                continue
            content = clause_minus(head, tok)
            if content is None:
                continue
            source = source_range(src)
            # "according to curator Elaine Gustafon": the parser may give "to" a second object, the name
            nxt = next((c for c in to.children if c.dep_ == "pobj" and c.i > src.i and c.left_edge.i == source[1]), None)
            if nxt is not None:
                source = (source[0], source_range(nxt)[1])
            # "According to Rathbun the property was returned": without a comma the parser runs the
            # name into the clause's subject; a determiner after a name starts the content
            # (the name may be tagged as anything: "According to Rathbun" reads "Rathbun" as a verb)
            cut = next((t.i for t in doc[source[0] + 1 : source[1]]
                        if t.dep_ == "det" and (doc[t.i - 1].pos_ == "PROPN" or doc[t.i - 1].is_title)), None)
            if cut is not None and content[0] == source[1]:
                source, content = (source[0], cut), (cut, content[1])
            yield Found(
                cue=[(tok.i, to.i + 1)],
                content=[content],
                source=source,
                rule="according_to",
                lemma="according to",
                act="assertion",
                confidence=BASE_CONFIDENCE["according"],
                cue_head=tok.i,
            )
        elif tok.lower_ == "per" and tok.dep_ == "prep" and tok.i == tok.sent.start:
            # "Per the report, the agency lost track of 2,000 files." (sentence-initial, set off)
            src = prep_object(tok)
            after = tok.right_edge.i + 1
            if src is None or after >= len(doc) or doc[after].text != "," or src.like_num:
                continue
            if not (src.ent_type_ in SPEAKER_ENTS or src.pos_ == "PROPN" or src.lemma_.lower() in lex.speakers
                    or src.lemma_.lower() in lex.words.evidence_sources):
                continue
            content = clause_minus(tok.head, tok)
            if content is None:
                continue
            yield Found(cue=[(tok.i, tok.i + 1)], content=[content], source=source_range(src), rule="according_to.per",
                        lemma="per", act="assertion", confidence=BASE_CONFIDENCE["according"] - 0.1, cue_head=tok.i)
        elif tok.lower_ == "for" and tok.dep_ == "prep" and tok.i == tok.sent.start:
            # "For Algiers, the movements that signed the agreement are political actors."
            src = prep_object(tok)
            after = tok.right_edge.i + 1
            if src is None or after >= len(doc) or doc[after].text != "," or src.ent_type_ in {"DATE", "TIME", "CARDINAL"}:
                continue
            if not (src.ent_type_ in SPEAKER_ENTS or (src.pos_ == "NOUN" and src.lemma_.lower() in lex.speakers)):
                continue
            content = clause_minus(tok.head, tok)
            if content is None:
                continue
            yield Found(
                cue=[(tok.i, tok.i + 1)],
                content=[content],
                source=source_range(src),
                rule="in_view.for",
                lemma="for",
                act="belief",
                confidence=BASE_CONFIDENCE["view"] - 0.15,
                cue_head=tok.i,
            )
        elif tok.lower_ == "in" and tok.dep_ == "prep":
            noun = prep_object(tok)
            if noun is None or noun.lower_ not in lex.view_nouns:
                continue
            src = child(noun, {"poss"})
            if src is None:
                of = child(noun, {"prep"}, "of")
                src = prep_object(of) if of is not None else None
            if src is None:
                continue
            head = tok.head
            content = clause_minus(head, tok)
            if content is None:
                continue
            entry = lex.view_nouns[noun.lower_]
            yield Found(
                cue=[(tok.i, noun.i + 1)] if src.i < noun.i else [(tok.i, noun.i + 1)],
                content=[content],
                source=source_range(src),
                rule="in_view",
                lemma=f"in {noun.lower_}",
                act=entry.act,
                confidence=BASE_CONFIDENCE["view"] - (0.1 if src.lower_ in lex.words.pronouns else 0.0),
                cue_head=noun.i,
            )
