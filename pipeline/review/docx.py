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

The accepted view and the formatting read as marks are
:mod:`pipeline.word.text`'s; the markers, columns and styles are
:mod:`pipeline.word.review_format`, which the writer shares.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.archive import MAX_TOTAL_BYTES, open_zip
from pipeline.errors import NotAReviewDocument, ReviewError
from pipeline.model import Mark
from pipeline.review.apply import ReviewRow
from pipeline.word.names import CORE_PROPERTIES, DC, W
from pipeline.word.review_format import (
    COLUMNS,
    KEY_COLUMNS,
    MACHINE_AUTHOR,
    MAX_DOCUMENT_XML,
    ROW_MARK,
    STREAMED_PARTS,
    core_meta,
    marker_meta,
)
from pipeline.word.review_text import ReviewParagraph, ReviewRowText, review_paragraphs, text_of
from pipeline.word.text import row_deleted
from pipeline.xmlsafe import iter_xml, parse_xml

P, TBL, TR, TC = W + "p", W + "tbl", W + "tr", W + "tc"


@dataclass(frozen=True)
class ReviewFile:
    """An edited review document: its marker data and its rows in file order."""

    path: str
    document: str
    source_language: str
    target_language: str
    meta: dict
    rows: tuple[ReviewRow, ...]


def cell_text(cell, joiner: str) -> str:
    """The cell's paragraphs joined by ``joiner``; empty paragraphs are ignored.

    A paragraph whose mark was deleted (tracked) runs on into the next one.
    """
    return joiner.join(cell_paragraphs(cell))


def cell_paragraphs(cell) -> list[str]:
    """The cell's non-empty paragraph texts, stripped (see :func:`cell_text`)."""
    return _pieces(review_paragraphs(cell))


def _pieces(paragraphs: list[ReviewParagraph]) -> list[str]:
    """Paragraphs read once (:func:`review_paragraphs`) as the cell's non-empty texts, stripped;
    a paragraph whose mark was deleted runs on into the next."""
    pieces: list[str] = []
    pending = ""
    for paragraph in paragraphs:
        pending += paragraph.text
        if paragraph.runs_on:
            continue
        pieces.append(pending)
        pending = ""
    if pending:
        pieces.append(pending)
    return [p.strip() for p in pieces if p.strip()]


def _read_comments(archive, path) -> dict[str, tuple[str, str]]:
    """(author, text) by comment id, the part streamed a comment at a time (a comment in every row)."""
    part = "word/comments.xml"
    if part not in archive:
        return {}
    comments = {}
    with archive.open(part, max_bytes=MAX_DOCUMENT_XML) as stream:
        for _, comment in iter_xml(stream, path=path, part=part, error=ReviewError, tag=W + "comment",
                                   advice=archive.advice):
            text = " ".join(t for t in (text_of(p).strip() for p in comment.iter(P)) if t)
            comments[comment.get(W + "id", "")] = (comment.get(W + "author", ""), text)
            comment.clear()
            while comment.getprevious() is not None:  # comments already read
                del comment.getparent()[0]
    return comments


def _core_meta(archive, path) -> dict | None:
    if "docProps/core.xml" not in archive:
        return None
    try:
        root = parse_xml(archive.read("docProps/core.xml"), path=path, part="docProps/core.xml", error=ReviewError)
    except ReviewError:
        return None  # the body marker may still identify the document
    return core_meta(root.findtext(CORE_PROPERTIES + "keywords") or "", root.findtext(DC + "subject") or "")


def read_review_docx(path: str | Path) -> ReviewFile:
    """Read every row of an edited review DOCX; raise NotAReviewDocument for other files.

    ``word/document.xml`` is streamed row by row (memory stays flat for a
    100,000-row table). A damaged archive or part (bad CRC, broken deflate
    data, cut short, malformed XML), a part over the size or ratio limit and
    XML with a DTD or entities are a ReviewError naming the file and the part;
    so is running out of memory (:func:`out_of_memory`).
    """
    try:
        return _read(Path(path))
    except MemoryError:  # under a memory limit: one line, not a traceback
        pass  # (said outside the handler, once the rows read so far are let go)
    raise out_of_memory(path)


def out_of_memory(path: str | Path) -> ReviewError:
    """The one line for an import that ran out of memory."""
    import resource

    limit = resource.getrlimit(resource.RLIMIT_AS)[0]
    under = f" under a memory limit of {limit // (1024 * 1024):,} MB" if limit not in (resource.RLIM_INFINITY, -1) else ""
    return ReviewError(f"ran out of memory importing it{under}; nothing was imported. Import it where more memory "
                       "is free", path=path)


def _read(path: Path) -> ReviewFile:
    from pipeline import languages

    not_ours = NotAReviewDocument(f"{path} is not a diglot review document (export one with diglot build)")
    try:
        archive = open_zip(path, what="review DOCX", error=NotAReviewDocument,
                           max_total_bytes=MAX_TOTAL_BYTES + len(STREAMED_PARTS) * MAX_DOCUMENT_XML)
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
        with archive.open("word/document.xml", max_bytes=MAX_DOCUMENT_XML) as stream:
            reader.read(iter_xml(stream, path=path, part="word/document.xml", error=ReviewError,
                                 events=("start", "end"), tag=(W + "body", TBL, TR), advice=archive.advice))
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
        BODY = W + "body"
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
        read_row = ReviewRowText(row)
        if read_row.deletions and row_deleted(row):
            return
        cells = read_row.cells
        if not cells:
            return
        by_column = dict(cells)
        match = ROW_MARK.search(text_of(cells[0][1], hidden=True))
        if match is None:
            header = {text_of(tc).strip(): col for col, tc in cells}
            if KEY_COLUMNS <= header.keys():
                self.columns = {name: header.get(name, -1) for name in COLUMNS}
            return

        def read(name: str) -> list[ReviewParagraph] | None:  # each cell's paragraphs walked once
            tc = by_column.get(self.columns.get(name, -1))
            return read_row.paragraphs(tc) if tc is not None else None

        note, target, status, source = read("Note"), read("Target"), read("Status"), read("Source")
        target_pieces, source_pieces = _pieces(target or []), _pieces(source or [])
        notes = [" ".join(_pieces(note or []))]
        for ref in row.iter(W + "commentRangeStart", W + "commentReference"):
            author, text = self.comments.get(ref.get(W + "id", ""), ("", ""))
            if text and author != MACHINE_AUTHOR and f"{author}: {text}" not in notes:
                notes.append(f"{author}: {text}" if author else text)
        self.pending.append((
            match.groups(), ("".join(target_pieces), " ".join(target_pieces)),
            " ".join(_pieces(status or [])).strip(), "; ".join(n for n in notes if n),
            ("".join(source_pieces), " ".join(source_pieces)),
            f"table {self._table_index}, row {self._row_index}", _target_marks(target),
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


def _target_marks(paragraphs: list[ReviewParagraph] | None) -> tuple | None:
    """The marks of a Target cell of one paragraph, offsets into its stripped text; None otherwise."""
    if paragraphs is None:
        return None
    paragraphs = [p for p in paragraphs if p.text.strip()]
    if len(paragraphs) != 1:
        return None if paragraphs else ()
    text, marks = paragraphs[0].text, paragraphs[0].marks()
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
            out.append(Mark(mark.kind, start, end, href=mark.href))  # the reader sets no other field
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
                    marks.append(Mark(mark.kind, mark.start, mark.end, href=href))
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
        meta = marker_meta(text_of(paragraph, hidden=True))
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
