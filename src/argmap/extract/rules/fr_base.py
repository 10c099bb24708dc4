"""Shared pieces of the French attribution rules: cue lookup by lemma or form, subjects, source
mentions and content trimming on the Universal Dependencies parse of spaCy's French models.

Why French rules of their own rather than a label adapter: the English rules read ClearNLP labels
(`dobj`, `prep` + `pobj`, `nsubjpass`, `neg`, `auxpass`) and English tags (`VBN`, `VBG`); the French
models give UD relations (`obj`, `obl:arg` / `obl:mod` / `nmod` with a `case` child, `nsubj:pass`,
`aux:tense`, `expl:subj`), no negation relation (« ne … pas » are two `advmod`), clitic subjects
of inverted tags (« a-t-il déclaré »: `-il`) and a morphologizer instead of fine tags. Renaming
labels would not turn `case` children into prepositions that head their objects, so the French
finders are short functions of their own (`fr_verbs`, `fr_according`) and share with English only
what is language-neutral: the `Found` record, `subtree_range`, `trim`, the quote passes, merging,
pull quotes and speech-act refinement (which read the language's word sets). Pure functions on
spaCy tokens; words come from `lex.words` (`argmap/lang/fr/words.txt`).
"""

from __future__ import annotations

from spacy.tokens import Token

from ..lexicon import Cue, Lexicon
from .base import Range, children_index, in_quote, subtree_range, trim, verb_entry_forms

#: UD subject relations; `expl:subj` is how the models label the clitic of an inverted tag ("-il")
SUBJ = {"nsubj", "nsubj:pass", "csubj"}
#: dependents that do not belong to a source mention ("le ministre, qui ...", "le colonel X, porte-parole")
SOURCE_CUT = {"acl:relcl", "acl", "punct", "parataxis", "advcl", "dep", "conj", "cc"}
#: clitics of an inverted subject: "a-t-il déclaré", "affirme-t-elle", "ont-ils assuré"
INVERTED = {"-il", "-elle", "-ils", "-elles", "-on", "-t-il", "-t-elle", "-t-on"}
APOSTROPHES = str.maketrans({"’": "'"})


def norm(word: str) -> str:
    """Lower case with the typographic apostrophe made straight ("qu’" -> "qu'")."""
    return word.lower().translate(APOSTROPHES)


def _regular_forms(lemma: str) -> set[str]:
    """The forms of a regular French verb that a sentence may carry when the lemmatizer misses the
    lemma ("estime" -> *estime*): present, past participle, imperfect, simple past, future,
    conditional and present participle of the -er verbs, and of the -ir verbs of the second group."""
    out = {lemma}
    if lemma.endswith("er"):
        stem = lemma[:-2]
        soft = stem[:-1] + "ç" if stem.endswith("c") else stem + "e" if stem.endswith("g") else stem
        out.update(stem + s for s in ("e", "es", "ent", "ez", "é", "ée", "és", "ées", "era", "eront", "erait", "eraient"))
        out.update(soft + s for s in ("ons", "ait", "aient", "a", "ant"))
        out.add(stem + "èrent")
    elif lemma.endswith("ir"):
        stem = lemma[:-2]
        out.update(stem + s for s in ("i", "ie", "is", "it", "issent", "issait", "issant", "ira", "irait"))
    elif lemma.endswith("re"):
        stem = lemma[:-2]
        out.update(stem + s for s in ("s", "t", "ent", "ait", "aient", "u", "ue", "ant", "ra", "rait"))
    return out


def forms_of(lemma: str) -> set[str]:
    """Every form a French lemma may be written in, for the pre-filter: the regular forms, the
    elided and hyphenated clitic forms are words of their own (« a-t-il » splits at the hyphens)."""
    return _regular_forms(lemma)


def verb_forms(lex: Lexicon) -> dict[str, str]:
    """Form -> lexicon verb for the French lexicon's verbs: regular forms and the irregular ones of
    the `verb_forms` word set (`form=lemma`). Cached on the lexicon."""
    forms = lex.__dict__.get("_fr_verb_forms")
    if forms is None:
        forms = dict(verb_entry_forms(lex, _regular_forms, "_fr_regular_forms"))
        for entry in lex.words.verb_forms:
            form, _, lemma = entry.partition("=")
            if lemma in lex.verbs:
                forms[form] = lemma
        lex.__dict__["_fr_verb_forms"] = forms
    return forms


