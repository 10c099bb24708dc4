"""The Comparison model: what `argmap compare A B` found, as plain pydantic values (the JSON report).

Pure data, no logic beyond validation: build.py fills it, the writers print it. Every claim in it
is a `ClaimRef` that carries its provenance (document, date, the exact sentence and the offsets of
the content in the stored document text), so every row of every section can be traced back.
The JSON form is a public format: extend it, never rename fields.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from argmap.model import MODEL_VERSION, Offsets

PartyKey = Literal["a", "b"]
#: How two aligned claims relate. `contrasting`: grouped on one topic by shared key terms, no link
#: proposed or accepted between them (yet); `unanswered`: no claim of the other party on this row.
RowRelation = Literal["contradicts", "supports", "restates", "contrasting", "unanswered"]
#: Third-party stance towards a party: from a link, or `echoes` (same topic and wording, no link).
Stance = Literal["supports", "contradicts", "restates", "echoes"]

#: Version of the comparison format (independent of the record format).
COMPARE_VERSION = "1.0"


class _Value(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Party(_Value):
    """One side of the comparison: an actor (with its sub-actors) or a declared side (with its members)."""

    key: PartyKey = Field(description="'a' (left column) or 'b' (right column)")
    query: str = Field(description="What the user asked for, e.g. 'Mali'")
    id: str = Field(description="The actor id or side id the query resolved to")
    kind: Literal["actor", "side"] = Field(description="Whether `id` is an actor or a side")
    name: str = Field(description="Display name")
    matched: str = Field(description="How the query was resolved, e.g. 'alias of mali-government'")
    actors: list[str] = Field(description="Every actor id covered (sub-actors and side members included)")
    sides: list[str] = Field(default_factory=list, description="Declared sides of these actors")


class Source(_Value):
    """Where a claim comes from: the document and the exact sentence."""

    document: str = Field(description="Document id")
    title: str = Field(description="Document title")
    path: str = Field(description="Document path as extracted")
    publisher: str | None = Field(default=None, description="Publisher or outlet")
    published: dt.date | None = Field(default=None, description="Publication date of the document")
    url: str | None = Field(default=None, description="URL of the original, if known")
    language: str | None = Field(default=None, description="Language of the document ('fr'), when it was recorded")
    sentence: str = Field(description="The sentence(s) holding the claim, verbatim from the document text")
    sentence_offsets: Offsets | None = Field(default=None, description="[start, end) of the sentence in the document text")
    content_offsets: list[Offsets] = Field(description="[start, end) of each content fragment in the document text")
    content_in_sentence: list[Offsets] = Field(
        default_factory=list, description="The content fragments as offsets into `sentence` (for highlighting)"
    )


class ClaimRef(_Value):
    """A claim as the report shows it, with its provenance."""

    id: str = Field(description="Claim id")
    party: Literal["a", "b", "third"] = Field(description="Which column the speaker belongs to")
    actor: str | None = Field(default=None, description="Actor id of the speaker")
    actor_name: str = Field(description="Display name of the speaker")
    kind: str = Field(description="Speech act: assertion, accusation, denial, ...")
    cue: str = Field(default="", description="The cue words as written ('denounced', 'rejected')")
    text: str = Field(description="The claim content as written")
    quotes: list[str] = Field(default_factory=list, description="Verbatim quoted fragments inside the content")
    target: str | None = Field(default=None, description="Name of the actor accused or addressed, if any")
    status: str = Field(description="Review status of the claim")
    confidence: float = Field(description="Extractor confidence")
    date: dt.date | None = Field(default=None, description="When it was stated: a date in the text, else the document date")
    date_label: str = Field(description="The date as shown ('6 April 2025', '6 April (year not stated)', 'undated')")
    date_text: str = Field(default="", description="The date words in the text ('On 6 April'), if any")
    date_source: Literal["sentence", "paragraph", "document", "none"] = Field(
        description="Where the date comes from: the claim's sentence, an earlier sentence of its paragraph, "
        "the document's publication date, or nowhere"
    )
    source: Source = Field(description="Document and sentence")


class Row(_Value):
    """Two claims aligned side by side (or one, when the other party said nothing on it)."""

    a: ClaimRef | None = Field(default=None, description="Claim of party A")
    b: ClaimRef | None = Field(default=None, description="Claim of party B")
    relation: RowRelation = Field(description="contradicts / supports / restates / contrasting / unanswered")
    reason: str = Field(description="Why the two are aligned: the link's reason, or the shared key terms")
    basis: Literal["link", "derived", "topic", "none"] = Field(
        description="link: a stored link between the two claims; derived: a rejection pointing back at "
        "the claim (or at an equivalent claim); topic: shared key terms only; none: one-sided row"
    )
    link: str | None = Field(default=None, description="Id of the link the row is based on, if any")
    link_status: str | None = Field(default=None, description="Review status of that link")
    confidence: float | None = Field(default=None, description="Link confidence, or topic similarity")
    first: PartyKey | None = Field(default=None, description="Which party's claim came first (date, then position)")


class ThirdPartyRow(_Value):
    """A claim of another actor that backs or contradicts a claim of A or B."""

    claim: ClaimRef = Field(description="The third party's claim")
    stance: Stance = Field(description="supports / contradicts / restates (from a link) or echoes (topic)")
    toward: PartyKey = Field(description="The party whose claim it relates to")
    other: ClaimRef = Field(description="That party's claim")
    reason: str = Field(description="The link's reason, or the shared key terms")
    link: str | None = Field(default=None, description="Link id, if a link relates them")
    ally_of: PartyKey | None = Field(default=None, description="Party whose declared side the speaker is on")
    point: str | None = Field(default=None, description="Point of contention this belongs to, if any")


class ThirdParty(_Value):
    """All rows of one third-party actor."""

    actor: str | None = Field(description="Actor id (null: unattributed claims)")
    name: str = Field(description="Display name")
    ally_of: PartyKey | None = Field(default=None, description="Party whose declared side it is on")
    summary: str = Field(description="E.g. 'supports Government of Mali (2), contradicts Government of Algeria (1)'")
    rows: list[ThirdPartyRow]


class Point(_Value):
    """One point of contention (or agreement): claims of A and B about one event or topic."""

    id: str = Field(description="'p01', 'p02', ... in report order")
    topic: str = Field(description="The key terms the claims share, as a short label")
    terms: list[str] = Field(description="Those key terms")
    relation: RowRelation = Field(description="Strongest relation among its rows")
    rows: list[Row]
    third_parties: list[ThirdPartyRow] = Field(default_factory=list, description="Other actors on this topic")
    first: PartyKey | None = Field(default=None, description="The party that spoke first on it")
    first_date: str = Field(default="", description="Date label of the first claim")
    response_date: str = Field(default="", description="Date label of the other party's first claim on it")
    summary: str = Field(default="", description="Who spoke first and who responded, in words")
    rank: int = Field(default=0, description="1 = the most contested point (see `score`); the report lists points in this order")
    score: float = Field(default=0.0, description="How contested the point is: contradictions (stored links count "
                         "more than derived ones, reviewed more than proposed), then contrasts, documents, third "
                         "parties and accusations between the two, with diminishing returns")
    score_reason: str = Field(default="", description="What the score counts, in words")
    documents: int = Field(default=0, description="Documents the point's claims come from")
    last_date: str = Field(default="", description="Date label of the latest claim on it")


class Unanswered(_Value):
    """A claim of one party the other never addressed (no link, no claim on its topic)."""

    claim: ClaimRef
    by: PartyKey = Field(description="The party that made the claim")
    accusation_without_denial: bool = Field(description="An accusation or condemnation the other party never denied")
    point: str | None = Field(default=None, description="Point it is listed in, when the topic was contested")
    reason: str = Field(description="Why it counts as unanswered")
    received: bool = Field(default=False, description="An accusation or condemnation aimed at the other party (its "
                           "target, or the other party named in it) that the other party never denied or contradicted: "
                           "the only unanswered claims the Markdown and HTML reports list one by one")


class TimelineEntry(_Value):
    """One claim of A or B in date order."""

    claim: ClaimRef
    party: PartyKey
    point: str | None = Field(default=None, description="Point of contention it belongs to")
    opens_point: bool = Field(default=False, description="First claim of its point (this party spoke first)")
    responds_to: list[str] = Field(default_factory=list, description="Earlier claims of the other party it answers")


class DocumentRef(_Value):
    id: str
    title: str
    path: str
    publisher: str | None = None
    published: dt.date | None = None
    url: str | None = None
    language: str | None = None


class Filters(_Value):
    """What the comparison was restricted to."""

    documents: list[str] | None = Field(default=None, description="Document ids, or null for all")
    since: dt.date | None = Field(default=None, description="Only claims stated on or after this date")
    until: dt.date | None = Field(default=None, description="Only claims stated on or before this date")
    accepted_only: bool = Field(default=False, description="Only accepted (or edited) claims and links")


class Stats(_Value):
    claims_a: int
    claims_b: int
    claims_third: int = Field(description="Third-party claims shown (linked or on a contested topic)")
    points: int = Field(description="Points of contention")
    agreements: int
    unanswered_a: int
    unanswered_b: int
    links_used: int = Field(description="Stored links the rows rely on")
    accusations_unanswered_a: int = Field(default=0, description="Accusations of A aimed at B that B never answered")
    accusations_unanswered_b: int = Field(default=0, description="Accusations of B aimed at A that A never answered")


class Comparison(_Value):
    """The whole comparison of two parties (the JSON report)."""

    kind: Literal["comparison"] = "comparison"
    compare_version: str = COMPARE_VERSION
    argmap_version: str = MODEL_VERSION
    title: str
    a: Party
    b: Party
    filters: Filters
    points: list[Point] = Field(description="Points of contention, in order of first statement (ids p01, p02, ...)")
    ranking: list[str] = Field(default_factory=list, description="Point ids, most contested first (`Point.rank`)")
    top: int = Field(default=10, description="How many of the ranked points the Markdown and HTML reports show in "
                     "full; the others get one line each")
    agreements: list[Row] = Field(description="Where A and B (or their sides) say compatible things")
    unanswered: list[Unanswered] = Field(description="Claims of one party the other never addressed")
    timeline: list[TimelineEntry] = Field(description="Claims of A and B by date")
    third_parties: list[ThirdParty] = Field(description="Other actors backing or contradicting either party")
    documents: list[DocumentRef] = Field(description="Documents cited")
    map_claims: list[str] = Field(description="Claim ids drawn in the map: A, B and third parties linked to them")
    stats: Stats
    notes: list[str] = Field(default_factory=list, description="What the reader should know (e.g. unreviewed links)")
