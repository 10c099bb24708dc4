"""Disputes: the connected groups of linked claims, how contested each is, and how to cut a big one.

A **dispute** is a connected component of claims under supports / contradicts / restates links. This
module ranks them by how contested they are, tells the trivial ones apart (listed, not drawn), and
splits one too big to read into parts by sub-topic. It is pure: it takes claims, links, actors and
documents (already filtered by the caller) and returns plain records; no files, no Graphviz.

How contested (the ranking): disputes with at least one contradiction come first; inside each group
the score below decides, then the earliest claim (deterministic).

* a contradiction between two **camps** counts most: that is two sides disagreeing; a contradiction
  inside one camp (often a linking error, or a speaker correcting themself) counts less;
* the number of camps speaking (a camp is an actor's effective side, declared or inferred, else the
  root of its party as `linking.parties.Parties` sees it: a ministry speaks for its government, a
  group named after a country leans towards its government); people nobody in particular ("you",
  "someone") and unattributed claims are no camp;
* the number of documents (a dispute carried by several outlets) and recency (the latest
  publication date, placed between the corpus's first and last date).

A dispute is **trivial** when it has no contradiction and only one camp speaks, or it has only two
claims: a speaker supporting themself, a quote carried twice.
"""

from __future__ import annotations

import datetime as dt
import heapq
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence

from pydantic import BaseModel, ConfigDict, Field

from .actor_graph import ActorGraph
from .model import Claim, Document, Link, Relation, Status

#: Score weights (see the module docstring); data, not logic, so a reader sees them in one place.
WEIGHTS = {
    "cross_camp_contradictions": 4.0,  # x log2(1 + n)
    "other_contradictions": 1.5,  # x log2(1 + n)
    "camps": 2.0,  # x log2(camps)
    "documents": 1.5,  # x log2(documents)
    "recency": 1.0,  # x 0..1
    "claims": 0.5,  # x log2(claims)
}


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DisputeActor(_Record):
    id: str = Field(description="Actor id")
    name: str = Field(description="Display name")
    claims: int = Field(description="Claims of this actor in the dispute")
    camp: str | None = Field(default=None, description="Camp key: 'side:<id>' or the party's root actor id")


class Dispute(_Record):
    """One connected group of linked claims, with what the index shows of it."""

    claims: tuple[str, ...] = Field(description="Claim ids, in corpus order")
    links: dict[str, int] = Field(description="Links per relation")
    contradictions: int = Field(description="Contradiction links")
    cross_camp: int = Field(description="Contradictions between two different camps")
    actors: tuple[DisputeActor, ...] = Field(description="Speakers, most claims first")
    camps: tuple[str, ...] = Field(description="Camp names, most claims first")
    documents: int = Field(description="Documents its claims come from")
    first: dt.date | None = Field(default=None, description="Earliest publication date of its documents")
    last: dt.date | None = Field(default=None, description="Latest publication date of its documents")
    undated: int = Field(default=0, description="Its documents without a publication date")
    top: str = Field(description="One line: the strongest contradiction, else the first link")
    score: float = Field(description="How contested (see the module docstring)")
    trivial: bool = Field(description="No contradiction and one camp, or only two claims: listed, not drawn")

    @property
    def size(self) -> int:
        return len(self.claims)


def _clean(text: str) -> str:
    return " ".join(text.split())


def _cut(text: str, limit: int) -> str:
    text = _clean(text)
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit * 0.6 else limit - 1].rstrip() + "…"


class Camps:
    """Camp of every actor: effective side (declared or inferred), else the party's camp."""

    def __init__(self, graph: ActorGraph) -> None:
        from .linking.parties import Parties  # the one owner of "who speaks for whom"

        self.graph = graph
        self.parties = Parties(list(graph.by_id.values()))
        self._memo: dict[str | None, str | None] = {None: None}

    def of(self, actor_id: str | None) -> str | None:
        if actor_id in self._memo:
            return self._memo[actor_id]
        actor = self.graph.get(actor_id)
        if actor is not None and actor.kind.value == "generic":
            camp = None
        else:
            side = self.graph.effective_side(actor_id) if actor is not None else None
            camp = f"side:{side}" if side else self.parties.camp(self.parties.party(actor_id))
        self._memo[actor_id] = camp
        return camp

    def name(self, camp: str) -> str:
        return f"side {camp[5:]}" if camp.startswith("side:") else self.graph.name(camp)


def components(ids: Sequence[str], links: Iterable[Link], rank: dict[str, int]) -> list[list[str]]:
    """Connected groups of `ids` under `links` (union-find), each in corpus order, ordered by their
    first claim."""
    parent = {c: c for c in ids}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for link in links:
        if link.source in parent and link.target in parent:
            a, b = find(link.source), find(link.target)
            if a != b:
                parent[max(a, b, key=rank.__getitem__)] = min(a, b, key=rank.__getitem__)
    groups: dict[str, list[str]] = defaultdict(list)
    for c in ids:
        groups[find(c)].append(c)
    return sorted((sorted(g, key=rank.__getitem__) for g in groups.values()), key=lambda g: rank[g[0]])


