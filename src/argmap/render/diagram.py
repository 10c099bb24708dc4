"""ArgumentMap -> Diagram: the view model of a rendered map, and the set of views worth drawing.

This module decides *what* a map shows and says: which claims and links pass the filters, how claims
are grouped (one frame per actor, a sub-actor's frame inside its parent's, the frames of one side
inside a side frame, claims without actor in an "unattributed" frame), the wording of every label and
tooltip, the colours per side, and how big views are split into pages. It is pure: no files, no
subprocesses, no Graphviz, and no DOT syntax or escaping (that is dot.py's job, in one function).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from array import array
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Iterator
from contextlib import contextmanager
from itertools import groupby
from typing import Literal
from urllib.parse import quote

from pydantic import BaseModel, ConfigDict, Field, model_validator

from argmap.actor_graph import ActorGraph
from argmap.disputes import Camps, Dispute, components, rank_disputes, split
from argmap.errors import InputError, NotFoundError
from argmap.model import Actor, ArgumentMap, Claim, Link, Probability, Relation, SpeechAct, Status, web_url
from argmap.rows import ClaimRow, DocumentRow, LinkRow, MapReader, reader_of

from .style import DiagramStyle

#: Statuses shown unless asked otherwise: everything but what a reviewer rejected.
DEFAULT_STATUSES = frozenset({Status.proposed, Status.accepted, Status.edited})

# Text bounds. Graphviz refuses a string longer than 16384 bytes ("longer than 16384?") and one
# such string fails the whole view, so every text a document or an import can make long is cut
# with '…' here; what a label cuts is in the tooltip.
#: Characters of a drawn map title (a document's title, publisher and date); the map's tooltip has
#: the whole title (up to TOOLTIP_CHARS).
TITLE_CHARS = 200
#: Characters of an actor name or side drawn in a frame label or after a claim's speech act.
NAME_CHARS = 100
#: Characters of any tooltip. Escaped for DOT one character takes at most 6 bytes ("&quot;"), so a
#: tooltip stays well below Graphviz's limit.
TOOLTIP_CHARS = 2000
#: The longest document URL a claim links to; a longer one is left out (a cut URL is a wrong one).
URL_CHARS = 2000

_OPEN_QUOTES = "\u201c\u00ab\u201e\u2018\"'"  # the opening marks of curly, guillemet, low-9 quotes
_CLOSE_QUOTES = "\u201d\u00bb\u201c\u2019\"'"
# Paired quotation marks inside a claim text; straight double quotes pair up too.
_QUOTED = re.compile(r"“[^“”]+”|«[^«»]+»|„[^„“”]+[“”]|\"[^\"]+\"")
_WORD = re.compile(r"[^\W\d_]{4,}")
# Words that never name a dispute (dispute slugs are built from the words most claims share).
_SLUG_STOPWORDS = frozenset(
    """
    about after again against also among been before being between both could does doing down
    during each from further have having here into itself just more most much must only other
    over said says same should some such than that their them then there these they this those
    through under until very were what when where which while will with would your also ever
    dans pour avec sont leur leurs cette comme mais plus elle elles nous vous être avoir selon
    """.split()
)


class _View(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ViewFilter(_View):
    """Which claims and links a view shows. Empty (None) means "no restriction"."""

    documents: frozenset[str] | None = Field(default=None, description="Document ids to show")
    actors: frozenset[str] | None = Field(
        default=None, description="Actor ids: only their claims and the links between them"
    )
    sub_actors: bool = Field(default=True, description="An actor filter also keeps its sub-actors' claims")
    statuses: frozenset[Status] = Field(
        default=DEFAULT_STATUSES, min_length=1, description="Claim and link statuses to show"
    )
    min_confidence: Probability = Field(default=0.0, description="Hide claims and links below this")
    kinds: frozenset[SpeechAct] | None = Field(default=None, description="Speech-act kinds to show")
    published_from: dt.date | None = Field(default=None, description="First publication date shown")
    published_to: dt.date | None = Field(default=None, description="Last publication date shown")

    @model_validator(mode="after")
    def _check_dates(self) -> ViewFilter:
        if self.published_from and self.published_to and self.published_from > self.published_to:
            raise ValueError(
                f"published_from ({self.published_from}) is after published_to ({self.published_to}); swap them"
            )
        return self


class Run(_View):
    """A piece of one label line; `quoted` pieces are verbatim words from the source."""

    text: str
    quoted: bool = False


class Node(_View):
    """One claim."""

    id: str = Field(description="The claim id (also the Graphviz node name and SVG <title>)")
    cluster: str = Field(description="Id of the innermost cluster holding it")
    order: int = Field(description="Position of the claim in the corpus (document order, then offset)")
    act: str = Field(description="Speech-act line, e.g. 'ACCUSES'")
    act_detail: str = Field(default="", description="Rest of the speech-act line: target, hedging")
    lines: tuple[tuple[Run, ...], ...] = Field(description="Wrapped content text")
    tooltip: str
    url: str | None = None
    status: Status
    color: str = Field(description="Border colour (the side's colour)")
    fill: str
    style: str = Field(description="Graphviz node style")
    penwidth: float


class Edge(_View):
    """One link."""

    id: str = Field(description="The link id")
    source: str
    target: str
    relation: Relation
    status: Status
    label: str
    tooltip: str
    color: str
    penwidth: float
    line: Literal["solid", "dashed", "dotted"]
    dir: Literal["forward", "both", "none"]
    arrowhead: str
    arrowtail: str
    constraint: bool


class Cluster(_View):
    """A frame: a side, an actor, or the unattributed claims."""

    id: str = Field(description="'side:<slug>', 'actor:<id>' or 'unattributed'")
    kind: Literal["side", "actor", "unattributed"]
    parent: str | None = Field(default=None, description="Id of the enclosing cluster")
    order: int = Field(description="Drawing order among all clusters")
    label: str
    sublabel: str = ""
    tooltip: str = ""
    color: str
    fill: str


class Legend(_View):
    show: bool = True
    notes: tuple[str, ...] = Field(default=(), description="View-specific notes (pages, omitted claims)")


class Diagram(_View):
    """Everything needed to print one map; dot.py turns it into DOT without further decisions."""

    name: str = Field(description="View name, also the output file stem")
    title: str = Field(description="Drawn title (at most TITLE_CHARS)")
    tooltip: str = Field(default="", description="Hover text of the map: the whole title when the drawn one is cut")
    subtitle: str = ""
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    clusters: tuple[Cluster, ...]
    legend: Legend
    style: DiagramStyle


# ---------------------------------------------------------------------------------------------
# Small text helpers


def _clean(text: str) -> str:
    """Collapse every run of whitespace (newlines included) to one space."""
    return " ".join(text.split())


def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    if cut < limit * 0.6:  # one huge word: cut inside it rather than lose most of the text
        cut = limit - 1
    return text[:cut].rstrip() + "…"


def slugify(text: str, max_len: int = 40) -> str:
    """ASCII slug of `text`: lowercase words joined by '-', at most `max_len` chars, cut at a '-'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > max_len:
        slug = slug[:max_len]
        slug = slug.rsplit("-", 1)[0] if "-" in slug else slug
    return slug


