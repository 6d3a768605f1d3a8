"""The README's first command, run as written in a fresh clone: `make run` (and `make run AS=张伟`) with a piped
message sets everything up and answers as the demo user.

It costs what a newcomer's first `make run` costs: a new virtualenv and `pip install -e .[dev]` from the warm pip
cache (about 45 s on 2 cores), then a few seconds per chat; it runs in the background from the end of collection,
so little of that adds to the suite. The clone is of the current commit: this checks what is committed, not the
work tree.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

import pytest

from core.i18n import t

REPO = Path(__file__).resolve().parents[2]
MESSAGE = "my pipeline"
# The first `make run` creates .venv and installs every package: generous for a slow disk or a busy machine.
SETUP_TIMEOUT = 1200


def readme_commands() -> tuple[str, str]:
    """The first command of the README's opening block, and the other-user form its comment gives."""
    block = re.search(r"```sh\n(.*?)```", (REPO / "README.md").read_text(encoding="utf-8"), re.DOTALL)
    assert block is not None, "the README opens with a ```sh block of commands"
    first = block.group(1).splitlines()[0]
    command = first.split("#", 1)[0].strip()
    other = re.search(r"\((make run AS=\S+)\)", first)
    assert other is not None, first
    return command, other.group(1)


def newcomer_env() -> dict[str, str]:
    """The environment of someone who just cloned: none of salesbot's settings, no outer make or virtualenv."""
    drop = ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES", "VIRTUAL_ENV", "PYTHONPATH", "AS")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SALESBOT_", "PYTEST_")) and k not in drop}
    venv_bin = str(Path(os.environ["VIRTUAL_ENV"]) / "bin") if "VIRTUAL_ENV" in os.environ else None
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if p != venv_bin)
    return env


class ReadmeRun:
    """Both README commands, one after the other, in a fresh clone of the current commit, in the background.

    Started as soon as collection ends (tests/conftest.py), so the first `make run`'s install (about 45 s, mostly
    one core and the disk) overlaps the rest of the suite; the tests below wait for its output and judge it.
    """

    def __init__(self, commands: tuple[str, str]) -> None:
        self.commands = commands
        self.workdir = Path(tempfile.mkdtemp(prefix="salesbot-readme-"))
        self.clone = self.workdir / "salesbot"
        self.process: subprocess.Popen[bytes] | None = None
        self.skip_reason: str | None = None

    def start(self) -> None:
        if shutil.which("make") is None or shutil.which("git") is None:
            self.skip_reason = "needs git and make"
            return
        head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=REPO, capture_output=True, text=True)
        if head.returncode != 0:
            self.skip_reason = "not a git checkout"
            return
        subprocess.run(["git", "clone", "--quiet", str(REPO), str(self.clone)], check=True)
        subprocess.run(["git", "checkout", "--quiet", "--detach", head.stdout.strip()], cwd=self.clone, check=True)
        steps = []
        for index, command in enumerate(self.commands):
            assert re.fullmatch(r"make run( AS=\S+)?", command), command  # nothing else goes through a shell here
            out, err, code = (self.workdir / f"{index}.{part}" for part in ("out", "err", "code"))
            steps.append(f"printf '{MESSAGE}\\n' | {command} >{out} 2>{err}; echo $? >{code}")
        self.process = subprocess.Popen(["bash", "-c", "; ".join(steps)], cwd=self.clone, env=newcomer_env(),
                                        stdin=subprocess.DEVNULL, start_new_session=True)

    def result(self, index: int) -> subprocess.CompletedProcess[str]:
        """The output of command `index`, once it has finished."""
        if self.skip_reason:
            pytest.skip(self.skip_reason)
        assert self.process is not None
        code = self.workdir / f"{index}.code"
        try:
            self.process.wait(timeout=SETUP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.stop()
            raise AssertionError(f"{self.commands[index]} did not finish in {SETUP_TIMEOUT} s") from None
        return subprocess.CompletedProcess(self.commands[index], int(code.read_text() or 1),
                                           (self.workdir / f"{index}.out").read_text(errors="replace"),
                                           (self.workdir / f"{index}.err").read_text(errors="replace"))

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)
        shutil.rmtree(self.workdir, ignore_errors=True)  # the clone's .venv is about 1 GB


_RUN: ReadmeRun | None = None


def start_in_background() -> None:
    """Called by tests/conftest.py when this module's tests are collected."""
    global _RUN
    if _RUN is None:
        _RUN = ReadmeRun(readme_commands())
        _RUN.start()


def stop_background() -> None:
    if _RUN is not None:
        _RUN.stop()


@pytest.fixture(scope="module")
def readme_run() -> ReadmeRun:
    start_in_background()  # already started, unless this module runs without the collection hook
    assert _RUN is not None
    return _RUN


def as_written(run: ReadmeRun, index: int) -> str:
    result = run.result(index)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    return result.stdout


def test_make_run_opens_the_demo_chat_as_alice(readme_run: ReadmeRun) -> None:
    assert readme_run.commands[0] == "make run"
    out = as_written(readme_run, 0)
    assert "demo user: Alice" in out
    assert t("en", "access.unknown_user") not in out and t("zh", "access.unknown_user") not in out
    reply = out.split(f"> {MESSAGE}", 1)[1]
    assert t("en", "deals.title_pipeline") in reply, out[-3000:]  # Alice's pipeline, in English
    assert "Acme Corp" in reply


def test_make_run_as_another_user_answers_in_their_language(readme_run: ReadmeRun) -> None:
    assert readme_run.commands[1] == "make run AS=张伟"
    out = as_written(readme_run, 1)  # the virtualenv from the first run is reused
    reply = out.split(f"> {MESSAGE}", 1)[1]
    assert t("zh", "access.unknown_user") not in reply and t("en", "access.unknown_user") not in reply
    assert t("zh", "deals.title_pipeline") in reply, out[-3000:]  # 张伟's pipeline, in Chinese
    assert "星辰科技有限公司" in reply
