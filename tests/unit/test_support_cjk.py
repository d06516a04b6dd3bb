"""Chinese and Japanese names: a new common word is coverage's, a new name is a hard failure.

Case marks no names in these scripts, so the judge asks a part-of-speech tagger
(``summarizer.text._cjk``). A paraphrase that adds common words ("打算", "介绍", "心配") is
judged by coverage; a claim with a person, place or organisation its evidence lacks ("北京大学"
for "复旦大学", "王明" for "李华", "東川市" for "北原市") fails the ``name`` check.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from summarizer._support import LexicalJudge
from summarizer._support_pairs import substitution
from summarizer.text import language, tokens
from summarizer.text._cjk import names, words
from tests.support.judging import judged

ZH = (
    "复旦大学的研究团队周二发表论文称，每天步行8000步以上的成年人，患心脏病的风险降低了约"
    "三分之一。参与者的平均年龄为52岁。负责人李华教授表示，这项研究是国内同类研究中规模最大的。"
    "团队计划明年开展一项针对老年人的临床试验。"
)
JA = (
    "北原高校と東川高校の統合が決まった。北原高校がある北原市の市長は統合に反対しており、"
    "通学時間が長くなると懸念を示した。新しい学校は東川高校の校舎を使う。"
)


@pytest.mark.parametrize(
    ("text", "claim", "quote"),
    [
        # new common words: "打算", "进行", "面向" (plan, carry out, aimed at)
        (
            ZH,
            "研究团队打算明年进行一项面向老年人的临床试验。",
            "团队计划明年开展一项针对老年人的临床试验",
        ),
        # "据 … 介绍" (according to) for "表示" (said): an aligned common word, no name
        (
            ZH,
            "据负责人李华教授介绍，该研究在国内同类研究中规模最大。",
            "负责人李华教授表示，这项研究是国内同类研究中规模最大的",
        ),
        # "心配している" (is worried) for "懸念を示した" (voiced concern)
        (
            JA,
            "北原市の市長は、通学にかかる時間が延びることを心配している。",
            "通学時間が長くなると懸念を示した",
        ),
    ],
)
def test_a_new_common_word_is_left_to_coverage(text: str, claim: str, quote: str) -> None:
    assert judged(text, claim, quote) == (True, None)


@pytest.mark.parametrize(
    ("text", "claim", "quote"),
    [
        (ZH, "北京大学的研究团队周二发表了论文。", "复旦大学的研究团队周二发表论文称"),
        (
            ZH,
            "负责人王明教授表示，这项研究是国内同类研究中规模最大的。",
            "负责人李华教授表示，这项研究是国内同类研究中规模最大的",
        ),
        (JA, "東川市の市長は統合に反対している。", "北原市の市長は統合に反対しており"),
        (JA, "新しい学校は南山高校の校舎を使う。", "新しい学校は東川高校の校舎を使う"),
    ],
)
def test_a_name_the_evidence_lacks_is_a_name_failure(text: str, claim: str, quote: str) -> None:
    assert judged(text, claim, quote) == (False, "name")


@pytest.mark.parametrize(
    ("code", "claim", "premise", "missing"),
    [
        # one character of a name the evidence lacks: the whole name is reported
        ("ja", "大阪で大規模な火災が発生した。", "東京で大規模な火災が発生した。", "大阪"),
        ("zh", "华为在广州发布了新手机。", "华为在深圳发布了新手机。", "广州"),
        ("zh", "市长赵志强出席了开幕式。", "市长李建国出席了开幕式。", "赵志强"),
    ],
)
def test_the_judge_names_the_missing_name(
    code: str, claim: str, premise: str, missing: str
) -> None:
    (verdict,) = LexicalJudge(language=code).verdicts([claim], [premise])
    assert not verdict.supported and verdict.check == "name"
    assert verdict.reason is not None and f'"{missing}"' in verdict.reason


def test_numerals_are_the_number_checks_not_names() -> None:
    zh = LexicalJudge(language="zh")
    assert zh.verdicts(["参与者平均年龄五十二岁。"], ["参与者的平均年龄为52岁"])[0].supported
    ja = LexicalJudge(language="ja")
    assert ja.verdicts(["総工費は約四十五億円である。"], ["総工費は約45億円で"])[0].supported


def test_an_aligned_substitution_is_a_name_only_on_a_name() -> None:
    assert substitution("王明教授表示同意。", "李华教授表示同意。", "zh") == ("王明", "李华")
    assert substitution("据李华教授介绍该研究最大", "李华教授表示这项研究最大", "zh") is None
    # a description put for a name ("the reporter" for "Li Hua") is coverage's, no swap
    assert substitution("记者表示同意。", "李华表示同意。", "zh") is None


def test_the_tagger_tells_names_from_common_words() -> None:
    def named(text: str, code: str) -> str:
        return "".join(text[k] for k in sorted(names(text, code)))

    assert named("研究团队打算明年进行一项面向老年人的临床试验", "zh") == ""
    assert named("北京大学的研究团队", "zh") == "北京大学"
    assert named("王明说", "zh") == "王明"
    assert named("北原市の市長は心配している", "ja") == "北原"
    assert named("新しい学校", "en") == ""  # no tagger: no names


def test_a_cjk_run_is_read_as_bigrams_within_words() -> None:
    text = "研究团队打算明年进行"
    assert [text[a:b] for a, b in words(text, "zh")] == ["研究", "团队", "打算", "明年", "进行"]
    got = [t.text for t in tokens(text, 0, language("zh"))]
    assert got == ["研究", "团队", "打算", "明年", "进行"]  # no "究团", "队打" across words
    ja = [t.text for t in tokens("心配している", 0, language("ja"))]
    assert "心配" in ja and "配し" not in ja


def test_a_name_restated_from_the_document_is_kept() -> None:
    # 复旦大学 is not in the evidence but the document introduced it; the evidence's own name
    # (李华) stands next to other words than the claim's name does: nothing was moved
    text = "复旦大学的研究团队发表了论文。负责人李华教授表示，该团队明年将与上海的医院合作。"
    claim = "复旦大学的研究团队明年将与上海的医院合作。"
    assert judged(text, claim, "负责人李华教授表示，该团队明年将与上海的医院合作") == (True, None)


def test_taggers_serve_several_threads_at_once() -> None:
    # A Sudachi tokenizer used by two threads at once raises; the eval scores documents in
    # threads. Distinct texts, so that no answer comes from the cache.
    texts = [f"{city}市の市長は{n}日に発表した" for n in range(200) for city in ("北原", "東川")]
    with ThreadPoolExecutor(max_workers=8) as pool:
        got = list(pool.map(lambda t: names(t, "ja"), texts))
    assert all(len(g) == 2 for g in got)
    zh = [f"王明在第{n}次会议上发言" for n in range(200)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        assert all(len(g) == 2 for g in pool.map(lambda t: names(t, "zh"), zh))
