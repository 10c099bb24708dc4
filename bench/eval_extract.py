"""Score argmap's attribution extraction (and textacy's direct_quotations) against the gold files.

    python bench/eval_extract.py [--which seed|corpus|all] [--textacy] [--verbose]

Prints, per gold set: content precision / recall / F1 (a predicted content matches a gold content
when they share characters; one-to-one, greedy by overlap), character-level precision / recall,
and on matched pairs the accuracy of the source span (overlap, or both empty), of the cue span, of
the actor id (a sub-actor counts for its parent too) and of the speech-act type.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from goldlib import find_gold, match, overlap  # noqa: E402

from argmap.actors import Registry, resolve_document  # noqa: E402
from argmap.ingest import read_document  # noqa: E402
from argmap.pipeline import build_nlp  # noqa: E402


def prf(tp_p: int, n_p: int, tp_g: int, n_g: int) -> tuple[float, float, float]:
    p = tp_p / n_p if n_p else 0.0
    r = tp_g / n_g if n_g else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


class Tally:
    def __init__(self):
        self.n_gold = self.n_pred = self.matched = 0
        self.char_overlap = self.char_gold = self.char_pred = 0
        self.source_ok = self.cue_ok = self.actor_ok = self.kind_ok = 0

    def report(self, label: str) -> dict:
        p, r, f = prf(self.matched, self.n_pred, self.matched, self.n_gold)
        cp = self.char_overlap / self.char_pred if self.char_pred else 0.0
        cr = self.char_overlap / self.char_gold if self.char_gold else 0.0
        m = self.matched or 1
        row = {
            "set": label, "gold": self.n_gold, "pred": self.n_pred, "matched": self.matched,
            "P": p, "R": r, "F1": f, "charP": cp, "charR": cr,
            "source": self.source_ok / m, "cue": self.cue_ok / m, "actor": self.actor_ok / m, "kind": self.kind_ok / m,
        }
        return row


def run_argmap(nlp, gd, verbose: bool, tally: Tally, registry: Registry):
    doc = read_document(gd.doc_path)
    if doc.sha256 != gd.data.get("sha256"):
        print(f"warning: {gd.name}: text changed since the gold was written (sha256 differs)", file=sys.stderr)
    claims, actors = resolve_document(nlp(doc.text), doc, registry)
    parents = {a.id: a.parent for a in actors}
    gold = gd.data["attributions"]
    m = match(gold, claims)
    tally.n_gold += len(gold)
    tally.n_pred += len(claims)
    tally.matched += len(m)
    # character overlap, each character counted once
    gold_chars = {i for g in gold for s, e in g["content"] for i in range(s, e)}
    pred_chars = {i for c in claims for s, e in c.spans.content for i in range(s, e)}
    tally.char_gold += len(gold_chars)
    tally.char_pred += len(pred_chars)
    tally.char_overlap += len(gold_chars & pred_chars)
    for gi, pi in m.items():
        g, c = gold[gi], claims[pi]
        src_ok = (not g["source"] and not c.spans.source) or overlap(g["source"], c.spans.source) > 0
        cue_ok = overlap(g["cue"], c.spans.cue) > 0
        actor_ok = g.get("actor") == c.actor or (c.actor is not None and g.get("actor") == parents.get(c.actor)) or (
            g.get("actor_parent") is not None and g.get("actor_parent") == c.actor)
        kind_ok = g.get("kind") == c.kind.value
        tally.source_ok += src_ok
        tally.cue_ok += cue_ok
        tally.actor_ok += actor_ok
        tally.kind_ok += kind_ok
        if verbose and not (src_ok and actor_ok and kind_ok):
            text = doc.text
            print(f"  ~ {gd.name} {g['id']}: gold actor={g.get('actor')} kind={g.get('kind')} | got actor={c.actor} kind={c.kind.value} "
                  f"src={c.source_text!r} cue={c.cue!r} :: {text[slice(*g['content'][0])][:70]!r}")
    if verbose:
        matched_p = set(m.values())
        for gi, g in enumerate(gold):
            if gi not in m:
                s, e = g["content"][0]
                cs, ce = g["cue"][0] if g["cue"] else (s, s)
                print(f"  - MISS {gd.name} {g['id']} [{g.get('kind')}] cue={doc.text[cs:ce]!r} :: {doc.text[s:e][:100]!r}")
        for pi, c in enumerate(claims):
            if pi not in matched_p:
                print(f"  + EXTRA {gd.name} [{c.rule}] src={c.source_text!r} cue={c.cue!r} :: {c.text[:100]!r}")


def run_textacy(nlp, gd, tally: Tally):
    from textacy.extract.triples import direct_quotations

    doc = read_document(gd.doc_path)
    gold = gd.data["attributions"]
    sdoc = nlp(doc.text)
    preds = []
    try:
        for q in direct_quotations(sdoc):
            content = [(q.content[0].idx, q.content[-1].idx + len(q.content[-1].text))] if q.content else []
            speaker = [(q.speaker[0].idx, q.speaker[-1].idx + len(q.speaker[-1].text))] if q.speaker else []
            cue = [(q.cue[0].idx, q.cue[-1].idx + len(q.cue[-1].text))] if q.cue else []
            if content:
                preds.append({"content": content, "source": speaker, "cue": cue})
    except ValueError as exc:
        print(f"  textacy failed on {gd.name}: {exc}", file=sys.stderr)
    m = match(gold, preds, pred_spans=lambda p: p["content"])
    tally.n_gold += len(gold)
    tally.n_pred += len(preds)
    tally.matched += len(m)
    gold_chars = {i for g in gold for s, e in g["content"] for i in range(s, e)}
    pred_chars = {i for p in preds for s, e in p["content"] for i in range(s, e)}
    tally.char_gold += len(gold_chars)
    tally.char_pred += len(pred_chars)
    tally.char_overlap += len(gold_chars & pred_chars)
    for gi, pi in m.items():
        g, p = gold[gi], preds[pi]
        tally.source_ok += (not g["source"] and not p["source"]) or overlap(g["source"], p["source"]) > 0
        tally.cue_ok += overlap(g["cue"], p["cue"]) > 0


def fmt(row: dict) -> str:
    return (f"{row['set']:22s} gold {row['gold']:4d} pred {row['pred']:4d}  P {row['P']:.2f} R {row['R']:.2f} F1 {row['F1']:.2f}"
            f"  charP {row['charP']:.2f} charR {row['charR']:.2f}  source {row['source']:.2f} cue {row['cue']:.2f}"
            f"  actor {row['actor']:.2f} kind {row['kind']:.2f}")


def evaluate(which: str = "all", textacy: bool = False, verbose: bool = False, model: str | None = None) -> list[dict]:
    nlp = build_nlp(model)
    rows = []
    pooled = Tally()
    sets = ["seed", "corpus"] if which == "all" else [which]
    corpus_registry = Registry.load(None, [Path(__file__).resolve().parents[1] / "corpus"])
    for s in sets:
        golds = find_gold(s)
        if not golds:
            print(f"no gold for {s}", file=sys.stderr)
            continue
        t = Tally()
        for gd in golds:
            run_argmap(nlp, gd, verbose, t, corpus_registry if s == "corpus" else Registry())
        rows.append(t.report(f"argmap/{s}"))
        for key in vars(pooled):
            setattr(pooled, key, getattr(pooled, key) + getattr(t, key))
        if textacy:
            tt = Tally()
            for gd in golds:
                run_textacy(nlp, gd, tt)
            rows.append(tt.report(f"textacy/{s}"))
    if len(sets) > 1:
        rows.append(pooled.report("argmap/seed+corpus"))
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--which", default="all", choices=["seed", "corpus", "all"])
    ap.add_argument("--textacy", action="store_true", help="also score textacy's direct_quotations")
    ap.add_argument("--verbose", "-v", action="store_true", help="list misses, extras and wrong sources")
    ap.add_argument("--model", default=None)
    args = ap.parse_args()
    for row in evaluate(args.which, args.textacy, args.verbose, args.model):
        print(fmt(row))


if __name__ == "__main__":
    main()
