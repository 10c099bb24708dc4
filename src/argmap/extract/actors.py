"""Actors: who really speaks. Resolves each claim's source mention to an actor.

Rules, in order: the user's registry (`actors.yaml`: ids, names, aliases, kind, parent, side);
capital-city metonymy and country names (Bamako -> Mali's government, from the bundled
`data/countries.tsv`); demonym- or country-qualified bodies (the Algerian Ministry of Defence ->
a ministry actor whose parent is Algeria's government; the Malian army -> Mali's government);
acronyms in parentheses; pronouns (it, they, their, he) to the nearest compatible earlier speaker;
generic groups (many influential activists) as group actors qualified by the place the text gives;
named entities; else a slug of the mention. The registry file is read here (an I/O edge); the
resolution itself is pure.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .. import lang as language
from ..actor_graph import ActorGraph
from ..countries import Country, countries
from ..errors import InputError
from ..model import Actor, ActorKind, Claim, Document, SpeechAct
from ..yamlio import load_yaml

#: English word sets (argmap/lang/en/words.txt)
_WORDS = language.words("en")
GOV_BODIES = _WORDS.gov_bodies
MINISTRY_WORDS = tuple(sorted(_WORDS.ministry_words))
MINISTRY_TOPICS = {
    "defence": "defence", "defense": "defence", "foreign affairs": "foreign-affairs", "foreign": "foreign-affairs",
    "external affairs": "external-affairs", "interior": "interior", "justice": "justice", "communication": "communication",
    "information": "information", "security": "security", "finance": "finance", "economy": "economy",
}
PRONOUNS_SING = _WORDS.pronouns_sing
PRONOUNS_PLUR = _WORDS.pronouns_plur
PRONOUNS_PERS = _WORDS.pronouns_pers
PRONOUNS_FIRST = _WORDS.pronouns_first
QUANTIFIERS = re.compile(
    r"^(?:many|some|several|most|few|a few|numerous|countless|various|other|certain|dozens of|hundreds of|thousands of|"
    r"over (?:a |one )?(?:hundred|thousand|million)(?: of)?|more than [\w,]+|about [\w,]+|around [\w,]+|[\d,]+|a number of|a group of|"
    r"a (?:hundred|thousand)|hundreds|thousands)\s+",
    re.IGNORECASE,
)
TITLES = re.compile(
    r"^(?:(?:[A-Z][a-z]+ )?(?:President|Prime Minister|Minister|Foreign Minister|Defence Minister|General|Gen\.|Colonel|Col\.|"
    r"Imam|King|Sheikh|Dr\.?|Mr\.?|Mrs\.?|Ms\.?|Ambassador|Spokesman|Spokeswoman)\s+)+"
)
#: "the Front de libération de l’Azawad (FLA)": capitalised words (and particles) before an acronym in parentheses
ACRONYM_DEF = re.compile(
    r"((?:[A-Z][\w’'-]*)(?:[ \u00a0](?:[A-Z][\w’'-]*|de|du|des|of|the|for|and|la|le|l’\w+|d’\w+|l'\w+|d'\w+)){0,9})\s*\(([A-Z][A-Z0-9&-]{1,9})\)"
)
PARTICLES = _WORDS.name_particles


def expand_acronym(before: str, acronym: str) -> str | None:
    """The words just before '(ACRONYM)' whose initials spell it: '... the Front de libération de l’Azawad'."""
    letters = acronym.replace("&", "").replace("-", "").upper()
    words = before.rstrip().split()[-12:]

    def spells(rest: str, sig: list[str]) -> bool:
        # each significant word gives the next 1..3 letters of the acronym, from its start
        if not sig:
            return not rest
        w = sig[0].upper()
        return any(rest[:n] == w[:n] and spells(rest[n:], sig[1:]) for n in range(1, min(3, len(w), len(rest)) + 1))

    for k in range(1, len(words) + 1):
        cand = words[-k:]
        sig = [re.sub(r"^[ldLD][’']", "", w.strip(",;:“”\"()")) for w in cand]
        sig = [w for w in sig if w and w.lower() not in PARTICLES]
        if len(sig) > len(letters):
            return None
        if sig and cand[0][:1].isupper() and spells(letters, sig):
            return " ".join(cand).strip(",;:“”\"()")
    return None


#: names that mark a non-state armed group ("Front de libération de l'Azawad", "... Liberation Army")
ARMED = re.compile(r"\b(front|lib[ée]ration|liberation|militia|brigades?|jihad\w*|islamic state|al-qa[e']?ida|taliban|"
                   r"rebels?|insurgents?|mujahideen|boko haram|al-shabaab|hezbollah|hamas)\b", re.IGNORECASE)
DEFINING_ADJECTIVES = _WORDS.defining_adjectives
DOCUMENT_NOUNS = _WORDS.document_nouns
ORG_HEADS = _WORDS.org_heads
SPOKES_HEADS = _WORDS.spokes_heads


NEUTRAL_CUES = _WORDS.neutral_cues
COMMENTATOR = re.compile(
    r"\b(analysts?|researchers?|experts?|scientists?|observers?|commentators?|scholars?|academics?|professors?|specialists?|"
    r"diplomats?|historians?|economists?|retired|former|think[- ]tank|columnists?|editorial)\b",
    re.IGNORECASE,
)


#: a mention of one person speaking for a body ("a spokesman for the group" resolves to the group)
PERSON_MENTION = re.compile(
    r"\b(spokes(?:man|woman|person)|official|minister|president|leader|commander|envoy|diplomat|ambassador|chief|secretary)\b",
    re.IGNORECASE,
)


def _is_plural(mention: str) -> bool:
    words = mention.lower().split()
    if not words:
        return False
    last = words[-1]
    return last in _WORDS.plural_heads or (last.endswith("s") and not last.endswith(("ss", "us", "is")))


STATEMENT_OF = re.compile(
    r"^(?:(?P<a>.+?)[’']s\s+(?:\w+\s+)?(?:statement|communiqué|communique|report|declaration|announcement|letter|tweet|post|spokesman|spokeswoman|spokesperson)"
    r"|(?:a|the)?\s*(?:\w+\s+)?(?:statement|communiqué|communique|report|declaration|announcement|letter|spokesman|spokeswoman|spokesperson)\s+(?:by|from|for|of)\s+(?P<b>.+))$",
    re.IGNORECASE,
)
ARTICLES = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)


def person_id(name: str) -> str:
    """The id of a person's name, middle initials left out ("Donald J. Trump" -> donald-trump)."""
    words = name.split()
    kept = [w for i, w in enumerate(words) if not (0 < i < len(words) - 1 and re.fullmatch(r"[A-Z]\.?", w))]
    return slugify(" ".join(kept))


def slugify(text: str) -> str:
    """ASCII, lower-case, hyphenated slug ('Front de libération de l’Azawad' -> 'front-de-liberation-de-l-azawad')."""
    text = unicodedata.normalize("NFKD", text.replace("’", " ").replace("'", " ")).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "unknown"


_POSSESSIVE_S = re.compile(r"[’']s$")
_POSSESSIVE = re.compile(r"[’']$")


def _strip(mention: str) -> str:
    m = mention.strip().strip(",;:–—-").strip()
    m = _POSSESSIVE_S.sub("", m)
    m = _POSSESSIVE.sub("", m)
    return ARTICLES.sub("", m).strip()


@functools.lru_cache(maxsize=1)
def _country_index() -> tuple[dict[str, Country], dict[str, Country]]:
    """(names and capitals -> country, demonyms -> country), lower-cased."""
    names: dict[str, Country] = {}
    dems: dict[str, Country] = {}
    for c in countries():
        for n in (c.name, *c.other, *c.capitals):
            names[n.lower()] = c
        for d in c.demonyms:
            dems[d.lower()] = c
    return names, dems


def _scalar(value: object) -> bool:
    """A value that can stand as an id or a name (YAML may give numbers or booleans)."""
    return isinstance(value, (str, int, float)) and not isinstance(value, bool) and str(value).strip() != ""


def _entries(data: dict, key: str, where: str) -> list:
    """The list under `key` (none: empty); anything else than a list is refused in one line."""
    value = data.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise InputError(f"{where}: '{key}' must be a list, not a {type(value).__name__}")
    return value


@dataclass
class Registry:
    """Known actors: the user's `actors.yaml` plus governments made on demand from the country table."""

    entries: dict[str, Actor] = field(default_factory=dict)
    alias_index: dict[str, str] = field(default_factory=dict)
    sides: dict[str, str] = field(default_factory=dict)  # actor id -> side id
    side_names: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, path: str | None = None, corpus_paths: list[Path] | None = None) -> Registry:
        """Read `path`, or an `actors.yaml` found in one of the corpus folders, or nothing.

        Raises:
            InputError: the file is missing (when given explicitly) or malformed.
        """
        found: Path | None = Path(path) if path else None
        if found is not None and not found.is_file():
            raise InputError(f"{path}: no such actors file")
        if found is None:
            for p in corpus_paths or []:
                folder = p if p.is_dir() else p.parent
                for candidate in (folder / "actors.yaml", folder.parent / "actors.yaml"):
                    if candidate.is_file():
                        found = candidate
                        break
                if found:
                    break
        if found is None:
            return cls()
        try:
            text = found.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"{found}: cannot be read as UTF-8 text ({exc.__class__.__name__})") from None
        return cls.from_dict(load_yaml(text, what=str(found)) or {}, origin=str(found))

    @classmethod
    def from_dict(cls, data: dict, origin: str = "actors.yaml") -> Registry:
        """A registry from the data of an actors file: `actors` (a list of mappings with `id`, and
        optionally `name`, `aliases`, `kind`, `side`, `parent`) and `sides` (a list of mappings with
        `id`, `name`, `members`).

        Raises:
            InputError: any other shape, with one line naming the entry at fault.
        """
        reg = cls()
        if not isinstance(data, dict):
            raise InputError(f"{origin}: expected a mapping with 'actors' (and optionally 'sides')")
        for n, side in enumerate(_entries(data, "sides", origin), start=1):
            if not isinstance(side, dict) or not _scalar(side.get("id")):
                raise InputError(f"{origin}: side #{n} needs an 'id' (a mapping with id, name, members)")
            sid = str(side["id"])
            reg.side_names[sid] = str(side.get("name") or sid)
            for member in _entries(side, "members", f"{origin}: side {sid!r}"):
                if not _scalar(member):
                    raise InputError(f"{origin}: side {sid!r}: members are actor ids, not {type(member).__name__}s")
                reg.sides[str(member)] = sid
        for n, raw in enumerate(_entries(data, "actors", origin), start=1):
            if not isinstance(raw, dict) or not _scalar(raw.get("id")):
                raise InputError(f"{origin}: actor #{n} needs an 'id'")
            aid = str(raw["id"])
            aliases = _entries(raw, "aliases", f"{origin}: actor {aid!r}")
            for key in ("name", "kind", "side", "parent"):
                if raw.get(key) is not None and not _scalar(raw[key]):
                    raise InputError(f"{origin}: actor {aid!r}: '{key}' must be a single value, not a {type(raw[key]).__name__}")
            if not all(_scalar(a) for a in aliases):
                raise InputError(f"{origin}: actor {aid!r}: 'aliases' must be a list of names")
            try:
                actor = Actor(
                    id=aid,
                    name=str(raw.get("name") or aid),
                    aliases=[str(a) for a in aliases],
                    kind=str(raw.get("kind") or "unknown"),
                    side=(str(raw["side"]) if raw.get("side") else None) or reg.sides.get(aid),
                    parent=str(raw["parent"]) if raw.get("parent") else None,
                )
            except ValueError as exc:
                raise InputError(f"{origin}: actor {aid!r}: {str(exc).splitlines()[-1]}") from None
            reg.add(actor)
        return reg

    def add(self, actor: Actor) -> None:
        self.entries[actor.id] = actor
        for name in (actor.name, *actor.aliases):
            key = _strip(name).lower()
            if key:
                self.alias_index.setdefault(key, actor.id)

    def actors(self) -> list[Actor]:
        return [self.entries[k] for k in sorted(self.entries)]

    def lookup(self, mention: str) -> Actor | None:
        aid = self.alias_index.get(_strip(mention).lower())
        return self.entries.get(aid) if aid else None

    def government(self, country: Country) -> Actor:
        gid = country.government_id
        if gid in self.entries:
            return self.entries[gid]
        # the registry may already name this government under another id (an alias match)
        for n in (country.name, *country.capitals):
            hit = self.lookup(n)
            if hit is not None and hit.kind == ActorKind.government and hit.parent is None:
                return hit
        actor = Actor(
            id=gid,
            name=f"Government of {country.name}",
            aliases=sorted({country.name, *country.capitals, *(f"the {d} government" for d in country.demonyms)}),
            kind=ActorKind.government,
            side=self.sides.get(gid),
        )
        self.add(actor)
        return actor


@dataclass
class _Mentioned:
    start: int


@dataclass
class _Entity:  # a name found in the text as the recogniser's entities are (start, end, label, text)
    start: int
    end: int
    label: str
    text: str


@dataclass
class _Speaker:
    offset: int
    actor: Actor
    plural: bool
    embedded: bool = False  # the mention sits inside another claim's content (less salient)
    mention: str = ""


@functools.lru_cache(maxsize=1)
def _country_name_pattern() -> re.Pattern:
    """Country names and capitals as whole words (case-sensitive: 'Mali', 'Algiers')."""
    names, _ = _country_index()
    keys = sorted({c for c in names if len(c) > 3}, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(k) for k in keys) + r")\b", re.IGNORECASE)


_NAME_SEPARATORS = ("’s ", "'s ", "’ ", " ")
_OF_COUNTRY = re.compile(r"\s+of\s+(?:the\s+)?([A-Z][\w’' -]+)$")


def _named_after_place(bare: str, names: dict, dems: dict) -> bool:
    """Two capitalised words of which the second is a country or capital and the whole is no place
    ('Valeska Paris', 'Tom Jordan'; not 'New Delhi', 'South Sudan', 'Mexico City'): a person's name,
    whatever the recogniser tagged its words."""
    words = bare.split()
    if len(words) != 2 or not all(re.fullmatch(r"[A-Z][\w’'-]+", w) for w in words):
        return False
    first, last = (w.lower() for w in words)
    return (last in names and bare.lower() not in names and first not in names and first not in dems
            and first not in _WORDS.place_prefixes)


