"""Average-linkage clustering of claims on a sparse similarity graph (pure, deterministic).

Why average linkage and not connected components: one claim that touches two topics (a rejection
of "these accusations", an analysis sentence naming everything) would chain every topic of a
dispute into one component. Average linkage merges two groups only when their claims are alike *on
average*, so a bridge between two topics does not fuse them.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence


def average_linkage(ids: Sequence[str], sims: dict[tuple[str, str], float], threshold: float) -> list[list[str]]:
    """Group `ids` bottom-up while the best average similarity between two groups is >= `threshold`.

    Args:
        ids: the items, in a fixed order (ties are broken by it, so the result is deterministic).
        sims: similarity of unordered pairs (either key order; missing pairs count 0).
        threshold: the smallest average similarity at which two groups still merge.

    Returns:
        Groups in the order of their first member in `ids`, each in `ids` order.

    Notes:
        Merging two groups changes only their averages with the others, so each merge pushes the new
        group's pairs on a heap and entries of merged-away groups are skipped when popped:
        O(E log E) for E similar pairs, fine for the few thousand claims of two parties.
    """
    pos = {x: i for i, x in enumerate(ids)}
    members: dict[int, list[int]] = {i: [i] for i in range(len(ids))}
    first: dict[int, int] = {i: i for i in range(len(ids))}  # smallest position in the group (tie-break)
    total: dict[int, dict[int, float]] = {i: {} for i in range(len(ids))}  # summed similarity between groups
    for (x, y), s in sims.items():
        if x not in pos or y not in pos or x == y or s <= 0:
            continue
        i, j = pos[x], pos[y]
        total[i][j] = total[j][i] = max(total[i].get(j, 0.0), s)
    heap: list[tuple[float, int, int, int, int]] = []

    def push(i: int, j: int) -> None:
        avg = total[i][j] / (len(members[i]) * len(members[j]))
        if avg >= threshold:
            a, b = (i, j) if first[i] < first[j] else (j, i)
            heapq.heappush(heap, (-avg, first[a], first[b], a, b))

    for i in total:
        for j in total[i]:
            if i < j:
                push(i, j)
    next_id = len(ids)
    while heap:
        _neg, _fa, _fb, a, b = heapq.heappop(heap)
        if a not in members or b not in members:
            continue  # one of them was merged away since
        new = next_id
        next_id += 1
        members[new] = sorted(members.pop(a) + members.pop(b))
        first[new] = members[new][0]
        merged: dict[int, float] = {}
        for old in (a, b):
            for k, s in total.pop(old).items():
                if k not in (a, b):
                    merged[k] = merged.get(k, 0.0) + s
                    total[k].pop(old, None)
        total[new] = merged
        for k, s in merged.items():
            total[k][new] = s
            push(new, k)
    groups = sorted(members.values(), key=lambda g: g[0])
    return [[ids[i] for i in g] for g in groups]
