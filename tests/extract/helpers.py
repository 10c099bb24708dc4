"""Helpers of the rule tests: attributions as texts, and hand-built parses (the point is the rule,
not what the model makes of a sentence).

`parse("She|PRON|nsubj|1  told|VERB|ROOT|1 ...")` is too clever; tests write the columns out:

    doc = hand_doc(
        ["She", "said", "it", "rained", "."],
        heads=[1, 1, 3, 1, 1], deps=["nsubj", "ROOT", "nsubj", "ccomp", "punct"],
        pos=["PRON", "VERB", "PRON", "VERB", "PUNCT"], lemmas=["she", "say", "it", "rain", "."])

Heads are absolute token indices (a root points at itself). Tags default from `pos` (VERB -> VBD,
NOUN -> NN, ...); a test that needs another tag (VBG, VBN) passes `tags`.
"""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

DEFAULT_TAG = {"VERB": "VBD", "NOUN": "NN", "PROPN": "NNP", "PRON": "PRP", "ADJ": "JJ", "ADP": "IN", "DET": "DT",
               "PUNCT": ".", "AUX": "VBD", "PART": "TO", "SCONJ": "IN", "ADV": "RB", "CCONJ": "CC", "NUM": "CD"}
#: an English vocabulary: lexical attributes (lower_, is_punct, ...) as the rules see them in real docs
_VOCAB = spacy.blank("en").vocab


def hand_doc(words, heads, deps, pos, lemmas=None, tags=None, spaces=None, ents=None) -> Doc:
    assert len(words) == len(heads) == len(deps) == len(pos), "one head, dep and pos per word"
    lemmas = lemmas or [w.lower() for w in words]
    tags = tags or [DEFAULT_TAG.get(p, "XX") for p in pos]
    if spaces is None:
        spaces = [i + 1 < len(words) and words[i + 1] not in {".", ",", "?", "!", ";", ":", "’s", "'s"} for i in range(len(words))]
    return Doc(_VOCAB, words=words, spaces=spaces, heads=heads, deps=deps, pos=pos, lemmas=lemmas, tags=tags,
               sent_starts=None, ents=ents)


def triples(doc: Doc, found) -> list[tuple[str | None, str, str]]:
    """(source, cue, content) texts of `find_all`'s records."""
    out = []
    for f in found:
        source = doc[f.source[0] : f.source[1]].text if f.source else None
        cue = " ".join(doc[s:e].text for s, e in f.cue)
        content = " … ".join(doc[s:e].text for s, e in f.content)
        out.append((source, cue, content))
    return out


def attributions(nlp, text: str) -> list[tuple[str | None, str, str, str, str]]:
    """(source, cue, content, speech act, rule) texts of what the real pipeline finds in `text`;
    content fragments are joined by " … "."""
    doc = nlp(text)
    out = []
    for f in doc._.argmap_attributions:
        source, cue, content = triples(doc, [f])[0]
        out.append((source, cue, content, f.act, f.rule))
    return out
