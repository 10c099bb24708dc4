"""Pass `quotes`: direct quotes widen contents, continue claims, and quote paragraphs inherit
their speaker.
"""

from __future__ import annotations

import bisect
from dataclasses import replace

from spacy.tokens import Doc

from ..lexicon import Lexicon
from .base import (
    BASE_CONFIDENCE,
    OPEN_MARKS,
    Found,
    char_range,
    doc_quotes,
    doc_text,
    merge_ranges,
    para_index,
    paragraph_bounds,
    quote_at,
    quote_ending_at,
    quote_index,
    token_range,
)
from .registry import rule


@rule("quotes", "pass")
def quotes_pass(doc: Doc, lex: Lexicon, found: list[Found]) -> list[Found]:
    """Attach direct quotes: widen contents to whole quotes, split quotes, quote paragraphs.

    Notes:
        `“X,” he said, “Y.”` — the parser gives two clausal complements, which `verb_cues`
        already turns into two fragments; here a content lying inside a quotation is widened to
        the whole quotation (marks included), which also covers multi-sentence quotes. A
        paragraph that is only a quotation, with no cue, inherits the speaker of the previous
        paragraph's last direct-quote claim (rule `quote.inherit`).
    """
    quotes = doc_quotes(doc)
    if not quotes:
        return found
    out = []
    used: set[int] = set()
    # quotes are in order and do not overlap: only those from the first one ending at or after a
    # content's start to the last one starting before its end can touch it (no scan of all quotes
    # per content: thousands of quote marks would make that quadratic)
    ends = [q.end for q in quotes]
    text = doc_text(doc)
    for f in found:
        new_content = []
        cue_char = doc[f.cue[0][0]].idx
        for rng in f.content:
            cs, ce = char_range(doc, rng)
            widened = rng
            for qi in range(bisect.bisect_left(ends, cs), len(quotes)):
                q = quotes[qi]
                if q.start > ce:
                    break
                inner_s, inner_e = q.inner
                # content inside a quote and covering a good part of it, or running from its
                # opening mark, or (the tag after the quote: “A. B. C,” said X, where the parser
                # hangs only the last sentence on the cue) running to its closing mark -> the whole quote
                if q.start <= cs and ce <= q.end and (
                    (ce - cs) >= 0.5 * (inner_e - inner_s)
                    or cs - q.start <= 2
                    or (q.closed and inner_e - ce <= 2 and cue_char >= q.end)
                ):
                    tr = token_range(doc, q.start, q.end)
                    if tr:
                        widened = (min(tr[0], rng[0]), max(tr[1], rng[1]))
                        used.add(qi)
                    break
                # a quotation opening inside the content and closing after it, in the same
                # paragraph (“officials "plied the detective with a theory. ... he sat in a cell."”):
                # the content runs to the closing mark
                if cs < q.start < ce < q.end and q.closed and (cue_char < cs or cue_char >= q.end) and "\n" not in text[ce : q.end]:
                    tr = token_range(doc, q.start, q.end)
                    if tr:
                        widened = (rng[0], max(tr[1], rng[1]))
                        used.add(qi)
                    break
                if cs <= q.start and q.end <= ce:
                    used.add(qi)
            new_content.append(widened)
        merged = merge_ranges(new_content)
        # a widened quote must not swallow the cue or the source
        if any(s <= f.cue[0][0] < e for s, e in merged) or (f.source and any(s <= f.source[0] < e for s, e in merged)):
            merged = f.content
        out.append(replace(f, content=merged, rule=f.rule if merged == f.content else f.rule + "+quote"))
    out = [_split_quote_tail(doc, f, quotes, used) for f in out]
    out = [_split_quote_head(doc, f, used, out) for f in out]
    out = _run_on_paragraphs(doc, quotes, out, used)
    # a quoted sentence right after a direct-quote claim continues it:
    # “This is unacceptable,” said the minister. “We will not tolerate it.”
    cue_sents = {doc[f.cue[0][0]].sent.start for f in out}
    quoting: dict[int, list[int]] | None = None
    for qi, q in enumerate(quotes):
        if qi in used:
            continue
        tr = token_range(doc, q.start, q.end)
        if tr is None:
            continue
        sent = doc[tr[0]].sent
        if sent.start in cue_sents or doc[sent.start : tr[0]].text.strip():
            continue
        prev_sent_start = doc[sent.start - 1].sent.start if sent.start > 0 else -1
        if quoting is None:
            # direct-quote claims by the sentence of their last fragment, in `out` order; also a
            # sourced reported statement that ends its sentence ("Wilkins said Warhol was a
            # businessman. “He was very prolific.”": the untagged quotation is the same speaker's)
            # (not a nested one: "Heald noted the findings show X. “...”" is Heald's, not the findings')
            quoting = {}
            inner_cues = {g.cue[0][0] for g in out for h in out if h is not g and any(s <= g.cue[0][0] < e for s, e in h.content)}
            for i, f in enumerate(out):
                if "quote" in f.rule or (
                    f.source and f.act != "evidence" and f.cue[0][0] not in inner_cues and _ends_sentence(doc, f.content[-1])
                ):
                    quoting.setdefault(doc[f.content[-1][0]].sent.start, []).append(i)
        cands = quoting.get(prev_sent_start)
        if not cands or "\n" in doc_text(doc)[doc[out[cands[-1]].content[-1][1] - 1].idx : q.start]:
            continue
        idx = cands.pop()
        f = out[idx]
        if "quote" in f.rule:
            out[idx] = replace(f, content=f.content + [tr], rule=f.rule if f.rule.endswith("+quote") else f.rule + "+quote")
        elif doc[tr[1] : sent.end].text.strip(" \n\t.,;:!?"):
            cands.append(idx)  # words after the quotation (a tag the rules missed): not an untagged quote
            continue
        else:  # after a reported statement: a statement of its own, by the same speaker
            act = f.act if f.act not in {"intention", "position", "evidence"} else "assertion"
            out.append(replace(f, content=[tr], rule="quote.follows", act=act, confidence=BASE_CONFIDENCE["inherit"], target=None))
            idx = len(out) - 1
        bisect.insort(quoting.setdefault(sent.start, []), idx)
        used.add(qi)
    # quote paragraphs without a cue inherit the previous speaker
    paragraphs = paragraph_bounds(doc_text(doc))
    by_para: dict[int, list[Found]] = {}
    for f in out:
        p = para_index(paragraphs, doc[f.cue[0][0]].idx)
        by_para.setdefault(p, []).append(f)
    for qi, q in enumerate(quotes):
        if qi in used:
            continue
        p = para_index(paragraphs, q.start)
        ps, pe = paragraphs[p]
        para_text = doc_text(doc)[ps:pe].strip()
        if not para_text or q.start != ps + (len(doc_text(doc)[ps:pe]) - len(doc_text(doc)[ps:pe].lstrip())):
            continue
        if (q.end - q.start) < len(para_text) * 0.9 or p in by_para:
            continue
        prev = next((by_para[k][-1] for k in range(p - 1, max(-1, p - 3), -1) if k in by_para), None)
        if prev is None or "quote" not in prev.rule and "quote" not in prev.frames:
            continue
        tr = token_range(doc, q.start, q.end)
        if tr is None:
            continue
        out.append(
            replace(
                prev,
                content=[tr],
                rule="quote.inherit",
                confidence=BASE_CONFIDENCE["inherit"],
                target=None,
            )
        )
    return out


