"""The ArgmapError hierarchy. Library code raises these; the CLI turns them into one-line messages.

Messages say what went wrong and, where there is one, how to fix it. No I/O here.
"""

from __future__ import annotations


class ArgmapError(Exception):
    """Base class for every error argmap reports to a user (never a traceback)."""

    exit_code = 1


class InputError(ArgmapError):
    """A document or path the user gave cannot be read or holds nothing to process."""

    exit_code = 2


class StoreError(ArgmapError):
    """The database is missing, corrupt, foreign or from a newer argmap."""

    exit_code = 3


class ModelNotFoundError(ArgmapError):
    """No spaCy model could be loaded."""

    exit_code = 4


class RenderError(ArgmapError):
    """Graphviz is missing or failed."""

    exit_code = 5


class NotFoundError(ArgmapError):
    """A claim, link, actor or document id that is not in the store."""

    exit_code = 6


class StaleError(StoreError):
    """A review decision on a record that changed since the reviewer saw it (optimistic concurrency).

    Nothing was written; the message names who changed it. The review app answers 409.
    """

    def __init__(self, message: str, *, record: str | None = None, record_id: str | None = None, by: str | None = None):
        super().__init__(message)
        self.record = record
        self.record_id = record_id
        self.by = by
