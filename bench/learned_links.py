"""A learned pair classifier on top of the rules (pure, numpy only): an experiment, kept in bench/.

The rules of score.py say *whether* a relation may hold (gates) and how sure they are; they are
good at explicit responses, competing claims and restatements, and weaker at choosing which of
one side's claims a premise backs, or at seeing that two sides' paraphrases clash. This module
describes every candidate pair by a fixed set of named features — the rules' own gates and
confidences among them — and a multinomial logistic regression (softmax over `CLASSES`) trained
on the gold links of bench/gold turns them into one probability per relation and direction.

The model is data (a JSON file: feature names, scaling, one weight row per class and the decision
threshold), written by `bench/train_links.py` and used by `link_claims_learned` (here, not in
argmap: issue #19 moved it out of `src/`). Trained on two of our three gold sets and scored on the
third, it does worse than the rules (docs/linking.md, "A learned classifier"), so the rules stay
the product and this stays an experiment to re-run as reviewed links accumulate.
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from argmap.errors import InputError
from argmap.linking import _one_support_each, prepare
from argmap.linking.parties import ALLIED, CAMP, NEUTRAL, OPPOSED, SAME_ACTOR, SAME_PARTY
from argmap.linking.profile import BLAMING_ACTS
from argmap.linking.score import Pair, _confidence, _link, pair_options
from argmap.model import Actor, Claim, Document, Link, Relation, SpeechAct

#: Output classes: no link; a supports b (a earlier); b supports a; contradicts; restates.
CLASSES = ("none", "supports_ab", "supports_ba", "contradicts", "restates")
RELS = (SAME_ACTOR, SAME_PARTY, CAMP, ALLIED, NEUTRAL, OPPOSED)
KINDS = tuple(k.value for k in SpeechAct)


def pair_features(x, opts: dict, first_of_actor: set[int], answers: dict[int, set[int]]) -> dict[str, float]:
    """Named features of one candidate pair (`x` a score.Pair; `opts` relation -> (gate confidence, source is a))."""
    a, b = x.a, x.b
    f: dict[str, float] = {}
    for r in RELS:
        f[f"rel={r}"] = float(x.rel == r)
    f["no_actor"] = float(a.actor is None or b.actor is None)
    f["same_body"] = float(x.same_body)
    f["topic"] = x.topic
    f["strong_topic"] = float(x.strong_topic)
    f["similarity"] = x.similarity
    f["containment"] = x.containment
    f["act_topic"] = x.act_topic
    f["shared"] = min(len(x.shared), 6) / 6.0
    f["shared_context"] = min(len(x.shared_context), 6) / 6.0
    f["same_doc"] = float(x.same_doc)
    f["near"] = float(x.near)
    f["adjacent"] = float(x.adjacent)
    f["same_paragraph"] = float(x.same_paragraph)
    f["same_sentence"] = float(x.same_sentence)
    f["nested"] = float(x.nested)
    f["gap"] = min(max(x.gap, 0), 8) / 8.0 if x.same_doc else 1.0
    f["sequence"] = float(x.sequence)
    f["head_ab"] = float(b.run_head == a.idx)
    f["blame_ab"] = float(x.blame_ab)
    f["blame_ba"] = float(x.blame_ba)
    f["common_blame"] = float(bool(x.common_blame))
    f["explicit"] = float(a.idx in answers.get(b.idx, ()) or b.idx in answers.get(a.idx, ()))
    for side, p in (("a", a), ("b", b)):
        f[f"{side}.denial"] = float(p.denial)
        f[f"{side}.agency"] = float(p.agency)
        f[f"{side}.evidence"] = float(bool(p.evidence))
        f[f"{side}.elaboration"] = float(p.elaboration)
        f[f"{side}.contrast"] = float(bool(p.contrast))
        f[f"{side}.hedged"] = float(bool(p.claim.hedged))
        f[f"{side}.blaming"] = float(p.kind in BLAMING_ACTS)
        f[f"{side}.first_of_actor"] = float(p.idx in first_of_actor)
        f[f"{side}.response"] = float(p.response is not None)
        for k in KINDS:
            f[f"{side}.kind={k}"] = float(p.kind.value == k)
    f["same_kind"] = float(a.kind == b.kind)
    for rel in ("supports", "contradicts", "restates"):
        conf, src_is_a = opts.get(rel, (0.0, False))
        f[f"gate.{rel}"] = float(rel in opts)
        f[f"conf.{rel}"] = conf
        if rel == "supports":
            f["gate.supports_ab"] = float(rel in opts and src_is_a)
            f["gate.supports_ba"] = float(rel in opts and not src_is_a)
    return f


@dataclass(frozen=True)
class Model:
    """Softmax regression: features are standardised with `mean`/`scale`, then W x + b."""

    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[tuple[float, ...], ...]  # one row per class
    bias: tuple[float, ...]
    threshold: float
    trained_on: str = ""

    def probabilities(self, feats: dict[str, float]) -> list[float]:
        z = list(self.bias)
        xs = [(feats.get(n, 0.0) - m) / s for n, m, s in zip(self.features, self.mean, self.scale)]
        for c, row in enumerate(self.weights):
            z[c] += sum(w * v for w, v in zip(row, xs))
        top = max(z)
        e = [math.exp(v - top) for v in z]
        t = sum(e)
        return [v / t for v in e]

    def to_json(self) -> str:
        data = {
            "classes": list(CLASSES), "features": list(self.features), "mean": [round(v, 6) for v in self.mean],
            "scale": [round(v, 6) for v in self.scale], "weights": [[round(v, 5) for v in r] for r in self.weights],
            "bias": [round(v, 5) for v in self.bias], "threshold": self.threshold, "trained_on": self.trained_on,
        }
        return json.dumps(data, indent=1, sort_keys=True) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Model:
        d = json.loads(text)
        if tuple(d["classes"]) != CLASSES:
            raise ValueError("link model classes do not match this version of argmap")
        return cls(tuple(d["features"]), tuple(d["mean"]), tuple(d["scale"]), tuple(tuple(r) for r in d["weights"]),
                   tuple(d["bias"]), float(d["threshold"]), d.get("trained_on", ""))


def load_model(path: str | None = None) -> Model | None:
    """The model at `path`, else the one `ARGMAP_LINK_MODEL` names, else None.

    Raises:
        InputError: the file is missing or not a model of this version.
    """
    path = path or os.environ.get("ARGMAP_LINK_MODEL") or None
    return _read_model(path) if path else None


@lru_cache(maxsize=4)
def _read_model(path: str) -> Model:
    try:
        return Model.from_json(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InputError(f"{path}: not a usable link model ({exc.__class__.__name__}: {exc})") from None


def fit(X, y, names: list[str], *, l2: float = 1.0, class_weight: list[float] | None = None,
        threshold: float = 0.5, trained_on: str = "") -> Model:
    """Fit a softmax regression on rows `X` (lists of floats in `names` order) and labels `y`."""
    import numpy as np

    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=int)
    n, d = X.shape
    k = len(CLASSES)
    mean = X.mean(axis=0)
    scale = X.std(axis=0)
    scale[scale < 1e-9] = 1.0
    Z = (X - mean) / scale
    Y = np.zeros((n, k))
    Y[np.arange(n), y] = 1.0
    cw = np.ones(k) if class_weight is None else np.asarray(class_weight, dtype=float)
    sw = cw[y]

    def loss(theta):
        W = theta[: k * d].reshape(k, d)
        b = theta[k * d:]
        S = Z @ W.T + b
        S -= S.max(axis=1, keepdims=True)
        P = np.exp(S)
        P /= P.sum(axis=1, keepdims=True)
        ll = -(sw * np.log(P[np.arange(n), y] + 1e-12)).sum() + 0.5 * l2 * (W * W).sum()
        G = (P - Y) * sw[:, None]
        gW = G.T @ Z + l2 * W
        gb = G.sum(axis=0)
        return ll, np.concatenate([gW.ravel(), gb])

    theta = _adam(loss, np.zeros(k * d + k), steps=3000)
    W = theta[: k * d].reshape(k, d)
    b = theta[k * d:]
    return Model(tuple(names), tuple(float(v) for v in mean), tuple(float(v) for v in scale),
                 tuple(tuple(float(v) for v in row) for row in W), tuple(float(v) for v in b), threshold, trained_on)


def _adam(loss, theta, *, steps: int, lr: float = 0.05, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8):
    """Minimise a smooth convex `loss` (returning value and gradient) with Adam, numpy only; the
    objective is the mean loss, so the step size does not depend on the number of rows."""
    import numpy as np

    m = np.zeros_like(theta)
    v = np.zeros_like(theta)
    n = max(1.0, float(abs(loss(theta)[0])))  # scale: the loss at the start
    for t in range(1, steps + 1):
        _, g = loss(theta)
        g = g / n
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g * g
        theta = theta - lr * (m / (1 - beta1 ** t)) / (np.sqrt(v / (1 - beta2 ** t)) + eps)
    return theta


# -- using a model: the linker with the classifier in place of the rules' confidences ------------------
def _first_of_actor(profiles) -> set[int]:
    """Indexes of the first claim of each actor in each document."""
    seen, out = set(), set()
    for p in profiles:
        key = (p.claim.document, p.actor)
        if key not in seen:
            seen.add(key)
            out.add(p.idx)
    return out


def _pair_features(x: Pair, ctx, firsts: set[int]):
    opts = pair_options(x)
    conf = {}
    for o in opts:
        c = _confidence(ctx, o.relation.value, o.signals)
        if o.relation.value not in conf or c > conf[o.relation.value][0]:
            conf[o.relation.value] = (c, o.source is x.a)
    return opts, pair_features(x, conf, firsts, ctx.answers)


def learned_link(a, b, ctx, model: Model, firsts: set[int]) -> Link | None:
    """The learned classifier's link between `a` and `b` (a before b), or None."""
    x = Pair(a, b, ctx)
    opts, feats = _pair_features(x, ctx, firsts)
    probs = model.probabilities(feats)
    c = max(range(1, len(probs)), key=lambda k: (probs[k], -k))
    if probs[c] < model.threshold or probs[c] <= probs[0]:
        return None
    cls = CLASSES[c]
    relation = Relation.supports if cls.startswith("supports") else Relation(cls)
    src, dst = (a, b) if cls == "supports_ab" else (b, a)
    for o in opts:  # the rule that saw the same relation names the evidence best
        if o.relation == relation and (relation != Relation.supports or o.source is src):
            return _link(o.source, o.target, relation, probs[c], o.reason, o.method)
    if relation != Relation.supports:
        src, dst = b, a
    return _link(src, dst, relation, probs[c], learned_reason(x, relation, src, dst), "learned")


