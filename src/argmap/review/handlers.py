"""The review app's endpoints: thin handlers that read the store, call views.py and write decisions.

Every decision goes through `Store.apply_review`, which records the reviewer, the time and the
previous value of each changed record; `POST /api/undo` takes the latest one back. GET requests
never write; POST requests carry the CSRF token (checked in app.py before a handler runs), and
each POST handler first checks its body's fields and their JSON types (`_body`, views.check_body):
an unknown field or a value of the wrong type is a 400 naming the field.

Optimistic concurrency: every claim and link payload has the record's `version`, and a decision
sends back the version the reviewer saw (`"version": n`; a merge sends `"versions": {id: n}`).
If the record changed since, the store refuses (StaleError) and the app answers 409 with
`"stale": true`. A request without a version is checked against the version this request read.
"""

from __future__ import annotations

import hashlib
from urllib.parse import quote

from argmap import __version__
from argmap.actor_graph import ActorGraph
from argmap.errors import ArgmapError, NotFoundError
from argmap.model import ActorKind, ArgumentMap, Claim, Link, Relation, SpeechAct, Status

from . import views
from .app import REVIEWER_SETTING, HTTPError, Request, Response, ReviewApp, json_response, route

ID = r"(?P<{}>[A-Za-z0-9][A-Za-z0-9._:-]{{0,199}})"
CLAIM_ID, LINK_ID, DOC_ID = ID.format("claim_id"), ID.format("link_id"), ID.format("doc_id")
ACTOR_ID = ID.format("actor_id")
STATUSES = [s.value for s in Status]
SORTS = ("confidence", "document")


# ---------------------------------------------------------------------------------------------
# helpers


def _reviewer(app: ReviewApp) -> str:
    name = app.reviewer
    if not name:
        raise HTTPError(409, "no reviewer name yet: POST /api/reviewer {\"name\": ...} first")
    return name


def _status_param(req: Request) -> str | None:
    value = req.query.get("status", "proposed") or "proposed"
    if value == "all":
        return None
    if value not in STATUSES:
        raise HTTPError(400, f"status: {value!r} is not one of {', '.join(STATUSES)}, all")
    return value


def _int_param(req: Request, name: str, default: int, lo: int, hi: int) -> int:
    raw = req.query.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        raise HTTPError(400, f"{name}: {raw!r} is not a whole number") from None
    if not lo <= value <= hi:
        raise HTTPError(400, f"{name}: must be between {lo} and {hi}")
    return value


def _actor_names(app: ReviewApp) -> dict[str, str]:
    return app.store.actor_names()


def _body(req: Request, fields: views.Fields, required: tuple[str, ...] = ()) -> dict:
    """The request's JSON object, every field of the JSON type `fields` gives it (views.check_body):
    the first thing each POST handler does, so no handler reads a field of the wrong type."""
    return views.check_body(req.json(), fields, required=required)


#: A decision on one stored record carries the version the reviewer saw (optional).
VERSION = {"version": "version|null"}


def _versioned(app: ReviewApp, req: Request, read, record_id: str, fields: views.Fields,
               required: tuple[str, ...] = ()):
    """(body, record, version the reviewer saw, reviewer) of a decision on one stored record;
    `read` is `store.claim_versioned` or `store.link_versioned`, `fields` the body's other fields.
    Without a version in the body, the decision applies to the version this request read."""
    body = _body(req, {**fields, **VERSION}, required)
    record, version = read(record_id)
    seen = body.get("version")
    return body, record, version if seen is None else seen, _reviewer(app)


def _with_batch(app: ReviewApp, payload: dict, batch, status: int = 200, **extra) -> Response:
    """`payload` plus the review batch and the progress counts, as the JSON response."""
    payload.update(batch=batch, progress=_progress(app), **extra)
    return json_response(payload, status)


