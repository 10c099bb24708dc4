"""Crash safety while reviewed documents are extracted again: a new actor registry changes the
extractor, so `argmap run` re-extracts every document of an earlier, reviewed run (replacing proposed
claims, keeping reviewed ones) and adds new documents; killed with SIGKILL at random moments (in the
middle of extraction, and anywhere), then run to the end, it must leave the same store as an
uninterrupted run: export byte for byte, the maps too (no half-written file left), every decision
(accept, reject, edit, a manual link, a rating from `argmap rate`) and the review history intact,
and an SQLite file that passes its integrity check. tests/test_crash.py covers the plain resumed run.

Real parts only: the installed `argmap` command in subprocesses, the real model, a real SQLite file
and the real `dot`. The corpus is generated here (no third-party text).
"""

from __future__ import annotations

import json
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

from argmap.model import Link, Relation, Status
from argmap.store import open_store

pytestmark = [pytest.mark.model, pytest.mark.slow]

ARGMAP = Path(sys.executable).with_name("argmap")
SEED = 20250410
KILLS = 5

SPEAKERS = ["The foreign ministry", "Mali's transitional government", "Algeria's army", "The UN spokesperson",
            "Rebel leaders", "Minister Ahmed Attaf", "Colonel Assimi Goita", "The African Union", "Officials in Bamako"]
CUES = ["said", "claimed", "denied", "insisted", "warned", "stated", "argued"]
CONTENTS = ["the drone had entered its airspace", "the aircraft was shot down inside Mali", "the border was closed",
            "talks would resume next week", "the attack violated international law", "no civilians were hurt",
            "the ambassadors had been recalled", "the convoy carried humanitarian aid", "the claims were baseless"]


def make_corpus(folder: Path, names: range, rng: random.Random) -> None:
    """Documents of ~60 attributed sentences each, different for every name."""
    folder.mkdir(parents=True, exist_ok=True)
    for n in names:
        lines = []
        for p in range(12):
            sentences = []
            for _ in range(5):
                who, cue, what = rng.choice(SPEAKERS), rng.choice(CUES), rng.choice(CONTENTS)
                form = rng.randrange(3)
                if form == 0:
                    sentences.append(f"{who} {cue} that {what} on day {rng.randrange(1, 28)}.")
                elif form == 1:
                    sentences.append(f"\u201c{what.capitalize()},\u201d {who.lower() if who.startswith('The') else who} {cue}.")
                else:
                    sentences.append(f"According to {who.removeprefix('The ')}, {what} in sector {rng.randrange(99)}.")
            lines.append(" ".join(sentences))
        meta = f"---\ntitle: Report {n}\npublisher: Test Wire\npublished: 2025-04-{n % 28 + 1:02d}\n---\n"
        (folder / f"report-{n:02d}.md").write_text(meta + "\n\n".join(lines) + "\n", encoding="utf-8")


