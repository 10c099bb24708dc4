"""What the review app shows and how a reviewer's edit becomes a record: pure functions, no I/O.

The handlers (handlers.py) fetch records from the store and call these to build JSON payloads
(a claim with its highlighted document context, a link with both claims, a history row with its
field changes) and to turn request bodies into new or changed Claim / Link / Actor records, which
are validated here so that a bad request names the offending field. Text is never turned into
markup here: the browser puts every piece into the page with textContent.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence

from pydantic import ValidationError

from argmap.extract.actors import slugify
from argmap.model import Actor, ActorKind, Claim, ClaimSpans, Document, Link, Relation, SpeechAct, Status

#: Characters of context shown on each side of a claim's sentence (cut at a space).
CONTEXT_CHARS = 320
#: What "flip" turns a relation into.
FLIPPED = {Relation.supports: Relation.contradicts, Relation.contradicts: Relation.supports,
           Relation.restates: Relation.contradicts}
_TRIM = " \t\r\n,;:–—-"


class BadRequest(ValueError):
    """The request body is malformed or asks for something invalid; the message names the field."""


class Conflict(ValueError):
    """The request would create a record that already exists."""


# ---------------------------------------------------------------------------------------------
# Payloads


def document_meta(doc: Document) -> dict:
    return {"id": doc.id, "title": doc.title, "path": doc.path, "publisher": doc.publisher,
            "published": doc.published.isoformat() if doc.published else None, "url": doc.url}


def shown_document(doc: Document) -> dict:
    """`document_meta` and the document's language, for the views that show its text (a claim is shown
    in its document's language: the page sets `lang` on it)."""
    return {**document_meta(doc), "language": doc.language}


def segments(text: str, start: int, end: int, marks: Iterable[tuple[int, int, str]]) -> list[dict]:
    """Cut `text[start:end]` at every mark boundary; each piece lists the roles of the marks covering it.

    Args:
        text: The document text.
        start: First character shown.
        end: End of the shown range (exclusive).
        marks: (start, end, role) triples, e.g. (382, 513, "content"); clipped to the range.

    Returns:
        [{"start", "end", "text", "roles"}] covering the range without gaps, in order.
    """
    marks = [(max(s, start), min(e, end), role) for s, e, role in marks if e > start and s < end]
    cuts = sorted({start, end, *(s for s, _, _ in marks), *(e for _, e, _ in marks)})
    out = []
    for a, b in itertools.pairwise(cuts):
        roles = sorted({role for s, e, role in marks if s <= a and b <= e})
        out.append({"start": a, "end": b, "text": text[a:b], "roles": roles})
    return out


def context_range(text: str, claim: Claim) -> tuple[int, int]:
    """The part of the document shown with a claim: its sentence and spans, widened to the paragraph (capped)."""
    offsets = [*claim.spans.content, *claim.spans.cue, *claim.spans.source]
    if claim.sentence:
        offsets.append(claim.sentence)
    lo = min(s for s, _ in offsets)
    hi = max(e for _, e in offsets)
    para_lo = text.rfind("\n", 0, lo) + 1
    para_hi = text.find("\n", hi)
    para_hi = len(text) if para_hi < 0 else para_hi
    if lo - para_lo > CONTEXT_CHARS:
        cut = text.find(" ", lo - CONTEXT_CHARS, lo)
        para_lo = cut + 1 if cut >= 0 else lo - CONTEXT_CHARS
    if para_hi - hi > CONTEXT_CHARS:
        cut = text.rfind(" ", hi, hi + CONTEXT_CHARS)
        para_hi = cut if cut >= 0 else hi + CONTEXT_CHARS
    return para_lo, para_hi


