"""The judge in every language it has a data file for, and honestly not in any other; which
check decided a verdict; the classes of issue 20 (names at any position, negated negatives,
a name put in another's place, numbers a claim restates from the document)."""

from __future__ import annotations

import pytest

from summarizer._document import Document
from summarizer._result import settle_claims, support_counts
from summarizer._schema import Alignment, Claim, Evidence
from summarizer._support import LexicalJudge
from summarizer._support_lexical import analyse
from summarizer._verify import verify_claims
from summarizer.cli._common import _support_cell
from summarizer.text import detect_language, language, supported_languages


@pytest.mark.parametrize(
    ("code", "text", "key"),
    [
        ("en", "revenue of $1.5 million", "1500000"),
        ("de", "4,2 Millionen Euro", "4200000"),
        ("de", "rund 300.000 Menschen", "300000"),
        ("es", "300.000 euros", "300000"),
        ("fr", "25 000 voyageurs", "25000"),
        ("de", "zwölf Jahre", "12"),
        ("de", "sechsundzwanzig Jahre", "26"),
        ("fr", "douze ans", "12"),
        ("fr", "vingt-six ans", "26"),
        ("es", "veintiséis años", "26"),
        ("es", "un quince por ciento", "15%"),
        ("de", "18 Prozent", "18%"),
        ("zh", "二十六人", "26"),
        ("zh", "三十万名乘客", "300000"),
        ("zh", "一百二十亿元", "12000000000"),
        ("zh", "达到1400万", "14000000"),
        ("zh", "下降了百分之八", "8%"),
        ("ja", "四十二億円", "4200000000"),
        ("ja", "12パーセント", "12%"),
        ("en", "fell by a third", "33.333333%"),
        ("en", "two thirds of the votes", "66.666667%"),
        ("de", "ein Viertel der Stimmen", "25%"),
        ("fr", "la moitié des votes", "50%"),
        ("es", "dos tercios de los votos", "66.666667%"),
    ],
)
def test_numbers_by_value_in_each_language(code: str, text: str, key: str) -> None:
    assert key in analyse(text, code).numbers


@pytest.mark.parametrize(
    ("code", "text", "key"),
    [
        ("en", "in the third quarter", "3"),
        ("nl", "de derde plaats", "3"),
        ("it", "il terzo piano", "3"),
        ("de", "zum zweiten Mal", "2"),
        ("es", "la segunda vez", "2"),
        ("fr", "à partir du 1er mars", "month 3"),
        ("it", "il 15 ottobre", "month 10"),
        ("nl", "zaterdagnacht", "weekday 6"),
        ("de", "am Dienstagabend", "weekday 2"),
    ],
)
def test_ordinals_months_and_weekdays_are_numbers(code: str, text: str, key: str) -> None:
    """An ordinal is its number, not a fraction (a fraction word is one only after an article
    or a number word); a month or weekday is a number the evidence must state."""
    numbers = analyse(text, code).numbers
    assert key in numbers and not any(k.endswith("%") for k in numbers), numbers


@pytest.mark.parametrize(
    ("code", "text"),
    [
        ("de", "erst 2020"),
        ("de", "erstmals"),
        ("it", "Secondo Giulia Ferri"),
        ("pt", "Segundo o vereador"),
    ],
)
def test_words_that_begin_like_an_ordinal_are_not_numbers(code: str, text: str) -> None:
    assert set(analyse(text, code).numbers) <= {"2020"}


