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
from collections.abc import Callable, Iterable, Iterator

from ..model import Actor, Claim, Document, Link, Relation
from .blocking import BlockStats, antecedents, iter_candidate_pairs
from ..lang import idf
from .lexicon import lexicon
from .parties import InferredSide, Parties, infer_sides
from .profile import UNKNOWN_RANK, Profile, ProfileBuilder, annotate_runs, claim_batches, document_key
from .semantic import EmbeddingCache, Semantic
from .score import (
    Context, Option, borrowed_responses, calibrated, raw_confidence, contested_documents, guess_link, score_pair_and_guess, story_keys,
    stronger,
)

__all__ = ["BlockStats", "InferredSide", "document_key", "fingerprint", "iter_links", "link_claims", "prepare"]

#: The parts of argmap whose code or data decide which links come out of a store (see `fingerprint`).
_LINKER_SOURCES = ("linking", "link.py", "embed.py", "actor_graph.py", "countries.py", "model.py", "lang",
                   "data/link_weights.yaml", "data/countries.tsv")


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
    if raw_confidence():
        parts["calibration"] = "off"  # a store linked with raw confidences is linked again once they are calibrated
    return "l1-" + hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:24]


def _idf(profiles) -> dict[str, float]:
    """Normalised inverse document frequency of every key over the claims, in [0.2, 1] (`argmap.lang.idf`)."""
    df: Counter[str] = Counter()
    for p in profiles:
        df.update(p.content.keys())
        df.update(p.context.keys())
    return idf(df, len(profiles), floor=0.2)


#: One document and its claims, as `iter_links` reads them: (the document, or None when it is not
#: known; its id; its claims). Batches come in the canonical order (`profile.document_key`, unknown
#: documents last by id).
Batch = tuple[Document | None, str, list[Claim]]


def prepare(claims: list[Claim], actors: list[Actor], documents: list[Document],
            stats: BlockStats | None = None, semantic: Semantic | bool | None = None) -> tuple[list, list[tuple[int, int]], Context]:
    """Profiles, candidate pairs and scoring context of `claims` (the steps before scoring).

    `semantic`: the claims' sentence embeddings (`linking.semantic.Semantic`, by claim order), True
    to encode them, None to follow `ARGMAP_EMBEDDINGS`, False for words alone."""
    profiles, pairs, ctx = _prepare(claim_batches(claims, documents), actors, stats, semantic)
    return profiles, list(pairs), ctx


def _prepare(batches: Iterable[Batch], actors: list[Actor], stats: BlockStats | None,
             semantic: Semantic | bool | None,
             cache: EmbeddingCache | None = None) -> tuple[list[Profile], Iterator[tuple[int, int]], Context]:
    """Profiles of the claims of `batches` (built a document at a time), the candidate pairs (made
    when iterated) and the scoring context."""
    lex = lexicon()
    parties = Parties(actors)
    builder = ProfileBuilder(actors, lex, parties)
    last: tuple | None = None
    languages: dict[str, str] = {}
    for rank, (doc, doc_id, claims) in enumerate(batches):
        if doc is not None:
            languages[doc.id] = document_language(doc)
        key = (0, *document_key(doc)) if doc is not None else (1, doc_id)
        if last is not None and key <= last:
            raise ValueError(f"documents to link must come in canonical order (linking.document_key): {doc_id} "
                             "comes after a document that sorts after it")
        last = key
        builder.add(doc, claims, rank if doc is not None else UNKNOWN_RANK, doc_id)
    profiles = builder.profiles
    del builder
    annotate_runs(profiles)
    for p in profiles:
        for blamed in sorted(p.blames):
            parties.add_opposition(p.party, blamed, p.claim.id)
    parties.settle()
    answers = antecedents(profiles, parties, int(lex.blocking.get("response_chars", 1500)))
    # claims in several languages: each language's claims are blocked and weighed among themselves
    # (the rules compare words of one language; `_translations` links across languages)
    mixed = len(set(languages.values())) > 1
    lang_of = (lambda p: languages.get(p.claim.document, "")) if mixed else None  # noqa: E731
    by_language: dict[str, dict[str, float]] = {}
    if mixed:
        for code in sorted(set(languages.values())):
            by_language[code] = _idf([p for p in profiles if languages.get(p.claim.document) == code])
    pairs = iter_candidate_pairs(profiles, answers, lex.blocking, stats if stats is not None else BlockStats(), group=lang_of)
    ctx = Context(
        lex=lex, parties=parties, idf=_idf(profiles), answers={k: set(v) for k, v in answers.items()},
        idf_by_language=by_language,
        names={a.id: a.name for a in actors}, profiles=profiles, stories=story_keys(profiles),
        contested=contested_documents(profiles), semantic=_semantic(semantic, profiles, cache), languages=languages,
    )
    return profiles, pairs, ctx


