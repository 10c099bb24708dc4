"""Build and review the offset-only gold file of a third-party document (stdlib only).

    python bench/gold/seed_tool.py build DRAFT.json OUT.json [--doc PATH]
    python bench/gold/seed_tool.py show GOLD.json [--doc PATH]
    python bench/gold/seed_tool.py check GOLD.json [--doc PATH]

The seed article may not be copied into the repository, so its gold (bench/gold/FORMAT.md) holds
character offsets only. Offsets are not typed by hand: an annotator writes a *draft*, kept outside the
repository, in which every span is an exact snippet of the article, and `build` turns it into the gold.

Draft = the gold format with snippets instead of offsets, plus optional anchors and notes:

    {"document": "000_dad2c62ecae5722a.txt",
     "notes": ["free text, kept in the gold: no article text"],
     "attributions": [
       {"id": "a1", "anchor": "snippet that locates the sentence",   # optional: spans are searched in it
        "source": "the Malian government",                          # null or [] when agentless
        "cue": "denounced",                                         # one span, or a list for fragments
        "content": ["first fragment", {"text": "said", "occ": 1}],
        "actor": "mali-government", "actor_parent": null, "kind": "condemnation", "target": null,
        "note": "optional, kept in the gold"}],
     "links": [{"source": "a5", "target": "a3", "relation": "contradicts", "note": "why"}]}

A snippet is a string, or {"text": ..., "occ": k} for its k-th occurrence (0-based) when it occurs more
than once in the search region (the anchor, else the whole text). Occurrences that cut a word do not
count ("it" is not found inside "its"). The anchor itself is a snippet of the
whole text. A missing snippet, an ambiguous one without "occ", or an out-of-range "occ" is an error.

`build` also validates the result (`check`): sha256, spans inside the text, no span with surrounding
whitespace, no content starting with the complementiser "that", source/cue/content of one attribution
disjoint, known kinds and relations, slugs, link ends, and that no string of the gold copies the article.
`show` prints every attribution's spans by slicing the article, then the links, for review.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEED_DIR = (ROOT / ".." / "shared" / "seeds").resolve()
KINDS = {"assertion", "accusation", "denial", "condemnation", "responsibility", "belief", "recommendation", "warning", "question"}
RELATIONS = {"supports", "contradicts", "restates"}
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
FIELDS = ("source", "cue", "content")
LEAK_CHARS = 30  # a gold string sharing this many consecutive characters with the article copies it


class GoldError(Exception):
    """A draft or gold file that cannot be trusted; the message says where and why."""


def normalise(raw: bytes) -> str:
    """The document text argmap stores: UTF-8, BOM dropped, \\r\\n and \\r turned into \\n."""
    text = raw.decode("utf-8")
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def load_text(document: str, doc: str | None) -> str:
    path = Path(doc) if doc else SEED_DIR / document
    if not path.is_file():
        raise GoldError(f"document not found: {path} (give --doc PATH)")
    return normalise(path.read_bytes())


# ---------------------------------------------------------------- draft -> gold

def _occurrences(text: str, snippet: str, lo: int, hi: int) -> list[int]:
    """Starts of snippet in text[lo:hi] that do not cut a word ('it' is not found inside 'its')."""
    out, i = [], text.find(snippet, lo, hi)
    while i != -1:
        end = i + len(snippet)
        cuts_before = snippet[0].isalnum() and i > 0 and text[i - 1].isalnum()
        cuts_after = snippet[-1].isalnum() and end < len(text) and text[end].isalnum()
        if not (cuts_before or cuts_after):
            out.append(i)
        i = text.find(snippet, i + 1, hi)
    return out


def locate(text: str, spec, lo: int, hi: int, where: str) -> list[int]:
    """[start, end] of one snippet spec inside text[lo:hi]."""
    if isinstance(spec, str):
        snippet, occ = spec, None
    elif isinstance(spec, dict) and set(spec) <= {"text", "occ"} and isinstance(spec.get("text"), str):
        snippet, occ = spec["text"], spec.get("occ")
        if occ is not None and (not isinstance(occ, int) or isinstance(occ, bool) or occ < 0):
            raise GoldError(f"{where}: 'occ' must be an integer >= 0, got {occ!r}")
    else:
        raise GoldError(f"{where}: a snippet is a string or {{\"text\": ..., \"occ\": k}}, got {spec!r}")
    if not snippet:
        raise GoldError(f"{where}: empty snippet")
    hits = _occurrences(text, snippet, lo, hi)
    if not hits:
        raise GoldError(f"{where}: snippet not found in [{lo}, {hi}): {snippet!r}")
    if occ is None:
        if len(hits) > 1:
            raise GoldError(f"{where}: snippet occurs {len(hits)} times in [{lo}, {hi}) at {hits}; add \"occ\": {snippet!r}")
        occ = 0
    if occ >= len(hits):
        raise GoldError(f"{where}: occ {occ} but the snippet occurs {len(hits)} time(s) in [{lo}, {hi}): {snippet!r}")
    return [hits[occ], hits[occ] + len(snippet)]


def _fragments(value) -> list:
    """A field's value as a list of snippet specs (None -> [], one spec -> [spec])."""
    if value is None:
        return []
    if isinstance(value, (str, dict)):
        return [value]
    if isinstance(value, list):
        return value
    raise GoldError(f"a span field is null, a snippet or a list of snippets, got {value!r}")


