"""Word lists and weights of the linker, read once from package data.

Everything the linker knows about English words (stop words, rejection cues, response nouns,
synonym classes, blame words) lives in the `link:` section of the language's lexicon
(`argmap/lang/en/lexicon.yaml`, `argmap.lang.lexicon`), and every weight of its confidence in
`argmap/data/link_weights.yaml` (weights are not language data), so both can be tuned without
touching logic. Words are cut, folded and stemmed by the language package (`argmap.lang.tokens`,
`argmap.lang.stem`). Reading package data is the only I/O here.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from importlib import resources

import yaml
from pydantic import BaseModel, ConfigDict

from .. import lang
from ..lang import fold  # noqa: F401  (re-exported: callers fold through the linker's lexicon)
from .stem import stem


def words(text: str, lang_code: str = "en") -> list[str]:
    """Folded word tokens (`argmap.lang.tokens`): possessive 's dropped, hyphenated words split
    ('cross-border' -> cross, border), lower-case ASCII."""
    return lang.tokens(text, lang_code, folded=True)


def _phrases(items) -> tuple[tuple[str, ...], ...]:
    """Word lists as stemmed token tuples (several-word phrases allowed), longest first."""
    out = {tuple(stem(w) for w in words(str(i))) for i in items or []}
    return tuple(sorted((p for p in out if p), key=lambda p: (-len(p), p)))


class Weights(BaseModel):
    """One relation's logistic weights (see link_weights.yaml), checked by name: a misspelt or
    unknown key in the file is an error, not a silent default."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    threshold: float = 0.5
    bias: float = 0.0
    weights: dict[str, float] = {}
    #: supports only: the confidence a premise's second conclusion needs (a stronger speech act
    #: than the premise: the charge its evidence serves); None keeps one conclusion per premise
    second_threshold: float | None = None
    #: supports only: the same, for a stronger claim said in the same sentence as the premise's first
    #: conclusion (the charge that sentence spells out); None: only `second_threshold`
    second_same_sentence: float | None = None
    #: supports only: the confidence at which a claim no other link reaches is still attached to
    #: its best conclusion (a best guess, so that no claim floats alone); None leaves it alone
    orphan_threshold: float | None = None


class PlattMap(BaseModel):
    """One calibration group's map of the scorer's confidence c to a probability:
    1 / (1 + exp(-(a + b * logit(c)))) (`bench/eval_links.py --calibrate` fits it)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    a: float = 0.0
    b: float = 1.0
    links: int = 0  # judged links it was fitted on (for the reader; unused)


class Calibration(BaseModel):
    """What a proposed link's confidence means: the Platt maps by group ('supports/evidence',
    'supports/evidence/guess' for a best guess, 'supports/*' for the relation's other methods) and
    the precision-first floor below which a link is not proposed."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    floor: float = 0.0
    maps: dict[str, PlattMap] = {}

    def of(self, relation: str, method: str, guess: bool) -> PlattMap | None:
        """The map of a link's group: its method's (a best guess's own when fitted), else its relation's."""
        if guess and f"{relation}/{method}/guess" in self.maps:
            return self.maps[f"{relation}/{method}/guess"]
        return self.maps.get(f"{relation}/{method}") or self.maps.get(f"{relation}/*")


@dataclass(frozen=True)
class Lexicon:
    stop: frozenset[str]
    rejection: tuple[tuple[str, ...], ...]
    rebuttal: tuple[tuple[str, ...], ...]
    response_blame: frozenset[str]
    response_any: frozenset[str]
    anaphors: frozenset[str]
    anaphoric_pronouns: frozenset[str]
    contrast: tuple[tuple[str, ...], ...]
    conclusion: tuple[tuple[str, ...], ...]
    evidence: tuple[tuple[str, ...], ...]
    normative: tuple[tuple[str, ...], ...]
    elaboration: frozenset[str]
    agency: frozenset[str]
    accident: tuple[tuple[str, ...], ...]
    territory_nouns: frozenset[str]
    territory_preps: frozenset[str]
    own_territory: frozenset[str]
    own_forces: tuple[tuple[str, ...], ...]
    blame: frozenset[str]
    concepts: dict[str, str]  # stem -> concept key
    place_preps: frozenset[str]
    place_mods: frozenset[str]
    place_nouns: frozenset[str]
    governing: frozenset[str]
    not_parties: tuple[tuple[str, ...], ...] = ()  # place names that start like a party ('British Columbia')
    # function words of profile.py's readers (folded words, not stems; see lexicon.yaml)
    articles: frozenset[str] = frozenset()
    conclusion_conjunctions: frozenset[str] = frozenset()
    plural_anaphors: frozenset[str] = frozenset()
    anaphoric_determiners: frozenset[str] = frozenset()
    agent_pronouns: frozenset[str] = frozenset()
    own_possessives: frozenset[str] = frozenset()
    clause_possessives: frozenset[str] = frozenset()
    own_words: frozenset[str] = frozenset()
    clause_openers: frozenset[str] = frozenset()
    act_auxiliaries: frozenset[str] = frozenset()
    phrasal_acts: frozenset[str] = frozenset()
    phrasal_particles: frozenset[str] = frozenset()
    accident_auxiliaries: frozenset[str] = frozenset()
    territory_qualifiers: frozenset[str] = frozenset()
    border_side: tuple[str, ...] = ()  # ('side', 'of')
    border_nouns: frozenset[str] = frozenset()
    own_country: tuple[tuple[str, ...], ...] = ()  # (('the', 'country'),)
    relations: dict[str, Weights] = field(default_factory=dict)
    blocking: dict[str, float] = field(default_factory=dict)
    calibration: Calibration = Calibration()


