"""The hot line's texts for refusals and notices: every one has its words, and they fit Telegram's limits."""

from __future__ import annotations

import inspect
import re
from datetime import UTC, datetime
from typing import get_args, get_type_hints

import pytest
from aiogram.types import InlineKeyboardMarkup

from bot.keyboards import hotline as kb
from bot.texts import hotline as t
from bot.views import hotline as view
from bot.views.errors import GENERIC, error_text, registry
from bot.views.notices import render_notice, renderers
from core.errors import DomainError
from core.notices import Notice
from core.settings import Settings
from knowledge import Knowledge
from services.hotline import errors, notices
from services.hotline.consultations import Thread
from services.hotline.draft import Draft, Purpose
from services.text import MESSAGE_LIMIT, tg_len
from storage.models import Consultation, ConsultationEvent, ConsultationStatus, EventKind, User

ABSTRACT_NOTICES = {notices.HotlineNotice, notices.HotlineTextNotice, notices.OfficialWrote}


def classes(module: object, base: type) -> list[type]:
    return [
        c
        for _, c in inspect.getmembers(module, inspect.isclass)
        if issubclass(c, base) and c.__module__ == module.__name__
    ]  # type: ignore[attr-defined]


@pytest.mark.parametrize("refusal", classes(errors, DomainError), ids=lambda c: c.__name__)
def test_every_refusal_has_its_own_text(refusal: type[DomainError]) -> None:
    assert refusal in registry() and refusal not in GENERIC


@pytest.mark.parametrize(
    "notice", [c for c in classes(notices, Notice) if c not in ABSTRACT_NOTICES], ids=lambda c: c.__name__
)
def test_every_notice_has_a_view(notice: type[Notice]) -> None:
    assert notice in renderers()


def test_refusals_are_worded_with_their_parameters() -> None:
    assert error_text(errors.WrongStatus(consultation_id=3, status=ConsultationStatus.CLARIFICATION)) == (
        "Зараз ця дія неможлива: звернення має статус «🟠 чекає уточнення»."
    )
    assert error_text(errors.WrongStatus(consultation_id=3, status=ConsultationStatus.CLOSED)) == (
        "Звернення №3 уже закрито."
    )
    # The verb agrees with the lawyer (read from the patronymic); without one, a sentence that needs no gender.
    assert error_text(errors.AlreadyTaken(consultation_id=3, lawyer="Коваль Олена Петрівна")) == (
        "Звернення №3 уже взяла в роботу Коваль Олена Петрівна."
    )
    assert error_text(errors.AlreadyTaken(consultation_id=3, lawyer="Коваль Олег Петрович")) == (
        "Звернення №3 уже взяв у роботу Коваль Олег Петрович."
    )
    assert error_text(errors.AlreadyTaken(consultation_id=3, lawyer="Юрій Юрист")) == (
        "Звернення №3 уже в роботі: Юрій Юрист."
    )
    assert error_text(errors.AlreadyTaken(consultation_id=3, lawyer="")) == "Звернення №3 уже в роботі в іншого юриста."
    assert error_text(errors.AlreadyYours(consultation_id=3)) == "Ви вже працюєте зі зверненням №3."
    assert error_text(errors.DraftTooLong(limit=20_000)) == t.DRAFT_TOO_LONG.format(limit=20_000)


def test_a_notice_is_rendered_from_its_outbox_row() -> None:
    notice = notices.NewConsultation(
        chat_id=42,
        consultation_id=7,
        topic="Земельні відносини",
        official=None,
        community="Броварська & Ко",
        region="Київська",
        due=datetime(2026, 11, 30, 9, 30, tzinfo=UTC),
        preview="Чи можна <без> аукціону?",
    )
    message = render_notice(42, {"kind": notice.kind(), "data": notice.payload()})
    assert message.chat_id == 42
    assert message.text == (
        "🆕 Нове звернення <b>№7</b>\nТема: Земельні відносини\nВід: —, Броварська &amp; Ко (Київська)\n"
        "Строк: 30.11.2026 09:30\n\nЧи можна &lt;без&gt; аукціону?"
    )
    assert message.reply_markup is not None
    assert [[b.text for b in row] for row in message.reply_markup.inline_keyboard] == [[t.BTN_TAKE]]  # type: ignore[union-attr]


