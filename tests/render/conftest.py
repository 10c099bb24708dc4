"""Fixtures for the render tests: a map builder, a small two-document map, and --update-golden."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from argmap.model import Actor, ArgumentMap, Claim, ClaimSpans, Document, Link, Relation

GOLDEN_DIR = Path(__file__).resolve().parents[1] / "golden" / "render"


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden", default=False))


@pytest.fixture
def golden(update_golden: bool):
    """`golden(name, text)`: compare `text` with tests/golden/render/<name>, or rewrite it."""

    def check(name: str, text: str) -> None:
        path = GOLDEN_DIR / name
        if update_golden:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="\n")
            return
        assert path.is_file(), f"missing golden file {path}; run pytest with --update-golden"
        assert text == path.read_text(encoding="utf-8"), (
            f"{name} differs from the golden file; review, then --update-golden"
        )

    return check


class MapBuilder:
    """Builds small ArgumentMaps from plain strings; offsets are found in the document text."""

    def __init__(self) -> None:
        self.documents: list[Document] = []
        self.actors: list[Actor] = []
        self.claims: list[Claim] = []
        self.links: list[Link] = []

    def doc(self, text: str, title: str, path: str | None = None, **kw) -> Document:
        sha = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
        doc = Document(
            id=Document.make_id(sha), title=title, path=path or f"{title[:20]}.txt", sha256=sha, text=text, **kw
        )
        self.documents.append(doc)
        return doc

    def actor(self, id: str, name: str | None = None, **kw) -> Actor:
        actor = Actor(id=id, name=name or id, **kw)
        self.actors.append(actor)
        return actor

    def claim(self, doc: Document, content: str, *, cue: str | None = None, sentence: bool = True, **kw) -> Claim:
        start = doc.text.index(content)
        spans = {"content": [(start, start + len(content))]}
        if cue:
            c = doc.text.index(cue)
            spans["cue"] = [(c, c + len(cue))]
        if sentence:
            s = doc.text.rfind(". ", 0, start)
            s = 0 if s < 0 else s + 2
            e = doc.text.find(". ", start + len(content) - 1)
            kw.setdefault("sentence", (s, len(doc.text) if e < 0 else e + 1))
        spans_model = ClaimSpans(**spans)
        claim = Claim(
            id=kw.pop("id", None) or Claim.make_id(doc.id, spans_model),
            document=doc.id,
            text=content,
            spans=spans_model,
            cue=cue or "",
            **kw,
        )
        self.claims.append(claim)
        return claim

    def link(self, source: Claim, target: Claim, relation: str, **kw) -> Link:
        rel = Relation(relation)
        link = Link(id=Link.make_id(source.id, target.id, rel), source=source.id, target=target.id, relation=rel, **kw)
        self.links.append(link)
        return link

    def build(self) -> ArgumentMap:
        return ArgumentMap(documents=self.documents, actors=self.actors, claims=self.claims, links=self.links)


@pytest.fixture
def builder() -> MapBuilder:
    return MapBuilder()


SAHEL_1 = (
    "The Malian government on Monday accused Algeria of “sponsoring terrorism” after a drone was shot "
    "down near Tinzaouaten. Algeria's Ministry of Foreign Affairs rejected the accusation as “baseless and "
    "unacceptable” and said Algeria had played no role in the incident. The FLA claimed responsibility for "
    "the attack on the army convoy. Many analysts believe the incident will deepen the crisis between the "
    "two neighbours. The Alliance of Sahel States condemned what it called “an act of aggression” by "
    "Algiers and called for an international investigation. The drone had reportedly crossed into Algerian "
    "airspace."
)
SAHEL_2 = (
    "Algeria's Ministry of Defence said the drone violated Algerian airspace by two kilometres. The Malian "
    "army insisted that the drone never left Malian territory. Algerian officials warned that any further "
    "incursion would be met with force. Mali also asked the Security Council to examine the evidence."
)


def build_sahel(b: MapBuilder) -> ArgumentMap:
    """Two documents, six actors (one ministry under its government, two sides), 11 claims, 6 links."""
    import datetime as dt

    d1 = b.doc(
        SAHEL_1,
        "Bamako accuses Algiers after drone downing",
        "corpus/001-bamako.txt",
        publisher="Sahel Monitor",
        published=dt.date(2025, 4, 7),
        url="https://example.org/news/1",
    )
    d2 = b.doc(
        SAHEL_2,
        "Algiers says drone violated its airspace",
        "corpus/002-algiers.txt",
        publisher="Maghreb Daily",
        published=dt.date(2025, 4, 8),
    )
    b.actor("mali-government", "Malian government", kind="government", side="mali")
    b.actor("aes", "Alliance of Sahel States", kind="organisation", side="mali")
    b.actor("algeria-government", "Algerian government", kind="government", side="algeria")
    b.actor(
        "algeria-ministry-of-foreign-affairs",
        "Ministry of Foreign Affairs",
        kind="government",
        parent="algeria-government",
    )
    b.actor("algeria-ministry-of-defence", "Ministry of Defence", kind="government", parent="algeria-government")
    b.actor("fla", "FLA", kind="armed_group")
    b.actor("analysts", "many analysts", kind="group")
    accuse = b.claim(
        d1,
        "Algeria of “sponsoring terrorism”",
        cue="accused",
        actor="mali-government",
        kind="accusation",
        quotes=["sponsoring terrorism"],
        target="algeria-government",
        status="accepted",
        confidence=0.9,
        rule="indirect.of:SVC",
    )
    reject = b.claim(
        d1,
        "the accusation as “baseless and unacceptable”",
        cue="rejected",
        actor="algeria-ministry-of-foreign-affairs",
        kind="denial",
        quotes=["baseless and unacceptable"],
        status="accepted",
        confidence=0.85,
    )
    no_role = b.claim(
        d1,
        "Algeria had played no role in the incident",
        cue="said",
        actor="algeria-ministry-of-foreign-affairs",
        kind="denial",
        confidence=0.8,
    )
    b.claim(d1, "the attack on the army convoy", cue="claimed responsibility", actor="fla", kind="responsibility")
    b.claim(
        d1,
        "the incident will deepen the crisis between the two neighbours",
        cue="believe",
        actor="analysts",
        kind="belief",
    )
    aggression = b.claim(
        d1,
        "what it called “an act of aggression” by Algiers",
        cue="condemned",
        actor="aes",
        kind="condemnation",
        quotes=["an act of aggression"],
        target="algeria-government",
    )
    investigation = b.claim(d1, "an international investigation", cue="called for", actor="aes", kind="recommendation")
    crossed = b.claim(
        d1, "The drone had reportedly crossed into Algerian airspace", kind="assertion", hedged=True, confidence=0.4
    )
    violated = b.claim(
        d2,
        "the drone violated Algerian airspace by two kilometres",
        cue="said",
        actor="algeria-ministry-of-defence",
        kind="assertion",
        confidence=0.8,
    )
    never_left = b.claim(
        d2,
        "that the drone never left Malian territory",
        cue="insisted",
        actor="mali-government",
        kind="denial",
        confidence=0.75,
    )
    b.claim(
        d2,
        "that any further incursion would be met with force",
        cue="warned",
        actor="algeria-government",
        kind="warning",
    )
    council = b.claim(
        d2, "the Security Council to examine the evidence", cue="asked", actor="mali-government", kind="recommendation"
    )
    b.link(
        reject,
        accuse,
        "contradicts",
        status="accepted",
        confidence=0.95,
        method="explicit-rejection",
        reason="'rejected the accusation' answers the accusation",
    )
    b.link(no_role, accuse, "contradicts", confidence=0.7, method="negation")
    b.link(aggression, accuse, "supports", confidence=0.6, method="same-target")
    b.link(never_left, violated, "contradicts", confidence=0.8, method="negation")
    b.link(crossed, violated, "restates", confidence=0.65, method="similarity")
    b.link(investigation, council, "supports", confidence=0.5, method="similarity")
    return b.build()


@pytest.fixture
def sahel_map(builder: MapBuilder) -> ArgumentMap:
    return build_sahel(builder)


HOSTILE = (
    'He said <script>alert(1)</script> and "]; evil [label="x" then &amp; & &foo; '
    "<img src=x onerror=alert(1)> {braces} } { back\\slash \\N \\G \\L \\\\ "
    "new\nline\r\nand\ttab \x00\x07\x1b nul, \u202eRLO, ]]> --> <!-- ' <<>> <TABLE> </FONT> \ud800"
)


def build_tiny(b: MapBuilder) -> ArgumentMap:
    """Three actors (one a ministry), one unattributed claim, one link of each relation."""
    d = b.doc(
        "The government said the border is open. The ministry denied that the border is open, calling it "
        "“a lie”. Residents say the border is closed. The border was reportedly closed.",
        "Border dispute",
        "corpus/border.txt",
    )
    b.actor("gov", "Government", kind="government", side="north")
    b.actor("ministry", "Ministry", kind="government", parent="gov")
    b.actor("residents", "Residents", kind="group", side="south")
    said = b.claim(d, "the border is open", cue="said", actor="gov", status="accepted", confidence=0.9)
    denied = b.claim(
        d,
        "that the border is open, calling it “a lie”",
        cue="denied",
        actor="ministry",
        kind="denial",
        quotes=["a lie"],
    )
    residents = b.claim(d, "the border is closed", cue="say", actor="residents")
    closed = b.claim(d, "The border was reportedly closed", hedged=True)
    b.link(denied, said, "contradicts", status="accepted", method="negation", reason="denied ... open")
    b.link(closed, residents, "restates", method="similarity")
    b.link(residents, denied, "supports", method="similarity")
    return b.build()


def build_hostile(b: MapBuilder) -> ArgumentMap:
    """Hostile text everywhere a document can put text: content, title, actor names, ids, reasons."""
    d = b.doc(HOSTILE + " End.", 'T <b>"]\\N', path="x/<evil>.txt", url="javascript:alert(1)", publisher="<i>P</i>")
    b.actor('evil"] <x>', 'Actor <script>x</script> "]; \\N', kind="person", side='s<>"{}', aliases=["<a href=x>"])
    b.actor("sub", "Sub & co", parent='evil"] <x>')
    first = b.claim(
        d,
        HOSTILE,
        actor='evil"] <x>',
        quotes=["<script>alert(1)</script>"],
        cue="said",
        target='evil"] <x>',
        rule='r"]\\',
    )
    second = b.claim(d, "End", actor="sub")
    b.link(first, second, "contradicts", reason='<script>r</script> "] \\N', method="m&m")
    return b.build()


@pytest.fixture
def tiny_map(builder: MapBuilder) -> ArgumentMap:
    return build_tiny(builder)


@pytest.fixture
def hostile_text() -> str:
    return HOSTILE


@pytest.fixture
def hostile_map(builder: MapBuilder) -> ArgumentMap:
    return build_hostile(builder)
