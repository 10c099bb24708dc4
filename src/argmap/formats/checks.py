"""The checks an imported file passes before anything of it reaches the store (issue #23).

pydantic checks each record's shape (`extra="forbid"`, types, `0 <= start < end`); this module
checks what a record alone cannot: that the file is JSON nested no deeper than any argmap or AIF
file is, a document's sha256 is the digest of its text and its id derives from that digest, every
span lies within its document's text, ids are single-line printable text, and URLs are http(s).
A bad file is refused whole with one line naming the record at fault; a URL that is no web address
is dropped with a note (as ingest drops it). Pure: values in, values out.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import unicodedata
from collections.abc import Callable

from ..errors import InputError, NotFoundError
from ..model import ArgumentMap, Claim, Document, web_url

#: Nesting levels a file may have: an argmap export needs 6 (map, claims, claim, spans, content,
#: span) and an AIF file 7 (its `argmap` block one more); anything deeper is no argmap file.
MAX_DEPTH = 20
#: Bytes of one import file.
MAX_IMPORT_BYTES = 1 << 30
#: Characters of one id (argmap's own are 14 to 30; actor slugs stay well under 200).
MAX_ID_CHARS = 500
_SHA256 = re.compile(r"[0-9a-f]{64}")
_PLAIN_ID = re.compile(r"[!-~](?:[ -~]*[!-~])?")  # printable ASCII, no space at either end: most ids
_SURROGATE = re.compile("[\ud800-\udfff]")
# control, format (bidi overrides, zero-width), separator and private-use characters
_NOT_IN_ID = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def load_json(data: bytes, *, what: str) -> object:
    """The parsed JSON of an import file, refused when it is too big, nested too deeply or holds
    text or numbers no argmap file does.

    Args:
        data: the file's bytes.
        what: how the message names the file's kind ("not an argmap export", "not an AIF file").

    Raises:
        InputError: not JSON (the message starts with `what`), too big, too deep, a lone surrogate
            or a non-finite number.
    """
    if len(data) > MAX_IMPORT_BYTES:
        raise InputError(f"too big to import ({len(data):,} bytes; at most {MAX_IMPORT_BYTES:,})")
    try:
        parsed = json.loads(data)
    except RecursionError:  # deeper than Python's stack: no argmap file is
        raise InputError(f"nested too deeply (at most {MAX_DEPTH} levels)") from None
    except ValueError as exc:  # includes UnicodeDecodeError
        raise InputError(f"{what} (not JSON: {str(exc).splitlines()[0]})") from None
    check_values(parsed)
    return parsed


def check_values(data: object) -> None:
    """Walk parsed JSON once, without recursion: depth, lone surrogates, NaN and infinities.

    Raises:
        InputError: the first value at fault.
    """
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, str):
            if _SURROGATE.search(value):
                raise InputError("holds a lone surrogate (\\ud800-\\udfff), which is no Unicode text")
        elif isinstance(value, float):
            if not math.isfinite(value):
                raise InputError(f"holds a number argmap cannot store ({value})")
        elif isinstance(value, (list, dict)):
            if depth > MAX_DEPTH:
                raise InputError(f"nested too deeply (at most {MAX_DEPTH} levels)")
            if isinstance(value, dict):
                stack.extend((k, depth) for k in value)
                value = value.values()
            stack.extend((item, depth + 1) for item in value)


def check_id(value: str | None, what: str) -> None:
    """An id (or a reference to one) is 1..MAX_ID_CHARS characters on one line, with no control,
    format or separator characters and no space at either end. None passes (an unset reference).

    Raises:
        InputError: naming `what` and the id.
    """
    if value is None or (len(value) <= MAX_ID_CHARS and _PLAIN_ID.fullmatch(value)):
        return
    bad = (not value or len(value) > MAX_ID_CHARS or value != value.strip()
           or any(unicodedata.category(ch) in _NOT_IN_ID for ch in value))
    if bad:
        shown = repr(value if len(value) <= 60 else value[:60] + "...")
        raise InputError(f"{what} {shown} is not a usable id (1 to {MAX_ID_CHARS} printable characters on one line)")


def check_map(amap: ArgumentMap, *, stored: Callable[[str], Document] | None = None) -> tuple[ArgumentMap, list[str]]:
    """The map with non-web URLs dropped, and notes on what was dropped; refuses a bad map.

    Args:
        amap: the map read from the file.
        stored: the store's document by id (raising NotFoundError when it has none), to check the
            spans of claims whose document is not in the file but already stored. A claim whose
            document is in neither is left for the store to refuse.

    Raises:
        InputError: one line naming the record at fault.
    """
    notes: list[str] = []
    documents: list[Document] = []
    for d in amap.documents:
        check_id(d.id, "document id")
        _check_digest(d)
        url = web_url(d.url)
        if d.url is not None and url is None:
            shown = repr(d.url if len(d.url) <= 80 else d.url[:80] + "...")
            notes.append(f"document {d.id}: url {shown} dropped (only http(s) URLs are kept)")
        if url != d.url:
            d = d.model_copy(update={"url": url})
        documents.append(d)
    for a in amap.actors:
        check_id(a.id, "actor id")
        check_id(a.parent, f"actor {a.id}: parent")
        check_id(a.affiliation, f"actor {a.id}: affiliation")
    lengths: dict[str, int | None] = {d.id: len(d.text) for d in documents}
    for c in amap.claims:
        check_id(c.id, "claim id")
        check_id(c.document, f"claim {c.id}: document")
        check_id(c.actor, f"claim {c.id}: actor")
        if c.document not in lengths:
            lengths[c.document] = _stored_length(stored, c.document)
        if lengths[c.document] is not None:
            _check_spans(c, lengths[c.document])
    for link in amap.links:
        check_id(link.id, "link id")
        check_id(link.source, f"link {link.id}: source")
        check_id(link.target, f"link {link.id}: target")
    if any(a is not b for a, b in zip(documents, amap.documents)):
        amap = amap.model_copy(update={"documents": documents})
    return amap, notes


def _stored_length(stored: Callable[[str], Document] | None, doc_id: str) -> int | None:
    """Length of the stored text of document `doc_id`; None when there is no store or no such document."""
    if stored is None:
        return None
    try:
        return len(stored(doc_id).text)
    except NotFoundError:
        return None


def _check_digest(d: Document) -> None:
    if not _SHA256.fullmatch(d.sha256):
        raise InputError(f"document {d.id}: sha256 {d.sha256[:70]!r} is not a sha256 hex digest (64 lower-case hex digits)")
    if hashlib.sha256(d.text.encode("utf-8")).hexdigest() != d.sha256:
        raise InputError(f"document {d.id}: sha256 does not match its text (the text was changed, or the digest made up)")
    if d.id != Document.make_id(d.sha256):
        raise InputError(f"document id {d.id!r} does not derive from its sha256 (expected {Document.make_id(d.sha256)})")


def _check_spans(c: Claim, n: int) -> None:
    for part in ("content", "cue", "source"):
        for start, end in getattr(c.spans, part):
            if not 0 <= start < end <= n:
                raise InputError(f"claim {c.id}: {part} span [{start}, {end}] is outside its document's text ({n:,} characters)")
    if c.sentence is not None:
        start, end = c.sentence
        if not 0 <= start <= end <= n:
            raise InputError(f"claim {c.id}: sentence [{start}, {end}] is outside its document's text ({n:,} characters)")
