"""The three-way rule that brings a reviewer's targets into the memory.

Shared by the review DOCX and the XLIFF importers. Each row carries the
segment id, the hash of its source and the hash of the target *as exported*
(the base). Per row:

- reviewer's target == base: unchanged (or approved, when only the status
  was set to approved and the memory still holds the base);
- memory still holds the base: the reviewer alone changed it, so it is
  stored as ``reviewed`` (``approved`` when the status says so);
- memory changed since the export too: a conflict, recorded with both texts
  (once: importing the same file again records nothing new) and not applied;
  ``diglot review resolve`` settles it;
- a row whose id is no longer in the document (its paragraph was edited) is
  matched by its hidden source hash to the sentence that still has that
  source; only a row whose own source changed is rejected, with the reason;
- a row exported with a fuzzy match (a reviewed text of a similar source)
  is stored for the new source once the reviewer confirms it: sets Status to
  reviewed/approved or edits the Target; left as it is, it stays a suggestion;
- a target that is a copy of the source (what CAT tools put in an
  untranslated target) is untranslated: never stored as reviewed;
- the id occurs twice in the file: rejected.

The memory is read, every row decided and every write made inside ONE
memory transaction that holds the write lock from the first read: two imports
at once run one after the other, and the second sees the first's texts (its
rows changed since export become conflicts). A failure on any row leaves the
memory as it was. ``dry_run`` computes the report and writes nothing.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field, replace
from typing import Any, Iterable, Sequence

from pipeline.errors import ReviewError
from pipeline.model import USER_STATUSES, Mark, ReviewEdit, Segment, Status, TermStatus, text_hash

# The Note text the review DOCX writes for a fuzzy match; left out of the note stored on confirmation.
FUZZY_NOTE = re.compile(r"\s*source edited since review \(\d+%\): was «[^»]*»(?:; changed: [^;]*)?;?\s*")


@dataclass(frozen=True)
class ReviewRow:
    """One segment as the reviewer returned it (a table row, an XLIFF unit)."""

    segment_id: str
    source_hash: str
    base_hash: str  # text_hash of the target as exported
    target: str  # the reviewer's target, accepted view
    status: str = ""  # the status column / unit state as the reviewer left it
    note: str = ""
    source_text: str = ""  # the source as shown in the file (a fallback)
    where: str = ""  # e.g. "table 2, row 5" for messages
    memory_base: str = ""  # fuzzy rows: text_hash of the memory's own target at export
    marks: tuple[Mark, ...] | None = None  # the reviewer's formatting of target; None: the file cannot say


@dataclass(frozen=True)
class ReviewImportReport:
    """What an import did (or, with ``dry_run``, would do).

    Each of applied, unchanged, conflicts, rejected and term_warnings is a
    tuple of ``(segment_id, reason)``.
    """

    path: str
    document: str
    source_language: str
    target_language: str
    applied: tuple[tuple[str, str], ...] = ()
    unchanged: tuple[tuple[str, str], ...] = ()
    conflicts: tuple[tuple[str, str], ...] = ()
    rejected: tuple[tuple[str, str], ...] = ()
    term_warnings: tuple[tuple[str, str], ...] = ()
    missing: tuple[str, ...] = ()  # ids of the document absent from the file
    matched_by_source: tuple[tuple[str, str], ...] = ()  # (id in the file, id now) for edited paragraphs
    dry_run: bool = False

    def as_dict(self) -> dict[str, Any]:
        def pairs(items):
            return [{"id": i, "reason": r} for i, r in items]

        return {
            "path": self.path,
            "document": self.document,
            "source_language": self.source_language,
            "target_language": self.target_language,
            "dry_run": self.dry_run,
            "applied": pairs(self.applied),
            "unchanged": pairs(self.unchanged),
            "conflicts": pairs(self.conflicts),
            "rejected": pairs(self.rejected),
            "term_warnings": pairs(self.term_warnings),
            "missing": list(self.missing),
            "matched_by_source": [{"was": a, "now": b} for a, b in self.matched_by_source],
        }


@dataclass
class _Plan:
    edits: list[tuple[str, ReviewEdit]] = field(default_factory=list)
    conflicts: list[tuple[str, str, str, str]] = field(default_factory=list)  # id, source, memory, reviewer
    applied: list[tuple[str, str]] = field(default_factory=list)
    unchanged: list[tuple[str, str]] = field(default_factory=list)
    conflict_report: list[tuple[str, str]] = field(default_factory=list)
    rejected: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)


def _wanted_status(raw: str) -> str:
    """The status a row asks for: approved for ``approved`` (DOCX) or ``final`` (XLIFF), else reviewed.

    XLIFF 1.2's ``signed-off`` is what diglot writes for reviewed text, so it
    reads back as reviewed: an unedited export must import as unchanged.
    """
    return Status.APPROVED if raw.strip().lower() in ("approved", "final") else Status.REVIEWED


def _confirmed(raw: str) -> bool:
    """A suggestion row's status set by the reviewer (DOCX) or translator (XLIFF state) to a done one."""
    return raw.strip().lower() in ("reviewed", "approved", "translated", "final", "signed-off")


