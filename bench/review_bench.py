"""Benchmark of the review app: p95 latency of the next-item and decide requests with 10,000 claims.

It extracts the seed article once into a temporary store, copies its document, claims and links
(with varied confidences and actors) until the store holds `--claims` claims, starts the real
server (`argmap review`, a subprocess) and times requests with a plain HTTP client (http.client,
one connection per request, as a browser tab would make them). Prints one line per request type.

Example:
    .venv/bin/python bench/review_bench.py --claims 10000 --rounds 300

Besides the queues (target p95 < 50 ms, searches < 100 ms) it times `/api/state` (issue #24: < 20 ms
at 10,000+ claims), alone and right after a decision, and the per-item payloads (a claim, a link,
a document).
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import json
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "000_dad2c62ecae5722a.txt"
TARGET_MS = 50.0  # a key that moves through the queue or decides
#: Issue #24: the page's state (progress, documents, actors) at 10,000+ claims.
STATE_TARGET_MS = 20.0
#: A text search reads every claim (no full-text index): issue #21 asks every key to answer in 100 ms.
SEARCH_TARGET_MS = 100.0


def build_store(db: Path, n_claims: int, seed_path: Path = SEED) -> dict[str, int]:
    """Extract `seed_path` into a new store at `db`, then copy it until there are `n_claims` claims."""
    from argmap import jobs
    from argmap.model import ArgumentMap, Claim, Document, Link
    from argmap.store import open_store

    rng = random.Random(6)
    with open_store(db) as store:
        jobs.extract(store, [str(seed_path)])
        jobs.link(store)
        base = store.load_map()
        actors = [a.id for a in base.actors]
        per_doc = max(1, len(base.claims))
        copies = max(0, -(-n_claims // per_doc) - 1)
        documents, claims, links = [], [], []
        for k in range(1, copies + 1):
            for d in base.documents:
                text = d.text + f"\n\n[copy {k}]\n"  # a new text, so a new sha256 and document id
                sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
                doc = d.model_copy(update={"id": Document.make_id(sha), "sha256": sha, "text": text,
                                           "path": f"copies/{k:05d}/{d.path}", "title": f"{d.title} (copy {k})"})
                documents.append(doc)
                ids = {}
                for c in base.claims:
                    if c.document != d.id:
                        continue
                    new_id = Claim.make_id(doc.id, c.spans)
                    ids[c.id] = new_id
                    claims.append(c.model_copy(update={
                        "id": new_id, "document": doc.id,
                        "confidence": round(rng.uniform(0.2, 0.99), 2),
                        "actor": rng.choice(actors) if c.actor and rng.random() < 0.3 else c.actor,
                    }))
                for lk in base.links:
                    if lk.source in ids and lk.target in ids:
                        s, t = ids[lk.source], ids[lk.target]
                        links.append(lk.model_copy(update={"id": Link.make_id(s, t, lk.relation), "source": s, "target": t,
                                                           "confidence": round(rng.uniform(0.2, 0.99), 2)}))
                if len(base.claims) + len(claims) >= n_claims:
                    break
        store.import_map(ArgumentMap(documents=documents, claims=claims, links=links))
        return store.counts()


class Server:
    """`argmap review` in a subprocess on a free port; knows its URL and CSRF token."""

    def __init__(self, db: Path):
        exe = Path(sys.executable).with_name("argmap")
        cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "argmap"]
        self.proc = subprocess.Popen([*cmd, "--db", str(db), "review", "--port", "0", "--reviewer", "bench"],
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        line = self.proc.stdout.readline()
        m = re.search(r"http://([\d.]+):(\d+)/", line)
        if not m:
            self.proc.kill()
            raise SystemExit(f"review server did not start: {line}{self.proc.stdout.read()}")
        self.host, self.port = m.group(1), int(m.group(2))
        _, body = self.request("GET", "/")
        self.token = re.search(r'name="csrf-token" content="([^"]+)"', body.decode()).group(1)

    def request(self, method: str, path: str, payload: dict | None = None) -> tuple[int, bytes]:
        conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
        headers = {}
        body = None
        if payload is not None:
            body = json.dumps(payload)
            headers = {"Content-Type": "application/json", "X-CSRF-Token": self.token}
        conn.request(method, path, body=body, headers=headers)
        resp = conn.getresponse()
        data = resp.read()
        conn.close()
        return resp.status, data

    def close(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def timed(server: Server, method: str, path: str, payload: dict | None = None) -> tuple[float, dict]:
    t0 = time.perf_counter()
    status, body = server.request(method, path, payload)
    ms = (time.perf_counter() - t0) * 1000
    if status != 200:
        raise SystemExit(f"{method} {path} -> {status}: {body[:300]!r}")
    return ms, json.loads(body)


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[94] if len(values) > 1 else values[0]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--claims", type=int, default=10_000, help="claims in the store (default 10000)")
    ap.add_argument("--rounds", type=int, default=300, help="next+decide rounds per queue order (default 300)")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        t0 = time.perf_counter()
        counts = build_store(db, args.claims)
        print(f"store: {counts['claims']} claims, {counts['links']} links, {counts['documents']} documents "
              f"(built in {time.perf_counter() - t0:.1f} s)")
        server = Server(db)
        try:
            times: dict[str, list[float]] = {}
            passes = [("confidence", ""), ("document", ""), ("confidence", "mali-government"), ("document", "-")]
            for sort, actor in passes:
                after = None
                label = f"claims/next ({sort}" + (f", actor={actor}" if actor else "") + ")"
                for i in range(args.rounds):
                    q = f"/api/claims/next?sort={sort}&actor={actor}" + (f"&after={after}" if after else "")
                    ms, item = timed(server, "GET", q)
                    times.setdefault(label, []).append(ms)
                    claim = item["claim"]
                    if claim is None:  # this filter's queue is done
                        break
                    action = ("accept", "reject", "skip")[i % 3]
                    if action == "skip":
                        after = claim["id"]
                        continue
                    ms, _ = timed(server, "POST", f"/api/claims/{claim['id']}/decide", {"action": action})
                    times.setdefault("claims/decide", []).append(ms)
                    after = claim["id"]
            # issue #24: the state and the per-item payloads, alone and right after a decision
            first = timed(server, "GET", "/api/claims/next?status=all")[1]["claim"]
            claim_ids = [first["id"]] if first else []
            item = timed(server, "GET", "/api/links/next?status=all")[1]
            link_id = item["link"]["id"] if item.get("link") else None
            doc_id = item["source"]["claim"]["document"] if item.get("source") else None
            for i in range(100):
                ms, _ = timed(server, "GET", "/api/state")
                times.setdefault("state", []).append(ms)
                if claim_ids:
                    ms, _ = timed(server, "GET", f"/api/claims/{claim_ids[0]}")
                    times.setdefault("claims/<id>", []).append(ms)
                if link_id:
                    ms, _ = timed(server, "GET", f"/api/links/{link_id}")
                    times.setdefault("links/<id>", []).append(ms)
                if doc_id:
                    ms, _ = timed(server, "GET", f"/api/documents/{doc_id}")
                    times.setdefault("documents/<id>", []).append(ms)
                if claim_ids and i % 2 == 0:  # a decision changes the store: the state after it
                    timed(server, "POST", f"/api/claims/{claim_ids[0]}/decide", {"action": ("accept", "reject")[i % 4 // 2]})
                    ms, _ = timed(server, "GET", "/api/state")
                    times.setdefault("state (after a decision)", []).append(ms)
            state_bytes = len(server.request("GET", "/api/state")[1])
            for word in ("drone", "algeria", "border", "army", "claims"):  # a search scans (issue #21)
                for _ in range(10):
                    ms, _ = timed(server, "GET", f"/api/claims/next?q={word}&status=all")
                    times.setdefault("claims/next (search q=, status=all)", []).append(ms)
            after = None
            for i in range(min(args.rounds, 200)):
                ms, item = timed(server, "GET", "/api/links/next" + (f"?after={after}" if after else ""))
                times.setdefault("links/next", []).append(ms)
                if item.get("link") is None:
                    break
                ms, _ = timed(server, "POST", f"/api/links/{item['link']['id']}/decide", {"action": "accept"})
                times.setdefault("links/decide", []).append(ms)
                after = item["link"]["id"]
            for _ in range(50):
                ms, _ = timed(server, "POST", "/api/undo", {})
                times.setdefault("undo", []).append(ms)
        finally:
            server.close()
    print(f"/api/state: {state_bytes / 1024:.0f} KiB")
    worst = worst_search = worst_state = 0.0
    for name, values in times.items():
        if name.startswith("state"):
            worst_state = max(worst_state, p95(values))
        elif "search" in name:
            worst_search = max(worst_search, p95(values))
        else:
            worst = max(worst, p95(values))
        print(f"{name:48s} n={len(values):4d}  p50 {statistics.median(values):6.1f} ms  "
              f"p95 {p95(values):6.1f} ms  max {max(values):6.1f} ms")
    ok = worst < TARGET_MS and worst_search < SEARCH_TARGET_MS and worst_state < STATE_TARGET_MS
    print(f"worst p95 {worst:.1f} ms (target < {TARGET_MS:.0f} ms), searches {worst_search:.1f} ms "
          f"(target < {SEARCH_TARGET_MS:.0f} ms), state {worst_state:.1f} ms (target < {STATE_TARGET_MS:.0f} ms): "
          f"{'OK' if ok else 'SLOW'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
