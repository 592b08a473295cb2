"""Read an edited review DOCX the way Word shows it with changes accepted.

The XML is read directly (python-docx's ``Paragraph.text`` skips tracked
insertions): text inside ``w:ins``/``w:moveTo`` counts, text inside
``w:del``/``w:moveFrom`` does not, rows deleted with tracked changes are gone,
hidden runs (``w:vanish``) are left out of cell text. Rows are found by the
hidden ``⟦diglot|id|source_hash|target_hash⟧`` run in their first cell, so
reordered, deleted, split, merged or moved rows all read right; columns are
located by the header texts (ID, Source, Target, Status, Terms, Note) where a
header row precedes them, else by position.
"""

from __future__ import annotations

import json
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import NotAReviewDocument, ReviewError
from pipeline.review.apply import ReviewRow

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CP = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
_DC = "http://purl.org/dc/elements/1.1/"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _w(name: str) -> str:
    return f"{{{W}}}{name}"


P, R, T, TAB, BR, CR = _w("p"), _w("r"), _w("t"), _w("tab"), _w("br"), _w("cr")
TBL, TR, TC = _w("tbl"), _w("tr"), _w("tc")
DEL, INS, MOVE_FROM = _w("del"), _w("ins"), _w("moveFrom")
PPR, RPR, TRPR, TCPR = _w("pPr"), _w("rPr"), _w("trPr"), _w("tcPr")
VANISH, VAL = _w("vanish"), _w("val")
NO_BREAK_HYPHEN = _w("noBreakHyphen")
_SKIP = {DEL, MOVE_FROM, PPR, RPR, TRPR, TCPR, _w("tblPr"), _w("tblGrid"), f"{{{_MC}}}AlternateContent"}

COLUMNS = ("ID", "Source", "Target", "Status", "Terms", "Note")
ROW_MARK = re.compile(r"⟦diglot\|([^⟧]*)\|([0-9a-f]+)\|([0-9a-f]+)⟧")
DOC_MARK = re.compile(r"⟦diglot-review\|(.*)⟧", re.S)
MACHINE_AUTHOR = "diglot"  # comments diglot wrote itself (term problems) are not notes


@dataclass(frozen=True)
class ReviewFile:
    """An edited review document: its marker data and its rows in file order."""

    path: str
    document: str
    source_language: str
    target_language: str
    meta: dict
    rows: tuple[ReviewRow, ...]


def xml_parser():
    """An lxml parser that resolves no entities, loads no DTD, touches no network."""
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True, remove_comments=True)


def _hidden(run) -> bool:
    rpr = run.find(RPR)
    if rpr is None:
        return False
    vanish = rpr.find(VANISH)
    return vanish is not None and vanish.get(VAL, "true").lower() not in ("0", "false", "off")


def text_of(element, *, hidden: bool = False) -> str:
    """Accepted-view text of a paragraph (or any container) without hidden runs."""
    parts: list[str] = []

    def walk(node) -> None:
        for child in node:
            tag = child.tag
            if tag in _SKIP or not isinstance(tag, str):
                continue
            if tag == R:
                if not hidden and _hidden(child):
                    continue
                for piece in child:
                    ptag = piece.tag
                    if ptag == T:
                        parts.append(piece.text or "")
                    elif ptag == TAB:
                        parts.append("\t")
                    elif ptag in (BR, CR):
                        parts.append("\n")
                    elif ptag == NO_BREAK_HYPHEN:
                        parts.append("-")
            else:
                walk(child)

    walk(element)
    return "".join(parts)


def cell_text(cell, joiner: str) -> str:
    """The cell's paragraphs joined by ``joiner``; empty paragraphs are ignored.

    A paragraph whose mark was deleted (tracked) runs on into the next one.
    """
    pieces: list[str] = []
    pending = ""
    for paragraph in cell.iter(P):
        pending += text_of(paragraph)
        ppr = paragraph.find(PPR)
        mark_deleted = ppr is not None and ppr.find(f"{RPR}/{DEL}") is not None
        if mark_deleted:
            continue
        pieces.append(pending)
        pending = ""
    if pending:
        pieces.append(pending)
    return joiner.join(p.strip() for p in pieces if p.strip())


def _cells(row) -> list[tuple[int, object]]:
    """(grid column, w:tc) for a row, through content controls, honouring gridSpan."""
    out = []
    column = 0

    def visit(node) -> None:
        nonlocal column
        for child in node:
            if child.tag == TC:
                out.append((column, child))
                span = child.find(f"{TCPR}/{_w('gridSpan')}")
                column += int(span.get(VAL, "1")) if span is not None and span.get(VAL, "1").isdigit() else 1
            elif child.tag in (_w("sdt"), _w("sdtContent"), _w("customXml")):
                visit(child)

    visit(row)
    return out


def _is_deleted_row(row) -> bool:
    trpr = row.find(TRPR)
    return trpr is not None and trpr.find(DEL) is not None


# What a damaged archive member raises when read: bad CRC, broken deflate data, cut short.
_ARCHIVE_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, ValueError, OSError)


def _damaged(path, part: str, error: Exception) -> ReviewError:
    detail = str(error).strip() or "the data ends too early"
    return ReviewError(
        f"is damaged: {part} cannot be read ({type(error).__name__}: {detail}); open it in Word and save it again",
        path=path,
    )


