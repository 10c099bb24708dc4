"""The main jobs behind the CLI verbs: extract, link, render, run. Library functions, no printing.

Each job takes a Store and plain values and returns a small result record; progress is reported
through an optional callback so the CLI can draw a bar and scripts can stay quiet.
"""

from __future__ import annotations

import itertools
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError, NotFoundError
from .ingest import MAX_CHARS_DEFAULT, Note, Problem, discover, load
from .model import Document
from .store import Store

Progress = Callable[[str, int, int], None]  # (label, done, total)
#: Seconds one document may take to parse by default (`extract(time_limit=...)`, --time-limit).
TIME_LIMIT_DEFAULT = 120.0


@dataclass
class ExtractResult:
    documents_seen: int = 0
    documents_added: int = 0
    documents_unchanged: int = 0
    documents_skipped: int = 0  # already extracted by the same extractor: not parsed again
    claims_written: int = 0
    claims_kept: int = 0
    chars: int = 0  # characters of the documents extracted in this run
    chars_parsed: int = 0  # of which the pre-filter sent to the parser
    problems: list[Problem] = field(default_factory=list)  # one per document (file or batch line) not stored
    notes: list[Note] = field(default_factory=list)  # files read all the same, e.g. with a guessed encoding
    documents_updated: int = 0  # already stored, with new metadata (a manifest row, a sidecar, a date found in the text)
    undated: list[str] = field(default_factory=list)  # paths of this run's stored documents without a date

    @property
    def documents_ok(self) -> int:
        """Documents of this run that are in the store now (new, or already there)."""
        return self.documents_seen - len(self.problems)