def argmap(db: Path, *args: str, cwd: Path, **kw) -> subprocess.Popen:
    env = {**os.environ, "ARGMAP_DB": str(db)}
    return subprocess.Popen([str(ARGMAP), "--db", str(db), *args], cwd=cwd, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


def finish(proc: subprocess.Popen, timeout: float = 120) -> str:
    out, err = proc.communicate(timeout=timeout)
    assert proc.returncode == 0, f"exit {proc.returncode}: {err}"
    return out


def export_json(db: Path, cwd: Path) -> bytes:
    proc = argmap(db, "export", "--format", "json", cwd=cwd)
    return finish(proc).encode("utf-8")


@pytest.mark.skipif(not ARGMAP.exists(), reason="the argmap entry point is not installed in this environment")
def test_crash_killed_while_re_extracting_reviewed_documents_ends_like_an_uninterrupted_run(tmp_path, nlp):
    rng = random.Random(SEED)
    corpus = tmp_path / "corpus"
    make_corpus(corpus, range(12), rng)

    # an earlier run, then review decisions on its claims and links
    setup = tmp_path / "setup.db"
    finish(argmap(setup, "run", "--out", str(tmp_path / "maps0"), str(corpus), cwd=tmp_path))
    with open_store(setup, create=False) as s:
        claims = s.claims()
        accepted, rejected, edited = claims[3], claims[10], claims[17]
        s.update_claim(accepted.model_copy(update={"status": Status.accepted, "reviewer": "ana"}), reviewer="ana",
                       action="accept")
        s.update_claim(rejected.model_copy(update={"status": Status.rejected, "reviewer": "ana"}), reviewer="ana",
                       action="reject")
        other_actor = next(a.id for a in s.actors() if a.id != edited.actor)
        s.update_claim(edited.model_copy(update={"status": Status.edited, "reviewer": "ivo", "actor": other_actor,
                                                 "note": "speaker fixed by hand"}), reviewer="ivo", action="edit")
        made = Link(id=Link.make_id(claims[0].id, claims[25].id, Relation.contradicts), source=claims[0].id,
                    target=claims[25].id, relation=Relation.contradicts, status=Status.accepted, reviewer="ivo",
                    method="review.manual")
        s.apply_review(reviewer="ivo", action="link", links=[made])
        history = s.history(limit=1000)
    finish(argmap(setup, "rate", accepted.id, "mostly-false", "--note", "checked", "--date", "2025-05-01",
                  cwd=tmp_path))
    # then the corpus grows and an actor registry arrives: every document is extracted again
    make_corpus(corpus, range(12, 18), rng)
    (corpus / "actors.yaml").write_text(
        "actors:\n  - id: mali-government\n    name: Government of Mali\n    kind: government\n"
        "    aliases: [Mali's transitional government, Officials in Bamako, Colonel Assimi Goita]\n",
        encoding="utf-8")

    # the reference: one uninterrupted run
    clean = tmp_path / "clean.db"
    shutil.copy(setup, clean)
    started = time.monotonic()
    finish(argmap(clean, "run", "--out", str(tmp_path / "maps-clean"), str(corpus), cwd=tmp_path))
    took = time.monotonic() - started
    expected = export_json(clean, tmp_path)

    # the same run, killed at random moments, then run to the end
    killed = tmp_path / "killed.db"
    shutil.copy(setup, killed)
    delays, progress = [], []
    with sqlite3.connect(setup) as conn:
        old_extractor = conn.execute("SELECT DISTINCT extractor FROM documents").fetchone()[0]

    def extracted() -> int:
        """Documents this run's extractor has finished (the setup run's were made by another)."""
        conn = sqlite3.connect(f"file:{killed}?mode=ro", uri=True, timeout=30)
        try:
            return conn.execute("SELECT COUNT(*) FROM documents WHERE extractor IS NOT NULL AND extractor != ?",
                                (old_extractor,)).fetchone()[0]
        finally:
            conn.close()

    for round_ in range(KILLS):
        proc = argmap(killed, "run", "--out", str(tmp_path / "maps-killed"), str(corpus), cwd=tmp_path)
        started = time.monotonic()
        if round_ < KILLS - 2 and extracted() < 17:
            # in the middle of extraction: once a random number of further documents is stored
            target = rng.randint(extracted() + 1, 17)
            while proc.poll() is None and extracted() < target and time.monotonic() - started < 60:
                time.sleep(0.01)
            time.sleep(rng.uniform(0, 0.05))
        else:  # anywhere: loading the model, linking, rendering
            try:
                proc.wait(timeout=rng.uniform(0.2, took))
            except subprocess.TimeoutExpired:
                pass
        delays.append(round(time.monotonic() - started, 2))
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=30)
        progress.append(extracted())
        check = sqlite3.connect(killed)
        try:
            assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok", f"after a kill at {delays[-1]} s"
        finally:
            check.close()
    assert any(0 < n < 18 for n in progress), f"no kill landed in the middle of extraction: {progress}"
    out = finish(argmap(killed, "run", "--out", str(tmp_path / "maps-killed"), str(corpus), cwd=tmp_path))
    assert "18 documents" in out, out

    got = export_json(killed, tmp_path)
    assert got == expected, f"interrupted at {delays} s (a full run takes {took:.1f} s)"
    data = json.loads(got)
    ids = [c["id"] for c in data["claims"]]
    assert len(ids) == len(set(ids)) and len(data["documents"]) == 18
    by_id = {c["id"]: c for c in data["claims"]}
    assert by_id[accepted.id]["status"] == "accepted" and by_id[accepted.id]["rating"] == "mostly_false"
    assert by_id[rejected.id]["status"] == "rejected"
    assert (by_id[edited.id]["status"], by_id[edited.id]["actor"], by_id[edited.id]["note"]) == (
        "edited", other_actor, "speaker fixed by hand")
    assert any(lk["id"] == made.id and lk["status"] == "accepted" for lk in data["links"])
    with open_store(killed, create=False) as s:
        assert len(s.history(limit=1000)) == len(history) + 1  # the decisions and the rating, nothing lost or added
    conn = sqlite3.connect(killed)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()
    # the maps too, and no half-written file left behind
    clean_maps = {p.name: p.read_bytes() for p in (tmp_path / "maps-clean").iterdir()}
    killed_maps = {p.name: p.read_bytes() for p in (tmp_path / "maps-killed").iterdir()}
    assert sorted(killed_maps) == sorted(clean_maps)
    assert killed_maps == clean_maps
