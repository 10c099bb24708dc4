"""A comparison an editor reads (issue #20 item 5): points ranked by how contested they are, the top N
in full and the rest one line each, and "unanswered" only for the accusations a party received.
Made-up map, no model."""

from __future__ import annotations

import hashlib
import json

from argmap.compare import Comparison, compare, to_html, to_markdown
from argmap.model import ArgumentMap, Claim, ClaimSpans, Document, SpeechAct
from argmap.store import open_store

from .conftest import make_map

EXTRA = ("Ruritania accused the analysts of spreading rumours about the harvest. "
         "Ruritania said the harvest was the best in a decade. "
         "Ruritania accused Freedonian customs officers of stealing grain.\n")


def _with_extra(amap: ArgumentMap) -> tuple[ArgumentMap, dict[str, str]]:
    """The made-up map plus a text where Ruritania accuses a third party, asserts, and accuses Freedonia
    by name without a target."""
    sha = hashlib.sha256(EXTRA.encode()).hexdigest()
    doc = Document(id=Document.make_id(sha), title="Harvest", path="made-up/harvest.txt", sha256=sha, text=EXTRA,
                   published="2024-03-09")
    made = {}
    claims = []
    for key, content, cue, kind, target in (
            ("third", "the analysts of spreading rumours about the harvest", "accused", SpeechAct.accusation,
             "analysts-capital"),
            ("plain", "the harvest was the best in a decade", "said", SpeechAct.assertion, None),
            ("named", "Freedonian customs officers of stealing grain", "accused", SpeechAct.accusation, None)):
        cs = EXTRA.index(content)
        cue_s = EXTRA.rfind(cue, 0, cs)
        spans = ClaimSpans(content=[(cs, cs + len(content))], cue=[(cue_s, cue_s + len(cue))])
        start = EXTRA.rfind(". ", 0, cs)
        start = 0 if start < 0 else start + 2
        c = Claim(id=Claim.make_id(doc.id, spans), document=doc.id, actor="ruritania-government", cue=cue,
                  cue_lemma=cue, kind=kind, text=content, spans=spans, sentence=(start, EXTRA.index(".", cs) + 1),
                  target=target)
        made[key] = c.id
        claims.append(c)
    return amap.model_copy(update={"documents": [*amap.documents, doc], "claims": [*amap.claims, *claims]}), made


def test_ranking_most_contested_point_first(made_up, ids):
    cmp = compare(made_up, "Ruritania", "Freedonia")
    bridge = next(p for p in cmp.points if any(r.a and r.a.id == ids["c1"] for r in p.rows))
    treaty = next(p for p in cmp.points if p is not bridge)
    # the bridge: a linked contradiction, a contrast, an accusation between the two and a third party;
    # the treaty: one linked contradiction
    assert bridge.score > treaty.score and (bridge.rank, treaty.rank) == (1, 2)
    assert cmp.ranking == [bridge.id, treaty.id]
    assert "1 contradiction by a link" in bridge.score_reason and "1 contrast" in bridge.score_reason
    assert "third-party claim" in bridge.score_reason and bridge.documents == 1
    # a reviewed contradiction weighs more than a proposed one
    from argmap.model import Status

    reviewed = compare(make_map(statuses={"c7-c6": Status.accepted}), "Ruritania", "Freedonia")
    assert next(p for p in reviewed.points if p.id == treaty.id).score > treaty.score


def test_ranking_markdown_top_n_in_full_the_rest_one_line_each(made_up, ids):
    full = to_markdown(compare(made_up, "Ruritania", "Freedonia"))
    assert "> Ruritania, conversely, believes" in full and "### Other points" not in full
    top1 = to_markdown(compare(made_up, "Ruritania", "Freedonia", top=1))
    points = top1.split("## Points of contention", 1)[1].split("## Agreements", 1)[0]
    assert "### 1. " in points and "### 2. " not in points and "### Other points (1)" in points
    line = next(x for x in points.splitlines() if x.startswith("- **2. "))
    assert "negotiated freely" in line and "imposed the border treaty" in line  # its two sides, in one line
    assert "> Ruritania, conversely, believes" not in points  # its sentence is not quoted
    html = to_html(compare(made_up, "Ruritania", "Freedonia", top=1))
    assert html.count('<article class="point"') == 1 and 'class="other-points"' in html
    assert len(top1.splitlines()) < len(full.splitlines())


