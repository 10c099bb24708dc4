"""GUM's coreference (bench/gold/gum_coref.py) is aligned to our GUM texts, its chains are consistent,
and the clustering scores of bench/eval_actors.py (goldlib.bcubed, goldlib.majority_mapping) give the
known values. Fast: no spaCy model."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "bench" / "gold"))

import goldlib  # noqa: E402
import gum_coref  # noqa: E402

SRC = gum_coref.DEFAULT_SRC
have_src = pytest.mark.skipif(not (SRC / "coref").is_dir(), reason=f"GUM sources not at {SRC}")


def tsv_rows(name: str) -> list[list[str]]:
    return [line.split("\t") for line in (SRC / "coref" / f"{name}.tsv").read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


@pytest.fixture(scope="module")
def docs() -> dict[str, gum_coref.CorefDoc]:
    return {name: gum_coref.load(name, SRC) for name in gum_coref.documents(SRC)}


@have_src
def test_every_document_aligns(docs):
    assert len(docs) == 43
    assert {p.stem for p in (ROOT / "bench" / "gold" / "gum" / "texts").glob("*.txt")} == set(docs)
    for name, d in docs.items():
        assert d.problems == [], d.problems
        assert len(d.toks) == len(tsv_rows(name))
        assert len(d.mentions) > 20


@have_src
def test_mention_spans_are_the_tsv_tokens(docs):
    rnd = random.Random(18)
    for name, d in docs.items():
        rows = tsv_rows(name)
        text = (ROOT / "bench" / "gold" / "gum" / "texts" / f"{name}.txt").read_text(encoding="utf-8")
        assert d.text == text
        ms = list(d.mentions.values())
        for m in rnd.sample(ms, min(40, len(ms))):
            assert 0 <= m.start < m.end <= len(text)
            assert text[m.start:m.end] == m.text
            forms = [rows[k][2] for k in range(m.first, m.last + 1)]
            # every token of the mention is at its place in our text, and nothing else is in between
            for k in range(m.first, m.last + 1):
                t = d.toks[k]
                assert m.start <= t.start < t.end <= m.end
                assert text[t.start:t.end] == rows[k][2]
            assert "".join(m.text.split()) == "".join(forms)
            # the TSV names this mention's id on exactly these rows
            tagged = [k for k, r in enumerate(rows) if f"[{m.id}]" in r[3]]
            assert tagged == list(range(m.first, m.last + 1))


@have_src
def test_chains_are_consistent(docs):
    for d in docs.values():
        assert set(d.chains) == {m.chain for m in d.mentions.values()}
        for cid, ms in d.chains.items():
            assert cid == min(m.id for m in ms)
            assert all(d.mentions[m.id] is m and m.chain == cid for m in ms)
        assert sum(len(ms) for ms in d.chains.values()) == len(d.mentions)
        for rel in d.relations:
            src, tgt = d.mentions[rel.source], d.mentions[rel.target]
            assert src.first == rel.row and tgt.first == rel.addr
            if rel.type in gum_coref.IDENTITY:
                assert src.chain == tgt.chain
        # a chain is connected by its identity relations: no two chains are linked by one
        linked = {(d.mentions[r.source].chain, d.mentions[r.target].chain) for r in d.relations if r.type in gum_coref.IDENTITY}
        assert all(a == b for a, b in linked)


@have_src
def test_pronouns_and_heads(docs):
    d = docs["GUM_news_nasa"]
    bolden = next(m for m in d.mentions.values() if m.text == "NASA Administrator Charles Bolden")
    assert bolden.entity == "person" and bolden.identity == "Charles_Bolden" and not bolden.pronoun
    assert {m.text for m in d.chains[bolden.chain]} >= {"Bolden", "Charles Bolden", "Administrator Bolden"}
    chomsky = next(m for m in docs["GUM_interview_chomsky"].mentions.values() if m.identity == "Noam_Chomsky")
    chain = docs["GUM_interview_chomsky"].chains[chomsky.chain]
    assert any(m.pronoun and m.text == "I" for m in chain) and any(not m.pronoun for m in chain)
    # a source is mapped to the mention that contains its head and matches it best, not a nested one
    m, how = d.mention_for([[bolden.start, bolden.end]])
    assert (m, how) == (bolden, "head")
    assert d.mention_for([]) == (None, "none")
    assert sum(m.pronoun for dd in docs.values() for m in dd.mentions.values()) > 1000


def test_bcubed_known_values():
    gold = ["a", "a", "a", "b", "b", "c"]
    assert goldlib.bcubed(gold, ["x", "x", "x", "y", "y", "z"]) == (1.0, 1.0, 1.0)
    assert goldlib.bcubed(gold, [None] * 6) == pytest.approx((1.0, (3 * 1 / 3 + 2 * 1 / 2 + 1) / 6, 2 * (0.5 / 1.5)))
    # all in one cluster: precision of an item = the share of its gold cluster in the whole
    p, r, f = goldlib.bcubed(gold, ["x"] * 6)
    assert r == 1.0 and p == pytest.approx((3 * 3 / 6 + 2 * 2 / 6 + 1 / 6) / 6)
    assert f == pytest.approx(2 * p / (p + 1))
    # None is a singleton each, not one cluster
    assert goldlib.bcubed(["a", "b"], [None, None]) == (1.0, 1.0, 1.0)
    # one item moved: {a a} {a b b} against gold {a a a} {b b}
    p, r, _ = goldlib.bcubed(["a", "a", "a", "b", "b"], ["x", "x", "y", "y", "y"])
    assert p == pytest.approx((1 + 1 + 1 / 3 + 2 / 3 + 2 / 3) / 5)
    assert r == pytest.approx((2 / 3 + 2 / 3 + 1 / 3 + 1 + 1) / 5)
    assert goldlib.bcubed([], []) == (0.0, 0.0, 0.0)
    with pytest.raises(ValueError):
        goldlib.bcubed(["a"], [])
    # micro-average over items of several documents
    items = goldlib.bcubed_items(["a", "a"], ["x", "y"]) + goldlib.bcubed_items(["a"], ["x"])
    assert goldlib.bcubed_average(items) == pytest.approx((1.0, (0.5 + 0.5 + 1) / 3, 2 * (2 / 3) / (5 / 3)))


def test_majority_mapping_is_one_to_one():
    gold = ["A", "A", "A", "B", "B", "C"]
    pred = ["x", "x", "y", "x", "x", None]
    # A and B both got mostly x: x goes to the larger count first (A: 2, B: 2 -> A, seen first); B gets nothing
    assert goldlib.majority_mapping(gold, pred) == {"A": "x"}
    assert goldlib.majority_mapping(["A", "B", "B"], ["x", "x", "x"]) == {"B": "x"}
    assert goldlib.majority_mapping(["A", "A", "B"], ["x", "y", "y"]) == {"A": "x", "B": "y"}
    assert goldlib.majority_mapping(["A"], [None]) == {}
