"""The learned link classifier, an experiment kept in bench/ (bench/learned_links.py; issue #19
moved it out of argmap): it fits, round-trips and links with the rules' reasons."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from argmap.model import Relation

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
import learned_links as learned  # noqa: E402
from test_link import ACTORS, make_claim, make_doc  # noqa: E402

pair_rows = learned.pair_rows


def _learning_case():
    doc = make_doc(
        "On 6 April, Mali accused Algeria of sponsoring international terrorism. "
        "Algeria rejected these accusations. "
        "Mali said the wreckage lay inside Malian territory."
    )
    accusation = make_claim(doc, "sponsoring international terrorism", "mali-government", cue="accused",
                            kind="accusation", target="algeria-government")
    denial = make_claim(doc, "these accusations", "algeria-government", cue="rejected", kind="denial")
    wreck = make_claim(doc, "the wreckage lay inside Malian territory", "mali-government")
    return [accusation, denial, wreck], doc


def test_learned_model_fits_labels_and_round_trips(tmp_path):
    claims, doc = _learning_case()
    rows = list(pair_rows(claims, ACTORS, [doc]))
    assert len(rows) == 3  # every pair of one short text is a candidate
    names = sorted({k for _, _, f in rows for k in f})
    by_pair = {(a, b): f for a, b, f in rows}
    acc, den, wreck = (c.id for c in claims)
    label = {frozenset((acc, den)): "contradicts", frozenset((acc, wreck)): "none", frozenset((den, wreck)): "none"}
    X = [[f.get(n, 0.0) for n in names] for (a, b), f in by_pair.items()] * 20
    y = [learned.CLASSES.index(label[frozenset(p)]) for p in by_pair] * 20
    model = learned.fit(X, y, names, l2=0.1)
    for (a, b), f in by_pair.items():
        probs = model.probabilities(f)
        assert abs(sum(probs) - 1.0) < 1e-9
        assert max(range(len(probs)), key=probs.__getitem__) == learned.CLASSES.index(label[frozenset((a, b))])
    path = tmp_path / "model.json"
    path.write_text(model.to_json(), encoding="utf-8")
    again = learned.load_model(str(path))
    f = by_pair[next(iter(by_pair))]
    assert again.probabilities(f) == pytest.approx(model.probabilities(f), abs=1e-4)
    links = learned.link_claims_learned(claims, ACTORS, [doc], again)
    assert [(lk.relation, {lk.source, lk.target}) for lk in links] == [(Relation.contradicts, {acc, den})]
    assert links[0].reason  # the rule's reason, naming the rejection cue
    assert "rejected" in links[0].reason


def test_learned_model_is_named_by_the_environment_and_bad_files_fail_in_one_line(tmp_path, monkeypatch):
    from argmap.errors import InputError

    monkeypatch.delenv("ARGMAP_LINK_MODEL", raising=False)
    assert learned.load_model() is None
    claims, doc = _learning_case()
    with pytest.raises(InputError, match="ARGMAP_LINK_MODEL"):
        learned.link_claims(claims, ACTORS, [doc])  # the eval_links --linker hook needs a model
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    monkeypatch.setenv("ARGMAP_LINK_MODEL", str(bad))
    with pytest.raises(InputError, match="not a usable link model"):
        learned.link_claims(claims, ACTORS, [doc])
