"""The embedded path's kind and attribution rules in a language other than English.

``_rules`` decides a copied sentence's kind and source by rules where it can; its English
rules are its own. In any other language with a data file, the words come from that file's
``[rules]`` table (``summarizer/text/languages/<code>.toml``): speech verbs, "according to"
forms, role words before a name, quotation marks, words of judgement and of the future, and
what after or before a number makes it a date or a duration. The shapes are shared: a name is
capitalised words (with the file's joiners, "Eva de Vries"); in a language written without
spaces (Chinese, Japanese) the words are found anywhere, and a name is the clause's text
before the speech verb (or the topic before は), less its role words ("交通局局长张伟" is 张伟).
A number is a digit, a number word of the file's ``[numbers]`` table, or (without spaces) a
run of two or more numeral characters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fnmatch import fnmatchcase
from functools import cache

from ._schema import ClaimKind
from .text._language import Language, RuleWords, language, plain, rule_words

__all__ = ["LanguageRules", "rules_for"]

_CAP = r"[A-ZÀ-ÖØ-Þ][\w’'.\-]*"
_LOWER = r"[a-zß-öø-ÿ][\w’'\-]*"
_CLAUSE_END = r"(?=\s*(?:[,.;:!?»”\"]|$))"
_CJK_BREAK = "，。！？；：、“”「」『』\n"
_CJK_NUMERALS = "〇零一二两三四五六七八九十百千万萬亿億兆"
_NUMERAL_RUN = re.compile(f"[{_CJK_NUMERALS}]{{2,}}")


def _form(word: str) -> str:
    """One data form as a regex: ``*`` any letters, a space any spaces."""
    parts = [r"\w*" if p == "*" else re.escape(p) for p in re.split(r"(\*)", word)]
    return r"\s+".join("".join(parts).split(r"\ "))


def _alternation(words: tuple[str, ...], cjk: bool) -> str | None:
    if not words:
        return None
    body = "|".join(_form(w.casefold()) for w in sorted(words, key=len, reverse=True))
    return f"(?:{body})" if cjk else rf"(?<!\w)(?:{body})(?!\w)"


@dataclass(frozen=True)
class LanguageRules:
    """One language's rules, compiled from its data file."""

    lang: Language
    words: RuleWords
    speakers: tuple[re.Pattern[str], ...]  # each with a group "name"
    according: re.Pattern[str] | None  # the phrase; the name is looked for after it
    name: re.Pattern[str]
    quoted: re.Pattern[str] | None
    opinion: re.Pattern[str] | None
    future: re.Pattern[str] | None
    not_counts: re.Pattern[str]
    counts: frozenset[str]  # number words, plain
    percent: tuple[str, ...]  # percent words, plain, spaces kept

    def kind(self, text: str, *, transcript: bool = False) -> ClaimKind:
        """The first kind that applies, in the gold file's order (as ``_rules.rule_kind``)."""
        if not transcript and self.quoted is not None and self.quoted.search(text):
            return ClaimKind.QUOTE
        low = text.casefold()
        if self.opinion is not None and self.opinion.search(low):
            return ClaimKind.OPINION
        if self.future is not None and self.future.search(low):
            return ClaimKind.PREDICTION
        return ClaimKind.STATISTIC if self.has_count(text) else ClaimKind.FACT

    def has_count(self, text: str) -> bool:
        """A number that is not a date, a time, an identifier or a duration."""
        rest = self.not_counts.sub(" ", plain(text))
        if re.search(r"\d", rest) or any(p in rest for p in self.percent):
            return True
        if self.lang.cjk:
            return bool(_NUMERAL_RUN.search(rest))
        return any(w in self.counts for w in re.findall(r"[^\W\d_]+", rest))

    def sources(self, text: str) -> list[str]:
        """The sources ``text`` attributes something to, each once, in order of position."""
        found: list[tuple[int, str]] = []
        for pattern in self.speakers:
            for match in pattern.finditer(text):
                name = self.clean(match.group("name"))
                if name:
                    found.append((match.start("name"), name))
        if self.according is not None:
            for match in self.according.finditer(text):
                hit = self._named_after(text, match.end())
                if hit is not None:
                    found.append(hit)
        names: list[str] = []
        for _, name in sorted(found):
            if name not in names:
                names.append(name)
        return names

    def _named_after(self, text: str, start: int) -> tuple[int, str] | None:
        """After "laut", "selon", "据": the first name of the clause, or the person an
        apposition names ("según el concejal de Movilidad, Javier Ortega")."""
        if self.lang.cjk:
            match = self.name.match(text, start)
        else:
            clause = re.match(r"[^.;:!?]{0,80}", text[start:])
            end = start + (clause.end() if clause else 0)
            match = self.name.search(text, start, end)
            if match is not None:
                apposition = re.compile(rf",\s+({self.name.pattern}){_CLAUSE_END}")
                person = apposition.match(text, match.end(), len(text))
                if person is not None:
                    match = person
        if match is None:
            return None
        name = self.clean(match.group("n"))
        return (match.start("n"), name) if name else None

    def clean(self, raw: str) -> str | None:
        """A name without its leading articles and role words."""
        if self.lang.cjk:
            cut = max((raw.rfind(t) + len(t) for t in self.words.titles if t in raw), default=0)
            name = raw[cut:].strip() or raw.strip()  # a role alone is a described source
            ok = 0 < len(name) <= 10 and name not in self.words.not_names
            return name if ok and plain(name) not in self.lang.stopwords else None
        words = raw.strip(" .,’'-").split()
        while words and (plain(words[0]) in self.lang.stopwords or self._is_title(words[0])):
            words = words[1:]
        name = " ".join(words)
        if len(name) < 2 or not name[0].isupper() or any(c in name for c in '"\\{}[]'):
            return None
        return name

    def _is_title(self, word: str) -> bool:
        folded = plain(word.strip(".,"))
        return any(fnmatchcase(folded, plain(t)) for t in self.words.titles)


