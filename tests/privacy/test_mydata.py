"""/mydata: a document with every record of the person asking, and nothing of anybody else's."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest

from bot.texts import privacy as t
from storage.models import Role
from tests.privacy.helpers import LAWYER, live_a_life, person
from tests.support.client import TelegramClient
from tests.support.factories import create_user


@pytest.fixture(autouse=True)
async def lawyer(session_pool: Any) -> None:
    await create_user(session_pool, telegram_id=LAWYER, role=Role.LAWYER, full_name="Юрій Юрист")


def _xlsx_text(data: bytes) -> str:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True)
    return "\n".join(
        str(cell) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for cell in row if cell
    )


async def test_mydata_holds_every_record_of_the_person_and_none_of_another(
    client: TelegramClient, session_pool: Any, workers: Any, clock: Any
) -> None:
    olena, maria = person(5501, "Коваленко"), person(5502, "Шевчук")
    first = await live_a_life(client, session_pool, workers, clock, olena)
    await live_a_life(client, session_pool, workers, clock, maria)

    calls = await client.send(olena.telegram_id, "/mydata")
    assert t.MYDATA_PREPARING in calls.text
    as_json, as_xlsx = calls.of("SendDocument")
    assert as_json.document.filename.endswith(".json") and as_xlsx.document.filename.endswith(".xlsx")  # type: ignore[attr-defined]
    doc = json.loads(as_json.document.data)  # type: ignore[attr-defined]

    assert doc["profile"]["full_name"] == olena.name and doc["profile"]["phone"] == olena.phone
    assert doc["profile"]["position"] == olena.position and doc["profile"]["username"] == f"user{olena.telegram_id}"
    (consultation,) = doc["consultations"]
    assert consultation["number"] == first and olena.question in consultation["question"]
    assert consultation["rating"] == 5 and consultation["rating_comment"] == olena.comment
    texts = [event["text"] for event in consultation["events"] if event["text"]]
    assert any(olena.answer in text for text in texts)
    assert [olena.file_name] in [event["attachments"] for event in consultation["events"]]
    assert {event["who"] for event in consultation["events"]} >= {"self", "staff"}
    assert [s["topic"] for s in doc["subscriptions"]] == [t.ALL_TOPICS]
    assert [(r["title"], r["status"]) for r in doc["trainings"]] == [("Школа депутата", "записано")]

    raw = as_json.document.data.decode()  # type: ignore[attr-defined]
    workbook = _xlsx_text(as_xlsx.document.data)  # type: ignore[attr-defined]
    for secret in olena.secrets:
        assert secret in raw and secret in workbook
    for secret in [*maria.secrets, "Юрій Юрист"]:  # another official, and the lawyer by name
        assert secret not in raw and secret not in workbook


async def test_mydata_of_someone_unknown(client: TelegramClient) -> None:
    calls = await client.send(5599, "/mydata")
    assert t.MYDATA_NOT_REGISTERED in calls.text and not calls.of("SendDocument")
