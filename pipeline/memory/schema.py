"""The translation memory's schema and its one migration path.

``PRAGMA user_version`` is the number of migrations applied. To change the
schema, append a migration to ``MIGRATIONS``; never edit one that shipped.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from pipeline.errors import MemoryError_

MIGRATIONS: tuple[str, ...] = (
    # 1: entries, documents, conflicts
    """
    CREATE TABLE entries (
        source_language TEXT NOT NULL,
        target_language TEXT NOT NULL,
        source_hash TEXT NOT NULL,
        source TEXT NOT NULL,
        target TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('machine', 'reviewed', 'approved')),
        producer TEXT NOT NULL DEFAULT '',
        term_digest TEXT NOT NULL DEFAULT '',
        details TEXT NOT NULL DEFAULT '',
        note TEXT NOT NULL DEFAULT '',
        created TEXT NOT NULL,
        updated TEXT NOT NULL,
        origin TEXT NOT NULL DEFAULT '',
        machine_target TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (source_language, target_language, source_hash)
    );
    CREATE INDEX entries_status ON entries (source_language, target_language, status);
    CREATE TABLE documents (
        document TEXT NOT NULL,
        source_language TEXT NOT NULL,
        target_language TEXT NOT NULL,
        segment_id TEXT NOT NULL,
        source_hash TEXT NOT NULL,
        position INTEGER NOT NULL,
        recorded TEXT NOT NULL,
        PRIMARY KEY (document, source_language, target_language, segment_id)
    );
    CREATE TABLE conflicts (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        document TEXT NOT NULL,
        segment_id TEXT NOT NULL,
        source TEXT NOT NULL,
        memory_target TEXT NOT NULL,
        reviewer_target TEXT NOT NULL,
        origin TEXT NOT NULL DEFAULT '',
        created TEXT NOT NULL
    );
    """,
    # 2: conflicts can be resolved; an open conflict is recorded once. Older
    # repeats (the same file imported again) are closed as duplicates.
    """
    ALTER TABLE conflicts ADD COLUMN resolved TEXT NOT NULL DEFAULT '';
    ALTER TABLE conflicts ADD COLUMN source_language TEXT NOT NULL DEFAULT '';
    ALTER TABLE conflicts ADD COLUMN target_language TEXT NOT NULL DEFAULT '';
    UPDATE conflicts SET resolved = 'duplicate' WHERE id NOT IN (
        SELECT MIN(id) FROM conflicts GROUP BY document, segment_id, reviewer_target
    );
    CREATE UNIQUE INDEX conflicts_open ON conflicts (document, segment_id, reviewer_target) WHERE resolved = '';
    """,
    # 3: a target's inline formatting (JSON list of marks, offsets into the target)
    """
    ALTER TABLE entries ADD COLUMN marks TEXT NOT NULL DEFAULT '';
    """,
)

SCHEMA_VERSION = len(MIGRATIONS)


def migrate(db: sqlite3.Connection, path: Path) -> int:
    """Bring the schema up to date (inside the caller's transaction); returns the version."""
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version > len(MIGRATIONS):
        raise MemoryError_(
            f"the translation memory was written by a newer diglot (schema {version}, this one knows "
            f"{len(MIGRATIONS)}); upgrade diglot",
            path=path,
        )
    for number in range(version, len(MIGRATIONS)):
        for statement in MIGRATIONS[number].split(";"):
            if statement.strip():
                db.execute(statement)
        db.execute(f"PRAGMA user_version = {number + 1}")
    return len(MIGRATIONS)