def _speakers(words: RuleWords, name: str, cjk: bool) -> tuple[re.Pattern[str], ...]:
    verb = _alternation(words.speech_verbs, cjk)
    if verb is None:
        return ()
    if cjk:
        clause = f"[^{_CJK_BREAK}\\s]"
        if words.topic_markers:  # Japanese: "館長の田中は、…と述べた"
            topic = "|".join(map(re.escape, words.topic_markers))
            speaker = f"(?P<name>{clause}{{1,15}}?)(?:{topic})、?[^。]*?{verb}"
            return (re.compile(f"(?:^|(?<=[。！？])){speaker}"),)
        return (re.compile(f"(?:^|(?<=[{_CJK_BREAK}]))(?P<name>{clause}{{1,12}}?){verb}"),)
    verb = f"(?i:{verb})"
    lower = rf"(?:{_LOWER}\s+){{0,2}}"
    return (
        re.compile(rf"(?P<name>{name})\s+{verb}"),  # "Anna Weber sagte"
        # "..., zei wethouder Eva de Vries." (the name ends the clause)
        re.compile(rf"[,.!?;:][\"”’'»“]?\s*{verb}\s+{lower}(?P<name>{name}){_CLAUSE_END}"),
        re.compile(rf",\s+(?P<name>{name}),\s+{verb}"),  # "La alcaldesa, Lucía Serrano, afirmó"
        # "Marc Dubois, ingénieur chez Keolis, a déclaré"
        re.compile(rf"^(?P<name>{name}),\s+[^,]{{1,80}},\s+{verb}"),
    )


def _after(words: RuleWords, name: str, cjk: bool) -> tuple[re.Pattern[str], ...]:
    """ "X zufolge", "市によると": a source named before its word."""
    after = _alternation(words.according_after, cjk)
    if after is None or (cjk and words.according_to):  # Chinese: only inside "据 ... 介绍"
        return ()
    if cjk:
        name = f"[^{_CJK_BREAK}]{{1,12}}?"
        return (re.compile(f"(?:^|(?<=[{_CJK_BREAK}]))(?P<name>{name}){after}"),)
    return (re.compile(rf"(?P<name>{name})\s+(?i:{after})"),)


