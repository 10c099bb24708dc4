"""Where a cue's content is, frame by frame (the lexicon's `frames` column): clausal
complement, as-phrase, object predicate, object + preposition pair, prepositional object,
to-clause, direct object.
"""

from __future__ import annotations

from spacy.tokens import Token

from ..lexicon import Cue, Lexicon
from ..quotes import QUOTE_CHARS
from .base import (
    OPEN_MARKS,
    PASS_SUBJ,
    SUBJ,
    Range,
    child,
    in_quote,
    is_cue_relcl,
    is_evidence_source,
    is_speaker,
    participle_cues,
    prep_object,
    speaker_aside,
    subject_of,
    subtree_range,
    told_clause,
    trim,
    verb_entry,
)


def parenthetical_tag(cue_tok: Token, subj: Token) -> bool:
    """A tag set off by commas inside the clause it reports: ", officials said," (a comma right before
    the subject and right after the cue, and words on both sides)."""
    doc = cue_tok.doc
    left, right = subj.left_edge.i, cue_tok.i + 1
    return (0 < left and doc[left - 1].text == "," and right + 1 < len(doc) and doc[right].text == ","
            and not doc[right + 1].is_punct and doc[left - 1].i > cue_tok.sent.start)


def own_complement(cue_tok: Token, lex: Lexicon) -> bool:
    """The cue has a complement of its own after it: a to-clause, or an object that is not who is told
    (the object of "told reporters" is the addressee, and a quotation before "he told reporters" is
    still what he said)."""
    for c in cue_tok.children:
        if c.i < cue_tok.i:
            continue
        if c.dep_ == "xcomp" and not ({"ccomp", "quote"} & set(getattr(verb_entry(c, lex), "frames", ()))):
            return True  # "he wants to take over the show" (not "..., he wants to say": a report)
        if c.dep_ == "dobj" and cue_tok.lemma_.lower() not in lex.words.addressee_verbs and (
                c.lower_ in lex.words.non_speaker_pronouns or c.lower_ == "it" or not is_speaker(c, lex)):
            return True
    return False


