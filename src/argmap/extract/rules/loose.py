"""Passes that do not rest on one attachment of the parser.

* `loose_complement` — a cue verb the parse gave no content, followed (after its object or
  adverbials) by a that-clause, a colon or a comma and a quotation: "She told a gathering of farm
  leaders that few people understood ..." (the small model hangs the clause on *gathering*), "The
  senator tweeted late on Sunday that ...", "The report states that ..." (*that* read as an object),
  "Obama tweeted using his account: “...”", "Stan commented on the cocktail, “...”".
* `quote_before_tag` — a speech cue right after a quotation and its speaker ("the mayor said.", "he
  asked", "Trump told supporters"), with no content of its own, however the parser cut the
  sentences or attached the tag ("“How often must this happen?” the mayor said.").
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Token

from ..lexicon import Cue, Lexicon
from .base import (
    BASE_CONFIDENCE,
    OPEN_MARKS,
    SPEAKER_ENTS,
    SUBJ,
    Found,
    climb_for_subject,
    doc_text,
    has_deontic,
    is_passive,
    is_speaker,
    not_asserted,
    quote_at,
    quote_ending_at,
    source_range,
    speaker_act,
    subject_of,
    token_range,
    told_clause,
    trim,
    verb_entry,
)
from .registry import rule

#: finite verb tags: a finite verb between the cue and a marker starts another clause
FINITE = {"VBD", "VBZ", "VBP", "MD"}
#: how far after the cue a that / colon / quote may start (tokens)
WINDOW = 14


def _cue_entry(tok: Token, lex: Lexicon) -> Cue | None:
    if tok.pos_ not in {"VERB", "AUX"} or tok.dep_ in {"amod", "compound"}:
        return None
    entry = verb_entry(tok, lex)
    if entry is None or not ({"ccomp", "quote"} & set(entry.frames)):
        return None
    return entry


def _speaker(tok: Token, lex: Lexicon, act: str) -> tuple[Token | None, str] | None:
    """The cue's subject (or the subject up the tree) if it can speak; None if there is none."""
    subj = subject_of(tok, lex)
    if subj is None:
        subj = climb_for_subject(tok, lex)
    if subj is None:
        return None
    got = speaker_act(subj, act, lex, tok.lemma_.lower())
    return (subj, got) if got is not None else None


def _that_clause(doc: Doc, that: Token, sent_end: int, lex: Lexicon) -> int | None:
    """The end of a that-clause opened by `that`, or None: the first verb after it has a subject of
    its own, and that subject opens the clause ("that few people understood ..."), so neither a
    determiner ("help her show that stuff, and I wanted ...") nor a relative pronoun qualifies."""
    if that.dep_ == "det":
        return None
    if that.dep_ == "mark":  # the parser itself read a complementiser, whatever it hung the clause on
        return sent_end if any(v.pos_ in {"VERB", "AUX"} for v in doc[that.i + 1 : sent_end]) else None
    before = doc[that.i - 1] if that.i else None
    if before is not None and before.pos_ in {"NOUN", "PROPN", "PRON"} and not is_speaker(before, lex):
        return None  # "a story that she had heard": "that" read as a pronoun after a thing is a relative
    for v in doc[that.i + 1 : sent_end]:
        if v.pos_ in {"VERB", "AUX"} and v.dep_ not in {"amod", "compound", "aux", "auxpass"}:
            subj = [c for c in v.children if c.dep_ in SUBJ | {"nsubjpass", "expl"} and that.i < c.i < v.i]
            if not subj or subj[0].left_edge.i > that.i + 3 or any(t.is_punct for t in doc[that.i + 1 : subj[0].left_edge.i]):
                return None
            return sent_end
    return None


