"""The store: the only package that reads and writes the database.

Everything outside sees pydantic records (Document, Actor, Claim, Link, ArgumentMap). SQLite is the
default backend: one file, every write in a transaction, a schema version and ordered migrations.
"""

from .sqlite import Store, default_db_path, open_store

__all__ = ["Store", "default_db_path", "open_store"]
