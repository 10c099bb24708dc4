"""Scoring one candidate pair: signals, gates, logistic confidence, relation, reason (pure).

Each relation has a gate (a hard rule saying when it may hold at all) and a logistic confidence
over the pair's signals with the weights of `data/link_weights.yaml`; the most confident relation
that passes its gate and threshold wins. The reason names the evidence behind the main signal.
docs/linking.md documents every signal.
"""

from __future__ import annotations

import functools
import math
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from ..model import Link, Relation, SpeechAct
from .lexicon import Lexicon
from .parties import ALLIED, CAMP, NEUTRAL, OPPOSED, SAME_ACTOR, SAME_PARTY, Parties
from .profile import BLAMING_ACTS, W_ENTITY, Profile
from .semantic import Semantic

#: Saturation of the topic signal: topic = 1 - exp(-shared / TOPIC_SCALE).
TOPIC_SCALE = 1.5
#: Minimum topic signal for claims that are not close in one document.
MIN_TOPIC = 0.45
#: Minimum containment for a restatement, and minimum key count of the shorter claim.
MIN_CONTAINMENT, MIN_KEYS = 0.6, 2
#: Minimum TF-IDF cosine of two contents for a restatement (the same words, not just the same topic).
MIN_SIMILARITY = 0.36
#: Minimum TF-IDF cosine for an opposed-stance contradiction without a denial.
OPPOSED_SIMILARITY = 0.15
#: Minimum topic for one speaker's statement in two documents to count as restated whatever the words.
RETOLD_TOPIC = 0.8
#: Minimum TF-IDF cosine for a restatement whose two speech acts differ in strength.
REWORDED_SIMILARITY = 0.5
#: Minimum TF-IDF cosine between a denial naming its accuser and an accuser's claim it answers
#: without that claim blaming the denier's camp in so many words.
NAMED_SIMILARITY = 0.3
#: Minimum TF-IDF cosine for another body's claim with the same speech act to be an echo (supports).
ECHO_SIMILARITY = 0.35
#: Minimum topic for one speaker's statement reported by two outlets to count as restated.
REPORTED_TOPIC = 0.6
#: Sentence-embedding cosine (linking.semantic) from which two statements say the same thing in
#: other words (a restatement needs no shared word then), and from which a fact is on the topic of
#: a recommendation it may be a reason for.
PARAPHRASE_SEMANTIC = 0.8
#: ... from which it is the same proposition whoever of the text's sources says it.
SAME_SEMANTIC = 0.85
REASON_SEMANTIC = 0.45
#: A reply (a later denial or rebuttal) and the earlier claim of another source it answers in the
#: same text: at most this many claims apart, and this close in meaning (embeddings) or words.
REPLY_GAP = 8
REPLY_SEMANTIC = 0.3
#: A reply answers at most this many claims: the closest to it.
REPLY_CAP = 2
#: A headline's claim is told again by the closest of the claims that follow it (at most this many
#: after it), when close in meaning (embeddings) or in words (TF-IDF cosine).
HEADLINE_REACH = 8
HEADLINE_SEMANTIC = 0.6
HEADLINE_SIMILARITY = 0.3
#: A reason and the recommendation it backs: at most this many claims apart in one text.
REASON_GAP = 6

#: How much a speech act concludes: the weaker claim of a same-side pair supports the stronger.
STRENGTH = {
    SpeechAct.accusation: 3, SpeechAct.condemnation: 3, SpeechAct.denial: 3, SpeechAct.responsibility: 3,
    SpeechAct.recommendation: 2, SpeechAct.warning: 2,
    SpeechAct.intention: 2, SpeechAct.position: 2,
    SpeechAct.assertion: 1, SpeechAct.belief: 1, SpeechAct.question: 1, SpeechAct.evidence: 1,
}
SAME_SIDE = (SAME_ACTOR, SAME_PARTY, CAMP)


@dataclass
class Context:
    """What the scorer needs besides the two profiles."""

    lex: Lexicon
    parties: Parties
    idf: dict[str, float]
    answers: dict[int, set[int]]  # rejection index -> indexes of the claims it answers
    names: dict[str, str]  # actor id -> display name
    profiles: list[Profile] = None  # all profiles, by index
    stories: dict[str, frozenset[str]] = None  # document id -> names and places of its claims (see `same_story`)
    contested: frozenset[str] = None  # documents with a dispute in them (see `contested_documents`)
    semantic: Semantic = None  # sentence embeddings of the claims, by profile index (off: no model)
    replies: dict[int, frozenset[int]] = field(default_factory=dict)  # reply index -> what it answers (see `answered_by`)
    retold: dict[int, frozenset[int]] = field(default_factory=dict)  # headline claim -> the claim telling it again
    floor: float | None = None  # the calibrated confidence a link needs to be proposed (None: raw confidences, no floor)
    below_floor: list[tuple[int, int]] = field(default_factory=list)  # options left out by `floor`, for the choice to see
    languages: dict[str, str] = field(default_factory=dict)  # document id -> its language, when known ('en', 'fr')
    idf_by_language: dict[str, dict[str, float]] = field(default_factory=dict)  # in a store of several languages

    def idf_of(self, p: Profile) -> dict[str, float]:
        """The key weights for claim `p`'s language (one table when the store has one language)."""
        if not self.idf_by_language:
            return self.idf
        return self.idf_by_language.get(self.languages.get(p.claim.document, ""), self.idf)

    def same_story(self, doc_a: str, doc_b: str) -> bool:
        """Do two documents report one event? Their claims share at least STORY_KEYS names or places."""
        if not self.stories:
            return False
        return len(self.stories.get(doc_a, frozenset()) & self.stories.get(doc_b, frozenset())) >= STORY_KEYS


