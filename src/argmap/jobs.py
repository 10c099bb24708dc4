"""The main jobs behind the CLI verbs: extract, link, render, run. Library functions, no printing.

Each job takes a Store and plain values and returns a small result record; progress is reported
through an optional callback so the CLI can draw a bar and scripts can stay quiet.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError
from .ingest import MAX_CHARS_DEFAULT, Problem, discover, read_document
from .model import Document
from .store import Store

Progress = Callable[[str, int, int], None]  # (label, done, total)


@dataclass
class ExtractResult:
    documents_seen: int = 0
    documents_added: int = 0
    documents_unchanged: int = 0
    claims_written: int = 0
    claims_kept: int = 0
    problems: list[Problem] = field(default_factory=list)


def extract(
    store: Store,
    paths: list[str],
    *,
    model: str | None = None,
    actors_file: str | None = None,
    include_author: bool = False,
    max_chars: int = MAX_CHARS_DEFAULT,
    batch_size: int = 16,
    progress: Progress | None = None,
    nlp=None,
) -> ExtractResult:
    """Read documents, store them, extract their claims and actors.

    A document already stored (same sha256) is not added again, but its claims are extracted
    again, which replaces its proposed claims and keeps reviewed ones.

    Raises:
        InputError: a path is missing or holds no documents (nothing is written then).
    """
    from .actors import Registry, resolve_document

    files = discover(paths)
    result = ExtractResult()
    docs: list[Document] = []
    for f in files:
        try:
            docs.append(read_document(f, max_chars=max_chars))
        except InputError as exc:
            result.problems.append(Problem(str(f), f"{f}: {exc}"))
    result.documents_seen = len(files)
    if not docs:
        if result.problems:
            raise InputError(result.problems[0].message if len(result.problems) == 1 else f"none of the {len(files)} files could be read; first: {result.problems[0].message}")
        raise InputError("no documents to extract from")
    if nlp is None:
        from .pipeline import build_nlp

        nlp = build_nlp(model)
    nlp.get_pipe("argmap_attributions").include_author = include_author
    registry = Registry.load(actors_file, [Path(p) for p in paths])
    store.upsert_actors(registry.actors(), origin="registry")
    from .extract.to_claims import chunk_bounds

    total = len(docs)
    pieces = [(i, s, e) for i, d in enumerate(docs) for s, e in chunk_bounds(d.text)]
    parsed = nlp.pipe((docs[i].text[s:e] for i, s, e in pieces), batch_size=batch_size)
    by_doc: dict[int, list] = {}
    remaining = {i: sum(1 for p in pieces if p[0] == i) for i in range(len(docs))}

    def per_document():
        for (i, s, _e), sdoc in zip(pieces, parsed):
            by_doc.setdefault(i, []).append((s, sdoc))
            remaining[i] -= 1
            if remaining[i] == 0:
                yield docs[i], by_doc.pop(i)

    for n, (document, spacy_doc) in enumerate(per_document(), start=1):
        if store.add_document(document):
            result.documents_added += 1
        else:
            result.documents_unchanged += 1
            stored = next((d for d in store.documents() if d.sha256 == document.sha256), None)
            if stored is not None:
                document = stored
        claims, actors = resolve_document(spacy_doc, document, registry, merges=store.actor_merges(), include_author=include_author)
        store.upsert_actors(actors)
        written, kept = store.replace_claims(document.id, claims)
        result.claims_written += written
        result.claims_kept += kept
        if progress:
            progress("extract", n, total)
    return result


@dataclass
class LinkResult:
    links_written: int = 0
    links_kept: int = 0
    by_relation: dict[str, int] = field(default_factory=dict)


def link(store: Store, *, min_confidence: float = 0.0) -> LinkResult:
    """Propose supports / contradicts / restates links across all claims in the store."""
    from .link import link_claims

    amap = store.load_map()
    claims = [c for c in amap.claims if c.status.value != "rejected"]
    links = [lk for lk in link_claims(claims, amap.actors, amap.documents) if lk.confidence >= min_confidence]
    written, kept = store.replace_links(links)
    by_relation: dict[str, int] = {}
    for lk in store.links():
        by_relation[lk.relation.value] = by_relation.get(lk.relation.value, 0) + 1
    return LinkResult(written, kept, by_relation)


def render(store: Store, out_dir: str | Path, *, formats: tuple[str, ...] = ("svg",), **filters) -> list[Path]:
    """Render the store's maps into `out_dir` (one file per view and format)."""
    from .render import render_views

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    return render_views(store.load_map(), out, formats=formats, **filters)
