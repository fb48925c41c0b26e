"""No Latin words or ids in what people read: every text constant (bot/texts/) and every keyboard (bot/keyboards/).

People read Ukrainian. Allowed in Latin letters: proper names (`PROPER_NAMES`),
bot commands (/start), placeholders ({name}) and HTML markup. Keyboards are
built with sample data (every public builder whose parameters can be sampled).
"""

from __future__ import annotations

import ast
import dataclasses
import enum
import inspect
import itertools
import pkgutil
import re
import types
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import UTC, datetime, tzinfo
from importlib import import_module
from types import ModuleType
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, ReplyKeyboardMarkup

import bot.keyboards
import bot.texts
from bot.callbacks.registration import ConsentCb
from core.roles import Role
from knowledge import Knowledge
from knowledge.indicators import Indicator, IndicatorCatalogue
from knowledge.loader import default_knowledge
from services.staff import StaffList
from services.trainings.browse import Page
from storage.models import (
    Consultation,
    ConsultationStatus,
    Newsletter,
    RegistrationStatus,
    Training,
    TrainingRegistration,
    TrainingStatus,
    User,
)

PROPER_NAMES = frozenset(
    {"Telegram", "SQLite", "PostgreSQL", "Redis", "XLSX", "CSV", "PDF", "JSON", "ZIP", "Excel", "Word", "BotFather"}
)

PLACEHOLDER = re.compile(r"\{[^{}]*\}")
MARKUP = re.compile(r"<[^<>]+>|&[a-z]+;|&#\d+;")
COMMAND = re.compile(r"(?<![\w/])/[a-z_]+")
LINK = re.compile(r"https?://\S*")
# A file name's extension ("Показники_2026.xlsx"): Telegram shows it as part of the name.
EXTENSION = re.compile(r"\.(xlsx|csv|zip|json|pdf)\b")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_'’.-]*[A-Za-z0-9]|[A-Za-z]")


# A placeholder filled with a time zone's id ("Europe/Kyiv"): texts say "за київським часом" instead.
ZONE_PLACEHOLDER = re.compile(r"\{(tz|timezone)\b[^{}]*\}")


def latin_words(text: str) -> list[str]:
    """The Latin words of `text` a person would read (placeholders, markup, commands and links taken out)."""
    zones = [match.group(0) for match in ZONE_PLACEHOLDER.finditer(text)]
    for pattern in (PLACEHOLDER, MARKUP, LINK, EXTENSION, COMMAND):
        text = pattern.sub(" ", text)
    return zones + [word for word in LATIN_WORD.findall(text) if word not in PROPER_NAMES]


def test_the_scanner() -> None:
    assert latin_words("Натисніть /start або {name}: <b>Телефон</b> &lt;1&gt;") == []
    assert latin_words("id <code>{telegram_id}</code>") == ["id"]
    assert latin_words("Коди тем: budget, land") == ["budget", "land"]
    assert latin_words("база даних: вбудована (SQLite), Europe/Kyiv") == ["Europe", "Kyiv"]
    assert latin_words("Файл XLSX і CSV у Telegram") == []
    assert latin_words("Показники_{year}.xlsx, (.csv)") == []
    assert latin_words("pokaznyky.xlsx") == ["pokaznyky"]
    assert latin_words("Дата й час ({tz}), за київським часом") == ["{tz}"]


def test_the_keyboard_scanner(knowledge: Knowledge) -> None:
    sample = ModuleType("sample_keyboards")

    def labelled(user: User, step: str) -> InlineKeyboardMarkup:
        label = f"👤 {user.full_name} id {user.telegram_id} {step}"
        return InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text=label, callback_data="x")]])

    def unknown(value: complex) -> InlineKeyboardMarkup:
        return InlineKeyboardMarkup(inline_keyboard=[])

    for function in (labelled, unknown):
        function.__module__ = sample.__name__
        setattr(sample, function.__name__, function)
    assert keyboard_violations(sample, knowledge) == ({"labelled": ["id", "position"]}, ["unknown"])


def _modules(package: ModuleType) -> list[str]:
    return sorted(f"{package.__name__}.{info.name}" for info in pkgutil.iter_modules(package.__path__))


TEXT_MODULES = _modules(bot.texts)
KEYBOARD_MODULES = _modules(bot.keyboards)


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            yield from _strings(item)


def _defined_here(module: ModuleType) -> set[str]:
    """Names the module assigns itself (not those it imports, such as step names from a service)."""
    tree = ast.parse(inspect.getsource(module))
    names: set[str] = set()
    for node in tree.body:
        targets = (
            node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
        )
        names.update(target.id for target in targets if isinstance(target, ast.Name))
    return names


def text_violations(module: ModuleType) -> dict[str, list[str]]:
    """Constant name -> the Latin words in it."""
    found: dict[str, list[str]] = {}
    for name in sorted(_defined_here(module)):
        value = getattr(module, name)
        if name.startswith("_") or callable(value):
            continue
        words = [word for text in _strings(value) for word in latin_words(text)]
        if words:
            found[name] = words
    return found


# --- keyboards with sample data ----------------------------------------------------------


def _sample_user() -> User:
    return User(id=1, telegram_id=610001, full_name="Коваль Олена Іванівна", role=Role.LAWYER, is_editor=True)


