"""The data dir (SALESBOT_DATA_DIR): the SQLite database, assembled speech models, saved images.

It holds customer data, so it is private to the user salesbot runs as: created 0700, and the database file in it
0600 (core.db). Nothing outside it is ever created: its parent must exist.
"""

from __future__ import annotations

import os
from pathlib import Path

DATA_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600


class DataDirError(RuntimeError):
    """The data dir cannot be used; the message says why and what to do, in one line."""


def ensure_data_dir(path: str | os.PathLike[str]) -> Path:
    """The data dir, created 0700 if missing (an existing one is left as it is). Its parent must exist."""
    target = Path(path).absolute()
    try:
        target.mkdir(mode=DATA_DIR_MODE)
    except FileExistsError:
        if not target.is_dir():
            raise DataDirError(f"the data dir {target} is not a directory: set SALESBOT_DATA_DIR to a "
                               "directory") from None
        return target
    except FileNotFoundError:
        raise DataDirError(f"cannot create the data dir {target}: {target.parent} does not exist; create it or set "
                           "SALESBOT_DATA_DIR to a directory whose parent exists") from None
    except OSError as exc:
        raise DataDirError(f"cannot create the data dir {target} ({exc.strerror}): set SALESBOT_DATA_DIR to a "
                           "directory salesbot may write") from None
    os.chmod(target, DATA_DIR_MODE)  # mkdir's mode goes through the umask; make it exact
    return target


def create_private_file(path: Path) -> bool:
    """Create an empty file readable by its owner only (0600) unless it exists; whether it was created."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE)
    except FileExistsError:
        return False
    os.close(fd)
    os.chmod(path, PRIVATE_FILE_MODE)
    return True


def is_within(path: Path, directory: Path) -> bool:
    return path == directory or directory in path.parents
