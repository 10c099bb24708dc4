"""Speed and scale (issue #9): the pre-filter, incremental extraction, worker processes, streaming.

The pre-filter must not change what is extracted: on the hand-written corpus, the team corpus and
the seed article it gives exactly the claims of a full parse. Incremental runs parse only what is
new; worker processes give the same store as one process.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from team_corpus import english_corpus_folders
from argmap import jobs
from argmap.extract.lexicon import load_lexicon
from argmap.extract.prefilter import inflections, parse_spans, sentence_bounds, trigger_words
from argmap.store import open_store
from argmap.store.sqlite import APP_ID, MIGRATIONS, SCHEMA_VERSION, dumps_map

TEAM_CORPUS = Path(__file__).resolve().parents[1] / "corpus"

#: The regular forms plus the irregular ones the lemmatizer's exception table would give.
EXCEPTIONS = {"verb": {"said": ["say"], "told": ["tell"], "wrote": ["write"], "thought": ["think"]}}


@pytest.fixture(scope="module")
def words():
    return trigger_words(load_lexicon(), EXCEPTIONS)


def _kept(text: str, words) -> str:
    return "".join(text[s:e] for s, e in parse_spans(text, words))


# -- the pre-filter, no model --------------------------------------------------------------------
@pytest.mark.parametrize("lemma, forms", [
    ("say", {"says", "saying"}),
    ("denounce", {"denounces", "denounced", "denouncing"}),
    ("deny", {"denies", "denied"}),
    ("submit", {"submits", "submitted", "submitting"}),
])
def test_prefilter_inflections_cover_regular_forms(lemma, forms):
    assert forms <= inflections(lemma)


def test_prefilter_trigger_words_from_lexicon_and_exceptions(words):
    assert {"said", "told", "denounced", "accusations", "according", "view"} <= words.words
    assert "the" not in words.words and "drone" not in words.words


@pytest.mark.parametrize("sentence, expected", [
    ("The group took responsibility for the attack.", True),
    ("The group took the town.", False),  # "take" fires only as "take responsibility" / "take issue"
    ("Officials raised concerns about the border.", True),
    ("Officials raised the flag.", False),
    ("The MINISTRY SAID so.", True),
])
def test_prefilter_phrase_verbs_need_their_phrase_word(words, sentence, expected):
    assert words.match(sentence) is expected


@pytest.mark.parametrize("text, cuts", [
    ("The ministry spoke. The army did not.", ["The ministry spoke. ", "The army did not."]),
    ("Mr. Traoré said so. Then he left.", ["Mr. Traoré said so. ", "Then he left."]),
    ("The U.S. State Department said so.", ["The U.S. State Department said so."]),
    ("“It is over.” The talks ended.", ["“It is over.” ", "The talks ended."]),
    ("Gen. Goïta spoke in 2024. Nothing changed.", ["Gen. Goïta spoke in 2024. ", "Nothing changed."]),
])
def test_prefilter_sentence_bounds_cut_conservatively(text, cuts):
    assert [text[s:e] for s, e in sentence_bounds(text, 0, len(text))] == cuts


def test_prefilter_keeps_cue_sentences_and_drops_the_rest(words):
    text = ("The drone came down near the border on Tuesday. Nobody was hurt.\n\n"
            "The ministry said the aircraft had crossed into Algerian airspace.\n\n"
            "The border region is mostly desert.\n")
    kept = _kept(text, words)
    assert "The ministry said" in kept and "desert" not in kept and "Nobody" not in kept


def test_prefilter_keeps_quotations_whole_and_their_speaker_context(words):
    text = ("The weather was calm. Mali’s army spoke first. It issued a long text.\n"
            "“We are ready. We will not wait. Our patience has limits,” it added.\n"
            "“The border is ours.”\n")
    spans = parse_spans(text, words)
    kept = _kept(text, words)
    # the whole quotation, the pronoun's previous sentence, and the two lines before a quote line
    assert "We will not wait." in kept and "Our patience has limits" in kept
    assert "It issued a long text." in kept and "“The border is ours.”" in kept
    assert all(text[s:e] for s, e in spans) and spans == sorted(spans)


def test_prefilter_nothing_to_parse(words):
    assert parse_spans("The drone came down. Nobody was hurt.\n", words) == []
    assert parse_spans("", words) == []


def test_prefilter_sentence_initial_for_and_author_modals():
    lex = load_lexicon()
    words = trigger_words(lex, EXCEPTIONS)
    text = "The talks went on. For Algiers, the movements are political actors.\n"
    assert "For Algiers" in _kept(text, words)
    modal = "Leaders should resume the dialogue.\n"  # no cue word: only the modal
    assert _kept(modal, words) == ""
    assert _kept(modal, trigger_words(lex, EXCEPTIONS, include_author=True)) == modal


# -- the pre-filter on the real model: same claims as a full parse --------------------------------
def _documents(paths):
    from argmap.ingest import load
    from argmap.model import Document

    return [d for d in load([str(p) for p in paths]) if isinstance(d, Document)]


def _extract_all(nlp, documents, *, prefilter: bool, registry=None):
    from argmap.extract.actors import Registry
    from argmap.parallel import Extractor, Settings

    settings = Settings(prefilter=prefilter, registry=registry or Registry())
    return {r.document: r for r in Extractor(settings, nlp).run(documents)}


@pytest.mark.model
def test_prefilter_same_claims_as_full_parse(nlp, corpus, request):
    from argmap.extract.actors import Registry

    try:
        seed = [request.getfixturevalue("seed")]
    except pytest.skip.Exception:
        seed = []  # the seed article only where it is; the corpora are enough to run
    paths = [corpus, TEAM_CORPUS, *seed]
    documents = _documents(paths)
    registry = Registry.load(None, [TEAM_CORPUS])
    full = _extract_all(nlp, documents, prefilter=False, registry=registry)
    filtered = _extract_all(nlp, documents, prefilter=True, registry=registry)
    assert sum(r.chars_parsed for r in filtered.values()) < sum(r.chars for r in filtered.values())
    for d in documents:
        assert filtered[d.id].claims == full[d.id].claims, d.path
        assert filtered[d.id].actors == full[d.id].actors, d.path
        for c in filtered[d.id].claims:  # offsets stay exact
            assert c.text == " … ".join(d.text[s:e] for s, e in c.spans.content)
            assert c.cue == " ".join(d.text[s:e] for s, e in c.spans.cue)


@pytest.mark.model
def test_prefilter_document_without_cues_gives_nothing_and_parses_nothing(nlp, make_doc):
    doc = make_doc("The drone came down near the border. Nobody was hurt.\n", "quiet.txt")
    (result,) = _extract_all(nlp, [doc], prefilter=True).values()
    assert result.claims == [] and result.chars_parsed == 0


# -- incremental extraction ------------------------------------------------------------------------
@pytest.mark.model
def test_incremental_rerun_parses_nothing_and_loads_no_model(store, corpus, nlp, monkeypatch):
    first = jobs.extract(store, [str(corpus)], nlp=nlp)
    claims = store.claims()
    assert first.documents_added == 3 and first.chars_parsed > 0

    def no_model(*a, **k):
        raise AssertionError("the model was loaded for a corpus with nothing new")

    monkeypatch.setattr("argmap.pipeline.build_nlp", no_model)
    again = jobs.extract(store, [str(corpus)])
    assert (again.documents_unchanged, again.documents_skipped, again.chars) == (3, 3, 0)
    assert store.claims() == claims


@pytest.mark.model
def test_incremental_one_new_document_costs_one_document(store, corpus, nlp):
    jobs.extract(store, [str(corpus)], nlp=nlp)
    new = corpus / "late.txt"
    new.write_text("Niamey said the convoy had been attacked near the border.\n", encoding="utf-8")
    result = jobs.extract(store, [str(corpus)], nlp=nlp)
    assert (result.documents_added, result.documents_skipped) == (1, 3)
    assert result.chars == len(new.read_text(encoding="utf-8"))
    assert result.claims_written >= 1


@pytest.mark.model
def test_incremental_force_and_changed_extractor_extract_again(store, corpus, nlp, tmp_path):
    jobs.extract(store, [str(corpus)], nlp=nlp)
    assert jobs.extract(store, [str(corpus)], nlp=nlp, force=True).documents_skipped == 0
    # another option, another extractor: its claims may differ, so everything is extracted again
    assert jobs.extract(store, [str(corpus)], nlp=nlp, include_author=True).documents_skipped == 0
    registry = tmp_path / "actors.yaml"
    registry.write_text("actors:\n  - id: foreign-ministry\n    name: Foreign Ministry\n    kind: government\n", encoding="utf-8")
    again = jobs.extract(store, [str(corpus)], nlp=nlp, include_author=True, actors_file=str(registry))
    assert again.documents_skipped == 0
    assert jobs.extract(store, [str(corpus)], nlp=nlp, include_author=True, actors_file=str(registry)).documents_skipped == 3


@pytest.mark.model
def test_incremental_skipped_documents_keep_reviewed_claims(store, corpus, nlp):
    jobs.extract(store, [str(corpus)], nlp=nlp)
    claim = store.claims()[0]
    store.update_claim(claim.model_copy(update={"status": "accepted"}), reviewer="t")
    result = jobs.extract(store, [str(corpus)], nlp=nlp)
    assert result.claims_kept == 1 and result.claims_written == 0
    assert store.claim(claim.id).status.value == "accepted"


def test_store_migration_0003_adds_extractor_to_an_old_store(tmp_path, make_doc):
    db = tmp_path / "old.db"
    conn = sqlite3.connect(db)
    script = "".join(sql + ";" for _, sql in MIGRATIONS[:2])
    conn.executescript(f"BEGIN; {script} PRAGMA application_id = {APP_ID}; PRAGMA user_version = 2; COMMIT;")
    doc = make_doc("The ministry said so.\n", "a.txt")
    conn.execute("INSERT INTO documents(id, sha256, path, data) VALUES (?, ?, ?, ?)",
                 (doc.id, doc.sha256, doc.path, doc.model_dump_json()))
    conn.commit()
    conn.close()
    with open_store(db) as s:
        assert s.schema_version == SCHEMA_VERSION >= 3
        stored, extractor, reviewed = s.stored_extraction(doc.sha256)
        assert (stored, extractor, reviewed) == (doc, None, 0)  # never extracted by a fingerprinted run
        s.replace_claims(doc.id, [], extractor="x1-test")
        assert s.stored_extraction(doc.sha256)[1] == "x1-test"
        assert s.stored_extraction("0" * 64) is None


def test_pipeline_fingerprint_changes_with_what_decides_the_claims():
    from argmap.extract.actors import Registry
    from argmap.model import Actor
    from argmap.pipeline import extractor_fingerprint

    base = extractor_fingerprint("en_core_web_sm==3.8.0")
    assert base == extractor_fingerprint("en_core_web_sm==3.8.0")
    assert base != extractor_fingerprint("en_core_web_sm==3.8.1")
    assert base != extractor_fingerprint("en_core_web_sm==3.8.0", include_author=True)
    assert base != extractor_fingerprint("en_core_web_sm==3.8.0", prefilter=False)
    registry = Registry()
    registry.add(Actor(id="x", name="X"))
    assert base != extractor_fingerprint("en_core_web_sm==3.8.0", registry=registry)


# -- worker processes and streaming ----------------------------------------------------------------
@pytest.mark.model
def test_processes_same_store_as_one_process(tmp_path, nlp):
    exports = []
    for processes in (1, 2):
        with open_store(tmp_path / f"p{processes}.db") as s:
            result = jobs.extract(s, [str(f) for f in english_corpus_folders()], nlp=nlp, processes=processes)
            assert result.documents_added == 10
            exports.append(dumps_map(s.load_map()))
    assert exports[0] == exports[1]


@pytest.mark.model
def test_streaming_reads_documents_as_it_goes(nlp, make_doc):
    """The extractor pulls documents a batch ahead, not the whole corpus, before its first result."""
    from argmap.extract.actors import Registry
    from argmap.parallel import Extractor, Settings

    pulled = 0

    def documents():
        nonlocal pulled
        for i in range(200):
            pulled += 1
            yield make_doc(f"Report {i}. The ministry said the border was closed on day {i}.\n", f"d{i}.txt")

    results = Extractor(Settings(registry=Registry(), batch_size=8), nlp).run(documents())
    first = next(results)
    assert first.claims and pulled <= 16
    assert sum(1 for _ in results) == 199


@pytest.mark.model
def test_cli_extract_processes_and_force(cli, corpus):
    first = cli("extract", "--processes", "2", corpus)
    assert first.exit_code == 0, first.output
    assert "3 new" in first.stdout
    again = cli("extract", corpus)
    assert "3 already stored (3 up to date, not parsed)" in again.stdout
    forced = cli("extract", "--force", corpus)
    assert forced.exit_code == 0 and "up to date" not in forced.stdout


@pytest.mark.parametrize("args, message", [
    (["--scheduler", "tcp://127.0.0.1:9"], "--scheduler needs --engine dask"),
    (["--processes", "0"], "--processes"),
    (["--engine", "spark"], "--engine"),
])
def test_cli_extract_bad_scale_options(cli, corpus, args, message):
    result = cli("extract", *args, corpus)
    assert result.exit_code == 2 and message in result.output
    assert not (Path.cwd() / "argmap.db").exists()


def _paragraph_breaks_token_by_token(doc):
    """The reference: the token-by-token rule (spaCy's setter scans the Doc on each call: quadratic)."""
    start_next = False
    for tok in doc:
        if start_next and not tok.is_space:
            tok.is_sent_start = True
            start_next = False
        if "\n" in tok.text or "\n" in tok.whitespace_:
            start_next = True
    return doc


@pytest.mark.parametrize("text", [
    "", " ", "\n", "a\n", "\n\na", "x \n \n y\n\n", "Hi.\nThere\n\n\n  \tz", "One line, no break.",
    "By Maria Lopez, Staff Writer\n\nThe council said on Monday that it would act.\nIt did.  \n\n\n“Quote.”\n",
    "\n".join(f"Paragraph {i} says something." for i in range(3000)),
])
def test_paragraph_breaks_same_as_token_by_token(nlp, text):
    from spacy.attrs import SENT_START

    from argmap.extract.components import paragraph_breaks

    fast, slow = paragraph_breaks(nlp.make_doc(text)), _paragraph_breaks_token_by_token(nlp.make_doc(text))
    assert fast.to_array([SENT_START]).tolist() == slow.to_array([SENT_START]).tolist()


def test_paragraph_breaks_refuse_a_parsed_doc_like_spacy(nlp):
    from argmap.extract.components import paragraph_breaks

    doc = nlp("The council met.\n\nIt said so.")
    with pytest.raises(ValueError, match="E043"):
        paragraph_breaks(doc)
    assert paragraph_breaks(nlp("No line break here.")) is not None  # nothing to set: nothing refused
