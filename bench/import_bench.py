"""Import rate: a generated customers file (company, contact, phone, e-mail, industry; 2% exact duplicates, 1%
near-duplicates, 1% bad e-mails), planned and written through the real services (their batch mode), batch by
batch.

    python bench/import_bench.py --rows 50000 --database-url postgresql+psycopg://postgres@127.0.0.1:5432/test
    python bench/import_bench.py --rows 5000        # SQLite in a temp dir

Prints seconds and rows per second for reading, planning (validation and duplicate search against the database
and the file) and writing; never part of the pass/fail run.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script: the repo's packages

from bench.common import private_schema
from core.clock import FixedClock
from core.context import CoreGateway, Defaults
from core.db import make_engine, make_session_factory, upgrade
from core.importing import applying, planning
from core.importing.normalising import company_key
from core.importing.reading import read_table
from core.services import users

NOW = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)
CITIES = ["上海", "北京", "深圳", "杭州", "成都", "苏州", "南京", "武汉"]
# Brands of two characters drawn from these (~3,500), in 8 cities and 10 trades.
CHARS = ("星辰华东远洋蓝天金桥方瑞丰恒通宏图新锐成安达博立信鑫源盛泰和"
         "嘉裕隆兴晟鼎昊海瀚宇德润弘毅康泽明光中正创景云腾飞翔")
TRADES = ["科技", "电力", "物流", "医药", "制造", "软件", "贸易", "环保", "建设", "传媒"]
SUFFIXES = ["有限公司", "股份有限公司", "集团有限公司", ""]


def generate(path: Path, rows: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    names: list[str] = []
    seen: set[str] = set()
    with path.open("w", encoding="gb18030", newline="") as handle:  # GBK, as such files arrive
        writer = csv.writer(handle)
        writer.writerow(["客户名称", "联系人", "手机", "邮箱", "行业"])
        n = 0
        while n < rows:
            roll = rng.random()
            if names and roll < 0.02:
                name = rng.choice(names)  # the same company again
            elif names and roll < 0.03:
                name = rng.choice(CITIES) + rng.choice(names)  # a city prefix: a near duplicate
            else:
                brand = "".join(rng.sample(CHARS, 2))
                name = f"{rng.choice(CITIES)}{brand}{rng.choice(TRADES)}{rng.choice(SUFFIXES)}"
                if company_key(name) in seen:
                    continue  # the exact duplicates are the 2% above
                seen.add(company_key(name))
                names.append(name)
            email = f"user{n}@example.com" if rng.random() > 0.01 else f"user{n}@"
            writer.writerow([name, f"联系人{n}", f"+86 138{n:08d}", email, rng.choice(TRADES)])
            n += 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--batch-size", type=int, default=applying.DEFAULT_BATCH_SIZE)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--plan-only", action="store_true", help="Read and plan (the dry run); write nothing.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, private_schema(args.database_url) as url:
        database = url or f"sqlite:///{Path(tmp) / 'bench.db'}"
        engine = make_engine(database)
        upgrade(engine)
        core = CoreGateway(make_session_factory(engine), FixedClock(NOW), Defaults())
        with core.system() as system:
            admin = users.add_user(system, "Importer", role="admin", team=None).id
        path = Path(tmp) / "customers.csv"
        generate(path, args.rows)

        started = time.perf_counter()
        table = read_table(path)
        read_s = time.perf_counter() - started
        started = time.perf_counter()
        with core.reading(admin) as ctx:
            plan = planning.build(ctx, "customers", table, path.name)
        plan_s = time.perf_counter() - started
        started, cpu = time.perf_counter(), time.process_time()
        result = applying.RunResult(0, args.batch_size) if args.plan_only else applying.run(core, admin, plan,
                                                                                            args.batch_size)
        write_s, write_cpu = time.perf_counter() - started, time.process_time() - cpu
        engine.dispose()
    backend = "postgresql" if database.startswith("postgresql") else "sqlite"
    rows = len(plan.actions)
    print(f"import of {rows} customer rows on {backend} ({table.encoding}, batches of {args.batch_size}):")
    print(f"  planned: {plan.count('create')} to create, {plan.count('merge')} to merge, "
          f"{plan.count('reject')} rejected; written: {result.created} created, {result.merged} merged")
    print(f"  read  {read_s:7.2f} s  ({rows / read_s:9.0f} rows/s)")
    print(f"  plan  {plan_s:7.2f} s  ({rows / plan_s:9.0f} rows/s)")
    if not args.plan_only:
        print(f"  write {write_s:7.2f} s  ({rows / write_s:9.0f} rows/s; this process's CPU {write_cpu:.2f} s — "
              f"the rest is the database and, on a shared machine, waiting for a core)")
    total = read_s + plan_s + write_s
    print(f"  total {total:7.2f} s  ({rows / total:9.0f} rows/s)")


if __name__ == "__main__":
    main()