def apply_rows(
    rows: Sequence[ReviewRow],
    memory,
    *,
    document: str,
    source_language: str,
    target_language: str,
    origin: str,
    path: str = "",
    dry_run: bool = False,
    glossary=None,
) -> ReviewImportReport:
    """Apply ``rows`` to ``memory`` under the three-way rule; see the module doc.

    Reading, deciding and writing happen in one write transaction (none for
    ``dry_run``), so no other writer can change a row between the comparison
    and the write.
    """
    with contextlib.nullcontext() if dry_run else memory.transaction():
        known = memory.document_segments(document, source_language, target_language)
        if not known:
            raise ReviewError(
                f"document {document!r} ({source_language}→{target_language}) was never built with this project's "
                "memory; run the import in the project folder (or give --project)",
                path=path or None,
            )
        rows, matched = _match_by_source(rows, known)
        by_hash = _entries_by_hash(memory, rows, source_language, target_language)
        plan, seen = _plan(rows, known, by_hash, origin, target_language)
        if not dry_run:
            for sid, source, memory_target, reviewer_target in plan.conflicts:
                memory.record_conflict(document, sid, source, memory_target, reviewer_target, origin,
                                       source_language=source_language, target_language=target_language)
            if plan.edits:
                memory.store_review(source_language, target_language, [edit for _, edit in plan.edits])

    if glossary is not None and getattr(glossary, "terms", ()):
        plan.warnings = _term_warnings(plan.edits, glossary, source_language, target_language)
    missing = tuple(sid for sid in known if sid not in seen)
    return ReviewImportReport(
        path=path, document=document, source_language=source_language, target_language=target_language,
        applied=tuple(plan.applied), unchanged=tuple(plan.unchanged), conflicts=tuple(plan.conflict_report),
        rejected=tuple(plan.rejected), term_warnings=tuple(plan.warnings), missing=missing,
        matched_by_source=tuple(matched), dry_run=dry_run,
    )


def _plan(rows: Sequence[ReviewRow], known, by_hash, origin: str, target_language: str) -> tuple[_Plan, set[str]]:
    counts: dict[str, int] = {}
    places: dict[str, list[str]] = {}
    for row in rows:
        counts[row.segment_id] = counts.get(row.segment_id, 0) + 1
        if row.where:
            places.setdefault(row.segment_id, []).append(row.where)
    plan = _Plan()
    seen: set[str] = set()
    for row in rows:
        sid = row.segment_id
        if counts[sid] > 1:
            if sid not in seen:
                at = f" ({'; '.join(places[sid])})" if sid in places else ""
                plan.rejected.append((sid, f"the id occurs {counts[sid]} times in the file{at}; keep one row per id"))
            seen.add(sid)
            continue
        seen.add(sid)
        _plan_row(row, plan, known, by_hash, origin, target_language)
    _one_edit_per_source(plan, places)
    return plan, seen


def _match_by_source(rows: Sequence[ReviewRow], known: dict[str, str]):
    """Rows whose id the document no longer has (their paragraph was edited, so its
    sentences got new ids) take the id of the sentence that has their source now.

    Rows whose id still holds their source keep it; the others are matched in
    file order to the unclaimed ids with that source hash.
    """
    by_source: dict[str, list[str]] = {}
    for sid, source_hash in known.items():
        by_source.setdefault(source_hash, []).append(sid)
    claimed = {row.segment_id for row in rows if known.get(row.segment_id) == row.source_hash}
    out: list[ReviewRow] = []
    matched: list[tuple[str, str]] = []
    for row in rows:
        if known.get(row.segment_id) == row.source_hash or row.segment_id in known and row.source_hash not in by_source:
            out.append(row)
            continue
        free = [sid for sid in by_source.get(row.source_hash, ()) if sid not in claimed]
        if not free:
            out.append(row)
            continue
        claimed.add(free[0])
        matched.append((row.segment_id, free[0]))
        out.append(replace(row, segment_id=free[0]))
    return out, matched


