"""The team corpus (corpus/) as the tests see it: the tests written for the English corpus run on its
English folders; the French corpus (corpus/algeria-mali-fr/, issue #22) has tests of its own."""

from __future__ import annotations

import re
from pathlib import Path

#: corpus/ in the repository
TEAM_CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def english_corpus_folders() -> list[Path]:
    """corpus/'s folders whose documents are in English (by their front matter's `language`)."""
    out = []
    for folder in sorted(p for p in TEAM_CORPUS.iterdir() if p.is_dir()):
        heads = [f.read_text(encoding="utf-8")[:400] for f in sorted(folder.glob("*.md"))]
        if heads and not any(re.search(r"^language:\s*(?!en)\S", h, re.M) for h in heads):
            out.append(folder)
    return out


def not_english(folder, names):
    """`shutil.copytree(..., ignore=not_english)`: leave corpus/'s folders of other languages out."""
    keep = {p.name for p in english_corpus_folders()}
    return [n for n in names if Path(folder) == TEAM_CORPUS and (TEAM_CORPUS / n).is_dir() and n not in keep]


