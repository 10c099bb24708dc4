"""The Diagram view model: filters, frames, labels, tooltips, links, views and pages (no Graphviz)."""

from __future__ import annotations

import datetime as dt
import re
from itertools import pairwise

import pytest
from pydantic import ValidationError

from argmap.errors import InputError, NotFoundError
from argmap.model import ArgumentMap, Relation, SpeechAct, Status
from argmap.render import DiagramStyle, ViewFilter, to_diagram, views
from argmap.render.diagram import label_lines, slugify

#: Every claim its own node (claims restated across documents are grouped by default).
UNGROUPED = DiagramStyle(group_restated=False)


def _ids(diagram) -> set[str]:
    return {n.id for n in diagram.nodes}


def _claims_of(amap: ArgumentMap, *actors: str | None) -> set[str]:
    return {c.id for c in amap.claims if c.actor in actors}


# --- filters -----------------------------------------------------------------------------------


def test_diagram_default_shows_all_but_rejected(builder):
    d = builder.doc("A said x. B said y. C said z.", "t")
    a = builder.claim(d, "x", status="proposed")
    b = builder.claim(d, "y", status="rejected")
    c = builder.claim(d, "z", status="edited")
    builder.link(a, c, "supports", status="rejected")
    diagram = to_diagram(builder.build())
    assert _ids(diagram) == {a.id, c.id}
    assert b.id not in _ids(diagram) and diagram.edges == ()


def test_diagram_filter_statuses_can_ask_for_rejected(builder):
    d = builder.doc("A said x. B said y.", "t")
    builder.claim(d, "x", status="accepted")
    b = builder.claim(d, "y", status="rejected")
    diagram = to_diagram(builder.build(), filters=ViewFilter(statuses={Status.rejected}))
    assert _ids(diagram) == {b.id}


def test_diagram_filter_actors_keeps_their_claims_and_links_between_them(sahel_map: ArgumentMap):
    diagram = to_diagram(sahel_map, filters=ViewFilter(actors={"mali-government", "aes"}))
    assert _ids(diagram) == _claims_of(sahel_map, "mali-government", "aes")
    shown = _ids(diagram)
    assert diagram.edges and all(e.source in shown and e.target in shown for e in diagram.edges)
    expected = {link.id for link in sahel_map.links if link.source in shown and link.target in shown}
    assert {e.id for e in diagram.edges} == expected


def test_diagram_filter_actor_includes_sub_actors_unless_told_not_to(sahel_map: ArgumentMap):
    ministries = ("algeria-ministry-of-foreign-affairs", "algeria-ministry-of-defence")
    with_subs = to_diagram(sahel_map, filters=ViewFilter(actors={"algeria-government"}))
    assert _ids(with_subs) == _claims_of(sahel_map, "algeria-government", *ministries)
    alone = to_diagram(sahel_map, filters=ViewFilter(actors={"algeria-government"}, sub_actors=False))
    assert _ids(alone) == _claims_of(sahel_map, "algeria-government")


def test_diagram_filter_unknown_actor_names_the_known_ones(sahel_map: ArgumentMap):
    with pytest.raises(NotFoundError, match=r"unknown actor id.*mali-govt.*known actors:.*aes"):
        to_diagram(sahel_map, filters=ViewFilter(actors={"mali-govt"}))


def test_diagram_filter_documents(sahel_map: ArgumentMap):
    first = sahel_map.documents[0]
    diagram = to_diagram(sahel_map, filters=ViewFilter(documents={first.id}))
    assert _ids(diagram) == {c.id for c in sahel_map.claims if c.document == first.id}
    with pytest.raises(NotFoundError, match="unknown document"):
        to_diagram(sahel_map, filters=ViewFilter(documents={"doc-nope"}))


def test_diagram_filter_min_confidence_applies_to_claims_and_links(sahel_map: ArgumentMap):
    diagram = to_diagram(sahel_map, filters=ViewFilter(min_confidence=0.7))
    assert _ids(diagram) == {c.id for c in sahel_map.claims if c.confidence >= 0.7}
    assert all(e.id in {link.id for link in sahel_map.links if link.confidence >= 0.7} for e in diagram.edges)


def test_diagram_filter_kinds(sahel_map: ArgumentMap):
    kinds = {SpeechAct.denial, SpeechAct.accusation}
    diagram = to_diagram(sahel_map, filters=ViewFilter(kinds=kinds))
    assert _ids(diagram) == {c.id for c in sahel_map.claims if c.kind in kinds}
    assert {e.relation for e in diagram.edges} == {Relation.contradicts}