def _entries_by_hash(memory, rows: Sequence[ReviewRow], source_language: str, target_language: str):
    """The memory's entries for the rows' sources, by source hash.

    Looked up by the source texts the file shows; only when some of those
    were edited (their hash no longer matches) is the whole pair scanned.
    """
    shown = {row.source_text for row in rows if row.source_text and text_hash(row.source_text) == row.source_hash}
    found = {e.source_hash: e for e in memory.lookup(source_language, target_language, shown).values()}
    if any(row.source_hash not in found and text_hash(row.source_text) != row.source_hash for row in rows):
        found = {e.source_hash: e for e in memory.entries(source_language, target_language)}
    return found


def _row_source(row: ReviewRow, known, by_hash) -> tuple[str | None, object, str]:
    """(the row's source text, its memory entry or None, ""), or (None, None, why the row is rejected)."""
    sid = row.segment_id
    if not row.base_hash:
        return None, None, "no base target hash (diglot's hidden data was lost); export the file again"
    if sid not in known:
        return None, None, ("unknown segment id, and no sentence of the document has this row's source any more: "
                            "the source was edited since this file was exported; export a new review file")
    if known[sid] != row.source_hash:
        return None, None, ("the source changed since this file was exported (this sentence was edited); "
                            "export a new review file")
    entry = by_hash.get(row.source_hash)
    if entry is not None:
        return entry.source, entry, ""
    if row.source_text and text_hash(row.source_text) == row.source_hash:
        return row.source_text, None, ""
    return None, None, "the source text is not in the translation memory; run diglot build first"


def _plan_row(row: ReviewRow, plan: _Plan, known, by_hash, origin: str, target_language: str) -> None:
    sid = row.segment_id
    source, entry, why = _row_source(row, known, by_hash)
    if source is None:
        plan.rejected.append((sid, why))
        return
    current, current_status = (entry.target, entry.status) if entry is not None else ("", Status.UNTRANSLATED)
    target, mine = row.target, text_hash(row.target)
    wanted = _wanted_status(row.status)
    memory_unchanged = text_hash(current) == (row.memory_base or row.base_hash)
    kept = entry.marks if entry is not None and mine == text_hash(current) else ()
    marks = row.marks if row.marks is not None else kept
    restyled = row.marks is not None and entry is not None and _shape(row.marks) != _shape(entry.marks)

    if target.strip() and target.strip() == source.strip():
        plan.unchanged.append((sid, "the target is a copy of the source: untranslated, not stored"))
        return
    if row.memory_base:  # exported with a suggestion (a fuzzy match, a copy of the source) in the Target
        _plan_fuzzy_row(row, plan, source, current, current_status, memory_unchanged, origin)
        return
    if mine == row.base_hash:
        if wanted == Status.APPROVED and current_status != Status.APPROVED and target:
            if memory_unchanged:
                plan.edits.append((sid, ReviewEdit(source, target, Status.APPROVED, row.note or (entry.note if entry else ""),
                                                   origin, marks)))
                plan.applied.append((sid, Status.APPROVED))
            else:
                plan.conflicts.append((sid, source, current, target))
                plan.conflict_report.append((sid, "approved in the file, but the memory's target changed since export"))
        elif restyled and memory_unchanged and target:
            status = current_status if current_status in USER_STATUSES else Status.REVIEWED
            plan.edits.append((sid, ReviewEdit(source, target, status, row.note or (entry.note if entry else ""),
                                               origin, marks)))
            plan.applied.append((sid, "formatting"))
        elif row.note != (entry.note if entry else "") and memory_unchanged and current_status in USER_STATUSES:
            plan.edits.append((sid, ReviewEdit(source, target, current_status, row.note, origin, marks)))
            plan.applied.append((sid, "note"))
        elif row.note and row.note != (entry.note if entry else ""):
            plan.unchanged.append((sid, "target as exported; a note alone on machine text is not kept (edit or approve the target)"))
        else:
            plan.unchanged.append((sid, "target as exported"))
        return
    if not target.strip():
        plan.rejected.append((sid, "the Target was emptied; write a translation or undo the deletion"))
        return
    if mine == text_hash(current):
        if (wanted == Status.APPROVED and current_status != Status.APPROVED) or current_status == Status.MACHINE:
            plan.edits.append((sid, ReviewEdit(source, target, wanted, row.note, origin, marks)))
            plan.applied.append((sid, wanted))
        else:
            plan.unchanged.append((sid, "the memory already holds this target"))
        return
    if memory_unchanged:
        plan.edits.append((sid, ReviewEdit(source, target, wanted, row.note, origin, marks)))
        plan.applied.append((sid, wanted))
        return
    plan.conflicts.append((sid, source, current, target))
    plan.conflict_report.append(
        (sid, f"changed in the file and in the memory ({current_status}) since export; both kept, nothing applied")
    )


