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
from tests.support.factories import make_user


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


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("067 123 45 67", "+380671234567"),
        ("0671234567", "+380671234567"),
        ("(067) 123-45-67", "+380671234567"),
        ("8 067 123 45 67", "+380671234567"),
        ("380671234567", "+380671234567"),
        ("+38 (067) 123-45-67", "+380671234567"),
        ("67 123 45 67", "+380671234567"),
        ("+48 512 345 678", "+48512345678"),  # a number from abroad, with its country code
    ],
)
def test_typed_phones_are_normalised(typed: str, stored: str) -> None:
    assert service.typed_phone(typed) == stored


@pytest.mark.parametrize("typed", ["", "немає", "067 123 45", "+380 67 123 45 678", "123", "+1", "067-123-45-67 дом."])
def test_what_is_no_phone_number_is_refused(typed: str) -> None:
    with pytest.raises(service.InvalidPhone) as refused:
        service.typed_phone(typed)
    assert error_text(refused.value) == t.INVALID_PHONE


def test_the_questions_in_order_back_and_forth(knowledge: Knowledge) -> None:
    spec = service.registration_form(knowledge)
    assert [step.name for step in spec.steps] == list(service.STEPS)
    draft = service.RegistrationDraft(consent_at=FakeClock().now())
    draft = spec.read(draft, "full_name", "  Коваль   Олена ")
    assert draft.full_name == "Коваль Олена" and draft.answered("full_name") and not draft.answered("position")
    following, previous = spec.after(draft, "full_name"), spec.before(draft, "position")
    assert following is not None and following.name == "position"
    assert previous is not None and previous.name == "full_name"
    assert spec.after(draft, "phone") is None  # then the summary
    draft = spec.read(draft, "region", "lvi")
    assert draft.region_code == "lvi"
    with pytest.raises(service.UnknownRegion):
        spec.read(draft, "region", "atlantis")
    skipped = spec.read(draft, "phone", "")
    assert skipped.phone is None and skipped.answered("phone")
    assert spec.read(draft, "phone", "067 123 45 67").phone == "+380671234567"
    assert draft.full_name == "Коваль Олена"  # reading never changes the draft it was given


def test_the_summary_is_confirmed_only_when_complete(knowledge: Knowledge) -> None:
    spec = service.registration_form(knowledge)
    now = FakeClock().now()
    draft = service.RegistrationDraft()
    for step, value in (("full_name", "Коваль Олена"), ("position", "Секретар"), ("community", "Громада")):
        draft = spec.read(draft, step, value)
    with pytest.raises(service.ConsentMissing):
        service.RegistrationForm.of(draft)
    draft.consent_at = now
    with pytest.raises(service.AnswerMissing) as missing:
        service.RegistrationForm.of(draft)
    assert missing.value.step == "region" and error_text(missing.value) == t.ANSWER_MISSING
    draft = spec.read(spec.read(draft, "region", "kyiv"), "phone", "")
    form = service.RegistrationForm.of(draft)
    assert (form.full_name, form.region_code, form.phone, form.consent_at) == ("Коваль Олена", "kyiv", None, now)


def test_a_draft_of_the_dialog_before_the_summary_is_read() -> None:
    draft = service.RegistrationDraft.model_validate(
        {"consent_at": "2026-01-01T10:00:00+00:00", "full_name": "Коваль Олена", "position": "", "region_code": ""}
    )
    assert draft.full_name == "Коваль Олена" and draft.position is None and not draft.answered("region")
