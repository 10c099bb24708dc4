"""Shared pieces of the attribution rules: the `Found` record, token-range helpers, speaker and
subject finders. Pure functions on spaCy tokens; word sets come from the lexicon's language
(`lex.words`, `argmap.lang`).
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from ..lexicon import Cue, Lexicon
from ..prefilter import inflections, line_bounds
from ..quotes import QUOTE_CHARS, Quote, find_quotes

Range = tuple[int, int]


SUBJ = {"nsubj", "csubj"}


PASS_SUBJ = {"nsubjpass", "csubjpass"}


#: dependents that do not belong to a source mention ("the AES, which includes Mali, ..." -> "the AES")
SOURCE_CUT = {"relcl", "acl", "appos", "punct", "advcl", "parataxis"}


OPEN_MARKS = {"\u201c", "\u2018", "\u00ab", "\u201e", '"'}


CLOSE_MARKS = {"\u201d", "\u2019", "\u00bb", '"'}


TRIM_PUNCT = {",", ";", ":", ".", "—", "–", "-", "(", ")", "!", "?"}


BASE_CONFIDENCE = {
    "ccomp": 0.85,
    "quote": 0.9,
    "as": 0.75,
    "oprd": 0.75,
    "prep": 0.75,
    "xcomp": 0.7,
    "dobj": 0.65,
    "according": 0.9,
    "view": 0.85,
    "nominal": 0.6,
    "parataxis": 0.75,
    "raised": 0.7,
    "inherit": 0.5,
}


@dataclass
class Found:
    """One attribution found in a Doc (token ranges)."""

    cue: list[Range]
    content: list[Range]
    source: Range | None
    rule: str
    lemma: str
    act: str
    confidence: float
    target: Range | None = None
    cue_head: int = -1
    frames: tuple[str, ...] = field(default_factory=tuple)
    hedged: bool = False

    def layout(self) -> str:
        """Order code of source (S), cue (V) and content (C), e.g. 'SVC'."""
        parts = [("V", self.cue[0][0]), ("C", self.content[0][0])]
        if self.source:
            parts.append(("S", self.source[0]))
        return "".join(p for p, _ in sorted(parts, key=lambda x: x[1]))


#: what the rules compute once per Doc (its text, its quotations), kept while the Doc lives; not in
#: `doc.user_data`, which spaCy serialises with the Doc
_PER_DOC: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _per_doc(doc: Doc) -> dict:
    got = _PER_DOC.get(doc)
    if got is None:
        got = _PER_DOC[doc] = {}
    return got


def doc_text(doc: Doc) -> str:
    """`doc.text`, built once per Doc (spaCy joins every token at each call: rules that ask in a loop
    went quadratic)."""
    cache = _per_doc(doc)
    if "text" not in cache:
        cache["text"] = doc.text
    return cache["text"]


def doc_quotes(doc: Doc) -> list[Quote]:
    """`quotes.find_quotes` of the Doc's text, found once per Doc."""
    cache = _per_doc(doc)
    if "quotes" not in cache:
        cache["quotes"] = find_quotes(doc_text(doc))
    return cache["quotes"]


def quote_ending_at(doc: Doc, end: int) -> Quote | None:
    """The closed quotation whose closing mark ends at character `end`, or None."""
    cache = _per_doc(doc)
    if "quote_ends" not in cache:
        cache["quote_ends"] = {q.end: q for q in doc_quotes(doc) if q.closed}
    return cache["quote_ends"].get(end)


def quote_index(doc: Doc, quote: Quote) -> int:
    """The position of `quote` in `doc_quotes(doc)`."""
    cache = _per_doc(doc)
    if "quote_index" not in cache:
        cache["quote_index"] = {q.start: i for i, q in enumerate(doc_quotes(doc))}
    return cache["quote_index"][quote.start]


def quote_at(doc: Doc, start: int) -> Quote | None:
    """The quotation whose opening mark is at character `start`, or None."""
    cache = _per_doc(doc)
    if "quote_starts" not in cache:
        cache["quote_starts"] = {q.start: q for q in doc_quotes(doc)}
    return cache["quote_starts"].get(start)


