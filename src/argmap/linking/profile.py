"""Claim profiles: everything the linker compares, computed once per claim (pure, no I/O).

A profile holds a claim's topic keys (stemmed content words, synonym classes, named entities,
places, dates), the keys of the rest of its sentence (context), the parties its content mentions
and blames, and its stance markers (denial, response noun, claim of agency, contrast marker,
evidence marker, participial elaboration). Profiles are built in one pass over the claims, so this
part of linking grows with the number of claims, not with the number of pairs.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from ..countries import countries
from ..model import Actor, ActorKind, Claim, Document, SpeechAct
from ..lang import tokens
from ..lang.calendar import patterns
from .lexicon import Lexicon, find_phrase, words
from .parties import Parties
from .stem import stem

_CAP = re.compile(r"[A-ZÀ-Þ]")

#: Speech acts that take a position against someone or for oneself: the conclusions others support.
STRONG_ACTS = frozenset({SpeechAct.accusation, SpeechAct.condemnation, SpeechAct.denial, SpeechAct.responsibility})
BLAMING_ACTS = frozenset({SpeechAct.accusation, SpeechAct.condemnation})

# key weights by type: names, places and dates say more about an event than common words, and a
# party mention ('Algeria') is shared by every claim of a dispute
W_ENTITY, W_DATE, W_PARTY, W_TERM = 1.5, 1.2, 0.3, 1.0
#: A blamed party must be named at most this many words from a word of blame.
BLAME_WINDOW = 8


@dataclass(slots=True, frozen=True)
class ClaimFacts:
    """What the linker reads of a claim once its profile is built. The Claim record is not kept:
    profiles are built a document at a time and the records and texts dropped, so linking holds a
    profile per claim, not the map."""

    id: str
    document: str
    kind: SpeechAct
    text: str
    cue: str
    hedged: bool
    sentence: tuple[int, int] | None
    content: tuple[tuple[int, int], ...]  # the content spans

    @classmethod
    def of(cls, c: Claim) -> ClaimFacts:
        return cls(c.id, c.document, c.kind, c.text, c.cue, c.hedged, tuple(c.sentence) if c.sentence else None,
                   tuple(tuple(s) for s in c.spans.content))


@dataclass(slots=True)
class Profile:
    """What the linker knows about one claim."""

    idx: int  # position in the canonical claim order
    claim: ClaimFacts
    doc_rank: int
    pos: int  # start of the content span
    paragraph: int  # paragraph number inside the document
    actor: str | None
    party: str | None
    content: dict[str, float] = field(default_factory=dict)  # topic key -> type weight
    context: dict[str, float] = field(default_factory=dict)  # keys of the rest of the sentence
    surface: tuple[str, ...] = ()  # the words as written (for reasons), one per key of `content`, then of `context`
    dates: tuple[str, ...] = ()  # dates as written in the sentence ('6 April')
    mentions: frozenset[str] = frozenset()  # parties named in the content
    blames: frozenset[str] = frozenset()  # parties the claim blames
    denial: bool = False
    response: str | None = None  # 'blame' | 'any' when a denial names what it answers ('accusations')
    anaphoric: bool = False  # ... and points back at it ('these accusations', 'it')
    plural: bool = True
    agency: bool = False  # claims to have done the act itself, or claims responsibility
    accident: str | None = None  # the words of an accident account ('had crashed'), when not agency
    places_in: frozenset[str] = frozenset()  # parties in whose territory the content places the event
    act: frozenset[str] = frozenset()  # keys of the act claimed (the sentence's, for a bare 'responsibility')
    contrast: str | None = None  # contrast marker before the claim in its sentence
    conclusion: str | None = None  # conclusion marker opening the claim's clause ('so', 'that is why')
    evidence: str | None = None  # evidence marker inside the content
    normative: str | None = None  # a recommendation or judgement of importance in the content ('should', 'crucial')
    elaboration: bool = False  # participial cue continuing a sentence ('..., claiming that')
    run_head: int | None = None  # first claim of the run of same-party claims this one continues
    sentence_head: int | None = None  # first claim of the same party earlier in the same sentence
    lead: bool = False  # the first claim of its party in its document (what the rest of its side's claims argue for)
    denied_by: str | None = None  # party of a denial whose content holds this claim ('denied accusations that ...')
    headline: bool = False  # said in the document's headline (its first line, a title: see `is_headline`)
    rebuts: str | None = None  # a rebuttal in the content's own words ('not true', 'a lie'): it answers like a denial

    @property
    def kind(self) -> SpeechAct:
        return self.claim.kind

    def written(self, key: str) -> str | None:
        """The word as written of one of the profile's keys (None for another key)."""
        for i, k in enumerate(self.content):
            if k == key:
                return self.surface[i]
        for i, k in enumerate(self.context, start=len(self.content)):
            if k == key:
                return self.surface[i]
        return None


