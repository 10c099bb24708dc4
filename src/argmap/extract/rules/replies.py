"""Pass `appositive_replies`: ", a charge Algiers denies".
"""

from __future__ import annotations

from spacy.tokens import Doc

from ..lexicon import Lexicon
from .base import BASE_CONFIDENCE, Found, is_speaker
from .registry import rule


def denial_lemma(form: str, lex: Lexicon) -> str | None:
    """The lexicon's denial verb that `form` inflects ('denies' -> 'deny'), or None."""
    for lemma, entry in lex.verbs.items():
        if entry.act != "denial" or " " in lemma:
            continue
        stems = {lemma, lemma + "s", lemma + "d", lemma + "ed", lemma + "es"}
        if lemma.endswith("y"):
            stems |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
        if lemma.endswith("e"):
            stems.add(lemma + "d")
        if form in stems:
            return lemma
    return None


@rule("appositive_replies", "pass")
def appositive_replies(doc: Doc, lex: Lexicon, found: list[Found]) -> list[Found]:
    """", a charge Algiers denies": a denial whose object is a noun summing up the clause before.

    Notes:
        Matched on words, not on the parse: the parser often reads "a charge Algiers rejects" as
        one noun phrase. The reply's content is the summing-up noun phrase ("a charge"), which
        the linker resolves to the claim just before it; other attributions lose the appositive
        (their content stops at the comma), and one whose cue is the reply's verb is replaced.
    """
    out: list[Found] = []
    replies: list[Found] = []
    for sent in doc.sents:
        toks = list(sent)
        for k, t in enumerate(toks[:-3]):
            if t.text not in {",", "—", "–", ";"}:
                continue
            j = k + 1
            if toks[j].lower_ in lex.words.articles:
                j += 1
            if j >= len(toks) or toks[j].lower_ not in lex.words.reply_nouns:
                continue
            noun = toks[j]
            j += 1
            if j < len(toks) and toks[j].lower_ in lex.words.reply_relatives:
                j += 1
            start = j
            while j < len(toks) and j - start < 5 and (toks[j].pos_ in {"PROPN", "NOUN", "ADJ", "DET"} or toks[j].text in {"’s", "'s"}
                                                        or toks[j].tag_ == "PRP$") and denial_lemma(toks[j].lower_, lex) is None:
                j += 1
            if j == start:
                continue
            speaker = toks[j - 1]
            while j < len(toks) and toks[j].lower_ in lex.words.reply_fillers:
                j += 1
            if j >= len(toks):
                continue
            lemma = denial_lemma(toks[j].lower_, lex)
            if lemma is None or not is_speaker(speaker, lex):
                continue
            end = toks[j + 1] if j + 1 < len(toks) else None
            if end is not None and not (end.is_punct or end.lower_ in lex.words.reply_continuations):
                continue
            verb = toks[j]
            replies.append(Found(
                cue=[(verb.i, verb.i + 1)],
                content=[(toks[k + 1].i, noun.i + 1)],
                source=(toks[start].i, speaker.i + 1),
                rule="appos.reply",
                lemma=lemma,
                act="denial",
                confidence=BASE_CONFIDENCE["dobj"],
                cue_head=verb.i,
                frames=("dobj",),
            ))
    if not replies:
        return found
    # from the comma to the reply's verb: the reply's own words
    spans = [(r.content[0][0] - 1, r.cue[0][1]) for r in replies]
    for f in found:
        if any(s <= f.cue_head < e for s, e in spans):
            continue  # the same cue read another way ('denies' with the clause before as content)
        content = []
        for s, e in f.content:
            for comma, _ in spans:
                if s <= comma < e:
                    e = comma
            if e > s:
                content.append((s, e))
        if content:
            f.content = content
            out.append(f)
    return out + replies