def _plan_fuzzy_row(row: ReviewRow, plan: _Plan, source: str, current: str, current_status: str,
                    memory_unchanged: bool, origin: str) -> None:
    """A row whose Target showed a suggestion (the reviewed text of a similar source, or for
    a CAT tool a copy of the source): stored for this source once confirmed (Status set, or
    the Target edited); else left as it is."""
    sid = row.segment_id
    edited = text_hash(row.target) != row.base_hash
    if not row.target.strip():
        if edited:
            plan.rejected.append((sid, "the Target was emptied; write a translation or undo the deletion"))
        else:
            plan.unchanged.append((sid, "untranslated (the target is empty)"))
        return
    if not edited and not _confirmed(row.status):
        plan.unchanged.append((sid, "suggestion not confirmed (set Status to reviewed or approved, or edit the Target)"))
        return
    wanted = _wanted_status(row.status)
    if current_status in USER_STATUSES and current == row.target and (current_status == wanted or wanted == Status.REVIEWED):
        plan.unchanged.append((sid, "the memory already holds this target"))
        return
    note = FUZZY_NOTE.sub(" ", row.note).strip(" ;")
    if memory_unchanged or current_status not in USER_STATUSES:
        plan.edits.append((sid, ReviewEdit(source, row.target, wanted, note, origin, row.marks or ())))
        plan.applied.append((sid, f"{wanted} (suggestion confirmed)" if not edited else wanted))
        return
    plan.conflicts.append((sid, source, current, row.target))
    plan.conflict_report.append(
        (sid, f"fuzzy match confirmed in the file, but the memory got a {current_status} text since export; both kept")
    )


# What a review DOCX can carry: other marks are not compared (the file cannot show them).
_CARRIED = frozenset({"emphasis", "strong", "code", "link", "footnote", "superscript", "subscript"})


def _shape(marks) -> set[tuple[str, int, int, str]]:
    """Marks as the review DOCX shows them (a reference written as text reads back as superscript)."""
    return {("superscript", m.start, m.end, "") if m.kind == "footnote" and m.end > m.start else (m.kind, m.start, m.end, m.href)
            for m in marks if m.kind in _CARRIED}


def _one_edit_per_source(plan: _Plan, places: dict[str, list[str]]) -> None:
    """The memory holds one target per source: rows repeating a source must agree.

    Rows that edit the same source to different targets are all rejected
    (nothing is applied for that source); rows that agree are stored once
    (approved wins over reviewed) and each is reported as applied.
    """
    groups: dict[str, list[tuple[str, ReviewEdit]]] = {}
    for sid, edit in plan.edits:
        groups.setdefault(edit.source, []).append((sid, edit))
    if all(len(group) == 1 for group in groups.values()):
        return
    drop: set[str] = set()
    edits: list[tuple[str, ReviewEdit]] = []
    for group in groups.values():
        if len({edit.target for _, edit in group}) > 1:
            ids = [sid for sid, _ in group]
            named = [f"{sid} ({places[sid][0]})" if places.get(sid) else sid for sid in ids]
            listed = ", ".join(named[:-1]) + " and " + named[-1]
            for sid in ids:
                plan.rejected.append(
                    (sid, f"the same source is edited differently in rows {listed}; make them agree and import again")
                )
            drop.update(ids)
        else:
            edits.append(max(group, key=lambda item: item[1].status == Status.APPROVED))
    plan.edits = edits
    plan.applied = [(sid, what) for sid, what in plan.applied if sid not in drop]


def _term_warnings(edits: Iterable[tuple[str, ReviewEdit]], glossary, source_language: str, target_language: str):
    from pipeline.glossary import check_translation, find_terms

    warnings: list[tuple[str, str]] = []
    for sid, edit in edits:
        hits = find_terms(glossary, Segment(id=sid, text=edit.source), source_language)
        if not hits:
            continue
        for check in check_translation(hits, edit.target, target_language):
            term = check.hit.term
            if check.status == TermStatus.MISSING:
                wanted = " or ".join(repr(t) for t in term.required)
                warnings.append((sid, f"term {term.source!r}: expected {wanted} in the reviewed target"))
            if check.forbidden_hits:
                found = ", ".join(repr(t) for t in check.forbidden_hits)
                warnings.append((sid, f"term {term.source!r}: forbidden rendering {found} in the reviewed target"))
    return warnings
