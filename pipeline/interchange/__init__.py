"""Interchange with CAT tools: TMX 1.4b for memories, XLIFF 2.1/1.2 for documents.

- :func:`write_tmx` / :func:`import_tmx` (:func:`read_tmx`): the memory out and in;
  :func:`write_edition_tmx`: one edition's pairs (what ``diglot build`` writes).
- :func:`write_xliff` / :func:`import_xliff`: one unit per segment, back in
  under the same three-way rule as the review DOCX (:func:`record_export`: a
  document exported before any build is made known to the memory).
- :func:`edition_from_memory` (from :mod:`pipeline.edition`): a segmented
  document with its targets from the memory, for exporting without a build.
"""

from __future__ import annotations

from pipeline.edition import edition_from_memory
from pipeline.interchange.tmx import TmxImportReport, import_tmx, read_tmx, write_edition_tmx, write_tmx
from pipeline.interchange.xliff import import_xliff, read_xliff, record_export, write_xliff

__all__ = [
    "TmxImportReport", "edition_from_memory", "import_tmx", "import_xliff", "read_tmx", "read_xliff", "record_export",
    "write_edition_tmx", "write_tmx", "write_xliff",
]
