"""Shared helpers for the evaluation scripts: load gold files, run argmap, match claims to gold.

Gold format: bench/gold/FORMAT.md. Two matching criteria, both one-to-one and greedy (best pair first):

* `match` (criterion `overlap`): by the Jaccard overlap of content characters; a pair needs at least
  one shared character;
* `match_jaccard` (criterion `jaccard`): by the Jaccard of the lowercased alphanumeric word sets
  (`[a-z0-9]+`) of the two contents; a pair needs at least `JACCARD_MIN` (0.5). Used for the GUM gold,
  whose clause-sized RST contents differ in extent from argmap's.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED_DIR = next((d for d in (
    Path(os.environ["ARGMAP_SEEDS"]) if os.environ.get("ARGMAP_SEEDS") else None,
    (ROOT / ".." / "shared" / "seeds").resolve(), Path("/work/shared/seeds"),
) if d is not None and d.is_dir()), (ROOT / ".." / "shared" / "seeds").resolve())
GOLD = ROOT / "bench" / "gold"
GUM = GOLD / "gum"
#: the French corpus (issue #22): corpus/algeria-mali-fr/, gold in bench/gold/corpus/algeria-mali-fr/, split by
#: document name (fr-dev-*, fr-test-*, and fr-blind-*: two documents written and annotated blind to the French rules,
#: a second report-only test). Its own sets: never part of "corpus" or "all" (the English numbers stay put)
FR_CORPUS = ROOT / "corpus" / "algeria-mali-fr"
FR_GOLD = GOLD / "corpus" / "algeria-mali-fr"
FR_SETS = ("fr-dev", "fr-test", "fr-blind")
#: restates links between the claims of a French document and the English document it reports
#: (same shape as links-across.json; not named links-*.json, so English cross-document link scoring skips it)
FR_EN_LINKS = FR_GOLD / "crosslang-fr-en.json"
#: gold sets find_gold knows; "all" is seed + corpus (the GUM and French sets are scored on their own)
SETS = ("seed", "corpus", "gum-dev", "gum-test", *FR_SETS)
JACCARD_MIN = 0.5
WORD = re.compile(r"[a-z0-9]+")


@dataclass
class GoldDoc:
    gold_path: Path
    doc_path: Path
    data: dict

    @property
    def name(self) -> str:
        return self.doc_path.name


def find_gold(which: str = "all") -> list[GoldDoc]:
    """Gold files for 'seed', 'corpus', 'all' (seed + corpus), 'gum-dev', 'gum-test', 'fr-dev',
    'fr-test' or 'fr-blind', with the document each refers to (GUM documents: bench/gold/gum/texts/; French ones:
    corpus/algeria-mali-fr/). 'corpus' is the English team corpus: the French gold is not in it."""
    out = []
    if which in FR_SETS:
        for g in sorted(FR_GOLD.glob(f"{which}-*.json")):
            data = json.loads(g.read_text(encoding="utf-8"))
            p = FR_CORPUS / data["document"]
            if p.is_file():
                out.append(GoldDoc(g, p, data))
        return out
    if which in ("gum-dev", "gum-test"):
        for g in sorted((GUM / which.split("-", 1)[1]).glob("*.json")):
            data = json.loads(g.read_text(encoding="utf-8"))
            p = GUM / "texts" / data["document"]
            if p.is_file():
                out.append(GoldDoc(g, p, data))
        return out
    if which in ("seed", "all"):
        for g in sorted((GOLD / "seed").glob("*.json")):
            data = json.loads(g.read_text(encoding="utf-8"))
            p = SEED_DIR / data["document"]
            if p.is_file():
                out.append(GoldDoc(g, p, data))
    if which in ("corpus", "all"):
        corpus = ROOT / "corpus"
        for g in sorted((GOLD / "corpus").rglob("*.json")):
            if g.name.startswith("links-") or FR_GOLD in g.parents:
                continue
            data = json.loads(g.read_text(encoding="utf-8"))
            hits = sorted(corpus.rglob(data["document"]))
            if not hits:
                hits = sorted(corpus.rglob(Path(data["document"]).name))
            if hits:
                out.append(GoldDoc(g, hits[0], data))
    return out


def fr_en_links() -> list[dict]:
    """The gold restates links from French corpus claims to the English claims they report
    ("<document>#<attribution id>" ends, as in links-across.json); [] when the file is missing."""
    if not FR_EN_LINKS.is_file():
        return []
    data = json.loads(FR_EN_LINKS.read_text(encoding="utf-8"))
    return list(data.get("links", []))


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
    return _greedy(pairs)


def _greedy(pairs: list[tuple[float, int, int]]) -> dict[int, int]:
    """One-to-one gold -> pred from scored pairs, best first (ties: lower gold, then lower pred index)."""
    pairs.sort(key=lambda x: (-x[0], x[1], x[2]))
    used_g, used_p, out = set(), set(), {}
    for _, gi, pi in pairs:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        out[gi] = pi
    return out


def words(text: str, spans: list) -> set[str]:
    """The lowercased alphanumeric words of the text of `spans` (fragments joined by a space)."""
    return set(WORD.findall(" ".join(text[s:e] for s, e in spans).lower()))


def jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def match_jaccard(gold: list[dict], pred: list, text: str, pred_spans=lambda p: p.spans.content,
                  threshold: float = JACCARD_MIN) -> dict[int, int]:
    """Greedy one-to-one matching gold index -> pred index by the Jaccard of content word sets, keeping
    pairs at or above `threshold` (best pair first; ties: lower gold, then lower pred index)."""
    gw = [words(text, g["content"]) for g in gold]
    pw = [words(text, pred_spans(p)) for p in pred]
    pairs = []
    for gi, a in enumerate(gw):
        for pi, b in enumerate(pw):
            j = jaccard(a, b)
            if j >= threshold and j > 0:
                pairs.append((j, gi, pi))
    return _greedy(pairs)


# ---------------------------------------------------------------------------------------------
# clusterings (bench/eval_actors.py: argmap's actor ids against GUM's coreference chains)


def bcubed_items(gold: list, pred: list) -> list[tuple[float, float]]:
    """B-cubed precision and recall of each item of one clustering: item i is in gold cluster
    `gold[i]` and predicted cluster `pred[i]`; a predicted `None` is a cluster of its own (a
    singleton). Precision of i = the share of i's predicted cluster that is in i's gold cluster,
    recall of i = the share of i's gold cluster that is in i's predicted cluster."""
    if len(gold) != len(pred):
        raise ValueError("gold and pred must label the same items")
    keys = [("", i) if p is None else ("p", p) for i, p in enumerate(pred)]
    pred_size: dict = {}
    gold_size: dict = {}
    both: dict = {}
    for g, k in zip(gold, keys):
        pred_size[k] = pred_size.get(k, 0) + 1
        gold_size[g] = gold_size.get(g, 0) + 1
        both[g, k] = both.get((g, k), 0) + 1
    return [(both[g, k] / pred_size[k], both[g, k] / gold_size[g]) for g, k in zip(gold, keys)]


def bcubed(gold: list, pred: list) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 (harmonic mean of the two averages) of one clustering (see
    `bcubed_items`); (0, 0, 0) when there are no items."""
    return bcubed_average(bcubed_items(gold, pred))


