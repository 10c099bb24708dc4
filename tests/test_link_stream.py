"""Linking streamed from the store (issue #24): `linking.iter_links` reads a document and its claims
at a time and yields the links `link_claims` gives on the whole map; `jobs.link` links a store
without loading the map and writes the links a batch at a time (stale proposals go, reviewed links
stay) on both backends; the online choice of each premise's conclusions and of the best guesses
keeps what `_one_support_each` keeps from every scored link.

The team corpus and a copy of half of its articles (restatements across documents, long runs of
one side, claims only a best guess links) are extracted once (model marker); the scenarios import that map into fresh stores.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from team_corpus import not_english
from argmap import jobs
from argmap.linking import _one_support_each, iter_links, link_claims, prepare
from argmap.linking.blocking import BlockStats
from argmap.linking.profile import claim_batches
from argmap.linking.score import borrowed_responses, score_pair_and_guess
from argmap.model import ArgumentMap, Link, Relation, Status
from argmap.store import open_store
from argmap.store.sqlite import Store

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def copies_map(nlp, tmp_path_factory) -> ArgumentMap:
    """The team corpus and a copy of each Algeria-Mali article (another title, one more line; the
    India-Canada articles keep claims only a best guess links), extracted, no links."""
    root = tmp_path_factory.mktemp("copies")
    folder = root / "corpus"
    shutil.copytree(REPO / "corpus", folder, ignore=not_english)
    for f in sorted((folder / "algeria-mali").glob("*.md")):
        if f.name != "README.md":
            text = f.read_text(encoding="utf-8").replace('\ntitle: "', '\ntitle: "Copy: ', 1)
            f.with_name(f"copy-{f.name}").write_text(text + "\nThis copy was published later.\n", encoding="utf-8")
    (folder / "README.md").unlink()
    with open_store(root / "copies.db") as s:
        jobs.extract(s, [str(folder)], nlp=nlp)
        amap = s.load_map()
    assert len(amap.documents) == 16
    return amap


def _linkable(amap: ArgumentMap) -> list:
    return [c for c in amap.claims if c.status is not Status.rejected]


def test_iter_links_from_the_store_gives_the_links_of_link_claims(copies_map, tmp_path):
    expected_sides: dict = {}
    expected = link_claims(_linkable(copies_map), copies_map.actors, copies_map.documents, sides=expected_sides)
    assert {lk.relation for lk in expected} == set(Relation) and len(expected) > 100
    assert len({lk.id for lk in expected}) == len(expected)  # one link per id
    with open_store(tmp_path / "s.db") as store:
        store.import_map(copies_map)
        sides: dict = {}
        got = list(iter_links(jobs._link_batches(store), store.actors(), sides=sides))
    assert sorted(got, key=lambda lk: lk.id) == expected
    assert sides == expected_sides


def test_link_claims_keeps_what_one_support_each_keeps_of_every_scored_link(copies_map, monkeypatch):
    monkeypatch.setenv("ARGMAP_CALIBRATION", "0")  # the choice itself, before calibration and its floor
    claims, actors, docs = _linkable(copies_map), copies_map.actors, copies_map.documents
    stats = BlockStats()
    profiles, pairs, ctx = prepare(claims, actors, docs, stats)
    # every pair's link, by id (a rejection's answer borrowed by a later pair: the later one)
    scored = list({link.id: link for i, j in pairs
                   if (link := score_pair_and_guess(profiles[i], profiles[j], ctx)[0]) is not None}.values())
    kept = sorted(_one_support_each(scored, profiles, ctx), key=lambda lk: lk.id)
    streamed = BlockStats()
    links = link_claims(claims, actors, docs, stats=streamed)
    guesses = [lk for lk in links if lk.reason.startswith("best guess")]
    assert [lk for lk in links if lk not in guesses] == kept
    assert guesses and len(kept) < len(scored)  # the choice dropped some and the guesses added some
    assert borrowed_responses(profiles, ctx.answers)  # and one pair gave the link of two other claims
    assert streamed == stats and stats.candidates == len(pairs)  # the pairs streamed are the pairs listed
    assert pairs == sorted(set(pairs)) and all(i < j for i, j in pairs)


def test_iter_links_refuses_documents_out_of_order(copies_map):
    batches = claim_batches(_linkable(copies_map), copies_map.documents)
    with pytest.raises(ValueError, match="canonical order"):
        list(iter_links([batches[1], batches[0], *batches[2:]], copies_map.actors))


def test_jobs_link_streams_the_store_and_writes_the_links_of_the_whole_map(copies_map, any_store, monkeypatch):
    # a reviewed link (kept, and its pair settled) and a stale proposal (removed) are there before
    claims = {c.id: c for c in copies_map.claims}
    first, second, third = copies_map.claims[0], copies_map.claims[1], copies_map.claims[2]
    reviewed = Link(id=Link.make_id(first.id, second.id, Relation.contradicts), source=first.id, target=second.id,
                    relation=Relation.contradicts, status=Status.accepted, reviewer="ana")
    stale = Link(id="l-stale", source=second.id, target=third.id, relation=Relation.supports, reason="old run")
    any_store.import_map(copies_map.model_copy(update={"links": [reviewed, stale]}))
    monkeypatch.setattr(Store, "load_map", lambda self: pytest.fail("the whole map was loaded"))
    monkeypatch.setattr(Store, "LINK_BATCH", 7)  # many batches
    result = jobs.link(any_store)
    assert not result.up_to_date and result.links_kept == 1
    expected = [lk for lk in link_claims(_linkable(copies_map), copies_map.actors, copies_map.documents)
                if lk.id != reviewed.id and {lk.source, lk.target} != {first.id, second.id}]
    got = any_store.links()
    assert [lk for lk in got if lk.status is Status.proposed] == expected
    assert [lk for lk in got if lk.status is not Status.proposed] == [reviewed]
    assert result.links_written == len(expected) and all(lk.source in claims for lk in got)
    assert jobs.link(any_store).up_to_date  # the state was recorded
    # linking again in full rewrites the same links: nothing changes, no version moves
    versions = any_store.versions("link", [lk.id for lk in got])
    jobs.link(any_store, force=True)
    assert any_store.links() == got and any_store.versions("link", [lk.id for lk in got]) == versions


def test_replace_links_takes_a_stream_and_removes_what_it_did_not_see(any_store, copies_map, monkeypatch):
    monkeypatch.setattr(Store, "LINK_BATCH", 2)
    c = copies_map.claims
    links = [Link(id=Link.make_id(c[k].id, c[k + 1].id, Relation.supports), source=c[k].id, target=c[k + 1].id,
                  relation=Relation.supports, reason=f"r{k}") for k in range(5)]
    any_store.import_map(copies_map.model_copy(update={"links": links[:3]}))
    assert any_store.replace_links(lk for lk in links[2:]) == (3, 0)
    assert [lk.id for lk in any_store.links()] == sorted(lk.id for lk in links[2:])
    assert any_store.replace_links(iter(())) == (0, 0)
    assert any_store.links() == []
