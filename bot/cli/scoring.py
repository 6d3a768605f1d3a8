"""`salesbot scoring train` — retrain the win-probability model now (the scheduler also does it daily).

    salesbot scoring train [--now ISO-8601]
"""

from __future__ import annotations

import click

from bot.cli.common import build_app, friendly_errors
from core.scoring import store, training


@click.group()
def scoring() -> None:
    """Win-probability model: train it on the closed deals now."""


@scoring.command("train")
@click.option("--now", "now", default=None, metavar="ISO-8601", help="Train as of this instant (default: now).")
@friendly_errors
def train(now: str | None) -> None:
    """Train on every closed deal and keep the model in the data dir (stage defaults while history is thin)."""
    app = build_app(now)
    try:
        status = training.refresh(app.core, force=True)
        where = store.path(app.core.defaults)
        if status.model is None:
            click.echo(f"{status.closed_deals} closed deals: too few to learn from (needs {training.MIN_CLOSED}, "
                       f"with at least {training.MIN_EACH} won and {training.MIN_EACH} lost); "
                       "estimates use the stage defaults")
        else:
            click.echo(f"trained on {status.closed_deals} closed deals at {status.trained_at.isoformat()}"
                       + (f"; saved to {where}" if where else ""))
    finally:
        app.close()
