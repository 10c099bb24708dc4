"""Extraction engines: the per-document work (parse, rules, actors) in this process, in a pool of
worker processes, or on a Dask cluster, with the results handed back in input order.

Extraction is independent per document, so it spreads over processes and machines. This module
owns the work and its distribution but no storage: workers return claims and actors as plain
pydantic records, and only the caller (`jobs.extract`) writes them, so SQLite keeps its one writer.
Work is streamed: at most a few batches per worker are in flight, so memory does not grow with
the corpus. How to choose and deploy an engine: docs/scale.md.
"""

from __future__ import annotations

import collections
import hashlib
import itertools
import json
import multiprocessing
import os
import pickle
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from .extract.actors import Registry
from .errors import InputError
from .model import Actor, Claim, Document

ENGINES = ("local", "dask")
#: How long to wait for a Dask scheduler that does not answer.
CONNECT_TIMEOUT = "10s"


@dataclass(frozen=True)
class Settings:
    """Everything a worker needs to build its pipeline and resolve actors (picklable)."""

    model: str | None = None
    include_author: bool = False
    prefilter: bool = True
    batch_size: int = 16
    #: Seconds a document may take to parse before it is given up (None or 0: no limit).
    time_limit: float | None = None
    registry: Registry = field(default_factory=Registry)
    merges: dict[str, str] = field(default_factory=dict)

    def key(self) -> str:
        """Identifies the settings, so a worker builds one pipeline per settings and reuses it."""
        # canonical JSON, not a pickle: a pickled pydantic record carries a set (its fields set), whose
        # order differs between a record and its unpickled copy under some hash seeds
        reg = self.registry
        canon = [self.model, self.include_author, self.prefilter, self.batch_size, self.time_limit,
                 {k: a.model_dump(mode="json") for k, a in reg.entries.items()}, reg.alias_index, reg.sides,
                 reg.side_names, self.merges]
        return hashlib.sha256(json.dumps(canon, sort_keys=True).encode()).hexdigest()[:16]


@dataclass
class Extracted:
    """What the work on one document gives back: its claims and actors, and how much was parsed."""

    document: str
    claims: list[Claim]
    actors: list[Actor]
    chars: int = 0
    chars_parsed: int = 0
    build: str = ""  # `Extractor.build` of the worker: its argmap code and model
    skipped: str | None = None  # why the document was given up (over the time limit), one line; no claims then


@dataclass
class _Work:
    """One document on its way through `Extractor.run`."""

    document: Document
    started: float  # time.monotonic() when its work began
    quotes: list | None = None
    total: int = 0  # pieces to parse
    sent: int = 0  # pieces handed to the parser
    parsed: list = field(default_factory=list)  # (offset, Doc) of the pieces parsed
    complete: bool = False  # every piece it will have was handed to the parser
    over: bool = False  # given up: over the time limit
    failed: str | None = None  # given up: what went wrong (a bug met on this document)