def cue_words(lex: Lexicon) -> frozenset[str]:
    """Every lower-case lemma or form that can make a token a verb or adjective cue (verbs, the verbs
    phrases open with, the forms of the verbs, adjectives): a token outside it fires no verb cue
    (cached on the lexicon; the rules ask for each token)."""
    cached = lex.__dict__.get("_cue_words")
    if cached is None or cached[0] != len(lex):
        verb_entry_forms(lex)
        words = frozenset(lex.verbs) | lex.phrase_verbs | frozenset(lex.__dict__["_verb_forms"]) | frozenset(lex.adjectives)
        cached = (len(lex), words)
        lex.__dict__["_cue_words"] = cached
    return cached[1]


def verb_entry_forms(lex: Lexicon, inflect=inflections, cache: str = "_verb_forms") -> dict[str, str]:
    """Form -> lexicon verb, for every form `inflect` gives of the lexicon's verbs (English by
    default; cached on the lexicon under `cache`)."""
    forms = lex.__dict__.get(cache)
    if forms is None:
        forms = {}
        for lemma in sorted(lex.verbs):
            for form in inflect(lemma):
                forms.setdefault(form, lemma)
        lex.__dict__[cache] = forms
    return forms


def verb_entry(tok: Token, lex: Lexicon) -> Cue | None:
    """The lexicon's verb cue for `tok`, by its lemma, or, when the lemmatizer got the lemma wrong
    ("hopes" -> *hop*), by its form: the lexicon verb the form inflects."""
    entry = lex.verbs.get(tok.lemma_.lower())
    if entry is not None:
        return entry
    lemma = verb_entry_forms(lex).get(tok.lower_)
    return lex.verbs.get(lemma) if lemma is not None else None


def subtree_range(token: Token, exclude: Iterable[Token] = ()) -> Range:
    """Contiguous range of `token`'s subtree, cut before any excluded subtree that splits it."""
    excluded = set()
    for ex in exclude:
        excluded.update(t.i for t in ex.subtree)
    idx = sorted(t.i for t in token.subtree if t.i not in excluded)
    if not idx:
        return (token.i, token.i + 1)
    # keep the contiguous run that contains the token itself
    start = end = token.i if token.i in idx else idx[0]
    pos = set(idx)
    while start - 1 in pos:
        start -= 1
    while end + 1 in pos:
        end += 1
    return (start, end + 1)


def trim(doc: Doc, rng: Range, *, drop_mark: bool = True) -> Range | None:
    start, end = rng
    while start < end:
        t = doc[start]
        if t.text in TRIM_PUNCT or t.is_space or (drop_mark and t.lower_ == "that" and (
                t.dep_ == "mark" or (t.dep_ == "advmod" and t.head.dep_ == "ccomp" and t.head.i > t.i + 1))):
            # the complementiser, also when the parser reads it as an adverb of the clause ("writes that the war was")
            start += 1
        elif drop_mark and t.lower_ == "to" and t.dep_ == "aux" and start + 1 < end:
            start += 1
        else:
            break
    while end > start:
        t = doc[end - 1]
        if t.text in TRIM_PUNCT or t.is_space or (t.dep_ == "cc" and end - 1 > start):
            end -= 1
        else:
            break
    if end <= start:
        return None
    # never cut inside a word: "re-entered" may be split by a confused parse
    while end < len(doc) and not doc[end - 1].whitespace_ and (doc[end].is_alpha or doc[end].text == "-"):
        end += 1
    while start > 0 and not doc[start - 1].whitespace_ and (doc[start - 1].is_alpha or doc[start - 1].text == "-"):
        start -= 1
    start, end = balance_quotes(doc, (start, end))
    # a quote mark dropped at an edge may uncover a line break ("said that “\nThe ...")
    while start < end - 1 and doc[start].is_space:
        start += 1
    while end - 1 > start and doc[end - 1].is_space:
        end -= 1
    return start, end


def balance_quotes(doc: Doc, rng: Range) -> Range:
    """Drop a quote mark at either edge of the range whose partner lies outside the range."""
    start, end = rng
    text_marks = [i for i in range(start, end) if doc[i].text in QUOTE_CHARS and doc[i].is_punct]
    opens = sum(1 for i in range(start, end) if doc[i].text == "(")
    closes = sum(1 for i in range(start, end) if doc[i].text == ")")
    if opens > closes and end < len(doc) and doc[end].text == ")":
        end += 1
    if len(text_marks) % 2 == 1:
        last = doc[text_marks[-1]].text
        if last in OPEN_MARKS and end < len(doc) and doc[end].text in CLOSE_MARKS:
            end += 1
        elif doc[end - 1].text in QUOTE_CHARS and end - 1 > start:
            end -= 1
        elif doc[start].text in QUOTE_CHARS and start + 1 < end:
            start += 1
    return (start, end)


