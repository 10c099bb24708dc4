"""Benchmark of argmap's renderer against Graphviz alone, on synthetic maps of 100, 1,000 and 5,000 claims.

For each size it times two renders to SVG:

* all views, paged: `views` (corpus pages, one view per document, one per dispute; at most
  `DiagramStyle.max_nodes` claims per page) + `to_dot` for each, then `dot -Tsvg` on each;
* corpus as one graph: `to_diagram` + `to_dot` of the whole map, then one `dot -Tsvg`.

"argmap s" is the Python part, "dot s" is Graphviz alone on the same DOT texts (run one after the
other, no parallelism), and total/dot is the overhead ratio (1.00 = argmap adds nothing). Pages are
there for readability: one graph of thousands of claims renders, but nobody can read it.

Usage: python bench/render_bench.py [--sizes 100 1000 5000] [--seed 11] [--unpaged-max 5000]
"""

from __future__ import annotations

import argparse
import hashlib
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))  # run from a checkout

from argmap.model import Actor, ArgumentMap, Claim, ClaimSpans, Document, Link, Relation, SpeechAct, Status
from argmap.render import DiagramStyle, to_diagram, to_dot, views

WORDS = (
    "army convoy border drone airspace ministry attack ceasefire talks village market refugees "
    "mission sanctions election militia patrol corridor aid water fuel checkpoint camp deal truce "
    "weapons hostages region governor court prisoners road bridge airport mines"
).split()
SIDES = ["north", "south", "east", "west"]
KINDS = list(SpeechAct)