def pair_rows(claims: list[Claim], actors: list[Actor], documents: list[Document]):
    """(claim id a, claim id b, features) of every candidate pair, a before b (for training)."""
    profiles, pairs, ctx = prepare(claims, actors, documents)
    firsts = _first_of_actor(profiles)
    for i, j in pairs:
        x = Pair(profiles[i], profiles[j], ctx)
        yield profiles[i].claim.id, profiles[j].claim.id, _pair_features(x, ctx, firsts)[1]


def learned_reason(x: Pair, relation: Relation, src, dst) -> str:
    """A reason for a link the learned classifier proposes where no rule's gate held."""
    topic = x.topic_words() or "the same passage"
    where = "in the same paragraph" if x.same_paragraph else ("in the same text" if x.same_doc else "across documents")
    if relation == Relation.supports:
        side = {SAME_ACTOR: "same actor", SAME_PARTY: "same side", CAMP: "same camp"}.get(x.rel, "compatible stance")
        return (f"{side} ({x.name(src)}, {x.name(dst)}) {where}: {_quote(src)} backs {_quote(dst)} "
                f"(learned from reviewed maps; shared: {topic})")
    if relation == Relation.contradicts:
        return (f"{x.name(src)} and {x.name(dst)} take opposite positions {where} on: {topic} "
                f"(learned from reviewed maps)")
    return f"{x.name(src)} says again {where} what {x.name(dst)} said: {topic} (learned from reviewed maps)"


