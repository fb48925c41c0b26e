"""What every `/indicators` handler needs, ready for the update (an inner middleware builds it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from aiogram import Router
from aiogram.types import User as TgUser
from sqlalchemy.ext.asyncio import AsyncSession

from bot.middlewares.feature_context import install_feature_context
from core.actor import Actor
from core.roles import Role
from knowledge import Knowledge
from knowledge.indicators import IndicatorCatalogue
from services import people
from services.indicators import figures
from services.indicators.figures import YearFigures
from services.indicators.periods import local_year
from storage.models import User


@dataclass(frozen=True)
class Indicators:
    """The person, the moment and the session of one update."""

    session: AsyncSession
    user: User | None
    role: Role
    telegram_id: int
    now: datetime
    tz: ZoneInfo
    knowledge: Knowledge

    @property
    def catalogue(self) -> IndicatorCatalogue:
        return self.knowledge.indicators

    @property
    def region_codes(self) -> list[str]:
        return [region.code for region in self.knowledge.regions]

    @property
    def current_year(self) -> int:
        return local_year(self.now, self.tz)

    async def year_figures(self, year: int) -> YearFigures:
        return await figures.year_figures(
            self.session, role=self.role, catalogue=self.catalogue, year=year, now=self.now, tz=self.tz
        )

    async def actor(self) -> Actor:
        """Who acts, as users.id (an admin listed in ADMIN_IDS gets a users row on their first change)."""
        return await people.actor(self.session, telegram_id=self.telegram_id, user=self.user, role=self.role)


def _build(data: dict[str, Any]) -> Indicators:
    sender: TgUser | None = data.get("event_from_user")
    return Indicators(
        session=data["session"],
        user=data["user"],
        role=data["role"],
        telegram_id=sender.id if sender is not None else 0,
        now=data["clock"].now(),
        tz=data["settings"].tz,
        knowledge=data["knowledge"],
    )


def install(router: Router) -> None:
    """Inner middleware: built only when one of the router's handlers (or its sub-routers') matched."""
    install_feature_context(router, "indicators", _build)