class Extractor:
    """One pipeline and the per-document work: pre-filter, parse, rules, actors.

    Not thread-safe (spaCy pipelines are not); engines give each worker its own.
    """

    def __init__(self, settings: Settings, nlp=None):
        if nlp is None:
            from .pipeline import build_nlp

            nlp = build_nlp(settings.model)
        self.settings = settings
        self.nlp = nlp
        component = nlp.get_pipe("argmap_attributions")
        component.include_author = settings.include_author
        component.strict = False  # a rule failing on one document skips that document (see _done)
        # the registry learns governments as it meets them; keep the caller's copy untouched
        self.registry = pickle.loads(pickle.dumps(settings.registry))
        self.triggers = self._triggers() if settings.prefilter else None
        self.build = build_id(nlp=nlp)

    def _triggers(self):
        """The pre-filter's trigger words, or None (no pre-filter) without the lemmatizer's exception table."""
        from .extract.prefilter import trigger_words

        try:
            table = self.nlp.get_pipe("lemmatizer").lookups.get_table("lemma_exc")
        except (KeyError, AttributeError):
            return None  # a lookup or trainable lemmatizer: irregular forms unknown, parse everything
        lexicon = self.nlp.get_pipe("argmap_attributions").lexicon
        return trigger_words(lexicon, {pos: dict(forms) for pos, forms in table.items()},
                             include_author=self.settings.include_author)

    def spans(self, text: str, quotes=None) -> list[tuple[int, int]]:
        """The (start, end) pieces of `text` to parse: pre-filtered, then cut to the parser's size."""
        from .extract.prefilter import cut_long_sentences, parse_spans
        from .extract.to_claims import chunk_bounds

        wanted = parse_spans(text, self.triggers, quotes) if self.triggers is not None else [(0, len(text))]
        return [piece for s, e in wanted for a, b in chunk_bounds(text[s:e])
                for piece in cut_long_sentences(text, s + a, s + b)]

    def run(self, documents: Iterable[Document]) -> Iterator[Extracted]:
        """Extract every document, streaming: results come in input order as soon as they are ready.

        A document still being parsed `settings.time_limit` seconds after its parse started is given
        up at its next piece (the parser works through a batch of pieces at a time and cannot be
        stopped inside one): it comes back with no claims and `skipped` saying why.
        """
        from .extract.quotes import find_quotes

        limit = self.settings.time_limit
        pending: collections.deque[_Work] = collections.deque()

        def pieces():
            for document in documents:
                work = _Work(document, time.monotonic())
                pending.append(work)
                try:
                    work.quotes = find_quotes(document.text) if self.triggers is not None else None
                    spans = self.spans(document.text, work.quotes)
                except Exception as exc:  # noqa: BLE001 - one document's bug skips that document
                    work.failed, work.complete = _why(exc), True
                    continue
                work.total = len(spans)
                for s, e in spans:
                    if limit and time.monotonic() - work.started > limit:
                        work.over = True
                        break
                    work.sent += 1
                    yield document.text[s:e], (work, s)
                work.complete = True

        for sdoc, (work, start) in self.nlp.pipe(pieces(), as_tuples=True, batch_size=self.settings.batch_size):
            work.parsed.append((start, sdoc))
            while pending and pending[0].complete and len(pending[0].parsed) == pending[0].sent:
                yield self._done(pending.popleft())
        while pending:  # documents with nothing worth parsing, and the last one
            yield self._done(pending.popleft())

    def _done(self, work: _Work) -> Extracted:
        if not work.over:
            failed = work.failed or next((sdoc.user_data["argmap_error"] for _, sdoc in work.parsed
                                          if "argmap_error" in sdoc.user_data), None)
            if failed is None:
                try:
                    return self._finish(work.document, work.parsed, work.quotes)
                except Exception as exc:  # noqa: BLE001 - a bug met on one document must not stop the run
                    failed = _why(exc)
            return Extracted(work.document.id, [], [], len(work.document.text), 0, self.build,
                             skipped=f"{work.document.path}: extraction failed ({failed}); please report it with the file")
        parsed = sum(_text_length(sdoc) for _, sdoc in work.parsed)
        reason = (f"{work.document.path}: extraction stopped after {self.settings.time_limit:g} s (the time limit per "
                  f"document; {len(work.parsed)} of {work.total} pieces parsed); raise it with --time-limit, or split the document")
        return Extracted(work.document.id, [], [], len(work.document.text), parsed, self.build, skipped=reason)

    def _finish(self, document: Document, parsed: list, quotes=None) -> Extracted:
        from .extract.actors import resolve_claims, resolve_document, unparsed_names
        from .extract.to_claims import to_claims

        chars_parsed = sum(_text_length(sdoc) for _, sdoc in parsed)
        if self.triggers is None:
            claims, actors = resolve_document(parsed, document, self.registry, merges=self.settings.merges,
                                              include_author=self.settings.include_author)
        else:
            found, ents = [], []
            for offset, sdoc in parsed:
                c, e = to_claims(sdoc, document, offset, quotes=quotes)
                found.extend(c)
                ents.extend(e)
            # the people the skipped sentences name, so pronouns resolve as after a full parse
            ents.extend(unparsed_names(document.text, [(o, o + _text_length(sdoc)) for o, sdoc in parsed]))
            claims, actors = resolve_claims(_drop_pull_quotes(found, document.text), document, self.registry, ents,
                                            self.settings.merges)
        return Extracted(document.id, claims, actors, len(document.text), chars_parsed, self.build)


def _why(exc: BaseException) -> str:
    """An exception as one line: its class and the first line of its message."""
    text = str(exc).strip()
    return f"{exc.__class__.__name__}: {text.splitlines()[0]}" if text else exc.__class__.__name__


def _text_length(doc) -> int:
    """`len(doc.text)` without building the text (spaCy joins every token on each `doc.text`)."""
    if not len(doc):
        return 0
    last = doc[-1]
    return last.idx + len(last.text_with_ws)


def build_id(model: str | None = None, nlp=None) -> str:
    """Which argmap code and model a process extracts with: workers on other machines must match the client."""
    from .pipeline import _source_digest, model_identity

    return f"{_source_digest()[:16]} {model_identity(model, nlp)}"


def _drop_pull_quotes(claims: list[Claim], text: str) -> list[Claim]:
    """Drop claims whose cue sits in a pull-quote paragraph of the whole text.

    `rules.find_all` does this within each parsed piece; a pull quote and the paragraph it repeats
    may fall into different pieces once the pre-filter has cut the text.
    """
    from .extract.prefilter import line_bounds
    from .extract.rules import para_index, pull_quote_paragraphs

    pulled = pull_quote_paragraphs(text)
    if not pulled:
        return claims
    bounds = line_bounds(text)
    return [c for c in claims if para_index(bounds, c.spans.cue[0][0]) not in pulled]