def claim_marks(claim: Claim, text: str | None = None) -> list[tuple[int, int, str]]:
    """(start, end, role) of the claim's spans; with `text`, white space at both ends of a span is
    left out of its highlight (#21: a source span stored from the paragraph break before the name,
    "\n\nNational security adviser ...", would paint the blank line)."""
    marks = [(s, e, role) for role in ("source", "cue", "content") for s, e in getattr(claim.spans, role)]
    if text is None:
        return marks
    out = []
    for s, e, role in marks:
        a, b = s, min(e, len(text))
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        out.append((a, b, role) if a < b else (s, e, role))
    return out


def context_start(text: str, lo: int) -> int:
    """Where a shown context starts: never inside the white space before its first words."""
    while lo < len(text) and text[lo].isspace():
        lo += 1
    return lo


def claim_payload(claim: Claim, doc: Document, actor_names: dict[str, str]) -> dict:
    """A claim with its document, actor names and the highlighted context."""
    lo, hi = context_range(doc.text, claim)
    lo = min(context_start(doc.text, lo), min(s for s, _, _ in claim_marks(claim, doc.text)))
    return {
        "claim": claim.model_dump(mode="json"),
        "actor_name": actor_names.get(claim.actor) if claim.actor else None,
        "target_name": actor_names.get(claim.target) if claim.target else None,
        "document": shown_document(doc),
        "context": {"start": lo, "end": hi, "segments": segments(doc.text, lo, hi, claim_marks(claim, doc.text))},
    }


def link_payload(link: Link, ends: dict[str, dict]) -> dict:
    """A link with the payloads of its two claims (`ends` maps claim id -> claim_payload)."""
    return {"link": link.model_dump(mode="json"), "source": ends.get(link.source), "target": ends.get(link.target)}


def document_payload(doc: Document, claims: Sequence[Claim]) -> dict:
    """The whole document cut into pieces, each marked with the claims whose content covers it."""
    marks = [(s, e, c.id) for c in claims for s, e in c.spans.content]
    segs = segments(doc.text, 0, len(doc.text), marks)
    for seg in segs:
        seg["claims"], seg["roles"] = seg["roles"], (["claim"] if seg["roles"] else [])
    return {
        "document": shown_document(doc),
        "segments": segs,
        "claims": [{"id": c.id, "status": c.status.value, "text": c.text, "actor": c.actor,
                    "start": c.spans.content[0][0]} for c in claims],
    }


def _brief(value) -> str | None:
    if value is None:
        return None
    text = value if isinstance(value, str) else _human(value)
    return text if len(text) <= 160 else text[:159] + "…"