def _run_on_paragraphs(doc: Doc, quotes: list, found: list[Found], used: set[int]) -> list[Found]:
    """A quotation left open at the end of its paragraph runs on into the next ones.

    Notes:
        News style opens every paragraph of a long quote with a quote mark and closes only the
        last one; some texts open the next paragraph without a mark and close it at its end. A
        claim whose last content fragment is an unclosed quote reaching its paragraph end takes,
        as further fragments, each following paragraph that opens with a quote mark (up to where
        that quote ends) or that has no opening mark before a closing one (up to the closing
        mark), until a quote closes. Nothing else crosses a paragraph boundary.
    """
    if not found:
        return found
    text = doc_text(doc)
    cue_chars = sorted(doc[f.cue_head].idx for f in found if f.cue_head >= 0)
    spans = [(g, *char_range(doc, rng)) for g in found for rng in g.content]
    by_start = {q.start: (qi, q) for qi, q in enumerate(quotes)}
    unclosed_ends = {q.end: q for q in quotes if not q.closed}
    out = []
    for f in found:
        last_end = doc[f.content[-1][1] - 1].idx + len(doc[f.content[-1][1] - 1].text)
        q = unclosed_ends.get(last_end) or unclosed_ends.get(last_end + 1)
        if q is None or "quote" not in f.rule:
            out.append(f)
            continue
        content = list(f.content)
        pos = q.end
        for _ in range(20):  # a quote of twenty paragraphs is already an outlier
            nxt = _next_paragraph(text, pos)
            if nxt is None:
                break
            ps, pe = nxt

            def tagged(end: int) -> bool:
                """A cue inside the run-on part, or a claim of its own on it ("“...,” he added"): another statement."""
                k = bisect.bisect_left(cue_chars, ps)
                if k < len(cue_chars) and cue_chars[k] < end:
                    return True
                return any(s < end and ps < e for g, s, e in spans if g is not f)

            if ps in by_start:
                qi, nq = by_start[ps]
                if tagged(nq.end):
                    break
                rng = token_range(doc, nq.start, nq.end)
                if rng is None:
                    break
                content.append(rng)
                used.add(qi)
                if nq.closed:
                    break
                pos = nq.end
                continue
            close = _closing_mark(text, ps, pe)
            if close is None or tagged(close):
                break
            rng = token_range(doc, ps, close + 1)
            if rng is not None:
                content.append(rng)
            break
        if len(content) > len(f.content):
            f = replace(f, content=content, rule=f.rule if f.rule.endswith("+quote") else f.rule + "+quote")
        out.append(f)
    return out


