"""The output formats a build writes, in one registry: name, file suffix, writer.

``diglot build --format review,docx,epub,tmx,xliff`` picks among
:data:`OUTPUT_FORMATS`; diglot.toml's ``formats`` too. Each format's writer is
named as ``module:function`` and imported only when a file is written, so
importing this module (``diglot --help`` does) imports no writer. A writer is
called as ``writer(edition, path, **options)`` with the keyword options it
takes (``layout``, ``page_size``).

``rendered`` formats are the editions :mod:`pipeline.render` writes (the one
with ``beside`` set, the review DOCX, in a second process beside the others
where that pays); the others are interchange files for CAT tools
(:mod:`pipeline.interchange`). The writers' options (layouts, page sizes) and
their checks are here too, below the writers that check them and the
settings (pipeline.config) that offer them.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.errors import RenderError


@dataclass(frozen=True)
class OutputFormat:
    name: str  # as given to --format
    suffix: str  # NAME + suffix in the output folder
    writer: str  # "module:function"
    options: tuple[str, ...] = ()  # the keyword options the writer takes
    rendered: bool = True  # an edition written by pipeline.render; else an interchange file
    default: bool = True  # written when no formats are given
    beside: bool = False  # written in a second process beside the other formats

    def path(self, out_dir: str | Path, name: str) -> Path:
        """The file of document ``name`` in ``out_dir``."""
        return Path(out_dir) / f"{name}{self.suffix}"

    def write(self, edition, path: str | Path, **options: Any):
        """Write ``edition`` to ``path`` with the options this writer takes (the others are ignored)."""
        module, _, function = self.writer.partition(":")
        writer = getattr(importlib.import_module(module), function)
        return writer(edition, path, **{k: v for k, v in options.items() if k in self.options})


OUTPUT_FORMATS = (
    OutputFormat("review", ".review.docx", "pipeline.render:write_review_docx", ("page_size",), beside=True),
    OutputFormat("docx", ".docx", "pipeline.render:write_docx", ("layout",)),
    OutputFormat("epub", ".epub", "pipeline.render:write_epub", ("layout",)),
    OutputFormat("tmx", ".tmx", "pipeline.interchange:write_edition_tmx", rendered=False, default=False),
    OutputFormat("xliff", ".xlf", "pipeline.interchange:write_xliff", rendered=False, default=False),
)
FORMATS = {f.name: f for f in OUTPUT_FORMATS}
NAMES = tuple(FORMATS)  # review, docx, epub, tmx, xliff
DEFAULT_FORMATS = tuple(f.name for f in OUTPUT_FORMATS if f.default)
RENDERED = tuple(f.name for f in OUTPUT_FORMATS if f.rendered)

# The options the writers take: the EPUB's and the edition DOCX's layout, the review DOCX's paper.
LAYOUTS = ("interleaved", "side-by-side", "translation-only", "source-only")
DOCX_LAYOUTS = ("interleaved", "side-by-side")
PAGE_SIZES = ("A4", "Letter")


def check_layout(layout: str, allowed: tuple[str, ...] = LAYOUTS) -> str:
    norm = (layout or "").strip().lower().replace("_", "-")
    if norm not in allowed:
        raise RenderError(f"unknown layout {layout!r} (choose one of: {', '.join(allowed)})")
    return norm


def check_page_size(page_size: str) -> str:
    for name in PAGE_SIZES:
        if name.lower() == (page_size or "").strip().lower():
            return name
    raise RenderError(f"unknown page size {page_size!r} (choose A4 or Letter)")
