"""How long the rules take on huge messages (3,000-4,000 characters of random text, and repeated fragments).

    python bench/huge_text_bench.py [--samples 200] [--seed 1]

Goal: every message under 0.25 s on one core (what tests/unit/intents/test_robustness.py asserted as a
wall-clock limit before speed moved out of the tests). Prints p50, p99 and the slowest message.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.intents.base import ParseContext  # noqa: E402
from bot.intents.rules import RuleParser  # noqa: E402

GOAL_S = 0.25
ALPHABET = "abcdefghijklmnopqrstuvwxyz 0123456789,.;:!?/-$%@明天下周拜访报价万元星辰科技🎉\n\t"
FRAGMENTS = ("acme ", "明天", "1/", "9", "visited acme ", "500k ", "下周二 ", "$")


def samples(count: int, rng: random.Random) -> list[str]:
    out = ["".join(rng.choice(ALPHABET) for _ in range(rng.randint(3000, 4000))) for _ in range(count)]
    out += [fragment * (4000 // len(fragment)) for fragment in FRAGMENTS]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    tz = "Asia/Shanghai"
    context = ParseContext(now=datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo(tz)), timezone=tz,
                           customer_names=("Acme Corp", "星辰科技有限公司", "蓝海物流", "Globex Inc"))
    rules = RuleParser()
    texts = samples(args.samples, random.Random(args.seed))
    rules.parse(texts[0], context)  # warm-up: regex compilation, the customer index
    timings: list[tuple[float, str]] = []
    for text in texts:
        started = time.perf_counter()
        rules.parse(text, context)
        timings.append((time.perf_counter() - started, text))
    seconds = sorted(t for t, _ in timings)
    worst, worst_text = max(timings)
    p99 = seconds[min(len(seconds) - 1, int(0.99 * len(seconds)))]
    print(f"{len(texts)} messages of {min(map(len, texts))}-{max(map(len, texts))} characters")
    print(f"p50 {statistics.median(seconds) * 1000:.1f} ms   p99 {p99 * 1000:.1f} ms   max {worst * 1000:.1f} ms "
          f"(goal: every message < {GOAL_S * 1000:.0f} ms: {'met' if worst < GOAL_S else 'NOT met'})")
    print(f"slowest starts with {worst_text[:40]!r}")


if __name__ == "__main__":
    main()