def _claim_payload(app: ReviewApp, claim: Claim, names: dict[str, str] | None = None, *, links: bool = True) -> dict:
    names = names if names is not None else _actor_names(app)
    claim, version = app.store.claim_versioned(claim.id)  # the data and version shown belong together
    payload = views.claim_payload(claim, app.document(claim.document), names)
    payload["version"] = version
    if links:
        touching = app.store.links_touching([claim.id])
        others = app.store.claims_by_id({lk.target if lk.source == claim.id else lk.source for lk in touching})
        payload["links"] = []
        for lk in touching:
            out = lk.source == claim.id
            other = others.get(lk.target if out else lk.source)
            payload["links"].append({
                "id": lk.id, "relation": lk.relation.value, "status": lk.status.value, "direction": "out" if out else "in",
                "other": other.id if other else None, "other_text": other.text if other else None,
                "other_actor": names.get(other.actor) if other and other.actor else None,
            })
    return payload


def _progress(app: ReviewApp) -> dict:
    return app.store.review_progress()


def _body_str(body: dict, key: str) -> str:
    value = body.get(key)
    if not isinstance(value, str) or not value:
        raise views.BadRequest(f"{key}: required")
    return value


# ---------------------------------------------------------------------------------------------
# pages and static files


@route("GET", r"/")
def index(app: ReviewApp, req: Request) -> Response:
    from argmap.model import Rating

    return app.render("index.html", csrf_token=app.csrf_token, reviewer=app.reviewer or "", version=__version__,
                      db=app.db_path, ratings=[(r.value, r.value.replace("_", " ")) for r in Rating])


@route("GET", r"/claims/" + CLAIM_ID)
def claim_page(app: ReviewApp, req: Request, claim_id: str) -> Response:
    """Map nodes link here: open the app on that claim."""
    app.store.claim(claim_id)  # 404 for an unknown id
    return Response(b"", 303, headers=[("Location", "/?claim=" + quote(claim_id, safe=""))])


@route("GET", r"/favicon\.ico")
def favicon(app: ReviewApp, req: Request) -> Response:
    return Response(b"", 204)


@route("GET", r"/static/(?P<name>[A-Za-z0-9_.-]+)")
def static(app: ReviewApp, req: Request, name: str) -> Response:
    path = app.static.get(name)  # only files that were in static/ at start-up: no path tricks
    if path is None:
        raise HTTPError(404, f"no static file {name!r}")
    types = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8", ".svg": "image/svg+xml",
             ".png": "image/png", ".ico": "image/x-icon"}
    return Response(path.read_bytes(), 200, types.get(path.suffix, "application/octet-stream"),
                    [("Cache-Control", "no-cache")])


# ---------------------------------------------------------------------------------------------
# state, reviewer, actors, documents


@route("GET", r"/api/state")
def state(app: ReviewApp, req: Request) -> Response:
    store = app.store
    return json_response({
        "reviewer": app.reviewer,
        "progress": _progress(app),
        "documents": [views.document_meta(d) for d in store.documents()],
        "actors": _actor_rows(store.actors()),
        "kinds": [k.value for k in SpeechAct],
        "actor_kinds": [k.value for k in ActorKind],
        "statuses": STATUSES,
        "relations": [r.value for r in Relation],
        "sorts": list(SORTS),
        "version": __version__,
    })


@route("POST", r"/api/reviewer")
def set_reviewer(app: ReviewApp, req: Request) -> Response:
    name = views.text_field(_body(req, {"name": "string"}, ("name",)), "name", max_len=100)
    if not name:
        raise views.BadRequest("name: give your name (it is stored with every decision)")
    app.store.set_setting(REVIEWER_SETTING, name)
    app.reviewer_name = name
    return json_response({"reviewer": name})


def _actor_rows(actors) -> list[dict]:
    """Actors as the page shows them: the side declared on the actor or inherited from a parent
    (`side`, `side_from`), else the inferred one with its confidence and reason."""
    graph = ActorGraph(actors)
    rows = []
    for a in actors:
        row = {"id": a.id, "name": a.name, "kind": a.kind.value, "side": graph.declared_side(a.id),
               "side_from": next((x for x in graph.chain(a.id) if graph.by_id[x].side), None)}
        carrier = graph.inferred_side(a.id)
        if carrier is not None:
            row.update(inferred_side=carrier.inferred_side, inferred_side_confidence=carrier.inferred_side_confidence,
                       inferred_side_reason=carrier.inferred_side_reason)
        rows.append(row)
    return rows


