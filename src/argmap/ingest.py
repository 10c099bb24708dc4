"""Reading input files into Documents: discovery, decoding, normalisation and metadata.

This is an I/O edge. It owns the text normalisation that every character offset refers to:
UTF-8 (BOM dropped), `\\r\\n` and `\\r` turned into `\\n`, and for Markdown the YAML front matter cut
off (the body starts after the closing `---` line, leading newlines removed). HTML pages are reduced
to their main text (trafilatura; no markup is ever stored), PDFs to the text of their pages (pypdf;
`Document.pages` keeps where each page starts), and a `.jsonl` batch gives one document per line;
`-` reads standard input. Anything it cannot read becomes an InputError with one clear line.
How each format is read: docs/formats.md.
"""

from __future__ import annotations

import codecs
import contextlib
import copy
import datetime as dt
import hashlib
import io
import json
import os
import re
import signal
import stat
import sys
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from .errors import InputError
from .meta import Layer, choose, from_text, language_tag
from .model import Document
from .model import web_url as _web_url  # the one URL test (import and exports use it too)
from .yamlio import MAX_YAML_CHARS, load_yaml

TEXT_SUFFIXES = {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md"}
#: Every file type argmap reads, with its format name (Document.format).
SUFFIXES = {
    **TEXT_SUFFIXES,
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".pdf": "pdf",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
}
#: The path that means standard input.
STDIN = "-"
STDIN_NAME = "<stdin>"
#: How many bytes a file may have per allowed character: markup and PDF objects weigh more than text.
_BYTES_PER_CHAR = {"txt": 4, "md": 4, "html": 16, "pdf": 64}
#: Files in a folder that are documentation or metadata, not documents.
SKIP_NAMES = re.compile(r"^(readme|license|licence|changelog)(\..*)?$", re.IGNORECASE)
MAX_CHARS_DEFAULT = 2_000_000


@dataclass(frozen=True)
class Problem:
    """A file that could not be read, with the one-line reason."""

    path: str
    message: str


@dataclass(frozen=True)
class Note:
    """Something the user should know about a file that was read all the same (e.g. its encoding was guessed)."""

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
    meta = load_yaml(raw, what="front matter") if raw.strip() else {}
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise InputError("front matter must be a YAML mapping (key: value lines)")
    return meta, body


def _as_date(value: object, where: str = "metadata") -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise InputError(f"{where} date {value!r} is not an ISO date (YYYY-MM-DD)") from None


# Labels the WHATWG Encoding standard maps to windows-1252 (browsers decode them so; so do we).
_WINDOWS_1252 = {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii", "cp1252", "windows-1252", "cp819"}


def _codec(label: str, *, web: bool = False) -> str | None:
    """Python's codec name for an encoding label, or None when Python knows no such encoding.

    With `web`, labels are read as browsers read a page's charset: Latin-1 and ASCII mean Windows-1252.
    """
    label = label.strip().strip("'\"").lower()
    if web and label in _WINDOWS_1252:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _legacy_guess(data: bytes) -> tuple[str, str]:
    """Decode bytes that are not UTF-8: Windows-1252 unless they look like a non-Latin legacy encoding.

    Short Western texts fool statistical detectors (charset-normalizer reads "ministère" in Latin-1
    as cp1250 "ministčre"), so Windows-1252 is the default, and the detector is asked only when most
    letters would come out as accented Latin-1 letters, which is what Cyrillic, Greek or Arabic bytes
    look like in Windows-1252.
    """
    try:
        western = data.decode("cp1252")
        codec = "cp1252"
    except UnicodeDecodeError:  # 0x81, 0x8d, 0x8f, 0x90, 0x9d are unassigned in cp1252
        western, codec = data.decode("latin-1"), "latin-1"
    letters = [ch for ch in western if ch.isalpha()]
    if letters and sum(not ch.isascii() for ch in letters) / len(letters) > 0.4:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is not None and best.encoding not in ("utf_8", "ascii"):
            return str(best), best.encoding
    return western, codec


def decode(data: bytes) -> str:
    """Decode bytes as UTF-8 text (a BOM is dropped), refusing binary data.

    Raises:
        InputError: binary content, UTF-16, or invalid UTF-8 (the message names --encoding).
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InputError("is UTF-16 text; convert it to UTF-8 or pass --encoding auto")
    _refuse_binary(data)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"is not valid UTF-8 (bad byte at offset {exc.start}); pass --encoding auto (or e.g. --encoding cp1252), "
            "or convert it, e.g. iconv -f latin1 -t utf-8"
        ) from None


def decode_with(data: bytes, encoding: str) -> tuple[str, str]:
    """Decode bytes with a chosen encoding, or "auto".

    Args:
        data: the file's bytes.
        encoding: "auto" for UTF-8, UTF-16 with a BOM, else Windows-1252 (or a detected non-Latin
            legacy encoding, see `_legacy_guess`); or any codec name Python knows ("cp1252",
            "latin-1", "koi8-r", ...).

    Returns:
        (text, Python name of the codec used).

    Raises:
        InputError: binary content, text invalid in the chosen encoding, or an unknown encoding.
    """
    if encoding.lower() == "auto":
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            try:
                return data.decode("utf-16"), "utf-16"
            except UnicodeDecodeError:
                raise InputError("starts with a UTF-16 byte-order mark but is not valid UTF-16") from None
        _refuse_binary(data)
        try:
            return data.decode("utf-8-sig"), "utf-8"
        except UnicodeDecodeError:
            return _legacy_guess(data)
    codec = _codec(encoding)
    if codec is None:
        raise InputError(f"unknown encoding {encoding!r} (use a name such as utf-8, cp1252, latin-1, or 'auto')")
    if not codec.startswith(("utf_16", "utf_32")):
        _refuse_binary(data)
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        raise InputError(f"is not valid {encoding} (bad byte at offset {exc.start}); try --encoding auto") from None
    return text.removeprefix("\ufeff"), codec


def _refuse_binary(data: bytes) -> None:
    if b"\x00" in data[:65536]:
        raise InputError("looks like a binary file (NUL bytes), not text")


def _sidecar_meta(path: Path) -> dict:
    layer = _sidecar(path)
    return dict(layer.values) if layer else {}


def _sidecar(path: Path) -> Layer | None:
    """The metadata of `path`'s sidecar file `NAME.meta.yaml` (or `STEM.meta.yaml`), if it has one."""
    for candidate in (path.with_name(path.name + ".meta.yaml"), path.with_suffix(".meta.yaml")):
        if candidate.is_file():
            try:
                raw = candidate.read_bytes()[: MAX_YAML_CHARS * 4 + 1].decode("utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise InputError(f"sidecar {candidate.name} cannot be read as UTF-8 ({exc.__class__.__name__})") from None
            meta = load_yaml(raw, what=f"sidecar {candidate.name}") or {}
            if not isinstance(meta, dict):
                raise InputError(f"sidecar {candidate.name} must be a YAML mapping")
            return Layer("sidecar", meta, file=candidate.name)
    return None


#: Characters a title or publisher keeps (longer ones end in an ellipsis); longer URLs are dropped.
MAX_TITLE_CHARS = 300
MAX_URL_CHARS = 2048
_SURROGATE = re.compile("[\ud800-\udfff]")


def clean_str(value: str) -> str:
    """`value` without lone surrogates (U+FFFD in their place, so offsets stay): a file name that is
    not valid UTF-8 (Python keeps its bad bytes as surrogates) or a JSON "\\udcff" escape cannot be
    stored or printed as UTF-8."""
    return _SURROGATE.sub("\ufffd", value)


def _field(value: object) -> str:
    """A metadata value as one line of text ("" for nothing); a list or mapping is not a title."""
    if value is None or isinstance(value, (dict, list, tuple, set, bool)):
        return ""
    return " ".join(clean_str(str(value)).split())


def _capped(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def _layers(meta: dict | Layer | list[Layer] | tuple[Layer, ...] | None) -> list[Layer]:
    """Metadata as layers: a plain dict is explicit metadata whose source is not recorded."""
    if not meta:
        return []
    if isinstance(meta, Layer):
        return [meta]
    if isinstance(meta, dict):
        return [Layer(None, meta)]
    return list(meta)


def _where(source) -> str:
    """Where a metadata value came from, for an error message ("manifest.csv line 4", "front matter")."""
    if source is None:
        return "metadata"
    name = {"front_matter": "front matter", "jsonl": "batch line", "page": "page metadata", "pdf": "PDF metadata"}.get(
        source.source, source.source)
    if source.file:
        name = source.file if source.source == "manifest" else f"{name} {source.file}"
    return f"{name} line {source.line}" if source.line and source.source == "manifest" else name


def make_document(
    text: str,
    *,
    path: str,
    fmt: str,
    meta: dict | Layer | list[Layer] | None = None,
    max_chars: int = MAX_CHARS_DEFAULT,
    pages: list[int] | None = None,
    front_matter: bool | None = None,
    lang: str = "en",
) -> Document:
    """Build a Document from already decoded text and metadata.

    Args:
        text: the decoded text (normalised here).
        path: the path to record.
        fmt: the input format (Document.format).
        meta: title, publisher, published (or date), url and language: a dict (explicit, its
            source not recorded), or `meta.Layer`s, each with its source (manifest, sidecar, page,
            ...) and ranked by `meta.RANK`; front matter wins over all of them. A date or a
            publisher no layer gives is looked for in the text (`meta.from_text`). Every value
            from a layer with a source, or from the text, gets its `Document.provenance` entry.
        max_chars: refuse longer texts.
        pages: start offsets of pages in the (already normalised) text, for PDFs.
        front_matter: cut YAML front matter off the text; default: only for Markdown.
        lang: the language whose words the in-text finder reads (when no layer gives one).

    Raises:
        InputError: empty text or text longer than `max_chars`, a date that is not an ISO date, a
            language argmap has no data for.
    """
    layers = _layers(meta)
    text, path = clean_str(text), clean_str(path)
    if "\x00" in text:
        if fmt != "pdf":  # .txt refuses NUL bytes as binary; a JSON Lines "text" or a page says the same
            raise InputError("holds NUL characters (binary data?), not text")
        text = text.replace("\x00", " ")  # a PDF's text layer may have them: not the author's text
    normalised = normalise(text)
    if pages is not None and normalised != text:
        raise ValueError("page offsets need a text that is normalised already")  # a bug, not a user error
    text = normalised
    if fmt == "md" if front_matter is None else front_matter:
        front, text = split_front_matter(text)
        if front:
            layers.append(Layer("front_matter", front))
    if not text.strip():
        raise InputError("is empty (no text to extract from)")
    if len(text) > max_chars:
        raise InputError(f"is too large ({len(text):,} characters > limit {max_chars:,}; raise it with --max-chars)")
    chosen = choose(layers)
    provenance = {}

    def value(name: str, clean):
        """The cleaned winning value of a field ('' / None when there is none or it does not survive cleaning)."""
        raw, source = chosen.get(name, (None, None))
        got = clean(raw, source)
        if got not in (None, "") and source is not None:
            provenance[name] = source
        return got

    title = value("title", lambda v, _: _capped(_field(v), MAX_TITLE_CHARS))
    publisher = value("publisher", lambda v, _: _capped(_field(v), MAX_TITLE_CHARS) or None)
    published = value("published", lambda v, where: _as_date(v, _where(where)))
    # an address to open: http(s) only, never javascript: or data:; an address too long to be one is dropped
    url = value("url", lambda v, _: _web_url(v) if isinstance(v, str) and len(v) <= MAX_URL_CHARS else None)
    language = value("language", _language)
    # what no layer gives, the text may: a date line, a dateline, a byline, a closing credit
    for name, got in from_text(text, (language or lang).split("-")[0], date=published is None,
                               publisher=publisher is None).items():
        if name == "published":
            published = got.value
        else:
            publisher = _capped(_field(got.value), MAX_TITLE_CHARS) or None
        if got.value:
            provenance[name] = got.where()
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Document(
        id=Document.make_id(digest),
        title=title or Path(path).stem.replace("_", " ").replace("-", " "),
        path=path,
        publisher=publisher,
        published=published,
        url=url,
        sha256=digest,
        text=text,
        format=fmt,
        pages=pages,
        language=language,
        provenance=dict(sorted(provenance.items())) or None,
    )


def _language(value: object, source) -> str | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise InputError(f"{_where(source)} language {value!r} is not a language tag such as 'en'")
    try:
        return language_tag(value)
    except ValueError as exc:
        raise InputError(f"{_where(source)} {exc}") from None


# -- HTML ------------------------------------------------------------------------------------------
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
#: Where page metadata is looked for, best first (Open Graph, article, Dublin Core, citation, schema.org).
_HTML_META = {
    "title": ("og:title", "twitter:title", "dc.title", "citation_title", "headline"),
    "publisher": ("og:site_name", "application-name", "publisher", "dc.publisher", "citation_publisher", "twitter:site"),
    "published": ("article:published_time", "datepublished", "date", "pubdate", "publishdate", "publish-date",
                  "dc.date.issued", "dc.date", "dcterms.created", "citation_publication_date", "citation_date",
                  "parsely-pub-date", "sailthru.date", "og:published_time", "article.published"),
    "url": ("og:url", "twitter:url"),
}


def _html_decode(data: bytes, encoding: str | None) -> tuple[str, Note | None]:
    """Decode an HTML page: a BOM, else the page's declared charset, else UTF-8, else Windows-1252.

    Windows-1252 is what browsers assume for an undeclared legacy page (WHATWG Encoding standard),
    so that fallback comes with a note rather than an error. An explicit `encoding` wins.
    """
    if encoding and encoding.lower() != "auto":
        return decode_with(data, encoding)[0], None
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace"), None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), None
    _refuse_binary(data)
    m = _META_CHARSET.search(data[:4096])
    declared = _codec(m.group(1).decode("ascii"), web=True) if m else None
    if declared and not declared.startswith(("utf_16", "utf_32")):
        # the page said what it is; bytes that break that promise become U+FFFD, as in a browser
        return data.decode(declared, errors="replace"), None
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        text, codec = _legacy_guess(data)
        return text, Note("", f"declares no charset and is not UTF-8; decoded as {codec}")


#: Characters lxml refuses in a string (not allowed in XML): C0 controls but tab and line ends,
#: lone surrogates, U+FFFE and U+FFFF. Vertical tab and form feed are spaces in HTML.
_NOT_XML = re.compile("[\x00-\x08\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_compatible(html: str) -> str:
    """The page without the characters lxml cannot take (browsers drop or replace them too)."""
    return _NOT_XML.sub("", html.replace("\x0b", " ").replace("\x0c", " "))


def _iso_date(value: object) -> str | None:
    """The YYYY-MM-DD prefix of a metadata date, or None when it is not one (page metadata is messy: ignore it)."""
    m = re.match(r"\s*(\d{4}-\d{2}-\d{2})", str(value or ""))
    if not m:
        return None
    try:
        return dt.date.fromisoformat(m.group(1)).isoformat()
    except ValueError:
        return None


def _json_ld_items(tree) -> Iterator[dict]:
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text or "")
        except (ValueError, RecursionError):  # not JSON, or nested deeper than Python's stack
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                stack.extend(v for k, v in item.items() if k == "@graph")
                yield item


def html_metadata(html: str, sources: dict | None = None) -> dict:
    """Title, publisher, published date and URL from a page's `<head>` (Open Graph, meta names, JSON-LD, `<title>`).

    Only values that look right are kept: dates must start with an ISO date, URLs must be absolute
    http(s) URLs. Missing values are left out. `sources`, when given, is filled with the metadata key
    that gave each field ("og:title", "json-ld:datePublished", "link:canonical", "title"), for the
    document's provenance.
    """
    import lxml.html

    sources = {} if sources is None else sources

    try:
        tree = lxml.html.fromstring(_XML_DECLARATION.sub("", html, count=1) or "<html></html>")
    except (ValueError, lxml.etree.ParserError):
        return {}
    found: dict[str, str] = {}
    metas: dict[str, str] = {}
    for el in tree.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        content = (el.get("content") or "").strip()
        if key and content and key not in metas:
            metas[key] = content
    for field, keys in _HTML_META.items():
        for key in keys:
            value = metas.get(key)
            if field == "published":
                value = _iso_date(value)
            elif field == "url":
                value = _web_url(value)
            if value:
                found[field], sources[field] = value, key
                break
    for item in _json_ld_items(tree):
        if "title" not in found and isinstance(item.get("headline"), str) and item["headline"].strip():
            found["title"], sources["title"] = item["headline"].strip(), "json-ld:headline"
        if "published" not in found and _iso_date(item.get("datePublished")):
            found["published"], sources["published"] = _iso_date(item.get("datePublished")), "json-ld:datePublished"
        pub = item.get("publisher")
        if "publisher" not in found and isinstance(pub, dict) and isinstance(pub.get("name"), str) and pub["name"].strip():
            found["publisher"], sources["publisher"] = pub["name"].strip(), "json-ld:publisher"
    for link in tree.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and _web_url(link.get("href")):
            found["url"], sources["url"] = _web_url(link.get("href")), "link:canonical"  # the canonical link beats og:url
            break
    if "title" not in found:
        title = tree.findtext(".//title")
        if title and title.strip():
            found["title"], sources["title"] = " ".join(title.split()), "title"
    return found


#: Elements whose content is never article text (code, styles, inert or embedded documents).
_NEVER_TEXT = "//script|//style|//template|//noscript|//iframe|//object|//embed|//svg|//math|//canvas|//frameset|//head"
_CHROME = ("//nav|//aside|//menu|//button|//dialog|//*[@role='navigation' or @role='banner' or @role='complementary']"
           "|//header[not(ancestor::article or ancestor::main)]|//footer[not(ancestor::article or ancestor::main)]")


def _clean_tree(html: str):
    """The page as an lxml tree without scripts, styles, templates, frames, embedded objects and comments.

    trafilatura drops most of these itself, but keeps e.g. `<template>` text; removing them first
    means no inert or executable content can ever reach the stored text.
    """
    import lxml.etree
    import lxml.html

    try:
        tree = lxml.html.document_fromstring(_XML_DECLARATION.sub("", html, count=1))
    except (ValueError, lxml.etree.ParserError):
        return None
    _drop(tree.xpath(_NEVER_TEXT))
    # a comment or processing instruction before <html> or after </html> ("<!-- saved from url=...
    # -->", which browsers write) is the root's sibling, not in the page: there is nothing to drop
    _drop(tree.xpath("//comment()|//processing-instruction()"))
    # page chrome is never the article (an article's own header or footer is kept); forms stay,
    # because some CMSs wrap the whole page in one
    _drop(tree.xpath(_CHROME))
    return tree


def _drop(nodes) -> None:
    """Remove nodes with their content (keeping the text that follows them); nodes outside the tree stay."""
    for node in nodes:
        if node.getparent() is not None:
            node.drop_tree()


def html_main_text(html: str) -> tuple[str, dict]:
    """The main text of a page (no navigation, sidebars, scripts or footer) and trafilatura's metadata.

    trafilatura keeps text only: script, style and template contents and every attribute (event
    handlers included) are dropped, so no markup ever reaches the stored text.

    Raises:
        InputError: the page has no main text.
    """
    import trafilatura

    tree = _clean_tree(html)
    if tree is None:
        raise InputError("has no main text (not an HTML page?)")
    result = trafilatura.bare_extraction(
        copy.deepcopy(tree), include_comments=False, include_tables=True, include_images=False, include_links=False,
        include_formatting=False, with_metadata=True, deduplicate=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    text = (getattr(result, "text", None) or "").strip()
    meta: dict = {}
    if result is not None:
        meta = {"title": result.title, "publisher": result.sitename, "published": _iso_date(result.date),
                "url": _web_url(result.url)}
    if not text:
        # pages too short for trafilatura's main-text heuristics: its baseline (article, then paragraphs)
        text = (trafilatura.baseline(tree)[1] or "").strip()
    if not text:
        raise InputError("has no main text (an HTML page with nothing but markup, navigation or scripts?)")
    return text + "\n", {k: v for k, v in meta.items() if v}


def read_html(data: bytes, *, path: str, meta: dict | Layer | list[Layer] | None = None, encoding: str | None = None,
              max_chars: int = MAX_CHARS_DEFAULT, fmt: str = "html") -> tuple[Document, list[Note]]:
    """An HTML page as a Document: its main text, with metadata from the page (`meta` wins over it).

    Raises:
        InputError: binary data, no main text, or too much text.
    """
    html, note = _html_decode(data, encoding)
    html = _xml_compatible(html)
    text, extracted = html_main_text(html)
    keys: dict[str, str] = {}
    page = html_metadata(html, keys)
    layers = [Layer("page", extracted, keys=dict.fromkeys(extracted, "trafilatura")), Layer("page", page, keys=keys),
              *_layers(meta)]
    doc = make_document(text, path=path, fmt=fmt, meta=layers, max_chars=max_chars, front_matter=False)
    return doc, ([Note(path, f"{path}: {note.message}")] if note else [])


# -- PDF -------------------------------------------------------------------------------------------
_SENTENCE_END = re.compile(r"""[.!?:;"”’»)\]]$""")
_LIST_ITEM = re.compile(r"([•◦▪·*–-]|\d{1,3}[.)])\s")


def _unwrap(page: str) -> str:
    """Join the hard line breaks of a PDF page's lines back into paragraphs.

    A break stays when the line ends a sentence, when the next line is empty or a list item, or when
    a short line (under 40 characters: a heading) is followed by a capital; otherwise the two lines
    are one paragraph wrapped by the layout, so the break becomes a space ("near\\nTinzaouaten" ->
    "near Tinzaouaten"). A hyphen at a line end is kept ("well-\\nknown" -> "well-known"): dropping
    it would also break real compounds. Soft hyphens are removed. Blank lines are dropped.
    """
    out: list[str] = []
    joinable = False  # may the next line continue the last one?
    for line in normalise(page).replace("\u00ad", "").split("\n"):
        line = line.strip()
        if not line:
            joinable = False
            continue
        starts_new = _LIST_ITEM.match(line) is not None or (bool(out) and len(out[-1]) < 40 and line[:1].isupper())
        if joinable and not starts_new:
            out[-1] += ("" if out[-1].endswith("-") else " ") + line
        else:
            out.append(line)
        joinable = not _SENTENCE_END.search(out[-1])
    return "\n".join(out)


def _pdf_date(value: object) -> str | None:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    m = re.match(r"D:(\d{4})(\d{2})(\d{2})", str(value or ""))
    return _iso_date(f"{m.group(1)}-{m.group(2)}-{m.group(3)}") if m else None


def read_pdf(data: bytes, *, path: str, meta: dict | Layer | list[Layer] | None = None,
             max_chars: int = MAX_CHARS_DEFAULT) -> Document:
    """The text of a PDF's pages as one Document; `pages` keeps the start offset of each page.

    Pages are joined by a blank line. Title and date come from the PDF's document information
    (Title, CreationDate) unless `meta` (a sidecar file) gives them.

    Raises:
        InputError: not a PDF, encrypted, or no extractable text (a scanned PDF needs OCR first).
    """
    from pypdf import PdfReader

    if not data.lstrip()[:5] == b"%PDF-":
        raise InputError("is not a PDF (no %PDF- header)")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise InputError("is an encrypted PDF (a password is needed); save an unprotected copy")
        texts = [_unwrap(page.extract_text() or "") for page in reader.pages]
        info = reader.metadata
        pdf_meta = {
            "title": (str(info.title).strip() if info and info.title else None),
            "published": _pdf_date(info.get("/CreationDate")) if info else None,
        }
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds of errors on damaged files; all mean "cannot read it"
        detail = str(exc).splitlines()[0] if str(exc) else "damaged"
        raise InputError(f"is not a readable PDF ({exc.__class__.__name__}: {detail})") from None
    if not any(t.strip() for t in texts):
        raise InputError("has no extractable text (scanned PDF?); run OCR on it first, e.g. ocrmypdf")
    text, pages = "", []
    for page_text in texts:
        if text and page_text:
            text += "\n\n"
        pages.append(len(text))
        text += page_text
    text += "\n"
    # a blank page starts where the next page with text starts (so no offset falls on a blank page)
    for i in range(len(pages) - 2, -1, -1):
        if not texts[i]:
            pages[i] = pages[i + 1]
    layers = [Layer("pdf", pdf_meta, keys={"title": "Title", "published": "CreationDate"}), *_layers(meta)]
    return make_document(text, path=path, fmt="pdf", meta=layers, max_chars=max_chars, pages=pages)


# -- JSON Lines batches ----------------------------------------------------------------------------
#: Keys of a batch line that argmap uses; other keys (a scraper's own fields) are ignored.
JSONL_KEYS = ("text", "html", "title", "publisher", "published", "date", "url", "language", "path", "id")
#: The metadata keys of a batch line, a manifest row, front matter and a sidecar (one model for all).
META_KEYS = ("title", "publisher", "published", "date", "url", "language")


def read_jsonl(lines: Iterable[bytes], *, path: str, max_chars: int = MAX_CHARS_DEFAULT,
               meta: list[Layer] | None = None) -> Iterator[Document | Problem | Note]:
    """Documents from a JSON Lines batch: one JSON object per line with `text` (or `html`) and metadata.

    A line that cannot be used becomes a Problem naming the line; the other lines go on. `meta`
    (the batch file's manifest row, its sidecar) gives each line the fields it does not give itself.

    Raises:
        InputError: the batch has no lines at all.
    """
    seen = 0
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        seen += 1
        where = f"{path}:{number}"
        try:
            if len(raw) > max_chars * 4 + 1024:
                raise InputError(f"is too large (over {max_chars * 4 + 1024:,} bytes; raise the limit with --max-chars)")
            try:
                item = json.loads(raw.decode("utf-8-sig" if number == 1 else "utf-8"))
            except UnicodeDecodeError as exc:
                raise InputError(f"is not valid UTF-8 (bad byte at offset {exc.start}); JSON Lines must be UTF-8") from None
            except ValueError as exc:
                raise InputError(f"is not a JSON object ({str(exc).splitlines()[0]})") from None
            if not isinstance(item, dict):
                raise InputError("is not a JSON object (expected {\"text\": ..., \"title\": ...})")
            body, html = item.get("text"), item.get("html")
            if (body is None) == (html is None):
                raise InputError('needs exactly one of "text" (plain text) or "html" (a web page)')
            if not isinstance(body if html is None else html, str):
                raise InputError('"text" and "html" must be strings')
            fields = {k: item[k] for k in META_KEYS if item.get(k) not in (None, "")}
            for key in ("title", "publisher", "url", "language"):
                if key in fields and not isinstance(fields[key], str):
                    raise InputError(f'"{key}" must be a string')
            label = str(item.get("path") or item.get("id") or f"{path}#{number}")
            layers = [*(meta or ()), Layer("jsonl", fields, file=path, line=number)]
            if html is None and not item.get("path"):
                layers.insert(0, Layer("default", {"title": f"{Path(path).stem} line {number}"}))
            if html is not None:
                doc, notes = read_html(html.encode("utf-8"), path=label, meta=layers, encoding="utf-8", max_chars=max_chars, fmt="jsonl")
                yield from notes
            else:
                doc = make_document(body, path=label, fmt="jsonl", meta=layers, max_chars=max_chars, front_matter=False)
            yield doc
        except InputError as exc:
            yield Problem(where, f"{where}: {exc}")
        except RecursionError:
            yield Problem(where, f"{where}: is nested too deeply to read")
        except Exception as exc:  # noqa: BLE001 - one line's bug (e.g. in its "html") must not stop the batch
            yield Problem(where, f"{where}: could not be read ({exc.__class__.__name__}); please report it with the line")
    if not seen:
        raise InputError("is empty (no JSON lines)")


# -- files, folders and standard input -------------------------------------------------------------
def sniff(data: bytes) -> str:
    """The format of unnamed input (standard input): pdf, html, jsonl, md or txt."""
    head = data.lstrip()[:2048]
    if head.startswith(b"%PDF-"):
        return "pdf"
    low = head.lower().lstrip(b"\xef\xbb\xbf")
    if low.startswith((b"<!doctype html", b"<html", b"<?xml")) or (low.startswith(b"<") and re.search(rb"<(head|body|p|article|div)[\s>]", low)):
        return "html"
    lines = [line.strip() for line in data.splitlines() if line.strip()]
    if lines and all(line.startswith(b"{") and line.endswith(b"}") for line in lines[:50]):
        return "jsonl"
    if data.lstrip(b"\xef\xbb\xbf").startswith(b"---\n") or data.startswith(b"---\r\n"):
        return "md"
    return "txt"


def _not_regular(mode: int) -> str:
    """Why a file of this `st_mode` is not read (one line)."""
    kind = "a folder" if stat.S_ISDIR(mode) else "a FIFO" if stat.S_ISFIFO(mode) else "a device or socket"
    return f"is {kind}, not a regular file (pipe its content to standard input with '-')"


def _open_regular(path: Path) -> BinaryIO:
    """`path` opened for reading, if it is a regular file (a symlink to one is followed).

    A FIFO would block the run until something writes to it, and a device such as /dev/zero never
    ends; both are refused before they are opened (O_NONBLOCK: opening a FIFO does not wait either).

    Raises:
        InputError: not a regular file, or it cannot be opened.
    """
    try:
        mode = path.stat().st_mode
        if not stat.S_ISREG(mode):
            raise InputError(_not_regular(mode))
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # swapped between the two looks
            os.close(fd)
            raise InputError("is not a regular file")
        return os.fdopen(fd, "rb")
    except OSError as exc:
        raise InputError(f"cannot be read ({exc.strerror})") from None


def _read_bytes(path: Path, fmt: str, max_chars: int) -> bytes:
    """The bytes of a document file, at most what `max_chars` characters of its format may weigh
    (the limit is applied to what is read, not to the size the file claims to have)."""
    limit = max_chars * _BYTES_PER_CHAR.get(fmt, 4) + 1024
    with _open_regular(path) as fh:
        try:
            data = fh.read(limit + 1)
        except OSError as exc:
            raise InputError(f"cannot be read ({exc.strerror})") from None
    if len(data) > limit:
        raise InputError(f"is too large (over {limit:,} bytes; raise the limit with --max-chars)")
    return data


def _from_bytes(data: bytes, *, fmt: str, path: str, meta: list[Layer], max_chars: int, encoding: str | None,
                record_fmt: str | None = None) -> Iterator[Document | Problem | Note]:
    if fmt == "pdf":
        yield read_pdf(data, path=path, meta=meta, max_chars=max_chars)
    elif fmt == "html":
        doc, notes = read_html(data, path=path, meta=meta, encoding=encoding, max_chars=max_chars)
        yield from notes
        yield doc
    elif fmt == "jsonl":
        yield from read_jsonl(io.BytesIO(data), path=path, max_chars=max_chars, meta=_batch_defaults(meta))
    else:
        if encoding is None:
            text = decode(data)
        else:
            text, codec = decode_with(data, encoding)
            if codec not in ("utf-8", "utf_8") and encoding.lower() == "auto":
                yield Note(path, f"{path}: not UTF-8; decoded as {codec} (check the text, or name the encoding with --encoding)")
        yield make_document(text, path=path, fmt=record_fmt or fmt, meta=meta, max_chars=max_chars, front_matter=fmt == "md")


def _batch_defaults(layers: list[Layer]) -> list[Layer]:
    """What a batch file's manifest row or sidecar gives each of its lines: publisher, date and
    language (a title or URL names one document, not a batch of them)."""
    keep = ("publisher", "published", "date", "language")
    return [Layer(layer.source, {k: v for k, v in layer.values.items() if k in keep}, file=layer.file, line=layer.line)
            for layer in layers]


def read_path(path: Path, *, display_path: str | None = None, max_chars: int = MAX_CHARS_DEFAULT,
              encoding: str | None = None, stdin: BinaryIO | None = None,
              meta: list[Layer] | None = None) -> Iterator[Document | Problem | Note]:
    """Every document in one file (a `.jsonl` batch gives several; `-` reads standard input).

    `meta` is metadata from outside the file (its corpus manifest's row); the file's sidecar, its
    front matter or batch lines and its page metadata are read here.

    Yields:
        Documents, a Problem for each unusable line of a batch, and Notes (e.g. a guessed encoding).

    Raises:
        InputError: the file cannot be read at all.
    """
    if str(path) == STDIN:
        stream = stdin if stdin is not None else getattr(sys.stdin, "buffer", None)
        if stream is None:  # a text-only stdin replacement
            data = sys.stdin.read().encode("utf-8")
        else:
            data = stream.read()
        if not data.strip():
            raise InputError("standard input is empty (no text to extract from)")
        fmt = sniff(data)
        yield from _from_bytes(data, fmt=fmt, path=display_path or STDIN_NAME,
                               meta=[Layer("default", {"title": "standard input"}), *(meta or ())],
                               max_chars=max_chars, encoding=encoding, record_fmt="stdin")
        return
    fmt = SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise InputError(
            f"unsupported file type '{path.suffix or '(none)'}' (argmap reads {', '.join(sorted(SUFFIXES))} and - for standard input)"
        )
    shown = display_path or clean_str(str(path))
    sidecar = _sidecar(path)
    layers = [*(meta or ()), *([sidecar] if sidecar else [])]
    if fmt == "jsonl":
        try:
            with _open_regular(path) as fh:  # streamed: a batch may be far bigger than one document
                yield from read_jsonl(_bounded_lines(fh, max_chars * 4 + 1024), path=shown, max_chars=max_chars,
                                      meta=_batch_defaults(layers))
        except OSError as exc:
            raise InputError(f"cannot be read ({exc.strerror})") from None
        return
    data = _read_bytes(path, fmt, max_chars)
    yield from _from_bytes(data, fmt=fmt, path=shown, meta=layers, max_chars=max_chars, encoding=encoding)


def _bounded_lines(fh: BinaryIO, limit: int) -> Iterator[bytes]:
    """The lines of a batch file, none longer than `limit` bytes (a longer one is cut there: its JSON
    is then incomplete and refused as that line's problem, and reading goes on at the next line)."""
    while True:
        line = fh.readline(limit + 1)
        if not line:
            return
        if len(line) > limit and not line.endswith(b"\n"):
            while True:  # skip the rest of the over-long line
                rest = fh.readline(1 << 20)
                if not rest or rest.endswith(b"\n"):
                    break
        yield line


def read_document(path: Path, *, display_path: str | None = None, max_chars: int = MAX_CHARS_DEFAULT,
                  encoding: str | None = None) -> Document:
    """Read one file that holds one document (.txt, .md, .html, .pdf) into a Document.

    Raises:
        InputError: unreadable, unsupported, binary, not UTF-8 (without `encoding`), empty, too large,
            or a `.jsonl` batch (use `read_path`).
    """
    if SUFFIXES.get(path.suffix.lower()) == "jsonl":
        raise InputError("is a JSON Lines batch (several documents); read it with read_path()")
    for item in read_path(path, display_path=display_path, max_chars=max_chars, encoding=encoding):
        if isinstance(item, Document):
            return item
    raise InputError("holds no document")  # pragma: no cover - single-document formats yield one or raise


def discover(paths: list[str], *, follow_links: bool = False, skipped: list[Problem] | None = None) -> list[Path]:
    """Expand files and folders into the sorted list of document files (`-` stays: standard input).

    Inside a folder, a symbolic link to a file outside that folder is not followed (a link to
    `/etc/passwd` named `notes.txt` is not a document of the corpus) unless `follow_links`; each
    such link becomes a Problem in `skipped`, when given. Links to folders are never walked into.
    Files named on the command line are read wherever they point.

    Raises:
        InputError: a path does not exist, or nothing readable was found.
    """
    found: list[Path] = []
    for raw in paths:
        if raw == STDIN:
            found.append(Path(STDIN))
            continue
        p = Path(raw)
        if not p.exists():
            raise InputError(f"{clean_str(raw)}: no such file or directory")
        if p.is_dir():
            root = p.resolve()
            inside = []
            for f in sorted(p.rglob("*")):
                if (f.suffix.lower() not in SUFFIXES or SKIP_NAMES.match(f.name) or f.name.lower() in MANIFEST_NAMES
                        or any(part.startswith(".") for part in f.relative_to(p).parts) or f.is_dir()):
                    continue
                why = None
                if f.is_symlink() and not follow_links and not f.resolve().is_relative_to(root):
                    why = f"is a link to a file outside {clean_str(raw)} (not followed; pass --follow-links to read it)"
                elif not f.is_file():  # named like a document, but a FIFO, a device or a dangling link
                    try:
                        why = _not_regular(f.stat().st_mode)
                    except OSError:
                        why = "is a link to nothing (its target does not exist)"
                if why is None:
                    inside.append(f)
                elif skipped is not None:
                    shown = clean_str(str(f))
                    skipped.append(Problem(shown, f"{shown}: {why}"))
            if not inside and not (skipped and any(q.path.startswith(clean_str(str(p))) for q in skipped)):
                raise InputError(f"{clean_str(raw)}: no documents found (looked for {', '.join(sorted(SUFFIXES))})")
            found.extend(inside)
        else:
            found.append(p)
    # keep order, drop repeats
    seen: set[Path] = set()
    unique = []
    for f in found:
        key = f if str(f) == STDIN else f.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique


# -- corpus manifests ------------------------------------------------------------------------------
#: File names of a corpus folder's manifest: metadata for its documents, one row each.
MANIFEST_NAMES = ("manifest.csv", "manifest.jsonl")
#: The columns of a manifest (`date` may also be called `published`, as in front matter).
MANIFEST_COLUMNS = ("path", *META_KEYS)
MAX_MANIFEST_BYTES = 64 << 20


@dataclass(frozen=True)
class Manifest:
    """A folder's manifest: one metadata layer per described file (keyed by its resolved path)."""

    file: str  # as shown to the user
    folder: Path
    rows: dict[Path, Layer]
    notes: tuple[Note, ...] = ()


def read_manifest(path: Path, *, shown: str | None = None) -> Manifest:
    """Read a corpus manifest (`manifest.csv` with a header row, or `manifest.jsonl`, one object a line).

    Each row names a document by its `path` relative to the manifest's folder and gives any of
    title, publisher, date (or published; ISO), url and language; empty cells give nothing. Other
    columns are ignored, with a note. Values are checked when the document is read (a bad date
    skips that document, naming the manifest line).

    Raises:
        InputError: unreadable, not UTF-8, no `path` column, or two rows for one document.
    """
    import csv

    shown = shown or clean_str(str(path))
    try:
        with _open_regular(path) as fh:
            data = fh.read(MAX_MANIFEST_BYTES + 1)
    except InputError as exc:
        raise InputError(f"{shown}: {exc}") from None
    if len(data) > MAX_MANIFEST_BYTES:
        raise InputError(f"{shown}: is too large for a manifest (over {MAX_MANIFEST_BYTES >> 20} MiB)")
    try:
        text = normalise(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise InputError(f"{shown}: is not valid UTF-8 (bad byte at offset {exc.start}); save the manifest as UTF-8") from None
    records: list[tuple[int, dict]] = []
    unknown: set[str] = set()
    if path.suffix.lower() == ".csv":
        reader = csv.DictReader(io.StringIO(text))
        header = [clean_str(h or "").strip().lower() for h in (reader.fieldnames or [])]
        if "path" not in header:
            raise InputError(f"{shown}: has no 'path' column (the first line names the columns: {', '.join(MANIFEST_COLUMNS)})")
        reader.fieldnames = header
        unknown.update(h for h in header if h and h not in MANIFEST_COLUMNS)
        try:
            for row in reader:
                records.append((reader.line_num, {k: (v or "").strip() for k, v in row.items() if k in MANIFEST_COLUMNS}))
        except csv.Error as exc:
            raise InputError(f"{shown} line {reader.line_num}: is not CSV ({exc})") from None
    else:
        for number, line in enumerate(text.split("\n"), start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except (ValueError, RecursionError):
                item = None
            if not isinstance(item, dict):
                raise InputError(f"{shown} line {number}: is not a JSON object such as {{\"path\": \"a.txt\", \"date\": \"2015-09-01\"}}")
            unknown.update(str(k) for k in item if k not in MANIFEST_COLUMNS)
            records.append((number, {k: v for k, v in item.items() if k in MANIFEST_COLUMNS}))
    folder = path.parent.resolve()
    rows: dict[Path, Layer] = {}
    lines: dict[Path, int] = {}
    notes = [Note(shown, f"{shown}: column {name!r} is not used (a manifest has {', '.join(MANIFEST_COLUMNS)})")
             for name in sorted(unknown)]
    for number, record in records:
        where = record.get("path")
        if not isinstance(where, str) or not where.strip():
            notes.append(Note(shown, f"{shown} line {number}: names no document (empty path); ignored"))
            continue
        key = (folder / where.strip()).resolve()
        if key in rows:
            raise InputError(f"{shown}: lines {lines[key]} and {number} both describe {where.strip()!r}; keep one")
        values = {k: v for k, v in record.items() if k != "path" and v not in (None, "")}
        rows[key], lines[key] = Layer("manifest", values, file=shown, line=number), number
    return Manifest(shown, folder, rows, tuple(notes))


def _manifests(paths: list[str], files: list[Path], given: str | None = None) -> tuple[dict[Path, Layer], list[Note]]:
    """The manifest row of each file in `files` (by resolved path), and notes about the manifests.

    A file takes the row of the `given` manifest (`--manifest FILE`) when it describes the file,
    else of the nearest manifest that describes it, looking from its own folder up to the corpus
    folder it was found in (a file named on the command line: its own folder only). Rows that
    describe no file of the run are noted.

    Raises:
        InputError: a manifest cannot be used (see `read_manifest`).
    """
    named = {Path(p).resolve(): Path(p) for p in paths if p != STDIN and Path(p).is_dir()}
    roots = sorted(named, key=lambda r: len(r.parts))
    cache: dict[Path, list[Manifest]] = {}

    def shown(folder: Path, given_folder: Path, name: str) -> str:
        """The manifest's path as the user would write it: under the corpus folder they named."""
        root = next((r for r in reversed(roots) if folder.is_relative_to(r)), None)
        return clean_str(str(named[root] / folder.relative_to(root) / name if root else given_folder / name))

    def manifests_in(folder: Path, given_folder: Path) -> list[Manifest]:
        if folder not in cache:
            found = []
            for name in MANIFEST_NAMES:
                candidate = folder / name
                if candidate.is_file() and candidate.resolve() != chosen_path:  # --manifest is read once
                    found.append(read_manifest(candidate, shown=shown(folder, given_folder, name)))
            if len(found) > 1:
                raise InputError(f"{folder}: has both manifest.csv and manifest.jsonl; keep one")
            cache[folder] = found
        return cache[folder]

    out: dict[Path, Layer] = {}
    chosen_path = Path(given).resolve() if given is not None else None
    extra: list[Manifest] = []  # --manifest: its notes and unused rows are reported like the folders'
    if given is not None:
        where = Path(given)
        if not where.is_file():
            raise InputError(f"{clean_str(given)}: no such manifest file")
        if where.suffix.lower() not in (".csv", ".jsonl"):
            raise InputError(f"{clean_str(given)}: a manifest is a .csv or .jsonl file")
        chosen = read_manifest(where, shown=clean_str(given))
        extra.append(chosen)
        out.update({f.resolve(): chosen.rows[f.resolve()] for f in files if str(f) != STDIN and f.resolve() in chosen.rows})
    for f in files:
        if str(f) == STDIN:
            continue
        key, folder = f.resolve(), f.parent.resolve()
        top = next((r for r in reversed(roots) if folder.is_relative_to(r)), folder)
        while key not in out:
            for manifest in manifests_in(folder, f.parent):
                if key in manifest.rows:
                    out[key] = manifest.rows[key]
            if folder == top or folder.parent == folder:
                break
            folder = folder.parent
    notes = [n for found in (extra, *cache.values()) for m in found for n in m.notes]
    read = {f.resolve() for f in files if str(f) != STDIN}
    for found in (extra, *cache.values()):
        for m in found:
            notes.extend(Note(m.file, f"{m.file} line {row.line}: describes no document of this run; ignored")
                         for key, row in m.rows.items() if key not in read)
    return out, notes


class _TooSlow(BaseException):
    """Raised by the timer of `_timed` inside a reader that took too long (a BaseException: the
    readers' own `except Exception` must not take it for a bug of theirs and go on)."""


@contextlib.contextmanager
def _deadline(seconds: float | None):
    """Raise `_TooSlow` in this thread if the block takes more than `seconds` (None: no limit).

    A real-time timer (SIGALRM), so a reader stuck in a loop is interrupted; only in the main
    thread of a platform that has it (elsewhere there is no limit). The previous handler and timer
    (a test runner's, say) are put back afterwards, with the time that passed taken off.
    """
    if not seconds or not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def ring(signum, frame):
        raise _TooSlow

    started = time.monotonic()
    previous = signal.signal(signal.SIGALRM, ring)
    old_delay, old_interval = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if old_delay:
            signal.setitimer(signal.ITIMER_REAL, max(old_delay - (time.monotonic() - started), 0.001), old_interval)


def _timed(items: Iterator, seconds: float | None) -> Iterator:
    """The items of a reader, each of which must come within `seconds` (the timer runs only while
    the reader works, never while the caller handles what it yielded).

    Raises:
        InputError: an item took longer.
    """
    while True:
        try:
            with _deadline(seconds):
                item = next(items, _END)
        except _TooSlow:
            raise InputError(f"reading stopped after {seconds:g} s (the time limit per document; raise it "
                             "with --time-limit)") from None
        if item is _END:
            return
        yield item


_END = object()


def load(paths: list[str], *, max_chars: int = MAX_CHARS_DEFAULT, encoding: str | None = None,
         stdin: BinaryIO | None = None, follow_links: bool = False,
         time_limit: float | None = None, manifest: str | None = None) -> Iterator[Document | Problem | Note]:
    """Every document under `paths`, a Problem for each file or batch line that cannot be read, and Notes.

    A `manifest.csv` / `manifest.jsonl` in a corpus folder gives its documents' metadata (see
    `read_manifest`; the sidecar and the file's own metadata win over it); `manifest` names one
    more, anywhere, whose rows win over those of the folders. One file never stops the others: whatever goes wrong while reading it (an `InputError`, or a
    bug met on its content) becomes that file's Problem, and the next file is read. `time_limit`
    bounds the seconds a reader may take for one document (see `_timed`).

    Raises:
        InputError: a path does not exist or a folder holds no documents (before anything is yielded).
    """
    skipped: list[Problem] = []
    files = discover(paths, follow_links=follow_links, skipped=skipped)
    rows, notes = _manifests(paths, files, manifest)
    yield from notes
    yield from skipped
    for f in files:
        shown = STDIN_NAME if str(f) == STDIN else clean_str(str(f))
        row = rows.get(f.resolve()) if str(f) != STDIN else None
        try:
            yield from _timed(read_path(f, max_chars=max_chars, encoding=encoding, stdin=stdin,
                                        meta=[row] if row else None), time_limit)
        except InputError as exc:
            yield Problem(shown, f"{shown}: {exc}")
        except (RecursionError, MemoryError):
            yield Problem(shown, f"{shown}: is nested too deeply or too large to read")
        except Exception as exc:  # noqa: BLE001 - a reader's bug on one file must not stop the corpus
            detail = " ".join(str(exc).split())[:200]
            yield Problem(shown, f"{shown}: could not be read ({exc.__class__.__name__}{': ' + detail if detail else ''}); "
                                 "please report it with the file")


def iter_documents(paths: list[str], *, max_chars: int = MAX_CHARS_DEFAULT) -> Iterator[Document | Problem]:
    """Yield a Document, or a Problem for each file that cannot be read."""
    for item in load(paths, max_chars=max_chars):
        if not isinstance(item, Note):
            yield item