def test_diagram_filter_date_range_uses_publication_date(sahel_map: ArgumentMap):
    day2 = dt.date(2025, 4, 8)
    diagram = to_diagram(sahel_map, filters=ViewFilter(published_from=day2))
    doc2 = next(d for d in sahel_map.documents if d.published == day2)
    assert _ids(diagram) == {c.id for c in sahel_map.claims if c.document == doc2.id}
    none = to_diagram(sahel_map, filters=ViewFilter(published_to=dt.date(2000, 1, 1)))
    assert none.nodes == () and "No claims match the filters." in none.legend.notes


def test_diagram_filter_rejects_reversed_dates():
    with pytest.raises(ValidationError, match="swap them"):
        ViewFilter(published_from=dt.date(2025, 1, 2), published_to=dt.date(2025, 1, 1))


# --- frames ------------------------------------------------------------------------------------


def test_diagram_one_frame_per_actor_sub_actors_inside_parent(sahel_map: ArgumentMap):
    diagram = to_diagram(sahel_map, style=UNGROUPED)
    frames = {c.id: c for c in diagram.clusters}
    assert frames["actor:algeria-ministry-of-defence"].parent == "actor:algeria-government"
    assert frames["actor:algeria-ministry-of-foreign-affairs"].parent == "actor:algeria-government"
    # Two actors of side "mali" share a side frame; "algeria" has one top actor, so no side frame.
    assert frames["actor:mali-government"].parent == frames["actor:aes"].parent == "side:mali"
    assert "side:algeria" not in frames and frames["actor:algeria-government"].parent is None
    for node in diagram.nodes:
        claim = next(c for c in sahel_map.claims if c.id == node.id)
        assert node.cluster == (f"actor:{claim.actor}" if claim.actor else "unattributed")
        assert node.cluster in frames
    assert frames["unattributed"].label == "unattributed"


def test_diagram_parent_frame_drawn_even_without_own_claims(sahel_map: ArgumentMap):
    diagram = to_diagram(sahel_map, filters=ViewFilter(actors={"algeria-ministry-of-defence"}))
    assert {c.id for c in diagram.clusters} == {"actor:algeria-government", "actor:algeria-ministry-of-defence"}


def test_diagram_parent_cycle_and_unknown_actor_do_not_hang(builder):
    builder.actor("a", parent="b")
    builder.actor("b", parent="a")
    d = builder.doc("A said x. Z said y.", "t")
    builder.claim(d, "x", actor="a")
    builder.claim(d, "y", actor="ghost")  # actor id not among the actors: framed under its id
    diagram = to_diagram(builder.build())
    frames = {c.id: c for c in diagram.clusters}
    assert frames["actor:ghost"].label == "ghost"
    assert frames["actor:a"].parent is None  # the cycle is broken, not followed
    assert "actor:b" not in frames  # no claims, and no longer a's parent


def test_diagram_frames_ordered_side_then_actor(sahel_map: ArgumentMap):
    order = [c.id for c in sorted(to_diagram(sahel_map).clusters, key=lambda c: c.order)]
    assert order.index("actor:algeria-government") < order.index("side:mali") < order.index("actor:aes")
    assert order[-1] == "unattributed"


def test_diagram_side_colours_are_shared_by_every_view(sahel_map: ArgumentMap):
    by_view = {}
    for _, diagram in views(sahel_map):
        for node in diagram.nodes:
            by_view.setdefault(node.id, set()).add(node.color)
    assert all(len(colors) == 1 for colors in by_view.values())
    corpus = to_diagram(sahel_map, style=UNGROUPED)
    color = {n.id: n.color for n in corpus.nodes}
    mali = _claims_of(sahel_map, "mali-government", "aes")
    algeria = _claims_of(sahel_map, "algeria-government", "algeria-ministry-of-defence")
    assert len({color[c] for c in mali}) == 1 and len({color[c] for c in algeria}) == 1
    assert {color[c] for c in mali} != {color[c] for c in algeria}


def test_diagram_pinned_side_colour(sahel_map: ArgumentMap):
    diagram = to_diagram(sahel_map, style=DiagramStyle(side_colors={"mali": "#123456"}))
    assert {n.color for n in diagram.nodes if n.id in _claims_of(sahel_map, "aes")} == {"#123456"}


