"""What every `/indicators` handler needs, ready for the update (an inner middleware builds it)."""

from __future__ import annotations

from dataclasses import dataclass

from aiogram import Router

from bot.middlewares.feature_context import UpdateContext
from knowledge.indicators import IndicatorCatalogue
from services.indicators import figures
from services.indicators.figures import YearFigures
from services.indicators.periods import local_year


@dataclass(frozen=True)
class Indicators(UpdateContext):
    """The person, the moment and the session of one update."""

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


def install(router: Router) -> None:
    """Inner middleware: built only when one of the router's handlers (or its sub-routers') matched."""
    Indicators.install(router, "indicators")
