"""A report's period: whole local days in the asker's timezone, first and last day included.

Reports take the days the user named ("this month", 上季度, "1–15 March"); the instants that bound them are the
local midnights in the actor's timezone, so a deal won at 23:30 on 31 March in Shanghai counts in March even
though it is already April in UTC... and the other way round."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from pydantic import BaseModel, ConfigDict, model_validator

from core.errors import InvalidInput
from core.timeutil import month_bounds, start_of_local_day

# "All time" starts here: the first day any sales data can carry.
EPOCH = date(2000, 1, 1)


class Period(BaseModel):
    """The days a report covers, `start` to `end` inclusive."""

    model_config = ConfigDict(frozen=True)

    start: date
    end: date

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end < self.start:
            raise InvalidInput("error.bad_period", start=str(self.start), end=str(self.end))
        return self

    def bounds(self, tz: str) -> tuple[datetime, datetime]:
        """The UTC instants [first local midnight, the midnight after the last day)."""
        return start_of_local_day(self.start, tz), start_of_local_day(self.end + timedelta(days=1), tz)

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    @property
    def all_time(self) -> bool:
        return self.start <= EPOCH

    @classmethod
    def month_of(cls, day: date) -> Period:
        first, last = month_bounds(day)
        return cls(start=first, end=last)

    @classmethod
    def quarter_of(cls, day: date) -> Period:
        first = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
        return cls(start=first, end=month_bounds(add_months(first, 2))[1])

    @classmethod
    def months_from(cls, day: date, months: int) -> Period:
        """`months` whole months from the one holding `day` (this month and the next two, for 3)."""
        first = day.replace(day=1)
        return cls(start=first, end=month_bounds(add_months(first, months - 1))[1])

    @classmethod
    def until(cls, day: date) -> Period:
        """Everything up to `day` (lifetime figures)."""
        return cls(start=EPOCH, end=day)


def add_months(day: date, months: int) -> date:
    """The first of the month `months` after the one holding `day`."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def months_between(start: date, end: date) -> list[date]:
    """The first day of every month from `start`'s to `end`'s."""
    out, month = [], start.replace(day=1)
    while month <= end:
        out.append(month)
        month = add_months(month, 1)
    return out
