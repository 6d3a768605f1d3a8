"""Every public service function, for every role, against rows owned by whom: allowed, refused or not found.

The expected outcomes are written out here by hand from the documented table (README "Who sees what"), not
computed from `core.permissions`, so this test checks the implementation against the promise. A service
function added to a covered module without a probe here fails `test_every_public_service_function_is_probed`:
nothing new escapes the matrix.

Audiences (actor → whose rows):
    rep own          Alice → Alice's           read ✔ change ✔
    rep other        Alice → Bob's (same team) hidden
    rep other team   Alice → Carol's           hidden
    manager team     Mia   → Bob's             read ✔ change ✔
    manager other    Mia   → Carol's           hidden
    finance          Fay   → Carol's           read ✔ change ✘ (refused)
    pm team          Pat   → Bob's             read ✔ change ✘ (refused)
    pm other         Pat   → Carol's           hidden
    admin            Root  → Carol's           read ✔ change ✔
Personal rows (pushes, suggestions, minutes, voice notes) belong to their user alone: hidden even from an admin.
"""
from __future__ import annotations

import importlib
import inspect
import shutil
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from core import audit
from core.clock import FixedClock
from core.context import CoreGateway, Defaults, ServiceContext
from core.db import make_engine, make_session_factory
from core.errors import PermissionDenied
from core.services import (
    access,
    customers,
    daily_reports,
    deals,
    interactions,
    minutes,
    notifications,
    preferences,
    tasks,
    team_digest,
    users,
    visibility,
    voice_jobs,
)
from core.suggestions import engine as suggestions
from core.timeutil import local_today
from tests.conftest import NOW, backends, truncate
from tests.integration.matrix_world import (
    AUDIENCES,
    PEOPLE,
    Access,
    Probe,
    World,
    _b,
    _ids,
    _or_empty,
    _or_none,
    _owners_in,
    _unless_invalid,
    build_world,
    expected,
    run,
)


def _budget(ctx: ServiceContext, w: World, owner: str) -> Any:
    # The budget goes on the customer's one open deal; reading the customer first decides missing vs refused.
    customers.get(ctx, _b(w, owner).customer)
    if deals.record_budget(ctx, _b(w, owner).customer, Decimal(9000), None) is None:
        raise PermissionDenied(entity="deal")
    return True


def _undo_own(ctx: ServiceContext) -> Any:
    change = audit.last_change(ctx)
    return None if change is None else audit.undo_change(ctx, change.change_id)


def _link(ctx: ServiceContext, w: World, owner: str) -> Any:
    voice_jobs.own_job(ctx, _b(w, owner).job)  # the job must be the actor's own to link it
    return voice_jobs.link_interaction(ctx, _b(w, owner).job)

# Daily reports are read by their writer, the writer's manager and an admin only (finance and PMs, who read other
# people's customers and tasks, read their own reports only).
_REPORTS: dict[str, Access] = {"finance": "hidden", "pm team": "hidden"}

