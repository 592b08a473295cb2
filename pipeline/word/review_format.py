"""The review DOCX's own format, shared by its writer and its reader.

- first body paragraph, hidden: :func:`document_marker` (``⟦diglot-review|{json}⟧``);
  core properties keywords :data:`KEYWORDS` and subject the same JSON, as much
  of it as a core property holds (:func:`core_subject`);
- per section a table whose header row is :data:`COLUMNS`;
- in each row's ID cell a hidden :func:`row_marker`
  (``⟦diglot|{segment id}|{source hash}|{target hash}⟧``, with ``|~{hash}`` of
  the memory's own target where the Target shows a fuzzy match: the three-way
  base), read back with :data:`ROW_MARK`;
- footnote references as superscript numbers in the character style
  :data:`NOTE_STYLE` (not part of the text);
- term problems as Word comments by :data:`MACHINE_AUTHOR` (not notes when read back);
- at most :data:`MAX_DOCUMENT_XML` bytes in each of :data:`STREAMED_PARTS`:
  what the writer may write and the reader reads;
- code in :data:`pipeline.word.props.CODE_FONT`.

:mod:`pipeline.render.review_docx` writes it, :mod:`pipeline.review.docx` reads it.
"""

from __future__ import annotations

import json
import re

from pipeline.model import text_hash

# The most bytes of XML the review DOCX's main part (and its comments part) may hold: the writer
# refuses to pass it (a ZIP member without Zip64 holds no more) and the reader, which streams both
# parts row by row and comment by comment, accepts that much. A source at the default size limit makes
# well under it (bench/large_source.py).
MAX_DOCUMENT_XML = 2000 * 1024 * 1024
STREAMED_PARTS = ("word/document.xml", "word/comments.xml")

COLUMNS = ("ID", "Source", "Target", "Status", "Terms", "Note")
KEY_COLUMNS = frozenset(COLUMNS[:3])  # a header row names at least these
ROW_MARK = re.compile(r"⟦diglot\|([^⟧]*)\|([0-9a-f]+)\|([0-9a-f]+)(?:\|~([0-9a-f]+))?⟧")
DOC_MARK_START = "⟦diglot-review|"
DOC_MARK = re.compile(r"⟦diglot-review\|(.*)⟧", re.S)
KEYWORDS = "diglot-review"  # the core properties' keywords of a review DOCX
NOTE_STYLE = "diglotNoteRef"  # a footnote number in a review cell: not part of the text
MACHINE_AUTHOR = "diglot"  # comments diglot wrote itself (term problems) are not notes
MACHINE_INITIALS = "DG"


def row_marker(segment_id: str, source: str, exported_target: str, memory_target: str | None = None) -> str:
    """The row's hidden ids; ``memory_target``: where the Target shows a fuzzy match, what the memory holds."""
    fuzzy = f"|~{text_hash(memory_target)}" if memory_target is not None else ""
    return f"⟦diglot|{segment_id}|{text_hash(source)}|{text_hash(exported_target)}{fuzzy}⟧"


def document_marker(meta_json: str) -> str:
    """The hidden first paragraph's text: the document's JSON (name, languages, note numbers)."""
    return f"{DOC_MARK_START}{meta_json}⟧"


def marker_meta(text: str) -> dict | None:
    """The JSON of the document marker in ``text``: None where there is none, {} where it is damaged."""
    if DOC_MARK_START not in text:
        return None
    match = DOC_MARK.search(text)
    try:
        meta = json.loads(match.group(1)) if match else {}
    except ValueError:
        meta = {}
    return meta if isinstance(meta, dict) else {}


CORE_LIMIT = 255  # characters: python-docx refuses a longer core property


def core_subject(meta: dict) -> str:
    """The JSON the core properties' subject holds: all of it where it fits, else without the note
    numbers (a book with many notes), else the name and languages alone. The hidden body marker holds
    it all; the reader lays the marker over the subject."""
    essentials = {key: meta.get(key) for key in ("document", "source_language", "target_language")}
    for kept in (meta, {k: v for k, v in meta.items() if k != "notes"}, essentials):
        text = json.dumps(kept, ensure_ascii=False, sort_keys=True)
        if len(text) <= CORE_LIMIT:
            return text
    return ""


def core_meta(keywords: str, subject: str) -> dict | None:
    """The JSON the core properties hold (``subject``): None where ``keywords`` do not name a
    review DOCX, {} where the JSON is damaged."""
    if KEYWORDS not in keywords:
        return None
    try:
        meta = json.loads(subject)
    except ValueError:
        return {}
    return meta if isinstance(meta, dict) else {}
