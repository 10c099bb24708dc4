"""Candidate pairs: which claims are worth comparing at all (pure).

Comparing every pair of claims is quadratic, so the linker only scores pairs that share a block:

* an inverted index maps every topic key (stemmed word, synonym class, name, place, date, party)
  to the claims that hold it, in content or sentence. A key held by at most `block_cap` claims pairs
  all of them; a more common key pairs each claim only with its `window` next neighbours in
  canonical order (document date, then position): the sorted-neighbourhood method. A pair found
  only this way needs `min_shared` shared keys;
* claims of the same document that are at most `nearby_claims` apart are always paired (one
  text usually discusses one event, and replies follow what they answer);
* a rejection that points back ('these accusations') is paired with what it answers (see
  `antecedents`);
* claims of one document placing something in a party's territory are paired (at most
  `block_cap` ahead each): competing accounts of where it happened rarely share other words.

Work is bounded by (claims x keys per claim x max(block_cap, window)), i.e. linear in the number of
claims for a fixed cap.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from .parties import ALLIED, SAME_ACTOR, SAME_PARTY, Parties
from .profile import BLAMING_ACTS, Profile
from ..model import SpeechAct


@dataclass
class BlockStats:
    claims: int = 0
    keys: int = 0
    common_keys: int = 0  # keys over the cap, paired by window only
    key_pairs: int = 0  # pairs proposed by shared keys (before min_shared)
    candidates: int = 0  # pairs actually scored


def antecedents(profiles: list[Profile], parties: Parties, max_chars: int) -> dict[int, list[int]]:
    """For each rejection that points back ('rejected these accusations'), the claims it answers.

    Looks back in the same document up to `max_chars` characters for claims of other parties
    (not the speaker's own side): for a blame noun ('accusations', 'allegations') the accusations
    and condemnations, and the claims blaming the speaker's party; for other nouns ('the claim',
    'these reports', 'it') any statement. A singular noun takes the nearest one only.

    Notes:
        Handles: "Algeria rejected these accusations." after two Malian accusations and a
        condemnation by an allied bloc. Misses: answers in another document ('Algiers rejected
        Bamako's accusations' a week later) unless they share topic keys (then the topic signals
        link them), and answers separated from their target by more than `max_chars`.
    """
    out: dict[int, list[int]] = {}
    for b in profiles:
        if not (b.denial and b.anaphoric and b.response and b.actor):
            continue
        found: list[int] = []
        j = b.idx - 1
        while j >= 0:
            a = profiles[j]
            j -= 1
            if a.claim.document != b.claim.document or b.pos - a.pos > max_chars:
                break
            if a.actor is None or a.kind in (SpeechAct.question,) or a.denial:
                continue
            if parties.relation(a.actor, b.actor) in (SAME_ACTOR, SAME_PARTY, ALLIED):
                continue
            # '..., a charge Algiers rejects': what the same sentence said just before is the charge, whatever its cue
            same_sentence = a.claim.sentence is not None and a.claim.sentence == b.claim.sentence and not found
            if b.response == "blame" and not (a.kind in BLAMING_ACTS or (b.party and b.party in a.blames) or same_sentence):
                continue
            found.append(a.idx)
            if not b.plural:
                break
        if found:
            out[b.idx] = sorted(found)
    return out


def candidate_pairs(profiles: list[Profile], answers: dict[int, list[int]], cfg: dict[str, float],
                    stats: BlockStats | None = None) -> list[tuple[int, int]]:
    """Sorted (i, j) index pairs, i < j, worth scoring (`iter_candidate_pairs` as a list)."""
    return list(iter_candidate_pairs(profiles, answers, cfg, stats))


def iter_candidate_pairs(profiles: list[Profile], answers: dict[int, list[int]], cfg: dict[str, float],
                         stats: BlockStats | None = None,
                         group: Callable[[Profile], str] | None = None) -> Iterator[tuple[int, int]]:
    """The (i, j) index pairs, i < j, worth scoring, in sorted order, made one claim `i` at a time:
    memory holds the key index (claims per key) and one claim's partners, never the set of all
    pairs. `stats` gets its pair counts when the pairs are exhausted. Profiles must be in canonical
    order (a document's claims together). `group` (a claim's language, in a store of several): keys
    pair claims of one group only, so another language's claims take no place in a key's cap or
    window."""
    cap = int(cfg.get("block_cap", 40))
    window = int(cfg.get("window", 6))
    min_shared = int(cfg.get("min_shared", 2))
    nearby = int(cfg.get("nearby_claims", 8))
    n = len(profiles)
    stats = stats if stats is not None else BlockStats()
    stats.claims = n
    index: dict[str, array] = {}
    space = (lambda p: "") if group is None else (lambda p: group(p) + "\x00")  # noqa: E731
    for p in profiles:
        ns = space(p)
        for k in p.content:
            index.setdefault(ns + k, array("i")).append(p.idx)
        for k in p.context:
            index.setdefault(ns + k, array("i")).append(p.idx)
    stats.keys = len(index)
    stats.common_keys = sum(1 for post in index.values() if len(post) >= 2 and len(post) > cap)
    # pairs found otherwise than by shared keys, by their first claim (few: rejections and denials)
    extra: dict[int, set[int]] = defaultdict(set)
    for b, found in answers.items():
        for a in found:
            extra[min(a, b)].add(max(a, b))
    first_of: dict[str, int] = {}  # document -> index of its first claim (a document's claims are together)
    for p in profiles:
        first_of.setdefault(p.claim.document, p.idx)
    # a denial that names its accuser ('Canada had shared no information') meets, in its own text,
    # the accuser's claims that blame the denier's party, however far back and whatever their words
    for p in profiles:
        if not (p.denial and p.mentions and p.party):
            continue
        near = [q for q in profiles[first_of[p.claim.document] : p.idx] if q.party in p.mentions and p.party in q.blames]
        for q in near[-cap:]:
            extra[q.idx].add(p.idx)
    # claims of one document that place something in a party's territory ('inside Mali', 'its
    # airspace') are paired whatever their words: competing accounts of where it happened
    placed: dict[str, list[int]] = defaultdict(list)
    for p in profiles:
        if p.places_in:
            placed[p.claim.document].append(p.idx)
    key_pairs = candidates = 0
    for i, p in enumerate(profiles):
        counts: dict[int, int] = {}
        ns = space(p)
        for keys in (p.content, p.context):
            for k in keys:
                post = index[ns + k]
                m = len(post)
                if m < 2:
                    continue
                x = bisect_left(post, i)
                for y in range(x + 1, m if m <= cap else min(m, x + 1 + window)):
                    j = post[y]
                    counts[j] = counts.get(j, 0) + 1
        key_pairs += len(counts)
        partners = {j for j, c in counts.items() if c >= min_shared}
        for j in range(i + 1, min(n, i + 1 + nearby)):
            if profiles[j].claim.document != p.claim.document:
                break
            partners.add(j)
        partners |= extra.pop(i, set())
        if p.places_in:
            post = placed[p.claim.document]
            x = bisect_left(post, i)
            partners.update(post[x + 1 : x + 1 + cap])
        for j in sorted(partners):
            candidates += 1
            yield i, j
    stats.key_pairs = key_pairs
    stats.candidates = candidates
