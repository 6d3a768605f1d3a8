"""A Gantt chart for a 200-task project (goal: under 1 s per chart): scheduling and PNG drawing, timed apart.

    python bench/gantt_bench.py            # 200 tasks, 5 charts, en and zh labels
    python bench/gantt_bench.py --tasks 500 --runs 3

The plan is a realistic shape: phases of parallel work streams, each task after one or two earlier ones, a
milestone every tenth task. The first chart also pays for importing matplotlib and registering the CJK font;
it is printed on its own, then the steady-state charts (what a running bot pays per "how is the project").
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script: the repo's packages

from bench.common import percentile
from bot.charts.gantt import GanttBar, gantt_png
from core.scheduling import PlanTask, schedule

START = date(2026, 11, 30)
TODAY = START + timedelta(days=40)


def plan(count: int, seed: int = 7) -> list[PlanTask[int]]:
    rng = random.Random(seed)
    tasks: list[PlanTask[int]] = []
    for key in range(count):
        milestone = key % 10 == 9
        earlier = list(range(max(0, key - 12), key))
        deps = tuple(rng.sample(earlier, min(len(earlier), rng.choice((1, 2))))) if earlier else ()
        tasks.append(PlanTask(key, 0 if milestone else rng.randint(1, 8), deps))
    return tasks


def bars(tasks: list[PlanTask[int]], lang: str) -> list[GanttBar]:
    slots = schedule(tasks, START, working_days=True).slots
    name = "任务" if lang == "zh" else "Task"
    return [GanttBar(f"{name} {t.key + 1}", slots[t.key].start, slots[t.key].end, milestone=t.duration == 0,
                     late=slots[t.key].end < TODAY and t.key % 3 == 0, critical=slots[t.key].critical,
                     done=slots[t.key].end < TODAY and t.key % 3 != 0) for t in tasks]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tasks", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    tasks = plan(args.tasks)
    started = time.perf_counter()
    for _ in range(args.runs):
        schedule(tasks, START, working_days=True)
    per_schedule = (time.perf_counter() - started) / args.runs
    print(f"schedule {args.tasks} tasks (topological order, critical path, working days): "
          f"{per_schedule * 1000:.1f} ms")
    for lang in ("en", "zh"):
        chart_bars = bars(tasks, lang)
        wall: list[float] = []
        cpu: list[float] = []
        size = 0
        for run in range(args.runs + 1):
            w0, c0 = time.perf_counter(), time.process_time()
            png = gantt_png(f"Project ({lang})", chart_bars, TODAY, today_label="今天" if lang == "zh" else "today")
            w, c = time.perf_counter() - w0, time.process_time() - c0
            size = len(png)
            if run == 0:
                print(f"[{lang}] first chart (imports matplotlib, registers the font): {w * 1000:.0f} ms wall")
                continue
            wall.append(w)
            cpu.append(c)
        print(f"[{lang}] {args.tasks}-task Gantt PNG ({size // 1024} KiB), {args.runs} charts: "
              f"median {percentile(wall, 0.5) * 1000:.0f} ms wall / {percentile(cpu, 0.5) * 1000:.0f} ms CPU, "
              f"max {max(wall) * 1000:.0f} ms wall — goal < 1000 ms: {'met' if max(wall) < 1 else 'NOT met'}")


if __name__ == "__main__":
    main()
