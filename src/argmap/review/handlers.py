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

import copy
import hashlib
import json
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
    return _status_value(req.query.get("status"))


def _status_value(value: str | None) -> str | None:
    value = value or "proposed"
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


def _claim_payload(app: ReviewApp, claim: Claim, *, links: bool = True) -> dict:
    """The claim as the page shows it; reads that claim, its links and the claims at their other
    ends, and the names of the actors these show (not every actor's)."""
    claim, version = app.store.claim_versioned(claim.id)  # the data and version shown belong together
    touching, others = [], {}
    if links:
        touching = app.store.links_touching([claim.id])
        others = app.store.claims_by_id({lk.target if lk.source == claim.id else lk.source for lk in touching})
    names = app.store.actor_names([claim.actor, claim.target, *(o.actor for o in others.values())])
    payload = views.claim_payload(claim, app.document(claim.document), names)
    payload["version"] = version
    payload["document_progress"] = _document_progress(app, claim.document)
    if links:
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
    """Claims and links reviewed / all, of the *proposals* (#21): a record a reviewer created (a
    flipped link, split parts, an added claim, a hand-made link) is their work, not one more item
    to review, so a flip moves the link bar by one, not two. Computed once per store version
    (`ReviewApp.cached`): every payload has it."""
    return copy.deepcopy(app.cached("progress", lambda: _count_progress(app)))


def _count_progress(app: ReviewApp) -> dict:
    progress = app.store.review_progress()
    created = app.memo("created", app.store.history_head(), app.store.review_created)
    for key in ("claims", "links"):
        row, n = progress[key], created[key]
        row["total"], row["reviewed"] = max(0, row["total"] - n), max(0, row["reviewed"] - n)
    return progress


def _document_progress(app: ReviewApp, doc_id: str) -> dict:
    """Claims of one document: reviewed / all (two index counts)."""
    total = app.store.claim_queue_count(status=None, document=doc_id)
    return {"total": total, "reviewed": total - app.store.claim_queue_count(document=doc_id)}


def _float_value(name: str, raw: str | None) -> float | None:
    raw = (raw or "").strip()
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        raise HTTPError(400, f"{name}: {raw!r} is not a number") from None
    if not 0 <= value <= 1:
        raise HTTPError(400, f"{name}: must be between 0 and 1")
    return value


def _claim_filters(source: dict, *, query: bool = True) -> dict:
    """The claim queue's filters from a query string or a batch body's "filters" (same names):
    sort, status, document, actor ('-' = no actor), q (words), rule, min_confidence, max_confidence."""
    get = (lambda k: source.get(k)) if query else (lambda k: None if source.get(k) is None else str(source.get(k)))
    sort = get("sort") or "confidence"
    if sort not in SORTS:
        raise HTTPError(400, f"sort: {sort!r} is not one of {', '.join(SORTS)}")
    actor = get("actor") or None
    return {"sort": sort, "status": _status_value(get("status")), "document": get("document") or None,
            "actor": "" if actor == "-" else actor, "text": (get("q") or "").strip() or None,
            "rule": (get("rule") or "").strip() or None, "min_confidence": _float_value("min_confidence", get("min_confidence")),
            "max_confidence": _float_value("max_confidence", get("max_confidence"))}


def _link_filters(source: dict, *, query: bool = True) -> dict:
    """The link queue's filters: sort (confidence | document), status, relation, document, actor,
    method, q, min_confidence, max_confidence."""
    get = (lambda k: source.get(k)) if query else (lambda k: None if source.get(k) is None else str(source.get(k)))
    sort = get("sort") or "confidence"
    if sort not in SORTS:
        raise HTTPError(400, f"sort: {sort!r} is not one of {', '.join(SORTS)}")
    relation = get("relation") or None
    if relation and relation not in {r.value for r in Relation}:
        raise HTTPError(400, f"relation: {relation!r} is not one of {', '.join(r.value for r in Relation)}")
    actor = get("actor") or None
    return {"sort": sort, "status": _status_value(get("status")), "relation": relation, "document": get("document") or None,
            "actor": "" if actor == "-" else actor, "method": (get("method") or "").strip() or None,
            "text": (get("q") or "").strip() or None, "min_confidence": _float_value("min_confidence", get("min_confidence")),
            "max_confidence": _float_value("max_confidence", get("max_confidence"))}


#: Filters the fast index walks (`claim_queue`, `link_queue`) do not take: with one of these set,
#: the queue is a search (`search_claims`, `search_links`).
_SEARCH_ONLY = ("text", "rule", "method", "min_confidence", "max_confidence")
BATCH_MAX = 2000


