"""The newsletters' rules without Telegram: the form's steps, who may publish, subscriptions, figures."""

from __future__ import annotations

import inspect
import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from bot.texts import newsletters as t
from bot.views import newsletters as view
from core.actor import Actor
from core.errors import DomainError
from core.roles import Role
from knowledge import Knowledge
from knowledge.loader import default_knowledge
from services.forms import DONE, FormEnv
from services.newsletters import errors, publishing, stats, subscriptions
from services.newsletters.form import (
    ALL_REGIONS,
    NOW,
    Content,
    NewsletterDraft,
    example_when,
    newsletter_form,
)
from services.text import ALERT_LIMIT, tg_len
from storage.models import ALL_TOPICS, ContentKind, DeliveryState, Newsletter, NewsletterStatus
from tests.support.factories import make_user

KYIV = ZoneInfo("Europe/Kyiv")
NOW_UTC = datetime(2026, 11, 23, 22, 30, tzinfo=UTC)  # 00:30 on the 24th in Kyiv
KNOWLEDGE = default_knowledge()


def spec(now: datetime = NOW_UTC, knowledge: Knowledge = KNOWLEDGE):  # type: ignore[no-untyped-def]
    return newsletter_form(lambda: FormEnv(now=now, tz=KYIV, knowledge=knowledge), lambda step, value: value)


def text_content(html: str = "Новина") -> str:
    return Content(kind=ContentKind.TEXT, html=html, plain_length=len(html)).model_dump_json()


def test_every_refusal_has_a_text() -> None:
    refusals = [
        cls
        for _, cls in inspect.getmembers(errors, inspect.isclass)
        if issubclass(cls, DomainError) and cls.__module__ == errors.__name__
    ]
    for cls in refusals:
        assert cls in t.ERRORS, f"{cls.__name__} has no text in bot/texts/newsletters.py"


def test_content_limits() -> None:
    form = spec()
    draft = form.read(NewsletterDraft(), "content", text_content())
    assert draft.content is not None and draft.content.html == "Новина"
    with pytest.raises(errors.TextTooLong):
        form.read(NewsletterDraft(), "content", text_content("я" * 4097))
    long_caption = Content(kind=ContentKind.PHOTO, html="x", file_id="f", plain_length=1025).model_dump_json()
    with pytest.raises(errors.CaptionTooLong):
        form.read(NewsletterDraft(), "content", long_caption)
    with pytest.raises(errors.NeedContent):
        form.read(NewsletterDraft(), "content", "   ")


def test_topics_toggle_and_need_one() -> None:
    form = spec()
    with pytest.raises(errors.NeedTopic):
        form.read(NewsletterDraft(), "topics", DONE)
    draft = form.read(NewsletterDraft(), "topics", "land")
    draft = form.read(draft, "topics", "budget")
    assert draft.topics == ["land", "budget"]
    everything = form.read(draft, "topics", ALL_TOPICS)
    assert everything.topics == [ALL_TOPICS]
    assert form.read(everything, "topics", "land").topics == ["land"]  # a topic replaces "all"
    assert form.read(draft, "topics", "no-such-topic") == draft


def test_all_regions_pressed_twice_changes_nothing() -> None:
    form = spec()
    draft = form.read(NewsletterDraft(), "regions", "lvi")
    assert draft.regions == ["lvi"]
    cleared = form.read(draft, "regions", ALL_REGIONS)
    assert cleared.regions == [] and form.read(cleared, "regions", ALL_REGIONS) == cleared


def test_when_example_is_tomorrow_morning_and_past_times_are_refused() -> None:
    # Just after midnight in Kyiv, "today 10:00" would be fine, but the example is always tomorrow's.
    assert example_when(NOW_UTC, KYIV) == datetime(2026, 11, 25, 10, 0, tzinfo=KYIV)
    assert example_when(NOW_UTC, KYIV) > NOW_UTC
    form = spec()
    with pytest.raises(errors.BadWhen) as refused:
        form.read(NewsletterDraft(), "when", "завтра")
    assert refused.value.example == example_when(NOW_UTC, KYIV)
    with pytest.raises(errors.WhenInPast):
        form.read(NewsletterDraft(), "when", "23.11.2026 10:00")
    draft = form.read(NewsletterDraft(), "when", "24.11.2026 10:00")
    assert draft.send_at == datetime(2026, 11, 24, 8, 0, tzinfo=UTC) and not draft.send_now
    assert form.read(draft, "when", NOW).send_at is None
    # A time that passed while the summary waited sends the person back to the time step.
    later = spec(now=NOW_UTC + timedelta(days=1))
    with pytest.raises(errors.WhenInPast):
        later.check(draft.model_copy(update={"topics": ["land"]}))


def test_the_prompt_never_says_the_time_zone() -> None:
    prompt = view.form_prompts(NOW_UTC, KYIV)["when"]
    assert "25.11.2026 10:00" in prompt and "Europe" not in prompt


