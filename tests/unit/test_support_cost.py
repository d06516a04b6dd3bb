"""What keeps the lexical judge under its cost target (``benchmarks/bench_judge.py``): the
Snowball stemmers run in C, and a sentence is read once however many texts hold it."""

from __future__ import annotations

import importlib
import tomllib
from pathlib import Path

from summarizer import _support_lexical
from summarizer._document import Document
from summarizer._judges import get_judge
from summarizer._schema import Alignment, Claim, ClaimKind, Evidence
from summarizer._support_lexical import analyse
from summarizer._verify import verify_claims
from summarizer.text import _language

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
