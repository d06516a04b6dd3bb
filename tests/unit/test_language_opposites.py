"""The direction pairs of each language's data file (``summarizer/text/languages/*.toml``,
``[direction]``) catch the opposites that news, notices, reports and rulings use: a claim
with one word of a pair on evidence with only the other is a direction failure, in every
inflected form the file lists; the same sentence is no failure. Sentences written for this
test (not the probes')."""

from __future__ import annotations

import pytest

from summarizer._support_pairs import opposite_direction
from summarizer.text import language

# (language, evidence, claim with the opposite word, the claim's word, the evidence's word);
# test ids: the language and the row's place among its rows ("fr4": the fourth French row)
OPPOSITES = [
    ("en", "The appeals court upheld the ruling.", "The appeals court overturned the ruling.",
     "overturned", "upheld"),
    ("en", "The trade deficit narrowed in May.", "The trade deficit widened in May.",
     "widened", "narrowed"),
    ("en", "The city imposed a curfew on Friday.", "The city lifted a curfew on Friday.",
     "lifted", "imposed"),
    ("en", "Power cuts are rare in the capital.", "Power cuts are frequent in the capital.",
     "frequent", "rare"),
    ("en", "The firm reported net income of $3 million.",
     "The firm reported a net loss of $3 million.", "loss", "income"),
    ("en", "The bank tightened its lending rules.", "The bank eased its lending rules.",
     "eased", "tightened"),
    ("de", "Der Antrag der Fraktion wurde abgelehnt.", "Der Antrag der Fraktion wurde angenommen.",
     "angenommen", "abgelehnt"),
    ("de", "Die Stadt verschärft die Regeln für Taxis.", "Die Stadt lockert die Regeln für Taxis.",
     "lockert", "verschärft"),
    ("de", "Der Eintritt ins Museum ist kostenlos.", "Der Eintritt ins Museum ist kostenpflichtig.",
     "kostenpflichtig", "kostenlos"),
    ("de", "Das Werk will 300 Stellen streichen.", "Das Werk will 300 Stellen schaffen.",
     "schaffen", "streichen"),
    ("fr", "Le préfet a annoncé la prolongation des restrictions.",
     "Le préfet a annoncé la levée des restrictions.", "levée", "prolongation"),
    ("fr", "Les pannes sont rares en hiver.", "Les pannes sont fréquentes en hiver.",
     "fréquentes", "rares"),
    ("fr", "Le débit de la rivière a chuté.", "Le débit de la rivière a augmenté.",
     "augmenté", "chuté"),
    ("fr", "La ligne transportera 25 000 voyageurs par jour.",
     "La ligne transportera 25 000 voyageurs par nuit.", "nuit", "jour"),
    ("es", "La reunión se aplazó al lunes.", "La reunión se adelantó al lunes.",
     "adelantó", "aplazó"),
    ("es", "El gobierno impuso el toque de queda.", "El gobierno levantó el toque de queda.",
     "levantó", "impuso"),
    ("es", "La empresa redujo la plantilla.", "La empresa aumentó la plantilla.",
     "aumentó", "redujo"),
    ("it", "Il festival ha chiuso il bilancio in perdita.",
     "Il festival ha chiuso il bilancio in attivo.", "attivo", "perdita"),
    ("it", "Nel 1992 rifiutò la presidenza.", "Nel 1992 accettò la presidenza.",
     "accettò", "rifiutò"),
    ("it", "Il Comune ha tagliato il contributo.", "Il Comune ha aumentato il contributo.",
     "aumentato", "tagliato"),
    ("pt", "O clube perdeu as duas mãos.", "O clube venceu as duas mãos.", "venceu", "perdeu"),
    ("pt", "A adesão ficou abaixo da meta.", "A adesão ficou acima da meta.", "acima", "abaixo"),
    ("pt", "A reunião foi adiada para segunda.", "A reunião foi antecipada para segunda.",
     "antecipada", "adiada"),
    ("nl", "De provincie heeft het plan goedgekeurd.", "De provincie heeft het plan afgekeurd.",
     "afgekeurd", "goedgekeurd"),
    ("nl", "Het openen gaat veel sneller.", "Het openen gaat veel langzamer.",
     "langzamer", "sneller"),
    ("nl", "De update is gratis voor iedereen.", "De update is betaald voor iedereen.",
     "betaald", "gratis"),
    ("zh", "今冬气温比常年偏高。", "今冬气温比常年偏低。", "偏低", "偏高"),
    ("zh", "全市学校推迟上课时间。", "全市学校提前上课时间。", "提前", "推迟"),
    ("zh", "排名从第三位跌至第五位。", "排名从第三位升至第五位。", "升至", "跌至"),
    ("ja", "フェリーは冬に減便する。", "フェリーは冬に増便する。", "増便", "減便"),
    ("ja", "案内所は年末も休業する。", "案内所は年末も営業する。", "営業", "休業"),
    ("ja", "鉄道は区間を廃止する。", "鉄道は区間を存続する。", "存続", "廃止"),
    # news opposites the language files lacked until the direction2 branch
    ("en", "Electricity was restored to 2,000 homes on Monday.",
     "Electricity was lost to 2,000 homes on Monday.", "lost", "restored"),
    ("en", "Repairs moved slowly through the winter.", "Repairs moved quickly through the winter.",
     "quickly", "slowly"),
    ("de", "Die Zahl der Unfälle blieb gering.", "Die Zahl der Unfälle blieb hoch.", "hoch",
     "gering"),
    ("de", "Der Verband kritisierte die neue Regel.", "Der Verband begrüßte die neue Regel.",
     "begrüßte", "kritisierte"),
    ("de", "Die neue Regel entlastet die Gemeinden.", "Die neue Regel belastet die Gemeinden.",
     "belastet", "entlastet"),
    ("de", "Der Konzern verkaufte das Werk im Mai.", "Der Konzern kaufte das Werk im Mai.",
     "kaufte", "verkaufte"),
    ("fr", "Lyon grimpe à la troisième place.", "Lyon recule à la troisième place.", "recule",
     "grimpe"),
    ("fr", "Les abonnements restent valables jusqu'en juin.",
     "Les abonnements sont annulés jusqu'en juin.", "annulés", "valables"),
    ("fr", "La commune a vendu le terrain.", "La commune a acheté le terrain.", "acheté", "vendu"),
    ("es", "El banco rebajó las comisiones.", "El banco elevó las comisiones.", "elevó", "rebajó"),
    ("es", "La lluvia amainó por la tarde.", "La lluvia arreció por la tarde.", "arreció",
     "amainó"),
    ("es", "La obra avanzó con rapidez.", "La obra avanzó lentamente.", "lentamente", "rapidez"),
    ("it", "Dopo un mese il sintomo scompariva.", "Dopo un mese il sintomo aumentava.",
     "aumentava", "scompariva"),
    ("it", "Il sindaco ha criticato il progetto.", "Il sindaco ha elogiato il progetto.",
     "elogiato", "criticato"),
    ("pt", "O presidente queixou-se do calendário.", "O presidente elogiou o calendário.",
     "elogiou", "queixou"),
    ("nl", "De storm trekt naar het noorden.", "De storm trekt naar het zuiden.", "zuiden",
     "noorden"),
    ("nl", "Het bedrijf verkocht de fabriek.", "Het bedrijf kocht de fabriek.", "kocht",
     "verkocht"),
    ("zh", "他在加时赛中两罚全失。", "他在加时赛中两罚全中。", "全中", "全失"),
    ("zh", "公司计划压缩工期。", "公司计划延长工期。", "延长", "压缩"),
    ("zh", "今年新增岗位三百个。", "今年减少岗位三百个。", "减少", "新增"),
    ("ja", "裁判所は原告の請求を退けた。", "裁判所は原告の請求を認めた。", "認めた", "退けた"),
    ("ja", "市長は計画を批判した。", "市長は計画を称賛した。", "称賛", "批判"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("code", "evidence", "claim", "said", "stated"),
    OPPOSITES,
    ids=[
        f"{o[0]}{[x[0] for x in OPPOSITES[: k + 1]].count(o[0])}" for k, o in enumerate(OPPOSITES)
    ],
)
def test_an_opposite_of_news_and_reports_is_a_direction_failure(
    code: str, evidence: str, claim: str, said: str, stated: str
) -> None:
    assert opposite_direction(claim, evidence, code) == (said, stated)


@pytest.mark.parametrize(("code", "evidence"), sorted({(o[0], o[1]) for o in OPPOSITES}))
def test_the_evidence_itself_has_no_opposite(code: str, evidence: str) -> None:
    assert opposite_direction(evidence, evidence, code) is None


def test_a_form_with_a_second_meaning_is_left_out() -> None:
    # French "nuit" is "night" (opposite of "jour"), not "harms" (opposite of "favorise")
    fr = language("fr")
    assert fr.fold("nuit") != fr.fold("nuire")
    assert fr.fold("nuit") in fr.opposites[fr.fold("jour")]
    # English "failed" is a negation verb ("failed to reach"), no direction word
    assert "failed" not in language("en").canonical
