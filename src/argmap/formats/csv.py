"""CSV export: two tables, `claims.csv` and `links.csv`, as text or packed into one zip.

This module owns the table layout for spreadsheets and pandas: one row per claim (with its actor,
document and offsets spelled out) and one row per link. Files are UTF-8 without BOM, RFC 4180 quoting
and CRLF line ends. A text cell of any column that a spreadsheet would run as a formula (it starts
with `=`, `+`, `-`, `@`, tab or carriage return: text from the web, an imported file or a reviewer's
name can be hostile) gets a leading `'`, the usual guard against CSV injection; numbers are never
changed, and argmap's own ids and dates never start with those characters. Only http(s) URLs are
written. Pure: returns text/bytes.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile

from ..model import ArgumentMap, web_url

CLAIM_COLUMNS = [
    "id", "document", "document_title", "publisher", "published", "url", "actor", "actor_name", "side",
    "source_text", "cue", "cue_lemma", "kind", "text", "quotes", "start", "end", "spans", "page", "target",
    "hedged", "confidence", "status", "rule", "reviewer", "note", "rating", "rating_note", "rated_on",
]
LINK_COLUMNS = ["id", "source", "target", "relation", "confidence", "status", "method", "reason", "reviewer"]
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def guard(text: str) -> str:
    """`text` with a leading `'` when a spreadsheet would run it as a formula (CSV injection)."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    return guard(str(value))  # every text column: ids, actors, rules and reviewers can come from an import


def _table(columns: list[str], rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
    return out.getvalue()


def to_tables(amap: ArgumentMap) -> dict[str, str]:
    """{"claims.csv": text, "links.csv": text} for the map, rows in the map's canonical order."""
    amap = amap.sorted()
    docs = {d.id: d for d in amap.documents}
    actors = {a.id: a for a in amap.actors}
    claims = []
    for c in amap.claims:
        doc, actor = docs.get(c.document), actors.get(c.actor or "")
        start = c.spans.content[0][0]
        claims.append({
            "id": c.id, "document": c.document, "document_title": doc.title if doc else None,
            "publisher": doc.publisher if doc else None,
            "published": doc.published.isoformat() if doc and doc.published else None, "url": web_url(doc.url) if doc else None,
            "actor": c.actor, "actor_name": actor.name if actor else None, "side": actor.side if actor else None,
            "source_text": c.source_text, "cue": c.cue, "cue_lemma": c.cue_lemma, "kind": c.kind.value, "text": c.text,
            "quotes": json.dumps(c.quotes, ensure_ascii=False) if c.quotes else None,
            "start": start, "end": c.spans.content[-1][1],
            "spans": json.dumps(c.spans.model_dump(mode="json"), separators=(",", ":")),
            "page": doc.page_of(start) if doc else None, "target": c.target, "hedged": c.hedged,
            "confidence": c.confidence, "status": c.status.value, "rule": c.rule, "reviewer": c.reviewer, "note": c.note,
            "rating": c.rating.value if c.rating else None, "rating_note": c.rating_note,
            "rated_on": c.rated_on.isoformat() if c.rated_on else None,
        })
    links = [
        {"id": lk.id, "source": lk.source, "target": lk.target, "relation": lk.relation.value, "confidence": lk.confidence,
         "status": lk.status.value, "method": lk.method, "reason": lk.reason, "reviewer": lk.reviewer}
        for lk in amap.links
    ]
    return {"claims.csv": _table(CLAIM_COLUMNS, claims), "links.csv": _table(LINK_COLUMNS, links)}


def to_zip(tables: dict[str, str]) -> bytes:
    """The tables in one zip file; entries carry a fixed date, so the same map gives the same bytes."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(tables):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, tables[name].encode("utf-8"))
    return buf.getvalue()