@route("POST", r"/api/actors/" + ACTOR_ID + r"/side")
def set_actor_side(app: ReviewApp, req: Request, actor_id: str) -> Response:
    """Declare an actor's side ({"side": "rebels"}) or clear it ({"side": null}); links and the
    inferred sides of the others are worked out again."""
    from argmap import jobs

    side = _body(req, {"side": "string|null"}).get("side")
    reviewer = _reviewer(app)
    got = jobs.set_side(app.store, actor_id, side.strip() or None if side else None, reviewer=reviewer)
    return json_response({"actors": _actor_rows(app.store.actors()), "links_written": got.links_written if got else 0})


@route("GET", r"/api/actors")
def actors(app: ReviewApp, req: Request) -> Response:
    return json_response({"actors": app.store.actor_table()})


@route("GET", r"/api/documents/" + DOC_ID)
def document(app: ReviewApp, req: Request, doc_id: str) -> Response:
    doc = app.document(doc_id)
    claims = [c for c in app.store.claims(document=doc_id) if c.status != Status.rejected]
    payload = views.document_payload(doc, claims)
    versions = app.store.versions("claim", [c.id for c in claims])
    for item in payload["claims"]:
        item["version"] = versions.get(item["id"], 0)
    return json_response(payload)


# ---------------------------------------------------------------------------------------------
# claims


@route("GET", r"/api/claims/next")
def next_claim(app: ReviewApp, req: Request) -> Response:
    sort = req.query.get("sort") or "confidence"
    if sort not in SORTS:
        raise HTTPError(400, f"sort: {sort!r} is not one of {', '.join(SORTS)}")
    status = _status_param(req)
    document = req.query.get("document") or None
    actor = req.query.get("actor") or None
    if actor == "-":  # claims without actor
        actor = ""
    after = req.query.get("after") or None
    store = app.store
    kw = {"sort": sort, "status": status, "document": document, "actor": actor}
    items = store.claim_queue(after=after, **kw)
    wrapped = False
    if not items and after is not None:
        items = store.claim_queue(**kw)
        wrapped = bool(items)
    queue = {"remaining": store.claim_queue_count(status=status, document=document, actor=actor), "wrapped": wrapped}
    if not items:
        return json_response({"claim": None, "queue": queue, "progress": _progress(app)})
    payload = _claim_payload(app, items[0])
    payload.update(queue=queue, progress=_progress(app))
    return json_response(payload)


@route("GET", r"/api/claims/" + CLAIM_ID)
def get_claim(app: ReviewApp, req: Request, claim_id: str) -> Response:
    payload = _claim_payload(app, app.store.claim(claim_id))
    payload["progress"] = _progress(app)
    return json_response(payload)


# registered before the claim-id routes below, which would also match /api/claims/merge
@route("POST", r"/api/claims/merge")
def merge_claims(app: ReviewApp, req: Request) -> Response:
    body = _body(req, {"ids": "ids", "versions": "versions|null"}, ("ids",))
    ids = body["ids"]
    if len(set(ids)) < 2:
        raise views.BadRequest("ids: give a list of at least two different claim ids")
    reviewer = _reviewer(app)
    found = app.store.claims_by_id(ids)
    missing = [i for i in ids if i not in found]
    if missing:
        raise NotFoundError(f"no claim with id {missing[0]!r}")
    claims = [found[i] for i in dict.fromkeys(ids)]
    seen = body.get("versions") or {}
    expected = app.store.versions("claim", found)  # what this request read, unless the reviewer says
    expected.update({i: v for i, v in seen.items() if i in expected})
    merged, originals = views.merge_claims(claims, app.document(claims[0].document), reviewer)
    if app.store.claims_by_id([merged.id]):
        raise views.Conflict(f"the merged claim exists already: {merged.id}")
    expected[merged.id] = 0
    batch = app.store.apply_review(reviewer=reviewer, action="merge", claims=[*originals, merged], expected=expected)
    payload = _claim_payload(app, merged)
    return _with_batch(app, payload, batch, originals=[c.id for c in originals])


