"""The store's vector cache (issue #19, "encode once per claim"): `argmap link` with embeddings
encodes a claim text once per model, keeps its vector in the store (`vectors` table, migration
0005) and links with a stored vector exactly as with a fresh one.

Encoder calls are counted with a wrapper around the real encoder's `encode`; the stores are real
(an SQLite file, and PostgreSQL where `db_url` gives one); nothing of the store is mocked.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import numpy as np
import pytest

from argmap import embed, jobs
from argmap.linking.semantic import text_key
from argmap.model import Actor, ActorKind, ArgumentMap, Claim, ClaimSpans, Document, Relation
from argmap.store import open_store
from argmap.store.sqlite import SCHEMA_VERSION

ACTORS = [
    Actor(id="mali-government", name="Government of Mali", aliases=["Mali", "Bamako"], kind=ActorKind.government),
    Actor(id="algeria-government", name="Government of Algeria", aliases=["Algeria", "Algiers"], kind=ActorKind.government),
    Actor(id="australian-woman", name="Australian woman", kind=ActorKind.person),
    Actor(id="ana-ruiz", name="Ana Ruiz", kind=ActorKind.person),
]

#: (path, text, [(content, actor, cue), ...]); the last document is added after a first link
DOCUMENTS = [
    ("ship.txt", "An Australian woman said the sect had held her on a ship for twelve years.\n\n"
                 "Ana Ruiz said that the sect had kept her on its ship for twelve years.\n",
     [("the sect had held her on a ship for twelve years", "australian-woman", "said"),
      ("the sect had kept her on its ship for twelve years", "ana-ruiz", "said")]),
    ("drone.txt", "Mali said the drone had violated its airspace near Tinzaouatene. "
                  "Algeria denied that the aircraft had ever crossed the border.\n",
     [("the drone had violated its airspace near Tinzaouatene", "mali-government", "said"),
      ("the aircraft had ever crossed the border", "algeria-government", "denied")]),
    ("later.txt", "Bamako said the Algerian army shot down its aircraft on purpose. "
                  "Algiers said the unmanned plane had entered Algerian airspace.\n",
     [("the Algerian army shot down its aircraft on purpose", "mali-government", "said"),
      ("the unmanned plane had entered Algerian airspace", "algeria-government", "said")]),
]


def _document(path: str, text: str, contents) -> tuple[Document, list[Claim]]:
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    doc = Document(id=Document.make_id(sha), title=Path(path).stem, path=path, sha256=sha, text=text)
    claims = []
    for content, actor, cue in contents:
        c0 = text.index(content)
        k = text.rindex(cue, 0, c0)
        spans = ClaimSpans(content=[(c0, c0 + len(content))], cue=[(k, k + len(cue))], source=[])
        claims.append(Claim(id=Claim.make_id(doc.id, spans), document=doc.id, actor=actor, cue=cue, text=content,
                            spans=spans, sentence=(text.rfind("\n", 0, c0) + 1, text.index(".", c0) + 1)))
    return doc, claims


def _map(documents=DOCUMENTS) -> ArgumentMap:
    docs, claims = [], []
    for path, text, contents in documents:
        doc, cls = _document(path, text, contents)
        docs.append(doc)
        claims += cls
    return ArgumentMap(documents=docs, actors=ACTORS, claims=claims)


FIRST, ALL = _map(DOCUMENTS[:2]), _map()


class Counting:
    """Wraps an encoder's `encode`: `texts` lists every text it was asked to encode."""

    def __init__(self, encoder, monkeypatch):
        self.encoder, self.texts = encoder, []
        real = encoder.encode

        def encode(texts, *args, **kwargs):
            self.texts += list(texts)
            return real(texts, *args, **kwargs)

        monkeypatch.setattr(encoder, "encode", encode)


def _use_model(monkeypatch, setting: str) -> Counting:
    """Embeddings on with the model `setting` names ("1": the installed one), its encoder counted."""
    monkeypatch.setenv("ARGMAP_EMBEDDINGS", setting)
    embed.default_encoder.cache_clear()
    return Counting(embed.default_encoder(), monkeypatch)