#: A recommendation's marker ('should', 'it is time') among the first words of the content: its own clause.
NORMATIVE_WORDS = 8

#: Claims of one party further apart than this (characters) do not form a run.
RUN_GAP = 1500


def annotate_runs(profiles: list[Profile]) -> None:
    """Set `run_head`, `sentence_head` and `lead`: one side's argument spread over consecutive claims.

    A run is a sequence of claims of the same party (a government and its ministries) in one
    document, each at most RUN_GAP characters after the previous one, not interrupted by another
    party's claim — except one aside by a party speaking for the first time in the text ("India
    had designated him a terrorist in 2020" between two claims of Ottawa). Claims nested inside the
    previous claim (a quoted group inside Mali's statement) neither join nor interrupt a run.
    """
    for p, q in zip(profiles, profiles[1:]):
        # 'Nijjar denied Indian accusations that he was involved in terrorism': the accusation sits
        # inside the denial that follows its cue, or that it follows
        for outer, inner in ((p, q), (q, p)):
            if outer.claim.document == inner.claim.document and outer.denial and outer.party and _inside(inner, outer):
                inner.denied_by = outer.party
    prev: Profile | None = None
    before: Profile | None = None  # the claim before `prev` in the same document
    prev_first = False  # `prev` is the first claim of its party in the document
    spoken: set[str | None] = set()  # parties that have spoken in the current document
    for p in profiles:
        same_doc = prev is not None and prev.claim.document == p.claim.document
        if not same_doc:
            spoken, before = set(), None
        if p.party is not None and p.party not in spoken:
            p.lead = True
        if same_doc and _inside(p, prev):
            continue  # part of the previous claim, not a new voice
        if same_doc and p.party is not None and p.party == prev.party and p.pos - prev.pos <= RUN_GAP:
            p.run_head = prev.run_head if prev.run_head is not None else prev.idx
            if prev.claim.sentence is not None and prev.claim.sentence == p.claim.sentence:
                p.sentence_head = prev.sentence_head if prev.sentence_head is not None else prev.idx
        elif (same_doc and before is not None and p.party is not None and p.party == before.party
              and prev_first and p.pos - before.pos <= RUN_GAP):
            p.run_head = before.run_head if before.run_head is not None else before.idx
        prev_first = p.party not in spoken
        spoken.add(p.party)
        before, prev = prev, p


def _inside(p: Profile, q: Profile) -> bool:
    return any(s1 < e2 and s2 < e1 for s1, e1 in p.claim.content for s2, e2 in q.claim.content)


class Mentions:
    """Finds parties named in a text: countries (names, capitals, demonyms: 'Bamako', 'Malian' ->
    Mali's government) from the bundled table, other actors from their names and aliases."""

    def __init__(self, actors: list[Actor], parties: Parties, not_parties: tuple[tuple[str, ...], ...] = (),
                 articles: frozenset[str] = frozenset()):
        # place names that start like a party ('British Columbia' is not the United Kingdom) name nobody
        index: dict[tuple[str, ...], str] = {key: "" for key in not_parties}
        for c in countries():
            gov = parties.gov_of_country.get(c.slug, c.government_id)
            for name in (c.name, *c.other, *c.capitals, *c.demonyms):
                key = tuple(words(name))
                if key:
                    index.setdefault(key, gov)
        for a in sorted(actors, key=lambda a: a.id):
            if a.kind in (ActorKind.group, ActorKind.unknown, ActorKind.author, ActorKind.generic):
                continue
            for name in sorted({a.name, *a.aliases}):
                toks = tuple(words(name))
                if toks and toks[0] in articles:
                    toks = toks[1:]
                # proper names only (a capitalised word), never one short common word
                if not toks or not any(_CAP.match(w) for w in name.split()) or (len(toks) == 1 and len(toks[0]) < 3):
                    continue
                index.setdefault(toks, a.id)
        self.index = index
        self.max_len = max((len(k) for k in index), default=1)

    def find(self, toks: list[str]) -> list[tuple[int, int, str]]:
        """(start, end, actor id) of every mention, the longest at each position."""
        out, i = [], 0
        while i < len(toks):
            for n in range(min(self.max_len, len(toks) - i), 0, -1):
                hit = self.index.get(tuple(toks[i : i + n]))
                if hit is not None:
                    if hit:
                        out.append((i, i + n, hit))
                    i += n
                    break
            else:
                i += 1
        return out