PROBES: list[Probe] = [
    # customers
    Probe(customers.get, "read", lambda c, w, o: customers.get(c, _b(w, o).customer)),
    Probe(customers.update, "change", lambda c, w, o: customers.update(c, _b(w, o).customer, city="Hangzhou")),
    Probe(customers.add_contact, "change", lambda c, w, o: customers.add_contact(c, _b(w, o).customer, "New Person")),
    Probe(customers.update_contact, "change", lambda c, w, o: customers.update_contact(c, _b(w, o).contact,
                                                                                       title="CFO")),
    Probe(customers.contacts, "read", lambda c, w, o: customers.contacts(c, _b(w, o).customer)),
    Probe(customers.find_contact, "read", lambda c, w, o: customers.find_contact(c, _b(w, o).customer, "Li Wei")),
    Probe(customers.contact_by_given_name, "read", lambda c, w, o: customers.contact_by_given_name(
        c, _b(w, o).customer, "li")),
    Probe(customers.card, "read", lambda c, w, o: customers.card(c, _b(w, o).customer)),
    Probe(customers.create, "assign", lambda c, w, o: customers.create(c, f"Fresh {o}", owner_id=w.ids[o])),
    Probe(customers.name_index, "list", lambda c, w, o: customers.name_index(c),
          lambda r, w, o: _b(w, o).customer in _ids(r)),
    Probe(customers.visible_ids, "list", lambda c, w, o: customers.visible_ids(c),
          lambda r, w, o: _b(w, o).customer in r),
    Probe(customers.count_visible, "list", lambda c, w, o: (customers.count_visible(c), customers.visible_ids(c)),
          lambda r, w, o: r[0] == len(r[1]) and _b(w, o).customer in r[1]),
    Probe(customers.find_exact, "list", lambda c, w, o: customers.find_exact(c, f"{o} Co"),
          lambda r, w, o: _b(w, o).customer in _ids(r)),
    Probe(customers.owned_elsewhere, "list", lambda c, w, o: customers.owned_elsewhere(c, f"{o} Co"),
          lambda r, w, o: r is None),  # readable: it is not "elsewhere"
    Probe(customers.listed, "list", lambda c, w, o: customers.listed(c),
          lambda r, w, o: _b(w, o).customer in _ids(r)),
    Probe(customers.name_directory, "names", lambda c, w, o: customers.name_directory(c)),
    Probe(customers.directory_version, "names", lambda c, w, o: customers.directory_version(c)),
    Probe(customers.name_of, "names", lambda c, w, o: customers.name_of(c, _b(w, o).customer)),
    Probe(customers.name_taken, "names", lambda c, w, o: customers.name_taken(c, f"{o} Co")),
    # deals
    Probe(deals.get, "read", lambda c, w, o: deals.get(c, _b(w, o).deal)),
    Probe(deals.history, "read", lambda c, w, o: deals.history(c, _b(w, o).deal)),
    Probe(deals.update, "change", lambda c, w, o: deals.update(c, _b(w, o).deal, deals.DealChanges(stage="proposal"))),
    Probe(deals.apply_meeting_outcome, "change", lambda c, w, o: deals.apply_meeting_outcome(
        c, _b(w, o).deal, deals.DealChanges(stage="negotiation"))),
    Probe(deals.record_budget, "change", lambda c, w, o: _budget(c, w, o)),
    Probe(deals.create, "assign", lambda c, w, o: deals.create(c, _b(w, o).customer, "More", owner_id=w.ids[o])),
    Probe(deals.query, "list", lambda c, w, o: deals.query(c), lambda r, w, o: _b(w, o).deal in _ids(r)),
    Probe(deals.open_deals_of, "list", lambda c, w, o: _or_empty(lambda: deals.open_deals_of(c, _b(w, o).customer)),
          lambda r, w, o: _b(w, o).deal in _ids(r)),
    Probe(deals.only_open_deal, "list", lambda c, w, o: deals.only_open_deal(c, _b(w, o).customer),
          lambda r, w, o: r is not None and r.id == _b(w, o).deal),
    Probe(deals.pipeline, "list", lambda c, w, o: deals.pipeline(c),
          lambda r, w, o: o in _owners_in(sum(t.amounts.get("CNY", Decimal(0)) for t in r))),
    Probe(deals.pipeline_by_owner, "list", lambda c, w, o: deals.pipeline_by_owner(c),
          lambda r, w, o: any(t.owner == o for t in r)),
    Probe(deals.customer_names, "names", lambda c, w, o: deals.customer_names(c, [])),
    Probe(deals.can_change_deal, "list", lambda c, w, o: _or_none(lambda: deals.can_change_deal(
        c, deals.get(c, _b(w, o).deal))), lambda r, w, o: r is True, changing=True),
    # tasks
    Probe(tasks.get, "read", lambda c, w, o: tasks.get(c, _b(w, o).task)),
    Probe(tasks.complete, "change", lambda c, w, o: tasks.complete(c, _b(w, o).task)),
    Probe(tasks.create, "assign", lambda c, w, o: tasks.create(c, "Follow up", assignee_id=w.ids[o],
                                                                customer_id=_b(w, o).customer)),
    Probe(tasks.list_open, "list", lambda c, w, o: tasks.list_open(c, mine_only=False),
          lambda r, w, o: _b(w, o).task in _ids(r)),
    # "done: call Bob" completes the actor's own tasks only, whoever else's they may read.
    Probe(tasks.customer_names, "names", lambda c, w, o: tasks.customer_names(c, [])),
    Probe(tasks.due_instant, "self", lambda c, w, o: tasks.due_instant(c, date(2026, 12, 1))),
    # interactions
    Probe(interactions.log, "change", lambda c, w, o: interactions.log(c, _b(w, o).customer, channel="call")),
    Probe(interactions.record, "change", lambda c, w, o: interactions.record(
        c, _b(w, o).customer, channel="visit", people=[interactions.Person("Wei Li", title="CTO")],
        budget=Decimal(5000))),
    Probe(interactions.recent, "list", lambda c, w, o: interactions.recent(c, limit=100),
          lambda r, w, o: _b(w, o).interaction in _ids(r)),
    # people
    Probe(users.colleague, "list", lambda c, w, o: users.colleague(c, o), lambda r, w, o: r is not None),
    # daily reports
    Probe(daily_reports.submit, "self", lambda c, w, o: daily_reports.submit(c, "did things")),
    Probe(daily_reports.activity, "self", lambda c, w, o: daily_reports.activity(c)),
    Probe(daily_reports.submissions, "list", lambda c, w, o: daily_reports.submissions(
        c, local_today(c.now(), c.actor.timezone)), lambda r, w, o: any(x.name == o and x.report for x in r),
        overrides=_REPORTS),
    Probe(daily_reports.of_user, "list", lambda c, w, o: daily_reports.of_user(c, w.ids[o]),
          lambda r, w, o: len(r) > 0, overrides=_REPORTS),
    # access requests
    Probe(access.request, "list", lambda c, w, o: _or_none(lambda: access.request(c, _b(w, o).customer)),
          lambda r, w, o: r is None),  # readable customers need no request
    Probe(access.decide, "change", lambda c, w, o: access.decide(c, w.ids[f"request:{o}"], "decline")),
    # audit
    Probe(audit.last_change, "self", lambda c, w, o: audit.last_change(c)),
    Probe(audit.undo_change, "self", lambda c, w, o: _undo_own(c)),
    # visibility (what pushes are checked against)
    Probe(visibility.can_see, "list", lambda c, w, o: visibility.can_see(c, "deal", _b(w, o).deal),
          lambda r, w, o: r is True),
    # personal rows
    Probe(notifications.own, "personal", lambda c, w, o: notifications.own(c, _b(w, o).notification)),
    Probe(notifications.snooze, "personal", lambda c, w, o: notifications.snooze(
        c, _b(w, o).notification, c.now() + timedelta(hours=1))),
    Probe(notifications.dismiss, "personal", lambda c, w, o: notifications.dismiss(c, _b(w, o).notification)),
    Probe(notifications.done, "personal", lambda c, w, o: notifications.done(c, _b(w, o).notification)),
    # The world's push is no access request: reaching the "not that kind" answer means the row was the actor's.
    Probe(notifications.access_request_of, "personal", lambda c, w, o: _unless_invalid(
        lambda: notifications.access_request_of(c, _b(w, o).notification))),
    Probe(notifications.open_task_of, "personal", lambda c, w, o: notifications.open_task_of(
        c, notifications.own(c, _b(w, o).notification))),
    Probe(suggestions.own, "personal", lambda c, w, o: suggestions.own(c, _b(w, o).suggestion)),
    Probe(suggestions.dismiss, "personal", lambda c, w, o: suggestions.dismiss(c, _b(w, o).suggestion)),
    Probe(suggestions.snooze, "personal", lambda c, w, o: suggestions.snooze(
        c, _b(w, o).suggestion, c.now() + timedelta(days=1))),
    Probe(suggestions.accept, "personal", lambda c, w, o: suggestions.accept(c, _b(w, o).suggestion)),
    Probe(suggestions.candidates, "self", lambda c, w, o: suggestions.candidates(c, c.now().date())),
    Probe(suggestions.pick, "self", lambda c, w, o: suggestions.pick(c, c.now().date(), 3)),
    Probe(suggestions.shown_today, "self", lambda c, w, o: suggestions.shown_today(c, c.now().date())),
    Probe(suggestions.returning_today, "self", lambda c, w, o: suggestions.returning_today(c, c.now().date())),
    Probe(suggestions.record_shown, "self", lambda c, w, o: suggestions.record_shown(c, [], c.now().date())),
    Probe(minutes.get_own, "personal", lambda c, w, o: minutes.get_own(c, _b(w, o).minutes)),
    Probe(minutes.select_items, "personal", lambda c, w, o: minutes.select_items(c, _b(w, o).minutes, [1])),
    Probe(minutes.latest_proposed, "self", lambda c, w, o: minutes.latest_proposed(c)),
    Probe(minutes.confirm, "personal", lambda c, w, o: minutes.confirm(
        c, _b(w, o).minutes, interaction_id=_b(w, o).interaction, customer_id=_b(w, o).customer)),
    Probe(minutes.for_interaction, "list", lambda c, w, o: _or_none(lambda: minutes.for_interaction(
        c, _b(w, o).interaction)), lambda r, w, o: r is not None, personal=True),
    Probe(voice_jobs.own_job, "personal", lambda c, w, o: voice_jobs.own_job(c, _b(w, o).job)),
    Probe(voice_jobs.link_interaction, "personal", lambda c, w, o: _link(c, w, o)),
    Probe(voice_jobs.for_interaction, "list", lambda c, w, o: _or_none(lambda: voice_jobs.for_interaction(
        c, _b(w, o).interaction)), lambda r, w, o: r is not None, personal=True),
    Probe(voice_jobs.vocabulary, "list", lambda c, w, o: voice_jobs.vocabulary(c),
          lambda r, w, o: any(entry.customer == f"{o} Co" for entry in r)),
    Probe(voice_jobs.team_names, "self", lambda c, w, o: voice_jobs.team_names(c)),
    Probe(preferences.own_settings, "self", lambda c, w, o: preferences.own_settings(c)),
    # the team digest's readings
    Probe(team_digest.pipeline_changes, "list", lambda c, w, o: team_digest.pipeline_changes(
        c, c.now() - timedelta(days=1), c.now() + timedelta(days=1)),
          lambda r, w, o: any(line.deal_id == _b(w, o).deal for line in r.new)),
    Probe(team_digest.at_risk, "list", lambda c, w, o: team_digest.at_risk(c, c.now().date(), {"lead": 0}),
          lambda r, w, o: any(line.deal.deal_id == _b(w, o).deal for line in r)),
    Probe(team_digest.overdue, "list", lambda c, w, o: team_digest.overdue(c, c.now().date() + timedelta(days=5)),
          lambda r, w, o: any(line.task_id == _b(w, o).task for line in r)),
    Probe(team_digest.top_performers, "list", lambda c, w, o: team_digest.top_performers(
        c, c.now() - timedelta(days=1), c.now() + timedelta(days=1), limit=10),
          lambda r, w, o: any(p.name == o for p in r)),
    Probe(team_digest.team_name, "self", lambda c, w, o: team_digest.team_name(c)),
    Probe(team_digest.report_submissions, "self", lambda c, w, o: team_digest.report_submissions(
        c, c.now().date())),
]

