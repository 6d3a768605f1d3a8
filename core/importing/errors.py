"""A file that cannot be imported at all (unreadable, wrong encoding, missing required columns)."""

from __future__ import annotations

from core.errors import InvalidInput


class ImportFileError(InvalidInput):
    """Raised before any row is looked at: nothing is planned and nothing is written."""