def document_language(doc: Document) -> str:
    """The language a document's claims are in: the one it was extracted in (`parallel.document_language`:
    its recorded tag, else the detector's reading of its text, else English)."""
    from ..parallel import document_language as extracted_in

    return extracted_in(doc)


def _semantic(semantic: Semantic | bool | None, profiles, cache: EmbeddingCache | None = None) -> Semantic:
    """The claims' embeddings: given, asked for (True, or `ARGMAP_EMBEDDINGS` set: see
    `embed.requested`; vectors in `cache` are not encoded again, new ones are added to it), else
    off: words alone."""
    from ..embed import requested

    if semantic is False or (semantic is None and not requested()):
        return Semantic.off()
    if semantic is None or semantic is True:
        return Semantic.of([p.claim.text for p in profiles], cache=cache)
    return semantic


def link_claims(claims: list[Claim], actors: list[Actor], documents: list[Document], *,
                stats: BlockStats | None = None, sides: dict[str, InferredSide] | None = None,
                semantic: Semantic | bool | None = None, cache: EmbeddingCache | None = None) -> list[Link]:
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
        cache: vectors already encoded, for the model that encodes (`semantic.EmbeddingCache`;
            the store keeps one: see `jobs.link`); the claims' texts it lacks are encoded and added
            to `cache.added`.

    Returns:
        Proposed links sorted by id, at most one per pair of claims.
    """
    found = iter_links(claim_batches(claims, documents), actors, stats=stats, sides=sides, semantic=semantic, cache=cache)
    return sorted(found, key=lambda lk: lk.id)


def iter_links(batches: Iterable[Batch], actors: list[Actor], *, stats: BlockStats | None = None,
               sides: dict[str, InferredSide] | None = None, semantic: Semantic | bool | None = None,
               cache: EmbeddingCache | None = None, floor: float | None = None) -> Iterator[Link]:
    """The links `link_claims` proposes, in no particular order, for claims read a document at a
    time: `batches` gives each document with its claims, in the canonical order (see `Batch`;
    `profile.claim_batches` makes them from lists).

    Memory holds one profile per claim (keys, markers, offsets and the content text; no document
    text, no Claim record), the key index, and the pairs' choices still open (a premise's
    candidate conclusions, each claim's best guess) as indexes: links are yielded as they are
    decided, not collected. `sides` is filled before the first link is yielded. `cache`: as for
    `link_claims`. Confidences are calibrated (`score.calibrated`: they mean the probability that
    the link is right); links below `floor` are left out (None: the calibration's precision-first
    floor, `link_weights.yaml`; a lower floor trades precision for recall).

    Raises:
        ValueError: the batches are not in canonical order.
    """
    profiles, pairs, ctx = _prepare(batches, actors, stats, semantic, cache)
    if sides is not None:
        sides.update(infer_sides(ctx.parties))
    ctx.floor = None if raw_confidence() else (ctx.lex.calibration.floor if floor is None else floor)
    yield from calibrated(_decided(profiles, pairs, ctx), ctx.lex, floor=floor)


def _decided(profiles: list, pairs, ctx: Context) -> Iterator[Link]:
    """The links `iter_links` decides, with the scorer's own confidence (before calibration)."""
    choice = Choice(profiles, ctx)
    by_id = {p.claim.id: p.idx for p in profiles}
    # a link two pairs can give (one of them borrowing a rejection's answer: `borrowed_responses`)
    # waits, and the later pair's version wins, as in a dict of the links by id; every other link
    # belongs to one pair
    borrowed = borrowed_responses(profiles, ctx.answers)
    held: dict[str, tuple[Link, int, int]] = {}
    # the rules read one language's words: claims in two languages meet in `_translations` only
    lang_of = ctx.languages
    mixed = len(set(lang_of.values())) > 1
    for i, j in pairs:
        if mixed and lang_of.get(profiles[i].claim.document) != lang_of.get(profiles[j].claim.document):
            continue
        link, guess = score_pair_and_guess(profiles[i], profiles[j], ctx)
        while ctx.below_floor:
            # an option a rule gave but the calibrated floor leaves out reaches its claims all the
            # same: they get no best guess (the rule spoke; it was not sure enough)
            s, t = ctx.below_floor.pop()
            choice.linked[s] = choice.linked[t] = 1
        if link is not None:
            src, tgt = by_id[link.source], by_id[link.target]
            if (src, tgt) in borrowed:
                held[link.id] = (link, src, tgt)
            elif choice.add(link, src, tgt, (i, j)):
                yield link
        if guess is not None:
            choice.add_guess(*guess, (i, j))
    for link, src, tgt in held.values():
        if choice.add(link, src, tgt, link):
            yield link
    del held, by_id
    yield from _translations(profiles, ctx, choice)

    def rescored(payload: tuple[int, int] | Link) -> tuple[Link | None, tuple[float, Option] | None]:
        if isinstance(payload, Link):
            return payload, None
        # scoring is pure: a pair scored again gives the same link and guess (kept as two indexes
        # meanwhile); the options it leaves under the floor were counted in the first pass
        found = score_pair_and_guess(profiles[payload[0]], profiles[payload[1]], ctx)
        ctx.below_floor.clear()
        return found

    yield from choice.finish(lambda payload: rescored(payload)[0], lambda payload: rescored(payload)[1])


