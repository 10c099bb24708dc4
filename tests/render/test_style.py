"""DiagramStyle: defaults that keep relations and statuses apart without relying on colour."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from argmap.model import Relation, SpeechAct, Status
from argmap.render import DiagramStyle


def test_style_relations_differ_beyond_colour():
    style = DiagramStyle()
    looks = {
        rel: (
            style.edge_style(rel).line,
            style.edge_style(rel).dir,
            style.edge_style(rel).arrowhead,
            style.edge_style(rel).label,
        )
        for rel in Relation
    }
    assert len(set(looks.values())) == len(Relation)
    assert {style.edge_style(rel).label for rel in Relation} == {"supports", "contradicts", "restates"}
    contradicts = style.edge_style(Relation.contradicts)
    assert contradicts.dir == "both" and contradicts.arrowhead == "tee" and contradicts.arrowtail == "tee"
    assert contradicts.penwidth > style.edge_style(Relation.supports).penwidth
    assert style.edge_style(Relation.restates).dir == "none"


def test_style_proposed_differs_from_accepted_in_line_and_label():
    style = DiagramStyle()
    assert style.status_line[Status.proposed] != style.status_line[Status.accepted]
    assert style.status_suffix[Status.proposed] != style.status_suffix[Status.accepted]
    assert style.node_style[Status.proposed] != style.node_style[Status.accepted]


def test_style_every_speech_act_has_a_label():
    style = DiagramStyle()
    assert all(style.act_label(kind) for kind in SpeechAct)
    assert style.act_label(SpeechAct.responsibility) == "claims responsibility"


def test_style_partial_override_falls_back_to_defaults():
    style = DiagramStyle.model_validate({"relations": {"supports": {"label": "backs", "color": "#00AA00"}}})
    assert style.edge_style(Relation.supports).label == "backs"
    assert style.edge_style(Relation.contradicts).label == "contradicts"


@pytest.mark.parametrize(
    "data",
    [{"palette": ["red"]}, {"palette": []}, {"wrap_width": 3}, {"rankdir": "XX"}, {"no_such_field": 1}],
)
def test_style_rejects_bad_settings(data):
    with pytest.raises(ValidationError):
        DiagramStyle.model_validate(data)


def test_style_is_frozen():
    with pytest.raises(ValidationError):
        DiagramStyle().wrap_width = 10
