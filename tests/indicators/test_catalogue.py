from __future__ import annotations

from pathlib import Path

import pytest

from knowledge import KnowledgeError, load_knowledge
from knowledge.indicators import Aggregation, PeriodKind, Source, Unit, load_indicator_catalogue
from knowledge.loader import DATA_DIR

# Table 2 of the strategy ("Перелік показників для моніторингу впровадження Стратегії"), verbatim.
TABLE_2 = {
    1: (
        "Захист прав та обстоювання інтересів місцевого самоврядування",
        [
            "Кількість розроблених АМУ законопроектів",
            "Кількість прийнятих ВРУ законів, ініційованих АМУ",
            "Кількість проектів законів та нормативних документів щодо яких висловлено позицію",
            "Кількість засідань консультативно-дорадчих органів",
            "Кількість питань, які вдалося вирішити завдяки консультаціям та діалогу",
        ],
    ),
    2: (
        "Сприяння місцевому економічному розвитку",
        [
            "Кількість діючих на базі РВ АМУ Центрів сприяння економічному розвитку міст",
            "Кількість підготовлених Центрами проектів, з них профінансованих",
            "Обсяг додатково залученого фінансування",
        ],
    ),
    3: (
        "Управління знаннями та професійний розвиток кадрів місцевого самоврядування",
        [
            "Кількість працівників ОМС, які взяли участь у навчальних заходах, організованих АМУ",
            "Кількість місцевих рад, в яких проведено навчання для депутатського корпусу",
            "Кількість наданих консультацій органам місцевого самоврядування",
        ],
    ),
    4: (
        "Інформаційна політика та популяризація місцевого самоврядування",
        [
            "Кількість журналістів в пулі АМУ",
            "Кількість матеріалів про місцеве самоврядування у ЗМІ, зініційованих АМУ",
            "Кількість відвідувачів сайту АМУ",
        ],
    ),
    5: (
        "Забезпечення рівних прав та можливостей жінок і чоловіків",
        [
            "Кількість жінок-міських, селищних, сільських голів",
            "Кількість жінок у правлінні АМУ",
            "Кількість реалізованих ініціатив",
        ],
    ),
    # Table 2 labels this block "Стратегічний пріоритет 5" again: by its name it is priority 6.
    6: ("Інституційний розвиток та нові послуги для членів", ["Кількість нових додаткових послуг громадам-членам АМУ"]),
}
DRAFT_LAW_GROUPS = ["погоджених повністю", "погоджених із зауваженнями", "не погоджених"]
ALL_NAMES = [name for _, names in TABLE_2.values() for name in names]


def test_catalogue_has_every_priority_and_indicator_of_table_2_exactly() -> None:
    catalogue = load_knowledge().indicators
    assert [p.number for p in catalogue.priorities] == [1, 2, 3, 4, 5, 6]
    for priority in catalogue.priorities:
        name, names = TABLE_2[priority.number]
        assert priority.name == name
        assert [i.name for i in priority.indicators] == names
    assert catalogue.priorities[3].list_name == "Популяризація місцевого самоврядування та забезпечення довіри громадян"
    assert catalogue.base_year == 2012


def test_catalogue_attributes() -> None:
    catalogue = load_indicator_catalogue()
    computed = {i.code for i in catalogue.indicators if i.source == Source.COMPUTED}
    assert computed == {"trained", "deputy_councils", "consultations"}
    consultations = catalogue.indicator("consultations")
    assert consultations is not None and consultations.responsible == "Центр правової допомоги"
    visitors = catalogue.indicator("site_visitors")
    assert visitors is not None
    assert (visitors.unit, visitors.aggregation, visitors.period) == (
        Unit.VISITORS,
        Aggregation.MONTHLY_AVERAGE,
        PeriodKind.MONTH,
    )
    funding = catalogue.indicator("extra_funding")
    assert funding is not None and funding.unit == Unit.UAH
    positions = catalogue.indicator("positions")
    assert positions is not None
    assert [b.name for b in positions.breakdown] == DRAFT_LAW_GROUPS
    assert all(b.taken_into_account for b in positions.breakdown)
    assert len(positions.parts) == 6
    projects = catalogue.indicator("projects")
    assert projects is not None and [p.code for p in projects.parts] == ["financed"]
    others = [i for i in catalogue.indicators if i.code != "site_visitors"]
    assert all(i.aggregation == Aggregation.SUM for i in others)


def _copy_data(tmp_path: Path, indicators: str) -> Path:
    for name in ("topics.toml", "regions.toml"):
        (tmp_path / name).write_bytes((DATA_DIR / name).read_bytes())
    (tmp_path / "indicators.toml").write_text(indicators, encoding="utf-8")
    return tmp_path


def test_a_broken_indicators_file_stops_with_one_clear_line(tmp_path: Path) -> None:
    text = (DATA_DIR / "indicators.toml").read_text(encoding="utf-8")
    broken = text.replace('unit = "uah"', 'unit = "usd"')
    with pytest.raises(KnowledgeError) as err:
        load_knowledge(_copy_data(tmp_path, broken))
    message = str(err.value)
    assert "indicators.toml" in message and "unit" in message and "\n" not in message

    duplicate = text.replace('code = "laws_adopted"', 'code = "bills_drafted"')
    with pytest.raises(KnowledgeError, match="duplicate indicator code"):
        load_knowledge(_copy_data(tmp_path, duplicate))

    with pytest.raises(KnowledgeError, match=r"indicators\.toml"):
        load_knowledge(_copy_data(tmp_path, "base_year = ["))


def test_bot_refuses_to_start_on_a_broken_catalogue(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    import bot.__main__ as entry
    import knowledge.loader

    text = (DATA_DIR / "indicators.toml").read_text(encoding="utf-8").replace("number = 6", "number = 7")
    monkeypatch.setattr(knowledge.loader, "DATA_DIR", _copy_data(tmp_path, text))
    monkeypatch.setattr(entry, "load_knowledge", lambda: load_knowledge(tmp_path))
    monkeypatch.setenv("BOT_TOKEN", "123456:" + "A" * 30)
    assert entry.main([]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("amu-bot: indicators.toml") and "\n" not in err