def verb_cue(tok: Token, lex: Lexicon) -> Cue | None:
    """The lexicon's verb cue for `tok`, by its lemma, else by its form (the small lemmatizer reads
    "estime" or "joue" as nouns' lemmas). Only verbs: "une accusation" is a noun cue, "le dit" no verb
    -- except a verb form the tagger read as a noun in an inverted tag after a comma, before its
    subject (« …, juge un chercheur »)."""
    if tok.pos_ == "NOUN" and inverted_noun_tag(tok, lex):
        lemma = verb_forms(lex).get(norm(tok.text))
        return lex.verbs.get(lemma) if lemma is not None else None
    if tok.pos_ not in {"VERB", "AUX", "ADV", "ADJ", "PROPN"}:
        return None  # ADV, ADJ, PROPN: verbs the tagger gets wrong ("avait violé" ADV, "déplore" ADJ, "tweeté" PROPN)
    entry = lex.verbs.get(norm(tok.lemma_))
    if entry is None:
        lemma = verb_forms(lex).get(norm(tok.text))
        entry = lex.verbs.get(lemma) if lemma is not None else None
    if entry is None:
        return None
    if tok.pos_ in {"ADV", "ADJ", "PROPN"} and not _verb_like(tok):
        return None  # a real adjective ("les propos rapportés")
    return entry


def _verb_like(tok: Token) -> bool:
    """A word the tagger read as an adjective, adverb or name that acts as a verb: it has an
    auxiliary, or a subject before it and a clause after it (« Amnesty déplore que … », « Le président
    a tweeté que … »)."""
    children = kids(tok)
    if any(c.dep_.startswith("aux") for c in children):
        return True
    subj = any(c.dep_ in SUBJ and c.i < tok.i for c in children)
    clause = any(c.dep_ in {"ccomp", "dep", "advcl"} and c.i > tok.i and norm(tok.doc[c.left_edge.i].text) in {"que", "qu'"}
                 for c in children)
    return clause and (subj or tok.dep_ == "ROOT")


def inverted_noun_tag(tok: Token, lex: Lexicon) -> bool:
    """« Le conflit pourrait durer, juge un chercheur »: a verb form (of the lexicon) read as a noun,
    right after a comma that ends a clause, right before a determiner (its subject)."""
    doc = tok.doc
    if 0 < tok.i < len(doc) - 1 and doc[tok.i - 1].text == "," and norm(doc[tok.i + 1].text) in INVERTED | {"-t"} \
            and norm(tok.text) in verb_forms(lex):
        return True  # « …, lit-on dans le communiqué », « …, analyse-t-il »: a verb form before its clitic, however hung
    if 0 < tok.i < len(doc) - 2 and doc[tok.i - 1].text == "," and doc[tok.i + 1].pos_ == "DET" and norm(tok.text) in verb_forms(lex) \
            and not any(c.dep_ == "det" for c in kids(tok)):
        # « Cette méfiance, note un diplomate, remonte … »: a closed tag, a noun phrase up to a comma or the end
        for t in doc[tok.i + 2 : min(len(doc), tok.i + 14)]:
            if t.text in {",", ".", "!", "?", ";"}:
                if any(w.pos_ in {"NOUN", "PROPN"} for w in doc[tok.i + 2 : t.i]):
                    return True
                break
            if t.pos_ in {"VERB", "AUX"} or t.text in {"«", "»", ":"}:
                break
    return (0 < tok.i < len(doc) - 1 and doc[tok.i - 1].text == "," and doc[tok.i + 1].pos_ == "DET"
            and tok.dep_ in {"conj", "parataxis", "appos", "dep", "advcl"} and not any(c.dep_ == "det" for c in kids(tok))
            and norm(tok.text) in verb_forms(lex))


def inverted_subject(tok: Token) -> Token | None:
    """The subject of an inverted tag the parser read as its object or noun complement
    (« …, estiment plusieurs analystes », « …, juge un chercheur de l'Institut »)."""
    return next((c for c in kids(tok) if c.i > tok.i and (c.dep_ in {"obj", "nmod", "obl:arg", "nsubj"} or (
                 # « …, tranche un juriste malien »: a noun the tagger read as an adjective, with its determiner
                 c.dep_ in {"amod", "xcomp"} and c.pos_ in {"ADJ", "VERB"} and any(k.dep_ == "det" and k.i < c.i for k in kids(c)) and c.i <= tok.i + 3) or (
                 # « — …, lance le chef du village »: the subject read as an agent with no « par »
                 c.dep_ in {"obl:agent", "obl:mod", "obl"} and not any(k.dep_ == "case" for k in kids(c))))
                 and (c.pos_ in {"NOUN", "PROPN"} or c.dep_ in {"amod", "xcomp"}) and norm(c.text) not in _TIME), None)