def synthetic_map(n_claims: int, seed: int = 11) -> ArgumentMap:
    """A deterministic map: ~20 claims per document, ~25 per actor, 4 sides, disputes of all sizes."""
    rng = random.Random(seed)
    n_actors = max(6, n_claims // 25)
    actors: list[Actor] = []
    for i in range(n_actors):
        parent = actors[rng.randrange(len(actors))].id if actors and rng.random() < 0.2 else None
        side = None if parent or rng.random() < 0.3 else rng.choice(SIDES)
        actors.append(
            Actor(
                id=f"actor-{i:04d}",
                name=f"Actor {i} {rng.choice(WORDS).title()}",
                kind="government",
                side=side,
                parent=parent,
            )
        )
    documents: list[Document] = []
    claims: list[Claim] = []
    per_doc = 20
    for d in range(0, n_claims, per_doc):
        sentences, pending = [], []
        offset = 0
        for _ in range(min(per_doc, n_claims - d)):
            actor = rng.choice(actors) if rng.random() > 0.05 else None
            words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 30)))
            quote = " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 5))) if rng.random() < 0.3 else None
            content = f"the {words}" + (f" was “{quote}”" if quote else "")
            prefix = f"{actor.name if actor else 'It'} said that "
            start = offset + len(prefix)
            sentence = prefix + content + ". "
            pending.append((actor, content, quote, start, offset, offset + len(sentence) - 1))
            sentences.append(sentence)
            offset += len(sentence)
        text = "".join(sentences)
        sha = hashlib.sha256(text.encode()).hexdigest()
        doc = Document(
            id=Document.make_id(sha),
            title=f"Synthetic report {d // per_doc:04d}",
            path=f"corpus/{d // per_doc:04d}.txt",
            sha256=sha,
            text=text,
        )
        documents.append(doc)
        for actor, content, quote, start, s_start, s_end in pending:
            spans = ClaimSpans(content=[(start, start + len(content))])
            claims.append(
                Claim(
                    id=Claim.make_id(doc.id, spans), document=doc.id, actor=actor.id if actor else None,
                    kind=rng.choice(KINDS), text=content, quotes=[quote] if quote else [], spans=spans,
                    sentence=(s_start, s_end), confidence=round(rng.random(), 2),
                    status=rng.choice([Status.proposed, Status.proposed, Status.accepted]),
                )
            )  # fmt: skip
    # Disputes: mostly pairs and triples, some of 5-20, and one big one (10% of claims).
    order = list(range(len(claims)))
    rng.shuffle(order)
    links: dict[str, Link] = {}
    pos = 0
    sizes = [max(2, len(claims) // 10)] if len(claims) >= 500 else []
    while pos < len(order) * 0.6:
        sizes.append(rng.choice([2, 2, 2, 3, 3, 4, 5, 8, 12, 20]))
        group = [claims[i] for i in order[pos : pos + sizes[-1]]]
        pos += sizes[-1]
        for k in range(1, len(group)):
            a, b = group[k], group[rng.randrange(k)]
            rel = rng.choice([Relation.supports, Relation.contradicts, Relation.contradicts, Relation.restates])
            lid = Link.make_id(a.id, b.id, rel)
            links[lid] = Link(id=lid, source=a.id, target=b.id, relation=rel, confidence=round(rng.random(), 2))
    return ArgumentMap(documents=documents, actors=actors, claims=claims, links=list(links.values()))


def run_dot(dot_text: str, timeout: float = 120.0) -> float:
    """Seconds of `dot -Tsvg` on `dot_text` (with the same newrank fallback as `dot_to`)."""
    start = time.perf_counter()
    proc = subprocess.run(["dot", "-Tsvg"], input=dot_text.encode(), capture_output=True, timeout=timeout)
    if proc.returncode and b"trouble in init_rank" in proc.stderr:
        proc = subprocess.run(
            ["dot", "-Tsvg", "-Gnewrank=true"], input=dot_text.encode(), capture_output=True, timeout=timeout
        )
    proc.check_returncode()
    return time.perf_counter() - start


def _measure(diagrams: list, build_s: float) -> tuple[int, int, float, float]:
    """(graphs, biggest graph, python seconds, dot seconds) for rendering `diagrams` to SVG."""
    t0 = time.perf_counter()
    texts = [to_dot(d) for d in diagrams]
    python_s = build_s + time.perf_counter() - t0
    dot_s = sum(run_dot(t, timeout=300) for t in texts)
    return len(diagrams), max(len(d.nodes) for d in diagrams), python_s, dot_s


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000], help="claims per map")
    parser.add_argument("--seed", type=int, default=11, help="random seed of the synthetic maps")
    parser.add_argument("--unpaged-max", type=int, default=5000, help="largest map also drawn as one graph")
    args = parser.parse_args()
    if shutil.which("dot") is None:
        print("Graphviz 'dot' not found; install it: apt-get install graphviz", file=sys.stderr)
        return 1
    style = DiagramStyle()
    rows = []
    for n in args.sizes:
        amap = synthetic_map(n, args.seed)
        t0 = time.perf_counter()
        diagrams = [d for _, d in views(amap, style=style)]
        rows.append((n, len(amap.links), "all views, paged", *_measure(diagrams, time.perf_counter() - t0)))
        if n <= args.unpaged_max:
            t0 = time.perf_counter()
            whole = to_diagram(amap, style=style)
            rows.append((n, len(amap.links), "corpus as one graph", *_measure([whole], time.perf_counter() - t0)))
        print(f"  {n} claims measured", file=sys.stderr)
    head = (
        f"{'claims':>6} {'links':>5}  {'render':<20} {'graphs':>6} {'max nodes':>9}  "
        f"{'argmap s':>8} {'dot s':>7} {'total s':>7} {'total/dot':>9}"
    )
    print(f"\n{head}\n{'-' * len(head)}")
    for n, n_links, mode, graphs, biggest, python_s, dot_s in rows:
        total = python_s + dot_s
        print(
            f"{n:>6} {n_links:>5}  {mode:<20} {graphs:>6} {biggest:>9}  "
            f"{python_s:>8.2f} {dot_s:>7.2f} {total:>7.2f} {total / dot_s:>9.2f}"
        )
    print("\nargmap s = views/to_diagram + to_dot; dot s = `dot -Tsvg` on the same DOT texts, one after the other.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
