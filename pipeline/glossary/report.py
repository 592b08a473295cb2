"""The term report: what happened to every glossary term in an edition.

``NAME.terms.csv`` has one row per term occurrence (segment, offsets, source
term, required target, status, forbidden renderings found, glossary line);
``NAME.terms.json`` has the same rows, a summary (success rate WMT-style:
occurrences whose required term or a variant is in the target and no
forbidden rendering, over all occurrences) and a consistency section: each
source term with the renderings actually found in the targets (reviewed text
included), flagged when one term is rendered more than one way or missed.

Spreadsheets run a cell that starts with ``=``, ``+``, ``-``, ``@``, tab or
CR as a formula (``=HYPERLINK(...)``, ``=CMD|...``), and source text and
glossaries come from anyone: such CSV cells get a leading ``'``, as
spreadsheet-safe exports do. The JSON keeps every text exactly.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from pipeline.fileio import write_text
from pipeline.glossary.check import occurrences
from pipeline.glossary.match import fold
from pipeline.model import Edition, TermCheck, Translation

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """A CSV cell a spreadsheet shows as text: a leading ``'`` before a formula start."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


CSV_COLUMNS = ("segment", "start", "end", "source_term", "target_term", "status", "forbidden_hits", "found", "glossary")


def _checks(edition: Edition):
    """(segment id, translation, checks) in reading order."""
    for segment in edition.document.segments():
        translation = edition.translations.get(segment.id)
        if translation is not None and translation.terms:
            yield segment.id, translation, translation.terms


def term_success(edition: Edition) -> tuple[int, int]:
    """(satisfied occurrences, all occurrences) over the edition's segments."""
    satisfied = total = 0
    for _, _, checks in _checks(edition):
        for check in checks:
            total += 1
            satisfied += check.satisfied
    return satisfied, total


def _renderings(translation: Translation, checks: tuple[TermCheck, ...]) -> list[str]:
    """The target text that satisfies each check ("" when none)."""
    hits = [c.hit for c in checks]
    spans = occurrences(hits, translation.target) if translation.target else {}
    return [translation.target[spans[i][0]:spans[i][1]] if i in spans else "" for i in range(len(checks))]


def term_rows(edition: Edition) -> list[dict]:
    rows = []
    for segment_id, translation, checks in _checks(edition):
        for check, found in zip(checks, _renderings(translation, checks)):
            term = check.hit.term
            rows.append({
                "segment": segment_id,
                "start": check.hit.start,
                "end": check.hit.end,
                "source_term": translation.source[check.hit.start:check.hit.end] or term.source,
                "target_term": term.source if term.dnt else term.target,
                "status": check.status,
                "forbidden_hits": list(check.forbidden_hits),
                "found": found,
                "glossary": term.origin,
                "satisfied": check.satisfied,
                "translation_status": translation.status,
            })
    return rows


def consistency(rows: list[dict]) -> list[dict]:
    """Per glossary term: the renderings found and where; ``consistent`` False when not one."""
    by_term: dict[str, dict] = {}
    for row in rows:
        entry = by_term.setdefault(row["glossary"] + "|" + row["target_term"], {
            "source_term": row["source_term"], "target_term": row["target_term"],
            "glossary": row["glossary"], "occurrences": 0, "renderings": {},
        })
        entry["occurrences"] += 1
        key = fold(row["found"]) if row["found"] else "(missing)"
        entry["renderings"].setdefault(key, []).append(row["segment"])
    out = []
    for entry in by_term.values():
        entry["consistent"] = len(entry["renderings"]) == 1 and "(missing)" not in entry["renderings"]
        out.append(entry)
    return out


def write_term_report(edition: Edition, out_dir: str | Path) -> list[Path]:
    """Write ``NAME.terms.csv`` and ``NAME.terms.json`` (atomically) into ``out_dir``."""
    out_dir = Path(out_dir)
    name = edition.document.name
    rows = term_rows(edition)

    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow([spreadsheet_safe(cell) for cell in (
            row["segment"], row["start"], row["end"], row["source_term"], row["target_term"],
            row["status"], "|".join(row["forbidden_hits"]), row["found"], row["glossary"])])
    csv_path = out_dir / f"{name}.terms.csv"
    write_text(csv_path, "\ufeff" + buffer.getvalue())  # BOM: Excel opens UTF-8 CSV right

    satisfied, total = term_success(edition)
    by_status: dict[str, int] = {}
    for row in rows:
        by_status[row["status"]] = by_status.get(row["status"], 0) + 1
    report = {
        "document": name,
        "source_language": edition.source_language,
        "target_language": edition.target_language,
        "glossary_digest": edition.provenance.glossary_digest,
        "created": edition.created,
        "summary": {
            "occurrences": total,
            "satisfied": satisfied,
            "rate": round(satisfied / total, 4) if total else None,
            "by_status": by_status,
            "forbidden": sum(1 for r in rows if r["forbidden_hits"]),
        },
        "occurrences": rows,
        "consistency": consistency(rows),
    }
    json_path = out_dir / f"{name}.terms.json"
    write_text(json_path, json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    return [csv_path, json_path]