@rule("loose_complement", "pass")
def loose_complement(doc: Doc, lex: Lexicon, found: list[Found]) -> list[Found]:
    """Cue verbs with no content yet whose that-clause, colon or quotation follows their object."""
    have = {f.cue_head for f in found}
    cues = frozenset(have)
    out = [_object_then_colon(doc, f, cues) for f in found]
    for tok in doc:
        if tok.i in have:
            continue
        entry = _cue_entry(tok, lex)
        if entry is None or has_deontic(tok, lex) or not_asserted(tok, lex) or is_passive(tok):
            continue  # a passive cue ("was meant to show that ...") is the frames' business
        if any(c.dep_ == "ccomp" or (c.dep_ == "xcomp" and "xcomp" in entry.frames) for c in tok.children):
            continue  # the parse has a complement: the frames decided on it ("tweeted using X: ..." has none)
        sent_end = tok.sent.end
        content = _addressee_clause(tok, lex)
        how = "loose.after_object"
        if content is None and (content := _object_clause(tok)) is not None:
            how = "loose.object_clause"
        for j in range(tok.i + 1, min(len(doc), tok.i + 1 + WINDOW)) if content is None else ():
            t = doc[j]
            if "\n" in t.text or t.tag_ in FINITE or t.text in {";", "."}:
                break
            if t.lower_ == "that" and j > tok.i:
                # the clause ends with the sentence the parser gave, or at the first full stop in it
                stop = next((k.i for k in doc[j + 1 : sent_end] if k.text in {".", "?", "!"}), sent_end)
                end = _that_clause(doc, t, stop, lex)
                if end is not None:
                    content = trim(doc, (j + 1, end))
                break
            if t.text == ":" and (after := paragraph_after_colon(doc, t, cues)) is not None:
                content = after  # "Obama tweeted using his account:\n\n“Cool clock ...”"
                break
            if t.text in {":", ","} and j + 1 < len(doc) and (t.text == ":" or doc[j + 1].text in OPEN_MARKS):
                start_char = doc[j + 1].idx
                q = quote_at(doc, start_char)
                if q is not None:
                    content = token_range(doc, q.start, q.end)
                elif t.text == ":":
                    # up to the end of the sentence: the first full stop after the colon, within the paragraph
                    para_end = doc_text(doc).find("\n", start_char)
                    para_end = len(doc_text(doc)) if para_end == -1 else para_end
                    stop = next((k for k in doc[j + 1 :] if k.idx >= para_end or k.text in {".", "?", "!"}), None)
                    rng = token_range(doc, start_char, min(para_end, stop.idx) if stop is not None else para_end)
                    content = trim(doc, rng) if rng else None
                    if content and not any(k.pos_ in {"VERB", "AUX"} for k in doc[content[0] : content[1]]):
                        content = None  # "NASA tweeted: Twitter / NASA" is a credit line, not a statement
                break
        if content is None:
            continue
        got = _speaker(tok, lex, entry.act)
        if got is None:
            continue
        subj, act = got
        source = source_range(subj)
        if content[0] <= source[0] < content[1]:
            continue
        out.append(Found(cue=[(tok.i, tok.i + 1)], content=[content], source=source, rule=how,
                         lemma=tok.lemma_.lower(), act=act, confidence=BASE_CONFIDENCE["ccomp"] - 0.2, cue_head=tok.i,
                         frames=entry.frames))
    return out


def paragraph_after_colon(doc: Doc, colon: Token, cues: frozenset[int] = frozenset()) -> tuple[int, int] | None:
    """The paragraph a colon that ends its paragraph introduces ("The company denied the allegations:"
    then a paragraph of what it said), as a token range: the quotation that opens it (a quotation
    that runs on into later paragraphs is cut at the end of the first: a content stays in one
    paragraph), else the paragraph up to the first later sentence that holds a cue of its own (token
    indices `cues`: "They also claimed ..." is another statement), which must have a verb. None when
    the colon does not end its paragraph, nothing follows, or the first sentence after it has a cue of
    its own (it is that cue's statement: "Meanwhile, the opposition said ...")."""
    text = doc_text(doc)
    end = colon.idx + len(colon.text)
    gap = len(text) - end - len(text[end:].lstrip())
    if "\n" not in text[end : end + gap] or end + gap >= len(text):
        return None
    start = end + gap
    stop = text.find("\n", start)
    stop = len(text) if stop == -1 else stop
    q = quote_at(doc, start)
    if q is not None:
        stop = min(stop, q.end)
    rng = token_range(doc, start, len(text[:stop].rstrip()))
    if rng is None:
        return None
    first = doc[rng[0]].sent
    if any(first.start <= i < first.end for i in cues):
        return None  # "Meanwhile, the opposition said ...", '"We never fired," the spokesman said': another tag's
    later = [doc[i].sent.start for i in cues if first.end <= i < rng[1]]
    if later:
        rng = trim(doc, (rng[0], min(later))) or rng
    if not any(k.pos_ in {"VERB", "AUX"} for k in doc[rng[0] : rng[1]]):
        return None
    return rng


