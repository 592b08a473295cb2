"""Reading glossary files: CSV, TSV and TBX (v2 ``martif`` and v3 TBX-Basic).

Every reader returns ``(terms, problems)``: the terms it could read, and every
problem as ``(path, line, message)``. :func:`load_glossary` gathers them from
all files and raises one :class:`GlossaryError` that carries all the problems
(its message names the first few and counts the rest), so a user fixes a
glossary in one pass instead of one error per run. Termbase entries without a
term in the target language are no problem: they are skipped and counted
(:attr:`Glossary.skipped`, :func:`skipped_warning`).
"""

from __future__ import annotations

import re

import csv
import hashlib
import io
import json
import unicodedata
from pathlib import Path
from typing import Iterable, Sequence

from pipeline.errors import GlossaryError
from pipeline.model import Glossary, Term

COLUMNS = ("source", "target", "note", "case_sensitive", "dnt", "forbidden", "variants")
EXTENSIONS = (".csv", ".tsv", ".tab", ".tbx")  # what a glossary folder is scanned for
_COMMENT = re.compile(r"#(?:\s|#|$)")  # "# note" is a comment line; "#MeToo" is a term
_TRUE = {"1", "true", "yes", "y", "x", "✓", "是"}
_FALSE = {"", "0", "false", "no", "n", "否"}

Problem = tuple[str, int, str]  # (path, line, message)
SHOWN_PROBLEMS = 3  # problems named in the one error line; the rest are counted
MAX_GLOSSARY_BYTES = 100 * 1024 * 1024


# ── loading ──────────────────────────────────────────────────────────────────


