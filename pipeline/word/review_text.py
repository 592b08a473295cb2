"""Review-DOCX text: an edited review's cells as Word shows them with changes accepted.

The walk is :class:`pipeline.word.text.AcceptedView` (inserted text read, deleted
text skipped); here it reads a review cell, paragraph or comment: hidden runs
(``w:vanish``) and diglot's footnote numbers are not text, the reviewer's
formatting is read as marks. :class:`ReviewRowText` reads one table row for the
import (:mod:`pipeline.review.docx`) with each cell's paragraphs walked once;
:func:`text_of` and :func:`marked_text` read any paragraph or container.
"""

from __future__ import annotations

from typing import NamedTuple

from pipeline.model import Mark
from pipeline.word.names import MC, W
from pipeline.word.props import OFF, kinds_of
from pipeline.word.review_format import NOTE_STYLE
from pipeline.word.text import AcceptedView, T, mark_deleted

# Read at the size limit (a review of a million rows), so this walk asks each element once:
# children are looked at by iterating them (``.tag`` is cheap) rather than with lxml's tag
# filters (``find``, ``iterchildren(tag)``), which cost several times more per call.

_REVIEW_SKIP = frozenset(W + t for t in ("pPr", "rPr", "trPr", "tcPr", "tblPr", "tblGrid")) | {MC + "AlternateContent"}
_BREAKS = {W + "t": None, W + "tab": "\t", W + "br": "\n", W + "cr": "\n", W + "noBreakHyphen": "-"}
P, TC, PPR, RPR, DEL, VAL = W + "p", W + "tc", W + "pPr", W + "rPr", W + "del", W + "val"
_VANISH, _RSTYLE = W + "vanish", W + "rStyle"
_CELL_CONTAINERS = frozenset((W + "sdt", W + "sdtContent", W + "customXml"))
_TCPR, _GRID_SPAN = W + "tcPr", W + "gridSpan"


def _first(element, tag: str):
    """The first child of ``element`` with ``tag`` (as :func:`props.child`, for the few children of a
    run, its properties or a cell, where iterating them is cheaper than a tag filter)."""
    for node in element:
        if node.tag == tag:
            return node
    return None


class _ReviewText(AcceptedView):
    """Runs of a review cell, paragraph or comment in one walk: every element is gone
    into (a cell's paragraphs, a content control), ``mc:AlternateContent`` is skipped.

    Collects the text and, for the marks read later (:meth:`ReviewParagraph.marks`),
    each shown run's span with its ``w:rPr`` and link.
    """

    skip = _REVIEW_SKIP
    descend = True

    def __init__(self, *, hidden: bool = False, styled: set | None = None):
        self.hidden = hidden  # hidden runs and diglot's note numbers are read as text too
        self.styled = styled  # when known: the only w:rPr that hold w:vanish or w:rStyle
        self.parts: list[str] = []
        self.length = 0
        self.runs: list[tuple[int, int, object, str]] = []  # (start, end, w:rPr, link)
        self.points: list[Mark] = []

    def run(self, r, link: str, deleted: bool) -> None:
        if deleted:
            return
        rpr = None
        parts = []
        for piece in r:
            ptag = piece.tag
            if ptag == T:
                parts.append(piece.text or "")
            elif ptag in _BREAKS:
                parts.append(_BREAKS[ptag])
            elif ptag == RPR and rpr is None:
                rpr = piece
        if rpr is not None and not self.hidden and (self.styled is None or rpr in self.styled):
            vanish = style = None
            for prop in rpr:
                ptag = prop.tag
                if ptag == _VANISH and vanish is None:
                    vanish = prop
                elif ptag == _RSTYLE and style is None:
                    style = prop
            if vanish is not None and vanish.get(VAL, "true").lower() not in OFF:
                return
            if style is not None and style.get(VAL, "") == NOTE_STYLE:
                number = "".join(t.text or "" for t in r.iter(T)).strip()
                self.points.append(Mark("footnote", self.length, self.length, href=f"note:{number}"))
                return
        text = "".join(parts)
        if text:
            start = self.length
            self.length += len(text)
            self.parts.append(text)
            self.runs.append((start, self.length, rpr, link))


