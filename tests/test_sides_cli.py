"""End to end: sides inferred without a registry, declared by a reviewer, merges suggested and done
several at once -- through the CLI on the seed article (read from ../shared, never copied)."""

from __future__ import annotations

import html
import json
import shutil

import pytest

pytestmark = pytest.mark.model


@pytest.fixture
def seed_store(cli, seed, tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    shutil.copy(seed, folder / seed.name)  # no actors.yaml next to it
    got = cli("-q", "--db", tmp_path / "s.db", "run", folder, "--out", tmp_path / "maps")
    assert got.exit_code == 0, got.stderr
    return tmp_path / "s.db"


def _actors(cli, db):
    got = cli("--db", db, "actors", "--json")
    assert got.exit_code == 0, got.stderr
    return {r["id"]: r for r in json.loads(got.stdout)}


def test_the_seed_without_a_registry_puts_mali_and_algeria_on_opposite_inferred_sides(cli, seed_store, tmp_path):
    rows = _actors(cli, seed_store)
    mali, algeria = rows["mali-government"], rows["algeria-government"]
    assert mali["side"] is None and algeria["side"] is None
    assert mali["inferred_side"] and algeria["inferred_side"] and mali["inferred_side"] != algeria["inferred_side"]
    assert 0 < mali["inferred_side_confidence"] <= 1 and "claim c-" in mali["inferred_side_reason"]
    # a ministry is on its government's side
    ministries = [r for r in rows.values() if r["parent"] == "algeria-government"]
    assert ministries and all(r["inferred_side"] == algeria["inferred_side"] for r in ministries)
    listing = cli("--db", seed_store, "actors").stdout
    assert f"[~{mali['inferred_side']} " in listing
    # the maps draw the camps, and the two camps can be compared
    svg = html.unescape((tmp_path / "maps" / "corpus.svg").read_text())
    assert f"inferred side: {mali['inferred_side']}" in svg
    got = cli("--db", seed_store, "compare", f"side:{mali['inferred_side']}", f"side:{algeria['inferred_side']}",
              "--format", "json")
    assert got.exit_code == 0, got.stderr
    report = json.loads(got.stdout)
    assert "mali-government" in json.dumps(report) and "algeria-government" in json.dumps(report)


def test_a_declared_side_wins_and_survives_extraction(cli, seed_store, seed, tmp_path):
    got = cli("--db", seed_store, "actors", "side", "fla", "rebels")
    assert got.exit_code == 0, got.stderr
    assert "links proposed again" in got.stderr + got.stdout
    rows = _actors(cli, seed_store)
    assert rows["fla"]["side"] == "rebels" and rows["fla"]["inferred_side"] is None
    assert cli("-q", "--db", seed_store, "extract", "--force", tmp_path / "news").exit_code == 0
    after = _actors(cli, seed_store)
    assert after["fla"]["side"] == "rebels"
    # the sides `argmap link` inferred stay until the next link works them out again
    assert after["mali-government"]["inferred_side"] == rows["mali-government"]["inferred_side"]
    got = cli("--db", seed_store, "actors", "side", "fla", "Not A Slug")
    assert got.exit_code != 0 and "slug" in got.stderr
    got = cli("--db", seed_store, "actors", "side", "fla", "--clear")
    assert got.exit_code == 0, got.stderr
    assert _actors(cli, seed_store)["fla"]["side"] is None


def test_merge_several_actors_at_once_and_relink(cli, seed_store):
    before = _actors(cli, seed_store)
    into = "mali-government"
    aliases = ["people-bamako", "activists-bamako"]
    moved = before["people-bamako"]["claims"] + before["activists-bamako"]["claims"]
    got = cli("--db", seed_store, "actors", "merge", *aliases, into)
    assert got.exit_code == 0, got.stderr
    assert f"{moved} claims moved" in got.stderr + got.stdout
    after = _actors(cli, seed_store)
    assert not set(aliases) & set(after) and after[into]["claims"] == before[into]["claims"] + moved
    # an unknown id anywhere: nothing is merged
    got = cli("--db", seed_store, "actors", "merge", "fla", "nobody-at-all", into)
    assert got.exit_code != 0 and "nobody-at-all" in got.stderr
    assert "fla" in _actors(cli, seed_store)


def test_suggest_merges_lists_and_changes_nothing(cli, tmp_path):
    folder = tmp_path / "three"
    folder.mkdir()
    (folder / "a.txt").write_text("Senator Donald J. Trump said the deal was a disaster for farmers.\n")
    (folder / "b.txt").write_text("Trump said on Monday that the tariffs would stay.\n")
    (folder / "c.txt").write_text("Mrs. Trump said the garden would open in May.\n")
    db = tmp_path / "m.db"
    assert cli("-q", "--db", db, "run", folder, "--out", tmp_path / "maps").exit_code == 0
    before = _actors(cli, db)
    assert "donald-trump" in before and before["donald-trump"]["role"] == "Senator"  # no initial, no title in the id
    got = cli("--db", db, "actors", "suggest-merges", "--json", "--min", "0")
    assert got.exit_code == 0, got.stderr
    pairs = {(s["alias"], s["into"]): s for s in json.loads(got.stdout)}
    bare = next(a for a in before if a != "donald-trump" and "trump" in a and "mrs" not in a)
    assert pairs[(bare, "donald-trump")]["score"] >= 0.7, pairs
    assert not any("mrs" in a for k in pairs for a in k), pairs  # a gendered title against the first name
    assert _actors(cli, db) == before


def test_generic_speakers_run_through_linking_and_maps(cli, tmp_path):
    folder = tmp_path / "gen"
    folder.mkdir()
    (folder / "a.txt").write_text("You can see that the river is rising. Someone said the dam would break. "
                                  "People say the town is doomed. The mayor said the dam was safe.\n")
    db = tmp_path / "g.db"
    got = cli("-q", "--db", db, "run", folder, "--out", tmp_path / "maps")
    assert got.exit_code == 0, got.stderr
    kinds = {r["kind"] for r in _actors(cli, db).values()}
    assert "generic" in kinds