def _quoted_mask(text: str, quotes: Iterable[str]) -> list[bool]:
    """Per character of `text`: is it inside a verbatim quotation (quote marks included)?"""
    mask = [False] * len(text)
    pos = 0
    for quoted in quotes:
        quoted = _clean(quoted).strip(_OPEN_QUOTES + _CLOSE_QUOTES + " ")
        if not quoted:
            continue
        i = text.find(quoted, pos)
        if i < 0:
            i = text.find(quoted)
        if i >= 0:
            mask[i : i + len(quoted)] = [True] * len(quoted)
            pos = i + len(quoted)
    for m in _QUOTED.finditer(text):
        mask[m.start() : m.end()] = [True] * (m.end() - m.start())
    # Widen each marked run over the quote marks around it, so they share its typeface.
    i = 0
    while i < len(mask):
        if not mask[i]:
            i += 1
            continue
        j = i
        while j < len(mask) and mask[j]:
            j += 1
        if i > 0 and text[i - 1] in _OPEN_QUOTES:
            mask[i - 1] = True
        if j < len(mask) and text[j] in _CLOSE_QUOTES:
            mask[j] = True
            j += 1
        i = j
    return mask


def label_lines(text: str, quotes: Iterable[str], *, width: int, max_chars: int) -> tuple[tuple[Run, ...], ...]:
    """Wrap `text` to `width` characters, cut it past `max_chars` with '…', mark quoted words.

    Returns lines of runs; a run is `quoted` when it is verbatim quoted source text.
    """
    text = _clean(text)
    mask = _quoted_mask(text, quotes)
    if len(text) > max_chars:
        text = _cut(text, max_chars)
        mask = [*mask[: len(text) - 1], False]
    # Words as (start, end) offsets; a word longer than a line is split (URLs, hashes).
    words: list[tuple[int, int]] = []
    for m in re.finditer(r"\S+", text):
        for s in range(m.start(), m.end(), width):
            words.append((s, min(s + width, m.end())))
    lines: list[list[tuple[int, int]]] = []
    used = width + 1
    for start, end in words:
        if used + 1 + (end - start) > width:
            lines.append([])
            used = -1
        lines[-1].append((start, end))
        used += 1 + end - start
    out = []
    for line in lines:
        pieces: list[tuple[str, bool]] = []
        for k, (start, end) in enumerate(line):
            if k:  # the space between two words is quoted only inside a quotation
                pieces.append((" ", mask[line[k - 1][1] - 1] and mask[start]))
            pieces.extend((text[i], mask[i]) for i in range(start, end))
        runs = [
            Run(text="".join(ch for ch, _ in group), quoted=flag) for flag, group in groupby(pieces, key=lambda p: p[1])
        ]
        out.append(tuple(runs))
    return tuple(out)


