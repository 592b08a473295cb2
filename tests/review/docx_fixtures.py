"""Review test helpers: a small Chinese→English edition, its memory, review DOCX files.

Two writers of review DOCX are used: diglot's own (pipeline.render) and a
small independent one here, built with python-docx straight from the agreed
format (header row, hidden ``⟦diglot|id|source_hash|target_hash⟧`` run in the
ID cell, hidden ``⟦diglot-review|{json}⟧`` first paragraph, core properties).
Edits are made on the raw XML, the way Word stores them.
"""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

from pipeline.model import (
    Document,
    Edition,
    MachineTarget,
    Paragraph,
    Provenance,
    Section,
    Segment,
    Translation,
    text_hash,
)

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
HEADER = ("ID", "Source", "Target", "Status", "Terms", "Note")
DOC = "speeches"
PRODUCER = "engine:test|model:tiny@1|settings:|glossary:|diglot:0.1.0"

# (paragraph id, role, [(segment source, machine target)])
SAMPLE = [
    ("p1", "title", [("发展新质生产力", "Developing new quality productive forces")]),
    ("p2", "heading", [("第一篇讲话", "The first speech")]),
    ("p3", "body", [
        ("中国经济保持稳定增长。", "China's economy maintained steady growth."),
        ("我们要坚持高质量发展。", "We must adhere to high-quality development."),
    ]),
    ("p4", "heading", [("第二篇讲话", "The second speech")]),
    ("p5", "body", [
        ("合作共赢是唯一的选择。", "Win-win cooperation is the only choice."),
        ("绿色发展是新的方向。", "Green development is the new direction."),
        ("科技创新推动产业升级。", "Technological innovation drives industrial upgrading."),
    ]),
]


def _paragraph(pid: str, role: str, pairs) -> Paragraph:
    segments = []
    offset = 0
    for n, (source, _) in enumerate(pairs, 1):
        segments.append(Segment(id=f"{pid}.{n}", text=source, start=offset))
        offset += len(source)
    return Paragraph(id=pid, text="".join(s for s, _ in pairs), segments=tuple(segments), role=role)


def sample_document() -> Document:
    blocks = {pid: _paragraph(pid, role, pairs) for pid, role, pairs in SAMPLE}
    return Document(
        name=DOC, language="zh", title=blocks["p1"], subtitle=None,
        sections=(
            Section(id="s1", title=blocks["p2"], byline=None, paragraphs=(blocks["p3"],)),
            Section(id="s2", title=blocks["p4"], byline=None, paragraphs=(blocks["p5"],)),
        ),
    )


def machine_targets() -> dict[str, str]:
    """segment id -> machine target."""
    return {f"{pid}.{n}": target for pid, _, pairs in SAMPLE for n, (_, target) in enumerate(pairs, 1)}


def sources() -> dict[str, str]:
    return {f"{pid}.{n}": source for pid, _, pairs in SAMPLE for n, (source, _) in enumerate(pairs, 1)}


def sample_edition(overrides: dict[str, tuple[str, str]] | None = None) -> Edition:
    document = sample_document()
    targets = machine_targets()
    translations = {}
    for segment in document.segments():
        target, status = (overrides or {}).get(segment.id, (targets[segment.id], "machine"))
        translations[segment.id] = Translation(segment.id, segment.text, target, status)
    return Edition(
        document=document, source_language="zh", target_language="en", translations=translations,
        provenance=Provenance(engine="test", model="tiny", model_version="1", diglot_version="0.1.0"),
        created="2026-01-01T00:00:00+00:00",
    )


def make_memory(project: Path):
    """A real SQLite memory in ``project`` with the sample's machine targets and document record."""
    from pipeline.memory import TranslationMemory

    tm = TranslationMemory.for_project(project)
    src = sources()
    tm.store_machine("zh", "en", [MachineTarget(src[sid], t, PRODUCER) for sid, t in machine_targets().items()])
    tm.record_document(DOC, "zh", "en", list(src.items()))
    return tm


def snapshot(tm) -> list[tuple]:
    """Everything a user would see in the memory: entries and conflicts."""
    entries = sorted((e.source, e.target, e.status, e.note) for e in tm.entries("zh", "en"))
    return [entries, len(list(tm.conflicts()))]


