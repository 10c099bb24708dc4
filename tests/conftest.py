"""Shared fixtures: the real spaCy pipeline (loaded once), a small hand-written corpus, a store on
a real SQLite file in tmp_path, a tiny hand-built ArgumentMap and an in-process CLI runner.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from argmap.model import ArgumentMap, Actor, ActorKind, Claim, ClaimSpans, Document, Link, Relation, Status

#: Hand-written documents with attributed statements (not the team corpus, which changes under us).
CORPUS = {
    "drone.md": (
        "---\ntitle: Drone incident\npublisher: Test Wire\npublished: 2025-04-01\n---\n"
        "The ministry said the drone had violated its airspace. "
        "Bamako denied that the aircraft had crossed the border.\n"
    ),
    "border.txt": (
        "The army said the aircraft crashed near the border. Many analysts believe the crisis will deepen.\n"
        "\u201cWe will respond firmly,\u201d the minister said.\n"
    ),
    "notes/response.txt": (
        "Algiers rejected the accusations, the foreign ministry said. "
        "The rebels claimed that they had downed the drone.\n"
    ),
}

#: Version prefix of the English model the model-marked tests were written against.
MODEL_PIN = "3.8."

SEED = next((d / "000_dad2c62ecae5722a.txt" for d in (
    Path(os.environ["ARGMAP_SEEDS"]) if os.environ.get("ARGMAP_SEEDS") else None,
    Path(__file__).resolve().parents[1] / ".." / "shared" / "seeds", Path("/work/shared/seeds"),
) if d is not None and (d / "000_dad2c62ecae5722a.txt").is_file()), Path("/work/shared/seeds/000_dad2c62ecae5722a.txt"))


def write_corpus(folder: Path) -> Path:
    for name, text in CORPUS.items():
        f = folder / name
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="session", name="write_corpus")
def write_corpus_fixture():
    """`write_corpus(folder)` writes CORPUS into `folder` and returns it (for module-scoped fixtures)."""
    return write_corpus


@pytest.fixture
def seed() -> Path:
    """The project's seed article (third-party text: read it from ../shared, never copy it); skips if absent."""
    if not SEED.is_file():
        pytest.skip(f"seed file {SEED} is absent")
    return SEED


@pytest.fixture(scope="session")
def nlp():
    """The real spaCy model with argmap's components, loaded once (skips when no model is installed)."""
    from argmap.errors import ModelNotFoundError
    from argmap.pipeline import build_nlp

    try:
        nlp = build_nlp()
    except ModelNotFoundError as exc:
        pytest.skip(str(exc))
    # expectations below were written against this model version; another one may parse differently
    if not nlp.meta.get("version", "").startswith(MODEL_PIN):
        pytest.skip(f"tests are pinned to spaCy model {MODEL_PIN}x, found {nlp.meta.get('version')}")
    return nlp


@pytest.fixture
def corpus(tmp_path) -> Path:
    """A folder of three small documents (.md with front matter, .txt, and one in a subfolder)."""
    return write_corpus(tmp_path / "corpus")


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "argmap.db"


@pytest.fixture
def store(db_path):
    from argmap.store import open_store

    with open_store(db_path) as s:
        yield s


# -- both backends ---------------------------------------------------------------------------------
BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(scope="session")
def pg_schemas():
    """The test PostgreSQL server ($ARGMAP_TEST_PG, else a throwaway one started here); skips without one."""
    import pgserver

    try:
        import psycopg
    except ImportError:
        pytest.skip("PostgreSQL tests need psycopg (pip install -e '.[test]')")
    local = None
    url = os.environ.get(pgserver.ENV)
    if not url:
        try:
            local = pgserver.LocalServer().start()
        except (RuntimeError, OSError, subprocess.SubprocessError) as exc:
            pytest.skip(f"PostgreSQL tests: {pgserver.ENV} is unset and no server could be started ({exc})")
        url = local.url
    try:
        schemas = pgserver.Schemas(url)
    except psycopg.Error as exc:  # the server named in $ARGMAP_TEST_PG is not there: that is a failure
        if local:
            local.stop()
        pytest.fail(f"cannot reach the test PostgreSQL server {url}: {exc}")
    yield schemas
    schemas.close()
    if local:
        local.stop()


