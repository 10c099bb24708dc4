"""Pre-filter: which sentences of a text can hold an attribution, decided before anything is parsed.

Owns the list of surface words that can fire a rule in `rules/` (every inflected form of the
cue lexicon's verbs, nouns, phrase verbs and view nouns, its adjectives, "according", a sentence-
initial "For", and with `include_author` the modals of `rules.authorial`) and the choice of text
spans worth parsing: sentences with such a word or a quotation, plus the context the rules and the
actor resolver look at. Pure functions on strings and plain tables; no spaCy objects, no I/O. The
spans are character offsets into the text (end exclusive), so claims found in a span are shifted
back exactly, like the pieces of `to_claims.chunk_bounds` (issue #9; measured in docs/scale.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .. import lang as language
from .lexicon import Lexicon
from .quotes import Quote, find_quotes

#: The suffix rules of spaCy's English rule lemmatizer (form suffix, lemma suffix), read backwards
#: to turn a lemma into the forms it can come from. Irregular forms come from its exception table.
INFLECTIONS = (("s", ""), ("ies", "y"), ("es", "e"), ("es", ""), ("ed", "e"), ("ed", ""), ("ing", "e"), ("ing", ""))
# Words that fire a rule without being in the lexicon (`rules.according_to`, `rules.authorial`), the
# abbreviations that do not end a sentence and the pronouns that need the sentence before are the
# language's word sets `rule_words`, `author_words`, `abbreviations`, `context_pronouns` (`argmap.lang`).
#: where a sentence-initial word stands: the line start, after a sentence end, or after a dash
_SENTENCE_START = r"(?:^|[.!?:;”\"’)]\s+|\s[—–]\s)"
_WORD = re.compile(r"[^\W\d_]+(?:[-’'][^\W\d_]+)*")


def inflections(lemma: str) -> set[str]:
    """Every form the lemmatizer's suffix rules (and consonant doubling) could map to `lemma`."""
    out = {lemma}
    for form_suffix, lemma_suffix in INFLECTIONS:
        if lemma.endswith(lemma_suffix):
            out.add(lemma[: len(lemma) - len(lemma_suffix)] + form_suffix)
    if lemma.endswith("y"):  # deny -> denied (the lemmatizer knows it from its exception table)
        out.add(lemma[:-1] + "ied")
    if len(lemma) > 2 and lemma[-1] not in "aeiouwxy":  # submit -> submitted, submitting
        out.update({lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"})
    return out


@dataclass(frozen=True)
class Triggers:
    """The words that let a sentence hold an attribution.

    Attributes:
        words: lower-case words that are enough on their own.
        pairs: lower-case forms of a phrase-only verb ("take") -> the forms of its phrase words
            ("responsibility", "issue"): the verb fires a rule only with one of them
            (`rules._phrase`), so it counts only when one is in the same sentence.
    """

    words: frozenset[str]
    pairs: Mapping[str, frozenset[str]] = field(default_factory=dict)
    #: words before a full stop that do not end a sentence ("Mr.", "Gen.")
    abbreviations: frozenset[str] = frozenset()
    #: pronouns whose sentence keeps the sentence before it (where their antecedent is)
    pronouns: frozenset[str] = frozenset()
    #: words that fire a rule only at a sentence start, capitalised ("For Algiers, ...", "Per the report, ...")
    initial: frozenset[str] = frozenset()
    #: marks that open a line of dialogue or a list item in the language (French « — », « - »): the line
    #: keeps the two before it, like a line opened by a quotation mark; none in English
    dialogue: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        words = sorted(w.capitalize() for w in self.initial)
        pattern = re.compile(_SENTENCE_START + "(?:" + "|".join(map(re.escape, words)) + r")\s") if words else None
        object.__setattr__(self, "_initial", pattern)

    def match(self, sentence: str) -> bool:
        """True when the sentence has a trigger word (any case), a phrase, or a sentence-initial word ("For")."""
        found = set(_WORD.findall(sentence.lower()))
        if not found.isdisjoint(self.words):
            return True
        if any(not found.isdisjoint(self.pairs[w]) for w in found & self.pairs.keys()):
            return True
        return self._initial is not None and self._initial.search(sentence) is not None


def trigger_words(lex: Lexicon, exceptions: Mapping[str, Mapping[str, Iterable[str]]] | None = None, *,
                  include_author: bool = False, inflect=None) -> Triggers:
    """The trigger words of the rules for lexicon `lex`.

    Args:
        lex: the cue lexicon the rules use.
        exceptions: the lemmatizer's irregular forms, `{pos: {form: [lemma, ...]}}` (spaCy's
            `lemma_exc` table: "said" -> ["say"]); None for the regular forms only.
        include_author: also the modals and verbs of the author's own claims.
        inflect: lemma -> the forms it can come from, for a language other than English (French:
            `rules.fr_base.forms_of`); default the English suffix rules (`inflections`).
    """
    inflect = inflect or inflections

    # the exception tables read backwards once (lemma -> its irregular forms), not once per `forms`
    # call: the tables have thousands of entries and every Extractor builds its triggers
    irregular: dict[str, set[str]] = {}
    for table in (exceptions or {}).values():
        for form, of in table.items():
            low = form.lower()
            for lemma in of:
                irregular.setdefault(lemma, set()).add(low)

    def forms(lemmas: set[str]) -> set[str]:
        out = {form for lemma in lemmas for form in inflect(lemma.lower())}
        for lemma in lemmas:
            out.update(irregular.get(lemma, ()))
        return out

    alone = set(lex.verbs) | set(lex.nouns) | set(lex.view_nouns)
    words = forms(alone) | set(lex.words.rule_words) | set(lex.words.quotative) | set(lex.adjectives)
    if include_author:
        words |= lex.words.author_words
    partners: dict[str, set[str]] = {}
    for verb, word in lex.phrases:
        if verb not in alone:
            partners.setdefault(verb, set()).add(word)
    pairs: dict[str, frozenset[str]] = {}
    for verb, with_words in partners.items():
        objects = frozenset(forms(with_words))
        for form in forms({verb}) - words:
            pairs[form] = pairs.get(form, frozenset()) | objects
    return Triggers(frozenset(words), pairs, lex.words.abbreviations, lex.words.context_pronouns,
                    lex.words.sentence_initial_words, lex.words.dialogue_dashes)


def line_bounds(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line, end exclusive and without the newline (the rules' paragraphs)."""
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


#: A sentence end: a stop, closing marks, space, then what can start a sentence.
_SENTENCE_END = re.compile(r"[.!?][”\"’)\]]*\s+(?=[“\"‘(\[]?[A-Z0-9])")
_LAST_WORD = re.compile(r"[\w.]+$")
_WORD_WINDOW = 64


def sentence_bounds(text: str, start: int, end: int, abbreviations: frozenset[str] | None = None) -> list[tuple[int, int]]:
    """Cut `text[start:end]` (one line) into sentences, conservatively: when in doubt, do not cut.

    Each sentence keeps the spaces after it, so the sentences tile the line exactly. A stop after
    one of `abbreviations` (default: English's) does not end a sentence.
    """
    if abbreviations is None:
        abbreviations = language.words("en").abbreviations
    out, at = [], start
    for m in _SENTENCE_END.finditer(text, start, end):
        if text[m.start()] == ".":
            # the word before the stop, looked for in a short window: from `at` it would rescan the
            # whole sentence at every skipped abbreviation (quadratic on a long line of "Mr. X")
            w = _LAST_WORD.search(text, max(at, m.start() - _WORD_WINDOW), m.start())
            word = w.group(0) if w else ""
            if "." in word or word.lower() in abbreviations or (len(word) == 1 and word.isalpha()):
                continue  # "U.S.", "Mr.", "J. Smith"
        out.append((at, m.end()))
        at = m.end()
    if at < end:
        out.append((at, end))
    return out


#: a line ending with a dash and a name ("... tolerate. — Rick Santorum", "... — Ana Ruiz (@anaruiz) May 3, 2016")
_SIGNED = re.compile(r"\s(?:[—–―]|--)\s*[A-Z][^\n—–―]{0,80}\s*$")


def parse_spans(text: str, triggers: Triggers, quotes: list[Quote] | None = None) -> list[tuple[int, int]]:
    """The parts of `text` worth parsing: sentences that can hold an attribution, with context.

    A sentence is kept when it has a trigger word or overlaps a quotation (quotations are never
    cut; a quoted sentence may continue the previous claim, `rules.quotes_pass`). Context kept too:
    the sentence before a kept sentence that has a pronoun (a pronoun speaker is resolved against
    the named entities just before it, `actors.Resolver._antecedent`), and the two lines before a
    line that opens with a quotation (a quote paragraph inherits the previous speaker), a line
    after one that ends inside an unclosed quotation (the quote runs on into it), and a line after a
    kept one that ends with a colon (what "the company denied the allegations:" introduces). A line signed at
    its end with a dash and a name is kept whole. Everything
    between two kept sentences of a line is kept whole, as are blank lines between kept lines.

    Args:
        text: the document text.
        triggers: the rules' trigger words (`trigger_words`).
        quotes: `quotes.find_quotes(text)` when the caller has it already.

    Returns:
        Sorted, disjoint (start, end) character spans. Each starts at a sentence start and ends
        where the next sentence or non-blank line starts (or at the end of the text): the parser
        gives trailing newlines to the sentence before them, so sentence ends come out as in a
        parse of the whole text. Empty when nothing can hold an attribution.
    """
    quotes = find_quotes(text) if quotes is None else quotes
    lines = [(s, e) for s, e in line_bounds(text) if text[s:e].strip()]
    units: list[tuple[int, int]] = []  # sentences, in order
    line_units: list[tuple[int, int]] = []  # per line: its first and one-past-last unit index
    for s, e in lines:
        first = len(units)
        units.extend(sentence_bounds(text, s, e, triggers.abbreviations or None))
        line_units.append((first, len(units)))
    keep = [False] * len(units)
    quote_starts = {qt.start for qt in quotes}
    open_ends = {qt.end for qt in quotes if not qt.closed}
    q = 0
    for li, (s, e) in enumerate(lines):
        first, last = line_units[li]
        if li > 0 and lines[li - 1][1] in open_ends:
            keep[first:last] = [True] * (last - first)  # a quote left open runs on into this line (rules.direct_quotes)
        if li > 0 and keep[line_units[li - 1][1] - 1] and text[lines[li - 1][0] : lines[li - 1][1]].rstrip().endswith(":"):
            keep[first:last] = [True] * (last - first)  # what a cue's colon at the line end introduces (rules.loose)
        if _SIGNED.search(text[s:e]):
            keep[first:last] = [True] * (last - first)  # a paragraph signed at its end (rules.headline.dash_byline)
        opener = e - len(text[s:e].lstrip())
        if opener in quote_starts or text[opener : opener + 1] in triggers.dialogue:
            # a quotation, or a dialogue line (« — Nous ne céderons pas, lance le colonel. »), keeps the two lines before
            for a, b in line_units[max(0, li - 2) : li]:
                keep[a:b] = [True] * (b - a)
        for k in range(first, last):
            us, ue = units[k]
            while q < len(quotes) and quotes[q].end <= us:
                q += 1
            quoted = q < len(quotes) and quotes[q].start < ue  # quotes are in order and do not overlap
            sentence = text[us:ue]
            if quoted or triggers.match(sentence):
                keep[k] = True
                if k > 0 and not triggers.pronouns.isdisjoint(_WORD.findall(sentence.lower())):
                    keep[k - 1] = True
    spans: list[tuple[int, int]] = []
    previous = None
    for k, (s, _e) in enumerate(units):
        if not keep[k]:
            continue
        end = units[k + 1][0] if k + 1 < len(units) else len(text)
        if previous is not None and previous == k - 1:
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((s, end))
        previous = k
    return spans


#: The longest stretch of text without a sentence end that the parser is given, in characters:
#: about three times the longest sentence of our corpora. The rules' work grows with the square of
#: a sentence's length (every cue walks its subtree), and the parser runs unpunctuated lines
#: together, so a megabyte line without full stops, thousands of nested quotation marks or a long
#: list of lines without stops are cut into pieces of about this size instead of becoming one
#: sentence that takes hours.
MAX_SENTENCE_CHARS = 1_000
_SOFT_BREAK = re.compile(r"[,;:)\]”»’\"]?\s+")
_ENDS_SENTENCE = re.compile(r"[.!?…][”\"’)\]»]*\s*$")


def cut_long_sentences(text: str, start: int, end: int, limit: int = MAX_SENTENCE_CHARS) -> list[tuple[int, int]]:
    """Cut `text[start:end]` so that no stretch without a sentence end is much longer than `limit`.

    Sentences are those of `sentence_bounds`; a line that does not end with a stop runs on into the
    next. A stretch over `limit` is cut before the sentence or line that makes it too long, and a
    single sentence over `limit` inside itself, after the last comma or semicolon (else space) of
    each `limit`-sized window, else `limit` characters in. Text with normal sentences comes back as
    the one piece (start, end); the pieces always tile the span exactly.
    """
    cuts: list[int] = []
    run = start  # where the current stretch without a sentence end began
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        line_end = end if nl == -1 else nl
        for us, ue in sentence_bounds(text, pos, line_end):
            if ue - us > limit:
                at = us
                if at > run:
                    cuts.append(at)
                while ue - at > limit:
                    last_space = last_clause = None
                    for m in _SOFT_BREAK.finditer(text, at + limit // 2, at + limit):
                        last_space = m.end()
                        if text[m.start()] in ",;:":
                            last_clause = m.end()
                    cut = last_clause or last_space
                    at = cut if cut is not None and at < cut < ue else at + limit
                    cuts.append(at)
                run = at
            elif ue - run > limit:
                cuts.append(us)
                run = us
            if _ENDS_SENTENCE.search(text, us, ue):
                run = ue
        pos = line_end + 1
    bounds = [start, *cuts, end]
    return [(a, b) for a, b in zip(bounds, bounds[1:]) if b > a]