# --------------------------------------------------------------- writers


def write_with_diglot(path: Path, edition: Edition | None = None) -> Path:
    from pipeline.render import write_review_docx

    return write_review_docx(edition or sample_edition(), path)


def write_independent(path: Path, tables=None, *, marker: bool = True, meta: dict | None = None) -> Path:
    """The agreed review format written with python-docx alone.

    ``tables``: list of tables, each a list of (segment id, source, target, status, note).
    """
    import docx

    if tables is None:
        targets, src = machine_targets(), sources()
        ids = list(src)
        tables = [[(i, src[i], targets[i], "machine", "") for i in ids[:4]],
                  [(i, src[i], targets[i], "machine", "") for i in ids[4:]]]
    doc = docx.Document()
    meta = meta or {"diglot": "0.1.0", "document": DOC, "source_language": "zh", "target_language": "en",
                    "exported": "2026-01-01T00:00:00Z"}
    text = json.dumps(meta, ensure_ascii=False)
    if marker:
        run = doc.add_paragraph().add_run(f"⟦diglot-review|{text}⟧")
        run.font.hidden = True
        doc.core_properties.keywords = "diglot-review"
        doc.core_properties.subject = text
    else:
        doc.add_paragraph("A table of sentences.")
    for rows in tables:
        table = doc.add_table(rows=1, cols=6)
        for cell, label in zip(table.rows[0].cells, HEADER):
            cell.text = label
        for sid, source, target, status, note in rows:
            cells = table.add_row().cells
            first = cells[0].paragraphs[0]
            first.add_run(sid)
            first.add_run(f"⟦diglot|{sid}|{text_hash(source)}|{text_hash(target)}⟧").font.hidden = True
            cells[1].text, cells[2].text, cells[3].text, cells[5].text = source, target, status, note
        doc.add_paragraph("")
    doc.save(path)
    return path


# --------------------------------------------------------------- raw XML edits


class DocxXml:
    """word/document.xml of a DOCX, parsed, to be edited and saved back."""

    def __init__(self, path: Path):
        from lxml import etree

        self.path = Path(path)
        with zipfile.ZipFile(self.path) as z:
            self.parts = {n: z.read(n) for n in z.namelist()}
        self.root = etree.fromstring(self.parts["word/document.xml"])

    def rows(self):
        return self.root.findall(".//w:tr", NS)

    def row(self, sid: str):
        for tr in self.rows():
            text = "".join(tr.xpath("./w:tc[1]//w:t/text()", namespaces=NS))
            if f"⟦diglot|{sid}|" in text:
                return tr
        raise KeyError(sid)

    def cell(self, sid: str, column: str):
        return self.row(sid).findall("w:tc", NS)[HEADER.index(column)]

    def set_text(self, sid: str, column: str, *paragraphs: str) -> None:
        """Replace a cell's paragraphs by plain ones (what typing in Word does)."""
        from lxml import etree

        tc = self.cell(sid, column)
        for p in tc.findall("w:p", NS):
            tc.remove(p)
        for text in paragraphs:
            p = etree.SubElement(tc, f"{{{W}}}p")
            if text:
                r = etree.SubElement(p, f"{{{W}}}r")
                t = etree.SubElement(r, f"{{{W}}}t")
                t.text = text
                t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")

    def raw_cell(self, sid: str, column: str, inner_xml: str) -> None:
        """Replace a cell's paragraphs by raw WordprocessingML (w: prefix bound)."""
        from lxml import etree

        tc = self.cell(sid, column)
        for p in tc.findall("w:p", NS):
            tc.remove(p)
        wrapper = etree.fromstring(f'<x xmlns:w="{W}">{inner_xml}</x>')
        for child in list(wrapper):
            tc.append(child)

    def save(self, path: Path | None = None) -> Path:
        from lxml import etree

        self.parts["word/document.xml"] = etree.tostring(self.root, xml_declaration=True, encoding="UTF-8", standalone=True)
        out = Path(path or self.path)
        tmp = out.with_suffix(".tmp")
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
            for name, data in self.parts.items():
                z.writestr(name, data)
        shutil.move(tmp, out)
        return out