def _object_then_colon(doc: Doc, f: Found, cues: frozenset[int]) -> Found:
    """'In a statement, the Church denied these allegations:' then a paragraph: the object only points
    at what was said, the paragraph after the colon is the content."""
    if f.rule != "verb.dobj" or len(f.content) != 1 or f.content[0][1] >= len(doc):
        return f
    colon = doc[f.content[0][1]]
    if colon.text != ":":
        return f
    after = paragraph_after_colon(doc, colon, cues)
    return f if after is None else replace(f, content=[after], rule="verb.dobj+colon")


def _object_clause(tok: Token) -> tuple[int, int] | None:
    """'The scientists found reduction of crop yields by 2050 exceeded 10%': a reported clause without
    "that" that the parser split into the cue's object and a subjectless finite verb conjoined to the
    cue. The object opens the clause, the verb's subtree ends it; only prepositional phrases of the
    cue may stand between them, no conjunction."""
    doc = tok.doc
    obj = next((c for c in tok.children if c.dep_ == "dobj" and c.i > tok.i), None)
    if obj is None:
        return None
    verb = next((c for c in tok.children if c.dep_ == "conj" and c.i > obj.i), None)
    if (verb is None or verb.tag_ not in {"VBD", "VBZ", "VBP"} or any(c.dep_ in SUBJ | {"nsubjpass", "expl"} for c in verb.children)
            or any(c.dep_ == "aux" for c in verb.children)):
        return None
    k = obj.right_edge.i + 1
    while k < verb.i:
        between = doc[k]
        if between.dep_ != "prep" or between.head != tok:
            return None
        k = between.right_edge.i + 1
    return trim(doc, (obj.left_edge.i, verb.right_edge.i + 1))


def _addressee_clause(tok: Token, lex: Lexicon) -> tuple[int, int] | None:
    """'Smith told the court he had acted in self-defence': the clause the parser hung on the object
    of a cue whose object is who is told (`base.told_clause`) is the content."""
    if tok.lemma_.lower() not in lex.words.addressee_verbs:
        return None
    obj = next((c for c in tok.children if c.dep_ in {"dobj", "dative"} and c.i > tok.i), None)
    rel = told_clause(obj, lex) if obj is not None else None
    if rel is None or tok.doc[obj.i + 1].lower_ == "that":
        return None  # "told the court that ...": the that-clause scan below takes it
    return trim(tok.doc, (rel.left_edge.i, rel.right_edge.i + 1))


@rule("trailing_tag", "pass")
def trailing_tag(doc: Doc, lex: Lexicon, found: list[Found]) -> list[Found]:
    """'Most Americans think the country is on the wrong track, a new poll shows.': a tag closing
    its sentence after a comma, whose verb the tagger read as a noun ("shows", "says", "finds"). The
    sentence before the comma is its content; a claim the parser ran into the tag stops at the comma."""
    have = {f.cue_head for f in found}
    out = list(found)
    for sent in doc.sents:
        words = [t for t in sent if not t.is_space]
        while words and words[-1].is_punct and words[-1].text not in {","}:
            words.pop()  # the final stop and a closing mark
        if len(words) < 5:
            continue
        cue = words[-1]
        if cue.i in have or cue.pos_ in {"VERB", "AUX"} or cue.tag_ not in {"NNS", "NN", "VBZ"}:
            continue
        entry = lex.verbs.get(cue.lemma_.lower()) or verb_entry(cue, lex)
        if entry is None or not ({"ccomp", "quote"} & set(entry.frames)) or not cue.lower_.endswith("s"):
            continue
        k = len(words) - 2  # back over the speaker ("a new poll", "experts") to the comma
        while k >= 0 and words[k].pos_ in {"DET", "ADJ", "NOUN", "PROPN", "NUM"} and len(words) - 2 - k < 6:
            k -= 1
        if k < 2 or words[k].text != "," or k == len(words) - 2:
            continue
        speaker = words[-2]
        act = speaker_act(speaker, entry.act, lex, entry.lemma) if speaker.pos_ in {"NOUN", "PROPN"} else None
        if act is None:
            continue
        comma = words[k].i
        content = trim(doc, (sent.start, comma))
        if content is None or not any(t.pos_ in {"VERB", "AUX"} for t in doc[content[0] : content[1]]):
            continue  # a clause before the comma, not "Of many, many questions
        for n, f in enumerate(out):  # a claim run into the tag ends at the comma
            cut = [(s, min(e, comma)) for s, e in f.content if s < comma]
            if cut != f.content and cut and sent.start <= f.cue_head < comma and any(e > comma for _, e in f.content):
                out[n] = replace(f, content=[trim(doc, r) or r for r in cut])
        out.append(Found(cue=[(cue.i, cue.i + 1)], content=[content], source=(words[k + 1].i, cue.i), rule="loose.trailing_tag",
                         lemma=entry.lemma, act=act, confidence=BASE_CONFIDENCE["ccomp"] - 0.2, cue_head=cue.i,
                         frames=entry.frames))
    return out