class ReviewParagraph(NamedTuple):
    """A review paragraph read once: its accepted-view text without hidden runs and
    diglot's note numbers, whether its mark was deleted (it runs on into the next),
    and what its marks are read from (:meth:`marks`)."""

    text: str
    runs_on: bool
    runs: tuple  # (start, end, w:rPr, link) of each shown run
    points: tuple  # footnote references, ``note:NUMBER``

    def marks(self) -> list[Mark]:
        """The reviewer's formatting as marks (as :func:`marked_text`)."""
        spans = []
        for start, end, rpr, link in self.runs:
            kinds = kinds_of(rpr, code=True)
            if link:
                kinds.append(("link", link))
            spans.extend((start, end, kind, href) for kind, href in kinds)
        return _merged(self.text, spans) + list(self.points)


def _read(element, hidden: bool = False, styled: set | None = None) -> _ReviewText:
    reader = _ReviewText(hidden=hidden, styled=styled)
    reader.walk(element)
    return reader


class ReviewRowText:
    """One review table row read once for the import: its cells (grid column, ``w:tc``),
    through content controls, honouring ``w:gridSpan``, and each cell's paragraphs
    (:meth:`paragraphs`). One scan of the row finds what is rare (hidden or styled runs,
    spanned cells, deleted paragraph marks) so the common row is not asked about it
    element by element."""

    def __init__(self, row):
        self.row = row
        self._styled: set = set()  # w:rPr holding w:vanish or w:rStyle (kept, so each is the same proxy)
        spans = deletions = False
        for element in row.iter(_VANISH, _RSTYLE, _GRID_SPAN, DEL):
            tag = element.tag
            if tag == _GRID_SPAN:
                spans = True
            elif tag == DEL:
                deletions = True
            else:
                self._styled.add(element.getparent())
        self.deletions = deletions  # a w:del anywhere in the row (a deleted row or paragraph mark needs one)
        self.cells: list[tuple[int, object]] = []
        _cells_into(row, self.cells, 0, spans)

    def paragraphs(self, cell) -> list[ReviewParagraph]:
        """Every ``w:p`` of ``cell`` in document order, each walked once."""
        out = []
        for p in cell.iter(P):
            runs_on = self.deletions and mark_deleted(p)
            if len(p) == 1 and p[0].tag == PPR:  # an empty paragraph (most Note and Terms cells)
                out.append(ReviewParagraph("", runs_on, (), ()))
                continue
            reader = _read(p, styled=self._styled)
            out.append(ReviewParagraph("".join(reader.parts), runs_on, tuple(reader.runs), tuple(reader.points)))
        return out


def review_paragraphs(cell) -> list[ReviewParagraph]:
    """Every ``w:p`` of a review cell in document order, each walked once."""
    return [ReviewParagraph("".join(r.parts), mark_deleted(p), tuple(r.runs), tuple(r.points))
            for p in cell.iter(P) for r in (_read(p),)]


def _cells_into(node, out: list, column: int, spans: bool = True) -> int:
    for element in node:
        tag = element.tag
        if tag == TC:
            out.append((column, element))
            tcpr = _first(element, _TCPR) if spans else None
            span = _first(tcpr, _GRID_SPAN) if tcpr is not None else None
            wide = span.get(VAL, "1") if span is not None else "1"
            column += int(wide) if wide.isdigit() else 1
        elif tag in _CELL_CONTAINERS:
            column = _cells_into(element, out, column, spans)
    return column


def text_of(element, *, hidden: bool = False) -> str:
    """Accepted-view text of a paragraph (or any container) without hidden runs
    (with them, and with diglot's note numbers, when ``hidden``)."""
    return "".join(_read(element, hidden).parts)


def marked_text(element) -> tuple[str, list]:
    """Accepted-view text of a paragraph with the reviewer's formatting as marks
    (links carry ``rid:ID`` and footnotes ``note:NUMBER`` until the file's
    relationships and note numbers resolve them)."""
    reader = _read(element)
    read = ReviewParagraph("".join(reader.parts), False, tuple(reader.runs), tuple(reader.points))
    return read.text, read.marks()


def _merged(text: str, spans: list[tuple[int, int, str, str]]) -> list:
    """Adjacent runs of one kind (and href) as one mark; bold over the whole text is a heading's, not a mark."""
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