# --- links -------------------------------------------------------------------------------------


def test_diagram_drops_links_with_a_hidden_end(sahel_map: ArgumentMap):
    doc1 = sahel_map.documents[0]
    diagram = to_diagram(sahel_map, filters=ViewFilter(documents={doc1.id}))
    shown = _ids(diagram)
    cross = [link for link in sahel_map.links if (link.source in shown) != (link.target in shown)]
    assert cross, "the fixture needs a cross-document link"
    assert not {link.id for link in cross} & {e.id for e in diagram.edges}


def test_diagram_edges_carry_relation_style_and_status(sahel_map: ArgumentMap):
    edges = {e.relation: e for e in to_diagram(sahel_map, style=UNGROUPED).edges if e.status is Status.proposed}
    assert edges[Relation.contradicts].label == "contradicts?" and edges[Relation.contradicts].line == "dashed"
    assert edges[Relation.contradicts].arrowhead == "tee" and edges[Relation.contradicts].dir == "both"
    assert edges[Relation.supports].label == "supports?" and edges[Relation.supports].arrowhead == "normal"
    assert edges[Relation.restates].line == "dotted" and edges[Relation.restates].dir == "none"
    accepted = [e for e in to_diagram(sahel_map).edges if e.status is Status.accepted]
    assert accepted and all(e.line == "solid" and not e.label.endswith("?") for e in accepted)


def test_diagram_weak_proposals_are_thinner_and_say_so(builder):
    d = builder.doc("A said x. A said y. A said z.", "t")
    a, b, c = builder.claim(d, "x"), builder.claim(d, "y"), builder.claim(d, "z")
    guess = builder.link(a, b, "supports", confidence=0.3)
    sure = builder.link(c, b, "supports", confidence=0.8)
    checked = builder.link(a, c, "supports", confidence=0.3, status="accepted")
    edges = {e.id: e for e in to_diagram(builder.build(), style=UNGROUPED).edges}
    assert edges[guess.id].label == "supports??" and edges[sure.id].label == "supports?"
    assert edges[guess.id].penwidth < edges[sure.id].penwidth
    # a reviewer's decision is not a guess, whatever the machine's confidence was
    assert edges[checked.id].label == "supports" and edges[checked.id].penwidth == edges[sure.id].penwidth
    off = to_diagram(builder.build(), style=UNGROUPED.model_copy(update={"weak_confidence": 0.0})).edges
    assert {e.label for e in off if e.id == guess.id} == {"supports?"}


def test_diagram_symmetric_link_stored_both_ways_is_one_edge(builder):
    d = builder.doc("A said x. B said y.", "t")
    a, b = builder.claim(d, "x"), builder.claim(d, "y")
    builder.link(a, b, "contradicts")
    kept = builder.link(b, a, "contradicts", status="accepted")
    builder.link(a, b, "supports")
    builder.link(b, a, "supports")  # directed: both stay
    edges = to_diagram(builder.build()).edges
    assert [e.id for e in edges if e.relation is Relation.contradicts] == [kept.id]
    assert len([e for e in edges if e.relation is Relation.supports]) == 2


def test_diagram_links_to_missing_claims_are_dropped(builder):
    d = builder.doc("A said x.", "t")
    a = builder.claim(d, "x")
    builder.build()
    from argmap.model import Link

    amap = ArgumentMap(
        documents=builder.documents,
        claims=builder.claims,
        links=[Link(id="l-x", source=a.id, target="c-missing", relation="supports")],
    )
    assert to_diagram(amap).edges == ()


# --- labels, tooltips, urls --------------------------------------------------------------------


def test_label_lines_wraps_to_width_and_marks_quotes():
    text = "the accusation is “baseless and unacceptable” and the matter is closed for good"
    lines = label_lines(text, ["baseless and unacceptable"], width=20, max_chars=160)
    flat = [" ".join("".join(r.text for r in line).split()) for line in lines]
    assert " ".join(flat) == text
    assert all(len("".join(r.text for r in line)) <= 20 for line in lines)
    quoted = " ".join(r.text for line in lines for r in line if r.quoted)
    assert quoted.split() == ["“baseless", "and", "unacceptable”"]


def test_label_lines_truncates_with_ellipsis_at_a_word():
    text = "word " * 60
    lines = label_lines(text, [], width=38, max_chars=50)
    joined = " ".join("".join(r.text for r in line) for line in lines)
    assert joined.endswith("word…") and len(joined) <= 50


