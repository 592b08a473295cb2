"""The source side: documents, their paragraphs and segments, marks and repairs (see :mod:`pipeline.model`)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator


def utc_now() -> str:
    """The current time as recorded in memories and outputs: ISO 8601, UTC, whole seconds."""
    from datetime import datetime, timezone

    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@lru_cache(maxsize=1 << 16)  # a build hashes each source several times (memory, review DOCX, records)
def text_hash(text: str) -> str:
    """The hash a source or target text is known by (memory, review DOCX, XLIFF)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


MARK_KINDS = (
    "emphasis", "strong", "code", "link", "footnote", "superscript", "subscript", "linebreak", "language",
)


_SCRIPT_SCHEMES = ("javascript:", "vbscript:")
_URL_IGNORED = re.compile(r"[\x00-\x20]")  # what browsers skip when they read a URL's scheme


def runs_script(url: str) -> bool:
    """True for a URL that runs code when followed (``javascript:``, ``vbscript:``),
    spelled in any case and with control characters or spaces inside, as browsers read it."""
    return _URL_IGNORED.sub("", url).lower().startswith(_SCRIPT_SCHEMES)


@dataclass(frozen=True)
class Mark:
    """Inline formatting as a standoff span over plain text: ``text[start:end]``.

    ``kind`` is one of :data:`MARK_KINDS`. ``code`` spans are never translated.
    ``link``: ``href`` is the URL. ``footnote``: a footnote reference; ``href``
    is the id of the footnote paragraph (in :attr:`Document.notes`).
    ``linebreak`` is an empty span (``start == end``) where the break falls.
    ``language``: ``language`` is the span's language code.
    On a translation, ``placement`` says how the mark was put on the target:
    ``exact``, ``aligned`` or ``appended`` (empty on source marks).
    """

    kind: str
    start: int
    end: int
    href: str = ""
    language: str = ""
    placement: str = ""

    def __post_init__(self):
        if self.href and self.kind == "link" and runs_script(self.href):
            # a link that runs a script is no link: whatever brought it (a source, a review
            # DOCX, a TMX, the memory), no output carries it; the text stays
            object.__setattr__(self, "href", "")


@dataclass(frozen=True)
class Segment:
    """A sentence (or a heading) as the unit of translation.

    ``id`` is stable: derived from the paragraph's text, not its position.
    ``start`` is the offset of the segment in its paragraph's text.
    """

    id: str
    text: str
    start: int = 0
    marks: tuple[Mark, ...] = ()  # offsets into this segment's text

    @property
    def hash(self) -> str:
        return text_hash(self.text)


@dataclass(frozen=True)
class Paragraph:
    """A block of the source; joining its segments' texts gives ``text`` back."""

    id: str
    text: str
    segments: tuple[Segment, ...] = ()
    role: str = "body"  # title | subtitle | heading | byline | body | note | figure | code
    line: int = 0  # first line of the block in the source file (1-based)
    marks: tuple[Mark, ...] = ()  # inline formatting, offsets into ``text``
    anchor: str = ""  # where the block sits in a container source (EPUB/DOCX), opaque to all but its reader/writer


@dataclass(frozen=True)
class Byline:
    """``<office>、<office> <person name>``: the paragraph, split."""

    paragraph: Paragraph
    affiliation: str
    name: str

    @property
    def text(self) -> str:
        return self.paragraph.text


@dataclass(frozen=True)
class Section:
    """One speech or article: a title, a byline, body paragraphs."""

    id: str
    title: Paragraph | None
    byline: Byline | None
    paragraphs: tuple[Paragraph, ...]
    level: int = 1  # heading depth in books that nest sections (1 = top)

    def blocks(self) -> Iterator[Paragraph]:
        """Every paragraph of the section in reading order, headings included."""
        if self.title is not None:
            yield self.title
        if self.byline is not None:
            yield self.byline.paragraph
        yield from self.paragraphs


@dataclass(frozen=True)
class Repair:
    """What ingestion changed in the text, and why.

    ``kind``: ``joined`` (a page break split a paragraph), ``dehyphenated``
    (joined and a hyphen removed), ``truncated`` (a paragraph cut off for good,
    kept as it is); for EPUB sources, ``lenient`` (malformed XHTML read with the
    lenient HTML parser), ``skipped`` (text left as it is: code, scripts,
    MathML …; the detail names the entry) and ``scripts`` (the book's scripts,
    which its bilingual EPUB does not carry; the detail is the build's warning
    "N scripts removed from NAME.epub"); for Word sources ``unread`` (imported
    HTML or RTF chunks not read: a build warning); for plain text also
    ``dropped``, ``unwrapped``, ``despaced``, ``repeated``, ``removed``; for PDF
    sources ``dropped`` (page furniture, by page), ``skipped`` (pictures) and
    ``despaced``. ``lines`` are the 1-based source lines of the blocks (empty
    where there are none: EPUB, DOCX and PDF sources).
    """

    kind: str
    lines: tuple[int, ...]
    detail: str


@dataclass(frozen=True)
class Document:
    name: str  # the source file's stem; outputs are named after it
    language: str  # source language code, e.g. "zh"
    title: Paragraph | None
    subtitle: Paragraph | None
    sections: tuple[Section, ...]
    repairs: tuple[Repair, ...] = ()
    path: str = ""
    encoding: str = "utf-8"
    format: str = "text"  # text | markdown | epub | docx: what the source file was
    notes: tuple[Paragraph, ...] = ()  # footnotes and endnotes, referenced by footnote marks
    layout: str = ""  # plain text: how its lines were laid out, as decided once for the whole text
    doubts: tuple[tuple[int, str], ...] = ()  # plain text: (line, why) where the structure was a guess
    title_lines: tuple[int, ...] = ()  # plain text: the second lines of two-line section titles

    def blocks(self) -> Iterator[Paragraph]:
        """Every paragraph in reading order: title, subtitle, each section's, then the notes."""
        if self.title is not None:
            yield self.title
        if self.subtitle is not None:
            yield self.subtitle
        for section in self.sections:
            yield from section.blocks()
        yield from self.notes

    def segments(self) -> Iterator[Segment]:
        for block in self.blocks():
            yield from block.segments


