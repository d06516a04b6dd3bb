"""What keeps the lexical judge under its cost target (``benchmarks/bench_judge.py``): the
Snowball stemmers run in C, and a sentence is read once however many texts hold it."""

from __future__ import annotations

import importlib
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

from summarizer import _support_lexical
from summarizer._document import Document
from summarizer._judges import get_judge
from summarizer._schema import Alignment, Claim, ClaimKind, Evidence
from summarizer._support_lexical import analyse, document_words
from summarizer._verify import verify_claims
from summarizer.evaluation._gold import load_gold
from summarizer.text import (
    SENTENCE_END,
    _detect,
    _language,
    detect_language,
    language,
    numbers,
    plain,
    prepare,
    sentences,
    tokens,
)

ROOT = Path(__file__).resolve().parents[2]
WORDS = [
    "running",
    "generalisation",
    "universities",
    "flooded",
    "revenues",
    "announced",
    "hopefulness",
]


def test_the_stemmers_run_in_c_and_stem_as_the_pure_python_ones() -> None:
    stemmer = _language._stemmer("porter")
    assert type(stemmer).__module__ == "Stemmer"  # PyStemmer, not snowballstemmer's Python
    pure = importlib.import_module("snowballstemmer.porter_stemmer").PorterStemmer()
    assert [stemmer.stemWord(w) for w in WORDS] == [pure.stemWord(w) for w in WORDS]
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "PyStemmer==3.1.0" in project["project"]["dependencies"]


def test_a_text_is_read_sentence_by_sentence_each_sentence_once() -> None:
    analyse.cache_clear()
    _support_lexical._sentence.cache_clear()
    title = "Kestrel Foods reports record revenue."
    first = analyse(f"{title} Revenue rose 21% after the merger.")
    second = analyse(f"{title} The firm did not cut jobs.")
    info = _support_lexical._sentence.cache_info()
    assert (info.misses, info.hits) == (3, 1)  # the title was read once
    # the parts add up, in order, to one reading of the whole text
    assert list(first.content) == [
        "kestrel", "food", "report", "record", "revenu", "rise", "21%", "after", "merger"
    ]  # fmt: skip
    assert first.numbers == {"21%": "21%"} and first.names[0].surface == "Kestrel Foods"
    assert second.negated == {"cut", "job"} and "kestrel" in second.positive


def test_judging_a_documents_claims_reads_its_title_once() -> None:
    text = (
        "Kestrel Foods annual report. Revenue rose 21% after the merger. "
        "The firm did not cut jobs. Profits fell in May."
    )
    document = Document(text)
    claims = []
    for quote in ("Revenue rose 21% after the merger.", "The firm did not cut jobs.", "Profits"):
        start = text.index(quote)
        evidence = Evidence(
            quote=quote, start=start, end=start + len(quote), alignment=Alignment.EXACT, score=1
        )
        claims.append(Claim(text=f"{quote} Kestrel", kind=ClaimKind.FACT, evidence=[evidence]))
    analyse.cache_clear()
    _support_lexical._sentence.cache_clear()
    verified = verify_claims(claims, get_judge("lexical"), document)
    assert all(c.support is not None for c in verified.claims)
    info = _support_lexical._sentence.cache_info()
    # 7 distinct sentences: the document's 4, "Kestrel", "Profits Kestrel" and the quote
    # "Profits" (read by the cited-word check); each read once, though the title is in every
    # claim's frame
    assert info.misses == 7 and info.hits > 0


def test_the_fast_paths_keep_clause_ends_and_number_words() -> None:
    """Stopwords are skipped fast, clause punctuation is found once per sentence and only
    listed number words start a number; none of it changes what a sentence says."""
    comma = analyse("The firm did not hire, staff left.")
    assert comma.negated == {"hire"} and {"staff", "left"} <= comma.positive
    but = analyse("The firm did not hire but cooks left.")  # "but": a stopword that ends a clause
    assert but.negated == {"hire"} and "cook" in but.positive
    assert analyse("He hired two staff and twelve cooks.").numbers == {"2": "two", "12": "twelve"}


# --- third round: what brought a cold verdict under 0.2 ms (evals/MATCHERS.md, "Cost") --------

TRICKY = [
    "The council said on Tuesday that it had not funded the $1.5 million bridge, which opened "
    "in 2019 to 21% more traffic than expected.",
    "Skarv-2 and T10 rose 4,2 % in 2019abc; x ² = ½ and ٣ apples, 1.500,5 or 3.4.0 (sic)…",
    "Revenue rose 21%. Dr. Melfi left!  Then?\tThey stayed 。次は\nNew line here. U.S. firms can't",
    "repeat repeat repeat: the the 12 12 % % foo_bar baz-3x -4 a-b",
]


def _grouped_tokens(sentence: str, offset: int) -> list[tuple[str, int, int, str]]:
    """The tokeniser as it was (groups, ``finditer``): the reference for the faster one."""
    pattern = re.compile(r"(\d+(?:[.,]\d+)*)|([^\W\d_]+(?:-?\d+[^\W_]*)?)|(%|％)")
    kinds = ("num", "word", "pct")
    return [
        (m.group(), m.start() + offset, m.end() + offset, kinds[(m.lastindex or 1) - 1])
        for m in pattern.finditer(sentence)
    ]


def _gold_texts() -> list[str]:
    texts = []
    for doc in load_gold(ROOT / "evals" / "gold" / "gold.jsonl").documents:
        texts.append(doc.source_text)
        texts += [c.text for c in doc.claims]
    return texts


