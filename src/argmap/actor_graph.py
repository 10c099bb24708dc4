"""The actor graph: parents, roots, sides, descendants (pure, no I/O).

One home for walking `Actor.parent` and `Actor.side`: linking (parties), comparison (who a query
covers), the diagrams (colours, camps) and the actor resolver all ask this module.

* **parent** — an actor's `parent` when that actor is known and following parents from it does
  not come back to the actor (a cycle in a hand-written registry gives no parent, not a hang);
* **chain** — the actor and its ancestors, innermost first; **root** — the last of the chain. A
  chain holds at most `MAX_DEPTH` actors: an actor further down hangs from its ancestor
  `MAX_DEPTH - 1` levels below the root (it keeps its root and side; the levels in between are cut
  from its chain, deterministically), so a hostile registry or import cannot make every lookup walk
  thousands of levels;
* **side chain** — the chain, then the chain of the last one's `affiliation` (a campaign spokesman
  speaks for the campaign, the campaign for its candidate), and so on;
* **declared side** — the actor's `side`, else the nearest one's on the side chain (`actors.yaml`,
  or a reviewer's `argmap actors side`);
* **inferred side** — `Actor.inferred_side` (set by `argmap link` from who accuses, condemns,
  denies and contradicts whom: `linking.parties.Parties.inferred_sides`), the actor's or its nearest
  ancestor's; a declared side anywhere on the chain wins;
* **effective side** — declared, else inferred;
* **descendants** — every actor whose chain reaches an actor; **members** — the actors on a side.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .errors import InputError
from .model import Actor

#: Most actors on one chain (the actor, its parent, ... its root). Real hierarchies are a few
#: levels deep (a spokesman, a ministry, a government); deeper chains are cut (see the docstring).
MAX_DEPTH = 32


class ActorGraph:
    """Lookups over a set of actors (the first actor of an id wins).

    Parents are worked out once, in one pass over the actors (each is walked up to an actor already
    placed); chains and side chains are computed once per actor and kept."""

    def __init__(self, actors: Iterable[Actor]) -> None:
        self.by_id: dict[str, Actor] = {}
        for a in actors:
            self.by_id.setdefault(a.id, a)
        self.parent_of: dict[str, str] = {}
        level: dict[str, int] = {}  # 1 for a root; 0 while on the walk, -1 when the walk loops
        anchor: dict[str, str] = {}  # an actor at level >= MAX_DEPTH - 1 -> its ancestor at that level
        for aid in self.by_id:
            # Walk up once to an actor already placed (or a loop, or the end), then place the walk
            # top-down: every actor is visited a bounded number of times, whatever the depth.
            path, at = [], aid
            while at in self.by_id and at not in level:
                level[at] = 0
                path.append(at)
                at = self.by_id[at].parent
            above = level.get(at)  # None: the chain ends (no parent, or one nobody knows)
            for x in reversed(path):
                if above is not None and above <= 0:  # the walk came back on itself: no parent
                    level[x] = above = -1
                    continue
                parent = self.by_id[x].parent
                level[x] = 1 if above is None else above + 1
                if above is not None:
                    self.parent_of[x] = anchor.get(parent, parent) if level[x] > MAX_DEPTH else parent
                if level[x] >= MAX_DEPTH - 1:
                    anchor[x] = anchor.get(parent, x) if level[x] > MAX_DEPTH - 1 else x
                above = level[x]
        self._chains: dict[str, tuple[str, ...]] = {}
        self._side_chains: dict[str, tuple[str, ...]] = {}

    def __contains__(self, actor_id: object) -> bool:
        return actor_id in self.by_id

    def get(self, actor_id: str | None) -> Actor | None:
        return self.by_id.get(actor_id) if actor_id is not None else None

    def parent(self, actor_id: str) -> str | None:
        return self.parent_of.get(actor_id)

    def chain(self, actor_id: str) -> list[str]:
        """`actor_id` and its known ancestors, innermost first (at most MAX_DEPTH of them)."""
        return list(self._chain(actor_id))

    def _chain(self, actor_id: str) -> tuple[str, ...]:
        got = self._chains.get(actor_id)
        if got is None:
            parent = self.parent_of.get(actor_id)
            # at most MAX_DEPTH levels: the recursion is as deep as the chain
            got = (actor_id, *self._chain(parent)) if parent is not None else (actor_id,)
            self._chains[actor_id] = got
        return got

    def root(self, actor_id: str) -> str:
        """The outermost known ancestor (a ministry -> its government), or the actor itself."""
        return self._chain(actor_id)[-1]

    def side_chain(self, actor_id: str) -> list[str]:
        """Whom the actor speaks for, nearest first: its parent chain, then (for a person affiliated
        with an organisation: a campaign's spokesman) the affiliation's chain, and so on; no repeats,
        at most MAX_DEPTH affiliations followed."""
        return list(self._side_chain(actor_id))

    def _side_chain(self, actor_id: str) -> tuple[str, ...]:
        got = self._side_chains.get(actor_id)
        if got is not None:
            return got
        out: dict[str, None] = {}  # ordered, with fast lookups
        aid: str | None = actor_id
        for _ in range(MAX_DEPTH):
            if aid is None or aid in out:
                break
            for x in self._chain(aid):
                if x in out:
                    aid = None
                    break
                out[x] = None
            else:
                last = self.by_id.get(x)
                aid = last.affiliation if last is not None and last.affiliation in self.by_id else None
        got = self._side_chains[actor_id] = tuple(out)
        return got

    def declared_side(self, actor_id: str | None) -> str | None:
        """The actor's declared side, else its nearest ancestor's (or affiliation's)."""
        if actor_id is None:
            return None
        for aid in self._side_chain(actor_id):
            actor = self.by_id.get(aid)
            if actor is not None and actor.side:
                return actor.side
        return None

    #: the declared side is what most callers mean by "side"
    side = declared_side

    def inferred_side(self, actor_id: str | None) -> Actor | None:
        """The actor on the chain that carries the inferred side (the actor or its nearest ancestor
        with `inferred_side`), or None; None as well when a side is declared on the chain."""
        if actor_id is None or self.declared_side(actor_id) is not None:
            return None
        for aid in self._side_chain(actor_id):
            actor = self.by_id.get(aid)
            if actor is not None and actor.inferred_side:
                return actor
        return None

    def effective_side(self, actor_id: str | None) -> str | None:
        """Declared side, else inferred side, else None."""
        declared = self.declared_side(actor_id)
        if declared is not None:
            return declared
        carrier = self.inferred_side(actor_id)
        return carrier.inferred_side if carrier is not None else None

    def declared_sides(self) -> set[str]:
        """Declared side ids."""
        return {a.side for a in self.by_id.values() if a.side}

    sides = declared_sides

    def effective_sides(self) -> set[str]:
        """Side ids, declared or inferred, of the actors."""
        return {s for s in (self.effective_side(a) for a in self.by_id) if s}

    def descendants(self, actor_id: str) -> list[str]:
        """`actor_id` and every actor whose parent chain reaches it, sorted."""
        return sorted(a for a in self.by_id if actor_id in self._chain(a))

    def members(self, side: str) -> list[str]:
        """The actors whose declared side is `side`, sorted."""
        return sorted(a for a in self.by_id if self.declared_side(a) == side)

    def name(self, actor_id: str | None) -> str:
        if actor_id is None:
            return "unattributed"
        actor = self.by_id.get(actor_id)
        return " ".join(actor.name.split()) if actor else actor_id

    def with_ancestors(self, actor_ids: Iterable[str]) -> set[str]:
        """`actor_ids` with the known ancestors and affiliations of each (what a store or a map must keep)."""
        out: set[str] = set()
        todo = list(actor_ids)
        while todo:
            aid = todo.pop()
            for x in self._chain(aid):
                if x in out:
                    continue
                out.add(x)
                aff = self.by_id[x].affiliation if x in self.by_id else None
                if aff in self.by_id and aff not in out:
                    todo.append(aff)
        return out


#: what a side id looks like: a slug ("aes", "rebels", "mali-government-camp")
SIDE_ID = re.compile(r"[a-z0-9][a-z0-9._-]{0,79}")


def check_side_id(side: str) -> str:
    """`side` if it is a valid side id, else InputError with what a side id must be."""
    if not isinstance(side, str) or not SIDE_ID.fullmatch(side):
        raise InputError(f"side {side!r}: use a slug of at most 80 characters (lower-case letters, digits, '-', '_', '.')")
    return side
