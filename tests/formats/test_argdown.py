"""Argdown export: a structural check of the text in Python, and (marked slow) a parse by Argdown's
own parser, @argdown/core from npm, which must understand every statement, tag, data block and
relation exactly as argmap meant them.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from argmap.formats.argdown import escape, tag, titles, to_argdown
from argmap.model import Relation

from .conftest import HOSTILE

ARGDOWN_CORE = "@argdown/core@2.0.1"
CHECKER = Path(__file__).with_name("argdown_check.mjs")
_STATEMENT = re.compile(r"^\[(?P<title>[^\[\]]+)\]: (?P<body>.*?)(?P<tags>(?: #\S+)*) (?P<data>\{.*\})$")
_RELATION = re.compile(r"^  (?P<sign>[+-]) \[(?P<title>[^\[\]]+)\]$")


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def _parse(text: str) -> tuple[dict, list]:
    """A small reader of the subset of Argdown argmap writes: statements and the relations under them."""
    statements, relations, current = {}, [], None
    for line in text.splitlines():
        if m := _STATEMENT.match(line):
            current = m["title"]
            statements[current] = {"text": _unescape(m["body"]), "tags": m["tags"].split(), "data": json.loads(m["data"])}
        elif m := _RELATION.match(line):
            relations.append((m["title"], current, "support" if m["sign"] == "+" else "attack"))
        else:
            assert line == "" or line.startswith(("#", "===", "title: ")), f"unexpected line: {line!r}"
    return statements, relations


def _expected_relations(amap):
    title = titles(amap)
    return sorted((title[lk.source], title[lk.target], "support" if lk.relation is Relation.supports else "attack")
                  for lk in amap.links if lk.relation is not Relation.restates)


def test_argdown_structure(rich_map):
    text = to_argdown(rich_map)
    assert text.startswith('===\ntitle: "argmap export"\n===\n')
    statements, relations = _parse(text)
    title = titles(rich_map)
    assert len(statements) == len(rich_map.claims) == len(set(title.values()))
    for c in rich_map.claims:
        st = statements[title[c.id]]
        assert st["text"] == " ".join(c.text.split())
        assert st["tags"] == ([f"#{c.actor}"] if c.actor else [])
        assert st["data"]["claim"] == c.id and st["data"]["document"] == c.document
    assert sorted(relations) == _expected_relations(rich_map)
    restated = next(lk for lk in rich_map.links if lk.relation is Relation.restates)
    assert statements[title[restated.source]]["data"]["restates"] == [restated.target]
    assert [line for line in text.splitlines() if line.startswith("# ")] == ["# Report", "# Drone incident"]
    assert to_argdown(rich_map) == text  # deterministic


def test_argdown_escapes_all_syntax():
    assert _unescape(escape(HOSTILE)) == HOSTILE
    assert not re.search(r"(?<!\\)[\[\]#<>{}+\-/@*_]", escape(HOSTILE))
    assert escape("two\nlines\t here") == "two lines here"
    assert tag("mali-government") == "#mali-government" and tag("a.b c") == "#(a.b c)"


def _argdown_dir(tmp_path_factory) -> Path:
    """A folder with @argdown/core installed from npm (cached between runs), or skip."""
    if not (shutil.which("node") and shutil.which("npm")):
        pytest.skip("node and npm are needed to run Argdown's parser")
    cache = Path(os.environ.get("ARGMAP_NPM_CACHE") or Path.home() / ".cache" / "argmap-tests") / "argdown-core-2.0.1"
    if not (cache / "node_modules" / "@argdown" / "core").is_dir():
        cache.mkdir(parents=True, exist_ok=True)
        try:
            proc = subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--silent", "--prefix", str(cache), ARGDOWN_CORE],
                                  capture_output=True, text=True, timeout=180, check=False)
        except subprocess.TimeoutExpired:
            pytest.skip("npm install of @argdown/core timed out")
        if proc.returncode != 0:
            pytest.skip(f"npm could not install {ARGDOWN_CORE}: {proc.stderr.strip().splitlines()[-1:] or proc.returncode}")
    shutil.copy(CHECKER, cache / CHECKER.name)  # ES modules resolve packages from the script's folder
    return cache


@pytest.mark.slow
def test_argdown_parsed_by_argdown_core(rich_map, tmp_path_factory):
    folder = _argdown_dir(tmp_path_factory)
    text = to_argdown(rich_map)
    proc = subprocess.run(["node", str(folder / CHECKER.name)], input=text, capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr
    parsed = json.loads(proc.stdout)
    assert parsed["lexerErrors"] == [] and parsed["parserErrors"] == []
    assert parsed["frontMatter"] == {"title": "argmap export"}
    title = titles(rich_map)
    assert set(parsed["statements"]) == set(title.values())
    for c in rich_map.claims:
        st = parsed["statements"][title[c.id]]
        # Argdown keeps the tags at the end of a statement's text
        assert st["text"].rstrip() == " ".join(c.text.split()) + (f" #{c.actor}" if c.actor else "")
        assert st["tags"] == ([c.actor] if c.actor else [])
        assert st["data"]["claim"] == c.id
    docs = {d.id: d.title for d in rich_map.documents}
    assert {st["section"] for st in parsed["statements"].values()} == set(docs.values())
    assert sorted((r["from"], r["to"], r["type"]) for r in parsed["relations"]) == _expected_relations(rich_map)
