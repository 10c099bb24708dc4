"""Reading input files into Documents: discovery, decoding, normalisation and metadata.

This is an I/O edge. It owns the text normalisation that every character offset refers to:
UTF-8 (BOM dropped), `\\r\\n` and `\\r` turned into `\\n`, and for Markdown the YAML front matter cut
off (the body starts after the closing `---` line, leading newlines removed). Anything it cannot
read becomes an InputError with one clear line.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import InputError
from .model import Document

TEXT_SUFFIXES = {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md"}
#: Files in a folder that are documentation or metadata, not documents.
SKIP_NAMES = re.compile(r"^(readme|license|licence|changelog)(\..*)?$", re.IGNORECASE)
MAX_CHARS_DEFAULT = 2_000_000


@dataclass(frozen=True)
class Problem:
    """A file that could not be read, with the one-line reason."""

    path: str
    message: str


def normalise(text: str) -> str:
    """Return the canonical form of a text: no BOM, `\\n` line ends."""
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_front_matter(text: str) -> tuple[dict, str]:
    """Split `---` YAML front matter from a normalised Markdown text.

    Returns:
        (metadata, body). Without front matter, metadata is empty and body is the text.

    Raises:
        InputError: the front matter is not valid YAML mapping.
    """
    if not text.startswith("---\n"):
        return {}, text
    end = text.find("\n---\n", 3)
    if end == -1:
        if text.endswith("\n---"):
            end = len(text) - 4
        else:
            raise InputError("front matter starts with '---' but has no closing '---' line")
    raw = text[4:end]
    body = text[end + 5 :].lstrip("\n")
    try:
        meta = yaml.safe_load(raw) if raw.strip() else {}
    except yaml.YAMLError as exc:
        raise InputError(f"front matter is not valid YAML ({str(exc).splitlines()[0]})") from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise InputError("front matter must be a YAML mapping (key: value lines)")
    return meta, body


def _as_date(value: object) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise InputError(f"metadata date {value!r} is not an ISO date (YYYY-MM-DD)") from None


def decode(data: bytes) -> str:
    """Decode bytes as UTF-8 text, refusing binary data.

    Raises:
        InputError: binary content or invalid UTF-8.
    """
    if b"\x00" in data[:65536]:
        raise InputError("looks like a binary file (NUL bytes), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"is not valid UTF-8 (bad byte at offset {exc.start}); convert it, e.g. iconv -f latin1 -t utf-8"
        ) from None


def _sidecar_meta(path: Path) -> dict:
    for candidate in (path.with_name(path.name + ".meta.yaml"), path.with_suffix(".meta.yaml")):
        if candidate.is_file():
            try:
                meta = yaml.safe_load(candidate.read_text(encoding="utf-8")) or {}
            except (yaml.YAMLError, UnicodeDecodeError) as exc:
                raise InputError(f"sidecar {candidate.name} is not valid YAML ({exc.__class__.__name__})") from None
            if not isinstance(meta, dict):
                raise InputError(f"sidecar {candidate.name} must be a YAML mapping")
            return meta
    return {}


def make_document(text: str, *, path: str, fmt: str, meta: dict | None = None, max_chars: int = MAX_CHARS_DEFAULT) -> Document:
    """Build a Document from already decoded text and metadata.

    Raises:
        InputError: empty text or text longer than `max_chars`.
    """
    meta = meta or {}
    text = normalise(text)
    if fmt == "md":
        front, text = split_front_matter(text)
        meta = {**meta, **front}
    if not text.strip():
        raise InputError("is empty (no text to extract from)")
    if len(text) > max_chars:
        raise InputError(f"is too large ({len(text):,} characters > limit {max_chars:,}; raise it with --max-chars)")
    if not meta.get("publisher"):
        # a closing credit line such as "© Example News" or "@International Crisis Group (ICG)"
        last = text.rstrip().rsplit("\n", 1)[-1].strip()
        m = re.match(r"^(?:©|@|\(c\)|copyright)\s*(?:\d{4}\s+)?(.{2,80})$", last, re.IGNORECASE)
        if m:
            meta = {**meta, "publisher": m.group(1).strip()}
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    title = meta.get("title") or Path(path).stem.replace("_", " ").replace("-", " ")
    published = _as_date(meta.get("published", meta.get("date")))
    return Document(
        id=Document.make_id(digest),
        title=str(title),
        path=path,
        publisher=(str(meta["publisher"]) if meta.get("publisher") else None),
        published=published,
        url=(str(meta["url"]) if meta.get("url") else None),
        sha256=digest,
        text=text,
        format=fmt,
    )


def read_document(path: Path, *, display_path: str | None = None, max_chars: int = MAX_CHARS_DEFAULT) -> Document:
    """Read one file into a Document.

    Raises:
        InputError: unreadable, unsupported, binary, not UTF-8, empty or too large.
    """
    fmt = TEXT_SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise InputError(f"unsupported file type '{path.suffix or '(none)'}' (argmap reads .txt and .md)")
    try:
        size = path.stat().st_size
        if size > max_chars * 4 + 1024:  # UTF-8 is at most 4 bytes a character
            raise InputError(f"is too large ({size:,} bytes; raise the limit with --max-chars)")
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot be read ({exc.strerror})") from None
    text = decode(data)
    return make_document(text, path=display_path or str(path), fmt=fmt, meta=_sidecar_meta(path), max_chars=max_chars)


def discover(paths: list[str]) -> list[Path]:
    """Expand files and folders into the sorted list of document files.

    Raises:
        InputError: a path does not exist, or nothing readable was found.
    """
    found: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if not p.exists():
            raise InputError(f"{raw}: no such file or directory")
        if p.is_dir():
            inside = sorted(
                f
                for f in p.rglob("*")
                if f.is_file()
                and f.suffix.lower() in TEXT_SUFFIXES
                and not SKIP_NAMES.match(f.name)
                and not any(part.startswith(".") for part in f.relative_to(p).parts)
            )
            if not inside:
                raise InputError(f"{raw}: no documents found (looked for {', '.join(sorted(TEXT_SUFFIXES))})")
            found.extend(inside)
        else:
            found.append(p)
    # keep order, drop repeats
    seen: set[Path] = set()
    unique = []
    for f in found:
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique


def iter_documents(paths: list[str], *, max_chars: int = MAX_CHARS_DEFAULT) -> Iterator[Document | Problem]:
    """Yield a Document, or a Problem for each file that cannot be read."""
    for f in discover(paths):
        try:
            yield read_document(f, max_chars=max_chars)
        except InputError as exc:
            yield Problem(str(f), f"{f}: {exc}")
