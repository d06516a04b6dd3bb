"""The scope of a Chinese or Japanese condition: the comma clause after it
(``_support_scope._cjk_pieces``), a trailing 前提是 over the whole statement before it."""

from __future__ import annotations

from summarizer._support_modality import dropped_condition
from summarizer._support_scope import condition_scope


def _dropped(claim: str, evidence: str, code: str) -> str | None:
    return dropped_condition(claim, condition_scope(claim, evidence, code), code)


def test_a_chinese_condition_governs_the_clause_after_it_only() -> None:
    evidence = "市图书馆馆长表示，新馆计划于明年三月开放，如果资金到位，还将增设一个儿童阅览室。"
    claim = "市图书馆新馆计划于明年三月开放。"
    assert dropped_condition(claim, evidence, "zh")  # read on the whole sentence
    assert _dropped(claim, evidence, "zh") is None
    claim = "新馆还将增设一个儿童阅览室。"  # the clause the condition governs
    assert _dropped(claim, evidence, "zh")


def test_a_chinese_trailing_condition_governs_the_statement_before_it() -> None:
    evidence = "该公司明年将招聘两百名工人，提供免费住宿，前提是新厂按期投产。"
    claim = "该公司明年将招聘两百名工人，提供免费住宿。"
    assert _dropped(claim, evidence, "zh")


def test_a_japanese_condition_governs_the_clause_after_it_only() -> None:
    evidence = "市長は新しい橋が秋に完成すると述べ、予算が認められれば、歩道も広げると話した。"
    claim = "市長は新しい橋が秋に完成すると述べた。"
    assert dropped_condition(claim, evidence, "ja")
    assert _dropped(claim, evidence, "ja") is None
    claim = "市長は歩道も広げると話した。"
    assert _dropped(claim, evidence, "ja")


def test_a_japanese_topic_before_a_comma_belongs_to_the_conditioned_clause() -> None:
    evidence = "夜間の公園への立ち入りは、許可を得ない限り認められていない。"
    claim = "夜間の公園への立ち入りは認められていない。"
    assert _dropped(claim, evidence, "ja")
