"""Baselines that need no model, to put model scores in context."""

from __future__ import annotations

from .._document import split_sentences
from .._schema import Alignment, Claim, ClaimKind, Evidence, Meta, Summary, TemplateInfo

__all__ = ["lead3"]


def lead3(source_text: str, *, max_claims: int | None = None) -> Summary:
    """The first three sentences as the summary (and key points, and title: the first one).

    Every source sentence (or the first ``max_claims``) becomes a ``fact`` claim whose
    evidence is the sentence itself, located exactly.
    """
    sentences = split_sentences(source_text)
    lead = sentences[:3]
    chosen = sentences if max_claims is None else sentences[:max_claims]
    claims = [
        Claim(
            text=s.text,
            kind=ClaimKind.FACT,
            evidence=[
                Evidence(
                    quote=s.text, start=s.start, end=s.end, alignment=Alignment.EXACT, score=1.0
                )
            ],
        )
        for s in chosen
    ]
    return Summary(
        title=lead[0].text if lead else "",
        summary=" ".join(s.text for s in lead),
        key_points=[s.text for s in lead],
        claims=claims,
        meta=Meta(
            model="lead-3",
            backend="baseline",
            mode="none",
            evidence_mode="quote",
            template=TemplateInfo(name="none", sha256=""),
            attempts=0,
            reasks=0,
            transport_retries=0,
        ),
    )
