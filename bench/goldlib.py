"""Shared helpers for the evaluation scripts: load gold files, run argmap, match claims to gold.

Gold format: bench/gold/FORMAT.md. Matching is one-to-one and greedy by the Jaccard overlap of
content characters (best pair first); a pair needs at least one shared character.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED_DIR = next((d for d in (
    Path(os.environ["ARGMAP_SEEDS"]) if os.environ.get("ARGMAP_SEEDS") else None,
    (ROOT / ".." / "shared" / "seeds").resolve(), Path("/work/shared/seeds"),
) if d is not None and d.is_dir()), (ROOT / ".." / "shared" / "seeds").resolve())
GOLD = ROOT / "bench" / "gold"


@dataclass
class GoldDoc:
    gold_path: Path
    doc_path: Path
    data: dict

    @property
    def name(self) -> str:
        return self.doc_path.name


def find_gold(which: str = "all") -> list[GoldDoc]:
    """Gold files for 'seed', 'corpus' or 'all', with the document each refers to."""
    out = []
    if which in ("seed", "all"):
        for g in sorted((GOLD / "seed").glob("*.json")):
            data = json.loads(g.read_text(encoding="utf-8"))
            p = SEED_DIR / data["document"]
            if p.is_file():
                out.append(GoldDoc(g, p, data))
    if which in ("corpus", "all"):
        corpus = ROOT / "corpus"
        for g in sorted((GOLD / "corpus").rglob("*.json")):
            if g.name.startswith("links-"):
                continue
            data = json.loads(g.read_text(encoding="utf-8"))
            hits = sorted(corpus.rglob(data["document"]))
            if not hits:
                hits = sorted(corpus.rglob(Path(data["document"]).name))
            if hits:
                out.append(GoldDoc(g, hits[0], data))
    return out


def overlap(a: list, b: list) -> int:
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def match(gold: list[dict], pred: list, pred_spans=lambda p: p.spans.content) -> dict[int, int]:
    """Greedy one-to-one matching gold index -> pred index by content overlap (Jaccard of characters)."""
    pairs = []
    for gi, g in enumerate(gold):
        glen = sum(e - s for s, e in g["content"])
        for pi, p in enumerate(pred):
            ov = overlap(g["content"], pred_spans(p))
            if ov > 0:
                union = glen + sum(e - s for s, e in pred_spans(p)) - ov
                pairs.append((ov / union, gi, pi))
    pairs.sort(key=lambda x: (-x[0], x[1], x[2]))
    used_g, used_p, out = set(), set(), {}
    for ov, gi, pi in pairs:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        out[gi] = pi
    return out
