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
- the review import's reader, :mod:`pipeline.word.review_text`, for an edited
  review DOCX: hidden runs and diglot's footnote numbers are not text, the
  reviewer's formatting is read as marks.

Which property shows which mark is :mod:`pipeline.word.props`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.model import Mark
from pipeline.word.names import MC, R_ID, W
from pipeline.word.package import Rel, Style
from pipeline.word.props import child, kinds_of, value

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
