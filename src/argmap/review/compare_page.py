"""The review app's comparison page: `GET /compare?a=Mali&b=Algeria` (and its JSON, `/api/compare`).

Thin handlers over `argmap.compare`: read from the store what `argmap compare` reads (the two
parties' claims and the documents naming them, `Store.compare_slice`; the whole map only when
documents are picked, as `--doc` does), build the comparison, render the same report body as
`argmap compare --format html` inside a page with a form to pick the parties. The form itself
needs only the actors, their claim counts and the documents' titles (issue #24: the page no longer
loads every claim of the store). GET only; nothing is written. `accepted=1` shows only what
reviewers accepted (for publication).
"""

from __future__ import annotations

import datetime as dt
import hashlib

from argmap.errors import ArgmapError, NotFoundError
from argmap.model import Actor, ArgumentMap
from argmap.store import Store

from .app import HTTPError, Request, Response, ReviewApp, json_response, route


def _date(req: Request, name: str) -> dt.date | None:
    raw = (req.query.get(name) or "").strip()
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise HTTPError(400, f"{name}: {raw!r} is not a date (YYYY-MM-DD)") from None


def _params(req: Request) -> dict:
    docs = [d for d in (req.query.get("doc") or "").split(",") if d.strip()]
    return {
        "a": (req.query.get("a") or "").strip(),
        "b": (req.query.get("b") or "").strip(),
        "docs": docs,
        "since": _date(req, "since"),
        "until": _date(req, "until"),
        "accepted_only": (req.query.get("accepted") or "") in ("1", "true", "on", "yes"),
    }


def same_scope(amap: ArgumentMap | list[Actor], a: str, b: str) -> tuple[str, str, str | None, tuple[str, str] | None]:
    """(a, b, note, sides) with both parties at one scope (#21: "Mali" named the actor Government
    of Mali but "Algeria" the whole side algeria, so the two columns covered different things).

    When one query resolves to an actor and the other to a side, the side one is asked for as an
    actor ("actor:Algeria") if an actor answers to it, else the actor one as its side. `note` says
    what was done; `sides` is the (side:…, side:…) pair to offer as the other comparison, if any.
    Queries with an explicit "actor:" or "side:" are taken as they are.
    """
    from argmap.compare.parties import Actors, resolve

    if any(q.split(":", 1)[0].lower() in ("actor", "side") for q in (a, b) if ":" in q):
        return a, b, None, None
    actors = Actors(amap if isinstance(amap, list) else amap.actors)
    try:
        pa, pb = resolve(a, actors, "a"), resolve(b, actors, "b")
    except ArgmapError:
        return a, b, None, None  # the comparison itself reports it
    if pa.kind == pb.kind:
        return a, b, None, None
    side_q, actor_p = (a, pb) if pa.kind == "side" else (b, pa)
    try:
        as_actor = resolve("actor:" + side_q, actors, "a")
    except ArgmapError:
        as_actor = None
    own_sides = actor_p.sides or ([actors.side(actor_p.id)] if actors.side(actor_p.id) else [])
    other_side = (pa if pa.kind == "side" else pb).id
    sides = None
    if len(own_sides) == 1 and own_sides[0] != other_side:  # in column order
        sides = (f"side:{own_sides[0]}", f"side:{other_side}")
        sides = sides if actor_p.key == "a" else sides[::-1]
    if as_actor is not None:
        note = (f"“{side_q}” names a side and an actor: compared as the actor {as_actor.name}, so that both columns "
                "are actors (with their sub-actors).")
        fixed = "actor:" + side_q
        return (fixed, b, note, sides) if side_q is a else (a, fixed, note, sides)
    if sides is not None:
        note = (f"“{side_q}” is a side and “{actor_p.query}” an actor: compared as sides, {sides[0]} and {sides[1]}, "
                "so that both columns have one scope.")
        return sides[0], sides[1], note, None
    return a, b, (f"“{side_q}” is a whole side and “{actor_p.query}” one actor: the columns have different scopes."), None