def dates_in(text: str, lang_code: str = "en") -> list[tuple[str, str]]:
    """('d:04-06', '6 April') for every day-month date in `text` (`argmap.lang.calendar`)."""
    return [(f"d:{month:02d}-{day:02d}", f"{day} {written}")
            for _, _, day, month, _, written in patterns(lang_code).day_months(text)]


class KeyMaker:
    """Turns a text into topic keys: stems or synonym classes ('~aircraft'), party mentions
    ('p:<party>'), dates ('d:04-06'); capitalised words inside the text count as names."""

    def __init__(self, lex: Lexicon, mentions: Mentions, parties: Parties):
        self.lex = lex
        self.mentions = mentions
        self.parties = parties
        self._terms: dict[str, str | None] = {}

    def term(self, word: str) -> str | None:
        if word in self._terms:
            return self._terms[word]
        s = stem(word)
        lex = self.lex
        if word in lex.stop or s in lex.stop or (len(word) < 3) or (word.isdigit() and len(word) < 4):
            key = None
        else:
            key = lex.concepts.get(s, s)
        self._terms[word] = key
        return key

    def keys(self, text: str) -> tuple[dict[str, float], dict[str, str], set[str]]:
        """(key -> weight, key -> word as written, parties mentioned) of `text`."""
        keys, surface, parties, _, _ = self.scan(text)
        return keys, surface, parties

    def scan(self, text: str, blaming: bool = False) -> tuple[dict[str, float], dict[str, str], set[str], set[str], list]:
        """Like `keys`, plus the parties blamed: named as agents near a word of blame (anywhere in
        the text when `blaming`, i.e. the cue itself accuses or condemns)."""
        raw = tokens(text)  # as written, aligned with `words` (the same words, folded)
        toks = words(text)
        aligned = len(raw) == len(toks)
        keys: dict[str, float] = {}
        surface: dict[str, str] = {}
        parties: set[str] = set()
        blamed: set[str] = set()
        covered: set[int] = set()
        found = self.mentions.find(toks)
        blame_at = [i for i, w in enumerate(toks) if stem(w) in self.lex.blame] if found and not blaming else []
        for s, e, aid in found:
            party = self.parties.party(aid)
            if party:
                parties.add(party)
                keys[f"p:{party}"] = W_PARTY
                surface.setdefault(f"p:{party}", " ".join(raw[s:e] if aligned else toks[s:e]))
                near_blame = blaming or any(abs(i - s) <= BLAME_WINDOW for i in blame_at)
                if near_blame and self._agent(toks, s, e):
                    blamed.add(party)
            covered.update(range(s, e))
        for i, w in enumerate(toks):
            if i in covered:
                continue
            key = self.term(w)
            if key is None:
                continue
            weight = W_TERM
            if aligned and i > 0 and raw[i][:1].isupper() and not key.startswith("~"):
                weight = W_ENTITY  # a capitalised word inside the text: a name (place, group, operation)
            if keys.get(key, 0.0) < weight:
                keys[key] = weight
            surface.setdefault(key, key[1:] if key.startswith("~") else (raw[i] if aligned else w))
        for key, written in dates_in(text):
            keys[key] = W_DATE
            surface.setdefault(key, written)
        return keys, surface, parties, blamed, [(s, e, self.parties.party(aid)) for s, e, aid in found]

    def _agent(self, toks: list[str], s: int, e: int) -> bool:
        """Is the mention toks[s:e] an agent ('Algiers sponsors', 'the junta in Bamako', 'Malian
        incursion'), not a place or a victim ('into northern Mali', 'Algerian territory')?"""
        lex = self.lex
        if e < len(toks) and toks[e] in lex.place_nouns:
            return False
        if e < len(toks) and stem(toks[e]) in lex.blame:
            return True  # '... to Algerian interference': the mention qualifies the blamed act
        j = s - 1
        while j >= 0 and toks[j] in lex.place_mods:
            j -= 1
        if j >= 0 and toks[j] in lex.place_preps:
            k = j - 1
            return k >= 0 and toks[k] in lex.governing
        return True