def test_ranking_a_claim_quoted_once_is_named_the_next_time(made_up, ids):
    from argmap.compare.writers import _md_row

    cmp = compare(made_up, "Ruritania", "Freedonia")
    row = next(r for p in cmp.points for r in p.rows if r.a and r.a.id == ids["c1"])
    seen: set[str] = set()
    first, again = "\n".join(_md_row(row, cmp, seen)), "\n".join(_md_row(row, cmp, seen))
    sentence = "> On 1 March, the Ruritanian government denounced"
    assert sentence in first and sentence not in again  # a rejection answering two accusations: quoted once
    assert f"(quoted above, `{ids['c1']}`)" in again and len(again) < len(first)


def test_unanswered_only_accusations_the_other_party_received(made_up, ids):
    amap, made = _with_extra(made_up)
    cmp = compare(amap, "Ruritania", "Freedonia")
    by_id = {u.claim.id: u for u in cmp.unanswered}
    # every claim Freedonia never addressed is still in the JSON report ...
    assert {made["third"], made["plain"], made["named"], ids["c8"]} <= set(by_id)
    # ... but only accusations aimed at Freedonia (its target, or naming it) are unanswered accusations
    assert by_id[ids["c8"]].received and by_id[made["named"]].received
    assert not by_id[made["third"]].received and not by_id[made["plain"]].received
    assert (cmp.stats.accusations_unanswered_a, cmp.stats.accusations_unanswered_b) == (2, 0)
    md = to_markdown(cmp)
    section = md.split("## Unanswered accusations", 1)[1].split("## Timeline", 1)[0]
    assert "smuggling weapons to rebels" in section and "stealing grain" in section
    assert "spreading rumours" not in section and "best in a decade" not in section
    assert "other claims of Government of Ruritania were not addressed" in section
    html = to_html(cmp)
    unanswered = html.split('<section id="unanswered">', 1)[1].split("</section>", 1)[0]
    assert "stealing grain" in unanswered and "spreading rumours" not in unanswered


def test_ranking_json_is_a_superset_of_the_earlier_report(made_up):
    data = json.loads(compare(made_up, "Ruritania", "Freedonia").model_dump_json())
    assert set(data) >= {"kind", "compare_version", "argmap_version", "title", "a", "b", "filters", "points",
                         "agreements", "unanswered", "timeline", "third_parties", "documents", "map_claims", "stats",
                         "notes", "ranking", "top"}
    assert set(data["points"][0]) >= {"id", "topic", "terms", "relation", "rows", "third_parties", "first",
                                      "first_date", "response_date", "summary", "rank", "score", "score_reason"}
    assert set(data["unanswered"][0]) >= {"claim", "by", "accusation_without_denial", "point", "reason", "received"}
    assert set(data["stats"]) >= {"claims_a", "claims_b", "claims_third", "points", "agreements", "unanswered_a",
                                  "unanswered_b", "links_used", "accusations_unanswered_a", "accusations_unanswered_b"}
    assert Comparison.model_validate(data).top == 10


def test_ranking_cli_top_option(made_up, tmp_path, run_cli):
    db = tmp_path / "s.db"
    with open_store(db) as s:
        s.import_map(made_up)
    res = run_cli(db, "compare", "Ruritania", "Freedonia", "--top", "0")
    assert res.exit_code == 0 and "### Other points (2)" in res.output and "### 1. " not in res.output
    res = run_cli(db, "compare", "Ruritania", "Freedonia", "-o", tmp_path / "r.md")
    assert "2 points of contention (2 in full)" in res.output and "1 unanswered accusation (" in res.output
    assert run_cli(db, "compare", "Ruritania", "Freedonia", "--top", "-1").exit_code == 2
