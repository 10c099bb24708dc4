"""Finder `fr_according`: « selon X, … », « d'après X, … », « pour X, … », « aux yeux de X, … ».

The phrase attributes the clause it modifies to X: the parser hangs X (or « yeux ») on the clause's
verb as `obl:mod` (or on a noun of it as `nmod`) with « selon » / « d'après » / « pour » / « aux » as
its `case`. Content: the clause without the phrase. « Pour X » counts only at the start of a
sentence and before a comma, with a speaker as X (« pour la première fois » is no view); a
« selon » phrase inside a noun (« l'accusation selon laquelle ») is left to the verb finder.
Known misses: « selon lui » when the parser hangs the pronoun on the subject noun.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Token

from ..lexicon import Lexicon
from .base import BASE_CONFIDENCE, Found, clause_minus
from .fr_base import is_speaker_fr, kids, norm, source_range
from .registry import rule


@rule("fr_according", "find")
def fr_according(doc: Doc, lex: Lexicon) -> Iterator[Found]:
    """« selon X », « d'après X », « pour X », « aux yeux de X », « de l'avis de X », « à en croire X »,
    « de source diplomatique »: X's view of the clause."""
    yield from _a_en_croire(doc, lex)
    for tok in doc:
        low = norm(tok.text)
        if tok.dep_ not in {"case", "fixed"} or tok.dep_ == "fixed":
            continue
        holder = tok.head  # the noun the preposition marks
        phrase = _phrase(tok, holder, lex)
        if phrase is None:
            continue
        cue_toks, speaker, kind = phrase
        relative = norm(speaker.text) in RELATIVES
        if relative:
            # "l'annonce du ministère, selon lequel sa défense aérienne avait détruit ...": the relative's antecedent
            speaker = _antecedent(speaker, lex)
            if speaker is None:
                continue
        if not is_speaker_fr(speaker, lex):
            continue
        content = _initial_content(cue_toks[0], holder) if not relative else None
        if content is None:
            clause = holder.head
            while clause.pos_ not in {"VERB", "AUX"} and clause.head != clause and clause.dep_ not in {"ROOT"}:
                clause = clause.head
            if clause == holder or holder.dep_ not in {"obl:mod", "obl", "nmod", "advmod", "obl:arg", "dep"}:
                continue
            if clause.dep_ == "acl:relcl" and not relative:
                continue  # "des photos qui montrent, d'après lui, ...": inside a noun's relative clause
            content = clause_minus(clause, holder)
        if content is None or content[1] - content[0] < 2:
            continue
        yield Found(
            cue=[(cue_toks[0].i, cue_toks[-1].i + 1)],
            content=[content],
            source=source_range(speaker),
            rule=f"fr.according.{kind}",
            lemma={"de_l_avis_de": "de l'avis de", "d_après": "d'après"}.get(kind, kind.replace("_", " ")),
            act="belief" if kind in {"pour", "aux_yeux_de", "de_l_avis_de"} else "assertion",
            confidence=BASE_CONFIDENCE["according"] if kind != "pour" else BASE_CONFIDENCE["view"],
            cue_head=cue_toks[0].i,
        )


def _phrase(case: Token, holder: Token, lex: Lexicon) -> tuple[list[Token], Token, str] | None:
    """(cue tokens, speaker, kind) when `case` opens an attributing phrase on `holder`."""
    doc = case.doc
    low = norm(case.text)
    if low == "selon":
        return [case], holder, "selon"
    if low in {"d'", "de"} and case.i + 1 < len(doc) and norm(doc[case.i + 1].text) == "après":
        return [case, doc[case.i + 1]], holder, "d_après"
    if low in {"aux", "à"} and norm(holder.text) == "yeux":
        of = next((c for c in kids(holder) if c.dep_ == "nmod" and any(norm(k.text) in {"de", "d'", "du", "des"} for k in kids(c))), None)
        if of is not None:
            return [case, holder], of, "aux_yeux_de"
    if low in {"de", "d'"} and norm(holder.text) == "avis" and not any(k.dep_ == "det" and norm(k.text) not in {"l'", "le"} for k in kids(holder)):
        # « de l'avis de plusieurs diplomates »
        of = next((c for c in kids(holder) if c.dep_ == "nmod" and any(norm(k.text) in {"de", "d'", "du", "des"} for k in kids(c))), None)
        if of is not None:
            return [case, holder], of, "de_l_avis_de"
    if low in {"de", "d'"} and norm(holder.text) in {"source", "sources"} and _sentence_initial(case) \
            and not any(k.dep_ == "det" for k in kids(holder)) and any(k.dep_ == "amod" for k in kids(holder)):
        # « De source diplomatique, … », « de sources concordantes »: the source is the phrase
        return [case], holder, "de_source"
    if low == "pour" and _sentence_initial(case) and (doc[holder.right_edge.i + 1:holder.right_edge.i + 2].text == ","
                                                        or _np_comma(case) is not None):
        return [case], holder, "pour"
    return None


