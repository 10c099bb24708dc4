"""Issue #24: the review app's compare page reads what `argmap compare` reads (the parties' slice of
the store, `Store.compare_slice`), never the whole map unless documents are picked; the page and
its JSON are the same as on the whole map."""

from __future__ import annotations

import pytest

from argmap.review import compare_page, create_app, views
from argmap.store import open_store

from compare.conftest import make_map
from review.conftest import Client

MADE_UP = ["/compare?a=Ruritania&b=Freedonia", "/compare?a=Ruritania&b=Freedonia&accepted=1", "/compare?a=Ruritania",
           "/compare", "/compare?a=Ruritania&b=Nobody", "/api/compare?a=Ruritania&b=Freedonia",
           "/api/compare?a=Ruritania&b=Freedonia&since=2020-01-01"]
CORPUS = ["/compare?a=Mali&b=Algeria", "/api/compare?a=Mali&b=Algeria", "/api/compare?a=side:aes&b=Algeria",
          "/compare?a=actor:Algeria&b=Mali&accepted=1"]


def _answers(db, paths, monkeypatch, *, whole: bool):
    """(status, body) of each path; `whole`: with every slice replaced by the whole map (as before)."""
    store = open_store(db)
    try:
        read = {"slices": 0}
        real_slice = store.compare_slice

        def sliced(*args):
            read["slices"] += 1
            return store.load_map() if whole else real_slice(*args)

        def no_whole_map():
            raise AssertionError("the compare page loaded the whole map")

        with monkeypatch.context() as m:
            m.setattr(store, "compare_slice", sliced)
            if not whole:
                m.setattr(store, "load_map", no_whole_map)
            client = Client(create_app(store, reviewer="tester", csrf_token="t"))
            out = [(r.status, r.body) for r in (client.get(p) for p in paths)]
        return out, read["slices"]
    finally:
        store.close()


def _same_as_whole_map(db, paths, monkeypatch, slices: int):
    """The answers to `paths`, checked equal to those on the whole map; `slices` of them read one."""
    new, read = _answers(db, paths, monkeypatch, whole=False)
    old, _ = _answers(db, paths, monkeypatch, whole=True)
    for path, a, b in zip(paths, new, old, strict=True):
        assert a == b, path
    assert read == slices
    return new


def test_compare_page_reads_the_slice_made_up_map(tmp_path, monkeypatch):
    db = tmp_path / "made.db"
    with open_store(db) as s:
        s.import_map(make_map())
    got = _same_as_whole_map(db, MADE_UP, monkeypatch, slices=4)  # not the unknown party's
    assert [status for status, _ in got] == [200, 200, 200, 200, 404, 200, 200]
    assert b'id="p01"' in got[0][1]


def test_compare_page_reads_the_slice_real_corpus(fresh_corpus_db, monkeypatch):
    got = _same_as_whole_map(fresh_corpus_db, CORPUS, monkeypatch, slices=len(CORPUS))
    assert got[0][0] == 200 and b'id="p01"' in got[0][1]


def test_compare_page_form_lists_what_the_whole_map_gave(fresh_corpus_db):
    """The form's parties (with claim counts) and documents, from the store's indexes, are those the
    page built from every claim and document before."""
    with open_store(fresh_corpus_db) as store:
        amap = store.load_map()
        counts: dict[str, int] = {}
        for c in amap.claims:
            if c.actor:
                counts[c.actor] = counts.get(c.actor, 0) + 1
        parties = compare_page._parties(store, store.actors())
        actor_rows = [p for p in parties if not p["value"].startswith("side:")]
        want = sorted((a for a in amap.actors if counts.get(a.id) and a.kind.value != "generic"),
                      key=lambda a: (-counts[a.id], a.id))
        assert actor_rows == [{"value": a.id, "label": f"{a.name} ({counts[a.id]} claims)"} for a in want]
        assert store.document_metas() == [views.document_meta(d) for d in sorted(amap.documents, key=lambda d: d.path)]


def test_compare_page_with_documents_reads_the_whole_map(tmp_path):
    """Documents picked by id, path or title (as `--doc`) need every document: the whole map."""
    db = tmp_path / "made.db"
    amap = make_map()
    with open_store(db) as s:
        s.import_map(amap)
        client = Client(create_app(s, reviewer="tester", csrf_token="t"))
        doc = amap.documents[0]
        res = client.get(f"/api/compare?a=Ruritania&b=Freedonia&doc={doc.id}")
        assert res.status == 200 and res.json()["filters"]["documents"] == [doc.id]
        assert client.get("/api/compare?a=Ruritania&b=Freedonia&doc=nothing-like-it").status == 404


@pytest.fixture
def fresh_corpus_db(corpus_db, tmp_path):
    import shutil

    path = tmp_path / "corpus.db"
    shutil.copy(corpus_db, path)
    return path
