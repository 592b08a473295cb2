"""Ingest: a source file on disk to a :class:`pipeline.model.Document`.

``read_document(path, language="zh")`` is the one entry point. An ``.epub``
goes to :mod:`pipeline.ingest.epub` (the book's own structure and marks), a
``.docx`` to :mod:`pipeline.ingest.docx` (the document's own structure and
marks); for a text source it

- refuses what is not a text source (missing, a folder, binary, an image,
  empty, undecodable) with a :class:`SourceError` naming the file;
- decodes (BOM, strict UTF-8, the language's legacy encodings such as
  GB18030 for zh or cp1252 for de, then detection) and normalises
  line endings and the spaces around lines, keeping the text as written;
- finds the structure: title, ``——`` subtitle, sections with title and byline
  (plain text by detection, Markdown by its marks);
- repairs paragraphs a page break split, divides a "paragraph" too long to
  be one (a text without its line breaks) at sentence ends, and reports
  every repair.

Paragraphs come back with ``segments`` empty; :func:`pipeline.segment.segment_document` fills them.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from pipeline import languages
from pipeline.ingest.encoding import MAX_SOURCE_BYTES, decode, read_bytes
from pipeline.ingest.assemble import assemble
from pipeline.ingest.bounds import check_sentences
from pipeline.ingest.structure import Unit, detect
from pipeline.model import Document, Repair

MARKDOWN_SUFFIXES = (".md", ".markdown")
EPUB_SUFFIXES = (".epub",)
DOCX_SUFFIXES = (".docx",)
PDF_SUFFIXES = (".pdf",)
TEXT_SUFFIXES = (".txt", ".text")
SOURCE_SUFFIXES = TEXT_SUFFIXES + MARKDOWN_SUFFIXES + EPUB_SUFFIXES + DOCX_SUFFIXES + PDF_SUFFIXES

__all__ = ["read_document", "read_text"]


def read_document(path: str | Path, language: str = "zh", *, max_bytes: int = MAX_SOURCE_BYTES) -> Document:
    """Read a .txt, .md, .epub, .docx or .pdf source into a Document (segments not yet filled).

    Only a regular file of at most ``max_bytes`` is read (a FIFO, a device or
    a larger text file is a SourceError naming it; EPUB and DOCX have the
    archive limits of :mod:`pipeline.archive`).
    """
    language = languages.check(language)
    path = Path(path)
    if path.suffix.lower() in EPUB_SUFFIXES:
        from pipeline.ingest.epub import read_epub

        return read_epub(path, language)
    if path.suffix.lower() in DOCX_SUFFIXES:
        from pipeline.ingest.docx import read_docx

        return read_docx(path, language)
    if path.suffix.lower() in PDF_SUFFIXES:
        from pipeline.ingest.pdf import read_pdf

        return read_pdf(path, language)
    text, encoding = decode(read_bytes(path, max_bytes=max_bytes), path, language)
    check_sentences(text, max_bytes=max_bytes, path=path)
    return read_text(text, language=language, name=path.stem, path=str(path), encoding=encoding,
                     markdown=path.suffix.lower() in MARKDOWN_SUFFIXES)


def read_text(
    text: str,
    *,
    language: str = "zh",
    name: str = "document",
    path: str = "",
    encoding: str = "utf-8",
    markdown: bool = False,
) -> Document:
    """The Document of an already decoded text (what read_document does after decoding)."""
    from pipeline.errors import SourceError

    language = languages.check(language)
    text, removed = _without_controls(text)
    if markdown:
        from pipeline.ingest.markdown import read_markdown

        doc = read_markdown(text, name=name, language=language, path=path, encoding=encoding)
        if not any(p.text for p in doc.blocks()):
            raise SourceError("has no text (only blank lines); write the source text into it first", path=path or None)
        return replace(doc, repairs=(removed,) + doc.repairs) if removed else doc
    title, subtitle, sections, repairs, shape, doubts = _plain(text, language)
    repairs = ([removed] if removed else []) + list(repairs)
    if title is None and subtitle is None and not any(h or b or body for h, b, body in sections):
        raise SourceError("has no text (only blank lines); write the source text into it first", path=path or None)
    return assemble(
        name=name,
        language=language,
        path=path,
        encoding=encoding,
        title=title,
        subtitle=subtitle,
        sections=sections,
        repairs=repairs,
        layout=shape.describe(),
        doubts=doubts,
    )


# What no output (XML: DOCX, EPUB, TMX, XLIFF) can hold; a form feed is a page break, kept for the structure.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f\ufffe\uffff]")


def _without_controls(text: str) -> tuple[str, Repair | None]:
    """``text`` without control characters (a NUL deep in a file), and a repair saying where they were."""
    found = _CONTROLS.search(text)
    if found is None:
        return text, None
    lines = []
    count = 0
    for match in _CONTROLS.finditer(text):
        count += 1
        if len(lines) < 5:
            line = text.count("\n", 0, match.start()) + 1
            if line not in lines:
                lines.append(line)
    names = sorted({f"U+{ord(m):04X}" for m in set(_CONTROLS.findall(text))})[:5]
    detail = (f"removed {count} control character(s) ({', '.join(names)}) that no output can hold; "
              "check the file was saved as text")
    return _CONTROLS.sub("", text), Repair(kind="removed", lines=tuple(lines), detail=detail)


def _plain(text: str, language: str):
    """Title, subtitle, sections, repairs, layout and doubts of a plain text: lines, structure, repair
    (a paragraph too long to be one divided at sentence ends: :mod:`pipeline.ingest.bounds`)."""
    from pipeline.ingest.bounds import divide
    from pipeline.ingest.lines import layout, read_lines, separator
    from pipeline.ingest.repair import despace, repair_body, repeated, unwrap, unwrapped

    units, repairs = read_lines(text)
    shape = layout(units)
    wrapped: list[int] = []
    units, joined = unwrap(units, shape, wrapped)
    repairs.extend(joined)
    shape = replace(shape, separator=separator(units, shape.width))
    doubts: list[tuple[int, str]] = []
    title, subtitle, raw = detect(units, shape, doubts)
    sections: list[tuple[Unit | None, tuple[str, str, Unit] | None, list[Unit]]] = []
    everything: list[Unit] = []
    for index, section in enumerate(raw):
        next_title = raw[index + 1].title if index + 1 < len(raw) else None
        front_matter = index == 0 and section.title is None and next_title is not None  # 作者：… is not cut off
        body, found = repair_body(section.body, last_section=next_title is None,
                                  next_title=None if front_matter else next_title, layout=shape, wrapped=wrapped,
                                  doubts=doubts)
        repairs.extend(found)
        for unit in body:
            spaced = despace(unit)
            if spaced is not None:
                repairs.append(spaced)
        body, divided = divide(body, language)
        repairs.extend(divided)
        everything.extend(body)
        sections.append((section.title, section.byline_parts(), body))
    repairs.extend(unwrapped(wrapped, shape))
    repairs.extend(repeated(everything))
    repairs.sort(key=lambda r: r.lines[:1])
    return title, subtitle, sections, repairs, shape, tuple(sorted(doubts))