def test_label_lines_splits_overlong_words():
    lines = label_lines("see https://example.org/" + "a" * 80, [], width=20, max_chars=200)
    assert all(len("".join(r.text for r in line)) <= 20 for line in lines)


@pytest.mark.parametrize(
    ("text", "quotes", "expected"),
    [
        ("he called it “an act of aggression” today", [], "“an act of aggression”"),
        ('labelled them "terrorists" again', [], '"terrorists"'),
        ("les « traîtres » du nord", [], "« traîtres »"),
        ("a plain sentence", [], ""),
        ("it was baseless, they said", ["baseless"], "baseless"),
    ],
)
def test_label_lines_quoted_fragments(text, quotes, expected):
    lines = label_lines(text, quotes, width=80, max_chars=200)
    assert "".join(r.text for line in lines for r in line if r.quoted) == expected


def test_diagram_node_label_has_act_target_and_hedging(sahel_map: ArgumentMap):
    nodes = {n.id: n for n in to_diagram(sahel_map).nodes}
    accuse = next(c for c in sahel_map.claims if c.kind is SpeechAct.accusation)
    assert nodes[accuse.id].act == "ACCUSES" and nodes[accuse.id].act_detail == "→ Algerian government"
    hedged = next(c for c in sahel_map.claims if c.hedged)
    assert nodes[hedged.id].act == "SAYS" and "hedged" in nodes[hedged.id].act_detail
    resp = next(c for c in sahel_map.claims if c.kind is SpeechAct.responsibility)
    assert nodes[resp.id].act == "CLAIMS RESPONSIBILITY"


def test_diagram_tooltip_has_actor_cue_document_date_and_full_sentence(sahel_map: ArgumentMap):
    accuse = next(c for c in sahel_map.claims if c.kind is SpeechAct.accusation)
    node = next(n for n in to_diagram(sahel_map).nodes if n.id == accuse.id)
    lines = node.tooltip.split("\n")
    assert lines[0] == "Malian government (government): accuses “accused”"
    assert lines[1] == "Bamako accuses Algiers after drone downing · Sahel Monitor · 2025-04-07"
    assert lines[2].startswith("“The Malian government on Monday accused Algeria") and "Tinzaouaten." in lines[2]
    assert "accepted" in lines[3] and "0.90" in lines[3]


def test_diagram_tooltip_falls_back_to_content_span(builder):
    d = builder.doc("Intro. The minister said the road is open. End.", "t")
    c = builder.claim(d, "the road is open", sentence=False)
    node = to_diagram(builder.build()).nodes[0]
    assert c.sentence is None and "“the road is open”" in node.tooltip


def test_diagram_url_prefers_review_ui_then_safe_document_url(sahel_map: ArgumentMap):
    nodes = to_diagram(sahel_map, base_url="http://127.0.0.1:8000/").nodes
    assert all(n.url == f"http://127.0.0.1:8000/claims/{n.id}" for n in nodes)
    plain = {n.id: n.url for n in to_diagram(sahel_map, style=UNGROUPED).nodes}
    doc1, doc2 = sahel_map.documents
    assert {plain[c.id] for c in sahel_map.claims if c.document == doc1.id} == {"https://example.org/news/1"}
    assert {plain[c.id] for c in sahel_map.claims if c.document == doc2.id} == {None}


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        " JavaScript:alert(1)",
        "java\nscript:x",
        "data:text/html,<b>",
        "file:///etc/passwd",
        "//evil.example",
    ],
)
def test_diagram_unsafe_document_url_is_dropped(builder, url: str):
    d = builder.doc("A said x.", "t", url=url)
    builder.claim(d, "x")
    assert to_diagram(builder.build()).nodes[0].url is None


@pytest.mark.parametrize("base", ["javascript:alert(1)", "ftp://x", "claims"])
def test_diagram_bad_base_url_is_an_input_error(sahel_map: ArgumentMap, base: str):
    with pytest.raises(InputError, match="base_url"):
        to_diagram(sahel_map, base_url=base)


# --- views and pages ---------------------------------------------------------------------------