def _read(store: Store, actors: list[Actor], p: dict) -> ArgumentMap:
    """What the comparison of p["a"] and p["b"] reads, as `argmap compare` reads it: the whole map
    when documents are picked (they are named by id, path or title), else the store's slice of the
    two parties (`compare.build.scope`). Raises as `compare` for an unknown or ambiguous party."""
    from argmap.compare.build import scope

    if p["docs"]:
        return store.load_map()
    return store.compare_slice(*scope(actors, p["a"], p["b"]))


def _comparison(amap: ArgumentMap, p: dict):
    from argmap.compare import compare
    from argmap.compare.build import document_ids

    docs = document_ids(amap, p["docs"]) if p["docs"] else None
    return compare(amap, p["a"], p["b"], documents=docs, since=p["since"], until=p["until"],
                   accepted_only=p["accepted_only"])


def _parties(store: Store, actor_list: list[Actor]) -> list[dict]:
    """Choices for the A/B fields: sides, then actors with claims, most claims first (the counts
    come from the store's actor index, not from reading the claims)."""
    counts = {r["id"]: r["claims"] for r in store.actor_table()}
    from argmap.compare.parties import Actors

    graph = Actors(actor_list)
    declared = graph.declared_sides()
    sides = sorted(graph.sides())
    out = [{"value": f"side:{s}", "label": f"side {s}" if s in declared else f"inferred side {s}"} for s in sides]
    actors = sorted((a for a in actor_list if counts.get(a.id) and a.kind.value != "generic"),
                    key=lambda a: (-counts[a.id], a.id))
    out += [{"value": a.id, "label": f"{a.name} ({counts[a.id]} claims)"} for a in actors]
    return out


@route("GET", r"/compare")
def compare_page(app: ReviewApp, req: Request) -> Response:
    """The comparison of two parties as a page (the form alone until both are given)."""
    from argmap.compare import map_diagram, render_body
    from argmap.render import dot_to, to_dot

    p = _params(req)
    store = app.store
    actors = store.actors()
    body, error, status, scope_note, sides = None, None, 200, None, None
    if p["a"] and p["b"]:
        p["a"], p["b"], scope_note, sides = same_scope(actors, p["a"], p["b"])
        try:
            amap = _read(store, actors, p)
            cmp = _comparison(amap, p)
        except ArgmapError as exc:
            error, status = str(exc), 404 if isinstance(exc, NotFoundError) else 400
        else:
            svg, note = None, None
            if cmp.map_claims:
                try:
                    dot = to_dot(map_diagram(amap, cmp))
                    svg = app.cached_svg(hashlib.sha256(dot.encode("utf-8")).hexdigest(), lambda: dot_to(dot, "svg"))
                except ArgmapError as exc:
                    note = f"The map could not be drawn: {exc}"
            body = render_body(cmp, svg, map_note=note)
    # one party alone (the review page's Compare tab fills in the current actor): the form, asking for the other
    resp = app.render(
        "compare.html", a=p["a"], b=p["b"], docs=p["docs"], since=p["since"] or "", until=p["until"] or "",
        accepted=p["accepted_only"], parties=_parties(store, actors), documents=store.document_metas(),
        body=body, error=error, note=scope_note, sides=sides,
    )
    resp.status = status
    return resp


@route("GET", r"/api/compare")
def compare_json(app: ReviewApp, req: Request) -> Response:
    """The comparison as JSON (the `argmap compare --format json` report)."""
    p = _params(req)
    if not (p["a"] and p["b"]):
        raise HTTPError(400, "give a=PARTY and b=PARTY")
    store = app.store
    actors = store.actors()
    p["a"], p["b"], _, _ = same_scope(actors, p["a"], p["b"])
    cmp = _comparison(_read(store, actors, p), p)
    return json_response(cmp.model_dump(mode="json"))


@route("GET", r"/compare/report\.css")
def compare_css(app: ReviewApp, req: Request) -> Response:
    """The report stylesheet (the file the standalone HTML report inlines)."""
    from argmap.compare import report_css

    return Response(report_css(), 200, "text/css; charset=utf-8", [("Cache-Control", "no-cache")])