def _find_country(words: str) -> tuple[Country | None, str]:
    """Split 'Algerian Ministry of Defence' / "Algeria's army" / 'Ministry of Defence of Algeria'.

    The longest demonym, else the longest country name or capital, that the words start with
    (followed by a space, or for a name by a possessive): the candidates are the prefixes that end
    where a separator starts, looked up in the index (not every key tried in turn)."""
    names, dems = _country_index()
    low = words.lower()
    cut = max((p for p, ch in enumerate(low) if ch == " " and low[:p] in dems), default=None)
    if cut is not None:
        return dems[low[:cut]], words[cut + 1 :].strip()
    best = None
    for p, ch in enumerate(low):
        if ch in "’' " and low[:p] in names:
            sep = next((sep for sep in _NAME_SEPARATORS if low.startswith(sep, p)), None)
            if sep is not None:
                best = (p, sep)
    if best is not None:
        p, sep = best
        return names[low[:p]], words[p + len(sep) :].strip()
    m = _OF_COUNTRY.search(words)
    if m and m.group(1).lower() in names:
        return names[m.group(1).lower()], words[: m.start()].strip()
    return None, words


def _ministry_slug(body: str) -> str | None:
    low = body.lower()
    if not any(w in low for w in MINISTRY_WORDS):
        return None
    for topic, slug in MINISTRY_TOPICS.items():
        if topic in low:
            return f"ministry-of-{slug}"
    return "ministry"


