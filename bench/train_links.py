"""Train the learned link classifier (bench/learned_links.py) on the gold links, and evaluate it
honestly: every number printed for a gold set comes from a model that never saw that set.

    python bench/train_links.py [--write MODEL.json] [--l2 3] [--pos 2] [--threshold 0.5]

    python bench/eval_links.py --linker bench/learned_links.py   # with ARGMAP_LINK_MODEL=MODEL.json

Gold sets: the seed article, corpus/algeria-mali and corpus/india-canada (three topics). For each
set, a model is trained on the other two and scored on it with bench/eval_links.py's scorer, end to
end (extracted claims) and with --oracle claims. With --write, a model trained on all three is
written (argmap ships none: held out, it scores below the rules; see docs/linking.md). Training rows are the candidate pairs of the
blocking step, both with claims built from the gold attributions and with extracted claims mapped
to the gold (so the model sees the pairs it will meet in use).
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import eval_links  # noqa: E402
from goldlib import find_gold  # noqa: E402

import learned_links as learned  # noqa: E402
from learned_links import link_claims_learned, pair_rows  # noqa: E402

def gold_sets() -> dict[str, tuple[list, list[str], list[dict]]]:
    """name -> (gold docs, corpus paths, links across documents)."""
    out = {}
    seed = find_gold("seed")
    if seed:
        out["seed"] = (seed, [str(g.doc_path) for g in seed], [])
    corpus = find_gold("corpus")
    across = eval_links._across()
    for topic in sorted({g.doc_path.parent.name for g in corpus}):
        docs = [g for g in corpus if g.doc_path.parent.name == topic]
        stems = {g.doc_path.stem for g in docs}
        acr = [lk for lk in across if eval_links._ref(lk["source"], "")[0] in stems]
        out[topic] = (docs, [str(ROOT / "corpus" / topic)], acr)
    return out


def labelled_rows(name: str, gold_docs: list, paths: list[str], across: list[dict], oracle: bool) -> tuple[list, list]:
    """(feature dicts, class indexes) of every candidate pair of one gold set."""
    if oracle:
        documents, claims, _ = eval_links.run_oracle(gold_docs, paths, linker=lambda c, a, d: [])
    else:
        documents, claims, _ = eval_links.run(paths, linker=lambda c, a, d: [])
    actors = eval_links.oracle_actors(gold_docs, paths) if oracle else eval_links.LAST_ACTORS
    by_name = {Path(d.path).name: d.id for d in documents}
    by_doc = defaultdict(list)
    for c in claims:
        by_doc[c.document].append(c)
    mapping, _ = eval_links._map_claims(gold_docs, by_doc, by_name, strict=False)
    gold: dict[tuple[str, str], str] = {}
    ends = [((g.doc_path.stem, lk["source"]), (g.doc_path.stem, lk["target"]), lk["relation"]) for g in gold_docs for lk in g.data.get("links", [])]
    ends += [(eval_links._ref(lk["source"], ""), eval_links._ref(lk["target"], ""), lk["relation"]) for lk in across]
    # restatement clusters: a link to one member holds for all (the scorer's convention)
    cl = eval_links._Clusters()
    for s, t, rel in ends:
        if rel == "restates" and mapping.get(s) and mapping.get(t):
            cl.union(mapping[s], mapping[t])
    for s, t, rel in ends:
        cs, ct = mapping.get(s), mapping.get(t)
        if cs and ct and cs != ct:
            gold[(cl.find(cs), cl.find(ct))] = rel
    matched = set(mapping.values())
    X, y = [], []
    for a, b, feats in pair_rows(claims, actors, documents):
        if a not in matched or b not in matched:
            continue
        ka, kb = cl.find(a), cl.find(b)
        if ka == kb:
            label = "restates"
        elif gold.get((ka, kb)) == "supports":
            label = "supports_ab"
        elif gold.get((kb, ka)) == "supports":
            label = "supports_ba"
        else:
            label = gold.get((ka, kb)) or gold.get((kb, ka)) or "none"
        X.append(feats)
        y.append(learned.CLASSES.index(label))
    print(f"  {name} ({'oracle' if oracle else 'extracted'}): {len(X)} pairs, "
          f"{sum(1 for v in y if v)} labelled links", file=sys.stderr)
    return X, y


def train(rows: list[tuple[list, list]], names: list[str], trained_on: str, threshold: float) -> learned.Model:
    X = [[f.get(n, 0.0) for n in names] for fs, _ in rows for f in fs]
    y = [v for _, ys in rows for v in ys]
    return learned.fit(X, y, names, l2=ARGS.l2, class_weight=[1.0, ARGS.pos, ARGS.pos, ARGS.pos, ARGS.pos],
                       threshold=threshold, trained_on=trained_on)


def main(argv=None) -> int:
    global ARGS
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--write", metavar="MODEL.json", help="also train on every gold set and write the model here")
    ap.add_argument("--l2", type=float, default=3.0)
    ap.add_argument("--pos", type=float, default=2.0, help="weight of link classes against 'none'")
    ap.add_argument("--threshold", type=float, default=0.5)
    ARGS = ap.parse_args(argv)
    sets = gold_sets()
    data = {}
    for name, (docs, paths, across) in sets.items():
        data[name] = [labelled_rows(name, docs, paths, across, oracle) for oracle in (True, False)]
    names = sorted({k for rows in data.values() for fs, _ in rows for f in fs for k in f})
    totals = {"end-to-end": defaultdict(lambda: defaultdict(int)), "oracle": defaultdict(lambda: defaultdict(int))}
    for held in sets:
        model = train([r for n, rows in data.items() if n != held for r in rows], names, f"all but {held}", ARGS.threshold)
        docs, paths, across = sets[held]
        for mode, oracle in (("end-to-end", False), ("oracle", True)):
            res = eval_links.evaluate(held, docs, paths, across, linker=lambda c, a, d, m=model: link_claims_learned(c, a, d, m), oracle=oracle)
            r = res["rows"]["all"]
            group = "seed" if held == "seed" else "corpus"
            for rel, row in res["rows"].items():
                for k in ("gold", "found", "between_matched", "correct"):
                    totals[mode][(group, rel)][k] += row[k]
            print(f"{held:14} {mode:10} recall {r['recall']:.2f} precision {r['precision'] or 0:.2f}  ({r['found']}/{r['gold']}, {r['correct']}/{r['between_matched']})")
    for mode, t in totals.items():
        for (group, rel), v in sorted(t.items()):
            rec = v["found"] / v["gold"] if v["gold"] else 0
            prec = v["correct"] / v["between_matched"] if v["between_matched"] else 0
            print(f"held-out {mode:10} {group:6} {rel:11} recall {rec:.2f} precision {prec:.2f}")
    if ARGS.write:
        model = train([r for rows in data.values() for r in rows], names, "+".join(sorted(sets)), ARGS.threshold)
        Path(ARGS.write).write_text(model.to_json(), encoding="utf-8")
        print(f"wrote {ARGS.write}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
