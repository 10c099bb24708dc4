"""Which actors of a store are probably the same real-world speaker (pure, no I/O).

`suggest_merges(actors, documents_of)` ranks pairs, each with a score in [0, 1] and a reason, for
`argmap actors suggest-merges`; a reviewer merges with `argmap actors merge ALIAS INTO`. Signals,
strongest first:

* **same name** once titles, middle initials, accents, punctuation and a possessive are left out
  ("Donald J. Trump" / "Donald Trump", "Sen. Elizabeth Warren" / "Elizabeth Warren"): 0.95;
* **an alias** of one is the other's name ("Algiers" seen for the Government of Algeria): 0.85;
* **a bare surname** ("Trump", however the recogniser typed it: person, organisation or unknown,
  but capitalised) and the one person of the store
  whose name ends with it: 0.75; one of several such people: 0.4 each. A gendered title that
  disagrees with the first name ("Mrs. Trump" / "Donald Trump") rules a pair out, and so do two
  different first names ("Bill Clinton" / "Hillary Clinton").

Groups and generic speakers ("critics", "you") are never paired by name. Speaking in the same
document adds 0.05 (the resolver already joins a surname to the one full
name of its own document, so most such pairs come from different documents). Two actors with
different declared sides are never suggested.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from . import lang as language
from .extract.actors import name_gender
from .model import Actor, ActorKind

_WORDS = language.words("en")
_TOKEN = re.compile(r"[^\W_]+(?:[’'][^\W_]+)*")
_ACRONYM = re.compile(r"\b(?:[^\W\d_]\.){2,}")


@dataclass(frozen=True)
class MergeSuggestion:
    """Merge `alias` into `into`: how likely they are one speaker, and why."""

    alias: str
    into: str
    score: float
    reason: str

    def as_dict(self) -> dict:
        return {"alias": self.alias, "into": self.into, "score": self.score, "reason": self.reason}


def name_key(name: str) -> tuple[str, ...]:
    """The words that identify a name: case, accents, punctuation, possessives, titles and single-letter
    initials left out ("Sen. Donald J. Trump's" -> ("donald", "trump"))."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = re.sub(r"[’']s\b", "", text)
    text = _ACRONYM.sub(lambda m: m.group().replace(".", ""), text)  # "U.S." -> "us"
    words = [w for w in _TOKEN.findall(text) if w not in _WORDS.person_titles and w not in _WORDS.articles]
    # middle initials go ("donald j trump"); a first or last single letter stays
    return tuple(w for i, w in enumerate(words) if len(w) > 1 or not w.isalpha() or i in (0, len(words) - 1))


def _gendered(actor: Actor) -> str | None:
    for n in (actor.name, *actor.aliases):
        g = name_gender(n)
        if g is not None:
            return g
    return None


def _order(a: Actor, b: Actor, claims: Mapping[str, int]) -> tuple[Actor, Actor]:
    """(alias, into): into is the fuller name, then the one with more claims, then the smaller id."""
    ka, kb = (len(name_key(a.name)), claims.get(a.id, 0), b.id), (len(name_key(b.name)), claims.get(b.id, 0), a.id)
    return (b, a) if ka > kb else (a, b)


def suggest_merges(actors: Iterable[Actor], documents_of: Mapping[str, set[str]] | None = None,
                   claims: Mapping[str, int] | None = None, *, min_score: float = 0.0) -> list[MergeSuggestion]:
    """Ranked merge suggestions among `actors` (best first; one per pair).

    Args:
        actors: the store's actors.
        documents_of: actor id -> ids of the documents it speaks in (adds the same-document bonus).
        claims: actor id -> number of claims (decides the direction of a tie and the order).
        min_score: leave out suggestions below this score.
    """
    documents_of = documents_of or {}
    claims = claims or {}
    pool = sorted({a.id: a for a in actors}.values(), key=lambda a: a.id)
    keys = {a.id: name_key(a.name) for a in pool}
    best: dict[frozenset[str], tuple[float, str]] = {}

    def propose(a: Actor, b: Actor, score: float, reason: str) -> None:
        if a.id == b.id or (a.side and b.side and a.side != b.side):
            return
        ga, gb = _gendered(a), _gendered(b)
        if ga and gb and ga != gb:
            return
        if documents_of.get(a.id, set()) & documents_of.get(b.id, set()):
            score, reason = score + 0.05, reason + "; both speak in the same document"
        pair = frozenset((a.id, b.id))
        if pair not in best or score > best[pair][0]:
            best[pair] = (round(min(score, 1.0), 2), reason)

    by_key: dict[tuple[str, ...], list[Actor]] = defaultdict(list)
    for a in pool:
        # "critics" or "you" of two texts are not one speaker because they share a word
        if keys[a.id] and a.kind not in {ActorKind.group, ActorKind.generic}:
            by_key[keys[a.id]].append(a)
    # one word in common ("Trump" / "Mrs. Trump") is a surname, weighed below, not a same name
    same_name = {k: v for k, v in by_key.items() if len(k) >= 2 or not any(x.kind == ActorKind.person for x in v)}
    for k, same in same_name.items():
        for i, a in enumerate(same):
            for b in same[i + 1 :]:
                propose(a, b, 0.95, f"same name once titles, initials and punctuation are left out ({a.name!r} / {b.name!r})")
    for a in pool:
        for alias in a.aliases:
            for b in same_name.get(name_key(alias), []):
                if b.id != a.id:
                    propose(a, b, 0.85, f"{a.name!r} was also written {alias!r}, the name of {b.id}")
    people = [a for a in pool if a.kind == ActorKind.person and len(keys[a.id]) >= 2]
    by_surname: dict[str, list[Actor]] = defaultdict(list)
    for p in people:
        by_surname[keys[p.id][-1]].append(p)
    for a in pool:
        k = keys[a.id]
        if len(k) != 1 or a.kind not in {ActorKind.person, ActorKind.unknown, ActorKind.organisation}:
            continue
        if not any(w[:1].isupper() for w in a.name.split() if w.lower() not in _WORDS.articles):
            continue  # "the officials": a description, not a surname
        holders = [p for p in by_surname.get(k[0], []) if p.id != a.id]
        if len(holders) == 1:
            propose(a, holders[0], 0.75, f"{a.name!r} is the surname of one person of the store, {holders[0].name}"
                    + (f" (though typed {a.kind.value})" if a.kind == ActorKind.organisation else ""))
        else:
            firsts = sorted({keys[p.id][0] for p in holders})
            for p in holders:
                propose(a, p, 0.4, f"{a.name!r} is the surname of {len(holders)} people of the store "
                        f"(first names {', '.join(firsts)}): check which")
    by_id = {a.id: a for a in pool}
    out = []
    for pair, (score, reason) in best.items():
        if score < min_score:
            continue
        x, y = sorted(pair)
        alias, into = _order(by_id[x], by_id[y], claims)
        out.append(MergeSuggestion(alias.id, into.id, score, reason))
    out.sort(key=lambda s: (-s.score, -(claims.get(s.alias, 0) + claims.get(s.into, 0)), s.alias, s.into))
    return out