class Resolver:
    """Resolves the source mentions of one document's claims, in document order."""

    def __init__(self, registry: Registry, document: Document, entities: list | None = None):
        self.registry = registry
        self.document = document
        #: the document's language: another language's mentions and entities are read in the canonical
        #: (English) words first (`extract.mentions`, issue #22)
        self.lang = (document.language or "en").split("-")[0].lower()
        if self.lang != "en":
            entities = _canonical_entities(entities or [], self.lang)
        self.entities = sorted(entities or [], key=lambda e: e.start)
        self._starts = [e.start for e in self.entities]  # for `_entities`
        self.speakers: list[_Speaker] = []
        self.made: dict[str, Actor] = {}
        self.acronyms = self._acronyms(document.text)
        self.acronym_names = {}
        for m in re.finditer(r"\(([A-Z][A-Z0-9&-]{1,9})\)", document.text):
            full = expand_acronym(document.text[max(0, m.start() - 200) : m.start()], m.group(1))
            if full:
                self.acronym_names.setdefault(m.group(1), full)
                self.acronyms.setdefault(full.lower(), m.group(1))
        self.contents: list[tuple[int, int]] = []
        self.claims: list[Claim] = []
        self.genders: dict[str, str] = {}  # actor id -> 'f' / 'm' learned from the pronouns resolved to it
        self._quotes = None
        self._apposition_index: list[tuple[int, str, str]] | None = None
        self.mentioned: list[tuple[int, Actor]] = []  # people a source names without speaking ("Thomas' sister")
        self.interview = interview_of(document)
        self.interviewee: Actor | None = None  # who says "I" in the answers (None: several, not told apart)
        self._iv_people: list[Actor] = []      # the interviewees the text names, when several
        self._iv_we: Actor | None = None       # the answers' "we"
        self._iv_you: Actor | None = None      # the questions' "you"
        if self.interview is not None:
            self._cast_interview(self.interview)

    # The document's claims and their content spans, set by `resolve_claims` before the first
    # claim is resolved; `_embedded` indexes them on first use (each lookup was a scan of all).
    @property
    def contents(self) -> list[tuple[int, int]]:
        return self._contents

    @contents.setter
    def contents(self, spans: list[tuple[int, int]]) -> None:
        self._contents = spans
        self._content_index = None

    @property
    def claims(self) -> list[Claim]:
        return self._claims

    @claims.setter
    def claims(self, claims: list[Claim]) -> None:
        self._claims = claims
        self._by_sentence = None

    def _entities(self, lo: int | None = None, hi: int | None = None, *, lo_open: bool = False,
                  hi_open: bool = True) -> list:
        """The entities (in start order) whose start lies between `lo` and `hi` (None: unbounded;
        `lo_open`, `hi_open`: the bound itself excluded), found by bisection. An entity ends after
        it starts, so one that ends by an offset starts by it: callers narrow their scans with this
        and keep their own full conditions."""
        a = 0 if lo is None else (bisect.bisect_right if lo_open else bisect.bisect_left)(self._starts, lo)
        b = len(self._starts) if hi is None else (bisect.bisect_left if hi_open else bisect.bisect_right)(self._starts, hi)
        return self.entities[a:b]

    def _embedded(self, offset: int, claim: Claim) -> bool:
        """The mention at `offset` sits inside a claim's content, or another claim of the same
        sentence has its cue and source before it."""
        if self._content_index is None:
            spans = sorted(self._contents)
            reach, furthest = [], None
            for _, e in spans:
                furthest = e if furthest is None or e > furthest else furthest
                reach.append(furthest)
            self._content_index = ([s for s, _ in spans], reach)
        starts, reach = self._content_index
        k = bisect.bisect_right(starts, offset)  # the spans starting at or before offset
        if k and reach[k - 1] > offset:
            return True
        if self._by_sentence is None:
            self._by_sentence = {}
            for other in self._claims:
                self._by_sentence.setdefault(other.sentence, []).append(other)
        return any(other.spans.cue and other.spans.cue[0][0] < offset and other.spans.source
                   and other.spans.source[0][0] < offset for other in self._by_sentence.get(claim.sentence, ()))

    @staticmethod
    def _acronyms(text: str) -> dict[str, str]:
        """'the Front de libération de l’Azawad (FLA)' -> {'front de libération de l’azawad': 'FLA'}."""
        out = {}
        for m in ACRONYM_DEF.finditer(text):
            out[_strip(m.group(1)).lower()] = m.group(2)
        return out

    def _actor(self, actor: Actor) -> Actor:
        known = self.registry.entries.get(actor.id)
        if known is not None:
            return known
        if actor.id in self.made:
            prev = self.made[actor.id]
            if actor.aliases and not set(actor.aliases) <= set(prev.aliases):
                prev = prev.model_copy(update={"aliases": sorted(set(prev.aliases) | set(actor.aliases))})
                self.made[actor.id] = prev
            return prev
        self.made[actor.id] = actor
        return actor

    def _place(self, claim: Claim) -> str | None:
        """A place the sentence qualifies a group with: 'In Bamako, many activists', 'in Algeria, where many analysts'."""
        if claim.sentence is None or not claim.spans.source:
            return None
        s0, _ = claim.sentence
        src = claim.spans.source[0][0]
        best = None
        names, _ = _country_index()
        for e in self._entities(s0 - 200, claim.spans.content[0][0]):
            if not (e.label in {"GPE", "LOC"} or e.text.lower() in names) or not (s0 - 200 <= e.start < claim.spans.content[0][0]):
                continue
            before = self.document.text[max(0, e.start - 4) : e.start].lower()
            after = self.document.text[e.end : e.end + 8].lower()
            if e.start < s0 and ", where" not in after:
                continue
            if before.endswith("in ") or ", where" in after or after.startswith(" and across"):
                best = e.text
        return best

    def resolve(self, claim: Claim) -> Actor | None:
        mention = claim.source_text
        if not mention:
            return None
        if self.lang != "en":
            from .mentions import canonical_mention

            mention = canonical_mention(mention, self.lang)
        offset = claim.spans.source[0][0] if claim.spans.source else claim.spans.content[0][0]
        handled, actor = self._interviewee_speaks(mention, offset, claim)
        if handled:
            return actor
        actor, plural = self._resolve_text(mention, offset, claim)
        # "Kathryn Waters", "Ms Ellis": a person's name ending in -s is no plural
        plural = plural or (_is_plural(_strip(mention)) and not (actor is not None and actor.kind == ActorKind.person))
        if actor is not None:
            self.speakers.append(_Speaker(offset, actor, plural, self._embedded(offset, claim), mention))
        return actor

    def resolve_target(self, text: str | None, offset: int) -> str | None:
        if not text:
            return None
        if self.lang != "en":
            from .mentions import canonical_mention

            text = canonical_mention(text, self.lang)
        actor, _ = self._resolve_text(text, offset, None, named_only=True)
        return actor.id if actor else None

    def _resolve_text(self, mention: str, offset: int, claim: Claim | None, named_only: bool = False) -> tuple[Actor | None, bool]:
        reg = self.registry
        bare = _strip(mention)
        low = bare.lower()
        if not bare:
            return None, False
        hit = reg.lookup(bare)
        if hit is not None:
            return self._actor(hit), hit.kind == ActorKind.group
        # "the Clinton campaign", "Trump's campaign": the campaign, not the candidate
        m = _CAMPAIGN.match(bare)
        if m and m.end() == len(bare) and m.group("who")[:1].isupper():
            return self._campaign(m.group("who")), False
        if claim is not None and not named_only:
            # "Clinton's campaign manager, John Podesta, said": the person the description is set beside
            named = self._named_after(bare, mention, offset)
            if named is not None:
                return named, False
        # "the ministry's statement", "a report by the BBC" -> the issuer
        m = STATEMENT_OF.match(bare)
        if m and re.search(r",\s*[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)+$", bare):
            # "a spokesman for the senator, Tom Hale": the name after the comma is who speaks
            headed = self._person_with_role(bare, mention, offset)
            if headed is not None:
                return headed, False
        if m:
            issuer = m.group("a") or m.group("b")
            return self._resolve_text(issuer, offset + mention.find(issuer), claim, named_only)
        m = _RELATIVE_OF.match(mention.strip())
        if m and not named_only and m.group("noun").split()[-1].lower() in _RELATION_NOUNS:
            owner = m.group("pronoun") or m.group("owner")
            return self._relative(owner, m.group("noun"), offset + max(0, mention.find(owner)))
        m = _RELATIVE_TO.match(mention.strip())
        if m and not named_only and m.group("noun").split()[-1].lower() in _RELATION_NOUNS:
            # "aides to Cole", "an adviser to the senator": someone acting for a person, not that person
            owner = _OBJECT_POSSESSIVES.get(m.group("owner").lower(), m.group("owner"))
            at = offset + max(0, mention.find(m.group("owner")))
            who = self._owner(owner, at)
            if who is not None and who.kind == ActorKind.person:
                return self._relative(owner, m.group("noun"), at, who, written=bare)
        # pronouns -> nearest compatible earlier speaker (or named entity)
        if low in PRONOUNS_SING | PRONOUNS_PLUR | PRONOUNS_PERS | PRONOUNS_FIRST:
            if named_only:
                return None, False
            evidence = claim is not None and claim.kind == SpeechAct.evidence
            return self._antecedent(low, offset, evidence), low in PRONOUNS_PLUR
        if not named_only:
            described = self._appositive_person(bare, mention, offset)
            if described is not None:
                return described, False
        # acronym in parentheses: "... (AES)"
        m = re.search(r"\(([A-Z][A-Z0-9&-]{1,9})\)\s*$", bare)
        acronym = m.group(1) if m else self.acronyms.get(low)
        if acronym is None and bare.isupper() and bare in self.acronyms.values():
            acronym = bare  # "the FLA" after "the Front de libération de l’Azawad (FLA)"
        if acronym:
            hit = reg.lookup(acronym)
            if hit is not None:
                return self._actor(hit), False
        names, dems = _country_index()
        headed = self._person_with_role(bare, mention, offset)
        if headed is not None:
            return headed, False
        known = self._known_surname(bare, offset)
        if known is not None:  # "Valeska Paris ... Paris claims": the person, not France's capital
            return known, False
        if _named_after_place(bare, names, dems):  # "Valeska Paris, an Australian woman, has claimed ..."
            return self._person(bare, bare), False
        if low in names:
            return self._actor(reg.government(names[low])), False
        if low in dems:
            # "Indian accusations", "Malian claims": a bare demonym before a statement is its state
            return self._actor(reg.government(dems[low])), False
        country, body = _find_country(bare)
        if country is not None and re.match(r"^(?:and|or|&)\s", body):
            # "Mali and Algeria": a coordination is a group of its own, not Mali's government
            return self._actor(Actor(id=slugify(bare), name=bare, aliases=[bare], kind=ActorKind.group)), True
        if country is None and (low in GOV_BODIES or re.match(r"^(?:government|administration|regime) of\b", low)):
            # "the military", "the government of late president X": the nearest government spoken of before
            gov = self._nearest_government(offset, claim) or self._document_government()
            if gov is not None:
                return gov, _is_plural(bare)
            if not named_only and low in _BARE_GOVERNMENTS:
                # no country in sight: this text's government, not every text's
                return self._actor(Actor(id=f"{slugify(low)}-{self._doc_tag}", name=low, aliases=[bare],
                                         kind=ActorKind.government)), _is_plural(bare)
        if country is not None:
            gov = reg.government(country)
            body_low = ARTICLES.sub("", body.lower()).strip()
            if not body_low or body_low in GOV_BODIES:
                return self._actor(gov), False
            ministry = _ministry_slug(body_low)
            if ministry:
                hit = reg.lookup(bare)
                if hit:
                    return self._actor(hit), False
                qualifier = country.demonyms[0] if country.demonyms else country.name
                name = f"{qualifier} {' '.join(w.capitalize() if w not in {'of', 'and'} else w for w in body_low.split())}"
                actor = Actor(
                    id=f"{country.slug}-{ministry}", name=name, aliases=[bare], kind=ActorKind.government,
                    side=gov.side, parent=gov.id,
                )
                return self._actor(actor), False
            if named_only:
                return None, False
            kind = ActorKind.media if re.search(r"\b(media|press|newspapers?|television|outlets?)\b", body_low) else ActorKind.group
            single = not _is_plural(body_low) and (noun_gender(body_low) is not None or bool(
                re.search(PERSON_MENTION.pattern + r"$", body_low)))
            if single:
                kind = ActorKind.person  # "an Australian woman", "a Malian official": one person
            actor = Actor(
                id=slugify(f"{country.demonyms[0] if country.demonyms else country.name} {body_low}"),
                name=bare, aliases=[bare], kind=kind, side=gov.side,
            )
            return self._actor(actor), not single
        if not named_only and re.match(r"^(?:the|this|that|a|an)\s", mention.strip(), re.IGNORECASE):
            ant = self._definite(low, offset, claim)
            if ant is not None:
                return ant, _is_plural(bare)
        if acronym:
            expansion = self.acronym_names.get(acronym)
            name = re.sub(r"\s*\([^)]*\)\s*$", "", bare)
            if (not name or name.upper() == acronym) and expansion:
                name = expansion
            full = f"{name} {expansion or ''}"
            kind = ActorKind.armed_group if ARMED.search(full) else ActorKind.organisation
            actor = Actor(id=slugify(acronym), name=name or acronym, aliases=sorted({bare, acronym}), kind=kind)
            return self._actor(actor), False
        # named entities inside the mention
        for e in self._entities(offset, offset + len(mention) + 2, hi_open=False):
            if e.start >= offset and e.end <= offset + len(mention) + 2 and e.label in {"PERSON", "ORG", "NORP", "GPE"}:
                if e.label == "GPE" and e.text.lower() in names:
                    return self._actor(reg.government(names[e.text.lower()])), False
                if e.label == "PERSON":
                    return self._person_for(self._person(e.text, bare), e.end, offset + len(mention)), False
                if e.label == "ORG" and len(e.text) >= len(bare) * 0.6:
                    return self._actor(Actor(id=slugify(_strip(e.text)), name=_strip(e.text), aliases=[bare], kind=ActorKind.organisation)), False
        if named_only:
            return None, False
        if low in _WORDS.generic_speakers:
            # "you can see that ...", "people say ...": nobody in particular, and not the same
            # nobody as in another document
            return self._actor(Actor(id=f"{slugify(low)}-{self._doc_tag}", name=low, aliases=[bare],
                                     kind=ActorKind.generic)), low == "people"
        # generic groups: "many influential activists", "over a thousand people"
        head = QUANTIFIERS.sub("", bare)
        before = self.document.text[:offset].rstrip()
        # "Critics said ...": a capital at the start of a sentence tells nothing
        initial = (not before or before[-1] in ".!?\"”’:") and bare[1:] == bare[1:].lower()
        is_group = head != bare or (low.endswith("s") and not low.endswith("ss") and (not bare[:1].isupper() or initial))
        if is_group:
            words = head.split()
            noun = words[-1] if words else head
            if len(words) > 1 and words[-2].lower() in _WORDS.coordinators:
                noun = " ".join(words[-3:])
            elif len(words) > 1 and words[-2].lower() in DEFINING_ADJECTIVES:
                noun = " ".join(words[-2:])  # "armed groups" is not just "groups"
            place = self._place(claim) if claim is not None else None
            ident = slugify(f"{noun} {place}" if place else noun)
            name = f"{noun} in {place}" if place else noun
            if not place and len(noun.split()) == 1 and self.registry.lookup(noun) is None:
                ident = f"{ident}-{self._doc_tag}"  # "critics", "officials": this text's, not every text's
            return self._actor(Actor(id=ident, name=name, aliases=[bare], kind=ActorKind.group)), True
        words = bare.split()
        if 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words) and words[0].lower() in language.first_names("en"):
            return self._person(bare, bare), False  # "Ana Ruiz" the recogniser missed: a first name, then a name
        return self._actor(Actor(id=slugify(bare), name=bare, aliases=[bare], kind=ActorKind.unknown)), False

    @property
    def _doc_tag(self) -> str:
        """A short, stable tag of the document, for ids that are only meaningful inside it."""
        return self.document.id.removeprefix("doc-")[:6]

    def _appositions(self) -> list[tuple[int, str, str]]:
        """(offset, person name, description) for every description the text sets beside a name with
        commas: "Valeska Paris, an Australian woman and former Scientologist, ..." gives "australian
        woman" and "former scientologist"; "the Crown prosecutor, Mark Tedeschi, ..." gives "crown
        prosecutor". Descriptions lower case, without their article, one per coordinated part."""
        if self._apposition_index is not None:
            return self._apposition_index
        text = self.document.text
        out = []
        names, dems = _country_index()
        people = [(e.start, e.end, e.text) for e in self.entities if e.label == "PERSON" and len(e.text.split()) >= 2]
        tagged = {p[0] for p in people}
        for m in re.finditer(r"\b[A-Z][\w’'-]+(?:\s+(?:[A-Z]\.|de|du|da|di|del|der|den|van|von|le|la|al|bin|ibn))*\s+[A-Z][\w’'-]+(?=,)", text):
            # a name the recogniser did not take for a person ("Valeska Paris"): a first name, or a
            # surname that is a place where the whole is none
            if m.start() not in tagged and (m.group(0).split()[0].lower() in language.first_names("en")
                                            or _named_after_place(m.group(0), names, dems)):
                people.append((m.start(), m.end(), m.group(0)))
        for start, end, name in people:
            after = _APPOSITION_AFTER.match(text, end)
            before = _APPOSITION_BEFORE.search(text[max(0, start - 80) : start])
            for m in (after, before):
                if m is None:
                    continue
                for part in re.split(r"\s+and\s+(?:an?\s+|the\s+)?", m.group("desc")):
                    words = part.lower().split()
                    if 1 <= len(words) <= 6 and not any(w in _WORDS.pronouns for w in words):
                        out.append((start, name, " ".join(words)))
        self._apposition_index = out
        return out

    def _appositive_person(self, bare: str, mention: str, offset: int) -> Actor | None:
        """A description that stands for the person the text describes so elsewhere: a headline's
        "Australian woman" is the one person the text sets that description beside ("Valeska Paris, an
        Australian woman, ..."; a description followed by the name itself is `_named_after`). Only
        descriptions (no name of their own, a lower-case head noun); None when no person, or more than
        one, is described that way."""
        words = bare.split()
        if not words or not words[-1][:1].islower() or any(w.lower() in _WORDS.pronouns for w in words):
            return None
        if any(e.label == "PERSON" for e in self._entities(offset, offset + len(mention))):
            return None
        low = " ".join(w.lower() for w in words)
        head = words[-1].lower()
        hits = {name for _, name, desc in self._appositions()
                if desc == low or (len(words) >= 2 and desc.endswith(" " + low))
                or (desc.split()[-1] == head and set(low.split()) <= set(desc.split()) and len(words) >= 2)}
        if len({person_id(n) for n in hits}) != 1:
            return None
        name = next(iter(hits))
        return self._person(name, name)

    def _named_after(self, bare: str, mention: str, offset: int) -> Actor | None:
        """The person a source that is a description names right after it, between commas: "the Crown
        prosecutor, Mark Tedeschi, said" is Mark Tedeschi (role "Crown prosecutor"); "Clinton's campaign
        manager, John Podesta, said" is John Podesta, affiliated with Clinton's campaign; "Trump's
        lawyer, Michael Cohen," is Cohen, affiliated with Trump. None when the source is no description
        (its head is no lower-case noun) or no full name follows it."""
        words = bare.split()
        if not words or not words[-1][:1].islower() or words[-1].lower() in _WORDS.pronouns:
            return None
        if any(w.lower() in _WORDS.pronouns for w in words[1:]) or (
                words[0].lower() in _WORDS.pronouns and words[0].lower() not in _OWNER_PRONOUNS):
            return None  # "his lawyer, ..." has an owner; "they themselves" is no description
        text = self.document.text
        at = offset + len(mention)
        if re.match(r",\s+", text[at : at + 3]) is None:
            return None
        follows = next((e for e in self._entities(at, at + 4) if e.label == "PERSON" and len(e.text.split()) >= 2), None)
        if follows is None or not re.match(r"\s*(?:[,.;:)]|$|\s+(?:and|who|said|says|told|added)\b)", text[follows.end : follows.end + 8]):
            return None
        person = self._person(follows.text, follows.text)
        if person.id in self.registry.entries:
            return person
        update = {}
        if person.role is None:
            update["role"] = bare
        if person.affiliation is None and not _FORMER.search(bare):
            affiliation = self._affiliation(bare, bare.lower(), _find_country(bare)[0], offset + max(0, mention.find(bare)))
            if affiliation is None:
                m = _RELATIVE_OF.match(bare) or _RELATIVE_TO.match(bare)
                if m and m.group("noun").split()[-1].lower() in _RELATION_NOUNS:
                    owner = m.groupdict().get("pronoun") or m.group("owner")
                    owner = _OBJECT_POSSESSIVES.get(owner.lower(), owner)
                    who = self._owner(owner, offset + max(0, mention.find(owner)))
                    affiliation = who.id if who is not None and who.kind != ActorKind.generic else None
            if affiliation is not None and affiliation != person.id:
                update["affiliation"] = affiliation
        if update:
            person = person.model_copy(update=update)
            self.made[person.id] = person
        return person

    def _person_for(self, person: Actor, after: int, end: int) -> Actor:
        """"Lydia Kowal for the Food Agency", "Tom Baker of Amnesty International": the organisation
        named after the person's name in the same mention is their affiliation."""
        m = re.match(r",?\s+(?:for|of|from|at|with)\s+(?:the\s+)?", self.document.text[after:end])
        if m is None or person.affiliation is not None or person.id in self.registry.entries:
            return person
        org = next((e for e in self._entities(after + m.end(), after + m.end() + 1) if e.label == "ORG"), None)
        rest = self.document.text[after + m.end() : end].strip(" ,")
        names, _ = _country_index()
        if org is not None:
            hit, _ = self._resolve_text(org.text, org.start, None, named_only=True)
        elif re.fullmatch(r"[A-Z][\w’'&.-]*(?:\s+(?:[A-Z][\w’'&.-]*|of|for|and|the|de))*", rest) and len(rest.split()) >= 2 \
                and rest.lower() not in names:
            # a name the recogniser missed ("Food Standards Australia New Zealand"): an organisation
            hit = self._actor(Actor(id=slugify(rest), name=rest, aliases=[rest], kind=ActorKind.organisation))
        else:
            return person
        if hit is None or hit.kind in {ActorKind.person, ActorKind.generic}:
            return person
        person = person.model_copy(update={"affiliation": hit.id})
        self.made[person.id] = person
        return person

    def _owner(self, owner: str, at: int) -> Actor | None:
        """Whose relative or aide a mention names: a possessive pronoun's antecedent ("her"), the person
        a name stands for ("Thomas", "Cole"), what a definite description names again ("the senator")."""
        low = owner.lower()
        if low in _WORDS.pronouns:
            return self._antecedent({"his": "he", "her": "she", "their": "they", "its": "it"}.get(low, low), at)
        who = self._named_person(owner) if re.fullmatch(r"[A-Z][\w’'-]+", owner) else None
        if who is None:
            who, _ = self._resolve_text(owner, at, None, named_only=True)
        if who is None and ARTICLES.match(owner):
            who = self._definite(low, at, None)
        return who

    def _relative(self, owner: str, noun: str, at: int, who: Actor | None = None, written: str | None = None) -> tuple[Actor, bool]:
        """"Thomas' sister", "the senator's lawyer", "her parents", "aides to Cole": someone close to a
        person or acting for them, not that person -- a person (a group for a plural: "parents",
        "friends", "aides") affiliated with the owner when the text names them (with a campaign's
        role, "Clinton's campaign manager", the campaign), with the gender the noun tells. `who`: the
        owner's actor when the caller has it; `written`: the mention, when not "<owner>'s <noun>"."""
        low = owner.lower()
        if who is None:
            who = self._owner(owner, at)
        if low not in _WORDS.pronouns and who is not None and who.kind == ActorKind.person:
            self.mentioned.append((at, who))  # "Thomas' sister pleaded with him ... he replied": Thomas is in view
        plural = _is_plural(noun)
        written = written or (f"{owner} {noun}" if low in _WORDS.pronouns else f"{owner}’s {noun}")
        name = f"{who.name}’s {noun.lower()}" if who is not None else written
        if who is None and low in _WORDS.pronouns:
            name = f"{written} ({self._doc_tag})"  # "her lawyers" of nobody known: this text's
        affiliation = who.id if who is not None and who.kind != ActorKind.generic and not _FORMER.search(written) else None
        if affiliation is not None and who.kind == ActorKind.person and noun.lower().startswith("campaign "):
            affiliation = self._campaign(who.name).id  # "Clinton's campaign manager": of the campaign
        actor = Actor(id=slugify(name), name=name, aliases=[written], kind=ActorKind.group if plural else ActorKind.person,
                      affiliation=affiliation)
        return self._actor(actor), plural

    def _named_person(self, name: str) -> Actor | None:
        """The person a PERSON name stands for: a full name is its person; a single word the one
        person of the document (or the registry) with that surname or first name ("Bos" after "Nick
        Bos", "Isabel" after "Isabel Ruiz"); else None (a bare word names nobody for sure)."""
        if len(name.split()) >= 2:
            return self._person(name, name)
        hit = self.registry.lookup(name)
        if hit is not None:
            return self._actor(hit)
        known = self._known_surname(name)
        if known is not None:
            return known
        firsts = {a.id: a for a in self.made.values() if a.kind == ActorKind.person and len(a.name.split()) >= 2
                  and a.name.split()[0] == name}
        if len(firsts) == 1:
            return next(iter(firsts.values()))
        # a full name the text gave ("Thomas Sam, a practising homeopath ... Thomas' sister")
        full = {person_id(e.text): e.text for e in self.entities if e.label == "PERSON" and len(e.text.split()) >= 2
                and name in (e.text.split()[0], e.text.split()[-1])}
        return self._person(next(iter(full.values())), name) if len(full) == 1 else None

    def _people_named_before(self, offset: int) -> list:
        """The PERSON entities before `offset`, nearest first, with the names of the document's people
        found again in the 600 characters before it where the recogniser tagged nothing (a text
        parsed in pieces has entities only where it was parsed): "Quist obtained her doctorate"."""
        found = [e for e in self._entities(max(0, offset - 1200), offset, hi_open=False) if e.label == "PERSON"]
        taken = [(e.start, e.end) for e in found]
        words = {w for a in self.made.values() if a.kind == ActorKind.person and len(a.name.split()) >= 2
                 for w in (a.name, a.name.split()[-1]) if re.fullmatch(r"[A-Z][\w’' .-]+", w)}
        lo = max(0, offset - 600)
        window = self.document.text[lo:offset]
        hits = []
        if words:
            pattern = r"\b(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")\b"
            hits += list(re.finditer(pattern, window))
        for m in sorted(hits, key=lambda m: (m.start(), -m.end())):
            s, e = lo + m.start(), lo + m.end()
            if not any(a < e and s < b for a, b in taken):
                found.append(_Entity(s, e, "PERSON", m.group(0)))
                taken.append((s, e))
        return sorted(found, key=lambda e: e.start, reverse=True)

    def _same_sentence(self, a: int, b: int) -> bool:
        """No sentence end (". ", "? ", "! ") or line break between offsets a < b."""
        return re.search(r"[.?!][\"”’)]?\s|\n", self.document.text[a:b]) is None

    def _not_antecedents(self, offset: int) -> set[str]:
        """Who a third-person pronoun at `offset` cannot be: the one speaking there -- the speaker of
        the quotation it sits in ("Stan said, 'When he was winning ...'": he is not Stan), and in an
        interview's question or answer the interviewee and interviewer ("I" and "you" there)."""
        out = set()
        if self._quoted(offset):
            at = offset
            for c in self.claims:
                if c.spans.source and any(s <= at < e and (self.document.text[s : s + 1] in _QUOTE_MARKS
                                                           or self.document.text[e - 1 : e] in _QUOTE_MARKS)
                                          for s, e in c.spans.content):
                    src = c.spans.source[0][0]
                    out |= {sp.actor.id for sp in self.speakers if sp.offset == src}
        if self.interview is not None:
            turn = self.interview.turn_at(offset)
            if turn is not None and turn.role in {"question", "answer"}:
                if self._iv_people:  # several: only the one speaking, when the answer tells
                    speaking = self._answer_speaker(turn) if turn.role == "answer" else None
                    out |= {speaking.id} if speaking is not None else set()
                out |= {self.interviewee.id} if self.interviewee is not None else set()
                if self.interview.interviewer:
                    out.add(person_id(self.interview.interviewer))
        return out

    def _known_surname(self, bare: str, offset: int | None = None) -> Actor | None:
        """The one person this document already named in full whose surname is `bare` (a single
        capitalised word), or None. With `offset` and no such person, the one full name the text gave
        before it with that surname, spoken or not ("Dr. Jane Roe leads the team. ... Roe said": Jane
        Roe, as when she had spoken)."""
        if not re.fullmatch(r"[A-Z][\w’'-]+", bare):
            return None
        hits = {a.id: a for a in self.made.values() if a.kind == ActorKind.person and len(a.name.split()) >= 2
                and a.name.split()[-1] == bare}
        if not hits and offset is not None:
            named = {person_id(e.text): e.text for e in self._entities(None, offset)
                     if e.label == "PERSON" and e.end <= offset and len(e.text.split()) >= 2 and e.text.split()[-1] == bare}
            return self._person(next(iter(named.values())), bare) if len(named) == 1 else None
        return next(iter(hits.values())) if len(hits) == 1 else None

    def _person_with_role(self, bare: str, mention: str, offset: int) -> Actor | None:
        """'U.S. Republican presidential nominee Donald Trump', 'Clinton campaign spokesman Brian
        Fallon': a person's name heads the mention (it ends it); the words before it are the role
        (`Actor.role`), not part of the name or id. An organisation the role names is the person's
        affiliation: "<Name> campaign" (an organisation whose parent is that person when the text
        named them), an organisation the recogniser found or the registry knows ("White House press
        secretary"), a country's government for a government role ("Afghan Ambassador"). A
        country-qualified ministry role ("Malian Foreign Minister X") stays with the ministry rules."""
        at = offset + max(0, mention.find(bare))
        end = at + len(bare)
        person = next((e for e in reversed(self._entities(at, end, hi_open=True))
                       if e.label == "PERSON" and at < e.start and end - 3 <= e.end <= end + 2), None)
        if person is None:
            return None
        role = ARTICLES.sub("", self.document.text[at : person.start]).strip(" ,;:")
        role_words = re.findall(r"[\w’'.-]+", role)
        if not role_words or not any(w[:1].isalpha() for w in role_words) or role_words[-1].lower() in _WORDS.role_enders:
            return None
        if re.search(r"\bof(?:\s+[a-z][\w’'-]*)*$", role):
            return None  # "the government of late president X": the name is inside the of-phrase, not its head
        country, body = _find_country(role)
        role_low = role.lower()
        if country is not None and _ministry_slug(ARTICLES.sub("", body.lower()).strip()):
            return None
        courtesy = all(w.lower().rstrip(".") in _WORDS.gendered_titles for w in role_words)
        if courtesy and len(person.text.split()) == 1:
            # "Mrs. Trump" alone: not "Trump", who may be someone else (joined later, by gender)
            return self._actor(Actor(id=slugify(f"{role} {person.text}"), name=f"{role} {person.text}",
                                     aliases=sorted({bare, f"{role} {person.text}"}), kind=ActorKind.person))
        actor = self._person(person.text, bare)
        if actor.id in self.registry.entries or courtesy:
            return actor
        affiliation = None if re.match(r"(?:former|ex-|then-)", role_low) else self._affiliation(role, role_low, country, at)
        update = {}
        if actor.role is None:
            update["role"] = role
        if actor.affiliation is None and affiliation is not None and affiliation != actor.id:
            update["affiliation"] = affiliation
        if update:
            actor = actor.model_copy(update=update)
            self.made[actor.id] = actor
        return actor

    def _campaign(self, who: str) -> Actor:
        """The campaign of `who` ("Clinton", "Hillary Clinton's"): an organisation whose parent is the
        candidate when the text named exactly one person of that surname (else settled at the end
        of the document, `_name_campaigns`)."""
        who = _strip(who)
        last = who.split()[-1].lower() if who.split() else ""
        principal = [a for a in self.made.values() if a.kind == ActorKind.person and a.name.split()
                     and a.name.split()[-1].lower() == last]
        lead = principal[0] if len({a.id for a in principal}) == 1 else None
        name = f"{lead.name if lead else who} campaign"
        return self._actor(Actor(id=slugify(name), name=name, aliases=[f"{who} campaign"], kind=ActorKind.organisation,
                                 parent=lead.id if lead else None))

    def _affiliation(self, role: str, role_low: str, country: Country | None, at: int) -> str | None:
        """The id of the organisation a role names, or None (see `_person_with_role`)."""
        m = _CAMPAIGN.match(role)
        if m:
            return self._campaign(m.group("who")).id
        text = self.document.text
        # "Afghan Ambassador to the United States": the country the role opens with, for a government role
        if country is not None and re.search(r"\b(?:minister|ministry|ambassador|envoy|president|prime|premier|"
                                             r"secretary|spokes\w*|official|diplomat|general|army)\b", role_low):
            return self._actor(self.registry.government(country)).id
        m = (re.search(r"\b(?:spokes\w+|aides?|advis[eo]rs?|lawyers?|attorneys?|representatives?|press secretary)\s+"
                       r"(?:for|to|of)\s+(?P<whom>.+)$", role, re.IGNORECASE)
             or re.match(r"^(?P<whom>[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*)[’']s\s+(?:[\w-]+\s+)?(?:spokes\w+|aides?|advis[eo]rs?|"
                         r"lawyers?|attorneys?|press secretary|manager|chief of staff)\b", role))
        if m:  # "spokesman for the senator": whom they speak for, named or described before
            whom = m.group("whom")
            known = set(self.made)
            hit, _ = self._resolve_text(whom, at + m.start("whom"), None)
            if hit is not None and (hit.id in known or hit.id in self.registry.entries):
                return hit.id
            if hit is not None and hit.id not in known:
                self.made.pop(hit.id, None)  # a description that names nobody the text spoke of: no new actor
        for e in self._entities(at, at + len(role), hi_open=True):
            before = text[max(0, e.start - 8) : e.start].lower()
            if e.label == "ORG" and e.end <= at + len(role) + 1 and not re.search(r"\b(?:of|to)(?: the)? $", before):
                hit, _ = self._resolve_text(e.text, e.start, None, named_only=True)
                if hit is not None and hit.kind != ActorKind.person:
                    return hit.id
        hit = self.registry.lookup(role)
        if hit is not None and hit.kind != ActorKind.person:
            return hit.id
        return None

    def _person(self, name: str, mention: str) -> Actor:
        """A person actor: the registry's entry for the full name or the surname, else a new one."""
        person = TITLES.sub("", _strip(name)).strip()
        hit = self.registry.lookup(person) or self.registry.lookup(name)
        if hit is None and person:
            last = person.split()[-1].lower()
            for a in self.registry.entries.values():
                if a.kind == ActorKind.person and any(n.split()[-1].lower() == last for n in (a.name, *a.aliases) if n.split()):
                    hit = a
                    break
        if hit is not None:
            return self._actor(hit)
        return self._actor(Actor(id=person_id(person), name=person, aliases=sorted({mention, name}), kind=ActorKind.person))

    def _definite(self, low: str, offset: int, claim: Claim | None) -> Actor | None:
        """'the ministry', 'the group', 'the communiqué', 'the diplomat': an earlier speaker they name again."""
        words = ARTICLES.sub("", low).split()
        if not words or len(words) > 4:
            return None
        head = words[-1]
        stem = head[:-1] if head.endswith("s") and not head.endswith("ss") else head
        recent = [sp for sp in reversed(self.speakers) if sp.offset < offset and offset - sp.offset < 4000]
        recent = [sp for sp in recent if not sp.embedded] + [sp for sp in recent if sp.embedded]
        if head in DOCUMENT_NOUNS:
            return next((sp.actor for sp in recent if sp.actor.kind not in {ActorKind.person, ActorKind.group, ActorKind.author}), None)
        # "the senator", "the nominee", "the former secretary of state": a person whose role says so
        # (the role's own title, before any "for ..."/"of ...": a spokesman for the senator is no senator)
        titles = _title_forms(_role_head(low))

        def titled(role: str) -> bool:  # the role's head, or a title in it ("Sen.", "President"): not "Crown" of "Crown prosecutor"
            words = _role_words(role)
            return bool(words) and bool(titles & ({words[-1]} | (set(words) & _WORDS.person_titles)))

        person = next((sp.actor for sp in recent if sp.actor.kind == ActorKind.person and sp.actor.role
                       and titled(sp.actor.role)), None)
        if person is not None:
            return person
        for sp in recent:
            # "the ministry" is the Algerian Ministry of Defence, "the church" the Church of Scientology:
            # the head of a name (its last word before any of-phrase), not any word ("the Crown" is no
            # "Crown prosecutor")
            names = [sp.actor.name, *sp.actor.aliases]
            if any(_name_head(n).startswith(stem) for n in names):
                return sp.actor
        kinds = ({ActorKind.media, ActorKind.organisation} if head in _WORDS.media_heads else
                 {ActorKind.organisation} if head in _WORDS.company_heads else set())
        found = next((sp.actor for sp in recent if sp.actor.kind in kinds), None)
        if found is not None:  # "CNN reported ... The network said": the outlet named before
            return found
        if head in _WORDS.state_nouns:
            return next((sp.actor for sp in recent if sp.actor.kind == ActorKind.government), None)
        if head in ORG_HEADS:
            return next((sp.actor for sp in recent if sp.actor.kind in {ActorKind.organisation, ActorKind.armed_group}
                         and not re.search(r"\b(ministry|government|department|office)\b", sp.actor.name, re.IGNORECASE)), None)
        if head in SPOKES_HEADS:
            gov = self._government_in_sentence(offset, claim)
            return gov or next((sp.actor for sp in recent if sp.actor.kind in {ActorKind.government, ActorKind.organisation, ActorKind.armed_group}), None)
        return None

    def _government_in_sentence(self, offset: int, claim: Claim | None) -> Actor | None:
        """The government of a country named in the same sentence before `offset` ('In London, a spokesperson said')."""
        if claim is None or claim.sentence is None:
            return None
        names, dems = _country_index()
        best = None
        for e in self._entities(claim.sentence[0], offset):
            if claim.sentence[0] <= e.start < offset and e.label in {"GPE", "NORP", "LOC"}:
                key = e.text.lower()
                country = names.get(key) or dems.get(key)
                if country is not None:
                    best = country
        return self._actor(self.registry.government(best)) if best else None

    def _document_government(self) -> Actor | None:
        """The government of the one country a text is about: named (by name, capital or demonym) at
        least twice, and at least twice as often as any other ("UK asylum process ... the Home
        Office ... British ..."); None when no country stands out."""
        if not hasattr(self, "_doc_country"):
            counts: dict[str, int] = {}
            by_slug = {}
            names, dems = _country_index()
            for e in self.entities:
                c = names.get(e.text.lower()) or dems.get(e.text.lower()) if e.label in {"GPE", "NORP", "LOC"} else None
                if c is not None:
                    counts[c.slug] = counts.get(c.slug, 0) + 1
                    by_slug[c.slug] = c
            ranked = sorted(counts.items(), key=lambda kv: -kv[1])
            self._doc_country = None
            if ranked and ranked[0][1] >= 2 and (len(ranked) == 1 or ranked[0][1] >= 2 * ranked[1][1]):
                self._doc_country = by_slug[ranked[0][0]]
        return self._actor(self.registry.government(self._doc_country)) if self._doc_country else None

    def _nearest_government(self, offset: int, claim: Claim | None = None) -> Actor | None:
        gov = self._government_in_sentence(offset, claim)
        if gov is not None:
            return gov
        for sp in reversed(self.speakers):
            if sp.offset < offset and offset - sp.offset < 3000 and sp.actor.kind == ActorKind.government:
                graph = ActorGraph([sp.actor, *self.registry.entries.values()])  # parents with a cycle guard
                root = graph.root(sp.actor.id)
                return sp.actor if root == sp.actor.id else self.registry.entries[root]
        return None

    def _cast_interview(self, iv: Interview) -> None:
        """Who is who in an interview: the person who says "I" in the answers, whom the answers'
        "we" and the questions' "you" stand for.

        * one interviewee named: their "I"; their "we" is who they speak for (the organisation their
          role names, else "<name> and colleagues") when the answers also say "I", else themselves;
          the questions' "you" is the "we" when the answers speak mostly as "we" (three to one), else
          the person;
        * several named ("Ana Ruiz and Tom Baker"): "we" and "you" are the pair; an answer's "I" is
          the one it names itself as ("I'm Ana Ruiz", "Tom and I"), else nobody (`_answer_speaker`);
        * described, not named: an organisation (capitalised: "America's Finest News Source") is the
          "we" and "you", and an unnamed person speaking for it the "I"; several people ("the
          owners", "experts") are the "we" and "you", their "I" nobody in particular; one person ("a
          bar owner") as one named."""
        tag = self._doc_tag
        desc = iv.description
        if len(iv.names) == 1:
            self.interviewee = self._interviewee_person(iv.names[0])
        elif iv.names:
            self._iv_people = [self._interviewee_person(n) for n in iv.names]
            name = " and ".join(p.name for p in self._iv_people)
            self._iv_we = self._iv_you = self._actor(Actor(id=slugify(name), name=name, aliases=[name], kind=ActorKind.group))
        elif desc and re.fullmatch(r"(?:[A-Z][\w’'&.-]*\s*)+", desc):
            org = self._actor(Actor(id=slugify(desc), name=desc, aliases=[desc], kind=ActorKind.organisation))
            self._iv_we = self._iv_you = org
            self.interviewee = self._actor(Actor(id=f"interviewee-{tag}", name=f"interviewee for {desc}", kind=ActorKind.person,
                                                 role="interviewee", affiliation=org.id))
        elif desc and iv.plural:
            self._iv_we = self._iv_you = self._actor(Actor(id=f"interviewees-{tag}", name=desc, aliases=[desc], kind=ActorKind.group))
        else:
            self.interviewee = self._actor(Actor(id=f"interviewee-{tag}", name=desc or "the interviewee", aliases=[desc] if desc else [],
                                                 kind=ActorKind.person, role=desc or "interviewee"))
        if self.interviewee is None or self._iv_we is not None:
            return
        singular, plural = self._answer_pronouns(iv)
        if not singular:
            self._iv_we = self.interviewee  # "we" throughout: the interviewee speaks as one of a group
        else:
            aff = self.made.get(self.interviewee.affiliation) if self.interviewee.affiliation else None
            self._iv_we = aff or self._actor(Actor(
                id=f"{self.interviewee.id}-and-colleagues", name=f"{self.interviewee.name} and colleagues", kind=ActorKind.group,
                affiliation=self.interviewee.id))
        self._iv_you = self._iv_we if not singular or plural >= 3 * singular else self.interviewee

    def _interviewee_person(self, name: str) -> Actor:
        """The person the title interviews, with the role it gives ("LibriVox founder") and the
        organisation that role names."""
        person = self._person(name, name)
        phrase = _interview_phrase(self.document) or ""
        role = re.split(r"\s+of\s+", phrase)[0]
        role = role[: role.rfind(name)].strip(" ,") if name in role else ""
        if role and person.role is None and len(self.interview.names) == 1:
            at = self.document.text.find(phrase)
            country, _ = _find_country(role)
            aff = self._affiliation(role, role.lower(), country, at) if at >= 0 else None
            person = person.model_copy(update={"role": role, "affiliation": aff if aff != person.id else None})
            self.made[person.id] = person
        return person

    def _answer_pronouns(self, iv: Interview) -> tuple[int, int]:
        """How often the answers say "I" and "we", outside quotations."""
        text = self.document.text
        singular = plural = 0
        for t in iv.turns:
            if t.role != "answer":
                continue
            for m in re.finditer(r"\b(?:(I|[Mm]e|[Mm]y|[Mm]yself)|([Ww]e|[Uu]s|[Oo]ur|[Oo]urselves))\b", text[t.start : t.end]):
                if self._quoted(t.start + m.start()):
                    continue
                if m.group(1):
                    singular += 1
                else:
                    plural += 1
        return singular, plural

    def _interviewer(self) -> Actor:
        iv = self.interview
        if iv is not None and iv.interviewer:
            person = self._person(iv.interviewer, iv.interviewer)
            if person.role is None:
                person = person.model_copy(update={"role": "interviewer"})
                self.made[person.id] = person
            return person
        return self._actor(Actor(id=f"interviewer-{self._doc_tag}", name="the interviewer", aliases=[],
                                 kind=ActorKind.person, role="interviewer"))

    def _answer_speaker(self, turn: Turn) -> Actor | None:
        """The "I" of an answer: the interviewee; with several, the one its speaker label names ("Ruiz:
        ..."), the one the answer names itself as
        ("I'm Isabel Ruiz", "And, I'm Isabel."), or the other of two it names beside "I" ("Isabel and
        I"); else None (unresolved: several people answer and nothing tells which)."""
        if not self._iv_people:
            return self.interviewee
        text = self.document.text[turn.start : turn.end]

        def named(words: str) -> list[Actor]:
            low = words.lower()
            return [p for p in self._iv_people if low in {p.name.lower(), *(w.lower() for w in p.name.split())}]

        if turn.label and len(named(turn.label)) == 1:  # "Ruiz: ...": the label says who answers
            return named(turn.label)[0]

        for m in re.finditer(r"\b(?:I[’']m|I\s+am|my\s+name\s+is|this\s+is)\s+([A-Z][\w’'-]+(?:\s+[A-Z]\.?)*(?:\s+[A-Z][\w’'-]+)?)", text):
            for cand in (m.group(1), m.group(1).split()[0]):
                hit = named(cand)
                if len(hit) == 1:
                    return hit[0]
        if len(self._iv_people) == 2:
            for m in re.finditer(r"\b([A-Z][\w’'-]+)\s+and\s+(?:I|me)\b|\b(?:me|I)\s+and\s+([A-Z][\w’'-]+)\b", text):
                hit = named(m.group(1) or m.group(2))
                if len(hit) == 1:
                    return next(p for p in self._iv_people if p.id != hit[0].id)
        return None

    def _interviewee_speaks(self, mention: str, offset: int, claim: Claim) -> tuple[bool, Actor | None]:
        """In an interview (`Interview`): (True, actor) when the turn says who a first- or
        second-person source is -- a question's "I" and "we" are the interviewer's, its "you" the
        interviewee (`_iv_you`); an answer's "I" is the interviewee (`_answer_speaker`), its "we"
        `_iv_we`; an "I" in a paragraph that is nothing but a quotation (a pull quote) is the
        interviewee's. (True, None): an answer's "I" that nothing tells (unresolved, not guessed).
        (False, None): anything else, resolved as in any text (an answer's "you" is anyone)."""
        iv = self.interview
        if iv is None:
            return False, None
        low = mention.strip().lower()
        turn = iv.turn_at(offset)
        if turn is None:
            return False, None
        first_sing, first_plur = low in _WORDS.first_singular, low in _WORDS.first_plural
        if self._quoted(offset):
            if first_sing and self._quote_paragraph(offset) and turn.role in {"narrative", "answer", "caption"}:
                return (True, self.interviewee) if self.interviewee is not None else (False, None)
            return False, None
        if turn.role == "question":
            if first_sing or first_plur:  # "I just wanted to know if you ...": the interviewer asks
                return True, self._interviewer()
            if low in _WORDS.second_person and self._iv_you is not None:
                return True, self._iv_you
            return False, None
        if turn.role == "answer":
            if first_sing:
                return True, self._answer_speaker(turn)
            if _WITH_ME.search(mention.strip()) and self._iv_we is not None:
                return True, self._iv_we  # "Mara and I", "me and a colleague": the answer's "we"
            if first_plur and self._iv_we is not None:
                return True, self._iv_we
        return False, None

    def _quote_paragraph(self, offset: int) -> bool:
        """The paragraph at `offset` is one quotation and nothing else (an interview's pull quote:
        the interviewee's words, set apart, with no one named)."""
        text = self.document.text
        start, end = text.rfind("\n", 0, offset) + 1, text.find("\n", offset)
        para = text[start : end if end != -1 else len(text)].strip()
        opening, closing = "\"“«„", "\"”»“"
        return (len(para) > 2 and para[0] in opening and para.rstrip(".")[-1] in closing
                and not any(ch in para[1:-1].rstrip(".").rstrip("\"”»“") for ch in "\"“”«»„"))

    def _quoted(self, offset: int) -> bool:
        if self._quotes is None:
            from .quotes import find_quotes

            self._quotes = find_quotes(self.document.text)
        return any(q.start < offset < q.end for q in self._quotes)

    def _gender(self, actor: Actor) -> str | None:
        """'f', 'm' or None: from a gendered title, the first-name table, or a pronoun resolved to it."""
        if actor.id in self.genders:
            return self.genders[actor.id]
        if actor.kind == ActorKind.person and actor.name.split() and actor.name.split()[-1].islower():
            return noun_gender(actor.name)  # "Tom Baker's sister" is a woman, whatever Tom is
        if actor.kind == ActorKind.person:
            got = name_gender(" ".join([actor.name, *actor.aliases]))
            if got is not None:
                return got
        return noun_gender(actor.name) if actor.kind in {ActorKind.person, ActorKind.group, ActorKind.unknown} else None

    def _antecedent(self, pronoun: str, offset: int, evidence: bool = False) -> Actor | None:
        """The actor a pronoun at `offset` stands for, or None; `evidence`: the pronoun's claim is a
        finding ("they show that ..."), so a study or its results may be meant."""
        text = self.document.text
        not_them = self._not_antecedents(offset)
        if pronoun in PRONOUNS_PERS:
            want = "f" if pronoun in _WORDS.feminine_pronouns else "m"
            speaker = next((sp for sp in reversed(self.speakers) if sp.offset < offset and offset - sp.offset < 1500
                            and (sp.actor.kind == ActorKind.person or PERSON_MENTION.search(sp.mention)
                                 or (not sp.plural and noun_gender(sp.mention) is not None))
                            and self._gender(sp.actor) in (None, want) and sp.actor.id not in not_them), None)
            para_start = self.document.text.rfind("\n", 0, offset)
            entity, named = None, None
            for e in self._people_named_before(offset):
                if e.end > offset or e.label != "PERSON":
                    continue
                if offset - e.end >= 600 or e.start < para_start - 400:
                    break
                named = self._named_person(e.text)
                if named is None and re.fullmatch(r"[A-Z][\w’'-]+", e.text):
                    title = _TITLE_BEFORE.search(text, max(0, e.start - 16), e.start)
                    if title is not None and title.group(1).lower().rstrip(".") in _NAME_TITLES:
                        named = self._person(e.text, f"{title.group(1)} {e.text}")  # "Mr. Hollis ... He said": a person
                    elif self._same_sentence(e.start, offset):
                        named = self._person(e.text, e.text)  # "Clinton came into office, what did he do?": a surname alone, right there
                if named is not None and named.id not in not_them and self._gender(named) in (None, want) \
                        and name_gender(e.text) in (None, want):
                    entity = e
                    break
            # a person a source names ("Thomas' sister") counts as a name mentioned there
            near = next(((at, a) for at, a in reversed(self.mentioned) if at < offset and offset - at < 600
                         and a.id not in not_them and self._gender(a) in (None, want)), None)
            if near is not None and (entity is None or near[0] > entity.start):
                entity, named = _Mentioned(near[0]), near[1]
            # a name in the pronoun's own sentence, not inside what someone else said, is nearest of all
            # ("Clinton came into office, what did he do?"; "Wilkins explained Warhol's obsession began when he ...")
            same_sentence = entity is not None and self._same_sentence(entity.start, offset) and all(
                s <= offset < e for s, e in self._contents if s <= entity.start < e)
            turn = self.interview.turn_at(offset) if self.interview is not None else None
            if entity is None and turn is not None and turn.role == "answer" and self._iv_people:
                # "Isabel and I ... she came up with it": the other interviewee of that gender
                speaking = self._answer_speaker(turn)
                others = [p for p in self._iv_people if p is not speaking and name_gender(p.name) == want]
                if len(others) == 1:
                    return others[0]
            # a person who spoke recently beats a name merely mentioned (often inside what was said)
            if speaker is not None and not same_sentence and (
                    entity is None or speaker.offset >= entity.start or offset - speaker.offset < 700):
                found = speaker.actor
            elif entity is not None:
                found = named
            else:
                found = speaker.actor if speaker else None
            if found is not None and found.kind == ActorKind.person:
                self.genders.setdefault(found.id, want)  # "he" once, "he" after: agreement learned in the text
            return found
        want_plural = pronoun in PRONOUNS_PLUR
        if not want_plural:
            # "Algiers treats the two differently: in its reading, ...": a state named earlier in the same sentence
            sent_start = max(text.rfind(". ", 0, offset), text.rfind("\n", 0, offset))
            names, dems = _country_index()
            segment = text[sent_start + 1 : offset]
            # "It expressed regret that X had lined up behind Mali's arguments, which it described as
            # fallacious": the sentence's own speaker beats a state named inside what it said
            own = next((sp for sp in reversed(self.speakers) if sent_start < sp.offset < offset and not sp.embedded), None)
            if own is not None and own.actor.kind in {ActorKind.government, ActorKind.organisation, ActorKind.armed_group}:
                return own.actor
            named = [(m.start(), names[m.group(0).lower()]) for m in _country_name_pattern().finditer(segment)]
            if named:
                return self._actor(self.registry.government(max(named, key=lambda x: x[0])[1]))
            for e in reversed(self._entities(sent_start, offset, lo_open=True, hi_open=False)):
                if sent_start < e.start and e.end <= offset and (e.label in {"GPE", "ORG"} or e.text.lower() in names):
                    if e.text.lower() in names:
                        return self._actor(self.registry.government(names[e.text.lower()]))
                    hit = self.registry.lookup(e.text)
                    if hit is not None:
                        return self._actor(hit)
        # main-clause speakers first, then speakers named inside someone else's content
        ordered = [sp for sp in reversed(self.speakers) if not sp.embedded] + [sp for sp in reversed(self.speakers) if sp.embedded]
        ordered = [sp for sp in ordered if sp.offset < offset and offset - sp.offset <= 1500
                   and (evidence or not _evidence_mention(sp.mention))  # "the results" do not speak as "they"
                   and (pronoun in PRONOUNS_FIRST or sp.actor.id not in not_them)]
        if want_plural:
            # "Lydia Kowal for the Food Agency says they are looking at ...": a spokesperson's "they" is
            # the organisation they speak for
            own = next((sp for sp in reversed(self.speakers) if sp.offset < offset and self._same_sentence(sp.offset, offset)), None)
            if own is not None and own.actor.kind == ActorKind.person and own.actor.affiliation in self.made \
                    and self.made[own.actor.affiliation].kind in {ActorKind.organisation, ActorKind.government, ActorKind.media}:
                return self.made[own.actor.affiliation]
        # "Web developers face problems with IE6. As they design ...": people named after the last
        # organisation that spoke, outside what anyone said and not in a prepositional phrase ("ruled
        # by military leaders"), are nearer than it
        people = self._people_before(offset) if want_plural else None
        subject = self._people_before(offset, strict=True) if people else None
        for sp in ordered:
            if want_plural == sp.plural or (want_plural and sp.actor.kind == ActorKind.group):
                return sp.actor
            if not want_plural and sp.actor.kind in {ActorKind.government, ActorKind.organisation, ActorKind.armed_group}:
                return sp.actor
        if want_plural:  # "The church denied it. They claim ...": an organisation spoken of as "they"
            for sp in ordered:
                if sp.actor.kind in {ActorKind.government, ActorKind.organisation, ActorKind.armed_group, ActorKind.media}:
                    return subject[1] if subject and subject[0] > sp.offset else sp.actor
            if people:
                return people[1]
        # fall back to the nearest named country or organisation before the pronoun, same paragraph or previous
        para_start = text.rfind("\n", 0, max(0, text.rfind("\n", 0, offset)))
        names, _ = _country_index()
        for e in reversed(self._entities(para_start, offset, hi_open=False)):
            if e.end <= offset and e.start >= para_start and e.label in {"GPE", "ORG", "NORP"}:
                if e.label == "GPE" and e.text.lower() in names:
                    return self._actor(self.registry.government(names[e.text.lower()]))
                if e.label == "ORG":
                    return self._actor(Actor(id=slugify(_strip(e.text)), name=_strip(e.text), aliases=[e.text], kind=ActorKind.organisation))
        return None

    def _people_before(self, offset: int, strict: bool = False) -> tuple[int, Actor] | None:
        """'People fail in mathematics because they ...', 'Magazines change their policy; they want
        it': the nearest plural noun of people or bodies ("people", "students", "magazines") in the
        sentence of a "they" or the two before it, with where it is; None when there is none. A noun
        inside what someone said counts only for a pronoun inside the same words ("many schools will
        raise their fees or they will quit"). `strict`: not the object of a preposition ("ruled by
        military leaders")."""
        text = self.document.text
        lo = offset
        for _ in range(3):  # this sentence and the two before it
            cut = max(text.rfind(". ", 0, lo - 1), text.rfind("? ", 0, lo - 1), text.rfind("! ", 0, lo - 1), text.rfind("\n", 0, lo - 1))
            if cut < 0 or offset - cut > 600:
                lo = max(0, cut, offset - 600)
                break
            lo = cut
        best = None
        for m in _PLURAL_NOUN.finditer(text, lo, offset):
            if not _people_noun(m.group(0)):
                continue
            # the noun phrase: up to three words before the noun that are no function words
            start = m.start()
            left = max(lo, m.start() - 40)
            left += max((k + 1 for k, ch in enumerate(text[left : m.start()]) if ch in ".,;:!?()[]\"“”"), default=0)
            for w in reversed(list(re.finditer(r"[A-Za-z][\w’'-]*", text[left : m.start()]))[-3:]):
                if w.group(0).lower() in _NOT_MODIFIERS:
                    break
                start = left + w.start()
            if not all(s <= offset < e for s, e in self._contents if s <= start < e):
                continue
            if strict and _AFTER_PREPOSITION.search(text, max(0, start - 16), start):
                continue
            best = (start, m.end())
        if best is None:
            return None
        actor, _ = self._resolve_text(text[best[0] : best[1]], best[0], None)
        return (best[0], actor) if actor is not None else None


