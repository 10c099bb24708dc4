"""Linking: propose supports / contradicts / restates links between claims (pure, no I/O).

`link_claims` builds one profile per claim (profile.py), works out parties and who opposes whom
(parties.py), finds the pairs worth comparing through blocking (blocking.py) and scores each
pair (score.py). The result is deterministic: the same claims, actors and documents always give
the same links, with ids from `Link.make_id`, sorted by id. Reviewed links are not this package's
business: the store keeps them when it replaces proposals. docs/linking.md explains the signals.
"""

from __future__ import annotations

import math
from collections import Counter

from ..model import Actor, Claim, Document, Link, Relation
from .blocking import BlockStats, antecedents, candidate_pairs
from .lexicon import lexicon
from .parties import Parties
from .profile import annotate_runs, build_profiles
from .score import Context, score_pair

__all__ = ["BlockStats", "link_claims", "prepare"]


def _idf(profiles) -> dict[str, float]:
    """Normalised inverse document frequency of every key over the claims, in [0.2, 1]."""
    df: Counter[str] = Counter()
    for p in profiles:
        df.update(p.content.keys())
        df.update(p.context.keys())
    n = max(len(profiles), 1)
    top = math.log(n + 1.0)
    return {k: 0.2 + 0.8 * min(1.0, math.log((n + 1.0) / c) / top) for k, c in df.items()}


def prepare(claims: list[Claim], actors: list[Actor], documents: list[Document],
            stats: BlockStats | None = None) -> tuple[list, list[tuple[int, int]], Context]:
    """Profiles, candidate pairs and scoring context of `claims` (the steps before scoring)."""
    lex = lexicon()
    parties = Parties(actors)
    profiles = build_profiles(claims, actors, documents, lex, parties)
    annotate_runs(profiles)
    for p in profiles:
        for blamed in sorted(p.blames):
            parties.add_opposition(p.party, blamed, p.claim.id)
    parties.settle()
    answers = antecedents(profiles, parties, int(lex.blocking.get("response_chars", 1500)))
    pairs = candidate_pairs(profiles, answers, lex.blocking, stats if stats is not None else BlockStats())
    ctx = Context(
        lex=lex, parties=parties, idf=_idf(profiles), answers={k: set(v) for k, v in answers.items()},
        names={a.id: a.name for a in actors}, profiles=profiles,
    )
    return profiles, pairs, ctx


def link_claims(claims: list[Claim], actors: list[Actor], documents: list[Document], *,
                stats: BlockStats | None = None) -> list[Link]:
    """Propose links between `claims`, across all `documents`.

    Args:
        claims: claims to link (rejected claims should already be left out).
        actors: the actors the claims refer to (parents and sides are used).
        documents: the documents holding the claims (texts give sentences and paragraphs).
        stats: filled with blocking counts when given (how many pairs were scored).

    Returns:
        Proposed links sorted by id, at most one per pair of claims.
    """
    profiles, pairs, ctx = prepare(claims, actors, documents, stats)
    links: dict[str, Link] = {}
    for i, j in pairs:
        link = score_pair(profiles[i], profiles[j], ctx)
        if link is not None:
            links[link.id] = link
    return sorted(_one_support_each(links.values(), profiles), key=lambda lk: lk.id)


def _one_support_each(links, profiles) -> list[Link]:
    """Keep, per source claim and per scope (its own document / other documents), the best
    `supports` link and the best MAX_OPPOSED opposed-stance `contradicts` links (most confident
    first, ties: the earliest target). Explicit responses, competing claims and restatements are
    all kept.

    A claim usually backs one conclusion, and answers one or two claims of the other side, in its
    own text (and may echo one in another text); linking it to every claim it agrees or disagrees
    with would bury the map in near-duplicate arrows.
    """
    order = {p.claim.id: p.idx for p in profiles}
    doc = {p.claim.id: p.claim.document for p in profiles}
    groups: dict[tuple, list[Link]] = {}
    out = []
    for lk in links:
        if lk.relation == Relation.restates or lk.method in ("explicit-response", "competing-claim"):
            out.append(lk)
            continue
        slot = (lk.source, doc[lk.source] == doc[lk.target], lk.relation.value)
        groups.setdefault(slot, []).append(lk)
    for slot, group in groups.items():
        group.sort(key=lambda lk: (-lk.confidence, order[lk.target], lk.id))
        out.extend(group[: 1 if slot[2] == Relation.supports.value else MAX_OPPOSED])
    return out


#: Opposed-stance `contradicts` links kept per source claim and scope.
MAX_OPPOSED = 2
