"""render: an Edition into files — review DOCX, edition DOCX, EPUB 3.

One entry point, :func:`render` (or :func:`start_render`, to do other work
while the review DOCX is written in a child process); one module per format:

- ``review``: NAME.review.docx (:func:`write_review_docx`), the table a reviewer edits in Word;
- ``docx``: NAME.docx (:func:`write_edition_docx`), the edition for print; for a DOCX
  source (:func:`write_book_docx`) the source document with the translation put in;
- ``epub``: NAME.epub (:func:`write_epub`), the edition for e-readers; for an
  EPUB source, the source book itself with the translation put in.

Every file is written atomically and records what made it (engine, model,
glossary digest, diglot version). python-docx and ebooklib are imported only
inside the writers.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from pipeline.errors import RenderError
from pipeline.formats import FORMATS as OUTPUT_FORMATS
from pipeline.formats import RENDERED as FORMATS  # the formats written here (see pipeline.formats)
from pipeline.model import Edition
from pipeline.formats import DOCX_LAYOUTS, LAYOUTS, PAGE_SIZES, check_layout, check_page_size


def check_formats(formats: Iterable[str] | str) -> list[str]:
    if isinstance(formats, str):
        formats = formats.split(",")
    out: list[str] = []
    for fmt in formats:
        fmt = fmt.strip().lower()
        if not fmt:
            continue
        if fmt not in FORMATS:
            raise RenderError(f"unknown output format {fmt!r} (choose among: {', '.join(FORMATS)})")
        if fmt not in out:
            out.append(fmt)
    if not out:
        raise RenderError(f"no output format given (choose among: {', '.join(FORMATS)})")
    return out


def output_path(edition: Edition, fmt: str, out_dir: str | Path) -> Path:
    return OUTPUT_FORMATS[fmt].path(out_dir, edition.document.name)


def render(
    edition: Edition,
    formats: Iterable[str] | str,
    out_dir: str | Path,
    *,
    layout: str = "interleaved",
    page_size: str = "A4",
) -> list[Path]:
    """Write the requested formats of ``edition`` into ``out_dir``; return the paths written.

    ``formats`` among ``review``, ``docx``, ``epub``. ``layout`` is the EPUB's
    (``interleaved``, ``side-by-side``, ``translation-only``, ``source-only``);
    the edition DOCX takes ``interleaved`` or ``side-by-side`` (the two others
    fall back to interleaved there); a DOCX source's NAME.docx takes
    ``translation-only`` (the translated document) or is interleaved. ``page_size`` (``A4`` or ``Letter``) is the
    review DOCX's.
    """
    return start_render(edition, formats, out_dir, layout=layout, page_size=page_size).finish()


def start_render(
    edition: Edition,
    formats: Iterable[str] | str,
    out_dir: str | Path,
    *,
    layout: str = "interleaved",
    page_size: str = "A4",
) -> Rendering:
    """:func:`render` in two steps: settings checked and the review DOCX started
    (in a child process where :mod:`pipeline.render.parallel` allows) now, the
    other formats written by :meth:`Rendering.finish`, which then waits for the
    review DOCX. Between the two the caller may do other work."""
    chosen = check_formats(formats)
    layout = check_layout(layout)
    page_size = check_page_size(page_size)
    if "epub" in chosen and edition.document.format == "epub":
        from pipeline.render.book_epub import REFUSED_LAYOUTS

        if layout in REFUSED_LAYOUTS:  # before any output is written
            raise RenderError(REFUSED_LAYOUTS[layout], path=output_path(edition, "epub", out_dir))
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise RenderError("the output folder is a file; name a folder", path=out_dir)
    source = Path(edition.document.path).resolve() if edition.document.path else None
    for fmt in chosen:  # a Word or EPUB source's NAME.docx / NAME.epub must not land on the source itself
        if source is not None and output_path(edition, fmt, out_dir).resolve() == source:
            raise RenderError(f"would overwrite its source {source.name}; write the outputs into another folder",
                              path=output_path(edition, fmt, out_dir))
    return Rendering(edition, chosen, out_dir, layout, page_size)


class Rendering:
    """Outputs of one edition being written (see :func:`start_render`)."""

    def __init__(self, edition: Edition, formats: list[str], out_dir: Path, layout: str, page_size: str):
        from pipeline.render import parallel

        self.edition, self.formats, self.out_dir = edition, formats, out_dir
        self.layout, self.page_size = layout, page_size
        # the review DOCX, the longest to write, beside the others
        self.beside = next((f for f in formats if OUTPUT_FORMATS[f].beside), "") if len(formats) > 1 else ""
        self.pending = None
        if self.beside:
            self.pending = parallel.start(lambda: self.write(self.beside), segments=len(edition.translations),
                                          what=output_path(edition, self.beside, out_dir).name)

    def finish(self) -> list[Path]:
        """Write the other formats, wait for the review DOCX; the paths, in the order asked for."""
        written: dict[str, Path] = {}
        try:
            for fmt in self.formats:
                if fmt != self.beside:
                    written[fmt] = self.write(fmt)
        except BaseException:
            self.wait()
            raise
        if self.pending is not None:
            written[self.beside] = self.pending.result()
        return [written[fmt] for fmt in self.formats]

    def wait(self) -> None:
        """Wait for the review DOCX's writer, whatever its outcome: no writer is left
        running behind a build that failed."""
        if self.pending is not None:
            self.pending.wait()

    def write(self, fmt: str) -> Path:
        edition, layout = self.edition, self.layout
        target = output_path(edition, fmt, self.out_dir)
        try:
            OUTPUT_FORMATS[fmt].write(edition, target, layout=layout, page_size=self.page_size)
        except OSError as exc:
            raise RenderError(f"cannot write the {fmt} output: {exc.strerror or exc}", path=target) from exc
        return target


def write_review_docx(edition: Edition, path: str | Path, *, page_size: str = "A4") -> Path:
    """NAME.review.docx: the table a reviewer edits in Word (see pipeline.render.review_docx)."""
    from pipeline.render.review_docx import write_review_docx as write

    return write(edition, path, page_size=page_size)


def write_edition_docx(edition: Edition, path: str | Path, *, layout: str = "interleaved") -> Path:
    """NAME.docx: the bilingual edition for print (see pipeline.render.edition_docx)."""
    from pipeline.render.edition_docx import write_edition_docx as write

    return write(edition, path, layout=layout)


def write_docx(edition: Edition, path: str | Path, *, layout: str = "interleaved") -> Path:
    """NAME.docx: the edition for print; for a DOCX source, the source document with its translation put in
    (``translation-only``: the translated document; any other layout interleaves)."""
    if edition.document.format == "docx":
        return write_book_docx(edition, path, layout="translation-only" if layout == "translation-only"
                               else "interleaved")
    return write_edition_docx(edition, path, layout=layout if layout in DOCX_LAYOUTS else "interleaved")


def write_book_docx(edition: Edition, path: str | Path, *, layout: str = "interleaved") -> Path:
    """NAME.docx of a DOCX source: the source document with its translation put in (see pipeline.render.book_docx)."""
    from pipeline.render.book_docx import write_book_docx as write

    return write(edition, path, layout=layout)


def write_epub(edition: Edition, path: str | Path, *, layout: str = "interleaved") -> Path:
    """NAME.epub: EPUB 3 for e-readers (see pipeline.render.epub); for an EPUB source, the
    source book with its translation put in (see pipeline.render.book_epub)."""
    if edition.document.format == "epub":
        from pipeline.render.book_epub import write_book_epub

        return write_book_epub(edition, path, layout=layout)
    from pipeline.render.epub import write_epub as write

    return write(edition, path, layout=layout)


__all__ = [
    "FORMATS",
    "LAYOUTS",
    "PAGE_SIZES",
    "Rendering",
    "render",
    "start_render",
    "write_book_docx",
    "write_docx",
    "write_edition_docx",
    "write_epub",
    "write_review_docx",
]
