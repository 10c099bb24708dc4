"""Linking: propose supports / contradicts / restates links between claims (pure, no I/O).

`link_claims` builds one profile per claim (profile.py), works out parties and who opposes whom
(parties.py), finds the pairs worth comparing through blocking (blocking.py) and scores each
pair (score.py). The result is deterministic: the same claims, actors and documents always give
the same links, with ids from `Link.make_id`, sorted by id. Reviewed links are not this package's
business: the store keeps them when it replaces proposals. docs/linking.md explains the signals.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import os
from collections import Counter
from importlib import resources

from ..model import Actor, Claim, Document, Link, Relation
from .blocking import BlockStats, antecedents, candidate_pairs
from .lexicon import lexicon
from .parties import InferredSide, Parties, infer_sides
from .profile import annotate_runs, build_profiles
from .semantic import Semantic
from .score import (
    Context, Option, contested_documents, guess_link, score_pair_and_guess, story_keys, stronger,
)

__all__ = ["BlockStats", "InferredSide", "fingerprint", "link_claims", "prepare"]

#: The parts of argmap whose code or data decide which links come out of a store (see `fingerprint`).
_LINKER_SOURCES = ("linking", "link.py", "embed.py", "actor_graph.py", "countries.py", "model.py", "lang",
                   "data/link_lexicon.yaml", "data/link_weights.yaml", "data/countries.tsv")


@functools.lru_cache(maxsize=1)
def _source_digest() -> str:
    from .. import __version__
    from ..pipeline import sources_digest

    return sources_digest(_LINKER_SOURCES, f"argmap {__version__}")


def fingerprint(*, min_confidence: float = 0.0) -> str:
    """A short digest of everything besides the store that decides what `argmap link` writes: argmap's
    version, the linker's code, word lists and weights, whether embeddings are asked for (and which
    model), and the options. Two link runs with the same fingerprint on a store with the same
    `Store.state_digest` write the same links (jobs.link skips the second)."""
    from ..embed import requested

    # with embeddings asked for, which model gives them (its files' names: a change of model re-links)
    embeddings = os.environ.get("ARGMAP_EMBEDDINGS", "").strip() if requested() else None
    parts = {"code": _source_digest(), "min_confidence": min_confidence, "embeddings": embeddings}
    return "l1-" + hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:24]


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
            stats: BlockStats | None = None, semantic: Semantic | bool | None = None) -> tuple[list, list[tuple[int, int]], Context]:
    """Profiles, candidate pairs and scoring context of `claims` (the steps before scoring).

    `semantic`: the claims' sentence embeddings (`linking.semantic.Semantic`, by claim order), True
    to encode them, None to follow `ARGMAP_EMBEDDINGS`, False for words alone."""
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
        names={a.id: a.name for a in actors}, profiles=profiles, stories=story_keys(profiles),
        contested=contested_documents(profiles), semantic=_semantic(semantic, profiles),
    )
    return profiles, pairs, ctx


def _semantic(semantic: Semantic | bool | None, profiles) -> Semantic:
    """The claims' embeddings: given, asked for (True, or `ARGMAP_EMBEDDINGS` set: see
    `embed.requested`), else off: words alone."""
    from ..embed import requested

    if semantic is False or (semantic is None and not requested()):
        return Semantic.off()
    if semantic is None or semantic is True:
        return Semantic.of([p.claim.text for p in profiles])
    return semantic


def link_claims(claims: list[Claim], actors: list[Actor], documents: list[Document], *,
                stats: BlockStats | None = None, sides: dict[str, InferredSide] | None = None,
                semantic: Semantic | bool | None = None) -> list[Link]:
    """Propose links between `claims`, across all `documents`.

    Args:
        claims: claims to link (rejected claims should already be left out).
        actors: the actors the claims refer to (parents and sides are used).
        documents: the documents holding the claims (texts give sentences and paragraphs).
        stats: filled with blocking counts when given (how many pairs were scored).
        sides: filled, when given, with the side inferred for each actor without a declared one
            (actor id -> InferredSide; `parties.infer_sides`), from the same oppositions the
            links use.
        semantic: sentence embeddings of `claims` (`linking.semantic.Semantic`); True: encode
            them with the installed model; None: only when `ARGMAP_EMBEDDINGS` asks for it; False:
            words alone (the default path).

    Returns:
        Proposed links sorted by id, at most one per pair of claims.
    """
    profiles, pairs, ctx = prepare(claims, actors, documents, stats, semantic)
    if sides is not None:
        sides.update(infer_sides(ctx.parties))
    links: dict[str, Link] = {}
    guesses: list[tuple[float, Option]] = []
    for i, j in pairs:
        link, guess = score_pair_and_guess(profiles[i], profiles[j], ctx)
        if link is not None:
            links[link.id] = link
        if guess is not None:
            guesses.append(guess)
    kept = _one_support_each(links.values(), profiles, ctx)
    return sorted(kept + _orphan_guesses(kept, guesses, profiles, ctx), key=lambda lk: lk.id)


def _orphan_guesses(kept: list[Link], guesses: list[tuple[float, Option]], profiles, ctx: Context) -> list[Link]:
    """For each claim that no kept link reaches, its most confident `supports` guess as premise.

    A claim left alone on the map is usually one more reason of its side whose words the rules
    could not tie to a conclusion (a bystander's 'they were being watched' under the prime
    minister's allegation); the map shows it attached to the likeliest conclusion, with the low
    confidence it has (from the supports `orphan_threshold`; see link_weights.yaml).
    """
    linked = {c for lk in kept for c in (lk.source, lk.target)}
    best: dict[str, tuple[float, int, Option]] = {}
    for conf, opt in guesses:
        src = opt.source.claim.id
        if src in linked:
            continue
        a, b = opt.source.claim.document, opt.target.claim.document
        if a != b and not ctx.same_story(a, b):
            continue  # a guess stays within one story: across unrelated documents it joins what is not one dispute
        cur = best.get(src)
        if cur is None or (-conf, opt.target.idx) < (-cur[0], cur[1]):
            best[src] = (conf, opt.target.idx, opt)
    return [guess_link(best[k][0], best[k][2]) for k in sorted(best)]


def _one_support_each(links, profiles, ctx: Context) -> list[Link]:
    """Keep, per source claim and per scope (its own document / other documents), the best
    `supports` link and the best MAX_OPPOSED opposed-stance `contradicts` links (most confident
    first, ties: the earliest target). Explicit responses, competing claims and restatements are
    all kept.

    A claim usually backs one conclusion, and answers one or two claims of the other side, in its
    own text (and may echo one in another text); linking it to every claim it agrees or disagrees
    with would bury the map in near-duplicate arrows. One exception: a premise whose best
    conclusion reaches the supports threshold may also back one stronger claim of its side (the
    charge its evidence serves: 'the wreckage lay inside Mali' backs both 'the drone was destroyed
    deliberately' and the accusation of a hostile act) from the supports `second_threshold` up, or
    from `second_same_sentence` up when that claim is said in the same sentence as the first one.
    """
    by_id = {p.claim.id: p for p in profiles}
    doc = {p.claim.id: p.claim.document for p in profiles}
    sup = ctx.lex.relations[Relation.supports.value]
    groups: dict[tuple, list[Link]] = {}
    out = []
    for lk in links:
        if lk.relation == Relation.restates or lk.method in ("explicit-response", "competing-claim"):
            out.append(lk)
            continue
        slot = (lk.source, doc[lk.source] == doc[lk.target], lk.relation.value)
        groups.setdefault(slot, []).append(lk)
    for slot, group in groups.items():
        group.sort(key=lambda lk: (-lk.confidence, by_id[lk.target].idx, lk.id))
        if slot[2] != Relation.supports.value:
            out.extend(group[:MAX_OPPOSED])
            continue
        first = group[0]
        if first.confidence < sup.threshold:
            continue  # only a second conclusion may stay under the threshold
        out.append(first)
        if sup.second_threshold is None:
            continue
        premise, chosen = by_id[first.source], by_id[first.target]

        def may_second(lk: Link) -> bool:
            target = by_id[lk.target]
            if not stronger(target, premise):
                return False
            if lk.confidence >= min(sup.threshold, sup.second_threshold):
                return True
            # 'denounced the downing as a hostile act, saying the aircraft had been destroyed
            # deliberately': what backs the one backs the charge its sentence spells out
            return (sup.second_same_sentence is not None and lk.confidence >= sup.second_same_sentence
                    and target.claim.document == chosen.claim.document
                    and target.claim.sentence is not None and target.claim.sentence == chosen.claim.sentence)

        second = next((lk for lk in group[1:] if may_second(lk)), None)
        if second is not None:
            out.append(second)
    return out


#: Opposed-stance `contradicts` links kept per source claim and scope.
MAX_OPPOSED = 2
