"""Comparison -> JSON, Markdown and CSV text (pure: a value in, a string out; no files).

Every row of every format cites its claims' document, date and exact sentence. Verbatim quoted
words keep their quotation marks and are set in italics where the format has them (Markdown).
HTML is html.py. Output is deterministic: the same Comparison always prints the same text.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator

from ..formats.csv import guard
from .model import ClaimRef, Comparison, Point, Row

FORMATS = ("html", "md", "csv", "json")
# Paired quotation marks (curly, guillemets, straight) inside a claim text.
_QUOTED = re.compile(r"“[^“”]+”|«[^«»]+»|„[^„“”]+[“”]|\"[^\"]+\"|‘[^‘’]+’(?!\w)")

RELATION_WORDS = {
    "contradicts": "contradicts",
    "supports": "supports",
    "restates": "restates",
    "contrasting": "contrasting (same topic, no link)",
    "unanswered": "unanswered",
}


def quoted_segments(text: str, quotes: list[str]) -> list[tuple[str, bool]]:
    """Cut `text` into (piece, is_verbatim_quote) runs: the claim's quoted fragments and any paired
    quotation marks count as verbatim."""
    mask = [False] * len(text)
    for q in quotes:
        q = q.strip().strip("“”\"«»„‘’ ")
        if not q:
            continue
        start = 0
        while (i := text.find(q, start)) >= 0:
            lo, hi = i, i + len(q)
            if lo > 0 and text[lo - 1] in "“\"«„‘":
                lo -= 1
            if hi < len(text) and text[hi] in "”\"»“’":
                hi += 1
            mask[lo:hi] = [True] * (hi - lo)
            start = i + len(q)
    for m in _QUOTED.finditer(text):
        mask[m.start() : m.end()] = [True] * (m.end() - m.start())
    out: list[tuple[str, bool]] = []
    for ch, flag in zip(text, mask, strict=True):
        if out and out[-1][1] == flag:
            out[-1] = (out[-1][0] + ch, flag)
        else:
            out.append((ch, flag))
    return out


def _clean(text: str) -> str:
    return " ".join(text.split())


# ---------------------------------------------------------------------------------------------
# JSON


def to_json(cmp: Comparison) -> str:
    """The Comparison as indented JSON (the `--format json` report; field docs: `argmap compare --schema`)."""
    return cmp.model_dump_json(indent=2) + "\n"


# ---------------------------------------------------------------------------------------------
# Markdown


def _md_escape(text: str) -> str:
    return re.sub(r"([\\`*_\[\]<>|#])", r"\\\1", _clean(text))


def _md_claim_text(ref: ClaimRef) -> str:
    parts = []
    for piece, quoted in quoted_segments(_clean(ref.text), ref.quotes):
        esc = re.sub(r"([\\`*_\[\]<>|#])", r"\\\1", piece)
        if quoted and esc.strip():
            lead, core, trail = re.match(r"^(\s*)(.*?)(\s*)$", esc).groups()
            parts.append(f"{lead}*{core}*{trail}")
        else:
            parts.append(esc)
    return "".join(parts)


def _md_cite(ref: ClaimRef) -> str:
    s = ref.source
    bits = [f"“{_md_escape(s.title)}”"]
    if s.publisher:
        bits.append(_md_escape(s.publisher))
    bits.append(ref.date_label + (f" (“{_md_escape(ref.date_text)}”)" if ref.date_text else ""))
    if s.sentence_offsets:
        bits.append(f"chars {s.sentence_offsets[0]}–{s.sentence_offsets[1]}")
    bits.append(f"`{ref.id}`")
    return " · ".join(bits)


def _md_claim(ref: ClaimRef | None, indent: str = "", seen: set[str] | None = None) -> list[str]:
    """A claim with its sentence and source; a claim already quoted (its id in `seen`) in one line."""
    if ref is None:
        return [f"{indent}*(nothing on this)*"]
    head = f"**{_md_escape(ref.actor_name)}** {ref.kind}"
    if ref.cue.strip():
        head += f" (“{_md_escape(ref.cue)}”)"
    if ref.target:
        head += f" → {_md_escape(ref.target)}"
    if seen is not None:
        if ref.id in seen:
            return [f"{indent}{head}: {_md_claim_text(ref)} (quoted above, `{ref.id}`)"]
        seen.add(ref.id)
    return [
        f"{indent}{head}: {_md_claim_text(ref)}",
        f"{indent}> {_md_escape(ref.source.sentence)}",
        f"{indent}> — {_md_cite(ref)}",
    ]


def _md_row(row: Row, cmp: Comparison, seen: set[str] | None = None) -> list[str]:
    rel = RELATION_WORDS[row.relation]
    basis = {"link": f"link {row.link} ({row.link_status}, {row.confidence:.2f})" if row.link else "link",
             "derived": "derived", "topic": f"shared terms ({row.confidence:.2f})" if row.confidence else "shared terms",
             "none": ""}[row.basis]
    out = [f"- **{rel}**" + (f" — {basis}" if basis else "") + f": {_md_escape(row.reason)}"]
    out.append(f"  - {_md_escape(cmp.a.name)}:")
    out += _md_claim(row.a, "    ", seen)
    out.append(f"  - {_md_escape(cmp.b.name)}:")
    out += _md_claim(row.b, "    ", seen)
    return out


def ranked_points(cmp: Comparison) -> tuple[list[Point], list[Point]]:
    """(the points shown in full, the others), most contested first (`Comparison.ranking`)."""
    by_id = {p.id: p for p in cmp.points}
    order = [by_id[i] for i in cmp.ranking if i in by_id] or list(cmp.points)
    order += [p for p in cmp.points if p not in order]
    return order[: cmp.top], order[cmp.top :]


def headline(p: Point) -> tuple[ClaimRef | None, ClaimRef | None]:
    """The two claims that sum a point up: those of its first row with both parties (rows are
    ordered linked contradictions first), else its first row."""
    row = next((r for r in p.rows if r.a and r.b), p.rows[0] if p.rows else None)
    return (row.a, row.b) if row else (None, None)


def _md_point_line(p: Point, cmp: Comparison) -> str:
    a, b = headline(p)
    said = " ⟷ ".join(f"{_md_escape(x.actor_name)}: “{_md_escape(_short(x.text, 70))}”" for x in (a, b) if x)
    return (f"- **{p.rank}. {p.id}** {_md_escape(p.topic)} — {p.relation}, {len(p.rows)} "
            f"row{'s' if len(p.rows) != 1 else ''} ({_md_escape(p.score_reason)}; {p.first_date}"
            + (f" to {p.last_date}" if p.last_date and p.last_date != p.first_date else "") + f"): {said}")


def to_markdown(cmp: Comparison, *, map_file: str | None = None) -> str:
    """The Comparison as a Markdown report (sections as in the HTML report; the map as a link).

    Points come most contested first, the top `cmp.top` in full (every row with its claims'
    sentences and sources), the others one line each; a claim quoted once is named, not quoted,
    the next time. Unanswered lists the accusations each party received and never answered.
    """
    A, B = cmp.a, cmp.b
    seen: set[str] = set()
    lines = [f"# {_md_escape(cmp.title)}", ""]
    lines.append(f"- **A**: {_md_escape(A.name)} (`{A.id}`, {A.kind}; {A.matched}; actors: {', '.join(A.actors)})")
    lines.append(f"- **B**: {_md_escape(B.name)} (`{B.id}`, {B.kind}; {B.matched}; actors: {', '.join(B.actors)})")
    f = cmp.filters
    filt = []
    if f.documents:
        filt.append("documents " + ", ".join(f.documents))
    if f.since:
        filt.append(f"since {f.since}")
    if f.until:
        filt.append(f"until {f.until}")
    if f.accepted_only:
        filt.append("accepted only")
    if filt:
        lines.append("- **Filters**: " + "; ".join(filt))
    st = cmp.stats
    lines.append(
        f"- **Claims**: {st.claims_a} of A, {st.claims_b} of B; {st.points} points of contention, "
        f"{st.agreements} agreements, {st.accusations_unanswered_a} + {st.accusations_unanswered_b} unanswered "
        f"accusations"
    )
    lines += [f"- *{_md_escape(n)}*" for n in cmp.notes]
    if map_file:
        lines += ["", f"![Argument map of {_md_escape(cmp.title)}]({map_file})"]

    full, rest = ranked_points(cmp)
    lines += ["", "## Points of contention", ""]
    if not cmp.points:
        lines.append("*None found.*")
    elif rest:
        lines += [f"*Most contested first: the top {len(full)} in full, the other {len(rest)} in one line each "
                  f"(all of them in `--format json`; `--top N` shows more).*", ""]
    for p in full:
        lines += [f"### {p.rank}. {p.id}: {_md_escape(p.topic)} — {p.relation}", "",
                  f"*{_md_escape(p.summary)}; {_md_escape(p.score_reason)}*", ""]
        for row in p.rows:
            lines += _md_row(row, cmp, seen)
        if p.third_parties:
            lines += ["", "Third parties on this point:"]
            for t in p.third_parties:
                who = cmp.a.name if t.toward == "a" else cmp.b.name
                lines.append(f"- **{_md_escape(t.claim.actor_name)}** {t.stance} {_md_escape(who)}: "
                             f"{_md_claim_text(t.claim)} — {_md_cite(t.claim)}")
        lines.append("")
    if rest:
        lines += [f"### Other points ({len(rest)})", ""]
        lines += [_md_point_line(p, cmp) for p in rest]
        lines.append("")

    lines += ["## Agreements", ""]
    if not cmp.agreements:
        lines.append("*None found: no supports or restates link between the two (or their sides).*")
    for row in cmp.agreements:
        lines += _md_row(row, cmp, seen)
    lines.append("")

    lines += ["## Unanswered accusations", ""]
    for key, party, other in (("a", A, B), ("b", B, A)):
        items = [u for u in cmp.unanswered if u.by == key and u.received]
        lines += [f"### {_md_escape(party.name)} accused {_md_escape(other.name)} ({len(items)})", ""]
        if not items:
            lines.append(f"*None: {_md_escape(other.name)} answered every accusation {_md_escape(party.name)} "
                         "aimed at it, or there was none.*")
        for u in items:
            where = f" (in {u.point})" if u.point else ""
            lines.append(f"- {_md_escape(u.reason)}{where} **accusation without a denial**")
            lines += _md_claim(u.claim, "  ", seen)
        others = sum(1 for u in cmp.unanswered if u.by == key and not u.received)
        if others:
            lines += ["", f"*{others} other claim{'s' if others != 1 else ''} of {_md_escape(party.name)} "
                      f"{'were' if others != 1 else 'was'} not addressed by {_md_escape(other.name)} (not accusations "
                      "aimed at it; listed in `--format json`, `unanswered`).*"]
        lines.append("")

    lines += ["## Timeline", "", f"| date | {_md_escape(A.name)} | {_md_escape(B.name)} | point | responds to |",
              "|---|---|---|---|---|"]
    for e in cmp.timeline:
        cell = f"{_md_claim_text(e.claim)} ({_md_escape(e.claim.source.title)})"
        a_cell, b_cell = (cell, "") if e.party == "a" else ("", cell)
        point = (e.point or "") + (" (first)" if e.opens_point else "")
        date = e.claim.date_label + (f" “{_md_escape(e.claim.date_text)}”" if e.claim.date_text else "")
        lines.append(f"| {date} | {a_cell} | {b_cell} | {point} | {', '.join(f'`{x}`' for x in e.responds_to)} |")
    lines.append("")

    lines += ["## Third parties", ""]
    if not cmp.third_parties:
        lines.append("*None.*")
    for tp in cmp.third_parties:
        ally = f" (on the side of {_md_escape(cmp.a.name if tp.ally_of == 'a' else cmp.b.name)})" if tp.ally_of else ""
        lines += [f"### {_md_escape(tp.name)}{ally}", "", f"*{_md_escape(tp.summary)}*", ""]
        for r in tp.rows:
            who = cmp.a.name if r.toward == "a" else cmp.b.name
            # one line each: the claim, its source and why (the sentence is in the JSON report)
            lines.append(f"- {r.stance} {_md_escape(who)}’s “{_md_escape(_short(r.other.text, 80))}”: "
                         f"{_md_claim_text(r.claim)} — {_md_cite(r.claim)} ({_md_escape(r.reason)})")
        lines.append("")

    lines += ["## Sources", ""]
    for d in cmp.documents:
        meta = ", ".join(x for x in (d.publisher, d.published.isoformat() if d.published else None) if x)
        url = f" <{d.url}>" if d.url else ""
        lines.append(f"- `{d.id}` “{_md_escape(d.title)}”" + (f" ({_md_escape(meta)})" if meta else "") + url)
    return "\n".join(lines).rstrip() + "\n"


def _short(text: str, limit: int) -> str:
    text = _clean(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# ---------------------------------------------------------------------------------------------
# CSV

CSV_COLUMNS = [
    "section", "point", "topic", "relation", "basis", "reason", "link", "link_status", "confidence",
    *[f"{side}_{k}" for side in ("a", "b") for k in (
        "claim", "actor", "kind", "cue", "text", "quotes", "date", "date_text", "document", "title",
        "publisher", "sentence", "sentence_start", "sentence_end", "content_offsets")],
]


def _ref_cells(ref: ClaimRef | None) -> list[str]:
    if ref is None:
        return [""] * 15
    s = ref.source
    return [
        ref.id, ref.actor or "", ref.kind, _clean(ref.cue), _clean(ref.text), " | ".join(ref.quotes),
        ref.date.isoformat() if ref.date else ref.date_label, ref.date_text, s.document, s.title, s.publisher or "",
        _clean(s.sentence), str(s.sentence_offsets[0]) if s.sentence_offsets else "",
        str(s.sentence_offsets[1]) if s.sentence_offsets else "",
        ";".join(f"{a}-{b}" for a, b in s.content_offsets),
    ]


def _csv_rows(cmp: Comparison) -> Iterator[list[str]]:
    def row_cells(section: str, point: str, topic: str, row: Row) -> list[str]:
        conf = "" if row.confidence is None else f"{row.confidence:.3f}"
        return [section, point, topic, row.relation, row.basis, row.reason, row.link or "", row.link_status or "",
                conf, *_ref_cells(row.a), *_ref_cells(row.b)]

    for p in cmp.points:
        for row in p.rows:
            yield row_cells("point", p.id, p.topic, row)
    for row in cmp.agreements:
        yield row_cells("agreement", "", "", row)
    for u in cmp.unanswered:
        a, b = (u.claim, None) if u.by == "a" else (None, u.claim)
        rel = "unanswered" + (" accusation" if u.accusation_without_denial else "")
        yield ["unanswered", u.point or "", "", rel, "none", u.reason, "", "", "", *_ref_cells(a), *_ref_cells(b)]
    for e in cmp.timeline:
        a, b = (e.claim, None) if e.party == "a" else (None, e.claim)
        reason = ("opens the point; " if e.opens_point else "") + (
            "responds to " + ", ".join(e.responds_to) if e.responds_to else "")
        yield ["timeline", e.point or "", "", "", "", reason.strip("; "), "", "", "", *_ref_cells(a), *_ref_cells(b)]
    for tp in cmp.third_parties:
        for r in tp.rows:
            # the party's claim in its own column, the third party's claim in the other one
            a, b = (r.other, r.claim) if r.toward == "a" else (r.claim, r.other)
            yield ["third-party", r.point or "", tp.name, r.stance, "link" if r.link else "topic", r.reason,
                   r.link or "", "", "", *_ref_cells(a), *_ref_cells(b)]


def to_csv(cmp: Comparison) -> str:
    """The Comparison as CSV: one line per aligned row, unanswered claim, timeline entry and
    third-party relation, with both claims' provenance in `a_*` / `b_*` columns (a third-party line
    has the party's claim in its own column and the third party's claim in the other one)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for r in _csv_rows(cmp):
        w.writerow([guard(c) if isinstance(c, str) else c for c in r])  # a speaker's words may start with "="
    return buf.getvalue()