def _people_noun(word: str) -> bool:
    """A noun of people or bodies that "they" can stand for: a plural ("people", "students",
    "magazines", "scientists", "developers": a speaker noun of `lang/en/speakers.txt` in the plural,
    or a plural of people's endings -ists, -ians, -eers, -ers, -ors but for the words of things in
    `_NOT_PEOPLE`), or a collective noun ("the team", "the band": `_COLLECTIVES`)."""
    low = word.lower()
    if low in _WORDS.plain_groups or low in _COLLECTIVES:
        return True
    if not low.endswith("s") or low.endswith("ss") or low in _NOT_PEOPLE:
        return False
    singulars = {low[:-1], low[:-2] if low.endswith("es") else low[:-1], low[:-3] + "y" if low.endswith("ies") else low[:-1]}
    return bool(singulars & _speaker_nouns()) or low.endswith(("ists", "ians", "eers", "ers", "ors"))


#: collective nouns of people a "they" can stand for ("The team arrived ... They were denied visas")
_COLLECTIVES = _WORDS.collective_nouns
#: plurals in -ers / -ors that are no people
_NOT_PEOPLE = frozenset(
    "numbers papers orders letters matters waters powers corners centers centres borders computers headquarters layers "
    "chapters filters towers quarters markers parameters meters metres colors colours errors mirrors doors floors factors "
    "sectors motors vectors monitors indicators rumors rumours honors honours favors favours flavors flavours labors "
    "labours terrors horrors corridors tractors reactors elevators hours years figures answers offers covers whispers "
    "waivers lasers wafers trailers containers banners posters stickers flyers fliers".split())