def _human(value) -> str:
    """A stored value as a reviewer reads it, not as JSON (#21): offsets '120–245', spans
    'content 120–245 · cue 100–105', lists joined by commas, true/false as yes/no."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float, str)):
        return str(value)
    if isinstance(value, list):
        if len(value) == 2 and all(isinstance(x, int) and not isinstance(x, bool) for x in value):
            return f"{value[0]}–{value[1]}"
        return ", ".join(_human(x) for x in value) if value else "none"
    if isinstance(value, dict):
        return " · ".join(f"{k} {_human(v)}" for k, v in value.items() if v not in (None, [], {}, "")) or "none"
    return json.dumps(value, ensure_ascii=False)


def history_row(row: dict) -> dict:
    """A history row for display: the fields that changed, before and after (values shortened)."""
    before = json.loads(row["before"]) if row.get("before") else None
    after = json.loads(row["after"]) if row.get("after") and row["after"].startswith("{") else None
    changes = []
    if isinstance(before, dict) and isinstance(after, dict):  # new or removed records: the label says it
        b, a = before, after
        for key in sorted(set(b) | set(a)):
            if b.get(key) != a.get(key):
                changes.append({"field": key, "before": _brief(b.get(key)), "after": _brief(a.get(key))})
    elif row.get("after") and after is None:  # e.g. an actor merge stores the target id as plain text
        changes.append({"field": "into", "before": None, "after": _brief(row["after"])})
    latest = after if isinstance(after, dict) else before if isinstance(before, dict) else {}
    label = {"claim": latest.get("text"), "actor": latest.get("name"),
             "link": f"{latest.get('source')} {latest.get('relation')} {latest.get('target')}" if latest else None}
    return {
        "seq": row["seq"], "record": row["record"], "label": _brief(label.get(row["record"])), "record_id": row["record_id"], "reviewer": row["reviewer"],
        "at": row["at"], "action": row["action"], "batch": row.get("batch"), "undone_by": row.get("undone_by"),
        "created": before is None and after is not None, "deleted": after is None and before is not None,
        "changes": changes,
    }


# ---------------------------------------------------------------------------------------------
# Request bodies: the JSON type of every field, checked before a handler reads one


def _whole(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


#: The JSON types a body field can take (`check_body`): name -> (how a message says it, test).
FIELD_TYPES: dict[str, tuple[str, Callable[[object], bool]]] = {
    "string": ("a string", lambda v: isinstance(v, str)),
    "null": ("null", lambda v: v is None),
    "boolean": ("true or false", lambda v: isinstance(v, bool)),
    "offset": ("a character offset (a whole number)", _whole),
    "version": ("the version you saw (a whole number)", _whole),
    "spans": ("a list of [start, end] character offsets",
              lambda v: isinstance(v, list)
              and all(isinstance(p, list) and len(p) == 2 and all(map(_whole, p)) for p in v)),
    "ids": ("a list of ids", lambda v: isinstance(v, list) and all(isinstance(x, str) for x in v)),
    "versions": ("{id: the version you saw}", lambda v: isinstance(v, dict) and all(map(_whole, v.values()))),
    "object": ("an object", lambda v: isinstance(v, dict)),
    "count": ("how many you were shown (a whole number)", _whole),
    "filter": ("a string, a number or null", lambda v: v is None or isinstance(v, str)
               or (isinstance(v, (int, float)) and not isinstance(v, bool))),
}
#: A body's fields: name -> "|"-separated FIELD_TYPES names, or the fields of an object (which may be null).
Fields = Mapping[str, "str | Fields"]


def check_body(body: dict, fields: Fields, *, required: Iterable[str] = (), prefix: str = "") -> dict:
    """Refuse a request body with a field not in `fields` or a value of another JSON type than its
    field takes, naming the field: the one type check of every POST body, before a handler reads it.

    Args:
        body: The decoded JSON object.
        fields: Field -> the types it takes, e.g. {"target": "string|null", "content": "spans|null",
            "new_actor": {"name": "string", "kind": "string|null"}}.
        required: Fields that must be there.
        prefix: Put before the field names in messages (e.g. "new_actor.").

    Returns:
        `body`, unchanged.

    Raises:
        BadRequest: e.g. "target: must be a string or null", "unknown field(s): colour".
    """
    unknown = sorted(set(body) - set(fields))
    if unknown:
        raise BadRequest(f"unknown field(s): {', '.join(_brief(prefix + k) for k in unknown[:5])}")
    for key, kinds in fields.items():
        name = prefix + key
        if key not in body:
            if key in required:
                raise BadRequest(f"{name}: required")
            continue
        value = body[key]
        if isinstance(kinds, Mapping):
            if value is None and key not in required:
                continue
            if not isinstance(value, dict):
                raise BadRequest(f"{name}: must be an object with {', '.join(kinds)}")
            inner = [k.removeprefix(key + ".") for k in required if k.startswith(key + ".")]
            check_body(value, kinds, required=inner, prefix=name + ".")
            continue
        options = kinds.split("|")
        if not any(FIELD_TYPES[k][1](value) for k in options):
            raise BadRequest(f"{name}: must be {' or '.join(FIELD_TYPES[k][0] for k in options)}")
    return body


#: The filters of a batch body (`"filters"`): the queue's query parameters, by name.
CLAIM_FILTERS = {k: "filter" for k in ("sort", "status", "document", "actor", "q", "rule", "min_confidence",
                                       "max_confidence")}
LINK_FILTERS = {k: "filter" for k in ("sort", "status", "relation", "document", "actor", "method", "q",
                                      "min_confidence", "max_confidence")}


def check_filters(filters: dict, fields: Fields) -> dict:
    """A batch's filters, each a string, a number or null (named "filters.<name>" in errors)."""
    return check_body(filters, fields, prefix="filters.")


