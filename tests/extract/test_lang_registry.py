"""Language data (`argmap.lang`) and the rule registry (`argmap.extract.rules`): no model needed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from argmap import lang
from argmap.extract.lexicon import load_lexicon
from argmap.extract.rules import DEFAULT_RULES, RULES, find_all, get_rules

from .helpers import hand_doc, triples

SRC = Path(__file__).resolve().parents[2] / "src" / "argmap"


def test_every_word_set_the_code_asks_for_is_in_the_english_file():
    wanted = set()
    for py in SRC.rglob("*.py"):
        if py.name.startswith("fr_"):
            continue  # the French rules read the French file (next test)
        text = py.read_text(encoding="utf-8")
        wanted |= set(re.findall(r"\b(?:lex\.words|_WORDS|words\(\"en\"\))\.([a-z_]+)", text))
    assert len(wanted) > 30
    have = lang.words("en")
    assert sorted(wanted - set(have)) == []


def test_every_word_set_the_french_rules_ask_for_is_in_the_french_file():
    """The French finders (`rules/fr_*.py`), the passes of FRENCH_RULES and the act refinement ask
    `lex.words` of a French lexicon for these (issue #22)."""
    rules = SRC / "extract" / "rules"
    wanted = set()
    for name in ("fr_base.py", "fr_verbs.py", "fr_according.py", "acts.py", "merge.py", "direct_quotes.py", "nested.py"):
        wanted |= set(re.findall(r"\blex\.words\.([a-z_]+)", (rules / name).read_text(encoding="utf-8")))
    assert len(wanted) > 20
    assert sorted(wanted - set(lang.words("fr"))) == []


def test_word_file_errors_are_clear():
    with pytest.raises(ValueError, match="before the first"):
        lang.parse_words("he she\n[pronouns]\nit\n")
    with pytest.raises(ValueError, match="given twice"):
        lang.parse_words("[a]\nx\n[a]\ny\n")
    ws = lang.parse_words("[multi]  # comment\narmed_forces  army # trailing\n")
    assert ws.multi == frozenset({"armed forces", "army"})
    with pytest.raises(AttributeError, match=r"no word set \[nope\]"):
        ws.nope
    with pytest.raises(ValueError, match="no language data"):
        lang.words("zz")


def test_lexicon_carries_its_language_word_sets():
    lex = load_lexicon(None, "en")
    assert "say" in lex.verbs and "spokesman" in lex.speakers
    assert "he" in lex.words.pronouns and lex.lang == "en"


def test_registry_names_the_default_rules_in_order_and_refuses_unknown_ones():
    assert [r.name for r in get_rules(DEFAULT_RULES)] == list(DEFAULT_RULES)
    assert all(RULES[n].kind == "find" for n in DEFAULT_RULES[:3])
    with pytest.raises(ValueError, match="unknown attribution rule 'no_such_rule'"):
        get_rules(["verb_cues", "no_such_rule"])


# "The ministry said the drone crashed ." parsed by hand
SAID = dict(
    words=["The", "ministry", "said", "the", "drone", "crashed", "."],
    heads=[1, 2, 2, 4, 5, 2, 2],
    deps=["det", "nsubj", "ROOT", "det", "nsubj", "ccomp", "punct"],
    pos=["DET", "NOUN", "VERB", "DET", "NOUN", "VERB", "PUNCT"],
    lemmas=["the", "ministry", "say", "the", "drone", "crash", "."],
)


def test_hand_built_parse_runs_the_named_rules_only():
    lex = load_lexicon(None, "en")
    doc = hand_doc(**SAID)
    assert triples(doc, find_all(doc, lex)) == [("The ministry", "said", "the drone crashed")]
    assert find_all(doc, lex, rules=["according_to", "nominal_cues"]) == []


def test_component_config_lists_rules(nlp):
    import spacy

    fresh = spacy.blank("en")
    with pytest.raises(ValueError, match="unknown attribution rule"):
        fresh.add_pipe("argmap_attributions", config={"rules": ["verb_cues", "typo"]})
    comp = nlp.get_pipe("argmap_attributions")
    assert comp.rules == tuple(DEFAULT_RULES)