def bcubed_average(items: list[tuple[float, float]]) -> tuple[float, float, float]:
    """Average per-item B-cubed values (e.g. of several documents' clusterings: micro-average over items)."""
    if not items:
        return 0.0, 0.0, 0.0
    p = sum(x for x, _ in items) / len(items)
    r = sum(y for _, y in items) / len(items)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def majority_mapping(gold: list, pred: list) -> dict:
    """One-to-one mapping gold cluster -> predicted label: each gold cluster takes the label most of
    its items got, a label going to at most one gold cluster (greedy, largest count first; ties: the
    gold cluster and label seen first). `None` labels are never mapped. An item is right when
    `mapping.get(gold[i]) == pred[i]` and `pred[i]` is not None."""
    counts: dict = {}
    first_g: dict = {}
    first_p: dict = {}
    for i, (g, p) in enumerate(zip(gold, pred)):
        first_g.setdefault(g, i)
        first_p.setdefault(p, i)
        if p is not None:
            counts[g, p] = counts.get((g, p), 0) + 1
    order = sorted(counts.items(), key=lambda kv: (-kv[1], first_g[kv[0][0]], first_p[kv[0][1]]))
    out, used = {}, set()
    for (g, p), _ in order:
        if g in out or p in used:
            continue
        out[g] = p
        used.add(p)
    return out


def match_statements(gold: list[dict], preds: list, text: str, pred_spans=lambda p: p.spans.content,
                     credits: bool = False) -> tuple[list[dict], list, dict[int, int]]:
    """GUM matching, as bench/eval_extract.py and bench/eval_actors.py do it: the credits left out
    (`without_credits`, unless `credits`), then `match_jaccard`. Returns (kept gold, kept
    predictions, kept gold index -> kept prediction index)."""
    if not credits:
        gold, preds = without_credits(gold, preds, pred_spans=pred_spans)
    return gold, preds, match_jaccard(gold, preds, text, pred_spans=pred_spans)


def without_credits(gold: list[dict], preds: list, pred_spans=lambda p: p.spans.content) -> tuple[list[dict], list]:
    """Gold and predictions with the credits left out ("Image: NASA", a "Sources" list): they are not
    statements (issue #17: photo credits and bylines are not speakers). A prediction whose content
    overlaps a credit is neither right nor wrong: it is dropped too."""
    credits = [g["content"] for g in gold if g.get("credit")]
    if not credits:
        return gold, preds
    kept = [p for p in preds if not any(overlap(c, pred_spans(p)) > 0 for c in credits)]
    return [g for g in gold if not g.get("credit")], kept
