"""Read an edited review DOCX the way Word shows it with changes accepted.

The XML is read directly (python-docx's ``Paragraph.text`` skips tracked
insertions): text inside ``w:ins``/``w:moveTo`` counts, text inside
``w:del``/``w:moveFrom`` does not, rows deleted with tracked changes are gone,
hidden runs (``w:vanish``) are left out of cell text. Rows are found by the
hidden ``⟦diglot|id|source_hash|target_hash⟧`` run in their first cell (with
``|~memory_hash`` where the Target showed a fuzzy match), so
reordered, deleted, split, merged or moved rows all read right; columns are
located by the header texts (ID, Source, Target, Status, Terms, Note) where a
header row precedes them, else by position.

The reviewer's formatting of a one-paragraph Target is read back as marks:
italic → emphasis, bold → strong (unless the whole cell is bold: a heading
row), the code font → code, superscript/subscript, hyperlinks → link, and
diglot's superscript footnote numbers (character style ``diglotNoteRef``, not
part of the text) → footnote references.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from pipeline.archive import open_zip
from pipeline.errors import NotAReviewDocument, ReviewError
from pipeline.review.apply import ReviewRow
from pipeline.xmlsafe import iter_xml, parse_xml

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
GRID_SPAN = _w("gridSpan")
_SKIP = {DEL, MOVE_FROM, PPR, RPR, TRPR, TCPR, _w("tblPr"), _w("tblGrid"), f"{{{_MC}}}AlternateContent"}

COLUMNS = ("ID", "Source", "Target", "Status", "Terms", "Note")
# ⟦diglot|id|source hash|exported target hash⟧, and for a fuzzy match in the Target
# ``|~hash`` of the memory's own target for the source (the three-way base).
ROW_MARK = re.compile(r"⟦diglot\|([^⟧]*)\|([0-9a-f]+)\|([0-9a-f]+)(?:\|~([0-9a-f]+))?⟧")
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


def _child(element, tag: str):
    """The first child of ``element`` with ``tag`` (what ``element.find(tag)`` gives, at a
    third of its cost: a review of 30,000 rows asks this about a million times)."""
    for child in element.iterchildren(tag):
        return child
    return None


def _hidden(run) -> bool:
    rpr = _child(run, RPR)
    if rpr is None:
        return False
    vanish = _child(rpr, VANISH)
    return vanish is not None and vanish.get(VAL, "true").lower() not in ("0", "false", "off")


NOTE_STYLE = "diglotNoteRef"
HYPERLINK = _w("hyperlink")
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _prop(rpr, name: str) -> str | None:
    """The w:val of an rPr child (``"on"`` when it has none), None when absent or off."""
    if rpr is None:
        return None
    element = _child(rpr, _w(name))
    if element is None:
        return None
    value = element.get(VAL, "on")
    return None if value.lower() in ("0", "false", "off", "none") else value


def _note_ref(run) -> bool:
    return _prop(_child(run, RPR), "rStyle") == NOTE_STYLE


def marked_text(element) -> tuple[str, list]:
    """Accepted-view text of a paragraph with the reviewer's formatting as marks
    (links carry ``rid:ID`` and footnotes ``note:NUMBER`` until the file's
    relationships and note numbers resolve them)."""
    from pipeline.model import Mark

    text = ""
    spans: list[tuple[int, int, str, str]] = []
    points: list[Mark] = []

    def walk(node, link: str) -> None:
        nonlocal text
        for child in node:
            tag = child.tag
            if tag in _SKIP or not isinstance(tag, str):
                continue
            if tag == HYPERLINK:
                rid = child.get(_R_ID)
                walk(child, f"rid:{rid}" if rid else link)
            elif tag == R:
                if _hidden(child):
                    continue
                if _note_ref(child):
                    number = "".join(t.text or "" for t in child.iter(T)).strip()
                    points.append(Mark("footnote", len(text), len(text), href=f"note:{number}"))
                    continue
                rpr = _child(child, RPR)
                start, text = len(text), text + _run_text(child)
                kinds = []
                if _prop(rpr, "i"):
                    kinds.append(("emphasis", ""))
                if _prop(rpr, "b"):
                    kinds.append(("strong", ""))
                vert = _prop(rpr, "vertAlign")
                if vert in ("superscript", "subscript"):
                    kinds.append((vert, ""))
                fonts = _child(rpr, _w("rFonts")) if rpr is not None else None
                if fonts is not None and fonts.get(_w("ascii"), "") in ("Consolas", "Courier New"):
                    kinds.append(("code", ""))
                if link:
                    kinds.append(("link", link))
                spans.extend((start, len(text), kind, href) for kind, href in kinds)
            else:
                walk(child, link)

    walk(element, "")
    return text, _merged(text, spans) + points


def _run_text(run) -> str:
    parts = []
    for piece in run:
        ptag = piece.tag
        if ptag == T:
            parts.append(piece.text or "")
        elif ptag == TAB:
            parts.append("\t")
        elif ptag in (BR, CR):
            parts.append("\n")
        elif ptag == NO_BREAK_HYPHEN:
            parts.append("-")
    return "".join(parts)


def _merged(text: str, spans: list[tuple[int, int, str, str]]) -> list:
    """Adjacent runs of one kind (and href) as one mark; bold over the whole text is a heading's, not a mark."""
    from pipeline.model import Mark

    out: list[Mark] = []
    for start, end, kind, href in sorted(spans, key=lambda s: (s[2], s[3], s[0])):
        if end <= start:
            continue
        if out and out[-1].kind == kind and out[-1].href == href and out[-1].end >= start:
            out[-1] = Mark(kind, out[-1].start, max(end, out[-1].end), href=href)
        else:
            out.append(Mark(kind, start, end, href=href))
    stripped = text.strip()
    return [m for m in out if not (m.kind == "strong" and not text[:m.start].strip() and not text[m.end:].strip()
                                   and stripped)]


