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

from collections import defaultdict, deque
from dataclasses import dataclass

from ..actor_graph import ActorGraph
from ..countries import countries
from ..model import Actor, ActorKind
from .lexicon import words

SAME_ACTOR, SAME_PARTY, CAMP, ALLIED, OPPOSED, NEUTRAL = "same-actor", "same-party", "same-camp", "allied", "opposed", "neutral"


class Parties:
    """Party of every actor, and the relation between two parties."""

    def __init__(self, actors: list[Actor]):
        self.graph = ActorGraph(actors)
        self.actors = self.graph.by_id
        self.claims_of: dict[str, list[str]] = defaultdict(list)  # camp -> ids of its claims blaming another
        self.blames: dict[tuple[str, str], list[str]] = defaultdict(list)  # (camp, blamed camp) -> claim ids
        self.mixed: set[str] = set()  # actors named after two or more countries ("Mali and Algeria")
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
                hits = []
                for i in range(len(toks)):
                    hit = country_words.get(" ".join(toks[i : i + 2])) or country_words.get(toks[i])
                    if hit and hit != party:
                        hits.append(hit)
                if hits:
                    self.affinity[party] = hits[0]
                    if len(set(hits)) > 1:
                        self.mixed.add(a.id)

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
        """Declared side ('side:<id>'), else the root of the side chain (parents, then affiliation:
        `ActorGraph.side_chain`), else the actor itself."""
        if actor_id in self._party:
            return self._party[actor_id]
        actor = self.actors.get(actor_id) if actor_id is not None else None
        if actor is not None and actor.kind == ActorKind.generic:
            self._party[actor_id] = None  # "you", "someone": nobody's party
            return None
        side = self.graph.declared_side(actor_id) if actor_id in self.graph else None
        if side:
            result = f"side:{side}"
        elif actor_id in self.graph and len(self.graph.side_chain(actor_id)) > len(self.graph.chain(actor_id)):
            result = self.root(self.graph.side_chain(actor_id)[-1])  # a spokesman speaks for the campaign's candidate
        else:
            result = self.root(actor_id)
        self._party[actor_id] = result
        return result

    def root(self, actor_id: str | None) -> str | None:
        """The root of the actor's parent chain, whatever its side (a ministry -> its government); a
        parent id that names no known actor is the root."""
        if actor_id not in self.graph:
            return actor_id
        top = self.graph.root(actor_id)
        parent = self.actors[top].parent
        return parent if parent and parent not in self.graph else top

    def camp(self, party: str | None) -> str | None:
        """The government a group leans towards, else the party itself."""
        return self.affinity.get(party, party) if party else None

    def disputant(self, party: str | None) -> bool:
        """Is the party in a dispute: it blames, or is blamed or denied by, another party (inferred),
        or belongs to a declared side?"""
        camp = self.camp(party)
        return bool(camp) and (camp.startswith("side:") or bool(self.opposed.get(camp)))

    def add_opposition(self, p: str | None, q: str | None, why: str) -> None:
        p, q = self.camp(p), self.camp(q)
        if not p or not q or p == q or self._declared(p, q) is not None:
            return
        self.opposed[p].add(q)
        self.opposed[q].add(p)
        self.evidence.setdefault(frozenset((p, q)), why)
        self.claims_of[p].append(why)
        self.blames[(p, q)].append(why)

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
        if p is None or q is None:
            return NEUTRAL  # a generic speaker ("you", "someone") is nobody's party
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


@dataclass(frozen=True)
class InferredSide:
    """A side argmap inferred for an actor, with how sure it is and why."""

    side: str
    confidence: float
    reason: str


def _side_id(party: str) -> str:
    """The id of the side a party leads: a declared side keeps its id, else '<party>-camp'."""
    return party[5:] if party.startswith("side:") else f"{party}-camp"


def infer_sides(parties: Parties) -> dict[str, InferredSide]:
    """Sides for the actors without a declared one, from the oppositions `parties` found (call after
    `settle`): actor id -> InferredSide.

    Notes:
        The camps that oppose each other form a graph; each connected part is split in two by
        alternating from its most outspoken camp (the one whose claims blame others most): a
        camp's opponents are on the other side, their opponents on its side. A camp reachable on
        both sides (it opposes both) is left without a side. A side is named after its most
        outspoken camp ('mali-government-camp'), or after a declared side in it. An actor's side is
        its camp's; confidence grows with the number of claims behind the opposition (0.6 for one,
        0.75 for two, up to 0.9) and is 0.1 lower for an actor that leans towards a camp (people of
        a capital) rather than being part of it.
    """
    camps = sorted(parties.opposed)
    colour: dict[str, int] = {}
    component: dict[str, int] = {}
    conflicted: set[str] = set()
    loud = lambda c: (-len(parties.claims_of.get(c, ())), c)  # noqa: E731
    for start in sorted(camps, key=loud):
        if start in colour:
            continue
        comp = len(set(component.values()))
        colour[start], component[start] = 0, comp
        queue = deque([start])
        while queue:
            c = queue.popleft()
            for o in sorted(parties.opposed[c]):
                want = 1 - colour[c]
                if o not in colour:
                    colour[o], component[o] = want, comp
                    queue.append(o)
                elif colour[o] != want:
                    conflicted.update((o, c))
    groups: dict[tuple[int, int], list[str]] = defaultdict(list)
    for c in camps:
        if c not in conflicted:
            groups[(component[c], colour[c])].append(c)
    side_of: dict[str, str] = {}
    for key, members in groups.items():
        declared = sorted(m for m in members if m.startswith("side:"))
        leader = declared[0] if declared else sorted(members, key=loud)[0]
        for m in members:
            side_of[m] = _side_id(leader)
    out: dict[str, InferredSide] = {}
    for aid in sorted(parties.actors):
        if parties.graph.declared_side(aid) is not None:
            continue
        party = parties.party(aid)
        camp = parties.camp(party)
        if camp not in side_of:
            continue
        if aid in parties.mixed:
            continue  # "Mali and Algeria": a group of both camps leans towards neither
        phrases, claims = [], set()
        for o in sorted(parties.opposed[camp]):
            for verb, ids in (("blames", parties.blames.get((camp, o))), ("is blamed by", parties.blames.get((o, camp)))):
                if ids:
                    claims.update(ids)
                    more = f" and {len(set(ids)) - 1} more" if len(set(ids)) > 1 else ""
                    phrases.append(f"{verb} {parties.name(o)} (claim {ids[0]}{more})")
        n = len(claims)
        conf = min(0.9, 0.45 + 0.15 * n)
        reason = "; ".join(phrases[:3]) + ("; ..." if len(phrases) > 3 else "")
        if camp != party:
            conf -= 0.1
            reason = f"leans towards {parties.name(camp)}, which {reason}"
        elif camp != aid:
            reason = f"part of {parties.name(camp)}, which {reason}"
        out[aid] = InferredSide(side=side_of[camp], confidence=round(max(0.3, conf), 2), reason=reason)
    return out
