"""Average-linkage grouping: topics stay apart when one claim bridges them; output is deterministic."""

from __future__ import annotations

from argmap.compare.cluster import average_linkage


def test_cluster_groups_alike_items():
    sims = {("a", "b"): 0.9, ("c", "d"): 0.8, ("b", "c"): 0.05}
    assert average_linkage(list("abcd"), sims, 0.2) == [["a", "b"], ["c", "d"]]


def test_cluster_a_bridge_does_not_fuse_two_topics():
    # x is alike to one member of each topic; single linkage would chain everything into one group
    sims = {("a", "b"): 0.9, ("c", "d"): 0.9, ("x", "b"): 0.5, ("x", "c"): 0.5}
    groups = average_linkage(list("abxcd"), sims, 0.3)
    assert ["a", "b", "x"] in groups or ["x"] in groups
    assert not any({"a", "d"} <= set(g) for g in groups)


def test_cluster_deterministic_whatever_the_key_order():
    sims = {("a", "b"): 0.5, ("b", "c"): 0.5, ("a", "c"): 0.5}
    flipped = {(y, x): s for (x, y), s in reversed(list(sims.items()))}
    assert average_linkage(list("abc"), sims, 0.2) == average_linkage(list("abc"), flipped, 0.2) == [["a", "b", "c"]]


def test_cluster_threshold_keeps_singletons():
    assert average_linkage(list("ab"), {("a", "b"): 0.1}, 0.2) == [["a"], ["b"]]