def content_for(cue_tok: Token, entry: Cue, lex: Lexicon, phrase_tok: Token | None) -> tuple[str, list[Range], Token | None] | None:
    """Return (frame, content ranges, target token) for a cue token, or None."""
    doc = cue_tok.doc
    frames = entry.frames
    dobj = child(cue_tok, {"dobj"})
    if phrase_tok is not None and phrase_tok == dobj:
        dobj = None  # the object is part of the cue ("claimed responsibility")
    passive_object = None
    if dobj is None and child(cue_tok, {"agent"}) is not None:
        # "The move was condemned by rights groups": the passive subject is what the agent condemned
        passive_object = child(cue_tok, PASS_SUBJ)
        if passive_object is not None and (passive_object.pos_ == "PRON" or passive_object.lower_ in lex.words.wh_object
                                           or (entry.act == "position" and is_evidence_source(passive_object, lex))):
            passive_object = None  # "the study was supported by a foundation": research is funded, not endorsed

    if "ccomp" in frames and cue_tok.lemma_.lower() in lex.words.raising_verbs and child(cue_tok, {"agent"}) is None:
        # "The president is said to be furious", "the attack is believed to have killed dozens": an
        # agentless passive of a reporting or belief verb raises the subject of what is reported
        subj = child(cue_tok, PASS_SUBJ)
        x = child(cue_tok, {"xcomp"})
        if (subj is not None and x is not None and subj.i < cue_tok.i < x.i and child(cue_tok, {"auxpass"}) is not None
                and any(c.dep_ == "aux" and c.lower_ == "to" for c in x.children)
                and subj.lower_ not in lex.words.expletives and subj.lower_ not in lex.words.wh_object):
            first, second = trim(doc, subtree_range(subj)), trim(doc, subtree_range(x))
            if first and second:
                return "raised", [first, second], None
    if "ccomp" in frames:
        aside = speaker_aside(cue_tok)
        comps = [c for c in cue_tok.children if c.dep_ == "ccomp" and c != aside]
        if not comps and entry.pos == "ADJ":
            # adjective cues: "convinced that ...": the clause can be an advcl with mark "that", or a
            # clause the parser hangs on the copula ("She is adamant that the law must change")
            comps = [c for c in cue_tok.children if c.dep_ == "advcl" and any(m.lower_ == "that" for m in c.children if m.dep_ == "mark")]
            if not comps and cue_tok.dep_ == "acomp":
                comps = [c for c in cue_tok.head.children if c.dep_ == "ccomp" and c.i > cue_tok.i][:1]
        subj = child(cue_tok, SUBJ)
        if (subj is not None and subj.i < cue_tok.i and any(c.i > cue_tok.i for c in comps)
                and not parenthetical_tag(cue_tok, subj)):
            # "that ad pulled so many girls -- I think they all thought ...": with a clause after the
            # cue, a clause the parser also hangs on it before its subject is not its content (unless
            # quoted: '“X,” he said, “Y.”' is one statement in two fragments, or the tag is set off
            # by commas inside the clause: "It is unclear, officials said, whether it will last")
            comps = [c for c in comps if c.i > cue_tok.i or in_quote(c)]
        elif subj is not None and subj.i < cue_tok.i and own_complement(cue_tok, lex) and not parenthetical_tag(cue_tok, subj):
            # "Magazines change their policy; they want it", "..., he wants to take over the show":
            # a cue with a complement of its own after it does not report the clause before it
            comps = [c for c in comps if c.i > cue_tok.i or in_quote(c)]
        ranges = []
        for comp in comps:
            if (comp.tag_ == "VB" and child(comp, SUBJ) is not None and child(comp, {"aux", "mark", "auxpass"}) is None
                    and not in_quote(comp)):
                continue  # a small clause ("seeing their role grow") is perception, not a report
            rng = trim(doc, subtree_range(comp, participle_cues(comp, lex) + conjoined_cues(comp, lex)
                                          + other_speakers(comp, lex)))
            if rng:
                ranges.append(leading_time_phrase(comp, rng))
        if ranges:
            ranges[0] = absorb_stray_subject(cue_tok, comps[0], ranges[0], lex)
            ranges[-1] = absorb_stray_object(cue_tok, ranges[-1])
            ranges[-1] = absorb_coordinated_clause(cue_tok, comps[-1], ranges[-1], lex)
            return "ccomp", ranges, None
        left = cue_tok.left_edge.i
        set_off = left > 0 and doc[left - 1].text in {",", "—", "–"}
        # a quotation right after the cue is its content, not the clause around it ('they said, "Wow."'):
        # `loose_complement` takes it
        nxt = cue_tok.i + 1
        if nxt < len(doc) and doc[nxt].text in {",", ":"}:
            nxt += 1
        quote_follows = nxt < len(doc) and doc[nxt].text in OPEN_MARKS
        # "As Heald told the paper, ozone has dropped": an as-clause cue reports its main clause
        after_as = cue_tok.right_edge.i + 1
        as_clause = cue_tok.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ in lex.words.as_marks and c.i < cue_tok.i for c in cue_tok.children) and (
            set_off or (after_as < len(doc) and doc[after_as].text == ","))  # set off: not "He stayed as they said goodbye"
        if not quote_follows and ((cue_tok.dep_ == "parataxis" or as_clause
             or (cue_tok.dep_ in {"advcl", "conj"} and set_off and child(cue_tok, {"mark", "advmod"}) is None))
                and cue_tok.head.pos_ in {"VERB", "AUX"} and cue_tok.head.i < cue_tok.i + 40
                and child(cue_tok, SUBJ) is not None
                and child(cue_tok, {"xcomp", "oprd"} if as_clause else {"dobj", "xcomp", "oprd"}) is None):
            # "The wreckage, the ministry said, lay inside Mali." -> the clause around the cue
            head = cue_tok.head
            cut = {t.i for t in cue_tok.subtree}
            idx = [t.i for t in head.subtree if t.i not in cut]
            before = [i for i in idx if i < cue_tok.left_edge.i]
            after = [i for i in idx if i > cue_tok.right_edge.i]
            tag_end = cue_tok.right_edge.i
            while tag_end > cue_tok.i and doc[tag_end].dep_ == "cc":
                tag_end -= 1  # ", he said, and cut the deficit": the parser may hang the "and" on the tag
            if (after and min(after) == cue_tok.right_edge.i + 1 and not doc[min(after)].is_punct
                    and not doc[tag_end].is_punct):
                # "..., I mean these things are hard to predict": the cue runs into its content; a tag
                # closed by a comma is inside it ("The plan, he said, would create jobs")
                before = []
            stops = [i for i in before if doc[i].text in {";", "--", "—", "–", ":"}]
            if stops:
                before = [i for i in before if i > stops[-1]]  # "...; I don't see why, I mean ..." stops at the semicolon
            ranges = []
            for part in (before, after):
                if part:
                    rng = trim(doc, (min(part), max(part) + 1))
                    if rng:
                        ranges.append(rng)
            if ranges:
                return "parataxis", ranges, None

    if "as" in frames:
        as_tok = child(cue_tok, {"prep"}, "as")
        if as_tok is None:
            # "labelling all the groups ..., whether X or Y, as 'terrorists'": the parser may hang
            # the as-phrase elsewhere; take the next "as" in the sentence if no clause intervenes
            for t in doc[cue_tok.i + 1 : cue_tok.sent.end]:
                if t.text in {";", "."} or (t.pos_ == "VERB" and t.lemma_.lower() in lex.verbs and t.dep_ not in {"acl", "amod"}) or (t.pos_ == "VERB" and t.dep_ in {"ROOT", "ccomp", "conj"} and t.i > cue_tok.i + 1 and t.tag_ != "VBN"):
                    break
                if t.lower_ == "as" and t.dep_ == "prep":
                    if t.head == cue_tok or not (t.head.pos_ == "VERB" and t.head.lemma_.lower() in lex.verbs):
                        as_tok = t
                    break
        # "which it described as fallacious": the parser hangs a bare adjective on "as"
        as_obj = None if as_tok is None else (prep_object(as_tok) or child(as_tok, {"amod", "acomp"}))
        if as_tok is not None and as_obj is not None and passive_object is not None and passive_object.i < cue_tok.i:
            # "The plan has been criticized by economists as unrealistic": what, then as what
            first = trim(doc, subtree_range(passive_object))
            second = trim(doc, (as_tok.i + 1, subtree_range(as_tok)[1]))
            if first and second:
                return "as", [first, second], passive_object
        if as_tok is not None and as_obj is not None:
            # an apposition with a cue of its own ('"terrorists", a label they apply to ...') is not part of it
            nested = [t for t in as_tok.subtree if t.dep_ == "appos" and any(is_cue_relcl(r, lex) for r in t.children)]
            end = subtree_range(as_tok, nested)[1]
            if dobj is not None and dobj.lower_ not in lex.words.wh_object and dobj.i < as_tok.i:
                start = subtree_range(dobj)[0]
                target = dobj
            else:
                start = as_tok.i + 1
                target = dobj if dobj is not None and dobj.lower_ not in lex.words.wh_object else None
                if target is None and dobj is not None and cue_tok.dep_ == "relcl" and cue_tok.head.pos_ in {"NOUN", "PROPN"}:
                    target = cue_tok.head  # "Mali's arguments, which it described as fallacious": what is labelled
            rng = trim(doc, (start, end))
            if rng:
                return "as", [rng], target

    if "oprd" in frames:
        oprd = child(cue_tok, {"oprd", "acomp"})
        objs = [c for c in cue_tok.children if c.dep_ in {"dobj", "dative"}]
        if oprd is None and len(objs) == 2 and objs[0].i < objs[1].i and objs[1].dep_ == "dobj":
            # "had designated him a terrorist": the parser reads the predicate as a second object
            dobj, oprd = objs
        if oprd is not None:
            end = subtree_range(oprd)[1]
            # "whom it deems vital to ending the war": the to-clause hangs on the cue
            for sib in cue_tok.children:
                if sib.dep_ in {"xcomp", "prep"} and subtree_range(sib)[0] == end:
                    end = subtree_range(sib)[1]
            if dobj is not None and dobj.lower_ not in lex.words.wh_object and dobj.i < oprd.i:
                rng = trim(doc, (subtree_range(dobj)[0], end))
            else:
                rng = trim(doc, (subtree_range(oprd)[0], end))
            if rng:
                return "oprd", [rng], None
        elif dobj is not None and any(t.text in QUOTE_CHARS for t in dobj.subtree):
            # "considered each other “brothers”": the parser folds the quoted predicate into the object
            rng = trim(doc, subtree_range(dobj))
            if rng:
                return "oprd", [rng], None

    for frame in frames:
        if not frame.startswith("pair:"):
            continue
        word, _, allowed = frame[5:].partition("=")
        prep = child(cue_tok, {"prep"}, word)
        if prep is None and dobj is not None:
            prep = child(dobj, {"prep"}, word)
        if prep is None or dobj is None or prep_object(prep) is None:
            continue
        if allowed and prep_object(prep).lemma_.lower() not in allowed.split("|"):
            continue  # "places the drone on its side of the frontier", not "placed troops on alert"
        # a relative clause with a cue of its own ("..., which they compare to ...") is not part of it
        nested = [t for t in prep.subtree if t.dep_ == "relcl" and t.lemma_.lower() in lex.verbs]
        end = subtree_range(prep, nested)[1]
        if dobj.lower_ in lex.words.wh_object:
            rng = trim(doc, (prep.i + 1, end))
        else:
            rng = trim(doc, (subtree_range(dobj)[0], end))
        if rng:
            return "pair", [rng], None

    for frame in frames:
        if not frame.startswith("prep:"):
            continue
        word = frame[5:]
        preps = [c for c in cue_tok.children if c.dep_ in {"prep", "agent"} and c.lower_ == word]
        if phrase_tok is not None and phrase_tok.dep_ == "prep" and phrase_tok.lower_ == word:
            preps = [phrase_tok]
        if not preps and dobj is not None:
            preps = [c for c in dobj.children if c.dep_ == "prep" and c.lower_ == word]
        if not preps and entry.pos == "ADJ" and cue_tok.dep_ == "acomp":
            # "felt aggrieved by the results": the phrase hangs on the copula
            preps = [c for c in cue_tok.head.children if c.dep_ in {"prep", "agent"} and c.lower_ == word and c.i > cue_tok.i]
        if not preps and phrase_tok is not None:
            preps = [c for c in phrase_tok.children if c.dep_ == "prep" and c.lower_ == word]
        for prep in preps:
            obj = prep_object(prep)
            if obj is None or told_clause(obj, lex) is not None:  # 'admitted to the court that ...': `loose_complement`
                continue
            rng = trim(doc, (prep.i + 1, subtree_range(prep)[1]))
            x = child(cue_tok, {"xcomp"})
            if rng and x is not None and "xcomp" in frames and subtree_range(x)[0] == rng[1]:
                rng = (rng[0], trim(doc, subtree_range(x))[1])  # "called on the council to reverse the decision"
            if rng:
                target = dobj if dobj is not None and dobj.i < prep.i and dobj.lower_ not in lex.words.wh_object else None
                return "prep", [rng], target

    if "xcomp" in frames:
        x = child(cue_tok, {"xcomp"})
        if x is not None and (any(c.lower_ == "to" for c in x.children) or x.tag_ == "VBG"):
            rng = trim(doc, subtree_range(x))
            if rng and dobj is not None and dobj.i < x.i and dobj.lower_ not in lex.words.wh_object:
                # "urged both sides to resume talks": the addressee belongs to the content
                rng = (subtree_range(dobj)[0], rng[1])
            if rng:
                return "xcomp", [rng], dobj

    restricted = [f for f in frames if f.startswith("dobj=")]
    if restricted and dobj is not None and dobj.lemma_.lower() in restricted[0][5:].split("|"):
        rng = trim(doc, subtree_range(dobj))
        if rng:
            return "dobj", [rng], None

    if "dobj" in frames:
        obj = dobj if dobj is not None else passive_object
        if phrase_tok is not None and phrase_tok.dep_ == "dobj":
            # "claimed responsibility for the attack": the prep after the cue object is the content
            for c in list(phrase_tok.children) + list(cue_tok.children):
                if c.dep_ == "prep" and c.lower_ in lex.words.responsibility_preps and c.i > phrase_tok.i:
                    rng = trim(doc, (c.i + 1, subtree_range(c)[1]))
                    if rng:
                        return "prep", [rng], None
            return "dobj", [(phrase_tok.i, phrase_tok.i + 1)], None
        if obj is not None and obj.lower_ not in lex.words.wh_object and obj.pos_ != "PRON":
            # "..., which it described as fallacious": a relative clause with a cue of its own is another claim
            rng = trim(doc, subtree_range(obj, [t for t in obj.subtree if t is not obj and is_cue_relcl(t, lex)]))
            if rng:
                return "dobj", [rng], None
    if "edobj" in frames and dobj is not None and finding_object(cue_tok, dobj, lex):
        rng = trim(doc, subtree_range(dobj))
        if rng:
            return "dobj", [rng], None
    return None


