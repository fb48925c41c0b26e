"""Newsletters: subscriptions, /news, composing (/newsletter), the admin list, editors."""

from __future__ import annotations

import re
from contextlib import suppress
from datetime import datetime
from html import unescape

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks.newsletters import (
    ComposeRegionCb,
    ComposeTopicCb,
    DraftCb,
    NewsletterCancelCb,
    NewsletterListCb,
    NewsOpenCb,
    SubTopicCb,
    UnsubscribeCb,
)
from bot.filters import Registered, RoleFilter
from bot.keyboards import newsletters as kb
from bot.keyboards.common import main_menu
from bot.texts import common as tc
from bot.texts import newsletters as t
from core.clock import Clock
from core.errors import DomainError
from core.settings import Settings
from knowledge import Knowledge
from services.newsletters import compose
from services.newsletters import subscriptions as subs
from services.newsletters.render import newsletter_method
from services.newsletters.report import cancelled_text, list_row, regions_title, topics_title
from storage.models import ALL_TOPICS, ContentKind, NewsletterStatus, Role, User
from storage.repositories import newsletters as repo

NEWS_LIMIT = 10
LIST_LIMIT = 10


class Compose(StatesGroup):
    content = State()
    topics = State()
    regions = State()
    review = State()
    when = State()


# --- subscriptions ----------------------------------------------------------------


def _summary(codes: set[str], knowledge: Knowledge) -> str:
    if ALL_TOPICS in codes:
        return t.SUMMARY_ALL
    if not codes:
        return t.SUMMARY_NONE
    return ", ".join(knowledge.topic_title(c) for c in sorted(codes)) + "."


async def subscriptions_open(message: Message, session: AsyncSession, user: User, knowledge: Knowledge) -> None:
    codes = await subs.current(session, user)
    await message.answer(
        t.SUBSCRIPTIONS.format(summary=_summary(codes, knowledge)), reply_markup=kb.subscriptions(knowledge, codes)
    )


async def subscription_button(
    query: CallbackQuery,
    callback_data: SubTopicCb,
    session: AsyncSession,
    user: User | None,
    knowledge: Knowledge,
    clock: Clock,
) -> None:
    if user is None or not user.is_registered:
        await query.answer(tc.NOT_REGISTERED, show_alert=True)
        return
    message = query.message
    assert isinstance(message, Message)
    code = callback_data.code
    now = clock.now()
    if code == "later":
        await query.answer()
        await message.edit_text(t.NOT_NOW)
        return
    if code == "pick":
        codes = await subs.current(session, user)
    elif code == "done":
        codes = await subs.current(session, user)
        await query.answer()
        await message.edit_text(t.SAVED.format(summary=_summary(codes, knowledge)))
        return
    elif code == "+all":
        codes = await subs.subscribe_all(session, user, now=now)
        await query.answer()
        await message.edit_text(t.SAVED.format(summary=_summary(codes, knowledge)))
        return
    elif code == "-all":
        codes = await subs.unsubscribe_all(session, user, now=now)
    else:
        try:
            codes = await subs.toggle(session, user, code, knowledge, now=now)
        except DomainError as exc:
            await query.answer(exc.message, show_alert=True)
            return
    await query.answer()
    await message.edit_text(
        t.SUBSCRIPTIONS.format(summary=_summary(codes, knowledge)), reply_markup=kb.subscriptions(knowledge, codes)
    )


async def unsubscribe_button(
    query: CallbackQuery,
    callback_data: UnsubscribeCb,
    session: AsyncSession,
    user: User | None,
    knowledge: Knowledge,
    clock: Clock,
) -> None:
    if user is None:
        await query.answer(tc.NOT_REGISTERED, show_alert=True)
        return
    try:
        dropped = await subs.unsubscribe_from_newsletter(
            session, user, callback_data.newsletter_id, knowledge, now=clock.now()
        )
    except DomainError as exc:
        await query.answer(exc.message, show_alert=True)
        return
    if not dropped:
        await query.answer(t.ALREADY_UNSUBSCRIBED, show_alert=True)
        return
    titles = ", ".join(knowledge.topic_title(code) for code in dropped)
    await query.answer(t.UNSUBSCRIBED_FROM.format(topics=titles), show_alert=True)


