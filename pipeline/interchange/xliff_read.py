"""Reading a translated XLIFF (2.x or 1.2) back: streamed unit by unit.

The file is never parsed whole: each ``<unit>`` (2.x) or ``<trans-unit>``
(1.2) is read into a :class:`~pipeline.review.apply.ReviewRow` when it ends
and then cleared, so memory stays flat whatever the number of units (as the
TMX import). A unit whose source no longer has its exported hash only because
a tool (or diglot's own pretty-printer, in files written before) indented its
inline codes with newlines is read again without that indentation.

Inline codes in the target are the target's marks; a code the translator's
tool wrote back without diglot's attributes (OmegaT's ``<g ctype="link">``, a
bare ``<x/>``, a hand edit) is the source code of the same id, or of the same
kind, see :func:`pipeline.interchange.xliff_inline.read`.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from pipeline import languages
from pipeline.errors import ReviewError
from pipeline.interchange import xliff_inline as inline
from pipeline.model import text_hash

XLIFF2 = "urn:oasis:names:tc:xliff:document:2.0"
XLIFF12 = "urn:oasis:names:tc:xliff:document:1.2"
MDA = "urn:oasis:names:tc:xliff:metadata:2.0"
DG = "urn:diglot:xliff"
MAX_XLIFF_BYTES = 1024 * 1024 * 1024  # streamed: memory stays flat whatever the size


def code_of(tag: str, *, path=None) -> str:
    """A language tag from a file (``zh-CN``, ``en_US``) to a diglot code."""
    code = languages.from_tag(tag)
    if code is None:
        raise ReviewError(f"unknown language {tag!r} in the XLIFF file", path=path)
    return code


class _File:
    """What the stream has told so far about the file: version, languages, document name."""

    def __init__(self, path: Path):
        self.path, self.namespace, self.files = path, "", 0
        self.document = self.sl = self.tl = ""

    def start(self, element) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if element.getparent() is None:
            self.namespace = tag[1:].split("}")[0] if tag.startswith("{") else ""
            if self.namespace == XLIFF2:
                self.sl, self.tl = element.get("srcLang", ""), element.get("trgLang", "")
        elif tag == f"{{{self.namespace}}}file" and element.getparent().getparent() is None:
            self.files += 1
            if self.files > 1:
                raise ReviewError("expected one <file> per XLIFF, found more; export one file per document", path=self.path)
            self.document = element.get(f"{{{DG}}}document") or element.get("original", "")
            if self.namespace == XLIFF12:
                self.sl, self.tl = element.get("source-language", ""), element.get("target-language", "")

    def check(self) -> None:
        """Refuse another root (at its first end event: a file cut short is named as broken XML first)."""
        if self.namespace not in (XLIFF2, XLIFF12):
            raise ReviewError("not an XLIFF 1.2 or 2.x file", path=self.path)

    def file_metadata(self, element) -> None:
        """2.x: the file's diglot metadata (document name, target language) when it ends."""
        meta = _metas(element.getparent())
        self.document = meta.get("document") or self.document
        self.tl = self.tl or meta.get("target-language", "")

    def languages(self) -> tuple[str, str]:
        return code_of(self.sl, path=self.path), code_of(self.tl, path=self.path)


# what the stream stops at (libxml2 filters the rest): roots, files, units, the 2.x file metadata
_TAGS = tuple(f"{{{ns}}}{name}" for ns in (XLIFF2, XLIFF12) for name in ("xliff", "file", "unit", "trans-unit")) + (
    f"{{{MDA}}}metadata",)


