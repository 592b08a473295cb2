"""One Word paragraph to plain text plus marks, and where every text run went.

The accepted view of tracked changes: inserted text is read, deleted text
(``w:del``, ``w:moveFrom``, ``w:delText``) is skipped. Hyperlinks come from
relationships or ``HYPERLINK`` field codes; the results of fields that Word
computes (page numbers, tables of contents, dates, cross-references) are
skipped, they are not prose. Text boxes are paragraphs of their own (their
``w:p`` are read where they stand), and the ``mc:Fallback`` copy of a text box
is skipped. Every ``w:t`` and ``w:delText`` is either placed into the
paragraph's text or skipped with a reason: :class:`RunLedger`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.ingest.docx.package import MC, R_NS, W, Rel, Style, on
from pipeline.model import Mark

R_ID = "{%s}id" % R_NS

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


def paragraph_elements(root) -> list:
    """Every ``w:p`` of a part in document order (text boxes included), ``mc:Fallback`` copies left out."""
    return [p for p in root.iter(W + "p") if not in_fallback(p)]


def in_fallback(element) -> bool:
    return any(a.tag == MC + "Fallback" for a in element.iterancestors())


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


class PartReader:
    """Reads the paragraphs of one part in order; field state carries across paragraphs (a TOC spans many)."""

    def __init__(self, rels: dict[str, Rel], styles: dict[str, Style], notes: dict[tuple[str, str], str],
                 ledger: RunLedger):
        self.rels = rels
        self.styles = styles
        self.notes = notes  # ("footnote"|"endnote", w:id) -> note paragraph id
        self.ledger = ledger
        self.fields: list[_Field] = []

    def read(self, p) -> ParagraphText:
        self._text: list[str] = []
        self._length = 0
        self._spans: list[tuple[int, int, tuple]] = []  # (start, end, kinds as (kind, href) pairs)
        self._points: list[Mark] = []  # linebreaks and note references
        self._placed: list = []
        self._walk(p, link="", deleted=False)
        return self._finish()

    # -- walking
    def _walk(self, element, *, link: str, deleted: bool) -> None:
        for child in element:
            tag = child.tag
            if not isinstance(tag, str) or tag == W + "pPr" or tag == W + "p":
                continue
            if tag == W + "r":
                self._run(child, link=link, deleted=deleted)
            elif tag == W + "hyperlink":
                self._walk(child, link=self._href(child) or link, deleted=deleted)
            elif tag in (W + "ins", W + "moveTo"):
                self.ledger.tracked += 1
                self._walk(child, link=link, deleted=deleted)
            elif tag in (W + "del", W + "moveFrom"):
                self.ledger.tracked += 1
                self._walk(child, link=link, deleted=True)
            elif tag == W + "fldSimple":
                self.fields.append(_Field(child.get(W + "instr", ""), result=True))
                self._walk(child, link=link, deleted=deleted)
                self.fields.pop()
            elif tag in (W + "sdt", W + "sdtContent", W + "smartTag", W + "customXml", W + "dir", W + "bdo"):
                self._walk(child, link=link, deleted=deleted)
            elif tag == MC + "AlternateContent":
                choice = child.find(MC + "Choice")
                if choice is not None:
                    self._walk(choice, link=link, deleted=deleted)

    def _run(self, r, *, link: str, deleted: bool) -> None:
        rpr = r.find(W + "rPr")
        kinds = self._kinds(rpr, link)
        for child in r:
            tag = child.tag
            if tag == W + "t":
                reason = DELETED if deleted else self._field_skip()
                if reason:
                    self.ledger.skipped[child] = reason
                else:
                    self._placed.append((child, self._offset()))
                    self._add(child.text or "", kinds)
            elif tag == W + "delText":
                self.ledger.skipped[child] = DELETED
            elif deleted:
                continue
            elif tag == W + "instrText":
                if self.fields and not self.fields[-1].result:
                    self.fields[-1].instr += child.text or ""
            elif tag == W + "fldChar":
                self._fld_char(child.get(W + "fldCharType", ""))
            elif self._field_skip():
                continue
            elif tag in (W + "tab", W + "ptab"):
                self._add("\t", kinds)
            elif tag == W + "noBreakHyphen":
                self._add("\u2011", kinds)
            elif tag == W + "cr" or (tag == W + "br" and child.get(W + "type", "textWrapping") == "textWrapping"):
                self._points.append(Mark("linebreak", self._offset(), self._offset()))
                if self._text and not self._text[-1][-1:].isspace():
                    self._add(" ", ())
            elif tag in (W + "footnoteReference", W + "endnoteReference"):
                kind = "footnote" if tag == W + "footnoteReference" else "endnote"
                target = self.notes.get((kind, child.get(W + "id", "")))
                if target:
                    self._points.append(Mark("footnote", self._offset(), self._offset(), href=target))
            elif tag == W + "ruby":
                base = child.find(W + "rubyBase")
                for t in child.iter(W + "t"):
                    if base is None or t not in set(base.iter(W + "t")):
                        self.ledger.skipped[t] = RUBY
                if base is not None:
                    self._walk(base, link=link, deleted=deleted)

    def _kinds(self, rpr, link: str) -> tuple:
        kinds = []
        style = self.styles.get(_val(rpr, "rStyle"))
        if on(rpr, "i") or (style is not None and style.italic):
            kinds.append(("emphasis", ""))
        if on(rpr, "b") or (style is not None and style.bold):
            kinds.append(("strong", ""))
        vert = _val(rpr, "vertAlign")
        if vert in ("superscript", "subscript"):
            kinds.append((vert, ""))
        if link:
            kinds.append(("link", link))
        return tuple(kinds)

    def _href(self, hyperlink) -> str:
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


def _val(rpr, tag: str) -> str:
    if rpr is None:
        return ""
    el = rpr.find(W + tag)
    return el.get(W + "val", "") if el is not None else ""