# ---------------------------------------------------------------------------------------------
# Request bodies -> records


def _validated(model, data: dict, what: str):
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(x) for x in first["loc"]) or what
        raise BadRequest(f"{what}: {where}: {first['msg']}") from None


def _spans(body: dict, key: str, doc: Document, *, required: bool = False) -> list[tuple[int, int]] | None:
    if key not in body or body[key] is None:
        if required:
            raise BadRequest(f"{key}: give a list of [start, end] character offsets")
        return None
    out = []
    for s, e in body[key]:  # a list of [start, end] pairs (check_body)
        if not 0 <= s < e <= len(doc.text):
            raise BadRequest(f"{key}: [{s}, {e}] is not a non-empty range inside the document (0..{len(doc.text)})")
        s, e = _trim(doc.text, s, e)
        out.append((s, e))
    if required and not out:
        raise BadRequest(f"{key}: select at least one piece of text")
    return sorted(out)


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    """Drop white space and separating punctuation at both ends of a selection, and a final full stop.

    At least one character is kept. Selections in a browser rarely hit word boundaries exactly.
    """
    while e - s > 1 and text[s] in _TRIM:
        s += 1
    while e - s > 1 and text[e - 1] in _TRIM + ".":  # a sentence's full stop is not part of what is said
        e -= 1
    return s, e