def leading_time_phrase(comp: Token, rng: Range) -> Range:
    """'said on Monday it would raise taxes': a time phrase between the cue and the clause's subject
    is when it was said; the parser may hang it on the clause. The content starts at the subject."""
    doc = comp.doc
    first = doc[rng[0]]
    subj = next((c for c in comp.children if c.dep_ in SUBJ | PASS_SUBJ | {"expl"}), None)
    if subj is None or first.dep_ != "prep" or first.head != comp or subj.i < first.i:
        return rng
    obj = child(first, {"pobj"})
    if obj is None or obj.ent_type_ not in {"DATE", "TIME"} or first.right_edge.i + 1 != subj.left_edge.i:
        return rng
    return (subj.left_edge.i, rng[1])


def finding_object(cue_tok: Token, obj: Token, lex: Lexicon) -> bool:
    """'The poll found 52 percent support for the measure', 'the data show a sharp rise in ...': the
    object of a finding verb is a finding when the subject is a study, poll or document and the
    object names a quantity or a change (not 'the document shows a map of the region')."""
    subj = subject_of(cue_tok, lex)
    if subj is None or not is_evidence_source(subj, lex):
        return False
    if obj.lemma_.lower() in lex.words.finding_nouns:
        return True
    return any(t.like_num or t.text == "%" for t in obj.subtree)