@pytest.fixture
def pg_url(pg_schemas):
    """URL of a fresh, empty PostgreSQL store (its own schema, dropped after the test)."""
    import pgserver

    name = pg_schemas.create()
    yield pgserver.with_schema(pg_schemas.url, name)
    pg_schemas.drop(name)


@pytest.fixture(params=BACKENDS)
def db_url(request, tmp_path) -> str:
    """A fresh store location on each backend: an SQLite file path, or a PostgreSQL URL."""
    if request.param == "sqlite":
        return str(tmp_path / "argmap.db")
    return request.getfixturevalue("pg_url")


@pytest.fixture
def any_store(db_url):
    """An open, empty store on each backend."""
    from argmap.store import open_store

    with open_store(db_url) as s:
        yield s


def _doc(text: str, path: str) -> Document:
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Document(id=Document.make_id(sha), title=Path(path).stem, path=path, sha256=sha, text=text)


def make_claim(doc: Document, content: tuple[int, int], cue: tuple[int, int], source: tuple[int, int] | None,
               actor: str | None, **extra) -> Claim:
    spans = ClaimSpans(content=[content], cue=[cue], source=[source] if source else [])
    return Claim(
        id=Claim.make_id(doc.id, spans),
        document=doc.id,
        actor=actor,
        source_text=doc.text[source[0] : source[1]] if source else None,
        cue=doc.text[cue[0] : cue[1]],
        text=doc.text[content[0] : content[1]],
        spans=spans,
        **extra,
    )


@pytest.fixture(name="make_doc")
def make_doc_fixture():
    """`make_doc(text, path)` -> a Document as ingest would make it (for .txt)."""
    return _doc


@pytest.fixture(name="make_claim")
def make_claim_fixture():
    """`make_claim(doc, content, cue, source, actor, **fields)` -> a Claim whose texts slice the document."""
    return make_claim


@pytest.fixture
def tiny_map() -> ArgumentMap:
    """Two documents, two actors, three claims and two links, built by hand (no model needed)."""
    a = _doc("The ministry said the drone had violated its airspace.\n", "b/ministry.txt")
    b = _doc("Bamako denied that the drone had crossed the border. Bamako said the drone was unarmed.\n", "a/bamako.txt")
    c1 = make_claim(a, (18, 53), (13, 17), (0, 12), "ministry", confidence=0.8, rule="verb.ccomp:SVC")
    c2 = make_claim(b, (19, 51), (7, 13), (0, 6), "mali-government", rule="verb.ccomp:SVC")
    c3 = make_claim(b, (65, 86), (60, 64), (53, 59), "mali-government", status=Status.accepted, reviewer="t")
    links = [
        Link(id=Link.make_id(c2.id, c1.id, Relation.contradicts), source=c2.id, target=c1.id,
             relation=Relation.contradicts, confidence=0.7, reason="denial of the same event", method="test"),
        Link(id=Link.make_id(c3.id, c2.id, Relation.supports), source=c3.id, target=c2.id,
             relation=Relation.supports, status=Status.accepted, reviewer="t"),
    ]
    actors = [
        Actor(id="mali-government", name="Government of Mali", aliases=["Bamako"], kind=ActorKind.government),
        Actor(id="ministry", name="ministry"),
    ]
    return ArgumentMap(documents=[a, b], actors=actors, claims=[c3, c1, c2], links=links)


@pytest.fixture
def cli(tmp_path, monkeypatch):
    """Run the real `argmap` command group in-process, in tmp_path, with no $ARGMAP_DB."""
    from argmap.cli import main

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ARGMAP_DB", raising=False)
    runner = CliRunner()

    def invoke(*args, input=None):
        return runner.invoke(main, [str(a) for a in args], input=input, catch_exceptions=True)

    return invoke


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", default=False, help="rewrite tests/golden/* files")
