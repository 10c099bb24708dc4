#!/usr/bin/env python3
"""Turn snippet-based gold drafts into offset-based gold files (bench/gold/FORMAT.md). Stdlib only.

    python bench/gold/snippets_to_gold.py                 # convert every draft under bench/gold/drafts/
    python bench/gold/snippets_to_gold.py DRAFT.json ...  # convert these drafts
    python bench/gold/snippets_to_gold.py --verify [GOLD.json ...]   # reload gold files, print every span

A draft names its document by a path relative to the repository root and gives every span as an
exact text snippet instead of offsets:

    {
      "document": "corpus/algeria-mali/01-algeria-mod-drone-downed.md",
      "attributions": [
        {"id": "a1",
         "scope": "the Ministry of Defence announced on Tuesday",      # optional, see below
         "source": ["the Ministry of Defence"],
         "cue": ["announced"],
         "content": ["Algeria’s army shot down an “armed reconnaissance drone” ..."],
         "actor": "algeria-ministry-of-defence", "actor_parent": "algeria-government",
         "kind": "assertion", "target": null}
      ],
      "links": [{"source": "a2", "target": "a1", "relation": "supports", "note": "..."}]
    }

A snippet is a string, or {"text": "...", "occurrence": N} (1-based) when the text occurs more than
once. Matches respect word boundaries (a snippet starting or ending with a letter/digit does not
match inside a longer word). An attribution may give a "scope" snippet (itself a string or
{"text", "occurrence"}): its spans are then searched inside the scope only, and occurrence indices
count inside the scope. A snippet that is missing, or found more than once without an occurrence
index, is an error: the script stops and writes nothing for that draft.

The output goes to the same relative path under bench/gold/ (drafts/corpus/x/y.json ->
corpus/x/y.json), with "document" set to the file name, the sha256 of the normalised text, and a
"text" object holding each span's text for review (offsets are authoritative).

A draft named links-across.json holds cross-document links of one dispute folder:
{"links": [{"source": "<file-stem>#a3", "target": "<file-stem>#a2", "relation": "...", "note": "..."}]};
its references (file stem or file name, then "#" and the attribution id) are checked against the
gold files of the same folder, and written out as "<file name>#<id>" (e.g. "01-x.md#a3"), the form
that bench/eval_links.py resolves.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent          # bench/gold
ROOT = HERE.parents[1]                          # repository root
DRAFTS = HERE / "drafts"
ACTORS = ROOT / "corpus" / "actors.yaml"

KINDS = {"assertion", "accusation", "denial", "condemnation", "responsibility", "belief",
         "recommendation", "warning", "question"}
RELATIONS = {"supports", "contradicts", "restates"}
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class DraftError(Exception):
    pass


# ----------------------------------------------------------------------------- document text

def load_text(path: Path) -> str:
    """The normalised document text of FORMAT.md: UTF-8 (BOM dropped), \\n line ends, no front matter."""
    text = path.read_bytes().decode("utf-8")
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if path.suffix.lower() in (".md", ".markdown") and text.startswith("---\n"):
        lines = text.split("\n")
        for i in range(1, len(lines)):
            if lines[i] == "---":
                text = "\n".join(lines[i + 1:]).lstrip("\n")
                break
        else:
            raise DraftError(f"{path}: front matter has no closing '---' line")
    return text


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# ----------------------------------------------------------------------------- snippet search

def _bounded(text: str, start: int, end: int, snippet: str) -> bool:
    if snippet[0].isalnum() and start > 0 and text[start - 1].isalnum():
        return False
    if snippet[-1].isalnum() and end < len(text) and text[end].isalnum():
        return False
    return True


def find_all(text: str, snippet: str, lo: int, hi: int) -> list[int]:
    out, i = [], text.find(snippet, lo, hi)
    while i != -1:
        if _bounded(text, i, i + len(snippet), snippet):
            out.append(i)
        i = text.find(snippet, i + 1, hi)
    return out


def locate(text: str, spec, lo: int, hi: int, where: str) -> tuple[int, int]:
    """Offsets of a snippet spec inside text[lo:hi]."""
    if isinstance(spec, str):
        snippet, occurrence = spec, None
    elif isinstance(spec, dict) and isinstance(spec.get("text"), str):
        snippet, occurrence = spec["text"], spec.get("occurrence")
        unknown = set(spec) - {"text", "occurrence"}
        if unknown:
            raise DraftError(f"{where}: unknown keys {sorted(unknown)} in snippet {spec!r}")
    else:
        raise DraftError(f"{where}: a snippet must be a string or {{'text': ..., 'occurrence': N}}, got {spec!r}")
    if not snippet or snippet != snippet.strip():
        raise DraftError(f"{where}: snippet {snippet!r} is empty or has leading/trailing whitespace")
    hits = find_all(text, snippet, lo, hi)
    if not hits:
        raise DraftError(f"{where}: snippet not found: {snippet!r}")
    if occurrence is None:
        if len(hits) > 1:
            ctx = "; ".join(repr(text[max(0, h - 25):h + len(snippet) + 25]) for h in hits[:4])
            raise DraftError(f"{where}: snippet {snippet!r} occurs {len(hits)} times, give an occurrence index: {ctx}")
        start = hits[0]
    else:
        if not isinstance(occurrence, int) or not 1 <= occurrence <= len(hits):
            raise DraftError(f"{where}: occurrence {occurrence!r} of {snippet!r}: only {len(hits)} found")
        start = hits[occurrence - 1]
    return start, start + len(snippet)


# ----------------------------------------------------------------------------- actor registry

def load_registry(path: Path = ACTORS) -> dict[str, str | None]:
    """actor id -> parent, read from corpus/actors.yaml with a tiny line parser (no PyYAML)."""
    if not path.is_file():
        return {}
    out: dict[str, str | None] = {}
    section, current = None, None
    for line in path.read_text(encoding="utf-8").splitlines():
        if re.match(r"^[A-Za-z_]+:\s*$", line):
            section, current = line.split(":")[0], None
            continue
        if section != "actors":
            continue
        m = re.match(r"^\s*-\s*id:\s*(\S+)\s*$", line)
        if m:
            current = m.group(1)
            out[current] = None
            continue
        m = re.match(r"^\s+parent:\s*(\S+)\s*$", line)
        if m and current:
            out[current] = None if m.group(1) in ("null", "~") else m.group(1)
    return out


# ----------------------------------------------------------------------------- conversion

def convert(draft_path: Path, registry: dict[str, str | None], quiet: bool = False) -> Path:
    draft_path = draft_path.resolve()
    draft = json.loads(draft_path.read_text(encoding="utf-8"))
    name = draft_path.name
    doc_path = (ROOT / draft["document"]).resolve()
    if not doc_path.is_file():
        raise DraftError(f"{name}: document {draft['document']} not found")
    text = load_text(doc_path)
    atts, ids = [], set()
    for n, raw in enumerate(draft.get("attributions") or [], start=1):
        aid = raw.get("id") or f"a{n}"
        where = f"{name} {aid}"
        if aid in ids:
            raise DraftError(f"{where}: duplicate id")
        ids.add(aid)
        unknown = set(raw) - {"id", "scope", "source", "cue", "content", "actor", "actor_parent", "kind", "target", "comment"}
        if unknown:
            raise DraftError(f"{where}: unknown keys {sorted(unknown)}")
        lo, hi = 0, len(text)
        if raw.get("scope") is not None:
            lo, hi = locate(text, raw["scope"], 0, len(text), f"{where} scope")
        spans = {}
        for key in ("source", "cue", "content"):
            specs = raw.get(key) or []
            if not isinstance(specs, list):
                raise DraftError(f"{where}: {key} must be a list of snippets")
            spans[key] = sorted(locate(text, s, lo, hi, f"{where} {key}") for s in specs)
        if not spans["content"]:
            raise DraftError(f"{where}: no content span")
        if not spans["cue"]:
            raise DraftError(f"{where}: no cue span")
        kind = raw.get("kind")
        if kind not in KINDS:
            raise DraftError(f"{where}: kind {kind!r} is not one of {sorted(KINDS)}")
        actor, parent, target = raw.get("actor"), raw.get("actor_parent"), raw.get("target")
        for label, slug in (("actor", actor), ("actor_parent", parent), ("target", target)):
            if slug is not None and not SLUG.match(slug):
                raise DraftError(f"{where}: {label} {slug!r} is not a lowercase hyphenated slug")
            if slug is not None and registry and slug not in registry:
                raise DraftError(f"{where}: {label} {slug!r} is not in {ACTORS.relative_to(ROOT)}")
        if actor is None and spans["source"]:
            raise DraftError(f"{where}: a source span but no actor")
        if actor is not None and registry and registry.get(actor) != parent:
            raise DraftError(f"{where}: actor_parent {parent!r} differs from the registry's parent {registry.get(actor)!r} of {actor}")
        atts.append({
            "id": aid,
            "source": [list(s) for s in spans["source"]],
            "cue": [list(s) for s in spans["cue"]],
            "content": [list(s) for s in spans["content"]],
            "actor": actor,
            "actor_parent": parent,
            "kind": kind,
            "target": target,
            "text": {k: [text[s:e] for s, e in v] for k, v in spans.items()},
        })
    links = []
    for ln in draft.get("links") or []:
        if ln.get("source") not in ids or ln.get("target") not in ids:
            raise DraftError(f"{name}: link {ln} refers to an unknown attribution")
        if ln.get("source") == ln.get("target"):
            raise DraftError(f"{name}: link {ln} links an attribution to itself")
        if ln.get("relation") not in RELATIONS:
            raise DraftError(f"{name}: link {ln} has relation not in {sorted(RELATIONS)}")
        links.append({"source": ln["source"], "target": ln["target"], "relation": ln["relation"], "note": ln.get("note", "")})
    out = {"document": doc_path.name, "sha256": sha256(text), "attributions": atts, "links": links}
    out_path = HERE / draft_path.resolve().relative_to(DRAFTS)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    if not quiet:
        print(f"{out_path.relative_to(ROOT)}: {len(atts)} attributions, {len(links)} links")
    return out_path


def convert_links_across(draft_path: Path) -> Path:
    draft_path = draft_path.resolve()
    draft = json.loads(draft_path.read_text(encoding="utf-8"))
    out_dir = HERE / draft_path.resolve().parent.relative_to(DRAFTS)
    known: dict[str, tuple[str, set[str]]] = {}  # file stem and file name -> (file name, ids)
    for g in out_dir.glob("*.json"):
        if g.name.startswith("links-"):
            continue
        data = json.loads(g.read_text(encoding="utf-8"))
        entry = (data["document"], {a["id"] for a in data["attributions"]})
        known[Path(data["document"]).stem] = entry
        known[data["document"]] = entry
    links = []
    for ln in draft.get("links") or []:
        ends = {}
        for end in ("source", "target"):
            ref = ln.get(end, "")
            doc, _, aid = ref.rpartition("#")
            if doc not in known or aid not in known[doc][1]:
                raise DraftError(f"{draft_path.name}: {end} {ref!r} is not an attribution of a gold file in {out_dir.relative_to(ROOT)}")
            # written out as "<document file name>#<id>", the form bench/eval_links.py resolves
            ends[end] = f"{known[doc][0]}#{aid}"
        if ends["source"].rpartition("#")[0] == ends["target"].rpartition("#")[0]:
            raise DraftError(f"{draft_path.name}: {ln} links two attributions of the same document (put it in that document's links)")
        if ln.get("relation") not in RELATIONS:
            raise DraftError(f"{draft_path.name}: link {ln} has relation not in {sorted(RELATIONS)}")
        links.append({"source": ends["source"], "target": ends["target"], "relation": ln["relation"], "note": ln.get("note", "")})
    out_path = out_dir / draft_path.name
    out_path.write_text(json.dumps({"links": links}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{out_path.relative_to(ROOT)}: {len(links)} cross-document links")
    return out_path


# ----------------------------------------------------------------------------- verification

def verify(gold_path: Path) -> bool:
    """Reload a gold file and its document, check the hash, print every span; False on a mismatch."""
    gold_path = gold_path.resolve()
    data = json.loads(gold_path.read_text(encoding="utf-8"))
    hits = sorted((ROOT / "corpus").rglob(data["document"]))
    if not hits:
        print(f"!! {gold_path}: document {data['document']} not found under corpus/")
        return False
    text = load_text(hits[0])
    ok = sha256(text) == data["sha256"]
    print(f"== {gold_path.relative_to(ROOT)} -> {hits[0].relative_to(ROOT)}  sha256 {'ok' if ok else 'MISMATCH'}")
    for a in data["attributions"]:
        def show(spans):
            # short spans ("said", "It") are shown in context so that their position can be checked
            out = []
            for s, e in spans:
                if e - s < 20:
                    before = text[max(0, s - 30):s].replace("\n", " ")
                    after = text[e:e + 30].replace("\n", " ")
                    out.append(f"{text[s:e]}   ...{before}[[{text[s:e]}]]{after}...")
                else:
                    out.append(text[s:e])
            return " | ".join(out) or "-"
        for key in ("source", "cue", "content"):
            for (s, e), t in zip(a[key], a.get("text", {}).get(key, [None] * len(a[key]))):
                if t is not None and text[s:e] != t:
                    print(f"!! {a['id']} {key} [{s},{e}] is {text[s:e]!r}, stored text {t!r}")
                    ok = False
        print(f"  {a['id']:>4} {a['kind']:<14} {a['actor'] or '-'}{' <' + a['actor_parent'] if a['actor_parent'] else ''}"
              f"{' -> ' + a['target'] if a['target'] else ''}")
        print(f"       source : {show(a['source'])}")
        print(f"       cue    : {show(a['cue'])}")
        print(f"       content: {show(a['content'])}")
    for ln in data["links"]:
        print(f"  link {ln['source']} {ln['relation']} {ln['target']}  ({ln.get('note', '')})")
    return ok


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--verify", action="store_true", help="reload gold files and print every span")
    args = ap.parse_args()
    if args.verify:
        files = args.files or sorted(p for p in (HERE / "corpus").rglob("*.json") if not p.name.startswith("links-"))
        return 0 if all([verify(f) for f in files]) else 1
    drafts = args.files or sorted(DRAFTS.rglob("*.json"))
    registry = load_registry()
    failed = False
    # documents first, then the cross-document links that refer to them
    for d in sorted(drafts, key=lambda p: p.name.startswith("links-")):
        try:
            if d.name.startswith("links-"):
                convert_links_across(d)
            else:
                convert(d, registry)
        except DraftError as exc:
            print(f"error: {exc}", file=sys.stderr)
            failed = True
        except (KeyError, json.JSONDecodeError) as exc:
            print(f"error: {d}: malformed draft ({exc})", file=sys.stderr)
            failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
