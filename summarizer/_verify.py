"""Step 5: support. Judge every grounded claim against its own evidence.

A claim is *supported* when the text its evidence points at states it (``_verdict.Judge``).
Claims whose evidence does not state them become problems, fed back to the model as a reask
(with the judge's reason) while reasks remain; after that they are kept and flagged, or
dropped (``on_unsupported``), and counted in ``Meta`` either way.

The lexical judge reads the document's language (given, or detected: ``summarizer.text``). In
a language it has no data file for, it judges nothing: every claim's support says
``not_judged`` with the reason, is neither supported nor flagged, and is counted apart.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Literal

from ._coref import antecedents
from ._coref_quoted import speaker_after
from ._coref_within import described_within
from ._document import Document
from ._schema import Claim, Support
from ._support import LexicalJudge
from ._support_capitals import capitals
from ._support_direction import elsewhere_in_frame
from ._support_lexical import analyse, document_words
from ._support_numbers import restated_numbers
from ._verdict import HARD_CHECKS, Judge, Verdict
from ._verify_checks import with_hard_checks
from .text._detect import Detected, detect_language
from .text._language import UnsupportedLanguageError, language
from .text._tokens import prepare, sentences

__all__ = [
    "Premise",
    "Verified",
    "document_language",
    "premise_of",
    "verify_claims",
    "write_language",
]


@dataclass(frozen=True)
class Verified:
    """Claims with their ``support`` filled in, and one problem line per unsupported claim."""

    claims: list[Claim]
    problems: list[str]


# Sentences before the evidence that a reader has in mind when reading it (besides the title).
FRAME_SENTENCES = 2


@dataclass(frozen=True)
class Premise:
    """What a claim is judged against.

    ``evidence``: the sentences its evidence lies in (a clause-sized quote often leaves its
    subject in the same sentence: "..., which was estimated by the UN to be ...").
    ``framed``: the document's first sentence (its title) and the two sentences before the
    evidence, then the evidence sentences: a claim written to stand alone names what the
    evidence takes from its context ("In version 3.4.0, ...", "Kestrel's revenue ...").

    Content words and names are judged on ``framed``; every number, negation and direction
    word of the claim must agree with ``evidence`` itself."""

    evidence: str
    framed: str
    context: str = ""  # the document before the evidence (numbers a claim may restate)
    first: int = -1  # the index of the evidence's first sentence in the document (-1: none)
    quoted: str = ""  # the evidence quotes themselves, joined (what the claim cites)


def premise_of(claim: Claim, document: Document) -> Premise:
    spans = [(e.start, e.end) for e in claim.evidence]
    sentences = document.sentences
    inside = [
        i
        for i, s in enumerate(sentences)
        if any(s.start < end and start < s.end for start, end in spans)
    ]
    quoted = " ".join(e.quote for e in claim.evidence)
    if not inside:
        return Premise(quoted, quoted, quoted=quoted)
    evidence = " ".join(sentences[i].text for i in inside)
    first = inside[0]
    frame = [sentences[0].text] if first > FRAME_SENTENCES else []
    frame += [s.text for s in sentences[max(0, first - FRAME_SENTENCES) : first]]
    context = document.text[: sentences[first].start]
    return Premise(evidence, " ".join([*frame, evidence]), context, first, quoted)


def _resolved(premise: Premise, document: Document, code: str) -> Premise:
    """The frame with the full names the evidence refers to (``_coref``): "NAIR:" →
    "Councillor Priya Nair", the document's subject."""
    if premise.first < 0:
        return premise
    names = antecedents(document, premise.first, premise.evidence, code)
    # "la empresa" for "la comercializadora Luminia Energía", "hätte der Verein ..." further
    # on: the name each description of the evidence stands for (_coref_within)
    names += [
        n for n in described_within(premise.context, premise.evidence, code) if n not in names
    ]
    # "…', zegt hoofdverzorger Sanne de Boer." after a quotation's first sentence
    names += [s for s in [speaker_after(document, premise.first, premise.evidence)] if s]
    return replace(premise, framed=" ".join([premise.framed, *names])) if names else premise


