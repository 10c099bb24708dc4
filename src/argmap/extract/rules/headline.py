"""Speech without a reporting verb.

Rule `colon_quote`: a speaker, a colon or a dash, then a quotation, with no verb at all.

Headlines, captions and interview lines: "Minister on the border: “We were attacked”", "Ruiz —
“We will not back down.”", "Trump on Clinton: 'She is a liar'". The source is the noun phrase
before the mark (cut before "on ...", the topic); nothing between it and the mark may be a verb,
and the quotation must open right after the mark. A colon after a verb ("The governor added: ...")
is `loose_complement`'s.

Rule `dash_byline`: "We will not back down. — Ana Ruiz, union leader" -- a paragraph (an epigraph,
a block quote, a pull quote) signed at its end with a dash and a name.

Rule `quotative_like`: "I was like, “Are you serious?”" -- the conversational quotative.

Rule `speaker_label`: "John Smith: We will not sell." -- a transcript's paragraph opened by its speaker.

Rule `headline_verb`: "Greek court rules worship of ancient deities is legal", "Mayor claims city
budget is balanced" -- a headline's present-tense reporting verb the parser read as a noun or a
subject ("rules" as the subject of "is", "claims" as a compound).
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc

from ..lexicon import Lexicon
from .base import (
    BASE_CONFIDENCE,
    OPEN_MARKS,
    SPEAKER_ENTS,
    SUBJ,
    Found,
    doc_text,
    is_speaker,
    paragraph_bounds,
    quote_at,
    source_range,
    token_range,
    verb_entry,
)
from .registry import rule

#: marks between the speaker and the quotation
MARKS = {":", "—", "–", "-", "--"}
#: at most this many words in the speaker part ("Foreign Minister Ana Ruiz on the border")
MAX_WORDS = 10


@rule("colon_quote", "find")
def colon_quote(doc: Doc, lex: Lexicon) -> Iterator[Found]:
    """'Minister on the border: “We were attacked”': a verbless speaker line before a quotation."""
    text = doc_text(doc)
    for tok in doc:
        if tok.text not in MARKS or tok.i == 0:
            continue
        after = tok.idx + len(tok.text)
        while after < len(text) and text[after] == " ":
            after += 1
        q = quote_at(doc, after)
        if q is None or q.end - q.start < 4:
            continue
        # the speaker part: back to the start of the line or to a sentence end
        start = tok.i
        while start > 0 and "\n" not in doc[start - 1].text and doc[start - 1].text not in {".", "!", "?", "\u201d", '"'}:
            start -= 1
        part = doc[start : tok.i]
        # a capitalised word the small model tags as a verb in a headline ("Trump on Clinton:") is a name
        if not 0 < len(part) <= MAX_WORDS or any(t.pos_ in {"VERB", "AUX"} and not t.is_title for t in part):
            continue
        # the topic is not the speaker: "Minister on the border" -> "Minister"
        end = next((t.i for t in part if t.lower_ in lex.words.topic_preps and t.i > start), tok.i)
        names = [t for t in doc[start:end] if not t.is_punct and not t.is_space]
        if not names or any(t.lower_ in lex.words.headline_labels for t in names) or not any(_names_speaker(t, lex) for t in names):
            continue
        content = token_range(doc, q.start, q.end)
        if content is None:
            continue
        yield Found(cue=[(tok.i, tok.i + 1)], content=[content], source=(names[0].i, names[-1].i + 1), rule="colon_quote",
                    lemma=tok.text, act="assertion", confidence=BASE_CONFIDENCE["quote"] - 0.2, cue_head=tok.i,
                    frames=("quote",))


#: a dash that signs a paragraph, and at most this many words in the signature ("Ana Ruiz, union leader")
BYLINE_DASHES = {"—", "–", "--", "―"}
MAX_BYLINE_WORDS = 8


@rule("dash_byline", "find")
def dash_byline(doc: Doc, lex: Lexicon) -> Iterator[Found]:
    """'It is offensive beyond anything. — Rick Santorum': the signature at a paragraph's end names
    who said the rest of it.

    Notes:
        The dash must follow a sentence end (a full stop, a question or exclamation mark, or a
        closing quote mark: "... won the vote — Obama" is an apposition, not a signature) or, for an
        embedded post ("... pic.twitter.com/x — Ana Ruiz (@anaruiz) May 3, 2016"), a link or tag; the
        signature is a name (a capitalised word or a named entity first), optionally a comma and a
        role, with no verb; the signed text has at least four words. Source: the name, up to the
        comma; cue: the dash; content: the text from the paragraph start to the dash.
    """
    text = doc_text(doc)
    for ps, pe in paragraph_bounds(text):
        tail = text[ps:pe].rstrip()
        if len(tail) < 20:
            continue
        rng = token_range(doc, ps, ps + len(tail))
        if rng is None:
            continue
        toks = [t for t in doc[rng[0] : rng[1]] if not t.is_space]
        dash = next((t for t in reversed(toks[-(2 * MAX_BYLINE_WORDS + 4) :]) if t.text in BYLINE_DASHES), None)
        if dash is None or dash.i == toks[0].i:
            continue
        before = doc[dash.i - 1]
        link = before.like_url or before.text.startswith(("#", "@", "pic.twitter.com"))  # an embedded post ends with a link or a tag
        if before.text not in {".", "!", "?", "\u201d", '"', "\u00bb"} and not before.text.endswith((".", "!", "?")) and not link:
            continue
        sig = [t for t in toks if t.i > dash.i]
        words = [t for t in sig if not t.is_punct]
        if not words or len(words) > MAX_BYLINE_WORDS or any(t.pos_ in {"VERB", "AUX"} and not t.is_title for t in sig):
            continue
        if not (words[0].is_title or words[0].ent_type_ in SPEAKER_ENTS):
            continue
        # the name ends at a comma or a parenthesis ("Ana Ruiz, union leader", "Ana Ruiz (@anaruiz) May 3, 2016")
        comma = next((t.i for t in sig if t.text in {",", "("}), sig[-1].i + 1)
        name = [t for t in sig if t.i < comma and not t.is_punct]
        if not name or not any(t.is_title for t in name):
            continue
        signed = [t for t in toks if t.i < dash.i and not t.is_punct]
        if len(signed) < 4:
            continue
        end = dash.i
        while end > toks[0].i + 1 and (doc[end - 1].is_space or doc[end - 1].like_url or doc[end - 1].text.startswith("pic.twitter.com")):
            end -= 1  # the post's link is not what was said
        yield Found(cue=[(dash.i, dash.i + 1)], content=[(toks[0].i, end)], source=(name[0].i, name[-1].i + 1),
                    rule="dash_byline", lemma=dash.text, act="assertion", confidence=BASE_CONFIDENCE["quote"] - 0.2,
                    cue_head=dash.i, frames=("quote",))


#: at most this many words in a transcript's speaker label ("Senator Ana Ruiz:")
MAX_LABEL_WORDS = 4


@rule("speaker_label", "find")
def speaker_label(doc: Doc, lex: Lexicon) -> Iterator[Found]:
    """'John Smith: We will not sell.', 'TRUMP: It is rigged.': a paragraph of a transcript (an
    interview, a debate, a hearing) opened by its speaker's name and a colon.

    Notes:
        The label is one to four words at the paragraph start, no verb, no topic ("Trump on
        immigration:" is a headline, `colon_quote`'s), not a line label ("Update:", "Note:", "Q:"),
        and names a person or a speaking body: a person or organisation entity, a title-case or
        capitalised name that is not a place (a "PARIS:" dateline), or a speaker noun. The content is
        the rest of the paragraph, a clause (a verb) of at least three words.
    """
    text = doc_text(doc)
    for ps, pe in paragraph_bounds(text):
        rng = token_range(doc, ps, pe)
        if rng is None:
            continue
        toks = [t for t in doc[rng[0] : rng[1]] if not t.is_space]
        colon = next((t for t in toks[: MAX_LABEL_WORDS + 1] if t.text == ":"), None)
        if colon is None or colon.i == toks[0].i:
            continue
        label = [t for t in toks if t.i < colon.i]
        rest = [t for t in toks if t.i > colon.i]
        if any(t.pos_ in {"VERB", "AUX"} and not (t.is_title or t.is_upper) for t in label) or any(
                t.lower_ in lex.words.headline_labels or t.lower_ in lex.words.topic_preps for t in label):
            continue
        if any(t.ent_type_ in {"GPE", "LOC", "DATE", "TIME"} for t in label) or len(label) == 1 and len(label[0].text) < 2:
            continue
        if not all(t.is_title or t.is_upper or t.is_punct for t in label) or label[-1].text.endswith("."):
            continue  # "Ed.:", "Cont.:": an abbreviation labels a note
        if not any(t.ent_type_ in SPEAKER_ENTS or t.pos_ == "PROPN" or is_speaker(t, lex) or (t.is_upper and t.is_alpha)
                   for t in label if not t.is_punct):  # "RUIZ:" in a debate transcript
            continue
        if len([t for t in rest if not t.is_punct]) < 3 or not any(t.pos_ in {"VERB", "AUX"} for t in rest):
            continue
        if doc[rest[0].i].text in OPEN_MARKS and quote_at(doc, rest[0].idx) is not None:
            continue  # a quotation after the colon: `colon_quote`
        first = [t for t in rest if t.sent.start == rest[0].sent.start]
        if any(t.pos_ == "VERB" and t.lemma_.lower() in lex.verbs and _third_party_subject(t, lex) for t in first):
            continue  # "PARIS: The French government said ...": a dateline before a report, not a speaker
        yield Found(cue=[(colon.i, colon.i + 1)], content=[(rest[0].i, rest[-1].i + 1)], source=(label[0].i, label[-1].i + 1),
                    rule="speaker_label", lemma=":", act="assertion", confidence=BASE_CONFIDENCE["quote"] - 0.25,
                    cue_head=colon.i, frames=("quote",))


def _third_party_subject(verb, lex: Lexicon) -> bool:
    """A cue verb whose subject is a name or a noun (someone else reported: "The government said")."""
    subj = next((c for c in verb.children if c.dep_ in SUBJ), None)
    return subj is not None and subj.pos_ in {"NOUN", "PROPN"}


def _names_speaker(t, lex: Lexicon) -> bool:
    """A word of a verbless speaker line that can name a speaker: a speaker noun, a named entity, or
    (headline case, where the small model guesses wildly) a capitalised word."""
    return (t.pos_ in {"PROPN", "NOUN"} and is_speaker(t, lex)) or t.ent_type_ in SPEAKER_ENTS or (t.is_title and t.is_alpha)


@rule("quotative_like", "find")
def quotative_like(doc: Doc, lex: Lexicon) -> Iterator[Found]:
    """'I was like, “Are you serious?”', 'She's like, we can't do this': the copula and a quotative
    ("like") introduce what the subject said or thought, up to the end of the sentence or the quote."""
    for tok in doc:
        if tok.lower_ not in lex.words.quotative or tok.i == 0:
            continue
        be = tok.head
        if be.lemma_.lower() != "be" or be.i != tok.i - 1 or tok.dep_ not in {"intj", "prep", "advmod"}:
            continue
        subj = next((c for c in be.children if c.dep_ in SUBJ), None)
        if subj is None or not is_speaker(subj, lex):
            continue
        start = tok.i + 1
        while start < len(doc) and doc[start].text in {",", ":"}:
            start += 1
        if start >= len(doc) or (start == tok.i + 1 and doc[start].text not in OPEN_MARKS):
            continue  # the quotative pauses ("like, ..." or a quote): "was like a furnace" compares
        q = quote_at(doc, doc[start].idx)
        end = None
        if q is not None:
            content = token_range(doc, q.start, q.end)
        else:
            end = next((t.i for t in doc[start : tok.sent.end] if t.text in {".", "!", "?"} or "\n" in t.text), tok.sent.end)
            content = (start, end) if end > start else None
        if content is None or content[1] - content[0] < 2:
            continue
        yield Found(cue=[(be.i, tok.i + 1)], content=[content], source=source_range(subj), rule="quotative_like",
                    lemma="be like", act="assertion", confidence=BASE_CONFIDENCE["quote"] - 0.3, cue_head=tok.i,
                    frames=("quote",))


#: A headline is one line of at most this many words.
HEADLINE_WORDS = 20
#: The dependencies of a verb the parser read right: `verb_cues` takes it.
_VERB_READ = {"ROOT", "ccomp", "conj", "advcl", "relcl", "xcomp", "parataxis", "acl", "pcomp"}
#: Tags of the words a headline's source is made of ("Greek court", "Police chief", "UN envoy").
_NOMINAL = {"NOUN", "PROPN", "ADJ", "NUM", "DET", "PART"}


@rule("headline_verb", "find")
def headline_verb(doc: Doc, lex: Lexicon) -> Iterator[Found]:
    """'Greek court rules worship of ancient deities is legal': in a headline (a paragraph of one
    line, at most `HEADLINE_WORDS` words, not ended by a full stop), a present-tense cue verb of the
    lexicon that takes a clause, after a short noun phrase and before a clause (a finite verb), which
    the parser did not read as a verb heading the line.

    Notes:
        Source: the noun phrase before the verb (two to seven words, or one name; no possessive
        right before it); content: the rest of the line, a clause that does not open with its
        verb. A verb the parser read right (the root, with its clause) is `verb_cues`'s.
        Known misses: headlines whose verb the tagger made a past participle of a noun phrase.
    """
    text = doc_text(doc)
    for ps, pe in paragraph_bounds(text):
        if "\n" in text[ps:pe].strip() or text[ps:pe].rstrip()[-1:] in {".", "!", "?", ":", ";"}:
            continue
        rng = token_range(doc, ps, pe)
        if rng is None:
            continue
        toks = [t for t in doc[rng[0] : rng[1]] if not t.is_space]
        if not 4 <= len(toks) <= HEADLINE_WORDS:
            continue
        for k, tok in enumerate(toks[1:8], start=1):
            if not (tok.lower_.endswith("s") and tok.tag_ in {"VBZ", "NNS", "NNPS"}):
                continue
            entry = verb_entry(tok, lex)
            if entry is None or entry.pos != "VERB" or not entry.allows("ccomp") or tok.dep_ in _VERB_READ:
                continue
            before, after = toks[:k], toks[k + 1 :]
            if any(t.pos_ not in _NOMINAL and t.text not in {"'s", "’s"} for t in before):
                break
            if before[-1].tag_ == "POS" or before[-1].text.endswith(("'", "’")):
                break  # "Farmers' claims are dismissed": a possessive, then the noun it owns
            if after[0].tag_ in {"VBZ", "VBP", "VBD", "MD"} or after[0].pos_ == "AUX":
                break  # "... claims were false": the noun is the clause's subject, no clause of its own
            if len(before) == 1 and before[0].pos_ != "PROPN" and before[0].ent_type_ not in SPEAKER_ENTS:
                break
            if len(after) < 3 or not any(t.tag_ in {"VBZ", "VBP", "VBD", "MD"} for t in after):
                break
            act = entry.act
            yield Found(cue=[(tok.i, tok.i + 1)], content=[(after[0].i, after[-1].i + 1)],
                        source=(before[0].i, before[-1].i + 1), rule="headline_verb", lemma=entry.lemma, act=act,
                        confidence=BASE_CONFIDENCE.get("ccomp", 0.6) - 0.15, cue_head=tok.i, frames=entry.frames)
            break