@functools.lru_cache(maxsize=1)
def _speaker_nouns() -> frozenset[str]:
    from .lexicon import load_lexicon

    return frozenset(w for w in load_lexicon().speakers if w.islower() and w not in _WORDS.pronouns)


_AFTER_PREPOSITION = re.compile(r"\b(?:by|of|with|to|from|for|in|on|at|about|among|between|against|like|than|into|over)\s+$")
#: a plural noun (`_people_noun` says whether of people)
_PLURAL_NOUN = re.compile(r"\b(?:[A-Za-z][a-z]+s|(?i:people|children|women|men|police|staff|youth|folks|team|crew|band|family|"
                          r"couple|squad|club|jury|panel|board|committee|delegation))\b")
#: words that end a noun phrase on its left: prepositions, conjunctions, verbs of being, pronouns, relatives
_NOT_MODIFIERS = frozenset(
    "by of with to from for in on at about among between against like than into over and or but nor so as that which who "
    "whom whose where when while because if is are was were be been being has have had do does did will would can could "
    "should may might must said says say told he she it they we you i me him her them us".split())


def author_actor(document: Document) -> Actor:
    """The actor of a document's own analysis: its publisher, else its title."""
    name = document.publisher or f"Author of {document.title}"
    return Actor(id=slugify(name), name=name, aliases=[], kind=ActorKind.author)


