"""Rule `nominal_cues`: statement nouns with a that-clause ("Bamako's accusation that ...").
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Token

from ..lexicon import Lexicon
from .base import (
    BASE_CONFIDENCE,
    Found,
    Range,
    child,
    doc_text,
    nominal_source,
    quote_at,
    prep_object,
    source_range,
    subtree_range,
    target_in,
    token_range,
    trim,
)
from .registry import rule


@rule("nominal_cues", "find")
def nominal_cues(doc: Doc, lex: Lexicon) -> Iterator[Found]:
    """Statement nouns with a that-clause or of-phrase: 'Bamako's accusation that Algiers ...'.

    Notes:
        A participle cue on the noun ("a communiqué condemning ...") is found by `verb_cues`,
        which takes the noun's issuer as source; here only clause and phrase contents.
    """
    for tok in doc:
        if tok.pos_ not in {"NOUN", "PROPN"} or tok.lemma_.lower() not in lex.nouns:
            continue
        entry = lex.nouns[tok.lemma_.lower()]
        content = None
        for c in tok.children:
            if c.dep_ in {"acl", "ccomp", "appos", "relcl"} and any(m.lower_ == "that" and m.dep_ == "mark" for m in c.children):
                content = trim(doc, subtree_range(c))
                break
        if content is None:
            content = following_that_clause(doc, tok, lex)
        copula = content is None and tok.dep_ == "nsubj" and tok.head.lemma_ == "be"
        if copula:
            content = copula_that_clause(tok)
        colon = content is None
        if colon:
            content = colon_content(doc, tok, lex)
        rejected = tok.dep_ == "dobj" and tok.head.lemma_.lower() in lex.verbs and lex.verbs[tok.head.lemma_.lower()].act == "denial"
        if content is None and rejected:
            # "rejected suggestions of a rift": what was suggested, by someone unnamed, is a claim of its own
            of = child(tok, {"prep"}, "of")
            if of is not None and prep_object(of) is not None and tok.lemma_.lower() in lex.words.report_nouns:
                content = trim(doc, (of.i + 1, subtree_range(of)[1]))
        if content is None:
            continue
        src, _ = nominal_source(tok, lex)
        if src is None and colon and content is not None and tok.dep_ == "dobj" and tok.head.lemma_.lower() in lex.words.having_verbs:
            src = child(tok.head, {"nsubj"})  # "The senator had a simple message for his critics: ..."
        if src is None and copula:
            # "The White House view is that ...": a name compounded on the noun holds it
            src = next((c for c in tok.children if c.dep_ == "compound" and c.i < tok.i and c.pos_ == "PROPN"), None)
        if src is None and not rejected:
            continue
        yield Found(
            cue=[(tok.i, tok.i + 1)],
            content=[content],
            source=source_range(src) if src is not None else None,
            rule="nominal.that",
            lemma=tok.lemma_.lower(),
            act="assertion" if src is None else entry.act,
            confidence=round(BASE_CONFIDENCE["nominal"] - (0.15 if src is None else 0.0), 2),
            # 'allegations by Trudeau that ...': 'by' names the accuser here, only 'against' the accused
            target=(source_range(t) if (t := target_in(doc, subtree_range(tok), frozenset({"against"}))) else None),
            cue_head=tok.i,
        )


def colon_content(doc: Doc, noun: Token, lex: Lexicon) -> Range | None:
    """'The senator had a simple message for his critics: “Read the bill.”', 'The union's answer was
    short: no deal.': a colon after the statement noun's phrase (no other verb between) opens its
    content: the quotation there, or the rest of the sentence."""
    sent_end = noun.sent.end
    j = noun.i + 1
    while j < sent_end and j - noun.i <= 8 and doc[j].text != ":":
        if doc[j].pos_ in {"VERB"} or doc[j].text in {",", ";", ".", "\n"} and doc[j].text != ",":
            return None
        j += 1
    if j >= sent_end or doc[j].text != ":" or j + 1 >= len(doc):
        return None
    start = j + 1
    while start < len(doc) and doc[start].is_space:
        start += 1
    if start >= len(doc) or "\n" in doc_text(doc)[doc[j].idx : doc[start].idx]:
        return None
    q = quote_at(doc, doc[start].idx)
    if q is not None:
        return token_range(doc, q.start, q.end)
    end = next((t.i for t in doc[start:] if t.text in {".", "!", "?"} or "\n" in t.text), len(doc))
    return trim(doc, (start, end)) if end > start else None


def copula_that_clause(noun: Token) -> Range | None:
    """'His argument is that the tax would hurt small firms': the clause after the copula whose
    subject is the statement noun."""
    be = noun.head
    for c in be.children:
        if c.i > be.i and c.dep_ in {"ccomp", "attr", "acomp", "advcl"} and any(
                m.lower_ == "that" and m.dep_ == "mark" for m in c.children):
            return trim(noun.doc, subtree_range(c))
    return None


def following_that_clause(doc: Doc, noun: Token, lex: Lexicon) -> Range | None:
    """'Ottawa’s charges against New Delhi, namely that its agents plotted the killing'.

    The parser often hangs the that-clause on the main verb; take it when it follows the noun
    phrase directly (optional comma and 'namely'), up to the next comma or the sentence end.
    """
    i = subtree_range(noun)[1]
    sent_end = noun.sent.end
    if i < sent_end and doc[i].text == ",":
        i += 1
    if i < sent_end and doc[i].lower_ in lex.words.namely:
        if doc[i].lower_ != "that":
            i += 1
        if i < sent_end and doc[i].lower_ == "that" and doc[i].dep_ == "mark":
            j = i + 1
            while j < sent_end and doc[j].text not in {",", ";", ".", "—", "–"}:
                j += 1
            return trim(doc, (i + 1, j))
    return None
