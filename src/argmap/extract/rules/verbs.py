"""Rule `verb_cues`: reporting verbs, phrases and adjectives.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Token

from ..lexicon import Lexicon
from .base import (
    BASE_CONFIDENCE,
    PASS_SUBJ,
    SUBJ,
    Found,
    child,
    climb_for_subject,
    cue_words,
    has_deontic,
    is_passive,
    is_speaker,
    nominal_source,
    not_asserted,
    phrase,
    prep_object,
    resolve_relative,
    source_range,
    speaker_act,
    speaker_aside,
    subject_of,
    target_in,
    verb_entry,
)
from .frames import content_for
from .registry import rule


def misread_verb(tok: Token) -> bool:
    """'Trump claims the election was stolen': a plural-looking noun with a subject before it and a
    clausal complement after it is a verb the tagger misread."""
    return (tok.pos_ == "NOUN" and tok.tag_ == "NNS" and tok.lower_.endswith("s")
            and child(tok, {"ccomp"}) is not None and (c := child(tok, {"nsubj"})) is not None and c.i < tok.i)


def addressed_aside(tok: Token, lex: Lexicon) -> bool:
    """'Baker, asked whether the deal would hold, told reporters ...': a verb of asking set off by a
    comma right after its subject, with a cue verb after the next comma, is a passive aside (the
    subject was asked), however the parser read it."""
    if tok.lemma_.lower() not in lex.words.asked_verbs or tok.i < 2 or tok.doc[tok.i - 1].text != ",":
        return False
    subj = child(tok, SUBJ)
    if subj is None or subj.i != tok.i - 2:
        return False
    doc = tok.doc
    comma = next((t.i for t in doc[tok.i + 1 : tok.sent.end] if t.text == ","), None)
    return comma is not None and comma + 1 < len(doc) and verb_entry(doc[comma + 1], lex) is not None


def fronted_speaker(cue: Token, lex: Lexicon) -> Token | None:
    """'Speaking in the parents' defence, Tom Molomby, SC, said that ...': a subjectless cue after a
    participle clause that opens the sentence, whose speaker the parser hung on the participle. The
    speaker is the mention set off by a comma at the end of that clause, right before the cue (an
    apposition and its comma may follow the name)."""
    if any(c.dep_ in SUBJ for c in cue.children):
        return None
    doc = cue.doc
    for clause in cue.children:
        if clause.i > cue.i:
            break
        if clause.dep_ != "advcl" or clause.tag_ not in {"VBG", "VBN"} or clause.left_edge.i != cue.sent.start:
            continue
        for n in clause.subtree:
            if n.dep_ not in {"npadvmod", "dobj", "nsubj"} or n.pos_ not in {"PROPN", "NOUN"} or n.head.i >= n.i:
                continue
            first, last = n.left_edge.i, n.right_edge.i
            if first == 0 or doc[first - 1].text != "," or not is_speaker(n, lex):
                continue
            if last + 1 == cue.i or (last + 2 == cue.i and doc[last + 1].text == ","):
                return n
    return None


@rule("verb_cues", "find")
def verb_cues(doc: Doc, lex: Lexicon) -> Iterator[Found]:
    """Reporting verbs, phrases and adjectives with clausal, object, prepositional or to-clause content.

    Notes:
        Handles "Bamako said the drone had been ...", "..., the ministry said.", "denounced a
        'hostile' action by Algeria", "accuse Algeria of fuelling instability", "condemning the
        incident as a 'hostile act'", "what they called 'Algerian aggression'", "claimed
        responsibility", "convinced that ...". Subjectless participles take the subject of the cue
        verb above them. Passive cues with an expletive subject ("it was reported that") are
        agentless. Cues under a deontic modal ("Bamako should recognise that") are skipped: they
        are recommendations *to* the subject, not its statements.
        A verb the tagger read as a plural noun is taken when it has a subject and a clausal complement
        (`misread_verb`). Known misses: other cues the parser tags as nouns; content split across
        sentences without quotes.
    """
    candidates = cue_words(lex)
    for tok in doc:
        if tok.lemma_.lower() not in candidates and tok.lower_ not in candidates:
            continue  # no verb, phrase, form or adjective of the lexicon: no cue here
        phrase_entry, phrase_tok = phrase(tok, lex)
        entry = phrase_entry
        if entry is None:
            if tok.lower_ in lex.adjectives and tok.tag_ == "VBN" and (tok.dep_ == "acomp" or is_passive(tok)) and child(tok, {"agent"}) is None:
                # "Investors are worried ...", "The union is opposed to ...": an adjectival passive holds a view
                entry = lex.adjectives[tok.lower_]
            elif (tok.pos_ in {"VERB", "AUX"} or misread_verb(tok)) and tok.dep_ not in {"amod", "compound"} and verb_entry(tok, lex) is not None:
                entry = verb_entry(tok, lex)
            elif tok.lower_ in lex.adjectives and tok.tag_ in {"JJ", "VBN", "VBD"}:
                entry = lex.adjectives[tok.lower_]
            else:
                continue
        if has_deontic(tok, lex) or not_asserted(tok, lex):
            continue
        if entry.act in lex.words.purpose_acts and any(c.dep_ == "aux" and c.tag_ == "TO" for c in tok.children):
            continue  # "wanted to show that ...": a purpose, not a finding
        if tok.tag_ == "VBN" and tok.dep_ == "advcl" and child(tok, SUBJ | PASS_SUBJ | {"agent"}) is None:
            continue  # "Asked about the protests, she said ...", "Accused of fraud, he resigned": the subject is addressed
        if addressed_aside(tok, lex):
            continue  # "Baker, asked whether the deal would hold, told reporters ...": Baker was asked
        got = content_for(tok, entry, lex, phrase_tok)
        if got is None and phrase_entry is not None:
            entry, phrase_tok = verb_entry(tok, lex), None
            got = content_for(tok, entry, lex, None) if entry else None
        if got is None:
            continue
        frame, content, target = got
        if (frame not in {"ccomp", "parataxis"} and tok.dep_ == "xcomp" and subject_of(tok, lex) is None
                and "xcomp" in getattr(verb_entry(tok.head, lex), "frames", ())):
            continue  # 'vowed to "defend every inch"', 'urged the court to reject ...': the act intended or asked for
        lemma_word = tok.lemma_.lower()
        if frame == "dobj" and lemma_word in lex.words.interrogation_verbs and is_speaker(doc[content[0][1] - 1], lex):
            continue  # "Police questioned the student": they asked, the student is no statement
        if lemma_word in lex.words.naming_cues and tok.dep_ == "acl" and tok.tag_ == "VBN":
            continue  # "a guy named Mario", "the elite group called the Sea Org": naming, not saying
        if frame == "parataxis" and lemma_word in lex.words.filler_verbs and any(
                c.dep_ in SUBJ and c.lower_ == "you" for c in tok.children):
            continue  # "You know, it was a hard year": a filler, not the listener's statement
        source_tok: Token | None = None
        agentless = False
        passive = is_passive(tok)
        if entry.pos == "ADJ":
            subj = child(tok, SUBJ | PASS_SUBJ)
            if subj is None and tok.dep_ == "acomp":
                subj = child(tok.head, SUBJ)
            if subj is None:
                # "The president is convinced the deal will hold": the parser may hang the subject on the auxiliary
                aux = child(tok, {"auxpass", "aux"})
                subj = child(aux, SUBJ | PASS_SUBJ) if aux is not None else None
            if subj is not None and subj.lower_ in lex.words.expletives and frame in {"ccomp", "xcomp"}:
                continue  # "It is clear that ...", "it is certain to rain": nobody holds it
            source_tok = resolve_relative(subj, lex) if subj is not None else climb_for_subject(tok, lex)
        elif passive:
            agent = child(tok, {"agent"})
            pobj = prep_object(agent) if agent is not None else None
            if pobj is not None:
                source_tok = pobj
            else:
                if lemma_word in lex.words.naming_cues or child(tok, {"dobj", "dative"}) is not None:
                    continue  # "a comet called Wild 2" names; "the team was denied visas" refuses: no statement
                agentless = True
        else:
            source_tok = subject_of(tok, lex)
            aside = speaker_aside(tok) if source_tok is None else None
            if aside is not None:
                source_tok = subject_of(aside, lex)  # "Obama, asked about the shooting, said: ..."
            if source_tok is None:
                source_tok = fronted_speaker(tok, lex)  # "Speaking in their defence, Tom Molomby said ..."
            if source_tok is None:
                if tok.dep_ == "acl" and tok.head.pos_ in {"NOUN", "PROPN"}:
                    if tok.head.lemma_.lower() in lex.nouns:  # "a communiqué condemning ...": its issuer
                        source_tok, _ = nominal_source(tok.head, lex)
                    elif is_speaker(tok.head, lex):
                        source_tok = tok.head  # "remarks aired in national media calling X a Y"
                else:
                    inverted = next((c for c in tok.children if c.dep_ == "dobj" and c.i > tok.i and c.pos_ == "PROPN"), None)
                    if inverted is not None and frame == "ccomp" and content[-1][1] <= tok.i:
                        source_tok = inverted  # '“We will win,” added KCNA.': the parser reads the speaker as an object
                    else:
                        source_tok = climb_for_subject(tok, lex)
        if source_tok is None and not agentless:
            continue
        act = entry.act if source_tok is None else speaker_act(source_tok, entry.act, lex, entry.lemma)
        if act is None:
            continue
        cue_ranges = [(tok.i, tok.i + 1)]
        lemma = tok.lemma_.lower()
        if phrase_tok is None and entry.pos == "VERB" and lemma not in lex.verbs:
            lemma = entry.lemma  # found by its form: the lemmatizer got it wrong ("hopes" -> hop)
        if phrase_tok is not None:
            cue_ranges = [(min(tok.i, phrase_tok.i), max(tok.i, phrase_tok.i) + 1)]
            if phrase_tok == tok.head:  # "a label they apply": the noun, then the verb
                cue_ranges = [(phrase_tok.i, phrase_tok.i + 1), (tok.i, tok.i + 1)]
            lemma = f"{lemma} {phrase_tok.lemma_.lower()}"
        source = source_range(source_tok) if source_tok is not None else None
        # the source must not sit inside the content (parse errors)
        if source and any(s <= source[0] < e for s, e in content):
            continue
        if target is None:
            target = target_in(doc, content[0])
        conf = BASE_CONFIDENCE.get(frame, 0.6)
        if source_tok is not None and source_tok.lower_ in lex.words.pronouns:
            conf -= 0.1
        if agentless:
            conf -= 0.15
        rule = f"verb.{frame}"
        yield Found(
            cue=cue_ranges,
            content=content,
            source=source,
            rule=rule,
            lemma=lemma,
            act=act,
            confidence=round(max(0.05, conf), 2),
            target=(source_range(target) if target is not None else None),
            cue_head=tok.i,
            frames=entry.frames,
        )