def build(draft: dict, text: str) -> dict:
    """Gold dict (offsets only) from a draft (snippets)."""
    for key in ("document", "attributions"):
        if key not in draft:
            raise GoldError(f"draft: missing key {key!r}")
    attributions = []
    for n, a in enumerate(draft["attributions"]):
        aid = a.get("id", f"#{n}")
        lo, hi = 0, len(text)
        if a.get("anchor") is not None:
            lo, hi = locate(text, a["anchor"], 0, len(text), f"{aid}.anchor")
        out = {"id": aid}
        for field in FIELDS:
            spans = [locate(text, spec, lo, hi, f"{aid}.{field}[{i}]") for i, spec in enumerate(_fragments(a.get(field)))]
            out[field] = sorted(spans)
        for key in ("actor", "actor_parent", "kind", "target"):
            out[key] = a.get(key)
        if a.get("note"):
            out["note"] = a["note"]
        extra = set(a) - {"id", "anchor", *FIELDS, "actor", "actor_parent", "kind", "target", "note"}
        if extra:
            raise GoldError(f"{aid}: unknown keys {sorted(extra)}")
        attributions.append(out)
    gold = {"document": draft["document"], "sha256": sha256(text)}
    if draft.get("notes"):
        gold["notes"] = list(draft["notes"])
    gold["attributions"] = attributions
    gold["links"] = [dict(link) for link in draft.get("links", [])]
    return gold


# ---------------------------------------------------------------- validation

