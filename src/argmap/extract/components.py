"""spaCy pipeline components of argmap, registered as factories.

`nlp.add_pipe("argmap_attributions")` adds attribution extraction to any English pipeline with a
parser. The component writes three aligned span groups — `argmap_source`, `argmap_cue`,
`argmap_content` (label = the rule; `span.id` = the attribution's index) — and the list of
attributions to `doc._.argmap_attributions`. Extensions are registered here, once, all prefixed
`argmap_`. The config's `rules` is the ordered list of registered rule names to run
(`argmap.extract.rules.RULES`; default `DEFAULT_RULES`): `nlp.add_pipe("argmap_attributions",
config={"rules": ["verb_cues", "quotes"]})` runs only those.
"""

from __future__ import annotations

import numpy
from spacy.attrs import IS_SPACE, ORTH, SENT_START
from spacy.errors import Errors
from spacy.language import Language
from spacy.tokens import Doc, Span

from .lexicon import load_lexicon
from .rules import DEFAULT_RULES, Found, find_all, get_rules

if not Doc.has_extension("argmap_attributions"):
    Doc.set_extension("argmap_attributions", default=None)


class AttributionComponent:
    """Finds attributions (source, cue, content) with the registered rules named in `rules` (in order)."""

    def __init__(self, nlp: Language, name: str, lexicon_path: str | None, lang: str, include_author: bool = False,
                 rules: list[str] | tuple[str, ...] = DEFAULT_RULES):
        self.name = name
        self.lexicon = load_lexicon(lexicon_path, lang)
        self.include_author = include_author
        get_rules(list(rules))  # an unknown rule name fails when the pipeline is built, not on the first text
        self.rules = tuple(rules)
        #: True: a rule that fails on a Doc raises (a library user sees the bug); False (argmap's own
        #: corpus runs): the Doc gets no attributions and `doc.user_data["argmap_error"]` says why, so
        #: one odd text never stops a run of thousands.
        self.strict = True

    def __call__(self, doc: Doc) -> Doc:
        try:
            found: list[Found] = find_all(doc, self.lexicon, include_author=self.include_author, rules=self.rules)
        except Exception as exc:  # noqa: BLE001 - any rule bug; re-raised unless the caller asked to go on
            if self.strict:
                raise
            doc.user_data["argmap_error"] = f"{exc.__class__.__name__}: {str(exc).strip().splitlines()[0] if str(exc).strip() else ''}"
            found = []
        doc._.argmap_attributions = found
        sources, cues, contents = [], [], []
        for n, f in enumerate(found):
            for s, e in f.content:
                contents.append(Span(doc, s, e, label=f.rule, span_id=str(n)))
            for s, e in f.cue:
                cues.append(Span(doc, s, e, label=f.lemma, span_id=str(n)))
            if f.source:
                sources.append(Span(doc, f.source[0], f.source[1], label="SOURCE", span_id=str(n)))
        doc.spans["argmap_source"] = sources
        doc.spans["argmap_cue"] = cues
        doc.spans["argmap_content"] = contents
        return doc


@Language.factory(
    "argmap_attributions",
    default_config={"lexicon_path": None, "lang": "en", "include_author": False, "rules": list(DEFAULT_RULES)},
    assigns=["doc.spans", "doc._.argmap_attributions"],
    requires=["token.dep", "token.lemma", "token.pos"],
)
def make_attributions(nlp: Language, name: str, lexicon_path: str | None, lang: str, include_author: bool,
                      rules: list[str]) -> AttributionComponent:
    return AttributionComponent(nlp, name, lexicon_path, lang, include_author, rules)


@Language.component("argmap_paragraph_breaks", assigns=["token.is_sent_start"])
def paragraph_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: the parser must not run a title, a byline or a date line into
    the next paragraph's sentence ("By Maria Lopez, Staff Writer\n\nThe council said ..." would give
    "said" no subject). Add before the parser: `nlp.add_pipe("argmap_paragraph_breaks", before="parser")`.

    The first non-space token after each token with a line break in it starts a sentence. Worked
    out on the token arrays and written back at once: spaCy's `Token.is_sent_start` setter scans
    the whole Doc on every call, which made a document with many paragraphs quadratic."""
    if not len(doc):
        return doc
    table = doc.to_array([ORTH, IS_SPACE, SENT_START])
    strings = doc.vocab.strings
    kinds = numpy.unique(table[:, 0])
    # a line break is in a token's text: its trailing whitespace is one space or nothing
    breaking = kinds[numpy.array([("\n" in strings[int(k)]) for k in kinds], dtype=bool)]
    if not len(breaking):
        return doc
    words = numpy.flatnonzero(table[:, 1] == 0)
    after = numpy.searchsorted(words, numpy.flatnonzero(numpy.isin(table[:, 0], breaking)), side="right")
    starts = words[after[after < len(words)]]
    if not len(starts):
        return doc
    if doc.has_annotation("DEP"):
        raise ValueError(Errors.E043)  # what the setter says: a parsed Doc keeps its sentences
    sent_start = table[:, 2].copy()
    sent_start[starts] = 1
    doc.from_array([SENT_START], sent_start)
    return doc
