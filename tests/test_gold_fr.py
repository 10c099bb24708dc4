"""The French corpus gold (issue #22) is consistent with its documents: corpus/algeria-mali-fr/ and
bench/gold/corpus/algeria-mali-fr/ (format: bench/gold/FORMAT.md, French note at its end).

Every span's offsets are checked against the normalised document text (FORMAT.md's rules, done here
by hand and compared with argmap's own `normalise` / `split_front_matter`), its `text` against the slice,
the sha256 against the text, the actor slugs against the slug rules and the English gold's actors, the
links and the cross-language links against the attribution ids, and the dev/test/blind split against the
file names and the gold sets `bench/goldlib.py` discovers. No spaCy model is loaded.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
import sys
from pathlib import Path

import pytest
import yaml

from argmap.ingest import normalise, split_front_matter

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
import goldlib  # noqa: E402

CORPUS = ROOT / "corpus" / "algeria-mali-fr"
GOLD = ROOT / "bench" / "gold" / "corpus" / "algeria-mali-fr"
CROSS = GOLD / "crosslang-fr-en.json"
EN_GOLD = ROOT / "bench" / "gold" / "corpus" / "algeria-mali"
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
KINDS = {"assertion", "accusation", "denial", "condemnation", "responsibility", "belief", "recommendation",
         "warning", "question", "evidence", "intention", "position"}
RELATIONS = {"supports", "contradicts", "restates"}
#: French-only fictional speakers, not in the English gold nor in corpus/actors.yaml (the last four: fr-blind-*)
FRENCH_ONLY_ACTORS = {"shopkeeper-bamako-neighbour", "african-union", "mauritania-government", "nadia-kerroum",
                      "west-african-diplomat"}
#: file-name prefix -> the "split" value of its gold (fr-blind-*: written and annotated blind, report only)
SPLITS = {"fr-dev-": "dev", "fr-test-": "test", "fr-blind-": "blind"}
SPACE = " \t\n\u00a0\u202f"


def body(raw: str) -> str:
    """The normalised document text, by FORMAT.md's rules (independently of argmap's code)."""
    if raw.startswith("\ufeff"):
        raw = raw[1:]
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if lines[0] == "---":
        end = lines.index("---", 1)
        text = "\n".join(lines[end + 1:])
    return text.lstrip("\n")


def known_actors() -> set[str]:
    ids = set(FRENCH_ONLY_ACTORS)
    registry = yaml.safe_load((ROOT / "corpus" / "actors.yaml").read_text(encoding="utf-8"))
    ids |= {a["id"] for a in registry["actors"]}
    for g in EN_GOLD.glob("0*.json"):
        for a in json.loads(g.read_text(encoding="utf-8"))["attributions"]:
            ids |= {a[k] for k in ("actor", "actor_parent", "target") if a.get(k)}
    return ids


def problems(gold: dict, text: str, actors: set[str]) -> list[str]:
    """What is wrong with one gold file for its document text ([] when nothing)."""
    out = []
    if gold.get("sha256") != hashlib.sha256(text.encode("utf-8")).hexdigest():
        out.append("sha256 does not match the normalised text")
    ids = [a.get("id") for a in gold.get("attributions", [])]
    if len(ids) != len(set(ids)) or not ids:
        out.append(f"attribution ids missing or not unique: {ids}")
    for a in gold.get("attributions", []):
        where = f"{a.get('id')}"
        for key in ("source", "cue", "content"):
            spans, texts = a.get(key), a.get("text", {}).get(key)
            if not isinstance(spans, list) or texts is None or len(texts) != len(spans):
                out.append(f"{where} {key}: spans and text do not pair up")
                continue
            if key == "content" and not spans:
                out.append(f"{where}: no content")
            if key == "cue" and not spans:
                out.append(f"{where}: no cue")
            if spans != sorted(spans):
                out.append(f"{where} {key}: spans not in text order")
            for span, want in zip(spans, texts):
                if not (isinstance(span, list) and len(span) == 2 and all(isinstance(x, int) for x in span)):
                    out.append(f"{where} {key}: {span!r} is not a [start, end] pair")
                    continue
                s, e = span
                if not 0 <= s < e <= len(text):
                    out.append(f"{where} {key}: [{s}, {e}] out of the text (length {len(text)})")
                    continue
                got = text[s:e]
                if got != want:
                    out.append(f"{where} {key}: text {want!r} but the document has {got!r} at [{s}, {e}]")
                if got != got.strip(SPACE):
                    out.append(f"{where} {key}: {got!r} starts or ends with a space")
                if "\n" in got:
                    out.append(f"{where} {key}: {got!r} crosses a line break")
        for key in ("actor", "actor_parent", "target"):
            value = a.get(key, "missing")
            if value == "missing":
                out.append(f"{where}: no {key!r} key")
            elif value is not None and not (isinstance(value, str) and SLUG.fullmatch(value)):
                out.append(f"{where} {key}: {value!r} is not a slug (lowercase, hyphenated)")
            elif value is not None and value not in actors:
                out.append(f"{where} {key}: {value!r} is not an actor of the English gold or corpus/actors.yaml")
        if a.get("actor") is None and a.get("actor_parent") is not None:
            out.append(f"{where}: a parent without an actor")
        if a.get("kind") not in KINDS:
            out.append(f"{where}: kind {a.get('kind')!r}")
    for lk in gold.get("links", []):
        if lk.get("source") not in ids or lk.get("target") not in ids or lk.get("source") == lk.get("target"):
            out.append(f"link {lk}: unknown or identical ends")
        if lk.get("relation") not in RELATIONS:
            out.append(f"link {lk}: relation {lk.get('relation')!r}")
    return out


def _files() -> list[Path]:
    return sorted(GOLD.glob("fr-*.json"))


def _load(g: Path) -> tuple[dict, str, str]:
    gold = json.loads(g.read_text(encoding="utf-8"))
    raw = (CORPUS / gold["document"]).read_text(encoding="utf-8")
    return gold, raw, body(raw)


def test_every_french_document_has_gold_and_the_split_is_by_name():
    docs = sorted(p.name for p in CORPUS.glob("*.md"))
    golds = sorted(json.loads(g.read_text(encoding="utf-8"))["document"] for g in _files())
    assert docs == golds
    assert [g.stem for g in _files()] == [Path(d).stem for d in docs]
    dev = [d for d in docs if d.startswith("fr-dev-")]
    test = [d for d in docs if d.startswith("fr-test-")]
    blind = [d for d in docs if d.startswith("fr-blind-")]
    assert len(dev) >= 4 and len(test) >= 2 and len(blind) >= 2 and len(dev) + len(test) + len(blind) == len(docs)
    for g in _files():
        gold = json.loads(g.read_text(encoding="utf-8"))
        want = [v for k, v in SPLITS.items() if g.name.startswith(k)]
        assert len(want) == 1 and gold.get("split") == want[0], g.name
        assert gold.get("language") == "fr", g.name


@pytest.mark.parametrize("path", _files(), ids=lambda p: p.stem)
def test_french_gold_matches_its_document(path):
    gold, raw, text = _load(path)
    meta, argmap_text = split_front_matter(normalise(raw))
    assert text == argmap_text  # FORMAT.md's rules and argmap's ingest agree on this document
    assert meta.get("language") == "fr" and {"title", "publisher", "published", "url"} <= set(meta)
    assert problems(gold, text, known_actors()) == []


def test_the_checker_catches_broken_gold():
    path = _files()[0]
    gold, _, text = _load(path)
    actors = known_actors()
    assert problems(gold, text, actors) == []
    shifted = copy.deepcopy(gold)
    s, e = shifted["attributions"][0]["content"][0]
    shifted["attributions"][0]["content"][0] = [s + 1, e + 1]
    assert any("but the document has" in p for p in problems(shifted, text, actors))
    assert any("sha256" in p for p in problems(gold, text + " ", actors))
    bad = copy.deepcopy(gold)
    bad["attributions"][0]["actor"] = "Algeria_Government"
    bad["attributions"][1]["actor"] = "ministere-algerien"
    bad["attributions"][2]["kind"] = "claim"
    bad["links"].append({"source": "a1", "target": "a999", "relation": "supports"})
    found = problems(bad, text, actors)
    assert any("is not a slug" in p for p in found) and any("not an actor" in p for p in found)
    assert any("kind 'claim'" in p for p in found) and any("unknown or identical ends" in p for p in found)


def test_cross_language_links_resolve_on_both_sides():
    data = json.loads(CROSS.read_text(encoding="utf-8"))
    fr_doc, en_doc = data["pair"]["fr"], data["pair"]["en"]
    assert fr_doc.startswith("fr-dev-")  # the pair's French side is a dev document
    ids = {}
    for g in list(_files()) + sorted(EN_GOLD.glob("0*.json")):
        gold = json.loads(g.read_text(encoding="utf-8"))
        ids[gold["document"]] = {a["id"]: a for a in gold["attributions"]}
    links = goldlib.fr_en_links()
    assert links == data["links"] and links
    for lk in links:
        (sd, sid), (td, tid) = lk["source"].split("#"), lk["target"].split("#")
        assert (sd, td, lk["relation"]) == (fr_doc, en_doc, "restates"), lk
        assert sid in ids[sd] and tid in ids[td], lk
        assert ids[sd][sid]["actor"] == ids[td][tid]["actor"], lk  # the same speaker in both languages
    assert {lk["source"].split("#")[1] for lk in links} == set(ids[fr_doc])  # every claim of the pair is linked


def test_goldlib_keeps_the_french_gold_out_of_the_english_sets():
    assert {"fr-dev", "fr-test", "fr-blind"} <= set(goldlib.SETS)
    for which in ("corpus", "all"):
        assert not any(g.doc_path.parent == CORPUS for g in goldlib.find_gold(which)), which
    dev, test, blind = goldlib.find_gold("fr-dev"), goldlib.find_gold("fr-test"), goldlib.find_gold("fr-blind")
    assert [g.name for g in dev] == sorted(p.name for p in CORPUS.glob("fr-dev-*.md"))
    assert [g.name for g in test] == sorted(p.name for p in CORPUS.glob("fr-test-*.md"))
    assert [g.name for g in blind] == sorted(p.name for p in CORPUS.glob("fr-blind-*.md"))
    assert all(g.doc_path.is_file() for g in dev + test + blind)
    # the cross-language file is not a links-*.json: eval_links.py's English cross-document gold skips it
    assert not CROSS.name.startswith("links-")