@rule("quote_before_tag", "pass")
def quote_before_tag(doc: Doc, lex: Lexicon, found: list[Found]) -> list[Found]:
    """'“How often must this happen?” the mayor said.', '“We will win,” Trump told supporters.': a
    speech cue right after a quotation and its speaker, with nothing of its own to report, takes the
    quotation -- however the parser cut the sentences or attached the tag."""
    have = {f.cue_head for f in found}
    out = list(found)
    for tok in doc:
        if tok.i in have or tok.pos_ not in {"VERB", "AUX"}:
            continue
        entry = verb_entry(tok, lex)
        if entry is None or "quote" not in entry.frames or has_deontic(tok, lex) or not_asserted(tok, lex):
            continue
        if any(c.dep_ in {"ccomp", "xcomp", "oprd"} for c in tok.children):
            continue  # the tag has a content of its own
        k = tok.i - 1  # back over the speaker ("the mayor", "Trump") to the closing mark
        while k >= 0 and tok.i - k <= 6 and doc[k].pos_ in {"PROPN", "NOUN", "DET", "ADJ", "NUM", "PRON"}:
            k -= 1
        while k >= 0 and doc[k].is_space:
            k -= 1
        if k < 0 or doc[k].text not in CLOSING or "\n" in doc_text(doc)[doc[k].idx : tok.idx]:
            continue
        q = quote_ending_at(doc, doc[k].idx + 1)
        if q is None:
            continue
        speaker = _tag_speaker(doc, k + 1, tok, lex)
        if speaker is None:
            continue
        subj, act = speaker
        content = token_range(doc, q.start, q.end)
        if content is None:
            continue
        out.append(Found(cue=[(tok.i, tok.i + 1)], content=[content], source=source_range(subj) if subj.i > tok.i else
                         (_first_word(doc, k + 1, tok.i), tok.i), rule="quote.before_tag", lemma=entry.lemma, act=act,
                         confidence=BASE_CONFIDENCE["quote"] - 0.1, cue_head=tok.i, frames=entry.frames))
    return out


#: closing quote marks a tag can follow
CLOSING = {"\u201d", '"', "\u00bb", "\u2019", "'"}


def _first_word(doc: Doc, start: int, end: int) -> int:
    while start < end and (doc[start].is_space or doc[start].is_punct):
        start += 1
    return start


def _tag_speaker(doc: Doc, start: int, cue: Token, lex: Lexicon) -> tuple[Token, str] | None:
    """The speaker of a tag: the words between the quotation and the cue ("the mayor said"), or the
    subject / name after the cue ("said the mayor", "added KCNA")."""
    act = _act(cue, lex)
    words = [t for t in doc[start : cue.i] if not t.is_space and not t.is_punct]
    if words:
        head = words[-1]
        got = speaker_act(head, act, lex, cue.lemma_.lower())
        if got is None and (head.ent_type_ in SPEAKER_ENTS or head.pos_ == "PROPN"):
            got = act  # a name the speaker test does not know
        return (head, got) if got is not None else None
    after = subject_of(cue, lex)
    if after is None or after.i < cue.i:
        # '“Is this the end?” asked one protester': the parser may make the quotation the subject
        after = next((c for c in cue.children if c.dep_ in {"dobj", "npadvmod", "nsubj"} and c.i > cue.i
                      and (c.pos_ == "PROPN" or is_speaker(c, lex))), None)
    if after is None or after.i < cue.i:
        return None
    return after, speaker_act(after, act, lex) or act


def _act(cue: Token, lex: Lexicon) -> str:
    entry = verb_entry(cue, lex)
    return entry.act if entry is not None else "assertion"
