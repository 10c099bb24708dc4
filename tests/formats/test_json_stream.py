"""The streamed JSON export (issue #24): `Store.iter_map` batches and `formats.jsonstream` produce
exactly the bytes of `dumps_map(store.load_map())`, on the format fixtures' rich map, on a hostile
map (line and paragraph separators, control characters, non-BMP text, claims that share a start,
ids in an order where byte order matters), on a real extracted corpus, at every batch size; the
CLI's `export --format json` writes those bytes to a file and to standard output.
"""

from __future__ import annotations

import hashlib

import pytest
from click.testing import CliRunner

from argmap.cli import main
from argmap.formats.jsonstream import iter_map_json, iter_store_json
from argmap.model import Actor, ArgumentMap, Claim, ClaimSpans, Document, Link, Relation
from argmap.store import open_store
from argmap.store.sqlite import dumps_map

SEPARATORS = "line\u2028sep\u2029para\x85nel\x0bvt\x0cff\x1c\x1d\x1e\r\n\ttab \"q\" \\ </script> \U0001f600 é"


def _doc(text: str, path: str) -> Document:
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Document(id=Document.make_id(sha), title=SEPARATORS, path=path, sha256=sha, text=text)


def hostile_map() -> ArgumentMap:
    """Documents whose paths sort differently by bytes and by case, claims with the same start and
    different ends, actors and links whose ids differ only in non-ASCII, a document without claims."""
    docs = [_doc(f"{SEPARATORS} said that {i} Zeta was right and wrong.\n", path)
            for i, path in enumerate(["b/é.txt", "B/z.txt", "b/e.txt", "a\u2028.txt", "\U0001f600.txt", "a.txt"])]
    claims = []
    for d in docs[:-1]:
        start = d.text.index("said that") + 10
        for end in (start + 6, start + 12, start + 3):  # same start, three ends
            spans = ClaimSpans(content=[(start, end)], cue=[(start - 10, start - 6)], source=[])
            claims.append(Claim(id=Claim.make_id(d.id, spans), document=d.id, actor="zé", cue="said",
                                text=d.text[start:end], spans=spans))
    actors = [Actor(id=i, name=SEPARATORS + i) for i in ("zé", "ze", "Zé", "z\u2028", "\U0001f600", "a")]
    links = [Link(id=Link.make_id(a.id, b.id, r), source=a.id, target=b.id, relation=r, reason=SEPARATORS)
             for a, b, r in zip(claims, claims[1:], [Relation.supports, Relation.contradicts, Relation.restates] * 9)]
    return ArgumentMap(documents=docs, actors=actors, claims=claims, links=links)


def _streamed(store, batch=None) -> str:
    return "".join(iter_store_json(store, batch=batch))


@pytest.mark.parametrize("batch", [1, 2, 7, 200])
def test_stream_equals_dumps_map_on_a_hostile_map(tmp_path, batch):
    amap = hostile_map()
    assert "".join(iter_map_json(amap, batch=batch)) == dumps_map(amap)
    with open_store(tmp_path / "h.db") as s:
        s.import_map(amap)
        expected = dumps_map(s.load_map())
        assert _streamed(s, batch) == expected
        # the order really is the canonical one (not just the same on both sides by accident)
        assert expected == dumps_map(amap)


def test_stream_equals_dumps_map_on_the_rich_map_and_an_empty_store(tmp_path, rich_map):
    with open_store(tmp_path / "r.db") as s:
        assert _streamed(s) == dumps_map(s.load_map()) == dumps_map(ArgumentMap())
        s.import_map(rich_map)
        for batch in (1, 3, None):
            assert _streamed(s, batch) == dumps_map(s.load_map())


def test_iter_map_batches_are_bounded(tmp_path):
    with open_store(tmp_path / "h.db") as s:
        s.import_map(hostile_map())
        for section in ("documents", "actors", "links"):
            assert all(len(b) <= 2 for b in s.iter_map(section, batch=2))
        # claims come a batch of documents at a time (3 claims each; a.txt, second in byte order, has none)
        assert [len(b) for b in s.iter_map("claims", batch=2)] == [3, 6, 6]
        with pytest.raises(ValueError):
            list(s.iter_map("history"))


def test_stream_on_both_backends(any_store):
    any_store.import_map(hostile_map())
    assert _streamed(any_store, 2) == dumps_map(any_store.load_map()) == dumps_map(hostile_map())


def test_cli_export_json_streams_the_same_bytes(tmp_path, store, nlp, corpus):
    from argmap import jobs

    jobs.extract(store, [str(corpus)], nlp=nlp)
    expected = dumps_map(store.load_map())
    assert expected.count('"id"') > 5
    assert _streamed(store, 1) == expected
    db = store.path
    store.close()
    out = tmp_path / "map.json"
    r = CliRunner().invoke(main, ["--db", str(db), "export", "--format", "json", "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert out.read_bytes() == expected.encode("utf-8")
    assert not list(tmp_path.glob(".*.part"))
    r = CliRunner().invoke(main, ["--db", str(db), "export", "--format", "json"])
    assert r.exit_code == 0
    assert r.stdout_bytes == expected.encode("utf-8")


def test_cli_export_json_to_an_unwritable_place_leaves_nothing(tmp_path, rich_db):
    out = tmp_path / "missing" / "map.json"
    r = CliRunner().invoke(main, ["--db", str(rich_db), "export", "--format", "json", "-o", str(out)])
    assert r.exit_code == 2 and "cannot be written" in r.output
    assert not out.parent.exists()
