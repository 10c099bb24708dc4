"""Source mentions of other languages in the actor resolver's canonical vocabulary (issue #22).

Actor ids are one vocabulary for every language (`algeria-ministry-of-foreign-affairs`), so a French
mention is read as the resolver reads English: « le ministère algérien des Affaires étrangères » ->
"Algerian Ministry of Foreign Affairs", « Alger » -> "Algiers", « l'AES » -> "AES", « -il » -> "he".
The words come from the language package (`argmap/lang/<code>/countries.tsv`, `mentions.tsv`,
`words.txt` articles); English mentions pass unchanged. Pure functions on strings; no spaCy.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .. import lang as language
from ..countries import countries

_APOS = str.maketrans({"’": "'"})


@dataclass(frozen=True)
class _Tables:
    places: dict[str, str]      # French country name or capital (lower case) -> English name
    demonyms: dict[str, str]    # French demonym, any gender and number -> English demonym
    phrases: list[tuple[str, str]]  # (French prefix, canonical), longest first
    article: re.Pattern


def _low(text: str) -> str:
    return text.lower().translate(_APOS)


@functools.lru_cache(maxsize=8)
def _tables(lang: str) -> _Tables | None:
    folder = language.folder(lang)
    if not folder.joinpath("countries.tsv").is_file():
        return None
    english = {c.slug: c for c in countries()}
    places: dict[str, str] = {}
    demonyms: dict[str, str] = {}
    for line in folder.joinpath("countries.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        slug, names, capitals, dems = (line.split("\t") + ["", "", "", ""])[:4]
        country = english.get(slug.strip())
        if country is None:
            continue
        for name in names.split("|"):
            if name.strip():
                places[_low(name.strip())] = country.name
        en_capitals = list(country.capitals) or [country.name]
        for k, cap in enumerate(c.strip() for c in capitals.split("|") if c.strip()):
            places[_low(cap)] = en_capitals[min(k, len(en_capitals) - 1)]
        for dem in dems.split("|"):
            if dem.strip() and country.demonyms:
                demonyms[_low(dem.strip())] = country.demonyms[0]
    phrases = []
    if folder.joinpath("mentions.tsv").is_file():
        for line in folder.joinpath("mentions.tsv").read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#") and "\t" in line:
                fr, en = line.split("\t", 1)
                phrases.append((_low(fr.strip()), en.strip()))
    phrases.sort(key=lambda p: -len(p[0]))
    articles = sorted(language.words(lang).articles, key=len, reverse=True)
    article = re.compile(r"^(?:" + "|".join(re.escape(a) + (r"" if a.endswith("'") else r"\s+") for a in
                                            (_low(a) for a in articles)) + r")", re.IGNORECASE)
    return _Tables(places, demonyms, phrases, article)


def _strip_article(text: str, t: _Tables) -> str:
    low = _low(text)
    m = t.article.match(low)
    return text[m.end():].lstrip() if m else text


def _phrase(body: str, t: _Tables) -> tuple[str | None, str]:
    """(canonical of the longest known prefix of `body`, the rest as written)."""
    low = _low(body)
    for fr, en in t.phrases:
        if low == fr or low.startswith(fr + " ") or low.startswith(fr + ","):
            return en, body[len(fr):].strip()
    return None, body


_OF_PLACE = re.compile(r"\s+(?:de\s+l'|de\s+la\s+|du\s+|des\s+|de\s+|d')\s*(?P<place>[A-ZÉÈÀÂ][\w'’ -]+)$")


def canonical_mention(mention: str, lang: str) -> str:
    """`mention` as the actor resolver's canonical (English) words; unchanged for English, for a
    language without tables, and for names it does not know (a person's name stays as written)."""
    if lang == "en" or not mention:
        return mention
    t = _tables(lang)
    if t is None:
        return mention
    text = mention.strip().strip(",;:«»\"“”").strip()
    text = text.lstrip("-").strip() if text.startswith("-") else text  # "-il" of "a-t-il déclaré"
    bare = _strip_article(text, t).strip()
    low = _low(bare)
    if low in t.places:
        return t.places[low]
    # the country: a demonym word ("le ministère algérien ...") or a place after de ("l'armée du Mali")
    words = bare.split()
    dem = next((w for w in words if _low(w).strip(",") in t.demonyms), None)
    country = t.demonyms[_low(dem).strip(",")] if dem is not None else None
    rest = bare
    if dem is not None:
        rest = " ".join(w for w in words if w is not dem)
    else:
        m = _OF_PLACE.search(bare)
        if m and _low(m.group("place")) in t.places:
            place = t.places[_low(m.group("place"))]
            en = next((c for c in countries() if place in (c.name, *c.capitals)), None)
            if en is not None and en.demonyms:
                country = en.demonyms[0]
                rest = bare[: m.start()]
    head, tail = _phrase(rest, t)
    if head is None and country is None:
        if low in {fr for fr, _ in t.phrases}:
            return dict(t.phrases)[low]
        return bare if bare != text or not text.startswith("-") else text
    body = head if head is not None else rest
    place = _in_place(tail) if head is not None else None
    if country is not None:
        return f"{country} {body}" + (f" {tail}" if head is not None and tail and not tail.startswith(("de ", "du ", "des ", "d'")) else "")
    if place is not None:
        return f"{body} in {place}"  # « un commerçant de Tinzawatène » = "a trader in Tinzawatène"
    return f"the {body}" if body[:1].islower() and head is not None and body not in {"he", "she", "they", "we", "I"} else body


_DE_PLACE = re.compile(r"^(?:de|d')\s*(?P<place>[A-ZÉÈÀÂÎ][\w'’-]+(?:\s+[A-ZÉÈÀÂÎ][\w'’-]+)*)$")


def _in_place(tail: str) -> str | None:
    """« de Tinzawatène », « d'Alger »: a place name after de (a country or capital in English)."""
    m = _DE_PLACE.match(tail.translate(_APOS).strip())
    if not m:
        return None
    name = m.group("place")
    t = _tables("fr")
    return t.places.get(_low(name), name) if t is not None else name