def extract(
    store: Store,
    paths: list[str],
    *,
    model: str | None = None,
    actors_file: str | None = None,
    include_author: bool = False,
    max_chars: int = MAX_CHARS_DEFAULT,
    encoding: str | None = None,
    batch_size: int = 16,
    progress: Progress | None = None,
    nlp=None,
    processes: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
    force: bool = False,
    prefilter: bool = True,
    client=None,
    time_limit: float | None = TIME_LIMIT_DEFAULT,
    follow_links: bool = False,
    manifest: str | None = None,
    lang: str | None = None,
) -> ExtractResult:
    """Read documents, store them, extract their claims and actors.

    Documents stream through: each is read, parsed and stored in turn (by worker processes or a
    Dask cluster when asked), so memory does not grow with the corpus. A document already stored
    (same sha256) is not added again; its claims are extracted again only when they were made by
    another extractor (see `pipeline.extractor_fingerprint`) or with `force`, which replaces its
    proposed claims and keeps reviewed ones. `paths` may name files of every format
    `argmap.ingest` reads (a `.jsonl` batch gives several documents) and `-` for standard input;
    `encoding` is None (UTF-8), "auto" or a codec name for legacy text files.

    Args:
        processes: worker processes (local engine) or local Dask workers; 1 parses in this process.
        engine: "local" (this machine) or "dask" (a Dask cluster; see `parallel.run_dask`).
        scheduler: address of a running Dask scheduler; None starts a local cluster.
        force: extract documents again even when their claims are up to date.
        prefilter: parse only the lines that can hold an attribution (`extract.prefilter`).
        client: a `distributed.Client` to use with the dask engine (tests, notebooks).
        time_limit: seconds one document may take to read and to parse (None or 0: no limit). A
            document over it is skipped: a Problem says so, nothing of it is stored, and the run goes on.
        follow_links: read files that links inside a corpus folder point to outside it (see
            `ingest.discover`).
        manifest: a manifest file outside the corpus folders (`ingest.load`); the folders'
            `manifest.csv` / `manifest.jsonl` are read in any case.
        lang: the language of documents whose metadata names none and whose language the detector
            cannot tell (`parallel.document_language`; None: English). Each document is extracted
            by its language's pipeline (`pipeline.build_nlp(lang=...)`), and its claims carry that
            language's extractor fingerprint (its model).

    One document never stops the run: a file that cannot be read, or a document on which reading or
    extraction fails, becomes one Problem (one line) and is not stored; the others are.

    Each document is stored with its claims and actors as soon as it is extracted (one transaction
    for the document, one for its claims and their actors), so an interrupted run keeps what it
    finished; a document stored without claims (interrupted in between) is extracted again by the
    next run.

    Raises:
        InputError: a path is missing or holds no documents (nothing is written then), or a bad
            engine setting.
    """
    from . import parallel
    from .errors import ModelNotFoundError
    from .extract.actors import Registry
    from .pipeline import extractor_fingerprint, model_identity

    if engine not in parallel.ENGINES:
        raise InputError(f"unknown engine {engine!r}; use one of: {', '.join(parallel.ENGINES)}")
    if scheduler and engine != "dask":
        raise InputError("--scheduler needs --engine dask")
    if processes < 1:
        raise InputError(f"--processes must be at least 1, not {processes}")
    if time_limit is not None and time_limit < 0:
        raise InputError(f"--time-limit must be 0 (no limit) or more seconds, not {time_limit:g}")
    result = ExtractResult()
    items = load(paths, max_chars=max_chars, encoding=encoding, follow_links=follow_links, time_limit=time_limit or None,
                 manifest=manifest)
    first = _first_document(items, result)  # nothing is written before a document is known
    registry = Registry.load(actors_file, [Path(p) for p in paths])
    identity = model_identity(model, nlp)
    first_lang = identity.split("_", 1)[0]  # the language of the given (or default) model
    fingerprints: dict[str, str] = {}

    def fingerprint_for_language(doc_lang: str) -> str:
        if doc_lang not in fingerprints:
            try:
                ident = identity if doc_lang == first_lang else model_identity(lang=doc_lang)
            except ModelNotFoundError:
                ident = f"{doc_lang}:no-model"  # its documents come back skipped, saying which model to install
            fingerprints[doc_lang] = extractor_fingerprint(ident, include_author=include_author, prefilter=prefilter,
                                                           registry=registry)
        return fingerprints[doc_lang]

    def fingerprint_of(document: Document) -> str:
        """The extractor fingerprint of the document's language (its model's identity)."""
        return fingerprint_for_language(parallel.document_language(document, lang))

    def current(document: Document, extractor: str | None) -> bool:
        """Did today's extractor make the stored claims? A document without a language tag was extracted in
        the language the (deterministic) detector gave its unchanged text: a stored fingerprint that is
        today's for one of argmap's languages is that one, so a run with nothing new detects nothing."""
        if extractor is None:
            return False
        if document.language is None and lang is None:
            from .pipeline import LANGUAGE_MODELS

            return extractor in {fingerprint_for_language(code) for code in sorted(LANGUAGE_MODELS)}
        return extractor == fingerprint_of(document)

    settings = parallel.Settings(model=model, include_author=include_author, prefilter=prefilter, batch_size=batch_size,
                                 time_limit=time_limit or None, registry=registry, merges=store.actor_merges(), lang=lang)
    store.upsert_actors(registry.actors(), origin="registry")
    total = len(discover(paths, follow_links=follow_links))  # files: a first estimate of the documents to come
    done = 0

    def tick() -> None:
        nonlocal done, total
        done += 1
        total = max(total, done)
        if progress:
            progress("extract", done, total)

    fresh: dict[str, Document] = {}  # new documents being extracted: stored with their claims
    fingerprint_for: dict[str, str] = {}  # documents being extracted -> the fingerprint their claims get

    def todo():
        """The documents to extract; skips (and counts) up-to-date ones."""
        for item in itertools.chain([first], items):
            if isinstance(item, Problem):
                result.problems.append(item)
                continue
            if isinstance(item, Note):
                result.notes.append(item)
                continue
            result.documents_seen += 1
            if item.id in fresh:  # the same text twice in this run: extracted once
                result.documents_unchanged += 1
                result.documents_skipped += 1
                tick()
                continue
            stored = store.stored_extraction(item.sha256)
            if stored is None:
                fresh[item.id] = item
                fingerprint_for[item.id] = fingerprint_of(item)
                yield item
                continue
            document, extractor, reviewed = stored
            result.documents_unchanged += 1
            if _metadata(item) != _metadata(document):  # e.g. a manifest written after the first run
                document = document.model_copy(update=_metadata(item))
                store.update_document_metadata(document)
                result.documents_updated += 1
            if document.published is None:
                result.undated.append(document.path)
            if not force and current(document, extractor):
                result.documents_skipped += 1
                result.claims_kept += reviewed  # untouched, like every claim of the document
                tick()
                continue
            fingerprint_for[document.id] = fingerprint_of(document)
            yield document

    if engine == "dask":
        results = parallel.run_dask(settings, todo(), scheduler=scheduler, processes=processes if processes > 1 else None,
                                    client=client)
    else:
        results = parallel.run_local(settings, todo(), processes=processes, nlp=nlp)
    build = parallel.build_id(model, nlp)
    for got in results:
        if got.build != build:  # a Dask worker with another argmap or model would store other claims
            raise InputError(f"a worker extracts with {got.build!r}, this machine with {build!r}: install the same "
                             "argmap version and spaCy model on every worker (docs/scale.md)")
        new = fresh.pop(got.document, None)
        if got.skipped:
            result.problems.append(Problem(new.path if new else got.document, got.skipped))
            tick()
            continue
        if new is not None and store.add_document(new):
            result.documents_added += 1
            if new.published is None:
                result.undated.append(new.path)
        written, kept = store.replace_claims(got.document, got.claims, extractor=fingerprint_for.pop(got.document, None)
                                             or fingerprint_of(new), actors=got.actors)
        result.claims_written += written
        result.claims_kept += kept
        result.chars += got.chars
        result.chars_parsed += got.chars_parsed
        tick()
    result.documents_seen += len(result.problems)
    return result


