"""Registration rules without Telegram: what is accepted from what people type and share."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from bot.texts import registration as t
from bot.views.errors import error_text
from core.roles import Role
from knowledge import Knowledge
from services import registration as service
from tests.conftest import FakeClock
from tests.factories import make_user


def test_text_fields_are_tidied_and_bounded() -> None:
    assert service.clean_text_field("  Коваленко \n Іван  ") == "Коваленко Іван"
    with pytest.raises(service.TextRequired):
        service.clean_text_field(None)
    with pytest.raises(service.TextTooShort) as short:
        service.clean_text_field(" Я ", min_len=3)
    assert short.value.min_len == 3
    with pytest.raises(service.TextTooLong) as long:
        service.clean_text_field("Я" * 201)
    assert error_text(long.value) == t.TEXT_TOO_LONG.format(limit=200)


def test_only_ones_own_phone_is_taken() -> None:
    assert service.own_phone("380 67 123 45 67", contact_user_id=5, sender_id=5) == "+380671234567"
    for phone, owner in (("+380671234567", 6), ("+380671234567", None), ("12", 5)):
        with pytest.raises(service.NotOwnPhone) as refused:
            service.own_phone(phone, contact_user_id=owner, sender_id=5)
        assert error_text(refused.value) == t.FOREIGN_CONTACT


def test_regions_come_from_the_reference_data(knowledge: Knowledge) -> None:
    assert service.region_code("lvi", knowledge) == "lvi"
    with pytest.raises(service.UnknownRegion) as refused:
        service.region_code("atlantis", knowledge)
    assert refused.value.code == "atlantis" and error_text(refused.value) == t.PICK_REGION_BUTTON


async def test_completing_keeps_the_role_given_before(session: AsyncSession) -> None:
    now = FakeClock().now()
    lawyer = await make_user(session, telegram_id=5101, role=Role.LAWYER, full_name="")
    lawyer.registered_at = None
    form = service.RegistrationForm(
        full_name="Бондар Юлія", position="Юрист", community="АМУ", region_code="kyiv", phone=None, consent_at=now
    )
    user = await service.complete_registration(session, telegram_id=5101, username="yulia", form=form, now=now)
    assert user is lawyer and user.role == Role.LAWYER and user.is_registered
    assert (user.full_name, user.username, user.region_code, user.registered_at) == (
        "Бондар Юлія",
        "yulia",
        "kyiv",
        now,
    )