def source_range(token: Token) -> Range:
    """The mention of a source: its subtree without relative clauses, appositions, etc."""
    cut = [
        c for c in token.children
        if c.i > token.i and (c.dep_ in SOURCE_CUT or c.dep_ == "npadvmod"
                              or (c.dep_ == "prep" and any(t.ent_type_ in {"DATE", "TIME"} for t in c.subtree)))
        # "curator Elaine Gustafon": a name right after a common noun, with no comma, is the mention's own
        and not (c.dep_ == "appos" and token.pos_ == "NOUN" and c.pos_ == "PROPN" and c.left_edge.i == token.i + 1)
    ]
    start, end = subtree_range(token, cut)
    doc = token.doc
    # "A person familiar with the talks, who spoke on condition of anonymity, said": a relative
    # clause set off by a comma ends the mention, whatever word of it the parser hung the clause on
    end = min([end] + [d.left_edge.i - 1 for d in token.subtree
                       if d.dep_ == "relcl" and token.i < d.left_edge.i - 1 < end and doc[d.left_edge.i - 1].text == ","])
    if token.pos_ == "PROPN" and doc[start].dep_ == "det" and start < token.i:
        # "a charge Algiers denies": a misparsed common-noun compound before the name is not the speaker
        first_name = next((t.i for t in doc[start : token.i + 1] if t.pos_ == "PROPN"), token.i)
        if any(t.pos_ == "NOUN" for t in doc[start:first_name]):
            start = first_name
    while start < end and doc[start].is_space:
        start += 1
    while end > start and doc[end - 1].is_space:
        end -= 1
    # "Algeria's" -> "Algeria" when the mention is a possessive
    if end - start > 1 and doc[end - 1].dep_ == "case":
        end -= 1
    while start < end and (doc[start].is_punct or doc[start].dep_ == "cc"):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].dep_ in {"cc", "case"}):
        end -= 1
    if end <= start:
        return (token.i, token.i + 1)
    if doc[start:end].text.count("(") > doc[start:end].text.count(")") and end < len(doc) and doc[end].text == ")":
        end += 1
    return (start, end)


def in_quote(token: Token) -> bool:
    """True when the token sits between quote marks in its sentence (cheap check on the text)."""
    sent = token.sent
    before = doc_text(token.doc)[sent.start_char : token.idx]
    if before.count('"') % 2:
        return True  # straight marks alternate: an odd number opened one
    curly_open = OPEN_MARKS - CLOSE_MARKS
    return sum(before.count(m) for m in curly_open) > sum(before.count(m) for m in CLOSE_MARKS - OPEN_MARKS)


SPEAKER_ENTS = {"PERSON", "ORG", "GPE", "NORP"}


def is_speaker(token: Token, lex: Lexicon) -> bool:
    """Can this mention head be someone who speaks? (named entity, pronoun, person-like noun)

    Notes:
        Filters inanimate subjects of cue verbs: "The reconquest of Kidal highlighted two visions".
        Without a speaker list in the lexicon every mention passes.
    """
    if not lex.speakers:
        return True
    if token.lower_ in lex.words.non_speaker_pronouns:
        return False
    if token.pos_ in {"PROPN", "PRON"} or token.ent_type_ in SPEAKER_ENTS:
        return True
    lemma = token.lemma_.lower()
    if lemma in lex.speakers or token.lower_ in lex.speakers:
        return True
    if lemma.endswith(tuple(lex.words.person_suffixes)) and len(lemma) > 4:
        return True
    if (token.is_title and token.is_alpha and (token.tag_ == "NN" or (token.tag_ == "NNS" and not token.lower_.endswith("s")))
            and not any(c.dep_ == "det" for c in token.children)):
        return True  # a name the small model tags as a common noun ("Rathbun requested", "Pence has said")
    if token.is_title and token.tag_ == "NNS" and token.text in person_words(token.doc):
        return True  # "Wilkins observed that ...": a surname the text gives elsewhere as a person's name
    return False


