"""The translation memory: SQLite in the project (``pipeline.project.MEMORY_FILE``).

Machine output is a cache: it is reused while what produced it (engine, model
and version, decoding settings, the glossary entries that matched the segment)
is unchanged. Reviewed and approved text is user data: no machine run ever
replaces it. Each write is one transaction, so a run killed mid-way keeps
every batch it finished. Two runs at once: the second waits for the first's
write (``timeout`` seconds), then fails with MemoryBusy in one line.

    with TranslationMemory.for_project(".") as memory:
        found = memory.lookup("zh", "en", sources)
        memory.store_machine("zh", "en", targets)
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from pathlib import Path
from typing import Iterable, Iterator

from pipeline.errors import MemoryBusy, MemoryError_
from pipeline.memory.schema import SCHEMA_VERSION, migrate
from pipeline.model import (
    USER_STATUSES,
    MachineTarget,
    MemoryConflict,
    MemoryEntry,
    ReviewEdit,
    Status,
    text_hash,
    utc_now,
)

_ENTRY_COLUMNS = (
    "source, source_hash, target, status, producer, term_digest, details, note, created, updated, origin, machine_target,"
    " marks"
)
_CHUNK = 500  # SQLite host parameters per IN (...)


def _marks_to(marks) -> str:
    if not marks:
        return ""
    from pipeline.marks import marks_to_json

    return json.dumps(marks_to_json(marks), ensure_ascii=False, separators=(",", ":"))


def _marks_from(text: str):
    if not text:
        return ()
    from pipeline.marks import marks_from_json

    try:
        return marks_from_json(json.loads(text))
    except ValueError:
        return ()


class TranslationMemory:
    """One SQLite translation memory file; safe to share between processes."""

    def __init__(self, path: str | Path, *, timeout: float = 10.0):
        self.path = Path(path)
        self.timeout = timeout
        self._depth = 0
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(str(self.path), timeout=timeout, isolation_level=None)
        except (OSError, sqlite3.Error) as error:
            raise MemoryError_(f"cannot open the translation memory ({error})", path=self.path) from error
        try:
            self._db.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            self._db.execute("PRAGMA journal_mode = WAL")
            self._db.execute("PRAGMA synchronous = NORMAL")
            self._db.execute("PRAGMA foreign_keys = ON")
            if self._db.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
                with self.transaction():
                    migrate(self._db, self.path)
        except MemoryError_:
            self._db.close()
            raise
        except sqlite3.DatabaseError as error:
            self._db.close()
            raise self._error(error) from error

    @classmethod
    def for_project(cls, project_dir: str | Path, *, timeout: float = 10.0) -> "TranslationMemory":
        """The memory of a project folder (created if missing)."""
        from pipeline.project import MEMORY_FILE

        return cls(Path(project_dir) / MEMORY_FILE, timeout=timeout)

    # -- lifetime and transactions ---------------------------------------------------------

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def __enter__(self) -> "TranslationMemory":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _error(self, error: Exception) -> MemoryError_:
        text = str(error)
        if "locked" in text or "busy" in text:
            return MemoryBusy(
                f"another diglot run is using the translation memory (waited {self.timeout:g} s); "
                "let it finish, then run again",
                path=self.path,
            )
        if "not a database" in text or "malformed" in text:
            return MemoryError_(
                f"not a diglot translation memory or damaged ({text}); move the file away and run again",
                path=self.path,
            )
        return MemoryError_(f"translation memory error ({text})", path=self.path)

    @contextlib.contextmanager
    def transaction(self) -> Iterator["TranslationMemory"]:
        """Group writes into one transaction (BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on error).

        Methods called inside it do not commit on their own; nested uses join
        the outer transaction.
        """
        if self._db is None:
            raise MemoryError_("the translation memory is closed", path=self.path)
        if self._depth:
            self._depth += 1
            try:
                yield self
            finally:
                self._depth -= 1
            return
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            raise self._error(error) from error
        self._depth = 1
        try:
            yield self
        except BaseException:
            self._depth = 0
            with contextlib.suppress(sqlite3.Error):
                self._db.execute("ROLLBACK")
            raise
        self._depth = 0
        try:
            self._db.execute("COMMIT")
        except sqlite3.OperationalError as error:
            with contextlib.suppress(sqlite3.Error):
                self._db.execute("ROLLBACK")
            raise self._error(error) from error

    def changes(self) -> int:
        """A number that changes when another connection (another diglot run) commits to the
        memory; this connection's own writes leave it alone (SQLite ``PRAGMA data_version``)."""
        return self._execute("PRAGMA data_version").fetchone()[0]

    def _execute(self, sql: str, params=()) -> sqlite3.Cursor:
        try:
            return self._db.execute(sql, params)
        except sqlite3.DatabaseError as error:
            raise self._error(error) from error

    # -- entries ----------------------------------------------------------------------------

    @staticmethod
    def _entry(row) -> MemoryEntry:
        return MemoryEntry(*row[:-1], marks=_marks_from(row[-1]))

    def lookup(self, source_language: str, target_language: str, sources: Iterable[str]) -> dict[str, MemoryEntry]:
        """The memory's entry for each source text that has one, by source text."""
        by_hash: dict[str, str] = {text_hash(s): s for s in sources}
        found: dict[str, MemoryEntry] = {}
        hashes = list(by_hash)
        for start in range(0, len(hashes), _CHUNK):
            chunk = hashes[start : start + _CHUNK]
            marks = ",".join("?" * len(chunk))
            rows = self._execute(
                f"SELECT {_ENTRY_COLUMNS} FROM entries WHERE source_language = ? AND target_language = ? "
                f"AND source_hash IN ({marks})",
                (source_language, target_language, *chunk),
            ).fetchall()
            for row in rows:
                entry = self._entry(row)
                if by_hash.get(entry.source_hash) == entry.source:
                    found[entry.source] = entry
        return found

    def store_machine(self, source_language: str, target_language: str, targets: Iterable[MachineTarget]) -> int:
        """Store machine translations in one transaction; returns the rows written.

        A row whose status is reviewed or approved is never replaced.
        """
        now = utc_now()
        rows = [
            (source_language, target_language, text_hash(t.source), t.source, t.target, t.producer, t.term_digest,
             t.details, now, now, _marks_to(t.marks))
            for t in targets
        ]
        if not rows:
            return 0
        with self.transaction():
            cursor = self._executemany(
                "INSERT INTO entries (source_language, target_language, source_hash, source, target, status, producer,"
                " term_digest, details, created, updated, marks) VALUES (?, ?, ?, ?, ?, 'machine', ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (source_language, target_language, source_hash) DO UPDATE SET"
                " source = excluded.source, target = excluded.target, producer = excluded.producer,"
                " term_digest = excluded.term_digest, details = excluded.details, updated = excluded.updated,"
                " marks = excluded.marks"
                " WHERE entries.status = 'machine'",
                rows,
            )
            return max(cursor.rowcount, 0)

    def store_review(self, source_language: str, target_language: str, edits: Iterable[ReviewEdit]) -> int:
        """Store reviewers' texts (status reviewed/approved); returns the rows changed.

        The machine text a review replaces is kept (``machine_target``), and
        so is the signature of what produced it (``producer``).
        """
        now = utc_now()
        rows = []
        for edit in edits:
            if edit.status not in USER_STATUSES:
                raise MemoryError_(f"a reviewed text needs status reviewed or approved, not {edit.status!r}", path=self.path)
            rows.append(
                (source_language, target_language, text_hash(edit.source), edit.source, edit.target, edit.status,
                 edit.note, edit.origin, now, now, _marks_to(edit.marks))
            )
        if not rows:
            return 0
        with self.transaction():
            cursor = self._executemany(
                "INSERT INTO entries (source_language, target_language, source_hash, source, target, status, note,"
                " origin, created, updated, marks) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (source_language, target_language, source_hash) DO UPDATE SET"
                " machine_target = CASE WHEN entries.status = 'machine' THEN entries.target"
                "   ELSE entries.machine_target END,"
                " target = excluded.target, status = excluded.status, note = excluded.note,"
                " origin = excluded.origin, updated = excluded.updated, marks = excluded.marks"
                " WHERE entries.target IS NOT excluded.target OR entries.status IS NOT excluded.status"
                "   OR entries.note IS NOT excluded.note OR entries.marks IS NOT excluded.marks",
                rows,
            )
            return max(cursor.rowcount, 0)

    def _executemany(self, sql: str, rows) -> sqlite3.Cursor:
        try:
            return self._db.executemany(sql, rows)
        except sqlite3.DatabaseError as error:
            raise self._error(error) from error

    def entries(self, source_language: str, target_language: str, statuses: Iterable[str] | None = None) -> Iterator[MemoryEntry]:
        """Every entry of the pair (optionally only those with the given statuses), oldest first."""
        sql = f"SELECT {_ENTRY_COLUMNS} FROM entries WHERE source_language = ? AND target_language = ?"
        params: list = [source_language, target_language]
        if statuses is not None:
            wanted = list(statuses)
            sql += f" AND status IN ({','.join('?' * len(wanted))})" if wanted else " AND 0"
            params.extend(wanted)
        rows = self._execute(sql + " ORDER BY created, rowid", params).fetchall()
        return iter([self._entry(row) for row in rows])

    def count(self, source_language: str | None = None, target_language: str | None = None) -> int:
        """How many entries the memory holds (for one pair, or all)."""
        if source_language is None:
            return self._execute("SELECT COUNT(*) FROM entries").fetchone()[0]
        return self._execute(
            "SELECT COUNT(*) FROM entries WHERE source_language = ? AND target_language = ?",
            (source_language, target_language),
        ).fetchone()[0]

    # -- documents ----------------------------------------------------------------------------

    def record_document(
        self, document: str, source_language: str, target_language: str, segments: Iterable[tuple[str, str]]
    ) -> None:
        """Record the document's segments as last built: (segment id, source text) in order."""
        now = utc_now()
        rows = [
            (document, source_language, target_language, sid, text_hash(text), position, now)
            for position, (sid, text) in enumerate(segments)
        ]
        with self.transaction():
            self._execute(
                "DELETE FROM documents WHERE document = ? AND source_language = ? AND target_language = ?",
                (document, source_language, target_language),
            )
            self._executemany(
                "INSERT OR REPLACE INTO documents (document, source_language, target_language, segment_id, source_hash,"
                " position, recorded) VALUES (?, ?, ?, ?, ?, ?, ?)",
                rows,
            )

    def document_segments(self, document: str, source_language: str, target_language: str) -> dict[str, str]:
        """segment id -> source hash, as the document was last built (in order)."""
        rows = self._execute(
            "SELECT segment_id, source_hash FROM documents WHERE document = ? AND source_language = ?"
            " AND target_language = ? ORDER BY position",
            (document, source_language, target_language),
        ).fetchall()
        return dict(rows)

    # -- conflicts ----------------------------------------------------------------------------

    _CONFLICT_COLUMNS = "id, document, segment_id, source, memory_target, reviewer_target, origin, created"

    def record_conflict(
        self, document: str, segment_id: str, source: str, memory_target: str, reviewer_target: str, origin: str,
        *, source_language: str = "", target_language: str = "",
    ) -> None:
        """Keep a reviewer's text that was not applied, beside the memory's text.

        An open conflict with the same document, segment and reviewer's text
        is recorded once (importing the same file again adds nothing); its
        memory text and origin are brought up to date.
        """
        with self.transaction():
            self._execute(
                "INSERT INTO conflicts (document, segment_id, source, memory_target, reviewer_target, origin, created,"
                " source_language, target_language) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (document, segment_id, reviewer_target) WHERE resolved = '' DO UPDATE SET"
                " source = excluded.source, memory_target = excluded.memory_target, origin = excluded.origin,"
                " source_language = excluded.source_language, target_language = excluded.target_language",
                (document, segment_id, source, memory_target, reviewer_target, origin, utc_now(),
                 source_language, target_language),
            )

    def conflicts(self, document: str | None = None, *, include_resolved: bool = False) -> list[MemoryConflict]:
        """Open conflicts (of one document, or all; with ``include_resolved`` also resolved ones), oldest first."""
        sql = f"SELECT {self._CONFLICT_COLUMNS} FROM conflicts WHERE 1"
        params: list = []
        if not include_resolved:
            sql += " AND resolved = ''"
        if document is not None:
            sql += " AND document = ?"
            params.append(document)
        rows = self._execute(sql + " ORDER BY id", params).fetchall()
        return [MemoryConflict(*row) for row in rows]

    def resolve_conflicts(self, ids: Iterable[int] | None, keep: str) -> list[MemoryConflict]:
        """Close open conflicts (``ids``, or all open ones when None); returns those closed.

        ``keep="reviewer"`` stores each reviewer's text as reviewed (the
        entry's note is kept); ``keep="memory"`` leaves the memory's text as
        it is. All of it is one transaction.
        """
        if keep not in ("reviewer", "memory"):
            raise MemoryError_(f"keep 'reviewer' or 'memory', not {keep!r}", path=self.path)
        with self.transaction():
            open_ = {c.id: c for c in self.conflicts()}
            if ids is None:
                chosen = list(open_.values())
            else:
                wanted = list(dict.fromkeys(int(i) for i in ids))
                unknown = [str(i) for i in wanted if i not in open_]
                if unknown:
                    raise MemoryError_(
                        f"no open conflict with id {', '.join(unknown)}; list them with diglot review conflicts",
                        path=self.path,
                    )
                chosen = [open_[i] for i in wanted]
            if keep == "reviewer":
                self._keep_reviewer(chosen)
            now = utc_now()
            self._executemany(
                "UPDATE conflicts SET resolved = ? WHERE id = ?", [(f"{keep} {now}", c.id) for c in chosen]
            )
        return chosen

    def _keep_reviewer(self, chosen: list[MemoryConflict]) -> None:
        by_source: dict[tuple[str, str, str], list[MemoryConflict]] = {}
        for conflict in chosen:
            pair = self._conflict_pair(conflict)
            by_source.setdefault((*pair, conflict.source), []).append(conflict)
        for (sl, tl, source), group in by_source.items():
            if len({c.reviewer_target for c in group}) > 1:
                listed = ", ".join(str(c.id) for c in group)
                raise MemoryError_(
                    f"conflicts {listed} give different reviewer texts for the same source; "
                    "resolve them one at a time (diglot review resolve ID --keep ...)",
                    path=self.path,
                )
            conflict = group[-1]
            entry = self.lookup(sl, tl, [source]).get(source)
            self.store_review(sl, tl, [ReviewEdit(
                source, conflict.reviewer_target, Status.REVIEWED, entry.note if entry is not None else "",
                f"resolved:{conflict.origin}" if conflict.origin else "resolved",
            )])

    def _conflict_pair(self, conflict: MemoryConflict) -> tuple[str, str]:
        """The language pair of a conflict: recorded with it, else the document's only pair."""
        row = self._execute(
            "SELECT source_language, target_language FROM conflicts WHERE id = ?", (conflict.id,)
        ).fetchone()
        if row and row[0] and row[1]:
            return row[0], row[1]
        pairs = self._execute(
            "SELECT DISTINCT source_language, target_language FROM documents WHERE document = ? AND segment_id = ?",
            (conflict.document, conflict.segment_id),
        ).fetchall()
        if len(pairs) != 1:
            raise MemoryError_(
                f"conflict {conflict.id} does not say its language pair and document {conflict.document!r} has "
                f"{len(pairs)}; resolve it with --keep memory and edit the text in the review file",
                path=self.path,
            )
        return pairs[0][0], pairs[0][1]


__all__ = ["TranslationMemory"]
