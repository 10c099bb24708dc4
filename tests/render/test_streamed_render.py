"""Render streamed from the store (issue #24): the store's row readers (`Store.claim_rows`,
`link_rows`, `document_rows`, `documents_by_id`, `claim_texts`) on both backends, and views, the
dispute index and rendered files read from a Store equal to those of the loaded map (byte for byte),
with each view reading only the records it draws and the map never loaded.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from team_corpus import not_english
from argmap import jobs
from argmap.model import ArgumentMap, Status
from argmap.render import DiagramStyle, ViewFilter, dispute_index, iter_views, render_views, to_dot
from argmap.render.diagram import _Index
from argmap.render.overview import overview
from argmap.rows import ClaimRow, DocumentRow, LinkRow, MemoryReader
from argmap.store import open_store
from argmap.store.sqlite import Store

needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz 'dot' is not installed")

#: Styles that cut views into pages and disputes into parts, and one that draws every wording
STYLES = [DiagramStyle(), DiagramStyle(max_nodes=3, dispute_max_claims=2, corpus_max_claims=5),
          DiagramStyle(group_restated=False, draw_trivial=True, omit_isolated_in_corpus=False, max_nodes=4)]
FILTERS = [ViewFilter(), ViewFilter(min_confidence=0.6), ViewFilter(actors=frozenset({"algeria-government"})),
           ViewFilter(statuses=frozenset({Status.accepted, Status.rejected}))]


def _stored(path, amap: ArgumentMap):
    store = open_store(path)
    store.import_map(amap)
    return store


def _dots(source, **kw) -> list[tuple[str, str]]:
    return [(name, to_dot(d)) for name, d in iter_views(source, **kw)]


def test_row_readers_give_the_rows_of_the_stored_records(any_store, sahel_map: ArgumentMap, monkeypatch):
    any_store.import_map(sahel_map)
    monkeypatch.setattr(Store, "ROW_PAGE", 2)  # several pages
    amap = any_store.load_map()
    assert any_store.document_rows() == [DocumentRow.of(d) for d in amap.documents]
    assert sorted(any_store.claim_rows()) == sorted(ClaimRow.of(c) for c in amap.claims)
    assert sorted(any_store.link_rows()) == sorted(LinkRow.of(lk) for lk in amap.links)
    some = [amap.documents[1].id, "doc-unknown"]
    assert any_store.documents_by_id(some) == {amap.documents[1].id: amap.documents[1]}
    ids = [c.id for c in amap.claims[:3]] + ["c-unknown"]
    assert any_store.claim_texts(ids) == {c.id: c.text for c in amap.claims[:3]}
    assert any_store.claim_texts([]) == {} and any_store.documents_by_id([]) == {}


def test_memory_reader_gives_the_same_rows_and_records(sahel_map: ArgumentMap, tmp_path):
    mem = MemoryReader(sahel_map)
    with _stored(tmp_path / "s.db", sahel_map) as store:
        assert sorted(mem.claim_rows()) == sorted(store.claim_rows())
        assert sorted(mem.link_rows()) == sorted(store.link_rows())
        assert sorted(mem.document_rows()) == sorted(store.document_rows())
        ids = [c.id for c in sahel_map.claims]
        assert mem.claims_by_id(ids) == store.claims_by_id(ids)
        assert mem.claim_texts(ids) == store.claim_texts(ids)
        lids = [lk.id for lk in sahel_map.links]
        assert mem.links_by_id(lids) == store.links_by_id(lids)


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("filters", FILTERS)
def test_views_read_from_the_store_equal_those_of_the_loaded_map(sahel_map: ArgumentMap, tmp_path, style, filters):
    with _stored(tmp_path / "s.db", sahel_map) as store:
        loaded = store.load_map()
        assert _dots(store, style=style, filters=filters) == _dots(loaded, style=style, filters=filters)
        assert dispute_index(store, style=style, filters=filters) == dispute_index(loaded, style=style, filters=filters)
        assert overview(_Index(store, filters, style, None)) == overview(_Index(loaded, filters, style, None))


class Counting:
    """A reader that records which records each call reads (a Store underneath)."""

    def __init__(self, store):
        self.store = store
        self.claims: list[set[str]] = []
        self.documents: list[set[str]] = []
        self.texts: set[str] = set()

    def __getattr__(self, name):
        return getattr(self.store, name)

    def claims_by_id(self, ids):
        self.claims.append(set(ids))
        return self.store.claims_by_id(self.claims[-1])

    def documents_by_id(self, ids):
        self.documents.append(set(ids))
        return self.store.documents_by_id(self.documents[-1])

    def claim_texts(self, ids):
        ids = set(ids)
        self.texts |= ids
        return self.store.claim_texts(ids)


REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def copies_db(tmp_path_factory, nlp):
    """The team corpus (corpus/, ten articles) and a copy of each under another headline, extracted
    and linked in an SQLite store: restatements across documents, disputes spanning them."""
    root = tmp_path_factory.mktemp("copies")
    folder = root / "corpus"
    shutil.copytree(REPO / "corpus", folder, ignore=not_english)
    for f in sorted(folder.rglob("*.md")):
        if f.name != "README.md":
            text = f.read_text(encoding="utf-8")
            text = text.replace("\ntitle: \"", "\ntitle: \"Copy: ", 1) + "\nThis copy was published later.\n"
            f.with_name(f"copy-{f.name}").write_text(text, encoding="utf-8")
    (folder / "README.md").unlink()
    db = root / "copies.db"
    with open_store(db) as store:
        jobs.extract(store, [str(folder)], nlp=nlp)
        jobs.link(store)
        counts = store.counts()
        assert counts["documents"] == 20 and counts["links"] > 100
    return db


@pytest.mark.parametrize("style", STYLES)
def test_real_corpus_views_from_the_store_equal_the_loaded_map_and_read_one_view_at_a_time(copies_db, style):
    with open_store(copies_db, readonly=True) as store, store.read_snapshot():
        loaded = store.load_map()
        reader = Counting(store)
        index = _Index(reader, ViewFilter(), style, None)
        got, grouped = [], 0
        for name, diagram in iter_views(reader, style=style, index=index):
            got.append((name, to_dot(diagram)))
            grouped += sum(1 for n in diagram.nodes if "× in 2 documents" in n.act_detail)
            # the records read for this view are its claims (a restated group's wordings included)
            # and their documents, nothing else
            read = reader.claims.pop() if reader.claims else set()
            assert not reader.claims
            shown = int(re.match(r"(\d+) claims", diagram.subtitle).group(1))
            assert len(read) == shown and read <= set(index.visible)
            assert {n.id for n in diagram.nodes} <= read
            assert (reader.documents.pop() if read else set()) == {index.claims[c].document for c in read}
            assert not reader.documents
        assert got == _dots(loaded, style=style)
        assert grouped if style.group_restated else not grouped  # the copies restate their originals
        assert any(re.search(r"dispute-\d+-.*-p\d\d$", n) for n, _ in got)  # disputes cut into parts
        if style.max_nodes < 10:
            assert any(re.search(r"doc-.*-p\d\d$", n) for n, _ in got)  # documents in pages
        assert reader.texts <= {c for v in index.plan() for c in v.dispute.claims}  # texts: of disputes only


@needs_dot
def test_render_of_a_store_writes_the_files_of_the_loaded_map_without_loading_it(copies_db, tmp_path, monkeypatch):
    with open_store(copies_db, readonly=True) as store:
        loaded = store.load_map()
        expected = {p.name: p.read_bytes() for p in render_views(loaded, tmp_path / "a", formats=("svg", "dot"))}
        disputes = [v.name for v in dispute_index(loaded)]
        monkeypatch.setattr(Store, "load_map", lambda self: pytest.fail("the whole map was loaded"))
        got = {p.name: p.read_bytes() for p in jobs.render(store, tmp_path / "b", formats=("svg", "dot"))}
        assert got == expected
        assert [v.name for v in jobs.disputes(store)] == disputes
