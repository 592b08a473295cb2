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

Inline formatting is standoff: :class:`Mark` spans over the plain text, so
ids, segmentation, glossary offsets and the memory key stay on plain text.
A footnote reference is an empty span where the reference stands.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import Iterator, Mapping


class Status(StrEnum):
    """The status of a segment's translation. A StrEnum: ``Status.REVIEWED == "reviewed"``.

    ``machine``: engine output (a cache); ``reviewed``/``approved``: a person's
    text (user data, never replaced by a machine run); ``untranslated``: no
    target yet; ``fuzzy``: a reviewed translation of a similar source, shown for
    the reviewer to confirm (never stored in the memory as such).
    """

    MACHINE = "machine"
    REVIEWED = "reviewed"
    APPROVED = "approved"
    UNTRANSLATED = "untranslated"
    FUZZY = "fuzzy"


USER_STATUSES = (Status.REVIEWED, Status.APPROVED)  # a person's text


class TermStatus(StrEnum):
    """What happened to one term occurrence in the translation (a :class:`TermCheck`).

    ``model``: the plain best hypothesis had it; ``nbest``: another of the
    n-best did; ``forced``: decoding was forced to it; ``repaired``: a chat model
    put it in when asked again, naming the term; ``reviewed``: the reviewer's
    text has it; ``missing``: the translation lacks it.
    """

    MODEL = "model"
    NBEST = "nbest"
    FORCED = "forced"
    REPAIRED = "repaired"
    REVIEWED = "reviewed"
    MISSING = "missing"


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
    "N scripts removed from NAME.epub"). ``lines`` are the 1-based source lines
    of the blocks.
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


@dataclass(frozen=True)
class Term:
    """One glossary entry."""

    source: str
    target: str
    note: str = ""
    case_sensitive: bool = False
    dnt: bool = False  # do not translate: the target is the source form
    forbidden: tuple[str, ...] = ()
    variants: tuple[str, ...] = ()
    origin: str = ""  # "file:line" it came from

    @property
    def required(self) -> tuple[str, ...]:
        """Target forms any one of which satisfies the term."""
        return ((self.source,) if self.dnt else (self.target,)) + self.variants


@dataclass(frozen=True)
class TermHit:
    """A term found in a source segment, with offsets into the segment's text."""

    term: Term
    segment_id: str
    start: int
    end: int


@dataclass(frozen=True)
class TermCheck:
    """What happened to one term occurrence in the translation.

    ``status``: a :class:`TermStatus`.
    ``forbidden_hits``: forbidden renderings found in the translation.
    ``span``: where in the translation the term was found (target offsets,
    ``pipeline.glossary.check.occurrences``), None when it was not; the
    checker, the render highlights and mark placement all read this one span.
    """

    hit: TermHit
    status: str  # a TermStatus
    forbidden_hits: tuple[str, ...] = ()
    span: tuple[int, int] | None = None

    @property
    def satisfied(self) -> bool:
        return self.status != TermStatus.MISSING and not self.forbidden_hits


@dataclass(frozen=True)
class Hypothesis:
    """One candidate translation. ``alignment``: for each target token, the span of
    the source token the model attended to most, as ``(source_start, source_end,
    target_start, target_end)`` character offsets (source: the text the engine
    was given; empty when the engine was not asked for it or cannot)."""

    text: str
    score: float
    alignment: tuple[tuple[int, int, int, int], ...] = ()


@dataclass(frozen=True)
class Provenance:
    """What produced an output or a translation (the signature of a run)."""

    engine: str  # "argos" | "none" | ...
    model: str = ""  # package name, e.g. "translate-zh_en"
    model_version: str = ""
    settings: str = ""  # decoding settings, canonical "k=v;k=v"
    glossary_digest: str = ""
    diglot_version: str = ""

    def signature(self) -> str:
        return (
            f"engine:{self.engine}|model:{self.model}@{self.model_version}"
            f"|settings:{self.settings}|glossary:{self.glossary_digest}"
            f"|diglot:{self.diglot_version}"
        )


@dataclass(frozen=True)
class FuzzyMatch:
    """A reviewed (or approved) translation of a similar source, for a source
    the memory holds no reviewed text for: offered to the reviewer to confirm.

    ``score``: character similarity in percent, as CAT tools show it.
    """

    source: str  # the source as it is now
    matched_source: str  # the source the reviewed text was made for
    target: str
    score: int
    status: str = Status.REVIEWED  # the matched entry's
    memory_target: str = ""  # what the memory holds for ``source`` itself (machine text, or nothing)