RELATIVES = {"lequel", "laquelle", "lesquels", "lesquelles"}


def _antecedent(relative: Token, lex: Lexicon) -> Token | None:
    """The noun a « selon lequel » clause hangs on: the head of its relative clause, else the nearest
    noun before it."""
    doc = relative.doc
    t = relative
    for _ in range(4):
        if t.dep_ == "acl:relcl":
            return t.head
        if t.head == t:
            break
        t = t.head
    before = [w for w in doc[max(0, relative.i - 8) : relative.i - 1] if w.pos_ in {"NOUN", "PROPN"}]
    return before[-1] if before else None


def _initial_content(case: Token, holder: Token) -> tuple[int, int] | None:
    """A sentence-initial phrase closed by a comma reports the rest of the sentence, wherever the
    parser hung the phrase (« Selon une politologue jointe à Alger, le gouvernement … »)."""
    doc = case.doc
    comma = holder.right_edge.i + 1
    if comma >= len(doc) or doc[comma].text != ",":
        comma = _np_comma(case) or comma  # the parser ran the phrase on past its comma
    if not _sentence_initial(case) or comma >= len(doc) or doc[comma].text != ",":
        return None
    end = case.sent.end
    from .base import trim

    return trim(doc, (comma + 1, end))


def _sentence_initial(tok: Token) -> bool:
    doc = tok.doc
    i = tok.i - 1
    while i >= tok.sent.start and (doc[i].is_space or doc[i].text in {"«", "“", "\"", "—", "–"}):
        i -= 1
    return i < tok.sent.start


def _a_en_croire(doc: Doc, lex: Lexicon) -> Iterator[Found]:
    """« À en croire le ministre, la crise sera réglée … »: « à en croire » and its object attribute the
    rest of the sentence (read on the surface: « à », « en », a form of « croire », then X, then a comma)."""
    from .base import trim

    for tok in doc:
        if norm(tok.text) not in {"à", "a"} or tok.i + 3 >= len(doc) or norm(doc[tok.i + 1].text) != "en" \
                or norm(doc[tok.i + 2].text) != "croire" or not _sentence_initial(tok):
            continue
        verb = doc[tok.i + 2]
        speaker = next((c for c in kids(verb) if c.dep_ in {"obj", "nsubj", "obl:arg", "nmod"} and c.i > verb.i), None)
        if speaker is None or not is_speaker_fr(speaker, lex):
            continue
        comma = speaker.right_edge.i + 1
        if comma >= len(doc) or doc[comma].text != ",":
            continue
        content = trim(doc, (comma + 1, tok.sent.end if tok.sent.end > comma + 1 else doc[comma + 1].sent.end))
        if content is None or content[1] - content[0] < 2:
            continue
        yield Found(cue=[(tok.i, verb.i + 1)], content=[content], source=source_range(speaker), rule="fr.according.a_en_croire",
                    lemma="à en croire", act="assertion", confidence=BASE_CONFIDENCE["according"], cue_head=verb.i)


def _np_comma(case: Token) -> int | None:
    """The comma that closes a sentence-initial phrase read on the surface (« Pour le chercheur Ibrahim
    Maïga, … »: the parser ran the phrase on into the clause): the first comma after `case` with only a
    noun phrase between (determiners, nouns, names, adjectives, « de »)."""
    doc = case.doc
    for t in doc[case.i + 1 : min(len(doc), case.i + 12)]:
        if t.text == ",":
            return t.i if t.i > case.i + 1 else None
        if t.pos_ not in {"DET", "NOUN", "PROPN", "ADJ", "NUM"} and norm(t.text) not in {"de", "d'", "du", "des"}:
            return None
    return None
