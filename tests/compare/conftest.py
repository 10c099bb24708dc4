"""Fixtures of the compare tests: a hand-built map of a made-up dispute (no model needed), the team
corpus and the seed article extracted and linked once per session (model marker), a CLI runner on
those stores, and headless Chromium for the report checks.

The fictional texts below were written for these tests. The seed article is third-party text: it is
only read from ../shared at test time, and expectations about it are keywords, never its sentences.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from team_corpus import english_corpus_folders
from argmap.model import (
    Actor,
    ActorKind,
    ArgumentMap,
    Claim,
    ClaimSpans,
    Document,
    Link,
    Relation,
    SpeechAct,
    Status,
)

REPO = Path(__file__).resolve().parents[2]
CORPUS_DIR = REPO / "corpus"
SCREENSHOTS = REPO / "docs" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update"]

# ---------------------------------------------------------------------------------------------
# A made-up dispute: Ruritania and Freedonia quarrel over a bridge and a treaty.

DOCS = {
    "bridge": (
        "Bridge row", "Valley Post", "2024-03-02",
        "On 1 March, the Ruritanian government denounced a “deliberate” attack on the river bridge by Freedonia. "
        "The ministry said the bridge had been shelled from Freedonian positions.\n\n"
        "Freedonia rejected these accusations. Its foreign ministry said the bridge collapsed because of "
        "“decades of neglect”.\n\n"
        "The Lakeside Union called the shelling an “act of aggression” against its members.\n",
    ),
    "treaty": (
        "Treaty quarrel", "Border Monitor", "2024-03-05",
        "Freedonian officials said on Monday that Ruritania had imposed the border treaty on them. "
        "Ruritania, conversely, believes the treaty was negotiated freely by both parliaments.\n\n"
        "Ruritania also accused Freedonia of smuggling weapons to rebels. "
        "Analysts in the capital believe the dispute will last.\n",
    ),
}

#: key -> (document, content, cue, actor, kind, target)
CLAIMS = {
    "c1": ("bridge", "a “deliberate” attack on the river bridge by Freedonia", "denounced", "ruritania-government",
           SpeechAct.condemnation, "freedonia-government"),
    "c2": ("bridge", "the bridge had been shelled from Freedonian positions", "said", "ruritania-ministry",
           SpeechAct.assertion, None),
    "c3": ("bridge", "these accusations", "rejected", "freedonia-government", SpeechAct.denial, None),
    "c4": ("bridge", "the bridge collapsed because of “decades of neglect”", "said", "freedonia-foreign-ministry",
           SpeechAct.assertion, None),
    "c5": ("bridge", "the shelling an “act of aggression” against its members", "called", "lakeside-union",
           SpeechAct.condemnation, None),
    "c6": ("treaty", "Ruritania had imposed the border treaty on them", "said", "freedonia-government",
           SpeechAct.assertion, None),
    "c7": ("treaty", "the treaty was negotiated freely by both parliaments", "believes", "ruritania-government",
           SpeechAct.belief, None),
    "c8": ("treaty", "smuggling weapons to rebels", "accused", "ruritania-government", SpeechAct.accusation,
           "freedonia-government"),
    "c9": ("treaty", "the dispute will last", "believe", "analysts-capital", SpeechAct.belief, None),
}

#: (source, target, relation, method, reason)
LINKS = [
    ("c3", "c1", Relation.contradicts, "explicit-response", "explicit rejection cue 'rejected these accusations'"),
    ("c2", "c1", Relation.supports, "evidence", "evidence for a conclusion by the same side"),
    ("c5", "c1", Relation.supports, "same-side-agreement", "both blame Freedonia"),
    ("c7", "c6", Relation.contradicts, "opposed-stance", "contrast marker 'conversely'"),
]

ACTORS = [
    Actor(id="ruritania-government", name="Government of Ruritania", aliases=["Ruritania"], kind=ActorKind.government,
          side="lakeside"),
    Actor(id="ruritania-ministry", name="Ruritanian ministry", kind=ActorKind.government, parent="ruritania-government"),
    Actor(id="freedonia-government", name="Government of Freedonia", aliases=["Freedonia", "Freedonian officials"],
          kind=ActorKind.government),
    Actor(id="freedonia-foreign-ministry", name="Freedonian foreign ministry", kind=ActorKind.government,
          parent="freedonia-government"),
    Actor(id="lakeside-union", name="Lakeside Union", kind=ActorKind.organisation, side="lakeside"),
    Actor(id="analysts-capital", name="Analysts in the capital", kind=ActorKind.group),
]


def _document(key: str) -> Document:
    title, publisher, published, text = DOCS[key]
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Document(id=Document.make_id(sha), title=title, path=f"made-up/{key}.txt", publisher=publisher,
                    published=published, sha256=sha, text=text)


def _sentence(text: str, start: int) -> tuple[int, int]:
    """Bounds of the sentence holding `start` (sentences end at '. ' or a line break)."""
    bounds = [0] + [m.end() for m in re.finditer(r"(?<=[.”])\s+", text)]
    s = max(b for b in bounds if b <= start)
    m = re.search(r"[.”](?=\s)", text[start:])
    e = start + m.end() if m else len(text)
    if text[s:e].endswith("”") and not text[s:e - 1].endswith("."):
        e = text.find(".", e - 1) + 1 if text.find(".", e - 1) >= 0 else e
    return s, e


def make_map(*, statuses: dict[str, Status] | None = None, links: bool = True) -> ArgumentMap:
    """The made-up dispute as an ArgumentMap; `statuses` overrides claim or link statuses by key."""
    statuses = statuses or {}
    docs = {k: _document(k) for k in DOCS}
    claims: dict[str, Claim] = {}
    for key, (dk, content, cue, actor, kind, target) in CLAIMS.items():
        doc = docs[dk]
        cs = doc.text.index(content)
        cue_s = doc.text.rfind(cue, 0, cs)
        spans = ClaimSpans(content=[(cs, cs + len(content))], cue=[(cue_s, cue_s + len(cue))])
        claims[key] = Claim(
            id=Claim.make_id(doc.id, spans), document=doc.id, actor=actor, cue=cue, cue_lemma=cue, kind=kind,
            text=content, quotes=re.findall(r"“[^”]+”", content), spans=spans, sentence=_sentence(doc.text, cue_s),
            target=target, status=statuses.get(key, Status.proposed), confidence=0.8,
        )
    out_links = []
    for src, tgt, rel, method, reason in (LINKS if links else []):
        s, t = claims[src].id, claims[tgt].id
        out_links.append(Link(id=Link.make_id(s, t, rel), source=s, target=t, relation=rel, confidence=0.8,
                              method=method, reason=reason, status=statuses.get(f"{src}-{tgt}", Status.proposed)))
    return ArgumentMap(documents=list(docs.values()), actors=ACTORS, claims=list(claims.values()), links=out_links)


@pytest.fixture
def made_up() -> ArgumentMap:
    return make_map()


@pytest.fixture
def ids(made_up) -> dict[str, str]:
    """Claim key ('c1'...) -> claim id of the made-up map."""
    by_text = {c.text: c.id for c in made_up.claims}
    return {key: by_text[spec[1]] for key, spec in CLAIMS.items()}


# ---------------------------------------------------------------------------------------------
# Real stores: the team corpus and the seed article, extracted and linked once


def _build_store(tmp_path_factory, nlp, name: str, paths: list[str]) -> Path:
    from argmap import jobs
    from argmap.store import open_store

    path = tmp_path_factory.mktemp(name) / f"{name}.db"
    with open_store(path) as store:
        jobs.extract(store, paths, nlp=nlp)
        jobs.link(store)
    return path


@pytest.fixture(scope="session")
def corpus_db(tmp_path_factory, nlp) -> Path:
    """corpus/'s English folders (the team corpus) extracted and linked into a store file."""
    return _build_store(tmp_path_factory, nlp, "corpus", [str(f) for f in english_corpus_folders()])