# -- engines ---------------------------------------------------------------------------------------
def _started(documents: Iterable[Document]) -> Iterator[Document] | None:
    """The documents as an iterator, or None when there are none (checked before any work starts)."""
    it = iter(documents)
    first = next(it, None)
    return None if first is None else itertools.chain([first], it)


def batches(documents: Iterable[Document], max_chars: int = 10_000, max_docs: int = 16) -> Iterator[list[Document]]:
    """Group documents into batches of about `max_chars` characters: one task for a worker."""
    batch: list[Document] = []
    size = 0
    for document in documents:
        batch.append(document)
        size += len(document.text)
        if size >= max_chars or len(batch) >= max_docs:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def run_local(settings: Settings, documents: Iterable[Document], *, processes: int = 1, nlp=None) -> Iterator[Extracted]:
    """Extract in this process (`processes` 1) or in a pool of worker processes.

    With several processes each worker has its own pipeline: where the platform forks, the one
    loaded here once (`nlp`, or built from `settings`) and shared copy-on-write; where it spawns, one
    built from `settings`. Small batches of documents go out in order (at most two per worker in
    flight; small, so that no worker idles at the end) and the results come back in the same order.
    """
    documents = _started(documents)
    if documents is None:
        return  # nothing to extract: no model loaded, no process started
    if processes <= 1:
        yield from Extractor(settings, nlp).run(documents)
        return
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    global _INHERITED
    if context.get_start_method() == "fork":
        if nlp is None:
            from .pipeline import build_nlp

            nlp = build_nlp(settings.model)  # once here, shared copy-on-write by the workers
        _INHERITED = nlp
    try:
        with context.Pool(processes, initializer=_init_worker, initargs=(settings,)) as pool:
            window: collections.deque = collections.deque()
            for batch in batches(documents):
                window.append(pool.apply_async(_work, (batch,)))
                if len(window) >= 2 * processes:
                    yield from window.popleft().get()
            while window:
                yield from window.popleft().get()
    finally:
        _INHERITED = None


_INHERITED = None  # the parent's pipeline, seen by forked workers
_WORKER: Extractor | None = None


def _init_worker(settings: Settings) -> None:
    global _WORKER
    _WORKER = Extractor(settings, _INHERITED)


def _work(batch: list[Document]) -> list[Extracted]:
    assert _WORKER is not None, "worker not initialised"
    return list(_WORKER.run(batch))


# Dask: one Extractor per worker process and settings, built on first use, behind a lock because
# a Dask worker may run tasks on several threads.
_DASK_EXTRACTORS: dict[str, Extractor] = {}
_DASK_LOCK = threading.Lock()


def dask_task(settings: Settings, batch: list[Document]) -> list[Extracted]:
    """The task a Dask worker runs: extract a batch of documents (the worker needs argmap and the model)."""
    with _DASK_LOCK:
        extractor = _DASK_EXTRACTORS.get(settings.key())
        if extractor is None:
            extractor = _DASK_EXTRACTORS[settings.key()] = Extractor(settings)
        return list(extractor.run(batch))


def run_dask(settings: Settings, documents: Iterable[Document], *, scheduler: str | None = None,
             processes: int | None = None, client=None) -> Iterator[Extracted]:
    """Extract on a Dask cluster: batches go to the workers, results come back here in input order.

    Args:
        settings: what the workers need.
        documents: read by this process (the workers need no access to the files).
        scheduler: address of a running scheduler (`tcp://host:8786`); None starts a local cluster
            of `processes` single-threaded worker processes (default: one per core).
        processes: workers of the local cluster.
        client: an existing `distributed.Client` to use instead (tests; notebooks).

    Raises:
        InputError: Dask is not installed, or the scheduler cannot be reached.
    """
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise InputError("--engine dask needs Dask: pip install 'argmap[dask]'") from None
    documents = _started(documents)
    if documents is None:
        return  # nothing to extract: no cluster needed
    own_cluster = own_client = None
    try:
        if client is None:
            if scheduler:
                try:
                    client = own_client = Client(scheduler, timeout=CONNECT_TIMEOUT)
                except (OSError, TimeoutError) as exc:
                    raise InputError(f"cannot reach the Dask scheduler at {scheduler} ({exc})") from None
            else:
                own_cluster = LocalCluster(n_workers=processes or os.cpu_count() or 1, threads_per_worker=1,
                                           processes=True, dashboard_address=None)
                client = own_client = Client(own_cluster)
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        remote = client.scatter(settings, broadcast=True, hash=False)
        window: collections.deque = collections.deque()
        for batch in batches(documents):
            window.append(client.submit(dask_task, remote, batch, pure=False))
            if len(window) >= 2 * workers:
                yield from window.popleft().result()
        while window:
            yield from window.popleft().result()
    finally:
        if own_client is not None:
            own_client.close()
        if own_cluster is not None:
            own_cluster.close()
