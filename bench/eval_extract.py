"""Score argmap's attribution extraction (and textacy's direct_quotations) against the gold files.

    python bench/eval_extract.py [--which seed|corpus|all|gum-dev|gum-test|fr-dev|fr-test|fr-blind] [--match overlap|jaccard]
                                 [--textacy] [--verbose]

`fr-dev` / `fr-test` are the French team corpus (corpus/algeria-mali-fr/, issue #22; tune on fr-dev only);
`corpus` and `all` never include them.

Prints, per gold set: content precision / recall / F1, character-level precision / recall, and on
matched pairs the accuracy of the source span (overlap, or both empty), of the cue span, of the actor
id (a sub-actor counts for its parent too) and of the speech-act type. Matching is one-to-one and
greedy, by one of two criteria (the row says which):

* `overlap` (default for seed / corpus, so older numbers stay comparable): a predicted content matches
  a gold content when they share characters, best character Jaccard first;
* `jaccard` (default for gum-dev / gum-test): when the Jaccard of their lowercased alphanumeric word
  sets is at least 0.5, best first.

GUM rows (bench/gold/gum/, real Wikinews text, gold from RST attribution relations) also print
recall per category, recall without the credits ("Image: NASA"; credits are left out of GUM gold
and scoring unless `--credits`: they are not statements), and the share of gold whose content
a prediction overlaps but that failed the criterion ("wrong boundaries"); actor and kind are n/a (GUM
has no actor slugs or speech-act types). `gum-test` is for reporting only: `--verbose` refuses it;
read misses on gum-dev. `fr-dev` / `fr-test` (issue #22) are the French documents of
corpus/algeria-mali-fr/ with the French pipeline (`build_nlp(lang="fr")`, `--model` to try another
French model); `fr-test` is for reporting only too, and so is `fr-blind` (two documents written and annotated
blind to the French rules).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from goldlib import FR_SETS, SETS, find_gold, match, match_jaccard, overlap, without_credits  # noqa: E402

from argmap.extract.actors import Registry, resolve_document  # noqa: E402
from argmap.ingest import read_document  # noqa: E402
from argmap.pipeline import build_nlp  # noqa: E402


def prf(tp_p: int, n_p: int, tp_g: int, n_g: int) -> tuple[float, float, float]:
    p = tp_p / n_p if n_p else 0.0
    r = tp_g / n_g if n_g else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


#: speech acts argmap extracts that GUM's RST attributions do not cover ("wants to", "supports")
UNANNOTATED_IN_GUM = frozenset({"intention", "position"})
#: argmap's content frames that are not clauses: an RST attribution governs a clause-sized unit, so
#: "criticized the response", "urged voters to turn out", "called it a disgrace" have no GUM
#: counterpart (measured on gum-dev: 0 of ~60 such predictions match)
NON_CLAUSAL = frozenset({"verb.dobj", "verb.xcomp", "verb.as", "verb.oprd", "verb.prep", "verb.pair"})


def non_clausal(rule: str) -> bool:
    return rule.split("+")[0].split(":")[0] in NON_CLAUSAL


def default_criterion(which: str) -> str:
    return "jaccard" if which.startswith("gum") else "overlap"


def match_by(criterion: str, gold: list[dict], preds: list, text: str, pred_spans=lambda p: p.spans.content) -> dict[int, int]:
    if criterion == "jaccard":
        return match_jaccard(gold, preds, text, pred_spans=pred_spans)
    return match(gold, preds, pred_spans=pred_spans)


#: a prediction credited for a gold content inside it is at most this many times as long (a whole
#: quote of two or three sentences, not a paragraph that happens to hold the gold clause)
CONTAINED_MAX = 3


def contained_matches(gold: list[dict], preds_spans: list[list], pred_cues: list[list], m: dict[int, int]) -> dict[int, int]:
    """Gold -> prediction pairs left unmatched by `m` where the gold content lies (90% of its
    characters or more) inside the prediction's content, at most `CONTAINED_MAX` times longer, and
    their cues overlap: the whole quote of
    which GUM annotates one RST unit ("X," he said. "Y." gives gold X). One-to-one, best first."""
    used = set(m.values())
    pairs = []
    for gi, g in enumerate(gold):
        if gi in m or not g["cue"]:
            continue
        glen = sum(e - s for s, e in g["content"])
        for pi, ps in enumerate(preds_spans):
            if pi in used or overlap(g["cue"], pred_cues[pi]) == 0:
                continue
            inside = overlap(g["content"], ps)
            plen = sum(e - s for s, e in ps)
            if glen and inside >= 0.9 * glen and plen <= CONTAINED_MAX * glen:
                pairs.append((inside / sum(e - s for s, e in ps), gi, pi))
    pairs.sort(key=lambda x: (-x[0], x[1], x[2]))
    out: dict[int, int] = {}
    for _, gi, pi in pairs:
        if gi not in out and pi not in out.values():
            out[gi] = pi
    return out


class Tally:
    def __init__(self, criterion: str = "overlap", gum: bool = False, credits: bool = False):
        self.criterion, self.gum, self.credits = criterion, gum, credits
        self.n_gold = self.n_pred = self.matched = 0
        self.char_overlap = self.char_gold = self.char_pred = 0
        self.source_ok = self.cue_ok = self.actor_ok = self.kind_ok = 0
        self.wrong_bounds = 0                       # gold overlapped by a prediction, but not matched
        self.cat_gold: dict[str, int] = {}
        self.cat_matched: dict[str, int] = {}
        self.credit_gold = self.credit_matched = 0
        self.extra_unannotated = 0                  # unmatched predictions of acts GUM does not annotate
        self.extra_non_clausal = 0                  # ... or with a content that is not a clause
        self.contained = 0                          # unmatched gold wholly inside an unmatched prediction of its cue

    def merge(self, other: Tally) -> None:
        for key, value in vars(other).items():
            if isinstance(value, bool) or not isinstance(value, (int, dict)):
                continue
            if isinstance(value, dict):
                mine = getattr(self, key)
                for k, v in value.items():
                    mine[k] = mine.get(k, 0) + v
            else:
                setattr(self, key, getattr(self, key) + value)

    def count(self, gold: list[dict], preds_spans: list[list], m: dict[int, int], kinds: list[str] | None = None,
              rules: list[str] | None = None, pred_cues: list[list] | None = None) -> None:
        """Matched / wrong-boundary / per-category counts of one document (`kinds`, `rules`: the
        predictions' speech acts and rules, to count the unmatched ones GUM has no counterpart for)."""
        self.n_gold += len(gold)
        self.n_pred += len(preds_spans)
        self.matched += len(m)
        matched_p = set(m.values())
        for pi, kind in enumerate(kinds or []):
            if pi not in matched_p and kind in UNANNOTATED_IN_GUM:
                self.extra_unannotated += 1
        for pi, rule in enumerate(rules or []):
            if pi not in matched_p and (non_clausal(rule) or (kinds and kinds[pi] in UNANNOTATED_IN_GUM)):
                self.extra_non_clausal += 1
        if pred_cues is not None:
            self.contained += len(contained_matches(gold, preds_spans, pred_cues, m))
        for gi, g in enumerate(gold):
            hit = gi in m
            if not hit and any(overlap(g["content"], ps) > 0 for ps in preds_spans):
                self.wrong_bounds += 1
            cat = g.get("category")
            if cat is not None:
                self.cat_gold[cat] = self.cat_gold.get(cat, 0) + 1
                self.cat_matched[cat] = self.cat_matched.get(cat, 0) + hit
            if g.get("credit"):
                self.credit_gold += 1
                self.credit_matched += hit

    def report(self, label: str) -> dict:
        p, r, f = prf(self.matched, self.n_pred, self.matched, self.n_gold)
        cp = self.char_overlap / self.char_pred if self.char_pred else 0.0
        cr = self.char_overlap / self.char_gold if self.char_gold else 0.0
        m = self.matched or 1
        row = {
            "set": label, "match": self.criterion, "gold": self.n_gold, "pred": self.n_pred, "matched": self.matched,
            "P": p, "R": r, "F1": f, "charP": cp, "charR": cr,
            "source": self.source_ok / m, "cue": self.cue_ok / m,
            "actor": None if self.gum else self.actor_ok / m, "kind": None if self.gum else self.kind_ok / m,
            "wrong_bounds": self.wrong_bounds / self.n_gold if self.n_gold else 0.0,
        }
        if self.gum:
            row["category_recall"] = {c: (self.cat_matched.get(c, 0) / n, n) for c, n in sorted(self.cat_gold.items())}
            n = self.n_gold - self.credit_gold
            row["R_no_credits"] = (self.matched - self.credit_matched) / n if n else 0.0
            row["credits"] = (self.credit_matched, self.credit_gold)
            n_p = self.n_pred - self.extra_unannotated
            row["P_annotated_acts"] = self.matched / n_p if n_p else 0.0
            row["extra_unannotated"] = self.extra_unannotated
            n_c = self.n_pred - self.extra_non_clausal
            row["P_clausal"] = self.matched / n_c if n_c else 0.0
            row["extra_non_clausal"] = self.extra_non_clausal
            both = self.matched + self.contained
            row["contained"] = self.contained
            row["P_contained"], row["R_contained"], row["F1_contained"] = prf(both, self.n_pred, both, self.n_gold)
        return row


def extract(nlp, doc, registry: Registry, prefilter: bool | None):
    """Claims and actors of one document: the whole text parsed at once (prefilter None), or the way
    `argmap extract` does it (`parallel.Extractor`: pieces, with or without the pre-filter)."""
    if prefilter is None:
        return resolve_document(nlp(doc.text), doc, registry)
    from argmap.parallel import Extractor, Settings

    got = next(Extractor(Settings(prefilter=prefilter, registry=registry), nlp=nlp).run([doc]))
    return got.claims, got.actors


def run_argmap(nlp, gd, verbose: bool, tally: Tally, registry: Registry, prefilter: bool | None = None):
    doc = read_document(gd.doc_path)
    if doc.sha256 != gd.data.get("sha256"):
        print(f"warning: {gd.name}: text changed since the gold was written (sha256 differs)", file=sys.stderr)
    claims, actors = extract(nlp, doc, registry, prefilter)
    parents = {a.id: a.parent for a in actors}
    gold = gd.data["attributions"]
    if tally.gum and not tally.credits:
        gold, claims = without_credits(gold, claims)
    m = match_by(tally.criterion, gold, claims, doc.text)
    tally.count(gold, [c.spans.content for c in claims], m, [c.kind.value for c in claims], [c.rule for c in claims],
                [c.spans.cue for c in claims])
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
        if verbose and not (src_ok and (tally.gum or (actor_ok and kind_ok))):
            text = doc.text
            print(f"  ~ {gd.name} {g['id']}: gold actor={g.get('actor')} kind={g.get('kind')} | got actor={c.actor} kind={c.kind.value} "
                  f"src={c.source_text!r} cue={c.cue!r} :: {text[slice(*g['content'][0])][:70]!r}")
    if verbose:
        matched_p = set(m.values())
        for gi, g in enumerate(gold):
            if gi not in m:
                s, e = g["content"][0]
                cs, ce = g["cue"][0] if g["cue"] else (s, s)
                print(f"  - MISS {gd.name} {g['id']} [{g.get('kind') or g.get('category')}] cue={doc.text[cs:ce]!r} :: {doc.text[s:e][:100]!r}")
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
    if tally.gum and not tally.credits:
        gold, preds = without_credits(gold, preds, pred_spans=lambda p: p["content"])
    m = match_by(tally.criterion, gold, preds, doc.text, pred_spans=lambda p: p["content"])
    tally.count(gold, [p["content"] for p in preds], m)
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
    na = lambda v: "n/a " if v is None else f"{v:.2f}"  # noqa: E731
    line = (f"{row['set']:22s} [{row['match']:7s}] gold {row['gold']:4d} pred {row['pred']:4d}  P {row['P']:.2f} R {row['R']:.2f} F1 {row['F1']:.2f}"
            f"  charP {row['charP']:.2f} charR {row['charR']:.2f}  source {row['source']:.2f} cue {row['cue']:.2f}"
            f"  actor {na(row['actor'])} kind {na(row['kind'])}")
    if "category_recall" in row:
        cats = "  ".join(f"{c} {r:.2f} ({n})" for c, (r, n) in row["category_recall"].items())
        line += (f"\n{'':22s}   recall by category: {cats}"
                 f"\n{'':22s}   recall without credits {row['R_no_credits']:.2f} (credits matched {row['credits'][0]}/{row['credits'][1]})"
                 f"  wrong boundaries {row['wrong_bounds']:.2f}"
                 f"\n{'':22s}   precision without the {row['extra_unannotated']} unmatched intentions / positions "
                 f"(GUM's RST does not annotate them): {row['P_annotated_acts']:.2f}"
                 f"\n{'':22s}   precision without the {row['extra_non_clausal']} unmatched of those or with a non-clausal "
                 f"content (objects, to-clauses, as-phrases; RST attributions govern clauses): {row['P_clausal']:.2f}"
                 f"\n{'':22s}   with the {row['contained']} gold contents that lie wholly inside an unmatched prediction "
                 f"of the same cue also matched (GUM gives one RST unit of a quote, argmap the whole quote):"
                 f" P {row['P_contained']:.2f} R {row['R_contained']:.2f} F1 {row['F1_contained']:.2f}")
    return line


def evaluate(which: str = "all", textacy: bool = False, verbose: bool = False, model: str | None = None,
             criterion: str | None = None, credits: bool = False, rules: str | None = None,
             prefilter: bool | None = None, genre: str | None = None) -> list[dict]:
    if verbose and which in ("gum-test", "fr-test", "fr-blind"):
        raise ValueError(f"--verbose is refused on {which}: the test split is for reporting only; read misses on the dev split")
    nlp = build_nlp(model, lang="fr" if which.startswith("fr-") else None)
    if rules:
        comp = nlp.get_pipe("argmap_attributions")
        names = list(comp.rules)
        for item in rules.split(","):
            item = item.strip()
            if item.startswith("-"):
                names = [n for n in names if n != item[1:]]
            elif item and item not in names:
                names.append(item)
        comp.rules = tuple(names)
        print(f"rules: {', '.join(names)}", file=sys.stderr)
    rows = []
    sets = ["seed", "corpus"] if which == "all" else [which]
    pooled = Tally(criterion or default_criterion(sets[0]))
    corpus_registry = Registry.load(None, [Path(__file__).resolve().parents[1] / "corpus"])
    for s in sets:
        golds = find_gold(s)
        if genre:
            golds = [g for g in golds if g.name.startswith(f"GUM_{genre}_")]
        if not golds:
            print(f"no gold for {s}", file=sys.stderr)
            continue
        crit, gum = criterion or default_criterion(s), s.startswith("gum")
        t = Tally(crit, gum, credits)
        for gd in golds:
            run_argmap(nlp, gd, verbose, t, corpus_registry if s in ("corpus", *FR_SETS) else Registry(), prefilter)
        rows.append(t.report(f"argmap/{s}" + (f"/{genre}" if genre else "")))
        pooled.merge(t)
        if textacy:
            tt = Tally(crit, gum, credits)
            for gd in golds:
                run_textacy(nlp, gd, tt)
            rows.append(tt.report(f"textacy/{s}"))
    if len(sets) > 1:
        rows.append(pooled.report("argmap/seed+corpus"))
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--which", default="all", choices=[*SETS, "all"])
    ap.add_argument("--match", dest="criterion", default=None, choices=["overlap", "jaccard"],
                    help="matching criterion (default: jaccard for gum-dev / gum-test, overlap for seed / corpus)")
    ap.add_argument("--textacy", action="store_true", help="also score textacy's direct_quotations")
    ap.add_argument("--verbose", "-v", action="store_true", help="list misses, extras and wrong sources (not on gum-test)")
    ap.add_argument("--credits", action="store_true",
                    help="GUM: keep the credits ('Image: NASA', 'Sources' lists) in the gold (default: left out, with "
                         "the predictions that overlap them)")
    ap.add_argument("--rules", default=None,
                    help="change the component's rule list: comma-separated names to add, '-name' to drop "
                         "(e.g. '-merge_same_speaker'), to measure what a rule is worth")
    ap.add_argument("--engine", choices=["whole", "prefilter", "pieces"], default="whole",
                    help="whole: parse each text at once (default); prefilter / pieces: the way `argmap extract` "
                         "does it, with / without the pre-filter (to measure what the pre-filter costs in recall)")
    ap.add_argument("--genre", choices=["news", "interview"], default=None,
                    help="GUM: only the news articles or only the interviews")
    ap.add_argument("--model", default=None)
    args = ap.parse_args()
    if args.verbose and args.which in ("gum-test", "fr-test", "fr-blind"):
        print(f"error: --verbose is refused on {args.which}: the test split is for reporting only; "
              "read misses on the dev split (--which gum-dev / fr-dev --verbose)", file=sys.stderr)
        sys.exit(2)
    for row in evaluate(args.which, args.textacy, args.verbose, args.model, args.criterion, args.credits, args.rules,
                        {"whole": None, "prefilter": True, "pieces": False}[args.engine], args.genre):
        print(fmt(row))


if __name__ == "__main__":
    main()