@pytest.fixture(scope="session")
def seed_db(tmp_path_factory, nlp) -> Path:
    """The seed article extracted and linked into a store file (skips when the article is absent)."""
    from tests_seed import SEED

    if not SEED.is_file():
        pytest.skip(f"seed file {SEED} is absent")
    return _build_store(tmp_path_factory, nlp, "seed", [str(SEED)])


@pytest.fixture(scope="session")
def run_cli():
    """`run_cli(db, *args)` runs `argmap --db DB ...` in-process and returns the click Result."""
    from argmap.cli import main

    def run(db: Path | None, *args):
        argv = (["--db", str(db)] if db else []) + [str(a) for a in args]
        return CliRunner().invoke(main, argv, catch_exceptions=False)

    return run


@pytest.fixture(scope="session")
def compare_json(run_cli):
    """`compare_json(db, A, B, *options)` -> the parsed `argmap compare --json` report."""

    def run(db: Path, a: str, b: str, *options) -> dict:
        result = run_cli(db, "compare", a, b, "--json", *options)
        assert result.exit_code == 0, result.output
        return json.loads(result.output)

    return run


# ---------------------------------------------------------------------------------------------
# Browser


@pytest.fixture(scope="module")
def in_browser():
    """`in_browser(steps)` runs `steps(page)` on a fresh 1440x900 page of headless Debian Chromium
    (never a downloaded browser) and returns its result; skips when Chromium or Playwright is missing.

    The page records uncaught page errors and console errors (CSP violations included) in
    `page.errors`. Each call runs in a thread of its own with its own Playwright: the sync API allows
    one running instance per thread, and the review tests keep theirs open for the whole session.
    """
    if not CHROMIUM.exists():
        pytest.skip("no /usr/bin/chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        pytest.skip(f"playwright is not usable: {exc}")

    def run(steps):
        out: dict = {}

        def work() -> None:
            try:
                with sync_playwright() as pw:
                    try:
                        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
                    except Exception as exc:  # noqa: BLE001  # pragma: no cover - depends on the machine
                        out["skip"] = f"chromium does not start under playwright: {exc}"
                        return
                    try:
                        page = browser.new_context(viewport={"width": 1440, "height": 900}).new_page()
                        page.errors = []
                        page.on("pageerror", lambda e: page.errors.append(f"pageerror: {e}"))
                        page.on("console", lambda m: page.errors.append(f"console.{m.type}: {m.text}")
                                if m.type == "error" else None)
                        out["value"] = steps(page)
                    finally:
                        browser.close()
            except BaseException as exc:  # noqa: BLE001 - re-raised in the test's thread
                out["error"] = exc

        worker = threading.Thread(target=work, name="compare-browser")
        worker.start()
        worker.join(timeout=120)
        if "skip" in out:
            pytest.skip(out["skip"])
        if "error" in out:
            raise out["error"]
        return out.get("value")

    return run


def copy_db(src: Path, dst_dir: Path) -> Path:
    dst = dst_dir / src.name
    shutil.copy(src, dst)
    return dst
