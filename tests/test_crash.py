"""Crash safety (issue #10): `argmap run` killed with SIGKILL at random moments, several times, then
run again to the end, leaves the same store as a run never interrupted: no duplicate or missing
claims, every review decision made before intact, the SQLite file sound.

Real processes, a real SQLite file, the real spaCy model. The corpus is generated here (our own
short sentences); review decisions are made on a first half before the runs under test.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from argmap.model import Status
from argmap.store import open_store

ARGMAP = Path(sys.executable).with_name("argmap")
pytestmark = [
    pytest.mark.model,
    pytest.mark.skipif(not ARGMAP.exists(), reason="the argmap entry point is not installed in this environment"),
]

TOWNS = ["Tessalit", "Kidal", "Gao", "Menaka", "Aguelhok", "Ber", "Anefis", "Talataye", "Tinzawaten", "Bourem",
         "Ansongo", "Labbezanga", "Intahaka", "Tarkint", "Ersane", "Inekar", "Bamba", "Almoustarat"]


def _write_corpus(folder: Path, n: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        town = TOWNS[i % len(TOWNS)]
        text = (
            f"---\ntitle: Incident near {town} ({i})\npublisher: Test Wire\npublished: 2025-04-{1 + i % 28:02d}\n---\n"
            f"Mali's government said a drone had been destroyed near {town} on day {i}. "
            f"Algeria rejected these accusations, the foreign ministry said. "
            f"The army said its air defences had shot down an armed drone near {town}. "
            f"Analysts in Bamako believe the quarrel over {town} will deepen.\n\n"
            f"\u201cWe will not accept this,\u201d the minister said of the incident near {town}.\n"
        )
        (folder / f"doc-{i:02d}.md").write_text(text, encoding="utf-8")


def _argmap(db: Path, *args: str, **kw) -> subprocess.Popen:
    env = {**os.environ, "ARGMAP_DB": str(db)}
    return subprocess.Popen([str(ARGMAP), "-q", *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, **kw)


def _run(db: Path, *args: str) -> str:
    proc = _argmap(db, *args)
    out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err
    return out


def _export(db: Path) -> str:
    return _run(db, "export")


def _documents(db: Path) -> int:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
    try:
        return conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    finally:
        conn.close()


def _wait_for_documents(db: Path, n: int, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + 120
    while proc.poll() is None and time.monotonic() < deadline:
        try:
            if _documents(db) >= n:
                return
        except sqlite3.OperationalError:
            pass  # busy or mid-migration: look again
        time.sleep(0.01)


def _review(db: Path) -> dict[str, str]:
    """Decisions a reviewer makes on the first half: accept one claim, reject another, accept a link."""
    with open_store(db) as store:
        claims = store.claims()
        links = store.links()
        assert len(claims) >= 4 and links
        accepted = claims[0].model_copy(update={"status": Status.accepted, "reviewer": "ana"})
        rejected = claims[1].model_copy(update={"status": Status.rejected, "reviewer": "ana"})
        link = links[0].model_copy(update={"status": Status.accepted, "reviewer": "ana"})
        store.apply_review(reviewer="ana", action="accept", claims=[accepted])
        store.apply_review(reviewer="ana", action="reject", claims=[rejected])
        store.apply_review(reviewer="ana", action="accept", links=[link])
        return {accepted.id: "accepted", rejected.id: "rejected", link.id: "accepted"}


def test_crash_sigkill_at_random_points_then_restart_equals_an_uninterrupted_run(tmp_path):
    first, full = tmp_path / "first", tmp_path / "corpus"
    _write_corpus(first, 6)
    _write_corpus(full, 40)  # the first six are the same documents
    start = tmp_path / "start.db"
    _run(start, "run", str(first), "--out", str(tmp_path / "maps0"))
    decisions = _review(start)

    # the run under test, never interrupted
    clean = tmp_path / "clean.db"
    shutil.copy(start, clean)
    t0 = time.monotonic()
    _run(clean, "run", str(full), "--out", str(tmp_path / "maps-clean"))
    duration = time.monotonic() - t0
    expected = _export(clean)

    # the same run, killed at random moments, then run again to the end
    crashed = tmp_path / "crashed.db"
    shutil.copy(start, crashed)
    rng = random.Random(20261123)
    kills = 0
    for round_ in range(6):
        proc = _argmap(crashed, "run", str(full), "--out", str(tmp_path / "maps-crashed"))
        if round_ < 3:
            # inside extraction: once a random number of new documents is stored
            _wait_for_documents(crashed, _documents(crashed) + rng.randint(1, 8), proc)
            time.sleep(rng.uniform(0, 0.05))
        else:
            time.sleep(rng.uniform(0.1, 1.0) * duration)  # anywhere: start-up, extraction, linking, maps
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            kills += 1
        proc.communicate(timeout=600)
        conn = sqlite3.connect(crashed)  # the file stays sound after every kill
        try:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        finally:
            conn.close()
    assert kills >= 3, f"the kills must land while the job runs ({kills} of 6 did; the clean run took {duration:.1f} s)"
    _run(crashed, "run", str(full), "--out", str(tmp_path / "maps-crashed"))

    assert _export(crashed) == expected
    with open_store(crashed) as store:
        claims = store.claims()
        ids = [c.id for c in claims]
        assert len(ids) == len(set(ids))
        spans = [(c.document, tuple(map(tuple, c.spans.content))) for c in claims]
        assert len(spans) == len(set(spans)), "no claim twice"
        by_id = {c.id: c for c in claims} | {lk.id: lk for lk in store.links()}
        for rid, status in decisions.items():
            assert by_id[rid].status.value == status and by_id[rid].reviewer == "ana"
        assert store.counts()["documents"] == 40