def _translations(profiles: list[Profile], ctx: Context, choice: Choice) -> Iterator[Link]:
    """Restatements across languages (`crosslang.restatements`: one body's claim said again in another
    language, by the words that survive translation); nothing when the claims are in one language.
    A pair another rule linked already keeps that link."""
    langs = [ctx.languages.get(p.claim.document) for p in profiles]
    if len({lg for lg in langs if lg}) < 2:
        return
    from .crosslang import restatements

    bodies = [ctx.parties.root(p.actor) if p.actor else None for p in profiles]
    found = restatements([p.claim.text for p in profiles], langs, bodies, [p.denial for p in profiles],
                         [p.claim.document for p in profiles])
    for later, earlier, share, words in found:
        # the main pass scored no pair of two languages: nothing links these two yet
        src, tgt = profiles[later], profiles[earlier]
        shown = ", ".join(f"{a} = {b}" if a != b else a for a, b in words[:5])
        reason = (f"same claim restated in {langs[later]} by {ctx.names.get(src.actor or '', src.actor)} "
                  f"({round(100 * share)}% of its words carried over: {shown})")
        link = Link(id=Link.make_id(src.claim.id, tgt.claim.id, Relation.restates), source=src.claim.id,
                    target=tgt.claim.id, relation=Relation.restates, confidence=round(_translation_confidence(share), 4),
                    reason=reason, method="translation")
        if choice.add(link, later, earlier, link):
            yield link


def _translation_confidence(share: float) -> float:
    """The scorer's confidence in a restatement across languages from the share of words carried over."""
    return 1.0 - 0.5 * math.exp(-3.0 * share)


