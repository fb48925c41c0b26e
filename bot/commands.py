"""The "/" command menu: each role sees its own commands."""

from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import BotCommand, BotCommandScopeChat, BotCommandScopeDefault

from bot.texts import answers as answers_texts
from bot.texts import common as t
from storage.models import Role

log = logging.getLogger(__name__)

# Editors (lawyers an admin lets write newsletters) also see /newsletter.
NEWSLETTER = BotCommand(command="newsletter", description=t.CMD_NEWSLETTER)
OFFICIAL = [
    BotCommand(command="start", description=t.CMD_START),
    BotCommand(command="ask", description=t.CMD_ASK),
    BotCommand(command="my", description=t.CMD_MY),
    BotCommand(command="kb", description=answers_texts.CMD_KB),
    BotCommand(command="trainings", description=t.CMD_TRAININGS),
    BotCommand(command="attend", description=t.CMD_ATTEND),
    BotCommand(command="news", description=t.CMD_NEWS),
    BotCommand(command="subscriptions", description=t.CMD_SUBSCRIPTIONS),
    BotCommand(command="mydata", description=t.CMD_MYDATA),
    BotCommand(command="forget", description=t.CMD_FORGET),
    BotCommand(command="help", description=t.CMD_HELP),
    BotCommand(command="cancel", description=t.CMD_CANCEL),
]
LAWYER = [
    BotCommand(command="queue", description=t.CMD_QUEUE),
    BotCommand(command="templates", description=answers_texts.CMD_TEMPLATES),
    BotCommand(command="template", description=answers_texts.CMD_TEMPLATE),
    *OFFICIAL,
]
ADMIN = [
    *LAWYER,
    BotCommand(command="staff", description=t.CMD_STAFF),
    BotCommand(command="export", description=t.CMD_EXPORT),
    NEWSLETTER,
    BotCommand(command="newsletters", description=t.CMD_NEWSLETTERS),
    BotCommand(command="indicators", description=t.CMD_INDICATORS),
    BotCommand(command="status", description=t.CMD_STATUS),
    BotCommand(command="audit", description=t.CMD_AUDIT),
]


def commands_for(role: Role, *, editor: bool = False) -> list[BotCommand]:
    commands = {Role.OFFICIAL: OFFICIAL, Role.LAWYER: LAWYER, Role.ADMIN: ADMIN}[role]
    if editor and NEWSLETTER not in commands:
        return [*commands[:-2], NEWSLETTER, *commands[-2:]]  # before /help and /cancel
    return commands


async def set_default_commands(bot: Bot) -> None:
    await bot.set_my_commands(OFFICIAL, scope=BotCommandScopeDefault())


async def set_commands_for(bot: Bot, telegram_id: int, role: Role, *, editor: bool = False) -> None:
    """Best effort: a failure here must not break the action that changed the role."""
    try:
        if role == Role.OFFICIAL and not editor:
            await bot.delete_my_commands(scope=BotCommandScopeChat(chat_id=telegram_id))
        else:
            commands = commands_for(role, editor=editor)
            await bot.set_my_commands(commands, scope=BotCommandScopeChat(chat_id=telegram_id))
    except TelegramAPIError as exc:
        log.warning("could not set commands for %s: %s", telegram_id, exc)
