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
    #: The language of a document whose metadata gives none and whose language cannot be told
    #: (`--lang`; None: English). See `document_language`.
    lang: str | None = None

    def key(self) -> str:
        """Identifies the settings, so a worker builds one pipeline per settings and reuses it."""
        # canonical JSON, not a pickle: a pickled pydantic record carries a set (its fields set), whose
        # order differs between a record and its unpickled copy under some hash seeds
        reg = self.registry
        canon = [self.model, self.include_author, self.prefilter, self.batch_size, self.time_limit,
                 {k: a.model_dump(mode="json") for k, a in reg.entries.items()}, reg.alias_index, reg.sides,
                 reg.side_names, self.merges] + ([self.lang] if self.lang else [])
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
        #: one pipeline per language, built when a document of the language first comes (`pipe`)
        self.pipes: dict[str, object] = {}
        self._triggers_of: dict[str, object] = {}
        self._missing: dict[str, str] = {}  # language -> why its pipeline cannot be built
        self._adopt(nlp)
        # the registry learns governments as it meets them; keep the caller's copy untouched
        self.registry = pickle.loads(pickle.dumps(settings.registry))
        self.triggers = self._triggers_of[nlp.lang]
        self.build = build_id(nlp=nlp)

    def _adopt(self, nlp) -> None:
        component = nlp.get_pipe("argmap_attributions")
        component.include_author = self.settings.include_author
        component.strict = False  # a rule failing on one document skips that document (see _done)
        self.pipes[nlp.lang] = nlp
        self._triggers_of[nlp.lang] = self._triggers(nlp) if self.settings.prefilter else None

    def pipe(self, lang: str):
        """The pipeline of language `lang` (built on first use: `pipeline.build_nlp(lang=...)`).

        Raises:
            ModelNotFoundError: no model of the language is installed.
        """
        if lang not in self.pipes:
            if lang in self._missing:
                from .errors import ModelNotFoundError

                raise ModelNotFoundError(self._missing[lang])
            from .errors import ModelNotFoundError
            from .pipeline import build_nlp

            try:
                self._adopt(build_nlp(lang=lang))
            except ModelNotFoundError as exc:
                self._missing[lang] = str(exc)
                raise
        return self.pipes[lang]

    def _triggers(self, nlp=None):
        """The pre-filter's trigger words, or None (no pre-filter) without the lemmatizer's exception
        table, or for a language without pre-filter data (no `rule_words` word set: French)."""
        from .extract.prefilter import trigger_words

        nlp = nlp if nlp is not None else self.nlp
        lexicon = nlp.get_pipe("argmap_attributions").lexicon
        if "rule_words" not in lexicon.words:
            return None  # the language's surface cues are not listed: parse everything
        try:
            table = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_exc")
        except (KeyError, AttributeError):
            return None  # a lookup or trainable lemmatizer: irregular forms unknown, parse everything
        inflect = None
        if lexicon.lang == "fr":
            from .extract.rules.fr_base import forms_of

            inflect = forms_of  # French verbs' forms; the irregular ones are the lemmatizer's table and verb_forms
            table = {**{pos: dict(forms) for pos, forms in table.items()},
                     "verb_forms": {f: [l] for f, _, l in (e.partition("=") for e in lexicon.words.verb_forms)}}
            return trigger_words(lexicon, table, include_author=self.settings.include_author, inflect=inflect)
        return trigger_words(lexicon, {pos: dict(forms) for pos, forms in table.items()},
                             include_author=self.settings.include_author)

    def spans(self, text: str, quotes=None, triggers=False) -> list[tuple[int, int]]:
        """The (start, end) pieces of `text` to parse: pre-filtered (with `triggers`, default the
        first pipeline's), then cut to the parser's size."""
        from .extract.prefilter import cut_long_sentences, parse_spans
        from .extract.to_claims import chunk_bounds

        triggers = self.triggers if triggers is False else triggers
        wanted = parse_spans(text, triggers, quotes) if triggers is not None else [(0, len(text))]
        return [piece for s, e in wanted for a, b in chunk_bounds(text[s:e])
                for piece in cut_long_sentences(text, s + a, s + b)]

    def run(self, documents: Iterable[Document]) -> Iterator[Extracted]:
        """Extract every document, streaming: results come in input order as soon as they are ready.

        Each document goes through the pipeline of its language (`document_language`: its metadata,
        else what `argmap.lang.detect` tells, else `settings.lang`); a run of documents of one
        language streams through one pipeline, so a mixed batch works and English alone is as before.
        A document whose language has no installed model comes back with `skipped` saying so.

        A document still being parsed `settings.time_limit` seconds after its parse started is given
        up at its next piece (the parser works through a batch of pieces at a time and cannot be
        stopped inside one): it comes back with no claims and `skipped` saying why.
        """
        from .errors import ModelNotFoundError

        tagged = ((document_language(d, self.settings.lang), d) for d in documents)
        for lang, group in itertools.groupby(tagged, key=lambda pair: pair[0]):
            docs = (d for _, d in group)
            try:
                nlp = self.pipe(lang)
            except ModelNotFoundError as exc:
                for d in docs:
                    yield Extracted(d.id, [], [], len(d.text), 0, self.build,
                                    skipped=f"{d.path}: a {lang!r} document, and {exc}")
                continue
            yield from self._run(nlp, self._triggers_of[nlp.lang], docs, lang)

    def _run(self, nlp, triggers, documents: Iterable[Document], lang: str) -> Iterator[Extracted]:
        """`run` for documents of one language, through its pipeline `nlp` and pre-filter `triggers`."""
        from .extract.quotes import find_quotes

        limit = self.settings.time_limit
        pending: collections.deque[_Work] = collections.deque()

        def pieces():
            for document in documents:
                if lang != "en" and not document.language:
                    # the actor resolver reads the language from the document (French mentions)
                    document = document.model_copy(update={"language": lang})
                work = _Work(document, time.monotonic())
                pending.append(work)
                try:
                    work.quotes = find_quotes(document.text) if triggers is not None else None
                    spans = self.spans(document.text, work.quotes, triggers)
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

        for sdoc, (work, start) in nlp.pipe(pieces(), as_tuples=True, batch_size=self.settings.batch_size):
            work.parsed.append((start, sdoc))
            while pending and pending[0].complete and len(pending[0].parsed) == pending[0].sent:
                yield self._done(pending.popleft(), triggers)
        while pending:  # documents with nothing worth parsing, and the last one
            yield self._done(pending.popleft(), triggers)

    def _done(self, work: _Work, triggers=False) -> Extracted:
        if not work.over:
            failed = work.failed or next((sdoc.user_data["argmap_error"] for _, sdoc in work.parsed
                                          if "argmap_error" in sdoc.user_data), None)
            if failed is None:
                try:
                    return self._finish(work.document, work.parsed, work.quotes, triggers)
                except Exception as exc:  # noqa: BLE001 - a bug met on one document must not stop the run
                    failed = _why(exc)
            return Extracted(work.document.id, [], [], len(work.document.text), 0, self.build,
                             skipped=f"{work.document.path}: extraction failed ({failed}); please report it with the file")
        parsed = sum(_text_length(sdoc) for _, sdoc in work.parsed)
        reason = (f"{work.document.path}: extraction stopped after {self.settings.time_limit:g} s (the time limit per "
                  f"document; {len(work.parsed)} of {work.total} pieces parsed); raise it with --time-limit, or split the document")
        return Extracted(work.document.id, [], [], len(work.document.text), parsed, self.build, skipped=reason)

    def _finish(self, document: Document, parsed: list, quotes=None, triggers=False) -> Extracted:
        from .extract.actors import resolve_claims, resolve_document, unparsed_names
        from .extract.to_claims import to_claims

        chars_parsed = sum(_text_length(sdoc) for _, sdoc in parsed)
        if (self.triggers if triggers is False else triggers) is None:
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


def document_language(document: Document, default: str | None = None) -> str:
    """The language a document is extracted in: its metadata's `language` (front matter, sidecar,
    manifest: 'fr', 'fr-FR'), else `argmap.lang.detect` on its text, else `default` (`--lang`;
    None: English). Only languages argmap extracts count (`pipeline.LANGUAGE_MODELS`, the languages of
    `extract.rules.LANGUAGE_RULES`; read from `pipeline` so that deciding imports no spaCy)."""
    from .pipeline import LANGUAGE_MODELS as LANGUAGE_RULES

    fallback = default if default in LANGUAGE_RULES else "en"
    tag = (document.language or "").split("-")[0].lower()
    if tag:
        return tag if tag in LANGUAGE_RULES else fallback
    try:
        from .lang.detect import detect
    except ImportError:  # no detector installed: metadata and --lang only
        return fallback
    try:
        got = detect(document.text, default=fallback)
    except OSError:  # the detector unpacks its model to a temporary file: a full disk cannot tell either
        return fallback
    return got if got in LANGUAGE_RULES else fallback


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