@route("POST", r"/api/claims/" + CLAIM_ID + r"/decide")
def decide_claim(app: ReviewApp, req: Request, claim_id: str) -> Response:
    body, claim, seen, reviewer = _versioned(app, req, app.store.claim_versioned, claim_id,
                                             {"action": "string", "note": "string|null"}, ("action",))
    action = body["action"]
    note = views.text_field(body, "note", max_len=2000)
    new = views.decide_claim(claim, action, reviewer, note)
    batch = app.store.apply_review(reviewer=reviewer, action=action, claims=[new],
                                   expected={claim_id: seen})
    now = app.store.versions("claim", [claim_id]).get(claim_id)
    return json_response({"claim": new.model_dump(mode="json"), "version": now, "batch": batch, "progress": _progress(app)})


@route("POST", r"/api/claims/" + CLAIM_ID)
def edit_claim(app: ReviewApp, req: Request, claim_id: str) -> Response:
    body, claim, seen, reviewer = _versioned(app, req, app.store.claim_versioned, claim_id, views.EDIT_FIELDS,
                                             ("new_actor.name",))
    actors = {a.id: a for a in app.store.actors()}
    fields = {k: v for k, v in body.items() if k != "version"}
    new, created = views.edit_claim(claim, app.document(claim.document), fields, actors, reviewer)
    batch = app.store.apply_review(reviewer=reviewer, action="edit", actors=[created] if created else [], claims=[new],
                                   expected={claim_id: seen})
    payload = _claim_payload(app, new)
    return _with_batch(app, payload, batch)


@route("POST", r"/api/claims/" + CLAIM_ID + r"/rate")
def rate_claim(app: ReviewApp, req: Request, claim_id: str) -> Response:
    """A fact-check verdict on the claim (ClaimReview export): {"rating": "mostly_false" | null, "note": "..."}."""
    import datetime as dt

    from argmap.model import Rating

    body, claim, seen, reviewer = _versioned(app, req, app.store.claim_versioned, claim_id,
                                             {"rating": "string|null", "note": "string|null"})
    rating = body.get("rating")
    note = views.text_field(body, "note", max_len=2000)
    if rating in (None, "", "none"):
        update = {"rating": None, "rating_note": None, "rated_on": None}
    elif isinstance(rating, str) and rating.replace("-", "_") in Rating.__members__:
        update = {"rating": Rating[rating.replace("-", "_")], "rating_note": note or None, "rated_on": dt.date.today()}
    else:
        raise views.BadRequest(f"rating: one of {', '.join(r.value for r in Rating)}, or null to remove it")
    new = claim.model_copy(update={**update, "reviewer": reviewer})
    batch = app.store.apply_review(reviewer=reviewer, action="rate", claims=[new],
                                   expected={claim_id: seen})
    payload = _claim_payload(app, new)
    return _with_batch(app, payload, batch)


@route("POST", r"/api/claims/" + CLAIM_ID + r"/split")
def split_claim(app: ReviewApp, req: Request, claim_id: str) -> Response:
    body, claim, seen, reviewer = _versioned(app, req, app.store.claim_versioned, claim_id, {"at": "offset"}, ("at",))
    original, parts = views.split_claim(claim, app.document(claim.document), body["at"], reviewer)
    existing = app.store.claims_by_id(p.id for p in parts)
    if existing:
        raise views.Conflict(f"a claim with these offsets exists already: {', '.join(existing)}")
    expected = {claim_id: seen, **{p.id: 0 for p in parts}}
    batch = app.store.apply_review(reviewer=reviewer, action="split", claims=[original, *parts], expected=expected)
    names = _actor_names(app)
    return json_response({"original": original.model_dump(mode="json"),
                          "claims": [_claim_payload(app, p, names, links=False) for p in parts],
                          "batch": batch, "progress": _progress(app)})


