"""The review DOCX: one table per section, a row per segment, for Word.

Layout of the file (:mod:`pipeline.word.review_format` holds what the importer
in :mod:`pipeline.review` reads back: markers, columns, styles):

- first body paragraph, hidden: the document marker; core properties
  keywords and subject the same JSON;
- a cover block (Heading 1 title, translated title, pair, engine, how to review);
- per section a Heading 2, the byline, then a table whose header row names
  the columns (``ID | Source | Target | Status | Terms | Note``);
- in each row's ID cell: the visible id, then the hidden row marker;
- the Target cell holds one paragraph (the target as exported); term problems
  are Word comments anchored on it;
- a figure's Source cell holds its picture (the file beside the source) above
  the alt text, in a paragraph without text;
- inline formatting in Source and Target: emphasis italic, strong bold, code
  in the code font, links as hyperlinks, footnote references as superscript
  numbers in the note style (not part of the text; the document's JSON maps
  ``notes`` numbers to note ids). The importer reads the reviewer's
  formatting of Target back.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Callable, Iterable

from pipeline.model import Edition, Paragraph, Status
from pipeline.render.common import (
    created,
    diglot_version,
    pair_line,
    provenance_line,
    section_target_title,
    section_title,
    source_spans,
    status_of,
    target_spans,
    term_label,
    term_problem,
    translation_of,
)
from pipeline.render.ooxml import Lang, escape_text, marked_runs, paragraph, picture_run, run
from pipeline.render.ooxml_document import Hyperlinks, comments_xml, new_document, usable_width
from pipeline.word.stream import streamed_document
from pipeline.word.review_format import (
    COLUMNS,
    KEYWORDS,
    MACHINE_AUTHOR,
    MACHINE_INITIALS,
    MAX_DOCUMENT_XML,
    NOTE_STYLE,
    core_subject,
    document_marker,
    row_marker,
)
from pipeline.xmlsafe import clean

_SHARES = (9, 29, 29, 10, 14, 9)  # percent of the text width per column
_BORDERS = (
    '<w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="A6A6A6"/>'
    '<w:left w:val="single" w:sz="4" w:space="0" w:color="A6A6A6"/>'
    '<w:bottom w:val="single" w:sz="4" w:space="0" w:color="A6A6A6"/>'
    '<w:right w:val="single" w:sz="4" w:space="0" w:color="A6A6A6"/>'
    '<w:insideH w:val="dotted" w:sz="2" w:space="0" w:color="D9D9D9"/>'
    '<w:insideV w:val="single" w:sz="4" w:space="0" w:color="D9D9D9"/></w:tblBorders>'
)
_PARAGRAPH_RULE = '<w:tcBorders><w:top w:val="single" w:sz="8" w:space="0" w:color="7F7F7F"/></w:tcBorders>'
_SHADES = ("FFFFFF", "F3F6FA")  # alternate per source paragraph
_EMPTY = paragraph("", after=0)  # an empty cell's paragraph
_CELL_MARGINS = 230  # twips: Word's default left and right cell margins, 0.08" each
_PICTURE_HEIGHT = 3600  # twips (2.5"): a figure's picture is there to be recognised, not read
_HOLE = "\ue000"  # where a text goes in a row's cut pieces (a private-use character: kept by clean and escape)
_NOT_PLAIN = re.compile("[\n\t\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff\ue000]")


def _plain(text: str) -> bool:
    """Text that one w:t holds as it is (escaped): no break, tab, character XML forbids, or hole."""
    return bool(text) and _NOT_PLAIN.search(text) is None


STATUS_COLOURS = {Status.MACHINE: "7F7F7F", Status.REVIEWED: "1F6F3F", Status.APPROVED: "1F4E79",
                  Status.UNTRANSLATED: "C00000", Status.FUZZY: "B45F06"}


def review_meta(edition: Edition) -> dict:
    from pipeline.render.inline import note_numbers

    numbers = note_numbers(edition.document)
    return {
        **({"notes": {str(n): note for note, n in numbers.items()}} if numbers else {}),
        "diglot": diglot_version(edition),
        "document": edition.document.name,
        "source_language": edition.source_language,
        "target_language": edition.target_language,
        "exported": created(edition).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }


def fuzzy_note(match) -> str:
    """The Note of a row showing a fuzzy match: the score, the source it was reviewed for, what changed."""
    from pipeline.memory.fuzzy import difference

    return f"source edited since review ({match.score}%): was «{match.matched_source}»; changed: " + difference(
        match.matched_source, match.source
    )


def write_review_docx(edition: Edition, path: str | Path, *, page_size: str = "A4") -> Path:
    """Write NAME.review.docx (landscape ``A4`` or ``Letter``) and return its path."""
    from pipeline.formats import check_page_size

    page_size = check_page_size(page_size)
    path = Path(path)
    document = edition.document
    title = document.title.text if document.title is not None else document.name
    found = review_meta(edition)
    meta = json.dumps(found, ensure_ascii=False, sort_keys=True)
    doc = new_document(edition, title=title, landscape=True, page_size=page_size, subject=core_subject(found),
                       keywords=KEYWORDS)
    date = created(edition).strftime("%Y-%m-%dT%H:%M:%SZ")
    with streamed_document(doc, path, limit=MAX_DOCUMENT_XML, what="review DOCX") as body:
        writer = _Writer(edition, doc, body.write)
        writer.write(paragraph(run(document_marker(meta), vanish=True)))
        for part in writer.cover(title):
            writer.write(part)
        front = [b for b in (document.title, document.subtitle) if b is not None]
        if front:
            writer.table(front)
        for number, section in enumerate(document.sections, 1):
            heading = run(section_title(section, number), writer.source)
            target_title = section_target_title(edition, section)
            if target_title:
                heading += run(" / ", writer.target) + run(target_title, writer.target)
            writer.write(paragraph(heading, style="Heading2"))
            if section.byline is not None:
                byline = run(section.byline.text, writer.source, italic=True)
                translated = edition.target_of(section.byline.paragraph)
                if translated:
                    byline += run(" — ", writer.target, italic=True) + run(translated, writer.target, italic=True)
                writer.write(paragraph(byline, keep_next=True, after=80))
            writer.table(section.blocks())
        if document.notes:  # footnotes and endnotes of a book or Word source: reviewed like the rest
            writer.write(paragraph(run("Notes", writer.ui), style="Heading2"))
            writer.table(document.notes)
        if writer.comments:
            body.replace_part(*comments_xml(doc, writer.comments, author=MACHINE_AUTHOR, initials=MACHINE_INITIALS,
                                            date=date))
    return path


class _Writer:
    def __init__(self, edition: Edition, doc, write: Callable[[str], None]):
        self.edition = edition
        self.doc = doc
        self.write = write  # the body's XML fragments go here, in order
        self.source = Lang(edition.source_language, edition)
        self.target = Lang(edition.target_language, edition)
        self.ui = Lang("en", edition)  # the cover's own words
        width = usable_width(doc)
        self.widths = [width * share // 100 for share in _SHARES]
        self.shade = 0
        self.comments: list[tuple[int, str]] = []  # (id, text) of the term-problem comments
        self.link = Hyperlinks(doc)
        from pipeline.render.inline import note_numbers

        self.numbers = note_numbers(edition.document)
        self.source_note, self.target_note = self.note(self.source), self.note(self.target)
        self.row_starts: dict[tuple[str, bool], list[str]] = {}  # (fill, rule) -> the six cells' starts
        self.status_cells: dict[tuple[str, Status], str] = {}  # (label, status) -> the Status cell's paragraph
        self.plain_rows: dict[tuple, list[str]] = {}  # the fixed pieces of plain rows (see _plain_row)
        if self.numbers:
            from docx.enum.style import WD_STYLE_TYPE

            doc.styles.add_style(NOTE_STYLE, WD_STYLE_TYPE.CHARACTER).hidden = False

    def note(self, lang):
        def write(mark, text: str = "") -> str:
            if text:  # the reference is text of the segment (a book's own number): kept as text
                return run(text, lang, vert="superscript")
            number = self.numbers.get(mark.href)
            return run(str(number), lang, vert="superscript", style=NOTE_STYLE) if number else ""

        return write

    def cover(self, title: str) -> list[str]:
        e, d = self.edition, self.edition.document
        out = [paragraph(run(title, self.source), style="Heading1")]
        if d.title is not None and e.target_of(d.title):
            out.append(paragraph(run(e.target_of(d.title), self.target, size=30, color="1F4E79")))
        if d.subtitle is not None:
            out.append(paragraph(run(d.subtitle.text, self.source), after=0))
            if e.target_of(d.subtitle):
                out.append(paragraph(run(e.target_of(d.subtitle), self.target, italic=True)))
        counts = {s: 0 for s in Status}
        problems = 0
        for segment in d.segments():
            t = translation_of(e, segment.id, segment.text)
            counts[Status.FUZZY if t.suggestion is not None else status_of(t)] += 1
            problems += sum(1 for c in t.terms if not c.satisfied)
        total = sum(counts.values())
        facts = [
            ("Language pair", pair_line(e)),
            ("Made by", provenance_line(e)),
            ("Exported", created(e).strftime("%Y-%m-%d %H:%M UTC")),
            ("Segments", f"{total} — " + ", ".join(f"{n} {s}" for s, n in counts.items() if n)
             + f"; term problems: {problems}"),
        ]
        for label, value in facts:
            out.append(paragraph(run(f"{label}: ", self.ui, bold=True) + run(value, self.ui), after=40))
        how = (
            "How to review: edit only the Target and Note columns. Set Status to approved to approve a "
            "segment (or reviewed). A 'fuzzy' row shows the reviewed text of a source edited since: confirm it by "
            "setting Status to reviewed, or edit it. Do not change the ID or Source columns and do not delete rows; tracked "
            "changes are fine. Highlighted words are glossary terms; red ones and comments mark term problems. "
            f"Then bring the edits back with: diglot review import {d.name}.review.docx"
        )
        out.append(paragraph(run(how, self.ui, italic=True, color="404040"), before=120, after=240))
        return out

    def table(self, blocks: Iterable[Paragraph]) -> None:
        grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in self.widths)
        header = "".join(
            self._cell(i, paragraph(run(label, bold=True), keep_next=True), fill="DCE6F1")
            for i, label in enumerate(COLUMNS)
        )
        self.write(
            f'<w:tbl><w:tblPr><w:tblW w:w="{sum(self.widths)}" w:type="dxa"/>{_BORDERS}'
            '<w:tblLayout w:type="fixed"/><w:tblLook w:val="0420" w:firstRow="1" w:lastRow="0" '
            'w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr>'
            f"<w:tblGrid>{grid}</w:tblGrid>"
            f"<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>{header}</w:tr>"
        )
        for block in blocks:
            self.shade ^= 1
            for index, segment in enumerate(block.segments):
                self.write(self._row(block, segment, first=index == 0))
        self.write("</w:tbl>")
        self.write(paragraph("", after=120))

    def _cell(self, column: int, content: str, *, fill: str = "", rule: bool = False) -> str:
        return f"{self._cell_start(column, fill, rule)}{content}</w:tc>"

    def _cell_start(self, column: int, fill: str, rule: bool) -> str:
        props = f'<w:tcW w:w="{self.widths[column]}" w:type="dxa"/>'
        if rule:
            props += _PARAGRAPH_RULE
        if fill:
            props += f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>'
        return f"<w:tc><w:tcPr>{props}</w:tcPr>"

    def _row(self, block: Paragraph, segment, *, first: bool) -> str:
        t = translation_of(self.edition, segment.id, segment.text)
        if (not t.terms and not t.marks and not segment.marks and t.suggestion is None and not t.note
                and block.role != "figure" and _plain(segment.text) and _plain(segment.id)
                and (not t.target or _plain(t.target))):
            return self._plain_row(block, segment, t, first)
        status = status_of(t)
        label, note, memory_target = str(status), t.note, None
        target = clean(t.target)
        if t.suggestion is not None:  # the reviewer confirms or edits the reviewed text of the edited source
            status, label = Status.FUZZY, f"fuzzy {t.suggestion.score}%"
            target, memory_target = clean(t.suggestion.target), clean(t.suggestion.memory_target)
            note = "; ".join(n for n in (fuzzy_note(t.suggestion), t.note) if n)
        strong = block.role in ("title", "heading", "subheading")
        fill = _SHADES[self.shade]
        id_cell = paragraph(
            run(segment.id, size=16, color="595959")
            + run(row_marker(segment.id, segment.text, target, memory_target), vanish=True),
            after=0,
        )
        source_cell = paragraph(marked_runs(source_spans(segment.text, t.terms), segment.marks, self.source,
                                            link=self.link, note=self.source_note, bold=strong, breaks=False), after=0)
        if first and block.role == "figure":  # the picture above its alt text (a paragraph without text)
            picture = picture_run(self.edition, self.doc, block, self.widths[1] - _CELL_MARGINS, _PICTURE_HEIGHT)
            source_cell = (paragraph(picture, after=40) if picture else "") + source_cell
        target_runs = marked_runs(target_spans(target, t.terms), t.marks, self.target,
                                  link=self.link, note=self.target_note, bold=strong, breaks=False)
        problems = [p for p in (term_problem(c) for c in t.terms) if p]
        if problems:
            cid = len(self.comments)
            self.comments.append((cid, "\n".join(problems)))
            target_runs = (
                f'<w:commentRangeStart w:id="{cid}"/>{target_runs or "<w:r/>"}<w:commentRangeEnd w:id="{cid}"/>'
                f'<w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:commentReference w:id="{cid}"/></w:r>'
            )
        terms_cell = "".join(
            paragraph(
                run(c.hit.term.source, self.source, size=16)
                + run(term_label(c)[len(c.hit.term.source):], self.target, size=16,
                      color="" if c.satisfied else "C00000", bold=not c.satisfied),
                after=0,
            )
            for c in t.terms
        ) or _EMPTY
        contents = (id_cell, source_cell, paragraph(target_runs, after=0), self._status_cell(label, status), terms_cell,
                    paragraph(run(note), after=0) if note else _EMPTY)
        return "".join(["<w:tr>", *(f"{start}{content}</w:tc>" for start, content in
                                    zip(self._starts(fill, first), contents)), "</w:tr>"])

    def _status_cell(self, label: str, status: Status) -> str:
        """The Status cell's paragraph: ``label`` in the status's colour (the same few, made once)."""
        cell = self.status_cells.get((label, status))
        if cell is None:
            cell = self.status_cells[label, status] = paragraph(run(label, size=18, color=STATUS_COLOURS[status]),
                                                                after=0)
        return cell

    def _starts(self, fill: str, rule: bool) -> list[str]:
        starts = self.row_starts.get((fill, rule))
        if starts is None:
            starts = self.row_starts[fill, rule] = [self._cell_start(column, fill, rule) for column in range(6)]
        return starts

    def _plain_row(self, block: Paragraph, segment, t, first: bool) -> str:
        """:meth:`_row` of the common segment: no term, mark, note or suggestion, text with
        nothing to break, drop or cut into runs. The row is the general path's, byte for
        byte: its pieces are cut out of what the general path writes (see :meth:`_pieces`)."""
        status = status_of(t)
        strong = block.role in ("title", "heading", "subheading")
        key = (strong, status, self.shade, first)
        pieces = self.plain_rows.get(key)
        if pieces is None:
            pieces = self.plain_rows[key] = self._pieces(strong, status, _SHADES[self.shade], first)
        target = t.target
        return "".join((
            pieces[0], escape_text(segment.id), pieces[1],
            escape_text(row_marker(segment.id, segment.text, target)), pieces[2],
            escape_text(segment.text), pieces[3] if target else pieces[5],
            *((escape_text(target), pieces[4]) if target else ()),
        ))

    def _pieces(self, strong: bool, status: Status, fill: str, first: bool) -> list[str]:
        """The fixed XML between the variable texts of a plain row: the general path's
        cells written with placeholders, cut at them."""
        id_cell = paragraph(run(_HOLE, size=16, color="595959") + run(_HOLE, vanish=True), after=0)
        source = paragraph(run(_HOLE, self.source, bold=strong), after=0)
        target = paragraph(run(_HOLE, self.target, bold=strong), after=0)
        starts = self._starts(fill, first)
        rest = "".join(f"{start}{content}</w:tc>" for start, content in
                       zip(starts[3:], (self._status_cell(str(status), status), _EMPTY, _EMPTY))) + "</w:tr>"
        a, b, c = id_cell.split(_HOLE)
        d, e = source.split(_HOLE)
        f, g = target.split(_HOLE)
        between = f"{e}</w:tc>{starts[2]}"
        return [f"<w:tr>{starts[0]}{a}", b, f"{c}</w:tc>{starts[1]}{d}", f"{between}{f}", f"{g}</w:tc>{rest}",
                f"{between}{paragraph('', after=0)}</w:tc>{rest}"]