#: the French models' entity labels (WikiNER) as the resolver's (OntoNotes) ones; LOC is a GPE when it is a
#: country or capital, MISC a NORP when it is a demonym
_ENTITY_LABELS = {"PER": "PERSON", "ORG": "ORG", "LOC": "LOC", "MISC": "MISC"}


def _canonical_entities(entities: list, lang: str) -> list:
    """Named entities of another language's model with the resolver's labels and canonical texts."""
    from .mentions import canonical_mention

    names, dems = _country_index()
    out = []
    for e in entities:
        text = canonical_mention(e.text, lang)
        label = _ENTITY_LABELS.get(e.label, e.label)
        if label == "LOC" and text.lower() in names:
            label = "GPE"
        elif label == "MISC" and text.lower() in dems:
            label = "NORP"
        out.append(_Entity(e.start, e.end, label, text))
    return out


def resolve_claims(claims: list[Claim], document: Document, registry: Registry, entities: list | None = None,
                   merges: dict[str, str] | None = None) -> tuple[list[Claim], list[Actor]]:
    """Give each claim an actor id (and a target actor id where one is named). Pure."""
    author = author_actor(document)
    resolver = Resolver(registry, document, entities)
    resolver.contents = [span for c in claims for span in c.spans.content]
    resolver.claims = claims
    merges = merges or {}
    out = []
    for claim in sorted(claims, key=lambda c: (c.spans.source[0][0] if c.spans.source else c.spans.cue[0][0] if c.spans.cue else 0)):
        if claim.rule.startswith("author."):
            resolver.made.setdefault(author.id, author)
            actor = author
        else:
            actor = resolver.resolve(claim)
        aid = actor.id if actor else None
        seen = set()
        while aid in merges and aid not in seen:
            seen.add(aid)
            aid = merges[aid]
        kind = claim.kind
        if kind in {SpeechAct.assertion, SpeechAct.recommendation} and actor is not None and claim.cue_lemma in NEUTRAL_CUES and COMMENTATOR.search(
                " ".join([actor.name, *actor.aliases])):
            kind = SpeechAct.belief  # an analyst's or observer's "said" is an interpretation
        target_offset = claim.spans.content[0][0]
        if claim.target and claim.sentence:  # where the target is named: its entity is found there
            at = document.text.find(claim.target, claim.sentence[0], claim.sentence[1])
            target_offset = at if at != -1 else target_offset
        target = resolver.resolve_target(claim.target, target_offset) if claim.target else None
        update = {"actor": aid, "target": target, "kind": kind}
        if aid is None and (claim.source_text or "").strip().lower() in _WORDS.pronouns | PRONOUNS_FIRST:
            # a pronoun nothing in the text resolves: no actor rather than a guess, and less sure a claim
            update["confidence"] = round(claim.confidence * UNRESOLVED_CONFIDENCE, 3)
        out.append(claim.model_copy(update=update))
    out.sort(key=lambda c: (c.spans.content[0][0], c.id))
    out = _quoted_first_person(out, document.text)
    out = _join_surnames(out, resolver.made)
    _name_campaigns(resolver.made)
    _settle_affiliations(resolver.made)
    actors = {a.id: a for a in resolver.made.values()}
    for a in registry.entries.values():
        actors.setdefault(a.id, a)
    used = {c.actor for c in out if c.actor} | {c.target for c in out if c.target}
    needed = ActorGraph(actors.values()).with_ancestors(used)  # keep the parents of used actors
    return out, [actors[k] for k in sorted(actors) if k in needed]


#: "Clinton campaign", "Hillary Clinton's presidential campaign": whose campaign
_CAMPAIGN = re.compile(r"^(?P<who>.+?)(?:[’']s)?\s+(?:presidential\s+|re-?election\s+)?campaign\b", re.IGNORECASE)
#: "Interview with LibriVox founder Hugh McGuire", "Wikinews interviews Marymegan Daly on ...": who answers
_INTERVIEW = re.compile(r"\binterview(?:s|\s+with)\s+(?P<who>[^:;,\n]+)", re.IGNORECASE)
#: "Biologist Nick Bos tells Wikinews about ...", "Ana Ruiz talks to the Herald": who answers, in a headline
_TELLS = re.compile(r"^(?:[^:\n]*:\s+)?(?P<who>[^:;,\n]+?)\s+(?:tells|talks\s+to|speaks\s+(?:to|with))\s+(?:the\s+)?[A-Z]")


#: "sat down with Michael Dranove for an interview", "interviewed by Ana Ruiz": who asks
_INTERVIEWER = re.compile(
    r"\b(?:sat\s+down|spoke|talked)\s+(?:with|to)\s+(?P<a>[A-Z][\w’'.-]+(?:\s+[A-Z][\w’'.-]+){1,3})\s+(?:of\s+\w+\s+)?for\s+(?:an?\s+)?(?:\w+\s+)?interview"
    r"|\binterviewed\s+by\s+(?:\w+\s+)?(?:reporter\s+|correspondent\s+)?(?P<b>[A-Z][\w’'.-]+(?:\s+[A-Z][\w’'.-]+){1,3})"
    r"|\b(?:reporter|correspondent)\s+(?P<c>[A-Z][\w’'.-]+(?:\s+[A-Z][\w’'.-]+){1,3})\s+(?:interviewed|spoke|talked|sat)\b")
#: "Wikinews interviewed him for ...", "We spoke to Ana Ruiz", "Ana Ruiz spoke to Wikinews": the text says
#: it is an interview, and with whom (an outlet or "we" asks; "X sat down with Y" says nothing of who asked)
_NAME = r"[A-Z][\w’'.-]+(?:\s+[A-Z][\w’'.-]+){1,3}"
_INTERVIEWED = re.compile(
    r"\b(?:[A-Z]\w*news|Wikinews|[Ww]e|(?i:this|our|a)\s+reporter)\s+(?:interviewed|(?:spoke|talked)\s+(?:to|with))\s+"
    r"(?P<who>him|her|them|" + _NAME + r")\b"
    r"|\b(?P<subject>" + _NAME + r")\s+(?:spoke|talked)\s+(?:to|with)\s+(?:Wikinews|us)\b")
#: a caption or credit line ("... Image: NASA", "File photo of interviewee X", "Photo by ...")
_CAPTION = re.compile(r"\b(?:Image|Photo|Photograph|Picture|Video|Audio|Credit)s?\s*(?:[:;]|by\b)|^(?:File\s+)?photo\s+of\b",
                      re.IGNORECASE)
#: "I just wanted to know if you ...", "I was wondering whether you ...": a question put indirectly
_INDIRECT_QUESTION = re.compile(
    r"\b(?:I|we)(?:[’']d|[’']m|\s+would|\s+just|\s+also|\s+really|\s+am|\s+was|\s+were|\s+are)*\s+"
    r"(?:want(?:ed)?|like|love|wonder(?:ed|ing)?|curious)\s+(?:to\s+(?:know|ask|hear)|if|whether|what|how|why|about)\b",
    re.IGNORECASE)
