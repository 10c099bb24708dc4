"""Shared parts of the hostile-input tests: one deterministic Hypothesis profile, strategies for
adversarial text, and `run_pipeline`, which sends documents through the real chain (ingest ->
extract with the real spaCy model -> link -> render with the real `dot` -> every export) into a real
SQLite file and checks the invariants that must hold whatever the input.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import tempfile
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from argmap import jobs
from argmap.errors import ArgmapError
from argmap.formats import export, import_data
from argmap.model import ArgumentMap, json_schema
from argmap.store import open_store

#: Deterministic for CI (derandomize: the same examples on every run, no example database), sized
#: to keep this folder well under a minute; a whole pipeline run must finish within `deadline`.
#: ARGMAP_HOSTILE_SCALE=20 runs twenty times the examples, randomly: a hunt for new crashes.
SCALE = float(os.environ.get("ARGMAP_HOSTILE_SCALE", "1"))
PROFILE = settings(
    derandomize=SCALE == 1,
    database=None,
    deadline=20_000,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example,
                           HealthCheck.filter_too_much],
)

#: What a page can execute if it reaches a browser unescaped (the browser tests hook these names).
PAYLOADS = [
    "<script>window.__pwned=1</script>",
    "<img src=x onerror=\"window.__pwned=2\">",
    "<svg onload=window.__pwned=3>",
    "\"><svg/onload=window.__pwned=4>",
    "javascript:window.__pwned=5",
    "<a href=\"javascript:window.__pwned=6\">x</a>",
    "' onmouseover='window.__pwned=7",
    "<iframe src=\"javascript:window.__pwned=8\"></iframe>",
    "<style>body{background:url(javascript:window.__pwned=9)}</style>",
]
#: Pieces that break parsers, escapers and serialisers, mixed with sentences the extractor reads.
FRAGMENTS = [
    "The minister said that ", "the drone crashed near the border", ". ", ", the ministry said. ",
    "Officials denied that ", "According to Algiers, ", " he added.", "Bamako accused Algeria of lying. ",
    "\u201c", "\u201d", "\u2018", "\u2019", '"', "'", "\u00ab", "\u00bb", "\u201e", "\u201a",
    "\n", "\n\n", "\r\n", "\r", "\t", "\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1b[31m", "\x7f", "\x85",
    "\u2028", "\u2029", "\u200b", "\u200e", "\u200f", "\u202a", "\u202b", "\u202d", "\u202e", "\u2066", "\u2067",
    "\u2069", "\ufeff", "\ufffd", "\ufffe", "\uffff", "e\u0301\u0302\u0303\u0304", "\u0301",
    "\U0001F600", "\U0001F1FA\U0001F1F8", "\U0001D54F", "\U00010348", "\U0010FFFD",
    "\u0627\u0644\u0648\u0632\u064a\u0631 \u0642\u0627\u0644 ", "\u05e9\u05dc\u05d5\u05dd ", "\u0395\u03bb\u03bb\u03ac\u03b4\u03b1 ",
    "\u4e2d\u56fd\u5916\u4ea4\u90e8\u8868\u793a ", "\u041c\u0430\u043b\u0438 ",
    *PAYLOADS,
    "</svg>", "</script>", "-->", "<!--", "]]>", "<![CDATA[", "&amp;", "&#0;", "&lt;", "&", "<?xml ?>",
    '"]; evil [label="x', "\\N", "\\G", "\\L", "\\n", "\\", "{", "}", "|", "<", ">", "]", "[", ";", "=",
    "digraph { a -> b }", "subgraph cluster_x {", "Mr. ", "U.S. ", "...", "\u2026", " \u2014 ", "(", ")", "*", "#",
    "---\n", "- ", "1. ", "=SUM(A1)", "+cmd|' /C calc'!A0", "@", ",", "\"\"\"",
]

_chars = st.characters(blacklist_categories=("Cs",))  # any code point a str can hold in UTF-8
text_strategy = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(_chars, max_size=12)),
                         min_size=1, max_size=50).map("".join)
meta_strategy = st.one_of(st.none(), st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(_chars, max_size=8)),
                                              min_size=1, max_size=6).map("".join))
FORMATS = ("txt", "md", "html", "jsonl")

#: A document that always yields claims, so every example has something to link, draw and export.
ANCHOR = ("The ministry said that the drone had violated its airspace. "
          "Bamako denied that the aircraft had crossed the border.\n"
          "\u201cWe will respond firmly,\u201d the minister said.\n")


@dataclass
class Doc:
    """A document to write in one input format, with optional metadata."""

    text: str
    fmt: str = "txt"
    title: str | None = None
    publisher: str | None = None
    url: str | None = None


def write_document(folder: Path, name: str, doc: Doc) -> Path:
    """Write `doc` as a file of its format (hostile metadata goes where each format carries it)."""
    meta = {k: v for k, v in (("title", doc.title), ("publisher", doc.publisher), ("url", doc.url)) if v is not None}
    path = folder / f"{name}.{doc.fmt}"
    if doc.fmt == "txt":
        path.write_bytes(doc.text.encode("utf-8"))
    elif doc.fmt == "md":
        front = yaml.safe_dump(meta, allow_unicode=True) if meta else ""
        path.write_bytes(f"---\n{front}---\n{doc.text}".encode())
    elif doc.fmt == "html":
        # the text goes in raw: its markup is the page's markup, unbalanced or not
        head = "".join(f'<meta property="og:{k if k != "publisher" else "site_name"}" content="{v}">'
                       for k, v in meta.items())
        page = (f"<!doctype html><html><head><title>{doc.title or ''}</title>{head}"
                "<script>window.__pwned=1</script></head><body onload=\"window.__pwned=1\"><article>"
                f"<h1>{doc.title or ''}</h1><p>{doc.text}</p><p>{ANCHOR}</p></article></body></html>")
        path.write_bytes(page.encode("utf-8"))
    else:
        path.write_bytes((json.dumps({"text": doc.text, **meta}) + "\n").encode("utf-8"))
    return path


@dataclass
class Outcome:
    """What one pipeline run left behind."""

    map: ArgumentMap
    svgs: dict[str, bytes]
    exports: dict[str, object]
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0


def run_pipeline(nlp, docs: list[Doc], *, folder: Path | None = None, time_limit: float = 8.0,
                 formats: tuple[str, ...] = ("json", "aif", "argdown", "csv", "graphml", "claimreview", "dot"),
                 ) -> Outcome | None:
    """Ingest, extract, link, render and export `docs` (plus ANCHOR) in a fresh store, checking invariants.

    Returns None when argmap refused all input with a one-line error (that is allowed; a crash is not).
    """
    with tempfile.TemporaryDirectory(prefix="argmap-hostile-") as tmp:
        base = Path(tmp) if folder is None else folder
        corpus = base / "corpus"
        corpus.mkdir()
        paths = [write_document(corpus, f"d{i}", d) for i, d in enumerate(docs)]
        paths.append(write_document(corpus, "anchor", Doc(ANCHOR)))
        started = time.monotonic()
        with open_store(base / "argmap.db") as store:
            try:
                result = jobs.extract(store, [str(p) for p in paths], nlp=nlp, time_limit=time_limit)
            except ArgmapError as exc:
                assert "\n" not in str(exc), f"errors are one line: {exc!r}"
                return None
            for p in result.problems:
                assert "\n" not in p.message, f"problems are one line: {p.message!r}"
            jobs.link(store)
            written = jobs.render(store, base / "maps")
            amap = store.load_map()
        seconds = time.monotonic() - started
        svgs = {p.name: p.read_bytes() for p in written}
        exports = {fmt: export(amap, fmt) for fmt in formats}
        outcome = Outcome(amap, svgs, exports, [p.message for p in result.problems], seconds)
        check_invariants(outcome)
        return outcome


# -- invariants ----------------------------------------------------------------------------------
_SCHEMA = None
_EVENT_ATTR = re.compile(r"^on[a-z]+$", re.IGNORECASE)


def check_invariants(out: Outcome) -> None:
    """Everything that must hold for any input: exact spans, valid exports, inert SVG."""
    check_spans(out.map)
    for name, data in out.svgs.items():
        if name.endswith(".html"):  # the dispute index written beside the maps
            check_inert_html(data, name)
        else:
            check_inert_svg(data, name)
    exports = out.exports
    if "json" in exports:
        check_json_export(exports["json"], out.map)
    if "aif" in exports:
        aif = json.loads(exports["aif"])
        assert len(aif["AIF"]["nodes"]) >= len(out.map.claims)
        back = import_data(exports["aif"].encode("utf-8"), name="map.aif.json", fmt="aif").map
        assert export(back, "json") == export(out.map, "json"), "the AIF export reads back to the same map"
    if "graphml" in exports:
        ET.fromstring(exports["graphml"].encode("utf-8"))
    if "csv" in exports:
        tables = exports["csv"]
        rows = list(csv.reader(io.StringIO(tables["claims.csv"], newline="")))
        assert len(rows) == len(out.map.claims) + 1, "one CSV row per claim, plus the header"
        assert len(list(csv.reader(io.StringIO(tables["links.csv"], newline="")))) == len(out.map.links) + 1
    if "argdown" in exports:
        assert isinstance(exports["argdown"], str)
    if "claimreview" in exports:
        json.loads(exports["claimreview"])


def check_spans(amap: ArgumentMap) -> None:
    """Every claim's spans lie in its document, and its texts are exactly the slices they name."""
    docs = {d.id: d for d in amap.documents}
    for c in amap.claims:
        text = docs[c.document].text
        spans = c.spans
        for s, e in [*spans.content, *spans.cue, *spans.source]:
            assert 0 <= s < e <= len(text), (c.id, s, e, len(text))
        assert c.text == " \u2026 ".join(text[s:e] for s, e in spans.content), c.id
        assert c.cue == " ".join(text[s:e] for s, e in spans.cue), c.id
        if spans.source:
            assert c.source_text == text[spans.source[0][0] : spans.source[0][1]], c.id
        if c.sentence is not None:
            s0, e0 = c.sentence
            assert 0 <= s0 <= spans.content[0][0] and spans.content[-1][1] <= e0 <= len(text), c.id