def absorb_stray_subject(cue_tok: Token, comp: Token, rng: Range, lex: Lexicon) -> Range:
    """'she believed the social movement in reaction to Mohamed helped improve relations': a clause
    without a subject of its own, right after an object the parser hung on the cue, has that
    object (and what the parser hung between them) as its subject."""
    doc = cue_tok.doc
    if any(c.dep_ in SUBJ or c.dep_ in {"nsubjpass", "csubjpass", "expl", "mark"} for c in comp.children):
        return rng
    if cue_tok.lemma_.lower() in lex.words.addressee_verbs:
        return rng  # "told reporters ...": the object is the addressee
    dobj = child(cue_tok, {"dobj"})
    if dobj is None or not cue_tok.i < dobj.i < rng[0]:
        return rng
    start = subtree_range(dobj)[0]
    between = sorted((c for c in cue_tok.children if start <= c.i < rng[0]), key=lambda c: c.i)
    if start != cue_tok.i + 1 or any(c.dep_ not in {"dobj", "prep"} for c in between):
        return rng  # the object right after the cue, then only prepositional phrases, then the clause
    if max(subtree_range(c)[1] for c in between) != rng[0]:
        return rng
    return (start, rng[1])


def absorb_stray_object(cue_tok: Token, rng: Range) -> Range:
    """'adding that the drone had re-entered Algerian airspace after ...': a cue with a clause does
    not also take an object after it; when the parser (thrown by a hyphenated verb) hangs the
    clause's object and what follows on the cue, they belong to the clause."""
    doc = cue_tok.doc
    end = rng[1]
    sibs = sorted((c for c in cue_tok.children if c.i >= end), key=lambda c: c.i)
    if not sibs or sibs[0].dep_ != "dobj" or not rng[0] <= subtree_range(sibs[0])[0] <= end:
        return rng
    for sib in sibs:
        sub = subtree_range(sib)
        if not rng[0] <= sub[0] <= end or sib.dep_ not in {"dobj", "prep", "advcl", "npadvmod"}:
            break
        end = max(end, sub[1])
    trimmed = trim(doc, (rng[0], end))
    return trimmed or rng