def _objects(knowledge: Knowledge) -> dict[Any, list[Any]]:
    """Sample records by type (one of each; enums give all their members)."""
    with_parts = [ind for ind in knowledge.indicators.indicators if ind.parts][:1]
    starts = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
    training = Training(id=1, title="Бюджетний процес", starts_at=starts, status=TrainingStatus.SCHEDULED)
    registration = TrainingRegistration(
        id=1, training_id=1, training=training, user=_sample_user(), status=RegistrationStatus.REGISTERED, attended=True
    )
    return {
        Training: [training],
        TrainingRegistration: [registration],
        Page: [Page(0, 1), Page(1, 3)],
        Knowledge: [knowledge],
        User: [_sample_user()],
        StaffList: [StaffList(lawyers=[_sample_user(), User(id=2, telegram_id=610002, full_name="")], editors=[])],
        IndicatorCatalogue: [knowledge.indicators],
        Indicator: with_parts,
        Consultation: [Consultation(id=1, topic_code="land", status=ConsultationStatus.OPEN, question="Питання")],
        Newsletter: [Newsletter(id=1, html="Новини")],
        tzinfo: [ZoneInfo("Europe/Kyiv")],
        datetime: [datetime(2026, 1, 1, tzinfo=UTC)],
        bool: [False, True],
        CallbackData: [ConsentCb(agree=True)],
    }


def _samples(name: str, annotation: Any, knowledge: Knowledge) -> list[Any] | None:
    """Values to try for a parameter; None: this builder cannot be called with sample data."""
    objects = _objects(knowledge)
    if annotation in objects:
        return objects[annotation]
    if inspect.isclass(annotation) and issubclass(annotation, enum.Enum):
        return list(annotation)
    if inspect.isclass(annotation) and issubclass(annotation, CallbackData):
        return objects[CallbackData]
    if annotation is int:
        return [2026] if "year" in name else [1]
    if annotation is str:
        return [{"mode": "a", "step": "position", "code": "land"}.get(name, "Приклад")]
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType):
        for arg in args:
            if arg is not type(None) and (values := _samples(name, arg, knowledge)):
                return values
        return [None]
    if origin is tuple:
        items = [_samples(name, arg, knowledge) for arg in args]
        return None if any(not item for item in items) else [tuple(item[0] for item in items if item)]
    if inspect.isclass(origin) and issubclass(origin, Mapping):
        return [{"position": "Посада"}]
    if dataclasses.is_dataclass(annotation) and isinstance(annotation, type):
        return _dataclass_samples(annotation, knowledge)
    if inspect.isclass(origin) and issubclass(origin, Iterable) and args:
        inner = [topic.code for topic in knowledge.topics[:2]] if args[0] is str else _samples(name, args[0], knowledge)
        return None if not inner else [list(inner)]
    return None


def _dataclass_samples(cls: type[Any], knowledge: Knowledge) -> list[Any] | None:
    """A service's result (a dataclass): its fields sampled, all with their first and all with their last choice."""
    hints = typing.get_type_hints(cls)
    fields = {field.name: _samples(field.name, hints[field.name], knowledge) for field in dataclasses.fields(cls)}
    if any(not values for values in fields.values()):
        return None
    return [cls(**{name: values[pick] for name, values in fields.items() if values}) for pick in (0, -1)]


def _keyboard_texts(result: Any) -> Iterator[str]:
    if isinstance(result, InlineKeyboardMarkup):
        rows: Any = result.inline_keyboard
    elif isinstance(result, ReplyKeyboardMarkup):
        rows = result.keyboard
    elif isinstance(result, InlineKeyboardButton):
        rows = [[result]]
    elif isinstance(result, list):
        rows = [result]
    else:
        rows = []
    for row in rows:
        for button in row:
            yield button.text


def _builders(module: ModuleType) -> Iterator[tuple[str, Callable[..., Any]]]:
    for name, function in vars(module).items():
        if name.startswith("_") or not inspect.isfunction(function) or function.__module__ != module.__name__:
            continue
        returns = str(typing.get_type_hints(function).get("return", ""))
        if "Keyboard" in returns or "Button" in returns:
            yield name, function


def keyboard_violations(module: ModuleType, knowledge: Knowledge) -> tuple[dict[str, list[str]], list[str]]:
    """Builder -> the Latin words on its buttons; and the builders that sample data cannot call."""
    found: dict[str, list[str]] = {}
    uncalled: list[str] = []
    for name, builder in _builders(module):
        hints = typing.get_type_hints(builder)
        choices: dict[str, list[Any]] = {}
        for parameter in inspect.signature(builder).parameters.values():
            if parameter.default is not inspect.Parameter.empty:
                continue
            values = _samples(parameter.name, hints.get(parameter.name), knowledge)
            if values is None:
                break
            choices[parameter.name] = values
        else:
            words: list[str] = []
            for combination in itertools.product(*choices.values()):
                result = builder(**dict(zip(choices, combination, strict=True)))
                words += [word for text in _keyboard_texts(result) for word in latin_words(text)]
            if words:
                found[name] = sorted(set(words))
            continue
        uncalled.append(name)
    return found, uncalled


def _judge(module_name: str, violations: Mapping[str, list[str]]) -> None:
    listing = "; ".join(f"{name}: {', '.join(words)}" for name, words in violations.items())
    assert not violations, f"Latin words shown to people in {module_name}: {listing}"


@pytest.mark.parametrize("module_name", TEXT_MODULES)
def test_texts_are_ukrainian(module_name: str) -> None:
    _judge(module_name, text_violations(import_module(module_name)))


@pytest.mark.parametrize("module_name", KEYBOARD_MODULES)
def test_keyboards_are_ukrainian(module_name: str) -> None:
    found, uncalled = keyboard_violations(import_module(module_name), default_knowledge())
    assert not uncalled, f"{module_name}: give these builders sample data in this test: {uncalled}"
    _judge(module_name, found)
