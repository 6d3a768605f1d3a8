"""Sales reports (数据看板): pure, scoped computations over what the asker may see, each taking the actor's
context and a `Period` (local days in the actor's timezone) and returning a pydantic model (JSON-ready for an
API or a dashboard). Reads go through the actor's scoped session, so a rep's reports count their own deals, a
manager's their team's, finance's and an admin's everyone's (core/permissions.py); the money reports reuse
`core.services.profitability` and `core.services.receivables`. Stages and their default probabilities come from
`core.models` (the one stage list).

One function per report (the API's and the chat's entry points):

| report | function | result |
|---|---|---|
| funnel | `funnel(ctx, period)` | `Funnel` |
| win rate | `win_rate(ctx, period)` | `WinRate` |
| cycle time per stage | `cycle_time(ctx, period)` | `CycleTime` |
| forecast | `forecast(ctx, period)` | `Forecast` |
| team ranking | `team_ranking(ctx, period)` | `TeamRanking` |
| project profit margin | `profit_margin(ctx, period, customer_id=None)` | `ProfitReport` |
| customer lifetime value | `customer_value(ctx, period, customer_id=None)` | `LifetimeValue` |
| receivables aging | `receivables_aging(ctx, period, customer_id=None)` | `AgingReport` |
"""

from core.reports.aging import AgingReport, CustomerAging, receivables_aging
from core.reports.catalog import AS_OF, BY_CUSTOMER, REPORT_KINDS, ReportKind, default_period
from core.reports.cycle import CycleTime, StageTime, cycle_time
from core.reports.forecasts import COMMIT_PROBABILITY, COMMIT_STAGES, Forecast, ForecastMonth, forecast, is_commit
from core.reports.funnels import Funnel, FunnelStage, funnel
from core.reports.lifetime_value import CustomerValue, LifetimeValue, customer_value
from core.reports.period import Period
from core.reports.profit import ProfitReport, ProjectMargin, profit_margin
from core.reports.ranking import RankedRep, TeamRanking, team_ranking
from core.reports.win_rates import OwnerWinRate, WinRate, WinTally, win_rate

__all__ = [
    "AS_OF", "BY_CUSTOMER", "COMMIT_PROBABILITY", "COMMIT_STAGES", "REPORT_KINDS", "AgingReport", "CustomerAging",
    "CustomerValue", "CycleTime", "Forecast", "ForecastMonth", "Funnel", "FunnelStage", "LifetimeValue",
    "OwnerWinRate", "Period", "ProfitReport", "ProjectMargin", "RankedRep", "ReportKind", "StageTime",
    "TeamRanking", "WinRate", "WinTally", "customer_value", "cycle_time", "default_period", "forecast", "funnel",
    "is_commit", "profit_margin", "receivables_aging", "team_ranking", "win_rate",
]
