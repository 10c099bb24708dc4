"""The store: the only package that reads and writes the database.

Everything outside sees pydantic records (Document, Actor, Claim, Link, ArgumentMap). SQLite is the
default backend (one file); PostgreSQL (`--db postgresql://...`) serves a team. Both run the same
`Store` code and the same ordered migrations: every write in a transaction, a schema version, and
versioned claims and links so that a stale review decision is refused (StaleError).
"""

from .postgres import is_postgres_url
from .sqlite import Store, default_db_path, open_store

__all__ = ["Store", "default_db_path", "is_postgres_url", "open_store"]