def text_of(element, *, hidden: bool = False) -> str:
    """Accepted-view text of a paragraph (or any container) without hidden runs."""
    parts: list[str] = []

    def walk(node) -> None:
        for child in node:
            tag = child.tag
            if tag in _SKIP or not isinstance(tag, str):
                continue
            if tag == R:
                if not hidden and (_hidden(child) or _note_ref(child)):
                    continue
                parts.append(_run_text(child))
            else:
                walk(child)

    walk(element)
    return "".join(parts)


def cell_text(cell, joiner: str) -> str:
    """The cell's paragraphs joined by ``joiner``; empty paragraphs are ignored.

    A paragraph whose mark was deleted (tracked) runs on into the next one.
    """
    return joiner.join(cell_paragraphs(cell))


def cell_paragraphs(cell) -> list[str]:
    """The cell's non-empty paragraph texts, stripped (see :func:`cell_text`)."""
    pieces: list[str] = []
    pending = ""
    for paragraph in cell.iter(P):
        pending += text_of(paragraph)
        ppr = _child(paragraph, PPR)
        rpr = _child(ppr, RPR) if ppr is not None else None
        mark_deleted = rpr is not None and _child(rpr, DEL) is not None
        if mark_deleted:
            continue
        pieces.append(pending)
        pending = ""
    if pending:
        pieces.append(pending)
    return [p.strip() for p in pieces if p.strip()]


def _cells(row) -> list[tuple[int, object]]:
    """(grid column, w:tc) for a row, through content controls, honouring gridSpan."""
    out = []
    column = 0

    def visit(node) -> None:
        nonlocal column
        for child in node:
            if child.tag == TC:
                out.append((column, child))
                tcpr = _child(child, TCPR)
                span = _child(tcpr, GRID_SPAN) if tcpr is not None else None
                column += int(span.get(VAL, "1")) if span is not None and span.get(VAL, "1").isdigit() else 1
            elif child.tag in (_w("sdt"), _w("sdtContent"), _w("customXml")):
                visit(child)

    visit(row)
    return out


def _is_deleted_row(row) -> bool:
    trpr = _child(row, TRPR)
    return trpr is not None and _child(trpr, DEL) is not None


def _read_comments(archive, path) -> dict[str, tuple[str, str]]:
    if "word/comments.xml" not in archive:
        return {}
    root = parse_xml(archive.read("word/comments.xml"), path=path, part="word/comments.xml", error=ReviewError,
                     advice=archive.advice)
    comments = {}
    for comment in root.iter(_w("comment")):
        text = " ".join(t for t in (text_of(p).strip() for p in comment.iter(P)) if t)
        comments[comment.get(_w("id"), "")] = (comment.get(_w("author"), ""), text)
    return comments


def _core_meta(archive, path) -> dict | None:
    if "docProps/core.xml" not in archive:
        return None
    try:
        root = parse_xml(archive.read("docProps/core.xml"), path=path, part="docProps/core.xml", error=ReviewError)
    except ReviewError:
        return None  # the body marker may still identify the document
    keywords = root.findtext(f"{{{_CP}}}keywords") or ""
    if "diglot-review" not in keywords:
        return None
    try:
        meta = json.loads(root.findtext(f"{{{_DC}}}subject") or "")
    except ValueError:
        return {}
    return meta if isinstance(meta, dict) else {}


