"""Compact rows of stored records, and the reader a renderer draws a map from (pure).

A reader that walks a whole store (render, the dispute index) keeps, per claim, link and document,
only the few fields that decide what is shown and how it is grouped: ids, ends, actor, status,
confidence, speech act, the first content span, a document's title and date. Texts, spans, reasons
and tooltips are read per view (`MapReader.claims_by_id`, `links_by_id`, `documents_by_id`) and
dropped after it, so memory grows with these rows (a few hundred bytes a claim or link), not with
the records.

`MapReader` is what `render` reads: `Store` is one (the rows come from the database a page at a
time), `MemoryReader` is one over an `ArgumentMap` already in memory (the library API, tests).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import NamedTuple, Protocol, runtime_checkable

from .model import Actor, ArgumentMap, Claim, Document, Link, Relation, SpeechAct, Status


class DocumentRow(NamedTuple):
    """A document without its text."""

    id: str
    path: str
    title: str
    publisher: str | None
    published: dt.date | None
    url: str | None

    @classmethod
    def of(cls, d: Document) -> DocumentRow:
        return cls(d.id, d.path, d.title, d.publisher, d.published, d.url)

    @classmethod
    def from_json(cls, data: dict) -> DocumentRow:
        """The row of a document's stored JSON (`Document.model_dump_json`)."""
        published = data.get("published")
        return cls(data["id"], data["path"], data["title"], data.get("publisher"),
                   dt.date.fromisoformat(published) if published else None, data.get("url"))


class ClaimRow(NamedTuple):
    """What a map needs of a claim to place, filter, colour and group it (no text)."""

    id: str
    document: str
    actor: str | None
    target: str | None
    kind: SpeechAct
    status: Status
    confidence: float
    start: int  # the first content span (the canonical order: document, then this span, then id)
    end: int

    @classmethod
    def of(cls, c: Claim) -> ClaimRow:
        start, end = c.spans.content[0]
        return cls(c.id, c.document, c.actor, c.target, c.kind, c.status, c.confidence, start, end)

    @classmethod
    def from_json(cls, data: dict) -> ClaimRow:
        """The row of a claim's stored JSON (`Claim.model_dump_json`; the model's defaults for what is missing)."""
        start, end = data["spans"]["content"][0]
        return cls(data["id"], data["document"], data.get("actor"), data.get("target"),
                   SpeechAct(data.get("kind", SpeechAct.assertion.value)),
                   Status(data.get("status", Status.proposed.value)), float(data.get("confidence", 0.5)), start, end)


class LinkRow(NamedTuple):
    """A link without its reason."""

    id: str
    source: str
    target: str
    relation: Relation
    status: Status
    confidence: float

    @classmethod
    def of(cls, lk: Link) -> LinkRow:
        return cls(lk.id, lk.source, lk.target, lk.relation, lk.status, lk.confidence)

    @classmethod
    def from_json(cls, data: dict) -> LinkRow:
        """The row of a link's stored JSON (`Link.model_dump_json`)."""
        return cls(data["id"], data["source"], data["target"], Relation(data["relation"]),
                   Status(data.get("status", Status.proposed.value)), float(data.get("confidence", 0.5)))


@runtime_checkable
class MapReader(Protocol):
    """Where a map is drawn from: every record as a row, and whole records on demand."""

    def document_rows(self) -> list[DocumentRow]: ...

    def actors(self) -> list[Actor]: ...

    def claim_rows(self) -> Iterator[ClaimRow]: ...

    def link_rows(self) -> Iterator[LinkRow]: ...

    def claims_by_id(self, ids: Iterable[str]) -> dict[str, Claim]: ...

    def links_by_id(self, ids: Iterable[str]) -> dict[str, Link]: ...

    def documents_by_id(self, ids: Iterable[str]) -> dict[str, Document]: ...

    def claim_texts(self, ids: Iterable[str]) -> dict[str, str]: ...


class MemoryReader:
    """`MapReader` over an `ArgumentMap` in memory: the rows of its records, and the records themselves.

    A record listed twice under one id is read as its first occurrence (as a map is drawn)."""

    def __init__(self, amap: ArgumentMap) -> None:
        self.amap = amap
        self._claims: dict[str, Claim] = {}
        for c in amap.claims:
            self._claims.setdefault(c.id, c)
        self._links: dict[str, Link] = {}
        for lk in amap.links:
            self._links.setdefault(lk.id, lk)
        self._docs: dict[str, Document] = {}
        for d in amap.documents:
            self._docs.setdefault(d.id, d)

    def document_rows(self) -> list[DocumentRow]:
        return [DocumentRow.of(d) for d in self.amap.documents]

    def actors(self) -> list[Actor]:
        return list(self.amap.actors)

    def claim_rows(self) -> Iterator[ClaimRow]:
        return (ClaimRow.of(c) for c in self.amap.claims)

    def link_rows(self) -> Iterator[LinkRow]:
        return (LinkRow.of(lk) for lk in self.amap.links)

    def claims_by_id(self, ids: Iterable[str]) -> dict[str, Claim]:
        return {i: self._claims[i] for i in ids if i in self._claims}

    def links_by_id(self, ids: Iterable[str]) -> dict[str, Link]:
        return {i: self._links[i] for i in ids if i in self._links}

    def documents_by_id(self, ids: Iterable[str]) -> dict[str, Document]:
        return {i: self._docs[i] for i in ids if i in self._docs}

    def claim_texts(self, ids: Iterable[str]) -> dict[str, str]:
        return {i: self._claims[i].text for i in ids if i in self._claims}


def reader_of(source: ArgumentMap | MapReader) -> MapReader:
    """`source` as a MapReader: an ArgumentMap is read from memory; a Store (or another reader) as it is."""
    return MemoryReader(source) if isinstance(source, ArgumentMap) else source
