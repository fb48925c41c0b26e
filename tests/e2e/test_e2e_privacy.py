"""Erasure with the real `python -m bot` process: register, ask, get an answer, /forget; an admin's export then
holds none of the person's data (and the lawyer was told the consultation was closed)."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.texts import common as tc
from bot.texts import hotline as t
from bot.texts import privacy as tp
from bot.texts import registration as tr
from knowledge.loader import default_knowledge
from tests.conftest import ADMIN_ID
from tests.e2e.conftest import StartBot
from tests.e2e.test_e2e_consultation import card_of, compose, register
from tests.privacy.scan import traces
from tests.support.factories import create_user
from tests.support.fake_bot_api import FakeBotAPI, StoredMessage, UserChat

pytestmark = [pytest.mark.e2e, pytest.mark.sqlite_only]

OFFICIAL = 5701
LAWYER = 6701
LAND = default_knowledge().topic_title("land")
NAME = "Кравчук Оксана Миколаївна"
POSITION = "Староста Кравчуківського округу"
PHONE = "+380671234599"
QUESTION = "Чи може депутат Кравчук голосувати щодо ділянки свого сусіда Гнатюка?"
FILE_NAME = "zayava-kravchuk.pdf"


async def register_with_phone(chat: UserChat) -> None:
    chat.send("/start")
    chat.click("Погоджуюсь", await chat.expect(tr.CONSENT_QUESTION))
    await chat.expect(tr.ASK_FULL_NAME)
    chat.send(NAME)
    await chat.expect(tr.ASK_POSITION)
    chat.send(POSITION)
    await chat.expect(tr.ASK_COMMUNITY)
    chat.send("Гатненська сільська рада")
    chat.click("Київська", await chat.expect(tr.ASK_REGION))
    await chat.expect(tr.SUMMARY_TITLE)
    await chat.expect(tr.PHONE_AT_SUMMARY)
    chat.send("067 123 45 99")  # typed under the summary: finishes
    await chat.expect("Реєстрацію завершено")


def _document_bytes(fake: FakeBotAPI, message: StoredMessage) -> bytes:
    assert message.document is not None
    return fake.files[message.document["file_id"]][1]


def _xlsx_text(data: bytes) -> str:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True)
    return "\n".join(str(c) for s in book.worksheets for row in s.iter_rows(values_only=True) for c in row if c)


def _zip_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "\n".join(archive.read(name).decode("utf-8-sig") for name in archive.namelist())


async def test_forgotten_official_is_in_no_export(
    fake_api: FakeBotAPI, start_bot: StartBot, session_pool: async_sessionmaker[AsyncSession]
) -> None:
    await create_user(session_pool, telegram_id=ADMIN_ID, full_name="Адміністратор АМУ")
    await start_bot()
    admin, lawyer, official = fake_api.user(ADMIN_ID), fake_api.user(LAWYER), fake_api.user(OFFICIAL)
    await register(lawyer, "Юрист Юрій Петрович")
    admin.send(f"/staff add {LAWYER} lawyer land")
    await lawyer.expect("Вас додано до юристів")
    await register_with_phone(official)

    # Ask (with a file), get an answer.
    official.send(tc.BTN_ASK)
    official.click(LAND, await official.expect(t.CHOOSE_TOPIC))
    await official.expect("Опишіть питання")
    await compose(official, QUESTION, document=(b"%PDF-1.4 zayava", FILE_NAME))
    await official.expect("прийнято")
    lawyer.click(t.BTN_TAKE, await lawyer.expect("Нове звернення"))
    card = await lawyer.expect(card_of(1))  # after the thread and the file
    assert PHONE in card.body  # the consultation is theirs
    lawyer.click(t.BTN_ANSWER, card)
    await lawyer.expect("Відповідь")
    await compose(lawyer, "Пані Кравчук, депутат має заявити про конфлікт інтересів.")
    await official.expect("Відповідь на звернення №1")

    # /forget, confirmed: erased; the lawyer is told the consultation was closed.
    official.send("/forget")
    official.click(tp.BTN_FORGET, await official.expect(tp.FORGET_ASK.split("\n")[0]))
    await official.expect(tp.FORGOTTEN.format(closed=1))
    await lawyer.expect(tp.WITHDRAWN_NOTICE.format(number=1))

    # The admin's export of the year holds the consultation, and nothing of hers.
    year = datetime.now(UTC).year
    admin.send(f"/export {year}-01-01 {year}-12-31")
    workbook = await admin.expect("Звернення за")
    archive = await admin.expect("")  # the zip of CSV files follows
    while archive.document is None or not archive.document["file_name"].endswith(".zip"):
        archive = await admin.expect("")
    assert workbook.document is not None and workbook.document["file_name"].startswith("Персональні_дані_")
    exported = _xlsx_text(_document_bytes(fake_api, workbook)) + _zip_text(_document_bytes(fake_api, archive))
    assert ": 1, подій:" in workbook.body  # the consultation is still there, and counted
    secrets = [NAME, POSITION, PHONE, QUESTION, FILE_NAME, "Кравчук", "Гнатюка", f"user{OFFICIAL}"]
    assert [s for s in secrets if s in exported] == []
    # ...and none in the database either.
    assert await traces(session_pool, secrets) == []
