"""Chinese and Japanese: a team or a delegation named by its place ("广东队" for "广东").

A news report names a side by its city or province and a claim often adds the word for its
team ("广东队", "辽宁队", "日本代表"): the name the evidence writes plus a suffix that says
"its team" is the same name. The suffixes are data (``[capitals] group_suffixes`` of the
language file); the name without its suffix must still be two characters or more, all of
them in the premise.
"""

from __future__ import annotations

from .text._phrases import phrase_list

__all__ = ["team_of"]


def team_of(name: str, chars: frozenset[str], code: str) -> bool:
    """Whether ``name`` is a name the premise writes (its characters ``chars``) with a team
    suffix of the language added ("广东队" where the premise has "广东")."""
    for suffix in phrase_list(code, "capitals.group_suffixes"):
        stem = name[: -len(suffix)]
        if name.endswith(suffix) and len(stem) >= 2 and set(stem) <= chars:
            return True
    return False
