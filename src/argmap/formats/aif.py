"""AIF / xAIF JSON (as OVA3 and AIFdb write it): export an ArgumentMap, and import one back.

This module owns the mapping between argmap's records and the Argument Interchange Format: a claim
is an I-node (its proposition) anchored by `L -> YA(Asserting) -> I` in an L-node ("Actor: text")
whose locution names the actor's participant; `supports` is `I -> RA -> I`, `contradicts` is
`I -> CA -> I` (attacker to attacked) and `restates` is `I -> MA -> I`. Everything AIF has no place
for (documents, offsets, cues, actor kinds and sides, review status) travels in a top-level `argmap`
block, which OVA and AIFdb ignore. Import reads the AIF graph as the truth (nodes and edges an
analyst added or removed in OVA count) and takes provenance from the block where it still matches;
an AIF file without the block imports too. Pure: values in, values out (no file I/O).
"""

from __future__ import annotations

import html
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field

from pydantic import ValidationError

from ..errors import InputError
from ..model import MODEL_VERSION, Actor, ArgumentMap, Claim, ClaimSpans, Document, Link, Relation, Status, web_url

#: S-node type, its text and OVA3 scheme id, per relation (OVA3 scheme list: RA 72, CA 71, MA 144).
RELATION_NODES = {
    Relation.supports: ("RA", "Default Inference", "72"),
    Relation.contradicts: ("CA", "Default Conflict", "71"),
    Relation.restates: ("MA", "Default Rephrase", "144"),
}
ASSERTING = ("YA", "Asserting", "74")
NODE_RELATIONS = {kind: rel for rel, (kind, _text, _scheme) in RELATION_NODES.items()}
#: Version tag of the `argmap` block, so later argmap versions can read older files.
BLOCK_FORMAT = "argmap-aif/1"


# -- export ----------------------------------------------------------------------------------------
def _participant_name(name: str) -> tuple[str, str]:
    """AIF participants have only first name and surname: "Government of Mali" -> ("Government of", "Mali")."""
    words = name.split()
    if len(words) < 2:
        return name.strip(), ""
    return " ".join(words[:-1]), words[-1]


def _timestamp(doc: Document | None) -> str | None:
    return f"{doc.published.isoformat()} 00:00:00" if doc and doc.published else None


def _ova_text(docs: list[Document], claims: list[Claim], lnode: dict[str, str]) -> str:
    """The source texts as OVA shows them: escaped HTML, each claim's first content span highlighted.

    Every character of the documents is escaped (a hostile page's text never becomes markup); spans
    that overlap an earlier highlight (nested attributions) are left unmarked.
    """
    by_doc: dict[str, list[Claim]] = defaultdict(list)
    for c in claims:
        by_doc[c.document].append(c)
    parts = []
    for doc in docs:
        out, pos = [], 0
        for c in sorted(by_doc.get(doc.id, []), key=lambda c: (c.spans.content[0], c.id)):
            start, end = c.spans.content[0]
            if start < pos or end > len(doc.text):
                continue
            out.append(html.escape(doc.text[pos:start]))
            out.append(f'<span id="node{lnode[c.id]}" class="highlighted">{html.escape(doc.text[start:end])}</span>')
            pos = end
        out.append(html.escape(doc.text[pos:]))
        parts.append("".join(out).replace("\n", "<br>"))
    return "<br><br>".join(parts)