def _quote(p) -> str:
    text = " ".join(p.claim.text.split())
    return f"“{text if len(text) <= 70 else text[:69].rstrip() + '…'}”"


def link_claims_learned(claims: list[Claim], actors: list[Actor], documents: list[Document], model: Model) -> list[Link]:
    """`argmap.linking.link_claims` with `model` deciding each candidate pair (the rules' gates
    and confidences are its features; a rule's reason is kept when it saw the same relation)."""
    profiles, pairs, ctx = prepare(claims, actors, documents, semantic=False)
    firsts = _first_of_actor(profiles)
    links: dict[str, Link] = {}
    for i, j in pairs:
        link = learned_link(profiles[i], profiles[j], ctx, model, firsts)
        if link is not None:
            links[link.id] = link
    return sorted(_one_support_each(links.values(), profiles, ctx), key=lambda lk: lk.id)


def link_claims(claims: list[Claim], actors: list[Actor], documents: list[Document]) -> list[Link]:
    """The `--linker` hook of bench/eval_links.py: the model `ARGMAP_LINK_MODEL` names.

    Raises:
        InputError: no model named, or not a usable one.
    """
    model = load_model()
    if model is None:
        raise InputError("name a model written by bench/train_links.py --write in ARGMAP_LINK_MODEL")
    return link_claims_learned(claims, actors, documents, model)