@pytest.fixture
def counted(monkeypatch):
    """The installed encoder, asked for with ARGMAP_EMBEDDINGS=1 and counted (skips without the model)."""
    try:
        embed.load_encoder()
    except FileNotFoundError as exc:
        pytest.skip(str(exc))
    try:
        yield _use_model(monkeypatch, "1")
    finally:
        embed.default_encoder.cache_clear()  # the next test finds the encoder its own settings ask for


def _texts(amap: ArgumentMap) -> set[str]:
    return {c.text for c in amap.claims}


def _stored(store) -> dict[tuple[str, str], bytes]:
    return {(m, k): bytes(v) for m, k, v in store.conn.execute("SELECT model, key, vector FROM vectors")}


def test_vector_cache_a_second_link_encodes_nothing_already_stored(counted, db_url):
    model = counted.encoder.model_id
    with open_store(db_url) as s:
        s.import_map(FIRST)
        jobs.link(s)
        assert sorted(counted.texts) == sorted(_texts(FIRST))  # each claim once
        assert set(_stored(s)) == {(model, text_key(t)) for t in _texts(FIRST)}
        counted.texts.clear()
        assert not jobs.link(s, force=True).up_to_date
        assert counted.texts == []  # every vector came from the store
        s.import_map(ALL)  # a new document: only its claims are encoded
        jobs.link(s)
        assert sorted(counted.texts) == sorted(_texts(ALL) - _texts(FIRST))
        assert set(_stored(s)) == {(model, text_key(t)) for t in _texts(ALL)}
    with open_store(db_url) as s:  # another process, later: the vectors are still there
        counted.texts.clear()
        jobs.link(s, force=True)
        assert counted.texts == []


def test_vector_cache_vectors_are_the_encoders_float32_bytes(counted, db_path):
    with open_store(db_path) as s:
        s.import_map(FIRST)
        jobs.link(s)
        stored = _stored(s)
    texts = sorted(_texts(FIRST))
    fresh = embed.load_encoder().encode(texts)
    for text, vec in zip(texts, fresh, strict=True):
        got = np.frombuffer(stored[(counted.encoder.model_id, text_key(text))], dtype="<f4")
        assert got.shape == (counted.encoder.dim,) and np.abs(got - vec).max() < 2e-6


def test_vector_cache_cached_and_fresh_vectors_give_identical_links(counted, monkeypatch, tmp_path):
    with monkeypatch.context() as m, open_store(tmp_path / "plain.db") as plain:  # words alone
        m.setenv("ARGMAP_EMBEDDINGS", "0")
        plain.import_map(ALL)
        jobs.link(plain)
        words_alone = {(lk.source, lk.target, lk.relation) for lk in plain.links()}
    assert counted.texts == []
    with open_store(tmp_path / "cold.db") as cold:  # every vector fresh
        cold.import_map(ALL)
        jobs.link(cold)
        fresh = cold.links()
        assert len(counted.texts) == len(_texts(ALL))
    with open_store(tmp_path / "warm.db") as warm:  # first link with two documents, then a third
        warm.import_map(FIRST)
        jobs.link(warm)
        warm.import_map(ALL)
        jobs.link(warm)
        assert warm.links() == fresh  # old claims' vectors from the store, the new ones fresh
        counted.texts.clear()
        jobs.link(warm, force=True)  # every vector from the store
        assert counted.texts == [] and warm.links() == fresh
    # the comparison means something: meaning makes a link here that words alone do not (the one
    # text telling the same thing under two names of its source restates)
    only_by_meaning = {(lk.source, lk.target, lk.relation) for lk in fresh} - words_alone
    assert {ALL.claims[0].id, ALL.claims[1].id, Relation.restates} in [{*x} for x in only_by_meaning]


