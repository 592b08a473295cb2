"""Word text in its accepted view: one walk over paragraph content, two readers on it.

The accepted view of tracked changes: inserted text (``w:ins``, ``w:moveTo``)
is read, deleted text (``w:del``, ``w:moveFrom``, ``w:delText``) is skipped.
:class:`AcceptedView` is that walk (runs, hyperlinks, tracked changes, fields,
content controls, ``mc:AlternateContent``); what a run gives is the reader's:

- :class:`PartReader`, for a source document (:mod:`pipeline.ingest.docx`) and
  for the book DOCX that puts the translation back: hyperlinks come from
  relationships or ``HYPERLINK`` field codes; the results of fields that Word
  computes (page numbers, tables of contents, dates, cross-references) are
  skipped, they are not prose. Text boxes are paragraphs of their own (their
  ``w:p`` are read where they stand), and the ``mc:Fallback`` copy of a text
  box is skipped. Every ``w:t`` and ``w:delText`` is either placed into the
  paragraph's text or skipped with a reason: :class:`RunLedger`.
- :func:`text_of` and :func:`marked_text`, for an edited review DOCX
  (:mod:`pipeline.review.docx`): hidden runs (``w:vanish``) and diglot's
  footnote numbers are not text, the reviewer's formatting is read as marks.

Which property shows which mark is :mod:`pipeline.word.props`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

from pipeline.model import Mark
from pipeline.word.names import MC, R_ID, W
from pipeline.word.package import Rel, Style
from pipeline.word.props import OFF, child, kinds_of, on, value
from pipeline.word.review_format import NOTE_STYLE

# Fields whose result Word computes: their text is skipped, not translated.
COMPUTED_FIELDS = frozenset(
    """PAGE NUMPAGES SECTIONPAGES SECTION PAGEREF NOTEREF REF STYLEREF SEQ TOC TOA INDEX DATE TIME
    CREATEDATE SAVEDATE PRINTDATE EDITTIME FILENAME FILESIZE NUMWORDS NUMCHARS AUTHOR TITLE SUBJECT
    KEYWORDS LASTSAVEDBY DOCPROPERTY USERNAME USERINITIALS AUTONUM AUTONUMLGL AUTONUMOUT LISTNUM
    BIBLIOGRAPHY CITATION""".split()
)
_LINK_URL = re.compile(r'HYPERLINK\s+(?:"([^"]*)"|(\S+))?(?:.*?\\l\s+"([^"]*)")?', re.S | re.I)

DELETED = "deleted text (tracked change)"
FALLBACK = "fallback copy of a text box (mc:Fallback)"
RUBY = "ruby annotation"

R, T, HYPERLINK, FLD_SIMPLE = W + "r", W + "t", W + "hyperlink", W + "fldSimple"
INSERTED = (W + "ins", W + "moveTo")
REMOVED = (W + "del", W + "moveFrom")
_CONTAINERS = (W + "sdt", W + "sdtContent", W + "smartTag", W + "customXml", W + "dir", W + "bdo")
_ALTERNATE = MC + "AlternateContent"


def mark_deleted(p) -> bool:
    """A paragraph whose mark was deleted (tracked): accepted, it runs on into the next one."""
    ppr = child(p, W + "pPr")
    rpr = child(ppr, W + "rPr") if ppr is not None else None
    return rpr is not None and child(rpr, W + "del") is not None


def row_deleted(tr) -> bool:
    """A table row deleted with tracked changes: accepted, it is gone."""
    trpr = child(tr, W + "trPr")
    return trpr is not None and child(trpr, W + "del") is not None


def paragraph_elements(root) -> list:
    """Every ``w:p`` of a part in document order (text boxes included), ``mc:Fallback`` copies left out."""
    return [p for p in root.iter(W + "p") if not in_fallback(p)]


def in_fallback(element) -> bool:
    return any(a.tag == MC + "Fallback" for a in element.iterancestors())


class AcceptedView:
    """The walk over paragraph content in the accepted view of tracked changes.

    Runs go to :meth:`run` with the link they are in and whether they were
    deleted; a subclass says which elements it skips (``skip``), whether it
    goes into elements the walk does not know (``descend``: a review cell's
    paragraphs and tables) and what a field (:meth:`field`) and a hyperlink's
    target (:meth:`href`) are to it.
    """

    skip: frozenset = frozenset((W + "pPr", W + "p"))
    descend = False
    tracked = 0  # tracked insertions and deletions met

    def walk(self, element, link: str = "", deleted: bool = False) -> None:
        for node in element:
            tag = node.tag
            if not isinstance(tag, str) or tag in self.skip:
                continue
            if tag == R:
                self.run(node, link, deleted)
            elif tag == HYPERLINK:
                self.walk(node, self.href(node) or link, deleted)
            elif tag in INSERTED:
                self.tracked += 1
                self.walk(node, link, deleted)
            elif tag in REMOVED:
                self.tracked += 1
                self.walk(node, link, True)
            elif tag == FLD_SIMPLE:
                self.field(node, link, deleted)
            elif tag == _ALTERNATE:
                choice = node.find(MC + "Choice")
                if choice is not None:
                    self.walk(choice, link, deleted)
            elif self.descend or tag in _CONTAINERS:
                self.walk(node, link, deleted)

    def run(self, r, link: str, deleted: bool) -> None:
        raise NotImplementedError

    def href(self, hyperlink) -> str:
        rid = hyperlink.get(R_ID)
        return f"rid:{rid}" if rid else ""

    def field(self, fld, link: str, deleted: bool) -> None:
        self.walk(fld, link, deleted)


@dataclass
class RunLedger:
    """Where each text element of a part went: ``placed[t] = (paragraph index, offset)`` or ``skipped[t] = reason``."""

    placed: dict = field(default_factory=dict)
    skipped: dict = field(default_factory=dict)
    tracked: int = 0  # tracked insertions and deletions met


@dataclass
class _Field:
    instr: str = ""
    result: bool = False

    @property
    def kind(self) -> str:
        return self.instr.strip().split(" ", 1)[0].upper() if self.instr.strip() else ""


@dataclass
class ParagraphText:
    text: str
    marks: tuple[Mark, ...]
    placed: list  # (w:t element, offset in text)


class PartReader(AcceptedView):
    """Reads the paragraphs of one part in order; field state carries across paragraphs (a TOC spans many)."""

    def __init__(self, rels: dict[str, Rel], styles: dict[str, Style], notes: dict[tuple[str, str], str],
                 ledger: RunLedger):
        self.rels = rels
        self.styles = styles
        self.notes = notes  # ("footnote"|"endnote", w:id) -> note paragraph id
        self.ledger = ledger
        self.fields: list[_Field] = []

    @property
    def tracked(self) -> int:  # counted in the ledger, across the parts it reads
        return self.ledger.tracked

    @tracked.setter
    def tracked(self, count: int) -> None:
        self.ledger.tracked = count

    def read(self, p) -> ParagraphText:
        self._text: list[str] = []
        self._length = 0
        self._spans: list[tuple[int, int, tuple]] = []  # (start, end, kinds as (kind, href) pairs)
        self._points: list[Mark] = []  # linebreaks and note references
        self._placed: list = []
        self.walk(p)
        return self._finish()

    def field(self, fld, link: str, deleted: bool) -> None:
        self.fields.append(_Field(fld.get(W + "instr", ""), result=True))
        self.walk(fld, link, deleted)
        self.fields.pop()

    def run(self, r, link: str, deleted: bool) -> None:
        rpr = child(r, W + "rPr")
        kinds = self._kinds(rpr, link)
        for node in r:
            tag = node.tag
            if tag == W + "t":
                reason = DELETED if deleted else self._field_skip()
                if reason:
                    self.ledger.skipped[node] = reason
                else:
                    self._placed.append((node, self._offset()))
                    self._add(node.text or "", kinds)
            elif tag == W + "delText":
                self.ledger.skipped[node] = DELETED
            elif deleted:
                continue
            elif tag == W + "instrText":
                if self.fields and not self.fields[-1].result:
                    self.fields[-1].instr += node.text or ""
            elif tag == W + "fldChar":
                self._fld_char(node.get(W + "fldCharType", ""))
            elif self._field_skip():
                continue
            elif tag in (W + "tab", W + "ptab"):
                self._add("\t", kinds)
            elif tag == W + "noBreakHyphen":
                self._add("\u2011", kinds)
            elif tag == W + "cr" or (tag == W + "br" and node.get(W + "type", "textWrapping") == "textWrapping"):
                self._points.append(Mark("linebreak", self._offset(), self._offset()))
                if self._text and not self._text[-1][-1:].isspace():
                    self._add(" ", ())
            elif tag in (W + "footnoteReference", W + "endnoteReference"):
                kind = "footnote" if tag == W + "footnoteReference" else "endnote"
                target = self.notes.get((kind, node.get(W + "id", "")))
                if target:
                    self._points.append(Mark("footnote", self._offset(), self._offset(), href=target))
            elif tag == W + "ruby":
                base = node.find(W + "rubyBase")
                for t in node.iter(W + "t"):
                    if base is None or t not in set(base.iter(W + "t")):
                        self.ledger.skipped[t] = RUBY
                if base is not None:
                    self.walk(base, link, deleted)

    def _kinds(self, rpr, link: str) -> tuple:
        kinds = kinds_of(rpr, self.styles.get(value(rpr, "rStyle")))
        if link:
            kinds.append(("link", link))
        return tuple(kinds)

    def href(self, hyperlink) -> str:
        rel = self.rels.get(hyperlink.get(R_ID, ""))
        if rel is not None:
            url = rel.target
            anchor = hyperlink.get(W + "anchor")
            return f"{url}#{anchor}" if anchor and "#" not in url else url
        anchor = hyperlink.get(W + "anchor")
        return f"#{anchor}" if anchor else ""

    # -- fields
    def _fld_char(self, kind: str) -> None:
        if kind == "begin":
            self.fields.append(_Field())
        elif kind == "separate" and self.fields:
            self.fields[-1].result = True
        elif kind == "end" and self.fields:
            self.fields.pop()

    def _field_skip(self) -> str:
        for fld in self.fields:
            if not fld.result:
                return "field code"
            if fld.kind in COMPUTED_FIELDS:
                return f"{fld.kind} field result (Word computes it)"
        return ""

    def _field_link(self) -> str:
        for fld in reversed(self.fields):
            if fld.result and fld.kind == "HYPERLINK":
                m = _LINK_URL.match(fld.instr.strip())
                if m:
                    url = m.group(1) or m.group(2) or ""
                    return url + (f"#{m.group(3)}" if m.group(3) else "")
        return ""

    # -- text
    def _offset(self) -> int:
        return self._length

    def _add(self, text: str, kinds: tuple) -> None:
        if not text:
            return
        link = self._field_link()
        if link and not any(k == "link" for k, _ in kinds):
            kinds = kinds + (("link", link),)
        start = self._length
        self._text.append(text)
        self._length += len(text)
        self._spans.append((start, start + len(text), kinds))

    def _finish(self) -> ParagraphText:
        raw = "".join(self._text)
        text = raw.strip()
        lead = len(raw) - len(raw.lstrip())
        marks: list[Mark] = []
        open_: dict[tuple, int] = {}
        last = 0
        for start, end, kinds in self._spans + [(len(raw), len(raw), ())]:
            for key in [k for k in open_ if k not in kinds or start != last]:
                marks.append(Mark(key[0], open_.pop(key), last, href=key[1]))
            for key in kinds:
                open_.setdefault(key, start)
            last = end
        marks.extend(self._points)

        def shift(m: Mark) -> Mark | None:
            s, e = max(0, m.start - lead), min(len(text), m.end - lead)
            if m.kind in ("linebreak", "footnote"):
                s = e = min(max(0, m.start - lead), len(text))
            elif e <= s:
                return None
            return Mark(m.kind, s, e, href=m.href)

        shifted = sorted((m for m in map(shift, marks) if m is not None), key=lambda m: (m.start, m.end, m.kind))
        placed = [(t, max(0, offset - lead)) for t, offset in self._placed]
        return ParagraphText(text=text, marks=tuple(shifted), placed=placed)



# -- an edited review DOCX: text as Word shows it with changes accepted, hidden runs left out
#
# Read at the size limit (a review of a million rows), so this walk asks each element once:
# children are looked at by iterating them (``.tag`` is cheap) rather than with lxml's tag
# filters (``find``, ``iterchildren(tag)``), which cost several times more per call.

_REVIEW_SKIP = frozenset(W + t for t in ("pPr", "rPr", "trPr", "tcPr", "tblPr", "tblGrid")) | {_ALTERNATE}
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


def hidden(run) -> bool:
    """A run Word does not show (``w:vanish``)."""
    return on(child(run, RPR), "vanish")


def note_reference(run) -> bool:
    """One of diglot's footnote numbers in a review cell: not part of the text."""
    return value(child(run, RPR), "rStyle") == NOTE_STYLE


def run_text(run) -> str:
    """A review run's text: tabs, line breaks and non-breaking hyphens as characters."""
    parts = []
    for piece in run:
        ptag = piece.tag
        if ptag in _BREAKS:
            parts.append(_BREAKS[ptag] if ptag != T else piece.text or "")
    return "".join(parts)


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