#: "Tell us about ...", "Please describe ...": a request for an answer
_REQUEST = re.compile(r"^(?:(?:so|and|now|finally|first|lastly|next)[,\s]+)?(?:please\s+)?(?:tell|describe|explain|talk|walk)\s+"
                      r"(?:us|me|our\s+readers)\b", re.IGNORECASE)
#: "Ed.: See the catalogue ...", "Editor's note: ...": the editor's words, no turn
_NOTE = re.compile(r"^\[?(?:Ed\.|Editor[’']s\s+note|Note)\s*:", re.IGNORECASE)
_YOU = re.compile(r"\byou(?:r|rs|rself|rselves)?\b", re.IGNORECASE)
#: ", an Australian woman and former Scientologist," after a name: what the text says the person is
_APPOSITION_AFTER = re.compile(r",\s+(?:an?|the)\s+(?P<desc>[^,.;:()\n\"“”]{3,80}?)(?=,|\s+who\b)")
#: "the Crown prosecutor, " before a name
_APPOSITION_BEFORE = re.compile(r"(?:^|[,.;:(]\s*|\b(?:of|to|by|from|with|and)\s+)(?:the|an?)\s+(?P<desc>[^,.;:()\n\"“”]{2,60}),\s+$")
#: "Q: ...", "Wikinews: ...", "A: ...", "McGuire: ...": a speaker label opening a turn
_LABEL = re.compile(r"^(?P<label>[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,2})\s*:\s+\S")
_ASKER_LABELS = _WORDS.asker_labels
_ANSWER_LABELS = _WORDS.answer_labels
#: "Thomas' sister", "Trump's lawyer", "her parents": the owner and a noun of someone close to them
_RELATIVE_OF = re.compile(r"^(?:(?P<pronoun>his|her|their)|(?P<owner>[\w’'. -]+?)(?:[’']s|(?<=s)[’']))\s+(?P<noun>[a-z]+(?:\s+[a-z]+)?)$",
                          re.IGNORECASE)
#: "aides to Cole", "an adviser to the senator", "two lawyers for him": the noun, then whose
_RELATIVE_TO = re.compile(
    r"^(?:(?i:an?|the|some|several|one|two|three|four|many|other|senior|top|close|longtime|former)\s+)*"
    r"(?P<noun>[A-Za-z][a-z]+(?:\s+[a-z]+)?)\s+(?:to|for|of)\s+"
    r"(?P<owner>[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3}|the\s+[a-z]+(?:\s+[a-z]+)?|him|her|them)$")
#: a role someone no longer holds ("Cole's former aide"): no affiliation
_FORMER = re.compile(r"\b(?:former|ex-|then-)", re.IGNORECASE)
_OBJECT_POSSESSIVES = {"him": "his", "her": "her", "them": "their"}
_OWNER_PRONOUNS = _WORDS.owner_pronouns
_RELATION_NOUNS = frozenset(
    "sister sisters brother brothers mother father parents parent wife husband son sons daughter daughters family relatives "
    "relative cousin aunt uncle niece nephew grandmother grandfather grandson granddaughter widow widower partner fiance "
    "fiancee girlfriend boyfriend friend friends colleague colleagues neighbour neighbor neighbours neighbors lawyer lawyers "
    "attorney attorneys doctor doctors mum mom dad children child".split()) | _WORDS.affiliate_nouns
#: a state's executive named without its state ("the government said"): this text's, when no country is in sight
_BARE_GOVERNMENTS = _WORDS.bare_governments
#: the factor a claim's confidence takes when its source is a pronoun left unresolved
UNRESOLVED_CONFIDENCE = 0.5
_QUOTE_MARKS = "\"“”«»„"
#: "Mara and I", "me and a studymate": a coordination with the speaker
_WITH_ME = re.compile(r"(?:^|\s)(?:and|&)\s+(?:I|me|myself)$|^(?:I|[Mm]e)\s+and\s")
_TURN_END = ".!?:;\"”’)…-—–]"


def _is_question(line: str) -> bool:
    """A paragraph that asks the interviewee: at most 600 characters, and ending with a question mark
    ("Why did you choose mathematics?"), or speaking to "you" with a question put indirectly ("I just
    wanted to know if you had any thoughts on ...") or a request ("Tell us about the project.").
    An answer may end with a question of its own, but answers are rarely that short."""
    if len(line) > 600:
        return False
    if line.rstrip().rstrip("\"'”’)]").rstrip().endswith("?"):
        return True
    return bool(_REQUEST.search(line)) or (bool(_YOU.search(line)) and bool(_INDIRECT_QUESTION.search(line)))


def _is_heading(line: str) -> bool:
    """A section heading, a name or a date line: a few words, no closing punctuation, and no one
    speaking in it ("I don't know" without its full stop is an answer)."""
    return (len(line.split()) <= 10 and line[-1:] not in _TURN_END
            and not re.search(r"\b(?:I|[Ww]e|[Yy]ou|[Mm]y|[Oo]ur|[Yy]our)\b", line))


@dataclass
class Turn:
    start: int
    end: int
    role: str  # title, heading, caption, narrative (before the first question), question, answer
    label: str | None = None  # the speaker label the turn opens with ("Q", "Wikinews", "McGuire"), if any


@dataclass
class Interview:
    """The turns of an interview: the interviewer's questions and the interviewee's answers alternate
    by paragraph, without speaker labels. Paragraphs before the first question are narrative (the
    introduction); after it, each paragraph that is no question, heading or caption is an answer."""

    turns: list[Turn]
    names: list[str] = field(default_factory=list)  # the interviewees the text names
    description: str | None = None                   # "New York bar owner", "the owners of a dungeon"
    interviewer: str | None = None                   # "Michael Dranove" when the text says who asked

    def turn_at(self, offset: int) -> Turn | None:
        k = bisect.bisect_right([t.start for t in self.turns], offset) - 1
        return self.turns[k] if k >= 0 and offset < self.turns[k].end else None

    @property
    def plural(self) -> bool:
        """Several interviewees ("Ana Ruiz and Tom Baker", "the owners", "meteorological experts")."""
        return len(self.names) > 1 or (not self.names and self.description is not None and _is_plural(
            re.split(r"\s+(?:of|from|at|in)\s+", self.description)[0]))


def interview_turns(text: str) -> list[Turn]:
    """Every non-empty line of `text` as a turn (see `Interview`)."""
    turns: list[Turn] = []
    asked = False
    for m in re.finditer(r"[^\n]+", text):
        line = m.group(0).strip()
        if not line:
            continue
        lab = _LABEL.match(line)
        label = lab.group("label") if lab else None
        if label is not None and label.lower() not in _ASKER_LABELS | _ANSWER_LABELS and (
                label.lower() in _WORDS.headline_labels or len(label) < 2):
            label = None  # "Update: ...", "Photo: ...": a line's label, not a speaker
        if not turns:
            role = "title"
        elif label is not None and (label.lower() in _ASKER_LABELS or label.lower().endswith("news")):
            role, asked = "question", True  # "Q: ...", "Wikinews: ...": the interviewer's turn, whatever it ends with
        elif label is not None and label.lower() in _ANSWER_LABELS:
            role = "answer"
        elif _CAPTION.search(line) or _NOTE.match(line):
            role = "caption"
        elif _is_heading(line):
            role = "heading"
        elif _is_question(line) and (_YOU.search(line) is not None or next(
                (t.role for t in reversed(turns) if t.role in {"question", "answer", "narrative"}), None) != "question"):
            # a question right after a question must ask "you": an answer may end with a question of its own
            role, asked = "question", True
        else:
            role = "answer" if asked else "narrative"
        turns.append(Turn(m.start(), m.end(), role, label))
    return turns


def _title_lines(document: Document) -> list[str]:
    first = document.text.lstrip().split("\n", 1)[0]
    return [line for line in (document.title or "", first) if line]


def _name_ending(phrase: str) -> str | None:
    """The person name a phrase ends with ("LibriVox founder Hugh McGuire" -> "Hugh McGuire",
    "Biologist Nick Bos" -> "Nick Bos"), or None ("New York bar owner", "America's Finest News Source")."""
    words = phrase.split()
    tail: list[str] = []
    stop = None
    for w in reversed(words):
        if not w[:1].isupper() or w.lower().rstrip(".") in _WORDS.person_titles or re.search(r"[’']", w):
            stop = w
            break
        tail.insert(0, w)
    if stop is not None and stop[:1].isupper() and re.search(r"[’']", stop):
        return None  # "America's Finest News Source": a name owned by another is no person's
    # "Biologist Nick Bos": a capitalised role before the name; the name starts at a first name
    start = next((i for i, w in enumerate(tail) if w.lower() in language.first_names("en")), 0)
    if len(tail) - start >= 2:
        tail = tail[start:]
    if not (2 <= len(tail) <= 4) or not all(w.lower() not in _WORDS.name_particles or w[:1].isupper() for w in tail):
        return None
    if tail[0].lower() in _WORDS.name_particles:
        return None  # "The Harbour Gazette": a name starting with an article is no person's
    return " ".join(tail)


def _names_in(phrase: str) -> list[str]:
    """The person names a phrase ends with: one per coordinated part when every part ends with a
    name ("Mario J. Lucero and Isabel Ruiz" -> both), else the one the whole phrase ends with ("US
    political activist and philosopher Noam Chomsky"); [] when it ends with none."""
    parts = [p for p in re.split(r"\s*,\s*(?:and\s+)?|\s+(?:and|&)\s+", phrase.strip()) if p]
    names = [_name_ending(p) for p in parts]
    if len(parts) > 1 and all(names):
        return names
    whole = _name_ending(phrase.strip())
    return [whole] if whole else []


def _interview_phrase(document: Document) -> str | None:
    """The phrase of the title naming who is interviewed, topic and date left out ("Interview with
    LibriVox founder Hugh McGuire Sunday, ..." -> "LibriVox founder Hugh McGuire")."""
    for line in _title_lines(document):
        m = _INTERVIEW.search(line) or _TELLS.match(line)
        if m:
            who = re.split(r"\s+(?:on|about|regarding|over)\s+|\s+(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b", m.group("who"))[0]
            return who.strip().strip("\"'“”‘’").strip()
    return None


def interviewee(document: Document) -> str | None:
    """The person a document interviews, from its title or first line: the capitalised words that
    end the phrase after "interview with" / "interviews", before a topic ("on ...", "about ...") or a
    date ("LibriVox founder Hugh McGuire" -> "Hugh McGuire"); None when it is not one person."""
    phrase = _interview_phrase(document)
    names = _names_in(re.split(r"\s+of\s+", phrase)[0]) if phrase else []
    return names[0] if len(names) == 1 else None


def interview_of(document: Document, turns: list[Turn] | None = None) -> Interview | None:
    """The interview structure of a document, or None when it is no interview. An interview is said
    to be one (a title "Interview with ...", "... interviews ...", "X tells Wikinews ...", or an
    introduction saying "Wikinews interviewed him") and has a question; or has three questions, each
    answered, whatever its title says."""
    text = document.text
    turns = turns if turns is not None else interview_turns(text)
    questions = [k for k, t in enumerate(turns) if t.role == "question"]
    answered = [k for k in questions if k + 1 < len(turns) and turns[k + 1].role == "answer"]
    phrase = _interview_phrase(document)
    intro = [t for t in turns if t.role == "narrative"][:4]
    said = next((m for t in intro for m in [_INTERVIEWED.search(text, t.start, t.end)] if m), None)
    if not (((phrase is not None or said is not None) and questions) or len(answered) >= 3):
        return None
    names: list[str] = []
    description = None
    if phrase is not None:
        names = _names_in(re.split(r"\s+of\s+", phrase)[0])
        if not names:
            description = re.sub(r"^(?:the|a|an)\s+", "", phrase).strip() or None
    if not names and said is not None:
        who = said.group("who") or said.group("subject")
        if who.lower() in _WORDS.person_object_pronouns:  # "Andrew Westphal is the director ... Wikinews interviewed him"
            before = text[max(0, text.rfind("\n", 0, said.start())) : said.start()]
            found = re.findall(r"\b([A-Z][\w’'-]+(?:\s+[A-Z]\.?)?\s+[A-Z][\w’'-]+)\b", before)
            found = [n for n in found if _names_in(n)]
            if found:
                names, description = _names_in(found[0]), None
        elif _names_in(who):
            names, description = _names_in(who), None
    asker = None
    for t in turns[:questions[0]] if questions else []:
        m = _INTERVIEWER.search(text, t.start, t.end)
        if m:
            asker = m.group("a") or m.group("b") or m.group("c")
            break
    if asker:
        asked_by = {asker.lower(), asker.split()[-1].lower()}
        turns = [Turn(t.start, t.end, "question", t.label) if t.label and t.label.lower() in asked_by and t.role == "answer" else t
                 for t in turns]
    return Interview(turns=turns, names=names, description=description, interviewer=asker)


#: a personal name as written: a capitalised first word, an optional initial or particle, a capitalised last word
_NAME = re.compile(r"\b[A-Z][a-z’'-]+(?:\s+(?:[A-Z]\.|de|van|von|bin|al|le|la))*(?:\s+[A-Z][\w’'-]+)+")