def person_words(doc: Doc) -> frozenset[str]:
    """The words of the text's person names (its PERSON entities), as written."""
    cache = _per_doc(doc)
    if "person_words" not in cache:
        cache["person_words"] = frozenset(t.text for e in doc.ents if e.label_ == "PERSON" for t in e if t.is_title)
    return cache["person_words"]


def speaker_act(source: Token, act: str, lex: Lexicon, cue: str | None = None) -> str | None:
    """The speech act of a cue of act `act` whose source is `source`, or None when the source cannot
    speak. A study, poll, report or document as the source makes a report or belief `evidence`
    ("the audit found that ...", "a new survey shows ..."). The subject of a verb of speaking (`cue`,
    a lemma in `speaking_verbs`: "the guide added") speaks whatever common noun it is."""
    evidence = is_evidence_source(source, lex) and act in lex.words.evidence_acts
    if evidence:
        return "evidence"
    if cue is not None and cue in lex.words.speaking_verbs and source.pos_ == "NOUN":
        return act
    return act if is_speaker(source, lex) else None


def is_evidence_source(token: Token, lex: Lexicon) -> bool:
    """A study, poll, report or document as the subject of a cue ("the audit found", "documents reveal");
    the head of "data from the ministry" or "results of the survey" counts through its noun."""
    return token.pos_ in {"NOUN", "PROPN"} and (token.lemma_.lower() in lex.words.evidence_sources
                                                or token.lower_ in lex.words.evidence_sources)


def is_passive(token: Token) -> bool:
    return any(c.dep_ in PASS_SUBJ or c.dep_ == "auxpass" for c in token.children)


def not_asserted(token: Token, lex: Lexicon) -> bool:
    """A negated or non-factive cue reports nothing: "did not say", "stopped short of criticising",
    "are reluctant to accuse", "has yet to say", "nobody knew", "asked whether she supports it"."""
    if any(c.dep_ == "neg" or (c.dep_ == "mark" and c.lower_ in lex.words.interrogative_complementizers)
           for c in token.children):
        return True  # "did not say"; "asked whether he supports the plan": asked about, not asserted
    subj = child(token, SUBJ)
    if subj is not None and subj.lower_ in lex.words.negative_subjects:
        return True
    t = token
    for _ in range(3):
        if t.dep_ not in {"xcomp", "pcomp", "prep", "acomp"} or t.head == t:
            break
        t = t.head
        if t.lemma_.lower() in lex.words.nonfactive_heads or any(c.lower_ in lex.words.nonfactive_particles for c in t.children):
            return True
        if any(c.dep_ == "neg" for c in t.children):
            return True
    return False


def has_deontic(token: Token, lex: Lexicon) -> bool:
    """A deontic modal on the cue ("Bamako should recognise that ..."): a recommendation to the
    subject -- unless the subject is the speaker ("I should mention that ...", "we must say that ...")."""
    if not any(c.dep_ == "aux" and c.lower_ in lex.words.deontic for c in token.children):
        return False
    subj = child(token, SUBJ)
    return subj is None or subj.lower_ not in lex.words.first_singular | lex.words.first_plural


def resolve_relative(token: Token, lex: Lexicon) -> Token:
    """Map a relative pronoun subject ('who', 'that') to the noun it stands for."""
    if token.lower_ not in lex.words.relative:
        return token
    verb = token.head
    if verb.dep_ in {"relcl", "acl"} and verb.head.pos_ in {"NOUN", "PROPN", "PRON"}:
        return verb.head
    for t in reversed(list(token.doc[token.sent.start : token.i])):
        if t.pos_ in {"NOUN", "PROPN"}:
            return t
    return token


def subject_of(token: Token, lex: Lexicon) -> Token | None:
    subjects = [c for c in token.children if c.dep_ in SUBJ]
    # "figures whom it considers essential": the parser may make both 'whom' and 'it' subjects
    plain = [c for c in subjects if c.lower_ not in lex.words.relative]
    if len(plain) > 1:
        # two subjects is a parse error ('“..., maybe ten of them,” one of them said'): the one outside a
        # quotation, nearest the verb
        outside = [c for c in plain if not in_quote(c)] or plain
        return min(outside, key=lambda c: abs(c.i - token.i))
    if plain:
        return plain[0]
    if subjects:
        return resolve_relative(subjects[0], lex)
    return None