def to_aif(amap: ArgumentMap) -> dict:
    """The map as an xAIF JSON object (`AIF`, `text`, `dialog`, and argmap's `argmap` block).

    Node, edge and participant ids are numbers written as strings ("1", "2", ...), numbered in the
    map's canonical order, so the same map always gives the same file.
    """
    amap = amap.sorted()
    docs = {d.id: d for d in amap.documents}
    actors = {a.id: a for a in amap.actors}
    nodes, edges, locutions, schemes = [], [], [], []
    counter = {"node": 0, "edge": 0}

    def node(kind: str, text: str, **extra) -> str:
        counter["node"] += 1
        nid = str(counter["node"])
        nodes.append({"nodeID": nid, "text": text, "type": kind, **extra})
        return nid

    def edge(src: str, dst: str) -> None:
        counter["edge"] += 1
        edges.append({"edgeID": str(counter["edge"]), "fromID": src, "toID": dst})

    speaking = sorted({c.actor for c in amap.claims if c.actor})
    participant = {aid: str(i) for i, aid in enumerate(speaking, start=1)}
    participants = []
    for aid in speaking:
        first, last = _participant_name(actors[aid].name if aid in actors else aid)
        participants.append({"participantID": participant[aid], "firstname": first, "surname": last})

    inode, lnode, block_claims = {}, {}, []
    for c in amap.claims:
        doc = docs.get(c.document)
        stamp = _timestamp(doc)
        extra = {"timestamp": stamp} if stamp else {}
        inode[c.id] = node("I", c.text, **extra)
        speaker = actors[c.actor].name if c.actor in actors else c.actor
        lnode[c.id] = node("L", f"{speaker}: {c.text}" if speaker else c.text, **extra)
        ya = node(ASSERTING[0], ASSERTING[1])
        schemes.append({"nodeID": ya, "schemeID": ASSERTING[2]})
        edge(lnode[c.id], ya)
        edge(ya, inode[c.id])
        if c.actor:
            locutions.append({"nodeID": lnode[c.id], "personID": participant[c.actor], "start": stamp, "end": None})
        block_claims.append({"nodeID": inode[c.id], "locutionID": lnode[c.id], **c.model_dump(mode="json")})

    block_links = []
    for link in amap.links:
        if link.source not in inode or link.target not in inode:
            continue  # a link to a claim outside the map (a filtered export) has no node to join
        kind, text, scheme = RELATION_NODES[link.relation]
        s = node(kind, text)
        schemes.append({"nodeID": s, "schemeID": scheme})
        edge(inode[link.source], s)
        edge(s, inode[link.target])
        block_links.append({"nodeID": s, **link.model_dump(mode="json")})

    return {
        "AIF": {
            "nodes": nodes,
            "edges": edges,
            "locutions": locutions,
            "participants": participants,
            "schemefulfillments": schemes,
            "descriptorfulfillments": [],
        },
        "text": _ova_text(amap.documents, amap.claims, lnode),
        "dialog": True,
        "argmap": {
            "format": BLOCK_FORMAT,
            "argmap_version": amap.argmap_version,
            # only http(s) URLs leave argmap (OVA shows them as links)
            "documents": [{**d.model_dump(mode="json"), "url": web_url(d.url)} for d in amap.documents],
            "actors": [{"participantID": participant.get(a.id), **a.model_dump(mode="json")} for a in amap.actors],
            "claims": block_claims,
            "links": block_links,
        },
    }


def dumps_aif(amap: ArgumentMap) -> str:
    """`to_aif` as JSON text (UTF-8, two-space indent, trailing newline)."""
    return json.dumps(to_aif(amap), ensure_ascii=False, indent=2) + "\n"


# -- import ----------------------------------------------------------------------------------------
@dataclass
class AifImport:
    """What `from_aif` read: the map, and notes on what it skipped or had to make up."""

    map: ArgumentMap
    notes: list[str] = field(default_factory=list)


def is_aif(data: object) -> bool:
    """True for an xAIF object (`{"AIF": ...}`) or a bare AIFdb nodeset with typed nodes."""
    if not isinstance(data, dict):
        return False
    if isinstance(data.get("AIF"), dict):
        return True
    nodes = data.get("nodes")
    return isinstance(nodes, list) and bool(nodes) and all(isinstance(n, dict) and "type" in n for n in nodes)


def _slug(text: str) -> str:
    from ..extract.actors import slugify

    return slugify(text)


def _html_to_text(markup: str) -> str:
    """OVA's source text (HTML with highlight spans) as plain text: `<br>` and block ends become newlines."""
    import lxml.html

    markup = re.sub(r"(?i)<br\s*/?>", "\n", markup)
    markup = re.sub(r"(?i)</(p|div|li|h[1-6])>", "\n", markup)
    try:
        tree = lxml.html.fromstring(f"<div>{markup}</div>")
    except (ValueError, lxml.etree.ParserError):
        return ""
    for bad in tree.xpath("//script|//style|//template"):
        bad.drop_tree()
    return re.sub(r"\n{3,}", "\n\n", tree.text_content()).strip()


def _json_type(value: object) -> str:
    """How JSON names the type of a parsed value (messages)."""
    if isinstance(value, bool):
        return "boolean"
    return {dict: "object", list: "list", str: "string", int: "number", float: "number"}.get(type(value), "null")


def _scalar(value: object) -> bool:
    """A JSON string or number (ids and texts OVA writes either way), not a list, object, boolean or null."""
    return isinstance(value, (str, int, float)) and not isinstance(value, bool)