def _marker_meta(paragraph) -> dict | None:
    text = text_of(paragraph, hidden=True)
    if "⟦diglot-review|" not in text:
        return None
    match = DOC_MARK.search(text)
    try:
        meta = json.loads(match.group(1)) if match else {}
    except ValueError:
        meta = {}
    return meta if isinstance(meta, dict) else {}


def read_review_docx(path: str | Path) -> ReviewFile:
    """Read every row of an edited review DOCX; raise NotAReviewDocument for other files.

    ``word/document.xml`` is streamed row by row (memory stays flat for a
    100,000-row table). A damaged archive or part (bad CRC, broken deflate
    data, cut short, malformed XML), a part over the size or ratio limit and
    XML with a DTD or entities are a ReviewError naming the file and the part.
    """
    from pipeline import languages

    path = Path(path)
    not_ours = NotAReviewDocument(f"{path} is not a diglot review document (export one with diglot build)")
    try:
        archive = open_zip(path, what="review DOCX", error=NotAReviewDocument)
    except NotAReviewDocument as error:
        if "not a ZIP" in str(error):
            raise not_ours from error
        raise ReviewError(error.message, path=path) from error
    archive.error = ReviewError  # from here on it is a DOCX: damage is damage
    with archive:
        if "word/document.xml" not in archive:
            raise not_ours
        core = _core_meta(archive, path)
        comments = _read_comments(archive, path)
        rels = _hyperlinks(archive, path)
        reader = _RowReader(comments, core)
        with archive.open("word/document.xml") as stream:
            reader.read(iter_xml(stream, path=path, part="word/document.xml", error=ReviewError,
                                 events=("start", "end"), tag=(_w("body"), TBL, TR), advice=archive.advice))
        reader.finish_body()
    if not reader.has_body or (reader.marker is None and core is None):
        raise not_ours
    meta = {**(core or {}), **(reader.marker or {})}
    document = str(meta.get("document") or "")
    if not document:
        raise ReviewError("the review document's hidden diglot marker is damaged (no document name); export it again", path=path)
    try:
        source_language = languages.check(str(meta.get("source_language") or "zh"))
        target_language = languages.check(str(meta.get("target_language") or "en"))
    except Exception as error:  # LanguageError: say which file
        raise ReviewError(f"the review document names an unknown language: {error}", path=path) from error
    return ReviewFile(
        path=str(path), document=document, source_language=source_language,
        target_language=target_language, meta=meta,
        rows=tuple(_resolved(reader.finish(source_language, target_language), rels, meta.get("notes") or {})),
    )