def _metadata(doc: Document) -> dict:
    """The fields of a document that its files' metadata give (not its text, id or path)."""
    return {name: getattr(doc, name) for name in ("title", "publisher", "published", "url", "language", "provenance")}


def _first_document(items, result: ExtractResult):
    """Pull items up to the first document (problems and notes go to `result`).

    Raises:
        InputError: there is no document at all (nothing has been written).
    """
    for item in items:
        if isinstance(item, Document):
            return item
        if isinstance(item, Problem):
            result.problems.append(item)
        else:
            result.notes.append(item)
    seen = len(result.problems)
    if result.problems:
        raise InputError(result.problems[0].message if seen == 1 else f"none of the {seen} files could be read; first: {result.problems[0].message}")
    raise InputError("no documents to extract from")


@dataclass
class LinkResult:
    links_written: int = 0
    links_kept: int = 0
    by_relation: dict[str, int] = field(default_factory=dict)
    #: True when nothing linking depends on changed since the last link run: nothing was done.
    up_to_date: bool = False


def link(store: Store, *, min_confidence: float | None = None, force: bool = False) -> LinkResult:
    """Propose supports / contradicts / restates links across all claims in the store.

    Incremental: the store records the state it was left in by the last link run (a digest of every
    document, actor, claim and link, and the linker's own fingerprint: code, weights, learned model,
    `min_confidence`). When both are unchanged, linking again would write the same links, so
    nothing is done (`up_to_date`); a new document, a review decision, a merge, a side or another
    argmap version links again, in full (the links are identical to a first run: scores use
    corpus-wide statistics, so a partial re-scoring could not promise that). `force` links anyway.

    The store is read a document at a time (`linking.iter_links`: memory holds a compact profile
    per claim, not the map) and the links are written a batch at a time.

    With embeddings asked for (`ARGMAP_EMBEDDINGS`), each claim text is encoded once per model: the
    store's vectors of the model (`Store.vectors`, keyed by `embed.Encoder.model_id` and
    `linking.semantic.text_key`) are loaded first, only the texts without one are encoded, and
    after linking the new vectors are written and those of texts no longer linked (or of another
    model) deleted, in one transaction (`Store.replace_vectors`) before the links' own.
    """
    from .embed import default_encoder, requested
    from .linking import fingerprint, iter_links
    from .linking.semantic import EmbeddingCache, text_key
    from .model import Link

    run_key = fingerprint(min_confidence=min_confidence)
    sides: dict = {}
    encoder = default_encoder() if requested() else None  # as the linker decides (linking._semantic)
    cache: EmbeddingCache | None = None
    keys: set[str] = set()  # the text keys of the claims linked: their vectors stay in the store
    # the links go to a spool file as they are found (one JSON line each), then into the store in
    # one transaction: memory holds the linker's profiles and a batch of links, never all of them,
    # and the store is not locked while linking runs
    with tempfile.TemporaryFile() as spool:
        with store.read_snapshot():  # one state of the store: the one `before` digests
            before, current = store.link_state(run_key)
            if current and not force:
                return LinkResult(0, store.counts()["reviewed_links"], store.link_counts(), up_to_date=True)
            batches = _link_batches(store)
            if encoder is not None:
                cache = EmbeddingCache.from_bytes(encoder.model_id, store.vectors(encoder.model_id))
                batches = _keyed(batches, keys, text_key)
            # confidences are calibrated probabilities; below `min_confidence` (None: the
            # calibration's precision-first floor) a link is not proposed
            for lk in iter_links(batches, store.actors(), sides=sides, cache=cache, floor=min_confidence):
                spool.write(lk.model_dump_json().encode("utf-8") + b"\n")
        if cache is not None:
            # its own transaction, first: should writing the links fail, the encoding is not lost
            store.replace_vectors(cache.model, cache.added_bytes(), keys)
            del cache
        spool.seek(0)
        links = (Link.model_validate_json(line) for line in spool)
        written, kept = store.replace_links_and_sides(links, sides, run_key=run_key, seen_state=before)
    return LinkResult(written, kept, store.link_counts())


