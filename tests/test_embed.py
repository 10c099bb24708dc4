"""The numpy sentence encoder (`argmap.embed`) against an independent implementation.

`tests/golden/embed/minilm_reference.json` was written by `bench/embed_reference.py` with Hugging
Face transformers (PyTorch) and tokenizers on the same model files: token ids must be equal and
vectors equal to float32 rounding.
"""

from __future__ import annotations

import json
import struct
from pathlib import Path

import numpy as np
import pytest

from argmap import embed

REFERENCE = json.loads((Path(__file__).parent / "golden" / "embed" / "minilm_reference.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def encoder():
    try:
        return embed.load_encoder()
    except FileNotFoundError as exc:
        pytest.skip(str(exc))


@pytest.mark.parametrize("row", REFERENCE["rows"], ids=lambda r: r["text"][:24] or "empty")
def test_embed_tokens_and_vectors_match_the_reference(encoder, row):
    assert encoder.tokenizer.encode(row["text"]) == row["ids"]
    vec = encoder.encode([row["text"]])[0]
    assert np.abs(vec - np.array(row["vector"], dtype=np.float32)).max() < 2e-6


def test_embed_a_batch_gives_what_one_at_a_time_gives(encoder):
    texts = [r["text"] for r in REFERENCE["rows"]]
    together = encoder.encode(texts, batch_size=5)  # mixed lengths: padding must not change a vector
    alone = np.stack([encoder.encode([t])[0] for t in texts])
    assert together.shape == (len(texts), encoder.dim) and np.abs(together - alone).max() < 2e-6
    assert np.allclose(np.linalg.norm(together, axis=1), 1.0, atol=1e-5)
    assert encoder.encode([]).shape == (0, encoder.dim)


def test_embed_paraphrases_are_closer_than_unrelated_statements(encoder):
    a, b, c, d = encoder.encode([
        "The ministry said the drone had violated the country's airspace.",
        "According to the ministry, the aircraft entered its airspace illegally.",
        "The football team won the cup after extra time.",
        "Bamako denied that the drone ever crossed the border.",
    ])
    assert a @ b > 0.6 and a @ c < 0.2
    assert a @ d > a @ c  # a denial is about the same event: close in topic, whatever its polarity


def test_embed_long_texts_are_cut_to_the_token_limit(encoder):
    ids = encoder.tokenizer.encode("word " * 1000)
    assert len(ids) == embed.MAX_TOKENS and ids[0] == encoder.tokenizer.cls_id and ids[-1] == encoder.tokenizer.sep_id


def test_embed_safetensors_reader_on_a_hand_made_file():
    header = json.dumps({"__metadata__": {"format": "pt"},
                         "a": {"dtype": "F32", "shape": [2, 2], "data_offsets": [0, 16]},
                         "b": {"dtype": "I64", "shape": [1], "data_offsets": [16, 24]}}).encode()
    data = struct.pack("<Q", len(header)) + header + np.arange(4, dtype="<f4").tobytes() + np.array([7], dtype="<i8").tobytes()
    tensors = embed._safetensors(data)
    assert tensors["a"].tolist() == [[0.0, 1.0], [2.0, 3.0]] and tensors["b"].tolist() == [7]


def test_embed_can_be_turned_off_and_a_missing_model_says_how_to_install(monkeypatch, tmp_path):
    monkeypatch.setenv("ARGMAP_EMBEDDINGS", "0")
    embed.default_encoder.cache_clear()
    try:
        assert embed.default_encoder() is None
    finally:
        monkeypatch.delenv("ARGMAP_EMBEDDINGS")
        embed.default_encoder.cache_clear()
    with pytest.raises(FileNotFoundError):
        embed.load_encoder(tmp_path / "nothing.zip")
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "config.json").write_text('{"model_type": "gpt2"}')
    (tmp_path / "m" / "tokenizer.json").write_text("{}")
    (tmp_path / "m" / "model.safetensors").write_bytes(b"")
    with pytest.raises(ValueError, match="not a BERT model"):
        embed.load_encoder(tmp_path / "m")


def test_embed_a_model_asked_for_but_missing_is_a_one_line_error(monkeypatch, tmp_path):
    from argmap.errors import InputError

    for setting in (str(tmp_path / "nowhere"), str(tmp_path)):
        monkeypatch.setenv("ARGMAP_EMBEDDINGS", setting)
        embed.default_encoder.cache_clear()
        try:
            with pytest.raises(InputError, match="ARGMAP_EMBEDDINGS=") as err:
                embed.default_encoder()
            assert "\n" not in str(err.value)
        finally:
            embed.default_encoder.cache_clear()
