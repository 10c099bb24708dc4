"""How rendered argument maps look: one settings model, `DiagramStyle`, holding every default.

Colours, shapes, fonts, line styles, arrowheads and the wording of labels live here and nowhere
else (habit 7: styles are data), so a team can restyle its maps by validating a YAML or JSON mapping
with `DiagramStyle.model_validate(...)`. This module holds no layout logic and does no I/O.

Design rules the defaults follow:
* a relation is never told by colour alone: each has its own line style, arrowheads and edge label
  (supports = green arrow, contradicts = bold red line with a bar at both ends, restates = grey dotted
  line without heads);
* review status is told by line style *and* label: proposed (machine-made, not reviewed) links are
  dashed and their label ends in "?", accepted and edited links are solid;
* side colours avoid red, green and grey, which belong to the relations and to "no side".
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from argmap.model import Relation, SpeechAct, Status

Color = Annotated[str, Field(pattern=r"^#[0-9A-Fa-f]{6}$", description="Colour as #RRGGBB")]


class _Settings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class EdgeStyle(_Settings):
    """How one relation is drawn."""

    label: str = Field(description="Edge label, e.g. 'contradicts'")
    color: Color = Field(description="Line and label colour")
    penwidth: float = Field(default=1.4, gt=0, description="Line width in points")
    line: Literal["solid", "dashed", "dotted"] | None = Field(
        default=None, description="Fixed line style; null lets the review status choose it"
    )
    dir: Literal["forward", "both", "none"] = Field(default="forward", description="Which ends get heads")
    arrowhead: str = Field(default="normal", description="Graphviz arrow shape at the target")
    arrowtail: str = Field(default="none", description="Graphviz arrow shape at the source")
    constraint: bool = Field(default=True, description="Whether the edge shapes the ranking")


def _default_relations() -> dict[Relation, EdgeStyle]:
    return {
        Relation.supports: EdgeStyle(label="supports", color="#2E7D32", penwidth=1.6, arrowhead="normal"),
        Relation.contradicts: EdgeStyle(
            label="contradicts", color="#C62828", penwidth=2.6, dir="both", arrowhead="tee", arrowtail="tee"
        ),
        Relation.restates: EdgeStyle(label="restates", color="#6E6E6E", penwidth=1.4, line="dotted", dir="none"),
    }


def _default_acts() -> dict[SpeechAct, str]:
    return {
        SpeechAct.assertion: "says",
        SpeechAct.accusation: "accuses",
        SpeechAct.denial: "denies",
        SpeechAct.condemnation: "condemns",
        SpeechAct.responsibility: "claims responsibility",
        SpeechAct.belief: "believes",
        SpeechAct.recommendation: "calls for",
        SpeechAct.warning: "warns",
        SpeechAct.question: "asks",
        SpeechAct.evidence: "shows",
        SpeechAct.intention: "intends",
        SpeechAct.position: "backs or opposes",
    }


class DiagramStyle(_Settings):
    """Every visual choice of the renderer, with defaults. Frozen: build a new one to change it."""

    # Layout
    rankdir: Literal["LR", "TB", "RL", "BT"] = Field(default="LR", description="Graphviz rank direction")
    nodesep: float = Field(default=0.3, ge=0, description="Space between nodes of a rank, inches")
    ranksep: float = Field(default=0.9, ge=0, description="Space between ranks, inches")
    max_nodes: int = Field(default=150, ge=2, description="Claims per page; bigger views are split")
    omit_isolated_in_corpus: bool = Field(
        default=True, description="Leave unlinked claims out of a corpus view bigger than max_nodes"
    )
    dispute_max_claims: int = Field(
        default=40, ge=2, description="Claims per dispute map; a bigger dispute is split into parts by sub-topic"
    )
    corpus_max_claims: int = Field(
        default=150, ge=0,
        description="The claim map of the whole corpus is drawn only up to this many claims (the actor overview "
        "and the dispute index cover a bigger corpus)",
    )
    draw_trivial: bool = Field(
        default=False,
        description="Also draw trivial disputes (no contradiction and one camp, or two claims); else they are only listed",
    )
    overview_max_actors: int = Field(default=40, ge=2, description="Actors drawn in the actor overview (most linked first)")
    overview_layout: Literal["dot", "fdp", "neato", "circo"] = Field(
        default="dot", description="Graphviz layout engine of the actor overview"
    )
    overview_width: float = Field(
        default=16.0, gt=0, description="The actor overview is scaled down to this width in inches (16 in = 1,536 px at 96 dpi)"
    )
    legend: bool = Field(default=True, description="Draw the legend")
    group_restated: bool = Field(
        default=True,
        description="Draw claims of different documents joined by `restates` links as one node (the earliest), listing where it was said again",
    )

    # Text
    fontname: str = Field(default="Helvetica,Arial,sans-serif", description="Font family list")
    fontsize: float = Field(default=10.5, gt=0, description="Claim text size, points")
    act_fontsize: float = Field(default=8.5, gt=0, description="Speech-act line size, points")
    cluster_fontsize: float = Field(default=12.0, gt=0, description="Actor name size, points")
    edge_fontsize: float = Field(default=9.0, gt=0, description="Edge label size, points")
    title_fontsize: float = Field(default=15.0, gt=0, description="Diagram title size, points")
    # (upper bounds: Graphviz refuses a string over 16384 bytes, and tooltips are cut at 2000 characters)
    wrap_width: int = Field(default=38, ge=10, le=200, description="Characters per line of claim text")
    max_label_chars: int = Field(default=160, ge=20, le=1000, description="Claim text is cut with '…' past this")
    tooltip_chars: int = Field(default=700, ge=80, le=2000, description="Source sentence cut past this in tooltips")
    text_color: Color = "#1A1A1A"
    act_color: Color = Field(default="#555555", description="Colour of the speech-act line")
    quote_color: Color = Field(default="#1F4E8C", description="Colour of verbatim quoted words (italic)")
    note_color: Color = "#666666"
    act_labels: dict[SpeechAct, str] = Field(
        default_factory=_default_acts, description="Speech-act line wording per kind"
    )
    hedged_label: str = Field(default="hedged", description="Added to the speech-act line of hedged claims")
    unattributed_label: str = Field(default="unattributed", description="Cluster of claims without actor")

    # Nodes and clusters
    node_shape: str = Field(default="box", description="Graphviz shape of claim nodes")
    node_fill: Color = Field(default="#FFFFFF", description="Claim node fill")
    node_style: dict[Status, str] = Field(
        default_factory=lambda: {
            Status.proposed: "rounded,filled,dashed",
            Status.accepted: "rounded,filled",
            Status.edited: "rounded,filled",
            Status.rejected: "rounded,filled,dotted",
        },
        description="Graphviz node style per claim status (border dashed = not reviewed)",
    )
    node_penwidth: dict[Status, float] = Field(
        default_factory=lambda: {Status.proposed: 1.2, Status.accepted: 1.8, Status.edited: 1.8, Status.rejected: 1.0},
        description="Border width per claim status",
    )
    palette: list[Color] = Field(
        default_factory=lambda: [
            "#1F77B4",  # blue
            "#E08A00",  # orange
            "#7B3FA0",  # purple
            "#8C564B",  # brown
            "#0E9AA7",  # teal
            "#C2549D",  # pink
            "#8A8A00",  # olive
            "#2B3F8C",  # navy
        ],
        min_length=1,
        description="Side colours, handed out in order of side slug (then of side-less actors)",
    )
    side_colors: dict[str, Color] = Field(
        default_factory=dict, description="Pinned colours: side slug or actor id -> colour"
    )
    neutral_color: Color = Field(default="#8A8A8A", description="Colour of unattributed claims")
    cluster_tint: float = Field(default=0.93, ge=0, le=1, description="How pale actor frames are (1 = white)")
    side_tint: float = Field(default=0.97, ge=0, le=1, description="How pale side frames are")

    # Edges
    relations: dict[Relation, EdgeStyle] = Field(default_factory=_default_relations)
    status_line: dict[Status, Literal["solid", "dashed", "dotted"]] = Field(
        default_factory=lambda: {
            Status.proposed: "dashed",
            Status.accepted: "solid",
            Status.edited: "solid",
            Status.rejected: "dotted",
        },
        description="Line style per link status, unless the relation fixes one",
    )
    weak_confidence: float = Field(
        default=0.5, ge=0, le=1,
        description="Proposed links below this confidence (best guesses) are drawn thinner, label ending in '??'",
    )
    weak_penwidth: float = Field(default=0.6, gt=0, le=1, description="Line width factor of such weak links")
    status_suffix: dict[Status, str] = Field(
        default_factory=lambda: {Status.proposed: "?", Status.accepted: "", Status.edited: "", Status.rejected: " ✗"},
        description="Appended to the edge label per link status",
    )

    def edge_style(self, relation: Relation) -> EdgeStyle:
        """The style of `relation` (falls back to the default when a custom style omits it)."""
        return self.relations.get(relation) or _default_relations()[relation]

    def act_label(self, kind: SpeechAct) -> str:
        return self.act_labels.get(kind) or _default_acts()[kind]