def test_vector_cache_an_old_store_gets_the_table_and_links_with_it(counted, db_url):
    with open_store(db_url) as s:  # a store as argmap wrote it before migration 0005
        s.import_map(FIRST)
        s.conn.execute("DROP TABLE vectors")
        if s.dialect == "sqlite":
            s.conn.execute("PRAGMA user_version = 4")
        else:
            s.conn.execute("UPDATE argmap_meta SET value = '4' WHERE key = 'user_version'")
    with open_store(db_url) as s:
        assert s.schema_version == SCHEMA_VERSION == 5
        assert s.counts()["claims"] == len(FIRST.claims)
        assert s.vectors(counted.encoder.model_id) == {}
        jobs.link(s)
        assert len(s.vectors(counted.encoder.model_id)) == len(_texts(FIRST))
        counted.texts.clear()
        jobs.link(s, force=True)
        assert counted.texts == []


def test_vector_cache_another_model_does_not_reuse_the_vectors(counted, monkeypatch, tmp_path):
    """The same model files with one byte of config changed are another model: every text is
    encoded again, and the first model's vectors leave the store."""
    first = counted.encoder.model_id
    with open_store(tmp_path / "s.db") as s:
        s.import_map(FIRST)
        jobs.link(s)
        folder = tmp_path / "other-model"
        folder.mkdir()
        with zipfile.ZipFile(embed._package_zip()) as zf:
            for name in ("config.json", "tokenizer.json", "model.safetensors"):
                member = next(n for n in zf.namelist() if Path(n).name == name and "/" not in n.strip("/"))
                (folder / name).write_bytes(zf.read(member))
        config = json.loads((folder / "config.json").read_text())
        (folder / "config.json").write_text(json.dumps(config, indent=1))  # same meaning, other bytes
        other = _use_model(monkeypatch, str(folder))
        assert other.encoder.model_id != first
        jobs.link(s, force=True)
        assert sorted(other.texts) == sorted(_texts(FIRST))  # nothing of the first model reused
        assert {m for m, _ in _stored(s)} == {other.encoder.model_id}
        other.texts.clear()
        jobs.link(s, force=True)
        assert other.texts == []


def test_vector_cache_vectors_of_texts_no_longer_linked_are_pruned(counted, db_url):
    with open_store(db_url) as s:
        s.import_map(ALL)
        jobs.link(s)
        gone = next(c for c in ALL.claims if c.document == ALL.documents[2].id)
        kept = [c for c in s.claims(document=gone.document) if c.id != gone.id]
        s.replace_claims(gone.document, kept)  # the claim is extracted no more
        jobs.link(s)
        assert set(_stored(s)) == {(counted.encoder.model_id, text_key(t)) for t in _texts(ALL) - {gone.text}}


def test_vector_cache_model_id_is_a_digest_of_the_files():
    files = {"config.json": b'{"a": 1}', "model.safetensors": b"\0" * 8}
    assert embed.model_id(files) == embed.model_id(dict(reversed(files.items())))
    assert embed.model_id(files) != embed.model_id({**files, "model.safetensors": b"\0" * 7 + b"\1"})
    assert embed.model_id(files) != embed.model_id({**files, "config.json": b'{"a":1}'})


def test_vector_cache_store_replace_vectors_keeps_what_it_is_told(any_store):
    a, b = np.ones(4, dtype="<f4").tobytes(), np.zeros(4, dtype="<f4").tobytes()
    assert any_store.replace_vectors("m1", {"k1": a, "k2": b}, ["k1", "k2"]) == (2, 0)
    assert any_store.vectors("m1") == {"k1": a, "k2": b}
    assert any_store.replace_vectors("m1", {"k3": a}, ["k1"]) == (1, 1)  # k2 no longer wanted
    assert any_store.vectors("m1") == {"k1": a, "k3": a}
    assert any_store.replace_vectors("m2", {"k1": b}, []) == (1, 2)  # another model replaces m1's
    assert any_store.vectors("m1") == {} and any_store.vectors("m2") == {"k1": b}