def _list(aif: dict, key: str) -> list:
    """`AIF[key]`, a list (or nothing)."""
    value = aif.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise InputError(f"not an AIF file (AIF.{key} must be a list, not a {_json_type(value)})")
    return value


def _records(block: dict, key: str) -> list[dict]:
    """Copies of the records in `block[key]`, a list of objects (or nothing)."""
    value = block.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise InputError(f"argmap block: {key} must be a list, not a {_json_type(value)}")
    for i, item in enumerate(value, start=1):
        if not isinstance(item, dict):
            raise InputError(f"argmap block: {key} #{i} must be an object, not a {_json_type(item)}")
    return [dict(item) for item in value]


def _validated(model, data: dict, what: str):
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(x) for x in first["loc"])
        raise InputError(f"argmap block: bad {what} ({where}: {first['msg']})") from None


def from_aif(data: object, *, name: str = "aif") -> AifImport:
    """Read an AIF / xAIF object (OVA3, AIFdb, or argmap's own export) into an ArgumentMap.

    Claims come from I-nodes, their actors from the L-node that asserts them (participant of its
    locution, else the "Speaker:" prefix of its text), links from RA (supports), CA (contradicts)
    and MA (restates) nodes. Where argmap's block describes a node, its record is used (ids,
    offsets, cues, statuses); an I-node whose text was edited keeps its record with the new text
    and status `edited`. Claims without a record are located in the block's documents or in OVA's
    source text; those that cannot be found get offsets in one synthetic document holding their
    texts (format "aif", path "aif:NAME"). Claims and links an analyst made in AIF are `accepted`.

    Args:
        data: the parsed JSON.
        name: the file name, for the synthetic document's path and for reasons.

    Raises:
        InputError: not an AIF object, or a malformed node, edge or argmap block.
    """
    if not is_aif(data):
        raise InputError('not an AIF file (expected {"AIF": {"nodes": [...], "edges": [...]}} or an AIFdb nodeset)')
    aif = data.get("AIF", data)
    raw_nodes, raw_edges = aif.get("nodes"), aif.get("edges", [])
    if not isinstance(raw_nodes, list) or not isinstance(raw_edges, list):
        raise InputError("not an AIF file (AIF.nodes and AIF.edges must be lists)")
    nodes: dict[str, dict] = {}
    for i, n in enumerate(raw_nodes):
        if not isinstance(n, dict) or not _scalar(n.get("nodeID")) or not isinstance(n.get("type"), str):
            raise InputError(f"AIF node #{i + 1} needs a nodeID and a type")
        if n.get("text") is not None and not _scalar(n["text"]):
            raise InputError(f"AIF node #{i + 1}: its text must be a string, not a {_json_type(n['text'])}")
        nodes[str(n["nodeID"])] = {**n, "text": str(n.get("text") or "")}
    out_edges: dict[str, list[str]] = defaultdict(list)
    in_edges: dict[str, list[str]] = defaultdict(list)
    for i, e in enumerate(raw_edges):
        if not isinstance(e, dict) or not _scalar(e.get("fromID")) or not _scalar(e.get("toID")):
            raise InputError(f"AIF edge #{i + 1} needs fromID and toID")
        src, dst = str(e["fromID"]), str(e["toID"])
        if src in nodes and dst in nodes:
            out_edges[src].append(dst)
            in_edges[dst].append(src)
    notes: list[str] = []

    # argmap's block, when present (records keyed by the node they describe)
    block = data.get("argmap")
    if block is None:
        block = {}
    elif not isinstance(block, dict):
        raise InputError(f"the argmap block must be an object (argmap's records), not a {_json_type(block)}")
    if not isinstance(block.get("argmap_version") or "", str):
        raise InputError("argmap block: argmap_version must be a string")
    documents = {d.id: d for d in (_validated(Document, d, "document") for d in _records(block, "documents"))}
    actors: dict[str, Actor] = {}
    actor_of_participant: dict[str, str] = {}
    for item in _records(block, "actors"):
        pid = item.pop("participantID", None)
        actor = _validated(Actor, item, "actor")
        actors[actor.id] = actor
        if pid is not None:
            actor_of_participant[str(pid)] = actor.id
    claim_records: dict[str, Claim] = {}
    for item in _records(block, "claims"):
        nid = item.pop("nodeID", None)
        item.pop("locutionID", None)
        claim = _validated(Claim, item, "claim")
        if nid is not None:
            claim_records[str(nid)] = claim
    link_records: dict[str, Link] = {}
    for item in _records(block, "links"):
        nid = item.pop("nodeID", None)
        link = _validated(Link, item, "link")
        if nid is not None:
            link_records[str(nid)] = link

    # participants -> actors (names only in plain AIF)
    for p in _list(aif, "participants"):
        if not isinstance(p, dict) or "participantID" not in p:
            continue
        pid = str(p["participantID"])
        if pid in actor_of_participant:
            continue
        full = " ".join(str(p.get(k) or "").strip() for k in ("firstname", "surname")).strip()
        if full:
            actor_of_participant[pid] = _actor_named(full, actors)
    speaker_of_locution = {
        str(loc["nodeID"]): actor_of_participant.get(str(loc.get("personID")))
        for loc in _list(aif, "locutions")
        if isinstance(loc, dict) and "nodeID" in loc
    }

    # source texts to find unrecorded claims in: the block's documents, then OVA's text panel
    haystacks = list(documents.values())
    if isinstance(data.get("text"), str) and data["text"].strip():
        text = _html_to_text(data["text"])
        if text:
            haystacks.append(_plain_document(text + "\n", path=f"aif:{name}#text", title=f"{name} (source text)"))
    used: dict[str, Document] = {}
    placed: set[tuple[str, int, int]] = set()

    claims: dict[str, Claim] = {}  # by I-node id
    unplaced: list[tuple[str, str, str | None]] = []  # (I-node id, text, actor)
    for nid, n in nodes.items():
        if n["type"] != "I":
            continue
        record = claim_records.get(nid)
        text = n["text"].strip()
        if record is not None and record.document in documents:
            if text and text != record.text.strip():  # the I-node text is read stripped: so is the claim's
                record = record.model_copy(update={"text": text, "status": Status.edited})
                record = Claim.model_validate(dict(record))
            claims[nid] = record
            used[record.document] = documents[record.document]
            continue
        # only a claim without its argmap record needs a speaker from the locution ("Speaker: text");
        # asked for every claim, an agentless claim whose text has ": " would make up an actor
        speaker, lnode_text = _speaker(nid, nodes, in_edges, speaker_of_locution, actors)
        if not text:
            notes.append(f"I-node {nid} has no text; skipped")
            continue
        body = lnode_text.split(": ", 1)[1] if lnode_text and ": " in lnode_text else lnode_text
        found = _locate([text, body], haystacks, placed)
        if found is None:
            unplaced.append((nid, text, speaker))
            continue
        doc, start, end = found
        used[doc.id] = doc
        reason = f"AIF I-node {nid} of {name}, located in the text"
        if doc.text[start:end] != text:  # found through its L-node: the claim is what was said, as written
            reason += f"; its proposition: {text}"
        claims[nid] = _new_claim(doc, start, end, doc.text[start:end], speaker, reason)

    if unplaced:
        synthetic_text = "".join(t + "\n\n" for _nid, t, _a in unplaced)
        doc = _plain_document(synthetic_text.rstrip("\n") + "\n", path=f"aif:{name}", title=f"{name} (AIF propositions)")
        used[doc.id] = doc
        pos = 0
        for nid, text, speaker in unplaced:
            claims[nid] = _new_claim(doc, pos, pos + len(text), text, speaker,
                                     f"AIF I-node {nid} of {name}; its text was not found in a source document")
            pos += len(text) + 2
        notes.append(f"{len(unplaced)} I-node texts were not found in a source text; they are claims of the synthetic document aif:{name}")

    links: dict[str, Link] = {}
    for nid, n in nodes.items():
        relation = NODE_RELATIONS.get(n["type"])
        if relation is None:
            continue
        sources = [s for s in in_edges[nid] if s in claims]
        targets = [t for t in out_edges[nid] if t in claims]
        if not sources or not targets:
            if any(nodes[t]["type"] in NODE_RELATIONS for t in out_edges[nid]):
                notes.append(f"{n['type']}-node {nid} attacks or supports an inference (undercut); argmap links claims only, skipped")
            else:
                notes.append(f"{n['type']}-node {nid} does not join two I-nodes; skipped")
            continue
        record = link_records.get(nid)
        for s in sources:
            for t in targets:
                src, dst = claims[s].id, claims[t].id
                if src == dst:
                    continue
                if record is not None and (record.source, record.target, record.relation) == (src, dst, relation):
                    link = record
                else:
                    link = Link(
                        id=Link.make_id(src, dst, relation), source=src, target=dst, relation=relation, confidence=1.0,
                        reason=f"{n['type']}-node {nid} ({n['text'] or relation.value}) in {name}", method="aif",
                        status=Status.accepted,
                    )
                links[link.id] = link
    skipped = sorted({n["type"] for n in nodes.values() if n["type"] not in ("I", "L", "YA", "TA", *NODE_RELATIONS)})
    if skipped:
        notes.append(f"node types argmap has no record for were skipped: {', '.join(skipped)}")

    for c in claims.values():
        if c.actor and c.actor not in actors:
            actors[c.actor] = Actor(id=c.actor, name=c.actor)
    amap = ArgumentMap(
        argmap_version=str(block.get("argmap_version") or MODEL_VERSION),
        documents=list(used.values()) if not block else list({**documents, **used}.values()),
        actors=list(actors.values()),
        claims=_unique(claims.values()),
        links=list(links.values()),
    )
    return AifImport(amap.sorted(), notes)