def test_tokens_are_those_of_the_grouped_pattern() -> None:
    """``tokens`` reads bare strings with ``findall`` and finds each one's place from the end
    of the last: same texts, places and kinds as the grouped pattern (repeated words too)."""
    en = language("en")
    for text in TRICKY + _gold_texts():
        got = [(t.text, t.start, t.end, t.kind) for t in tokens(text, 7, en)]
        assert got == _grouped_tokens(text, 7), text[:60]


def test_sentence_ends_are_found_from_the_mark_as_by_the_lookbehind() -> None:
    en = language("en")
    for text in [*TRICKY, "a.。 b", "。。x", "! 。y", "Hi.\n\nThere. Now", ""]:
        reference, start = [], 0
        gaps = [m.span() for m in SENTENCE_END.finditer(text)] + [(len(text), len(text))]
        for gap_start, gap_end in gaps:
            if "\n" not in text and text[start:gap_start]:
                reference.append((start, text[start:gap_start]))
            start = gap_end
        if "\n" not in text:
            assert sentences(text, en) == reference, text
    assert sentences("Hi.\n\nThere. Now", en) == [(0, "Hi."), (5, "There."), (12, "Now")]


def test_prepare_opens_contractions_and_closes_acronyms_only_when_they_are_there() -> None:
    en = language("en")
    assert prepare("We can't, won't and didn’t. CAN'T.", en) == (
        "We can not, will not and did not. CAN not."
    )
    assert prepare("The U.S. and e.g. N.Y.", en) == "The US and eg NY"
    assert prepare("No contraction's here, 1.5.", en) == "No contraction's here, 1.5."


def test_a_sentence_that_cannot_negate_skips_the_scope_machine_and_reads_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Most sentences hold no word that opens a negation; ``unnegated`` reads them, and finds
    what the scope machine (``clause_entries``) finds there, all positive."""
    en = language("en")
    _, _, openers, _ = _support_lexical.special_words("en")
    checked = 0
    for text in TRICKY + _gold_texts():
        for _, sentence in sentences(prepare(text, en), en):
            toks = tokens(sentence, 0, en)
            facts = [
                _support_lexical._facts(t.text, "en") if t.kind == "word" else None for t in toks
            ]
            low = [plain(t.text) if f is None else f[0] for t, f in zip(toks, facts, strict=True)]
            if not openers.isdisjoint(low):
                continue
            nums = {a: (b, key, s) for a, b, key, s in numbers(sentence, toks, en, low)}
            fast: dict[str, str] = {}
            words = _support_lexical.unnegated(toks, facts, low, nums, en, fast)
            slow: dict[str, str] = {}
            entries = _support_lexical.clause_entries(
                sentence, toks, facts, low, nums, en, slow, {}
            )
            assert list(fast.items()) == list(slow.items()) and words == [w for w, _ in entries]
            assert not any(negated for _, negated in entries)
            checked += 1
    assert checked > 300
    calls: list[str] = []
    machine = _support_lexical.clause_entries

    def counted(text: str, *args: Any) -> list[tuple[str, bool]]:
        calls.append(text)
        return machine(text, *args)

    monkeypatch.setattr(_support_lexical, "clause_entries", counted)
    _support_lexical._sentence.cache_clear()
    assert analyse("Revenue rose 21% after the merger, said Kestrel Foods.").negated == set()
    assert calls == []
    assert analyse("The firm did not cut jobs.").negated == {"cut", "job"}
    assert calls == ["The firm did not cut jobs."]
    _support_lexical._sentence.cache_clear()


def test_document_words_are_read_in_one_pass_as_sentence_by_sentence(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A text with spaces is tokenised whole (no sentence split), to the same word set."""
    for text in TRICKY + _gold_texts():
        code = detect_language(text).code if len(text) > 200 else "en"
        lang = language(code)
        reference = frozenset(
            lang.fold(t.text)
            for start, s in sentences(prepare(text, lang), lang)
            for t in tokens(s, start, lang)
            if t.kind == "word"
        )
        assert document_words(text, code) == reference, text[:60]
    document_words.cache_clear()

    def no_split(*_: object) -> list[tuple[int, str]]:
        raise AssertionError("split into sentences")

    monkeypatch.setattr(_support_lexical, "sentences", no_split)
    assert {"revenu", "melfi", "kestrel", "line"} <= document_words(TRICKY[2] + " Kestrel", "en")
    document_words.cache_clear()


def test_language_is_detected_from_the_first_thousand_characters() -> None:
    """A short sample (cheap on long documents) gives every document of the project the
    language its whole text gives; what comes after it is not read."""
    english = "The council met on Tuesday and voted to fund the new bridge over the river. " * 14
    german = "Der Gemeinderat hat am Dienstag beschlossen, die neue Brücke zu bauen. " * 40
    assert len(english) >= _detect._SAMPLE and detect_language(english + german).code == "en"
    assert detect_language(german + english).code == "de"
    documents = [d.source_text for d in load_gold(ROOT / "evals" / "gold" / "gold.jsonl").documents]
    documents += (
        (ROOT / "evals" / "data" / "realsumm" / "documents.txt")
        .read_text(encoding="utf-8")
        .splitlines()
    )
    whole = _detect._identifier()
    for text in documents:
        code = detect_language(text).code
        assert code == str(whole.classify(text)[0]) or {code, "ja", "zh"} == {"ja", "zh"}  # type: ignore[attr-defined]