def conclusion_marker(prefix: str, lex: Lexicon) -> str | None:
    """The conclusion marker ('so', 'hence', "that's why") that opens the clause holding a claim's
    cue: the words of its sentence before the content, after their last comma or dash, with
    at most an 'and' or 'but' before the marker ('And so I thought ...', '..., so we are convinced
    that ...'). 'so' elsewhere ('so important') is no marker."""
    clause = re.split(r"[,;\u2014\u2013]", prefix.rstrip(" :\n"))[-1]
    toks = words(clause)[:5]
    if toks and toks[0] in lex.conclusion_conjunctions:
        toks = toks[1:]
    hit = find_phrase([stem(w) for w in toks[:4]], lex.conclusion)
    return " ".join(hit[1]) if hit is not None and hit[0] == 0 else None


#: A headline is at most this long (characters).
HEADLINE_CHARS = 200


def is_headline(text: str) -> bool:
    """Does the text open with a headline: a first line followed by more text, short, that does
    not end a sentence ('Greek court rules worship of ancient Greek deities is legal')?"""
    line, sep, rest = text.partition("\n")
    line = line.strip()
    return bool(sep and rest.strip() and line and len(line) <= HEADLINE_CHARS and line[-1] not in ".:;,")


#: A rebuttal ('not true', 'a lie') among this many first words of a content is the statement's own
#: point; deeper in a long quote it is one word among others.
REBUTTAL_WORDS = 8

def response_of(content: str, lex: Lexicon) -> tuple[str | None, bool, bool]:
    """What a denial answers: ('blame' | 'any' | None, anaphoric, plural).

    'these accusations' -> ('blame', True, True); 'the claim' -> ('any', True, False);
    'it' -> ('any', True, False); 'accusations that it sponsors terrorism' -> ('blame', False, True):
    that one carries its own content and is matched on topic, not by looking back.
    """
    toks = words(content)
    if not toks:
        return None, False, True
    if len(toks) == 1 and toks[0] in lex.anaphoric_pronouns:
        return "any", True, toks[0] in lex.plural_anaphors
    head = next((i for i, w in enumerate(toks[:6]) if stem(w) in lex.response_blame or stem(w) in lex.response_any), None)
    if head is None:
        # 'such acts were not our policy', 'India had told Canada that such acts ...': an anaphoric
        # noun phrase answers what blamed the speaker before
        for i, w in enumerate(toks[:8]):
            if w in lex.anaphoric_determiners and i + 1 < len(toks) and toks[i + 1] not in lex.stop:
                return "blame", True, toks[i + 1].endswith("s")
        # '... which it described as fallacious': a bare evaluation whose object came before
        if len(toks) <= 2:
            return "blame", True, False
        return None, False, True
    kind = "blame" if stem(toks[head]) in lex.response_blame else "any"
    plural = toks[head].endswith("s")
    # 'these accusations', 'the claim'; ', a charge Algiers denies': a bare noun with no content of its own
    anaphoric = (head == 0 or len(toks) == head + 1 or any(t in lex.anaphors for t in toks[:head])) and len(toks) - head <= 4
    return kind, anaphoric, plural


