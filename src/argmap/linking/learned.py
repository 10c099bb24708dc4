"""A learned pair classifier on top of the rules (pure, numpy only).

The rules of score.py say *whether* a relation may hold (gates) and how sure they are; they are
good at explicit responses, competing claims and restatements, and weaker at choosing which of
one side's claims a premise backs, or at seeing that two sides' paraphrases clash. This module
describes every candidate pair by a fixed set of named features — the rules' own gates and
confidences among them — and a multinomial logistic regression (softmax over `CLASSES`) trained
on the gold links of bench/gold turns them into one probability per relation and direction.

The model is data (a JSON file: feature names, scaling, one weight row per class and the decision
threshold), written by `bench/train_links.py` and used when `ARGMAP_LINK_MODEL` names it (or
`link_claims(model=...)`). It is off by default: trained on two of our three gold sets and scored
on the third, it does worse than the rules (docs/linking.md, "A learned classifier"), so the rules
stay the product and this stays an experiment to re-run as reviewed links accumulate.
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import InputError
from ..model import SpeechAct
from .parties import ALLIED, CAMP, NEUTRAL, OPPOSED, SAME_ACTOR, SAME_PARTY
from .profile import BLAMING_ACTS

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
    """The model at `path`, else the one `ARGMAP_LINK_MODEL` names, else None (rules only).

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
