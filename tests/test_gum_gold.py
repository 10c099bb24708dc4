"""The GUM gold (bench/gold/gum/) is a faithful, reproducible conversion of GUM's RST attributions,
and the scorer's `jaccard` criterion does what it says. Fast: no spaCy model."""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "bench" / "gold"))

import goldlib  # noqa: E402
import gum_convert  # noqa: E402

GUM_OUT = ROOT / "bench" / "gold" / "gum"
SRC = gum_convert.DEFAULT_SRC
have_src = pytest.mark.skipif(not (SRC / "rst").is_dir(), reason=f"GUM sources not at {SRC}")


def gold_files() -> list[Path]:
    return sorted(GUM_OUT.glob("dev/*.json")) + sorted(GUM_OUT.glob("test/*.json"))


def alnum(text: str) -> str:
    return "".join(re.findall(r"[a-z0-9]+", text.lower()))


def test_gold_is_there():
    files = gold_files()
    assert len(files) == 43
    assert {f.parent.name for f in files} == {"dev", "test"}
    assert sum(len(json.loads(f.read_text(encoding="utf-8"))["attributions"]) for f in files) > 400


@pytest.mark.parametrize("path", gold_files(), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_spans_inside_text_and_sha(path):
    gold = json.loads(path.read_text(encoding="utf-8"))
    raw = (GUM_OUT / "texts" / gold["document"]).read_bytes()
    text = raw.decode("utf-8")
    assert "\r" not in text and not text.startswith("\ufeff")  # read_document's normalisation is a no-op
    assert hashlib.sha256(raw).hexdigest() == gold["sha256"]
    by_id = {a["id"]: a for a in gold["attributions"]}
    for lk in gold["links"]:  # hand-annotated (bench/gold/gum/LINKS.md)
        assert set(lk) == {"source", "target", "relation", "note"} and lk["note"], lk
        assert lk["relation"] in {"supports", "contradicts", "restates"}, lk
        assert lk["source"] in by_id and lk["target"] in by_id and lk["source"] != lk["target"], lk
        assert not by_id[lk["source"]].get("credit") and not by_id[lk["target"]].get("credit"), lk
    ids = [a["id"] for a in gold["attributions"]]
    assert len(ids) == len(set(ids))
    for a in gold["attributions"]:
        assert a["content"], a
        assert a["category"] in {"speech", "belief", "evidence", "according", "colon", "other"}
        assert a["rst_relation"] in {"positive", "negative"}
        for key in ("source", "cue", "content"):
            prev = -1
            for s, e in a[key]:
                assert 0 <= s < e <= len(text), (a["id"], key, s, e)
                assert s >= prev, (a["id"], key)  # fragments in text order, not overlapping
                assert text[s:e] == text[s:e].strip(), (a["id"], key)
                prev = e
        # source and cue lie outside the content (they come from the attribution satellite)
        for s, e in a["source"] + a["cue"]:
            assert all(goldlib.overlap([[s, e]], [c]) == 0 for c in a["content"]), a["id"]


@have_src
@pytest.mark.parametrize("path", gold_files(), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_content_is_the_rst_segments(path):
    """The content span's alphanumeric characters are those of the RST segments it was made from (the
    .rs4 tokenises "don't" as "do n't", so the comparison is on the characters, not on word splits)."""
    gold = json.loads(path.read_text(encoding="utf-8"))
    text = (GUM_OUT / "texts" / gold["document"]).read_text(encoding="utf-8")
    rst = gum_convert.read_rst(SRC / "rst" / f"{path.stem}.rs4")
    for a in gold["attributions"]:
        segs = a["rst_content_segments"]
        got = alnum(" ".join(text[s:e] for s, e in a["content"]))
        want = alnum(" ".join(rst.segments[i] for i in segs))
        assert got == want, (a["id"], got[:80], want[:80])
        # and the satellite's segments are the ones the relation names
        sat = gum_convert.leaves(rst, a["rst_satellite"])
        if not a.get("rst_secondary"):
            assert sorted(sat) == a["rst_satellite_segments"]
        for s, e in a["source"] + a["cue"]:
            assert alnum(text[s:e]) in alnum(" ".join(rst.segments[i] for i in a["rst_satellite_segments"]))


@have_src
def test_split_rule_gives_the_committed_assignment():
    gum_test = gum_convert.gum_test_list((SRC / "splits.md").read_text(encoding="utf-8"))
    assert {"GUM_news_nasa", "GUM_interview_hill"} <= gum_test and "GUM_news_homeopathic" not in gum_test
    committed = {p.stem: p.parent.name for p in gold_files()}
    assert committed == {d: gum_convert.split_of(d, gum_test) for d in gum_convert.documents(SRC)}


def test_split_rule_by_hand():
    # the hash rule alone, on names outside GUM's test list
    for name in ("GUM_news_iodine", "GUM_news_flag", "GUM_interview_daly", "GUM_news_warhol"):
        bucket = int(hashlib.sha256(name.encode()).hexdigest()[:8], 16) % 5
        assert gum_convert.split_of(name, set()) == ("test" if bucket in (0, 1) else "dev")
    assert gum_convert.split_of("GUM_news_warhol", {"GUM_news_warhol"}) == "test"
    assert gum_convert.gum_test_list("## dev\n\n  * A\n\n## test\n\n  * B\n\n## test2\n\n  * C\n") == {"B"}


@have_src
def test_converter_is_deterministic(tmp_path):
    gum_convert.convert(SRC, tmp_path, verbose=False, links_from=GUM_OUT)
    for sub in ("texts", "dev", "test"):
        mine = {p.name: p.read_bytes() for p in (tmp_path / sub).iterdir()}
        committed = {p.name: p.read_bytes() for p in (GUM_OUT / sub).iterdir() if p.is_file()}
        assert mine.keys() == committed.keys(), sub
        for name, data in mine.items():
            assert data == committed[name], f"{sub}/{name} differs from a fresh conversion"


# --- the jaccard matcher ----------------------------------------------------------------------

TEXT = "The minister said the drone had violated the airspace of Mali on Friday. Others disagreed."


def span(sub: str) -> list[list[int]]:
    s = TEXT.index(sub)
    return [[s, s + len(sub)]]


def test_jaccard_matches_at_one_half():
    # gold {minister, said} vs pred {minister, said, the, drone}: 2 / 4 = 0.5, a match
    g = [{"content": span("minister said")}]
    p = [span("minister said the drone")]
    assert goldlib.jaccard(goldlib.words(TEXT, g[0]["content"]), goldlib.words(TEXT, p[0])) == 0.5
    assert goldlib.match_jaccard(g, p, TEXT, pred_spans=lambda x: x) == {0: 0}
    # fragments are concatenated: gold {the, drone, had, others, disagreed} vs
    # {drone, had, violated, the, airspace, others, disagreed} (5 / 7) and {drone, had, violated} (2 / 6)
    g2 = [{"content": span("the drone had") + span("Others disagreed")}]
    p2 = [span("drone had violated"), span("drone had violated the airspace") + span("Others disagreed")]
    assert goldlib.match_jaccard(g2, p2, TEXT, pred_spans=lambda x: x) == {0: 1}


def test_jaccard_rejects_below_one_half_and_is_one_to_one():
    g = [{"content": span("minister said")}]
    p = [span("minister said the drone had")]  # 2 shared of 5: 0.4
    assert goldlib.match_jaccard(g, p, TEXT, pred_spans=lambda x: x) == {}
    assert goldlib.match(g, [type("P", (), {"spans": type("S", (), {"content": p[0]})})()]) == {0: 0}  # overlap would match
    # one prediction, two gold: the better gold wins, the other stays unmatched
    g2 = [{"content": span("the drone had violated")}, {"content": span("drone had violated the airspace")}]
    p2 = [span("drone had violated the airspace of Mali")]
    assert goldlib.match_jaccard(g2, p2, TEXT, pred_spans=lambda x: x) == {1: 0}
    # case and punctuation do not matter
    assert goldlib.words("A “Hostile” act, HOSTILE!", [[0, 25]]) == {"a", "hostile", "act"}


# --- the link scorer on GUM (bench/eval_links.py); a fake linker, no spaCy model ---------------


def _gum_doc(name: str = "GUM_news_imprisoned"):
    return [g for g in goldlib.find_gold("gum-dev") if g.doc_path.stem == name]


def _linker_from(gold_doc, keep=lambda lk: True, relation=None):
    """A link_claims stand-in proposing the gold's own links (the claims are the gold spans)."""
    from argmap.model import Link, Relation

    by_id = {a["id"]: a for a in gold_doc.data["attributions"]}

    def link_claims(claims, actors, documents):
        of = {tuple(map(tuple, by_id[i]["content"])): i for i in by_id}
        cid = {of[tuple(c.spans.content)]: c.id for c in claims}
        out = []
        for lk in gold_doc.data["links"]:
            if keep(lk):
                rel = relation or lk["relation"]
                out.append(Link(id=Link.make_id(cid[lk["source"]], cid[lk["target"]], rel), source=cid[lk["source"]],
                                target=cid[lk["target"]], relation=Relation(rel)))
        return out

    return link_claims


def test_link_scorer_oracle_perfect_and_wrong_relation():
    import eval_links

    gold = _gum_doc()
    assert gold and gold[0].data["links"]
    paths = [str(g.doc_path) for g in gold]
    res = eval_links.evaluate("gum-dev (oracle)", gold, paths, [], _linker_from(gold[0]), oracle=True, gum=True)
    n = len(gold[0].data["links"])
    assert res["rows"]["all"]["gold"] == n and res["rows"]["all"]["both_ends"] == n
    assert res["rows"]["all"]["recall"] == 1.0 and res["rows"]["all"]["precision"] == 1.0
    assert res["mapped"] == res["attributions"] == sum(not a.get("credit") for a in gold[0].data["attributions"])
    # every link proposed as supports: only the gold supports are right
    res = eval_links.evaluate("gum-dev (oracle)", gold, paths, [], _linker_from(gold[0], relation="supports"),
                              oracle=True, gum=True)
    sup = sum(lk["relation"] == "supports" for lk in gold[0].data["links"])
    assert res["rows"]["all"]["correct"] == sup and res["rows"]["contradicts"]["found"] == 0
    assert res["rows"]["supports"]["precision"] == sup / n


def test_link_scorer_refuses_verbose_on_gum_test():
    import eval_links

    assert eval_links.main(["--which", "gum-test", "--verbose"]) == 2
    with pytest.raises(ValueError):
        eval_links.evaluate("gum-test", [], [], [], verbose=True, gum=True)