def kids(tok: Token) -> list[Token]:
    doc = tok.doc
    return [doc[i] for i in children_index(doc)[tok.i]]


def negated(tok: Token, lex: Lexicon) -> bool:
    """« n'a pas déclaré », « n'a jamais nié », « sans évoquer »: the cue reports nothing."""
    return any((c.dep_ == "advmod" and norm(c.text) in lex.words.negation_marks)
               or (c.dep_ in {"mark", "case"} and c.i < tok.i and norm(c.text) in lex.words.without) for c in kids(tok))


def subject(tok: Token, lex: Lexicon) -> Token | None:
    """The subject of a cue verb: its nsubj, the clitic of an inverted tag ("a-t-il déclaré"), or
    for a relative pronoun ("le ministre, qui a déclaré") the noun it stands for."""
    # « Il a par ailleurs annoncé »: the parser may hang the subject on the auxiliary
    aux_subjects = [k for c in kids(tok) if c.dep_ == "aux:tense" and c.i < tok.i for k in kids(c) if k.dep_ in SUBJ and k.i < c.i]
    candidates = [c for c in aux_subjects + kids(tok) if c.dep_ in SUBJ or (c.dep_ in {"expl:subj", "dep", "flat:name", "fixed", "nmod", "obj", "obl", "obl:arg", "obl:mod"}
                                                                        and norm(c.text) in INVERTED and c.i > tok.i - 3)
                  # "Il indique aussi que ...": the model often labels a referring « il » before a cue expletive
                  or (c.dep_ == "expl:subj" and c.i < tok.i and norm(c.text) in {"il", "elle", "ils", "elles"})]
    if len(candidates) > 1 and not in_quote(tok):
        # "« Ce n'est pas la première fois », a souligné le diplomate": the parser made the quotation a
        # second subject; the speaker is the one outside the quotation marks
        candidates = [c for c in candidates if not in_quote(c)] or candidates
    # « « … », a déclaré mardi soir le ministre »: a time word the parser made the subject is none
    # nor a list bullet the tagger read as a word (« - appelle les partenaires … »)
    candidates = [c for c in candidates if norm(c.text) not in lex.words.time_words and any(ch.isalpha() for ch in c.text)]
    for c in candidates:
        if True:
            if norm(c.text) in lex.words.relative:
                if tok.dep_ == "acl:relcl":
                    return tok.head
                # "Alger, qui affirme que ...": a relative clause the parser cut loose: the name before
                return next((t for t in reversed(tok.doc[max(0, c.i - 4) : c.i]) if t.pos_ in {"PROPN", "NOUN"}), c)
            if norm(c.text) == "-t":
                # « a-t-il martelé »: the parser made "-t" the subject and fixed "-il" to it
                clitic = next((k for k in kids(c) if norm(k.text) in INVERTED), None)
                if clitic is not None:
                    return clitic
                continue
            return _named_before_apposition(c) or c
    return None


def _named_before_apposition(subj: Token) -> Token | None:
    """« le Front de libération de l'Azawad (FLA), une coalition séparatiste …, avait revendiqué »: an
    indefinite description set off by a comma right after a name is its apposition; the parser made
    the description the subject. Returns the name's head, else None."""
    doc = subj.doc
    if subj.pos_ != "NOUN" or not any(c.dep_ == "det" and norm(c.text) in {"un", "une"} for c in kids(subj)):
        return None
    comma = subj.left_edge.i - 1
    if comma <= 0 or doc[comma].text != ",":
        return None
    ending = [t for t in doc[max(0, comma - 12) : comma] if t.right_edge.i == comma - 1 and t.pos_ in {"PROPN", "NOUN"}]
    if not ending:
        return None
    head = min(ending, key=lambda t: t.left_edge.i)
    phrase = doc[head.left_edge.i : comma]
    # a name: a definite noun phrase with a proper noun ("le Front de libération de l'Azawad (FLA)"),
    # not a participle aside the tagger read as a name ("Joint par téléphone, un commerçant ...")
    if not any(t.pos_ == "PROPN" for t in phrase) or not (phrase[0].pos_ == "DET" or "(" in phrase.text):
        return None
    return head


