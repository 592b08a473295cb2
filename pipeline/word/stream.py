"""A Word package whose main part is written as it is made, never held whole.

A writer that builds a long body (the review DOCX: a row per segment, over a
gigabyte of XML for a source at the size limit) streams it::

    with streamed_document(doc, path, limit=MAX, what="review DOCX") as body:
        body.write(fragment)                       # paragraphs, tables, rows, in order
        ...                                        # doc's other parts may still change
        body.replace_part("word/comments.xml", chunks)  # a part written from chunks too

``word/document.xml`` goes into the package first, its body's fragments
deflated as they come (``doc``'s own body, taken at the start, around them:
nothing may change it meanwhile); when the block ends, ``doc`` is saved and
its other parts (styles, relationships, pictures, comments) follow, a part
named in :meth:`Body.replace_part` written from its chunks instead. A body
that would pass ``limit`` bytes is a RenderError naming the file, and nothing
is left behind (the package is written atomically).

Member order: ``[Content_Types].xml`` after the main part. The Open Packaging
Conventions set no order (System.IO.Packaging writes it last); Word,
LibreOffice, python-docx and diglot's own reader take it.
"""

from __future__ import annotations

import contextlib
import io
import zipfile
from pathlib import Path
from typing import Callable, Iterable, Iterator

from pipeline.errors import RenderError
from pipeline.fileio import MB, atomic_path

MAIN_PART = "word/document.xml"
XML_DECLARATION = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
_CHUNK = 1 * MB  # characters gathered before they are encoded and deflated


class Body:
    """Where the body's XML fragments go (see the module doc)."""

    def __init__(self, stream, *, limit: int, path: Path, what: str):
        self._stream = stream
        self._limit = limit
        self._path = path
        self._what = what
        self._pending: list[str] = []
        self._size = 0  # characters pending
        self.written = 0  # bytes of XML written
        self.replacements: dict[str, Callable[[], Iterable[str]]] = {}

    def write(self, fragment: str) -> None:
        self._pending.append(fragment)
        self._size += len(fragment)
        if self._size >= _CHUNK:
            self.flush()

    def flush(self) -> None:
        if not self._pending:
            return
        data = "".join(self._pending).encode("utf-8")
        self._pending.clear()
        self._size = 0
        self.written += len(data)
        if self.written > self._limit:
            raise RenderError(f"is not written: its {MAIN_PART} would pass {self._limit // MB} MB, more than a "
                              f"{self._what} can hold; build the source in parts (one file per part)",
                              path=self._path)
        self._stream.write(data)

    def replace_part(self, name: str, chunks: Callable[[], Iterable[str]]) -> None:
        """Write part ``name`` (one the saved package has) from ``chunks()`` of XML instead of as saved."""
        self.replacements[name] = chunks


@contextlib.contextmanager
def streamed_document(doc, path: str | Path, *, limit: int, what: str) -> Iterator[Body]:
    """Write python-docx ``doc`` to ``path`` atomically, its body streamed (see the module doc)."""
    from lxml import etree

    path = Path(path)
    xml = etree.tostring(doc.element, encoding="unicode")
    cut = xml.rfind("<w:sectPr")
    if cut < 0:
        cut = xml.rfind("</w:body>")
    head, tail = XML_DECLARATION + xml[:cut], xml[cut:]
    with atomic_path(path) as tmp:
        try:
            with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as package:
                with package.open(MAIN_PART, "w") as stream:
                    body = Body(stream, limit=limit, path=path, what=what)
                    body.write(head)
                    yield body
                    body.write(tail)
                    body.flush()
                _rest(doc, package, body.replacements)
        except OSError as error:
            raise RenderError(f"cannot write here ({error.strerror or error})", path=path) from error


def _rest(doc, package: zipfile.ZipFile, replacements: dict[str, Callable[[], Iterable[str]]]) -> None:
    """``doc``'s parts but its main part into ``package``: as python-docx saves them, or from their chunks."""
    saved = io.BytesIO()
    doc.save(saved)
    with zipfile.ZipFile(saved) as parts:
        for info in parts.infolist():
            if info.filename == MAIN_PART:
                continue
            chunks = replacements.get(info.filename)
            if chunks is None:
                package.writestr(info, parts.read(info), compress_type=zipfile.ZIP_DEFLATED)
                continue
            with package.open(info.filename, "w") as stream:
                pending: list[str] = []
                size = 0
                for chunk in chunks():
                    pending.append(chunk)
                    size += len(chunk)
                    if size >= _CHUNK:
                        stream.write("".join(pending).encode("utf-8"))
                        pending, size = [], 0
                stream.write("".join(pending).encode("utf-8"))