@route("POST", r"/api/claims")
def add_claim(app: ReviewApp, req: Request) -> Response:
    body = _body(req, views.ADD_FIELDS, views.ADD_REQUIRED)
    reviewer = _reviewer(app)
    doc = app.document(_body_str(body, "document"))
    actors = {a.id: a for a in app.store.actors()}
    claim, created = views.add_claim(doc, body, actors, reviewer)
    if app.store.claims_by_id([claim.id]):
        raise views.Conflict(f"a claim with these offsets exists already: {claim.id}")
    batch = app.store.apply_review(reviewer=reviewer, action="add", actors=[created] if created else [], claims=[claim],
                                   expected={claim.id: 0})
    payload = _claim_payload(app, claim)
    return _with_batch(app, payload, batch, 201)


# ---------------------------------------------------------------------------------------------
# links


def _link_payload(app: ReviewApp, link: Link) -> dict:
    names = _actor_names(app)
    link, version = app.store.link_versioned(link.id)
    ends = app.store.claims_by_id([link.source, link.target])
    payload = views.link_payload(link, {cid: _claim_payload(app, c, names, links=False) for cid, c in ends.items()})
    payload["version"] = version
    return payload


@route("GET", r"/api/links/next")
def next_link(app: ReviewApp, req: Request) -> Response:
    status = _status_param(req)
    relation = req.query.get("relation") or None
    if relation and relation not in {r.value for r in Relation}:
        raise HTTPError(400, f"relation: {relation!r} is not one of {', '.join(r.value for r in Relation)}")
    after = req.query.get("after") or None
    store = app.store
    items = store.link_queue(after=after, status=status, relation=relation)
    wrapped = False
    if not items and after is not None:
        items = store.link_queue(status=status, relation=relation)
        wrapped = bool(items)
    queue = {"remaining": store.link_queue_count(status=status, relation=relation), "wrapped": wrapped}
    if not items:
        return json_response({"link": None, "queue": queue, "progress": _progress(app)})
    payload = _link_payload(app, items[0])
    payload.update(queue=queue, progress=_progress(app))
    return json_response(payload)


@route("GET", r"/api/links/" + LINK_ID)
def get_link(app: ReviewApp, req: Request, link_id: str) -> Response:
    payload = _link_payload(app, app.store.link(link_id))
    payload["progress"] = _progress(app)
    return json_response(payload)


@route("POST", r"/api/links/" + LINK_ID + r"/decide")
def decide_link(app: ReviewApp, req: Request, link_id: str) -> Response:
    body, link, seen, reviewer = _versioned(app, req, app.store.link_versioned, link_id, {"action": "string"},
                                            ("action",))
    action = body["action"]
    records = views.decide_link(link, action, reviewer)
    batch = app.store.apply_review(reviewer=reviewer, action=action, links=records,
                                   expected={link_id: seen})
    return json_response({"link": records[-1].model_dump(mode="json"), "links": [r.model_dump(mode="json") for r in records],
                          "batch": batch, "progress": _progress(app)})


@route("POST", r"/api/links")
def create_link(app: ReviewApp, req: Request) -> Response:
    body = _body(req, views.LINK_FIELDS, views.LINK_REQUIRED)
    reviewer = _reviewer(app)
    link = views.new_link(body, reviewer)
    ends = app.store.claims_by_id([link.source, link.target])
    for key in ("source", "target"):
        if getattr(link, key) not in ends:
            raise views.BadRequest(f"{key}: no claim with id {getattr(link, key)!r}")
    try:
        old, version = app.store.link_versioned(link.id)
    except NotFoundError:
        old, version = None, 0
    if old is not None and old.status != Status.proposed:
        raise views.Conflict(f"this link exists already ({old.status.value}): {old.id}")
    batch = app.store.apply_review(reviewer=reviewer, action="link", links=[link], expected={link.id: version})
    payload = _link_payload(app, link)
    return _with_batch(app, payload, batch, 201)


