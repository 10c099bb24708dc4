"""The review app's comparison page: `GET /compare?a=Mali&b=Algeria` (and its JSON, `/api/compare`).

Thin handlers over `argmap.compare`: read the map from the store, build the comparison, render the
same report body as `argmap compare --format html` inside a page with a form to pick the parties.
GET only; nothing is written. `accepted=1` shows only what reviewers accepted (for publication).
"""

from __future__ import annotations

import datetime as dt
import hashlib

from argmap.errors import ArgmapError, NotFoundError
from argmap.model import ArgumentMap

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


def _comparison(amap: ArgumentMap, p: dict):
    from argmap.compare import compare
    from argmap.compare.build import document_ids

    docs = document_ids(amap, p["docs"]) if p["docs"] else None
    return compare(amap, p["a"], p["b"], documents=docs, since=p["since"], until=p["until"],
                   accepted_only=p["accepted_only"])


def _parties(amap: ArgumentMap) -> list[dict]:
    """Choices for the A/B fields: sides, then actors with claims, most claims first."""
    counts: dict[str, int] = {}
    for c in amap.claims:
        if c.actor:
            counts[c.actor] = counts.get(c.actor, 0) + 1
    from argmap.compare.parties import Actors

    graph = Actors(amap.actors)
    declared = graph.declared_sides()
    sides = sorted(graph.sides())
    out = [{"value": f"side:{s}", "label": f"side {s}" if s in declared else f"inferred side {s}"} for s in sides]
    actors = sorted((a for a in amap.actors if counts.get(a.id) and a.kind.value != "generic"),
                    key=lambda a: (-counts[a.id], a.id))
    out += [{"value": a.id, "label": f"{a.name} ({counts[a.id]} claims)"} for a in actors]
    return out


@route("GET", r"/compare")
def compare_page(app: ReviewApp, req: Request) -> Response:
    """The comparison of two parties as a page (the form alone until both are given)."""
    from argmap.compare import map_diagram, render_body
    from argmap.render import dot_to, to_dot

    p = _params(req)
    amap = app.store.load_map()
    body, error, status = None, None, 200
    if p["a"] and p["b"]:
        try:
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
    elif p["a"] or p["b"]:
        error, status = "give both parties, A and B", 400
    resp = app.render(
        "compare.html", a=p["a"], b=p["b"], docs=p["docs"], since=p["since"] or "", until=p["until"] or "",
        accepted=p["accepted_only"], parties=_parties(amap), documents=sorted(amap.documents, key=lambda d: d.path),
        body=body, error=error,
    )
    resp.status = status
    return resp


@route("GET", r"/api/compare")
def compare_json(app: ReviewApp, req: Request) -> Response:
    """The comparison as JSON (the `argmap compare --format json` report)."""
    p = _params(req)
    if not (p["a"] and p["b"]):
        raise HTTPError(400, "give a=PARTY and b=PARTY")
    cmp = _comparison(app.store.load_map(), p)
    return json_response(cmp.model_dump(mode="json"))


@route("GET", r"/compare/report\.css")
def compare_css(app: ReviewApp, req: Request) -> Response:
    """The report stylesheet (the file the standalone HTML report inlines)."""
    from argmap.compare import report_css

    return Response(report_css(), 200, "text/css; charset=utf-8", [("Cache-Control", "no-cache")])
