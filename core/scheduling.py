"""Project scheduling, pure: earliest start from finish-to-start dependencies, critical path, cycles.

Everything is computed on day offsets from the project's start (calendar days, or working days Mon–Fri when
`working_days` is set), then turned into dates: a task of `duration` days starting at offset s occupies days
s … s+duration-1, and what depends on it may start at s+duration. A milestone (duration 0) is a point in time:
it starts and ends on its day, and what follows it may start that same day.

No database here: `core.services.projects` feeds it the tasks and writes the dates back.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Generic, TypeVar

from core.errors import InvalidInput

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class PlanTask(Generic[K]):
    key: K
    duration: int
    depends_on: tuple[K, ...] = ()
    # A start set by hand: the task starts no earlier than this (its dependencies may push it later).
    pinned_start: date | None = None


class DependencyCycle(InvalidInput):
    """Tasks that wait on each other (or one task on itself): no order exists. `path` names them in order."""

    key = "error.dependency_cycle"

    def __init__(self, path: Sequence[object]) -> None:
        self.path = list(path)
        super().__init__(tasks=" → ".join(str(p) for p in self.path))


class SelfDependency(DependencyCycle):
    key = "error.self_dependency"

    def __init__(self, task: object) -> None:
        super().__init__([task, task])
        self.params = {"task": str(task)}


class UnknownDependency(InvalidInput):
    key = "error.unknown_dependency"

    def __init__(self, task: object, missing: object) -> None:
        super().__init__(task=str(task), missing=str(missing))


@dataclass(frozen=True)
class Slot:
    start: date
    end: date  # inclusive; a milestone's end is its start
    slack: int  # days (of the chosen calendar) the task may slip without moving the project's end

    @property
    def critical(self) -> bool:
        return self.slack == 0


@dataclass(frozen=True)
class Schedule(Generic[K]):
    slots: dict[K, Slot]
    order: list[K]
    finish: date  # the project's last day
    critical_path: list[K] = field(default_factory=list)


def topological_order(tasks: Iterable[PlanTask[K]]) -> list[K]:
    """The tasks in an order where each comes after what it depends on (ties keep the input order). Raises
    `SelfDependency`, `UnknownDependency` or `DependencyCycle` (naming the tasks of one cycle)."""
    items = list(tasks)
    by_key = {t.key: t for t in items}
    waiting: dict[K, int] = {}
    followers: dict[K, list[K]] = {t.key: [] for t in items}
    for task in items:
        deps = tuple(dict.fromkeys(task.depends_on))
        for dep in deps:
            if dep == task.key:
                raise SelfDependency(task.key)
            if dep not in by_key:
                raise UnknownDependency(task.key, dep)
            followers[dep].append(task.key)
        waiting[task.key] = len(deps)
    ready = [t.key for t in items if waiting[t.key] == 0]
    order: list[K] = []
    while ready:
        key = ready.pop(0)
        order.append(key)
        for follower in followers[key]:
            waiting[follower] -= 1
            if waiting[follower] == 0:
                ready.append(follower)
    if len(order) < len(items):
        cycle: list[K] = _a_cycle(by_key, {k for k, n in waiting.items() if n > 0})
        raise DependencyCycle(cycle)
    return order


def _a_cycle(by_key: dict[K, PlanTask[K]], stuck: set[K]) -> list[K]:
    """One cycle among the tasks that never became ready: walk back along dependencies until a task repeats."""
    start = next(key for key in by_key if key in stuck)
    path: list[K] = [start]
    seen = {start: 0}
    current = start
    while True:
        current = next(dep for dep in by_key[current].depends_on if dep in stuck)
        if current in seen:
            cycle = [*path[seen[current]:], current]
            cycle.reverse()  # read in the order the work would flow: "a → b → a"
            return cycle
        seen[current] = len(path)
        path.append(current)


class Calendar:
    """Day offsets ↔ dates, in calendar days or working days (Mon–Fri)."""

    def __init__(self, start: date, working_days: bool = False) -> None:
        self.working_days = working_days
        self.start = self._roll(start) if working_days else start

    @staticmethod
    def _roll(day: date) -> date:
        while day.weekday() >= 5:
            day += timedelta(days=1)
        return day

    def date_at(self, offset: int) -> date:
        if not self.working_days:
            return self.start + timedelta(days=offset)
        weeks, rest = divmod(offset, 5)
        day = self.start + timedelta(weeks=weeks)
        for _ in range(rest):
            day = self._roll(day + timedelta(days=1))
        return day

    def offset_of(self, day: date) -> int:
        """The first offset on or after `day` (a pinned date before the start counts as the start)."""
        if day <= self.start:
            return 0
        if not self.working_days:
            return (day - self.start).days
        day = self._roll(day)
        whole_weeks, _rest = divmod((day - self.start).days, 7)
        offset = whole_weeks * 5
        cursor = self.start + timedelta(weeks=whole_weeks)
        while cursor < day:
            cursor += timedelta(days=1)
            if cursor.weekday() < 5:
                offset += 1
        return offset


def schedule(tasks: Iterable[PlanTask[K]], start: date, *, working_days: bool = False) -> Schedule[K]:
    """Earliest dates for every task from the project's start, its slack and the critical path."""
    items = list(tasks)
    for task in items:
        if task.duration < 0:
            raise InvalidInput("error.negative_duration", task=str(task.key))
    order = topological_order(items)
    by_key = {t.key: t for t in items}
    calendar = Calendar(start, working_days)
    early_start: dict[K, int] = {}
    early_finish: dict[K, int] = {}
    for key in order:
        task = by_key[key]
        begin = calendar.offset_of(task.pinned_start) if task.pinned_start else 0
        for dep in task.depends_on:
            begin = max(begin, early_finish[dep])
        early_start[key] = begin
        early_finish[key] = begin + task.duration
    end = max(early_finish.values(), default=0)
    successors: dict[K, list[K]] = {k: [] for k in order}
    for task in items:
        for dep in set(task.depends_on):
            successors[dep].append(task.key)
    late_start: dict[K, int] = {}
    for key in reversed(order):
        finish = min((late_start[s] for s in successors[key]), default=end)
        late_start[key] = finish - by_key[key].duration
    slots: dict[K, Slot] = {}
    for key in order:
        duration = by_key[key].duration
        first = calendar.date_at(early_start[key])
        last = calendar.date_at(early_finish[key] - 1) if duration > 0 else first
        slots[key] = Slot(first, last, max(0, late_start[key] - early_start[key]))
    critical = [k for k in order if slots[k].critical]
    finish_day = max((s.end for s in slots.values()), default=calendar.start)
    return Schedule(slots, order, finish_day, critical)