class _RowReader:
    """Rows out of a stream of ``word/document.xml`` events; each row is dropped once read.

    A row's cells are kept as text for both joiners (CJK or not) until the
    marker paragraph or core properties name the languages, which the review
    writer puts before the tables.
    """

    def __init__(self, comments: dict, core: dict | None):
        self.comments = comments
        self.marker: dict | None = None
        self.has_body = False
        self.body = None
        self.columns = {name: i for i, name in enumerate(COLUMNS)}
        self.pending: list[tuple] = []
        self._table_index = 0
        self._last_table = None
        self._row_index = 0

    def read(self, events) -> None:
        """Take ``(event, element)`` for w:body (start), w:tbl (start, end) and w:tr (end) only."""
        BODY = _w("body")
        for event, element in events:
            tag = element.tag
            if event == "start":
                if tag == BODY:
                    self.has_body, self.body = True, element
                elif tag == TBL and self.marker is None:  # the paragraphs before it are whole by now
                    self.marker = _body_marker(element.getparent())
                continue
            if tag == TR:
                self._row(element)
                if _top_level(element):
                    element.clear()
                    while element.getprevious() is not None:  # rows already read
                        del element.getparent()[0]
            elif tag == TBL and element.getparent() is not None and element.getparent().tag == BODY:
                element.clear()
                while element.getprevious() is not None:  # paragraphs and tables already read
                    del element.getparent()[0]

    def finish_body(self) -> None:
        """After the stream: a marker in paragraphs after the last table (or with no table)."""
        if self.marker is None:
            self.marker = _body_marker(self.body)

    def _row(self, row) -> None:
        table = row.getparent()
        if table is not self._last_table:
            self._last_table, self._table_index, self._row_index = table, self._table_index + 1, 0
        self._row_index += 1
        if _is_deleted_row(row):
            return
        cells = _cells(row)
        if not cells:
            return
        by_column = dict(cells)
        match = ROW_MARK.search(text_of(cells[0][1], hidden=True))
        if match is None:
            header = {text_of(tc).strip(): col for col, tc in cells}
            if {"ID", "Source", "Target"} <= header.keys():
                self.columns = {name: header.get(name, -1) for name in COLUMNS}
            return

        def cell(name: str, *joiners: str) -> tuple[str, ...]:
            tc = by_column.get(self.columns.get(name, -1))
            pieces = cell_paragraphs(tc) if tc is not None else []
            return tuple(j.join(pieces) for j in joiners)

        notes = [cell("Note", " ")[0]]
        for ref in row.iter(_w("commentRangeStart"), _w("commentReference")):
            author, text = self.comments.get(ref.get(_w("id"), ""), ("", ""))
            if text and author != MACHINE_AUTHOR and f"{author}: {text}" not in notes:
                notes.append(f"{author}: {text}" if author else text)
        self.pending.append((
            match.groups(), cell("Target", "", " "), cell("Status", " ")[0].strip(),
            "; ".join(n for n in notes if n), cell("Source", "", " "),
            f"table {self._table_index}, row {self._row_index}",
            _target_marks(by_column.get(self.columns.get("Target", -1))),
        ))

    def finish(self, source_language: str, target_language: str) -> list[ReviewRow]:
        from pipeline import languages

        target = 0 if languages.is_cjk(target_language) else 1
        source = 0 if languages.is_cjk(source_language) else 1
        return [
            ReviewRow(segment_id=ids[0], source_hash=ids[1], base_hash=ids[2], target=targets[target],
                      status=status, note=note, source_text=sources[source], where=where, memory_base=ids[3] or "",
                      marks=marks)
            for ids, targets, status, note, sources, where, marks in self.pending
        ]


def _target_marks(cell) -> tuple | None:
    """The marks of a Target cell of one paragraph, offsets into its stripped text; None otherwise."""
    from dataclasses import replace

    if cell is None:
        return None
    paragraphs = [p for p in cell.iter(P) if text_of(p).strip()]
    if len(paragraphs) != 1:
        return None if paragraphs else ()
    text, marks = marked_text(paragraphs[0])
    lead, length = len(text) - len(text.lstrip()), len(text.strip())
    out = []
    stripped = text.strip()
    for mark in marks:
        start, end = min(max(mark.start - lead, 0), length), min(max(mark.end - lead, 0), length)
        if end > start:  # spaces at a formatted run's edges are not formatting
            while start < end and stripped[start].isspace():
                start += 1
            while end > start and stripped[end - 1].isspace():
                end -= 1
            if end == start:
                continue
        if end > start or mark.start == mark.end:
            out.append(replace(mark, start=start, end=end))
    return tuple(out)


def _resolved(rows: list[ReviewRow], rels: dict[str, str], notes: dict) -> list[ReviewRow]:
    """Links to their URLs, footnote numbers to note ids; what cannot be resolved is left out."""
    from dataclasses import replace

    out = []
    for row in rows:
        if row.marks:
            marks = []
            for mark in row.marks:
                if mark.href.startswith("rid:"):
                    href = rels.get(mark.href[4:], "")
                elif mark.href.startswith("note:"):
                    href = str(notes.get(mark.href[5:], ""))
                else:
                    href = mark.href
                if href or mark.kind not in ("link", "footnote"):
                    marks.append(replace(mark, href=href))
            row = replace(row, marks=tuple(marks))
        out.append(row)
    return out


def _hyperlinks(archive, path) -> dict[str, str]:
    part = "word/_rels/document.xml.rels"
    if part not in archive:
        return {}
    try:
        root = parse_xml(archive.read(part), path=path, part=part, error=ReviewError)
    except ReviewError:
        return {}
    return {r.get("Id", ""): r.get("Target", "") for r in root if str(r.get("Type", "")).endswith("/hyperlink")}


def _body_marker(body) -> dict | None:
    """The marker data of the first top-level paragraph of ``body`` that holds it."""
    if body is None:
        return None
    for paragraph in body.iterchildren(P):
        meta = _marker_meta(paragraph)
        if meta is not None:
            return meta
    return None


def _top_level(row) -> bool:
    """A row of a table that is not inside another table's cell."""
    node = row.getparent()
    while node is not None:
        if node.tag == TC:
            return False
        node = node.getparent()
    return True