def find_disputes(
    claims: Sequence[Claim],
    links: Sequence[Link],
    graph: ActorGraph,
    documents: dict[str, Document],
    *,
    camps: Camps | None = None,
    texts: Callable[[Iterable[str]], Mapping[str, str]] | None = None,
) -> list[Dispute]:
    """The disputes among `claims` (groups of two or more linked claims), most contested first;
    trivial ones after all others.

    Args:
        claims: The claims shown, in corpus order (their position is the tie-break).
        links: The links shown (both ends among `claims`; a symmetric link once).
        graph: The actors.
        documents: Document id -> document (titles, dates).
        camps: Camp lookup to share with other callers; default: built from `graph`.
        texts: Claim ids -> their texts, for the one line naming each dispute's top link; default:
            the claims' own `text` (`claims` may then be rows without text: `rows.ClaimRow`).
    """
    by_id = {c.id: c for c in claims}
    rank = {c.id: i for i, c in enumerate(claims)}
    links = [lk for lk in links if lk.source in by_id and lk.target in by_id]
    links_of: dict[str, list[Link]] = defaultdict(list)
    for lk in links:
        links_of[lk.source].append(lk)
    groups = ((comp, [lk for c in comp for lk in links_of[c]])
              for comp in components([c.id for c in claims], links, rank) if len(comp) >= 2)
    return rank_disputes(groups, by_id, rank, graph, documents, camps=camps, texts=texts)


def rank_disputes(
    groups: Iterable[tuple[Sequence[str], Sequence[Link]]],
    by_id: Mapping[str, Claim],
    rank: Mapping[str, int],
    graph: ActorGraph,
    documents: dict[str, Document],
    *,
    camps: Camps | None = None,
    texts: Callable[[Iterable[str]], Mapping[str, str]] | None = None,
) -> list[Dispute]:
    """The disputes of `groups`, most contested first (trivial ones after all others): each group is
    a connected component of two or more claims (`components`; ids in corpus order) with the links
    among them. A caller that knows its components (the renderer's link index) passes them one at a
    time, so no list of every link is built here.

    Args:
        by_id: Claim id -> claim (or `rows.ClaimRow`) of every claim of the groups.
        rank: Claim id -> corpus position (the tie-break between equally contested disputes).
        graph, documents, camps, texts: as for `find_disputes`.
    """
    camps = camps or Camps(graph)
    if texts is None:
        texts = lambda ids: {i: by_id[i].text for i in ids}  # noqa: E731
    dated = [d.published for d in documents.values() if d.published]
    span = (min(dated), max(dated)) if dated else None
    out = [_dispute(comp, inner, by_id, graph, documents, camps, span, texts) for comp, inner in groups]
    return sorted(out, key=lambda d: (d.trivial, d.contradictions == 0, -d.score, rank[d.claims[0]]))


def _dispute(comp, inner, by_id, graph, documents, camps: Camps, span, texts) -> Dispute:
    per_actor = Counter(by_id[c].actor for c in comp if by_id[c].actor)
    per_camp: Counter[str] = Counter()
    for aid, n in per_actor.items():
        camp = camps.of(aid)
        if camp:
            per_camp[camp] += n
    relations = Counter(lk.relation.value for lk in inner)
    contra = [lk for lk in inner if lk.relation is Relation.contradicts]

    def across(lk: Link) -> bool:
        a, b = camps.of(by_id[lk.source].actor), camps.of(by_id[lk.target].actor)
        return a is not None and b is not None and a != b

    cross = sum(1 for lk in contra if across(lk))
    docs = {by_id[c].document for c in comp}
    dates = sorted(d.published for d in (documents.get(x) for x in docs) if d is not None and d.published)
    first, last = (dates[0], dates[-1]) if dates else (None, None)
    recency = 0.0
    if last and span and span[1] > span[0]:
        recency = (last - span[0]).days / (span[1] - span[0]).days
    w = WEIGHTS
    score = (
        w["cross_camp_contradictions"] * math.log2(1 + cross)
        + w["other_contradictions"] * math.log2(1 + len(contra) - cross)
        + w["camps"] * math.log2(max(1, len(per_camp)))
        + w["documents"] * math.log2(max(1, len(docs)))
        + w["recency"] * recency
        + w["claims"] * math.log2(len(comp))
    )
    status_rank = {Status.accepted: 0, Status.edited: 0, Status.proposed: 1, Status.rejected: 2}
    if contra:
        best = min(contra, key=lambda lk: (not across(lk), status_rank[lk.status], -lk.confidence, lk.id))
        top = _line(best, by_id, graph, " ✕ ", texts)
    else:
        best = min(inner, key=lambda lk: (status_rank[lk.status], -lk.confidence, lk.id))
        top = _line(best, by_id, graph, " → " if best.relation is Relation.supports else " = ", texts)
    actors = tuple(
        DisputeActor(id=a, name=graph.name(a), claims=n, camp=camps.of(a))
        for a, n in sorted(per_actor.items(), key=lambda kv: (-kv[1], kv[0]))
    )
    return Dispute(
        claims=tuple(comp),
        links=dict(sorted(relations.items())),
        contradictions=len(contra),
        cross_camp=cross,
        actors=actors,
        camps=tuple(camps.name(k) for k, _ in sorted(per_camp.items(), key=lambda kv: (-kv[1], kv[0]))),
        documents=len(docs),
        first=first,
        last=last,
        undated=sum(1 for x in docs if documents.get(x) is None or documents[x].published is None),
        top=top,
        score=round(score, 3),
        trivial=not contra and (len(per_camp) <= 1 or len(comp) <= 2),
    )


