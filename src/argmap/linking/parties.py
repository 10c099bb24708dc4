"""Parties: which actors speak for the same side, and which sides oppose each other (pure).

An actor's party is its declared `side` (actors.yaml `sides:`), else the root of its `parent`
chain (a ministry speaks for its government). Groups, media and people named after a country or
city ('people-bamako', 'moroccan-media') lean towards that country's government (affinity).

When sides are not declared, opposition is inferred from the claims themselves: a party that
accuses or condemns another, names it as target, or names it next to words of blame ('hostile',
'sponsors terrorism', 'Malian incursion') opposes it; opposition is symmetric and holds between
camps. Two camps that oppose a common third camp and not each other are allies. Declared sides
always win over inferred relations.
"""

from __future__ import annotations

from collections import defaultdict

from ..actors import countries
from ..model import Actor, ActorKind
from .lexicon import words

SAME_ACTOR, SAME_PARTY, CAMP, ALLIED, OPPOSED, NEUTRAL = "same-actor", "same-party", "same-camp", "allied", "opposed", "neutral"


class Parties:
    """Party of every actor, and the relation between two parties."""

    def __init__(self, actors: list[Actor]):
        self.actors = {a.id: a for a in actors}
        self.gov_of_country = self._governments(actors)
        self._party: dict[str | None, str | None] = {None: None}
        self.affinity: dict[str, str] = {}  # party -> government party it leans towards
        self.opposed: dict[str, set[str]] = defaultdict(set)
        self.evidence: dict[frozenset[str], str] = {}  # why two parties are opposed (for reasons)
        self.allies: dict[str, set[str]] = defaultdict(set)
        country_words = self._country_words()
        for a in sorted(actors, key=lambda a: a.id):
            party = self.party(a.id)
            if a.kind in (ActorKind.group, ActorKind.media, ActorKind.person, ActorKind.unknown) and not a.side and party == a.id:
                toks = words(a.id.replace("-", " ")) + words(a.name)
                for i in range(len(toks)):
                    hit = country_words.get(" ".join(toks[i : i + 2])) or country_words.get(toks[i])
                    if hit and hit != party:
                        self.affinity[party] = hit
                        break

    @staticmethod
    def _governments(actors: list[Actor]) -> dict[str, str]:
        """Country slug -> the id of the actor that is its government (registry ids win)."""
        by_name = {}
        for a in actors:
            if a.kind == ActorKind.government and a.parent is None:
                for n in (a.name, *a.aliases):
                    by_name.setdefault(n.lower(), a.id)
        out = {}
        ids = {a.id for a in actors}
        for c in countries():
            if c.government_id in ids:
                out[c.slug] = c.government_id
                continue
            for n in (c.name, *c.capitals):
                if n.lower() in by_name:
                    out[c.slug] = by_name[n.lower()]
                    break
            else:
                out[c.slug] = c.government_id
        return out

    def _country_words(self) -> dict[str, str]:
        out = {}
        for c in countries():
            gov = self.party(self.gov_of_country.get(c.slug, c.government_id))
            for n in (c.name, *c.other, *c.capitals, *c.demonyms):
                key = " ".join(words(n))
                if key:
                    out.setdefault(key, gov)
        return out

    def party(self, actor_id: str | None) -> str | None:
        """Declared side ('side:<id>'), else the root of the parent chain, else the actor itself."""
        if actor_id in self._party:
            return self._party[actor_id]
        a = self.actors.get(actor_id)
        seen = {actor_id}
        result = actor_id
        while a is not None:
            if a.side:
                result = f"side:{a.side}"
                break
            result = a.id
            if not a.parent or a.parent in seen:
                break
            seen.add(a.parent)
            nxt = self.actors.get(a.parent)
            if nxt is None:
                result = a.parent
                break
            a = nxt
        self._party[actor_id] = result
        return result

    def root(self, actor_id: str | None) -> str | None:
        """The root of the actor's parent chain, whatever its side (a ministry -> its government)."""
        seen = set()
        while actor_id in self.actors and self.actors[actor_id].parent and actor_id not in seen:
            seen.add(actor_id)
            actor_id = self.actors[actor_id].parent
        return actor_id

    def camp(self, party: str | None) -> str | None:
        """The government a group leans towards, else the party itself."""
        return self.affinity.get(party, party) if party else None

    def add_opposition(self, p: str | None, q: str | None, why: str) -> None:
        p, q = self.camp(p), self.camp(q)
        if not p or not q or p == q or self._declared(p, q) is not None:
            return
        self.opposed[p].add(q)
        self.opposed[q].add(p)
        self.evidence.setdefault(frozenset((p, q)), why)

    @staticmethod
    def _declared(p: str, q: str) -> str | None:
        if p.startswith("side:") and q.startswith("side:"):
            return SAME_PARTY if p == q else OPPOSED
        return None

    def settle(self) -> None:
        """Close the inferred relations: common opponents make allies."""
        # the opponents of one party are allies unless they oppose each other (cost: sum of squares
        # of the opponent counts, small next to the claims)
        for r in sorted(self.opposed):
            opps = sorted(self.opposed[r])
            for i, p in enumerate(opps):
                for q in opps[i + 1 :]:
                    if q not in self.opposed[p]:
                        self.allies[p].add(q)
                        self.allies[q].add(p)

    def relation(self, actor_a: str | None, actor_b: str | None) -> str:
        """same-actor, same-party, same-camp, allied, opposed or neutral."""
        if actor_a is None or actor_b is None:
            return NEUTRAL
        if actor_a == actor_b:
            return SAME_ACTOR
        p, q = self.party(actor_a), self.party(actor_b)
        if p == q:
            return SAME_PARTY
        declared = self._declared(p, q)
        if declared is not None:
            return declared
        p, q = self.camp(p), self.camp(q)
        if p == q:
            return CAMP
        declared = self._declared(p, q)  # a group leaning towards a declared side
        if declared is not None:
            return OPPOSED if declared == OPPOSED else CAMP
        if q in self.opposed.get(p, ()):
            return OPPOSED
        if q in self.allies.get(p, ()):
            return ALLIED
        return NEUTRAL

    def name(self, party: str | None) -> str:
        """A display name for a party ('Government of Mali', 'side: AES')."""
        if party is None:
            return "unknown"
        a = self.actors.get(party)
        return a.name if a else party
