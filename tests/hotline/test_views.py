"""The hot line's texts for refusals and notices: every one has its words, and they fit Telegram's limits."""

from __future__ import annotations

import inspect
from datetime import UTC, datetime

import pytest

from bot.texts import hotline as t
from bot.views import hotline as view
from bot.views.errors import GENERIC, error_text, registry
from bot.views.notices import render_notice, renderers
from core.errors import DomainError
from core.notices import Notice
from services.hotline import errors, notices
from services.text import MESSAGE_LIMIT, tg_len
from storage.models import ConsultationStatus

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
    assert error_text(errors.WrongStatus(consultation_id=3, status=ConsultationStatus.ANSWERED)) == (
        "Зараз ця дія неможлива: звернення має статус «🟢 відповідь надано»."
    )
    assert error_text(errors.AlreadyTaken(consultation_id=3, lawyer="Юрій Юрист")) == (
        "Звернення №3 вже взяв(ла) Юрій Юрист."
    )
    assert error_text(errors.AlreadyYours(consultation_id=3)) == "Звернення №3 вже взяв(ла) ви."
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