def _unique(claims) -> list[Claim]:
    out: dict[str, Claim] = {}
    for c in claims:
        out.setdefault(c.id, c)
    return list(out.values())


def _actor_named(name: str, actors: dict[str, Actor]) -> str:
    """The id of the actor called `name` (by name, alias or slug), adding a new one when there is none."""
    low = name.casefold()
    for a in actors.values():
        if a.name.casefold() == low or low in (x.casefold() for x in a.aliases) or a.id == _slug(name):
            return a.id
    actor = Actor(id=_slug(name), name=name)
    actors[actor.id] = actor
    return actor.id


def _speaker(inode: str, nodes: dict, in_edges: dict, speaker_of_locution: dict, actors: dict) -> tuple[str | None, str]:
    """(actor id, L-node text) of the locution that asserts I-node `inode`, via L -> YA -> I."""
    for ya in in_edges[inode]:
        if nodes[ya]["type"] != "YA":
            continue
        for lid in in_edges[ya]:
            if nodes[lid]["type"] != "L":
                continue
            text = nodes[lid]["text"]
            actor = speaker_of_locution.get(lid)
            if actor is None and ": " in text:
                prefix = text.split(": ", 1)[0].strip()
                # "Speaker: text" (AIF convention); a prefix as long as a sentence is no speaker
                if prefix and len(prefix) <= 80 and not prefix.endswith((".", "!", "?")):
                    actor = _actor_named(prefix, actors)
            return actor, text
    return None, ""


