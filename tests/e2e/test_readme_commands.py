"""The README's first command, run as written in a fresh clone: `make run` (and `make run AS=张伟`) with a piped
message sets everything up and answers as the demo user.

It costs what a newcomer's first `make run` costs: a new virtualenv and `pip install -e .[dev]` from the warm pip
cache (about 45 s on 2 cores), then two chats of a few seconds. The clone is of the current commit, so this checks
what is committed, not the work tree.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
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


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("make") is None or shutil.which("git") is None:
        pytest.skip("needs git and make")
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=REPO, capture_output=True, text=True)
    if head.returncode != 0:
        pytest.skip("not a git checkout")
    dest = tmp_path_factory.mktemp("readme") / "salesbot"
    subprocess.run(["git", "clone", "--quiet", str(REPO), str(dest)], check=True)
    subprocess.run(["git", "checkout", "--quiet", "--detach", head.stdout.strip()], cwd=dest, check=True)
    return dest


def run_as_written(clone: Path, command: str) -> str:
    """`printf 'my pipeline\\n' | <command>` in the clone; its output."""
    assert re.fullmatch(r"make run( AS=\S+)?", command), command  # nothing else is run through a shell here
    result = subprocess.run(["bash", "-c", f"printf '{MESSAGE}\\n' | {command}"], cwd=clone, env=newcomer_env(),
                            capture_output=True, text=True, timeout=SETUP_TIMEOUT)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    return result.stdout


def test_make_run_opens_the_demo_chat_as_alice(clone: Path) -> None:
    command, _ = readme_commands()
    assert command == "make run"
    out = run_as_written(clone, command)
    assert "demo user: Alice" in out
    assert t("en", "access.unknown_user") not in out and t("zh", "access.unknown_user") not in out
    reply = out.split(f"> {MESSAGE}", 1)[1]
    assert t("en", "deals.title_pipeline") in reply, out[-3000:]  # Alice's pipeline, in English
    assert "Acme Corp" in reply
    assert (clone / ".venv" / ".installed").exists()


def test_make_run_as_another_user_answers_in_their_language(clone: Path) -> None:
    _, other = readme_commands()
    assert other == "make run AS=张伟"
    out = run_as_written(clone, other)  # the virtualenv from the first run is reused
    reply = out.split(f"> {MESSAGE}", 1)[1]
    assert t("zh", "access.unknown_user") not in reply and t("en", "access.unknown_user") not in reply
    assert t("zh", "deals.title_pipeline") in reply, out[-3000:]  # 张伟's pipeline, in Chinese
    assert "星辰科技有限公司" in reply