def conjoined_cues(comp: Token, lex: Lexicon) -> list[Token]:
    """Speech verbs coordinated inside a content with no subject of their own: the speaker's next
    statement, not part of this one ("They claimed Paris was a volunteer and claim she has ...": a
    clause of its own, no auxiliary); other cues stay ("said Canada was not looking to provoke but
    wanted New Delhi to ...", "stated it would attack ... and would respond ...")."""
    return [t for t in comp.subtree if t.dep_ == "conj" and t.i > comp.i and t.pos_ == "VERB"
            and "quote" in getattr(lex.verbs.get(t.lemma_.lower()), "frames", ()) and subject_of(t, lex) is None
            and any(c.dep_ == "ccomp" for c in t.children) and not any(c.dep_ in {"aux", "auxpass"} for c in t.children)]


def other_speakers(comp: Token, lex: Lexicon) -> list[Token]:
    """'Environmental groups said the bill did too little, and the Alliance accused lawmakers of ...':
    a cue verb coordinated after a comma inside a content, with a named subject of its own, is another
    speaker's statement (the parser hangs it on the content's verb), not part of this one."""
    doc = comp.doc
    out = []
    for t in comp.children:
        if t.dep_ != "conj" or t.i < comp.i or t.pos_ != "VERB" or verb_entry(t, lex) is None:
            continue
        subj = subject_of(t, lex)
        if subj is None or subj.pos_ not in {"NOUN", "PROPN"} or not is_speaker(subj, lex):
            continue
        start = subtree_range(t)[0]
        if start >= 2 and doc[start - 1].dep_ == "cc" and doc[start - 2].text in {",", ";"}:
            out.append(t)
    return out


def absorb_coordinated_clause(cue_tok: Token, comp: Token, rng: Range, lex: Lexicon) -> Range:
    """'Paris claims that her passport was taken and she was forced to work': the parser hangs the
    second clause on the cue; with its own subject, after a bare "and"/"but" (no comma: "X, and she
    left" is the writer's), right after a that-clause, it is part of the content."""
    doc = cue_tok.doc
    if not any(c.dep_ == "mark" and c.lower_ in lex.words.complementizers for c in comp.children):
        return rng
    for c in cue_tok.children:
        if c.dep_ != "conj" or c.i < rng[1] or c.pos_ not in {"VERB", "AUX"} or (
                subject_of(c, lex) is None and child(c, PASS_SUBJ) is None):
            continue  # a subject of its own, active or passive ("and she was forced to work")
        between = doc[rng[1] : subtree_range(c)[0]]
        if len(between) == 1 and between[0].dep_ == "cc" and c.lemma_.lower() not in lex.verbs:
            got = trim(doc, (rng[0], subtree_range(c)[1]))
            return got or rng
    return rng
