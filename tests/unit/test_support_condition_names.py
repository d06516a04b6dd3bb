"""A condition character inside a Chinese or Japanese name is no condition (``_support_modality``).

"若" (if) stands in names ("王若兰", "若林"); read as a condition, every claim that names the
person states a condition its evidence lacks. The sentences are this file's own."""

from __future__ import annotations

import pytest

from summarizer._support_modality import added_condition


@pytest.mark.parametrize(
    ("code", "claim", "evidence"),
    [
        ("zh", "王若兰上周在杭州开了一家书店。", "她上周在杭州开了一家书店"),
        ("zh", "据林若愚介绍，新馆下月开放。", "新馆下月开放"),
    ],
)
def test_a_condition_character_in_a_name_is_no_condition(
    code: str, claim: str, evidence: str
) -> None:
    assert added_condition(claim, evidence, code) is None


def test_a_condition_outside_a_name_is_still_one() -> None:
    claim = "若明天下雨，王若兰的书店就不开门。"
    assert added_condition(claim, "王若兰的书店明天不开门", "zh") is not None
