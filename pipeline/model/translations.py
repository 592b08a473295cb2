"""The translation side: statuses, terms, hypotheses, editions, requests, memory rows (see :mod:`pipeline.model`)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Mapping

from pipeline.model.documents import Document, Mark, Paragraph, text_hash


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
    estimate made without sending anything. ``characters``: of the messages
    sent (or that would be sent), as the engine wrote them.
    """

    requests: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost: float | None = None
    currency: str = ""
    estimated: bool = False
    characters: int = 0

    @property
    def tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens

    def as_dict(self) -> dict:
        return {
            "requests": self.requests, "prompt_tokens": self.prompt_tokens,
            "completion_tokens": self.completion_tokens,
            "cost": None if self.cost is None else round(self.cost, 6), "currency": self.currency,
            "estimated": self.estimated, "characters": self.characters,
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
