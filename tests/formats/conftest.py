"""Fixtures of the export/import format tests: a hand-built map that uses every feature a format has
to carry (three relations, an agentless claim, a PDF document with pages, a rated claim, hostile
text), and a store holding it.
"""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from argmap.model import (
    Actor,
    ActorKind,
    ArgumentMap,
    Claim,
    ClaimSpans,
    Document,
    Link,
    Rating,
    Relation,
    SpeechAct,
    Status,
)

#: Text a hostile page could carry: markup, an event handler, a formula, CSV and Argdown syntax.
HOSTILE = '<img src=x onerror="alert(1)"> [x] #tag =SUM(A1) "quoted", 5 + 6 - 7 // c {d}'


def _doc(text: str, path: str, **extra) -> Document:
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Document(id=Document.make_id(sha), title=extra.pop("title", path), path=path, sha256=sha, text=text, **extra)


def _claim(doc: Document, content: str, *, cue: str | None = None, source: str | None = None, actor: str | None,
           **extra) -> Claim:
    start = doc.text.index(content)
    cue_span = [(doc.text.index(cue), doc.text.index(cue) + len(cue))] if cue else []
    src_span = [(doc.text.index(source), doc.text.index(source) + len(source))] if source else []
    spans = ClaimSpans(content=[(start, start + len(content))], cue=cue_span, source=src_span)
    return Claim(id=Claim.make_id(doc.id, spans), document=doc.id, actor=actor, source_text=source, cue=cue or "",
                 text=content, spans=spans, **extra)


def _link(source: Claim, target: Claim, relation: Relation, **extra) -> Link:
    return Link(id=Link.make_id(source.id, target.id, relation), source=source.id, target=target.id,
                relation=relation, **extra)


@pytest.fixture
def rich_map() -> ArgumentMap:
    """Two documents (one a 2-page PDF), four actors, five claims, three links of every relation."""
    web = _doc(
        "The ministry said the drone had violated its airspace.\n"
        "Bamako denied that the drone had crossed the border.\n"
        f"It was reported that {HOSTILE}.\n",
        "web/page.html", title="Drone incident", publisher="Example News", published=dt.date(2025, 4, 7),
        url="https://news.example.org/drone", format="html",
    )
    pdf_text = "The FLA claimed that it had downed the drone.\n\nThe ministry said the drone had violated Algerian airspace.\n"
    pdf = _doc(pdf_text, "reports/report.pdf", title="Report", format="pdf", pages=[0, pdf_text.index("The ministry")])
    c1 = _claim(web, "the drone had violated its airspace", cue="said", source="The ministry", actor="algeria-mfa",
                kind=SpeechAct.accusation, confidence=0.8, rule="verb.ccomp:SVC",
                rating=Rating.mostly_false, rating_note="Radar data <b>contradict</b> it.", rated_on=dt.date(2025, 5, 2))
    c2 = _claim(web, "the drone had crossed the border", cue="denied", source="Bamako", actor="mali-government",
                kind=SpeechAct.denial, status=Status.accepted, reviewer="ana")
    c3 = _claim(web, HOSTILE, cue="reported", actor=None, rating=Rating.unverifiable)
    c4 = _claim(pdf, "it had downed the drone", cue="claimed", source="The FLA", actor="fla", kind=SpeechAct.responsibility)
    c5 = _claim(pdf, "the drone had violated Algerian airspace", cue="said", source="The ministry", actor="algeria-mfa")
    links = [
        _link(c2, c1, Relation.contradicts, confidence=0.7, reason="denial of the same event", method="explicit-rejection"),
        _link(c4, c2, Relation.supports, status=Status.accepted, reviewer="ana", reason="same crash"),
        _link(c5, c1, Relation.restates, confidence=0.9, method="restatement"),
    ]
    actors = [
        Actor(id="algeria-mfa", name="Algerian Ministry of Foreign Affairs", kind=ActorKind.government,
              parent="algeria-government", side="algeria"),
        Actor(id="algeria-government", name="Government of Algeria", kind=ActorKind.government, side="algeria"),
        Actor(id="mali-government", name="Government of Mali", aliases=["Bamako"], kind=ActorKind.government, side="mali"),
        Actor(id="fla", name="FLA", kind=ActorKind.armed_group),
    ]
    return ArgumentMap(documents=[web, pdf], actors=actors, claims=[c1, c2, c3, c4, c5], links=links).sorted()


@pytest.fixture
def rich_db(tmp_path, rich_map):
    """A store file holding `rich_map`."""
    from argmap.store import open_store

    path = tmp_path / "rich.db"
    with open_store(path) as s:
        s.import_map(rich_map)
    return path
