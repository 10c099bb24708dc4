"""Incremental runs (issue #20 item 2): `argmap link` does nothing when nothing it depends on changed,
links again when anything did, and an incremental sequence of runs gives the same links and inferred
sides as one full link of the final store; a run with nothing new to parse never imports spaCy.

The team corpus is extracted once (model marker); every scenario after that imports its records into
a real SQLite store, so the scenarios need no model.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from argmap import jobs
from argmap.model import ArgumentMap, Link, Status
from argmap.store import open_store

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def team_map(nlp, tmp_path_factory) -> ArgumentMap:
    """The team corpus extracted (no links)."""
    db = tmp_path_factory.mktemp("team") / "team.db"
    with open_store(db) as s:
        jobs.extract(s, [str(REPO / "corpus")], nlp=nlp)
        return s.load_map()


def _full_link(amap: ArgumentMap, tmp_path: Path, name: str) -> tuple[list[Link], dict]:
    """The links and inferred sides of one full link of `amap` (its reviewed links kept) in a new store."""
    reviewed = [lk for lk in amap.links if lk.status is not Status.proposed]
    with open_store(tmp_path / f"{name}.db") as ref:
        ref.import_map(amap.model_copy(update={"links": reviewed}))
        jobs.link(ref)
        return ref.links(), {a.id: a.inferred_side for a in ref.actors()}


def _state(store) -> tuple[list[Link], dict]:
    return store.links(), {a.id: a.inferred_side for a in store.actors()}


def _part(amap: ArgumentMap, doc_ids: set[str]) -> ArgumentMap:
    claims = [c for c in amap.claims if c.document in doc_ids]
    used = {c.actor for c in claims} | {c.target for c in claims}
    return ArgumentMap(documents=[d for d in amap.documents if d.id in doc_ids], claims=claims,
                       actors=[a for a in amap.actors if a.id in used or a.parent in used])


@pytest.mark.model
def test_link_second_run_with_nothing_changed_does_nothing(team_map, tmp_path):
    with open_store(tmp_path / "s.db") as s:
        s.import_map(team_map)
        first = jobs.link(s)
        assert not first.up_to_date and first.links_written > 0
        before = _export(s)
        again = jobs.link(s)
        assert again.up_to_date and again.links_written == 0
        assert again.by_relation == first.by_relation
        assert _export(s) == before
        forced = jobs.link(s, force=True)
        assert not forced.up_to_date and _export(s) == before  # the same links, written again
        # another option is another link run
        assert not jobs.link(s, min_confidence=0.6).up_to_date
        assert jobs.link(s, min_confidence=0.6).up_to_date
        assert not jobs.link(s).up_to_date


@pytest.mark.model
def test_link_incremental_runs_give_the_links_of_a_full_link(team_map, tmp_path):
    docs = sorted(d.id for d in team_map.documents)
    with open_store(tmp_path / "s.db") as s:
        s.import_map(_part(team_map, set(docs[:3])))
        jobs.link(s)
        assert jobs.link(s).up_to_date

        def step(name: str) -> None:
            got = jobs.link(s)
            assert not got.up_to_date, f"{name}: the change was not seen"
            assert _state(s) == _full_link(s.load_map(), tmp_path, name), name
            assert jobs.link(s).up_to_date, name

        s.import_map(team_map)  # new documents
        step("new documents")
        claim = next(c for c in s.claims() if c.kind.value == "accusation")
        s.update_claim(claim.model_copy(update={"status": Status.rejected, "reviewer": "t"}), reviewer="t")
        step("a rejected claim")
        link = next(lk for lk in s.links() if lk.status is Status.proposed)
        s.apply_review(reviewer="t", action="accept",
                       links=[link.model_copy(update={"status": Status.accepted, "reviewer": "t"})])
        step("an accepted link")
        actor = next(a for a in s.actors() if a.side is None and a.parent is None)
        s.set_actor_side(actor.id, "testers")
        step("a declared side")
        counts = {r["id"]: r["claims"] for r in s.actor_table()}
        alias, into = sorted((a.id for a in s.actors() if counts.get(a.id)), key=lambda i: (-counts[i], i))[:2]
        s.merge_actors(alias, into)
        step("a merge")
        s.rename_actor(into, "Renamed body")
        step("a rename")


@pytest.mark.model
def test_link_state_is_not_recorded_when_the_store_changed_while_linking(team_map, tmp_path, monkeypatch):
    with open_store(tmp_path / "s.db") as s:
        s.import_map(team_map)
        real = s.replace_links_and_sides
        claim = s.claims()[0]

        def meanwhile(links, sides, **kw):  # a reviewer decides while the linker works
            s.update_claim(claim.model_copy(update={"status": Status.accepted, "reviewer": "r"}), reviewer="r")
            return real(links, sides, **kw)

        monkeypatch.setattr(s, "replace_links_and_sides", meanwhile)
        jobs.link(s)
        monkeypatch.undo()
        assert not jobs.link(s).up_to_date  # linked again: the first run saw the store before the decision
        assert jobs.link(s).up_to_date


def test_link_fingerprint_follows_options_and_the_embeddings_setting(tmp_path, monkeypatch):
    from argmap.linking import fingerprint

    monkeypatch.delenv("ARGMAP_EMBEDDINGS", raising=False)
    base = fingerprint()
    assert fingerprint() == base and fingerprint(min_confidence=0.4) != base
    monkeypatch.setenv("ARGMAP_EMBEDDINGS", "0")  # off, as unset
    assert fingerprint() == base
    monkeypatch.setenv("ARGMAP_EMBEDDINGS", "1")
    with_embeddings = fingerprint()
    monkeypatch.setenv("ARGMAP_EMBEDDINGS", str(tmp_path / "another-model"))
    assert base != with_embeddings != fingerprint()


def test_store_state_digest_sees_every_table_and_ignores_order(tmp_path, tiny_map):
    with open_store(tmp_path / "a.db") as a, open_store(tmp_path / "b.db") as b:
        a.import_map(tiny_map)
        b.import_map(tiny_map.model_copy(update={"claims": list(reversed(tiny_map.claims)),
                                                 "links": list(reversed(tiny_map.links))}))
        assert a.state_digest() == b.state_digest()
        seen = {a.state_digest()}
        a.rename_actor(tiny_map.actors[0].id, "Another name")
        seen.add(a.state_digest())
        a.update_claim(tiny_map.claims[0].model_copy(update={"text": tiny_map.claims[0].text + " "}))
        seen.add(a.state_digest())
        a.replace_links([])
        seen.add(a.state_digest())
        assert len(seen) == 4


@pytest.mark.model
def test_run_with_nothing_new_neither_imports_spacy_nor_links_again(nlp, corpus, tmp_path):
    from argmap import linking

    db = tmp_path / "s.db"
    linking._source_digest.cache_clear()  # the sources as they are now, as the subprocess reads them
    with open_store(db) as s:
        jobs.extract(s, [str(corpus)], nlp=nlp)
        jobs.link(s)
    code = (
        "import sys, json\n"
        "from argmap import jobs\nfrom argmap.store import open_store\n"
        f"s = open_store({str(db)!r})\n"
        f"r = jobs.extract(s, [{str(corpus)!r}])\n"
        "l = jobs.link(s)\n"
        "print(json.dumps([r.documents_skipped, l.up_to_date, 'spacy' in sys.modules, 'py3langid' in sys.modules]))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=env, check=True)
    assert json.loads(out.stdout) == [3, True, False, False]  # nor loads the language detector


def _export(store) -> str:
    from argmap.store.sqlite import dumps_map

    return dumps_map(store.load_map())


def test_store_link_state_round_trip_on_both_backends(any_store, tiny_map):
    s = any_store
    s.import_map(tiny_map)
    before, current = s.link_state("k1")
    assert not current
    s.replace_links_and_sides([], {}, run_key="k1", seen_state=before)
    assert s.link_state("k1")[1]
    assert not s.link_state("k2")[1]
    kept = s.links()
    assert len(kept) < len(tiny_map.links)  # the proposed ones went, the reviewed stayed
    assert s.link_counts() == {r: sum(1 for lk in kept if lk.relation.value == r) for r in {lk.relation.value for lk in kept}}
    s.rename_actor(tiny_map.actors[0].id, "Another name")
    assert not s.link_state("k1")[1]
    # computed from a state that is not the store's any more: nothing recorded
    s.replace_links_and_sides(tiny_map.links[:1], {}, run_key="k1", seen_state=before)
    assert not s.link_state("k1")[1]