def _link_batches(store: Store):
    """The store's documents and their claims (not rejected), one document at a time, in the order
    the linker reads them (`linking.document_key`)."""
    from .linking import document_key

    for row in sorted(store.document_rows(), key=document_key):
        claims = [c for c in store.claims(document=row.id) if c.status.value != "rejected"]
        if claims:
            yield store.document(row.id), row.id, claims


def _keyed(batches, keys: set[str], key_of):
    """`batches` as they are, adding the `key_of(text)` of each claim to `keys` on the way."""
    for doc, doc_id, claims in batches:
        keys.update(key_of(c.text) for c in claims)
        yield doc, doc_id, claims


def merge_actors(store: Store, alias_ids: list[str], into_id: str, *, reviewer: str | None = None,
                 relink: bool = True) -> tuple[int, LinkResult | None]:
    """Merge each of `alias_ids` into `into_id` (claims move; the aliases are remembered for later
    extractions), then, unless `relink` is False, propose links and infer sides again: a merge
    turns "Clinton denies what Hillary Clinton asserts" into one actor's two statements.
    Returns (claims moved, the link result or None)."""

    known = {a.id for a in store.actors()}
    for aid in (*alias_ids, into_id):  # check them all before the first merge
        if aid not in known:
            raise NotFoundError(f"no actor with id {aid!r} (see 'argmap actors')")
    if into_id in alias_ids:
        raise InputError(f"cannot merge an actor into itself ({into_id})")
    moved = 0
    for alias in dict.fromkeys(alias_ids):
        moved += store.merge_actors(alias, into_id, reviewer=reviewer)
    return moved, (link(store) if relink else None)


def set_side(store: Store, actor_id: str, side: str | None, *, reviewer: str | None = None,
             relink: bool = True) -> LinkResult | None:
    """Declare (or clear, with None) an actor's side, then, unless `relink` is False, propose the
    links and infer the other actors' sides again (a side decides which contradictions count)."""
    from .actor_graph import check_side_id

    store.set_actor_side(actor_id, check_side_id(side) if side is not None else None, reviewer=reviewer)
    return link(store) if relink else None


def render(store: Store, out_dir: str | Path, *, formats: tuple[str, ...] = ("svg",), **options) -> list[Path]:
    """Render the store's maps into `out_dir` (one file per view and format, and index.html).

    Views stream one at a time, each reading from the store the records it draws (the map is never
    loaded: memory holds its rows), all in one read snapshot; `dot` runs only for views whose DOT
    text changed since the last render into `out_dir` (see `render.render_views`: `stats` reports
    how many were drawn)."""
    from .render import render_views

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    with store.read_snapshot():
        return render_views(store, out, formats=formats, **options)


def disputes(store: Store, **options) -> list:
    """The store's disputes, most contested first, as the index lists them (`render.dispute_index`)."""
    from .render import dispute_index

    with store.read_snapshot():
        return dispute_index(store, **options)
