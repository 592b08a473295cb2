"""The data that passes between stages: frozen dataclasses, nothing else.

ingest ──▶ Document (paragraphs without segments)
segment ─▶ Document (every Paragraph has its Segments)
glossary ▶ TermHit per occurrence, TermCheck per hit after translation
engines ─▶ Hypothesis lists
build ───▶ Edition: the Document plus one Translation per segment id
render ──▶ files (review DOCX, edition DOCX, EPUB, TMX, XLIFF)

Paragraph roles: ``title`` and ``subtitle`` (the document's), ``heading`` (a
section title), ``byline`` and ``body``. Headings and bylines are segmented and
translated like body text, so that everything in the edition is translated.
Three more roles come from sources that state them (Markdown, EPUB, DOCX):
``note`` (a footnote or endnote, in :attr:`Document.notes`, translated like
body text), ``figure`` (an image: ``text`` is its alt text, translated;
``anchor`` is the image's src) and ``code`` (a code block: one segment, with
one ``code`` mark over the whole text, never sent to the engine; its
translation is its text, verbatim, and renderers set it as preformatted text).

The classes live in two modules, :mod:`.documents` (the source side) and
:mod:`.translations` (statuses, terms, editions, requests, memory rows); import
them from here.

Inline formatting is standoff: :class:`Mark` spans over the plain text, so
ids, segmentation, glossary offsets and the memory key stay on plain text.
A footnote reference is an empty span where the reference stands.
"""

from __future__ import annotations

from pipeline.model.documents import (
    utc_now,
    text_hash,
    MARK_KINDS,
    runs_script,
    Mark,
    Segment,
    Paragraph,
    Byline,
    Section,
    Repair,
    Document,
)
from pipeline.model.translations import (
    Status,
    USER_STATUSES,
    TermStatus,
    Term,
    TermHit,
    TermCheck,
    Hypothesis,
    Provenance,
    FuzzyMatch,
    Translation,
    Edition,
    Glossary,
    RequestContext,
    TranslationRequest,
    Usage,
    MachineTarget,
    ReviewEdit,
    MemoryEntry,
    MemoryConflict,
)

__all__ = [
    "utc_now",
    "text_hash",
    "MARK_KINDS",
    "runs_script",
    "Mark",
    "Segment",
    "Paragraph",
    "Byline",
    "Section",
    "Repair",
    "Document",
    "Status",
    "USER_STATUSES",
    "TermStatus",
    "Term",
    "TermHit",
    "TermCheck",
    "Hypothesis",
    "Provenance",
    "FuzzyMatch",
    "Translation",
    "Edition",
    "Glossary",
    "RequestContext",
    "TranslationRequest",
    "Usage",
    "MachineTarget",
    "ReviewEdit",
    "MemoryEntry",
    "MemoryConflict",
]