def _name(words: RuleWords, cjk: bool) -> re.Pattern[str]:
    """A name, as group ``n``: capitalised words (with the language's joiners); without
    spaces, the text up to the "according to" word's end (据市交通局介绍，)."""
    if cjk:
        after = _alternation(words.according_after, True) or ""
        return re.compile(f"(?P<n>[^{_CJK_BREAK}]{{1,12}}?)(?:{after})?(?=[{_CJK_BREAK}])")
    joiners = "|".join(map(re.escape, words.name_joiners)) or "(?!)"
    return re.compile(rf"(?<![\w’'])(?P<n>{_CAP}(?:(?:\s+(?:{joiners})){{0,2}}\s+{_CAP})*)")


def _not_counts(lang: Language, words: RuleWords, number: str) -> re.Pattern[str]:
    """What makes a number no count (read in ``plain`` text): a year, a time of day, a name
    with a number in it ("T10"), a number before a duration or date word ("zwölf Jahre",
    "十九号线") or after a weekday or ordinal word ("周一", "第三")."""
    after = "|".join(re.escape(plain(w)) for w in words.not_counts_after)
    before = "|".join(re.escape(plain(w)) for w in words.not_counts_before)
    if lang.cjk:
        numeral = rf"[\d{_CJK_NUMERALS}]+"
        found = [r"(?:19|20)\d\d"]
        found += [f"{numeral}(?:{after})"] if after else []
        found += [f"(?:{before}){numeral}"] if before else []
        return re.compile("|".join(found))
    numeral = rf"(?:\d[\d.,]*|{number})" if number else r"\d[\d.,]*"
    found = [r"(?<!\w)(?:19|20)\d\d(?!\w)", r"(?<!\w)\d{1,2}[:h]\d\d(?!\w)"]
    found += [r"(?<!\w)[^\W\d_]+\d+\w*"]
    found += [rf"(?<!\w){numeral}\.?\s+(?:\w+\s+)?(?:{after})(?!\w)"] if after else []
    return re.compile("|".join(found))


def _quoted(words: RuleWords, cjk: bool) -> re.Pattern[str] | None:
    """Quoted words: at least 12 characters between a language's marks (6 without spaces)."""
    least = 6 if cjk else 12
    marks = [
        f"{re.escape(q[0])}[^{re.escape(q)}]{{{least},}}{re.escape(q[1])}" for q in words.quotes
    ]
    return re.compile("|".join(marks)) if marks else None


def _compiled(pattern: str | None) -> re.Pattern[str] | None:
    return re.compile(pattern) if pattern else None


@cache
def rules_for(code: str) -> LanguageRules:
    """The rules of ``code`` (a language with a data file, not English)."""
    lang, words = language(code), rule_words(code)
    cjk = lang.cjk
    name = _name(words, cjk)
    bare = name.pattern.replace("?P<n>", "?:")
    numbers = [n for n in (*lang.units, *lang.tens, *lang.multipliers) if n not in lang.not_alone]
    number = "|".join(map(re.escape, sorted(numbers, key=len, reverse=True)))
    percent = [" ".join(p) for p in lang.percent if p != ("%",)]
    according = _alternation(words.according_to, cjk)
    return LanguageRules(
        lang=lang,
        words=words,
        speakers=_speakers(words, bare, cjk) + _after(words, bare, cjk),
        according=_compiled(f"(?i:{according})" if according else None),
        name=name,
        quoted=_quoted(words, cjk),
        opinion=_compiled(_alternation(words.opinion, cjk)),
        future=_compiled(_alternation(words.future, cjk)),
        not_counts=_not_counts(lang, words, number),
        counts=frozenset(numbers) | lang.dozen | lang.hundred | frozenset(lang.fractions),
        percent=(*percent, *([lang.percent_prefix] if lang.percent_prefix else [])),
    )
