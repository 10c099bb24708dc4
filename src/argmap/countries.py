"""The bundled table of countries, capitals and demonyms (`data/countries.tsv`), loaded once.

Actor resolution (a country's name or capital stands for its government), linking (groups named
after a country lean towards its government) and comparison (a party's country names are not
key terms) all read it here.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources


@dataclass(frozen=True)
class Country:
    slug: str
    name: str
    capitals: tuple[str, ...]
    demonyms: tuple[str, ...]
    other: tuple[str, ...]

    @property
    def government_id(self) -> str:
        return f"{self.slug}-government"


@functools.lru_cache(maxsize=1)
def countries() -> tuple[Country, ...]:
    """The bundled table of countries, capitals and demonyms (data/countries.tsv)."""
    text = resources.files("argmap").joinpath("data", "countries.tsv").read_text(encoding="utf-8")
    out = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = (line.split("\t") + ["", "", "", ""])[:5]
        slug, name, caps, dems, other = parts
        split = lambda s: tuple(x.strip() for x in s.split("|") if x.strip())  # noqa: E731
        out.append(Country(slug.strip(), name.strip(), split(caps), split(dems), split(other)))
    return tuple(out)