# --- /news ------------------------------------------------------------------------


async def news(message: Message, session: AsyncSession, settings: Settings) -> None:
    items = await repo.latest_published(session, NEWS_LIMIT)
    if not items:
        await message.answer(t.NEWS_EMPTY)
        return
    labels = []
    for newsletter in items:
        when = (newsletter.started_at or newsletter.created_at).astimezone(settings.tz).strftime("%d.%m")
        # Button labels are plain text: no markup.
        snippet = " ".join(_plain(newsletter.html).split())[:40] or "📎"
        labels.append((newsletter.id, f"{when} · {snippet}"))
    await message.answer(t.NEWS_LIST, reply_markup=kb.news_list(labels))


def _plain(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", html))


async def news_open(query: CallbackQuery, callback_data: NewsOpenCb, session: AsyncSession, bot: Bot) -> None:
    newsletter = await repo.get(session, callback_data.newsletter_id)
    if newsletter is None or newsletter.status not in (NewsletterStatus.SENDING, NewsletterStatus.DONE):
        await query.answer(t.NEWS_GONE, show_alert=True)
        return
    await query.answer()
    await bot(newsletter_method(newsletter, query.from_user.id))


# --- composing --------------------------------------------------------------------


async def compose_start(message: Message, state: FSMContext, user: User | None, role: Role) -> None:
    if not compose.can_author(user, role):
        await message.answer(t.NOT_AUTHOR)
        return
    await state.clear()
    await state.set_state(Compose.content)
    await message.answer(t.COMPOSE, reply_markup=kb.compose_start())


def _content_of(message: Message) -> compose.Content | None:
    if message.photo:
        return compose.Content(
            ContentKind.PHOTO,
            message.html_text if message.caption else "",
            message.photo[-1].file_id,
            len(message.caption or ""),
        )
    if message.document:
        return compose.Content(
            ContentKind.DOCUMENT,
            message.html_text if message.caption else "",
            message.document.file_id,
            len(message.caption or ""),
        )
    if message.text:
        return compose.Content(ContentKind.TEXT, message.html_text, None, len(message.text))
    return None


async def compose_content(message: Message, state: FSMContext, knowledge: Knowledge) -> None:
    content = _content_of(message)
    if content is None:
        await message.answer(t.NEED_CONTENT)
        return
    try:
        content.check()
    except DomainError as exc:
        await message.answer(exc.message)
        return
    await state.update_data(
        kind=content.kind.value,
        html=content.html,
        file_id=content.file_id,
        plain_length=content.plain_length,
        topics=[],
        regions=[],
    )
    await state.set_state(Compose.topics)
    await message.answer(t.PICK_TOPICS, reply_markup=kb.compose_topics(knowledge, []))


async def compose_topic(
    query: CallbackQuery, callback_data: ComposeTopicCb, state: FSMContext, knowledge: Knowledge
) -> None:
    message = query.message
    assert isinstance(message, Message)
    data = await state.get_data()
    topics: list[str] = list(data.get("topics", []))
    code = callback_data.code
    if code == "next":
        if not topics:
            await query.answer(t.NEED_TOPIC, show_alert=True)
            return
        await query.answer()
        await state.set_state(Compose.regions)
        await message.edit_text(t.PICK_REGIONS, reply_markup=kb.compose_regions(knowledge, data.get("regions", [])))
        return
    if code == ALL_TOPICS:
        topics = [] if ALL_TOPICS in topics else [ALL_TOPICS]
    elif knowledge.topic(code) is not None:
        topics = [c for c in topics if c != ALL_TOPICS]
        topics = [c for c in topics if c != code] if code in topics else [*topics, code]
    await state.update_data(topics=topics)
    await query.answer()
    await message.edit_reply_markup(reply_markup=kb.compose_topics(knowledge, topics))


async def compose_region(
    query: CallbackQuery,
    callback_data: ComposeRegionCb,
    state: FSMContext,
    knowledge: Knowledge,
    session: AsyncSession,
    user: User | None,
    role: Role,
    clock: Clock,
    bot: Bot,
) -> None:
    message = query.message
    assert isinstance(message, Message)
    data = await state.get_data()
    regions: list[str] = list(data.get("regions", []))
    code = callback_data.code
    if code != "next":
        if code == "all":
            regions = []
        elif knowledge.region(code) is not None:
            regions = [c for c in regions if c != code] if code in regions else [*regions, code]
        await state.update_data(regions=regions)
        await query.answer()
        await message.edit_reply_markup(reply_markup=kb.compose_regions(knowledge, regions))
        return
    content = compose.Content(ContentKind(data["kind"]), data["html"], data.get("file_id"), data["plain_length"])
    try:
        draft = await compose.create_draft(
            session,
            author=user,
            role=role,
            content=content,
            topics=data.get("topics", []),
            regions=regions,
            knowledge=knowledge,
            now=clock.now(),
        )
    except DomainError as exc:
        await query.answer(exc.message, show_alert=True)
        return
    await query.answer()
    await state.set_state(Compose.review)
    await state.update_data(draft_id=draft.id, at=None)
    recipients = await repo.count_recipients(session, draft.topics, draft.regions)
    await message.edit_text(t.PREVIEW_BELOW)
    await bot(newsletter_method(draft, query.from_user.id))
    await message.answer(
        t.PREVIEW_SUMMARY.format(
            topics=topics_title(draft, knowledge), regions=regions_title(draft, knowledge), recipients=recipients
        ),
        reply_markup=kb.draft_actions(draft.id),
    )


async def draft_action(
    query: CallbackQuery,
    callback_data: DraftCb,
    state: FSMContext,
    session: AsyncSession,
    user: User | None,
    role: Role,
    clock: Clock,
    settings: Settings,
) -> None:
    message = query.message
    assert isinstance(message, Message)
    data = await state.get_data()
    if data.get("draft_id") != callback_data.newsletter_id:
        await query.answer(tc.STALE_BUTTON, show_alert=True)
        return
    newsletter = await repo.get(session, callback_data.newsletter_id)
    action = callback_data.action
    try:
        if newsletter is None or newsletter.status != NewsletterStatus.DRAFT:
            raise DomainError(t.NOT_A_DRAFT)
        if action == "drop":
            await compose.discard(session, newsletter.id, user=user, role=role, now=clock.now())
            await state.clear()
            await query.answer()
            await message.edit_text(t.DISCARDED)
            await message.answer(tc.MAIN_MENU, reply_markup=main_menu(role))
            return
        if not compose.can_author(user, role):
            raise DomainError(t.NOT_AUTHOR)
        recipients = await repo.count_recipients(session, newsletter.topics, newsletter.regions)
        if action == "now":
            await state.update_data(at=None)
            await state.set_state(Compose.review)
            await query.answer()
            await message.edit_text(t.CONFIRM_NOW.format(recipients=recipients), reply_markup=kb.confirm(newsletter.id))
            return
        if action == "at":
            await state.set_state(Compose.when)
            await query.answer()
            example = compose.example_when(settings.tz, clock.now())
            await message.edit_text(t.ASK_WHEN.format(tz=settings.timezone, example=example))
            return
        if action == "ok":
            at = datetime.fromisoformat(data["at"]) if data.get("at") else None
            confirmed = await compose.confirm(session, newsletter.id, user=user, role=role, at=at, now=clock.now())
            await state.clear()
            await query.answer()
            if at is None:
                await message.edit_text(t.QUEUED.format(id=confirmed.id))
            else:
                await message.edit_text(t.SCHEDULED.format(id=confirmed.id, when=_local(at, settings)))
            await message.answer(tc.MAIN_MENU, reply_markup=main_menu(role))
            return
    except DomainError as exc:
        await query.answer(exc.message, show_alert=True)
        return
    await query.answer(tc.STALE_BUTTON, show_alert=True)


def _local(when: datetime, settings: Settings) -> str:
    return when.astimezone(settings.tz).strftime(compose.WHEN_FORMAT)


async def compose_when(
    message: Message, state: FSMContext, session: AsyncSession, clock: Clock, settings: Settings
) -> None:
    data = await state.get_data()
    try:
        when = compose.parse_when(message.text or "", settings.tz, clock.now())
    except DomainError as exc:
        await message.answer(exc.message)
        return
    newsletter = await repo.get(session, data["draft_id"])
    if newsletter is None:
        await state.clear()
        await message.answer(t.NOT_A_DRAFT)
        return
    recipients = await repo.count_recipients(session, newsletter.topics, newsletter.regions)
    await state.update_data(at=when.isoformat())
    await state.set_state(Compose.review)
    await message.answer(
        t.CONFIRM_AT.format(when=_local(when, settings), recipients=recipients), reply_markup=kb.confirm(newsletter.id)
    )


# --- cancelling and the list ---------------------------------------------------------


async def cancel_newsletter(
    query: CallbackQuery,
    callback_data: NewsletterCancelCb,
    session: AsyncSession,
    user: User | None,
    role: Role,
    clock: Clock,
    bot: Bot,
) -> None:
    try:
        newsletter = await compose.cancel(session, callback_data.newsletter_id, user=user, role=role, now=clock.now())
    except DomainError as exc:
        await query.answer(exc.message, show_alert=True)
        return
    counts = await repo.delivery_counts(session, newsletter.id)
    text = cancelled_text(newsletter, counts)
    await query.answer()
    if newsletter.progress_message_id is not None:
        # The author may have deleted it; the reply below says it anyway.
        with suppress(TelegramAPIError):
            await bot.edit_message_text(
                text=text, chat_id=newsletter.author_chat_id, message_id=newsletter.progress_message_id
            )
    await query.message.answer(text)  # type: ignore[union-attr]


async def _send_list(message: Message, session: AsyncSession, knowledge: Knowledge, settings: Settings) -> None:
    items = await repo.latest_confirmed(session, LIST_LIMIT)
    if not items:
        await message.answer(t.LIST_EMPTY)
        return
    rows = [t.LIST_HEADER]
    for newsletter in items:
        counts = await repo.delivery_counts(session, newsletter.id)
        rows.append(list_row(newsletter, counts, knowledge, settings.tz))
    cancellable = [n for n in items if n.status in (NewsletterStatus.SCHEDULED, NewsletterStatus.SENDING)]
    markup: InlineKeyboardMarkup | None = kb.newsletter_list(cancellable)
    await message.answer("\n\n".join(rows), reply_markup=markup)


async def list_command(message: Message, session: AsyncSession, knowledge: Knowledge, settings: Settings) -> None:
    await _send_list(message, session, knowledge, settings)


async def list_button(
    query: CallbackQuery, session: AsyncSession, knowledge: Knowledge, settings: Settings, role: Role
) -> None:
    if role != Role.ADMIN:
        await query.answer(tc.NO_RIGHTS, show_alert=True)
        return
    await query.answer()
    await _send_list(query.message, session, knowledge, settings)  # type: ignore[arg-type]


def create_router() -> Router:
    router = Router(name="newsletters")
    registered = Registered()
    admin = RoleFilter(Role.ADMIN)
    # Subscribers
    router.message.register(subscriptions_open, Command("subscriptions"), registered)
    router.message.register(subscriptions_open, F.text == tc.BTN_SUBSCRIPTIONS, registered)
    router.callback_query.register(subscription_button, SubTopicCb.filter())
    router.callback_query.register(unsubscribe_button, UnsubscribeCb.filter())
    router.message.register(news, Command("news"))
    router.message.register(news, F.text == tc.BTN_NEWS)
    router.callback_query.register(news_open, NewsOpenCb.filter())
    # Authors (rights are checked in the service as well)
    router.message.register(compose_start, Command("newsletter"))
    router.message.register(compose_start, F.text == tc.BTN_NEWSLETTER)
    router.message.register(compose_content, Compose.content)
    router.callback_query.register(compose_topic, Compose.topics, ComposeTopicCb.filter())
    router.callback_query.register(compose_region, Compose.regions, ComposeRegionCb.filter())
    router.callback_query.register(draft_action, DraftCb.filter())
    router.message.register(compose_when, Compose.when, F.text)
    router.callback_query.register(cancel_newsletter, NewsletterCancelCb.filter())
    # Admins
    router.message.register(list_command, Command("newsletters"), admin)
    router.callback_query.register(list_button, NewsletterListCb.filter())
    return router
