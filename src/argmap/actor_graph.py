"""The actor graph: parents, roots, sides, descendants (pure, no I/O).

One home for walking `Actor.parent` and `Actor.side`: linking (parties), comparison (who a query
covers), the diagrams (colours, camps) and the actor resolver all ask this module.

* **parent** — an actor's `parent` when that actor is known and following parents from it does
  not come back to the actor (a cycle in a hand-written registry gives no parent, not a hang);
* **chain** — the actor and its ancestors, innermost first; **root** — the last of the chain;
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


class ActorGraph:
    """Lookups over a set of actors (the first actor of an id wins)."""

    def __init__(self, actors: Iterable[Actor]) -> None:
        self.by_id: dict[str, Actor] = {}
        for a in actors:
            self.by_id.setdefault(a.id, a)
        self.parent_of: dict[str, str] = {}
        for aid, actor in self.by_id.items():
            parent, seen = actor.parent, {aid}
            while parent in self.by_id and parent not in seen:
                seen.add(parent)
                parent = self.by_id[parent].parent
            if actor.parent in self.by_id and parent not in seen:  # the walk ended, it did not loop
                self.parent_of[aid] = actor.parent
        self._chains: dict[str, list[str]] = {}

    def __contains__(self, actor_id: object) -> bool:
        return actor_id in self.by_id

    def get(self, actor_id: str | None) -> Actor | None:
        return self.by_id.get(actor_id) if actor_id is not None else None

    def parent(self, actor_id: str) -> str | None:
        return self.parent_of.get(actor_id)

    def chain(self, actor_id: str) -> list[str]:
        """`actor_id` and its known ancestors, innermost first."""
        got = self._chains.get(actor_id)
        if got is None:
            got = [actor_id]
            while got[-1] in self.parent_of:
                got.append(self.parent_of[got[-1]])
            self._chains[actor_id] = got
        return list(got)

    def root(self, actor_id: str) -> str:
        """The outermost known ancestor (a ministry -> its government), or the actor itself."""
        return self.chain(actor_id)[-1]

    def side_chain(self, actor_id: str) -> list[str]:
        """Whom the actor speaks for, nearest first: its parent chain, then (for a person affiliated
        with an organisation: a campaign's spokesman) the affiliation's chain, and so on; no repeats."""
        out: list[str] = []
        aid: str | None = actor_id
        while aid is not None and aid not in out:
            for x in self.chain(aid):
                if x in out:
                    return out
                out.append(x)
            last = self.by_id.get(out[-1])
            aid = last.affiliation if last is not None and last.affiliation in self.by_id else None
        return out

    def declared_side(self, actor_id: str | None) -> str | None:
        """The actor's declared side, else its nearest ancestor's (or affiliation's)."""
        if actor_id is None:
            return None
        for aid in self.side_chain(actor_id):
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
        for aid in self.side_chain(actor_id):
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
        return sorted(a for a in self.by_id if actor_id in self.chain(a))

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
            for x in self.chain(aid):
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