@lru_cache(maxsize=256)
def document_language(text: str, given: str | None = None) -> Detected:
    """The document's language: ``given`` (the ``language`` option), else detected."""
    return detect_language(text, given)


def write_language(
    document: Document, given: str | None, output_language: str | None
) -> str | None:
    """The language the prompt asks the model to write in, or None for English (the
    templates' own language): ``output_language``, else the document's."""
    if output_language:
        return output_language
    code = document_language(document.text, given).code
    if code == "en":
        return None
    try:
        return f"{language(code).name} ({code})"
    except UnsupportedLanguageError:
        return f"the document's language ({code})"


def _judge_for(judge: Judge, document: Document, lang: Detected) -> Judge:
    """The lexical judge set to the document: its language, and the words it uses (a claim's
    capitalised first word that the document never uses is a name: "Lyon is ...")."""
    if not isinstance(judge, LexicalJudge):
        return judge
    return replace(
        judge,
        language=lang.code,
        lower_case=document_words(document.text, lang.code),
        capitals=capitals(document.text, lang.code),
    )


def _support(judge: str, verdict: Verdict) -> Support:
    if verdict.supported:
        kind: Literal["supported", "contradicts", "not_stated"] = "supported"
    else:
        kind = "contradicts" if verdict.check in HARD_CHECKS else "not_stated"
    return Support(
        judge=judge,
        score=round(min(max(verdict.score, 0.0), 1.0), 4),
        supported=verdict.supported,
        reason=verdict.reason,
        verdict=kind,
        check=None if verdict.supported else (verdict.check or "coverage"),
    )


def verify_claims(
    claims: Sequence[Claim],
    judge: Judge | None,
    document: Document,
    *,
    language: str | None = None,
) -> Verified:
    """Judge each claim against its premise (pure computation, batched). ``language``: the
    document's language when known (else detected)."""
    if judge is None:
        return Verified(list(claims), [])
    lang = document_language(document.text, language)
    if not lang.supported and isinstance(judge, LexicalJudge):
        reason = f"not judged: language {lang.code!r} ({lang.source}) has no word lists"
        unjudged = Support(
            judge=judge.name, score=0.0, supported=None, reason=reason,
            verdict="not_judged", check="language",
        )  # fmt: skip
        return Verified([c.model_copy(update={"support": unjudged}) for c in claims], [])
    judge = _judge_for(judge, document, lang)
    judged = [i for i, claim in enumerate(claims) if claim.evidence]
    texts = [claims[i].text for i in judged]
    premises = [premise_of(claims[i], document) for i in judged]
    if lang.supported:
        premises = [_resolved(p, document, lang.code) for p in premises]
    verdicts = judge.verdicts(texts, [p.framed for p in premises])
    if isinstance(judge, LexicalJudge):
        verdicts = _restated(judge, verdicts, texts, premises)
        verdicts = _elsewhere_in_frame(judge, verdicts, texts, premises)
        verdicts = _each_sentence(judge, verdicts, texts, premises)
    verdicts = with_hard_checks(
        verdicts,
        texts,
        [p.evidence for p in premises],
        language=lang.code if lang.supported else None,
        context=[p.context for p in premises],
        lower_case=judge.lower_case if isinstance(judge, LexicalJudge) else None,
        capitals=judge.capitals if isinstance(judge, LexicalJudge) else None,
    )
    by_index = dict(zip(judged, verdicts, strict=True))
    out: list[Claim] = []
    problems: list[str] = []
    for index, claim in enumerate(claims):
        verdict = by_index.get(index)
        if verdict is None:
            support = Support(
                judge=judge.name, score=0.0, supported=False, reason="no evidence",
                verdict="not_stated", check="evidence",
            )  # fmt: skip
        else:
            support = _support(judge.name, verdict)
        if claim.grounded and support.supported is False:
            problems.append(
                f"claims[{index}]: its evidence does not state it"
                + (f" ({support.reason})" if support.reason else "")
                + "; cite the words that state the claim, or restate the claim as they say it"
            )
        out.append(claim.model_copy(update={"support": support}))
    return Verified(out, problems)


