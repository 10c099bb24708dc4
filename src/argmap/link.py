"""Linking: propose supports / contradicts / restates links between claims (pure).

First version: claims that answer each other through an explicit denial cue, and claims of
different actors that share key terms. Replaced by the full linker of issue 5.
"""

from __future__ import annotations

import re

from .model import Actor, Claim, Document, Link, Relation, SpeechAct

STOP = set("the a an of to in on and or for by with from at as that this these those is was were be been has have had it its their they".split())


def _terms(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]{4,}", text.lower()) if w not in STOP}


def link_claims(claims: list[Claim], actors: list[Actor], documents: list[Document]) -> list[Link]:
    """Propose links between `claims`. Deterministic: same input, same links."""
    links: dict[str, Link] = {}
    terms = {c.id: _terms(c.text) for c in claims}
    for i, a in enumerate(claims):
        for b in claims[i + 1 :]:
            if a.actor is None or b.actor is None or a.actor == b.actor:
                continue
            shared = terms[a.id] & terms[b.id]
            if len(shared) < 2:
                continue
            rel = Relation.contradicts if SpeechAct.denial in (a.kind, b.kind) else Relation.supports
            src, dst = (b, a) if b.kind == SpeechAct.denial else (a, b)
            link = Link(
                id=Link.make_id(src.id, dst.id, rel), source=src.id, target=dst.id, relation=rel,
                confidence=min(0.9, 0.2 + 0.1 * len(shared)),
                reason=f"shared terms: {', '.join(sorted(shared)[:5])}", method="shared-terms",
            )
            links[link.id] = link
    return sorted(links.values(), key=lambda lk: lk.id)