def _read_part(archive: zipfile.ZipFile, part: str, path) -> bytes:
    """The bytes of one archive member (KeyError when it is absent); ReviewError when damaged."""
    try:
        return archive.read(part)
    except KeyError:
        raise
    except _ARCHIVE_ERRORS as error:
        raise _damaged(path, part, error) from None


def _parse_part(archive: zipfile.ZipFile, part: str, parser, path):
    """One archive member parsed as XML (KeyError when absent); ReviewError when damaged."""
    from lxml import etree

    data = _read_part(archive, part, path)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise _damaged(path, part, error) from None


def _read_comments(archive: zipfile.ZipFile, parser, path) -> dict[str, tuple[str, str]]:
    try:
        root = _parse_part(archive, "word/comments.xml", parser, path)
    except KeyError:
        return {}
    comments = {}
    for comment in root.iter(_w("comment")):
        text = " ".join(t for t in (text_of(p).strip() for p in comment.iter(P)) if t)
        comments[comment.get(_w("id"), "")] = (comment.get(_w("author"), ""), text)
    return comments


def _core_meta(archive: zipfile.ZipFile, parser, path) -> dict | None:
    from lxml import etree

    try:
        root = etree.fromstring(_read_part(archive, "docProps/core.xml", path), parser)
    except (KeyError, etree.XMLSyntaxError):
        return None
    keywords = root.findtext(f"{{{_CP}}}keywords") or ""
    if "diglot-review" not in keywords:
        return None
    try:
        meta = json.loads(root.findtext(f"{{{_DC}}}subject") or "")
    except ValueError:
        return {}
    return meta if isinstance(meta, dict) else {}


def _body_meta(body) -> dict | None:
    for paragraph in body.iter(P):
        text = text_of(paragraph, hidden=True)
        if "⟦diglot-review|" in text:
            match = DOC_MARK.search(text)
            try:
                meta = json.loads(match.group(1)) if match else {}
            except ValueError:
                meta = {}
            return meta if isinstance(meta, dict) else {}
    return None


def read_review_docx(path: str | Path) -> ReviewFile:
    """Read every row of an edited review DOCX; raise NotAReviewDocument for other files.

    A damaged archive or part (bad CRC, broken deflate data, cut short,
    malformed XML) is a ReviewError naming the file and the part.
    """
    from pipeline import languages

    path = Path(path)
    if not path.is_file():
        raise ReviewError("no such file; give the path of the edited review DOCX", path=path)
    not_ours = NotAReviewDocument(f"{path} is not a diglot review document (export one with diglot build)")
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        raise not_ours from None
    parser = xml_parser()
    with archive:
        try:
            root = _parse_part(archive, "word/document.xml", parser, path)
        except KeyError:
            raise not_ours from None
        body = root.find(_w("body"))
        if body is None:
            raise not_ours
        meta = _body_meta(body)
        core = _core_meta(archive, parser, path)
        if meta is None and core is None:
            raise not_ours
        meta = {**(core or {}), **(meta or {})}
        comments = _read_comments(archive, parser, path)

    document = str(meta.get("document") or "")
    if not document:
        raise ReviewError("the review document's hidden diglot marker is damaged (no document name); export it again", path=path)
    try:
        source_language = languages.check(str(meta.get("source_language") or "zh"))
        target_language = languages.check(str(meta.get("target_language") or "en"))
    except Exception as error:  # LanguageError: say which file
        raise ReviewError(f"the review document names an unknown language: {error}", path=path) from None
    joiner = "" if languages.is_cjk(target_language) else " "
    source_joiner = "" if languages.is_cjk(source_language) else " "
    rows = _rows(body, comments, joiner, source_joiner)
    return ReviewFile(
        path=str(path), document=document, source_language=source_language,
        target_language=target_language, meta=meta, rows=tuple(rows),
    )


def _rows(body, comments, joiner: str, source_joiner: str) -> list[ReviewRow]:
    columns = {name: i for i, name in enumerate(COLUMNS)}
    rows: list[ReviewRow] = []
    table_index = 0
    last_table = None
    row_index = 0
    for row in body.iter(TR):
        table = row.getparent()
        if table is not last_table:
            last_table, table_index, row_index = table, table_index + 1, 0
        row_index += 1
        if _is_deleted_row(row):
            continue
        cells = _cells(row)
        if not cells:
            continue
        by_column = dict(cells)
        first_text = text_of(cells[0][1], hidden=True)
        match = ROW_MARK.search(first_text)
        if match is None:
            header = {text_of(tc).strip(): col for col, tc in cells}
            if {"ID", "Source", "Target"} <= header.keys():
                columns = {name: header.get(name, -1) for name in COLUMNS}
            continue

        def cell(name: str, join: str = joiner) -> str:
            tc = by_column.get(columns.get(name, -1))
            return cell_text(tc, join) if tc is not None else ""

        notes = [cell("Note", " ")]
        for ref in row.iter(_w("commentRangeStart"), _w("commentReference")):
            author, text = comments.get(ref.get(_w("id"), ""), ("", ""))
            if text and author != MACHINE_AUTHOR and f"{author}: {text}" not in notes:
                notes.append(f"{author}: {text}" if author else text)
        rows.append(
            ReviewRow(
                segment_id=match.group(1),
                source_hash=match.group(2),
                base_hash=match.group(3),
                target=cell("Target"),
                status=cell("Status", " ").strip(),
                note="; ".join(n for n in notes if n),
                source_text=cell("Source", source_joiner),
                where=f"table {table_index}, row {row_index}",
            )
        )
    return rows