def check_json_export(text: str, amap: ArgumentMap) -> None:
    """The JSON export validates against `argmap schema` and reads back to the same map."""
    import jsonschema

    global _SCHEMA
    if _SCHEMA is None:
        _SCHEMA = json_schema()
        jsonschema.Draft202012Validator.check_schema(_SCHEMA)
    data = json.loads(text)
    jsonschema.Draft202012Validator(_SCHEMA).validate(data)
    again = import_data(text.encode("utf-8"), name="export.json").map
    assert export(again, "json") == text, "the JSON export reads back to the same bytes"


def check_inert_svg(svg: bytes, name: str = "svg") -> None:
    """Well-formed XML with no script, event handler, javascript: link or embedded HTML."""
    root = ET.fromstring(svg)  # raises on anything not well-formed
    for el in root.iter():
        tag = el.tag.rsplit("}", 1)[-1].lower()
        assert tag not in ("script", "foreignobject", "iframe", "object", "embed", "handler"), f"{name}: <{tag}>"
        for attr, value in el.attrib.items():
            local = attr.rsplit("}", 1)[-1]
            assert not _EVENT_ATTR.match(local), f"{name}: event handler {attr}={value!r}"
            if local in ("href", "src", "action", "formaction", "from", "to", "values"):
                squeezed = re.sub(r"[\x00-\x20]+", "", value).lower()
                assert not squeezed.startswith(("javascript:", "data:text/html", "vbscript:")), f"{name}: {attr}={value!r}"


def check_inert_html(page: bytes, name: str = "html") -> None:
    """A page argmap writes: parsed as a browser would, no script, frame, event handler or
    javascript: link anywhere (the documents' words are text in it, never markup)."""
    import lxml.html

    root = lxml.html.document_fromstring(page)
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        tag = el.tag.lower()
        assert tag not in ("script", "iframe", "object", "embed", "frame", "base", "form"), f"{name}: <{tag}>"
        for attr, value in el.attrib.items():
            assert not _EVENT_ATTR.match(attr), f"{name}: event handler {attr}={value!r}"
            if attr.lower() in ("href", "src", "action", "formaction", "srcset"):
                squeezed = re.sub(r"[\x00-\x20]+", "", value).lower()
                assert not squeezed.startswith(("javascript:", "data:text/html", "vbscript:")), f"{name}: {attr}={value!r}"


def examples(n: int) -> int:
    """`n` examples, times ARGMAP_HOSTILE_SCALE."""
    return max(1, int(n * SCALE))