LONGEST_NAME = "Ґ" * 200  # registration allows 200 characters
LONGEST_TOPIC = "Т" * 60  # the knowledge loader allows 60


@pytest.mark.parametrize(
    "notice",
    [
        notices.ConsultationAnswered(
            chat_id=1, consultation_id=10**9, text="", topic=LONGEST_TOPIC, lawyer=LONGEST_NAME, last=False
        ),
        notices.ClarificationRequested(chat_id=1, consultation_id=10**9, text=""),
        notices.FollowUpAsked(
            chat_id=1, consultation_id=10**9, text="", official=LONGEST_NAME, status=ConsultationStatus.ASSIGNED
        ),
    ],
    ids=lambda n: type(n).__name__,
)
def test_the_first_part_of_a_long_text_leaves_room_for_its_header(notice: notices.HotlineTextNotice) -> None:
    piece = notices.text_pieces("слово " * 5000)[0]
    notice.text = piece
    rendered = view.NOTICES[type(notice)](notice)
    assert tg_len(rendered.text) <= MESSAGE_LIMIT
    assert rendered.text.endswith(piece.rstrip()[-20:])


def test_only_the_last_part_carries_the_buttons() -> None:
    parts = [
        notices.ClarificationRequested(chat_id=1, consultation_id=5, text=text, part=index, last=index == 1)
        for index, text in enumerate(["перша частина", "друга частина"])
    ]
    first, last = (view.NOTICES[notices.ClarificationRequested](part) for part in parts)
    assert first.text.startswith("❓ Юрист просить уточнити звернення <b>№5</b>") and first.reply_markup is None
    assert last.text == "друга частина" and last.reply_markup is not None


@pytest.mark.parametrize(
    ("lawyer", "expected"),
    [
        ("Коваль Юрій Петрович", "🧑‍⚖️ Ваше звернення №7 взяв у роботу юрист Коваль Юрій Петрович."),
        ("Коваль Олена Петрівна", "🧑‍⚖️ Ваше звернення №7 взяла в роботу юристка Коваль Олена Петрівна."),
        ("Олена Коваль", "🧑‍⚖️ Ваше звернення №7 взято в роботу. Юрист: Олена Коваль."),  # no patronymic
        ("", "🧑‍⚖️ Ваше звернення №7 взято в роботу. Юрист: (ім'я не вказано)."),
    ],
)
def test_the_official_is_told_who_took_it_in_agreement(lawyer: str, expected: str) -> None:
    notice = notices.ConsultationTaken(chat_id=1, consultation_id=7, lawyer=lawyer)
    assert view.NOTICES[notices.ConsultationTaken](notice).text == expected


def test_names_stay_in_the_nominative() -> None:
    notice = notices.ConsultationHandedOver(
        chat_id=1, consultation_id=7, topic="Бюджет", by="Коваль Олена Петрівна", status=ConsultationStatus.ASSIGNED
    )
    assert view.NOTICES[notices.ConsultationHandedOver](notice).text == (
        "↪️ Коваль Олена Петрівна передає вам звернення <b>№7</b> (Бюджет)."
    )


def test_rating_buttons_read_like_a_scale() -> None:
    labels = [button.text for row in kb.rating(1).inline_keyboard for button in row]
    assert labels == ["1 ⭐", "2 ⭐", "3 ⭐", "4 ⭐", "5 ⭐"]