async def test_only_admins_and_editors_publish(session: AsyncSession) -> None:
    official = await make_user(session)
    lawyer = await make_user(session, role=Role.LAWYER)
    editor = await make_user(session, role=Role.LAWYER, is_editor=True)
    draft = NewsletterDraft(
        content=Content(kind=ContentKind.TEXT, html="Новина", plain_length=6), topics=["land"], send_now=True
    )
    for user in (official, lawyer):
        with pytest.raises(errors.NotAnAuthor):
            await publishing.submit(session, Actor(user.id, user.role), draft, knowledge=KNOWLEDGE, now=NOW_UTC)
    newsletter = await publishing.submit(
        session, Actor(editor.id, Role.LAWYER), draft, knowledge=KNOWLEDGE, now=NOW_UTC
    )
    assert newsletter.status == NewsletterStatus.SCHEDULED and newsletter.scheduled_at == NOW_UTC
    assert newsletter.author_id == editor.id
    # Someone else's newsletter: only admins may cancel it.
    other = await make_user(session, role=Role.LAWYER, is_editor=True)
    with pytest.raises(errors.NotAnAuthor):
        await publishing.cancel(session, Actor(other.id, Role.LAWYER), newsletter.id, now=NOW_UTC)
    admin = await make_user(session, role=Role.ADMIN)
    figures = await publishing.cancel(session, Actor(admin.id, Role.ADMIN), newsletter.id, now=NOW_UTC)
    assert figures.newsletter.status == NewsletterStatus.CANCELLED
    with pytest.raises(errors.NotCancellable):
        await publishing.cancel(session, Actor(admin.id, Role.ADMIN), newsletter.id, now=NOW_UTC)
    with pytest.raises(errors.NewsletterNotFound):
        await publishing.published_one(session, newsletter.id)


async def test_subscribing_twice_is_harmless_and_unregistered_people_are_refused(session: AsyncSession) -> None:
    user = await make_user(session)
    assert await subscriptions.subscribe_all(session, user, now=NOW_UTC) == subscriptions.Saved({ALL_TOPICS}, True)
    assert await subscriptions.subscribe_all(session, user, now=NOW_UTC) == subscriptions.Saved({ALL_TOPICS}, False)
    assert await subscriptions.current(session, user) == {ALL_TOPICS}
    with pytest.raises(errors.RegistrationRequired):
        await subscriptions.current(session, None)
    with pytest.raises(errors.TopicNotFound):
        await subscriptions.set_topic(session, user, "no-such-topic", True, KNOWLEDGE, now=NOW_UTC)


async def test_a_topic_set_twice_stays_as_the_button_said(session: AsyncSession) -> None:
    """The button says "on" or "off", so a double tap sets the same twice (a toggle would undo the first press)."""
    user = await make_user(session)
    assert await subscriptions.set_topic(session, user, "land", True, KNOWLEDGE, now=NOW_UTC) == subscriptions.Saved(
        {"land"}, True
    )
    assert await subscriptions.set_topic(session, user, "land", True, KNOWLEDGE, now=NOW_UTC) == subscriptions.Saved(
        {"land"}, False
    )
    await subscriptions.set_topic(session, user, ALL_TOPICS, True, KNOWLEDGE, now=NOW_UTC)
    saved = await subscriptions.set_topic(session, user, "land", False, KNOWLEDGE, now=NOW_UTC)
    assert saved.changed and saved.codes == set(KNOWLEDGE.topic_codes) - {"land"}
    assert not (await subscriptions.set_topic(session, user, "land", False, KNOWLEDGE, now=NOW_UTC)).changed


async def test_unsubscribing_from_an_all_topics_newsletter_fits_an_alert(session: AsyncSession) -> None:
    author = await make_user(session)
    reader = await make_user(session)
    await subscriptions.subscribe_all(session, reader, now=NOW_UTC)
    newsletter = Newsletter(author_id=author.id, author_chat_id=author.telegram_id, topics=[ALL_TOPICS])
    session.add(newsletter)
    await session.flush()
    result = await subscriptions.unsubscribe_from_newsletter(session, reader, newsletter.id, KNOWLEDGE, now=NOW_UTC)
    assert result.everything and set(result.topics) == set(KNOWLEDGE.topic_codes)
    alert = view.unsubscribed_alert(result, KNOWLEDGE)
    assert alert == t.UNSUBSCRIBED_EVERYTHING and tg_len(alert) <= ALERT_LIMIT
    # Many topics but not all: a count instead of the names when the names do not fit.
    many = subscriptions.Unsubscribed(topics=sorted(KNOWLEDGE.topic_codes)[:-1], everything=False)
    assert tg_len(view.unsubscribed_alert(many, KNOWLEDGE)) <= ALERT_LIMIT
    again = await subscriptions.unsubscribe_from_newsletter(session, reader, newsletter.id, KNOWLEDGE, now=NOW_UTC)
    assert view.unsubscribed_alert(again, KNOWLEDGE) == t.ALREADY_UNSUBSCRIBED


def test_nothing_left_is_not_said_before_the_recipients_are_known() -> None:
    newsletter = Newsletter(id=7, recipients_total=0, materialized_at=None)
    counts = {state: 0 for state in DeliveryState}
    assert stats.remaining(newsletter, counts) is None
    text = view.progress_text(newsletter, counts, rate=25, now=NOW_UTC, tz=KYIV)
    assert "Залишилось" not in text and t.PROGRESS_STARTING in text
    newsletter.recipients_total = 40
    assert stats.remaining(newsletter, counts) == 40
    newsletter.materialized_at = NOW_UTC
    assert stats.remaining(newsletter, counts | {DeliveryState.PENDING: 3}) == 3


_PLACEHOLDER_MARKUP_OR_COMMAND = re.compile(r"\{[a-z_]*(:[^}]*)?\}|</?(b|code)>|/[a-z_]+")


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _strings(item)]
    return []


def test_the_texts_have_no_english_or_code_names() -> None:
    imported = {"ALL_TOPICS", "ALL_REGIONS", "DONE", "NOW"}  # codes the texts are keyed by, not texts
    texts = [
        text for name, value in vars(t).items() if name.isupper() and name not in imported for text in _strings(value)
    ]
    assert len(texts) > 50
    assert [text for text in texts if re.search(r"[A-Za-z]", _PLACEHOLDER_MARKUP_OR_COMMAND.sub("", text))] == []
