"""Typed records of argmap: Document, Actor, Claim, Link and the ArgumentMap that holds them all.

This module owns the storage and exchange format (its JSON Schema is published by `argmap schema`).
It is pure: no file, database or spaCy access here. IDs are deterministic (content hashes), never
random and never timestamps, so the same input always gives the same records.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import itertools
import re
from enum import Enum
from typing import Annotated, ClassVar, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_serializer, model_validator

#: Version of the record format. Bump the minor part for additive changes, the major for breaking ones.
MODEL_VERSION = "1.0"

NonEmptyStr = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Probability = Annotated[float, Field(ge=0.0, le=1.0)]
Offsets = Annotated[tuple[int, int], Field(description="[start, end) character offsets, end exclusive")]


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class _OmitUnset(_Record):
    """A record whose later, optional fields are left out of its JSON while they are unset.

    Fields named in `_OMIT_WHEN_NONE` were added after the export format was published (issue #8);
    leaving them out while they are None keeps every earlier export byte-identical.
    """

    _OMIT_WHEN_NONE: ClassVar[frozenset[str]] = frozenset()

    @model_serializer(mode="wrap")
    def _omit_unset(self, handler):
        data = handler(self)
        for name in self._OMIT_WHEN_NONE:
            if data.get(name, 0) is None:
                del data[name]
        return data


#: Longest URL argmap keeps (browsers and servers refuse longer ones).
MAX_URL_CHARS = 2048
_WEB_URL = re.compile(r"https?://[^\x00-\x20\x7f\s<>\"'\\]+", re.IGNORECASE)


def web_url(value: object) -> str | None:
    """`value` stripped if it is an absolute http(s) URL with a host, else None.

    The one test of an address to open, used wherever one is read (ingest, import) or written (every
    export): `javascript:`, `data:`, `file:`, relative and protocol-relative links, and URLs with
    spaces, control characters, quotes or angle brackets are no source URL.
    """
    url = value.strip() if isinstance(value, str) else ""
    if len(url) > MAX_URL_CHARS or not _WEB_URL.fullmatch(url):
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:  # e.g. an unbalanced IPv6 bracket
        return None
    return url if host else None


def short_hash(*parts: object, length: int = 12) -> str:
    """Return a short, stable hex digest of `parts` (used for deterministic IDs)."""
    h = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8"))
    return h.hexdigest()[:length]


class ActorKind(str, Enum):
    """What sort of speaker an actor is."""

    government = "government"
    armed_group = "armed_group"
    organisation = "organisation"
    person = "person"
    group = "group"  # a group of people: "many analysts", "over a thousand people"
    media = "media"
    author = "author"  # the document's own author or publisher
    generic = "generic"  # "you", "someone", "people" said in general: no party (maps, links, comparisons)
    unknown = "unknown"


class SpeechAct(str, Enum):
    """Speech-act type of a claim, decided from its cue and context."""

    assertion = "assertion"  # report / statement
    accusation = "accusation"
    denial = "denial"  # denial or rejection
    condemnation = "condemnation"
    responsibility = "responsibility"  # claim of responsibility
    belief = "belief"  # belief, opinion, view, evaluation
    recommendation = "recommendation"  # call, demand, recommendation
    warning = "warning"  # warning, prediction, threat
    question = "question"
    evidence = "evidence"  # a study, poll, document or data set shows or finds something
    intention = "intention"  # wants, plans, intends, vows, pledges to do something
    position = "position"  # supports, opposes, endorses, backs someone or something


class Status(str, Enum):
    """Review status. Only `proposed` records may be replaced by a new extraction or linking run."""

    proposed = "proposed"
    accepted = "accepted"
    rejected = "rejected"
    edited = "edited"


class Rating(str, Enum):
    """A reviewer's verdict on a claim (a five-step scale plus `unverifiable`), for ClaimReview exports."""

    true = "true"
    mostly_true = "mostly_true"
    mixed = "mixed"  # half true, misleading or missing context
    mostly_false = "mostly_false"
    false = "false"
    unverifiable = "unverifiable"  # cannot be checked with the evidence available


class Relation(str, Enum):
    """How two claims relate.

    `supports` and `contradicts` are directed (source -> target) in the data, but `contradicts` is
    symmetric in meaning: renderers may draw it without an arrow head. `restates` groups the same
    proposition said twice (across outlets or by the same actor); it is symmetric.
    """

    supports = "supports"
    contradicts = "contradicts"
    restates = "restates"

    @property
    def symmetric(self) -> bool:
        return self is not Relation.supports


#: The metadata fields of a document that `Document.provenance` can explain.
METADATA_FIELDS = ("title", "publisher", "published", "url", "language")


class MetaSource(_OmitUnset):
    """Where one metadata value of a document came from (issue #20).

    `source` names the layer: an explicit one (`front_matter`, `jsonl` line, `sidecar` file,
    corpus `manifest`), the file's own embedded metadata (`page`: an HTML head; `pdf`: the PDF's
    document information), or the `text` itself (then `line`, `span` and `rule` say where and how).
    """

    _OMIT_WHEN_NONE: ClassVar[frozenset[str]] = frozenset({"file", "line", "span", "rule"})

    source: Literal["manifest", "front_matter", "sidecar", "jsonl", "page", "pdf", "text"] = Field(
        description="Which layer gave the value: manifest, front_matter, sidecar, jsonl, page, pdf or text")
    file: str | None = Field(default=None, description="The manifest, sidecar or batch file that gave it; absent otherwise")
    line: int | None = Field(default=None, ge=1, description="1-based line: of the manifest or batch file, or of the "
                             "document text for source 'text'; absent otherwise")
    span: Offsets | None = Field(default=None, description="source 'text': offsets in `text` of the words it was read from")
    rule: str | None = Field(default=None, description="source 'text': the rule that read it ('date.line', "
                             "'publisher.byline'); source 'page': the metadata key ('og:title'); absent otherwise")


class Document(_OmitUnset):
    """One input text, as stored (the normalised text that all character offsets refer to)."""

    _OMIT_WHEN_NONE: ClassVar[frozenset[str]] = frozenset({"pages", "language", "provenance"})

    id: str = Field(description="Deterministic id: 'doc-' + first 12 hex chars of sha256")
    title: str = Field(description="Title from metadata, else the file name")
    path: str = Field(description="Path as given on the command line, or the file name")
    publisher: str | None = Field(default=None, description="Publisher or outlet")
    published: dt.date | None = Field(default=None, description="Publication date")
    url: str | None = Field(default=None, description="URL of the original, if known")
    sha256: str = Field(description="sha256 hex digest of the normalised text (UTF-8)")
    text: str = Field(description="The normalised document text; all spans are offsets into it")
    format: str = Field(default="txt", description="Input format: txt, md, html, pdf, jsonl, stdin, aif")
    pages: list[int] | None = Field(
        default=None,
        description="PDF input: start offset in `text` of each page (page n starts at pages[n-1]); absent otherwise",
    )
    language: str | None = Field(default=None, description="Language tag given with the document (manifest, front "
                                 "matter, sidecar, batch line), e.g. 'en' or 'en-GB'; absent when none was given")
    provenance: dict[str, MetaSource] | None = Field(
        default=None, description="Where each metadata value came from, by field name (title, publisher, published, "
        "url, language); absent when nothing was recorded (a title taken from the file name has no entry)")

    @model_validator(mode="after")
    def _check_pages(self) -> Document:
        pages = self.pages or []
        if any(b < a for a, b in itertools.pairwise(pages)) or any(not 0 <= p <= len(self.text) for p in pages):
            raise ValueError("pages must be ascending offsets within the text")
        for name, where in (self.provenance or {}).items():
            if name not in METADATA_FIELDS:
                raise ValueError(f"provenance names {name!r}, which is not one of {', '.join(METADATA_FIELDS)}")
            if where.span is not None and not 0 <= where.span[0] < where.span[1] <= len(self.text):
                raise ValueError(f"provenance of {name}: span {list(where.span)} is not within the text")
        return self

    def page_of(self, offset: int) -> int | None:
        """The 1-based page number holding character `offset`, or None when the document has no pages."""
        if not self.pages:
            return None
        return max(1, bisect.bisect_right(self.pages, offset))

    @staticmethod
    def make_id(sha256: str) -> str:
        return f"doc-{sha256[:12]}"


class Actor(_OmitUnset):
    """Who speaks: a government, a ministry, an armed group, a person, a group of people."""

    _OMIT_WHEN_NONE: ClassVar[frozenset[str]] = frozenset(
        {"role", "affiliation", "inferred_side", "inferred_side_confidence", "inferred_side_reason"})

    id: str = Field(description="Stable slug, e.g. 'mali-government'")
    name: str = Field(description="Display name")
    aliases: list[str] = Field(default_factory=list, description="Other names and mentions seen")
    kind: ActorKind = Field(default=ActorKind.unknown, description="What sort of actor")
    side: str | None = Field(default=None, description="Side or coalition slug, or null")
    parent: str | None = Field(default=None, description="Parent actor id (a ministry's government)")
    role: str | None = Field(default=None, description="Role or title as first written before the name "
                             "('Republican presidential nominee'); absent when none")
    affiliation: str | None = Field(default=None, description="Actor id of the organisation a person speaks for "
                                    "('hillary-clinton-campaign' for its spokesman); its side is theirs")
    inferred_side: str | None = Field(
        default=None, description="Side argmap inferred from who accuses, condemns, denies or contradicts whom "
        "(a declared `side` wins); absent when none")
    inferred_side_confidence: float | None = Field(default=None, ge=0, le=1, description="Confidence of the inferred side")
    inferred_side_reason: str | None = Field(default=None, description="Why: the claims the inferred side rests on")


class ClaimSpans(_Record):
    """Character offsets of the three parts of an attribution (lists, because parts may be split)."""

    content: list[Offsets] = Field(description="What is said; several fragments for split quotes")
    cue: list[Offsets] = Field(default_factory=list, description="How: the cue words")
    source: list[Offsets] = Field(default_factory=list, description="Who, as written; empty if agentless")

    @model_validator(mode="after")
    def _check(self) -> ClaimSpans:
        if not self.content:
            raise ValueError("a claim needs at least one content span")
        for name in ("content", "cue", "source"):
            for start, end in getattr(self, name):
                if start < 0 or end <= start:
                    raise ValueError(f"{name} span [{start}, {end}] must have 0 <= start < end")
        return self


class Claim(_OmitUnset):
    """An attributed statement: actor + cue + content, with offsets and provenance."""

    _OMIT_WHEN_NONE: ClassVar[frozenset[str]] = frozenset({"rating", "rating_note", "rated_on"})

    id: str = Field(description="Deterministic id from document id and content/cue offsets")
    document: str = Field(description="Document id")
    actor: str | None = Field(default=None, description="Actor id, or null when agentless")
    source_text: str | None = Field(default=None, description="The source mention as written")
    cue: str = Field(default="", description="The cue words as written")
    cue_lemma: str = Field(default="", description="Lemma of the cue head, e.g. 'denounce'")
    kind: SpeechAct = Field(default=SpeechAct.assertion, description="Speech-act type")
    text: str = Field(description="The content, fragments joined by ' … '")
    quotes: list[str] = Field(default_factory=list, description="Verbatim quoted fragments inside it")
    spans: ClaimSpans = Field(description="Character offsets into the document text")
    sentence: Offsets | None = Field(default=None, description="Offsets of the sentence(s) holding it")
    target: str | None = Field(default=None, description="Actor accused, condemned or addressed")
    hedged: bool = Field(default=False, description="Hedged: 'allegedly', 'reportedly', conditionals")
    confidence: Probability = Field(default=0.5, description="How sure the extractor is, 0..1")
    status: Status = Field(default=Status.proposed, description="Review status")
    rule: str = Field(default="", description="What produced it, e.g. 'indirect.ccomp:SVC'")
    reviewer: str | None = Field(default=None, description="Who decided the status, if anyone")
    note: str | None = Field(default=None, description="Reviewer's note")
    rating: Rating | None = Field(default=None, description="Fact-check verdict (`argmap rate`); absent when unrated")
    rating_note: str | None = Field(default=None, description="Why the verdict: the fact-check's summary; absent when unset")
    rated_on: dt.date | None = Field(default=None, description="Date of the verdict; absent when unrated")

    @staticmethod
    def make_id(document: str, spans: ClaimSpans) -> str:
        return "c-" + short_hash(document, spans.content, spans.cue)


class Link(_Record):
    """A proposed or reviewed relation between two claims."""

    id: str = Field(description="Deterministic id from source, target and relation")
    source: str = Field(description="Claim id the link starts from")
    target: str = Field(description="Claim id the link points to")
    relation: Relation = Field(description="supports, contradicts or restates")
    confidence: Probability = Field(default=0.5, description="How sure the linker is, 0..1")
    reason: str = Field(default="", description="Human-readable evidence for the link")
    method: str = Field(default="", description="Which signal proposed it, e.g. 'explicit-rejection'")
    status: Status = Field(default=Status.proposed, description="Review status")
    reviewer: str | None = Field(default=None, description="Who decided the status, if anyone")

    @model_validator(mode="after")
    def _ends_differ(self) -> Link:
        if self.source == self.target:
            raise ValueError("a link's source and target must differ")
        return self

    @staticmethod
    def make_id(source: str, target: str, relation: Relation | str) -> str:
        rel = relation.value if isinstance(relation, Relation) else relation
        return "l-" + short_hash(source, target, rel)


class ArgumentMap(_Record):
    """Everything together: the JSON export/import format."""

    argmap_version: str = Field(default=MODEL_VERSION, description="Record format version")
    documents: list[Document] = Field(default_factory=list)
    actors: list[Actor] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    links: list[Link] = Field(default_factory=list)

    def sorted(self) -> ArgumentMap:
        """Return a copy in canonical order (documents by path, claims by position, links by id)."""
        doc_order = {d.id: i for i, d in enumerate(sorted(self.documents, key=lambda d: (d.path, d.id)))}
        return ArgumentMap(
            argmap_version=self.argmap_version,
            documents=sorted(self.documents, key=lambda d: doc_order[d.id]),
            actors=sorted(self.actors, key=lambda a: a.id),
            claims=sorted(self.claims, key=lambda c: (doc_order.get(c.document, 1 << 30), c.spans.content[0], c.id)),
            links=sorted(self.links, key=lambda link: link.id),
        )


def json_schema() -> dict:
    """The JSON Schema of the export format (`argmap schema`)."""
    schema = ArgumentMap.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://argmap.invalid/schema/{MODEL_VERSION}/argument-map.json"
    return schema
