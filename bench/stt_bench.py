"""Speech-to-text benchmark: real-time factor and peak memory per backend and model.

    python bench/stt_bench.py                       # every installed backend, tiny.en + base
    python bench/stt_bench.py --backends faster-whisper --models base --repeat 5

Each (backend, model) runs in its own subprocess so that the peak RSS (VmHWM from
/proc/self/status) belongs to that backend alone. RTF = processing seconds / audio
seconds, end to end (decode + transcribe), median of --repeat runs after one warm-up.
Uses the committed fixtures in tests/data/audio/ and the bundled models (offline).
With --text, each transcript is printed with its error rate against the text the fixture was spoken from
(tests/speech.py: WER for English, CER for Chinese) -- the measure the tests bound, instead of exact words.
Speed lives here, not in the tests: the tests assert no real-time factor (goal for en_meeting on tiny.en: RTF < 0.5
with 2 threads).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
AUDIO = REPO / "tests" / "data" / "audio"
# (fixture, language passed; None = detect among {en, zh})
CLIPS: list[tuple[str, str | None]] = [
    ("en_visit.ogg", "en"),
    ("en_meeting.ogg", "en"),
    ("zh_visit.ogg", "zh"),
    ("zh_visit.ogg", None),
]


def _proc_status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def child(backend: str, model: str, data_dir: str, threads: int, beam: int, repeat: int) -> dict[str, Any]:
    sys.path.insert(0, str(REPO))
    from bot.voice import TranscribeOptions, build_transcriber
    from bot.voice.registry import is_english_only

    rss_start = _proc_status_kb("VmRSS")
    stt = build_transcriber(backend, model, data_dir, threads, options=TranscribeOptions(beam_size=beam))
    t0 = time.perf_counter()
    stt.warm_up()
    load_s = time.perf_counter() - t0
    rss_loaded = _proc_status_kb("VmRSS")
    clips: list[dict[str, Any]] = []
    for name, lang in CLIPS:
        if is_english_only(model) and lang != "en":
            continue
        path = AUDIO / name
        stt.transcribe(path, language=lang)  # warm-up
        runs = [stt.transcribe(path, language=lang) for _ in range(repeat)]
        clips.append(
            {
                "clip": name if lang else f"{name} (detect)",
                "duration": runs[0].duration,
                "seconds": statistics.median(r.processing_seconds for r in runs),
                "text": runs[0].text,
                "language": runs[0].language,
            }
        )
    return {
        "backend": backend,
        "model": model,
        "threads": getattr(stt, "threads", threads),
        "beam": beam,
        "load_s": load_s,
        "rss_start_mb": rss_start / 1024,
        "rss_loaded_mb": rss_loaded / 1024,
        "peak_rss_mb": _proc_status_kb("VmHWM") / 1024,
        "clips": clips,
    }


def run_child(args: argparse.Namespace, backend: str, model: str) -> dict[str, Any] | None:
    cmd = [
        sys.executable, __file__, "--child", "--backends", backend, "--models", model,
        "--data-dir", args.data_dir, "--threads", str(args.threads), "--beam", str(args.beam),
        "--repeat", str(args.repeat),
    ]  # fmt: skip
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        print(f"!! {backend}/{model} failed:\n{proc.stderr[-2000:]}", file=sys.stderr)
        return None
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def print_table(results: list[dict[str, Any]], show_text: bool) -> None:
    clip_names = sorted({c["clip"] for r in results for c in r["clips"]}, key=lambda n: (n.startswith("zh"), n))
    header = [
        "backend",
        "model",
        "load s",
        *[f"RTF {n}" for n in clip_names],
        "RTF all",
        "RSS loaded MB",
        "peak RSS MB",
    ]
    rows = []
    for r in results:
        by_clip = {c["clip"]: c for c in r["clips"]}
        total_s = sum(c["seconds"] for c in r["clips"])
        total_d = sum(c["duration"] for c in r["clips"])
        rows.append(
            [
                r["backend"],
                r["model"],
                f"{r['load_s']:.2f}",
                *[f"{by_clip[n]['seconds'] / by_clip[n]['duration']:.3f}" if n in by_clip else "-" for n in clip_names],
                f"{total_s / total_d:.3f}",
                f"{r['rss_loaded_mb']:.0f}",
                f"{r['peak_rss_mb']:.0f}",
            ]
        )
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows, strict=True)]
    for line in [header, ["-" * w for w in widths], *rows]:
        print("  ".join(str(x).ljust(w) for x, w in zip(line, widths, strict=True)))
    models = {r["model"] for r in results}
    for model in sorted(models):
        per = {r["backend"]: r for r in results if r["model"] == model}
        if {"faster-whisper", "openai-whisper"} <= per.keys():
            fw, ow = per["faster-whisper"], per["openai-whisper"]
            fw_s = sum(c["seconds"] for c in fw["clips"])
            ow_s = sum(c["seconds"] for c in ow["clips"])
            print(f"{model}: faster-whisper is {ow_s / fw_s:.1f}x faster than openai-whisper on the same weights")
    if show_text:
        if str(REPO) not in sys.path:
            sys.path.insert(0, str(REPO))
        from tests.speech import cer, reference, wer

        for r in results:
            for c in r["clips"]:
                ref = reference(c["clip"].split()[0])
                zh = c["clip"].startswith("zh")
                rate = f"CER {cer(ref, c['text']):.2f}" if zh else f"WER {wer(ref, c['text']):.2f}"
                print(f"[{r['backend']}/{r['model']}] {c['clip']} ({c['language']}, {rate}): {c['text']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backends", default=None, help="comma list (default: every installed backend)")
    parser.add_argument("--models", default="tiny.en,base")
    parser.add_argument("--data-dir", default=str(Path(tempfile.gettempdir()) / "salesbot-stt-bench"))
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--beam", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--text", action="store_true", help="also print the transcripts")
    parser.add_argument("--json", action="store_true", help="print raw results as JSON")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.backends, args.models, args.data_dir, args.threads, args.beam, args.repeat)))
        return
    backends = args.backends.split(",") if args.backends else ["faster-whisper"]
    if not args.backends and importlib.util.find_spec("whisper") and importlib.util.find_spec("torch"):
        backends.append("openai-whisper")
    results = [r for model in args.models.split(",") for backend in backends if (r := run_child(args, backend, model))]
    if args.json:
        print(json.dumps(results, indent=2, ensure_ascii=False))
    print(f"threads={args.threads} beam={args.beam} repeat={args.repeat} (median), data_dir={args.data_dir}")
    print_table(results, args.text)


if __name__ == "__main__":
    main()