def told_clause(person: Token, lex: Lexicon) -> Token | None:
    """The reported clause the parser hung on the person told as a relative clause, or None.

    'Smith told the court he had acted in self-defence' (no "that": the clause opens right after the
    person with a subject of its own), 'admitted to the court that she had lied' ("that" read as a
    relative pronoun, a subject of its own after it). A thing is no person told: "the story he had
    heard" stays a relative clause."""
    if not is_speaker(person, lex):
        return None
    doc = person.doc
    for rel in person.children:
        if rel.dep_ != "relcl" or rel.i < person.i or rel.left_edge.i != person.i + 1:
            continue
        opened = doc[person.i + 1].lower_ == "that"
        subj = next((c for c in rel.children if c.dep_ in SUBJ | PASS_SUBJ | {"expl"}
                     and c.i > person.i + opened and c.lower_ not in lex.words.relative), None)
        if subj is None or (not opened and (subj.left_edge.i != person.i + 1 or rel.right_edge.i <= rel.i)):
            return None  # a bare clause ending at its verb has a gap ("told the man she met")
        return rel
    return None


def speaker_aside(cue: Token) -> Token | None:
    """'Obama, asked about the shooting, said: ...': a subjectless cue whose speaker the parser made
    the subject of a participle aside before it (parsed as a clausal complement). Returns the aside."""
    if any(c.dep_ in SUBJ for c in cue.children):
        return None
    for c in children_index(cue.doc)[cue.i]:
        aside = cue.doc[c]
        if aside.i > cue.i:
            break
        if aside.dep_ != "ccomp" or aside.tag_ not in {"VBN", "VBD"}:
            continue
        subj = next((s for s in aside.children if s.dep_ in SUBJ and s.i < aside.i), None)
        doc = cue.doc
        # "Obama , asked about ... , said": the aside set off by commas, right before the cue
        end = aside.right_edge.i if doc[aside.right_edge.i].text == "," else aside.right_edge.i + 1
        if subj is not None and doc[aside.i - 1].text == "," and end + 1 == cue.i and doc[end].text == ",":
            return aside
    return None


def climb_for_subject(token: Token, lex: Lexicon) -> Token | None:
    """Find the subject of a subjectless cue (participle, conjunct, infinitive) up the tree.

    Notes:
        "Bamako said the drone ..., claiming that ..." — the parser often attaches the participle to
        the verb of the reported clause; the nearest *cue* verb above with a subject is then the
        speaker, else the nearest verb with a subject.
    """
    nearest = None
    t = token
    for _ in range(8):
        if t.dep_ in {"ROOT"} or t.head == t:
            break
        parent = t.head
        if t.dep_ in {"acl", "relcl"} and parent.pos_ in {"NOUN", "PROPN"}:
            return None  # handled by the nominal source finder
        subj = subject_of(parent, lex)
        if is_passive(parent) and parent.lemma_.lower() in lex.words.quoting_verbs:
            quoted = child(parent, PASS_SUBJ)
            if quoted is not None:
                return quoted  # "He was quoted (by the paper) as saying ...": the quoted one speaks
        if subj is not None and not is_passive(parent):
            # "The mayor said the city would appeal, noting that ...": a cue verb inside another's
            # clause, with no clause of its own, is not who notes: the reporting verb above is
            reported_only = t.dep_ == "advcl" and parent.dep_ == "ccomp" and child(parent, {"ccomp"}) is None
            if parent.lemma_ in lex.verbs and not reported_only:
                return subj
            if nearest is None and t.dep_ in {"conj", "xcomp", "advcl", "pcomp", "prep"}:
                nearest = subj
        t = parent
    return nearest


