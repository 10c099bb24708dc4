"""Attribution rules: pure functions from a parsed spaCy Doc to attributions (source, cue, content).

One module per construction, each rule registered by name (`registry.rule`); the pipeline
component runs the ordered list of rule names in its config (`DEFAULT_RULES`). Finders propose
`Found` records with token ranges (`(start, end)`, end exclusive); passes rewrite them. No state,
no I/O; the words each rule knows come from the lexicon's language package (`argmap.lang`).

| module | rule | construction |
|---|---|---|
| `verbs` | `verb_cues` | reporting verbs, phrases, adjectives with their frames (`frames`) |
| `according` | `according_to` | "according to X", "in X's view", "For X, ..." |
| `nominal` | `nominal_cues` | "Bamako's accusation that ..." |
| `headline` | `colon_quote` | "Minister on the border: “We were attacked”", "Ruiz — “We will not back down.”" |
| `headline` | `dash_byline` | "It is offensive beyond anything. — Rick Santorum" (a paragraph signed at its end) |
| `headline` | `speaker_label` | "John Smith: We will not sell." (a transcript's speaker label) |
| `headline` | `headline_verb` | "Greek court rules worship of ancient deities is legal" (a headline verb the parser read as a noun) |
| `headline` | `quotative_like` | "I was like, “Are you serious?”" |
| `loose` | `loose_complement` | "told a gathering of farm leaders that ...", "tweeted using X: “...”" |
| `loose` | `trailing_tag` | "Most Americans think ..., a new poll shows." (the tag's verb read as a noun) |
| `loose` | `quote_before_tag` | "“How often must this happen?” the mayor said." |
| `direct_quotes` | `quotes` | whole quotes, split quotes, quotes that run on into the next paragraphs, quote paragraphs |
| `merge` | `merge_same_speaker` | "X said it expected Y" is one statement |
| `replies` | `appositive_replies` | ", a charge Algiers denies" |
| `nested` | `nested_stances` | "accused Algiers of supporting terrorism": *supporting* is content |
| `author` | `authorial` | the author's own claims (`include_author`) |
| `fr_verbs` | `fr_verb_cues` | French: « a déclaré que », « a dénoncé une action », « accuse X de », « « … », a déclaré X » |
| `fr_according` | `fr_according` | French: « selon X », « d'après X », « pour X, … », « aux yeux de X » |

French has finders of its own (the models parse with Universal Dependencies, not ClearNLP labels;
see `fr_base`) and shares the language-neutral passes; `LANGUAGE_RULES` names each language's list.

Every finder and pass is measured on real news it was not written on: `bench/eval_extract.py
--which gum-dev --rules=-name` (see bench/gold/gum/README.md). Facts the rules were first planned on
(annotated political news): content is a clausal complement of the
cue in about 30% of indirect cases, a direct object in 17%, a prepositional object in 12%, a
to-clause in 7%; source–cue–content order is SVC 69%, CSV 19%, CVS 9%; content and cue share a
sentence in more than 97% of cases.
"""

from __future__ import annotations

from spacy.tokens import Doc

from ..lexicon import Lexicon
from . import according, author, direct_quotes, headline, loose, merge, nested, nominal, replies, verbs  # noqa: F401  (registers the rules)
from . import fr_according, fr_verbs  # noqa: F401  (registers the French rules)
from .acts import is_hedged, refine_act
from .base import Found, Range, clip_to_paragraphs, doc_text, para_index, paragraph_bounds, span_text
from .pull_quotes import pull_quote_paragraphs
from .registry import RULES, Rule, get_rules, rule

#: the rules the pipeline component runs, in order (finders first, then passes)
DEFAULT_RULES = ("verb_cues", "according_to", "nominal_cues", "colon_quote", "dash_byline", "quotative_like", "speaker_label",
                 "headline_verb",
                 "loose_complement", "trailing_tag", "quote_before_tag", "quotes", "merge_same_speaker", "appositive_replies",
                 "nested_stances")
#: the French rules, in order: French finders, then the passes that read no English grammar
#: (`merge_same_speaker` is left out: on French relatives, « … d'Alger, qu'elles accusent de … », it
#: merged two statements into one; on fr-dev it changed nothing)
FRENCH_RULES = ("fr_verb_cues", "fr_according", "quotes", "nested_stances")
#: the rule list of each language (`pipeline.build_nlp` gives the component its language's list)
LANGUAGE_RULES = {"en": DEFAULT_RULES, "fr": FRENCH_RULES}
#: added after the defaults with `include_author`
AUTHOR_RULES = ("authorial",)

__all__ = ["DEFAULT_RULES", "FRENCH_RULES", "LANGUAGE_RULES", "AUTHOR_RULES", "RULES", "Found", "Range", "Rule", "find_all", "get_rules", "rule",
           "pull_quote_paragraphs", "para_index", "span_text"]


def find_all(doc: Doc, lex: Lexicon, *, include_author: bool = False,
             rules: tuple[str, ...] | list[str] = DEFAULT_RULES) -> list[Found]:
    """Run the named rules on `doc`; return attributions in document order, one per cue, no duplicates.

    Finders run first, in order, then passes, in order. Whatever the rules, paragraphs that repeat
    the running text (pull quotes) give nothing, no content fragment or source crosses a paragraph
    boundary (`clip_to_paragraphs`; a quotation that runs on is several fragments), every attribution gets its hedge flag and refined
    speech act, and a (cue, content) pair is kept once.

    Raises:
        ValueError: an unknown rule name.
    """
    names = list(rules) + [n for n in AUTHOR_RULES if include_author and n not in rules]
    chosen = get_rules(names)
    found: list[Found] = []
    for r in chosen:
        if r.kind == "find":
            found.extend(r.fn(doc, lex))
    for r in chosen:
        if r.kind == "pass":
            found = r.fn(doc, lex, found)
    found = [f for f in found if _well_formed(f, len(doc))]
    pulled = pull_quote_paragraphs(doc_text(doc))
    if pulled:
        bounds = paragraph_bounds(doc_text(doc))
        found = [f for f in found if para_index(bounds, doc[f.cue[0][0]].idx) not in pulled]
    found = [f for f in (clip_to_paragraphs(doc, f) for f in found) if f is not None]
    for f in found:
        f.hedged = is_hedged(doc, f, lex.hedges)
        f.act = refine_act(doc, f, lex)
    seen: set[tuple] = set()
    unique = []
    for f in sorted(found, key=lambda f: (f.content[0][0], f.cue[0][0], -f.confidence)):
        key = (tuple(f.cue), tuple(f.content))
        if key in seen:
            continue
        seen.add(key)
        unique.append(f)
    return unique


def _well_formed(f: Found, length: int) -> bool:
    """Every span of `f` is a non-empty token range inside the Doc (a rule misled by a parse of word
    salad may build a cue that ends before it starts; such an attribution is dropped, not stored)."""
    spans = [*f.cue, *f.content, *([f.source] if f.source else [])]
    return bool(f.cue and f.content) and all(0 <= s < e <= length for s, e in spans)