def _restated(
    judge: LexicalJudge, verdicts: list[Verdict], claims: list[str], premises: list[Premise]
) -> list[Verdict]:
    """Verdicts that failed only on a number the claim restates from the document before
    its evidence (``restated_numbers``), judged again without the numbers check."""
    lenient = replace(judge, checks=judge.checks - {"numbers"})
    out = list(verdicts)
    for k, verdict in enumerate(verdicts):
        p = premises[k]
        if verdict.check == "number" and restated_numbers(
            claims[k], p.evidence, p.context, judge.language
        ):
            out[k] = lenient.verdicts([claims[k]], [p.framed])[0]
    return out


def _elsewhere_in_frame(
    judge: LexicalJudge, verdicts: list[Verdict], claims: list[str], premises: list[Premise]
) -> list[Verdict]:
    """Verdicts on the framed premise that failed on a direction word or a negation about
    another subject (``_support_direction.elsewhere_in_frame``), judged again without that
    check; the hard checks then read the evidence sentences themselves. A verdict that fails
    again keeps its reason."""
    out = list(verdicts)
    for k, verdict in enumerate(verdicts):
        p = premises[k]
        if verdict.check in ("direction", "negation") and elsewhere_in_frame(
            verdict.check, claims[k], p.framed, p.evidence, judge.language
        ):
            lenient = replace(judge, checks=judge.checks - {verdict.check})
            again = lenient.verdicts([claims[k]], [p.framed])[0]
            if again.supported:
                out[k] = again
    return out


def claim_sentences(claim: str, code: str) -> list[str]:
    """The sentences of ``claim`` that have content words (a "..." or "!" inside a sentence
    leaves a piece with none, which is no sentence of its own)."""
    lang = language(code)
    return [s for _, s in sentences(prepare(claim, lang), lang) if analyse(s, code).content]


def _each_sentence(
    judge: LexicalJudge, verdicts: list[Verdict], claims: list[str], premises: list[Premise]
) -> list[Verdict]:
    """Each sentence of a claim must be stated, and cited:

    - a claim of several sentences is supported only when each sentence is (against the
      framed premise): coverage is a share of the whole claim's words, so one well-covered
      sentence could carry another that the premise does not state ("A. B. C." where only A
      is the evidence's);
    - every sentence shares at least one content word with the quotes the claim cites: the
      sentence around a quote and the frame supply what the quote takes from its context (a
      subject, a name), not a whole sentence of the claim that the quote says nothing of."""
    out = list(verdicts)
    asked: list[tuple[int, str]] = []
    for k, verdict in enumerate(verdicts):
        if verdict.supported:
            asked += [(k, part) for part in claim_sentences(claims[k], judge.language)]
    if not asked:
        return out
    several = Counter(k for k, _ in asked)
    framed = [(k, part) for k, part in asked if several[k] > 1]
    # coverage only: the whole claim's hard checks were made (a restated year passes there)
    words = replace(judge, checks=frozenset())
    judged = words.verdicts([part for _, part in framed], [premises[k].framed for k, _ in framed])
    for (k, part), verdict in zip(framed, judged, strict=True):
        if out[k].supported and not verdict.supported:
            reason = f'the claim\'s sentence "{part}" is not stated ({verdict.reason})'
            out[k] = Verdict(verdict.score, False, reason, "coverage")
    for k, part in asked:
        quoted = premises[k].quoted
        if out[k].supported and quoted and not _shares_word(part, quoted, judge.language):
            reason = f'the claim\'s sentence "{part}" shares no word with the quoted evidence'
            out[k] = Verdict(0.0, False, reason, "coverage")
    return out


def _shares_word(claim: str, quoted: str, code: str) -> bool:
    """``claim`` has a content word of ``quoted`` (numbers by value, "21" in "21%"; a name
    given by its acronym, "Islamic State" for "IS"): the judge's coverage is not 0."""
    c, q = analyse(claim, code), analyse(quoted, code)
    words = set(q.content) | {k[:-1] for k in q.numbers if k.endswith("%")}
    return not words.isdisjoint(c.content) or any(
        run.acronym in q.acronyms for run in c.names if run.acronym
    )