def load_glossary(
    paths: str | Path | Iterable[str | Path],
    source_language: str = "zh",
    target_language: str = "en",
) -> Glossary:
    """Read every glossary file in ``paths`` (files or folders) into one Glossary.

    Raises GlossaryError listing every problem (``.problems`` holds
    ``(path, line, message)`` tuples) when any file is broken: a broken
    glossary stops a build before anything is translated.
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    files: list[Path] = []
    problems: list[Problem] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            # not only regular files: a FIFO named terms.csv is refused when read, not skipped in silence
            found = sorted(p for p in path.iterdir() if not p.is_dir() and p.suffix.lower() in EXTENSIONS)
            if not found:  # named, so terms were expected: 0 terms in silence would hide the mistake
                problems.append((str(path), 0, f"a folder with no glossary files ({', '.join(EXTENSIONS)}) in it; "
                                 "name a glossary file or a folder that holds one"))
            files.extend(found)
        elif path.exists() or path.is_symlink():
            files.append(path)
        else:
            problems.append((str(path), 0, "no such glossary file"))

    terms: list[Term] = []
    skipped: list[Problem] = []
    for path in files:
        found, trouble = read_file(path, source_language, target_language, skipped)
        terms.extend(found)
        problems.extend(trouble)

    terms, trouble = _merge(terms)
    problems.extend(trouble)
    if problems:
        raise _error(problems)
    return Glossary(terms=tuple(terms), files=tuple(str(p) for p in files), digest=glossary_digest(terms),
                    skipped=tuple(skipped))


def skipped_warning(glossary: Glossary) -> str:
    """The one warning line about entries left out of ``glossary`` ("" when none were)."""
    if not glossary.skipped:
        return ""
    path, line, why = glossary.skipped[0]
    where = f"{path}:{line}" if line else path
    return (f"{len(glossary.skipped)} termbase entr{'y' if len(glossary.skipped) == 1 else 'ies'} skipped "
            f"(no term in the target language); the first at {where}: {why}")


def read_file(path: Path, source_language: str = "zh", target_language: str = "en",
              skipped: list[Problem] | None = None) -> tuple[list[Term], list[Problem]]:
    """Read one file, choosing the reader by its extension (or its first bytes).

    Entries a termbase holds without a target term go to ``skipped``, not to the problems.
    """
    from pipeline.fileio import read_limited

    try:
        data = read_limited(path, max_bytes=MAX_GLOSSARY_BYTES, error=GlossaryError, what="glossary file")
    except GlossaryError as error:  # a FIFO, a device, a dangling link, too large, unreadable
        return [], [(str(path), 0, error.message)]
    suffix = path.suffix.lower()
    head = data[:200].lstrip(b"\xef\xbb\xbf \t\r\n")
    if suffix in (".tbx", ".xml") or head.startswith(b"<"):
        from pipeline.glossary.tbx import read_tbx

        return read_tbx(path, data, source_language, target_language, skipped)
    return read_table(path, data, source_language, target_language)


def _error(problems: Sequence[Problem]) -> GlossaryError:
    problems = sorted(set(problems), key=lambda p: (p[0], p[1], p[2]))
    lines = [f"{p}:{n}: {m}" if n else f"{p}: {m}" for p, n, m in problems]
    first_path, first_line, _ = problems[0]
    if len(problems) == 1:
        message = problems[0][2] + "; fix the glossary and run again"
    else:
        shown = "; ".join(lines[:SHOWN_PROBLEMS])
        more = len(problems) - SHOWN_PROBLEMS
        rest = f"; and {more} more (diglot glossary check --json lists them all)" if more > 0 else ""
        message = f"{len(problems)} problems in the glossary; fix them and run again: {shown}{rest}"
        first_path, first_line = None, None
    return GlossaryError(message, path=first_path, line=first_line or None, problems=tuple(problems))


# ── CSV / TSV ────────────────────────────────────────────────────────────────


def decode(path: Path, data: bytes) -> tuple[str | None, list[Problem]]:
    """Strict UTF-8 (with or without BOM); a bad byte is a problem with its line."""
    if data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff"):
        try:
            return data.decode("utf-16"), []
        except UnicodeDecodeError:
            pass
    while data.startswith(b"\xef\xbb\xbf"):  # one BOM, or two from an editor that added its own
        data = data[3:]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        byte = data[error.start : error.start + 1].hex()
        return None, [(str(path), line, f"not UTF-8 (byte 0x{byte}); save the glossary as UTF-8")]


def _header(row: list[str], aliases: dict[str, str], where: str, line: int, problems: list[Problem]) -> list[str] | None:
    """The column names of a header row (problems noted), or None when it names no source and target."""
    names = [aliases.get(c.strip().lower(), c.strip().lower()) for c in row]
    if "source" not in names or "target" not in names:
        problems.append((where, line, "no header row: the first line must name the columns "
                         "source and target (optional: " + ", ".join(COLUMNS[2:]) + ")"))
        return None
    unknown = [c for c, n in zip(row, names) if n not in COLUMNS]
    if unknown:
        problems.append((where, line, f"unknown column(s) {', '.join(repr(c.strip()) for c in unknown)}; "
                         f"known columns: {', '.join(COLUMNS)}"))
    dupes = sorted({n for n in names if names.count(n) > 1 and n in COLUMNS})
    if dupes:
        problems.append((where, line, f"column(s) {', '.join(dupes)} appear twice in the header"))
    return names


def read_table(path: Path, data: bytes, source_language: str = "zh", target_language: str = "en") -> tuple[list[Term], list[Problem]]:
    """CSV or TSV with a header row naming the columns (see COLUMNS)."""
    text, problems = decode(path, data)
    if text is None:
        return [], problems
    where = str(path)
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    if path.suffix.lower() in (".tsv", ".tab") or ("\t" in first and "," not in first):
        delimiter = "\t"
    else:
        delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    aliases = {
        source_language.lower(): "source",
        target_language.lower(): "target",
        "case-sensitive": "case_sensitive",
        "casesensitive": "case_sensitive",
        "do_not_translate": "dnt",
        "variant": "variants",
        "notes": "note",
        "comment": "note",
    }

    header: list[str] | None = None
    terms: list[Term] = []
    last = 0
    ends_closed = text.rstrip().endswith('"')
    total_lines = len(text.splitlines())
    try:
        for row in reader:
            line, last = last + 1, reader.line_num
            if last > line and last >= total_lines and not ends_closed and any("\n" in cell for cell in row):
                # the last row ran to the end of the file inside quotes
                problems.append((where, line, "a quote opened on this line is never closed, so the rest of the "
                                 "file was read as one field; close the quote or remove it"))
                break
            if not any(cell.strip() for cell in row) or _COMMENT.match(row[0].lstrip()):
                continue
            if header is None:
                header = _header(row, aliases, where, line, problems)
                if header is None:
                    return [], problems
                continue
            if len(row) > len(header) and any(c.strip() for c in row[len(header):]):
                problems.append((where, line, f"{len(row)} fields but the header has {len(header)} columns; "
                                 "quote fields that contain the separator"))
                continue
            fields = {name: (row[i] if i < len(row) else "") for i, name in enumerate(header) if name in COLUMNS}
            term = _term_from_fields(fields, f"{path}:{line}", where, line, problems)
            if term is not None:
                terms.append(term)
    except csv.Error as error:
        problems.append((where, last + 1, f"cannot parse the line ({error})"))
    if header is None and not problems:
        problems.append((where, 1, "the glossary is empty: it needs a header row source,target and one row per term"))
    return terms, problems


def _term_from_fields(fields: dict[str, str], origin: str, where: str, line: int, problems: list[Problem]) -> Term | None:
    source = _clean(fields.get("source", ""))
    target = _clean(fields.get("target", ""))
    flags = {}
    for name in ("case_sensitive", "dnt"):
        value = fields.get(name, "").strip().lower()
        if value in _TRUE:
            flags[name] = True
        elif value in _FALSE:
            flags[name] = False
        else:
            problems.append((where, line, f"{name} must be yes or no (true/false, 1/0), not {fields[name].strip()!r}"))
            return None
    ok = True
    for name, value in (("source", source), ("target", target)):
        control = next((c for c in value if unicodedata.category(c) == "Cc"), None)
        if control is not None:  # a NUL or another control character: the term could never match
            problems.append((where, line, f"the {name} term {value!r} holds the control character "
                             f"U+{ord(control):04X}, which no text holds; remove it"))
            ok = False
    if not source:
        problems.append((where, line, "empty source term"))
        ok = False
    if not target:
        if flags.get("dnt"):
            target = source
        else:
            problems.append((where, line, f"empty target for {source!r}" if source else "empty target"))
            ok = False
    if not ok:
        return None
    return Term(
        source=source,
        target=target,
        note=fields.get("note", "").strip(),
        case_sensitive=flags.get("case_sensitive", False),
        dnt=flags.get("dnt", False),
        forbidden=split_list(fields.get("forbidden", "")),
        variants=tuple(v for v in split_list(fields.get("variants", "")) if v != target),
        origin=origin,
    )


def split_list(value: str) -> tuple[str, ...]:
    """``a|b|c`` -> ("a", "b", "c"), blanks dropped, order and first spelling kept."""
    out: list[str] = []
    for part in (value or "").split("|"):
        part = _clean(part)
        if part and part not in out:
            out.append(part)
    return tuple(out)


def _clean(text: str) -> str:
    return " ".join((text or "").split())


# ── the glossary as a whole ──────────────────────────────────────────────────


def _key(term: Term) -> str:
    source = unicodedata.normalize("NFKC", term.source)
    return source if term.case_sensitive else source.casefold()


def _merge(terms: list[Term]) -> tuple[list[Term], list[Problem]]:
    """Drop exact repeats; the same source with two different targets is a problem."""
    seen: dict[str, Term] = {}
    out: list[Term] = []
    problems: list[Problem] = []
    for term in terms:
        key = _key(term)
        other = seen.get(key)
        if other is None:
            seen[key] = term
            out.append(term)
            continue
        if _norm_target(other) == _norm_target(term):
            continue
        path, _, line = term.origin.rpartition(":")
        problems.append((path, int(line or 0),
                         f"{term.source!r} is already in the glossary at {other.origin} with target "
                         f"{other.target!r}, here {term.target!r}; keep one (list the other under variants)"))
    return out, problems


def _norm_target(term: Term) -> str:
    target = term.source if term.dnt else term.target
    return unicodedata.normalize("NFKC", target).casefold()


def canonical(term: Term) -> list:
    """The parts of a term that change a translation (not its note or origin)."""
    return [term.source, term.target, term.case_sensitive, term.dnt, sorted(term.forbidden), sorted(term.variants)]


def glossary_digest(terms: Sequence[Term]) -> str:
    """sha256 over the normalized entries, independent of file order and notes."""
    entries = sorted(json.dumps(canonical(t), ensure_ascii=False) for t in terms)
    return hashlib.sha256("\n".join(entries).encode("utf-8")).hexdigest()[:16]