def test_views_names_are_deterministic(sahel_map: ArgumentMap):
    names = [name for name, _ in views(sahel_map)]
    assert names == [
        "corpus",
        "doc-bamako-accuses-algiers-after-drone",
        "doc-algiers-says-drone-violated-its-airspace",
        "dispute-01-algeria-accusation-aggression",
        "dispute-02-drone-airspace-algerian",
    ]  # dispute 3 (two claims, supports only) is trivial: listed in the index, not drawn
    assert [d.name for _, d in views(sahel_map)] == names


def test_views_disputes_are_the_link_components(sahel_map: ArgumentMap):
    style = DiagramStyle(group_restated=False, draw_trivial=True)
    disputes = [d for name, d in views(sahel_map, style=style) if name.startswith("dispute-")]
    assert [len(d.nodes) for d in disputes] == [4, 3, 2]
    covered = set().union(*(_ids(d) for d in disputes))
    assert covered == {c for link in sahel_map.links for c in (link.source, link.target)}
    assert sum(len(d.edges) for d in disputes) == len(sahel_map.links)


def test_views_document_slug_collisions_and_fallbacks(builder):
    for title, path in [("Same title", "a.txt"), ("Same title", "b.txt"), ("", "dir/Report 7.md"), ("???", "???.txt")]:
        d = builder.doc(f"{title} {path} A said x.", title, path=path)
        builder.claim(d, "x")
    names = [name for name, _ in views(builder.build())]
    # Documents come in path order: ???.txt (no usable title or path: doc id), a, b, dir/Report 7.
    assert names[0] == "corpus" and names[2:] == ["doc-same-title", "doc-same-title-2", "doc-report-7"]
    assert re.fullmatch(r"doc-[0-9a-f]{12}", names[1])


def test_views_skip_documents_without_shown_claims(sahel_map: ArgumentMap):
    names = [n for n, _ in views(sahel_map, filters=ViewFilter(actors={"fla"}))]
    assert names == ["corpus", "doc-bamako-accuses-algiers-after-drone"]


def _chain_map(b, n_chains: int, chain_len: int, n_isolated: int) -> ArgumentMap:
    words = " ".join(f"w{i}x." for i in range(n_chains * chain_len + n_isolated))
    d = b.doc(words, "Big")
    claims = [
        b.claim(d, f"w{i}x", actor=f"actor-{i % 3}", sentence=False) for i in range(n_chains * chain_len + n_isolated)
    ]
    for k in range(n_chains):
        chain = claims[k * chain_len : (k + 1) * chain_len]
        for a, c in pairwise(chain):
            b.link(a, c, "supports")
    return b.build()


def test_views_big_view_is_split_into_pages_by_component(builder):
    amap = _chain_map(builder, n_chains=6, chain_len=4, n_isolated=10)
    style = DiagramStyle(max_nodes=10, omit_isolated_in_corpus=False)
    pages = [(n, d) for n, d in views(amap, style=style) if n.startswith("corpus")]
    assert [n for n, _ in pages] == [f"corpus-p{i:02d}" for i in range(1, len(pages) + 1)]
    assert all(len(d.nodes) <= 10 for _, d in pages)
    seen = [n.id for _, d in pages for n in d.nodes]
    assert sorted(seen) == sorted(c.id for c in amap.claims)  # every claim once
    # Components are never split when they fit: every link is drawn on some page.
    assert sum(len(d.edges) for _, d in pages) == len(amap.links)
    assert "Page 1 of" in pages[0][1].legend.notes[0]


def test_views_giant_component_is_cut_and_cut_links_noted(builder):
    amap = _chain_map(builder, n_chains=1, chain_len=25, n_isolated=0)
    pages = [d for n, d in views(amap, style=DiagramStyle(max_nodes=10, corpus_max_claims=0)) if n.startswith("doc-")]
    assert [len(d.nodes) for d in pages] == [9, 9, 7]  # evened out, never over 10
    assert any("links to claims on other pages" in note for d in pages for note in d.legend.notes)


def test_views_big_dispute_is_split_into_parts_along_its_chain(builder):
    amap = _chain_map(builder, n_chains=1, chain_len=25, n_isolated=0)
    parts = [(n, d) for n, d in views(amap, style=DiagramStyle(dispute_max_claims=10)) if n.startswith("dispute-")]
    assert [n.rsplit("-", 1)[1] for n, _ in parts] == ["p01", "p02", "p03"]
    assert all(len(d.nodes) <= 10 for _, d in parts)
    order = {c.id: i for i, c in enumerate(amap.claims)}
    for _, d in parts:  # a chain is cut into runs of neighbours, not scattered claims
        ranks = sorted(order[n.id] for n in d.nodes)
        assert ranks == list(range(ranks[0], ranks[0] + len(ranks)))
    assert sum(len(d.edges) for _, d in parts) == len(amap.links) - 2
    assert parts[0][1].legend.notes[1] == "1 link to claims in other parts is not drawn here."
    assert "part 1 of 3" in parts[0][1].title