class Choice:
    """Which of the links found pair by pair are kept (`_one_support_each`), and the best guesses
    for the claims no kept link reaches (`guess_link`), decided as links come.

    A claim left alone on the map is usually one more reason of its side whose words the rules
    could not tie to a conclusion (a bystander's 'they were being watched' under the prime
    minister's allegation); the map shows it attached to the likeliest conclusion, its most
    confident `supports` option as premise, with the low confidence it has (from the supports
    `orphan_threshold`; see link_weights.yaml), within one story.

    `add` says at once whether a link is kept whatever else comes (a restatement, an explicit
    response, a competing claim); the others wait in their slot (source claim, same document or
    not, relation) as (confidence, target, payload); opposed-stance slots keep their MAX_OPPOSED
    best only. `finish` decides the slots and the guesses and yields their links, made from each
    payload by the functions it is given (the Link itself, or a pair to score again)."""

    def __init__(self, profiles: list[Profile], ctx: Context):
        self.profiles, self.ctx = profiles, ctx
        self.sup = ctx.lex.relations[Relation.supports.value]
        self.slots: dict[tuple[int, bool, str], list[tuple[float, int, object]]] = {}
        self.linked = bytearray(len(profiles))  # claims a kept link reaches
        self.guesses: dict[int, tuple[float, int, object]] = {}  # source -> (confidence, target, payload)

    def add(self, link: Link, src: int, tgt: int, payload: object) -> bool:
        """Take one pair's link (from the claim at index `src` to the one at `tgt`); True when it is
        kept as it is (the caller outputs it now)."""
        if link.relation == Relation.restates or link.method in ("explicit-response", "competing-claim"):
            self.linked[src] = self.linked[tgt] = 1
            return True
        profiles = self.profiles
        slot = (src, profiles[src].claim.document == profiles[tgt].claim.document, link.relation.value)
        group = self.slots.setdefault(slot, [])
        group.append((-link.confidence, tgt, payload))  # one link per pair: (confidence, target) never ties
        if slot[2] != Relation.supports.value and len(group) > MAX_OPPOSED:
            group.sort(key=_rank)
            del group[MAX_OPPOSED:]
        return False

    def add_guess(self, conf: float, opt: Option, payload: object) -> None:
        """Take one pair's best-guess option (a supports option from the `orphan_threshold` up)."""
        src = opt.source.idx
        a, b = opt.source.claim.document, opt.target.claim.document
        if a != b and not self.ctx.same_story(a, b):
            return  # a guess stays within one story: across unrelated documents it joins what is not one dispute
        cur = self.guesses.get(src)
        if cur is None or (-conf, opt.target.idx) < (-cur[0], cur[1]):
            self.guesses[src] = (conf, opt.target.idx, payload)

    def finish(self, link_of: Callable[[object], Link], guess_of: Callable[[object], tuple[float, Option]]) -> Iterator[Link]:
        """The kept links of the slots, then the guesses of the claims no kept link reaches."""
        profiles = self.profiles
        for slot, group in self.slots.items():
            group.sort(key=_rank)
            if slot[2] != Relation.supports.value:
                chosen = group[:MAX_OPPOSED]
            else:
                chosen = self._supports(slot[0], group)
            for _, tgt, payload in chosen:
                self.linked[slot[0]] = self.linked[tgt] = 1
                yield link_of(payload)
        del self.slots
        for src in sorted(self.guesses, key=lambda i: profiles[i].claim.id):
            if not self.linked[src]:
                yield guess_link(*guess_of(self.guesses[src][2]))

    def _supports(self, src: int, group: list[tuple[float, int, object]]) -> list[tuple[float, int, object]]:
        """A premise's best conclusion (from the supports threshold up) and maybe one stronger claim
        of its side it also backs (see `_one_support_each`)."""
        sup, profiles = self.sup, self.profiles
        first = group[0]
        if -first[0] < sup.threshold:
            return []  # only a second conclusion may stay under the threshold
        if sup.second_threshold is None:
            return [first]
        premise, chosen = profiles[src], profiles[first[1]]

        def may_second(entry) -> bool:
            conf, target = -entry[0], profiles[entry[1]]
            if not stronger(target, premise):
                return False
            if conf >= min(sup.threshold, sup.second_threshold):
                return True
            # 'denounced the downing as a hostile act, saying the aircraft had been destroyed
            # deliberately': what backs the one backs the charge its sentence spells out
            return (sup.second_same_sentence is not None and conf >= sup.second_same_sentence
                    and target.claim.document == chosen.claim.document
                    and target.claim.sentence is not None and target.claim.sentence == chosen.claim.sentence)

        second = next((entry for entry in group[1:] if may_second(entry)), None)
        return [first] if second is None else [first, second]


def _rank(entry: tuple[float, int, object]) -> tuple[float, int]:
    return entry[0], entry[1]  # most confident first, ties: the earliest target


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
    by_id = {p.claim.id: p.idx for p in profiles}
    choice = Choice(profiles, ctx)
    out = [lk for lk in links if choice.add(lk, by_id[lk.source], by_id[lk.target], lk)]
    return out + list(choice.finish(lambda lk: lk, lambda guess: guess))


#: Opposed-stance `contradicts` links kept per source claim and scope.
MAX_OPPOSED = 2
