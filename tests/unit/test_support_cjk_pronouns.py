"""Chinese and Japanese pronouns are stopwords, as the other languages' are.

Reported speech turns the quoted "我" / "私" into "她" / "彼女" and adds "自己" / "自分";
counted as content words, they put a faithful report under the threshold. The sentences are
this file's own."""

from __future__ import annotations

import pytest

from summarizer._support import LexicalJudge


@pytest.mark.parametrize(
    ("code", "claim", "evidence"),
    [
        ("zh", "她认为自己的画还不够好。", "我的画还不够好"),
        ("ja", "彼女は自分で店を開いた。", "私は店を開いた"),
    ],
)
def test_a_pronoun_of_reported_speech_is_no_content_word(
    code: str, claim: str, evidence: str
) -> None:
    assert LexicalJudge(language=code).verdicts([claim], [evidence])[0].supported
