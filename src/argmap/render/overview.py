"""The actor overview: who contradicts and who supports whom across the whole corpus (pure).

One node per top actor (a ministry's links count for its government), one line per pair of actors
and relation, as thick as the number of links between them (the count is its label), actors of one
camp (a side, declared or inferred, or a group leaning towards its country's government) inside one
frame. It answers "who is in this corpus, and who is against whom" before a reader opens a claim map.
Pure like diagram.py: no files, no Graphviz, no DOT syntax (dot.py prints it).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict

from pydantic import Field

from argmap.model import Relation

from .diagram import NAME_CHARS, TOOLTIP_CHARS, _clean, _cut, _Index, _tint, _View
from .style import DiagramStyle

#: How many example pairs of claims an edge's tooltip lists.
EXAMPLES = 4


class ActorNode(_View):
    id: str = Field(description="The (top) actor id")
    label: str
    sublabel: str = Field(description="Claims and links, e.g. '12 claims · 5 contradictions'")
    tooltip: str
    camp: str | None = Field(default=None, description="Id of the camp frame holding it")
    color: str
    fill: str
    weight: int = Field(description="Links to other actors (its order: most linked first)")


class ActorEdge(_View):
    id: str
    source: str
    target: str
    relation: Relation
    weight: int = Field(description="Number of links")
    label: str
    tooltip: str
    color: str
    penwidth: float
    dir: str
    arrowhead: str
    arrowtail: str


class CampFrame(_View):
    id: str = Field(description="'camp:<key>'")
    label: str
    tooltip: str
    color: str
    fill: str


class ActorOverview(_View):
    """Everything needed to print the actor overview."""

    name: str = "actors"
    title: str
    subtitle: str
    nodes: tuple[ActorNode, ...]
    edges: tuple[ActorEdge, ...]
    camps: tuple[CampFrame, ...]
    notes: tuple[str, ...] = ()
    style: DiagramStyle


def overview(index: _Index) -> ActorOverview:
    """The actor overview of the claims and links `index` shows."""
    s = index.style
    graph = index.graph
    claims = index.claims

    def top(actor_id: str | None) -> str | None:
        if actor_id is None:
            return None
        actor = graph.get(actor_id)
        if actor is not None and actor.kind.value == "generic":
            return None  # "you", "someone": nobody in particular
        return graph.root(actor_id)

    n_claims: Counter[str] = Counter()
    for cid in index.visible:
        t = top(claims[cid].actor)
        if t:
            n_claims[t] += 1
    pairs: dict[tuple[str, str, Relation], list[tuple[str, str]]] = defaultdict(list)
    inner: Counter[tuple[str, Relation]] = Counter()  # links between claims of one actor
    for link in index.links:
        if link.relation is Relation.restates:
            continue  # the same statement said again: no one for or against anyone
        a, b = top(claims[link.source].actor), top(claims[link.target].actor)
        if a is None or b is None:
            continue
        if a == b:
            inner[(a, link.relation)] += 1
            continue
        key = (*sorted((a, b)), link.relation) if link.relation.symmetric else (a, b, link.relation)
        pairs[key].append((link.source, link.target))
    weight: Counter[str] = Counter()
    for (a, b, _), got in pairs.items():
        weight[a] += len(got)
        weight[b] += len(got)
    # The strongest pairs first (contradictions before supports) until the actors are drawn: an
    # actor is only drawn with a partner, never alone because its partners did not fit.
    shown: set[str] = set()
    for a, b, _rel in sorted(pairs, key=lambda k: (k[2] is not Relation.contradicts, -len(pairs[k]), k[0], k[1])):
        if len(shown | {a, b}) <= s.overview_max_actors:
            shown |= {a, b}
    ranked = sorted(weight, key=lambda a: (-weight[a], a))
    notes = []
    if len(ranked) > len(shown):
        notes.append(f"{len(shown)} of {len(ranked)} linked actors are drawn (the strongest links first); "
                     f"{len(ranked) - len(shown)} others are in the dispute maps.")
    unlinked = len(set(n_claims) - set(weight))
    if unlinked:
        notes.append(f"{unlinked} actors whose claims link to no other actor's are not drawn.")

    # camps: a frame for each camp with two or more drawn actors
    camp_of = {a: index.camps.of(a) for a in shown}
    members = Counter(c for c in camp_of.values() if c)
    frames = {c for c, n in members.items() if n >= 2}
    camps = []
    for c in sorted(frames):
        color = index.colors.get(f"side:{c[5:]}" if c.startswith("side:") else f"actor:{c}", s.neutral_color)
        who = sorted((a for a in shown if camp_of[a] == c), key=lambda a: (-weight[a], a))
        label = index.camps.name(c)
        if c.startswith("side:"):
            declared = c[5:] in graph.declared_sides()
            label = f"side: {c[5:]}" if declared else f"inferred side: {c[5:]}"
        else:
            label = f"camp of {label}"
        camps.append(CampFrame(
            id=f"camp:{c}", label=_cut(label, NAME_CHARS),
            tooltip=_cut(label + "\nactors: " + ", ".join(index.actor_name(a) for a in who), TOOLTIP_CHARS),
            color=color, fill=_tint(color, s.side_tint)))

    def counts(a: str) -> str:
        got = Counter()
        for (x, y, rel), links in pairs.items():
            if x == a or y == a:
                got[rel] += len(links)
        words = [f"{n_claims[a]} claim{'s' if n_claims[a] != 1 else ''}"]
        for rel, word in ((Relation.contradicts, "contradiction"), (Relation.supports, "support")):
            if got[rel]:
                words.append(f"{got[rel]} {word}{'s' if got[rel] != 1 else ''}")
        return " · ".join(words)

    nodes = []
    for a in sorted(shown, key=lambda a: (-weight[a], a)):
        color = index.colors.get(index.color_key(a), s.neutral_color)
        actor = graph.get(a)
        tip = [index.actor_name(a)]
        if actor is not None and actor.kind.value != "unknown":
            tip.append(actor.kind.value.replace("_", " "))
        side = graph.effective_side(a)
        if side:
            tip.append(f"side: {side}")
        for rel in (Relation.contradicts, Relation.supports):
            if inner[(a, rel)]:
                tip.append(f"{inner[(a, rel)]} {rel.value} links between its own claims (not drawn)")
        tip.append(f"id: {a}")
        nodes.append(ActorNode(
            id=a, label=_cut(index.actor_name(a), NAME_CHARS), sublabel=counts(a),
            tooltip=_cut("\n".join(tip), TOOLTIP_CHARS), camp=f"camp:{camp_of[a]}" if camp_of[a] in frames else None,
            color=color, fill=_tint(color, s.cluster_tint), weight=weight[a]))

    drawn = [(key, links) for key, links in sorted(pairs.items(), key=lambda kv: (kv[0][0], kv[0][1], kv[0][2].value))
             if key[0] in shown and key[1] in shown]
    examples = {key: sorted(links, key=lambda st: (index.rank[st[0]], index.rank[st[1]]))[:EXAMPLES]
                for key, links in drawn}
    texts = index.texts({c for got in examples.values() for pair in got for c in pair})  # those claims only
    edges = []
    for (a, b, rel), links in drawn:
        es = s.edge_style(rel)
        n = len(links)
        verb = "contradict each other" if rel is Relation.contradicts else "supports"
        head = (f"{index.actor_name(a)} and {index.actor_name(b)} {verb}" if rel.symmetric
                else f"{index.actor_name(a)} {verb} {index.actor_name(b)}")
        tip = [f"{head}: {n} link{'s' if n != 1 else ''}"]
        for src, tgt in examples[(a, b, rel)]:
            tip.append(f"· “{_cut(_clean(texts[src]), 70)}” / “{_cut(_clean(texts[tgt]), 70)}”")
        edges.append(ActorEdge(
            id=f"{rel.value}:{a}:{b}", source=a, target=b, relation=rel, weight=n, label=str(n),
            tooltip=_cut("\n".join(tip), TOOLTIP_CHARS), color=es.color,
            penwidth=round(min(es.penwidth * (1 + math.log2(n)), 12.0), 2),
            dir=es.dir, arrowhead=es.arrowhead, arrowtail=es.arrowtail))
    n_contra = sum(e.weight for e in edges if e.relation is Relation.contradicts)
    n_support = sum(e.weight for e in edges if e.relation is Relation.supports)
    return ActorOverview(
        title=f"Who contradicts and supports whom: {len(index.doc_list)} document{'s' if len(index.doc_list) != 1 else ''}",
        subtitle=(f"{len(nodes)} actors · {n_contra} contradictions and {n_support} supports between them "
                  "(line width and number = links; frames = camps)"),
        nodes=tuple(nodes), edges=tuple(edges), camps=tuple(camps), notes=tuple(notes), style=s)