def nominal_source(noun: Token, lex: Lexicon) -> tuple[Token | None, Token | None]:
    """Find who issued a statement noun. Returns (source token, cue-extension token or None).

    "Bamako's accusations", "a statement by the ministry", "remarks made in the local press",
    "the College ... issued a communiqué".
    """
    for c in noun.children:
        if c.dep_ == "poss":
            return c, None
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ in lex.words.by_agent:
            for p in c.children:
                if p.dep_ == "pobj":
                    return p, None
        if c.dep_ == "acl" and c.tag_ == "VBN" and child(c, {"mark", "nsubjpass", "nsubj"}) is None:
            for p in c.children:
                if p.dep_ == "agent" or (p.dep_ == "prep" and p.lower_ in lex.words.by_agent_participle):
                    for q in p.children:
                        if q.dep_ == "pobj":
                            return q, None
    for c in noun.children:
        # "Indian accusations", "Malian officials' claims": a demonym names the issuer
        if c.dep_ == "amod" and c.ent_type_ == "NORP" and c.i < noun.i:
            return c, None
    head = noun.head
    if noun.dep_ in {"dobj", "nsubjpass"} and head.lemma_ in lex.words.issue_verbs:
        subj = subject_of(head, lex)
        if subj is not None:
            return subj, head
        if head.dep_ in {"conj", "advcl", "xcomp"}:
            subj = subject_of(head.head, lex)
            if subj is not None:
                return subj, head
    return None, None


def children_index(doc: Doc) -> list[list[int]]:
    """Per token, the indices of its children in order, built once per Doc (spaCy's
    `Token.children` walks the token's whole subtree at each call: a sentence's root asked again
    and again made long sentences slow)."""
    cache = _per_doc(doc)
    got = cache.get("children")
    if got is None:
        got = [[] for _ in range(len(doc))]
        for t in doc:
            if t.head.i != t.i:  # the root is its own head
                got[t.head.i].append(t.i)
        cache["children"] = got
    return got


def child(token: Token, deps: set[str], lower: str | None = None) -> Token | None:
    """The first child of `token` whose dependency is in `deps` (and whose form or lemma is `lower`)."""
    doc = token.doc
    for ci in children_index(doc)[token.i]:
        c = doc[ci]
        if c.dep_ in deps and (lower is None or c.lower_ == lower or c.lemma_ == lower):
            return c
    return None


def prep_object(prep: Token) -> Token | None:
    return child(prep, {"pobj", "pcomp"})


def participle_cues(token: Token, lex: Lexicon) -> list[Token]:
    """Cue clauses inside a content that are attributions of their own: a participle set off by a
    comma ('..., adding that ...'), or a clause with its own speaker set off by a comma or a
    semicolon or opened by a contrast ('the plan would raise taxes, while supporters insist it would
    not', 'the move is illegal; Republicans disagree')."""
    out = []
    for t in token.subtree:
        if t == token or t.dep_ not in {"advcl", "conj", "parataxis"} or verb_entry(t, lex) is None:
            continue
        left = t.left_edge
        prev = t.doc[left.i - 1] if left.i > 0 else None
        set_off = prev is not None and prev.text in {",", ";", "—", "–"}
        if t.tag_ == "VBG" and subject_of(t, lex) is None:
            prev = t.doc[t.i - 1] if t.i > 0 else None
            if prev is not None and prev.text in {",", ";", "—", "–"}:
                out.append(t)
        elif subject_of(t, lex) is not None and t.pos_ == "VERB" and (set_off or any(
                c.dep_ == "mark" and c.lower_ in lex.words.contrast_marks for c in t.children)) and left.i > token.i:
            out.append(t)
    return out


def phrase(cue_tok: Token, lex: Lexicon) -> tuple[Cue | None, Token | None]:
    doc = cue_tok.doc
    lemma = cue_tok.lemma_.lower()
    if lemma not in lex.phrase_verbs:
        kids = ()
    else:
        kids = (doc[i] for i in children_index(doc)[cue_tok.i])
    for c in kids:
        key = (lemma, c.lemma_.lower())
        if key in lex.phrases and c.dep_ in {"dobj", "prep", "prt", "nsubjpass", "advmod"}:
            if c.dep_ in {"prep", "prt", "advmod"} and c.i < cue_tok.i:
                continue  # "Of the thousands, Wikinews spoke to ...": a fronted phrase, not "speak of"
            return lex.phrases[key], c
    if cue_tok.dep_ == "relcl" and (cue_tok.lemma_.lower(), cue_tok.head.lemma_.lower()) in lex.phrases:
        # "a label they apply to every armed group": the relative clause's noun is the verb's object
        return lex.phrases[(cue_tok.lemma_.lower(), cue_tok.head.lemma_.lower())], cue_tok.head
    return None, None


def is_cue_relcl(tok: Token, lex: Lexicon) -> bool:
    """A relative clause whose verb is a cue ('..., a label they apply to ...', '..., which it denies')."""
    return tok.dep_ == "relcl" and (tok.lemma_.lower() in lex.verbs or phrase(tok, lex)[0] is not None)


