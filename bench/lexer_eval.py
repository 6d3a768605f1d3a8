"""Score the date and amount lexers, and the libraries we could use instead, on our labelled test set.

    python bench/lexer_eval.py [--set tests/data/lexers/expressions.jsonl] [--readers ours,duckling,...]
                               [--errors READER] [--json] [--lunar]

The set (`tests/data/lexers/`, see its README) holds date and money expressions in English, simplified and
traditional/Cantonese Chinese, each with its expected value under our documented rule, plus expressions that
must NOT be read. For every reader that imports here it prints accuracy per language and per class, the
import time and the cost of one call (mean and p99). It prints figures and asserts nothing; the floors live
in tests/unit/lexers/test_expression_set.py. Libraries that are not installed are reported as such: they are
candidates to measure (`pip install pyduckling-native-phihos jionlp cn2an price-parser`), not dependencies.

A library is scored on what it can be asked: a date reader on date lines, a money reader on amount lines
(on lines expecting nothing, "correct" means it found nothing). Each library gets the most favourable
reading of its output we could give it: dateparser's datetimes count as dates when we expect a date;
Duckling's and jionlp's intervals count by their start (or by their end for "…前", "before …").
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import json
import statistics
import sys
import time
import warnings
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.intents.lexers.amounts import find_amount  # noqa: E402
from bot.intents.lexers.dates import find_dates  # noqa: E402
from bot.intents.lexers.normalize import normalize  # noqa: E402

warnings.filterwarnings("ignore", module="cn2an")

SET = ROOT / "tests" / "data" / "lexers" / "expressions.jsonl"
NOW = datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
TZ = "Asia/Shanghai"
LANGS = ("en", "zh-Hans", "zh-Hant")

Reading = str | tuple[Decimal, str | None] | None


@dataclass
class Reader:
    name: str
    kinds: tuple[str, ...]  # "date", "amount"
    read: Callable[[str, str, str], Reading]  # (text, lang, kind) -> canonical reading
    import_s: float


def canonical_date(value: date | datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M") if isinstance(value, datetime) else value.isoformat()


def load(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def expected_of(row: dict[str, Any]) -> Reading:
    exp = row["expected"]
    if exp is None:
        return None
    if row["kind"] == "date":
        return str(exp)
    return Decimal(exp["value"]), exp["currency"]


def is_correct(row: dict[str, Any], got: Reading) -> bool:
    want = expected_of(row)
    if want is None or got is None:
        return want is None and got is None
    if isinstance(want, str):
        if isinstance(got, str) and got != want and len(want) == 10 and row.get("_lenient_dates"):
            return got[:10] == want
        return got == want
    return isinstance(got, tuple) and got[0] == want[0] and got[1] == want[1]


# ---- our lexers --------------------------------------------------------------------------------------

def ours() -> Reader:
    def read(text: str, lang: str, kind: str) -> Reading:
        clean = normalize(text)
        if kind == "date":
            found = find_dates(clean, NOW, TZ)
            return canonical_date(found[0].value) if found else None
        amount = find_amount(clean)
        return (amount.value, amount.currency) if amount else None

    return Reader("ours", ("date", "amount"), read, 0.0)


# ---- candidate libraries (each optional) ---------------------------------------------------------------

def _timed_import(module: str) -> tuple[Any, float]:
    started = time.perf_counter()
    loaded = importlib.import_module(module)
    return loaded, time.perf_counter() - started


def dateparser_reader() -> Reader:
    search, seconds = _timed_import("dateparser.search")
    local_now = NOW.replace(tzinfo=None)
    settings = {"RELATIVE_BASE": local_now, "PREFER_DATES_FROM": "future", "TIMEZONE": TZ,
                "RETURN_AS_TIMEZONE_AWARE": False}

    def read(text: str, lang: str, kind: str) -> Reading:
        found = search.search_dates(text, languages=["en"] if lang == "en" else ["zh"], settings=settings)
        if not found:
            return None
        value = found[0][1]
        # Most favourable reading: a datetime at midnight or at the reference time counts as a date.
        if value.time() in (local_now.time(), datetime.min.time()):
            return value.date().isoformat()
        return value.strftime("%Y-%m-%dT%H:%M")

    return Reader("dateparser", ("date",), read, seconds)


_DUCKLING_UNITS = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "CNY", "₹": "INR", "₩": "KRW", "cent": "USD"}


def duckling_reader() -> Reader:
    duckling, seconds = _timed_import("duckling")
    import tzdata

    zones = duckling.load_time_zones(str(Path(tzdata.__file__).parent / "zoneinfo"))
    ref = duckling.parse_ref_time(zones, TZ, int(NOW.timestamp()))
    contexts = {code: duckling.Context(ref, duckling.default_locale_lang(duckling.parse_lang(code)))
                for code in ("EN", "ZH")}
    dims = {"date": duckling.parse_dimensions(["time"]), "amount": duckling.parse_dimensions(["amount-of-money"])}

    def read(text: str, lang: str, kind: str) -> Reading:
        found = duckling.parse(text, contexts["EN" if lang == "en" else "ZH"], dims[kind], False)
        if not found:
            return None
        value = found[0]["value"]
        if kind == "date":
            if value.get("type") == "interval":
                edge = value.get("to") if text.rstrip().endswith("前") and value.get("to") else value.get("from")
                edge = edge or value.get("to")
                if not edge:
                    return None
                stamp, grain = edge["value"], edge["grain"]
            else:
                stamp, grain = value["value"], value["grain"]
            moment = datetime.fromisoformat(stamp).astimezone(ZoneInfo(TZ))
            if grain in ("hour", "minute", "second"):
                return moment.strftime("%Y-%m-%dT%H:%M")
            return moment.date().isoformat()
        if value.get("type") != "value":
            return None
        unit = value.get("unit")
        amount = Decimal(str(value["value"]))
        if unit == "cent":
            amount /= 100
        currency = _DUCKLING_UNITS.get(unit, unit) if unit else None
        if lang != "en" and unit in ("$", "cent"):
            currency = "CNY"
        return amount, currency

    return Reader("duckling", ("date", "amount"), read, seconds)


_JIO_CASES = {"元": "CNY", "人民币": "CNY", "美元": "USD", "港元": "HKD", "欧元": "EUR", "英镑": "GBP", "日元": "JPY",
              "韩元": "KRW", "澳元": "AUD", "新台币": "TWD", "新加坡元": "SGD"}


_CNY_CUES = ("元", "块", "塊", "人民币", "人民幣", "¥", "rmb", "RMB")


def jionlp_reader() -> Reader:
    jio, seconds = _timed_import("jionlp")
    base = NOW.replace(tzinfo=None).timestamp()

    def read(text: str, lang: str, kind: str) -> Reading:
        if kind == "date":
            found = jio.ner.extract_time(text, time_base=base, with_parsing=True)
            if not found:
                return None
            start, end = found[0]["detail"]["time"][:2]
            first = datetime.fromisoformat(start)
            if found[0]["detail"]["type"] == "time_span" and first == NOW.replace(tzinfo=None):
                first = datetime.fromisoformat(end)
                return first.date().isoformat()
            whole_day = first.time() == datetime.min.time() and end.endswith("23:59:59")
            return first.date().isoformat() if whole_day else first.strftime("%Y-%m-%dT%H:%M")
        found = jio.ner.extract_money(text, with_parsing=True)
        if not found:
            return None
        detail = found[0]["detail"]
        num = detail["num"][0] if isinstance(detail["num"], list) else detail["num"]
        try:
            value = Decimal(num).normalize()
        except InvalidOperation:
            return None
        currency = _JIO_CASES.get(detail.get("case", ""), detail.get("case"))
        if currency == "CNY" and not any(cue in text for cue in _CNY_CUES):
            currency = None  # jionlp always says 元; we set a currency only when the text names one
        return value.quantize(Decimal(1)) if value == value.to_integral() else value, currency

    return Reader("jionlp", ("date", "amount"), read, seconds)


def cn2an_reader() -> Reader:
    """cn2an as a pre-processor: Chinese numerals to digits, then our lexers."""
    cn2an, seconds = _timed_import("cn2an")
    base = ours()

    def read(text: str, lang: str, kind: str) -> Reading:
        if lang != "en":
            with contextlib.suppress(ValueError, KeyError):
                text = cn2an.transform(text, "cn2an")
        return base.read(text, lang, kind)

    return Reader("cn2an+ours", ("date", "amount"), read, seconds)


_PRICE_SYMBOLS = {"$": "USD", "US$": "USD", "€": "EUR", "£": "GBP", "¥": "CNY", "₹": "INR", "₩": "KRW",
                  "HK$": "HKD", "S$": "SGD", "A$": "AUD", "C$": "CAD", "元": "CNY", "R$": "BRL"}


def price_parser_reader() -> Reader:
    module, seconds = _timed_import("price_parser")

    def read(text: str, lang: str, kind: str) -> Reading:
        price = module.Price.fromstring(text)
        if price.amount is None:
            return None
        currency = price.currency
        currency = _PRICE_SYMBOLS.get(currency, currency.upper() if currency else None)
        return price.amount, currency

    return Reader("price-parser", ("amount",), read, seconds)


CANDIDATES: dict[str, Callable[[], Reader]] = {
    "ours": ours, "dateparser": dateparser_reader, "duckling": duckling_reader, "jionlp": jionlp_reader,
    "cn2an": cn2an_reader, "price-parser": price_parser_reader,
}


# ---- scoring -------------------------------------------------------------------------------------------

@dataclass
class Score:
    right: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.right += ok
        self.total += 1

    def __str__(self) -> str:
        return f"{self.right / self.total:6.1%} ({self.right}/{self.total})" if self.total else "     –"


def evaluate(reader: Reader, rows: list[dict[str, Any]]) -> dict[str, Any]:
    by_lang: dict[tuple[str, str], Score] = defaultdict(Score)
    by_class: dict[tuple[str, str, str], Score] = defaultdict(Score)
    errors: list[tuple[str, str, Reading, Reading]] = []
    costs: list[float] = []
    for row in rows:
        if row["kind"] not in reader.kinds:
            continue
        started = time.perf_counter()
        try:
            got = reader.read(row["text"], row["lang"], row["kind"])
        except Exception as exc:  # a library that blows up on an input reads nothing
            got = f"error: {type(exc).__name__}"
        costs.append(time.perf_counter() - started)
        ok = is_correct(row, got)
        by_lang[(row["kind"], row["lang"])].add(ok)
        by_lang[("all", row["lang"])].add(ok)
        by_class[(row["kind"], row["lang"], row["class"])].add(ok)
        if not ok:
            errors.append((row["lang"], row["text"], expected_of(row), got))
    costs.sort()
    return {"by_lang": by_lang, "by_class": by_class, "errors": errors,
            "mean_ms": statistics.fmean(costs) * 1000 if costs else 0.0,
            "p99_ms": costs[min(len(costs) - 1, int(0.99 * len(costs)))] * 1000 if costs else 0.0}


# ---- lunar calendars (holidays.py uses one for 春节/中秋/端午) ---------------------------------------------

# Published Gregorian dates of the Spring Festival (1/1), Dragon Boat (5/5) and Mid-Autumn (8/15) festivals.
LUNAR_KNOWN: dict[tuple[int, int, int], date] = {
    (2013, 1, 1): date(2013, 2, 10), (2014, 1, 1): date(2014, 1, 31), (2018, 1, 1): date(2018, 2, 16),
    (2024, 1, 1): date(2024, 2, 10), (2025, 1, 1): date(2025, 1, 29), (2026, 1, 1): date(2026, 2, 17),
    (2027, 1, 1): date(2027, 2, 6), (2033, 1, 1): date(2033, 1, 31), (2013, 8, 15): date(2013, 9, 19),
    (2025, 8, 15): date(2025, 10, 6), (2026, 8, 15): date(2026, 9, 25), (2013, 5, 5): date(2013, 6, 12),
    (2026, 5, 5): date(2026, 6, 19),
}


def _lunar_converters() -> dict[str, tuple[Callable[[int, int, int], date], float]]:
    converters: dict[str, tuple[Callable[[int, int, int], date], float]] = {}
    with contextlib.suppress(ImportError):
        borax, seconds = _timed_import("borax.calendars.lunardate")
        converters["borax"] = (lambda y, m, d: borax.LunarDate(y, m, d).to_solar_date(), seconds)
    with contextlib.suppress(ImportError):
        six, seconds = _timed_import("lunar_python")

        def six_tail(y: int, m: int, d: int) -> date:
            solar = six.Lunar.fromYmd(y, m, d).getSolar()
            return date(solar.getYear(), solar.getMonth(), solar.getDay())

        converters["lunar-python"] = (six_tail, seconds)
    with contextlib.suppress(ImportError):
        gpl, seconds = _timed_import("lunardate")
        converters["lunardate (GPL)"] = (lambda y, m, d: gpl.LunarDate(y, m, d).toSolarDate(), seconds)
    return converters


def lunar_report() -> None:
    """Correctness on published festival dates and the cost of one lunar → Gregorian conversion."""
    converters = _lunar_converters()
    if not converters:
        print("no lunar calendar installed (pip install borax lunar-python lunardate to compare)")
    for name, (convert, seconds) in converters.items():
        right = sum(convert(*key) == want for key, want in LUNAR_KNOWN.items())
        costs = []
        for i in range(500):
            started = time.perf_counter()
            convert(2000 + i % 60, 8, 15)
            costs.append(time.perf_counter() - started)
        costs.sort()
        print(f"{name:16} {right}/{len(LUNAR_KNOWN)} right  {statistics.fmean(costs) * 1e6:8.1f} µs/call "
              f"(p99 {costs[int(0.99 * len(costs))] * 1e6:.1f})  import {seconds * 1000:.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", type=Path, default=SET)
    parser.add_argument("--readers", default=",".join(CANDIDATES))
    parser.add_argument("--errors", default="", help="print the misses of this reader")
    parser.add_argument("--classes", action="store_true", help="print accuracy per class")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--lunar", action="store_true", help="compare the installed lunar calendars and stop")
    args = parser.parse_args()
    if args.lunar:
        lunar_report()
        return
    rows = load(args.set)
    results: dict[str, dict[str, Any]] = {}
    readers: dict[str, Reader] = {}
    for name in args.readers.split(","):
        try:
            readers[name] = CANDIDATES[name]()
        except ImportError as exc:
            print(f"{name}: not installed ({exc.name})")
            continue
        for row in rows[:20]:  # warm-up (lazy loading, caches) is not counted as a call
            if row["kind"] in readers[name].kinds:
                readers[name].read(row["text"], row["lang"], row["kind"])
        results[name] = evaluate(readers[name], rows)
    if args.json:
        print(json.dumps({name: {"accuracy": {f"{k[0]}/{k[1]}": s.right / s.total for k, s in r["by_lang"].items()},
                                 "mean_ms": r["mean_ms"], "p99_ms": r["p99_ms"],
                                 "import_s": readers[name].import_s} for name, r in results.items()}, indent=2))
        return
    print(f"set: {args.set.relative_to(ROOT) if args.set.is_relative_to(ROOT) else args.set}, {len(rows)} lines; "
          f"clock {NOW.isoformat()} {TZ}")
    header = f"{'reader':13} {'kind':7}" + "".join(f"{lang:>20}" for lang in LANGS)
    header += f"{'ms/call':>10}{'p99':>8}{'import s':>10}"
    print(header)
    for name, r in results.items():
        for kind in ("date", "amount", "all"):
            if kind != "all" and kind not in readers[name].kinds:
                continue
            cells = "".join(f"{r['by_lang'].get((kind, lang), Score())!s:>20}" for lang in LANGS)
            extra = f"{r['mean_ms']:10.3f}{r['p99_ms']:8.2f}{readers[name].import_s:10.2f}" if kind == "all" else ""
            print(f"{name:13} {kind:7}{cells}{extra}")
    if args.classes:
        classes = sorted({key for r in results.values() for key in r["by_class"]})
        print("\nper class:", "  ".join(results))
        for key in classes:
            cells = "  ".join(f"{r['by_class'].get(key, Score())!s:>16}" for r in results.values())
            print(f"{key[0]:6} {key[1]:8} {key[2]:15} {cells}")
    if args.errors and args.errors in results:
        print(f"\nmisses of {args.errors}:")
        for lang, text, want, got in results[args.errors]["errors"]:
            print(f"  [{lang}] {text!r}: expected {want}, got {got}")


if __name__ == "__main__":
    main()
