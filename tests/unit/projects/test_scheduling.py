"""Scheduling: earliest start from dependencies, working days, critical path, cycles and self-dependencies."""

from __future__ import annotations

import itertools
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.scheduling import (
    Calendar,
    DependencyCycle,
    PlanTask,
    SelfDependency,
    UnknownDependency,
    schedule,
    topological_order,
)

MONDAY = date(2026, 11, 30)


def test_a_task_starts_after_all_it_depends_on() -> None:
    plan = schedule([
        PlanTask("design", 5), PlanTask("hardware", 2),
        PlanTask("migration", 5, ("design", "hardware")),
    ], MONDAY)
    assert plan.slots["design"].start == MONDAY and plan.slots["design"].end == date(2026, 12, 4)
    assert plan.slots["migration"].start == date(2026, 12, 5)
    assert plan.slots["migration"].end == date(2026, 12, 9)
    assert plan.finish == date(2026, 12, 9)


def test_working_days_skip_weekends() -> None:
    plan = schedule([PlanTask("design", 5), PlanTask("build", 3, ("design",))], MONDAY, working_days=True)
    assert plan.slots["design"].end == date(2026, 12, 4)  # Friday
    assert plan.slots["build"].start == date(2026, 12, 7)  # next Monday, not Saturday
    assert plan.slots["build"].end == date(2026, 12, 9)


def test_a_project_starting_on_a_saturday_starts_on_monday_in_working_days() -> None:
    plan = schedule([PlanTask("a", 1)], date(2026, 11, 28), working_days=True)
    assert plan.slots["a"].start == MONDAY


def test_a_milestone_takes_no_time_and_what_follows_starts_that_day() -> None:
    plan = schedule([PlanTask("design", 2), PlanTask("signed off", 0, ("design",)),
                     PlanTask("build", 1, ("signed off",))], MONDAY)
    assert plan.slots["signed off"].start == plan.slots["signed off"].end == date(2026, 12, 2)
    assert plan.slots["build"].start == date(2026, 12, 2)


def test_a_pinned_start_holds_unless_dependencies_push_it_later() -> None:
    plan = schedule([PlanTask("a", 3), PlanTask("b", 1, ("a",), pinned_start=date(2026, 12, 10)),
                     PlanTask("c", 1, ("a",), pinned_start=date(2026, 12, 1))], MONDAY)
    assert plan.slots["b"].start == date(2026, 12, 10)
    assert plan.slots["c"].start == date(2026, 12, 3)


def test_the_critical_path_is_the_chain_with_no_slack() -> None:
    plan = schedule([
        PlanTask("kickoff", 0), PlanTask("design", 5, ("kickoff",)), PlanTask("docs", 2, ("kickoff",)),
        PlanTask("build", 10, ("design",)), PlanTask("golive", 0, ("build", "docs")),
    ], MONDAY)
    assert plan.critical_path == ["kickoff", "design", "build", "golive"]
    assert plan.slots["docs"].slack == 13 and not plan.slots["docs"].critical


def test_a_task_that_depends_on_itself_is_refused() -> None:
    with pytest.raises(SelfDependency) as caught:
        schedule([PlanTask("a", 1, ("a",))], MONDAY)
    assert caught.value.key == "error.self_dependency" and caught.value.params == {"task": "a"}


def test_a_cycle_is_refused_naming_its_tasks_in_order() -> None:
    with pytest.raises(DependencyCycle) as caught:
        topological_order([PlanTask("a", 1), PlanTask("b", 1, ("a", "d")), PlanTask("c", 1, ("b",)),
                           PlanTask("d", 1, ("c",))])
    path = caught.value.path
    assert path[0] == path[-1] and set(path) == {"b", "c", "d"}
    # each step is a real dependency: the one after waits on the one before
    deps = {"b": {"a", "d"}, "c": {"b"}, "d": {"c"}}
    assert all(before in deps[after] for before, after in itertools.pairwise(path))


def test_an_unknown_dependency_is_refused() -> None:
    with pytest.raises(UnknownDependency):
        topological_order([PlanTask("a", 1, ("ghost",))])


def test_a_negative_duration_is_refused() -> None:
    with pytest.raises(Exception, match="negative_duration"):
        schedule([PlanTask("a", -1)], MONDAY)


@given(st.integers(min_value=0, max_value=400), st.integers(min_value=0, max_value=6))
def test_working_day_offsets_round_trip(offset: int, shift: int) -> None:
    calendar = Calendar(date(2026, 11, 30 - shift), working_days=True)
    day = calendar.date_at(offset)
    assert day.weekday() < 5
    assert calendar.offset_of(day) == offset


@st.composite
def _dags(draw: st.DrawFn) -> list[PlanTask[int]]:
    count = draw(st.integers(min_value=1, max_value=25))
    tasks = []
    for key in range(count):
        deps = draw(st.lists(st.integers(min_value=0, max_value=key - 1), max_size=3, unique=True)) if key else []
        tasks.append(PlanTask(key, draw(st.integers(min_value=0, max_value=10)), tuple(deps)))
    return tasks


@given(_dags(), st.booleans())
def test_every_task_starts_after_its_dependencies_end(tasks: list[PlanTask[int]], working: bool) -> None:
    plan = schedule(list(reversed(tasks)), MONDAY, working_days=working)
    for task in tasks:
        for dep in task.depends_on:
            before = plan.slots[dep]
            gap_ok = plan.slots[task.key].start > before.end or (
                tasks[dep].duration == 0 and plan.slots[task.key].start >= before.end)
            assert gap_ok
    assert plan.critical_path, "a non-empty plan always has a critical path"
    assert all(plan.slots[k].slack >= 0 for k in plan.slots)
