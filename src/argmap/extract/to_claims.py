"""Doc -> Claims: the extraction boundary. No spaCy object goes past this module.

Token ranges become character offsets into the document text; each claim carries its document,
rule (with the source/cue/content layout code), confidence and the sentence it came from.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from spacy.tokens import Doc

from ..model import Claim, ClaimSpans, Document, SpeechAct
from .quotes import Quote, find_quotes
from .rules import Found, Range


@dataclass(frozen=True)
class Entity:
    """A named entity mention, kept as offsets for actor resolution."""

    start: int
    end: int
    label: str
    text: str


def _chars(doc: Doc, rng: Range, shift: int = 0) -> tuple[int, int]:
    """The character offsets of a token range, without the whitespace tokens at its ends (spaCy
    makes a token of a paragraph break after another break: a span never starts with one)."""
    s, e = rng
    while s < e - 1 and doc[s].is_space:
        s += 1
    while e - 1 > s and doc[e - 1].is_space:
        e -= 1
    return doc[s].idx + shift, doc[e - 1].idx + len(doc[e - 1].text) + shift


def chunk_bounds(text: str, size: int = 100_000) -> list[tuple[int, int]]:
    """Split a long text into pieces of at most about `size` characters, at paragraph ends when possible.

    Long documents are parsed piece by piece (the parser's memory grows with the text); attributions
    do not cross paragraphs, so nothing is lost at the cuts.
    """
    out, start, n = [], 0, len(text)
    while n - start > size:
        cut = text.rfind("\n", start + size // 2, start + size)
        if cut == -1:
            cut = text.rfind(". ", start + size // 2, start + size)
            cut = cut + 1 if cut != -1 else start + size
        out.append((start, cut + 1 if text[cut : cut + 1] == "\n" else cut))
        start = out[-1][1]
    out.append((start, n))
    return out


def to_claims(doc: Doc, document: Document, offset: int = 0, *, quotes: list[Quote] | None = None
              ) -> tuple[list[Claim], list[Entity]]:
    """Turn the attributions on `doc` (set by the argmap_attributions component) into claims.

    Args:
        doc: a Doc of `document.text` processed by a pipeline with `argmap_attributions`.
        document: the stored document the offsets refer to.
        offset: where `doc`'s text starts in the document text (for long documents parsed in pieces).
        quotes: `find_quotes(document.text)`, when the caller has it already (a document parsed in
            many pieces need not scan its whole text once per piece).

    Returns:
        (claims in document order, named-entity mentions as offsets)
    """
    from .components import AttributionComponent  # noqa: F401  (extension registered)

    found: list[Found] = doc._.argmap_attributions or []
    text = document.text
    quotes = find_quotes(text) if quotes is None else quotes
    # quotes are in text order and do not overlap (`find_quotes`), so their ends are sorted too: a
    # claim looks only at those that can lie within its content, not at every quote of the document
    quote_starts = [q.start for q in quotes]
    quote_ends = [q.end for q in quotes]
    claims: list[Claim] = []
    seen: set[str] = set()
    for f in found:
        content = [_chars(doc, r, offset) for r in f.content]
        cue = [_chars(doc, r, offset) for r in f.cue]
        source = [_chars(doc, f.source, offset)] if f.source else []
        spans = ClaimSpans(content=content, cue=cue, source=source)
        cid = Claim.make_id(document.id, spans)
        if cid in seen:
            continue
        seen.add(cid)
        fragments = [text[s:e] for s, e in content]
        inner_quotes = []
        # a quote inside a content span (whole, or its inner text) ends at or after the span's
        # start and starts at or before its end (the inner text lies within the quote marks)
        lo = min((s for s, _ in content), default=0)
        hi = max((e for _, e in content), default=-1)
        for q in quotes[bisect.bisect_left(quote_ends, lo) : bisect.bisect_right(quote_starts, hi)]:
            qs, qe = q.inner
            if any(s <= q.start and q.end <= e for s, e in content) or any(s <= qs and qe <= e for s, e in content):
                inner_quotes.append(text[qs:qe])
        first = min([content[0][0], cue[0][0]] + ([source[0][0]] if source else []))
        last = max([content[-1][1], cue[-1][1]] + ([source[-1][1]] if source else []))
        sent_start = doc[doc.char_span(first - offset, first - offset + 1, alignment_mode="expand").start].sent.start_char + offset
        sent_end = doc[doc.char_span(last - offset - 1, last - offset, alignment_mode="expand").start].sent.end_char + offset
        claims.append(
            Claim(
                id=cid,
                document=document.id,
                actor=None,
                source_text=text[source[0][0] : source[0][1]] if source else None,
                cue=" ".join(text[s:e] for s, e in cue),
                cue_lemma=f.lemma,
                kind=SpeechAct(f.act) if f.act in SpeechAct.__members__ else SpeechAct.assertion,
                text=" … ".join(fragments),
                quotes=inner_quotes,
                spans=spans,
                sentence=(sent_start, sent_end),
                target=(text[slice(*_chars(doc, f.target, offset))] if f.target else None),
                hedged=f.hedged,
                confidence=f.confidence,
                rule=f"{f.rule}:{f.layout()}",
            )
        )
    ents = [Entity(e.start_char + offset, e.end_char + offset, e.label_, e.text) for e in doc.ents]
    return claims, ents