def unparsed_names(text: str, parsed: list[tuple[int, int]]) -> list:
    """Entities for the names in the parts of `text` the parser did not see (the pre-filter's skipped
    sentences), so the resolver knows what a skipped sentence introduced, as after a full parse
    ("Gloria Thomas was born in 2001." skipped, "She said ..." kept):

    * PERSON: a capitalised sequence opening with a first name of the language's table ("Gloria
      Thomas"), or a capitalised name after a person's title ("Mr. Hollis", "Professor Okonkwo": the
      name without the title, as the recogniser tags it);
    * GPE / NORP: the countries, capitals and demonyms of the bundled table ("Canada", "Ottawa",
      "Canadian"), which tell the country a text is about and what "it" or "the government" is;
    * ORG: a capitalised sequence ending with the head of an organisation's name ("the Acme
      Corporation", "Duke University", "the Andy Warhol Foundation").

    A name inside a larger one found first is not given twice ("Duke University" is no person)."""
    from .to_claims import Entity

    table = language.first_names("en")
    names, dems = _country_index()
    out, at = [], 0
    for start, end in [*sorted(parsed), (len(text), len(text))]:
        found: list[tuple[int, int, str, str]] = []
        taken: list[tuple[int, int]] = []

        def add(s: int, e: int, label: str) -> None:
            if e > s and not any(a < e and s < b for a, b in taken):
                found.append((s, e, label, text[s:e]))
                taken.append((s, e))

        for m in _ORG_NAME.finditer(text, at, start):
            if m.group("head").lower() in _WORDS.org_name_heads:
                add(m.start() + (4 if m.group(0).startswith("The ") else 0), m.end(), "ORG")
        for m in _TITLED_NAME.finditer(text, at, start):
            if m.group("title").lower().rstrip(".") in _NAME_TITLES:
                add(m.start("name"), m.end("name"), "PERSON")
        for m in _NAME.finditer(text, at, start):
            if m.group(0).split()[0].lower() in table:
                add(m.start(), m.end(), "PERSON")
        for m in _country_word_pattern().finditer(text, at, start):
            add(m.start(), m.end(), "GPE" if m.group(0).lower() in names else "NORP")
        out.extend(Entity(*f) for f in sorted(found))
        at = max(at, end)
    return out


#: a person's title, then a capitalised name ("Mr. Hollis", "Professor Ana Okonkwo")
_TITLED_NAME = re.compile(r"\b(?P<title>[A-Z][a-z]+\.?)\s+(?P<name>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?)")
#: capitalised words ending with the head of an organisation's name ("Acme Corporation"; not "University of Leeds")
_ORG_NAME = re.compile(r"\b(?:[A-Z][\w’'&.-]*\s+){1,4}(?P<head>[A-Z][a-z]+)\b")
#: a title right before a name ("Mr. ", "Professor ")
_TITLE_BEFORE = re.compile(r"\b([A-Z][a-z]+\.?)\s+$")
#: the titles before a name that always name a person ("General Motors", "Father Christmas" may not)
_NAME_TITLES = _WORDS.name_titles


@functools.lru_cache(maxsize=1)
def _country_word_pattern() -> re.Pattern:
    """The countries, capitals and demonyms of the bundled table as written, capitalised, whole words."""
    keys = {n for c in countries() for n in (c.name, *c.other, *c.capitals, *c.demonyms) if n[:1].isupper() and len(n) > 2}
    return re.compile(r"\b(?:" + "|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True)) + r")\b")


def name_gender(name: str) -> str | None:
    """'f', 'm' or None for a person's name as written: a gendered title ("Mrs. Trump" -> f), else the
    first name in the language's first-name table (`argmap/lang/en/first_names.tsv`)."""
    words = re.findall(r"[\w’'.-]+", name)
    for w in words:
        t = w.lower().rstrip(".")
        if t in _WORDS.masculine_titles:
            return "m"
        if t in _WORDS.feminine_titles:
            return "f"
    table = language.first_names("en")
    names = [w for w in words if w[:1].isupper() and w.lower().rstrip(".") not in _WORDS.person_titles]
    if len(names) >= 2:
        return table.get(names[0].lower())
    return None


_ROLE_PREPS = _WORDS.role_preps


def _role_words(role: str) -> list[str]:
    """The words of a role before its first preposition, lower case, dots dropped ("Sen." -> "sen";
    "spokesman for the senator" -> ["spokesman"])."""
    out = []
    for w in re.findall(r"[\w.’'-]+", role.lower()):
        if w in _ROLE_PREPS:
            break
        out.append(w.rstrip("."))
    return out


def _name_head(name: str) -> str:
    """The head word of a name or description, lower case: its last word before a preposition
    ("Ministry of Defence" -> "ministry", "the Crown prosecutor" -> "prosecutor")."""
    words = re.findall(r"[\w’'-]+", _strip(name).lower())
    cut = next((i for i, w in enumerate(words) if i and w in _ROLE_PREPS), len(words))
    return words[cut - 1] if cut else ""


def _role_head(description: str) -> str:
    """The head noun of a description ("the former secretary of state" -> "secretary")."""
    words = _role_words(ARTICLES.sub("", description))
    return words[-1] if words else ""


_TITLE_PAIRS = [tuple(e.split("=", 1)) for e in sorted(_WORDS.title_abbreviations) if "=" in e]


def _title_forms(word: str) -> set[str]:
    """A title and its abbreviation ("senator" -> {"senator", "sen"}), from `title_abbreviations`."""
    forms = {word}
    for short, full in _TITLE_PAIRS:
        if word in (short, full):
            forms.update((short, full))
    return forms


def _evidence_mention(mention: str) -> bool:
    """A mention headed by a study, poll, report, results ... (`lang/en/words.txt` evidence_sources)."""
    words = re.findall(r"[\w’'-]+", mention.lower())
    return bool(words) and (words[-1] in _WORDS.evidence_sources or words[-1].rstrip("s") in _WORDS.evidence_sources)


def noun_gender(mention: str) -> str | None:
    """'f' or 'm' when the head noun of a description tells it ("an Australian woman", "her husband")."""
    words = re.findall(r"[\w’'-]+", mention.lower())
    if not words:
        return None
    if words[-1] in _WORDS.feminine_nouns:
        return "f"
    if words[-1] in _WORDS.masculine_nouns:
        return "m"
    return None


def _name_words(name: str) -> list[str]:
    """The capitalised words of a person's name, titles left out ("Ambassador Mohib" -> ["mohib"])."""
    titles = _WORDS.person_titles
    return [w.lower() for w in re.findall(r"[\w’'.-]+", name) if w[:1].isupper() and w.lower().rstrip(".") not in titles]


def _join_surnames(claims: list[Claim], made: dict[str, Actor]) -> list[Claim]:
    """Inside one document, a person named by a shorter form of a longer name joins it: "Mohib" and
    "Ambassador Mohib" are "Hamdullah Mohib", "Wilkins" is "Kristen Wilkins" -- when exactly one
    full name of the document ends that way, or exactly one was introduced before the short form. A gendered title ("Mrs. Trump") joins only a name
    with the same title: without a first-name table, "Donald Trump" may be someone else."""
    # a bare surname the recogniser took for an organisation ("Mohib") still joins the person it names
    people = {c.actor for c in claims if c.actor in made
              and made[c.actor].kind in {ActorKind.person, ActorKind.unknown, ActorKind.organisation}}
    words = {aid: _name_words(made[aid].name) for aid in people}
    first: dict[str, int] = {}  # where each actor first speaks
    for c in claims:
        if c.actor in people:
            at = c.spans.source[0][0] if c.spans.source else c.spans.content[0][0]
            first[c.actor] = min(first.get(c.actor, at), at)
    words = {aid: w for aid, w in words.items() if w}
    gendered = _WORDS.gendered_titles

    def title(aid: str) -> set[str]:
        a = made[aid]
        return {w.lower().rstrip(".") for n in (a.name, *a.aliases) for w in n.split()} & gendered

    mapping: dict[str, str] = {}
    for aid, w in words.items():
        longer = [b for b, wb in words.items() if b != aid and len(wb) > len(w) and wb[-len(w):] == w
                  and made[b].kind == ActorKind.person]
        if not longer and len(w) == 1 and title(aid):
            # "Ms Bauchtman" for "Lydia Buchtmann": a titled surname the text misspelt joins the one full
            # name whose surname is that close (same initial, at most two letters apart, gender agreeing)
            longer = [b for b, wb in words.items() if b != aid and len(wb) >= 2 and made[b].kind == ActorKind.person
                      and _near_spelling(w[0], wb[-1])
                      and name_gender(made[b].name) in (name_gender(" ".join([made[aid].name, *made[aid].aliases])), None)]
            if len(longer) != 1:
                continue
        if not longer:
            continue
        gender = name_gender(" ".join([made[aid].name, *made[aid].aliases])) if title(aid) else None
        if gender is not None:  # "Mrs. Trump" is Melania, not Donald Trump
            longer = [b for b in longer if name_gender(made[b].name) in (gender, None)]
            if not longer:
                continue
        cores = {tuple(words[b][-2:]) for b in longer}
        if len(cores) != 1:
            # two people of that name: the one the text introduced before the short form (news
            # name a person in full first: "Donald Trump" ... "Trump" ... "Melania Trump")
            before = [b for b in longer if first.get(b, 1 << 62) < first.get(aid, -1)]
            if len({tuple(words[b][-2:]) for b in before}) != 1:
                continue  # "Mr Smith" with two Smiths already named: leave it
            longer = before
        target = min(longer, key=lambda b: (len(words[b]), b))
        if title(aid) and title(aid) != title(target) and (gender is None or name_gender(made[target].name) != gender):
            continue
        mapping[aid] = target
    # the longer forms of one name join its shortest full form too ("Afghan Ambassador to the US Hamdullah Mohib")
    for aid, w in words.items():
        if aid in mapping or len(w) < 2:
            continue
        same = [b for b, wb in words.items() if b != aid and wb[-2:] == w[-2:] and len(wb) < len(w)
                and made[b].kind == ActorKind.person]
        if same:
            mapping[aid] = min(same, key=lambda b: (len(words[b]), b))
    if not mapping:
        return claims

    def final(aid: str) -> str:
        seen = set()
        while aid in mapping and aid not in seen:
            seen.add(aid)
            aid = mapping[aid]
        return aid

    for aid in mapping:
        target = made[final(aid)]
        made[target.id] = target.model_copy(update={"aliases": sorted({*target.aliases, made[aid].name, *made[aid].aliases})})
    return [c.model_copy(update={"actor": final(c.actor) if c.actor else c.actor, "target": final(c.target) if c.target else c.target})
            if c.actor in mapping or c.target in mapping else c for c in claims]


def _near_spelling(a: str, b: str) -> bool:
    """Two surnames one misspelling apart: the same initial, at least five letters, at most two
    edits (insertions, deletions, substitutions) between them."""
    if a == b or a[:1] != b[:1] or min(len(a), len(b)) < 5 or abs(len(a) - len(b)) > 2:
        return False
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1] <= 2


def _settle_affiliations(made: dict[str, Actor]) -> None:
    """An affiliation named by a bare surname ("Trump's spokeswoman") is the one person of the
    document with that surname, once the document is read."""
    for aid, a in sorted(made.items()):
        target = made.get(a.affiliation) if a.affiliation else None
        if target is None or len(target.name.split()) != 1:
            continue
        people = {p.id for p in made.values() if p.kind == ActorKind.person and len(p.name.split()) >= 2
                  and p.name.split()[-1] == target.name}
        if len(people) == 1:
            made[aid] = a.model_copy(update={"affiliation": next(iter(people))})


def _name_campaigns(made: dict[str, Actor]) -> None:
    """A campaign named by a surname ("Clinton campaign spokesman ...") before the text named the
    candidate in full gets the candidate as parent once the document is read (id and name from
    the full name), when exactly one person of the document has that surname."""
    for aid, a in sorted(made.items()):
        if a.kind != ActorKind.organisation or a.parent or not a.name.endswith(" campaign"):
            continue
        who = a.name[: -len(" campaign")].split()
        if not who:
            continue
        people = [p for p in made.values() if p.kind == ActorKind.person and p.name.split()
                  and p.name.split()[-1].lower() == who[-1].lower() and len(p.name.split()) > len(who)]
        if len({p.id for p in people}) != 1:
            continue
        lead = people[0]
        new = a.model_copy(update={"id": slugify(f"{lead.name} campaign"), "name": f"{lead.name} campaign",
                                   "parent": lead.id, "aliases": sorted({*a.aliases, a.name})})
        if new.id in made and new.id != aid:
            continue
        del made[aid]
        made[new.id] = new
        for k, p in list(made.items()):
            if p.affiliation == aid:
                made[k] = p.model_copy(update={"affiliation": new.id})


def _quoted_first_person(claims: list[Claim], text: str) -> list[Claim]:
    """'“I think we learned a lot,” the coach said': an "I" or "we" inside a quotation is the quote's
    speaker, not whoever the pronoun search found nearby. A claim whose source is a first-person
    pronoun and whose cue lies inside another claim's quoted content takes that claim's actor (the
    innermost quotation wins; quotations inside quotations follow their own speaker)."""
    from .quotes import QUOTE_CHARS

    quoted = []  # (start, end, claim) of content fragments that are quotations
    for c in claims:
        for s, e in c.spans.content:
            if text[s : s + 1] in QUOTE_CHARS or text[e - 1 : e] in QUOTE_CHARS:
                quoted.append((s, e, c))
    if not quoted:
        return claims
    by_id = {c.id: c for c in claims}
    for _ in range(3):  # a quote inside a quote inside a quote is already rare
        changed = False
        for i, c in enumerate(claims):
            src = (c.source_text or "").strip().lower()
            if src not in PRONOUNS_FIRST or not c.spans.cue:
                continue
            at = c.spans.cue[0][0]
            outer = [(e - s, o) for s, e, o in quoted if s <= at < e and o.id != c.id]
            if not outer:
                continue
            speaker = by_id[min(outer, key=lambda x: x[0])[1].id].actor
            if speaker is not None and speaker != c.actor:
                claims[i] = by_id[c.id] = c.model_copy(update={"actor": speaker})
                changed = True
        if not changed:
            break
    return claims


def resolve_document(spacy_docs, document: Document, registry: Registry, *, merges: dict[str, str] | None = None,
                     include_author: bool = False) -> tuple[list[Claim], list[Actor]]:
    """Claims of a processed document with their actors resolved (the extraction boundary plus actors).

    Args:
        spacy_docs: the Doc of the whole text, or a list of (offset, Doc) pieces of a long text.
    """
    from .to_claims import to_claims  # the function (`from . import` may give the submodule once it is imported)

    pieces = spacy_docs if isinstance(spacy_docs, list) else [(0, spacy_docs)]
    claims, ents = [], []
    for offset, doc in pieces:
        c, e = to_claims(doc, document, offset)
        claims.extend(c)
        ents.extend(e)
    return resolve_claims(claims, document, registry, ents, merges)
