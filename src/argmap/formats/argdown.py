"""Argdown export: one statement per claim, support and attack relations, a tag per actor.

This module owns the Argdown writing of a map (https://argdown.org): a front matter with the map's
title, a section (`# heading`) per document, and for each claim a statement
`[Actor (id)]: text #actor-id {claim: ..., document: ..., kind: ...}`. Under a claim come the claims
that support it (`+ [title]`) or contradict it (`- [title]`); Argdown has no restatement relation,
so `restates` goes into the statement's data (`restates: [claim ids]`). Every Argdown special
character in a text is escaped with a backslash, so a claim can never turn into syntax. Pure.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict

from ..model import ArgumentMap, Claim, Relation

#: Characters with a meaning somewhere in Argdown (titles, tags, relations, emphasis, data,
#: comments, mentions, ranges); escaped wherever they stand in a text.
_SPECIAL = re.compile(r"([\\\[\]<>#*_@{}/+\-=~|^$%&()!`])")
_PLAIN_TAG = re.compile(r"^[A-Za-z0-9_-]+$")


def escape(text: str) -> str:
    """`text` on one line, with every Argdown special character backslash-escaped."""
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def title_text(text: str) -> str:
    """A statement title: one line, no brackets or backslashes (titles are names: Argdown does not unescape them)."""
    return " ".join(text.replace("[", "(").replace("]", ")").replace("\\", "/").split())


def tag(actor_id: str) -> str:
    """`#actor-id`, or `#(actor id)` when the id has characters a bare tag cannot hold."""
    if _PLAIN_TAG.match(actor_id):
        return f"#{actor_id}"
    return "#(" + re.sub(r"[()]", "", actor_id) + ")"


def titles(amap: ArgumentMap) -> dict[str, str]:
    """Claim id -> statement title, "Actor name (first 6 hex of the id)", unique across the map."""
    names = {a.id: a.name for a in amap.actors}
    short = {
        c.id: title_text(f"{names.get(c.actor, c.actor) if c.actor else 'Unattributed'} ({c.id.removeprefix('c-')[:6]})")
        for c in amap.claims
    }
    counts = defaultdict(int)
    for t in short.values():
        counts[t] += 1
    # two claims of one actor whose ids share six hex digits: those two get their full ids
    return {cid: t if counts[t] == 1 else f"{t[: t.rfind('(')]}({cid})" for cid, t in short.items()}


def _data(claim: Claim, restates: list[str]) -> str:
    data = {"claim": claim.id, "document": claim.document, "kind": claim.kind.value, "status": claim.status.value}
    if claim.actor:
        data["actor"] = claim.actor
    if restates:
        data["restates"] = restates
    # JSON is YAML flow syntax, which Argdown reads for statement data; ids hold no braces
    return json.dumps(data, ensure_ascii=False)


def to_argdown(amap: ArgumentMap, *, title: str = "argmap export") -> str:
    """The map as an Argdown document (statements grouped by document, in text order)."""
    amap = amap.sorted()
    title_of = titles(amap)
    incoming: dict[str, list[tuple[str, str]]] = defaultdict(list)
    restates: dict[str, list[str]] = defaultdict(list)
    for link in amap.links:
        if link.source not in title_of or link.target not in title_of:
            continue
        if link.relation is Relation.restates:
            restates[link.source].append(link.target)
        else:
            incoming[link.target].append(("+" if link.relation is Relation.supports else "-", link.source))
    lines = ["===", f"title: {json.dumps(title, ensure_ascii=False)}", "===", ""]
    by_doc: dict[str, list[Claim]] = defaultdict(list)
    for c in amap.claims:
        by_doc[c.document].append(c)
    for doc in amap.documents:
        if not by_doc.get(doc.id):
            continue
        lines += [f"# {escape(doc.title) or escape(doc.path)}", ""]
        for c in by_doc[doc.id]:
            tags = f" {tag(c.actor)}" if c.actor else ""
            lines.append(f"[{title_of[c.id]}]: {escape(c.text)}{tags} {_data(c, restates.get(c.id, []))}")
            for sign, source in incoming.get(c.id, []):
                lines.append(f"  {sign} [{title_of[source]}]")
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"