#: Names or places two documents must share to report one event (cross-document accounts of where).
STORY_KEYS = 1


def contested_documents(profiles: list[Profile]) -> frozenset[str]:
    """Documents in which someone blames, accuses, condemns or denies: a dispute, where each side's
    run of claims argues for its thesis. Elsewhere (a study reported, an interview, a match report)
    one speaker's next statement is no evidence for the last unless the text says so."""
    return frozenset(p.claim.document for p in profiles if p.blames or p.denial or p.kind in BLAMING_ACTS)


def _logistic(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


def _short(text: str, n: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def _quote(p: Profile) -> str:
    return f"“{_short(p.claim.text)}”"


def _date(p: Profile) -> str:
    return f" of {p.dates[0]}" if p.dates else ""


def _cosine(a: Profile, b: Profile, idf: dict[str, float]) -> float:
    """TF-IDF cosine of the content keys of `a` and `b` (type weight x idf; party keys left out)."""
    dot = na = nb = 0.0
    for k, w in a.content.items():
        if k.startswith("p:"):
            continue
        x = w * idf.get(k, 1.0)
        na += x * x
        y = b.content.get(k)
        if y is not None:
            dot += x * y * idf.get(k, 1.0)
    for k, w in b.content.items():
        if not k.startswith("p:"):
            nb += (w * idf.get(k, 1.0)) ** 2
    return dot / math.sqrt(na * nb) if dot > 0 else 0.0


class Pair:
    """Signals of one pair (a before b in canonical order)."""

    def __init__(self, a: Profile, b: Profile, ctx: Context):
        self.a, self.b, self.ctx = a, b, ctx
        parties = ctx.parties
        self.rel = parties.relation(a.actor, b.actor)
        idf = ctx.idf_of(a)
        # the speakers' own camps are named in every claim of their dispute: blocking uses those
        # mentions, topic does not (a third party named by both, 'Rabat', does count)
        camps = (parties.camp(a.party), parties.camp(b.party))
        topical = lambda k: not (k.startswith("p:") and parties.camp(k[2:]) in camps)  # noqa: E731
        shared_content = [k for k in a.content if k in b.content and topical(k)]
        shared_all = {k for k in (a.content.keys() | a.context.keys()) & (b.content.keys() | b.context.keys()) if topical(k)}
        self.shared = sorted(shared_content, key=lambda k: (-a.content[k] * idf.get(k, 1.0), k))
        self.shared_context = sorted(shared_all - set(shared_content), key=lambda k: (-idf.get(k, 1.0), k))
        weight = lambda p, k: p.content.get(k) or p.context.get(k) or 1.0  # noqa: E731
        total = sum(a.content[k] * idf.get(k, 1.0) for k in self.shared)
        total += 0.5 * sum(min(weight(a, k), weight(b, k)) * idf.get(k, 1.0) for k in self.shared_context)
        self.topic = 1.0 - math.exp(-total / TOPIC_SCALE)
        # two shared content keys say 'same topic' even when the corpus is all about that topic
        self.strong_topic = self.topic >= MIN_TOPIC or len(self.shared) >= 2
        self.same_doc = a.claim.document == b.claim.document
        self.same_sentence = self.same_doc and a.claim.sentence is not None and a.claim.sentence == b.claim.sentence
        # close: same paragraph, or next to each other across a paragraph break
        self.near = self.same_doc and (
            b.paragraph == a.paragraph or (b.idx - a.idx == 1 and b.paragraph - a.paragraph == 1 and b.pos - a.pos < 600)
        )
        self.adjacent = self.same_doc and b.idx - a.idx == 1
        self.same_paragraph = self.same_doc and a.paragraph == b.paragraph
        self.nested = self.same_doc and any(s1 < e2 and s2 < e1 for s1, e1 in a.claim.content for s2, e2 in b.claim.content)
        mine = lambda p: [k for k in p.content if not k.startswith("p:")]  # noqa: E731
        sa = sum(a.content[k] * idf.get(k, 1.0) for k in mine(a))
        sb = sum(b.content[k] * idf.get(k, 1.0) for k in mine(b))
        small = min(sa, sb)
        self.containment = (sum(a.content[k] * idf.get(k, 1.0) for k in self.shared if not k.startswith("p:")) / small) if small > 0 else 0.0
        self.min_keys = min(len(mine(a)), len(mine(b)))
        # TF-IDF cosine of the two contents (party mentions left out): near 1 for the same words
        self.similarity = _cosine(a, b, idf)
        # one body speaking (an actor, its ministries, its spokespeople), not just one declared side
        self.same_body = a.actor is not None and parties.root(a.actor) == parties.root(b.actor)
        act = a.act & b.act
        self.act_topic = 1.0 - math.exp(-sum(idf.get(k, 1.0) for k in act) / TOPIC_SCALE) if act else 0.0
        self.act_shared = sorted(act, key=lambda k: (-idf.get(k, 1.0), k))
        # one side's argument: a and b belong to the same run of claims (see profile.annotate_runs)
        head_a = a.run_head if a.run_head is not None else a.idx
        self.sequence = b.run_head is not None and b.run_head == head_a
        self.gap = b.idx - a.idx - 1  # claims in between
        camps_a = {parties.camp(x) for x in a.blames}
        camps_b = {parties.camp(x) for x in b.blames}
        self.blame_ab = parties.camp(b.party) in camps_a
        self.blame_ba = parties.camp(a.party) in camps_b
        self.common_blame = sorted(camps_a & camps_b - {None})
        # what the two statements mean, whatever their words (None without an embedding model)
        self.semantic = ctx.semantic.similarity(a.idx, b.idx) if ctx.semantic is not None else None

    # -- helpers for reasons ---------------------------------------------------------------
    def topic_words(self, n: int = 4) -> str:
        words = [self.surface(k) for k in self.shared[:n]]
        if len(words) < n:
            words += [self.surface(k) for k in self.shared_context[: n - len(words)]]
        return ", ".join(dict.fromkeys(w for w in words if w))

    def surface(self, k: str) -> str:
        return self.a.written(k) or self.b.written(k) or k

    def name(self, p: Profile) -> str:
        return self.ctx.names.get(p.actor or "", p.actor or "an unnamed source")


def _territory(party: str) -> str:
    """'Algeria's territory', 'the territory of side aes' (#21: a side id is no name to put an 's
    after: "in Aes's" read as a typo)."""
    if party.startswith("side:"):
        return f"the territory of side {party.removeprefix('side:')}"
    return f"{party}'s territory"


def _contradicts(x: Pair) -> tuple[dict[str, float], str, str, Profile, Profile] | None:
    """(signals, method, reason, source, target) or None."""
    a, b = x.a, x.b
    if x.rel in SAME_SIDE:
        return None
    if a.actor is None or b.actor is None:
        # only a rejection answers a claim nobody is named for ('rejected suggestions of a rift')
        outer, inner = (a, b) if a.pos <= b.pos else (b, a)
        if not (x.nested and outer.actor is not None and outer.denial and outer.response and inner.actor is None):
            return None
    # two actors claiming the same act contradict each other whatever their sides
    same_act = x.act_topic >= MIN_TOPIC or len(x.act_shared) >= 2
    competing = a.agency and b.agency and same_act and not (a.denial or b.denial)
    # one side says the thing came down by itself, another that it brought it down
    accounts = bool(not competing and same_act and ((a.agency and b.accident) or (a.accident and b.agency)))
    competing = competing or accounts
    # each side places the event in a different territory ('inside Malian territory' / 'violated its airspace')
    where = bool(x.rel == OPPOSED and a.places_in and b.places_in and a.places_in.isdisjoint(b.places_in)
                 and not (a.denial or b.denial)
                 and (x.same_doc or any(_event_key(k, a) for k in x.shared) or x.ctx.same_story(a.claim.document, b.claim.document)
                      or any(k.startswith("~") and k not in _PLACE_WORDS for k in x.shared_context)))
    competing = competing or where
    if x.rel == ALLIED and not competing:
        return None
    explicit = a.idx in x.ctx.answers.get(b.idx, ())
    responder, answered = b, a
    if x.nested:
        # 'rejected accusations by Mali that it had deliberately destroyed a drone': the rejection
        # holds the claim it rejects; nothing else links two nested claims
        outer, inner = (a, b) if a.pos <= b.pos else (b, a)
        if not (outer.denial and outer.response and not inner.denial):
            return None
        explicit, responder, answered = True, outer, inner
    if not explicit:
        for r, o, blamed in ((b, a, x.blame_ab), (a, b, x.blame_ba)):
            if not r.denial or (not blamed and (o.accident or o.kind in _NOT_CHARGES)):
                continue  # a rejection answers charges and accounts, not a call, a question or a crash
            # a denial that names what it rejects ('rejected accusations that it sponsors
            # terrorism') answers claims blaming its camp on the same topic, in any document, and
            # the named accuser's claims saying the same thing ('rejected accusations by Mali that
            # it had destroyed the drone' answers Mali's 'the aircraft was destroyed deliberately');
            # one that names the accuser ('Canada has shared no information') answers the
            # accuser's claims against it in the same text
            named = o.party in r.mentions or x.ctx.parties.camp(o.party) in {x.ctx.parties.camp(m) for m in r.mentions}
            # 'Algiers had claimed an airspace violation without ever presenting proof' answers what
            # Algiers says of the airspace in the same text
            named_topic = named and x.same_doc and r.response is not None and not r.anaphoric and len(x.shared) >= 2
            if not (blamed or (named and x.similarity >= NAMED_SIMILARITY) or named_topic):
                continue
            if (r.response and x.strong_topic and not r.anaphoric) or (named and blamed and x.same_doc) or named_topic:
                explicit, responder, answered = True, r, o
                break
    if not explicit:
        # '..., insisting that X': X goes on with a rejection in the same sentence, and answers the same claims
        for r, o in ((b, a), (a, b)):
            h = r.sentence_head
            if h is not None and r.elaboration and o.idx in x.ctx.answers.get(h, ()):
                explicit, responder, answered = True, x.ctx.profiles[h], o
                break
    if not explicit and ((a.denial and a.anaphoric) or (b.denial and b.anaphoric)):
        return None  # 'rejected these accusations' answers what it points back at, nothing else
    reply = False
    if not (explicit or competing) and x.same_doc and not x.same_body and a.actor != b.actor:
        # a reply in the same text: a later denial or rebuttal ('the church denied it: she was never
        # forced to work', "that's not true", 'Moxon proceeded to lie') answers an earlier claim of
        # another source on the same point, sides known or not; the two must be close in meaning
        # (embeddings) or share key terms, and near in the text
        reply = (bool(b.denial or b.rebuts) and not (a.denial or a.rebuts) and a.kind not in _NOT_ANSWERED
                 and a.idx in answered_by(b, x.ctx))
    mutual = x.blame_ab and x.blame_ba
    blame = x.blame_ab or x.blame_ba
    denial = a.denial != b.denial
    contrast = bool(b.contrast) and x.near
    opposed = x.rel == OPPOSED
    # 'X says A. Y, on the other hand, says B': a contrast marker sets a claim against the claims
    # of the other side just before it, whatever their words
    contrast_next = contrast and opposed and b.idx - a.idx <= 2
    if not (explicit or competing or contrast_next or reply):
        # opposed stance: opposite sides (or a blamed party answering) on the same topic
        if not (opposed or blame) or not x.shared and not ((x.near or x.same_doc) and x.shared_context):
            return None
        if not (x.strong_topic or x.same_doc):
            return None
        # two opposite sides merely speaking in one passage do not contradict: they must say
        # something about the same thing (shared content words), or one must deny or blame
        # (two sides blaming each other for one thing, 'the failure of the peace process', need
        # not use the same words: 'its lack of commitment' / 'Algerian interference')
        mutual_topic = x.blame_ab and x.blame_ba and x.shared and x.strong_topic
        if x.similarity < OPPOSED_SIMILARITY and not (denial and x.shared) and not mutual_topic:
            return None
    sig = {
        "explicit_response": float(explicit), "competing_claim": float(competing), "mutual_blame": float(mutual),
        "blame": float(blame and not mutual), "denial": float(denial), "contrast": float(contrast),
        "opposed": float(opposed), "topic": x.topic, "near": float(x.near), "adjacent": float(x.adjacent),
        "same_paragraph": float(x.same_paragraph), "cross_document": float(not x.same_doc),
        "hedged": float(a.claim.hedged or b.claim.hedged), "similarity": x.similarity,
        "reply": float(reply),
    }
    if reply:
        what = f"'{b.rebuts}'" if b.rebuts and not b.denial else f"'{b.claim.cue}'"
        reason = (f"{x.name(b)} answers {x.name(a)} on the same point ({what}; "
                  f"{_closeness(x)}): {_quote(b)} against {_quote(a)}")
        return sig, "reply", reason, b, a
    if explicit:
        noun = "accusations" if responder.response == "blame" else "claims"
        reason = (f"explicit rejection cue '{responder.claim.cue} {_short(responder.claim.text, 40)}' refers to "
                  f"{x.name(answered)}'s {noun}{_date(answered)}: {_quote(answered)}")
        return sig, "explicit-response", reason, responder, answered
    if where:
        pa, pb = (_territory(x.ctx.parties.name(sorted(p.places_in)[0])) for p in (a, b))
        reason = (f"competing accounts of where it happened: {x.name(a)} places it in {pa} "
                  f"({_quote(a)}), {x.name(b)} in {pb} ({_quote(b)})")
        return sig, "competing-claim", reason, b, a
    if accounts:
        acc, agent = (a, b) if a.accident else (b, a)
        act = ", ".join(x.surface(k) for k in x.act_shared[:4])
        reason = (f"competing accounts of the same event ({act}): {x.name(acc)} says it {acc.accident} "
                  f"({_quote(acc)}) while {x.name(agent)} says {_quote(agent)}")
        return sig, "competing-claim", reason, b, a
    if competing:
        ra, rb = (a, b) if a.kind != SpeechAct.responsibility else (b, a)
        what = "claims responsibility" if rb.kind == SpeechAct.responsibility else f"says {_quote(rb)}"
        act = ", ".join(x.surface(k) for k in x.act_shared[:4])
        reason = f"competing claims of the same act ({act}): {x.name(ra)} says {_quote(ra)} while {x.name(rb)} {what}"
        return sig, "competing-claim", reason, b, a
    topic = x.topic_words() or "the same passage"
    if mutual:
        reason = f"opposing sides blame each other for the same event: {topic}"

    elif denial:
        d, o = (a, b) if a.denial else (b, a)
        reason = f"{x.name(d)} denies what {x.name(o)} asserts on the same topic: {topic}"
    elif contrast:
        reason = f"contrast marker '{b.contrast}' sets {x.name(b)} against {x.name(a)} on: {topic}"
    elif blame:
        blamer, blamed = (a, b) if x.blame_ab else (b, a)
        reason = f"{x.name(blamer)} blames {x.ctx.parties.name(x.ctx.parties.camp(blamed.party))}, whose side says otherwise on: {topic}"
    else:
        reason = f"opposing sides ({x.name(a)} vs {x.name(b)}) on the same topic: {topic}"
    return sig, "opposed-stance", reason, b, a


def _close(x: Pair, semantic: float, similarity: float, *, shared: bool = True) -> bool:
    """Are the two contents about the same point: close in meaning when embeddings are on, else
    TF-IDF cosine of at least `similarity` or (with `shared`) two key terms in common?"""
    if x.semantic is not None:
        return x.semantic >= semantic
    return x.similarity >= similarity or (shared and len(x.shared) >= 2)


def answered_by(r: Profile, ctx: Context) -> frozenset[int]:
    """The claims a reply `r` (a denial, or a content that rebuts: 'that is not true') answers in its
    own text: of the `REPLY_GAP` claims before it, those of another source (not its own body) that
    assert something (no denial, question or call) on its point (`_close`), the `REPLY_CAP` closest
    (meaning with embeddings, else TF-IDF cosine). Not one claim per charge in the text: a reply
    answers what it is about."""
    found = ctx.replies.get(r.idx)
    if found is not None:
        return found
    ranked = []
    # a denial that names what it rejects ('denied accusations that ...', 'rejected the claim')
    # answers through `explicit` (its own content and accuser), not by proximity
    if (r.denial or r.rebuts) and r.response is None and r.actor is not None and ctx.profiles is not None:
        root = ctx.parties.root(r.actor)
        for q in ctx.profiles[max(0, r.idx - REPLY_GAP) : r.idx]:
            if (q.claim.document != r.claim.document or q.actor is None or q.actor == r.actor
                    or ctx.parties.root(q.actor) == root or q.denial or q.rebuts or q.kind in _NOT_ANSWERED):
                continue
            x = Pair(q, r, ctx)
            if x.nested or x.rel in SAME_SIDE or not _close(x, REPLY_SEMANTIC, OPPOSED_SIMILARITY):
                continue
            ranked.append((-(x.semantic if x.semantic is not None else x.similarity), q.idx))
    found = frozenset(i for _, i in sorted(ranked)[:REPLY_CAP])
    ctx.replies[r.idx] = found
    return found


def headline_told(h: Profile, ctx: Context) -> frozenset[int]:
    """The claim that tells again what headline claim `h` says: of the `HEADLINE_REACH` claims
    after the headline in its text, not opposed to it and with the same polarity (a denial tells a
    denial), the first close to it (`_close` at `HEADLINE_SEMANTIC` / `HEADLINE_SIMILARITY`: meaning
    with embeddings, else TF-IDF cosine) -- a news story's lead tells its headline. None when none
    is close: a headline may be the writer's own."""
    found = ctx.retold.get(h.idx)
    if found is not None:
        return found
    best: int | None = None
    if h.headline and ctx.profiles is not None:
        for q in ctx.profiles[h.idx + 1 : h.idx + 1 + HEADLINE_REACH]:
            if q.claim.document != h.claim.document or q.headline or q.denial != h.denial:
                continue
            x = Pair(h, q, ctx)
            if x.nested or x.rel == OPPOSED or not _close(x, HEADLINE_SEMANTIC, HEADLINE_SIMILARITY, shared=False):
                continue
            best = q.idx  # the first that tells it (the lead, in a news story), not the likeliest fragment
            break
    found = frozenset() if best is None else frozenset({best})
    ctx.retold[h.idx] = found
    return found


def _closeness(x: Pair) -> str:
    """How close two contents are, for a reason ('meaning 0.62' or the shared words)."""
    if x.semantic is not None:
        return f"close in meaning, {x.semantic:.2f}"
    return f"on: {x.topic_words() or 'the same passage'}"


#: Speech acts a reply in the same text does not answer: a question, a call, a warning, an
#: intention (nothing was asserted that could be denied).
_NOT_ANSWERED = frozenset({SpeechAct.question, SpeechAct.recommendation, SpeechAct.intention})


def borrowed_responses(profiles: list[Profile], answers: dict[int, set[int]]) -> set[tuple[int, int]]:
    """(source, target) indexes of the links a pair can give between two claims that are not the
    pair: '..., insisting that X' answers what the rejection heading its sentence answers, so the
    pair (X, answered) gives the rejection's link to it (see `_contradicts`). Every other link of a
    pair joins the pair's own two claims."""
    return {(r.sentence_head, o) for r in profiles if r.sentence_head is not None and r.elaboration
            for o in answers.get(r.sentence_head, ())}


#: Speech acts a rejection naming their speaker does not answer unless they blame its side.
_NOT_CHARGES = frozenset({SpeechAct.recommendation, SpeechAct.question, SpeechAct.warning})

#: Keys that say where or that a border was crossed, not which event: sharing only these does not
#: make two territorial claims about one event ('violation of our sovereignty' is not an airspace case).
_PLACE_WORDS = frozenset({"~territory", "~incursion"})


def story_keys(profiles: list[Profile]) -> dict[str, frozenset[str]]:
    """Document id -> the names and places of its claims' contents (for `Context.same_story`; event
    classes such as `~shootdown` and dates are left out: every dispute has its terrorism and its envoys)."""
    calendar = _calendar_stems()
    out: dict[str, set[str]] = {}
    for p in profiles:
        out.setdefault(p.claim.document, set()).update(
            k for k in p.content if not k.startswith(("~", "p:", "d:")) and p.content[k] >= W_ENTITY and k not in calendar)
    return {d: frozenset(v) for d, v in out.items()}


@functools.lru_cache(maxsize=1)
def _calendar_stems() -> frozenset[str]:
    """Month and weekday names as content keys: capitalised, so weighted like names, but two
    stories that both happened in September are not one story."""
    from ..lang import dates
    from .stem import stem

    calendar = dates("en")
    return frozenset(stem(w) for w in [*calendar.months, *calendar.weekdays])


def _event_key(k: str, p: Profile) -> bool:
    """Does the shared key `k` name the event itself (an event class such as `~shootdown`, a
    name, a place, a date), not where it happened nor a common word ('rule of law' / 'rules of
    engagement')?"""
    return k not in _PLACE_WORDS and not k.startswith("p:") and (k.startswith(("~", "d:")) or p.content.get(k, 0.0) >= W_ENTITY)


def _premise(x: Pair) -> tuple[Profile, Profile]:
    """(premise, conclusion): the weaker speech act supports the stronger; else the later the earlier."""
    a, b = x.a, x.b
    if STRENGTH.get(a.kind, 1) < STRENGTH.get(b.kind, 1) and not (b.elaboration and x.same_sentence):
        return a, b
    return b, a


def _supports(x: Pair) -> tuple[dict[str, float], str, str, Profile, Profile] | None:
    a, b = x.a, x.b
    if a.actor is None or b.actor is None or x.rel == OPPOSED or x.nested:
        return None
    if a.denied_by in (b.party, b.actor) or b.denied_by in (a.party, a.actor):
        return None  # the denier's reasons do not back the charge it denies
    if any(p.accident and (q.blames or q.agency or q.kind in BLAMING_ACTS) for p, q in ((a, b), (b, a))):
        return None  # 'the drone had crashed' does not back 'it was destroyed deliberately
    same_side = x.rel in SAME_SIDE
    # a denial is backed by its own side's reasons ('the drone took an offensive trajectory'), but
    # one side's denial and another side's assertion do not support each other
    if a.denial != b.denial and not same_side:
        return None
    same_stance = bool(x.common_blame) or (a.kind == b.kind and a.kind in BLAMING_ACTS) or (a.denial and b.denial)
    # a fact on the topic of a recommendation, close before or after it, is a reason for it
    # ('IE6 has 277 vulnerabilities' -> 'it is time to move away from IE6'), whoever states the fact
    reason = _reason_for(x)
    if x.rel in (NEUTRAL, ALLIED) and not (same_stance or x.strong_topic or reason):
        return None
    premise, conclusion = reason or _premise(x)
    if premise.denial and not conclusion.denial:
        return None  # a rejection is not a reason for an assertion
    evidence = bool(premise.evidence) and x.near and same_side
    contested = ((x.ctx.contested is None or a.claim.document in x.ctx.contested or b.claim.document in x.ctx.contested)
                 and (x.ctx.parties.disputant(a.party) or x.ctx.parties.disputant(b.party)))
    # one side placing the event in the same territory twice ('it never left Malian airspace' /
    # 'the wreckage lay well inside Mali'): one account of where it happened (in other words: the
    # same words restate)
    same_place = bool(same_side and a.places_in and a.places_in == b.places_in and x.similarity < REWORDED_SIMILARITY)
    # another body saying the same in close words (two governments 'deeply concerned' by the allegations): it endorses it
    echo = a.kind == b.kind and x.similarity >= ECHO_SIMILARITY and x.rel != SAME_ACTOR
    # 'X. So we are convinced that Y': a claim whose clause opens with a conclusion marker
    # concludes from the claim just before it in its text (of its speaker or a neighbour's)
    concluded = bool(b.conclusion) and x.same_doc and b.idx - a.idx == 1 and not b.denial and not a.denial \
        and a.kind != SpeechAct.question
    if concluded:
        premise, conclusion = a, b
    if not (contested or evidence or reason or same_place or echo or concluded):
        return None  # no dispute, no marker, no recommendation: one statement after another, not a reason for it
    if not (x.sequence or x.strong_topic or ((x.near or same_stance) and x.shared)
            or (same_side and x.same_doc and (x.shared or x.shared_context)) or same_place or concluded):
        return None
    sig = {
        "sequence": float(x.sequence), "evidence": float(evidence),
        "same_sentence": float(x.same_sentence and same_side),
        "stronger": float(stronger(conclusion, premise)),
        "head": float(x.sequence and (premise.run_head == conclusion.idx)),
        # the thesis its side opened the text with (not one it merely says again: that restates)
        "lead": float(conclusion.lead and same_side and x.same_doc and conclusion.idx < premise.idx
                      and not (a.agency and b.agency) and x.similarity < REWORDED_SIMILARITY),
        # claims in between weaken one side's run; a third party echoing a side is not in a run
        "gap": min(x.gap, 4) / 4.0 if x.same_doc and (x.sequence or x.same_body) else 0.0,
        "elaboration": float(premise.elaboration and x.same_sentence),
        "same_actor": float(x.rel == SAME_ACTOR), "same_party": float(x.rel == SAME_PARTY),
        "same_camp": float(x.rel == CAMP), "allied": float(x.rel == ALLIED), "same_stance": float(same_stance),
        "topic": x.topic, "near": float(x.near), "adjacent": float(x.adjacent),
        "same_paragraph": float(x.same_paragraph), "hedged": float(a.claim.hedged or b.claim.hedged),
        "similarity": x.similarity, "same_place": float(same_place),
        "echo": float(echo),
        "reason": float(reason is not None), "conclusion": float(concluded),
    }
    if concluded:
        why = (f"a conclusion from what was just said (marker '{b.conclusion}'): {_quote(premise)} backs "
               f"{_quote(conclusion)}")
        return sig, "conclusion", why, premise, conclusion
    if reason is not None and not (x.sequence and contested):
        reason_text = (f"a reason for a recommendation ({x.name(conclusion)}, '{conclusion.normative}'): "
                       f"{_quote(premise)} backs {_quote(conclusion)}")
        return sig, "reason", reason_text, premise, conclusion
    if x.sequence or evidence:
        marker = f" (marker '{premise.evidence}')" if premise.evidence else ""
        who = "actor" if x.rel == SAME_ACTOR else "side"
        reason = f"evidence for a conclusion by the same {who} ({x.name(conclusion)}): {_quote(premise)}{marker} backs {_quote(conclusion)}"
        return sig, "evidence", reason, premise, conclusion
    topic = x.topic_words() or "the same passage"
    if x.common_blame:
        who = ", ".join(x.ctx.parties.name(p) for p in x.common_blame)
        reason = f"{x.name(premise)} and {x.name(conclusion)} both blame {who} on: {topic}"
    else:
        side = {SAME_ACTOR: "same actor", SAME_PARTY: "same side", CAMP: "same camp"}.get(x.rel, "same stance")
        reason = f"{side} ({x.name(premise)}, {x.name(conclusion)}) agree on: {topic}"
    return sig, "same-side-agreement", reason, premise, conclusion


def _reason_for(x: Pair) -> tuple[Profile, Profile] | None:
    """(premise, conclusion) when one of the two is a recommendation or a judgement of importance
    ('should', 'crucial', 'it is time') and the other, a plain statement close to it in the same
    text, is on its topic (embeddings, else shared key terms)."""
    a, b = x.a, x.b
    if not x.same_doc or bool(a.normative) == bool(b.normative) or x.gap >= REASON_GAP:
        return None
    premise, conclusion = (b, a) if a.normative else (a, b)
    if premise.denial or premise.kind in (SpeechAct.question,) or conclusion.kind in (SpeechAct.question,):
        return None
    close = x.semantic >= REASON_SEMANTIC if x.semantic is not None else x.strong_topic
    return (premise, conclusion) if close else None


def _restates(x: Pair) -> tuple[dict[str, float], str] | None:
    a, b = x.a, x.b
    if x.nested:  # one claim quoted inside the other: the same words, not said twice
        return None
    if a.headline and not b.headline and b.idx in headline_told(a, x.ctx):
        # a headline's claim told again by the story ('Woman claims church imprisoned her' /
        # 'Valeska Paris claimed that the church imprisoned her for twelve years'), whatever the
        # names of its source
        paraphrase = x.semantic if x.semantic is not None and x.semantic >= PARAPHRASE_SEMANTIC else 0.0
        sig = {"headline": 1.0, "similarity": x.similarity, "paraphrase": paraphrase, "topic": x.topic,
               "same_kind": float(a.kind == b.kind)}
        return sig, f"the headline's claim told again by {x.name(b)} ({_closeness(x)})"

    # one text reporting the same proposition twice under two names of its source (a headline's
    # 'an Australian woman' and the lead's 'Valeska Paris'; 'the researchers', 'the results'): its
    # meaning is all but the same (embeddings), and no one in the pair is opposed to the other
    retold_here = (x.same_doc and x.rel != OPPOSED and x.semantic is not None and x.semantic >= SAME_SEMANTIC
                   and a.denial == b.denial)
    if x.rel not in SAME_SIDE and not (a.actor is None and b.actor is None) and not retold_here:
        return None
    # the same body says it again (an actor, its ministries, its spokespeople); another member of
    # its side saying the same ('the AES, like Bamako, calls it hostile') supports, it does not restate
    if not x.same_body and not (a.actor is None and b.actor is None) and not retold_here:
        return None
    if a.denial != b.denial:
        return None
    if x.same_doc and a.kind != b.kind:
        return None  # in one text, saying it again with another speech act elaborates ('acts of aggression' after 'a hostile act')
    # the same statement reported by two outlets: same speaker, same speech act, same topic
    reported = not x.same_doc and a.kind == b.kind and x.rel == SAME_ACTOR and x.topic >= REPORTED_TOPIC
    # the same words, or the same body claiming the same act again ('its army destroyed the drone',
    # 'it had downed the drone')
    same_act = a.agency and b.agency and bool(x.act_shared)
    # one speaker's statement reported in other words by another outlet: nearly all its topic
    retold = reported and x.topic >= RETOLD_TOPIC
    # one speaker claiming the same act in two documents ('shooting down a drone', 'bringing down the drone')
    reported = reported or (not x.same_doc and x.rel == SAME_ACTOR and same_act and a.kind == b.kind)
    # the same point in other words ('Church of Scientology imprisoned her for twelve years' /
    # 'held her captive since 1998'): their meanings are close though their words are not
    paraphrase = x.semantic is not None and x.semantic >= PARAPHRASE_SEMANTIC
    if x.similarity < MIN_SIMILARITY and not (same_act or retold or paraphrase):
        return None
    # the same words said once as a plain statement and once as a charge ('said the drone violated
    # its airspace' / 'described the incursion as a violation of national airspace')
    same_strength = STRENGTH.get(a.kind) == STRENGTH.get(b.kind) or x.similarity >= REWORDED_SIMILARITY or paraphrase
    if not (reported or paraphrase) and (x.min_keys < MIN_KEYS or x.containment < MIN_CONTAINMENT or not same_strength):
        return None
    sig = {
        "containment": x.containment, "same_actor": float(x.rel == SAME_ACTOR), "same_party": float(x.rel == SAME_PARTY),
        "cross_document": float(not x.same_doc), "same_kind": float(a.kind == b.kind), "topic": x.topic,
        "similarity": x.similarity, "paraphrase": (x.semantic or 0.0) if paraphrase else 0.0,
    }
    where = "another document" if not x.same_doc else "the same document"
    reason = (f"same claim restated in {where} by {x.name(b)} ({round(100 * x.containment)}% of key terms shared: "
              f"{x.topic_words(5)})")
    return sig, reason


def _confidence(ctx: Context, relation: str, sig: dict[str, float]) -> float:
    w = ctx.lex.relations[relation]
    z = w.bias + sum(w.weights.get(k, 0.0) * v for k, v in sig.items())
    return _logistic(z)


@dataclass(frozen=True)
class Option:
    """A relation that passed its gate for a pair, before the confidence threshold."""

    relation: Relation
    signals: dict[str, float]
    method: str
    reason: str
    source: Profile
    target: Profile


def options(a: Profile, b: Profile, ctx: Context) -> list[Option]:
    """Every relation whose gate holds for `a` and `b` (a before b), with its signals."""
    return pair_options(Pair(a, b, ctx))


def pair_options(x: Pair) -> list[Option]:
    """Every relation whose gate holds for the pair `x`, with its signals."""
    a, b = x.a, x.b
    out = []
    rs = _restates(x)
    if rs is not None:
        out.append(Option(Relation.restates, rs[0], "restatement", rs[1], b, a))
    cs = _contradicts(x)
    if cs is not None:
        out.append(Option(Relation.contradicts, cs[0], cs[1], cs[2], cs[3], cs[4]))
    ss = _supports(x)
    if ss is not None:
        out.append(Option(Relation.supports, ss[0], ss[1], ss[2], ss[3], ss[4]))
    return out


_ORDER = {Relation.restates: 0, Relation.contradicts: 1, Relation.supports: 2}


def score_pair_and_guess(a: Profile, b: Profile, ctx: Context) -> tuple[Link | None, tuple[float, Option] | None]:
    """(the best link between `a` and `b` (a before b): the most confident relation that passes its
    gate and its threshold, ties: restates, contradicts, supports; or None), and (confidence, option)
    of the most confident `supports` option from the supports `orphan_threshold` up, whatever its
    threshold: a best guess for a claim nothing else links (see `guess_link`), or None."""
    best: tuple[float, int, Option] | None = None
    guess: tuple[float, Option] | None = None
    orphan = ctx.lex.relations[Relation.supports.value].orphan_threshold
    for opt in options(a, b, ctx):
        conf = _confidence(ctx, opt.relation.value, opt.signals)
        if orphan is not None and opt.relation == Relation.supports and conf >= orphan and (guess is None or conf > guess[0]):
            guess = (conf, opt)
        if conf < floor(ctx, opt):
            continue
        if ctx.floor is not None and probability(ctx.lex, opt.relation.value, opt.method, False, round(conf, 4)) < ctx.floor:
            # below the calibrated floor it would be dropped at the end: it must not take a slot
            # (a premise's one conclusion) from an option that stays; its claims count as reached
            ctx.below_floor.append((opt.source.idx, opt.target.idx))
            continue
        key = (-conf, _ORDER[opt.relation], opt)
        if best is None or key[:2] < best[:2]:
            best = key
    link = None
    if best is not None:
        conf, opt = -best[0], best[2]
        link = _link(opt.source, opt.target, opt.relation, conf, opt.reason, opt.method)
    return link, guess


#: The reason of a best guess starts so (see `guess_link`).
GUESS_PREFIX = "best guess, no other link for this claim: "


def calibrate(lex: Lexicon, link: Link) -> float:
    """The probability that `link` is right: its confidence through the Platt map of its
    relation and method (`Lexicon.calibration`, fitted on the development gold); unchanged
    without a map."""
    return probability(lex, link.relation.value, link.method, link.reason.startswith(GUESS_PREFIX), link.confidence)


def probability(lex: Lexicon, relation: str, method: str, guess: bool, confidence: float) -> float:
    """`confidence` of a link of `relation` and `method` (a best guess or not) through its Platt map."""
    m = lex.calibration.of(relation, method, guess)
    if m is None:
        return confidence
    c = min(max(confidence, 0.0025), 0.9975)
    return _logistic(m.a + m.b * math.log(c / (1.0 - c)))


def raw_confidence() -> bool:
    """`ARGMAP_CALIBRATION=0`: links keep the scorer's own confidence and no floor applies (what
    `bench/eval_links.py --calibrate` fits the maps on)."""
    return os.environ.get("ARGMAP_CALIBRATION", "").strip() == "0"


def calibrated(links: Iterable[Link], lex: Lexicon, *, floor: float | None = None) -> Iterator[Link]:
    """`links` with calibrated confidences (`calibrate`), those below `floor` left out (None: the
    calibration's precision-first floor: a link is proposed when it is more likely right than not)."""
    if raw_confidence():  # the scorer's own confidences; only a floor asked for applies
        yield from (lk for lk in links if floor is None or lk.confidence >= floor)
        return
    floor = lex.calibration.floor if floor is None else floor
    for link in links:
        conf = round(calibrate(lex, link), 4)
        if conf >= floor:
            yield link.model_copy(update={"confidence": conf}) if conf != link.confidence else link


def guess_link(conf: float, opt: Option) -> Link:
    """The link of a best guess (its reason says it is one)."""
    return _link(opt.source, opt.target, opt.relation, conf, GUESS_PREFIX + opt.reason, opt.method)


def stronger(conclusion: Profile, premise: Profile) -> bool:
    """Is `conclusion` a stronger speech act than `premise` (a charge its evidence serves)?"""
    return STRENGTH.get(conclusion.kind, 1) > STRENGTH.get(premise.kind, 1)


def floor(ctx: Context, opt: Option) -> float:
    """The lowest confidence at which `opt` may be proposed: its relation's threshold, or for a
    premise backing a stronger claim the `second_threshold` (kept only as a premise's second
    conclusion; see linking._one_support_each)."""
    w = ctx.lex.relations[opt.relation.value]
    if opt.relation == Relation.supports and w.second_threshold is not None and stronger(opt.target, opt.source):
        return min(w.threshold, w.second_threshold, w.second_same_sentence if w.second_same_sentence is not None else 1.0)
    return w.threshold


def _link(src: Profile, dst: Profile, relation: Relation, conf: float, reason: str, method: str) -> Link:
    return Link(
        id=Link.make_id(src.claim.id, dst.claim.id, relation), source=src.claim.id, target=dst.claim.id,
        relation=relation, confidence=round(conf, 4), reason=reason, method=method,
    )
