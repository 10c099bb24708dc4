"""compare reads only what concerns the two parties (issue #24): the store's `compare_slice` (their
claims, the documents naming them) gives the same Comparison as the whole map, on both backends;
third parties are found through the term index, and a document that only says "government" does
not concern a government. Made-up map, no model."""

from __future__ import annotations

import hashlib

import pytest

from argmap.compare import build, compare
from argmap.compare.terms import Vectors, mentions, name_phrases, search_strings
from argmap.model import ArgumentMap, Claim, ClaimSpans, Document, SpeechAct

#: key -> (text, third-party claims: (content, cue, actor))
EXTRA = {
    # names Freedonia: its third party is on the bridge topic
    "named": ("Border guards said the river bridge had been shelled from positions in Freedonia.\n",
              [("the river bridge had been shelled from positions in Freedonia", "said", "analysts-capital")]),
    # on the same topic, but names neither party: not part of the comparison
    "silent": ("Engineers said the river bridge had been shelled at night, the government said.\n",
               [("the river bridge had been shelled at night", "said", "analysts-capital")]),
}


def _doc(text: str, key: str) -> Document:
    sha = hashlib.sha256(text.encode()).hexdigest()
    return Document(id=Document.make_id(sha), title=key, path=f"made-up/{key}.txt", sha256=sha, text=text)


def _extended(amap: ArgumentMap, noise: int = 0) -> ArgumentMap:
    docs, claims = list(amap.documents), list(amap.claims)
    for key, (text, made) in EXTRA.items():
        if key == "named" and noise:  # third-party claims in a related document that share no term with anything
            text = text + "".join(f"Zorblax{i} said qwv{i}x happened.\n" for i in range(noise))
            made = made + [(f"qwv{i}x happened", "said", "analysts-capital") for i in range(noise)]
        doc = _doc(text, key)
        docs.append(doc)
        for content, cue, actor in made:
            cs = text.index(content)
            cue_s = text.rfind(cue, 0, cs) if text.rfind(cue, 0, cs) >= 0 else text.index(cue, cs)
            spans = ClaimSpans(content=[(cs, cs + len(content))], cue=[(cue_s, cue_s + len(cue))])
            end = text.index("\n", cs)
            start = text.rfind("\n", 0, cs) + 1
            claims.append(Claim(id=Claim.make_id(doc.id, spans), document=doc.id, actor=actor, cue=cue,
                                cue_lemma=cue, kind=SpeechAct.assertion, text=content, spans=spans,
                                sentence=(start, end)))
    return amap.model_copy(update={"documents": docs, "claims": claims})


def test_scope_slice_gives_the_comparison_of_the_whole_map(made_up, any_store):
    amap = _extended(made_up)
    any_store.import_map(amap)
    ids, words = build.scope(any_store.actors(), "Ruritania", "Freedonia")
    assert {"ruritania-government", "ruritania-ministry", "freedonia-government"} <= ids
    part = any_store.compare_slice(ids, words)
    silent = next(d.id for d in amap.documents if d.title == "silent")
    assert silent not in {d.id for d in part.documents}  # never read
    assert len(part.documents) == len(amap.documents) - 1
    whole = compare(any_store.load_map(), "Ruritania", "Freedonia")
    assert compare(part, "Ruritania", "Freedonia") == whole
    # every document may concern the parties: the whole store
    assert len(any_store.compare_slice(ids, None).documents) == len(amap.documents)


def test_scope_a_document_that_only_says_government_does_not_concern_the_parties(made_up):
    cmp = compare(_extended(made_up), "Ruritania", "Freedonia")
    third = [r.claim.text for tp in cmp.third_parties for r in tp.rows]
    assert "the river bridge had been shelled from positions in Freedonia" in third
    assert "the river bridge had been shelled at night" not in third


def test_scope_third_parties_are_found_through_the_index(made_up, monkeypatch):
    amap = _extended(made_up, noise=60)
    asked: list[str] = []
    real = Vectors.neighbours

    def spy(self, cid, index=None):
        asked.append(cid)
        return real(self, cid, index)

    monkeypatch.setattr(Vectors, "neighbours", spy)
    cmp = compare(amap, "Ruritania", "Freedonia")
    noise = {c.id for c in amap.claims if c.text.startswith("qwv")}
    assert len(noise) == 60 and not noise & set(asked)  # no term in common with A or B: never looked at
    assert "the river bridge had been shelled from positions in Freedonia" in [r.claim.text for tp in cmp.third_parties
                                                                         for r in tp.rows]


@pytest.mark.parametrize("names, text", [
    (["Government of Mali"], "Officials in Bamako said so."),
    (["Government of Mali"], "The MALIAN army said so.".replace("MALIAN", "Malian")),
    (["Noam Chomsky"], "As Noam\nChomsky wrote."),
    (["Côte d’Ivoire"], "In Côte d’Ivoire, ministers said."),
    (["Mélanie Joly"], "Minister Mélanie Joly said."),
])
def test_scope_search_strings_find_every_text_that_names_a_party(names, text):
    phrases = name_phrases(names)
    assert mentions(text, phrases)
    found = search_strings(phrases)
    assert found is None or any(s in text.lower() for s in found)


def test_scope_name_phrases_are_names_not_their_common_words():
    phrases = name_phrases(["Government of India", "Several former Indian diplomats"])
    assert {"India", "Indian", "New Delhi", "Government of India"} <= set(phrases)
    assert not mentions("The government said the former minister left.", phrases)
    assert mentions("Talks in New Delhi ended.", phrases) and not mentions("Indiana voted.", phrases)
