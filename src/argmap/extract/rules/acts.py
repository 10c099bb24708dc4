"""Speech-act refinement: what a content does (a demand, a question, a denial, ...) and hedges.
"""

from __future__ import annotations

from spacy.tokens import Doc

from ..lexicon import Lexicon
from ..quotes import QUOTE_CHARS
from .base import Found


def is_hedged(doc: Doc, f: Found, hedges: frozenset[str]) -> bool:
    """'allegedly', 'reportedly', or a may/might/could in the content or on the cue."""
    toks = [doc[i] for s, e in f.content for i in range(s, e)]
    if f.cue_head >= 0:
        toks.extend(c for c in doc[f.cue_head].children if c.dep_ in {"advmod", "aux"})
    return any(t.lower_ in hedges for t in toks)


def refine_act(doc: Doc, f: Found, lex: Lexicon) -> str:
    """Adjust the lexicon's speech-act type with the content.

    Notes:
        A neutral report cue ("said") whose content is a demand ("Mali must withdraw") is a
        recommendation; one whose content is a question ("whether ...", "?") a question; one whose
        content threatens ("will respond with force") a warning. A labelling cue whose label
        rejects ("described the arguments as fallacious") is a denial.
    """
    if not f.content:
        return f.act
    if f.lemma in lex.words.labelling_cues and f.act != "denial" and any(
            t.lower_ in lex.words.denial_words for cs, ce in f.content for t in doc[cs:ce]):
        return "denial"  # "described them as fallacious": a label that rejects
    if f.act != "assertion":
        return f.act
    s, e = f.content[0]
    toks = [t for cs, ce in f.content for t in doc[cs:ce]]
    if not toks:
        return f.act
    first = toks[0] if toks[0].text not in QUOTE_CHARS or len(toks) == 1 else toks[1]
    tail = "".join(t.text for t in toks[-3:])
    if first.lower_ in lex.words.question_words or "?" in tail:
        return "question"
    lowers = [t.lower_ for t in toks]
    if any(t.lemma_.lower() in lex.words.rejected and t.tag_ == "VBN" and any(c.dep_ == "auxpass" for c in t.children) for t in toks):
        return "denial"  # "allegations ... had been 'completely rejected'": the content reports a rejection
    negated = any(t.dep_ == "neg" or t.lower_ in lex.words.negators for t in toks)
    if (negated and any(t.lemma_.lower() in lex.words.denial_objects for t in toks)) or any(w in lex.words.denial_words for w in lowers):
        return "denial"
    if any(w in lex.words.condemning for w in lowers):
        return "condemnation"
    labelling = f.lemma in lex.words.labelling_cues
    accusatory = lex.words.accusatory
    if any(t.lemma_.lower() in accusatory or t.lower_ in accusatory or "=" + t.lower_ in accusatory for t in toks) and (labelling or any(
        t.pos_ == "PROPN" or t.ent_type_ in {"GPE", "NORP", "ORG"} for t in toks
    )):
        return "accusation"
    if any(w in lex.words.attitude for w in lowers):
        return "belief"  # "said it was deeply concerned": a stance, not a report
    if not lex.words.prediction.isdisjoint(lowers):
        return "warning"  # "the row is likely to chill trade talks": a prediction
    for i, w in enumerate(lowers):
        if w in lex.words.necessity and "that" in lowers[i + 1 : i + 4]:
            return "recommendation"
    heads = [t for t in toks if t.dep_ in {"ROOT", "ccomp"} or t.head.i < s or t.head.i >= e]
    for h in heads[:2]:
        aux = {c.lower_ for c in h.children if c.dep_ == "aux"}
        if aux & lex.words.recommend_modals:
            return "recommendation"
        if aux & lex.words.predict_modals and any(t.lemma_.lower() in lex.words.threat_words for t in toks):
            return "warning"
    return f.act