def _line(link: Link, by_id: dict[str, Claim], graph: ActorGraph, joint: str, texts) -> str:
    text = texts((link.source, link.target))

    def side(c: Claim) -> str:
        return f"{graph.name(c.actor)}: “{_cut(text[c.id], 80)}”"

    return side(by_id[link.source]) + joint + side(by_id[link.target])


# ---------------------------------------------------------------------------------------------
# Cutting a big dispute into parts by sub-topic


def split(ids: Sequence[str], links: Iterable[Link], cap: int) -> list[list[str]]:
    """Cut the connected group `ids` into parts of at most `cap` claims, along its sub-topics.

    Greedy modularity (Clauset, Newman and Moore's merge order) under a size cap: every claim starts
    alone, and the two linked parts whose merge gains most modularity are merged, as long as the
    merge fits in `cap`; merges that lose modularity come last, so communities form first and stray
    claims then join the part they are linked to. Parts that end up small (under a quarter of `cap`)
    are packed together. Integer arithmetic, ties broken by claim order: deterministic.

    Returns:
        Parts in corpus order of their first claim, each in corpus order (`ids` order).
    """
    pos = {c: i for i, c in enumerate(ids)}
    if len(ids) <= cap:
        return [list(ids)]
    weight: dict[int, dict[int, int]] = defaultdict(dict)
    for lk in links:
        a, b = pos.get(lk.source), pos.get(lk.target)
        if a is None or b is None or a == b:
            continue
        weight[a][b] = weight[a].get(b, 0) + 1
        weight[b][a] = weight[b].get(a, 0) + 1
    deg = {i: sum(weight[i].values()) for i in range(len(ids))}
    two_m = sum(deg.values()) or 1
    members = {i: [i] for i in range(len(ids))}
    version = dict.fromkeys(members, 0)

    def gain(i: int, j: int) -> int:  # modularity gain x (2m)^2 / 2, exact
        return two_m * weight[i][j] - deg[i] * deg[j]

    heap = [(-gain(i, j), i, j, 0, 0) for i in weight for j in weight[i] if i < j]
    heapq.heapify(heap)
    while heap:
        _, i, j, vi, vj = heapq.heappop(heap)
        if i not in members or j not in members or version[i] != vi or version[j] != vj:
            continue
        if len(members[i]) + len(members[j]) > cap:
            continue
        keep, gone = min(i, j), max(i, j)
        members[keep] += members.pop(gone)
        deg[keep] += deg.pop(gone)
        for k, w in weight.pop(gone).items():
            if k == keep:
                continue
            weight[keep][k] = weight[keep].get(k, 0) + w
            weight[k][keep] = weight[k].get(keep, 0) + w
            del weight[k][gone]
        weight[keep].pop(gone, None)
        version[keep] += 1
        for k in weight[keep]:
            if len(members[keep]) + len(members[k]) <= cap:
                a, b = min(keep, k), max(keep, k)
                heapq.heappush(heap, (-gain(a, b), a, b, version[a], version[b]))
    # Small parts join the part they are most linked to when it has room, else share a page.
    small = sorted((g for g in members if len(members[g]) * 4 < cap), key=lambda g: (-len(members[g]), g))
    loose: list[list[int]] = []
    for g in small:
        if g not in members:
            continue
        linked = sorted((k for k in weight[g] if k in members and len(members[k]) + len(members[g]) <= cap),
                        key=lambda k: (-weight[g][k], k))
        if linked:
            members[linked[0]] += members.pop(g)
            continue
        piece = members.pop(g)
        for page in loose:
            if len(page) + len(piece) <= cap:
                page.extend(piece)
                break
        else:
            loose.append(list(piece))
    parts = [*members.values(), *loose]
    return sorted(([ids[i] for i in sorted(p)] for p in parts), key=lambda p: pos[p[0]])
