"""Who is compared: resolve 'Mali', 'algeria-government' or 'side:aes' to a set of actors (pure).

A query names an actor (by id, name or alias, case-insensitive) or a declared side (by id). An actor
covers its sub-actors (a government its ministries and spokespeople: every actor whose parent chain
reaches it); a side covers every actor on it (an actor without a side of its own takes its nearest
ancestor's). `actor:ID` and `side:ID` force one reading. Precedence without a prefix: actor id,
side id, actor name, actor alias. A query that fits several unrelated actors equally is an error
that lists them, never a guess.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from argmap.actor_graph import ActorGraph
from argmap.errors import InputError, NotFoundError

from .model import Party, PartyKey


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("’", "'").replace("‘", "'")
    return " ".join(text.casefold().split())


class Actors(ActorGraph):
    """The map's actor graph, with sides as a comparison sees them: a declared side, else the side
    `argmap link` inferred (`side:mali-government-camp` compares two inferred camps)."""

    def side(self, actor_id: str | None) -> str | None:
        return self.effective_side(actor_id)

    def sides(self) -> set[str]:
        return self.effective_sides()

    def members(self, side: str) -> list[str]:
        return sorted(a for a in self.by_id if self.effective_side(a) == side)


def resolve(query: str, actors: Actors, key: PartyKey, *, used: Iterable[str] = ()) -> Party:
    """The party a query names.

    Args:
        query: an actor id, name or alias, a side id, or `actor:ID` / `side:ID`.
        actors: the map's actors.
        key: "a" or "b".
        used: actor ids of the other party (the two must not overlap).

    Raises:
        NotFoundError: nothing matches (the message lists close actors and the sides).
        InputError: the query is empty, ambiguous, or covers actors of the other party.
    """
    q = query.strip()
    if not q:
        raise InputError(f"party {key.upper()} is empty; give an actor id, name or alias, or a side id")
    forced = None
    if ":" in q and q.split(":", 1)[0].lower() in ("actor", "side"):
        forced, q = q.split(":", 1)[0].lower(), q.split(":", 1)[1].strip()
    nq = _norm(q)
    sides = {_norm(s): s for s in actors.sides()}
    party: Party | None = None
    if forced != "side":
        ids = [a for a in actors.by_id if _norm(a) == nq]
        if ids:
            party = _actor_party(key, query, ids[0], actors, f"actor id {ids[0]}")
    if party is None and forced != "actor" and nq in sides:
        side = sides[nq]
        members = actors.members(side)
        roots = [m for m in members if actors.by_id[m].parent not in members]
        # a side made of one body and its parts is named after the body ("Government of Algeria")
        name = f"{actors.name(roots[0])} (side {side})" if len(roots) == 1 else f"side {side}"
        party = Party(key=key, query=query, id=side, kind="side", name=name, matched=f"side id {side}",
                      actors=members, sides=[side])
    if party is None and forced != "side":
        for what, get in (("name", lambda a: [a.name]), ("alias", lambda a: a.aliases)):
            hits = sorted(a.id for a in actors.by_id.values() if any(_norm(x) == nq for x in get(a)))
            if hits:
                # an alias shared by a body and its own sub-actors means the body
                tops = sorted({h for h in hits if not any(o != h and o in actors.chain(h) for o in hits)})
                if len(tops) > 1:
                    raise InputError(
                        f"{query!r} is the {what} of several actors: {', '.join(tops)}; give one of these ids"
                    )
                party = _actor_party(key, query, tops[0], actors, f"{what} of {tops[0]}")
                break
    if party is None:
        raise NotFoundError(_not_found(query, nq, actors, forced))
    overlap = sorted(set(party.actors) & set(used))
    if overlap:
        raise InputError(
            f"{query!r} ({party.id}) overlaps the other party on {', '.join(overlap[:5])}; compare two distinct "
            "actors or sides"
        )
    return party


def _actor_party(key: PartyKey, query: str, actor_id: str, actors: Actors, matched: str) -> Party:
    members = actors.descendants(actor_id)
    return Party(
        key=key, query=query, id=actor_id, kind="actor", name=actors.name(actor_id), matched=matched,
        actors=members, sides=sorted({s for s in (actors.side(m) for m in members) if s}),
    )


def _not_found(query: str, nq: str, actors: Actors, forced: str | None) -> str:
    close = sorted(
        a.id for a in actors.by_id.values()
        if nq in _norm(a.id) or nq in _norm(a.name) or any(nq in _norm(x) for x in a.aliases)
    )[:8]
    parts = [f"no {forced or 'actor or side'} matches {query!r}"]
    if close:
        parts.append("did you mean: " + ", ".join(close))
    sides = sorted(actors.sides())
    if sides and forced != "actor":
        parts.append("sides: " + ", ".join(sides))
    if not close:
        parts.append("see `argmap actors` for ids")
    return "; ".join(parts)
