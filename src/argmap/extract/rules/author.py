"""Rule `authorial`: the author's own recommendations and predictions (`include_author`).
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc

from ..lexicon import Lexicon
from .base import Found, trim
from .registry import rule


def authorial(doc: Doc, lex: Lexicon, found: list[Found]) -> Iterator[Found]:
    """The author's own recommendations and predictions (for `--include-author`).

    Notes:
        A sentence with no attribution cue whose main verb carries a deontic modal ("Leaders
        should seek to resume dialogue") is a recommendation of the author; one with an epistemic
        modal or "seems/appears" ("the AU appears well placed", "separatist factions might choose
        to escalate") a warning/prediction. The source is empty; the actor is the document's author.
    """
    cue_sents = {doc[f.cue[0][0]].sent.start for f in found}
    for sent in doc.sents:
        if sent.start in cue_sents or sent.text.rstrip().endswith("?") or len(sent) < 6:
            continue
        root = sent.root
        modal = next((c for c in root.children if c.dep_ == "aux" and c.lower_ in lex.words.author_deontic | lex.words.author_epistemic), None)
        if modal is not None:
            act = "recommendation" if modal.lower_ in lex.words.author_deontic else "warning"
            cue = modal
        elif root.lemma_.lower() in lex.words.author_verbs:
            act, cue = "belief", root
        else:
            continue
        rng = trim(doc, (sent.start, sent.end), drop_mark=False)
        if rng is None:
            continue
        yield Found(cue=[(cue.i, cue.i + 1)], content=[rng], source=None, rule=f"author.{act}", lemma=cue.lemma_.lower(),
                    act=act, confidence=0.5, cue_head=cue.i)


@rule("authorial", "pass")
def author_pass(doc: Doc, lex: Lexicon, found: list[Found]) -> list[Found]:
    """The author's own claims added to what the other rules found (see `authorial`)."""
    return found + list(authorial(doc, lex, found))