def read_xliff(path: str | Path):
    """Read an XLIFF 2.x or 1.2 file: (document, source_language, target_language, rows)."""
    from pipeline.fileio import open_regular
    from pipeline.xmlsafe import iter_xml

    path = Path(path)
    file = _File(path)
    rows = []
    with open_regular(path, max_bytes=MAX_XLIFF_BYTES, error=ReviewError, what="XLIFF file") as handle:
        for event, element in iter_xml(handle, path=path, error=ReviewError, events=("start", "end"), tag=_TAGS):
            if event == "start":
                file.start(element)
                continue
            file.check()
            x = f"{{{file.namespace}}}"
            if element.tag == f"{{{MDA}}}metadata" and element.getparent().tag == f"{x}file":
                file.file_metadata(element)
            elif element.tag in (f"{x}unit", f"{x}trans-unit"):
                rows.append(_row_2(element, x) if file.namespace == XLIFF2 else _row_12(element, x))
                element.clear()
                while element.getprevious() is not None:
                    del element.getparent()[0]
    file.check()
    if file.files == 0:
        raise ReviewError("expected one <file> per XLIFF, found 0; export one file per document", path=path)
    sl, tl = file.languages()
    if not file.document:
        raise ReviewError("the XLIFF file names no document (file 'original'); export it with diglot", path=path)
    return file.document, sl, tl, rows


def _texts(sources, targets, data: dict[str, str], declared: str):
    """(source, target, target marks or None) of a unit's source and target elements.

    Read again without indentation when only that keeps the source's exported hash."""
    for dedent in (False, True):
        source, _, coded, codes = _read_parts(sources, data, dedent=dedent)
        target, marks, target_coded, _ = _read_parts(targets, data, dedent=dedent, codes=codes)
        if not declared or text_hash(source) == declared:
            break
    return source, target, marks if coded or target_coded else None


def _read_parts(elements, data: dict[str, str], *, dedent: bool, codes=None):
    """(text, marks, any diglot code found, the codes by id) of elements read one after another."""
    text, marks, found, ids = "", [], False, {}
    for element in elements:
        part, part_marks, part_found, part_ids = inline.read(element, data, dedent=dedent, codes=codes)
        marks.extend(replace(m, start=m.start + len(text), end=m.end + len(text)) for m in part_marks)
        text, found = text + part, found or part_found
        ids.update(part_ids)
    return text, tuple(marks), found, ids


def _row_2(unit, x: str):
    from pipeline.review.apply import ReviewRow

    m = _metas(unit)
    segments = unit.findall(f"{x}segment")
    data = {d.get("id", ""): d.text or "" for d in unit.iterfind(f"{x}originalData/{x}data")}
    sources = [s.find(f"{x}source") for s in segments if s.find(f"{x}source") is not None]
    targets = [s.find(f"{x}target") for s in segments if s.find(f"{x}target") is not None]
    source, target, marks = _texts(sources, targets, data, m.get("source-hash", ""))
    notes = [n.text or "" for n in unit.iter(f"{x}note") if n.get("category") not in ("term", "diglot")]
    return ReviewRow(
        segment_id=unit.get("id", ""), source_hash=m.get("source-hash") or text_hash(source),
        base_hash=m.get("base-target-hash", ""), target=target,
        status=segments[-1].get("state", "") if segments else "", memory_base=m.get("memory-target-hash", ""),
        note="; ".join(n.strip() for n in notes if n.strip()), source_text=source, marks=marks,
    )


def _row_12(unit, x: str):
    from pipeline.review.apply import ReviewRow

    src_el, tgt_el = unit.find(f"{x}source"), unit.find(f"{x}target")
    declared = unit.get(f"{{{DG}}}source-hash", "")
    source, target, marks = _texts([src_el] if src_el is not None else [], [tgt_el] if tgt_el is not None else [],
                                   {}, declared)
    state = tgt_el.get("state", "") if tgt_el is not None else ""
    notes = [n.text or "" for n in unit.findall(f"{x}note") if n.get("from") != "diglot"]
    return ReviewRow(
        segment_id=unit.get("id", ""), source_hash=declared or text_hash(source),
        base_hash=unit.get(f"{{{DG}}}base-target-hash", ""), target=target,
        status="final" if unit.get("approved") == "yes" else state,
        memory_base=unit.get(f"{{{DG}}}memory-target-hash", ""),
        note="; ".join(n.strip() for n in notes if n.strip()), source_text=source, marks=marks,
    )


def _metas(element) -> dict[str, str]:
    out = {}
    metadata = element.find(f"{{{MDA}}}metadata")
    if metadata is not None:
        for meta in metadata.iter(f"{{{MDA}}}meta"):
            out.setdefault(meta.get("type", ""), (meta.text or "").strip())
    return out