# Public functions of the covered modules that take an actor's context but are not service calls of their own.
NOT_SERVICES = {
    customers.visible, customers.team_of, deals.visible, tasks.visible,  # scoped query builders for services
    audit.record,  # called by every write service, with the object it just wrote
}
# Each domain's probes: tests/integration/matrix_probes_<domain>.py (see matrix_world).
EXTENSIONS = [importlib.import_module(f"tests.integration.{path.stem}")
              for path in sorted(Path(__file__).parent.glob("matrix_probes_*.py"))]
for extension in EXTENSIONS:
    PROBES.extend(extension.PROBES)
    NOT_SERVICES |= set(getattr(extension, "NOT_SERVICES", ()))
SEEDS = tuple(extension.seed for extension in EXTENSIONS if hasattr(extension, "seed"))
COVERED_MODULES: tuple[ModuleType, ...] = (
    customers, deals, tasks, interactions, daily_reports, access, audit, visibility, notifications, suggestions,
    minutes, voice_jobs, preferences, team_digest, users,
    *(module for extension in EXTENSIONS for module in extension.MODULES),
)

@pytest.fixture(scope="module", params=backends())
def matrix(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
           sqlite_template: Path) -> Iterator[tuple[CoreGateway, World]]:
    """One world per backend for the whole module: every probe runs in a unit that is rolled back."""
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("matrix") / "salesbot.db"
        shutil.copy(sqlite_template, path)
        url = f"sqlite:///{path}"
    else:
        url = request.getfixturevalue("pg_url")
        truncate(make_engine(url))
    engine = make_engine(url)
    core = CoreGateway(make_session_factory(engine), FixedClock(NOW), Defaults("CNY", "Asia/Shanghai", "zh"))
    yield core, build_world(core, SEEDS)
    engine.dispose()