def has_agency(content: str, kind: SpeechAct, lex: Lexicon, own_subject: int = 0) -> bool:
    """Does the speaker claim the act for itself?

    Subjects: 'it', 'we', 'they'; 'its army', 'our forces'; the speaker's own party named first
    ('Algeria's army', 'the Algerian air force': `own_subject` is the token after that mention);
    a government's bare 'air defence units'. Then auxiliaries or adverbs, then an act verb
    ('destroyed', 'shot down', 'carried out'). A claim of responsibility always claims the act;
    an accusation or condemnation never does (its subject is the accused).
    """
    if kind == SpeechAct.responsibility:
        return True
    if kind in BLAMING_ACTS:
        # an accusation's 'it' is the accused ('accused Algeria ... that it had deliberately destroyed')
        return False
    toks = words(content)
    if not toks:
        return False
    forces = lambda i: find_phrase([stem(t) for t in toks[i : i + 3]], lex.own_forces)  # noqa: E731
    # '... when its air defences brought it down': the speaker's own forces as the subject of a
    # clause inside the content
    for k in range(1, len(toks) - 2):
        if toks[k] in lex.clause_possessives and toks[k - 1] in lex.clause_openers:
            hit = forces(k + 1)
            if hit is not None and hit[0] == 0 and _act_follows(toks, k + 1 + len(hit[1]), lex):
                return True
    i = 1 if toks[0] in lex.articles else 0
    if own_subject:
        i = own_subject
        hit = forces(i)
        if hit is not None and hit[0] == 0:
            i += len(hit[1])
    elif toks[0] in lex.agent_pronouns:
        i = 1
    elif toks[0] in lex.own_possessives:
        i = 2 if len(toks) > 1 and toks[1] in lex.own_words else 1
        hit = forces(i)
        if hit is None or hit[0] != 0:
            return False
        i += len(hit[1])
    else:
        hit = forces(i)
        if hit is None or hit[0] != 0:
            return False
        i += len(hit[1])
    return _act_follows(toks, i, lex)


def _act_follows(toks: list[str], i: int, lex: Lexicon) -> bool:
    """After auxiliaries and adverbs from `i`, an act verb ('destroyed', 'brought ... down')."""
    while i < len(toks) and (toks[i] in lex.act_auxiliaries or toks[i].endswith("ly")):
        i += 1
    if i < len(toks) and toks[i] in lex.phrasal_acts and lex.phrasal_particles & set(toks[i + 1 : i + 3]):
        return True  # 'brought it down', 'took the drone down'
    return i < len(toks) and stem(toks[i]) in lex.agency


def territory_of(toks: list[str], spans: list, party: str | None, lex: Lexicon) -> frozenset[str]:
    """Parties in whose territory `toks` place something: a party named before a territory noun
    ('Malian territory', 'Algerian airspace'), the speaker's own ('its airspace', 'national
    airspace'), or a party named after a preposition of place ('inside Mali'). `spans` are the
    (start, end, party) token spans of party mentions."""
    out: set[str] = set()
    ends = {e: p for s, e, p in spans if p}
    starts = {s: p for s, e, p in spans if p}
    for i, t in enumerate(toks):
        # 'on the Algerian side of the border' places it as 'Algerian territory' does
        side = lex.border_side
        border_side = (len(side) == 2 and t == side[0] and toks[i + 1 : i + 2] == [side[1]]
                       and bool(lex.border_nouns & set(toks[i + 2 : i + 4])))
        if stem(t) in lex.territory_nouns or border_side:
            j = i
            while j > 0 and toks[j - 1] in lex.territory_qualifiers and j - 1 not in ends:
                j -= 1
            # 'the country's airspace' (the possessive 's is dropped by `words`) is the speaker's own
            own = j > 0 and (toks[j - 1] in lex.own_territory or toks[i - 1] in lex.own_territory
                             or any(len(c) <= j and tuple(toks[j - len(c) : j]) == c for c in lex.own_country))
            if j in ends:
                out.add(ends[j])
            elif own and party and (not border_side or toks[i - 1] in lex.own_possessives):
                out.add(party)  # 'its airspace', 'on its side of the frontier': the speaker's own
        elif t in lex.territory_preps and i + 1 in starts:
            out.add(starts[i + 1])
    return frozenset(out)


def _own_subject(spans: list, party: str | None, parties: Parties) -> int:
    """Token index after a mention of the speaker's own party opening the content, else 0."""
    for s, e, p in spans:
        if s <= 1 and p and parties.camp(p) == parties.camp(party):
            return e
    return 0


def document_key(doc) -> tuple[str, str, str]:
    """The canonical order of documents for linking: publication date (undated last), path, id (a
    `Document` or anything with those fields, e.g. `rows.DocumentRow`)."""
    return (doc.published.isoformat() if doc.published else "9999", doc.path, doc.id)


#: The rank of a claim's document when the document is not known (its claims come after all others).
UNKNOWN_RANK = 1 << 30