def _strings(obj):
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, dict):
        for v in obj.values():
            yield from _strings(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from _strings(v)


def _overlaps(a: list, b: list) -> bool:
    return any(min(e1, e2) > max(s1, s2) for s1, e1 in a for s2, e2 in b)


def validate(gold: dict, text: str) -> list[str]:
    """Problems of a gold file against the normalised text ([] when it is sound)."""
    errs = []
    if gold.get("sha256") != sha256(text):
        errs.append("sha256 does not match the normalised document text")
    ids = set()
    for a in gold.get("attributions", []):
        aid = a.get("id")
        if not aid or aid in ids:
            errs.append(f"attribution id missing or duplicated: {aid!r}")
        ids.add(aid)
        for field in FIELDS:
            spans = a.get(field)
            if not isinstance(spans, list):
                errs.append(f"{aid}.{field}: not a list")
                continue
            for s, e in spans:
                if not (0 <= s < e <= len(text)):
                    errs.append(f"{aid}.{field}: span [{s}, {e}] outside the text or empty")
                elif text[s:e] != text[s:e].strip():
                    errs.append(f"{aid}.{field}: span [{s}, {e}] starts or ends with whitespace")
            if any(e1 > s2 for (_, e1), (s2, _) in zip(spans, spans[1:])):
                errs.append(f"{aid}.{field}: fragments overlap or are unsorted")
        if not a.get("cue"):
            errs.append(f"{aid}: no cue")
        if not a.get("content"):
            errs.append(f"{aid}: no content")
        else:
            s, e = a["content"][0]
            if re.match(r"that\b", text[s:e], re.IGNORECASE):
                errs.append(f"{aid}.content starts with the complementiser 'that'")
        for f1, f2 in (("source", "cue"), ("source", "content"), ("cue", "content")):
            if _overlaps(a.get(f1) or [], a.get(f2) or []):
                errs.append(f"{aid}: {f1} and {f2} overlap")
        if a.get("kind") not in KINDS:
            errs.append(f"{aid}: unknown kind {a.get('kind')!r}")
        for key in ("actor", "actor_parent", "target"):
            v = a.get(key)
            if v is not None and not SLUG.match(v):
                errs.append(f"{aid}.{key}: not a slug: {v!r}")
        if bool(a.get("source")) != (a.get("actor") is not None):
            errs.append(f"{aid}: an actor needs a source span and an agentless attribution (no source) has actor null")
    seen = set()
    for link in gold.get("links", []):
        ends = (link.get("source"), link.get("target"))
        if ends[0] not in ids or ends[1] not in ids:
            errs.append(f"link {ends}: unknown attribution id")
        if ends[0] == ends[1]:
            errs.append(f"link {ends}: both ends are the same attribution")
        if link.get("relation") not in RELATIONS:
            errs.append(f"link {ends}: unknown relation {link.get('relation')!r}")
        key = tuple(sorted(ends)) if link.get("relation") != "supports" else ends
        if (key, link.get("relation")) in seen:
            errs.append(f"link {ends}: duplicated")
        seen.add((key, link.get("relation")))
    for s in _strings(gold):
        for i in range(max(0, len(s) - LEAK_CHARS + 1)):
            if s[i:i + LEAK_CHARS] in text:
                errs.append(f"a gold string copies the article: {s[:60]!r}...")
                break
    return errs


# ---------------------------------------------------------------- output

def dumps(gold: dict) -> str:
    """Stable JSON: one attribution / link per line, so diffs stay readable."""
    lines = ["{"]
    head = [(k, gold[k]) for k in ("document", "sha256", "notes") if k in gold]
    for k, v in head:
        lines.append(f"  {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)},")
    for key in ("attributions", "links"):
        items = gold.get(key, [])
        lines.append(f"  {json.dumps(key)}: [")
        for i, item in enumerate(items):
            sep = "," if i < len(items) - 1 else ""
            lines.append(f"    {json.dumps(item, ensure_ascii=False)}{sep}")
        lines.append("  ]," if key == "attributions" else "  ]")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _render(text: str, spans: list) -> str:
    return " | ".join(f"«{text[s:e]}»" for s, e in spans) if spans else "—"


def show(gold: dict, text: str, out=sys.stdout) -> None:
    by_id = {}
    for a in gold["attributions"]:
        by_id[a["id"]] = a
        actor = a["actor"] or "(agentless)"
        if a.get("actor_parent"):
            actor += f" < {a['actor_parent']}"
        print(f"{a['id']} [{a['kind']}] {actor}" + (f" -> {a['target']}" if a.get("target") else ""), file=out)
        for field in FIELDS:
            print(f"    {field:7s} {a[field]} {_render(text, a[field])}", file=out)
        if a.get("note"):
            print(f"    note    {a['note']}", file=out)
    if gold.get("links"):
        print(f"\nlinks ({len(gold['links'])}):", file=out)
    for link in gold.get("links", []):
        def brief(aid):
            a = by_id.get(aid)
            if not a:
                return f"{aid}?"
            snippet = " … ".join(text[s:e] for s, e in a["content"])
            return f"{aid} {a['actor'] or '(agentless)'}: «{snippet[:60]}{'…' if len(snippet) > 60 else ''}»"
        print(f"  {brief(link['source'])}\n      {link['relation'].upper()} {brief(link['target'])}"
              + (f"\n      ({link['note']})" if link.get("note") else ""), file=out)
    kinds = {}
    for a in gold["attributions"]:
        kinds[a["kind"]] = kinds.get(a["kind"], 0) + 1
    rels = {}
    for link in gold.get("links", []):
        rels[link["relation"]] = rels.get(link["relation"], 0) + 1
    print(f"\n{len(gold['attributions'])} attributions {dict(sorted(kinds.items()))}; "
          f"{len(gold.get('links', []))} links {dict(sorted(rels.items()))}", file=out)


def _read_json(path: str) -> dict:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise GoldError(f"{path}: {exc}") from exc


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build", help="draft (snippets) -> gold (offsets), validated")
    b.add_argument("draft")
    b.add_argument("out")
    for name in ("show", "check"):
        p = sub.add_parser(name, help="print spans for review" if name == "show" else "validate a gold file")
        p.add_argument("gold")
    for p in sub.choices.values():
        p.add_argument("--doc", help="the document (default: ../shared/seeds/<document>)")
    args = ap.parse_args(argv)
    try:
        if args.cmd == "build":
            draft = _read_json(args.draft)
            text = load_text(draft.get("document", ""), args.doc)
            gold = build(draft, text)
            errs = validate(gold, text)
            if errs:
                raise GoldError("invalid gold:\n  " + "\n  ".join(errs))
            Path(args.out).parent.mkdir(parents=True, exist_ok=True)
            Path(args.out).write_text(dumps(gold), encoding="utf-8")
            print(f"wrote {args.out}: {len(gold['attributions'])} attributions, {len(gold['links'])} links")
        else:
            gold = _read_json(args.gold)
            text = load_text(gold.get("document", ""), args.doc)
            errs = validate(gold, text)
            if args.cmd == "show":
                show(gold, text)
            if errs:
                raise GoldError("invalid gold:\n  " + "\n  ".join(errs))
            if args.cmd == "check":
                print(f"{args.gold}: ok ({len(gold['attributions'])} attributions, {len(gold.get('links', []))} links)")
    except GoldError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
