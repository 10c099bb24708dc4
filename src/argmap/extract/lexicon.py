"""Cue lexicon: loads `argmap/lang/<lang>/cues.tsv` (reporting verbs, nouns, phrases, view nouns, hedges),
with the language's speaker nouns (`speakers.txt`) and named word sets (`words.txt`).

The lexicon is data; this module only parses it. No spaCy here.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

from .. import lang as language
from ..lang import WordSets

DEFAULT_FRAMES = ("ccomp", "quote")
ACTS = {
    "assertion",
    "accusation",
    "denial",
    "condemnation",
    "responsibility",
    "belief",
    "recommendation",
    "warning",
    "question",
    "evidence",
    "intention",
    "position",
    "-",
}


@dataclass(frozen=True)
class Cue:
    """One lexicon entry."""

    lemma: str
    pos: str
    act: str
    frames: tuple[str, ...]

    def allows(self, frame: str) -> bool:
        return frame in self.frames


@dataclass
class Lexicon:
    """Cue entries indexed by part of speech."""

    verbs: dict[str, Cue] = field(default_factory=dict)
    nouns: dict[str, Cue] = field(default_factory=dict)
    adjectives: dict[str, Cue] = field(default_factory=dict)
    phrases: dict[tuple[str, str], Cue] = field(default_factory=dict)
    view_nouns: dict[str, Cue] = field(default_factory=dict)
    hedges: frozenset[str] = frozenset()
    speakers: frozenset[str] = frozenset()
    #: the language's named word sets (`argmap.lang.words`): what the rules know of its grammar
    words: WordSets = field(default_factory=lambda: language.words("en"))
    lang: str = "en"

    def __len__(self) -> int:
        return len(self.verbs) + len(self.nouns) + len(self.adjectives) + len(self.phrases) + len(self.view_nouns)

    @property
    def phrase_verbs(self) -> frozenset[str]:
        """The verbs that open a phrase cue ("claim" of "claim responsibility"), for a quick test."""
        cached = self.__dict__.get("_phrase_verbs")
        if cached is None or cached[0] != len(self.phrases):
            cached = (len(self.phrases), frozenset(v for v, _ in self.phrases))
            self.__dict__["_phrase_verbs"] = cached
        return cached[1]

    @classmethod
    def from_text(cls, text: str, origin: str = "<lexicon>") -> Lexicon:
        """Parse the TSV lexicon format (see the header of `argmap/lang/en/cues.tsv`).

        Raises:
            ValueError: a malformed line, with its number.
        """
        lex = cls()
        hedges = set()
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 3:
                raise ValueError(f"{origin}:{number}: expected 'lemma<TAB>pos<TAB>act[<TAB>frames]'")
            lemma, pos, act = parts[0].strip(), parts[1].strip().upper(), parts[2].strip()
            if act not in ACTS:
                raise ValueError(f"{origin}:{number}: unknown speech act {act!r}")
            frames = tuple(f.strip() for f in parts[3].split(",") if f.strip()) if len(parts) > 3 else ()
            cue = Cue(lemma, pos, act, frames or DEFAULT_FRAMES)
            if pos == "VERB":
                lex.verbs[lemma] = cue
            elif pos == "NOUN":
                lex.nouns[lemma] = cue
            elif pos == "ADJ":
                lex.adjectives[lemma] = cue
            elif pos == "PHRASE":
                verb, _, word = lemma.partition("+")
                if not word:
                    raise ValueError(f"{origin}:{number}: a PHRASE is written verb+word")
                lex.phrases[(verb, word)] = cue
            elif pos == "VIEW":
                lex.view_nouns[lemma] = cue
            elif pos == "HEDGE":
                hedges.add(lemma)
            else:
                raise ValueError(f"{origin}:{number}: unknown part of speech {pos!r}")
        lex.hedges = frozenset(hedges)
        return lex


@functools.lru_cache(maxsize=8)
def load_lexicon(path: str | None = None, lang: str = "en") -> Lexicon:
    """Load the bundled lexicon for `lang`, or the TSV file at `path` (with `lang`'s word sets).

    Raises:
        ValueError: no language data for `lang`.
    """
    folder = language.folder(lang)
    if path:
        lex = Lexicon.from_text(Path(path).read_text(encoding="utf-8"), origin=path)
    else:
        lex = Lexicon.from_text(folder.joinpath("cues.tsv").read_text(encoding="utf-8"), origin=f"argmap.lang.{lang}/cues.tsv")
        speakers = folder.joinpath("speakers.txt")
        if speakers.is_file():
            lex.speakers = parse_word_list(speakers.read_text(encoding="utf-8"))
    lex.words = language.words(lang)
    lex.lang = lang
    return lex


def parse_word_list(text: str) -> frozenset[str]:
    """Whitespace-separated words, `#` comments; kept as written and lower-cased."""
    words = set()
    for line in text.splitlines():
        line = line.split("#", 1)[0]
        for w in line.split():
            words.add(w)
            words.add(w.lower())
    return frozenset(words)