def climb_subject(tok: Token, lex: Lexicon) -> Token | None:
    """The subject of a subjectless cue, up the tree: a coordinated verb ("a dénoncé ... et accusé"),
    a participle ("..., ajoutant que ...": hung on any word of the clause before), an infinitive."""
    t = tok
    for _ in range(8):
        if t.head == t:
            return None
        parent = t.head
        subj = subject(parent, lex)
        if subj is not None and parent.pos_ in {"VERB", "AUX"} and verb_cue(parent, lex) is not None:
            return subj
        if subj is not None and t.dep_ in {"conj", "xcomp"} and parent.pos_ == "VERB":
            return subj
        t = parent
    return None


def source_range(tok: Token) -> Range:
    """The mention of a source: its subtree without relative clauses, asides and what follows a
    comma ("le ministre malien des Affaires étrangères, Abdoulaye Diop" keeps the apposition only
    when it is a name right after the noun)."""
    doc = tok.doc
    cut = [c for c in kids(tok) if c.i > tok.i and (c.dep_ in SOURCE_CUT and not _joint_speaker(c)
                                                    or (c.dep_ == "appos" and doc[c.left_edge.i - 1].text == ",") or _adjunct(c))]
    start, end = subtree_range(tok, cut)
    # the mention ends before the first adjunct phrase, whatever the parser hung it on (« le Premier ministre
    # lors d'une conférence de presse », « un responsable sous couvert d'anonymat », « le ministre mardi »)
    for i in range(tok.i + 1, end):
        if _opens_adjunct(doc[i], tok, start, end):
            end = i
            break
    # « L'état-major »: the tokenizer split the compound at the hyphen and the parser kept its last part
    while start >= 2 and doc[start - 1].text in {"-", "‑"} and not doc[start - 2].whitespace_ and not doc[start - 1].whitespace_:
        start -= 2
        if start > 0 and doc[start - 1].pos_ == "DET" and doc[start - 1].i + 1 == start:
            start -= 1
    while start < end and (doc[start].is_punct or doc[start].is_space or doc[start].dep_ in {"case", "cc", "fixed"}):
        start += 1  # "D'après le ministère": "après" is the fixed part of the preposition
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    if end < len(doc) and doc[end].text == ")" and doc[start:end].text.count("(") > doc[start:end].text.count(")"):
        end += 1  # "le Front de libération de l'Azawad (FLA)"
    return (start, end) if end > start else (tok.i, tok.i + 1)


def _joint_speaker(c: Token) -> bool:
    """« Le Mali et le Niger ont annoncé »: a speaker coordinated by « et » with no comma is one source with it."""
    if c.dep_ == "cc":
        return norm(c.text) == "et" and c.head.dep_ == "conj" and c.head.head.i < c.i and _joint_speaker(c.head)
    return (c.dep_ == "conj" and c.pos_ in {"NOUN", "PROPN"} and any(k.dep_ == "cc" and norm(k.text) == "et" for k in kids(c))
            and c.doc[c.left_edge.i - 1].text != "," and not any(t.text == "," for t in c.doc[c.head.i : c.i]))


#: prepositions that open a time, place or manner phrase, never the complement of a speaker's noun
ADJUNCT_CASES = {"lors", "sous", "pendant", "durant", "devant", "dans", "depuis", "après", "avant", "avec", "sur", "en", "par",
                 "à", "au", "aux", "face", "lors_de", "au_cours", "entre", "vers", "malgré"}


def _adjunct(c: Token) -> bool:
    """A dependent of a source noun that is a time, place or manner phrase (« lors d'une conférence de
    presse », « sous couvert d'anonymat », « à Bamako », « mardi »), not its complement (« de la Défense »)."""
    if c.dep_ not in {"nmod", "obl", "obl:mod", "advmod", "amod"}:
        return False
    case = next((k for k in kids(c) if k.dep_ == "case" and k.i < c.i), None)
    if case is not None:
        return norm(case.text) in ADJUNCT_CASES
    return c.dep_ in {"nmod", "obl", "obl:mod", "advmod"} and norm(c.text) in _TIME


_TIME = {"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "hier", "demain", "aujourd'hui", "soir",
         "matin", "récemment", "encore", "également", "aussi", "notamment", "alors", "ensuite", "enfin", "déjà", "ainsi"}


def _opens_adjunct(t: Token, tok: Token, start: int, end: int) -> bool:
    """Does an adjunct phrase start at `t` inside the source mention of `tok` [start, end) (read on the
    surface)? « lors de », « sous couvert de », a time word; « à Bamako », « dans un entretien », « sur
    RFI » when the phrase hangs on the source noun or outside the mention (on the cue), not inside a
    modifier of the noun (« une politologue jointe à Alger »)."""
    low = norm(t.text)
    if low in {"lors", "sous", "pendant", "durant", "devant", "depuis", "malgré"} or (low in _TIME and t.dep_ != "amod"):
        return True
    if low not in {"à", "au", "aux", "dans", "sur", "en", "face", "avec"} or t.dep_ != "case":
        return False
    attached = t.head.head
    return attached == tok or not (start <= attached.i < end) or attached.pos_ in {"NOUN", "PROPN"}


