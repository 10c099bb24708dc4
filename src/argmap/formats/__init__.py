"""Export and import formats of a whole ArgumentMap, one module per format.

`export(amap, fmt)` returns the output of one format: text for single-file formats, or a
{file name: text} mapping for formats with several files (csv). `import_data(data, name=...)` reads
an argmap JSON export or an AIF file. Everything here is pure (values in, values out); the CLI
writes the files. The formats and how each is validated: docs/formats.md.

| format | module | what |
|---|---|---|
| json | store.sqlite.dumps_map | argmap's own lossless export (the public contract) |
| aif | aif | AIF/xAIF JSON for OVA3 and AIFdb (import too) |
| argdown | argdown | Argdown text |
| graphml | graphml | GraphML for networkx, Gephi, yEd |
| csv | csv | claims.csv and links.csv |
| dot | render | the renderer's Graphviz DOT of the whole map |
| claimreview | claimreview | schema.org ClaimReview JSON-LD of rated claims |
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePath

from pydantic import ValidationError

from ..errors import InputError
from ..model import ArgumentMap, Document

EXPORT_FORMATS = ("json", "aif", "argdown", "graphml", "csv", "dot", "claimreview")
IMPORT_FORMATS = ("auto", "json", "aif")


def export(amap: ArgumentMap, fmt: str, **options) -> str | dict[str, str]:
    """The map in format `fmt` (see EXPORT_FORMATS); `options` go to the ClaimReview writer.

    Raises:
        InputError: an unknown format.
    """
    if fmt == "json":
        from ..store.sqlite import dumps_map

        return dumps_map(amap)
    if fmt == "aif":
        from .aif import dumps_aif

        return dumps_aif(amap)
    if fmt == "argdown":
        from .argdown import to_argdown

        return to_argdown(amap)
    if fmt == "graphml":
        from .graphml import to_graphml

        return to_graphml(amap)
    if fmt == "csv":
        from .csv import to_tables

        return to_tables(amap)
    if fmt == "dot":
        from ..render import to_diagram, to_dot

        return to_dot(to_diagram(amap))
    if fmt == "claimreview":
        from .claimreview import dumps_claimreview

        return dumps_claimreview(amap, **options)
    raise InputError(f"unknown export format {fmt!r}; use one of: {', '.join(EXPORT_FORMATS)}")


@dataclass
class Imported:
    """A map read from a file, the format it was read as, and notes on what was skipped or made up."""

    map: ArgumentMap
    format: str
    notes: list[str] = field(default_factory=list)


def import_data(data: bytes, *, name: str, fmt: str = "auto", stored: Callable[[str], Document] | None = None) -> Imported:
    """Read an argmap JSON export or an AIF file (`fmt` "auto" tells them apart by their content).

    The file is checked whole before anything is returned (formats/checks.py): nesting depth and
    size, each record's fields, sha256 and document ids against the texts, spans within the texts,
    ids; URLs that are not http(s) are dropped with a note.

    Args:
        data: the file's bytes.
        name: the file as the user named it (messages); its last part names a synthetic AIF document.
        fmt: "auto", "json" or "aif".
        stored: the store's document by id (raising NotFoundError), to check claims of stored documents.

    Raises:
        InputError: not JSON, or not the format asked for, or a record that fails a check (one line
            naming the file and the field or record at fault).
    """
    from .aif import from_aif, is_aif
    from .checks import check_map, load_json

    if fmt not in IMPORT_FORMATS:
        raise InputError(f"unknown import format {fmt!r}; use one of: {', '.join(IMPORT_FORMATS)}")
    try:
        parsed = load_json(data, what="not an AIF file" if fmt == "aif" else "not an argmap export")
        if fmt == "aif" or (fmt == "auto" and is_aif(parsed)):
            result = from_aif(parsed, name=PurePath(name).name)
            amap, notes, read_as = result.map, result.notes, "aif"
        else:
            try:
                amap = ArgumentMap.model_validate(parsed)
            except ValidationError as exc:
                first = exc.errors()[0]
                where = ".".join(str(x) for x in first["loc"])
                raise InputError(f"not an argmap export ({where}: {first['msg']})") from None
            notes, read_as = [], "json"
        amap, more = check_map(amap, stored=stored)
    except InputError as exc:
        raise InputError(f"{name}: {exc}") from None
    return Imported(amap, read_as, [*notes, *more])
