from __future__ import annotations

import pytest

from summarizer import Document, DocumentDecodeError, EmptyDocumentError
from summarizer._document import split_sentences


@pytest.mark.parametrize("text", ["", "   ", "\n\t \r\n"])
def test_empty_or_whitespace_is_refused(text: str) -> None:
    with pytest.raises(EmptyDocumentError, match="empty"):
        Document(text)


def test_non_utf8_bytes_are_refused_with_offset() -> None:
    with pytest.raises(DocumentDecodeError, match="not UTF-8 .* offset 6"):
        Document.from_bytes(b"hello \xff\xfe world", name="doc.txt")


def test_binary_is_refused() -> None:
    with pytest.raises(DocumentDecodeError, match="binary"):
        Document.from_bytes(b"\x00\x01\x02abc")


def test_sentences_are_exact_spans(seed_text: str) -> None:
    doc = Document(seed_text)
    assert len(doc.sentences) > 30
    for sentence in doc.sentences:
        assert seed_text[sentence.start : sentence.end] == sentence.text
        assert sentence.text == sentence.text.strip()
    assert doc.sentences[0].text.startswith("Islamic State: US airstrikes")


def test_abbreviations_do_not_split() -> None:
    sentences = split_sentences("Mr. Smith met Dr. Jones. They talked.")
    assert [s.text for s in sentences] == ["Mr. Smith met Dr. Jones.", "They talked."]


def test_crlf_offsets() -> None:
    text = "One line.\r\nTwo line.\r\n\r\nThree."
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == ["One line.", "Two line.", "Three."]
    assert all(text[s.start : s.end] == s.text for s in sentences)