def _orphaned_links(app: ReviewApp, claim_ids, reviewer: str) -> tuple[list[Link], dict[str, int]]:
    """The proposed links of claims being rejected, rejected with them (#21 item 4: a rejected
    claim's links must leave the link queue), and the versions they are written against."""
    links = [lk for lk in app.store.links_touching(claim_ids) if lk.status == Status.proposed]
    versions = app.store.versions("link", [lk.id for lk in links])
    out = [lk.model_copy(update={"status": Status.rejected, "reviewer": reviewer}) for lk in links]
    return out, {lk.id: versions.get(lk.id, 0) for lk in links}


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
    """Map nodes link here: open the app on that claim (an unknown id: a page saying so, 404)."""
    try:
        app.store.claim(claim_id)
    except NotFoundError:
        resp = app.render("notfound.html", what="claim", ident=claim_id)
        resp.status = 404
        return resp
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
    """The page's state: the reviewer, then what the store holds (progress, documents, actors, the
    choices), which is computed and encoded once per store version (`ReviewApp.cached`)."""
    rest = app.cached("state", lambda: _state_json(app))
    reviewer = json.dumps(app.reviewer, ensure_ascii=False)
    return Response('{"reviewer":' + reviewer + "," + rest[1:], 200, "application/json; charset=utf-8",
                    [("Cache-Control", "no-store")])


def _state_json(app: ReviewApp) -> str:
    """/api/state without the reviewer, as JSON text (encoded as `json_response` does)."""
    store = app.store
    return json.dumps({
        "progress": _progress(app),
        "documents": store.document_metas(),
        "document_progress": store.document_progress(),
        "actors": _actor_rows(store.actors()),
        "kinds": [k.value for k in SpeechAct],
        "actor_kinds": [k.value for k in ActorKind],
        "statuses": STATUSES,
        "relations": [r.value for r in Relation],
        "sorts": list(SORTS),
        "version": __version__,
    }, ensure_ascii=False, separators=(",", ":"))


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
    """The next claim of the queue after `after`; `before=<id>` gives the one before it instead
    (the "previous item" key). Filters as `_claim_filters`; a search (q, rule, confidence bounds)
    scans, the plain queue walks an index."""
    kw = _claim_filters(req.query)
    after = req.query.get("after") or None
    store = app.store
    search = any(kw[k] is not None for k in _SEARCH_ONLY if k in kw)
    wrapped = False
    if search:
        every = store.search_claims(**kw)  # one scan gives the count and, mostly, the next one too
        if after is None:
            ids = every[:1]
        elif after in every:
            ids = every[every.index(after) + 1:][:1]
        else:  # `after` left the queue (just decided): where it would stand
            ids = store.search_claims(after=after, limit=1, **kw)
        if not ids and after is not None and every:
            ids, wrapped = every[:1], True
        items = list(store.claims_by_id(ids).values())
        remaining = len(every)
    else:
        plain = {k: kw[k] for k in ("sort", "status", "document", "actor")}
        items = store.claim_queue(after=after, **plain)
        if not items and after is not None:
            items = store.claim_queue(**plain)
            wrapped = bool(items)
        remaining = store.claim_queue_count(status=kw["status"], document=kw["document"], actor=kw["actor"])
    queue = {"remaining": remaining, "wrapped": wrapped}
    if not items:
        return json_response({"claim": None, "queue": queue, "progress": _progress(app)})
    payload = _claim_payload(app, items[0])
    payload.update(queue=queue, progress=_progress(app))
    return json_response(payload)


def _check_batch(ids: list[str], shown: int, noun: str) -> None:
    """A batch decides what the reviewer saw: the queue still holds `shown` items, at least one,
    at most BATCH_MAX; else nothing is written (409 / 400)."""
    if len(ids) != shown:
        raise views.Conflict(f"this queue now holds {len(ids)} {noun}, not the {shown} you saw; "
                             "look at it again before deciding them all")
    if not ids:
        raise views.BadRequest(f"filters: no {noun[:-1]} in this queue")
    if len(ids) > BATCH_MAX:
        raise views.BadRequest(f"at most {BATCH_MAX} {noun} at once; narrow the filters")


@route("POST", r"/api/claims/batch")
def batch_claims(app: ReviewApp, req: Request) -> Response:
    """Accept or reject every claim a queue shows at once: {"action", "filters": {as the queue's
    query}, "count": n, "note"?}. `count` is how many the reviewer was shown; if the queue holds
    another number now, nothing is written (409). One decision: one undo takes it all back."""
    body = _body(req, {"action": "string", "filters": "object", "count": "count", "note": "string|null"},
                 ("action", "filters", "count"))
    action = body["action"]
    if action not in ("accept", "reject"):
        raise views.BadRequest(f"action: {action!r} is not accept or reject")
    kw = _claim_filters(views.check_filters(body["filters"], views.CLAIM_FILTERS), query=False)
    note = views.text_field(body, "note", max_len=2000)
    reviewer = _reviewer(app)
    ids = app.store.search_claims(**kw)
    _check_batch(ids, body["count"], "claims")
    claims, versions = app.store.claims_by_id(ids), app.store.versions("claim", ids)
    new = [views.decide_claim(claims[i], action, reviewer, note) for i in ids]
    links, link_versions = _orphaned_links(app, ids, reviewer) if action == "reject" else ([], {})
    batch = app.store.apply_review(reviewer=reviewer, action=f"batch-{action}", claims=new, links=links,
                                   expected={**versions, **link_versions})
    return json_response({"decided": len(new), "ids": ids, "links_rejected": len(links), "batch": batch,
                          "progress": _progress(app)})


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
    links, link_versions = _orphaned_links(app, [c.id for c in originals], reviewer)
    batch = app.store.apply_review(reviewer=reviewer, action="merge", claims=[*originals, merged], links=links,
                                   expected={**expected, **link_versions})
    payload = _claim_payload(app, merged)
    return _with_batch(app, payload, batch, originals=[c.id for c in originals])