def span_text(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """The text of `spans`, fragments joined by ' … ' (as the extractor writes claim texts)."""
    return " … ".join(" ".join(text[s:e].split()) for s, e in spans)


def text_field(body: dict, key: str, *, max_len: int = 5000) -> str | None:
    """The string at `key` of a request body, stripped; None when absent. Raises BadRequest otherwise."""
    value = body.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise BadRequest(f"{key}: must be a string")
    value = value.strip()
    if len(value) > max_len:
        raise BadRequest(f"{key}: at most {max_len} characters")
    return value


def _enum(body: dict, key: str, enum):
    value = body.get(key)
    if value is None:
        return None
    try:
        return enum(value)
    except ValueError:
        raise BadRequest(f"{key}: {value!r} is not one of {', '.join(e.value for e in enum)}") from None


#: The bodies read here (the handlers check them with `check_body` first).
NEW_ACTOR_FIELDS = {"name": "string", "kind": "string|null"}
EDIT_FIELDS = {"actor": "string|null", "new_actor": NEW_ACTOR_FIELDS, "kind": "string|null", "text": "string|null",
               "content": "spans|null", "cue": "spans|null", "source": "spans|null", "target": "string|null",
               "hedged": "boolean", "note": "string|null"}
ADD_FIELDS = {"document": "string", "actor": "string|null", "new_actor": NEW_ACTOR_FIELDS, "kind": "string|null",
              "text": "string|null", "content": "spans", "cue": "spans|null", "source": "spans|null",
              "note": "string|null"}
ADD_REQUIRED = ("document", "content", "new_actor.name")
LINK_FIELDS = {"source": "string", "target": "string", "relation": "string", "reason": "string|null"}
LINK_REQUIRED = ("source", "target", "relation")


def new_actor(body: dict, actors: dict[str, Actor]) -> Actor | None:
    """The actor a body asks to create ({"new_actor": {"name", "kind"}}), or an existing one of that name."""
    spec = body.get("new_actor")
    if spec is None:
        return None
    name = text_field(spec, "name", max_len=200)
    if not name:
        raise BadRequest("new_actor.name: must not be empty")
    kind = _enum(spec, "kind", ActorKind) or ActorKind.unknown
    for a in actors.values():
        if a.name.casefold() == name.casefold():
            return a
    base = slugify(name)
    ident, n = base, 2
    while ident in actors:
        ident, n = f"{base}-{n}", n + 1
    return _validated(Actor, {"id": ident, "name": name, "aliases": [name], "kind": kind}, "new_actor")


def _actor_choice(body: dict, actors: dict[str, Actor], created: Actor | None) -> tuple[bool, str | None]:
    """(given?, actor id) from "actor" (an id or null) or a newly created actor."""
    if created is not None:
        return True, created.id
    if "actor" not in body:
        return False, None
    value = body["actor"]
    if value is None or value == "":
        return True, None
    if not isinstance(value, str) or value not in actors:
        raise BadRequest(f"actor: no actor with id {value!r}; pick one from /api/actors or give new_actor")
    return True, value


def edit_claim(claim: Claim, doc: Document, body: dict, actors: dict[str, Actor], reviewer: str) -> tuple[Claim, Actor | None]:
    """Apply an edit body to `claim`; it keeps its id (re-extraction then leaves it alone) and becomes `edited`.

    Body keys (all optional; their JSON types checked by `check_body` against EDIT_FIELDS): actor |
    new_actor, kind, text, content, cue, source (lists of [start, end]), target, hedged, note.
    Changed spans refresh the text that goes with them unless that text is given too.

    Returns:
        (the edited claim, a new actor to store or None)

    Raises:
        BadRequest: a key has a wrong value (the message names it).
    """
    data = claim.model_dump()
    created = new_actor(body, actors)
    known = dict(actors) | ({created.id: created} if created else {})
    given, actor = _actor_choice(body, known, created)
    if given:
        data["actor"] = actor
    if body.get("kind") is not None:
        data["kind"] = _enum(body, "kind", SpeechAct)
    spans = dict(data["spans"])
    for key in ("content", "cue", "source"):
        value = _spans(body, key, doc, required=key == "content" and "content" in body)
        if value is not None:
            spans[key] = value
    data["spans"] = spans
    if "content" in body:
        data["text"] = span_text(doc.text, spans["content"])
    if "cue" in body:
        data["cue"] = span_text(doc.text, spans["cue"])
    if "source" in body:
        data["source_text"] = span_text(doc.text, spans["source"]) or None
    text = text_field(body, "text")
    if text is not None:
        if not text:
            raise BadRequest("text: must not be empty")
        data["text"] = text
    if "target" in body:
        target = body["target"]
        if target not in (None, "") and target not in known:
            raise BadRequest(f"target: no actor with id {target!r}")
        data["target"] = target or None
    if "hedged" in body:
        data["hedged"] = body["hedged"]
    if "note" in body:
        data["note"] = text_field(body, "note") or None
    data.update(status=Status.edited, reviewer=reviewer)
    return _validated(Claim, data, "claim"), created


def decide_claim(claim: Claim, action: str, reviewer: str, note: str | None = None) -> Claim:
    status = {"accept": Status.accepted, "reject": Status.rejected}.get(action)
    if status is None:
        raise BadRequest(f"action: {action!r} is not accept or reject")
    update = {"status": status, "reviewer": reviewer}
    if note is not None:
        update["note"] = note or None
    return _validated(Claim, {**claim.model_dump(), **update}, "claim")


def add_claim(doc: Document, body: dict, actors: dict[str, Actor], reviewer: str) -> tuple[Claim, Actor | None]:
    """A claim the extractor missed, from offsets the reviewer selected (status accepted, rule 'review.added').

    The body's JSON types are checked by `check_body` against ADD_FIELDS.

    Raises:
        BadRequest: no content offsets, or a bad field.
    """
    content = _spans(body, "content", doc, required=True)
    cue = _spans(body, "cue", doc) or []
    source = _spans(body, "source", doc) or []
    spans = _validated(ClaimSpans, {"content": content, "cue": cue, "source": source}, "spans")
    created = new_actor(body, actors)
    known = dict(actors) | ({created.id: created} if created else {})
    _, actor = _actor_choice(body, known, created)
    starts = [s for s, _ in [*content, *cue, *source]]
    ends = [e for _, e in [*content, *cue, *source]]
    data = {
        "id": Claim.make_id(doc.id, spans),
        "document": doc.id,
        "actor": actor,
        "source_text": span_text(doc.text, source) or None,
        "cue": span_text(doc.text, cue),
        "kind": _enum(body, "kind", SpeechAct) or SpeechAct.assertion,
        "text": text_field(body, "text") or span_text(doc.text, content),
        "spans": spans,
        "sentence": _sentence(doc.text, min(starts), max(ends)),
        "confidence": 1.0,
        "status": Status.accepted,
        "rule": "review.added",
        "reviewer": reviewer,
        "note": text_field(body, "note") or None,
    }
    return _validated(Claim, data, "claim"), created


def _sentence(text: str, lo: int, hi: int) -> tuple[int, int]:
    """A rough sentence range around [lo, hi): back to the last '. ' or line start, on to the next stop."""
    starts = [m.end() for m in re.finditer(r"[.!?]\s+|\n", text[:lo])]
    s = starts[-1] if starts else 0
    m = re.search(r"[.!?](?=\s|$)|\n", text[hi:])
    e = hi + (m.end() if m else len(text) - hi)
    return (s, max(e, s + 1))


def _within_text(claim: Claim, doc: Document, action: str) -> None:
    """Refuse to `action` a claim whose offsets reach beyond its document's text (a bad import):
    the new claims would carry them on. An edit of its offsets mends it."""
    length = len(doc.text)
    for role in ("content", "cue", "source"):
        bad = next(([s, e] for s, e in getattr(claim.spans, role) if e > length), None)
        if bad is not None:
            raise Conflict(f"cannot {action} claim {claim.id}: its {role} offsets {bad} reach beyond its document's "
                           f"text ({length} characters); correct them with an edit first")


def split_claim(claim: Claim, doc: Document, at: int, reviewer: str) -> tuple[Claim, list[Claim]]:
    """Split `claim` at document offset `at` inside its content: two new claims, the original rejected.

    Returns:
        (the original, now rejected with a note; [first part, second part], status edited)

    Raises:
        BadRequest: `at` is not strictly inside one content fragment (with text on both sides).
        Conflict: the claim's offsets reach beyond the document's text.
    """
    _within_text(claim, doc, "split")
    content = [tuple(p) for p in claim.spans.content]
    for i, (s, e) in enumerate(content):
        if s < at < e:
            left, right = _trim(doc.text, s, at), _trim(doc.text, at, e)
            if doc.text[left[0]:left[1]].strip(_TRIM) and doc.text[right[0]:right[1]].strip(_TRIM):
                first, second = [*content[:i], left], [right, *content[i + 1 :]]
                break
    else:
        raise BadRequest(f"at: {at} is not inside the claim's content with text on both sides")
    parts = []
    for piece in (first, second):
        spans = _validated(ClaimSpans, {"content": piece, "cue": claim.spans.cue, "source": claim.spans.source}, "spans")
        data = {**claim.model_dump(), "id": Claim.make_id(doc.id, spans), "spans": spans,
                "text": span_text(doc.text, piece), "quotes": [q for q in claim.quotes if q in span_text(doc.text, piece)],
                "status": Status.edited, "reviewer": reviewer, "rule": "review.split", "note": f"split from {claim.id}"}
        parts.append(_validated(Claim, data, "claim"))
    original = _validated(Claim, {**claim.model_dump(), "status": Status.rejected, "reviewer": reviewer,
                                  "note": f"split into {parts[0].id}, {parts[1].id}"}, "claim")
    return original, parts


def merge_claims(claims: Sequence[Claim], doc: Document, reviewer: str) -> tuple[Claim, list[Claim]]:
    """Merge claims of one document into one (content fragments joined); the originals are rejected.

    The merged claim takes actor, cue, source and speech act from the first claim in the text.

    Raises:
        BadRequest: fewer than two claims, or claims of different documents.
        Conflict: a claim's offsets reach beyond the document's text.
    """
    if len(claims) < 2:
        raise BadRequest("ids: give at least two claim ids")
    if any(c.document != doc.id for c in claims):
        raise BadRequest("ids: only claims of the same document can be merged")
    for c in claims:
        _within_text(c, doc, "merge")
    ordered = sorted(claims, key=lambda c: (c.spans.content[0], c.id))
    first = ordered[0]
    content = _union([tuple(p) for c in ordered for p in c.spans.content])
    spans = _validated(ClaimSpans, {"content": content, "cue": first.spans.cue, "source": first.spans.source}, "spans")
    data = {**first.model_dump(), "id": Claim.make_id(doc.id, spans), "spans": spans,
            "text": span_text(doc.text, content), "quotes": list(dict.fromkeys(q for c in ordered for q in c.quotes)),
            "confidence": max(c.confidence for c in ordered), "status": Status.edited, "reviewer": reviewer,
            "rule": "review.merge", "note": "merged from " + ", ".join(c.id for c in ordered)}
    merged = _validated(Claim, data, "claim")
    originals = [
        _validated(Claim, {**c.model_dump(), "status": Status.rejected, "reviewer": reviewer,
                           "note": f"merged into {merged.id}"}, "claim")
        for c in ordered
    ]
    return merged, originals


def _union(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[list[int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return [(s, e) for s, e in out]


def decide_link(link: Link, action: str, reviewer: str, relation: str | None = None) -> list[Link]:
    """Accept or reject a link, flip its relation, or give it another one (`action` "relation" with
    `relation`): the old record is rejected and a new one, `edited`, has the new relation.

    The new link's reason says what the reviewer did; the linker's reason stays on the rejected
    proposal (it argued for the other relation: "opposing sides blame each other" is no reason
    for a `supports` link, #21).

    Returns:
        The records to write (for a new relation: the rejected proposal, then the new link).
    """
    if action in ("accept", "reject"):
        status = Status.accepted if action == "accept" else Status.rejected
        return [_validated(Link, {**link.model_dump(), "status": status, "reviewer": reviewer}, "link")]
    if action == "flip":
        new = FLIPPED[link.relation]
    elif action == "relation":
        new = _enum({"relation": relation}, "relation", Relation)
        if new is None:
            raise BadRequest("relation: give supports, contradicts or restates")
        if new == link.relation:  # the relation it has: choosing it is accepting it
            return decide_link(link, "accept", reviewer)
    else:
        raise BadRequest(f"action: {action!r} is not accept, reject, flip or relation")
    verb = "flipped" if action == "flip" else "changed"
    changed = _validated(Link, {**link.model_dump(), "id": Link.make_id(link.source, link.target, new),
                                "relation": new, "status": Status.edited, "reviewer": reviewer,
                                "method": "review.flip" if action == "flip" else "review.relation",
                                "reason": f"{verb} to {new.value} by {reviewer} (proposed as {link.relation.value}"
                                          f"{', ' + link.method if link.method else ''})"}, "link")
    old = _validated(Link, {**link.model_dump(), "status": Status.rejected, "reviewer": reviewer}, "link")
    return [old, changed]


def new_link(body: dict, reviewer: str) -> Link:
    """A reviewer-made link (status accepted, method 'review.manual'); the body's JSON types are
    checked by `check_body` against LINK_FIELDS."""
    for key in ("source", "target"):
        if not body[key]:
            raise BadRequest(f"{key}: give a claim id")
    relation = _enum(body, "relation", Relation)
    if relation is None:
        raise BadRequest("relation: give supports, contradicts or restates")
    return _validated(Link, {
        "id": Link.make_id(body["source"], body["target"], relation), "source": body["source"],
        "target": body["target"], "relation": relation, "confidence": 1.0,
        "reason": text_field(body, "reason", max_len=1000) or "made by a reviewer", "method": "review.manual",
        "status": Status.accepted, "reviewer": reviewer,
    }, "link")