@pytest.mark.parametrize(
    ("code", "claim", "premise", "check"),
    [
        ("zh", "东京的人口在2020年没有达到1400万。", "东京的人口在2020年达到1400万。", "negation"),
        ("zh", "东京的人口下降到1400万。", "东京的人口上升到1400万。", "direction"),
        ("zh", "上海的人口在2020年达到1400万。", "东京的人口在2020年达到1400万。", "name"),
        ("de", "Die Einnahmen sind nicht gesunken.", "Die Einnahmen sind gesunken.", "negation"),
        (
            "de",
            "Der Rat unterstützt das Projekt nicht.",
            "Der Rat unterstützt das Projekt.",
            "negation",
        ),
        ("de", "Die Einnahmen sind gestiegen.", "Die Einnahmen sind gesunken.", "direction"),
        ("de", "Der Rat will dreizehn Bäume fällen.", "Der Rat will zwölf Bäume fällen.", "number"),
        ("fr", "Le budget n'a pas baissé.", "Le budget a baissé.", "negation"),
        ("fr", "Le budget a augmenté.", "Le budget a baissé.", "direction"),
        ("es", "El consejo no aprobó el plan.", "El consejo aprobó el plan.", "negation"),
        ("ja", "人口は1400万人に達しなかった。", "人口は1400万人に達した。", "negation"),
        # classes found by the fresh probes (evals/probes/)
        ("en", "Ridership fell by a quarter.", "Ridership fell by a third.", "number"),
        ("en", "The board approved the plan.", "The board rejected the plan.", "direction"),
        ("es", "Valencia rechazó el plan.", "Valencia aprobó el plan.", "direction"),
        ("de", "Der Rat lehnte den Plan ab.", "Der Rat stimmte dem Plan zu.", "direction"),
        ("ja", "図書館には駐車場がある。", "図書館には駐車場がない。", "negation"),
        ("ja", "大阪市は南区に図書館を建設する。", "大阪市は北区に図書館を建設する。", "name"),
        ("zh", "新线路经过西城区。", "新线路经过东城区。", "name"),
        ("fr", "Le service ouvre le 1er février.", "Le service ouvre le 1er mars.", "number"),
        ("nl", "De storm woedde zondagnacht.", "De storm woedde zaterdagnacht.", "number"),
        (
            "it",
            "Il restauro è finanziato da tutti i soci.",
            "Il restauro è finanziato da due soci.",
            "number",
        ),
        (
            "de",
            "Freiburg steht zum dritten Mal im Finale.",
            "Freiburg steht zum zweiten Mal im Finale.",
            "number",
        ),
    ],
)
def test_wrong_claims_are_caught_with_the_check_that_decided(
    code: str, claim: str, premise: str, check: str
) -> None:
    judge = LexicalJudge(language=code)
    wrong = judge.verdicts([claim], [premise])[0]
    assert not wrong.supported and wrong.check == check, wrong
    assert judge.verdicts([premise], [premise])[0].supported


def test_paraphrased_numbers_are_kept() -> None:
    de = LexicalJudge(language="de")
    assert de.verdicts(
        ["Die Brücke kostet 4.200.000 Euro."], ["Die Brücke kostet 4,2 Millionen Euro."]
    )[0].supported
    zh = LexicalJudge(language="zh")
    assert zh.verdicts(["私家车数量下降了8%。"], ["私家车数量下降了百分之八。"])[0].supported
    pt = LexicalJudge(language="pt")
    assert pt.verdicts(
        ["Os acionistas receberão 25% do lucro."], ["Os acionistas receberão um quarto do lucro."]
    )[0].supported
    ja = LexicalJudge(language="ja")
    assert ja.verdicts(["総工費は約四十五億円である。"], ["総工費は約45億円で"])[0].supported


def _doc_claims(text: str, claims: list[tuple[str, str]]) -> list[Claim]:
    out = []
    for claim, quote in claims:
        at = text.index(quote)
        ev = Evidence(
            quote=quote, start=at, end=at + len(quote), alignment=Alignment.EXACT, score=1
        )
        out.append(Claim(text=claim, kind="fact", evidence=[ev]))
    return out


FINNISH = (
    "Helsingin kaupunginvaltuusto päätti tiistaina rakentaa uuden sillan. "
    "Silta maksaa kaksitoista miljoonaa euroa, ja se valmistuu vuonna 2027."
)


@pytest.mark.parametrize("given", [None, "fi"])
def test_an_unsupported_language_is_not_judged_and_says_why(given: str | None) -> None:
    assert "fi" not in supported_languages()
    document = Document(FINNISH)
    claims = _doc_claims(FINNISH, [("Silta maksaa kolmetoista miljoonaa euroa.", "Silta maksaa")])
    verified = verify_claims(claims, LexicalJudge(), document, language=given)
    (claim,) = verified.claims
    assert claim.support is not None and claim.support.supported is None
    assert claim.support.verdict == "not_judged" and claim.support.check == "language"
    assert "'fi'" in (claim.support.reason or "")
    assert verified.problems == []  # never sent back to the model as unsupported
    settled = settle_claims(verified.claims, on_ungrounded="flag", on_unsupported="drop")
    assert settled.unsupported == 0 and settled.claims == verified.claims
    assert support_counts(verified.claims) == (0, 0, 1)
    assert "not judged" in _support_cell(claim) and "'fi'" in _support_cell(claim)


