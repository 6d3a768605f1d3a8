"""`salesbot transcribe FILE [--lang en|zh] [--json]` — one audio file to text, offline, no database needed.

The speech model loads before the clock starts, so `seconds` and `rtf` measure the transcription itself
(what a warm worker spends on a note), not the one-off model load.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from bot.cli.common import friendly_errors
from bot.settings import Settings
from bot.voice import AudioError, AudioLimits, BackendUnavailableError, ModelUnavailableError, build_transcriber
from core.datadir import ensure_data_dir


@click.command("transcribe")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--lang", "language", type=click.Choice(["en", "zh"]), default=None,
              help="The language spoken (default: detected among SALESBOT_TEAM_LANGUAGES).")
@click.option("--json", "as_json", is_flag=True, help='Print {"text", "language", "duration", "seconds", "rtf", '
                                                       '"model"} instead of the text.')
@friendly_errors
def transcribe_command(file: Path, language: str | None, as_json: bool) -> None:
    """Transcribe an audio file (OGG/Opus, M4A, MP3, WAV, WebM) with the configured speech model."""
    root = Settings()
    settings = root.voice
    ensure_data_dir(root.core.data_dir)  # 0700 before the models go in it
    limits = AudioLimits(max_duration_s=settings.voice_max_minutes * 60.0,
                         max_bytes=int(root.channels.max_upload_mb * 1024 * 1024))
    try:
        stt = build_transcriber(settings.stt_backend, settings.whisper_model, root.core.data_dir,
                                settings.stt_threads or None, limits=limits)
        stt.warm_up([language] if language else ["auto", *settings.team_language_list])
        result = stt.transcribe(file, language=language, allowed_languages=settings.team_language_list)
    except AudioError as exc:
        click.echo(f"error: {file}: {exc.reason}: {exc.message}", err=True)
        sys.exit(1)
    except (ModelUnavailableError, BackendUnavailableError) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    if as_json:
        click.echo(json.dumps({
            "text": result.text,
            "language": result.language,
            "duration": round(result.duration, 3),
            "seconds": round(result.processing_seconds, 3),
            "rtf": round(result.rtf, 4),
            "model": result.model,
        }, ensure_ascii=False))
    else:
        click.echo(result.text)
