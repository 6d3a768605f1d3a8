"""Run `salesbot …` through its click entry point in this test process.

The same path as the installed command — argument parsing, settings read from the environment, bootstrap, the
one-line configuration errors and exit codes — without starting a new interpreter for every call: each new process
paid 3–7 s of imports, and the console stories made dozens of them (most of the suite's wall time).
tests/e2e/test_readme_commands.py still runs the real processes the README names, and test_cli_config_errors keeps
one real process per kind of error, so what only a real process shows (warnings at import, a stray print) is seen.
"""

from __future__ import annotations

import contextlib
import os
import traceback
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner

from bot.cli import main


@dataclass(frozen=True)
class CliResult:
    """What a finished `salesbot` process would have left: its exit code and both streams."""

    returncode: int
    stdout: str
    stderr: str


def run_salesbot(*args: str, env: Mapping[str, str], stdin: str = "", cwd: Path) -> CliResult:
    """`salesbot ARGS` with exactly the SALESBOT_* settings in `env` (the test process's own are hidden)."""
    overrides: dict[str, str | None] = {name: None for name in os.environ if name.startswith("SALESBOT_")}
    overrides.update(env)
    runner = CliRunner(env=overrides)
    with contextlib.chdir(cwd):
        result = runner.invoke(main, list(args), input=stdin, catch_exceptions=True)
    stderr = result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        # An escaped exception is what a real process would print as a traceback: make it visible the same way.
        stderr += "".join(traceback.format_exception(result.exception))
        return CliResult(1, result.stdout, stderr)
    return CliResult(result.exit_code, result.stdout, stderr)