def content_range(head: Token, lex: Lexicon, exclude: list[Token] = ()) -> Range | None:
    """The content headed by `head`, without `exclude` subtrees and without the cues set off by a
    comma inside it that report on their own (« …, ajoutant que … »), trimmed of punctuation and of
    the word that opens it ("que", "qu'", "de", "d'", "à")."""
    rng = trim(head.doc, subtree_range(head, [*exclude, *participle_cues(head, lex), *cue_conjuncts(head)]))
    if rng is None:
        return None
    doc = head.doc
    start, end = rng
    while start < end - 1 and ((norm(doc[start].text) in lex.words.complementizers and doc[start].dep_ in {"mark", "case"})
                               or doc[start].is_punct and doc[start].text not in "«“\"" or doc[start].is_space):
        start += 1
    return trim(doc, (start, end))


def participle_cues(head: Token, lex: Lexicon) -> list[Token]:
    """Cue participles inside `head`'s subtree that follow a comma (« …, ajoutant que … », « …,
    affirmant que … »): attributions of their own, cut out of the content they sit in."""
    doc = head.doc
    out = []
    for t in head.subtree:
        if t == head or t.i == 0 or "Part" not in t.morph.get("VerbForm") or "Pres" not in t.morph.get("Tense"):
            continue
        if doc[t.left_edge.i - 1].text in {",", ";"} and verb_cue(t, lex) is not None and subject(t, lex) is None:
            out.append(t)
    for t in head.subtree:
        # « ces accusations, qu'il juge « infondées » »: a relative clause with a cue of its own, set off by a comma
        if t != head and t.dep_ == "acl:relcl" and t.left_edge.i > 0 and doc[t.left_edge.i - 1].text == "," \
                and verb_cue(t, lex) is not None:
            out.append(t)
    return out


def cue_conjuncts(head: Token) -> list[Token]:
    """« a assuré que l'épave se trouvait … et a partagé des photos »: a conjunct of the content's verb
    after « et » whose auxiliary repeats the cue's own (« a … a ») while the content's verb has none
    is coordinated with the cue, not part of what was said; cut from the content."""
    cue = head.head
    cue_aux = {norm(c.text) for c in kids(cue) if c.dep_ == "aux:tense" and c.i < cue.i}
    if not cue_aux or any(c.dep_ == "aux:tense" for c in kids(head)):
        return []
    return [c for c in kids(head) if c.dep_ == "conj" and c.i > head.i
            and any(k.dep_ == "aux:tense" and norm(k.text) in cue_aux for k in kids(c))
            and any(k.dep_ == "cc" for k in kids(c))]


def is_speaker_fr(tok: Token, lex: Lexicon) -> bool:
    """Can this mention head speak? A name, a pronoun, a speaker noun or a person noun ending."""
    low = norm(tok.text)
    if low in lex.words.non_speaker_pronouns or tok.dep_ == "expl:subj" and low not in INVERTED:
        return False
    if not any(ch.isalpha() for ch in low):
        return False  # a bullet or a dash the tagger read as a word
    if tok.pos_ in {"PROPN", "PRON"} or tok.ent_type_ in {"PER", "ORG", "LOC", "MISC"}:
        return True
    if tok.is_upper and tok.is_alpha and len(tok.text) >= 2:
        return True  # an acronym the tagger read as a common noun (« Le FLA a démenti »)
    lemma = norm(tok.lemma_)
    if lemma in lex.speakers or low in lex.speakers:
        return True
    doc = tok.doc
    if tok.i >= 2 and doc[tok.i - 1].text == "-" and not doc[tok.i - 1].whitespace_ and not doc[tok.i - 2].whitespace_ \
            and norm(f"{doc[tok.i - 2].text}-{tok.text}") in lex.speakers:
        return True  # « l'état-major »: the tokenizer split the compound at its hyphen
    if len(low) > 5 and low.endswith(tuple(lex.words.person_suffixes)):
        return True
    # "le collège des chefs d'État", "la conférence des ministres": a body named after its speakers
    return any(c.dep_ == "nmod" and c.i > tok.i and (norm(c.lemma_) in lex.speakers or c.pos_ == "PROPN")
               for c in kids(tok))