def test_views_corpus_omits_isolated_claims_when_big(builder):
    amap = _chain_map(builder, n_chains=2, chain_len=3, n_isolated=8)
    corpus = dict(views(amap, style=DiagramStyle(max_nodes=10)))["corpus"]
    assert len(corpus.nodes) == 6
    assert corpus.legend.notes == ("8 claims without links are left out here; see the doc-* views.",)
    small = dict(views(amap, style=DiagramStyle(max_nodes=50)))["corpus"]
    assert len(small.nodes) == 14 and small.legend.notes == ()


def test_views_empty_map_has_an_empty_corpus_view():
    ((name, diagram),) = views(ArgumentMap())
    assert name == "corpus" and diagram.nodes == () and diagram.legend.notes == ("No claims match the filters.",)


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Bamako accuses Algiers!", "bamako-accuses-algiers"),
        ("Élection à Gao", "election-a-gao"),
        ("", ""),
        ("<script>", "script"),
    ],
)
def test_slugify(text: str, slug: str):
    assert slugify(text) == slug


# --- restatements across documents drawn as one claim -----------------------------------------


def test_diagram_groups_a_claim_restated_in_another_document(sahel_map: ArgumentMap):
    restates = [lk for lk in sahel_map.links if lk.relation is Relation.restates]
    (link,) = restates
    claims = {c.id: c for c in sahel_map.claims}
    first, again = sorted((claims[link.source], claims[link.target]), key=lambda c: sahel_map.documents.index(
        next(d for d in sahel_map.documents if d.id == c.document)))
    assert first.document != again.document
    grouped = to_diagram(sahel_map)
    ids = {n.id for n in grouped.nodes}
    assert first.id in ids and again.id not in ids
    assert len(grouped.nodes) == len(sahel_map.claims) - 1
    node = next(n for n in grouped.nodes if n.id == first.id)
    assert "said 2× in 2 documents" in node.act_detail
    assert "Also said:" in node.tooltip and again.id in node.tooltip
    # links of the restatement now end at the claim it repeats; none is lost but the restatement itself
    assert all(e.relation is not Relation.restates for e in grouped.edges)
    ends = {(e.source, e.target) for e in grouped.edges}
    for lk in sahel_map.links:
        if lk.relation is Relation.restates:
            continue
        src = first.id if lk.source == again.id else lk.source
        tgt = first.id if lk.target == again.id else lk.target
        assert (src, tgt) in ends
    assert "1 restatement drawn with the claim it repeats" in grouped.subtitle
    # the document views keep every claim of their text
    doc_view = dict(views(sahel_map))
    again_doc = next(name for name, d in doc_view.items() if name.startswith("doc-") and again.id in {n.id for n in d.nodes})
    assert again_doc


def test_diagram_restatement_inside_one_document_stays_a_dotted_line(builder):
    d = builder.doc("The army said the border is shut. Later the army said the border was shut.", "One text", "a.txt")
    builder.actor("army", "Army", kind="government")
    a = builder.claim(d, "the border is shut", cue="said", actor="army")
    b = builder.claim(d, "the border was shut", cue="said", actor="army")
    builder.link(b, a, "restates", method="restatement")
    diagram = to_diagram(builder.build())
    assert {n.id for n in diagram.nodes} == {a.id, b.id}
    (edge,) = diagram.edges
    assert edge.relation is Relation.restates and edge.line == "dotted"
    assert "restatement" not in diagram.subtitle


def test_diagram_colours_ignore_actors_no_claim_speaks_or_targets(sahel_map: ArgumentMap):
    from argmap.model import Actor, ActorKind

    before = {n.id: n.color for n in to_diagram(sahel_map).nodes}
    stale = Actor(id="aaa-stale-actor", name="Aaa stale actor", kind=ActorKind.group)
    with_stale = sahel_map.model_copy(update={"actors": [stale, *sahel_map.actors]})
    assert {n.id: n.color for n in to_diagram(with_stale).nodes} == before
