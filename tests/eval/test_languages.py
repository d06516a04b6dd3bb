"""Every language with a data file is judged; any other is honestly not judged.

The non-English gold documents (those of ``evals/gold/gold.jsonl`` not detected as English)
and variants of their claims written per language by ``language_variants`` go through the
product's path: ``verify_claims`` with the default judge, the claim's own gold evidence, the
document's detected language and the frame. Rates are printed per language and kind and held
to absolute floors: each wrong kind rejected ≥ 95%, paraphrases and the gold claims themselves
kept ≥ 90%.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

import pytest

from summarizer._document import Document
from summarizer._judges import get_judge
from summarizer._schema import Alignment, Claim, Evidence
from summarizer._support import DEFAULT_JUDGE
from summarizer._verify import verify_claims
from summarizer.evaluation import load_gold
from summarizer.text import detect_language, supported_languages
from tests.support.language_variants import (
    GOLD,
    KEEP,
    REJECT,
    Variant,
    generate,
    gold_documents,
    language_of,
)

MIN_REJECTED = 0.95
MIN_KEPT = 0.90

Rates = dict[str, dict[str, tuple[int, float]]]  # language -> kind -> (n, supported share)


def _claims(variants: list[Variant]) -> Iterator[tuple[Variant, Claim]]:
    docs = gold_documents()
    for v in variants:
        gold = docs[v.doc].claims[v.gold]
        evidence = [
            Evidence(quote=e.quote, start=e.start, end=e.end, alignment=Alignment.EXACT, score=1.0)
            for e in gold.evidence
        ]
        yield v, Claim(text=v.text, kind=gold.kind, evidence=evidence)


@pytest.fixture(scope="module")
def rates() -> Rates:
    judge = get_judge(DEFAULT_JUDGE)
    by_doc: dict[str, list[Variant]] = defaultdict(list)
    for v in generate():
        by_doc[v.doc].append(v)
    hits: dict[str, dict[str, list[bool]]] = defaultdict(lambda: defaultdict(list))
    for doc_id, variants in by_doc.items():
        document = Document(gold_documents()[doc_id].source_text)
        pairs = list(_claims(variants))
        verified = verify_claims([c for _, c in pairs], judge, document).claims
        for (v, _), claim in zip(pairs, verified, strict=True):
            assert claim.support is not None
            hits[language_of(doc_id)][v.kind].append(claim.support.supported is True)
    return {
        code: {kind: (len(h), sum(h) / len(h)) for kind, h in kinds.items()}
        for code, kinds in hits.items()
    }


def test_print_rates(rates: Rates, capsys: pytest.CaptureFixture[str]) -> None:
    lines = ["", "languages: share rejected (wrong kinds) / kept (paraphrase, original), n"]
    for code in sorted(rates):
        cells = []
        for kind in (*REJECT, *KEEP):
            n, supported = rates[code].get(kind, (0, 0.0))
            share = supported if kind in KEEP else 1 - supported
            cells.append(f"{kind} {share:.2f} ({n})")
        lines.append(f"{code}: " + ", ".join(cells))
    with capsys.disabled():
        print("\n".join(lines))
    assert set(rates) >= {"de", "fr", "es", "zh"}


def _languages() -> list[str]:
    return sorted({language_of(d) for d in gold_documents()})


@pytest.mark.parametrize("code", _languages())
@pytest.mark.parametrize("kind", REJECT)
def test_wrong_variants_are_rejected(rates: Rates, code: str, kind: str) -> None:
    n, supported = rates[code].get(kind, (0, 0.0))
    assert n >= 1, (code, kind)
    assert 1 - supported >= MIN_REJECTED, (code, kind, n, supported)


@pytest.mark.parametrize("code", _languages())
@pytest.mark.parametrize("kind", KEEP)
def test_paraphrases_and_gold_claims_are_kept(rates: Rates, code: str, kind: str) -> None:
    n, supported = rates[code][kind]
    assert n >= 2 and supported >= MIN_KEPT, (code, kind, n, supported)


def test_every_supported_language_has_gold_documents() -> None:
    missing = set(supported_languages()) - {"en"} - set(_languages())
    assert not missing, f"languages with a data file but no gold document: {sorted(missing)}"


def test_the_gold_documents_are_detected_in_their_language() -> None:
    for doc_id, doc in gold_documents().items():
        assert detect_language(doc.source_text).code == language_of(doc_id), doc_id


@pytest.mark.parametrize("doc_id", sorted(gold_documents()))
def test_the_extract_path_copies_whole_sentences_in_every_language(doc_id: str) -> None:
    """The embedded default's rule: the sentences it offers are exact spans of the document,
    cut at 。 in Chinese and Japanese too (no sentence runs over a full stop)."""
    from summarizer._extractive import plan_extract

    document = Document(gold_documents()[doc_id].source_text)
    offered = plan_extract(document, 12).sentences
    assert len(offered) >= 3
    for sentence in offered:
        assert document.text[sentence.start : sentence.end] == sentence.text
        assert not any(mark in sentence.text[:-1] for mark in "。！？"), sentence.text


# --- ROUGE reads every script -------------------------------------------------------------------


def test_rouge_scores_a_chinese_or_japanese_summary_by_its_characters() -> None:
    """rouge-score's own tokenizer keeps ASCII only: a Chinese summary scored 0 against itself."""
    from summarizer.evaluation._scoring import _rouge

    for doc_id in ("103_zh_ditie", "107_ja_toshokan"):
        gold = gold_documents()[doc_id].summary
        assert _rouge().score(gold, gold)["rouge1"].fmeasure == 1.0, doc_id
        half = gold[: len(gold) // 2]
        assert 0.0 < _rouge().score(gold, half)["rouge1"].fmeasure < 1.0, doc_id


def test_rouge_keeps_accented_words_whole_and_english_as_before() -> None:
    from rouge_score.tokenizers import DefaultTokenizer

    from summarizer.evaluation._matching import RougeTokens

    assert RougeTokens().tokenize("Die Brücke über die Dreisam") == [
        "die", "brücke", "über", "die", "dreisam",
    ]  # fmt: skip
    default = DefaultTokenizer(use_stemmer=True)
    english = [d for d in load_gold(GOLD).documents if d.id not in gold_documents()]
    plain = [
        text
        for doc in english
        for text in (doc.summary, doc.source_text)
        if not any(c.isalpha() and not c.isascii() for c in text)
    ]
    assert len(plain) >= 15  # 18 of the 20 English texts (008 has accented names)
    for text in plain:
        assert RougeTokens().tokenize(text) == default.tokenize(text), text[:80]
