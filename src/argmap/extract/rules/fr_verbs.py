"""Finder `fr_verb_cues`: French reporting verbs with their frames, on the UD parse of the French models.

Constructions (frames of `argmap/lang/fr/cues.tsv`):

* « X a déclaré que … », « X estime qu'il s'agit … » — a que-clause (`ccomp`);
* « X a affirmé : … » — what follows the colon (frame `ccomp`);
* « « … », a déclaré le ministre », « « … », a-t-il affirmé », « — …, lance le colonel » — an inverted
  tag after its content: the parser makes the tag a `parataxis` or `conj` of the quoted clause, or the
  quoted clause an `advcl` / `ccomp` before the tag (frames `quote`, `ccomp`);
* « X a dénoncé une action hostile », « X a rejeté ces accusations » — the object (`dobj`);
* « X accuse Y de … », « X reproche à Y de … » — an infinitive or a de-phrase, Y the target
  (`xcomp`, `prep:de`); « X menace de riposter » (`xcomp`); « X a appelé à la retenue » (`prep:à`);
* the subject of a subjectless cue (« …, ajoutant que … », « a dénoncé … et accusé … ») is found up
  the tree, and a participle on a statement noun speaks for who issued it (« a publié un communiqué
  dénonçant … »).

A negated cue (« n'a pas déclaré ») reports nothing. Known misses: cues the tagger reads as nouns
(« l'estime »), contents the parser hangs far from the cue.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Token

from ..lexicon import Cue, Lexicon
from .base import BASE_CONFIDENCE, Found, Range, subtree_range, trim
from .fr_base import (climb_subject, content_range, inverted_subject, is_speaker_fr, kids, negated, norm, source_range, subject,
                      verb_cue, verb_forms)
from .base import in_quote
from .registry import rule

#: clausal children of a cue that can be its content when they come before it (an inverted tag)
_BEFORE = {"ccomp", "advcl", "parataxis", "xcomp", "obj"}
INVERTED_CLITICS = {"-il", "-elle", "-ils", "-elles", "-on"}
#: how the tag of a quotation before it hangs on the quoted clause
_TAG_DEPS = {"parataxis", "conj", "advcl", "ccomp", "dep"}
_OBL = {"obl:arg", "obl", "obl:mod", "nmod", "iobj"}


@rule("fr_verb_cues", "find")
def fr_verb_cues(doc: Doc, lex: Lexicon) -> Iterator[Found]:
    """French reporting verbs with their frames (see the module docstring)."""
    found = [*_verb_cues(doc, lex), *_surface_cues(doc, lex)]
    yield from found
    taken = [rng for f in found for rng in f.content]
    for got in _colon_quotes(doc, lex):
        if not any(s < got.content[0][1] and got.content[0][0] < e for s, e in taken):
            yield got


#: what may stand between a speaker and the colon before their quotation (« X, lui, est formel : »)
_COLON_ATTITUDE = {"formel", "formelle", "catégorique", "clair", "claire", "convaincu", "convaincue", "convaincus", "sûr", "sûre",
                   "certain", "certaine", "affirmatif", "affirmative", "ferme", "net", "nette"}
#: nouns of a reaction or answer that name their speaker with « de » (« Réaction de Bamako : « … » »)
_REPLY_NOUNS = {"réaction", "réponse", "réplique", "riposte", "commentaire", "verdict", "message", "avertissement", "mise_en_garde"}


def _colon_quotes(doc: Doc, lex: Lexicon) -> Iterator[Found]:
    """« Abdoulaye Diop : « … » », « Réaction de Bamako : « … » », « Le ministre, lui, est formel : « … » »,
    « Il a tenu à rassurer : « … » »: a quotation after a colon, the speaker named before it (a bare name or
    noun phrase, a reply noun's « de » complement, or the subject of the clause before the colon)."""
    for colon in doc:
        if colon.text != ":" or colon.i + 1 >= len(doc) or doc[colon.i + 1].text not in {"«", "“"}:
            continue
        start = colon.sent.start
        while start > 0 and doc[start - 1].text not in {".", "!", "?", "…", "»", "”"} and "\n" not in doc[start - 1].text_with_ws:
            start = doc[start - 1].sent.start
        before = [t for t in doc[start : colon.i] if not t.is_punct and not t.is_space]
        if not before or len(before) > 14:
            continue
        speaker = None
        names = [t for t in before if t.pos_ in {"PROPN", "NOUN", "PRON"}]
        heads = [t for t in names if not (start <= t.head.i < colon.i) or t.head == t or t.head.i >= colon.i]
        verbs = [t for t in before if t.pos_ in {"VERB", "AUX"}]
        first = before[0]
        reply = first if norm(first.lemma_) in _REPLY_NOUNS or norm(first.text) in _REPLY_NOUNS else None
        if reply is not None:
            speaker = next((t for t in before if t.pos_ in {"PROPN", "NOUN"} and t != reply and t.i > reply.i
                            and norm(doc[t.i - 1].text) in {"de", "d'", "du", "des"} or (t.i > 0 and norm(doc[t.i - 1].text) in {"le", "la", "l'", "les"}
                            and norm(doc[t.i - 2].text) in {"de"})), None)
        elif not verbs:
            # a name or noun phrase alone before the colon
            head = next((t for t in before if t.pos_ in {"PROPN", "NOUN"}), None)
            if head is not None and not any(t.pos_ == "ADP" for t in before if t.i < head.i) \
                    and all(t in set(head.subtree) or t.head in set(head.subtree) or t.dep_ in {"flat:name", "det", "amod"} for t in before):
                speaker = head  # « Moussa Traoré : « … » », not « Au programme : « … » »
        else:
            verb = verbs[-1]
            attitude = any(norm(t.text) in _COLON_ATTITUDE or norm(t.text) in lex.words.attitude for t in before)
            subj = next((t for t in before if t.dep_ in {"nsubj", "nsubj:pass"} and t.i < verb.i), None)
            if subj is not None and (attitude or any(norm(t.lemma_) in {"tenir", "vouloir"} for t in verbs)):
                speaker = subj
        if speaker is None or not is_speaker_fr(speaker, lex):
            continue
        close = next((t.i for t in doc[colon.i + 2 :] if t.text in {"»", "”"}), None)
        end = close + 1 if close is not None else colon.sent.end
        if close is not None and not all(t.is_punct or t.is_space for t in doc[close + 1 : doc[close].sent.end]):
            continue  # the quotation is not all that follows the colon (« : « un titre » et deux autres »)
        content = trim(doc, (colon.i + 1, end))
        if content is None or content[1] - content[0] < 3:
            continue
        yield Found(cue=[(colon.i, colon.i + 1)], content=[content], source=source_range(speaker), rule="fr.verb.colon",
                    lemma=":", act="assertion", confidence=BASE_CONFIDENCE.get("quote", 0.7) - 0.1, cue_head=colon.i)


def _verb_cues(doc: Doc, lex: Lexicon) -> Iterator[Found]:
    last_source: Range | None = None
    for got in _verb_cues_raw(doc, lex):
        cue = doc[got.cue_head]
        if got.source is None and last_source is not None and _narrative_infinitive(cue):
            got.source = last_source  # « … », a martelé le chef de l'État. Et d'ajouter : « … »
        if got.source is None:
            header = _list_header(cue, lex)
            if header is not None:
                got.source = header  # « Le Collège des chefs d'État : – condamne … ; – exige … »
        if got.source is not None:
            last_source = got.source
        if got.rule == "fr.verb.quote" or got.rule.startswith("fr.verb.ccomp"):
            got.content = _earlier_paragraphs(doc, got.content)
        yield got


_BULLETS = {"-", "–", "—", "•", "*", "·"}


def _list_header(tok: Token, lex: Lexicon) -> Range | None:
    """A communiqué's list of decisions: « Le Collège des chefs d'État de l'AES : – condamne … ; – exige … »:
    a subjectless cue opening a list item (a bullet or a number) speaks for the noun phrase that ends with
    the colon opening the list (a speaker), up to 12 items and 1,500 characters back."""
    doc = tok.doc
    i = tok.i - 1
    while i >= 0 and (doc[i].dep_.startswith("aux") or doc[i].pos_ == "ADV" or norm(doc[i].text) in {"se", "s'"}):
        i -= 1
    if i < 0 or not (doc[i].text in _BULLETS or doc[i].like_num or doc[i].text in {")", "."} and i > 0 and doc[i - 1].like_num):
        return None
    if doc[i].like_num or doc[i].text in {")", "."}:
        i = i - 1 if not doc[i].like_num else i
    if i > 0 and not (doc[i - 1].is_space or "\n" in doc[i - 1].text_with_ws):
        return None  # a bullet opens its line
    for j in range(i - 1, max(-1, i - 400), -1):
        if doc[j].text != ":" or not ("\n" in doc[j].text_with_ws or (j + 1 < len(doc) and doc[j + 1].is_space)):
            continue
        k = j - 1
        line = k
        while line > 0 and not ("\n" in doc[line - 1].text_with_ws or doc[line - 1].is_space):
            line -= 1
        heads = [t for t in doc[line:j] if t.pos_ in {"NOUN", "PROPN"} and not (line <= t.head.i < j and t.head != t)]
        if len(heads) == 1 and is_speaker_fr(heads[0], lex) and not any(t.pos_ == "VERB" for t in doc[line:j]):
            rng = source_range(heads[0])
            return (rng[0], min(rng[1], j))
        return None
    return None


def _narrative_infinitive(tok: Token) -> bool:
    """« Et d'ajouter : … », « Et de conclure que … »: the narrative infinitive, whose subject is the
    speaker of the sentence before."""
    doc = tok.doc
    i = tok.i - 1
    return (i >= 1 and norm(doc[i].text) in {"de", "d'"} and norm(doc[i - 1].text) == "et"
            and (i - 1 == 0 or doc[i - 2].text in {".", "!", "?", "»", "…"} or "\n" in doc[i - 2].text_with_ws))


def _earlier_paragraphs(doc: Doc, content: list[Range]) -> list[Range]:
    """A long quotation: each paragraph reopens with « and only the last one closes. A content that is a
    quotation opening its paragraph takes, as fragments before it, the paragraphs before it that open
    with a quotation mark and do not close it."""
    start = content[0][0]
    if doc[start].text not in {"«", "“"} or not _paragraph_start(doc, start):
        return content
    out = list(content)
    for _ in range(20):
        first = out[0][0]
        # the paragraph before: back from the line break to the previous one
        end = first
        while end > 0 and (doc[end - 1].is_space or not doc[end - 1].text.strip()):
            end -= 1
        if end <= 0:
            break
        begin = end - 1
        while begin > 0 and not _paragraph_start(doc, begin):
            begin -= 1
        while begin < end and doc[begin].is_space:
            begin += 1
        text = [t.text for t in doc[begin:end]]
        if begin >= end or doc[begin].text not in {"«", "“"} or text.count("»") + text.count("”") >= text.count("«") + text.count("“"):
            break
        rng = trim(doc, (begin, end))
        if rng is None:
            break
        out.insert(0, rng)
    return out


def _paragraph_start(doc: Doc, i: int) -> bool:
    return i == 0 or "\n" in doc[i - 1].text_with_ws or (doc[i - 1].is_space and "\n" in doc[i - 1].text)


def _verb_cues_raw(doc: Doc, lex: Lexicon) -> Iterator[Found]:
    for tok in doc:
        cue = verb_cue(tok, lex) or _light_cue(tok, lex)
        if cue is None or negated(tok, lex):
            continue
        src, issuer = _source(tok, lex)
        read_in = _read_in(tok, src, lex)
        if read_in is not None:
            src = read_in  # « …, lit-on dans le communiqué », « …, peut-on lire dans le texte »
        middle = _mid_tag(tok, lex) if cue.allows("quote") or cue.allows("ccomp") else None
        if src is not None and middle is None and not is_speaker_fr(src, lex) and cue.lemma not in lex.words.speaking_verbs:
            continue
        got = _content(tok, cue, src, lex)
        if got is None:
            continue
        frame, content, target = got
        if frame == "parataxis" and (src is None or src.i < tok.i) and len(content) == 2:
            after = next((t for t in tok.doc[max(0, tok.i - 2) : content[1][0]] if norm(t.text) in INVERTED_CLITICS), None) \
                or next((t for t in tok.doc[tok.i + 1 : content[1][0]] if t.pos_ in {"NOUN", "PROPN"}), None)
            if after is not None:
                src = after if after.pos_ == "PRON" else (after.head if after.head.i in range(tok.i + 1, content[1][0])
                                                         and after.head.pos_ in {"NOUN", "PROPN"} else after)
        if src is None and frame in {"quote", "parataxis"} and content[0][1] <= tok.i:
            src = inverted_subject(tok)  # « …, estiment plusieurs analystes »
        if src is not None and not is_speaker_fr(src, lex) and cue.lemma not in lex.words.speaking_verbs:
            continue
        cue_ranges = [(tok.i, tok.i + 1)]
        if cue.allows("light"):  # "fait savoir": both words are the cue
            verb = _light_verb(tok, cue.lemma.split()[0])
            cue_ranges = [(verb.i, verb.i + 1), (tok.i, tok.i + 1)]
        if issuer is not None:
            cue_ranges = sorted([(issuer.i, issuer.i + 1), *cue_ranges])
        source = source_range(src) if src is not None else None
        if read_in is not None and source is not None and any(s < source[1] and source[0] < e for s, e in content):
            cut = next((i for i in range(tok.i - 1, content[0][0], -1) if tok.doc[i].text == ","), None)
            first = _trim_tag_content(doc, (content[0][0], cut)) if cut is not None else None
            if first is None:
                continue
            content = [first]
        if source is not None and any(s < source[1] and source[0] < e for s, e in content):
            continue  # a source inside its own content is a misparse
        yield Found(
            cue=cue_ranges,
            content=content,
            source=source,
            rule=f"fr.verb.{frame}",
            lemma=cue.lemma,
            act=cue.act,
            confidence=BASE_CONFIDENCE.get(frame.split(":")[0], 0.7) - (0.1 if src is None else 0.0),
            target=(target.i, target.i + 1) if target is not None else None,
            cue_head=tok.i,
            frames=cue.frames,
        )


def _passive_subject(tok: Token) -> Token | None:
    return next((c for c in kids(tok) if c.dep_ == "nsubj:pass" and norm(c.text) not in {"-il", "-elle", "-ils", "-elles"}), None)


def _agent(tok: Token) -> Token | None:
    """The agent of a passive cue: « par X » after it (the parser says obl:agent, or obl:mod)."""
    if _passive_subject(tok) is None or not any(c.dep_ == "aux:pass" for c in kids(tok)):
        return None
    return next((c for c in kids(tok) if c.i > tok.i and c.dep_ in {"obl:agent", "obl:mod", "obl"}
                 and any(norm(k.text) == "par" for k in kids(c) if k.dep_ == "case")), None)


def _light_cue(tok: Token, lex: Lexicon) -> Cue | None:
    """« a fait savoir que … », « a fait état de … », « a mis en garde contre … »: a light verb and
    its word are the cue (the lexicon's PHRASE entries `verb+word`, with their act and frames). Read on
    the word (« savoir », « état », « garde »), whichever of the two the parser made the head."""
    low = norm(tok.lemma_)
    for (verb, word), entry in lex.phrases.items():
        if low == word and _light_verb(tok, verb) is not None:
            return Cue(f"{verb} {word}", "VERB", entry.act, (*entry.frames, "light"))
    return None


def _light_verb(tok: Token, verb: str) -> Token | None:
    if norm(tok.head.lemma_) == verb and tok.head.i < tok.i:
        return tok.head
    return next((c for c in kids(tok) if norm(c.lemma_) == verb and c.i < tok.i), None)


def _source(tok: Token, lex: Lexicon) -> tuple[Token | None, Token | None]:
    """(who speaks, the issuing verb when the cue is a participle on a statement noun)."""
    agent = _agent(tok)
    if agent is not None:
        return agent, None  # « a été condamnée par l'AES », « est accusée par Bamako de … »: the agent speaks
    subj = subject(tok, lex)
    if subj is not None:
        return subj, None
    if tok.dep_ in {"conj", "parataxis", "advcl", "dep"} and tok.i > 0 and _comma_before(tok) is not None and tok.head.i < tok.i:
        inverted = inverted_subject(tok)  # « …, juge un chercheur »: not the subject of the clause it reports
        if inverted is not None:
            return inverted, None
    if tok.dep_ in {"obj", "obl:arg", "xcomp"} and norm(tok.head.lemma_) in {v for v, _ in lex.phrases}:
        subj = subject(tok.head, lex)  # "a fait état de ...", "a mis en garde": the light verb's subject
        if subj is not None:
            return subj, None
    head = tok.head
    if tok.dep_ == "acl" and norm(head.lemma_) in lex.words.statement_nouns:
        # "le ministère a publié un communiqué dénonçant ...": who issued the communiqué
        for c in kids(head):
            if c.dep_ == "nmod" and any(norm(k.text) in {"de", "du", "des", "d'"} for k in kids(c) if k.dep_ == "case"):
                return c, None
        verb = head.head
        if norm(verb.lemma_) in lex.words.issue_verbs:
            s = subject(verb, lex)
            if s is not None:
                return s, None
    if tok.dep_ in {"advcl", "acl", "conj"} and head.i < tok.i and norm(head.lemma_) in lex.words.issue_verbs \
            and any(norm(k.lemma_) in lex.words.statement_nouns for k in kids(head) if k.dep_ == "obj"):
        s = subject(head, lex)  # « a publié un communiqué affirmant que … »: the participle hung on the issuing verb
        if s is not None:
            return s, None
    before = _preverbal_subject(tok, lex)
    if before is not None:
        return before, None
    climbed = climb_subject(tok, lex)
    if climbed is not None:
        return climbed, None
    return _dislocated_subject(tok, lex), None


#: words between a subject and its verb: auxiliaries, clitics, negation, adverbs
_BETWEEN = {"aux:tense", "aux:pass", "aux", "expl:comp", "expl:pv", "expl:pass", "advmod", "iobj"}


def _preverbal_subject(tok: Token, lex: Lexicon) -> Token | None:
    """« Bamako a rejeté … », « L'ONU avertit que … », « Le rapport décrit … »: the parser left the
    subject out (made it the root, or hung the verb on it as a relative); the noun phrase that opens
    the sentence right before a finite cue (its auxiliaries and clitics between) is its subject."""
    doc = tok.doc
    form = tok.morph.get("VerbForm")
    if "Inf" in form or ("Part" in form and "Pres" in tok.morph.get("Tense")) or norm(tok.text).endswith("ant"):
        return None  # an infinitive or a present participle has no subject of its own
    if "Part" in form and not any(c.dep_ == "aux:tense" for c in kids(tok)) and not norm(tok.text).endswith(("t", "e", "ent")):
        return None  # a past participle without its auxiliary is an adjective (« le texte adopté »)
    i = tok.i - 1
    while i >= 0 and (doc[i].dep_ in _BETWEEN and doc[i].head == tok or norm(doc[i].text) in {"se", "s'", "ne", "n'"}):
        i -= 1
    if i < 0 or doc[i].pos_ not in {"NOUN", "PROPN"}:
        return None
    head = doc[i]
    while head.head != head and head.head.i < tok.i and head.dep_ in {"nmod", "flat:name", "amod", "compound", "appos"} \
            and head.head.pos_ in {"NOUN", "PROPN"}:
        head = head.head
    if head.dep_ not in {"ROOT", "nsubj", "dep", "obj", "nmod", "appos"} and not (tok.dep_ in {"acl", "acl:relcl"} and tok.head == head):
        return None
    if head.dep_ != "ROOT" and not (tok.head == head or head.head == head):
        if not (head.dep_ == "nsubj" and head.head == tok):
            return None
    start = head.left_edge.i
    sent_start = tok.sent.start
    # the noun phrase opens its sentence (or follows a comma that closes an opening phrase)
    if not (start in {sent_start, head.sent.start} or doc[start - 1].text in {",", "\n"} or doc[start - 1].is_space):
        return None
    return head if is_speaker_fr(head, lex) else None


def _dislocated_subject(tok: Token, lex: Lexicon) -> Token | None:
    """« Alger, de son côté, accuse Bamako … »: the parser cut the subject off as a root of its own; a
    speaker that opens the sentence and is followed by a comma, with no verb between it and the cue."""
    doc = tok.doc
    if tok.dep_ != "ROOT":
        return None
    start = tok.sent.start
    while start > 0 and doc[start - 1].text not in {".", "!", "?", "…"} and "\n" not in doc[start - 1].text_with_ws:
        start = doc[start - 1].sent.start
    first = doc[start]
    head = first if first.pos_ in {"PROPN", "NOUN", "PRON"} else (first.head if first.dep_ == "det" else None)
    if head is None or head.i >= tok.i or head.head.i == tok.i or head.right_edge.i + 1 >= tok.i:
        return None
    if doc[head.right_edge.i + 1].text != "," or any(t.pos_ == "VERB" for t in doc[head.right_edge.i + 1 : tok.i]):
        return None
    return head if is_speaker_fr(head, lex) else None


def _content(tok: Token, cue: Cue, src: Token | None, lex: Lexicon) -> tuple[str, list[Range], Token | None] | None:
    doc = tok.doc
    children = kids(tok)
    # "a dénoncé dimanche une action ...": the parser may hang the object on the time word before it
    timed = [k for c in children if c.i > tok.i and norm(c.text) in lex.words.time_words for k in kids(c) if k.dep_ == "obj"]
    # "a condamné « avec la plus grande fermeté » la destruction …": the object coordinated with the adverbial
    coordinated = [k for c in children if c.i > tok.i and c.dep_ == "obl:mod" for k in kids(c)
                   if k.dep_ == "conj" and k.pos_ == "NOUN" and not any(x.dep_ == "case" for x in kids(k))]
    timed += coordinated
    obj = next((c for c in [*children, *timed] if c.i > tok.i and (c.dep_ == "obj" or c in coordinated or (
        c.dep_ == "obl:arg" and not any(k.dep_ == "case" for k in kids(c))))  # "a exigé des excuses": des read as a det
                and norm(c.text) not in lex.words.time_words), None)  # "a rejeté lundi les accusations"
    # 1. a que-clause, or a clause after a colon
    if cue.allows("ccomp") or cue.allows("quote"):
        clauses = [c for c in children if c.dep_ == "ccomp" and c.i > tok.i]
        if len(clauses) > 1:
            # "considère que toute attaque contre l'un ... est une attaque contre tous": the parser split
            # the clause into two complements; the content runs from the first to the last
            first = content_range(clauses[0], lex)
            rng = trim(doc, (first[0], clauses[-1].right_edge.i + 1)) if first is not None else None
            if rng is not None:
                return "ccomp", [rng], None
        for c in children:
            # a que-clause: the parser hangs "que" on the clause's verb or on its first noun
            # ("qu'une solution militaire ... était vouée": an advcl whose left edge is "qu'")
            opener = doc[c.left_edge.i]
            relative = norm(opener.text) in {"que", "qu'"} and opener.i > 0 and doc[opener.i - 1].text == "," and opener.i > tok.i + 1
            if relative:
                continue  # « … d'Alger, qu'elles accusent de … »: a relative clause on the noun before the comma
            if c.dep_ in {"ccomp", "advcl", "parataxis", "dep"} and c.i > tok.i and (
                    c.dep_ == "ccomp" or norm(opener.text) in {"que", "qu'"} or _after_colon(tok, c)):
                rng = content_range(c, lex)
                if rng is not None:
                    return "ccomp", [rng], None
        for c in children:
            # « a indiqué à l'AFP que … »: the parser hangs the que-clause on the one told
            if c.i > tok.i and c.dep_ in _OBL and any(norm(k.text) in {"à", "au", "aux"} for k in kids(c) if k.dep_ == "case"):
                for k in kids(c):
                    if k.i > c.i and k.dep_ in {"acl", "acl:relcl", "ccomp"} and norm(doc[k.left_edge.i].text) in {"que", "qu'"}:
                        rng = content_range(k, lex)
                        if rng is not None:
                            return "ccomp", [rng], None
        colon = _colon_after(tok)
        if colon is not None:
            end = tok.sent.end
            rng = trim(doc, (colon + 1, end))
            if rng is not None and rng[1] - rng[0] >= 2:
                return "quote" if doc[rng[0]].text in "«“\"" else "ccomp", [rng], None
    # « Comme le souligne un diplomate, la crise … »: a comme-clause reports the clause it hangs on
    if any(k.dep_ == "mark" and norm(k.text) in lex.words.as_marks for k in children if k.i < tok.i) and tok.head.i > tok.i:
        rng = _trim_tag_content(doc, subtree_range(tok.head, [tok]))
        if rng is not None:
            return "as", [rng], None
    # 2. an inverted tag: the content comes before the cue, or around it
    if cue.allows("quote") or cue.allows("ccomp"):
        middle = _mid_tag(tok, lex)
        if middle is not None:
            return "parataxis", middle, None
        inside = _inside(tok)
        if inside is not None:
            return "parataxis", inside, None
        got = _before(tok, lex)
        if got is not None:
            return "quote", [got], None
    # « s'est dit préoccupé par l'escalade », « se déclare favorable à … »: a reflexive cue and the
    # attitude it states (an adjective or participle): the attitude with its complements
    if any(norm(c.text) in {"se", "s'"} for c in children if c.i < tok.i):
        for c in children:
            if c.dep_ in {"xcomp", "obj", "acl"} and c.i > tok.i and c.pos_ in {"ADJ", "VERB"} and "Inf" not in c.morph.get("VerbForm") \
                    and not any(k.dep_ == "det" for k in kids(c)):  # « s'est exclamé un manifestant »: a noun, the subject
                rng = trim(doc, (c.left_edge.i, c.right_edge.i + 1))
                if rng is not None:
                    return "xcomp", [rng], None
    # 3. accuse Y de ..., menace de ..., appelle à ...
    for frame in cue.frames:
        if frame == "xcomp":
            # "invite les partenaires à « prendre … »": the parser hangs the infinitive on the object
            hung = [k for k in kids(obj) if k.dep_ in {"acl", "xcomp"} and k.i > obj.i] if obj is not None else []
            for c in [*children, *[k for k in hung if any(m.dep_ == "mark" for m in kids(k))]]:
                if c in hung:
                    c_dep_ok = True
                else:
                    c_dep_ok = c.dep_ == "xcomp"
                infinitive = "Inf" in c.morph.get("VerbForm") or any(
                    "Inf" in k.morph.get("VerbForm") or k.dep_ == "mark" for k in kids(c) if k.i < c.i)
                if c_dep_ok and c.i > tok.i and infinitive:
                    rng = content_range(c, lex)
                    if rng is not None and obj is not None and subtree_range(obj)[0] == rng[1] and obj.head == tok:
                        # "a démenti avoir violé l'espace aérien": the parser hung the infinitive's object on the cue
                        rng = (rng[0], subtree_range(obj)[1])
                    if rng is not None:
                        target = obj if obj is not None and obj.i < c.i else _indirect(tok, c)
                        if target is None and _agent(tok) is not None:
                            target = _passive_subject(tok)  # « l'Algérie est accusée par Bamako de … »
                        return "xcomp", [rng], target
        elif frame.startswith("prep:"):
            prep = frame.split(":", 1)[1]
            for holder in ([tok] + ([obj] if obj is not None else [])):
                for c in kids(holder):
                    if c.dep_ in _OBL and c.i > tok.i and any(k.dep_ == "case" and norm(k.text).rstrip("'") in {prep, _contracted(prep)}
                                                              for k in kids(c)):
                        rng = content_range(c, lex)
                        if rng is not None:
                            return f"prep:{prep}", [rng], obj if obj is not None else _indirect(tok, c)
    # a light verb's word holds the content ("fait savoir qu'...", "fait état de ...", "mis en garde contre ...")
    if cue.allows("light"):
        verb = _light_verb(tok, cue.lemma.split()[0])
        preps = {f.split(":", 1)[1] for f in cue.frames if f.startswith("prep:")}
        for holder in (tok, verb):
            for c in kids(holder):
                if c.i <= tok.i:
                    continue
                cases = {norm(k.text).rstrip("'") for k in kids(c) if k.dep_ == "case"}
                if (cue.allows("ccomp") and c.dep_ in {"ccomp", "advcl"}) or (c.dep_ in _OBL and cases & (
                        preps | {_contracted(p) for p in preps} | ({"du", "des"} if "de" in preps else set()))):
                    rng = content_range(c, lex)
                    if rng is not None:
                        return "ccomp", [rng], None
        return None
    # 4. the object; in the passive with an agent, the passive subject (« la destruction … a été condamnée par l'AES »)
    if cue.allows("dobj") and obj is None and _agent(tok) is not None:
        rng = content_range(_passive_subject(tok), lex)
        if rng is not None:
            return "dobj", [rng], None
    if cue.allows("dobj") and obj is None:
        # "a jugé « irresponsable » l'attitude d'Alger": the object hung on the predicative adjective
        for c in children:
            if c.dep_ == "xcomp" and c.pos_ == "ADJ" and c.i > tok.i:
                inner = next((k for k in kids(c) if k.dep_ == "obj" and k.i > c.i), None)
                if inner is not None:
                    rng = trim(doc, (c.left_edge.i, subtree_range(inner)[1]))
                    if rng is not None:
                        return "dobj", [rng], None
    if cue.allows("dobj") and obj is None and tok.pos_ == "NOUN" and tok.dep_ == "ROOT":
        # « Le chercheur juge la situation « explosive » »: the cue read as a noun, its object as a complement
        inner = next((c for c in children if c.dep_ == "nmod" and c.i == tok.i + 2 and doc[tok.i + 1].pos_ == "DET"
                      and not any(k.dep_ == "case" for k in kids(c))), None)
        if inner is not None:
            rng = trim(doc, (tok.i + 1, max(t.i for t in tok.subtree if t.i > tok.i) + 1))
            if rng is not None:
                return "dobj", [rng], None
    if cue.allows("dobj") and obj is not None and obj.pos_ == "PRON" and norm(obj.text) in {"ce", "celui", "celle", "ceux"} \
            and any(c.dep_ == "acl:relcl" for c in kids(obj)):
        # « a fustigé ce qu'il a appelé « une trahison » »: the relative and what the parser hung after it
        end = max([obj.right_edge.i] + [c.right_edge.i for c in children if c.i > obj.i and c.dep_ in {"obj", "xcomp", "punct"}])
        rng = trim(doc, (obj.i, end + 1))
        if rng is not None:
            return "dobj", [rng], None
    if cue.allows("dobj") and obj is not None and obj.pos_ in {"NOUN", "PROPN", "NUM"}:
        # « juge la situation « explosive » »: a predicative adjective after the object belongs to the content
        pred = [c for c in children if c.dep_ in {"xcomp", "amod"} and c.i > obj.right_edge.i and c.pos_ == "ADJ"]
        if pred:
            rng = trim(doc, (content_range(obj, lex) or (obj.i, obj.i + 1))[0:1] + (pred[-1].right_edge.i + 1,))
            if rng is not None and rng[1] - rng[0] >= 2:
                return "dobj", [rng], None
        rng = content_range(obj, lex)
        if rng is not None:
            return "dobj", [rng], None
    return None


def _contracted(prep: str) -> str:
    return {"de": "d", "à": "au"}.get(prep, prep)


def _indirect(tok: Token, content: Token) -> Token | None:
    """« reproche à Alger de … »: the person or state the cue is addressed to."""
    return next((c for c in kids(tok) if c.dep_ in {"iobj", "obl:arg"} and c.pos_ in {"PROPN", "NOUN"} and c != content
                 and any(norm(k.text) == "à" for k in kids(c))), None)


def _colon_after(tok: Token) -> int | None:
    """The index of a colon after the cue with only its subject, adverbs or addressee in between
    (« a affirmé : … », « a déclaré mardi à la presse : … »)."""
    doc = tok.doc
    for i in range(tok.i + 1, min(tok.sent.end, tok.i + 8)):
        if doc[i].text == ":":
            return i
        if doc[i].text in {".", ";", "«", "“"} or doc[i].pos_ == "VERB":
            return None
    return None


def _after_colon(tok: Token, clause: Token) -> bool:
    colon = _colon_after(tok)
    return colon is not None and clause.left_edge.i > colon


def _before(tok: Token, lex: Lexicon) -> Range | None:
    """The content of an inverted tag: « « … », a déclaré X », « …, a-t-il affirmé », « — …, lance X »."""
    doc = tok.doc
    # a tag that ends its sentence reports all of the sentence before it, wherever the parser hung it
    # (« Alger voulait montrer que …, estime-t-il. »: the tag hangs on the inner clause)
    comma = _comma_before(tok)
    subj = subject(tok, lex)
    inverted = subj is None or subj.i > tok.i or norm(subj.text) in INVERTED_CLITICS  # « …, estime-t-il », « …, a déclaré le ministre »
    objects = [c for c in kids(tok) if c.i > tok.i and c.dep_ in {"obj", "ccomp", "xcomp", "obl:arg"} and c != subj
               and c != inverted_subject(tok)]
    tail = tok.right_edge.i + 1
    if subj is not None and norm(subj.text) in {"on", "-on"} and tail < len(doc) and norm(doc[tail].text) in {"dans", "sur"}:
        # « …, lit-on dans le communiqué »: the text read in closes the tag
        while tail < tok.sent.end and not doc[tail].is_punct:
            tail += 1
    if comma is not None and inverted and not objects and (tail >= tok.sent.end - 1 and all(
            doc[i].is_punct or doc[i].is_space for i in range(tail, tok.sent.end)) or _tag_ends_sentence(tok, subj)):
        start = tok.sent.start
        # the parser may start a sentence inside the clause ("… montrer | que sa frontière …"): back to
        # the last real sentence end or paragraph start
        while start > 0 and doc[start - 1].text not in {".", "!", "?", "…"} and "\n" not in doc[start - 1].text_with_ws:
            start = doc[start - 1].sent.start
        # or it ran two sentences into one: a quotation that closes before the comma starts where it opens,
        # anything else after the last sentence end before the comma
        start = _clause_start(doc, start, comma)
        rng = _trim_tag_content(doc, (start, comma))
        if rng is not None and not any(doc[i].text == "," and _starts_tag(doc, i) for i in range(start, comma)):
            return rng
    # the tag hangs on the quoted clause
    head = tok.head
    if tok.dep_ in _TAG_DEPS and head.i < tok.i and _set_off(tok):
        rng = subtree_range(head, [tok])
        rng = _trim_tag_content(doc, rng)
        if rng is not None:
            return rng
    # the quoted clause hangs on the tag
    for c in kids(tok):
        quoted_subject = c.dep_ == "nsubj" and in_quote(c) and not in_quote(tok)  # the parser made the quotation a subject
        if (c.dep_ in _BEFORE or quoted_subject) and c.i < tok.i and c.pos_ in {"VERB", "AUX", "NOUN", "ADJ", "PRON", "PROPN"} and _set_off(tok, c):
            rng = _trim_tag_content(doc, subtree_range(c))
            if rng is not None:
                return rng
    return None


def _clause_start(doc: Doc, start: int, comma: int) -> int:
    """Where the content of a trailing tag begins, between `start` (the parser's sentence start) and the
    tag's comma: the opening mark of a quotation that closes right before the comma, else the token after
    the last sentence end outside quotation marks."""
    close = comma - 1
    while close > start and doc[close].is_space:
        close -= 1
    if doc[close].text in {"»", "”"}:
        depth = 0
        for i in range(close, start - 1, -1):
            depth += doc[i].text in {"»", "”"}
            depth -= doc[i].text in {"«", "“"}
            if depth == 0:
                return i
        return start
    depth = 0
    for i in range(comma - 1, start, -1):
        depth += doc[i].text in {"»", "”"}
        depth -= doc[i].text in {"«", "“"}
        if depth == 0 and doc[i - 1].text in {".", "!", "?"}:
            return i
    return start


def _tag_ends_sentence(tok: Token, subj: Token | None) -> bool:
    """Read on the surface: after the cue only its clitics (« -t-il ») or its subject's phrase, then the
    end of the sentence (« », analyse-t-il. », however the parser hung the tag)."""
    doc = tok.doc
    i = tok.i + 1
    while i < len(doc) and norm(doc[i].text) in INVERTED_CLITICS | {"-t"}:
        i += 1
    if subj is not None and subj.i >= i:
        i = max(i, subj.right_edge.i + 1)
    if i == tok.i + 1 and subj is not None and subj.i < tok.i and norm(subj.text) not in INVERTED_CLITICS:
        return False
    while i < len(doc) and (doc[i].is_space or doc[i].text in {"»", "”", ")"}):
        i += 1
    return i >= len(doc) or doc[i].text in {".", "!", "?", "…"} or "\n" in doc[i - 1].text_with_ws


def _mid_tag(tok: Token, lex: Lexicon) -> list[Range] | None:
    """« Cette position, a-t-il insisté, n'est pas négociable », « « Cette attaque, a poursuivi le
    colonel, ne restera pas impunie » »: a tag set off by two commas inside the clause it reports, its
    subject after the verb (a clitic or a noun phrase). Read on the surface, whatever the parser made of
    it (it often hangs the clause on the tag, or the tag on the clause's subject). Two fragments."""
    doc = tok.doc
    before = _comma_before(tok)
    if before is None or doc[before].text != ",":
        return None
    # the tag's subject comes after its verb: a clitic (« a-t-il insisté ») or a noun phrase (« a
    # poursuivi le colonel »); a subject before the comma is the reported clause's, whatever the parser says
    clitic = any(norm(t.text) in INVERTED_CLITICS for t in doc[before + 1 : tok.i + 3])
    named = any(t.pos_ in {"NOUN", "PROPN"} for t in doc[tok.i + 1 : tok.i + 6])
    if not (clitic or named):
        return None
    # the tag: the cue, its clitics or its subject after it, up to the next comma
    after = tok.i + 1
    while after < len(doc) and doc[after].text != "," and after - tok.i <= 8:
        if doc[after].text in {".", "!", "?", ";", ":", "«", "»", "“", "”"} or doc[after].pos_ == "VERB":
            return None
        after += 1
    if after >= len(doc) or doc[after].text != ",":
        return None
    start = doc[before].sent.start
    while start > 0 and doc[start - 1].text not in {".", "!", "?", "…"} and "\n" not in doc[start - 1].text_with_ws:
        start = doc[start - 1].sent.start
    end = doc[after].sent.end
    while end < len(doc) and doc[end - 1].text not in {".", "!", "?", "…", "»", "”"} and "\n" not in doc[end - 1].text_with_ws:
        end = doc[end].sent.end
    first = _trim_tag_content(doc, (start, before))
    second = trim(doc, (after + 1, end))
    if first is None or second is None or second[1] - second[0] < 2:
        return None
    if any(t.text in {".", "!", "?"} for t in doc[first[0] : first[1]]):
        return None  # not one sentence around the tag
    return [first, second]


def _inside(tok: Token) -> list[Range] | None:
    """« L'épave, précise-t-il, a été retrouvée … », « À chaque fois, a précisé le ministère,
    l'Algérie avait … »: a tag set off by commas inside the clause it reports. Two fragments: the
    clause before the tag and after it."""
    doc = tok.doc
    head = tok.head
    if head == tok or tok.dep_ not in {"advcl", "parataxis", "dep", "conj", "ccomp"} or head.i < tok.i:
        return None
    left, right = tok.left_edge.i, tok.right_edge.i
    while left <= tok.i and doc[left].dep_ not in {"punct"} and left < tok.i and (doc[left].dep_.startswith("aux") or doc[left].pos_ == "ADV"):
        left += 1
    before = left - 1
    after = right + 1
    if before < 0 or after >= len(doc) or doc[before].text != "," or doc[after].text != ",":
        return None
    if any(c.dep_ in SUBJ_BEFORE for c in kids(tok) if c.i < tok.i):
        return None  # the tag's own clause ("X, le ministre a dit, Y" is not this)
    first = trim(doc, (head.left_edge.i, before))
    second = trim(doc, (after + 1, head.right_edge.i + 1))
    if first is None or second is None or head.left_edge.i >= before:
        return None
    return [first, second]


SUBJ_BEFORE = {"nsubj", "nsubj:pass"}


def _comma_before(tok: Token) -> int | None:
    """The comma (or closing quote mark) right before a tag, its auxiliaries and clitics between."""
    doc = tok.doc
    i = tok.i - 1
    while i > 0 and (doc[i].dep_.startswith("aux") or norm(doc[i].text) in {"-t", "-il", "-elle", "-ils", "-elles", "-on", "s'", "se"}
                     or (doc[i] == tok.head and tok.dep_ == "xcomp" and norm(doc[i].lemma_) in {"pouvoir", "devoir"})):
        i -= 1  # « …, peut-on lire »: the modal and its clitic before the cue
    if i <= 0 or doc[i].text not in {",", "»", "”"}:
        return None
    return i if doc[i].text == "," else i + 1


def _starts_tag(doc: Doc, comma: int) -> bool:
    """Another tag starts after this comma (« « A », dit X, « B », ajoute Y »): not one content."""
    return False


def _set_off(tok: Token, clause: Token | None = None) -> bool:
    """The tag is set off from what it reports by a comma or a closing quote mark right before it
    (its auxiliaries between: « », a déclaré », « , a-t-il affirmé »)."""
    doc = tok.doc
    i = tok.i - 1
    while i >= 0 and (doc[i].dep_.startswith("aux") or doc[i].dep_ == "expl:subj" or norm(doc[i].text) in {"-t", "-il", "-elle", "-ils", "-elles", "s'", "se"}
                      or doc[i].pos_ == "ADV"):
        i -= 1
    if i < 0:
        return False
    if clause is not None and clause.right_edge.i >= tok.i:
        return False
    return doc[i].text in {",", "»", "”", "\"", "—", "–"}


def _trim_tag_content(doc: Doc, rng: Range) -> Range | None:
    start, end = rng
    while start < end and (doc[start].text in {"—", "–", "-"} or doc[start].is_space
                           or (doc[start].dep_ == "mark" and norm(doc[start].text) in {"que", "qu'"})):
        start += 1
    got = trim(doc, (start, end))
    if got is None or got[1] - got[0] < 2:
        return None
    return got


def _read_in(tok: Token, src: Token | None, lex: Lexicon) -> Token | None:
    """« « … », lit-on dans le communiqué », « peut-on lire dans le texte », « écrit-on dans le rapport »:
    an impersonal « on » reading a text; the text (a statement noun after « dans ») is the source.
    Read on the surface: the first « dans » after the cue and its clitic, and the noun after it."""
    if src is None or norm(src.text) not in {"on", "-on"}:
        return None
    doc = tok.doc
    i = max(tok.i, src.i) + 1
    if i < len(doc) and norm(doc[i].text) in {"dans", "sur"}:
        noun = next((t for t in doc[i + 1 : min(len(doc), i + 5)] if t.pos_ in {"NOUN", "PROPN"}), None)
        if noun is not None and (norm(noun.lemma_) in lex.words.statement_nouns or norm(noun.text) in lex.words.statement_nouns
                                 or noun.pos_ == "PROPN" or norm(noun.lemma_) in lex.speakers):
            return noun
    return None


def _surface_cues(doc: Doc, lex: Lexicon) -> Iterator[Found]:
    """Cues the tagger read as a noun or an adjective of the subject before them, read on the surface
    (« L'opposition juge que … », « Le rapport suggère que … », « Le chercheur nuance : « … » »,
    « L'ONG critique la gestion … »): a verb form of the lexicon right after a speaker noun it hangs on,
    with no determiner of its own, before « que », a colon or a determiner (its object). And « …, ce que X
    dément »: X denies (confirms, contests) « ce », the clause before the comma it stands for."""
    forms = verb_forms(lex)
    for tok in doc:
        if tok.pos_ not in {"NOUN", "ADJ", "ADV", "PROPN"} or tok.i == 0 or tok.i + 1 >= len(doc):
            continue
        lemma = forms.get(norm(tok.text))
        cue = lex.verbs.get(lemma) if lemma is not None else None
        if cue is None:
            continue
        before, after = doc[tok.i - 1], doc[tok.i + 1]
        # « …, ce qu'Alger dément »
        j = tok.i - 1
        while j > 0 and (doc[j].pos_ in {"PROPN", "NOUN", "DET"} or (doc[j].pos_ == "PRON" and j == tok.i - 1)) and tok.i - j <= 5:
            j -= 1  # « ce qu'Alger dément », « ce que celle-ci dément »
        if j >= 2 and norm(doc[j].text) in {"qu'", "que"} and norm(doc[j - 1].text) == "ce" and doc[j - 2].text == "," \
                and j + 1 < tok.i and (cue.allows("dobj") or cue.allows("ccomp")):
            # the content is « ce », which stands for the clause before the comma (as the gold marks it)
            content = (j - 1, j)
            speaker = doc[tok.i - 1]
            if content is not None and is_speaker_fr(speaker, lex):
                yield _surface_found(tok, cue, content, (j + 1, tok.i), "fr.verb.ce_que")
            continue
        hung = tok.dep_ in {"amod", "nmod", "appos", "acl", "dep", "conj"} and tok.head == before
        governs = before.head == tok and before.dep_ in {"nsubj", "nsubj:pass"}  # « Le chercheur juge … »: a noun with a subject
        if not (hung or governs):
            continue
        if before.pos_ not in {"NOUN", "PROPN"} or any(c.dep_ == "det" for c in kids(tok)) or not is_speaker_fr(before, lex):
            continue
        low_after = norm(after.text)
        end = tok.sent.end
        while end < len(doc) and doc[end - 1].text not in {".", "!", "?", "…", "»"} and "\n" not in doc[end - 1].text_with_ws:
            end = doc[end].sent.end
        if low_after in {"que", "qu'"} and cue.allows("ccomp"):
            content, frame = trim(doc, (tok.i + 2, end)), "ccomp"
        elif after.text == ":" and (cue.allows("ccomp") or cue.allows("quote")):
            content, frame = trim(doc, (tok.i + 2, end)), "quote"
        elif after.pos_ == "DET" and cue.allows("dobj"):
            content, frame = trim(doc, (tok.i + 1, end)), "dobj"
        else:
            continue
        if content is None or content[1] - content[0] < 2:
            continue
        src = source_range(before)
        yield _surface_found(tok, cue, content, (src[0], min(src[1], tok.i)), f"fr.verb.{frame}")


def _surface_found(tok: Token, cue: Cue, content: Range, source: Range, rule_name: str) -> Found:
    return Found(cue=[(tok.i, tok.i + 1)], content=[content], source=source, rule=rule_name, lemma=cue.lemma, act=cue.act,
                 confidence=BASE_CONFIDENCE.get(rule_name.split(".")[-1].split(":")[0], 0.7) - 0.1, cue_head=tok.i,
                 frames=cue.frames)