def _next_paragraph(text: str, pos: int) -> tuple[int, int] | None:
    """(start, end) of the next non-blank line after offset `pos`, or None."""
    nl = text.find("\n", pos)
    while nl != -1:
        start = nl + 1
        end = text.find("\n", start)
        end = len(text) if end == -1 else end
        line = text[start:end]
        if line.strip():
            return start + (len(line) - len(line.lstrip())), end
        nl = end if end < len(text) else -1
    return None


def _closing_mark(text: str, start: int, end: int) -> int | None:
    """Offset of a closing quote mark in a paragraph that has no opening mark before it."""
    for i in range(start, end):
        ch = text[i]
        if ch in ("\u201c", "\u00ab", "\u201e"):
            return None
        if ch in ("\u201d", "\u00bb") or (ch == '"' and i > start and not text[i - 1].isspace()):
            return i
    return None


def _split_quote_tail(doc: Doc, f: Found, quotes: list, used: set[int]) -> Found:
    """'“I don’t know,” he said, “but we will find out.”': the parser may make the second half the
    sentence's head and the tag its aside; a quotation opening right after the tag of a claim whose
    quotation came before it is the rest of the same statement."""
    if "quote" not in f.rule or not f.content:
        return f
    tag_end = max(f.cue[-1][1], f.source[1] if f.source else 0)
    if doc[f.content[-1][1] - 1].i >= f.cue[0][0]:
        return f  # the content does not come before the tag
    j = tag_end
    while j < len(doc) and j - tag_end < 3 and (doc[j].text in {",", ":"} or doc[j].is_space):
        j += 1
    if j >= len(doc) or doc[j].text not in OPEN_MARKS or "\n" in doc_text(doc)[doc[tag_end - 1].idx : doc[j].idx]:
        return f
    q = quote_at(doc, doc[j].idx)
    if q is None:
        return f
    qi = quote_index(doc, q)
    if qi in used:
        return f
    rng = token_range(doc, q.start, q.end)
    if rng is None or any(s <= rng[0] < e for s, e in f.content):
        return f
    used.add(qi)
    return replace(f, content=f.content + [rng])


def _split_quote_head(doc: Doc, f: Found, used: set[int], found: list[Found]) -> Found:
    """'“The plan,” he said, “will create jobs.”': when the parser makes the second half the head and
    the tag its aside, the rules find only the quotation after the tag; a quotation ending with a
    comma right before the tag's source, in the same sentence and not the content of another claim,
    is the first half of the same statement."""
    if not f.content or f.source is None:
        return f
    tag_start = min(f.cue[0][0], f.source[0])
    first = f.content[0]
    if first[0] < max(f.cue[-1][1], f.source[1]) or doc[first[0]].text not in OPEN_MARKS:
        return f  # the content does not open with a quotation after the tag
    j = tag_start - 1
    while j >= 0 and doc[j].is_space:
        j -= 1
    if j < 0 or doc[j].sent.start != doc[tag_start].sent.start:
        return f
    q = quote_ending_at(doc, doc[j].idx + len(doc[j].text))
    if q is None or quote_index(doc, q) in used:
        return f
    inner = doc_text(doc)[q.inner[0] : q.inner[1]].rstrip()
    if not inner.endswith(",") or "\n" in doc_text(doc)[q.start : doc[first[0]].idx]:
        return f  # a split quote's first half ends with a comma ('“A,” he said, “B.”')
    rng = token_range(doc, q.start, q.end)
    if rng is None or any(s < rng[1] and rng[0] < e for g in found for s, e in g.content):
        return f
    used.add(quote_index(doc, q))
    return replace(f, content=[rng] + f.content, rule=f.rule if "quote" in f.rule else f.rule + "+quote")


def _ends_sentence(doc: Doc, rng: tuple[int, int]) -> bool:
    """Only punctuation or space follows the token range up to its sentence's end."""
    sent = doc[rng[0]].sent
    return all(t.is_punct or t.is_space for t in doc[rng[1] : sent.end])