def _tint(color: str, amount: float) -> str:
    """Mix `color` (#RRGGBB) with white; amount 1.0 gives white."""
    rgb = [int(color[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(c + (255 - c) * amount):02X}" for c in rgb)


def _safe_url(url: str | None) -> str | None:
    """`url` if it is an absolute http(s) URL (`model.web_url`) short enough for a label, else None
    (a 'javascript:' href would run in the SVG)."""
    url = web_url(url)
    return url if url is not None and len(url) <= URL_CHARS else None


def _check_base_url(base_url: str | None) -> str | None:
    if base_url is None:
        return None
    base = base_url.strip().rstrip("/")
    if (base.startswith("/") and not base.startswith("//")) or _safe_url(base):
        return base
    raise InputError(
        f"base_url {base_url!r} is not an http(s) URL or an absolute path; "
        "give e.g. http://127.0.0.1:8000 (the review UI address)"
    )


# ---------------------------------------------------------------------------------------------
# The index: everything about one ArgumentMap that every view of it shares

_RELATIONS = tuple(Relation)
_STATUSES = tuple(Status)


class _LinkTable:
    """The shown links in columns: an id, the positions of its two claims (in `order`), a relation
    and status code and a confidence each, ~100 bytes a link rather than a record or a row. Items
    (`table[k]`, iteration) are `LinkRow`s made when asked for; `touching(c)` are the positions of
    the links of the claim at position `c` (after `by_id`)."""

    def __init__(self, order: list[str]) -> None:
        self.order = order  # claim ids by position
        self.ids: list[str] = []
        self.src, self.tgt = array("i"), array("i")
        self.code = array("B")  # relation index * 4 + status index
        self.conf = array("d")
        self._start = self._touch = array("i")

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, k: int) -> LinkRow:
        code = self.code[k]
        return LinkRow(self.ids[k], self.order[self.src[k]], self.order[self.tgt[k]], _RELATIONS[code >> 2],
                       _STATUSES[code & 3], self.conf[k])

    def __iter__(self) -> Iterator[LinkRow]:
        return (self[k] for k in range(len(self.ids)))

    def status(self, k: int) -> Status:
        return _STATUSES[self.code[k] & 3]

    def append(self, link: LinkRow, src: int, tgt: int) -> None:
        self.ids.append(link.id)
        self.src.append(src)
        self.tgt.append(tgt)
        self.code.append(_RELATIONS.index(link.relation) * 4 + _STATUSES.index(link.status))
        self.conf.append(link.confidence)

    def put(self, k: int, link: LinkRow, src: int, tgt: int) -> None:
        self.ids[k], self.src[k], self.tgt[k] = link.id, src, tgt
        self.code[k] = _RELATIONS.index(link.relation) * 4 + _STATUSES.index(link.status)
        self.conf[k] = link.confidence

    def by_id(self) -> _LinkTable:
        """The same links sorted by id, with the links of each claim indexed (`touching`)."""
        perm = sorted(range(len(self.ids)), key=self.ids.__getitem__)
        out = _LinkTable(self.order)
        out.ids = [self.ids[k] for k in perm]
        for column in ("src", "tgt", "code", "conf"):
            old = getattr(self, column)
            setattr(out, column, array(old.typecode, (old[k] for k in perm)))
        del perm
        # compressed adjacency: the links of claim c are _touch[_start[c]:_start[c + 1]]
        count = array("i", bytes(4 * (len(self.order) + 1)))
        for ends in (out.src, out.tgt):
            for c in ends:
                count[c + 1] += 1
        for c in range(len(self.order)):
            count[c + 1] += count[c]
        touch = array("i", bytes(4 * count[-1]))
        fill = array("i", count)
        for k in range(len(out.ids)):
            for c in (out.src[k], out.tgt[k]):
                touch[fill[c]] = k
                fill[c] += 1
        out._start, out._touch = count, touch
        return out

    def touching(self, c: int) -> array:
        return self._touch[self._start[c] : self._start[c + 1]]



class _Index:
    """Lookups, colours, filtered claims and links for one map (built once), and the records of the
    view being built.

    The index holds rows (`rows.ClaimRow`, `rows.LinkRow`, `rows.DocumentRow`: ids, ends, actor,
    status, confidence), never every record: the texts, spans, reasons and document texts a view
    prints are read from `reader` for that view (`view`) and dropped after it, so memory grows with
    the rows, not with the map. `source` is a `rows.MapReader` (a Store) or an ArgumentMap."""

    def __init__(self, source: ArgumentMap | MapReader, filters: ViewFilter, style: DiagramStyle,
                 base_url: str | None) -> None:
        self.style = style
        self.filters = filters
        self.base_url = _check_base_url(base_url)
        self.reader = reader_of(source)
        self.docs: dict[str, DocumentRow] = {}
        for d in self.reader.document_rows():
            self.docs.setdefault(d.id, d)
        self.doc_list = sorted(self.docs.values(), key=lambda d: (d.path, d.id))
        doc_rank = {d.id: i for i, d in enumerate(self.doc_list)}
        self.graph = ActorGraph(self.reader.actors())
        self.actors: dict[str, Actor] = self.graph.by_id
        claims: dict[str, ClaimRow] = {}
        names: dict[str, str] = {}  # one copy of each document and actor id, however many claims name it
        for c in self.reader.claim_rows():
            if c.id not in claims:
                claims[c.id] = c._replace(document=names.setdefault(c.document, c.document),
                                          actor=c.actor and names.setdefault(c.actor, c.actor),
                                          target=c.target and names.setdefault(c.target, c.target))
        del names
        ordered = sorted(claims.values(), key=lambda c: (doc_rank.get(c.document, len(doc_rank)), c.start, c.end, c.id))
        del claims
        self.claims: dict[str, ClaimRow] = {c.id: c for c in ordered}
        self.rank = {c.id: i for i, c in enumerate(ordered)}
        self.colors = self._assign_colors(ordered)
        self._check_filters()
        self.visible = [c.id for c in ordered if self._shows_claim(c)]
        self.links = self._visible_links(self.reader.link_rows(), [c.id for c in ordered])
        del ordered
        self._full: dict[str, Claim] = {}  # the records of the view being built (`view`)
        self._full_links: dict[str, Link] = {}
        self._texts: dict[str, str] = {}  # document id -> text, for the same view
        self._nodes: dict[str, Node] = {}  # nodes of the current view
        self._depth = 0
        self._camps: Camps | None = None
        self._plan: list[DisputeView] | None = None

    # -- the records of one view ------------------------------------------------------------

    @contextmanager
    def view(self, claim_ids: Collection[str], links: Iterable[LinkRow] = ()) -> Iterator[None]:
        """Inside the block, the records of `claim_ids` (and their documents' texts) and of `links`
        are at hand (`full`, `edge`, `node`); they are dropped when the outermost block ends."""
        self._depth += 1
        try:
            wanted = [c for c in claim_ids if c not in self._full]
            if wanted:
                self._full.update(self.reader.claims_by_id(wanted))
                docs = {self.claims[c].document for c in wanted} - set(self._texts)
                self._texts.update((d, doc.text) for d, doc in self.reader.documents_by_id(sorted(docs)).items())
            missing = [lk.id for lk in links if lk.id not in self._full_links]
            if missing:
                self._full_links.update(self.reader.links_by_id(missing))
            yield
        finally:
            self._depth -= 1
            if not self._depth:
                self._full, self._full_links, self._texts, self._nodes = {}, {}, {}, {}

    def full(self, claim_id: str) -> Claim:
        """The record of a claim of the current view (see `view`)."""
        return self._full[claim_id]

    def texts(self, claim_ids: Iterable[str]) -> dict[str, str]:
        """Claim id -> text, read for these claims only."""
        ids = list(claim_ids)
        have = {c: self._full[c].text for c in ids if c in self._full}
        rest = [c for c in ids if c not in have]
        if rest:
            have.update(self.reader.claim_texts(rest))
        return have

    def links_among(self, claim_ids: Iterable[str]) -> list[LinkRow]:
        """The shown links with both ends among `claim_ids`, in `links` order (by id)."""
        members = {self.rank[c] for c in claim_ids}
        links = self.links
        found = {k for c in members for k in links.touching(c) if links.src[k] in members and links.tgt[k] in members}
        return [links[k] for k in sorted(found)]

    def links_cut(self, members: Collection[str], among: Collection[str]) -> int:
        """Shown links with one end in `members` and the other in `among` but not in `members`."""
        inside = {self.rank[c] for c in members}
        within = {self.rank[c] for c in among}
        links = self.links
        return len({k for c in inside for k in links.touching(c)
                    if (links.src[k] in inside) != (links.tgt[k] in inside)
                    and links.src[k] in within and links.tgt[k] in within})

    # -- actors -------------------------------------------------------------------------------

    def chain(self, actor_id: str) -> list[str]:
        """`actor_id` and its known ancestors, innermost first."""
        return self.graph.chain(actor_id)

    def side(self, actor_id: str) -> str | None:
        """The actor's side: declared (its own or its nearest ancestor's), else inferred."""
        return self.graph.effective_side(actor_id)

    def color_key(self, actor_id: str | None) -> str:
        actor = self.actors.get(actor_id) if actor_id is not None else None
        if actor_id is None or (actor is not None and actor.kind.value == "generic"):
            return ""  # no speaker, or nobody in particular ("you", "someone"): the neutral colour
        side = self.side(actor_id)
        return f"side:{side}" if side else f"actor:{self.graph.root(actor_id)}"

    def _assign_colors(self, claims: list[ClaimRow]) -> dict[str, str]:
        """Colour per side (then per side-less top actor), from the whole map: same in every view.

        Only actors the claims speak or target count: an actor left in the store by an older
        extraction must not shift everyone's colours (a fresh store draws the same map)."""
        ids = sorted({c.actor for c in claims if c.actor} | {c.target for c in claims if c.target})
        keys = {self.color_key(a) for a in ids}
        ordered = sorted(k for k in keys if k.startswith("side:")) + sorted(k for k in keys if k.startswith("actor:"))
        pinned = self.style.side_colors
        colors: dict[str, str] = {"": self.style.neutral_color}
        n = 0
        for key in ordered:
            name = key.split(":", 1)[1]
            if name in pinned:
                colors[key] = pinned[name]
            else:
                colors[key] = self.style.palette[n % len(self.style.palette)]
                n += 1
        return colors

    def actor_name(self, actor_id: str | None) -> str:
        if actor_id is None:
            return self.style.unattributed_label
        actor = self.actors.get(actor_id)
        return _clean(actor.name) if actor else actor_id

    # -- filters ------------------------------------------------------------------------------

    def _check_filters(self) -> None:
        f = self.filters
        actors = set(self.actors) | {c.actor for c in self.claims.values() if c.actor}
        for name, wanted, known in (("actor", f.actors, actors), ("document", f.documents, set(self.docs))):
            unknown = sorted((wanted or set()) - set(known))
            if unknown:
                sample = ", ".join(sorted(known)[:8]) or "none"
                raise NotFoundError(f"unknown {name} id(s): {', '.join(unknown)}; known {name}s: {sample}")
        self.actor_set: set[str] | None = None
        if f.actors is not None:
            self.actor_set = set(f.actors)
            if f.sub_actors:
                self.actor_set |= {a for a in self.actors if set(self.chain(a)) & f.actors}

    def _shows_claim(self, c: ClaimRow) -> bool:
        f = self.filters
        if c.status not in f.statuses or c.confidence < f.min_confidence:
            return False
        if f.documents is not None and c.document not in f.documents:
            return False
        if self.actor_set is not None and c.actor not in self.actor_set:
            return False
        if f.kinds is not None and c.kind not in f.kinds:
            return False
        if f.published_from or f.published_to:
            doc = self.docs.get(c.document)
            date = doc.published if doc else None
            if date is None:  # undated documents cannot be placed in a date range
                return False
            if (f.published_from and date < f.published_from) or (f.published_to and date > f.published_to):
                return False
        return True

    def _visible_links(self, links: Iterable[LinkRow], order: list[str]) -> _LinkTable:
        """The links a view may draw: both claims shown, status and confidence as the filters ask;
        a symmetric relation stored both ways, or a link stored twice, is one line (the
        best-reviewed record, then the smallest id). By id."""
        f = self.filters
        status_rank = {Status.accepted: 0, Status.edited: 1, Status.proposed: 2, Status.rejected: 3}
        visible = set(self.visible)
        n = len(order)
        table = _LinkTable(order)
        best: dict[int, int] = {}  # (ends, relation) as one number -> its slot in `table`
        for link in links:
            if link.status not in f.statuses or link.confidence < f.min_confidence:
                continue
            if link.source not in visible or link.target not in visible:
                continue
            a, b = self.rank[link.source], self.rank[link.target]
            rel = _RELATIONS.index(link.relation)
            if link.relation.symmetric:
                a, b = min(a, b), max(a, b)
            key = (a * n + b) * len(_RELATIONS) + rel
            slot = best.get(key)
            if slot is None:
                best[key] = len(table)
                table.append(link, self.rank[link.source], self.rank[link.target])
            elif (status_rank[link.status], link.id) < (status_rank[table.status(slot)], table.ids[slot]):
                table.put(slot, link, self.rank[link.source], self.rank[link.target])
        del best
        return table.by_id()

    # -- nodes and edges ----------------------------------------------------------------------

    def node(self, claim_id: str) -> Node:
        node = self._nodes.get(claim_id)
        if node is None:
            node = self._nodes[claim_id] = self._make_node(self._full[claim_id])
        return node

    def _make_node(self, c: Claim) -> Node:
        s = self.style
        detail = []
        if c.target:
            detail.append("→ " + _cut(self.actor_name(c.target), NAME_CHARS))
        if c.hedged:
            detail.append(s.hedged_label)
        color = self.colors.get(self.color_key(c.actor), s.neutral_color)
        doc = self.docs.get(c.document)
        url = f"{self.base_url}/claims/{quote(c.id, safe='')}" if self.base_url else _safe_url(doc.url if doc else None)
        return Node(
            id=c.id,
            cluster=f"actor:{c.actor}" if c.actor else "unattributed",
            order=self.rank[c.id],
            act=s.act_label(c.kind).upper(),
            act_detail=" · ".join(detail),
            lines=label_lines(c.text, c.quotes, width=s.wrap_width, max_chars=s.max_label_chars),
            tooltip=self._claim_tooltip(c, doc, self._texts.get(c.document) if doc is not None else None),
            url=url,
            status=c.status,
            color=color,
            fill=s.node_fill,
            style=s.node_style.get(c.status, "rounded,filled"),
            penwidth=s.node_penwidth.get(c.status, 1.2),
        )

    def _claim_tooltip(self, c: Claim, doc: DocumentRow | None, text: str | None) -> str:
        actor = self.actors.get(c.actor) if c.actor else None
        who = self.actor_name(c.actor)
        if actor is not None and actor.kind.value != "unknown":
            who += f" ({actor.kind.value.replace('_', ' ')})"
        cue = f" “{_clean(c.cue)}”" if c.cue.strip() else ""
        lines = [f"{who}: {self.style.act_label(c.kind)}{cue}"]
        if doc is not None:
            meta = [_clean(doc.title) or doc.path]
            meta += [x for x in (doc.publisher, doc.published.isoformat() if doc.published else None) if x]
            lines.append(" · ".join(meta))
        lines.append("“" + _cut(_clean(self._sentence(c, text)), self.style.tooltip_chars) + "”")
        lines.append(
            f"{c.status.value} · confidence {c.confidence:.2f}" + (f" · {c.rule}" if c.rule else "") + f" · {c.id}"
        )
        return _cut("\n".join(lines), TOOLTIP_CHARS)

    @staticmethod
    def _sentence(c: Claim, text: str | None) -> str:
        """The full source sentence from the document text; else the content span; else the claim text."""
        if text is not None:
            n = len(text)
            if c.sentence and 0 <= c.sentence[0] < c.sentence[1] <= n:
                return text[c.sentence[0] : c.sentence[1]]
            start = min(s for s, _ in c.spans.content)
            end = max(e for _, e in c.spans.content)
            if end <= n:
                return text[start:end]
        return c.text

    def edge(self, link: LinkRow) -> Edge:
        """The line of a shown link of the current view (see `view`): its record gives the reason."""
        s = self.style
        es = s.edge_style(link.relation)
        suffix = s.status_suffix.get(link.status, "")
        weak = link.status is Status.proposed and link.confidence < s.weak_confidence
        if weak:
            suffix += "?"  # a best guess: thinner, "??"
        src, tgt = self._full[link.source], self._full[link.target]
        record = self._full_links[link.id]

        def who(c: Claim) -> str:
            return f"{self.actor_name(c.actor)}: “{_cut(_clean(c.text), 90)}”"

        tip = [
            who(src),
            f"{es.label}{suffix} →" if link.relation is Relation.supports else f"{es.label}{suffix}",
            who(tgt),
        ]
        tip.append(
            f"{link.status.value} · confidence {link.confidence:.2f}"
            + (f" · {record.method}" if record.method else "")
        )
        if record.reason.strip():
            tip.append(_cut(_clean(record.reason), 300))
        return Edge(
            id=link.id,
            source=link.source,
            target=link.target,
            relation=link.relation,
            status=link.status,
            label=es.label + suffix,
            tooltip=_cut("\n".join(tip), TOOLTIP_CHARS),
            color=es.color,
            penwidth=round(es.penwidth * (s.weak_penwidth if weak else 1.0), 2),
            line=es.line or s.status_line.get(link.status, "solid"),
            dir=es.dir,
            arrowhead=es.arrowhead,
            arrowtail=es.arrowtail,
            constraint=es.constraint,
        )

    # -- clusters -----------------------------------------------------------------------------

    def clusters(self, claim_ids: Iterable[str]) -> list[Cluster]:
        """The frames needed for `claim_ids`: actors (parents included), shared sides, unattributed."""
        s = self.style
        actor_ids: set[str] = set()
        unattributed = False
        for cid in claim_ids:
            aid = self.claims[cid].actor
            if aid is None:
                unattributed = True
            else:
                actor_ids.update(self.chain(aid))
        roots = sorted(a for a in actor_ids if self.graph.parent(a) is None)
        children: dict[str, list[str]] = defaultdict(list)  # the chains are cut at MAX_DEPTH: so is this tree
        for a in sorted(actor_ids):
            parent = self.graph.parent(a)
            if parent is not None:
                children[parent].append(a)
        by_side: dict[str | None, list[str]] = defaultdict(list)
        for root in roots:
            by_side[self.side(root)].append(root)
        # Actors of one side sit in one side frame (only worth drawing for two or more of them).
        side_frames = {side for side, members in by_side.items() if side and len(members) >= 2}
        out: list[Cluster] = []

        def add_actor(aid: str, parent: str | None) -> None:
            actor = self.actors.get(aid)
            color = self.colors.get(self.color_key(aid), s.neutral_color)
            sub = []
            tip = [self.actor_name(aid)]
            if actor is not None:
                if actor.kind.value != "unknown":
                    sub.append(actor.kind.value.replace("_", " "))
                if actor.role:
                    tip.append(f"role: {_clean(actor.role)}")
                if actor.affiliation:
                    tip.append(f"speaks for: {self.actor_name(actor.affiliation)}")
                if actor.side:
                    sub.append(f"side: {actor.side}")
                elif actor.inferred_side and self.graph.declared_side(aid) is None:
                    sub.append(f"inferred side: {actor.inferred_side} ({actor.inferred_side_confidence:.2f})")
                    tip.append(f"inferred side {actor.inferred_side}: {actor.inferred_side_reason}")
                if actor.aliases:
                    tip.append("also: " + ", ".join(_clean(a) for a in actor.aliases[:12]))
            tip.append(f"id: {aid}")
            out.append(
                Cluster(
                    id=f"actor:{aid}",
                    kind="actor",
                    parent=parent,
                    order=len(out),
                    label=_cut(self.actor_name(aid), NAME_CHARS),
                    sublabel=_cut(" · ".join(sub), NAME_CHARS),
                    tooltip=_cut("\n".join(tip), TOOLTIP_CHARS),
                    color=color,
                    fill=_tint(color, s.cluster_tint),
                )
            )
            for child in children[aid]:
                add_actor(child, f"actor:{aid}")

        declared = self.graph.sides()
        for side in [*sorted(k for k in by_side if k), None]:
            members = by_side.get(side, [])
            parent = None
            if side in side_frames:
                color = self.colors.get(f"side:{side}", s.neutral_color)
                parent = f"side:{side}"
                out.append(
                    Cluster(
                        id=parent,
                        kind="side",
                        order=len(out),
                        label=_cut(f"side: {side}" if side in declared else f"inferred side: {side}", NAME_CHARS),
                        tooltip=_cut((f"side: {side}" if side in declared else
                                      f"inferred side: {side} (from who accuses, condemns and denies whom; "
                                      "declare sides in actors.yaml or with `argmap actors side`)")
                                     + "\nactors: " + ", ".join(self.actor_name(m) for m in members), TOOLTIP_CHARS),
                        color=color,
                        fill=_tint(color, s.side_tint),
                    )
                )
            for root in members:
                add_actor(root, parent)
        if unattributed:
            color = s.neutral_color
            out.append(
                Cluster(
                    id="unattributed",
                    kind="unattributed",
                    order=len(out),
                    label=s.unattributed_label,
                    sublabel="no speaker found",
                    tooltip="claims whose speaker was not identified",
                    color=color,
                    fill=_tint(color, s.cluster_tint),
                )
            )
        return out

    # -- assembling ---------------------------------------------------------------------------

    def restated(self, ids: list[str]) -> dict[str, list[str]]:
        """Representative -> members (earliest first) of the groups of `ids` joined by `restates`
        links across documents (the same claim carried by several outlets); groups of two or more.
        A restatement inside one text stays a dotted line: the reader sees it said twice there."""
        groups = self._groups(ids, (
            link for link in self.links_among(ids)
            if link.relation is Relation.restates
            and self.claims[link.source].document != self.claims[link.target].document))
        return {members[0]: members for members in groups if len(members) > 1}

    def _groups(self, ids: list[str], links: Iterable[LinkRow]) -> list[list[str]]:
        """Groups of `ids` joined by `links`, each in claim order; a group's first member is its
        earliest claim (`disputes.components`)."""
        return components(ids, links, self.rank)

    def _grouped_node(self, rep: str, members: list[str]) -> Node:
        """The node of a restated claim: the earliest wording, with where it was said again."""
        node = self.node(rep)
        others = members[1:]
        docs = {self.claims[c].document for c in members}
        where = f"{len(docs)} documents" if len(docs) > 1 else "one document"
        detail = " · ".join(x for x in (node.act_detail, f"said {len(members)}× in {where}") if x)
        again = []
        for c in others:
            claim, doc = self._full[c], self.docs.get(self.claims[c].document)
            title = (_clean(doc.title) or doc.path) if doc is not None else claim.document
            again.append(f"· {self.actor_name(claim.actor)} in {_cut(title, 60)}: “{_cut(_clean(claim.text), 90)}” ({c})")
        tooltip = _cut(node.tooltip + "\nAlso said:\n" + "\n".join(again), TOOLTIP_CHARS)
        return node.model_copy(update={"act_detail": detail, "tooltip": tooltip})

    def diagram(
        self, claim_ids: Collection[str], *, name: str, title: str, notes: Iterable[str] = (), tooltip: str = ""
    ) -> Diagram:
        """The diagram of `claim_ids`; a `title` over TITLE_CHARS is cut, whole in the tooltip."""
        if len(title) > TITLE_CHARS:
            title, tooltip = _cut(title, TITLE_CHARS), tooltip or _cut(title, TOOLTIP_CHARS)
        ids = sorted(set(claim_ids), key=self.rank.__getitem__)
        links = self.links_among(ids)
        with self.view(ids, links):
            return self._diagram(ids, links, name=name, title=title, notes=notes, tooltip=tooltip)

    def _diagram(self, ids: list[str], links: list[LinkRow], *, name: str, title: str, notes: Iterable[str],
                 tooltip: str) -> Diagram:
        notes = list(notes)
        if not ids:
            notes.append("No claims match the filters.")
        n_docs = len({self.claims[c].document for c in ids})
        groups = self.restated(ids) if self.style.group_restated else {}
        rep_of = {m: rep for rep, members in groups.items() for m in members}
        nodes = [self._grouped_node(c, groups[c]) if c in groups else self.node(c) for c in ids if rep_of.get(c, c) == c]
        edges, seen = [], set()
        for link in links:
            src, tgt = rep_of.get(link.source, link.source), rep_of.get(link.target, link.target)
            if src == tgt:
                continue  # a restatement inside its group, or a link between two wordings of one claim
            key = (*(sorted((src, tgt)) if link.relation.symmetric else (src, tgt)), link.relation)
            if key in seen:
                continue
            seen.add(key)
            edge = self.edge(link)
            edges.append(edge if (src, tgt) == (link.source, link.target) else edge.model_copy(update={"source": src, "target": tgt}))
        subtitle = f"{len(ids)} claims · {len(links)} links" + (f" · {n_docs} documents" if n_docs > 1 else "")
        if groups:
            grouped = sum(len(m) - 1 for m in groups.values())
            subtitle += f" · {grouped} restatement{'s' if grouped != 1 else ''} drawn with the claim {'they repeat' if grouped != 1 else 'it repeats'}"
        return Diagram(
            name=name,
            title=title,
            tooltip=tooltip,
            subtitle=subtitle,
            nodes=tuple(nodes),
            edges=tuple(edges),
            clusters=tuple(self.clusters([n.id for n in nodes])),
            legend=Legend(show=self.style.legend, notes=tuple(notes)),
            style=self.style,
        )

    def components(self, claim_ids: Iterable[str]) -> list[list[str]]:
        """Connected components of `claim_ids` under the visible links, biggest first, deterministic."""
        ids = list(claim_ids)
        comps = self._groups(ids, self.links_among(ids))
        # Singletons are ordered by actor so that packed pages keep an actor's claims together.
        return sorted(
            comps, key=lambda g: (-len(g), (self.claims[g[0]].actor or "~") if len(g) == 1 else "", self.rank[g[0]])
        )

    def pages(self, claim_ids: list[str], max_nodes: int) -> list[list[str]]:
        """Split `claim_ids` into pages of at most `max_nodes` by connected component.

        Components are packed first-fit, biggest first, into as few pages as possible, and then
        evened out (the smallest page size that needs no more pages). A component bigger than a page
        is cut into even pieces in breadth-first order from its best-connected claim, so neighbours
        stay together.
        """
        pieces: list[list[str]] = []
        for comp in self.components(claim_ids):
            if len(comp) > max_nodes:
                n_pieces = -(-len(comp) // max_nodes)
                pieces.extend(self._split(comp, -(-len(comp) // n_pieces)))
            else:
                pieces.append(comp)
        pages = _pack(pieces, max_nodes)
        if len(pages) > 1:
            start = max(max(len(p) for p in pieces), -(-len(claim_ids) // len(pages)))
            for cap in range(start, max_nodes, max(1, (max_nodes - start) // 16)):
                trial = _pack(pieces, cap)
                if len(trial) <= len(pages):
                    return trial
        return pages

    def _split(self, comp: list[str], size: int) -> list[list[str]]:
        adj: dict[str, list[str]] = defaultdict(list)
        for link in self.links_among(comp):
            adj[link.source].append(link.target)
            adj[link.target].append(link.source)
        for k in adj:
            adj[k].sort(key=self.rank.__getitem__)
        seen: set[str] = set()
        order: list[str] = []
        for start in sorted(comp, key=lambda c: (-len(adj[c]), self.rank[c])):
            if start in seen:
                continue
            seen.add(start)
            queue = [start]
            for node in queue:
                order.append(node)
                for nxt in adj[node]:
                    if nxt not in seen:
                        seen.add(nxt)
                        queue.append(nxt)
        return [order[i : i + size] for i in range(0, len(order), size)]

    def paged(
        self, claim_ids: list[str], *, name: str, title: str, notes: Iterable[str] = ()
    ) -> Iterator[tuple[str, Diagram]]:
        """One view, split into pages `name-p01`, `name-p02`, ... when it has more than max_nodes
        claims; each page is built when it is asked for."""
        max_nodes = self.style.max_nodes
        if len(claim_ids) <= max_nodes:
            yield name, self.diagram(claim_ids, name=name, title=title, notes=notes)
            return
        pages = self.pages(claim_ids, max_nodes)
        page_of = {c: i for i, page in enumerate(pages) for c in page}
        # the page number stays in sight when the title is cut
        tooltip = _cut(title, TOOLTIP_CHARS) if len(title) > TITLE_CHARS - 24 else ""
        title = _cut(title, TITLE_CHARS - 24)
        for i, page in enumerate(pages):
            cut = self.links_cut(page, page_of)
            page_notes = [*notes, f"Page {i + 1} of {len(pages)} (at most {max_nodes} claims per page)."]
            if cut:
                page_notes.append(f"{cut} links to claims on other pages are not drawn here.")
            page_name = f"{name}-p{i + 1:02d}"
            yield page_name, self.diagram(page, name=page_name, title=f"{title} (page {i + 1} of {len(pages)})",
                                          notes=page_notes, tooltip=tooltip)

    @property
    def camps(self) -> Camps:
        if self._camps is None:
            self._camps = Camps(self.graph)
        return self._camps

    def plan(self) -> list[DisputeView]:
        """The disputes (see `dispute_index`), worked out once."""
        if self._plan is None:
            self._plan = _plan(self)
        return self._plan

    def parts(self, claim_ids: list[str]) -> list[list[str]]:
        """A dispute cut into maps of at most `style.dispute_max_claims` claims (by sub-topic)."""
        cap = min(self.style.dispute_max_claims, self.style.max_nodes)
        return split(claim_ids, self.links_among(claim_ids), cap)

    def doc_names(self) -> list[tuple[DocumentRow, str]]:
        """The documents with shown claims and the names of their views, in path order."""
        shown = {self.claims[c].document for c in self.visible}
        taken: set[str] = set()
        out = []
        for doc in self.doc_list:
            if doc.id not in shown:
                continue
            stem = re.split(r"[\\/]", doc.path)[-1].rsplit(".", 1)[0]
            base = f"doc-{slugify(doc.title) or slugify(stem) or doc.id.removeprefix('doc-')}"
            name, k = base, 2
            while name in taken:
                name, k = f"{base}-{k}", k + 1
            taken.add(name)
            out.append((doc, name))
        return out

    def topic_slug(self, claim_ids: list[str], n_words: int = 3, texts: dict[str, str] | None = None) -> str:
        """Slug of the words most claims of a dispute share (ties: more frequent, then alphabetical).
        `texts`: the claims' texts when already read (else they are read for these claims)."""
        texts = texts if texts is not None else self.texts(claim_ids)
        df: Counter[str] = Counter()
        tf: Counter[str] = Counter()
        for cid in claim_ids:
            words = [w for w in _WORD.findall(texts[cid].lower()) if w not in _SLUG_STOPWORDS]
            tf.update(words)
            df.update(set(words))
        best = sorted(df, key=lambda w: (-df[w], -tf[w], w))[:n_words]
        return slugify("-".join(best), max_len=32)


def _pack(pieces: list[list[str]], capacity: int) -> list[list[str]]:
    """First-fit packing of `pieces` (biggest first) into pages of at most `capacity` claims."""
    pages: list[list[str]] = []
    for piece in pieces:
        for page in pages:
            if len(page) + len(piece) <= capacity:
                page.extend(piece)
                break
        else:
            pages.append(list(piece))
    return pages


# ---------------------------------------------------------------------------------------------
# Public API


def to_diagram(
    amap: ArgumentMap | MapReader,
    *,
    filters: ViewFilter | None = None,
    style: DiagramStyle | None = None,
    base_url: str | None = None,
    claims: Collection[str] | None = None,
    name: str = "corpus",
    title: str | None = None,
) -> Diagram:
    """Build the view model of one map: the claims that pass `filters`, in one diagram (no pages).

    Links are drawn only when both of their claims are shown. For split pages and the standard set
    of views (per document, corpus, per dispute) use `views`.

    Args:
        amap: The argument map, or a `rows.MapReader` (a Store) to read it from.
        filters: What to show; default: every claim and link not rejected.
        style: Visual settings; default `DiagramStyle()`.
        base_url: Review UI address; claim nodes then link to `{base_url}/claims/{id}`, else to
            their document's URL (http and https URLs only).
        claims: Restrict further to these claim ids.
        name: View name (the output file stem).
        title: Diagram title; default: the corpus size.

    Raises:
        NotFoundError: A filter names an actor or document that is not in the map.
        InputError: `base_url` is not an http(s) URL or absolute path.
    """
    index = _Index(amap, filters or ViewFilter(), style or DiagramStyle(), base_url)
    wanted = None if claims is None else set(claims)
    ids = index.visible if wanted is None else [c for c in index.visible if c in wanted]
    return index.diagram(ids, name=name, title=title or _corpus_title(index))


def _corpus_title(index: _Index) -> str:
    n = len(index.doc_list)
    return f"Corpus: {n} document{'s' if n != 1 else ''}"


def _doc_title(doc: DocumentRow) -> str:
    meta = [x for x in (doc.publisher, doc.published.isoformat() if doc.published else None) if x]
    title = _clean(doc.title) or doc.path
    return title + (f" ({', '.join(_clean(m) for m in meta)})" if meta else "")


class DisputeView(_View):
    """A dispute as the index lists it: its record, and the maps it is drawn in (none when trivial)."""

    dispute: Dispute
    rank: int = Field(description="1 = most contested; trivial disputes are numbered after the drawn ones")
    topic: str = Field(description="Words most of its claims share")
    name: str = Field(description="View name of its map (the first part's name stem when split)")
    title: str
    maps: tuple[str, ...] = Field(default=(), description="View names of its map or parts; empty when not drawn")
    part_topics: tuple[str, ...] = Field(default=(), description="Topic words of each part, when split")


def _plan(index: _Index) -> list[DisputeView]:
    """Every dispute of the shown claims, most contested first, with the names of its maps."""
    style = index.style
    # the components of the shown claims, each with its links (read from the link index, a
    # component at a time: no list of every link)
    groups = ((comp, index.links_among(comp)) for comp in components(index.visible, index.links, index.rank)
              if len(comp) >= 2)
    found = rank_disputes(groups, index.claims, index.rank, index.graph, index.docs, camps=index.camps,
                          texts=index.texts)
    width = max(2, len(str(len(found))))
    out = []
    for i, d in enumerate(found, start=1):
        texts = index.texts(d.claims)  # read for this dispute only
        slug = index.topic_slug(list(d.claims), texts=texts)
        name = f"dispute-{i:0{width}d}" + (f"-{slug}" if slug else "")
        words = slug.replace("-", ", ") if slug else "linked claims"
        drawn = style.draw_trivial or not d.trivial
        maps: tuple[str, ...] = ()
        topics: tuple[str, ...] = ()
        if drawn:
            parts = index.parts(list(d.claims))
            maps = (name,) if len(parts) == 1 else tuple(f"{name}-p{k:02d}" for k in range(1, len(parts) + 1))
            if len(parts) > 1:
                topics = tuple(index.topic_slug(p, texts=texts).replace("-", ", ") for p in parts)
        out.append(DisputeView(dispute=d, rank=i, topic=words, name=name, title=f"Dispute {i}: {words}",
                               maps=maps, part_topics=topics))
    return out


def dispute_index(
    amap: ArgumentMap | MapReader,
    *,
    filters: ViewFilter | None = None,
    style: DiagramStyle | None = None,
) -> list[DisputeView]:
    """The disputes of `amap` as the index and `argmap disputes` show them: most contested first
    (`argmap.disputes`), trivial ones last and not drawn, with the map names `views` gives them.

    Raises:
        NotFoundError: A filter names an actor or document that is not in the map.
    """
    return _plan(_Index(amap, filters or ViewFilter(), style or DiagramStyle(), None))


def views(
    amap: ArgumentMap | MapReader,
    *,
    filters: ViewFilter | None = None,
    style: DiagramStyle | None = None,
    base_url: str | None = None,
) -> list[tuple[str, Diagram]]:
    """The standard views of a map, as (name, Diagram) pairs in a deterministic order (`iter_views`
    as a list)."""
    return list(iter_views(amap, filters=filters, style=style, base_url=base_url))


def iter_views(
    amap: ArgumentMap | MapReader,
    *,
    filters: ViewFilter | None = None,
    style: DiagramStyle | None = None,
    base_url: str | None = None,
    index: _Index | None = None,
) -> Iterator[tuple[str, Diagram]]:
    """The standard views of a map, built one at a time, as (name, Diagram) pairs in a deterministic order.

    `amap` is an ArgumentMap or a `rows.MapReader` (a Store): each view reads the records it shows,
    and only those (see `_Index`).

    * `corpus`: every shown claim, when there are at most `style.corpus_max_claims`; when it has more
      than `style.max_nodes` claims, unlinked claims are left out (said in the legend; they are in
      the document views) if `style.omit_isolated_in_corpus`;
    * `doc-<slug>`: one per document with shown claims (slug of the title, else of the path stem);
    * `dispute-NN-<topic>`: one per dispute (a connected group of >= 2 linked claims) that is not
      trivial, most contested first (see `dispute_index`); a dispute of more than
      `style.dispute_max_claims` claims is split by sub-topic into parts `dispute-NN-<topic>-pNN`.

    Any corpus or document view with more than `style.max_nodes` claims is split into pages
    `<name>-pNN` by connected component, small components packed together.

    Raises:
        NotFoundError: A filter names an actor or document that is not in the map.
        InputError: `base_url` is not an http(s) URL or absolute path.
    """
    style = style or DiagramStyle()
    index = index or _Index(amap, filters or ViewFilter(), style, base_url)

    corpus = list(index.visible)
    if len(corpus) <= style.corpus_max_claims:
        notes = []
        if style.omit_isolated_in_corpus and len(corpus) > style.max_nodes:
            linked = {c for link in index.links for c in (link.source, link.target)}
            isolated = len(corpus) - len(linked)
            if isolated:
                corpus = [c for c in corpus if c in linked]
                notes.append(f"{isolated} claims without links are left out here; see the doc-* views.")
        yield from index.paged(corpus, name="corpus", title=_corpus_title(index), notes=notes)

    by_doc: dict[str, list[str]] = defaultdict(list)
    for cid in index.visible:
        by_doc[index.claims[cid].document].append(cid)
    for doc, name in index.doc_names():
        yield from index.paged(by_doc[doc.id], name=name, title=_doc_title(doc))

    for view in index.plan():
        if not view.maps:
            continue
        if len(view.maps) == 1:
            yield from index.paged(list(view.dispute.claims), name=view.name, title=view.title)
            continue
        parts = index.parts(list(view.dispute.claims))
        page_of = {c: k for k, part in enumerate(parts) for c in part}
        for k, (part, name) in enumerate(zip(parts, view.maps, strict=True)):
            cut = index.links_cut(part, page_of)
            notes = [f"Part {k + 1} of {len(parts)}: the dispute has {len(page_of)} claims, at most "
                     f"{style.dispute_max_claims} per map, split by sub-topic."]
            if cut:
                notes.append(f"{cut} link{'s' if cut != 1 else ''} to claims in other parts "
                             f"{'are' if cut != 1 else 'is'} not drawn here.")
            title = f"{view.title}, part {k + 1} of {len(parts)}: {view.part_topics[k]}"
            yield name, index.diagram(part, name=name, title=title, notes=notes)
