"""The JSON export written piece by piece: the bytes of `store.sqlite.dumps_map`, from batches.

`dumps_map(amap)` is `json.dumps(amap.sorted().model_dump(mode="json"), ensure_ascii=False,
indent=2) + "\\n"`: the whole map as one Python structure and one string. `iter_json` produces the
same text from record batches in canonical order (`Store.iter_map`), one batch at a time, so an
export of any size needs the memory of a batch. Each record is dumped as `json.dumps` dumps it
nested two levels deep: its own indented text, every line break followed by four more spaces (a
line break can only be a real "\\n": `json.dumps` escapes it inside strings, while U+2028 and
other separators stay as they are, so nothing splits on them).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator

from ..model import ArgumentMap

#: the list fields of ArgumentMap written record by record
SECTIONS = ("documents", "actors", "claims", "links")


def _dump(value, level: int) -> str:
    text = json.dumps(value, ensure_ascii=False, indent=2)
    return text.replace("\n", "\n" + "  " * level) if level else text


def iter_json(batches: Callable[[str], Iterable[Iterable]]) -> Iterator[str]:
    """Pieces of the canonical JSON export; `batches(section)` yields lists of that section's records
    (pydantic models) in canonical order. "".join(pieces) == dumps_map(map of those records)."""
    head = ArgumentMap().model_dump(mode="json")  # the top-level keys, in the export's order
    yield "{"
    for i, (key, value) in enumerate(head.items()):
        yield ("," if i else "") + "\n  " + json.dumps(key, ensure_ascii=False) + ": "
        if key not in SECTIONS:
            yield _dump(value, 1)
            continue
        n = 0
        yield "["
        for batch in batches(key):
            parts = []
            for record in batch:
                parts.append(("," if n else "") + "\n    " + _dump(record.model_dump(mode="json"), 2))
                n += 1
            if parts:
                yield "".join(parts)
        yield "\n  ]" if n else "]"
    yield "\n}\n" if head else "}\n"


def iter_store_json(store, *, batch: int | None = None) -> Iterator[str]:
    """Pieces of `dumps_map(store.load_map())`, read from the store a batch at a time."""
    kw = {} if batch is None else {"batch": batch}
    return iter_json(lambda section: store.iter_map(section, **kw))


def iter_map_json(amap: ArgumentMap, *, batch: int = 200) -> Iterator[str]:
    """Pieces of `dumps_map(amap)` for a map in memory (tests; the same writer as for a store)."""
    amap = amap.sorted()

    def batches(section: str):
        records = getattr(amap, section)
        for k in range(0, len(records), batch):
            yield records[k : k + batch]

    return iter_json(batches)
