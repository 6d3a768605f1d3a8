"""Run the scenarios outside pytest and print each failing one's transcript: `python -m tests.scenarios.run [words]`.

With words, only scenarios whose name contains them run (and passing ones print their transcript too).
`--blind` runs the blind conversations in `tests/scenarios/blind/` instead (see its README: run once, for the
figure) and adds the pass rate per tag (languages are tags).
"""

from __future__ import annotations

import sys
import tempfile
from collections import Counter
from pathlib import Path

from core.clock import FixedClock
from core.context import CoreGateway, Defaults
from core.db import make_engine, make_session_factory, upgrade
from tests.scenarios.harness import NOW, Chat, Scenario, all_scenarios, build_world, check_effects, check_turn, load

BLIND = Path(__file__).parent / "blind"


def blind_scenarios() -> list[tuple[str, Scenario]]:
    return [(f"{path.stem}: {s.name}", s) for path in sorted(BLIND.glob("*.toml")) for s in load(path)]


def main(argv: list[str]) -> int:
    blind = "--blind" in argv
    wanted = " ".join(a for a in argv if a != "--blind").casefold()
    pool = blind_scenarios() if blind else all_scenarios()
    chosen = [(name, s) for name, s in pool if wanted in name.casefold()]
    failed = 0
    tag_runs: Counter[str] = Counter()
    tag_passes: Counter[str] = Counter()
    with tempfile.TemporaryDirectory() as tmp:
        template = Path(tmp) / "world.db"
        engine = make_engine(f"sqlite:///{template}")
        upgrade(engine)
        build_world(CoreGateway(make_session_factory(engine), FixedClock(NOW), Defaults("CNY", "Asia/Shanghai", "zh")))
        engine.dispose()
        for index, (name, scenario) in enumerate(chosen):
            path = Path(tmp) / f"s{index}.db"
            path.write_bytes(template.read_bytes())
            engine = make_engine(f"sqlite:///{path}")
            core = CoreGateway(make_session_factory(engine), FixedClock(NOW), Defaults("CNY", "Asia/Shanghai", "zh"))
            chat = Chat(core, scenario.persona)
            lines, problems = [], []
            for number, turn in enumerate(scenario.turns, start=1):
                replies = chat.send(turn)
                said = turn.say if turn.tap is None else f"[tap {turn.tap}]"
                lines.append(f"  > {said}")
                for reply in replies:
                    lines += ["    " + line for line in reply.text.splitlines()]
                    if reply.choices:
                        lines.append("    " + "  ".join(f"[{c.label}]" for c in reply.choices))
                problems += [f"turn {number}: {p}" for p in check_turn(turn, replies)]
            problems += [f"afterwards: {p}" for p in check_effects(core, scenario.then)]
            engine.dispose()
            if problems:
                failed += 1
            for tag in scenario.tags:
                tag_runs[tag] += 1
                tag_passes[tag] += not problems
            if problems or wanted:
                print(("FAIL " if problems else "ok   ") + name)
                print("\n".join(lines))
                print("\n".join("  !! " + p for p in problems))
    print(f"{len(chosen) - failed}/{len(chosen)} scenarios pass")
    if blind:
        for tag, runs in sorted(tag_runs.items(), key=lambda item: (-item[1], item[0])):
            print(f"  {tag:<18} {tag_passes[tag]}/{runs}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