@route("POST", r"/api/claims/" + CLAIM_ID + r"/decide")
def decide_claim(app: ReviewApp, req: Request, claim_id: str) -> Response:
    body, claim, seen, reviewer = _versioned(app, req, app.store.claim_versioned, claim_id,
                                             {"action": "string", "note": "string|null"}, ("action",))
    action = body["action"]
    note = views.text_field(body, "note", max_len=2000)
    new = views.decide_claim(claim, action, reviewer, note)
    links, link_versions = _orphaned_links(app, [claim_id], reviewer) if action == "reject" else ([], {})
    batch = app.store.apply_review(reviewer=reviewer, action=action, claims=[new], links=links,
                                   expected={claim_id: seen, **link_versions})
    now = app.store.versions("claim", [claim_id]).get(claim_id)
    return json_response({"claim": new.model_dump(mode="json"), "version": now, "batch": batch,
                          "links_rejected": [lk.id for lk in links], "progress": _progress(app)})


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
    links, link_versions = _orphaned_links(app, [claim_id], reviewer)
    batch = app.store.apply_review(reviewer=reviewer, action="split", claims=[original, *parts], links=links,
                                   expected={**expected, **link_versions})
    return json_response({"original": original.model_dump(mode="json"),
                          "claims": [_claim_payload(app, p, links=False) for p in parts],
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
    link, version = app.store.link_versioned(link.id)
    ends = app.store.claims_by_id([link.source, link.target])
    payload = views.link_payload(link, {cid: _claim_payload(app, c, links=False) for cid, c in ends.items()})
    payload["version"] = version
    return payload


@route("GET", r"/api/links/next")
def next_link(app: ReviewApp, req: Request) -> Response:
    """The next link after `after`. Filters as `_link_filters`; the plain queue (confidence order,
    status and relation only) walks an index, anything else is a search."""
    kw = _link_filters(req.query)
    status, relation = kw["status"], kw["relation"]
    after = req.query.get("after") or None
    store = app.store
    search = kw["sort"] != "confidence" or any(kw[k] is not None for k in ("document", "actor", *_SEARCH_ONLY) if k in kw)
    wrapped = False
    if search:
        ids = store.search_links(after=after, limit=1, **kw)
        if not ids and after is not None:
            ids = store.search_links(limit=1, **kw)
            wrapped = bool(ids)
        items = list(store.links_by_id(ids).values())
        remaining = len(store.search_links(**kw))
    else:
        items = store.link_queue(after=after, status=status, relation=relation)
        if not items and after is not None:
            items = store.link_queue(status=status, relation=relation)
            wrapped = bool(items)
        remaining = store.link_queue_count(status=status, relation=relation)
    queue = {"remaining": remaining, "wrapped": wrapped}
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
    body, link, seen, reviewer = _versioned(app, req, app.store.link_versioned, link_id,
                                            {"action": "string", "relation": "string|null"}, ("action",))
    action = body["action"]
    records = views.decide_link(link, action, reviewer, body.get("relation"))
    if records[-1].id != link_id and len(records) > 1:  # the new relation's link may be stored already
        try:
            _, version = app.store.link_versioned(records[-1].id)
        except NotFoundError:
            version = 0
        seen = {link_id: seen, records[-1].id: version}
    else:
        seen = {link_id: seen}
    batch = app.store.apply_review(reviewer=reviewer, action=action, links=records, expected=seen)
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


@route("POST", r"/api/links/batch")
def batch_links(app: ReviewApp, req: Request) -> Response:
    """Accept or reject every link a queue shows: {"action", "filters", "count"} as for claims."""
    body = _body(req, {"action": "string", "filters": "object", "count": "count"}, ("action", "filters", "count"))
    action = body["action"]
    if action not in ("accept", "reject"):
        raise views.BadRequest(f"action: {action!r} is not accept or reject")
    kw = _link_filters(views.check_filters(body["filters"], views.LINK_FILTERS), query=False)
    reviewer = _reviewer(app)
    ids = app.store.search_links(**kw)
    _check_batch(ids, body["count"], "links")
    links, versions = app.store.links_by_id(ids), app.store.versions("link", ids)
    new = [r for i in ids for r in views.decide_link(links[i], action, reviewer)]
    batch = app.store.apply_review(reviewer=reviewer, action=f"batch-{action}", links=new, expected=versions)
    return json_response({"decided": len(new), "ids": ids, "batch": batch, "progress": _progress(app)})


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
