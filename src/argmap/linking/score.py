"""Scoring one candidate pair: signals, gates, logistic confidence, relation, reason (pure).

Each relation has a gate (a hard rule saying when it may hold at all) and a logistic confidence
over the pair's signals with the weights of `data/link_weights.yaml`; the most confident relation
that passes its gate and threshold wins. The reason names the evidence behind the main signal.
docs/linking.md documents every signal.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..model import Link, Relation, SpeechAct
from .lexicon import Lexicon
from .parties import ALLIED, NEUTRAL, OPPOSED, SAME_ACTOR, SAME_PARTY, Parties
from .profile import BLAMING_ACTS, STRONG_ACTS, Profile

#: Saturation of the topic signal: topic = 1 - exp(-shared / TOPIC_SCALE).
TOPIC_SCALE = 1.5
#: Minimum topic signal for claims that are not close in one document.
MIN_TOPIC = 0.45
#: Minimum containment for a restatement, and minimum key count of the shorter claim.
MIN_CONTAINMENT, MIN_KEYS = 0.7, 2


@dataclass
class Context:
    """What the scorer needs besides the two profiles."""

    lex: Lexicon
    parties: Parties
    idf: dict[str, float]
    answers: dict[int, set[int]]  # rejection index -> indexes of the claims it answers
    names: dict[str, str]  # actor id -> display name


def _logistic(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


def _short(text: str, n: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def _quote(p: Profile) -> str:
    return f"“{_short(p.claim.text)}”"


class Pair:
    """Signals of one pair (a before b in canonical order)."""

    def __init__(self, a: Profile, b: Profile, ctx: Context):
        self.a, self.b, self.ctx = a, b, ctx
        self.rel = ctx.parties.relation(a.actor, b.actor)
        idf = ctx.idf
        # party mentions ('Algeria') are shared by every claim of a dispute: blocking uses them, topic does not
        shared_content = [k for k in a.content if k in b.content and not k.startswith("p:")]
        shared_all = {k for k in (a.content.keys() | a.context.keys()) & (b.content.keys() | b.context.keys()) if not k.startswith("p:")}
        self.shared = sorted(shared_content, key=lambda k: (-a.content[k] * idf.get(k, 1.0), k))
        self.shared_context = sorted(shared_all - set(shared_content), key=lambda k: (-idf.get(k, 1.0), k))
        weight = lambda p, k: p.content.get(k) or p.context.get(k) or 1.0  # noqa: E731
        total = sum(a.content[k] * idf.get(k, 1.0) for k in self.shared)
        total += 0.5 * sum(min(weight(a, k), weight(b, k)) * idf.get(k, 1.0) for k in self.shared_context)
        self.topic = 1.0 - math.exp(-total / TOPIC_SCALE)
        self.same_doc = a.claim.document == b.claim.document
        self.same_sentence = self.same_doc and a.claim.sentence is not None and a.claim.sentence == b.claim.sentence
        # close: same paragraph, or next to each other across a paragraph break
        self.near = self.same_doc and (
            b.paragraph == a.paragraph or (b.idx - a.idx == 1 and b.paragraph - a.paragraph == 1 and b.pos - a.pos < 600)
        )
        self.nested = self.same_doc and any(s1 < e2 and s2 < e1 for s1, e1 in a.claim.spans.content for s2, e2 in b.claim.spans.content)
        own = lambda p: [k for k in p.content if not k.startswith("p:")]  # noqa: E731
        sa = sum(a.content[k] * idf.get(k, 1.0) for k in own(a))
        sb = sum(b.content[k] * idf.get(k, 1.0) for k in own(b))
        small = min(sa, sb)
        self.containment = (sum(a.content[k] * idf.get(k, 1.0) for k in self.shared) / small) if small > 0 else 0.0
        self.min_keys = min(len(own(a)), len(own(b)))
        act = a.act & b.act
        self.act_topic = 1.0 - math.exp(-sum(idf.get(k, 1.0) for k in act) / TOPIC_SCALE) if act else 0.0
        self.act_shared = sorted(act, key=lambda k: (-idf.get(k, 1.0), k))

    # -- helpers for reasons ---------------------------------------------------------------
    def topic_words(self, n: int = 4) -> str:
        words = [self._surface(k) for k in self.shared[:n]]
        if len(words) < n:
            words += [self._surface(k) for k in self.shared_context[: n - len(words)]]
        return ", ".join(dict.fromkeys(w for w in words if w))

    def _surface(self, k: str) -> str:
        return self.a.surface.get(k) or self.b.surface.get(k) or k

    def name(self, p: Profile) -> str:
        return self.ctx.names.get(p.actor or "", p.actor or "unknown speaker")


def _date(p: Profile) -> str:
    return f" of {p.dates[0]}" if p.dates else ""


def _signals_contradicts(x: Pair) -> tuple[dict[str, float], str, str] | None:
    a, b = x.a, x.b
    if a.actor is None or b.actor is None or x.rel in (SAME_ACTOR, SAME_PARTY):
        return None
    # two actors claiming the same act contradict each other whatever their sides
    competing = a.agency and b.agency and x.act_topic >= MIN_TOPIC and not (a.denial or b.denial)
    if x.rel == ALLIED and not competing:
        return None
    answers = x.ctx.answers
    explicit = a.idx in answers.get(b.idx, ())
    responder, answered = b, a
    # a denial that names what it rejects ('rejected accusations that it sponsors terrorism')
    # answers claims blaming its party on the same topic, in any document
    if not explicit:
        for r, o in ((b, a), (a, b)):
            if r.denial and r.response and not r.anaphoric and r.party in o.blames and x.topic >= MIN_TOPIC:
                explicit, responder, answered = True, r, o
                break
    blame_ab, blame_ba = b.party in a.blames, a.party in b.blames
    mutual = blame_ab and blame_ba
    blame = blame_ab or blame_ba
    denial = a.denial != b.denial
    contrast = bool(b.contrast) and x.near
    opposed = x.rel == OPPOSED
    strong_topic = x.topic >= MIN_TOPIC
    if not (explicit or competing):
        # opposed stance: opposite sides (or a blamed party answering) on the same topic
        if not (opposed or blame):
            return None
        if not (strong_topic or (x.near and x.topic > 0.0) or (x.near and (contrast or denial or mutual))):
            return None
        if not (mutual or blame or denial or contrast or strong_topic):
            return None
    sig = {
        "explicit_response": float(explicit), "competing_claim": float(competing), "mutual_blame": float(mutual),
        "blame": float(blame and not mutual), "denial": float(denial), "contrast": float(contrast),
        "opposed": float(opposed), "topic": x.topic, "near": float(x.near),
        "hedged": float(a.claim.hedged or b.claim.hedged),
    }
    if explicit:
        noun = "accusations" if responder.response == "blame" else "claims"
        reason = (f"explicit rejection cue '{responder.claim.cue} {_short(responder.claim.text, 40)}' refers to "
                  f"{x.name(answered)}'s {noun}{_date(answered)}: {_quote(answered)}")
        return sig, "explicit-response", reason
    if competing:
        ra, rb = (a, b) if a.kind != SpeechAct.responsibility else (b, a)
        what = "claims responsibility" if rb.kind == SpeechAct.responsibility else f"says {_quote(rb)}"
        act = ", ".join(x._surface(k) for k in x.act_shared[:4])
        reason = (f"competing claims of the same act ({act}): {x.name(ra)} says "
                  f"{_quote(ra)} while {x.name(rb)} {what}")
        return sig, "competing-claim", reason
    topic = x.topic_words() or "the same passage"
    if mutual:
        reason = f"opposing sides blame each other for the same event: {topic}"
    elif denial:
        d, o = (a, b) if a.denial else (b, a)
        reason = f"{x.name(d)} denies what {x.name(o)} asserts on the same topic: {topic}"
    elif contrast:
        reason = f"contrast marker '{b.contrast}' sets {x.name(b)} against {x.name(a)} on: {topic}"
    elif blame:
        blamer, blamed = (a, b) if blame_ab else (b, a)
        reason = f"{x.name(blamer)} blames {x.ctx.parties.name(blamed.party)}, who says otherwise on: {topic}"
    else:
        reason = f"opposing sides ({x.name(a)} vs {x.name(b)}) make opposed statements on: {topic}"
    return sig, "opposed-stance", reason


def _premise(x: Pair) -> tuple[Profile, Profile, bool]:
    """(premise, conclusion, is_evidence) of a same-side pair."""
    a, b = x.a, x.b
    if b.elaboration and x.same_sentence:
        return b, a, True
    if a.kind in STRONG_ACTS and b.kind not in STRONG_ACTS:
        return b, a, x.near
    if b.kind in STRONG_ACTS and a.kind not in STRONG_ACTS:
        return a, b, x.near
    if b.evidence and x.near:
        return b, a, True
    if a.evidence and x.near:
        return a, b, True
    return b, a, False


def _signals_supports(x: Pair) -> tuple[dict[str, float], str, str, Profile, Profile] | None:
    a, b = x.a, x.b
    if a.actor is None or b.actor is None or x.rel == OPPOSED or a.denial != b.denial:
        return None
    same_side = x.rel in (SAME_ACTOR, SAME_PARTY)
    same_stance = bool(a.blames & b.blames) or (a.kind == b.kind and a.kind in BLAMING_ACTS) or (a.denial and b.denial)
    if x.rel == NEUTRAL and not same_stance:
        return None
    premise, conclusion, evidence = _premise(x) if same_side else (b, a, False)
    if not (x.topic >= MIN_TOPIC or (x.near and (evidence or (same_stance and x.topic > 0)))):
        return None
    sig = {
        "evidence": float(evidence), "elaboration": float(premise.elaboration and x.same_sentence),
        "same_actor": float(x.rel == SAME_ACTOR), "same_party": float(x.rel == SAME_PARTY),
        "allied": float(x.rel == ALLIED), "same_stance": float(same_stance), "topic": x.topic,
        "near": float(x.near), "hedged": float(a.claim.hedged or b.claim.hedged),
    }
    if evidence:
        marker = f" (marker '{premise.evidence}')" if premise.evidence else ""
        reason = f"evidence for a conclusion by the same {'actor' if x.rel == SAME_ACTOR else 'side'} ({x.name(conclusion)}): {_quote(premise)}{marker} backs {_quote(conclusion)}"
        return sig, "evidence", reason, premise, conclusion
    topic = x.topic_words() or "the same passage"
    if same_stance and a.blames & b.blames:
        who = ", ".join(x.ctx.parties.name(p) for p in sorted(a.blames & b.blames))
        reason = f"{x.name(premise)} and {x.name(conclusion)} both blame {who} on: {topic}"
    else:
        side = "same actor" if x.rel == SAME_ACTOR else "same side" if x.rel in (SAME_PARTY, ALLIED) else "same stance"
        reason = f"{side} ({x.name(premise)}, {x.name(conclusion)}) agree on: {topic}"
    return sig, "same-side-agreement", reason, premise, conclusion


def _signals_restates(x: Pair) -> tuple[dict[str, float], str] | None:
    a, b = x.a, x.b
    if x.rel == OPPOSED or a.denial != b.denial or x.min_keys < MIN_KEYS or x.containment < MIN_CONTAINMENT:
        return None
    if (a.actor is None) != (b.actor is None):
        return None
    sig = {
        "containment": x.containment, "same_actor": float(x.rel == SAME_ACTOR), "same_party": float(x.rel == SAME_PARTY),
        "cross_document": float(not x.same_doc), "same_kind": float(a.kind == b.kind),
    }
    where = "another document" if not x.same_doc else "the same document"
    reason = (f"same claim restated in {where} by {x.name(b)} ({round(100 * x.containment)}% of key terms shared: "
              f"{x.topic_words(5)})")
    return sig, reason


def _confidence(ctx: Context, relation: str, sig: dict[str, float]) -> float:
    w = ctx.lex.relations[relation]
    z = w.bias + sum(w.weights.get(k, 0.0) * v for k, v in sig.items())
    return _logistic(z)


def score_pair(a: Profile, b: Profile, ctx: Context) -> Link | None:
    """The best link between `a` and `b` (a before b), or None."""
    x = Pair(a, b, ctx)
    if x.nested:  # one claim quoted inside the other: same words, not two statements
        return None
    options: list[tuple[float, int, Link]] = []
    order = {"restates": 0, "contradicts": 1, "supports": 2}
    rs = _signals_restates(x)
    if rs is not None:
        sig, reason = rs
        conf = _confidence(ctx, "restates", sig)
        if conf >= ctx.lex.relations["restates"].threshold:
            options.append((conf, order["restates"], _link(b, a, Relation.restates, conf, reason, "restatement")))
    cs = _signals_contradicts(x)
    if cs is not None:
        sig, method, reason = cs
        conf = _confidence(ctx, "contradicts", sig)
        if conf >= ctx.lex.relations["contradicts"].threshold:
            src, dst = (b, a)
            if method == "explicit-response" and a.denial and not b.denial:
                src, dst = a, b
            options.append((conf, order["contradicts"], _link(src, dst, Relation.contradicts, conf, reason, method)))
    ss = _signals_supports(x)
    if ss is not None:
        sig, method, reason, premise, conclusion = ss
        conf = _confidence(ctx, "supports", sig)
        if conf >= ctx.lex.relations["supports"].threshold:
            options.append((conf, order["supports"], _link(premise, conclusion, Relation.supports, conf, reason, method)))
    if not options:
        return None
    options.sort(key=lambda o: (-o[0], o[1]))
    return options[0][2]


def _link(src: Profile, dst: Profile, relation: Relation, conf: float, reason: str, method: str) -> Link:
    return Link(
        id=Link.make_id(src.claim.id, dst.claim.id, relation), source=src.claim.id, target=dst.claim.id,
        relation=relation, confidence=round(conf, 4), reason=reason, method=method,
    )
