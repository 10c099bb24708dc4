"""Meaning for the linker (`linking.semantic`): similarities, neighbours by meaning, the cache."""

from __future__ import annotations

import numpy as np
import pytest

from argmap.embed import load_encoder
from argmap.linking import semantic
from argmap.linking.semantic import EmbeddingCache, Semantic, text_key

TEXTS = [
    "the drone had violated the country's airspace",  # 0
    "the aircraft entered its airspace illegally",  # 1: same event, other words
    "the football team won the cup after extra time",  # 2
    "the club lifted the trophy after a late goal",  # 3: same as 2, other words
    "prices of bread rose again in the capital",  # 4
]


@pytest.fixture(scope="module")
def encoder():
    try:
        return load_encoder()
    except FileNotFoundError as exc:
        pytest.skip(str(exc))


def test_semantic_similarity_and_neighbours_find_paraphrases(encoder):
    sem = Semantic.of(TEXTS, encoder)
    assert sem.similarity(0, 1) > 0.5 > sem.similarity(0, 2)
    assert sem.neighbours(0.45, k=1) == {(0, 1), (2, 3)}
    # only across groups (documents): 0 and 1 in one document are not proposed
    assert sem.neighbours(0.45, k=1, groups=["d1", "d1", "d2", "d3", "d4"]) == {(2, 3)}


def test_semantic_each_text_is_encoded_once_and_the_cache_is_used(encoder):
    cache = EmbeddingCache("m")
    first = Semantic.of([TEXTS[0], TEXTS[0], TEXTS[2]], encoder, cache)
    assert len(cache.added) == 2 and np.array_equal(first.vectors[0], first.vectors[1])
    again = EmbeddingCache("m", cache.vectors)
    fake = np.zeros(encoder.dim, dtype=np.float32)
    fake[0] = 1.0
    again.vectors[text_key(TEXTS[2])] = fake  # a cached vector is taken as it is, not encoded again
    second = Semantic.of([TEXTS[0], "  " + TEXTS[2].replace(" ", "  ")], encoder, again)
    assert again.added == {} and np.array_equal(second.vectors[1], fake)


def test_semantic_lsh_buckets_find_the_same_close_pairs_as_the_exact_search(encoder):
    rng = np.random.default_rng(1)
    base = rng.standard_normal((300, encoder.dim)).astype(np.float32)
    twins = base + 0.05 * rng.standard_normal(base.shape).astype(np.float32)  # 300 near-duplicates
    vecs = np.concatenate([base, twins])
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    sem = Semantic(vecs)
    exact = sem.neighbours(0.9, k=1)
    assert exact == {(i, i + 300) for i in range(300)}
    found = sem.neighbours(0.9, k=1, exact_max=10)  # the bucketed search
    assert found <= exact and len(found) >= 0.95 * len(exact)


def test_semantic_off_answers_nothing():
    off = Semantic.off()
    assert not off.on and off.similarity(0, 1) is None and off.neighbours(0.1) == set()


def test_semantic_blocks_of_the_exact_search_meet_every_pair(encoder):
    rng = np.random.default_rng(2)
    n = semantic._BLOCK + 700  # more than one block: pairs across blocks must still be found
    vecs = rng.standard_normal((n, 8)).astype(np.float32)
    vecs[-1] = vecs[0]  # the first and the last claim: in different blocks
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    assert (0, n - 1) in Semantic(vecs).neighbours(0.999, k=1)
