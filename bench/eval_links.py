"""Score argmap's proposed links (supports / contradicts / restates) against the gold links.

    python bench/eval_links.py [--which seed|corpus|all|gum-dev|gum-test] [--oracle] [--verbose] [--json]
                               [--linker FILE.py]

For each gold set (the seed article; the team's corpus/), runs extraction, actors and linking with
`argmap.jobs.extract` and `argmap.jobs.link` on a temporary SQLite store, then maps every gold
attribution to the proposed claim of the same document whose content spans overlap it most (at
least one character; ties: the claim closest in length, then the smaller id) — with `--strict`; see below for the default.

* matching is one-to-one by content Jaccard (goldlib.match, as in eval_extract.py);
* restatement is an equivalence: the gold's `restates` links are closed transitively, and a gold
  link to one member of a restatement cluster holds for every member;
* recall (per relation): a gold link is found when the proposed links imply it: a proposed link
  with the same relation joins the two matched claims, or joins members of their restatement
  clusters as formed by the proposed `restates` links that are themselves correct;
* precision (per relation): among proposed links whose two claims both match some gold
  attribution, the share implied by the gold with the right relation;
* direction: `contradicts` / `restates` are symmetric; `supports` is scored by relation (the issue's
  definition), and the share of correct `supports` links in the gold's direction is printed apart;
* `--strict`: the older rules (largest-overlap many-to-one matching, exact pairs, directed supports);
* raw precision: the same share over all proposed links;
* docP: precision over the proposed links between matched claims of one document (useful while
  the gold links across documents are missing).

GUM (`--which gum-dev|gum-test`; bench/gold/gum/, real Wikinews text, links annotated by hand as
bench/gold/gum/LINKS.md says): the claims are matched to the gold attributions as
`bench/eval_extract.py` matches GUM (`goldlib.match_statements`: credits left out, with the claims
that overlap them; one-to-one by the Jaccard of alphanumeric word sets, >= 0.5); every document of
the split is extracted and linked in one store, as `argmap` would (a link across two GUM documents,
which are unrelated, is wrong). `ends` counts the gold links whose two ends were matched, `R|ends`
the recall among those. With `--oracle` the claims are the gold attributions (credits left out),
with GUM's coreference chains as their actors (bench/gold/gum_coref.py, when the GUM sources are
there). `gum-test` is for reporting only: `--verbose` refuses it (exit 2); read misses on gum-dev.

Gold links across documents (`links-across.json`) name their ends as "<document>#<attribution id>"
(or {"document": ..., "id": ...}). `--linker FILE.py` swaps in another `link_claims` (e.g. an old
version) to compare. `--oracle` links the gold attributions themselves (claims built from the gold
spans, actors, kinds and targets) to measure the linker alone, without extraction errors.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from goldlib import FR_EN_LINKS, FR_SETS, GOLD, find_gold, match, match_statements, overlap  # noqa: E402

from argmap.linking.score import GUESS_PREFIX  # noqa: E402

from argmap import jobs  # noqa: E402
from argmap.store import open_store  # noqa: E402

RELATIONS = ("supports", "contradicts", "restates")


def best_claim(gold_attr: dict, claims: list) -> str | None:
    """Id of the claim whose content overlaps the gold content most (>= 1 char), or None."""
    glen = sum(e - s for s, e in gold_attr["content"])
    best, key = None, None
    for c in claims:
        ov = overlap(gold_attr["content"], c.spans.content)
        if ov <= 0:
            continue
        clen = sum(e - s for s, e in c.spans.content)
        k = (-ov, abs(clen - glen), c.id)
        if key is None or k < key:
            best, key = c.id, k
    return best


def _ref(end, default_doc: str) -> tuple[str, str]:
    """A gold link end -> (document file stem, attribution id)."""
    if isinstance(end, dict):
        return Path(end.get("document", default_doc)).stem, str(end["id"])
    end = str(end)
    for sep in ("#", "::", ":"):
        if sep in end:
            doc, aid = end.rsplit(sep, 1)
            return Path(doc).stem, aid
    return Path(default_doc).stem, end


def load_linker(path: str | None):
    if not path:
        return None
    spec = importlib.util.spec_from_file_location("alt_linker", path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules["alt_linker"] = mod
    spec.loader.exec_module(mod)
    return mod.link_claims


def run(paths: list[str], linker=None) -> tuple[list, list, list]:
    """(documents, claims, links) after extract + link on a temporary store."""
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(str(Path(tmp) / "eval.db"))
        jobs.extract(store, paths)
        if linker is None:
            jobs.link(store)
        amap = store.load_map()
        store.close()
    # another linker links the extracted claims itself (jobs.link streams through linking.iter_links,
    # which a replaced function would not reach)
    links = amap.links if linker is None else linker(amap.claims, amap.actors, amap.documents)
    global LAST_ACTORS
    LAST_ACTORS = amap.actors
    return amap.documents, amap.claims, links


LAST_ACTORS: list = []  # the actors of the last `run` (for bench/train_links.py)


def oracle_actors(gold_docs: list, paths: list[str], names: dict[str, str] | None = None) -> list:
    """The actors `run_oracle` links with: the registry plus every actor the gold names (`names`:
    display names of actor ids, e.g. GUM's coreference chains)."""
    from argmap.extract.actors import Registry
    from argmap.model import Actor

    registry = Registry.load(None, [Path(p) for p in paths])
    actors = dict(registry.entries)
    for gd in gold_docs:
        for a in gd.data.get("attributions", []):
            for aid, parent in ((a.get("actor"), a.get("actor_parent")), (a.get("target"), None)):
                if aid and aid not in actors:
                    actors[aid] = Actor(id=aid, name=(names or {}).get(aid, aid), parent=parent,
                                        side=registry.sides.get(aid))
    return sorted(actors.values(), key=lambda x: x.id)


_SENT_END = re.compile(r"(?<=[.!?])[”\"’']?\s+(?=[“\"‘A-Z])|\n+")


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """Crude sentence bounds around [start, end) (the oracle has no parser)."""
    s0 = 0
    for m in _SENT_END.finditer(text, 0, start):
        s0 = m.end()
    m = _SENT_END.search(text, end)
    return s0, (m.start() if m else len(text))


def gum_actors(gold_docs: list) -> tuple[list, dict[str, str]]:
    """GUM gold docs with each attribution's `actor` set to its source's coreference chain (GUM's
    Wikipedia identity when the chain has one, else a document-local id), and the actors' names; the
    docs unchanged (actors None) when the GUM sources are not there."""
    import copy

    sys.path.insert(0, str(GOLD))
    import gum_coref

    if not (gum_coref.DEFAULT_SRC / "coref").is_dir():
        print(f"note: no GUM coreference at {gum_coref.DEFAULT_SRC}: the oracle's claims have no actor", file=sys.stderr)
        return gold_docs, {}
    out, names = [], {}
    for gd in gold_docs:
        cd = gum_coref.load(gd.doc_path.stem, gum_coref.DEFAULT_SRC)
        data = copy.deepcopy(gd.data)
        for a in data["attributions"]:
            mention, _ = cd.mention_for(a["source"])
            if mention is None:
                continue
            ident = cd.chain_identity(mention.chain)
            aid = re.sub(r"[^a-z0-9]+", "-", (ident or f"{gd.doc_path.stem}-e{mention.chain}").lower()).strip("-")
            a["actor"] = aid
            names.setdefault(aid, cd.chain_name(mention.chain))
        out.append(type(gd)(gd.gold_path, gd.doc_path, data))
    return out, names


def run_oracle(gold_docs: list, paths: list[str], linker=None, names: dict[str, str] | None = None) -> tuple[list, list, list]:
    """(documents, claims, links) with claims made from the gold attributions (credits left out),
    linked directly."""
    from argmap.ingest import read_document
    from argmap.link import link_claims
    from argmap.model import Claim, ClaimSpans, SpeechAct

    documents, claims = [], []
    for gd in gold_docs:
        doc = read_document(gd.doc_path, display_path=str(gd.doc_path.name))
        documents.append(doc)
        for a in gd.data.get("attributions", []):
            if a.get("credit"):
                continue
            spans = ClaimSpans(content=[tuple(x) for x in a["content"]], cue=[tuple(x) for x in a.get("cue") or []],
                               source=[tuple(x) for x in a.get("source") or []])
            s0, e0 = spans.content[0][0], spans.content[-1][1]
            claims.append(Claim(
                id=Claim.make_id(doc.id, spans), document=doc.id, actor=a.get("actor"),
                source_text=" ".join(doc.text[s:e] for s, e in spans.source) or None,
                cue=" ".join(doc.text[s:e] for s, e in spans.cue), kind=SpeechAct(a.get("kind") or "assertion"),
                text=" … ".join(doc.text[s:e] for s, e in spans.content), spans=spans,
                sentence=_sentence(doc.text, s0, e0), target=a.get("target"),
            ))
    fn = linker or link_claims
    links = fn(claims, oracle_actors(gold_docs, paths, names), documents)
    return documents, claims, links


class _Clusters:
    """Union-find over claim ids: the restatement clusters (a claim alone is its own cluster)."""

    def __init__(self):
        self.up: dict[str, str] = {}

    def find(self, x: str) -> str:
        while self.up.get(x, x) != x:
            self.up[x] = self.up.get(self.up[x], self.up[x])
            x = self.up[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.up[max(ra, rb)] = min(ra, rb)


def _map_claims(gold_docs: list, claims_by_doc: dict, by_name: dict, strict: bool,
                gum: bool = False, texts: dict | None = None, oracle: bool = False) -> tuple[dict, int]:
    """(doc name, attribution id) -> claim id: one-to-one by content Jaccard (goldlib.match, as
    eval_extract.py does), or with `strict` the old many-to-one 'largest overlap' rule; `gum`: as
    eval_extract.py matches GUM (goldlib.match_statements; `texts`: document id -> text; with `oracle`
    the claims are the non-credit gold itself, so none is dropped for overlapping a credit)."""
    mapping: dict[tuple[str, str], str] = {}
    n_attr = 0
    for gd in gold_docs:
        name = gd.doc_path.stem
        doc_id = by_name.get(gd.doc_path.name)
        attrs = gd.data.get("attributions", [])
        cands = claims_by_doc.get(doc_id, []) if doc_id else []
        if gum:
            if oracle:
                attrs = [a for a in attrs if not a.get("credit")]
            attrs, cands, m = match_statements(attrs, cands, (texts or {}).get(doc_id, ""), credits=oracle)
            n_attr += len(attrs)
            for gi, pi in m.items():
                mapping[(name, attrs[gi]["id"])] = cands[pi].id
            continue
        n_attr += len(attrs)
        if strict:
            for a in attrs:
                cid = best_claim(a, cands)
                if cid:
                    mapping[(name, a["id"])] = cid
        else:
            for gi, pi in match(attrs, cands).items():
                mapping[(name, attrs[gi]["id"])] = cands[pi].id
    return mapping, n_attr


def evaluate(label: str, gold_docs: list, paths: list[str], across: list[dict], linker=None, verbose: bool = False,
             oracle: bool = False, strict: bool = False, gum: bool = False) -> dict:
    if verbose and label.startswith("gum-test"):
        raise ValueError("--verbose is refused on gum-test: the test split is for reporting only")
    names = None
    if oracle and gum:
        gold_docs, names = gum_actors(gold_docs)
    documents, claims, links = run_oracle(gold_docs, paths, linker, names) if oracle else run(paths, linker)
    by_name = {Path(d.path).name: d.id for d in documents}
    claims_by_doc = defaultdict(list)
    for c in claims:
        claims_by_doc[c.document].append(c)
    text_of = {c.id: c for c in claims}
    mapping, n_attr = _map_claims(gold_docs, claims_by_doc, by_name, strict, gum, {d.id: d.text for d in documents}, oracle)
    gold_links: list[tuple[tuple[str, str], tuple[str, str], str, str]] = []
    for gd in gold_docs:
        name = gd.doc_path.stem
        for lk in gd.data.get("links", []):
            gold_links.append(((name, lk["source"]), (name, lk["target"]), lk["relation"], lk.get("note", "")))
    for lk in across:
        s, t = _ref(lk["source"], ""), _ref(lk["target"], "")
        gold_links.append((s, t, lk["relation"], lk.get("note", "")))
    matched_claims = set(mapping.values())

    # Conventions (see the module docstring): restatement is an equivalence, so the gold's
    # restatement links are closed transitively and a link to one member of a restatement cluster
    # holds for every member; `supports` is scored by relation, its direction reported apart.
    gold_cl = _Clusters()
    if not strict:
        for s, t, rel, _ in gold_links:
            cs, ct = mapping.get(s), mapping.get(t)
            if rel == "restates" and cs and ct:
                gold_cl.union(cs, ct)

    def key(src: str, dst: str, rel: str, cl: _Clusters) -> tuple:
        if strict:
            return (rel, src, dst) if rel == "supports" else (rel, *sorted((src, dst)))
        a, b = cl.find(src), cl.find(dst)
        return (rel, *sorted((a, b)))

    gold_keys: dict[tuple, str] = {}
    gold_dir: set[tuple[str, str]] = set()  # (source cluster, target cluster) of gold supports
    for s, t, rel, note in gold_links:
        cs, ct = mapping.get(s), mapping.get(t)
        if cs and ct and cs != ct:
            gold_keys[key(cs, ct, rel, gold_cl)] = note
            if rel == "supports":
                gold_dir.add((gold_cl.find(cs), gold_cl.find(ct)))
    # a proposed link is correct when the gold (closed over its restatements) implies it
    correct_ids = set()
    for lk in links:
        if lk.source in matched_claims and lk.target in matched_claims:
            if key(lk.source, lk.target, lk.relation.value, gold_cl) in gold_keys:
                correct_ids.add(lk.id)
    # a gold link is found when the proposed map implies it: the same pair, or through the
    # proposed restatement links that are themselves correct
    prop_cl = _Clusters()
    if not strict:
        for lk in links:
            if lk.relation.value == "restates" and lk.id in correct_ids:
                prop_cl.union(lk.source, lk.target)
    proposed = {key(lk.source, lk.target, lk.relation.value, prop_cl): lk for lk in links}
    found = defaultdict(int)
    total = defaultdict(int)
    ends = defaultdict(int)  # gold links whose two ends were matched to claims
    missed = []
    for s, t, rel, note in gold_links:
        total[rel] += 1
        cs, ct = mapping.get(s), mapping.get(t)
        if cs and ct and cs != ct:
            ends[rel] += 1
            k = key(cs, ct, rel, prop_cl)
            if k in proposed and (rel != "restates" or strict or prop_cl.find(cs) == prop_cl.find(ct)):
                found[rel] += 1
                continue
        missed.append((s, t, rel, note, cs, ct))
    correct = defaultdict(int)
    among_matched = defaultdict(int)
    raw = defaultdict(int)
    in_doc = defaultdict(int)  # proposed links between matched claims of one document
    in_doc_correct = defaultdict(int)
    forward = 0  # correct supports links in the gold's direction
    wrong = []
    for lk in sorted(links, key=lambda lk: lk.id):
        rel = lk.relation.value
        raw[rel] += 1
        if lk.source in matched_claims and lk.target in matched_claims:
            among_matched[rel] += 1
            same = text_of[lk.source].document == text_of[lk.target].document
            in_doc[rel] += same
            if lk.id in correct_ids:
                correct[rel] += 1
                in_doc_correct[rel] += same
                if rel == "supports" and (strict or (gold_cl.find(lk.source), gold_cl.find(lk.target)) in gold_dir):
                    forward += 1
            else:
                wrong.append(lk)
    rows = {}
    for rel in (*RELATIONS, "all"):
        rels = RELATIONS if rel == "all" else (rel,)
        g = sum(total[r] for r in rels)
        f = sum(found[r] for r in rels)
        n_ends = sum(ends[r] for r in rels)
        c = sum(correct[r] for r in rels)
        m = sum(among_matched[r] for r in rels)
        p = sum(raw[r] for r in rels)
        d = sum(in_doc[r] for r in rels)
        dc = sum(in_doc_correct[r] for r in rels)
        rows[rel] = {
            "gold": g, "found": f, "recall": f / g if g else None,
            "both_ends": n_ends, "recall_both_ends": f / n_ends if n_ends else None,
            "proposed": p, "between_matched": m, "correct": c,
            "precision": c / m if m else None, "raw_precision": c / p if p else None,
            "in_doc_precision": dc / d if d else None,
        }
    if verbose:
        def show(cid):
            c = text_of.get(cid)
            return f"{c.actor}: {c.text[:60]!r}" if c else "(unmatched)"

        print(f"\n## {label}: missed gold links")
        for s, t, rel, note, cs, ct in missed:
            sd, td = (x[0].removeprefix("GUM_")[:24] if x[0].startswith("GUM_") else x[0][:6] for x in (s, t))
            print(f"  {rel:11} {sd}#{s[1]}->{td}#{t[1]}  [{note}]\n      {show(cs)}\n   -> {show(ct)}")
            for lk in links:
                if {lk.source, lk.target} == {cs, ct}:
                    print(f"      proposed instead: {lk.relation.value} {lk.method} {lk.confidence:.2f}")
                elif lk.source == cs and lk.relation.value == rel == "supports":
                    print(f"      source supports instead: {show(lk.target)} ({lk.method} {lk.confidence:.2f})")
        print(f"\n## {label}: proposed links between matched claims that are not gold")
        for lk in wrong:
            print(f"  {lk.relation.value:11} {lk.method:20} {lk.confidence:.2f}\n      {show(lk.source)}\n   -> {show(lk.target)}\n      {lk.reason}")
    n_sup = correct["supports"]
    # every proposed link between matched claims, judged: what a reliability table is made of
    judged = [{"relation": lk.relation.value, "method": lk.method, "confidence": lk.confidence,
               "correct": lk.id in correct_ids, "best_guess": lk.reason.startswith(GUESS_PREFIX)}
              for lk in sorted(links, key=lambda lk: lk.id)
              if lk.source in matched_claims and lk.target in matched_claims]
    return {"set": label, "attributions": n_attr, "mapped": len(mapping), "claims": len(claims), "rows": rows,
            "supports_direction": forward / n_sup if n_sup else None, "judged": judged}


def method_key(j: dict) -> str:
    """The calibration group of a judged link: relation/method, best guesses apart."""
    return f"{j['relation']}/{j['method']}" + ("/guess" if j["best_guess"] else "")


def platt(judged: list[dict], *, prior: float = 2.0, min_links: int = 5) -> dict[str, dict[str, float]]:
    """Per calibration group (`method_key`), the Platt map p = 1 / (1 + exp(-(a + b * logit(c))))
    of the linker's confidence c, fitted by penalised logistic regression (Newton steps; the
    penalty `prior` pulls (a, b) towards (0, 1), the identity, so a group with few links moves
    little). A group with fewer than `min_links` links takes its relation's map."""
    import numpy as np

    def fit(rows: list[dict]) -> dict[str, float]:
        c = np.clip(np.array([r["confidence"] for r in rows], dtype=float), 0.0025, 0.9975)  # logit within +-6
        x = np.log(c / (1 - c))
        y = np.array([1.0 if r["correct"] else 0.0 for r in rows])
        X = np.stack([np.ones_like(x), x], axis=1)
        w0 = np.array([0.0, 1.0])
        w = w0.copy()
        for _ in range(200):
            p = 1 / (1 + np.exp(-(X @ w)))
            g = X.T @ (p - y) + prior * (w - w0)
            H = (X.T * (p * (1 - p))) @ X + prior * np.eye(2)
            step = np.linalg.solve(H, g)
            step *= min(1.0, 1.0 / max(1e-12, float(np.abs(step).max())))  # damped: at most 1 per step
            w -= step
            if np.abs(step).max() < 1e-8:
                break
        if w[1] < 0:  # a higher score never means a lower probability: the group's base rate, flat
            p = (y.sum() + prior * 0.5) / (len(y) + prior)
            w = np.array([float(np.log(p / (1 - p))), 0.0])
        return {"a": round(float(w[0]), 3), "b": round(float(w[1]), 3), "links": len(rows)}

    groups: dict[str, list[dict]] = defaultdict(list)
    by_rel: dict[str, list[dict]] = defaultdict(list)
    for j in judged:
        groups[method_key(j)].append(j)
        by_rel[j["relation"]].append(j)
    out = {f"{rel}/*": fit(rows) for rel, rows in sorted(by_rel.items())}
    for key, rows in sorted(groups.items()):
        if len(rows) >= min_links:
            out[key] = fit(rows)
    return out


def held_out(results: list[dict]) -> str:
    """Leave one set out: fit the maps on the other sets' judged links (raw confidences), apply
    them to the held-out set, and print its reliability above the floor: does the calibration hold
    on text it was not fitted on?"""
    from dataclasses import replace

    from argmap.linking.lexicon import Calibration, lexicon
    from argmap.linking.score import probability

    out = []
    for held in results:
        train = [j for r in results if r is not held for j in r["judged"]]
        lex = replace(lexicon(), calibration=Calibration.model_validate({"maps": platt(train)}))
        mapped = [dict(j, confidence=probability(lex, j["relation"], j["method"], j["best_guess"], j["confidence"]))
                  for j in held["judged"]]
        kept = [j for j in mapped if j["confidence"] >= CALIBRATION_FLOOR]
        right = sum(j["correct"] for j in kept)
        out.append(f"\nheld out {held['set']}: {len(kept)} of {len(mapped)} links kept, precision {right / max(1, len(kept)):.2f}")
        out.append(reliability(kept).split("\n  relation")[0])
    return "\n".join(out)


#: The precision-first floor written with a fitted calibration: a link is proposed when it is more
#: likely right than wrong.
CALIBRATION_FLOOR = 0.5

#: Confidence bins of the reliability table.
BINS = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0001)


def reliability(judged: list[dict]) -> str:
    """The reliability table of judged links: per confidence bin and per method, how many links
    and the share of them that are right (observed precision), against their mean confidence."""
    out = ["  confidence bin   links  mean conf  observed precision"]
    for lo, hi in zip(BINS, BINS[1:]):
        sel = [j for j in judged if lo <= j["confidence"] < hi]
        if sel:
            mean = sum(j["confidence"] for j in sel) / len(sel)
            prec = sum(j["correct"] for j in sel) / len(sel)
            out.append(f"  [{lo:.1f}, {min(hi, 1.0):.1f}{']' if hi > 1 else ')'}    {len(sel):5}     {mean:.2f}       {prec:.2f}")
    out.append("  relation     method                     links  mean conf  observed precision")
    groups: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for j in judged:
        groups[(j["relation"], j["method"] + (" (best guess)" if j["best_guess"] else ""))].append(j)
    for (rel, method), sel in sorted(groups.items()):
        mean = sum(j["confidence"] for j in sel) / len(sel)
        prec = sum(j["correct"] for j in sel) / len(sel)
        out.append(f"  {rel:12} {method:26} {len(sel):5}     {mean:.2f}       {prec:.2f}")
    return "\n".join(out)


def training_rows(gold_docs: list, paths: list[str], across: list[dict]) -> tuple[list, dict]:
    """(rows, gate recall) for `--fit`: one row per gated option of a candidate pair of gold claims.

    A row is (relation, signals, label); the label says whether the gold has that relation between
    the two claims (in the option's direction for `supports`). Gate recall: the share of gold links
    that some gated option could propose at all (the ceiling of recall before any weight).
    """
    from argmap.linking import prepare
    from argmap.linking.score import options

    documents, claims, _ = run_oracle(gold_docs, paths, linker=lambda c, a, d: [])
    actors = oracle_actors(gold_docs, paths)
    by_doc = defaultdict(list)
    for c in claims:
        by_doc[c.document].append(c)
    doc_of = {Path(d.path).name: d.id for d in documents}
    ids = {}
    for gd in gold_docs:
        for a in gd.data.get("attributions", []):
            cid = best_claim(a, by_doc[doc_of[gd.doc_path.name]])
            if cid:
                ids[(gd.doc_path.stem, a["id"])] = cid
    gold = {}
    ends = [((gd.doc_path.stem, lk["source"]), (gd.doc_path.stem, lk["target"]), lk["relation"])
            for gd in gold_docs for lk in gd.data.get("links", [])]
    ends += [(_ref(lk["source"], ""), _ref(lk["target"], ""), lk["relation"]) for lk in across]
    for s_, t_, rel in ends:
        if ids.get(s_) and ids.get(t_):
            gold[(rel, ids[s_], ids[t_]) if rel == "supports" else (rel, *sorted((ids[s_], ids[t_])))] = True
    profiles, pairs, ctx = prepare(claims, actors, documents)
    rows, reachable = [], set()
    for i, j in pairs:
        for opt in options(profiles[i], profiles[j], ctx):
            rel, src, dst = opt.relation.value, opt.source.claim.id, opt.target.claim.id
            key = (rel, src, dst) if rel == "supports" else (rel, *sorted((src, dst)))
            label = key in gold
            if label:
                reachable.add(key)
            rows.append((rel, opt.signals, label))
    by_rel = defaultdict(lambda: [0, 0])
    for key in gold:
        by_rel[key[0]][0] += 1
        by_rel[key[0]][1] += key in reachable
    return rows, {rel: (r / g if g else None) for rel, (g, r) in by_rel.items()}


def fit(rows: list) -> str:
    """Logistic regression per relation on the gated options; returns the weights as YAML text."""
    from sklearn.linear_model import LogisticRegression

    out = []
    for rel in RELATIONS:
        data = [(sig, label) for r, sig, label in rows if r == rel]
        if not data or len({label for _, label in data}) < 2:
            continue
        names = sorted({k for sig, _ in data for k in sig})
        X = [[sig.get(k, 0.0) for k in names] for sig, _ in data]
        y = [int(label) for _, label in data]
        model = LogisticRegression(C=1.0, max_iter=2000).fit(X, y)
        out.append(f"{rel}:  # {sum(y)} positive of {len(y)} gated options")
        out.append(f"  bias: {model.intercept_[0]:.2f}")
        out.append("  weights:")
        for k, w in zip(names, model.coef_[0]):
            out.append(f"    {k}: {w:.2f}")
    return "\n".join(out)


def _fmt(x) -> str:
    return "  -  " if x is None else f"{x:.2f}"


def print_table(res: dict) -> None:
    print(f"\n{res['set']}: {res['claims']} claims, {res['mapped']}/{res['attributions']} gold attributions mapped")
    print(f"  {'relation':12} {'gold':>5} {'found':>5} {'recall':>6} {'ends':>5} {'R|ends':>6} {'prop':>5} {'matched':>7} "
          f"{'correct':>7} {'prec':>5} {'rawP':>5} {'docP':>5}")
    for rel, r in res["rows"].items():
        print(f"  {rel:12} {r['gold']:5d} {r['found']:5d} {_fmt(r['recall']):>6} {r['both_ends']:5d} {_fmt(r['recall_both_ends']):>6} "
              f"{r['proposed']:5d} {r['between_matched']:7d} "
              f"{r['correct']:7d} {_fmt(r['precision']):>5} {_fmt(r['raw_precision']):>5} {_fmt(r['in_doc_precision']):>5}")
    if res.get("supports_direction") is not None:
        print(f"  supports links found in the gold's direction: {res['supports_direction']:.2f}")


def translation_row(gold_docs: list, pair: dict, across: list[dict]) -> str:
    """The cross-language restatements of the French / English pair scored among competitors: the
    French dev documents and the whole English folder of the pair's English document go in one store
    (the other English articles report the same events: a French claim could wrongly take one of
    theirs), and every translation link with an end in the pair counts -- right only when gold pairs
    its two ends (claims matched to gold attributions by content overlap)."""
    by_name = {g.name: g for g in gold_docs}
    fr_doc, en_doc = by_name.get(pair["pair"]["fr"]), by_name.get(pair["pair"]["en"])
    if fr_doc is None or en_doc is None:
        return "translation: no pair"
    paths = [str(g.doc_path) for g in gold_docs if g.name != en_doc.name] + [str(en_doc.doc_path.parent)]
    documents, claims, links = run(paths)
    name_of = {d.id: Path(d.path).name for d in documents}
    gold_of: dict[str, str] = {}  # claim id -> "<document>#<attribution id>"
    for g in (fr_doc, en_doc):
        mine = [c for c in claims if name_of.get(c.document) == g.name]
        for gi, ci in match(g.data["attributions"], mine).items():
            gold_of[mine[ci].id] = f"{g.name}#{g.data['attributions'][gi]['id']}"
    wanted = {frozenset((lk["source"], lk["target"])) for lk in across}
    in_pair = {c.id for c in claims if name_of.get(c.document) in (fr_doc.name, en_doc.name)}
    proposed = [lk for lk in links if lk.method == "translation" and (lk.source in in_pair or lk.target in in_pair)]
    right = sum(1 for lk in proposed if frozenset((gold_of.get(lk.source), gold_of.get(lk.target))) in wanted)
    found = len({frozenset((gold_of.get(lk.source), gold_of.get(lk.target))) for lk in proposed} & wanted)
    p = right / len(proposed) if proposed else 0.0
    return (f"translation {fr_doc.name} <-> {en_doc.name}, among the {en_doc.doc_path.parent.name}/ articles: "
            f"gold {len(wanted)} found {found} (R {found / len(wanted) if wanted else 0:.2f}); proposed {len(proposed)} "
            f"right {right} (P {p:.2f})")


def _across() -> list[dict]:
    """Gold links across documents (bench/gold/corpus/**/links-*.json)."""
    across = []
    for f in sorted((GOLD / "corpus").rglob("links-*.json")):
        data = json.loads(f.read_text(encoding="utf-8"))
        across.extend(data.get("links", data) if isinstance(data, dict) else data)
    return across


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--which", choices=("seed", "corpus", "all", "gum-dev", "gum-test", "dev", "fr-dev", "fr-test"),
                    default="all",
                    help="all: seed and corpus; dev: every set one may tune on (gum-dev, seed, corpus); fr-dev / "
                         "fr-test: the French documents with the English one the French pair reports (links within "
                         "them and the cross-language restatements of crosslang-fr-en.json)")
    ap.add_argument("--verbose", "-v", action="store_true", help="list missed and wrong links (not on gum-test)")
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    ap.add_argument("--linker", help="a Python file defining link_claims(claims, actors, documents) to use instead")
    ap.add_argument("--oracle", action="store_true", help="link the gold attributions instead of extracted claims")
    ap.add_argument("--strict", action="store_true",
                    help="old conventions: many-to-one matching, exact pairs only, supports scored with direction")
    ap.add_argument("--reliability", action="store_true",
                    help="also print the reliability table: observed precision per confidence bin and per method")
    ap.add_argument("--calibrate", action="store_true",
                    help="fit the calibration of confidences (Platt, per method) on the judged links and print it as YAML")
    ap.add_argument("--held-out", action="store_true",
                    help="leave one set out: fit the calibration on the other sets, print the held-out set's reliability")
    ap.add_argument("--fit", action="store_true",
                    help="fit the confidence weights on the gold (gold attributions as claims) and print them as YAML")
    args = ap.parse_args(argv)
    if args.verbose and args.which == "gum-test":
        print("error: --verbose is refused on gum-test: the test split is for reporting only; "
              "read misses on gum-dev (--which gum-dev --verbose)", file=sys.stderr)
        return 2
    if args.which == "gum-test" and (args.calibrate or args.held_out):
        print("error: --calibrate and --held-out fit on the sets given: gum-test is for reporting only "
              "(--which dev fits on gum-dev, seed and corpus)", file=sys.stderr)
        return 2
    if args.which == "dev" and (args.fit or args.strict):
        print("error: --fit and --strict are for the seed / corpus gold (--which all)", file=sys.stderr)
        return 2
    gum = args.which.startswith("gum-")
    if gum and (args.fit or args.strict):
        print("error: --fit and --strict are for the seed / corpus gold, not GUM", file=sys.stderr)
        return 2
    linker = load_linker(args.linker)
    if args.calibrate or args.held_out:
        os.environ["ARGMAP_CALIBRATION"] = "0"  # fit on the scorer's own confidences, all of them
    if args.fit:
        rows = []
        for which in ("seed", "corpus") if args.which == "all" else (args.which,):
            gold = find_gold(which)
            if not gold:
                continue
            paths = [str(g.doc_path) for g in gold] if which == "seed" else [str(Path(__file__).resolve().parents[1] / "corpus")]
            r, gate = training_rows(gold, paths, _across() if which == "corpus" else [])
            print(f"# {which}: gate recall " + ", ".join(f"{k} {v:.2f}" for k, v in sorted(gate.items()) if v is not None))
            rows += r
        print(fit(rows))
        return 0
    results = []
    if args.which == "dev":
        gum, args.which = True, "gum-dev+all"
    if gum:
        gold = find_gold(args.which.split("+")[0])
        if not gold:
            print(f"{args.which}: no gold", file=sys.stderr)
            return 1
        results.append(evaluate(args.which.split("+")[0] + (" (oracle)" if args.oracle else ""), gold, [str(g.doc_path) for g in gold],
                                [], linker, args.verbose, args.oracle, False, gum=True))
    if args.which in FR_SETS:
        gold = find_gold(args.which)
        pair = json.loads(FR_EN_LINKS.read_text(encoding="utf-8")) if FR_EN_LINKS.is_file() else {}
        names = {g.name for g in gold}
        across = [lk for lk in pair.get("links", []) if lk["source"].split("#")[0] in names]
        english = [g for g in find_gold("corpus") if across and g.name == pair.get("pair", {}).get("en")]
        if not gold:
            print(f"{args.which}: no gold", file=sys.stderr)
            return 1
        results.append(evaluate(args.which, gold + english, [str(g.doc_path) for g in gold + english], across, linker,
                                args.verbose, args.oracle, args.strict))
        if english and not args.oracle:
            print(translation_row(gold + english, pair, across))
    if args.which in ("seed", "all", "gum-dev+all"):
        gold = find_gold("seed")
        if gold:
            results.append(evaluate("seed", gold, [str(g.doc_path) for g in gold], [], linker, args.verbose, args.oracle, args.strict))
        else:
            print("seed: no gold (or the seed article is missing)", file=sys.stderr)
    if args.which in ("corpus", "all", "gum-dev+all"):
        gold = find_gold("corpus")
        across = _across()
        root = Path(__file__).resolve().parents[1] / "corpus"
        if gold:
            results.append(evaluate("corpus", gold, [str(root)], across, linker, args.verbose, args.oracle, args.strict))
        else:
            print("corpus: no gold yet", file=sys.stderr)
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        for res in results:
            print_table(res)
            if args.reliability:
                print(reliability(res["judged"]))
        if args.held_out:
            print(held_out(results))
        if args.calibrate:
            judged = [j for r in results for j in r["judged"]]
            print(yaml.safe_dump({"calibration": {"floor": CALIBRATION_FLOOR, "maps": platt(judged)}}, sort_keys=True))
        if args.reliability and len(results) > 1:
            print(f"\nall sets above together ({', '.join(r['set'] for r in results)}):")
            print(reliability([j for r in results for j in r["judged"]]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
