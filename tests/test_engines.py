"""Extraction engines (issue #9): batching, settings that travel to workers, and the Dask engine on an
in-process LocalCluster writing the same store as the local engine.
"""

from __future__ import annotations

import pickle
import sys
from pathlib import Path

import pytest

from team_corpus import english_corpus_folders
from argmap import jobs, parallel
from argmap.extract.actors import Registry
from argmap.errors import InputError
from argmap.model import Actor
from argmap.store import open_store
from argmap.store.sqlite import dumps_map

TEAM_CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def test_engines_batches_group_by_size(make_doc):
    docs = [make_doc(("x" * 40) + f" {i}\n", f"{i}.txt") for i in range(10)]
    got = list(parallel.batches(docs, max_chars=100, max_docs=32))
    assert [len(b) for b in got] == [3, 3, 3, 1]
    assert [d for b in got for d in b] == docs
    assert [len(b) for b in parallel.batches(docs, max_chars=10**9, max_docs=4)] == [4, 4, 2]


def test_engines_settings_travel_to_workers():
    registry = Registry()
    registry.add(Actor(id="mali-government", name="Government of Mali", aliases=["Bamako"]))
    settings = parallel.Settings(include_author=True, registry=registry, merges={"a": "b"})
    copy = pickle.loads(pickle.dumps(settings))
    assert copy == settings and copy.key() == settings.key()
    assert parallel.Settings(registry=registry).key() != settings.key()


def test_engines_nothing_to_do_starts_nothing():
    # no document: neither a model nor a pool nor a cluster is started
    assert list(parallel.run_local(parallel.Settings(model="no-such-model"), [], processes=2)) == []


def test_engines_dask_missing_says_how_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import fails as if not installed
    with pytest.raises(InputError, match=r"argmap\[dask\]"):
        list(parallel.run_dask(parallel.Settings(), []))


@pytest.fixture(scope="module")
def client():
    """An in-process Dask cluster: one worker thread (a real scheduler and worker, no subprocesses)."""
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None)
    client = distributed.Client(cluster)
    yield client
    client.close()
    cluster.close()


@pytest.mark.model
def test_engines_dask_writes_the_same_store_as_local(tmp_path, nlp, client):
    with open_store(tmp_path / "local.db") as s:
        jobs.extract(s, [str(f) for f in english_corpus_folders()], nlp=nlp)
        local = dumps_map(s.load_map())
    with open_store(tmp_path / "dask.db") as s:
        result = jobs.extract(s, [str(f) for f in english_corpus_folders()], engine="dask", client=client)
        assert result.documents_added == 10 and result.claims_written > 100
        assert dumps_map(s.load_map()) == local
        # a second run skips every document: nothing goes to the cluster
        assert jobs.extract(s, [str(f) for f in english_corpus_folders()], engine="dask", client=client).documents_skipped == 10
        assert dumps_map(s.load_map()) == local


def test_engines_dask_unreachable_scheduler_is_one_clear_error(monkeypatch, make_doc):
    pytest.importorskip("distributed")
    monkeypatch.setattr(parallel, "CONNECT_TIMEOUT", "0.5s")
    doc = make_doc("The ministry said so.\n", "a.txt")
    with pytest.raises(InputError, match="cannot reach the Dask scheduler at tcp://127.0.0.1:9"):
        list(parallel.run_dask(parallel.Settings(), [doc], scheduler="tcp://127.0.0.1:9"))


@pytest.mark.model
def test_engines_worker_with_other_argmap_is_refused(store, corpus, nlp, monkeypatch):
    real = parallel.run_local

    def elsewhere(*args, **kwargs):  # results as a worker with another model version would send them
        for got in real(*args, **kwargs):
            got.build = "0123456789abcdef en_core_web_sm==9.9.9"
            yield got

    monkeypatch.setattr(parallel, "run_local", elsewhere)
    with pytest.raises(InputError, match="install the same argmap version and spaCy model"):
        jobs.extract(store, [str(corpus)], nlp=nlp)
    assert store.claims() == []


@pytest.mark.model
def test_engines_prefilter_keeps_the_people_its_skipped_sentences_name(nlp, make_doc):
    """A sentence the pre-filter skips may introduce the person a later pronoun stands for: the
    resolver learns the names in the skipped text, so the claim gets the actor a full parse gives."""
    from argmap.extract.actors import resolve_document

    text = ("Gloria Thomas was born in Perth in 2001. The family moved to Sydney in 2005 and bought a farm.\n\n"
            "She said the move had been hard for everyone.\n")
    doc = make_doc(text, "t.txt")
    whole, _ = resolve_document(nlp(text), doc, Registry())
    extractor = parallel.Extractor(parallel.Settings(prefilter=True, registry=Registry()), nlp=nlp)
    got = next(extractor.run([doc]))
    assert got.chars_parsed < len(text)  # the first sentence was not parsed
    assert [c.actor for c in got.claims] == [c.actor for c in whole] == ["gloria-thomas"]