def target_in(doc: Doc, rng: Range, preps: frozenset[str] = frozenset({"by", "against"})) -> Token | None:
    """'an action by Algeria' -> Algeria; 'accusations against Algeria' -> Algeria."""
    for t in doc[rng[0] : rng[1]]:
        if t.lower_ in preps and t.dep_ in {"prep", "agent"}:
            obj = prep_object(t)
            if obj is not None and obj.pos_ in {"PROPN", "NOUN"}:
                return obj
    return None


def clause_minus(head: Token, remove: Token) -> Range | None:
    """The clause of `head` without the subtree of `remove` (the 'according to' phrase)."""
    doc = head.doc
    rm = {t.i for t in remove.subtree}
    idx = [t.i for t in head.subtree if t.i not in rm]
    if not idx:
        return None
    start, end = min(idx), max(idx) + 1
    # the removed phrase is at one edge in well-formed text; cut around it
    r0, r1 = min(rm), max(rm) + 1
    # only punctuation beyond the phrase ("..., according to the curator."): the phrase is at the edge
    if all(doc[i].is_punct or doc[i].is_space for i in idx if i >= r1):
        end = min(end, r0) if r0 > start else end
    if r0 <= start:
        start = max(start, r1)
    elif r1 >= end:
        end = min(end, r0)
    return trim(doc, (start, end))


def char_range(doc: Doc, rng: Range) -> tuple[int, int]:
    return doc[rng[0]].idx, doc[rng[1] - 1].idx + len(doc[rng[1] - 1].text)


def token_range(doc: Doc, start: int, end: int) -> Range | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    return (span.start, span.end)


def merge_ranges(ranges: list[Range]) -> list[Range]:
    out: list[Range] = []
    for s, e in sorted(ranges):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


#: (start, end) of every paragraph (line) of a text: one home, the pre-filter's
paragraph_bounds = line_bounds


def para_index(bounds: list[tuple[int, int]], offset: int) -> int:
    lo, hi = 0, len(bounds) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if bounds[mid][0] <= offset:
            lo = mid
        else:
            hi = mid - 1
    return lo


def span_text(doc: Doc | Span, rng: Range) -> str:
    return doc[rng[0] : rng[1]].text


def _piece_near(doc: Doc, rng: Range, anchor: int) -> Range | None:
    """The part of token range `rng` inside one paragraph: the one holding character `anchor`,
    else the one closest to it. None when nothing but space is left."""
    text = doc_text(doc)
    cs, ce = char_range(doc, rng)
    if "\n" not in text[cs:ce]:
        return rng
    pieces, start = [], cs
    for k in range(cs, ce):
        if text[k] == "\n":
            if text[start:k].strip():
                pieces.append((start, k))
            start = k + 1
    if text[start:ce].strip():
        pieces.append((start, ce))
    if not pieces:
        return None
    best = min(pieces, key=lambda p: 0 if p[0] <= anchor < p[1] else min(abs(anchor - p[0]), abs(anchor - p[1] + 1)))
    lead = len(text[best[0] : best[1]]) - len(text[best[0] : best[1]].lstrip())
    tail = len(text[best[0] : best[1]]) - len(text[best[0] : best[1]].rstrip())
    got = token_range(doc, best[0] + lead, best[1] - tail)
    if got is None:
        return None
    s, e = got
    while s < e and doc[s].is_space:
        s += 1
    while e > s and doc[e - 1].is_space:
        e -= 1
    return (s, e) if e > s else None


def clip_to_paragraphs(doc: Doc, f: Found) -> Found | None:
    """A content fragment or a source never crosses a paragraph boundary: the parser runs a title,
    a date line and the first sentence together ("Microsoft waits ...\n\nTuesday, ...\n\nWith ...,
    Microsoft announced ..."); keep the part in the cue's paragraph (or the one nearest to it).
    None when no content is left."""
    anchor = doc[f.cue[0][0]].idx
    content = []
    for rng in f.content:
        piece = _piece_near(doc, rng, anchor)
        if piece is not None:
            content.append(piece)
    if not content:
        return None
    source = f.source
    if source is not None:
        source = _piece_near(doc, source, anchor)
    if content == f.content and source == f.source:
        return f
    f.content, f.source = content, source
    return f