def cases() -> Iterator[Any]:
    for probe in PROBES:
        yield pytest.param(probe, id=f"{probe.function.__module__.split('.')[-1]}.{probe.function.__name__}")


def test_every_public_service_function_is_probed() -> None:
    probed = {probe.function for probe in PROBES}
    missing = []
    for module in COVERED_MODULES:
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("_") or function.__module__ != module.__name__:
                continue
            parameters = list(inspect.signature(function).parameters.values())
            if not parameters or "ServiceContext" not in str(parameters[0].annotation):
                continue
            if function not in probed and function not in NOT_SERVICES:
                missing.append(f"{module.__name__}.{name}")
    assert missing == [], f"public service functions without a permission probe: {missing}"


@pytest.mark.parametrize("probe", list(cases()))
def test_permission_matrix(matrix: tuple[CoreGateway, World], probe: Probe) -> None:
    """The probe for every audience (7 roles × whose rows); all wrong outcomes are reported together."""
    core, world = matrix
    wrong: list[str] = []
    for audience in AUDIENCES:
        found = probe.found
        look = None if found is None else (lambda value, a=audience, f=found: f(value, world, a.owner))
        result = run(core, world.ids[audience.actor], lambda ctx, a=audience: probe.call(ctx, world, a.owner), look)
        if probe.kind == "list":
            access_ = probe.access_for(audience)
            visible = (audience.actor == audience.owner if probe.personal else access_ == "full"
                       if probe.changing else access_ != "hidden")
            if result.outcome != "ok" or result.value != visible:
                wrong.append(f"{audience.label}: {result.outcome}, owner's rows shown={result.value}, "
                             f"expected shown={visible}")
        elif result.outcome not in expected(probe, audience):
            wrong.append(f"{audience.label}: {result.outcome}, expected {sorted(expected(probe, audience))}")
    assert wrong == [], f"{probe.function.__module__}.{probe.function.__name__}:\n" + "\n".join(wrong)


def test_the_matrix_covers_every_role() -> None:
    roles = {PEOPLE[audience.actor][0] for audience in AUDIENCES}
    assert roles == {"rep", "manager", "finance", "pm", "admin"}
