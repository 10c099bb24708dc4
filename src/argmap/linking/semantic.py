"""Meaning for the linker: sentence embeddings of claims (`argmap.embed`), when a model is installed.

`Semantic.of(texts)` encodes each claim's words once (a cache, keyed by the text's digest, keeps
vectors between runs: see `EmbeddingCache`; the store holds it and `jobs.link` loads and saves it)
and answers two questions the word-overlap signals answer badly on real news:

* `similarity(i, j)`: cosine of the two statements' meanings ("the aircraft entered its airspace"
  and "the drone crossed the border" share no content word);
* `neighbours()`: pairs of claims whose meanings are close whatever their words, for blocking:
  exact for small corpora, random-hyperplane buckets (locality-sensitive hashing, deterministic
  seed) above `EXACT_MAX` claims, so the work stays linear in the number of claims.

Without a model `Semantic.off()` answers None and no pairs: the linker's lexical path is unchanged.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Mapping, Sequence

import numpy as np

from ..embed import Encoder, default_encoder

#: Up to this many claims, neighbours are found by comparing every pair (one matrix product per block).
EXACT_MAX = 6000
#: Hyperplanes per hash table and tables (LSH above EXACT_MAX): buckets of about n / 2**bits claims.
LSH_BITS = 10
LSH_TABLES = 4
_BLOCK = 2048


def text_key(text: str) -> str:
    """The cache key of a claim text (its words, whitespace folded)."""
    return hashlib.sha1(" ".join(text.split()).encode("utf-8")).hexdigest()


#: How a vector is kept as bytes (the store's `vectors` table): little-endian float32.
VECTOR_DTYPE = np.dtype("<f4")


class EmbeddingCache:
    """Vectors by text key for one model (`embed.Encoder.model_id`): what a store keeps so a claim
    is encoded once (`jobs.link` loads it with `from_bytes` and writes back `added_bytes()`)."""

    def __init__(self, model: str, vectors: dict[str, np.ndarray] | None = None):
        self.model = model
        self.vectors = dict(vectors or {})
        self.added: dict[str, np.ndarray] = {}  # encoded in this run: for the caller to persist

    @classmethod
    def from_bytes(cls, model: str, rows: Mapping[str, bytes]) -> EmbeddingCache:
        """A cache of the vectors `rows` holds as bytes (`VECTOR_DTYPE`), by text key; a value that
        is no whole number of floats is left out (its text is encoded again)."""
        size = VECTOR_DTYPE.itemsize
        return cls(model, {k: np.frombuffer(v, dtype=VECTOR_DTYPE) for k, v in rows.items() if v and len(v) % size == 0})

    def added_bytes(self) -> dict[str, bytes]:
        """The vectors encoded in this run, as bytes (`VECTOR_DTYPE`), by text key."""
        return {k: np.asarray(v, dtype=VECTOR_DTYPE).tobytes() for k, v in self.added.items()}

    def get(self, key: str) -> np.ndarray | None:
        return self.vectors.get(key)

    def put(self, key: str, vector: np.ndarray) -> None:
        self.vectors[key] = vector
        self.added[key] = vector


class Semantic:
    """Unit vectors of claims, by profile index (None: no model, every answer is None)."""

    def __init__(self, vectors: np.ndarray | None):
        self.vectors = vectors

    @classmethod
    def off(cls) -> Semantic:
        return cls(None)

    @classmethod
    def of(cls, texts: Sequence[str], encoder: Encoder | None = None, cache: EmbeddingCache | None = None) -> Semantic:
        """Encode `texts` (each once; cached ones are not encoded again). No encoder: `off()`."""
        encoder = encoder if encoder is not None else default_encoder()
        if encoder is None:
            return cls.off()
        keys = [text_key(t) for t in texts]
        vectors = np.zeros((len(texts), encoder.dim), dtype=np.float32)
        todo: dict[str, list[int]] = defaultdict(list)
        for i, k in enumerate(keys):
            hit = cache.get(k) if cache is not None else None
            if hit is not None and hit.shape == (encoder.dim,):
                vectors[i] = hit
            else:
                todo[k].append(i)
        if todo:
            firsts = [rows[0] for rows in todo.values()]
            fresh = encoder.encode([texts[i] for i in firsts])
            for (k, rows), vec in zip(todo.items(), fresh, strict=True):
                vectors[rows] = vec
                if cache is not None:
                    cache.put(k, vec)
        return cls(vectors)

    @property
    def on(self) -> bool:
        return self.vectors is not None

    def similarity(self, i: int, j: int) -> float | None:
        if self.vectors is None:
            return None
        return float(self.vectors[i] @ self.vectors[j])

    def neighbours(self, min_similarity: float, *, k: int = 5, groups: Sequence[str] | None = None,
                   exact_max: int = EXACT_MAX) -> set[tuple[int, int]]:
        """Pairs (i < j) of claims at least `min_similarity` apart in meaning, each claim with at
        most its `k` closest; with `groups` (e.g. document ids), only pairs across groups. Up to
        `exact_max` claims every pair is compared; above, only claims that share an LSH bucket."""
        if self.vectors is None or len(self.vectors) < 2:
            return set()
        n = len(self.vectors)
        best: dict[int, dict[int, float]] = defaultdict(dict)  # a pair met in several blocks counts once
        for rows in self._candidates(n, exact_max):
            block = self.vectors[rows]
            sims = block @ block.T
            np.fill_diagonal(sims, -1.0)
            if groups is not None:
                g = np.array([groups[r] for r in rows], dtype=object)
                sims[g[:, None] == g[None, :]] = -1.0
            for local in range(len(rows)):
                row = sims[local]
                top = np.argpartition(-row, min(k, len(row) - 1))[:k] if len(row) > k else np.arange(len(row))
                for t in top:
                    if row[t] >= min_similarity:
                        best[rows[local]][rows[t]] = float(row[t])
        pairs = set()
        for i, found in best.items():
            for j, _ in sorted(found.items(), key=lambda x: (-x[1], x[0]))[:k]:
                pairs.add((min(i, j), max(i, j)))
        return pairs

    def _candidates(self, n: int, exact_max: int):
        """Index blocks within which all pairs are compared: everything (small corpora, in blocks
        that overlap so every pair meets once) or the buckets of each LSH table."""
        if n <= exact_max:
            if n <= _BLOCK:
                yield list(range(n))
                return
            # all pairs, block by block: rows of block a against rows of block b, as one square of a+b
            starts = list(range(0, n, _BLOCK // 2))
            for x, a in enumerate(starts):
                for b in starts[x + 1 :]:
                    yield sorted(set(range(a, min(n, a + _BLOCK // 2))) | set(range(b, min(n, b + _BLOCK // 2))))
            return
        rng = np.random.default_rng(20261207)
        for _ in range(LSH_TABLES):
            planes = rng.standard_normal((self.vectors.shape[1], LSH_BITS)).astype(np.float32)
            codes = (self.vectors @ planes > 0) @ (1 << np.arange(LSH_BITS))
            buckets: dict[int, list[int]] = defaultdict(list)
            for i, c in enumerate(codes.tolist()):
                buckets[c].append(i)
            for rows in buckets.values():
                for s in range(0, len(rows), _BLOCK):  # an oversized bucket is cut, not compared whole
                    if len(rows[s : s + _BLOCK]) > 1:
                        yield rows[s : s + _BLOCK]