# ---------------------------------------------------------------------------------------------
# undo and history


@route("POST", r"/api/undo")
def undo(app: ReviewApp, req: Request) -> Response:
    _body(req, {})  # a body, if any, must still be JSON, and empty
    result = app.store.undo_review(_reviewer(app))
    if result is None:
        return json_response({"undone": None, "focus": None, "progress": _progress(app)})
    # open the record the decision started from: the first one written (records come newest first)
    focus = next(({"record": r, "id": i} for r, i in reversed(result["records"]) if r in ("claim", "link")), None)
    if focus is not None:
        try:
            (app.store.claim if focus["record"] == "claim" else app.store.link)(focus["id"])
        except NotFoundError:
            focus = None  # an added claim or link: the undo removed it
    return json_response({"undone": {"batch": result["batch"], "action": result["action"],
                                     "records": [list(r) for r in result["records"]]},
                          "focus": focus, "progress": _progress(app)})


@route("GET", r"/api/history")
def history(app: ReviewApp, req: Request) -> Response:
    limit = _int_param(req, "limit", 50, 1, 500)
    offset = _int_param(req, "offset", 0, 0, 10**9)
    record = req.query.get("record") or None
    if record and record not in ("claim", "link", "actor"):
        raise HTTPError(400, f"record: {record!r} is not claim, link or actor")
    rows, total = app.store.review_history(limit=limit, offset=offset, record=record,
                                           record_id=req.query.get("record_id") or None)
    return json_response({"total": total, "offset": offset, "limit": limit,
                          "rows": [views.history_row(r) for r in rows], "progress": _progress(app)})


# ---------------------------------------------------------------------------------------------
# map


@route("GET", r"/api/map\.svg")
def map_svg(app: ReviewApp, req: Request) -> Response:
    """The argument map of documents (`documents=id,id`) or of actors (`actors=id,id`) as SVG."""
    from argmap.render import dot_to, to_diagram, to_dot

    store = app.store
    doc_ids = [d for d in (req.query.get("documents") or req.query.get("document") or "").split(",") if d]
    actor_ids = [a for a in (req.query.get("actors") or "").split(",") if a]
    if bool(doc_ids) == bool(actor_ids):
        raise HTTPError(400, "give documents=ID[,ID] or actors=ID[,ID]")
    if len(doc_ids) > 20 or len(actor_ids) > 20:
        raise HTTPError(400, "at most 20 documents or actors")
    actors = store.actors()
    if doc_ids:
        docs = [app.document(d) for d in doc_ids]  # 404 for an unknown id
        claims = [c for d in doc_ids for c in store.claims(document=d)]
        title = " / ".join(d.title for d in docs)
    else:
        known = {a.id: a.name for a in actors}
        unknown = [a for a in actor_ids if a not in known]
        if unknown:
            raise NotFoundError(f"no actor with id {unknown[0]!r}")
        claims = store.claims_of_actors(actor_ids)
        docs = [app.document(d) for d in sorted({c.document for c in claims})]
        title = " and ".join(known[a] for a in actor_ids)
    ids = {c.id for c in claims}
    links = [lk for lk in store.links_touching(ids) if lk.source in ids and lk.target in ids]
    amap = ArgumentMap(documents=docs, actors=actors, claims=claims, links=links)
    host = req.header("Host") or ""
    try:
        diagram = to_diagram(amap, base_url=f"http://{host}" if host else None, name="review", title=title)
    except ArgmapError:  # an odd Host header: draw the map without claim links
        diagram = to_diagram(amap, name="review", title=title)
    dot = to_dot(diagram)
    svg = app.cached_svg(hashlib.sha256(dot.encode("utf-8")).hexdigest(), lambda: dot_to(dot, "svg"))
    return Response(svg, 200, "image/svg+xml", [("Cache-Control", "no-store")])