def _read(name: str) -> dict:
    """A YAML file of `argmap/data/` (the weights)."""
    text = resources.files("argmap").joinpath("data", name).read_text(encoding="utf-8")
    return yaml.safe_load(text) or {}


def relation_weights(data: dict) -> dict[str, Weights]:
    """The per-relation weights of a weights mapping (link_weights.yaml), read by name (a positional
    call once swapped `orphan_threshold` and `second_same_sentence`).

    Raises:
        pydantic.ValidationError: an unknown key or a value of the wrong type.
    """
    return {rel: Weights.model_validate({**v, "weights": v.get("weights") or {}})
            for rel, v in data.items() if rel in ("supports", "contradicts", "restates")}


@functools.lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The bundled lexicon and weights (cached)."""
    lex = lang.lexicon("en").get("link") or {}
    wts = _read("link_weights.yaml")
    one = lambda key: frozenset(stem(w) for i in lex.get(key) or [] for w in words(str(i)))  # noqa: E731
    concepts: dict[str, str] = {}
    for name, members in sorted((lex.get("concepts") or {}).items()):
        for m in members:
            for w in words(str(m)):
                concepts.setdefault(stem(w), f"~{name}")
    relations = relation_weights(wts)
    return Lexicon(
        stop=frozenset(stem(w) for w in (lex.get("stopwords") or []) for w in words(str(w))) | frozenset(lex.get("stopwords") or []),
        rejection=_phrases(lex.get("rejection_cues")),
        rebuttal=_phrases(lex.get("rebuttal_words")),
        response_blame=one_of(lex, "response_nouns", "blame"),
        response_any=one_of(lex, "response_nouns", "any"),
        anaphors=frozenset(str(w) for w in lex.get("anaphors") or []),
        anaphoric_pronouns=frozenset(str(w) for w in lex.get("anaphoric_pronouns") or []),
        contrast=_phrases(lex.get("contrast_markers")),
        conclusion=_phrases(lex.get("conclusion_markers")),
        evidence=_phrases(lex.get("evidence_markers")),
        normative=_phrases(lex.get("normative_markers")),
        elaboration=frozenset(fold(str(w)).split()[0] for w in lex.get("elaboration_cues") or []),
        agency=one("agency_verbs"),
        accident=_phrases(lex.get("accident_words")),
        territory_nouns=one("territory_nouns"),
        territory_preps=frozenset(str(w) for w in lex.get("territory_prepositions") or []),
        own_territory=frozenset(str(w) for w in lex.get("own_territory_words") or []),
        own_forces=_phrases(lex.get("own_forces")),
        blame=one("blame_words"),
        concepts=concepts,
        place_preps=frozenset(str(w) for w in lex.get("place_prepositions") or []),
        place_mods=frozenset(str(w) for w in lex.get("place_modifiers") or []),
        place_nouns=frozenset(str(w) for w in lex.get("place_nouns") or []),
        governing=frozenset(str(w) for w in lex.get("governing_nouns") or []),
        not_parties=tuple(tuple(words(str(n))) for n in lex.get("not_parties") or [] if words(str(n))),
        **{key: plain(lex, key) for key in (
            "articles", "conclusion_conjunctions", "plural_anaphors", "anaphoric_determiners", "agent_pronouns",
            "own_possessives", "clause_possessives", "own_words", "clause_openers", "act_auxiliaries", "phrasal_acts",
            "phrasal_particles", "accident_auxiliaries", "territory_qualifiers", "border_nouns")},
        border_side=tuple(w for i in lex.get("border_side") or [] for w in words(str(i))),
        own_country=tuple(tuple(words(str(n))) for n in lex.get("own_country") or [] if words(str(n))),
        relations=relations,
        blocking={k: float(v) for k, v in (wts.get("blocking") or {}).items()},
        calibration=Calibration.model_validate(wts.get("calibration") or {}),
    )


def plain(lex: dict, key: str) -> frozenset[str]:
    """The words of list `key`, folded, not stemmed."""
    return frozenset(w for i in lex.get(key) or [] for w in words(str(i)))


def one_of(lex: dict, key: str, sub: str) -> frozenset[str]:
    return frozenset(stem(w) for i in (lex.get(key) or {}).get(sub) or [] for w in words(str(i)))


def find_phrase(tokens: list[str], phrases: tuple[tuple[str, ...], ...], start: int = 0) -> tuple[int, tuple[str, ...]] | None:
    """First (position, phrase) of `phrases` (stemmed tuples) in stemmed `tokens` from `start`."""
    for i in range(start, len(tokens)):
        for p in phrases:
            if tokens[i : i + len(p)] == list(p):
                return i, p
    return None