def test_plural_forms() -> None:
    forms = t.FILES
    assert [view.plural(n, forms) for n in (0, 1, 2, 4, 5, 11, 12, 14, 21, 22, 25, 101, 111, 112)] == [
        "0 файлів",
        "1 файл",
        "2 файли",
        "4 файли",
        "5 файлів",
        "11 файлів",
        "12 файлів",
        "14 файлів",
        "21 файл",
        "22 файли",
        "25 файлів",
        "101 файл",
        "111 файлів",
        "112 файлів",
    ]


def test_what_was_added_is_said_plainly() -> None:
    added = Draft(parts=["а" * 100])
    assert view.part_added(Purpose.ASK, added) == (
        "Додано до питання. Зараз у питанні ~100 символів і 0 файлів. "
        "Надішліть ще текст чи файл або натисніть «✅ Готово»."
    )
    added.attachments.append({"type": "photo", "file_id": "p", "file_name": None})
    assert "Зараз у відповіді ~100 символів і 1 файл." in view.part_added(Purpose.ANSWER, added)


def test_the_lawyers_copy_opens_with_a_header(settings: Settings, knowledge: Knowledge) -> None:
    official = User(id=1, telegram_id=1, full_name="Петренко Олена Іванівна", position="Секретар", community="Громада")
    asked = datetime(2026, 11, 23, 7, 0, tzinfo=UTC)
    consultation = Consultation(
        id=7,
        topic_code="land",
        region_code="kyo",
        status=ConsultationStatus.ASSIGNED,
        official=official,
        lawyer=None,
        created_at=asked,
        due_at=asked,
        answer_undelivered=False,
    )
    event = ConsultationEvent(kind=EventKind.CREATED, actor=official, created_at=asked, text="Чи можна?", payload={})
    case = Thread(consultation, [event], asked_by_viewer=False)
    first = view.lawyer_view(2, case, settings, knowledge, asked)[0]
    assert first.text.startswith(
        "<b>Звернення №7</b> · Земельні відносини · від Петренко Олена Іванівна\n\n<b>❓ Питання</b> · "
    )
    assert first.text.endswith("\nЧи можна?")


# --- nothing technical in what people read ------------------------------------------------------------------

_COMMAND_OR_MARKUP = re.compile(r"\{[a-z_]*\}|</?b>|/[a-z_]+")


def _texts(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _texts(item)]
    if isinstance(value, tuple | list):
        return [text for item in value for text in _texts(item)]
    return []


def _latin(text: str) -> list[str]:
    return re.findall(r"[A-Za-z]+", _COMMAND_OR_MARKUP.sub("", text))


def test_the_texts_have_no_english_or_code_names() -> None:
    texts = [text for name, value in vars(t).items() if name.isupper() for text in _texts(value)]
    assert len(texts) > 100
    assert [text for text in texts if _latin(text)] == []


_SAMPLE = {
    str: "Зразок",
    int: 7,
    bool: True,
    datetime: datetime(2026, 11, 23, 9, 0, tzinfo=UTC),
    ConsultationStatus: ConsultationStatus.ASSIGNED,
}


def _sample(cls: type[Notice], optional: object) -> Notice:
    """A notice with every field filled (`optional`: what its optional fields hold)."""
    fields: dict[str, object] = {}
    for name, hint in get_type_hints(cls).items():
        if name == "kinds":
            continue
        options = get_args(hint) or (hint,)
        fields[name] = optional if type(None) in options else _SAMPLE[next(o for o in options if o in _SAMPLE)]
    return cls(**fields)


@pytest.mark.parametrize("optional", ["Зразок", None, ""], ids=["filled", "missing", "empty"])
@pytest.mark.parametrize("notice", list(view.NOTICES), ids=lambda c: c.__name__)
def test_no_notice_shows_english_ids_or_raw_data(notice: type[Notice], optional: object) -> None:
    message = view.NOTICES[notice](_sample(notice, optional))
    markup = message.reply_markup
    buttons = (
        [b.text for row in markup.inline_keyboard for b in row] if isinstance(markup, InlineKeyboardMarkup) else []
    )
    for text in [message.text, *buttons]:
        assert _latin(text) == [] and "None" not in text and "{" not in text, text