def _plain_document(text: str, *, path: str, title: str) -> Document:
    import hashlib

    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Document(id=Document.make_id(digest), title=title, path=path, sha256=digest, text=text, format="aif")


def _locate(texts: list[str | None], docs: list[Document], placed: set) -> tuple[Document, int, int] | None:
    """The first not yet used occurrence of one of `texts` (tried in order) in `docs`."""
    for text in texts:
        if not text or not text.strip():
            continue
        needle = text.strip()
        for doc in docs:
            start = doc.text.find(needle)
            while start != -1:
                key = (doc.id, start, start + len(needle))
                if key not in placed:
                    placed.add(key)
                    return doc, start, start + len(needle)
                start = doc.text.find(needle, start + 1)
    return None


def _new_claim(doc: Document, start: int, end: int, text: str, actor: str | None, reason: str) -> Claim:
    spans = ClaimSpans(content=[(start, end)])
    return Claim(
        id=Claim.make_id(doc.id, spans), document=doc.id, actor=actor, text=text, spans=spans,
        confidence=1.0, status=Status.accepted, rule="aif-import", note=reason,
    )


def loads_aif(text: str | bytes, *, name: str = "aif") -> AifImport:
    """`from_aif` on JSON text, with the checks of every import (formats/checks.py).

    Raises:
        InputError: not JSON, not AIF, or a record that fails a check.
    """
    from .checks import check_map, load_json

    data = load_json(text.encode("utf-8") if isinstance(text, str) else text, what="not an AIF file")
    result = from_aif(data, name=name)
    amap, notes = check_map(result.map)
    return AifImport(amap, [*result.notes, *notes])


__all__ = ["AifImport", "dumps_aif", "from_aif", "is_aif", "loads_aif", "to_aif"]
