"""One claim on one exact quote of a document, judged the product's way (``verify_claims``
with the default judge): the helper the judge's unit tests share."""

from __future__ import annotations

from summarizer._document import Document
from summarizer._judges import get_judge
from summarizer._schema import Alignment, Claim, ClaimKind, Evidence
from summarizer._support import DEFAULT_JUDGE
from summarizer._verify import verify_claims


def judged(text: str, claim: str, quote: str) -> tuple[bool | None, str | None]:
    """(supported, check) of ``claim`` with ``quote`` of ``text`` as its evidence."""
    start = text.index(quote)
    evidence = Evidence(
        quote=quote, start=start, end=start + len(quote), alignment=Alignment.EXACT, score=1.0
    )
    claimed = Claim(text=claim, kind=ClaimKind.FACT, evidence=[evidence])
    [out] = verify_claims([claimed], get_judge(DEFAULT_JUDGE), Document(text)).claims
    assert out.support is not None
    return out.support.supported, out.support.check
