"""The catalogue of monitoring indicators (Table 2 of the strategy): `data/indicators.toml`."""

from __future__ import annotations

import enum
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, model_validator

from knowledge.files import DATA_DIR, read_toml, validate

INDICATOR_CODE_PATTERN = r"^[a-z][a-z0-9_]{0,19}$"
PART_CODE_PATTERN = r"^[a-z][a-z0-9]{0,9}$"
TAKEN_YES = "yes"
TAKEN_NO = "no"
# Table 2's own words for a group split by "чи враховано".
TAKEN_LABEL = "{name}, враховано"
NOT_TAKEN_LABEL = "{name}, не враховано"


class Unit(enum.StrEnum):
    COUNT = "count"
    UAH = "uah"
    VISITORS = "visitors"


class Aggregation(enum.StrEnum):
    SUM = "sum"  # the year's value is the sum of what happened in it
    MONTHLY_AVERAGE = "monthly_average"  # the average of the recorded months


class PeriodKind(enum.StrEnum):
    YEAR = "year"
    MONTH = "month"


class Source(enum.StrEnum):
    COMPUTED = "computed"
    RECORDED = "recorded"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Breakdown(_Frozen):
    code: str = Field(pattern=PART_CODE_PATTERN)
    name: str = Field(min_length=1)
    # Each group is further split by "чи враховано" (taken into account: yes / no).
    taken_into_account: bool = False


class Part(_Frozen):
    """A recordable piece of an indicator's breakdown (a leaf)."""

    code: str
    group: Breakdown
    taken: bool | None = None  # None: the group has no "taken into account" split

    @property
    def label(self) -> str:
        if self.taken is None:
            return self.group.name
        return (TAKEN_LABEL if self.taken else NOT_TAKEN_LABEL).format(name=self.group.name)


class Indicator(_Frozen):
    code: str = Field(pattern=INDICATOR_CODE_PATTERN)
    name: str = Field(min_length=1)
    unit: Unit
    responsible: str = Field(min_length=1)
    source: Source
    aggregation: Aggregation = Aggregation.SUM
    period: PeriodKind = PeriodKind.YEAR
    breakdown: tuple[Breakdown, ...] = ()
    total_is_sum_of_breakdown: bool = False

    @model_validator(mode="after")
    def _check(self) -> Indicator:
        if self.aggregation == Aggregation.MONTHLY_AVERAGE and self.period != PeriodKind.MONTH:
            raise ValueError(f"{self.code}: a monthly average needs period = 'month'")
        if self.source == Source.COMPUTED and self.breakdown:
            raise ValueError(f"{self.code}: computed indicators have no recorded breakdown")
        if self.total_is_sum_of_breakdown and not self.breakdown:
            raise ValueError(f"{self.code}: total_is_sum_of_breakdown without a breakdown")
        codes = [b.code for b in self.breakdown]
        if len(codes) != len(set(codes)):
            raise ValueError(f"{self.code}: duplicate breakdown code")
        return self

    @property
    def parts(self) -> tuple[Part, ...]:
        out: list[Part] = []
        for group in self.breakdown:
            if group.taken_into_account:
                out.append(Part(code=f"{group.code}_{TAKEN_YES}", group=group, taken=True))
                out.append(Part(code=f"{group.code}_{TAKEN_NO}", group=group, taken=False))
            else:
                out.append(Part(code=group.code, group=group))
        return tuple(out)

    def part(self, code: str) -> Part | None:
        return next((p for p in self.parts if p.code == code), None)

    @property
    def is_computed(self) -> bool:
        return self.source == Source.COMPUTED


class Priority(_Frozen):
    number: int = Field(ge=1, le=6)
    name: str = Field(min_length=1)
    # The wording in the strategy's list of priorities, where it differs from Table 2.
    list_name: str | None = None
    indicators: tuple[Indicator, ...] = Field(min_length=1, alias="indicator")


class IndicatorCatalogue(_Frozen):
    base_year: int = Field(ge=2000, le=2100)
    priorities: tuple[Priority, ...] = Field(alias="priority")

    @model_validator(mode="after")
    def _check(self) -> IndicatorCatalogue:
        numbers = [p.number for p in self.priorities]
        if numbers != list(range(1, 7)):
            raise ValueError(f"priorities must be numbered 1..6 in order, got {numbers}")
        codes = [i.code for i in self.indicators]
        duplicates = sorted({c for c in codes if codes.count(c) > 1})
        if duplicates:
            raise ValueError(f"duplicate indicator code(s): {', '.join(duplicates)}")
        return self

    @property
    def indicators(self) -> tuple[Indicator, ...]:
        return tuple(i for p in self.priorities for i in p.indicators)

    def indicator(self, code: str) -> Indicator | None:
        return next((i for i in self.indicators if i.code == code), None)

    def priority_of(self, code: str) -> Priority | None:
        return next((p for p in self.priorities if any(i.code == code for i in p.indicators)), None)


def load_indicator_catalogue(data_dir: Path | None = None) -> IndicatorCatalogue:
    path = (data_dir or DATA_DIR) / "indicators.toml"
    return validate(path, IndicatorCatalogue, read_toml(path))


@cache
def default_indicator_catalogue() -> IndicatorCatalogue:
    return load_indicator_catalogue()
