"""ArgumentMap + two parties + filters -> Comparison: points of contention, agreements, unanswered
claims, timeline and third parties (pure: values in, values out; no store, no files, no Graphviz).

How claims are grouped into points (docs/compare.md has the long version):

1. Every claim of A and B gets a topic vector (terms.py) and a date (dates.py).
2. Similarity of two claims is the strongest of: a stored link between them (an accepted one
   counts fully, a proposed one by its confidence), their topic similarity (cosine of key terms),
   plus a bonus when one sentence sets itself against the other ("Conversely, ...").
3. Claims are grouped by average linkage (cluster.py), so a claim that touches two topics does not
   fuse them. Rejections that only point back ("rejected these accusations") have no topic of
   their own: they join every group holding a claim they answer (a stored link, or the accusations
   just before them in their document), and so do third-party claims that echo or back a group.
4. A group with claims of both parties is a point. Inside it, claims are aligned in rows: linked
   pairs first (contradicts before restates before supports), then pairs that answer one another
   through an equivalent claim or a third party's echo, then the remaining claims by shared terms
   (`contrasting`), and what is left stands alone (`unanswered`).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from argmap.errors import InputError, NotFoundError
from argmap.model import Actor, ArgumentMap, Claim, Document, Link, Relation, SpeechAct, Status

from .cluster import average_linkage
from .dates import ClaimDate, claim_date
from .model import (
    ClaimRef,
    Comparison,
    DocumentRef,
    Filters,
    Party,
    Point,
    Row,
    Source,
    Stats,
    ThirdParty,
    ThirdPartyRow,
    TimelineEntry,
    Unanswered,
)
from .parties import Actors, resolve
from .terms import Vectors, is_generic_response, lexicon, mentions, name_phrases, name_terms, search_strings, terms

#: Average similarity at which two groups of claims still form one topic.
GROUP_THRESHOLD = 0.2
#: Topic similarity a third-party claim needs to be shown as echoing a claim of a point.
ECHO_THRESHOLD = 0.3
#: The same for an actor on the declared side of the party it echoes (allies are expected to echo).
ECHO_ALLY_THRESHOLD = 0.2
#: Topic similarity two unlinked claims of one point need to share a `contrasting` row.
PAIR_THRESHOLD = 0.04
#: Bonus when one sentence sets itself against the sentence just before ("Conversely, ...").
CONTRAST_BONUS = 0.4
#: Bonus for claims of opposite parties in one paragraph or two neighbouring ones that share a content term.
NEAR_BONUS = 0.15
#: Second pass: a topic only one party spoke on joins the other party's closest one-sided topic when
#: their best pair is at least this alike (and their pairs on average at least a third of it).
SECOND_PASS = 0.12
#: How far back (characters) a rejection such as "these accusations" looks for what it answers.
RESPONSE_WINDOW = 1500
#: Speech acts that blame: an accusation or condemnation nobody denied is flagged.
BLAME = frozenset({SpeechAct.accusation, SpeechAct.condemnation})
#: Speech acts that state what a party wants or where it stands, not what happened: placed into topics after them.
STANCES = frozenset({SpeechAct.intention, SpeechAct.position})
_REVIEWED = frozenset({Status.accepted, Status.edited})
_REL_ORDER = {"contradicts": 0, "restates": 1, "supports": 2, "contrasting": 3, "unanswered": 4}


@dataclass
class _Info:
    """What the builder knows about one visible claim."""

    claim: Claim
    party: str  # "a", "b" or "third"
    rank: int
    date: ClaimDate
    doc: Document | None
    sentence: tuple[int, int]
    paragraph: int = 0
    ref: ClaimRef | None = None

    def key(self) -> tuple:
        return (*self.date.sort_key(self.doc.published if self.doc else None), self.rank)


@dataclass
class _Pair:
    a: str
    b: str
    relation: str
    basis: str
    reason: str
    link: Link | None = None
    score: float = 0.0


@dataclass
class _Group:
    ids: list[str]
    a: list[str] = field(default_factory=list)
    b: list[str] = field(default_factory=list)
    borrowed: set[str] = field(default_factory=set)
    # third-party claim id -> {party: the claim of that party in the group closest to it}
    third: dict[str, dict[str, str]] = field(default_factory=dict)


def compare(
    amap: ArgumentMap,
    a: str,
    b: str,
    *,
    documents: Iterable[str] | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    accepted_only: bool = False,
    top: int = 10,
) -> Comparison:
    """Compare what two actors or sides say in `amap`.

    Args:
        amap: the argument map (claims, links, documents, actors).
        a: party A: actor id, name or alias, side id, or `actor:ID` / `side:ID` (parties.py).
        b: party B, the same way.
        documents: only claims of these document ids.
        since: only claims stated on or after this date (stated in the text, else the document date;
            claims without any date are left out when a date bound is given).
        until: only claims stated on or before this date.
        accepted_only: only claims and links a reviewer accepted (or edited), for publication.
        top: how many of the ranked points the Markdown and HTML reports show in full (`Comparison.top`;
            every point is in the value whatever `top` is).

    Returns:
        The Comparison (deterministic: the same map and arguments give the same value).

    Raises:
        NotFoundError: a party or document is unknown.
        InputError: a party is ambiguous, the two overlap, or `since` is after `until`.
    """
    if since and until and since > until:
        raise InputError(f"--since {since} is after --until {until}; swap them")
    if top < 0:
        raise InputError(f"--top must be 0 or more, not {top}")
    return _Builder(amap, a, b, documents, since, until, accepted_only).build().model_copy(update={"top": top})


def scope(actors: list[Actor], a: str, b: str) -> tuple[set[str], list[str] | None]:
    """What a comparison of `a` and `b` reads of a store: (the actor ids of both parties, strings a
    document's text must hold to concern them, or None: every document may). `compare` on the
    store's `compare_slice` of these gives the same Comparison as on the whole map, reading only the
    documents where the parties speak or are named (issue #24).

    Raises:
        NotFoundError, InputError: as `compare` for an unknown, ambiguous or overlapping party.
    """
    known = Actors(actors)
    A = resolve(a, known, "a")
    B = resolve(b, known, "b", used=A.actors)
    return set(A.actors) | set(B.actors), search_strings(name_phrases(_root_names(known, (A, B))))


def _root_names(actors: Actors, parties: Iterable[Party]) -> list[str]:
    """Names and aliases of each party's outermost actors (a ministry's own name is a topic word)."""
    names: list[str] = []
    for party in parties:
        for aid in party.actors:
            actor = actors.by_id.get(aid)
            if actor is not None and actor.parent not in party.actors:
                names += [actor.name, *actor.aliases]
    return names


def document_ids(amap: ArgumentMap, specs: Iterable[str]) -> list[str]:
    """Document ids for `--doc` values: an id, a path (or its end, e.g. the file name) or an exact title.

    Raises:
        NotFoundError: a value matches no document.
        InputError: a value matches several documents.
    """
    out: list[str] = []
    docs = sorted({d.id: d for d in amap.documents}.values(), key=lambda d: (d.path, d.id))
    for spec in specs:
        s = spec.strip()
        hits = [d for d in docs if d.id == s] or [d for d in docs if d.path == s] or [
            d for d in docs if d.path.replace("\\", "/").endswith("/" + s.lstrip("/"))] or [
            d for d in docs if d.title.strip().casefold() == s.casefold()]
        if not hits:
            sample = ", ".join(d.path for d in docs[:6]) or "none"
            raise NotFoundError(f"--doc {spec!r} matches no document (id, path or title); documents: {sample}")
        if len(hits) > 1:
            raise InputError(f"--doc {spec!r} matches {len(hits)} documents: {', '.join(d.id for d in hits)}; give an id")
        out.append(hits[0].id)
    return sorted(set(out))


class _Builder:
    def __init__(self, amap, a, b, documents, since, until, accepted_only) -> None:
        self.amap = amap
        self.actors = Actors(amap.actors)
        self.docs: dict[str, Document] = {}
        for d in amap.documents:
            self.docs.setdefault(d.id, d)
        self.A: Party = resolve(a, self.actors, "a")
        self.B: Party = resolve(b, self.actors, "b", used=self.A.actors)
        doc_ids = None if documents is None else sorted(set(documents))
        if doc_ids is not None:
            unknown = [d for d in doc_ids if d not in self.docs]
            if unknown:
                raise NotFoundError(f"unknown document id(s): {', '.join(unknown)}")
        self.filters = Filters(documents=doc_ids, since=since, until=until, accepted_only=accepted_only)
        self.lex = lexicon()

    # -- setup --------------------------------------------------------------------------------

    def _visible(self) -> None:
        f = self.filters
        ok = _REVIEWED if f.accepted_only else frozenset({Status.proposed, Status.accepted, Status.edited})
        doc_rank = {d.id: i for i, d in enumerate(sorted(self.docs.values(), key=lambda d: (d.path, d.id)))}
        claims: dict[str, Claim] = {}
        for c in self.amap.claims:
            claims.setdefault(c.id, c)
        ordered = sorted(claims.values(), key=lambda c: (doc_rank.get(c.document, 1 << 30), c.spans.content[0], c.id))
        side_a, side_b = set(self.A.actors), set(self.B.actors)
        self.info: dict[str, _Info] = {}
        for rank, c in enumerate(ordered):
            if c.status not in ok or (f.documents is not None and c.document not in f.documents):
                continue
            doc = self.docs.get(c.document)
            date = claim_date(c, doc)
            if f.since or f.until:
                if date.date is None or (f.since and date.date < f.since) or (f.until and date.date > f.until):
                    continue
            party = "a" if c.actor in side_a else "b" if c.actor in side_b else "third"
            sent = c.sentence or (min(s for s, _ in c.spans.content), max(e for _, e in c.spans.content))
            para = _paragraph(doc.text, sent[0]) if doc else 0
            self.info[c.id] = _Info(c, party, rank, date, doc, sent, para)
        self._drop_unrelated_third()
        self.ids = list(self.info)
        status_rank = {Status.accepted: 0, Status.edited: 1, Status.proposed: 2}
        best: dict[tuple, Link] = {}
        for lk in sorted(self.amap.links, key=lambda x: x.id):
            if lk.status not in ok or lk.source not in self.info or lk.target not in self.info:
                continue
            ends = tuple(sorted((lk.source, lk.target)))
            old = best.get(ends)
            if old is None or (status_rank[lk.status], -lk.confidence) < (status_rank[old.status], -old.confidence):
                best[ends] = lk  # one link per pair of claims: the best reviewed, then the most confident
        self.links = best
        self.link_of: dict[str, list[Link]] = defaultdict(list)
        for lk in best.values():
            self.link_of[lk.source].append(lk)
            self.link_of[lk.target].append(lk)

    def _drop_unrelated_third(self) -> None:
        """Third parties count only in documents that concern A or B: a claim of theirs, or a phrase
        naming one of them (`terms.name_phrases`: "Bamako", "Government of Mali", "Malian"; not a
        mere "government")."""
        self.exclude = name_terms(self._root_names())
        phrases = name_phrases(self._root_names())
        related = {i.claim.document for i in self.info.values() if i.party != "third"}
        for doc_id, doc in self.docs.items():
            if doc_id not in related and mentions(doc.text, phrases):
                related.add(doc_id)
        self.info = {cid: i for cid, i in self.info.items() if i.party != "third" or i.claim.document in related}

    def _root_names(self, parties: tuple[Party, ...] | None = None) -> list[str]:
        return _root_names(self.actors, parties or (self.A, self.B))

    def _aimed(self, cid: str) -> bool:
        """Is claim `cid` an accusation or condemnation aimed at the other party: its target is one of
        that party's actors, or its content names that party (a name word the two do not share)?"""
        inf = self.info[cid]
        if inf.party == "third" or inf.claim.kind not in BLAME:
            return False
        me, other = (self.A, self.B) if inf.party == "a" else (self.B, self.A)
        if inf.claim.target is not None:
            return inf.claim.target in other.actors
        if not hasattr(self, "_names_of"):
            a, b = name_terms(self._root_names((self.A,))), name_terms(self._root_names((self.B,)))
            self._names_of = {"a": a - b, "b": b - a}
        return not self._names_of["b" if inf.party == "a" else "a"].isdisjoint(terms(inf.claim.text))

    def _vectors(self) -> None:
        parts = {}
        for cid, inf in self.info.items():
            text = inf.doc.text if inf.doc else inf.claim.text
            s, e = inf.sentence
            if inf.doc is not None and 0 <= s < e <= len(text):
                pieces, pos = [], s
                for cs, ce in sorted(inf.claim.spans.content):
                    if cs >= pos:
                        pieces.append(text[pos:cs])
                        pos = ce
                pieces.append(text[pos:e])
                context = " ".join(pieces)
            else:
                context = inf.claim.cue
            parts[cid] = (inf.claim.text, context)
        self.vec = Vectors(parts, self.exclude)

    # -- responses and equivalences -----------------------------------------------------------

    def _responses(self) -> None:
        """answers[d] = {claim id: (basis, reason, link)} for every claim d that rejects others."""
        self.answers: dict[str, dict[str, tuple[str, str, Link | None]]] = defaultdict(dict)
        self.generic: set[str] = set()
        for lk in self.links.values():
            if lk.relation is not Relation.contradicts:
                continue
            src, tgt = self.info[lk.source], self.info[lk.target]
            if src.party == tgt.party:
                continue
            for d, x in ((src, tgt), (tgt, src)):
                if d.claim.kind is SpeechAct.denial or (lk.method == "explicit-response" and d is src):
                    self.answers[d.claim.id][x.claim.id] = ("link", lk.reason or "rejection", lk)
                    break
        by_doc: dict[str, list[_Info]] = defaultdict(list)
        for inf in self.info.values():
            by_doc[inf.claim.document].append(inf)
        for cid, inf in self.info.items():
            c = inf.claim
            if c.kind is not SpeechAct.denial or inf.party == "third":
                continue
            if not is_generic_response(c.text, self.exclude):
                continue
            self.generic.add(cid)
            if self.answers.get(cid):
                continue  # the linker already resolved what it points back at
            start = c.spans.content[0][0]
            before = [
                o for o in by_doc[c.document]
                if o.party not in (inf.party,) and o.claim.kind in BLAME
                and o.claim.spans.content[0][0] < start and start - o.claim.spans.content[0][0] <= RESPONSE_WINDOW
            ]
            for o in before[-4:]:
                if o.claim.id not in self.answers[cid]:
                    who = self.actors.name(o.claim.actor)
                    self.answers[cid][o.claim.id] = (
                        "derived",
                        f"the rejection '{_short(c.cue + ' ' + c.text, 60)}' points back at {who}'s "
                        f"{o.claim.kind.value} just before it in the same document",
                        None,
                    )
        # "X rejected the accusations, and said Y": Y, by the same party in the same sentence, answers them too
        for d in list(self.answers):
            dinf = self.info[d]
            for o in by_doc[dinf.claim.document]:
                if o.claim.id == d or o.party != dinf.party or o.sentence != dinf.sentence:
                    continue
                if o.claim.kind in BLAME or o.claim.kind is SpeechAct.denial:
                    continue  # a blame of its own in the same sentence is a new point, not the same answer
                for x, (basis, reason, lk) in list(self.answers[d].items()):
                    if x not in self.answers[o.claim.id]:
                        self.answers[o.claim.id][x] = (
                            "derived", f"continues the rejection “{_short(dinf.claim.cue + ' ' + dinf.claim.text, 60)}” "
                            "in the same sentence", None)
        # who answered each claim
        self.answered_by: dict[str, dict[str, tuple[str, str, Link | None]]] = defaultdict(dict)
        for d, targets in self.answers.items():
            for x, val in targets.items():
                self.answered_by[x][d] = val

    def _equivalents(self) -> None:
        """Claims restating each other (a `restates` link within one party): the same statement again.

        Only direct restatements: chains of them drift ("the drone violated its airspace" restates
        "the army shot down a drone that entered its airspace", which restates "air defence units
        destroyed the drone"), and the ends of a chain are not the same statement any more.
        """
        self.same: dict[str, list[str]] = {cid: [cid] for cid in self.ids}
        for lk in sorted(self.links.values(), key=lambda x: x.id):
            if lk.relation is Relation.restates and self.info[lk.source].party == self.info[lk.target].party:
                self.same[lk.source].append(lk.target)
                self.same[lk.target].append(lk.source)
        for cid in self.same:
            self.same[cid] = sorted(set(self.same[cid]), key=self._rank)

    def _rank(self, cid: str) -> int:
        return self.info[cid].rank

    # -- grouping -----------------------------------------------------------------------------

    def _similarities(self, ids: list[str]) -> dict[tuple[str, str], float]:
        members = set(ids)
        index = self.vec.index_of(ids)  # the parties' claims only: third parties' postings are never walked
        sims: dict[tuple[str, str], float] = {}
        for x in ids:
            for y in self.vec.neighbours(x, index):
                if self._rank(x) < self._rank(y):
                    s = self.vec.similarity(x, y)
                    s += self._contrast(x, y) or self._near(x, y)
                    if s > 0:
                        sims[(x, y)] = min(1.0, s)
        for lk in self.links.values():
            if lk.source in members and lk.target in members:
                if (lk.relation is Relation.supports and self.info[lk.source].party == self.info[lk.target].party
                        and not self._adjacent(lk.source, lk.target)):
                    continue  # one party arguing on further away: often a new topic, grouped by its words instead
                x, y = sorted((lk.source, lk.target), key=self._rank)
                s = 1.0 if lk.status in _REVIEWED else 0.45 + 0.5 * lk.confidence
                sims[(x, y)] = max(sims.get((x, y), 0.0), s)
        return sims

    def _adjacent(self, x: str, y: str) -> bool:
        """Same sentence, or sentences right after one another in one paragraph."""
        ix, iy = self.info[x], self.info[y]
        if ix.claim.document != iy.claim.document or ix.paragraph != iy.paragraph or ix.doc is None:
            return False
        first, second = sorted((ix.sentence, iy.sentence))
        if first == second or second[0] < first[1]:
            return True
        return not re.search(r"[.!?]", ix.doc.text[first[1] : second[0]].strip(" \"”’)"))

    def _near(self, x: str, y: str) -> float:
        """Bonus for opposite parties' claims in one paragraph or neighbouring ones sharing a content term."""
        ix, iy = self.info[x], self.info[y]
        if ix.party == iy.party or "third" in (ix.party, iy.party) or ix.claim.document != iy.claim.document:
            return 0.0
        if abs(ix.paragraph - iy.paragraph) > 1:
            return 0.0
        return NEAR_BONUS if self.vec.content.get(x, set()) & self.vec.content.get(y, set()) else 0.0

    def _contrast(self, x: str, y: str) -> float:
        """Bonus for claims of opposite parties where the later sentence turns against the earlier one."""
        ix, iy = self.info[x], self.info[y]
        if ix.party == iy.party or "third" in (ix.party, iy.party) or ix.claim.document != iy.claim.document:
            return 0.0
        first, second = sorted((ix, iy), key=lambda i: i.sentence)
        if first.sentence == second.sentence:
            return 0.0
        text = second.doc.text if second.doc else ""
        gap = text[first.sentence[1] : second.sentence[0]]
        if gap.strip() or "\n\n" in gap:  # only the sentence right after, in the same paragraph
            return 0.0
        opener = text[second.sentence[0] : second.sentence[1]]
        if self.lex.contrast.search(opener) or self.lex.contrast_insert.search(opener[:80]):
            return CONTRAST_BONUS
        return 0.0

    def _groups(self) -> list[_Group]:
        parties = [cid for cid in self.ids if self.info[cid].party != "third" and cid not in self.generic]
        sims = self._similarities(parties)
        # topics form on what the parties say happened and why; an intention or a position ("is
        # determined to exercise sovereignty") then joins the topic it is most like, so that one more
        # stance of a party does not pull an account's topic apart (average linkage is order-free but
        # not robust to members that are alike to everything a little)
        stances = [cid for cid in parties if self.info[cid].claim.kind in STANCES]
        core = [cid for cid in parties if self.info[cid].claim.kind not in STANCES]
        clusters = self._second_pass(average_linkage(core, sims, GROUP_THRESHOLD), sims)
        clusters = self._place_stances(clusters, stances, sims)
        groups = [_Group(ids=g) for g in clusters]
        where: dict[str, int] = {}
        for gi, g in enumerate(groups):
            for cid in g.ids:
                where[cid] = gi
                (g.a if self.info[cid].party == "a" else g.b).append(cid)
        self._attach_third(groups, where)
        # rejections join every group holding a claim they answer (the claim's own or a third party's)
        for d, targets in sorted(self.answers.items(), key=lambda kv: self._rank(kv[0])):
            dp = self.info[d].party
            if dp == "third":
                continue
            for x in targets:
                for gi, g in enumerate(groups):
                    if x in g.ids or x in g.third:
                        if d not in g.ids and d not in g.borrowed:
                            g.borrowed.add(d)
                            (g.a if dp == "a" else g.b).append(d)
        for g in groups:
            g.a.sort(key=self._rank)
            g.b.sort(key=self._rank)
        return groups

    def _place_stances(self, clusters: list[list[str]], stances: list[str],
                       sims: dict[tuple[str, str], float]) -> list[list[str]]:
        """Each stance joins the cluster of highest average similarity (at least `GROUP_THRESHOLD`),
        else the stances cluster among themselves."""
        def sim(x: str, y: str) -> float:
            return sims.get((x, y), sims.get((y, x), 0.0))

        out = [list(c) for c in clusters]
        alone = []
        for cid in sorted(stances, key=self._rank):
            best, where = 0.0, None
            for i, c in enumerate(clusters):
                avg = sum(sim(cid, y) for y in c) / len(c)
                if avg > best:
                    best, where = avg, i
            if where is not None and best >= GROUP_THRESHOLD:
                out[where].append(cid)
            else:
                alone.append(cid)
        out.extend(average_linkage(alone, sims, GROUP_THRESHOLD) if alone else [])
        return [sorted(c, key=self._rank) for c in out]

    def _second_pass(self, clusters: list[list[str]], sims: dict[tuple[str, str], float]) -> list[list[str]]:
        """Join a topic only A spoke on with the closest topic only B spoke on, if they are alike enough.

        Average linkage keeps topics apart; but when each party speaks on its own words (Mali calls
        every armed group "terrorist", Algeria wants dialogue with the armed groups that signed the
        agreement) the two one-sided topics are the two halves of one point.
        """
        def parties(g: list[str]) -> set[str]:
            return {self.info[c].party for c in g}

        one_a = [i for i, g in enumerate(clusters) if parties(g) == {"a"}]
        one_b = [i for i, g in enumerate(clusters) if parties(g) == {"b"}]
        offers = []
        for i in one_a:
            for j in one_b:
                pair_sims = [sims.get((x, y), sims.get((y, x), 0.0)) for x in clusters[i] for y in clusters[j]]
                best = max(pair_sims, default=0.0)
                avg = sum(pair_sims) / len(pair_sims) if pair_sims else 0.0
                if best >= SECOND_PASS and avg >= SECOND_PASS / 3:
                    offers.append((-best, -avg, i, j))
        taken: set[int] = set()
        merged: dict[int, list[str]] = {}
        for _b, _a, i, j in sorted(offers):
            if i in taken or j in taken:
                continue
            taken.update((i, j))
            merged[i] = sorted(clusters[i] + clusters[j], key=self._rank)
        return [merged.get(i, g) for i, g in enumerate(clusters) if i not in taken or i in merged]

    def _attach_third(self, groups: list[_Group], where: dict[str, int]) -> None:
        """Third-party claims join the groups of the A/B claims they are linked to or answered by, and the
        group of the A/B claim they echo most (same topic and wording)."""
        self.third_rows: list[tuple[str, str, str, str, Link | None]] = []
        # parties a third-party actor contradicts somewhere: its similar wording is no echo of them
        self._opposed: dict[str | None, set[str]] = defaultdict(set)
        for lk in self.links.values():
            if lk.relation is not Relation.contradicts:
                continue
            for x, y in ((lk.source, lk.target), (lk.target, lk.source)):
                if self.info[x].party == "third" and self.info[y].party in ("a", "b"):
                    self._opposed[self.info[x].claim.actor].add(self.info[y].party)
        for d, targets in self.answers.items():
            for x in targets:
                if self.info[x].party == "third" and self.info[d].party in ("a", "b"):
                    self._opposed[self.info[x].claim.actor].add(self.info[d].party)
        # Only third-party claims that can relate to a grouped claim of A or B are looked at: those
        # linked to one or answered by one, and those sharing a term with one (found through the
        # term index, not by comparing every third-party claim with every claim: issue #24)
        grouped = self.vec.index_of(where)
        candidates: set[str] = set()
        for x in self.ids:
            if self.info[x].party == "third":
                continue
            for lk in self.link_of.get(x, []):
                candidates.add(lk.target if lk.source == x else lk.source)
            candidates.update(self.answers.get(x, {}))
        for k, holders in grouped.items():
            candidates.update(self.vec.index.get(k, ()))
        for cid in sorted(candidates, key=self._rank):
            inf = self.info[cid]
            if inf.party != "third":
                continue
            linked: list[tuple[Link | None, str, str]] = []
            for lk in self.link_of.get(cid, []):
                other = lk.target if lk.source == cid else lk.source
                if self.info[other].party in ("a", "b"):
                    linked.append((lk, other, lk.reason or lk.relation.value))
            for d, (_basis, reason, lk) in self.answered_by.get(cid, {}).items():
                if self.info[d].party in ("a", "b") and not any(o == d for _lk, o, _r in linked):
                    linked.append((lk, d, reason))
            linked.sort(key=lambda t: (_REL_ORDER[t[0].relation.value if t[0] else "contradicts"], self._rank(t[1])))
            targets: list[int] = []
            for lk, other, reason in linked:
                self.third_rows.append((cid, lk.relation.value if lk else "contradicts", other, reason, lk))
                if other in where:
                    targets.append(where[other])
            best, best_sim = None, 0.0
            ally = self._ally(inf.claim.actor)
            for other in sorted(self.vec.neighbours(cid, grouped), key=self._rank):
                if other in where:
                    s = self.vec.similarity(cid, other)
                    if self.info[other].party == ally:
                        s += ECHO_THRESHOLD - ECHO_ALLY_THRESHOLD  # same bar, lowered for allies
                    if s > best_sim:
                        best, best_sim = other, s
            linked_parties = {self.info[o].party for _lk, o, _r in linked} | self._opposed.get(inf.claim.actor, set())
            if best is not None and best_sim >= ECHO_THRESHOLD:
                if self.info[best].party not in linked_parties:
                    shared = ", ".join(self.vec.shared(cid, best))
                    self.third_rows.append((cid, "echoes", best, f"same topic and wording: {shared}", None))
                targets.append(where[best])
            for gi in dict.fromkeys(targets):
                g = groups[gi]
                closest = {}
                for party in ("a", "b"):
                    own = [c for c in g.ids if self.info[c].party == party]
                    if own:
                        closest[party] = max(own, key=lambda c: (self.vec.similarity(cid, c), -self._rank(c)))
                g.third[cid] = closest

    # -- rows ---------------------------------------------------------------------------------

    def _candidates(self, g: _Group) -> list[_Pair]:
        out: list[_Pair] = []
        seen: set[tuple[str, str]] = set()

        def add(p: _Pair) -> None:
            if (p.a, p.b) not in seen:
                seen.add((p.a, p.b))
                out.append(p)

        a_set, b_set = set(g.a), set(g.b)
        for x in g.a:
            for y in g.b:
                lk = self.links.get(tuple(sorted((x, y))))
                if lk is not None:
                    add(_Pair(x, y, lk.relation.value, "link", lk.reason or lk.method or lk.relation.value, lk,
                              _link_score(lk)))
        for x in g.a:
            for y in g.b:
                for d, t in ((y, x), (x, y)):
                    val = self.answers.get(d, {}).get(t)
                    if val is not None and val[0] == "derived":
                        add(_Pair(x, y, "contradicts", "derived", val[1], None, 0.6))
        # through an equivalent claim (a restatement) of either party
        for x in g.a:
            for y in g.b:
                if (x, y) in seen:
                    continue
                for x2 in self.same.get(x, [x]):
                    for y2 in self.same.get(y, [y]):
                        if (x2, y2) == (x, y) or (x2 != x and y2 != y):
                            continue  # one restatement at a time: two hops drift off the claim
                        lk = self.links.get(tuple(sorted((x2, y2))))
                        answered = self.answers.get(y2, {}).get(x2) or self.answers.get(x2, {}).get(y2)
                        if lk is not None and lk.relation is Relation.contradicts or answered is not None:
                            via = x2 if x2 != x else y2
                            who = self.actors.name(self.info[via].claim.actor)
                            why = lk.reason if lk is not None else answered[1]
                            add(_Pair(x, y, "contradicts", "derived",
                                      f"through {who}'s restatement “{_short(self.info[via].claim.text, 70)}”: {why}",
                                      None, 0.5))
                            break
                    else:
                        continue
                    break
        # through a third party's claim that echoes one side and is rejected by the other
        for t, closest in g.third.items():
            for d in self.answered_by.get(t, {}):
                dp = self.info[d].party
                if dp not in ("a", "b"):
                    continue
                x = closest.get("a" if dp == "b" else "b")
                bar = ECHO_ALLY_THRESHOLD if x is not None and self._ally(self.info[t].claim.actor) == self.info[x].party else ECHO_THRESHOLD
                if x is not None and self.vec.similarity(t, x) >= bar:
                    pa, pb = (x, d) if dp == "b" else (d, x)
                    if pa in a_set and pb in b_set:
                        who = self.actors.name(self.info[t].claim.actor)
                        add(_Pair(pa, pb, "contradicts", "derived",
                                  f"rejects {who}'s “{_short(self.info[t].claim.text, 60)}”, which echoes this claim",
                                  None, 0.4))
        return out

    def _rows(self, g: _Group) -> list[Row]:
        """Align the claims of one point: every linked pair, pairs that answer each other through an
        equivalent claim or a third party (while they add a claim not shown yet), then each claim not
        shown yet next to the other party's claim closest to it in words, else alone."""
        cands = sorted(
            self._candidates(g),
            key=lambda p: (_REL_ORDER[p.relation], p.basis != "link", -p.score, self._rank(p.a), self._rank(p.b)),
        )
        used: set[str] = set()
        rows: list[tuple] = []
        for p in cands:
            if p.basis != "link" and p.a in used and p.b in used:
                continue
            used.update((p.a, p.b))
            rows.append((p.a, p.b, p.relation, p.basis, p.reason, p.link, p.score))
        for x in g.a + g.b:
            if x in used or x in self.generic:
                continue
            others = g.b if self.info[x].party == "a" else g.a
            scored = sorted(
                ((self.vec.similarity(x, y) + (self._contrast(x, y) or self._near(x, y)), y) for y in others
                 if y not in self.generic),
                key=lambda t: (-t[0], self._rank(t[1])),
            )
            if scored and scored[0][0] >= PAIR_THRESHOLD:
                sim, y = scored[0]
                used.update((x, y))
                shared = self.vec.shared(x, y)
                why = f"both speak of: {', '.join(shared)}" if shared else "set against each other in the text"
                if self._contrast(x, y):
                    why += " (the later sentence turns against the earlier one)"
                a, b = (x, y) if self.info[x].party == "a" else (y, x)
                rows.append((a, b, "contrasting", "topic", why + "; no link between them yet", None, round(sim, 3)))
            elif x not in g.borrowed:
                used.add(x)
                a, b = (x, None) if self.info[x].party == "a" else (None, x)
                rows.append((a, b, "unanswered", "none", f"{self._other_name(x)} said nothing aligned with it here",
                             None, None))
        out = [self._row(*r) for r in rows]
        return sorted(out, key=self._row_key)

    def _other_name(self, cid: str) -> str:
        return self.B.name if self.info[cid].party == "a" else self.A.name

    def _row(self, a, b, relation, basis, reason, link, score) -> Row:
        first = None
        if a and b:
            first = "a" if self.info[a].key() <= self.info[b].key() else "b"
        return Row(
            a=self.ref(a) if a else None,
            b=self.ref(b) if b else None,
            relation=relation,
            reason=reason,
            basis=basis,
            link=link.id if link else None,
            link_status=link.status.value if link else None,
            confidence=round(link.confidence, 3) if link else score,
            first=first,
        )

    def _row_key(self, row: Row) -> tuple:
        keys = [self.info[r.id].key() for r in (row.a, row.b) if r is not None]
        return (min(keys), _REL_ORDER[row.relation])

    # -- references ---------------------------------------------------------------------------

    def ref(self, cid: str) -> ClaimRef:
        inf = self.info[cid]
        if inf.ref is not None:
            return inf.ref
        c, doc = inf.claim, inf.doc
        s, e = inf.sentence
        text = doc.text if doc else ""
        if doc is not None and 0 <= s < e <= len(text):
            sentence, sent_off = text[s:e], (s, e)
        else:
            sentence, sent_off, s = c.text, None, 0
        in_sent = [(max(cs, s) - s, min(ce, s + len(sentence)) - s) for cs, ce in c.spans.content
                   if cs < s + len(sentence) and ce > s and sent_off is not None]
        inf.ref = ClaimRef(
            id=c.id,
            party=inf.party,
            actor=c.actor,
            actor_name=self.actors.name(c.actor),
            kind=c.kind.value,
            cue=c.cue,
            text=c.text,
            quotes=list(c.quotes),
            target=self.actors.name(c.target) if c.target else None,
            status=c.status.value,
            confidence=round(c.confidence, 3),
            date=inf.date.date,
            date_label=inf.date.label,
            date_text=inf.date.text,
            date_source=inf.date.source,
            source=Source(
                document=c.document,
                title=doc.title if doc else c.document,
                path=doc.path if doc else "",
                publisher=doc.publisher if doc else None,
                published=doc.published if doc else None,
                url=doc.url if doc else None,
                language=doc.language if doc else None,
                sentence=sentence,
                sentence_offsets=sent_off,
                content_offsets=list(c.spans.content),
                content_in_sentence=[x for x in in_sent if x[1] > x[0]],
            ),
        )
        return inf.ref

    # -- sections -----------------------------------------------------------------------------

    def build(self) -> Comparison:
        self._visible()
        self._vectors()
        self._responses()
        self._equivalents()
        groups = self._groups()
        points: list[Point] = []
        all_rows: list[Row] = []
        point_of: dict[str, str] = {}
        drafts = []
        for g in groups:
            if not g.a or not g.b:
                continue
            rows = self._rows(g)
            if not any(r.a and r.b for r in rows):
                continue
            drafts.append((g, rows))
        drafts.sort(key=lambda gr: min(self._row_key(r) for r in gr[1]))
        agreements: list[Row] = []
        n = 0
        third_in_point: dict[str, str] = {}
        for g, rows in drafts:
            relation = min((r.relation for r in rows), key=_REL_ORDER.__getitem__)
            if relation in ("supports", "restates"):
                agreements += [r for r in rows if r.relation in ("supports", "restates")]
                continue
            n += 1
            pid = f"p{n:02d}"
            core = [c for c in g.ids if c not in self.generic]
            terms = self.vec.top_terms(core, 4)
            for r in rows:
                for ref in (r.a, r.b):
                    if ref is not None:
                        point_of.setdefault(ref.id, pid)
            for t in g.third:
                third_in_point[t] = pid
            agreements += [r for r in rows if r.relation in ("supports", "restates")]
            all_rows += rows
            points.append(self._point(pid, terms, relation, rows, g))
        points = self._ranked(points)
        third = self._third_parties(third_in_point)
        agreements += self._side_agreements(agreements)
        unanswered = self._unanswered(all_rows + agreements, point_of)
        timeline = self._timeline(all_rows + agreements, point_of, points)
        map_claims = sorted(
            {cid for cid, inf in self.info.items() if inf.party in ("a", "b")}
            | {r.claim.id for tp in third for r in tp.rows if r.link},
            key=self._rank,
        )
        cited = {ref.source.document for ref in self._all_refs(points, agreements, unanswered, timeline, third)}
        documents = [
            DocumentRef(id=d.id, title=d.title, path=d.path, publisher=d.publisher, published=d.published, url=d.url,
                        language=d.language)
            for d in sorted(self.docs.values(), key=lambda d: (d.path, d.id)) if d.id in cited
        ]
        used_links = {r.link for p in points for r in p.rows if r.link} | {r.link for r in agreements if r.link}
        stats = Stats(
            claims_a=sum(1 for i in self.info.values() if i.party == "a"),
            claims_b=sum(1 for i in self.info.values() if i.party == "b"),
            claims_third=sum(len(tp.rows) for tp in third),
            points=len(points),
            agreements=len(agreements),
            unanswered_a=sum(1 for u in unanswered if u.by == "a"),
            unanswered_b=sum(1 for u in unanswered if u.by == "b"),
            links_used=len(used_links),
            accusations_unanswered_a=sum(1 for u in unanswered if u.by == "a" and u.received),
            accusations_unanswered_b=sum(1 for u in unanswered if u.by == "b" and u.received),
        )
        return Comparison(
            title=f"{self.A.name} vs {self.B.name}",
            a=self.A,
            b=self.B,
            filters=self.filters,
            points=points,
            ranking=[p.id for p in sorted(points, key=lambda p: p.rank)],
            agreements=agreements,
            unanswered=unanswered,
            timeline=timeline,
            third_parties=third,
            documents=documents,
            map_claims=map_claims,
            stats=stats,
            notes=self._notes(points, agreements),
        )

    def _point(self, pid: str, terms: list[str], relation: str, rows: list[Row], g: _Group) -> Point:
        refs = [(ref, self.info[ref.id]) for r in rows for ref in (r.a, r.b) if ref is not None]
        first_ref, first_inf = min(refs, key=lambda t: t[1].key())
        first = first_inf.party
        other = [t for t in refs if t[1].party != first]
        response = min(other, key=lambda t: t[1].key())[0] if other else None
        names = {"a": self.A.name, "b": self.B.name}
        summary = f"{names[first]} spoke first ({first_ref.date_label})"
        if response is not None:
            summary += f"; {names['b' if first == 'a' else 'a']} responded ({response.date_label})"
        third_rows = [tr for tr in self._third_rows_for(g)]
        score, why, docs = self._score(rows, third_rows)
        dated = [t for t in refs if t[0].date is not None]
        last = max(dated, key=lambda t: t[1].key())[0] if dated else None
        return Point(
            id=pid,
            topic=", ".join(terms[:3]) or "linked claims",
            terms=terms,
            relation=relation,
            rows=rows,
            third_parties=third_rows,
            first=first,
            first_date=first_ref.date_label,
            response_date=response.date_label if response else "",
            summary=summary,
            score=score,
            score_reason=why,
            documents=docs,
            last_date=last.date_label if last is not None else "",
        )

    def _score(self, rows: list[Row], third_rows: list[ThirdPartyRow]) -> tuple[float, str, int]:
        """(score, what it counts in words, documents) of a point: how contested it is.

        Each count adds the log of (1 + count), so a point with many rows of one kind does not bury
        the others: contradictions by a stored link weigh 3 (a reviewed one counts 1.5), derived
        contradictions 2, contrasts 1, accusations aimed at the other party 1, documents 1 (beyond
        the first), third-party claims 0.5.
        """
        linked = sum(1.5 if r.link_status in ("accepted", "edited") else 1.0
                     for r in rows if r.relation == "contradicts" and r.basis == "link")
        n_linked = sum(1 for r in rows if r.relation == "contradicts" and r.basis == "link")
        derived = sum(1 for r in rows if r.relation == "contradicts" and r.basis != "link")
        contrasting = sum(1 for r in rows if r.relation == "contrasting")
        ids = {ref.id for r in rows for ref in (r.a, r.b) if ref is not None}
        docs = len({self.info[c].claim.document for c in ids})
        accusations = sum(1 for c in ids if self._aimed(c))
        third = len({t.claim.id for t in third_rows})
        score = (3 * math.log2(1 + linked) + 2 * math.log2(1 + derived) + math.log2(1 + contrasting)
                 + math.log2(1 + accusations) + math.log2(max(docs, 1)) + 0.5 * math.log2(1 + third))
        parts = [_n(n_linked, "contradiction by a link", "contradictions by links") if n_linked else "",
                 _n(derived, "derived contradiction", "derived contradictions") if derived else "",
                 _n(contrasting, "contrast", "contrasts") if contrasting else "",
                 _n(accusations, "accusation between them", "accusations between them") if accusations else "",
                 _n(docs, "document", "documents"),
                 _n(third, "third-party claim", "third-party claims") if third else ""]
        return round(score, 3), ", ".join(p for p in parts if p), docs

    def _ranked(self, points: list[Point]) -> list[Point]:
        """`points` (in order of first statement) with their ranks: highest score first, ties in order
        of first statement."""
        order = sorted(range(len(points)), key=lambda i: (-points[i].score, i))
        rank = {i: k + 1 for k, i in enumerate(order)}
        return [p.model_copy(update={"rank": rank[i]}) for i, p in enumerate(points)]

    def _third_rows_for(self, g: _Group) -> list[ThirdPartyRow]:
        members = set(g.ids) | g.borrowed
        out = []
        seen: set[tuple[str, str, str]] = set()
        for cid, rel, other, reason, lk in self.third_rows:
            key = (cid, rel, self.info[other].party)
            if cid in g.third and other in members and key not in seen:
                seen.add(key)  # one row per claim and stance here; the Third parties section lists them all
                out.append(self._third_row(cid, rel, other, reason, lk, None))
        return out

    def _third_row(self, cid, rel, other, reason, lk, point) -> ThirdPartyRow:
        return ThirdPartyRow(
            claim=self.ref(cid),
            stance=rel,
            toward=self.info[other].party,
            other=self.ref(other),
            reason=reason,
            link=lk.id if lk else None,
            ally_of=self._ally(self.info[cid].claim.actor),
            point=point,
        )

    def _ally(self, actor: str | None) -> str | None:
        side = self.actors.side(actor)
        if side is None:
            return None
        if side in self.A.sides:
            return "a"
        if side in self.B.sides:
            return "b"
        return None

    def _third_parties(self, third_in_point: dict[str, str]) -> list[ThirdParty]:
        by_actor: dict[str | None, list[ThirdPartyRow]] = defaultdict(list)
        for cid, rel, other, reason, lk in self.third_rows:
            row = self._third_row(cid, rel, other, reason, lk, third_in_point.get(cid))
            by_actor[self.info[cid].claim.actor].append(row)
        out = []
        for actor in sorted(by_actor, key=lambda a: (a is None, min(self._rank(r.claim.id) for r in by_actor[a]))):
            rows = sorted(by_actor[actor], key=lambda r: (self._rank(r.claim.id), self._rank(r.other.id)))
            counts: dict[tuple[str, str], int] = defaultdict(int)
            for r in rows:
                counts[(r.stance, r.toward)] += 1
            names = {"a": self.A.name, "b": self.B.name}
            summary = ", ".join(f"{st} {names[tw]} ({k})" for (st, tw), k in sorted(counts.items()))
            out.append(ThirdParty(actor=actor, name=self.actors.name(actor), ally_of=self._ally(actor),
                                  summary=summary, rows=rows))
        return out

    def _side_agreements(self, have: list[Row]) -> list[Row]:
        """supports / restates links between the two camps that are not already rows (allies included)."""
        shown = {(r.a.id if r.a else None, r.b.id if r.b else None) for r in have}
        out = []
        for lk in sorted(self.links.values(), key=lambda x: x.id):
            if lk.relation is Relation.contradicts:
                continue
            ends = []
            for cid in (lk.source, lk.target):
                inf = self.info[cid]
                camp = inf.party if inf.party != "third" else self._ally(inf.claim.actor)
                ends.append((camp, cid))
            camps = {e[0] for e in ends}
            if camps != {"a", "b"}:
                continue
            a = next(c for camp, c in ends if camp == "a")
            b = next(c for camp, c in ends if camp == "b")
            if (a, b) in shown:
                continue
            via = [self.actors.name(self.info[c].claim.actor) for c in (a, b) if self.info[c].party == "third"]
            reason = (lk.reason or lk.relation.value) + (f" (through the side of {', '.join(via)})" if via else "")
            out.append(self._row(a, b, lk.relation.value, "link", reason, lk, None))
        return out

    def _unanswered(self, rows: list[Row], point_of: dict[str, str]) -> list[Unanswered]:
        paired: set[str] = set()
        denied: set[str] = set()
        for r in rows:
            if r.a and r.b:
                paired.update((r.a.id, r.b.id))
                if r.relation == "contradicts":
                    denied.update((r.a.id, r.b.id))
        for x, by in self.answered_by.items():
            if any(self.info[d].party not in (self.info[x].party, "third") for d in by):
                denied.add(x)
        out = []
        for cid in self.ids:
            inf = self.info[cid]
            if inf.party == "third" or cid in self.generic:
                continue
            equiv = self.same.get(cid, [cid])
            is_blame = inf.claim.kind in BLAME
            was_denied = any(e in denied for e in equiv)
            other = self._other_name(cid)
            received = is_blame and not was_denied and self._aimed(cid)
            if cid not in paired and not any(e in paired for e in equiv):
                reason = f"{other} never addressed it: no link to a claim of {other} and no claim of {other} on its topic"
                out.append(Unanswered(claim=self.ref(cid), by=inf.party, point=point_of.get(cid),
                                      accusation_without_denial=is_blame and not was_denied, reason=reason,
                                      received=received))
            elif is_blame and not was_denied:
                out.append(Unanswered(claim=self.ref(cid), by=inf.party, point=point_of.get(cid),
                                      accusation_without_denial=True, received=received,
                                      reason=f"{other} spoke on the topic but never denied or contradicted it"))
        return sorted(out, key=lambda u: (u.by, self.info[u.claim.id].key()))

    def _timeline(self, rows: list[Row], point_of: dict[str, str], points: list[Point]) -> list[TimelineEntry]:
        responds: dict[str, list[str]] = defaultdict(list)
        for r in rows:
            if r.a and r.b and r.relation != "unanswered":
                early, late = sorted((r.a.id, r.b.id), key=lambda c: self.info[c].key())
                if early not in responds[late] and self.info[early].key() < self.info[late].key():
                    responds[late].append(early)
        openers = set()
        for p in points:
            refs = [ref for r in p.rows for ref in (r.a, r.b) if ref is not None]
            openers.add(min(refs, key=lambda ref: self.info[ref.id].key()).id)
        out = []
        for cid in sorted(self.ids, key=lambda c: self.info[c].key()):
            inf = self.info[cid]
            if inf.party == "third":
                continue
            out.append(TimelineEntry(
                claim=self.ref(cid), party=inf.party, point=point_of.get(cid), opens_point=cid in openers,
                responds_to=sorted(responds.get(cid, []), key=self._rank),
            ))
        return out

    def _notes(self, points: list[Point], agreements: list[Row]) -> list[str]:
        notes = []
        for party in (self.A, self.B):
            n = sum(1 for i in self.info.values() if i.party == party.key)
            if n == 0:
                notes.append(f"No claims of {party.name} pass the filters.")
        rows = [r for p in points for r in p.rows] + agreements
        proposed = sum(1 for r in rows if r.link_status == "proposed")
        topical = sum(1 for r in rows if r.basis in ("topic", "derived"))
        if proposed:
            notes.append(f"{_n(proposed, 'row rests', 'rows rest')} on proposed links that no reviewer has accepted yet.")
        if topical:
            notes.append(
                f"{_n(topical, 'row is', 'rows are')} aligned by shared key terms or by a rejection pointing back, "
                "not by a stored link; check before quoting."
            )
        if self.filters.accepted_only:
            notes.append("Only claims and links a reviewer accepted (or edited) are shown.")
        return notes

    def _all_refs(self, points, agreements, unanswered, timeline, third) -> Iterable[ClaimRef]:
        for p in points:
            for r in p.rows:
                yield from (x for x in (r.a, r.b) if x)
            for t in p.third_parties:
                yield t.claim
        for r in agreements:
            yield from (x for x in (r.a, r.b) if x)
        for u in unanswered:
            yield u.claim
        for e in timeline:
            yield e.claim
        for tp in third:
            for r in tp.rows:
                yield r.claim


def _n(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _paragraph(text: str, offset: int) -> int:
    """Index of the paragraph (block of text between blank lines or line breaks) holding `offset`."""
    return text.count("\n", 0, offset) - text.count("\n\n", 0, offset)


def _link_score(lk: Link) -> float:
    return 1.0 + lk.confidence if lk.status in _REVIEWED else lk.confidence


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