def claim_batches(claims: list[Claim], documents: list[Document]) -> list[tuple[Document | None, str, list[Claim]]]:
    """`claims` grouped by document in the canonical order (`document_key`; claims of unknown
    documents last, by document id): (document or None, document id, its claims), what
    `ProfileBuilder.add` takes one at a time."""
    docs = {d.id: d for d in documents}
    by_doc: dict[str, list[Claim]] = {}
    for c in claims:
        by_doc.setdefault(c.document, []).append(c)
    known = [(d, d.id, by_doc[d.id]) for d in sorted(docs.values(), key=document_key) if d.id in by_doc]
    unknown = [(None, d, by_doc[d]) for d in sorted(by_doc) if d not in docs]
    return known + unknown


def build_profiles(claims: list[Claim], actors: list[Actor], documents: list[Document], lex: Lexicon,
                   parties: Parties) -> list[Profile]:
    """Profiles of `claims` in canonical order (document date, path, id; then offset, claim id)."""
    builder = ProfileBuilder(actors, lex, parties)
    for rank, (doc, doc_id, batch) in enumerate(claim_batches(claims, documents)):
        builder.add(doc, batch, rank if doc is not None else UNKNOWN_RANK, doc_id)
    return builder.profiles


class ProfileBuilder:
    """Builds the profiles of a corpus a document at a time, in canonical order (`document_key`):
    `add` reads a document's text and claims, keeps their profiles and nothing else of them (keys
    and written words are shared between profiles: one copy of each string), so the texts and the
    claim records of one document are in memory at a time."""

    def __init__(self, actors: list[Actor], lex: Lexicon, parties: Parties):
        self.lex, self.parties = lex, parties
        self.maker = KeyMaker(lex, Mentions(actors, parties, lex.not_parties, lex.articles), parties)
        self.profiles: list[Profile] = []
        self._strings: dict[str, str] = {}
        self._sets: dict[frozenset, frozenset] = {}

    def _one(self, text: str | None) -> str | None:
        """One copy of each string the profiles hold (keys, words, ids of documents and actors)."""
        return None if text is None else self._strings.setdefault(text, text)

    def _set(self, items) -> frozenset:
        """One copy of each set the profiles hold (most are empty, many name the same parties)."""
        got = frozenset(items)
        return self._sets.setdefault(got, got)

    def add(self, doc: Document | None, claims: list[Claim], rank: int, doc_id: str | None = None) -> list[Profile]:
        """Profile the claims of one document (`doc`; None when it is not known: `doc_id` names it)
        after those of the documents added before; `rank` is the document's place in the canonical
        order. Returns the new profiles."""
        text = doc.text if doc else ""
        para_starts = [0] + [m.end() for m in re.finditer(r"\n", text)]
        first = len(self.profiles)
        titled = is_headline(text)
        for c in sorted(claims, key=lambda c: (c.spans.content[0][0], c.id)):
            if c.document != (doc.id if doc is not None else doc_id):
                raise ValueError(f"claim {c.id} is not of document {doc.id if doc is not None else doc_id}")
            p = self._profile(c, len(self.profiles), rank, text, para_starts)
            p.headline = titled and p.paragraph == 0
            self.profiles.append(p)
        return self.profiles[first:]

    def _profile(self, c: Claim, idx: int, rank: int, text: str, para_starts: list[int]) -> Profile:
        lex, parties, maker = self.lex, self.parties, self.maker
        pos = c.spans.content[0][0]
        party = parties.party(c.actor)
        content, surface, mentioned, named_blamed, spans = maker.scan(c.text, c.kind in BLAMING_ACTS)
        sentence, prefix, context_text = "", "", ""
        if c.sentence and text:
            s0, s1 = c.sentence
            sentence = text[s0:s1]
            # the words before the content: where contrast markers stand ('Algiers, on the other hand, believes')
            prefix = text[s0:pos] if s0 <= pos else ""
            # the rest of the sentence (content blanked out) tells the event when the content is short
            chars = list(sentence)
            for a, b in c.spans.content:
                for k in range(max(a - s0, 0), min(b - s0, len(chars))):
                    chars[k] = " "
            context_text = "".join(chars)
        context: dict[str, float] = {}
        if context_text:
            ctx, ctx_surface, _ = maker.keys(context_text)
            context = {k: v for k, v in ctx.items() if k not in content}
            for k, v in ctx_surface.items():
                surface.setdefault(k, v)
        one = self._one
        written = tuple(one(surface[k]) for k in (*content, *context))
        content = {one(k): v for k, v in content.items()}
        context = {one(k): v for k, v in context.items()}
        stems = [stem(w) for w in words(c.text)]
        cue_words = words(c.cue)
        denial = c.kind == SpeechAct.denial or find_phrase([stem(w) for w in cue_words], lex.rejection) is not None
        blames: set[str] = set()
        if not denial:
            target = parties.party(c.target) if c.target else None
            if target and (c.kind in BLAMING_ACTS or any(s in lex.blame for s in stems)):
                blames.add(target)
            blames |= named_blamed
        # a group leaning towards a government does not blame its own camp ('Mali's peace
        # processes ... to Algerian interference' blames Algeria, not Bamako)
        blames = {x for x in blames if x != party and parties.camp(x) != parties.camp(party)}
        response, anaphoric, plural = response_of(c.text, lex) if denial else (None, False, True)
        facts = ClaimFacts.of(c)
        facts = ClaimFacts(facts.id, one(facts.document), facts.kind, facts.text, one(facts.cue), facts.hedged,
                           facts.sentence, facts.content)
        p = Profile(
            idx=idx, claim=facts, doc_rank=rank, pos=pos,
            paragraph=bisect.bisect_right(para_starts, pos) - 1, actor=one(c.actor), party=party,
            content=content, context=context, surface=written,
            dates=tuple(dict.fromkeys(w for _, w in dates_in(sentence or c.text))),
            mentions=self._set(mentioned), blames=self._set(blames), denial=denial,
            response=response, anaphoric=anaphoric, plural=plural,
            agency=has_agency(c.text, c.kind, lex, _own_subject(spans, party, parties)),
        )
        if not p.agency and not denial and c.kind not in BLAMING_ACTS:
            hit = find_phrase(stems, lex.accident)
            if hit is not None:
                toks = words(c.text)
                # 'had come down', not 'come down': the reason says "Mali says it had come down" (#21)
                start = hit[0] - 1 if hit[0] > 0 and toks[hit[0] - 1].lower() in lex.accident_auxiliaries else hit[0]
                p.accident = " ".join(toks[start : hit[0] + len(hit[1])])
        if p.agency or p.accident:
            own = {k for k in content if not k.startswith("p:")}
            p.act = self._set(own or (k for k in context if not k.startswith("p:")))
        p.places_in = self._set(territory_of(words(c.text), spans, party, lex))
        p.conclusion = conclusion_marker(prefix, lex)
        pre_words = words(prefix)
        hit = find_phrase([stem(w) for w in pre_words[:8]], lex.contrast)
        if hit is not None:
            p.contrast = " ".join(pre_words[hit[0] : hit[0] + len(hit[1])])
        else:  # 'New Delhi sees it instead as ...': the marker opens the content
            head = words(c.text)[:3]
            hit = find_phrase([stem(w) for w in head], lex.contrast)
            if hit is not None:
                p.contrast = " ".join(head[hit[0] : hit[0] + len(hit[1])])
        # in the statement's own clause (its first words), not a question: 'why should NATO exist?' asks
        norm = find_phrase(stems[:NORMATIVE_WORDS], lex.normative) if "?" not in c.text else None
        if norm is not None and c.kind != SpeechAct.question:
            p.normative = " ".join(norm[1])
        ev = find_phrase(stems, lex.evidence)
        if ev is not None:
            p.evidence = " ".join(words(c.text)[ev[0] : ev[0] + len(ev[1])])
        reb = find_phrase(stems[:REBUTTAL_WORDS], lex.rebuttal)
        if reb is not None:
            p.rebuts = " ".join(words(c.text)[reb[0] : reb[0] + len(reb[1])])
        # '..., claiming that X': a participle cue continuing the sentence of an earlier claim
        cue_start = c.spans.cue[0][0] if c.spans.cue else pos
        before_cue = text[c.sentence[0]:cue_start] if c.sentence and c.sentence[0] <= cue_start else ""
        p.elaboration = bool(cue_words) and cue_words[0] in lex.elaboration and before_cue.rstrip().endswith(",")
        return p
