"""index.html: the page a reader opens first — disputes ranked by how contested they are, and the maps.

One self-contained HTML page (inline CSS, no scripts, no fonts or files fetched from elsewhere):
the corpus in one line, the actor overview, the disputes most contested first (actors, size, dates,
the top contradiction in one line, a link to each map), the trivial groups listed apart (not drawn),
and the document maps. Every text from a document or an import goes through `html.escape`; links
point only at the map files of the same folder. Pure: returns a string (svg.py writes it).
"""

from __future__ import annotations

import html
from collections.abc import Collection, Sequence

from .diagram import DisputeView, _Index
from .overview import ActorOverview

#: File name of the index in the output folder.
INDEX = "index.html"
#: The map format an index links to, best first.
_LINK_ORDER = ("svg", "png", "pdf", "dot")

_CSS = """
body{font:15px/1.45 Helvetica,Arial,sans-serif;color:#1a1a1a;margin:2em auto;max-width:1200px;padding:0 1em}
h1{font-size:1.5em;margin:.2em 0} h2{font-size:1.2em;margin:1.6em 0 .4em}
.meta,.note{color:#555} table{border-collapse:collapse;width:100%} th,td{text-align:left;vertical-align:top;
padding:.35em .5em;border-bottom:1px solid #ddd} th{font-size:.85em;color:#555;font-weight:normal}
td.n,td.d{text-align:right;white-space:nowrap} .top{font-size:.9em} .x{color:#c62828;font-weight:bold}
.overview img{max-width:100%;border:1px solid #ddd} .maps a{margin-right:.4em;white-space:nowrap}
.failed{color:#c62828}
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _dates(first, last, undated: int) -> str:
    if first is None:
        return "undated"
    span = first.isoformat() if first == last else f"{first.isoformat()} – {last.isoformat()}"
    return span + (f" (+{undated} undated)" if undated else "")


def _link(name: str, label: str, ext: str, failed: Collection[str]) -> str:
    note = ' <span class="failed">(could not be drawn)</span>' if name in failed else ""
    return f'<a href="{_e(name)}.{_e(ext)}">{_e(label)}</a>{note}'


def index_html(
    index: _Index, *, formats: Sequence[str], failed: Collection[str] = (), overview: ActorOverview | None = None,
    corpus_views: Sequence[str] = (),
) -> str:
    """The index page of the views `index` gives (see `views`), linking maps in the best of `formats`.

    Args:
        index: The map's index (claims, links, disputes).
        formats: The formats written; links go to the first of svg, png, pdf, dot among them.
        failed: Views that could not be drawn this time (marked next to their link).
        overview: The actor overview, when drawn.
        corpus_views: Names of the corpus views drawn (empty when the corpus is too big for one map).
    """
    ext = next((f for f in _LINK_ORDER if f in formats), "svg")
    plan = index.plan()
    drawn = [v for v in plan if v.maps]
    listed = [v for v in plan if not v.maps]
    docs = index.doc_list
    n_claims, n_links = len(index.visible), len(index.links)
    dated = sorted(d.published for d in docs if d.published)
    undated = len(docs) - len(dated)
    out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           "<title>argmap: disputes and maps</title>", f"<style>{_CSS}</style></head><body>"]
    out.append(f"<h1>{len(docs)} document{'s' if len(docs) != 1 else ''}, {n_claims} claims, {n_links} links</h1>")
    meta = [f"published {dated[0].isoformat()} – {dated[-1].isoformat()}" if dated else "no publication dates"]
    if dated and undated:
        meta.append(f"{undated} document{'s' if undated != 1 else ''} without a date")
    contested = sum(1 for v in drawn if v.dispute.contradictions)
    meta.append(f"{len(plan)} groups of linked claims: {contested} with contradictions, "
                f"{len(drawn)} drawn, {len(listed)} trivial (listed, not drawn)")
    out.append(f'<p class="meta">{_e(" · ".join(meta))}</p>')

    if overview is not None and overview.nodes:
        out.append("<h2>Who contradicts and supports whom</h2>")
        href = f"{_e(overview.name)}.{_e(ext)}"
        img = f'<img src="{href}" alt="actor overview">' if ext in ("svg", "png") else _e("open the actor overview")
        out.append(f'<p class="overview"><a href="{href}">{img}</a></p>')
        out.append(f'<p class="note">{_e(overview.subtitle)}</p>')

    out.append("<h2>Disputes, most contested first</h2>")
    if drawn:
        out.append('<table><tr><th>#</th><th>dispute</th><th>contradictions</th><th>camps</th><th>actors</th>'
                   "<th>claims</th><th>documents</th><th>dates</th><th>top contradiction</th></tr>")
        out.extend(_row(v, ext, failed) for v in drawn)
        out.append("</table>")
    else:
        out.append('<p class="note">No dispute: no group of linked claims with a contradiction or two camps.</p>')
    out.append('<p class="note">Ranked by contradictions between camps, then within one, the number of camps, '
               "documents and claims, and how recent the latest document is; disputes with a contradiction "
               "always come first.</p>")

    if listed:
        out.append(f"<h2>Trivial groups ({len(listed)}): listed, not drawn</h2>")
        out.append('<p class="note">No contradiction, and one camp speaking or only two claims: a speaker '
                   "supporting themself, a statement carried twice.</p>")
        out.append("<table><tr><th>#</th><th>words</th><th>claims</th><th>actors</th><th>first link</th></tr>")
        for v in listed:
            d = v.dispute
            who = ", ".join(a.name for a in d.actors[:4]) or "unattributed"
            out.append(f'<tr><td class="n">{v.rank}</td><td>{_e(v.topic)}</td><td class="n">{d.size}</td>'
                       f'<td>{_e(who)}</td><td class="top">{_e(d.top)}</td></tr>')
        out.append("</table>")

    out.append("<h2>Maps of the documents</h2><ul>")
    for doc, name in index.doc_names():
        when = f" ({doc.published.isoformat()})" if doc.published else ""
        title = " ".join((doc.title or doc.path).split())
        out.append(f"<li>{_link(name, title, ext, failed)}{_e(when)}</li>")
    out.append("</ul>")
    if corpus_views:
        links = " ".join(_link(n, n, ext, failed) for n in corpus_views)
        out.append(f'<p>The whole corpus in one claim map: <span class="maps">{links}</span></p>')
    else:
        out.append(f'<p class="note">The corpus has more than {index.style.corpus_max_claims} claims to show: '
                   "no single claim map of it is drawn; the actor overview and the disputes cover it.</p>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def _row(v: DisputeView, ext: str, failed: Collection[str]) -> str:
    d = v.dispute
    if len(v.maps) == 1:
        maps = _link(v.maps[0], v.topic, ext, failed)
    else:
        parts = " ".join(_link(name, f"part {k}: {t}", ext, failed)
                         for k, (name, t) in enumerate(zip(v.maps, v.part_topics, strict=True), start=1))
        maps = f'{_e(v.topic)}<br><span class="maps">{parts}</span>'
    contra = f'<span class="x">{d.contradictions}</span>' if d.contradictions else "0"
    if d.contradictions:
        contra += f" ({d.cross_camp} across camps)" if d.cross_camp != d.contradictions else " (all across camps)"
    camps = ", ".join(d.camps[:4]) + (f" +{len(d.camps) - 4}" if len(d.camps) > 4 else "")
    who = ", ".join(f"{a.name} ({a.claims})" for a in d.actors[:5]) + (
        f", +{len(d.actors) - 5} more" if len(d.actors) > 5 else "")
    return (f'<tr><td class="n">{v.rank}</td><td>{maps}</td><td>{contra}</td><td>{_e(camps) or "–"}</td>'
            f'<td>{_e(who) or "unattributed"}</td><td class="n">{d.size}</td><td class="n">{d.documents}</td>'
            f'<td class="d">{_e(_dates(d.first, d.last, d.undated))}</td><td class="top">{_e(d.top)}</td></tr>')
