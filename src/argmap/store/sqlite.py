"""The store: SQLite (default) or PostgreSQL, one `Store` class and one set of SQL.

Records are kept as their canonical JSON (the export format) plus the columns that queries need.
Review decisions are never overwritten by machine runs: replacing a document's claims or the
corpus's links only touches records whose status is still `proposed`.

The SQL here is the dialect both databases speak (upserts with ON CONFLICT, row values); for
PostgreSQL, postgres.py translates what differs (placeholders, json_extract, the schema version)
and `open_store` picks the backend from the path: a file, or a `postgresql://` URL.

Claims and links carry a `version` (migration 0004) that every write that changes them bumps.
A reviewer's decision names the version the reviewer saw; if the record changed since, the store
refuses the decision with `StaleError` instead of applying it (optimistic concurrency).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from ..errors import NotFoundError, StaleError, StoreError
from ..model import Actor, ArgumentMap, Claim, Document, Link
from ..rows import ClaimRow, DocumentRow, LinkRow
from . import postgres

APP_ID = 0x41524D50  # "ARMP", written to PRAGMA application_id so foreign files are recognised

#: Ordered, named migrations. Never edit one that has shipped: append a new one.
MIGRATIONS: list[tuple[str, str]] = [
    (
        "0001_initial",
        """
        CREATE TABLE documents (
            id TEXT PRIMARY KEY,
            sha256 TEXT NOT NULL UNIQUE,
            path TEXT NOT NULL,
            data TEXT NOT NULL
        );
        CREATE TABLE actors (
            id TEXT PRIMARY KEY,
            origin TEXT NOT NULL DEFAULT 'auto',
            data TEXT NOT NULL
        );
        CREATE TABLE claims (
            id TEXT PRIMARY KEY,
            document TEXT NOT NULL REFERENCES documents(id),
            actor TEXT,
            status TEXT NOT NULL,
            pos INTEGER NOT NULL,
            data TEXT NOT NULL
        );
        CREATE INDEX claims_document ON claims(document, pos);
        CREATE INDEX claims_status ON claims(status);
        CREATE TABLE links (
            id TEXT PRIMARY KEY,
            source TEXT NOT NULL,
            target TEXT NOT NULL,
            relation TEXT NOT NULL,
            status TEXT NOT NULL,
            data TEXT NOT NULL
        );
        CREATE INDEX links_status ON links(status);
        CREATE TABLE history (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            record TEXT NOT NULL,
            record_id TEXT NOT NULL,
            reviewer TEXT,
            at TEXT NOT NULL,
            action TEXT NOT NULL,
            before TEXT,
            after TEXT
        );
        CREATE TABLE actor_merges (
            alias_id TEXT PRIMARY KEY,
            into_id TEXT NOT NULL
        );
        """,
    ),
    (
        # review app (issue #6): undo groups and flags in the history, reviewer settings, and the
        # indexes that keep the review queues fast with 10,000+ claims (next item = one index probe)
        "0002_review",
        """
        ALTER TABLE history ADD COLUMN batch INTEGER;
        ALTER TABLE history ADD COLUMN undone_by INTEGER;
        CREATE INDEX history_batch ON history(batch);
        CREATE INDEX history_record ON history(record, record_id);
        CREATE INDEX claims_queue_confidence ON claims(status, json_extract(data, '$.confidence'), document, pos, id);
        CREATE INDEX claims_queue_document ON claims(status, document, pos, id);
        CREATE INDEX claims_actor ON claims(actor);
        CREATE INDEX documents_order ON documents(path, id);
        CREATE INDEX links_queue_confidence ON links(status, json_extract(data, '$.confidence'), id);
        CREATE INDEX links_source ON links(source);
        CREATE INDEX links_target ON links(target);
        CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        """,
    ),
    (
        # incremental extraction (issue #9): the fingerprint of the extractor (argmap version, rules,
        # lexicon, model, options) that made a document's claims; NULL = never extracted, or imported
        "0003_extractor_fingerprint",
        """
        ALTER TABLE documents ADD COLUMN extractor TEXT;
        """,
    ),
    (
        # team mode (issue #10): optimistic concurrency. Every write that changes a claim or link
        # bumps its version; a review decision names the version the reviewer saw
        "0004_versions",
        """
        ALTER TABLE claims ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
        ALTER TABLE links ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
        """,
    ),
    (
        # sentence embeddings (issue #19): each claim text is encoded once per model. `model` is the
        # encoder's id (`embed.model_id`: a digest of its files), `key` the text's
        # (`linking.semantic.text_key`), `vector` float32 little-endian bytes. A cache: `argmap link`
        # writes it and may empty it at any time; no other record refers to it
        "0005_vectors",
        """
        CREATE TABLE vectors (
            model TEXT NOT NULL,
            key TEXT NOT NULL,
            vector BLOB NOT NULL,
            PRIMARY KEY (model, key)
        );
        """,
    ),
]
SCHEMA_VERSION = len(MIGRATIONS)


def _upsert(table: str, columns: tuple[str, ...], key: str = "id", extra: str = "") -> str:
    """INSERT of `columns` that updates the row with the same `key` instead (SQLite 3.24+ and PostgreSQL).

    Unlike SQLite's INSERT OR REPLACE it keeps the columns it does not name (a claim's version).
    """
    marks = ", ".join("?" * len(columns))
    sets = ", ".join(f"{col} = excluded.{col}" for col in columns if col != key)
    return f"INSERT INTO {table}({', '.join(columns)}) VALUES ({marks}) ON CONFLICT ({key}) DO UPDATE SET {sets}{extra}"


def _bump(table: str) -> str:
    # a write that changes the record makes a new version; rewriting the same data keeps it
    return f", version = CASE WHEN {table}.data = excluded.data THEN {table}.version ELSE {table}.version + 1 END"


_UPSERT_CLAIM = _upsert("claims", ("id", "document", "actor", "status", "pos", "data"), extra=_bump("claims"))
_UPSERT_LINK = _upsert("links", ("id", "source", "target", "relation", "status", "data"), extra=_bump("links"))
_UPSERT_ACTOR = _upsert("actors", ("id", "origin", "data"))
_UPSERT_DOCUMENT = _upsert("documents", ("id", "sha256", "path", "data"), extra=", extractor = NULL")
_TABLES = {"actor": "actors", "claim": "claims", "link": "links"}
#: The settings row where `argmap link` records what it linked (see `Store.replace_links_and_sides`).
LINK_STATE_KEY = "link.state"


#: The temporary table of the link ids a `replace_links` run writes (one connection's own).
_RUN_TABLE = "argmap_link_run"

#: ids per `IN (...)` query: below SQLite's oldest limit of 999 variables
_ID_CHUNK = 500


def _many(conn, sql: str, rows: list) -> None:
    """Run `sql` once per row: with `executemany` where the connection has it (sqlite3), else in a loop."""
    if not rows:
        return
    if isinstance(conn, sqlite3.Connection):
        conn.executemany(sql, rows)
    else:
        for row in rows:
            conn.execute(sql, row)


def _claim_row(cl: Claim) -> tuple:
    return (cl.id, cl.document, cl.actor, cl.status.value, cl.spans.content[0][0], _dump(cl))


def _link_row(link: Link) -> tuple:
    return (link.id, link.source, link.target, link.relation.value, link.status.value, _dump(link))


def _equal_filters(*columns: tuple[str, object]) -> tuple[list[str], list]:
    """`column = ?` conditions and their arguments for the (column, value) pairs whose value is set."""
    where, args = [], []
    for column, value in columns:
        if value:
            where.append(f"{column} = ?")
            args.append(value)
    return where, args


def default_db_path() -> str:
    """`$ARGMAP_DB` if set, else `argmap.db` in the working directory."""
    return os.environ.get("ARGMAP_DB") or "argmap.db"


def _dump(record) -> str:
    return record.model_dump_json()


class Store:
    """An argmap database. Use `open_store()` to get one."""

    def __init__(self, conn, path: str, dialect: str = "sqlite"):
        self.conn = conn  # sqlite3.Connection, or postgres.PgConnection with the same methods
        self.path = path  # file path or PostgreSQL URL (worker threads open their own connection with it)
        self.dialect = dialect

    @property
    def display_name(self) -> str:
        """The path or URL for messages (without a password)."""
        return postgres.redact(self.path) if self.dialect == "postgresql" else self.path

    # -- lifecycle ---------------------------------------------------------------------------
    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Run the block in one transaction: all of it is written, or none of it."""
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            yield self.conn
        except BaseException:
            self.conn.rollback()
            raise
        else:
            self.conn.commit()

    @property
    def schema_version(self) -> int:
        if self.dialect == "postgresql":
            return self.conn.meta()[1]
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    # -- documents ---------------------------------------------------------------------------
    def add_document(self, doc: Document) -> bool:
        """Store a document. Returns False (and changes nothing) when its sha256 is already stored."""
        with self.transaction() as c:
            row = c.execute("SELECT 1 FROM documents WHERE sha256 = ?", (doc.sha256,)).fetchone()
            if row:
                return False
            c.execute(
                "INSERT INTO documents(id, sha256, path, data) VALUES (?, ?, ?, ?)",
                (doc.id, doc.sha256, doc.path, _dump(doc)),
            )
            return True

    def update_document_metadata(self, doc: Document) -> bool:
        """Replace the stored metadata (title, publisher, date, url, language, provenance) of the
        document with `doc`'s id; its text, and so every offset into it, is the same (same sha256).
        Returns False when no such document is stored."""
        with self.transaction() as c:
            row = c.execute("SELECT data FROM documents WHERE id = ? AND sha256 = ?", (doc.id, doc.sha256)).fetchone()
            if row is None:
                return False
            old = Document.model_validate_json(row[0])
            keep = old.model_copy(update={k: getattr(doc, k) for k in ("title", "publisher", "published", "url", "language", "provenance")})
            c.execute("UPDATE documents SET data = ? WHERE id = ?", (_dump(keep), doc.id))
            return True

    def stored_extraction(self, sha256: str) -> tuple[Document, str | None, int] | None:
        """The stored document with this sha256, the extractor fingerprint of its claims (None when
        never extracted) and how many of its claims were reviewed; None when no such document."""
        row = self.conn.execute("SELECT id, data, extractor FROM documents WHERE sha256 = ?", (sha256,)).fetchone()
        if row is None:
            return None
        reviewed = self.conn.execute(
            "SELECT COUNT(*) FROM claims WHERE document = ? AND status != 'proposed'", (row[0],)
        ).fetchone()[0]
        return Document.model_validate_json(row[1]), row[2], reviewed

    def has_document(self, sha256: str) -> bool:
        return self.conn.execute("SELECT 1 FROM documents WHERE sha256 = ?", (sha256,)).fetchone() is not None

    def documents(self) -> list[Document]:
        rows = self.conn.execute("SELECT data FROM documents ORDER BY path, id").fetchall()
        return [Document.model_validate_json(r[0]) for r in rows]

    def document_metas(self) -> list[dict]:
        """Every document's id, title, path, publisher, published (ISO date) and url, in the order of
        `documents()`, read from the stored JSON without loading the texts (the review app's list)."""
        fields = ("title", "path", "publisher", "published", "url")
        cols = ", ".join(f"json_extract(data, '$.{f}')" for f in fields)
        rows = self.conn.execute(f"SELECT id, {cols} FROM documents ORDER BY path, id").fetchall()
        return [{"id": r[0], **dict(zip(fields, r[1:], strict=True))} for r in rows]

    def document(self, doc_id: str) -> Document:
        row = self.conn.execute("SELECT data FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no document with id {doc_id!r}")
        return Document.model_validate_json(row[0])

    # -- claims ------------------------------------------------------------------------------
    def replace_claims(self, doc_id: str, claims: Iterable[Claim], *, extractor: str | None = None,
                       actors: Iterable[Actor] = ()) -> tuple[int, int]:
        """Replace a document's proposed claims by `claims`; reviewed claims stay as they are.

        A new claim whose id matches a reviewed claim is dropped (the human version wins).
        Proposed links that touch a removed claim are removed with it.

        Args:
            doc_id: the document.
            claims: its newly extracted claims.
            extractor: fingerprint of the extractor that made them, recorded in the same transaction
                (a later run with the same fingerprint may skip the document).
            actors: the actors of the claims, added or refreshed first in the same transaction
                (as `upsert_actors(actors)` would; one commit per document instead of two).

        Returns:
            (claims written, claims kept because reviewed)
        """
        claims = list(claims)
        with self.transaction() as c:
            self._upsert_actors(c, actors, "auto")
            if extractor is not None:
                c.execute("UPDATE documents SET extractor = ? WHERE id = ?", (extractor, doc_id))
            kept = {
                r[0]
                for r in c.execute(
                    "SELECT id FROM claims WHERE document = ? AND status != 'proposed'", (doc_id,)
                )
            }
            old = {r[0] for r in c.execute("SELECT id FROM claims WHERE document = ?", (doc_id,))}
            # claims a reviewed link points at must survive too (only this document's claims matter
            # here: the links of the whole store are not read for every document)
            protected = kept | {
                r[0]
                for r in c.execute(
                    "SELECT source FROM links WHERE status != 'proposed' AND source IN (SELECT id FROM claims WHERE document = ?) "
                    "UNION SELECT target FROM links WHERE status != 'proposed' AND target IN (SELECT id FROM claims WHERE document = ?)",
                    (doc_id, doc_id),
                )
            }
            new_ids = {cl.id for cl in claims}
            gone = (old - protected) - new_ids
            _many(c, "DELETE FROM links WHERE status = 'proposed' AND (source = ? OR target = ?)",
                  [(cid, cid) for cid in sorted(gone)])
            _many(c, "DELETE FROM claims WHERE id = ?", [(cid,) for cid in sorted(gone)])
            # claims found again are updated in place: same data, same version (a reviewer's open
            # decision on it still applies); changed data, a new version
            stay = protected & old
            rows = [_claim_row(cl) for cl in claims if cl.id not in stay]
            _many(c, _UPSERT_CLAIM, rows)
            return len(rows), len(kept)

    def claims(self, *, document: str | None = None, status: str | None = None) -> list[Claim]:
        sql = "SELECT c.data FROM claims c JOIN documents d ON d.id = c.document"
        where, args = _equal_filters(("c.document", document), ("c.status", status))
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY d.path, d.id, c.pos, c.id"
        return [Claim.model_validate_json(r[0]) for r in self.conn.execute(sql, args)]

    def claim(self, claim_id: str) -> Claim:
        row = self.conn.execute("SELECT data FROM claims WHERE id = ?", (claim_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no claim with id {claim_id!r}")
        return Claim.model_validate_json(row[0])

    def update_claim(
        self, claim: Claim, *, reviewer: str | None = None, action: str = "edit", version: int | None = None
    ) -> int:
        """Write a changed claim and record the decision (previous value included) in the history.

        Args:
            version: The claim's version the caller saw (see `claim_versioned`); None skips the check.

        Returns:
            The claim's new version.

        Raises:
            NotFoundError: no such claim.
            StaleError: the stored claim is no longer at `version` (nothing is written).
        """
        # model_copy(update=...) skips validation: re-validate, so {"status": "accepted"} becomes a Status
        claim = Claim.model_validate(dict(claim))
        with self.transaction() as c:
            row = c.execute("SELECT data, version FROM claims WHERE id = ?", (claim.id,)).fetchone()
            if row is None:
                raise NotFoundError(f"no claim with id {claim.id!r}")
            if version is not None and row[1] != version:
                raise self._stale(c, "claim", claim.id, version, row[0])
            c.execute(
                "UPDATE claims SET actor = ?, status = ?, data = ?, version = version + 1 WHERE id = ?",
                (claim.actor, claim.status.value, _dump(claim), claim.id),
            )
            self._log(c, "claim", claim.id, reviewer, action, row[0], _dump(claim))
            return row[1] + 1

    # -- actors ------------------------------------------------------------------------------
    def upsert_actors(self, actors: Iterable[Actor], *, origin: str = "auto") -> None:
        """Add or refresh actors. Actors a user created or edited (origin 'user') are not overwritten."""
        with self.transaction() as c:
            self._upsert_actors(c, actors, origin)

    @staticmethod
    def _upsert_actors(c, actors: Iterable[Actor], origin: str) -> None:
        actors = list(actors)
        if not actors:
            return
        users: set[str] = set()
        inferred: dict[str, dict] = {}
        if origin != "user":
            # the user's actors among these, read in one query per chunk (not one per actor); the
            # rows written below are never the user's, so reading first sees what a loop would.
            # A side `argmap link` inferred stays until the next link works it out again.
            ids = sorted({a.id for a in actors})
            for k in range(0, len(ids), _ID_CHUNK):
                part = ids[k : k + _ID_CHUNK]
                for aid, row_origin, data in c.execute(
                        f"SELECT id, origin, data FROM actors WHERE id IN ({', '.join('?' * len(part))})", part):
                    if row_origin == "user":
                        users.add(aid)
                    elif '"inferred_side"' in data:
                        old = Actor.model_validate_json(data)
                        inferred[aid] = {"inferred_side": old.inferred_side, "inferred_side_confidence":
                                         old.inferred_side_confidence, "inferred_side_reason": old.inferred_side_reason}
        rows = []
        for a in actors:
            if a.id in users:
                continue
            if a.id in inferred and a.inferred_side is None:
                a = a.model_copy(update=inferred[a.id])
            rows.append((a.id, origin, _dump(a)))
        _many(c, _UPSERT_ACTOR, rows)

    def actors(self) -> list[Actor]:
        return [Actor.model_validate_json(r[0]) for r in self.conn.execute("SELECT data FROM actors ORDER BY id")]

    def actor_table(self) -> list[dict]:
        """Actors with their claim counts, most claims first."""
        counts = dict(self.conn.execute("SELECT actor, COUNT(*) FROM claims WHERE actor IS NOT NULL GROUP BY actor").fetchall())
        rows = []
        for a in self.actors():
            rows.append({"id": a.id, "name": a.name, "kind": a.kind.value, "side": a.side, "parent": a.parent,
                         "aliases": a.aliases, "claims": counts.get(a.id, 0), "role": a.role,
                         "affiliation": a.affiliation, "inferred_side": a.inferred_side,
                         "inferred_side_confidence": a.inferred_side_confidence,
                         "inferred_side_reason": a.inferred_side_reason})
        rows.sort(key=lambda r: (-r["claims"], r["id"]))
        return rows

    def actor_documents(self) -> dict[str, set[str]]:
        """Actor id -> ids of the documents it has (not rejected) claims in."""
        out: dict[str, set[str]] = {}
        for actor, doc in self.conn.execute(
                "SELECT DISTINCT actor, document FROM claims WHERE actor IS NOT NULL AND status != 'rejected'"):
            out.setdefault(actor, set()).add(doc)
        return out

    def merge_actors(self, alias_id: str, into_id: str, reviewer: str | None = None) -> int:
        """Merge actor `alias_id` into `into_id`: claims move, the alias is remembered for later runs."""
        if alias_id == into_id:
            raise StoreError("cannot merge an actor into itself")
        with self.transaction() as c:
            rows = {r[0]: r[1] for r in c.execute("SELECT id, data FROM actors WHERE id IN (?, ?)", (alias_id, into_id))}
            for aid in (alias_id, into_id):
                if aid not in rows:
                    raise NotFoundError(f"no actor with id {aid!r} (see 'argmap actors')")
            alias = Actor.model_validate_json(rows[alias_id])
            into = Actor.model_validate_json(rows[into_id])
            merged = into.model_copy(update={"aliases": sorted(set(into.aliases) | set(alias.aliases) | {alias.name})})
            c.execute("UPDATE actors SET data = ?, origin = 'user' WHERE id = ?", (_dump(merged), into_id))
            c.execute("DELETE FROM actors WHERE id = ?", (alias_id,))
            c.execute(_upsert("actor_merges", ("alias_id", "into_id"), key="alias_id"), (alias_id, into_id))
            c.execute("UPDATE actor_merges SET into_id = ? WHERE into_id = ?", (into_id, alias_id))
            moved = 0
            for cid, data in c.execute("SELECT id, data FROM claims WHERE actor = ?", (alias_id,)).fetchall():
                claim = Claim.model_validate_json(data).model_copy(update={"actor": into_id})
                c.execute("UPDATE claims SET actor = ?, data = ?, version = version + 1 WHERE id = ?",
                          (into_id, _dump(claim), cid))
                moved += 1
            for cid, data in c.execute("SELECT id, data FROM claims WHERE data LIKE ?", (f'%"target":"{alias_id}"%',)).fetchall():
                claim = Claim.model_validate_json(data)
                if claim.target == alias_id:
                    c.execute("UPDATE claims SET data = ?, version = version + 1 WHERE id = ?",
                              (_dump(claim.model_copy(update={"target": into_id})), cid))
            self._log(c, "actor", alias_id, reviewer, "merge", rows[alias_id], into_id)
            return moved

    def rename_actor(self, actor_id: str, name: str, reviewer: str | None = None) -> None:
        """Set an actor's display name; the actor becomes user-owned so extraction keeps the name."""
        with self.transaction() as c:
            row = c.execute("SELECT data FROM actors WHERE id = ?", (actor_id,)).fetchone()
            if row is None:
                raise NotFoundError(f"no actor with id {actor_id!r} (see 'argmap actors')")
            actor = Actor.model_validate_json(row[0])
            new = actor.model_copy(update={"name": name, "aliases": sorted(set(actor.aliases) | {actor.name})})
            c.execute("UPDATE actors SET data = ?, origin = 'user' WHERE id = ?", (_dump(new), actor_id))
            self._log(c, "actor", actor_id, reviewer, "rename", row[0], _dump(new))

    def set_inferred_sides(self, sides: dict) -> int:
        """Write the sides `argmap link` inferred (actor id -> `linking.InferredSide`); an actor not in
        `sides` loses the inferred side it had. Declared sides are not touched. Returns how many
        actors changed."""
        with self.transaction() as c:
            return self._set_inferred_sides(c, sides)

    @staticmethod
    def _set_inferred_sides(c, sides: dict) -> int:
        changed = 0
        for aid, data in c.execute("SELECT id, data FROM actors ORDER BY id").fetchall():
            actor = Actor.model_validate_json(data)
            got = sides.get(aid)
            update = ({"inferred_side": got.side, "inferred_side_confidence": got.confidence,
                       "inferred_side_reason": got.reason} if got is not None else
                      {"inferred_side": None, "inferred_side_confidence": None, "inferred_side_reason": None})
            new = actor.model_copy(update=update)
            if new != actor:
                c.execute("UPDATE actors SET data = ? WHERE id = ?", (_dump(new), aid))
                changed += 1
        return changed

    def set_actor_side(self, actor_id: str, side: str | None, reviewer: str | None = None) -> Actor:
        """Declare (or, with None, clear) an actor's side; the actor becomes user-owned, so extraction
        keeps it, and a declared side wins over an inferred one."""
        with self.transaction() as c:
            row = c.execute("SELECT data FROM actors WHERE id = ?", (actor_id,)).fetchone()
            if row is None:
                raise NotFoundError(f"no actor with id {actor_id!r} (see 'argmap actors')")
            actor = Actor.model_validate_json(row[0])
            new = actor.model_copy(update={"side": side or None})
            c.execute("UPDATE actors SET data = ?, origin = 'user' WHERE id = ?", (_dump(new), actor_id))
            self._log(c, "actor", actor_id, reviewer, "side", row[0], _dump(new))
            return new

    def actor_merges(self) -> dict[str, str]:
        return dict(self.conn.execute("SELECT alias_id, into_id FROM actor_merges").fetchall())

    # -- links -------------------------------------------------------------------------------
    def replace_links(self, links: Iterable[Link]) -> tuple[int, int]:
        """Replace all proposed links by `links`; reviewed (or reviewer-made) links are kept as they are.

        `links` may be a stream: it is read once, a batch at a time (see `_replace_links`).

        Returns:
            (links written, links kept because reviewed)
        """
        with self.transaction() as c:
            return self._replace_links(c, links)

    #: links written per batch by `replace_links`
    LINK_BATCH = 500

    @classmethod
    def _replace_links(cls, c, links: Iterable[Link]) -> tuple[int, int]:
        """Write `links` a batch at a time; the ids written go to a temporary table, from which the
        database finds the proposals that were not found again (deleted), so memory holds a batch
        and the reviewed links, not the run's links."""
        reviewed = {r[0] for r in c.execute("SELECT id FROM links WHERE status != 'proposed'")}
        # a reviewed link between the same two claims settles the pair: propose nothing else for it
        settled = {
            frozenset(r) for r in c.execute("SELECT source, target FROM links WHERE status != 'proposed'")
        }
        sqlite = isinstance(c, sqlite3.Connection)
        c.execute(f"CREATE TEMP TABLE IF NOT EXISTS {_RUN_TABLE} (id TEXT PRIMARY KEY)" + ("" if sqlite else " ON COMMIT DROP"))
        c.execute(f"DELETE FROM {_RUN_TABLE}")
        written = 0
        batch: list[Link] = []

        def flush() -> None:
            # proposed links found again are updated in place (same data, same version)
            _many(c, _UPSERT_LINK, [_link_row(lk) for lk in batch])
            _many(c, f"INSERT INTO {_RUN_TABLE}(id) VALUES (?) ON CONFLICT (id) DO NOTHING", [(lk.id,) for lk in batch])
            batch.clear()

        for lk in links:
            if lk.id in reviewed or frozenset((lk.source, lk.target)) in settled:
                continue
            batch.append(lk)
            written += 1
            if len(batch) >= cls.LINK_BATCH:
                flush()
        flush()
        # the proposals of the last run that this one did not find again go
        c.execute(f"DELETE FROM links WHERE status = 'proposed' AND id NOT IN (SELECT id FROM {_RUN_TABLE})")
        c.execute(f"DELETE FROM {_RUN_TABLE}")
        return written, len(reviewed)

    def replace_links_and_sides(self, links: Iterable[Link], sides: dict, *, run_key: str | None = None,
                                seen_state: str | None = None) -> tuple[int, int]:
        """`replace_links(links)` and `set_inferred_sides(sides)` in one transaction, and record the
        link state that `link_state` checks next time.

        Args:
            run_key: what else the links depend on (linking code, weights, options; see
                `linking.fingerprint`); None records nothing.
            seen_state: the `state_digest` the links were computed from. When the store changed in
                between (a reviewer decided meanwhile), the state is not recorded, so the next
                `argmap link` links again.

        Returns:
            (links written, links kept because reviewed)
        """
        with self.transaction() as c:
            current = self._state_digest(c) if run_key is not None else None
            got = self._replace_links(c, links)
            self._set_inferred_sides(c, sides)
            if run_key is not None and current == seen_state:
                c.execute(_upsert("settings", ("key", "value"), key="key"),
                          (LINK_STATE_KEY, f"{run_key} {self._state_digest(c)}"))
            else:
                c.execute("DELETE FROM settings WHERE key = ?", (LINK_STATE_KEY,))
            return got

    def state_digest(self) -> str:
        """A digest of every document, actor, claim and link in the store (their stored JSON).

        Linking reads all of them (and writes links and inferred sides), so two equal digests mean
        a link run would find the store as the last one left it. Rows are hashed one by one and the
        hashes summed, so no ordering is needed: one pass over each table, linear in its size.
        """
        return self._state_digest(self.conn)

    @staticmethod
    def _state_digest(c) -> str:
        total = 0
        counts = []
        for table in ("documents", "actors", "claims", "links"):
            n = 0
            for rid, data in c.execute(f"SELECT id, data FROM {table}"):
                h = hashlib.blake2b(f"{table}\0{rid}\0{data}".encode(), digest_size=16).digest()
                total = (total + int.from_bytes(h, "big")) % (1 << 128)
                n += 1
            counts.append(n)
        return f"{total:032x}-{'.'.join(map(str, counts))}"

    def link_state(self, run_key: str) -> tuple[str, bool]:
        """(the store's `state_digest`, whether the last link run, with `run_key`, left the store as it
        is now: nothing for `argmap link` to do)."""
        now = self.state_digest()
        return now, self.setting(LINK_STATE_KEY) == f"{run_key} {now}"

    def link_counts(self) -> dict[str, int]:
        """Links per relation (without reading the links)."""
        return dict(self.conn.execute("SELECT relation, COUNT(*) FROM links GROUP BY relation ORDER BY relation").fetchall())

    def links(self, *, status: str | None = None) -> list[Link]:
        sql, args = "SELECT data FROM links", []
        if status:
            sql += " WHERE status = ?"
            args.append(status)
        return [Link.model_validate_json(r[0]) for r in self.conn.execute(sql + " ORDER BY id", args)]

    # -- sentence vectors (the linker's cache) --------------------------------------------------
    def vectors(self, model: str) -> dict[str, bytes]:
        """The stored vectors of `model` (an `embed.Encoder.model_id`) by text key, as bytes.

        After a link run these are the vectors of the claims it linked (see `replace_vectors`), so
        this loads what the next run needs and little else."""
        rows = self.conn.execute("SELECT key, vector FROM vectors WHERE model = ?", (model,))
        return {key: bytes(vector) for key, vector in rows}

    def replace_vectors(self, model: str, added: Mapping[str, bytes], keep: Iterable[str]) -> tuple[int, int]:
        """In one transaction: store the vectors `added` (text key -> bytes) of `model`, and delete
        every other vector, i.e. those of texts not in `keep` (claims no longer linked: deleted,
        re-extracted with other words, rejected) and those of other models. What stays is exactly
        what the next link run of the same claims with the same model reads.

        Returns:
            (vectors written, vectors deleted)
        """
        keep = set(keep) | set(added)
        with self.transaction() as c:
            deleted = c.execute("DELETE FROM vectors WHERE model != ?", (model,)).rowcount
            stale = [key for (key,) in c.execute("SELECT key FROM vectors WHERE model = ?", (model,)) if key not in keep]
            for k in range(0, len(stale), _ID_CHUNK):
                chunk = stale[k : k + _ID_CHUNK]
                c.execute(f"DELETE FROM vectors WHERE model = ? AND key IN ({', '.join('?' * len(chunk))})", (model, *chunk))
            # a text encoded meanwhile by another run of the same model has the same vector: keep it
            _many(c, "INSERT INTO vectors(model, key, vector) VALUES (?, ?, ?) ON CONFLICT (model, key) DO NOTHING",
                  [(model, key, vector) for key, vector in sorted(added.items())])
            return len(added), max(deleted, 0) + len(stale)

    # -- part of the map -----------------------------------------------------------------------
    def compare_slice(self, actor_ids: Iterable[str], words: Iterable[str] | None) -> ArgumentMap:
        """The part of the store that a comparison of these actors reads (`compare.build.scope`):
        every actor; the documents where one of `actor_ids` has a claim or whose stored record
        contains one of `words` (lower-case ASCII, as substrings; None: every document), with all
        their claims; and the links between those claims.

        Claims are found through the actor index, and documents by a substring search the database
        runs, so nothing of the other documents is read into Python.
        """
        ids = sorted(set(actor_ids))
        docs: set[str] = set()
        for k in range(0, len(ids), _ID_CHUNK):
            part = ids[k : k + _ID_CHUNK]
            docs.update(r[0] for r in self.conn.execute(
                f"SELECT DISTINCT document FROM claims WHERE actor IN ({', '.join('?' * len(part))})", part))
        if words is None:
            docs.update(r[0] for r in self.conn.execute("SELECT id FROM documents"))
        else:
            found = sorted(set(words))
            for k in range(0, len(found), 50):
                part = found[k : k + 50]
                where = " OR ".join(["lower(data) LIKE ? ESCAPE '!'"] * len(part))
                pats = ["%" + w.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%" for w in part]
                docs.update(r[0] for r in self.conn.execute(f"SELECT id FROM documents WHERE {where}", pats))
        order = sorted(docs)
        documents, claims = [], []
        for k in range(0, len(order), _ID_CHUNK):
            part = order[k : k + _ID_CHUNK]
            marks = ", ".join("?" * len(part))
            documents += [Document.model_validate_json(r[0]) for r in
                          self.conn.execute(f"SELECT data FROM documents WHERE id IN ({marks})", part)]
            claims += [Claim.model_validate_json(r[0]) for r in
                       self.conn.execute(f"SELECT data FROM claims WHERE document IN ({marks})", part)]
        have = {c.id for c in claims}
        links = [lk for lk in self.links_touching(have) if lk.source in have and lk.target in have]
        return ArgumentMap(documents=documents, actors=self.actors(), claims=claims, links=links).sorted()

    # -- the map as rows (render reads the store through these: `rows.MapReader`) -------------
    #: rows per page of `claim_rows` and `link_rows`
    ROW_PAGE = 500

    def document_rows(self) -> list[DocumentRow]:
        """Every document without its text (`rows.DocumentRow`), in the order of `documents()`."""
        return [DocumentRow.from_json({"id": m["id"], **m}) for m in self.document_metas()]

    def claim_rows(self) -> Iterator[ClaimRow]:
        """Every claim of a stored document as a `rows.ClaimRow` (no text), by id, a page at a time:
        the claims' records are parsed a page at a time and only their rows are kept."""
        return self._rows("SELECT c.id, c.data FROM claims c JOIN documents d ON d.id = c.document", "c.id",
                          ClaimRow.from_json)

    def link_rows(self) -> Iterator[LinkRow]:
        """Every link as a `rows.LinkRow` (no reason), by id, a page at a time."""
        return self._rows("SELECT id, data FROM links", "id", LinkRow.from_json)

    def _rows(self, select: str, key: str, make) -> Iterator:
        last = None
        while True:
            if last is None:
                page = self.conn.execute(f"{select} ORDER BY {key} LIMIT ?", (self.ROW_PAGE,)).fetchall()
            else:
                page = self.conn.execute(f"{select} WHERE {key} > ? ORDER BY {key} LIMIT ?",
                                         (last, self.ROW_PAGE)).fetchall()
            if not page:
                return
            last = page[-1][0]
            for _, data in page:
                yield make(json.loads(data))

    def documents_by_id(self, ids: Iterable[str]) -> dict[str, Document]:
        """The stored documents among `ids`, by id (unknown ids are left out)."""
        return self._by_id("documents", ids, Document.model_validate_json)

    def claim_texts(self, ids: Iterable[str]) -> dict[str, str]:
        """Claim id -> its text, for the stored claims among `ids` (no other field is read)."""
        ids = sorted({i for i in ids if i})
        out: dict[str, str] = {}
        for k in range(0, len(ids), _ID_CHUNK):
            part = ids[k : k + _ID_CHUNK]
            out.update(self.conn.execute(f"SELECT id, json_extract(data, '$.text') FROM claims WHERE id IN "
                                         f"({', '.join('?' * len(part))})", part).fetchall())
        return out

    def _by_id(self, table: str, ids: Iterable[str], parse) -> dict:
        ids = list(dict.fromkeys(ids))
        out: dict = {}
        for k in range(0, len(ids), _ID_CHUNK):
            part = ids[k : k + _ID_CHUNK]
            sql = f"SELECT id, data FROM {table} WHERE id IN ({', '.join('?' * len(part))})"
            out.update((r[0], parse(r[1])) for r in self.conn.execute(sql, part))
        return out

    # -- whole map ---------------------------------------------------------------------------
    def load_map(self) -> ArgumentMap:
        return ArgumentMap(
            documents=self.documents(), actors=self.actors(), claims=self.claims(), links=self.links()
        ).sorted()

    #: records per batch of `iter_map`; claims come those of CLAIM_BATCH_DOCS documents at a time
    #: (a real news article has ~11 claims, each with its spans and context: 20 articles ~ 1 MiB)
    MAP_BATCH = 200
    CLAIM_BATCH_DOCS = 20

    def iter_map(self, section: str, *, batch: int | None = None) -> Iterator[list]:
        """The records of one part of the map ("documents", "actors", "claims" or "links"), in the
        order of `load_map()` (`ArgumentMap.sorted`, the order `dumps_map` writes), `batch` at a time.

        Only one batch is read into Python at a time (keyset pages: `WHERE key > last ORDER BY key
        LIMIT batch`), so a whole-map export needs memory for a batch, not for the map. Claims come
        those of `batch` documents at a time (default CLAIM_BATCH_DOCS), sorted within them as
        `ArgumentMap.sorted` sorts (position, then end, then id); claims of no stored document are
        left out, as in `claims()`.
        TEXT compares in byte order on both backends (PostgreSQL columns are `COLLATE "C"`), which is
        Python's order of strings.
        """
        if batch is None:
            batch = self.CLAIM_BATCH_DOCS if section == "claims" else self.MAP_BATCH
        if section == "documents":
            yield from self._iter_documents(batch, lambda rows: [Document.model_validate_json(r[2]) for r in rows])
        elif section == "claims":
            key = lambda cl: (cl.spans.content[0], cl.id)  # noqa: E731 - as ArgumentMap.sorted, within a document
            for docs in self._iter_documents(batch, lambda rows: [r[0] for r in rows], data=False):
                marks = ", ".join("?" * len(docs))
                by_doc: dict[str, list[Claim]] = {d: [] for d in docs}
                for doc, data in self.conn.execute(f"SELECT document, data FROM claims WHERE document IN ({marks})", docs):
                    by_doc[doc].append(Claim.model_validate_json(data))
                out = [cl for d in docs for cl in sorted(by_doc[d], key=key)]
                if out:
                    yield out
        elif section in ("actors", "links"):
            model = Actor if section == "actors" else Link
            last = None
            while True:
                if last is None:
                    rows = self.conn.execute(f"SELECT id, data FROM {section} ORDER BY id LIMIT ?", (batch,)).fetchall()
                else:
                    rows = self.conn.execute(f"SELECT id, data FROM {section} WHERE id > ? ORDER BY id LIMIT ?",
                                             (last, batch)).fetchall()
                if not rows:
                    return
                last = rows[-1][0]
                yield [model.model_validate_json(r[1]) for r in rows]
        else:
            raise ValueError(f"unknown map section {section!r}")

    def _iter_documents(self, batch: int, make, *, data: bool = True) -> Iterator[list]:
        """Pages of documents ordered by (path, id): `make(rows)` of each page of (id, path[, data]) rows."""
        cols = "id, path, data" if data else "id, path"
        last = None
        while True:
            if last is None:
                rows = self.conn.execute(f"SELECT {cols} FROM documents ORDER BY path, id LIMIT ?", (batch,)).fetchall()
            else:
                rows = self.conn.execute(
                    f"SELECT {cols} FROM documents WHERE path > ? OR (path = ? AND id > ?) ORDER BY path, id LIMIT ?",
                    (last[1], last[1], last[0], batch)).fetchall()
            if not rows:
                return
            last = rows[-1]
            yield make(rows)

    @contextlib.contextmanager
    def read_snapshot(self) -> Iterator[None]:
        """Reads in the block see one state of the store (SQLite: one read transaction; a writer
        elsewhere goes on, in WAL mode, and its commits show after the block). PostgreSQL: as is."""
        if self.dialect != "sqlite" or self.conn.in_transaction:
            yield
            return
        self.conn.execute("BEGIN")
        try:
            yield
        finally:
            self.conn.execute("COMMIT")

    def import_map(self, amap: ArgumentMap) -> dict[str, int]:
        """Write every record of `amap` (replacing records with the same id) in one transaction."""
        counts = {"documents": 0, "actors": 0, "claims": 0, "links": 0}
        with self.transaction() as c:
            for d in amap.documents:
                existing = c.execute("SELECT id FROM documents WHERE sha256 = ?", (d.sha256,)).fetchone()
                if existing and existing[0] != d.id:
                    raise StoreError(f"document {d.id} has the same text as stored document {existing[0]}")
                c.execute(_UPSERT_DOCUMENT, (d.id, d.sha256, d.path, _dump(d)))
                counts["documents"] += 1
            for a in amap.actors:
                c.execute(_UPSERT_ACTOR, (a.id, "user", _dump(a)))
                counts["actors"] += 1
            doc_ids = {r[0] for r in c.execute("SELECT id FROM documents")}
            for cl in amap.claims:
                if cl.document not in doc_ids:
                    raise StoreError(f"claim {cl.id} refers to unknown document {cl.document}")
                c.execute(_UPSERT_CLAIM, _claim_row(cl))
                counts["claims"] += 1
            claim_ids = {r[0] for r in c.execute("SELECT id FROM claims")}
            for link in amap.links:
                # the links table has no foreign keys: refuse dangling links here (whole import rolls back)
                for end in (link.source, link.target):
                    if end not in claim_ids:
                        raise StoreError(f"link {link.id} refers to unknown claim {end}")
                c.execute(_UPSERT_LINK, _link_row(link))
                counts["links"] += 1
        return counts

    def counts(self) -> dict[str, int]:
        out = {}
        for table in ("documents", "actors", "claims", "links"):
            out[table] = self.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
        out["reviewed_claims"] = self.conn.execute("SELECT COUNT(*) FROM claims WHERE status != 'proposed'").fetchone()[0]
        out["reviewed_links"] = self.conn.execute("SELECT COUNT(*) FROM links WHERE status != 'proposed'").fetchone()[0]
        return out

    # -- history -----------------------------------------------------------------------------
    @staticmethod
    def _log(c, record: str, record_id: str, reviewer: str | None, action: str, before: str | None, after: str | None) -> None:
        c.execute(
            "INSERT INTO history(record, record_id, reviewer, at, action, before, after) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (record, record_id, reviewer, dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), action, before, after),
        )

    def history(self, limit: int = 100) -> list[dict]:
        rows = self.conn.execute(
            "SELECT seq, record, record_id, reviewer, at, action, before, after FROM history ORDER BY seq DESC LIMIT ?",
            (limit,),
        ).fetchall()
        keys = ("seq", "record", "record_id", "reviewer", "at", "action", "before", "after")
        return [dict(zip(keys, r)) for r in rows]

    # -- review app (issue #6) ---------------------------------------------------------------
    # The review app reads its queues through the methods below and writes every decision through
    # `apply_review`, which logs each changed record with its previous value under one batch
    # number, so `undo_review` takes a whole decision back (a split changes three claims at once).

    def link(self, link_id: str) -> Link:
        row = self.conn.execute("SELECT data FROM links WHERE id = ?", (link_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no link with id {link_id!r}")
        return Link.model_validate_json(row[0])

    def actor_names(self, ids: Iterable[str] | None = None) -> dict[str, str]:
        """Actor id -> display name, without building Actor records; with `ids`, of those actors only
        (unknown ids are left out): a review payload reads the names it shows."""
        sql = "SELECT id, json_extract(data, '$.name') FROM actors"
        if ids is None:
            return dict(self.conn.execute(sql).fetchall())
        wanted = sorted({i for i in ids if i})
        out: dict[str, str] = {}
        for k in range(0, len(wanted), _ID_CHUNK):
            part = wanted[k : k + _ID_CHUNK]
            out.update(self.conn.execute(f"{sql} WHERE id IN ({', '.join('?' * len(part))})", part).fetchall())
        return out

    def claims_by_id(self, ids: Iterable[str]) -> dict[str, Claim]:
        """The stored claims among `ids`, by id (unknown ids are left out)."""
        ids = list(dict.fromkeys(ids))
        out: dict[str, Claim] = {}
        for i in range(0, len(ids), 500):  # stay under SQLite's host-parameter limit
            chunk = ids[i : i + 500]
            sql = f"SELECT id, data FROM claims WHERE id IN ({','.join('?' * len(chunk))})"
            out.update((r[0], Claim.model_validate_json(r[1])) for r in self.conn.execute(sql, chunk))
        return out

    def claims_of_actors(self, actor_ids: Iterable[str]) -> list[Claim]:
        """Claims of these actors, in document order."""
        ids = sorted(set(actor_ids))
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        sql = (
            f"SELECT c.data FROM claims c JOIN documents d ON d.id = c.document WHERE c.actor IN ({marks}) "
            "ORDER BY d.path, d.id, c.pos, c.id"
        )
        return [Claim.model_validate_json(r[0]) for r in self.conn.execute(sql, ids)]

    def links_touching(self, claim_ids: Iterable[str]) -> list[Link]:
        """Links with at least one end among `claim_ids`, by id."""
        ids = sorted(set(claim_ids))
        found: dict[str, Link] = {}
        for i in range(0, len(ids), 400):
            chunk = ids[i : i + 400]
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT id, data FROM links WHERE source IN ({marks}) UNION SELECT id, data FROM links WHERE target IN ({marks})"
            found.update((r[0], Link.model_validate_json(r[1])) for r in self.conn.execute(sql, chunk + chunk))
        return [found[k] for k in sorted(found)]

    #: Sort keys of the claim queue ("document" is document path, then offset).
    _CLAIM_SORTS = ("confidence", "document")
    _BY_CONFIDENCE = "json_extract(c.data, '$.confidence'), c.document, c.pos, c.id"  # = index claims_queue_confidence

    @staticmethod
    def _claim_filters(status: str | None, document: str | None, actor: str | None) -> tuple[list[str], list]:
        where, args = _equal_filters(("c.status", status), ("c.document", document))
        if actor == "":
            where.append("c.actor IS NULL")
        elif actor is not None:
            where.append("c.actor = ?")
            args.append(actor)
        return where, args

    def _claims_where(self, sql: str, where: list[str], args: list, order: str, limit: int) -> list[Claim]:
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += f" ORDER BY {order} LIMIT ?"
        return [Claim.model_validate_json(r[0]) for r in self.conn.execute(sql, (*args, limit))]

    def claim_queue(
        self,
        *,
        sort: str = "confidence",
        after: str | None = None,
        status: str | None = "proposed",
        document: str | None = None,
        actor: str | None = None,
        limit: int = 1,
    ) -> list[Claim]:
        """Claims in review order that come after claim `after` (from the start when None).

        Both orders are index walks (migration 0002), so the next claim costs about the same with
        ten or ten thousand claims stored.

        Args:
            sort: "confidence" (lowest first, then document and offset) or "document" (path, offset).
            after: Claim id the caller is at; it need not pass the filters (it may just have been decided).
            status: Only claims with this status; None for all.
            document: Only claims of this document.
            actor: Only claims of this actor; "" for claims without actor.
            limit: At most this many claims.

        Raises:
            NotFoundError: `after` is not a stored claim.
            StoreError: `sort` is unknown.
        """
        if sort not in self._CLAIM_SORTS:
            raise StoreError(f"unknown sort {sort!r}; use one of: {', '.join(self._CLAIM_SORTS)}")
        where, args = self._claim_filters(status, document, actor)
        if sort == "confidence":
            if after is not None:
                key = self.conn.execute(f"SELECT {self._BY_CONFIDENCE} FROM claims c WHERE c.id = ?", (after,)).fetchone()
                if key is None:
                    raise NotFoundError(f"no claim with id {after!r}")
                where.append(f"({self._BY_CONFIDENCE}) > (?, ?, ?, ?)")
                args.extend(key)
            return self._claims_where("SELECT c.data FROM claims c", where, args, self._BY_CONFIDENCE, limit)
        # document order: the rest of the cursor's document, then later documents (walked through
        # index documents_order, each one's claims through claims_queue_document)
        out: list[Claim] = []
        doc_cursor: tuple = ()
        if after is not None:
            key = self.conn.execute(
                "SELECT d.path, d.id, c.pos, c.id FROM claims c JOIN documents d ON d.id = c.document WHERE c.id = ?",
                (after,),
            ).fetchone()
            if key is None:
                raise NotFoundError(f"no claim with id {after!r}")
            doc_cursor = key[:2]
            if not document or document == key[1]:
                out = self._claims_where(
                    "SELECT c.data FROM claims c", [*where, "c.document = ?", "(c.pos, c.id) > (?, ?)"],
                    [*args, key[1], key[2], key[3]], "c.pos, c.id", limit,
                )
        if len(out) < limit:
            if doc_cursor:
                where.append("(d.path, d.id) > (?, ?)")
                args.extend(doc_cursor)
            # CROSS JOIN keeps documents as the outer loop, so rows come out already in order
            out += self._claims_where(
                "SELECT c.data FROM documents d CROSS JOIN claims c ON c.document = d.id", where, args,
                "d.path, d.id, c.pos, c.id", limit - len(out),
            )
        return out

    def claim_queue_count(self, *, status: str | None = "proposed", document: str | None = None, actor: str | None = None) -> int:
        """How many claims pass the same filters as `claim_queue`."""
        where, args = self._claim_filters(status, document, actor)
        sql = "SELECT COUNT(*) FROM claims c" + (" WHERE " + " AND ".join(where) if where else "")
        return self.conn.execute(sql, args).fetchone()[0]

    def link_queue(
        self, *, after: str | None = None, status: str | None = "proposed", relation: str | None = None, limit: int = 1
    ) -> list[Link]:
        """Links in review order (confidence, lowest first, then id) that come after link `after`.

        Raises:
            NotFoundError: `after` is not a stored link.
        """
        order = "json_extract(data, '$.confidence'), id"
        where, args = _equal_filters(("status", status), ("relation", relation))
        if after is not None:
            key = self.conn.execute(f"SELECT {order} FROM links WHERE id = ?", (after,)).fetchone()
            if key is None:
                raise NotFoundError(f"no link with id {after!r}")
            where.append(f"({order}) > (?, ?)")
            args.extend(key)
        sql = "SELECT data FROM links" + (" WHERE " + " AND ".join(where) if where else "")
        sql += f" ORDER BY {order} LIMIT ?"
        return [Link.model_validate_json(r[0]) for r in self.conn.execute(sql, (*args, limit))]

    def link_queue_count(self, *, status: str | None = "proposed", relation: str | None = None) -> int:
        where, args = _equal_filters(("status", status), ("relation", relation))
        sql = "SELECT COUNT(*) FROM links" + (" WHERE " + " AND ".join(where) if where else "")
        return self.conn.execute(sql, args).fetchone()[0]

    def review_progress(self) -> dict[str, dict]:
        """Claims and links: total, reviewed (status other than proposed) and counts per status."""
        out = {}
        for table in ("claims", "links"):
            by_status = dict(self.conn.execute(f"SELECT status, COUNT(*) FROM {table} GROUP BY status").fetchall())
            total = sum(by_status.values())
            out[table] = {"total": total, "reviewed": total - by_status.get("proposed", 0), "by_status": by_status}
        return out

    # -- review app, issue #21: search, filters and batches over the queues ------------------------
    #: Decisions that create a record (a flipped or hand-made link, split parts, ...): such records
    #: are the reviewer's own work, not proposals, so progress leaves them out.
    _CREATING_ACTIONS = ("flip", "relation", "split", "merge", "add", "link")

    def review_created(self) -> dict[str, int]:
        """How many claims and links reviewers created (not undone): {"claims": n, "links": m}."""
        marks = ",".join("?" * len(self._CREATING_ACTIONS))
        rows = self.conn.execute(
            "SELECT record, COUNT(*) FROM history WHERE before IS NULL AND after IS NOT NULL AND undone_by IS NULL "
            f"AND record IN ('claim', 'link') AND action IN ({marks}) GROUP BY record", self._CREATING_ACTIONS,
        ).fetchall()
        got = dict(rows)
        return {"claims": got.get("claim", 0), "links": got.get("link", 0)}

    def history_head(self) -> int:
        """The latest history sequence number (0 when empty): changes with every logged write."""
        return self.conn.execute("SELECT COALESCE(MAX(seq), 0) FROM history").fetchone()[0]

    def document_progress(self) -> dict[str, dict[str, int]]:
        """Per document: {"total", "reviewed"} claims (reviewed = status other than proposed)."""
        out: dict[str, dict[str, int]] = {}
        for doc, status, n in self.conn.execute("SELECT document, status, COUNT(*) FROM claims GROUP BY document, status"):
            row = out.setdefault(doc, {"total": 0, "reviewed": 0})
            row["total"] += n
            if status != "proposed":
                row["reviewed"] += n
        return out

    _SEARCH_CLAIM_KEYS = {"confidence": "json_extract(c.data, '$.confidence'), c.document, c.pos, c.id",
                          "document": "d.path, d.id, c.pos, c.id"}

    def search_claims(
        self, *, sort: str = "confidence", after: str | None = None, status: str | None = "proposed",
        document: str | None = None, actor: str | None = None, text: str | None = None, rule: str | None = None,
        min_confidence: float | None = None, max_confidence: float | None = None, limit: int | None = None,
    ) -> list[str]:
        """Ids of the claims passing the filters, in queue order, after claim `after` (a scan, not an
        index walk: for searches and batches, not for every key).

        Args:
            text: Case-insensitive words that the claim text, the source as written, the cue or the
                actor's name contains (each word somewhere).
            rule: The extraction rule, exactly, or a prefix ending in '*' ('direct*').
            min_confidence, max_confidence: Bounds, inclusive.
            Others as `claim_queue`.

        Raises:
            NotFoundError: `after` is not a stored claim.
            StoreError: `sort` is unknown.
        """
        if sort not in self._SEARCH_CLAIM_KEYS:
            raise StoreError(f"unknown sort {sort!r}; use one of: {', '.join(self._SEARCH_CLAIM_KEYS)}")
        key = self._SEARCH_CLAIM_KEYS[sort]
        base = "FROM claims c JOIN documents d ON d.id = c.document LEFT JOIN actors a ON a.id = c.actor"
        where, args = self._claim_filters(status, document, actor)
        hay = ("lower(COALESCE(json_extract(c.data, '$.text'), '') || ' ' || COALESCE(json_extract(c.data, '$.source_text'), '')"
               " || ' ' || COALESCE(json_extract(c.data, '$.cue'), '') || ' ' || COALESCE(json_extract(a.data, '$.name'), ''))")
        for word in (text or "").lower().split():
            pattern = _like_pattern(word)
            # the raw JSON first (cheap, no parsing): only rows that hold the word anywhere are parsed
            where.append("(lower(c.data) LIKE ? ESCAPE '\\' OR lower(COALESCE(a.data, '')) LIKE ? ESCAPE '\\')")
            where.append(f"{hay} LIKE ? ESCAPE '\\'")  # LIKE, not instr: PostgreSQL has it too
            args.extend([pattern, pattern, pattern])
        if rule:
            if rule.endswith("*"):
                where.append("substr(COALESCE(json_extract(c.data, '$.rule'), ''), 1, ?) = ?")
                args.extend([len(rule) - 1, rule[:-1]])
            else:
                where.append("json_extract(c.data, '$.rule') = ?")
                args.append(rule)
        return self._search_page("c", "claim", key, base, where, args, min_confidence, max_confidence, after, limit)

    def _search_page(self, alias: str, noun: str, key: str, base: str, where: list[str], args: list,
                     min_confidence: float | None, max_confidence: float | None, after: str | None,
                     limit: int | None) -> list[str]:
        """The ids a search's filters select (`alias`: the searched table's alias), with the
        confidence bounds, in `key` order after the row `after`, at most `limit`."""
        for bound, op in ((min_confidence, ">="), (max_confidence, "<=")):
            if bound is not None:
                where.append(f"json_extract({alias}.data, '$.confidence') {op} ?")
                args.append(bound)
        if after is not None:
            cursor = self.conn.execute(f"SELECT {key} {base} WHERE {alias}.id = ?", (after,)).fetchone()
            if cursor is None:
                raise NotFoundError(f"no {noun} with id {after!r}")
            where.append(f"({key}) > ({', '.join('?' * len(cursor))})")
            args.extend(cursor)
        sql = f"SELECT {alias}.id {base}" + (" WHERE " + " AND ".join(where) if where else "") + f" ORDER BY {key}"
        if limit is not None:
            sql += " LIMIT ?"
            args.append(limit)
        return [r[0] for r in self.conn.execute(sql, args)]

    _SEARCH_LINK_KEYS = {"confidence": "json_extract(l.data, '$.confidence'), l.id",
                         "document": "d.path, d.id, s.pos, l.id"}

    def search_links(
        self, *, sort: str = "confidence", after: str | None = None, status: str | None = "proposed",
        relation: str | None = None, document: str | None = None, actor: str | None = None,
        method: str | None = None, text: str | None = None, min_confidence: float | None = None,
        max_confidence: float | None = None, limit: int | None = None,
    ) -> list[str]:
        """Ids of the links passing the filters, in queue order ("confidence", lowest first, or
        "document": the document and offset of the link's source claim), after link `after`.

        Args:
            document, actor: Either end's document or actor ("" actor: an end without one).
            method: The linker's method, exactly.
            text: Case-insensitive words that the reason or either claim's text contains.

        Raises:
            NotFoundError: `after` is not a stored link.
            StoreError: `sort` is unknown.
        """
        if sort not in self._SEARCH_LINK_KEYS:
            raise StoreError(f"unknown sort {sort!r}; use one of: {', '.join(self._SEARCH_LINK_KEYS)}")
        key = self._SEARCH_LINK_KEYS[sort]
        base = ("FROM links l JOIN claims s ON s.id = l.source JOIN claims t ON t.id = l.target "
                "JOIN documents d ON d.id = s.document")
        where, args = _equal_filters(("l.status", status), ("l.relation", relation))
        if document:
            where.append("(s.document = ? OR t.document = ?)")
            args.extend([document, document])
        if actor == "":
            where.append("(s.actor IS NULL OR t.actor IS NULL)")
        elif actor is not None:
            where.append("(s.actor = ? OR t.actor = ?)")
            args.extend([actor, actor])
        if method:
            where.append("json_extract(l.data, '$.method') = ?")
            args.append(method)
        hay = ("lower(COALESCE(json_extract(l.data, '$.reason'), '') || ' ' || COALESCE(json_extract(s.data, '$.text'), '')"
               " || ' ' || COALESCE(json_extract(t.data, '$.text'), ''))")
        for word in (text or "").lower().split():
            where.append(f"{hay} LIKE ? ESCAPE '\\'")  # LIKE, not instr: PostgreSQL has it too
            args.append(_like_pattern(word))
        return self._search_page("l", "link", key, base, where, args, min_confidence, max_confidence, after, limit)

    def links_by_id(self, ids: Iterable[str]) -> dict[str, Link]:
        """The stored links among `ids`, by id (unknown ids are left out)."""
        ids = list(dict.fromkeys(ids))
        out: dict[str, Link] = {}
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            sql = f"SELECT id, data FROM links WHERE id IN ({','.join('?' * len(chunk))})"
            out.update((r[0], Link.model_validate_json(r[1])) for r in self.conn.execute(sql, chunk))
        return out

    def apply_review(
        self,
        *,
        reviewer: str | None,
        action: str,
        actors: Iterable[Actor] = (),
        claims: Iterable[Claim] = (),
        links: Iterable[Link] = (),
        expected: Mapping[str, int] | None = None,
    ) -> int:
        """Write reviewer-made or changed records in one transaction and log each with its previous value.

        Records are inserted or replaced by id (actors become user-owned). Every record that really
        changes gets one history row; all rows of the call share one batch number, which
        `undo_review` uses to take the decision back as a whole.

        Args:
            expected: Claim or link id -> the version the reviewer saw (0: the record must not exist
                yet). Checked first, in the same transaction: if any record is at another version,
                nothing is written.

        Returns:
            The batch number, or 0 when nothing changed.

        Raises:
            StaleError: a record of `expected` changed (or appeared, or went) since the reviewer saw it.
        """
        tables = (("actor", "actors", list(actors)), ("claim", "claims", list(claims)), ("link", "links", list(links)))
        with self.transaction() as c:
            if expected:
                self._check_versions(c, expected, {item.id: record for record, _, items in tables for item in items})
            batch = c.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM history").fetchone()[0]
            changed = 0
            for record, table, items in tables:
                for item in items:
                    row = c.execute(f"SELECT data FROM {table} WHERE id = ?", (item.id,)).fetchone()
                    before, after = (row[0] if row else None), _dump(item)
                    if before == after:
                        continue
                    self._write_record(c, record, item)
                    self._log_review(c, record, item.id, reviewer, action, before, after, batch)
                    changed += 1
            return batch if changed else 0

    @staticmethod
    def _write_record(c, record: str, item) -> None:
        if record == "actor":
            c.execute(_UPSERT_ACTOR, (item.id, "user", _dump(item)))
        elif record == "claim":
            c.execute(_UPSERT_CLAIM, _claim_row(item))
        else:
            c.execute(_UPSERT_LINK, _link_row(item))

    # -- optimistic concurrency (migration 0004) -------------------------------------------------
    def versions(self, record: str, ids: Iterable[str]) -> dict[str, int]:
        """Current versions of the stored claims or links (`record` "claim" or "link") among `ids`."""
        table, ids = _TABLES[record], list(dict.fromkeys(ids))
        out: dict[str, int] = {}
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            sql = f"SELECT id, version FROM {table} WHERE id IN ({','.join('?' * len(chunk))})"
            out.update((r[0], r[1]) for r in self.conn.execute(sql, chunk))
        return out

    def claim_versioned(self, claim_id: str) -> tuple[Claim, int]:
        """A claim and its version, read together (what a reviewer sees and later sends back)."""
        row = self.conn.execute("SELECT data, version FROM claims WHERE id = ?", (claim_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no claim with id {claim_id!r}")
        return Claim.model_validate_json(row[0]), row[1]

    def link_versioned(self, link_id: str) -> tuple[Link, int]:
        """A link and its version, read together."""
        row = self.conn.execute("SELECT data, version FROM links WHERE id = ?", (link_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no link with id {link_id!r}")
        return Link.model_validate_json(row[0]), row[1]

    def _check_versions(self, c, expected: Mapping[str, int], record_of: Mapping[str, str]) -> None:
        for record_id, seen in expected.items():
            records = [record_of[record_id]] if record_id in record_of else ["claim", "link"]
            row = None
            for record in records:
                row = c.execute(f"SELECT version, data FROM {_TABLES[record]} WHERE id = ?", (record_id,)).fetchone()
                if row is not None:
                    break
            if (row[0] if row else 0) != seen:
                raise self._stale(c, records[0], record_id, seen, row[1] if row else None)

    @staticmethod
    def _stale(c, record: str, record_id: str, seen: int, now: str | None) -> StaleError:
        """The StaleError for a record that is not at version `seen`; names who made its current state."""
        row = None
        if now is not None:
            row = c.execute(
                "SELECT reviewer FROM history WHERE record = ? AND record_id = ? AND after = ? ORDER BY seq DESC LIMIT 1",
                (record, record_id, now),
            ).fetchone()
        # no history row with the current data: a machine run (extraction, linking, import) wrote it
        by = (row[0] or "another user") if row else ("a re-extraction" if record == "claim" else "a linking run")
        if now is None:
            message = f"This {record} was removed since you opened it; reload to see the current state"
            by = None
        elif seen == 0:
            message = f"This {record} was created by {by} since you opened the page; reload to see it"
        else:
            message = f"This {record} was changed by {by} since you opened it; reload to see the new version"
        return StaleError(message, record=record, record_id=record_id, by=by)

    @staticmethod
    def _log_review(c, record, record_id, reviewer, action, before, after, batch) -> None:
        c.execute(
            "INSERT INTO history(record, record_id, reviewer, at, action, before, after, batch) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (record, record_id, reviewer, dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), action,
             before, after, batch),
        )

    def undo_review(self, reviewer: str | None) -> dict | None:
        """Take back `reviewer`'s latest decision that is not undone yet (records get their previous value).

        The undo is logged too (action "undo", its own batch), and the undone rows are marked with it,
        so a second call takes back the decision before.

        Returns:
            {"batch", "action", "records": [(record, id), ...]} of the undone decision, or None if
            there is nothing left to undo.

        Raises:
            StaleError: a record changed since the decision (e.g. another reviewer edited it).
        """
        table_of = {"actor": "actors", "claim": "claims", "link": "links"}
        with self.transaction() as c:
            row = c.execute(
                "SELECT batch, action FROM history WHERE batch IS NOT NULL AND undone_by IS NULL AND action != 'undo' "
                "AND reviewer IS ? ORDER BY seq DESC LIMIT 1",
                (reviewer,),
            ).fetchone()
            if row is None:
                return None
            batch, action = row
            entries = c.execute(
                "SELECT record, record_id, before, after FROM history WHERE batch = ? ORDER BY seq DESC", (batch,)
            ).fetchall()
            new_batch = c.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM history").fetchone()[0]
            undone = []
            for record, record_id, before, after in entries:
                table = table_of[record]
                now = c.execute(f"SELECT data FROM {table} WHERE id = ?", (record_id,)).fetchone()
                if (now[0] if now else None) != after:
                    by = self._stale(c, record, record_id, 1, now[0] if now else None).by
                    what = f"has changed since (by {by})" if by else "was removed since"
                    raise StaleError(f"cannot undo {action} of {record} {record_id}: it {what}; reload to see it",
                                     record=record, record_id=record_id, by=by)
                if before is None:
                    c.execute(f"DELETE FROM {table} WHERE id = ?", (record_id,))
                else:
                    model = {"actor": Actor, "claim": Claim, "link": Link}[record]
                    self._write_record(c, record, model.model_validate_json(before))
                self._log_review(c, record, record_id, reviewer, "undo", after, before, new_batch)
                undone.append((record, record_id))
            c.execute("UPDATE history SET undone_by = ? WHERE batch = ?", (new_batch, batch))
            return {"batch": batch, "action": action, "records": undone}

    def review_history(
        self, *, limit: int = 50, offset: int = 0, record: str | None = None, record_id: str | None = None
    ) -> tuple[list[dict], int]:
        """History rows, newest first, with their batch and undo marks; plus the total matching.

        Returns:
            (rows, total); each row has seq, record, record_id, reviewer, at, action, before, after
            (JSON text or None), batch and undone_by.
        """
        where, args = _equal_filters(("record", record), ("record_id", record_id))
        cond = (" WHERE " + " AND ".join(where)) if where else ""
        keys = ("seq", "record", "record_id", "reviewer", "at", "action", "before", "after", "batch", "undone_by")
        rows = self.conn.execute(
            f"SELECT {', '.join(keys)} FROM history{cond} ORDER BY seq DESC LIMIT ? OFFSET ?", (*args, limit, offset)
        ).fetchall()
        total = self.conn.execute(f"SELECT COUNT(*) FROM history{cond}", args).fetchone()[0]
        return [dict(zip(keys, r)) for r in rows], total

    def setting(self, key: str, default: str | None = None) -> str | None:
        """A stored setting (e.g. the review app's reviewer name), or `default`."""
        row = self.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set_setting(self, key: str, value: str) -> None:
        with self.transaction() as c:
            c.execute(_upsert("settings", ("key", "value"), key="key"), (key, value))


def _check_and_migrate(conn: sqlite3.Connection, path: str) -> None:
    conn.execute("BEGIN")  # one snapshot: another process may be creating this store right now
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    finally:
        conn.execute("COMMIT")
    if app_id != APP_ID:
        if tables or version:
            raise StoreError(f"{path} is an SQLite database but not an argmap store; refusing to touch it (use --db)")
    if version > SCHEMA_VERSION:
        raise StoreError(f"{path} was written by a newer argmap (schema {version} > {SCHEMA_VERSION}); upgrade argmap")
    for number, (name, sql) in enumerate(MIGRATIONS, start=1):
        if number <= version:
            continue
        # under the write lock, read the version again: another process opening the same new
        # store may have run this migration while we waited for the lock
        try:
            conn.execute("BEGIN IMMEDIATE")
            if conn.execute("PRAGMA user_version").fetchone()[0] >= number:
                conn.execute("COMMIT")
                continue
            for statement in _statements(sql):
                conn.execute(statement)
            conn.execute(f"PRAGMA application_id = {APP_ID}")
            conn.execute(f"PRAGMA user_version = {number}")
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            if conn.in_transaction:
                conn.rollback()
            raise StoreError(f"{path}: migration {name} failed ({exc})") from None


def _statements(script: str) -> list[str]:
    """The SQL statements of `script`, one by one (`executescript` would commit our transaction)."""
    out, buf = [], ""
    for piece in script.split(";"):
        buf += piece + ";"
        if sqlite3.complete_statement(buf):
            if buf.strip(" \n\t;"):
                out.append(buf.strip())
            buf = ""
    if buf.strip(" \n\t;"):
        out.append(buf.strip())
    return out


def _pg_check_and_migrate(conn: postgres.PgConnection, shown: str, create: bool) -> None:
    # one transaction under the store's write lock: PostgreSQL's DDL is transactional, and two
    # processes opening a new store at once migrate it once
    conn.begin()
    try:
        app_id, version = conn.meta()
        tables = conn.tables()
        if app_id != APP_ID and (tables or version):
            raise StoreError(
                f"{shown}: schema {conn.raw.execute('SELECT current_schema()').fetchone()[0]} holds tables that are "
                "not an argmap store; refusing to touch it (use an empty database or schema)"
            )
        if version > SCHEMA_VERSION:
            raise StoreError(f"{shown} was written by a newer argmap (schema {version} > {SCHEMA_VERSION}); upgrade argmap")
        if version == 0 and not create:
            raise StoreError(f"{shown}: no argmap store there yet; run 'argmap extract' or 'argmap run' first")
        for number, (name, sql) in enumerate(MIGRATIONS, start=1):
            if number <= version:
                continue
            try:
                conn.raw.execute(postgres.translate(sql, False))
            except Exception as exc:  # noqa: BLE001 - psycopg.Error; reported as one line
                raise StoreError(f"{shown}: migration {name} failed ({postgres._first_line(exc)})") from None
            conn.set_meta(APP_ID, number)
    except BaseException:
        conn.rollback()
        raise
    conn.commit()


def _open_postgres(url: str, create: bool) -> Store:
    shown = postgres.redact(url)
    conn = postgres.connect(url)  # StoreError when psycopg is missing or the server is not there
    import psycopg

    try:
        _pg_check_and_migrate(conn, shown, create)
    except psycopg.Error as exc:
        conn.close()
        raise StoreError(f"{shown} is not a usable argmap database ({postgres._first_line(exc)})") from None
    except BaseException:
        conn.close()
        raise
    return Store(conn, url, dialect="postgresql")


def open_store(path: str | os.PathLike | None = None, *, create: bool = True, readonly: bool = False) -> Store:
    """Open (and if needed create and migrate) the store at `path`.

    Args:
        path: An SQLite file, or a PostgreSQL URL (`postgresql://user[:password]@host[:port]/dbname`,
            also `postgres://`; the store lives in the current schema, `public` by default). None:
            `$ARGMAP_DB`, else ./argmap.db.
        create: Create (and migrate) the store if there is none yet.
        readonly: only read: a store file (or its folder) the user may not write to is opened
            read-only instead of failing (export, render, compare of an archived store); a store
            that can be written is opened as usual.

    Raises:
        StoreError: the file is not SQLite, is a foreign or newer database, or cannot be created;
            the PostgreSQL server cannot be reached, or its schema holds other tables.
    """
    path = str(path or default_db_path())
    if postgres.is_postgres_url(path):
        return _open_postgres(path, create)
    p = Path(path)
    if not p.exists():
        if not create:
            raise StoreError(f"{path}: no such database; run 'argmap extract' or 'argmap run' first")
        if p.parent and not p.parent.exists():
            raise StoreError(f"{path}: folder {p.parent} does not exist")
    elif p.is_dir():
        raise StoreError(f"{path} is a directory, not a database file")
    elif readonly and not (os.access(p, os.W_OK) and os.access(p.parent, os.W_OK)):
        return _open_readonly(p)
    conn = None
    try:
        conn = sqlite3.connect(path, isolation_level=None, timeout=30)
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA busy_timeout = 30000")
        _check_and_migrate(conn, path)
        conn.execute("PRAGMA journal_mode = WAL")
    except sqlite3.DatabaseError as exc:
        if conn is not None:
            conn.close()
        raise StoreError(f"{path} is not a usable argmap database ({exc})") from None
    except StoreError:
        if conn is not None:
            conn.close()
        raise
    return Store(conn, path)


def _open_readonly(p: Path) -> Store:
    """The store at `p` opened read-only (SQLite `mode=ro`). When its folder cannot be written
    either, SQLite cannot make the WAL index (`-shm`) a reader needs; then no writer can change the
    file (a writer needs that folder too), so it is opened `immutable` unless a WAL file holds
    unfinished writes."""
    import urllib.parse

    wal = p.with_name(p.name + "-wal")
    frozen = not os.access(p.parent, os.W_OK) and not (wal.exists() and wal.stat().st_size)
    uri = f"file:{urllib.parse.quote(str(p.resolve()))}?mode=ro{'&immutable=1' if frozen else ''}"
    conn = None
    try:
        conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=30)
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        if app_id != APP_ID:
            raise StoreError(f"{p} is not an argmap store (or cannot be read); refusing to touch it (use --db)")
        if version != SCHEMA_VERSION:
            newer = version > SCHEMA_VERSION
            raise StoreError(f"{p} is read-only and was written by {'a newer' if newer else 'an older'} argmap (schema "
                             f"{version}, this one reads {SCHEMA_VERSION}); "
                             + ("upgrade argmap" if newer else "open it once with write access to upgrade it"))
    except sqlite3.DatabaseError as exc:
        if conn is not None:
            conn.close()
        raise StoreError(f"{p} is read-only and cannot be read as an argmap database ({exc})") from None
    except StoreError:
        conn.close()
        raise
    return Store(conn, str(p))


def _like_pattern(word: str) -> str:
    """A LIKE pattern (ESCAPE '\\') matching `word` anywhere, its wildcards taken literally."""
    return "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def dumps_map(amap: ArgumentMap) -> str:
    """Canonical JSON text of a map (stable order, UTF-8, two-space indent, trailing newline)."""
    return json.dumps(amap.sorted().model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"