def test_the_language_option_overrides_detection() -> None:
    text = "Der Rat hat den Plan genehmigt. Die Kosten sind gesunken."
    claims = _doc_claims(text, [("Die Kosten sind nicht gesunken.", "Die Kosten sind gesunken")])
    judged = verify_claims(claims, LexicalJudge(), Document(text)).claims[0].support
    assert judged is not None and judged.verdict == "contradicts" and judged.check == "negation"
    as_finnish = verify_claims(claims, LexicalJudge(), Document(text), language="fi")
    assert as_finnish.claims[0].support is not None
    assert as_finnish.claims[0].support.verdict == "not_judged"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Der Gemeinderat hat den Bau der Brücke abgelehnt.", "de"),
        ("Le conseil a voté le financement du pont.", "fr"),
        ("Los ingresos cayeron un doce por ciento.", "es"),
        ("市议会投票资助新桥。", "zh"),
        ("市議会は新しい橋への資金提供を可決した。", "ja"),
        ("The council voted to fund the new bridge.", "en"),
    ],
)
def test_short_texts_are_detected(text: str, code: str) -> None:
    assert detect_language(text).code == code
    assert detect_language(text, "FI").code == "fi"


def test_every_language_file_loads_with_its_source_noted() -> None:
    assert {"en", "de", "fr", "es", "it", "pt", "nl", "zh", "ja"} <= set(supported_languages())
    for code in supported_languages():
        lang = language(code)
        assert lang.cues and lang.opposites and (lang.units or lang.cjk_digits), code


SEED = (
    "Marseille shipping group Calanque reported record results on Monday. "
    "The company is based in Marseille, its home city. "
    "It is not true that the firm reported losses in 2023. "
    "Its fares will cost €4.50, up from €3.75 last year. "
    "A court found that the port closed the quay unlawfully and that the quay was safe."
)


@pytest.mark.parametrize(
    ("claim", "quote", "verdict", "check"),
    [
        # a capitalised first word the document never uses is a name
        (
            "Lyon is the company's home city.",
            "The company is based in Marseille",
            "contradicts",
            "name",
        ),
        (
            "Marseille is the company's home city.",
            "The company is based in Marseille",
            "supported",
            None,
        ),
        # a negated negative, and a claim that drops the evidence's negation
        (
            "The firm reported losses in 2023.",
            "It is not true that the firm reported losses",
            "contradicts",
            "negation",
        ),
        # a name put in another's place, although the document names it elsewhere
        (
            "The company is based in Calanque, its home city.",
            "The company is based in Marseille",
            "contradicts",
            "name",
        ),
        # two numbers of the evidence the other way round (found by the fresh probe)
        (
            "Its fares will cost €3.75, up from €4.50.",
            "Its fares will cost €4.50, up from €3.75",
            "contradicts",
            "number",
        ),
        (
            "Its fares rose from €3.75 to €4.50.",
            "Its fares will cost €4.50, up from €3.75",
            "supported",
            None,
        ),
        # a word the evidence negates by a prefix, either way round
        (
            "The port closed the quay lawfully.",
            "the port closed the quay unlawfully",
            "contradicts",
            "negation",
        ),
        (
            "A court found the quay unsafe.",
            "A court found that the port closed the quay unlawfully and that the quay was safe",
            "contradicts",
            "negation",
        ),
    ],
)
def test_issue_20_classes_through_verify_claims(
    claim: str, quote: str, verdict: str, check: str | None
) -> None:
    (out,) = verify_claims(
        _doc_claims(SEED, [(claim, quote)]), LexicalJudge(), Document(SEED)
    ).claims
    assert out.support is not None
    assert (out.support.verdict, out.support.check) == (verdict, check), out.support


REPORT = (
    "Annual report 2024 of the Harrow Water Authority.\n\n"
    "The Authority served 1.2 million customers in 2024. It met most targets in 2024 "
    "and set new ones for 2025.\n\n"
    "By December, 71% of households had a smart meter. Staff turnover was 9.4%, up from 2023."
)


