"""Pass `nested_stances`: an intention or a position inside someone else's claim is its content.

"Bamako accused Algiers of supporting terrorism" reports an accusation by Bamako; *supporting* is
what Algiers is accused of, not a position Algiers takes. "The FLA wanted to show that ..." is one
intention (the purpose "to show" is no finding either: `verb_cues`). Cues of the acts in the word set `stance_acts` whose cue word lies
inside the content of another attribution are dropped; speech and belief cues inside a content
stay, and so do findings ("Heald noted the findings show ..."): nested attributions are annotated
twice ("X said that Y claimed Z").
"""

from __future__ import annotations

from spacy.tokens import Doc

from ..lexicon import Lexicon
from .base import Found
from .registry import rule


@rule("nested_stances", "pass")
def nested_stances(doc: Doc, lex: Lexicon, found: list[Found]) -> list[Found]:
    """Drop intention / position attributions whose cue sits in another one's content."""
    stance = lex.words.stance_acts
    contents = [(id(f), s, e) for f in found for s, e in f.content]
    out = []
    for f in found:
        if f.act in stance and any(s <= f.cue_head < e for fid, s, e in contents if fid != id(f)):
            continue
        out.append(f)
    return out