@dataclass(frozen=True)
class Translation:
    """The target side of one segment.

    ``status``: a :class:`Status` (``fuzzy`` where the edition uses a fuzzy
    match's text). ``suggestion``: a fuzzy match the reviewer is shown.
    """

    segment_id: str
    source: str
    target: str
    status: str
    terms: tuple[TermCheck, ...] = ()
    note: str = ""
    origin: str = ""  # "memory" or "engine"
    marks: tuple[Mark, ...] = ()  # inline formatting placed on ``target``
    suggestion: FuzzyMatch | None = None


@dataclass(frozen=True)
class Edition:
    """The aligned bilingual result every renderer reads."""

    document: Document
    source_language: str
    target_language: str
    translations: Mapping[str, Translation]  # by segment id
    provenance: Provenance
    created: str = ""  # ISO 8601 UTC

    def target_of(self, paragraph: Paragraph) -> str:
        """The paragraph's translation: its segments' targets joined."""
        from pipeline.languages import join_segments

        parts = [self.translations[s.id].target for s in paragraph.segments if s.id in self.translations]
        return join_segments(parts, self.target_language)


@dataclass(frozen=True)
class Glossary:
    """Terms loaded from one or more files; ``digest`` identifies the whole set."""

    terms: tuple[Term, ...]
    files: tuple[str, ...] = ()
    digest: str = ""
    skipped: tuple[tuple[str, int, str], ...] = ()  # (path, line, why) of entries left out, e.g. no target term


@dataclass(frozen=True)
class RequestContext:
    """Where a segment stands in its document, for engines that read context.

    Context is given to the engine, never translated: the document's and the
    section's titles and the paragraph before (its segments' source texts;
    the engine adds their translation where it knows it). Segments of one
    ``paragraph`` in one ``document`` are kept in one request where they fit.
    """

    document: str = ""  # the document's name
    paragraph: str = ""  # the paragraph id
    document_title: str = ""
    section_title: str = ""
    previous: tuple[str, ...] = ()  # source texts of the previous paragraph's segments


@dataclass(frozen=True)
class TranslationRequest:
    """A source segment to translate, with the term hits that constrain it.

    ``term_digest`` identifies the glossary entries that matched this segment
    only; a machine translation is reused only while it is unchanged.
    ``segment_id`` and ``context`` (where the segment stands) are read by
    engines that translate in document order; others need only the text.
    """

    source: str
    hits: tuple[TermHit, ...] = ()
    term_digest: str = ""
    segment_id: str = ""
    context: RequestContext | None = None
    marks: tuple[Mark, ...] = ()  # the segment's marks: code spans are cut out before the engine sees the text


@dataclass(frozen=True)
class Usage:
    """What a run of a paid or remote engine used: requests, tokens, and cost.

    ``cost`` is None when no prices are set; ``estimated`` is True for an
    estimate made without sending anything.
    """

    requests: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost: float | None = None
    currency: str = ""
    estimated: bool = False

    @property
    def tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens

    def as_dict(self) -> dict:
        return {
            "requests": self.requests, "prompt_tokens": self.prompt_tokens,
            "completion_tokens": self.completion_tokens,
            "cost": None if self.cost is None else round(self.cost, 6), "currency": self.currency,
            "estimated": self.estimated,
        }


@dataclass(frozen=True)
class MachineTarget:
    """A finished machine translation, as the memory stores it."""

    source: str
    target: str
    producer: str  # Provenance.signature() of the engine run
    term_digest: str = ""
    details: str = ""  # JSON: term statuses etc., opaque to the memory
    marks: tuple[Mark, ...] = ()  # inline formatting placed on ``target``


@dataclass(frozen=True)
class ReviewEdit:
    """A reviewer's text for a source, as the memory stores it."""

    source: str
    target: str
    status: str = Status.REVIEWED  # reviewed | approved
    note: str = ""
    origin: str = ""  # e.g. "review:NAME.review.docx" or "tmx:FILE"
    marks: tuple[Mark, ...] = ()  # the reviewer's formatting on ``target``


@dataclass(frozen=True)
class MemoryEntry:
    """One row of the translation memory for a language pair."""

    source: str
    source_hash: str
    target: str
    status: str  # machine | reviewed | approved
    producer: str = ""  # signature of what produced the machine text
    term_digest: str = ""
    details: str = ""
    note: str = ""
    created: str = ""
    updated: str = ""
    origin: str = ""  # where reviewed text came from, e.g. "review:NAME.review.docx"
    machine_target: str = ""  # the machine text a reviewed/approved text replaced
    marks: tuple[Mark, ...] = ()  # inline formatting on ``target``

    @property
    def target_hash(self) -> str:
        return text_hash(self.target)


@dataclass(frozen=True)
class MemoryConflict:
    """A reviewer's text that was not applied because the memory changed too.

    Both texts are kept; ``origin`` names the file the reviewer's text came from.
    """

    id: int
    document: str
    segment_id: str
    source: str
    memory_target: str
    reviewer_target: str
    origin: str = ""
    created: str = ""