@pytest.mark.parametrize(
    ("claim", "supported"),
    [
        ("By December 2024, 71% of households had a smart meter.", True),  # the report's year
        ("By December 2025, 71% of households had a smart meter.", False),  # named, not the main
        ("By December 2024, 72% of households had a smart meter.", False),  # a changed amount
    ],
)
def test_a_year_restated_from_the_document_is_no_missing_number(
    claim: str, supported: bool
) -> None:
    quote = "By December, 71% of households had a smart meter"
    (out,) = verify_claims(
        _doc_claims(REPORT, [(claim, quote)]), LexicalJudge(), Document(REPORT)
    ).claims
    assert out.support is not None and out.support.supported is supported, out.support


QUARTER = (
    "Third quarter results of Kestrel.\n\n"
    "The company met its targets. Revenue grew to $40 million. The team hired 12 engineers."
)
TRIMESTRE = (
    "Kestrel publie ses résultats.\n\n"
    "Mardi, l'entreprise a annoncé ses résultats. L'équipe a embauché douze ingénieurs."
)


@pytest.mark.parametrize(
    ("document", "code", "claim", "quote", "supported"),
    [
        # an ordinal restated with its word from the context; a weekday the context states
        (QUARTER, "en", "In the third quarter, revenue grew to $40 million.",
         "Revenue grew to $40 million", True),
        (QUARTER, "en", "In the fourth quarter, revenue grew to $40 million.",
         "Revenue grew to $40 million", False),
        (TRIMESTRE, "fr", "Mardi, l'équipe a embauché douze ingénieurs.",
         "L'équipe a embauché douze ingénieurs", True),
        (TRIMESTRE, "fr", "Vendredi, l'équipe a embauché douze ingénieurs.",
         "L'équipe a embauché douze ingénieurs", False),
    ],
)  # fmt: skip
def test_an_ordinal_or_weekday_restated_from_the_document_is_no_missing_number(
    document: str, code: str, claim: str, quote: str, supported: bool
) -> None:
    (out,) = verify_claims(
        _doc_claims(document, [(claim, quote)]), LexicalJudge(), Document(document),
        language=code,
    ).claims  # fmt: skip
    assert out.support is not None and out.support.supported is supported, out.support


def test_a_changed_year_against_a_year_in_the_evidence_is_caught() -> None:
    quote = "Staff turnover was 9.4%, up from 2023"
    claim = "Staff turnover in 2024 was 9.4%, up from 2022."
    (out,) = verify_claims(
        _doc_claims(REPORT, [(claim, quote)]), LexicalJudge(), Document(REPORT)
    ).claims
    assert out.support is not None and out.support.check == "number"


def test_the_eval_scores_an_unjudged_language_by_evidence_spans_and_says_so() -> None:
    from summarizer._schema import ClaimKind, Meta, Summary, TemplateInfo
    from summarizer.evaluation._gold import GoldClaim, GoldDocument, GoldEvidence
    from summarizer.evaluation._scoring import score_document

    quote = "Silta maksaa kaksitoista miljoonaa euroa"
    at = FINNISH.index(quote)
    gold = GoldDocument(
        id="fi", kind=None, source_text=FINNISH, source_path=None, summary="s", key_points=[],
        claims=[GoldClaim(text="Silta maksaa 12 miljoonaa euroa.", kind=ClaimKind.STATISTIC,
                          attributed_to=None,
                          evidence=[GoldEvidence(quote=quote, start=at, end=at + len(quote))])],
    )  # fmt: skip
    meta = Meta(model="m", backend="b", mode="json", evidence_mode="quote",
                template=TemplateInfo(name="t", sha256=""))  # fmt: skip
    # a claim worded otherwise on the same span matches; the same words elsewhere do not
    same_span = _doc_claims(FINNISH, [("Sillan hinta on kaksitoista miljoonaa.", quote)])
    elsewhere = _doc_claims(FINNISH, [("Silta maksaa 12 miljoonaa euroa.", "se valmistuu")])
    for claims, matched in ((same_span, 1), (elsewhere, 0)):
        summary = Summary(title="t", summary="s", key_points=[], claims=claims, meta=meta)
        score = score_document(summary, gold)
        assert score.matcher == "span-overlap (language fi not judged)"
        assert score.claims.n_matched == matched
