"""What every renderer shares: term spans, provenance lines, fonts (clean text is pipeline.xmlsafe.clean).

Nothing here imports python-docx or ebooklib; the writers do that inside
their functions.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timezone

from pipeline.languages import check, name, tag
from pipeline.model import Edition, Paragraph, Section, Status, TermCheck, TermStatus, Translation
from pipeline.xmlsafe import clean

# East Asian fonts: the face on the machines we render on, and what Word on
# Windows substitutes for it (fontTable altName).
CJK_FONTS: dict[str, tuple[str, str, str]] = {
    # code: (font, Windows fallback, CSS stack)
    "zh": ("Noto Serif CJK SC", "SimSun",
           '"Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", STSong, SimSun, serif'),
    "zt": ("Noto Serif CJK TC", "PMingLiU",
           '"Noto Serif CJK TC", "Source Han Serif TC", "Songti TC", PMingLiU, serif'),
    "ja": ("Noto Serif CJK JP", "MS Mincho",
           '"Noto Serif CJK JP", "Source Han Serif JP", "Hiragino Mincho ProN", "MS Mincho", serif'),
    "ko": ("Noto Serif CJK KR", "Batang",
           '"Noto Serif CJK KR", "Source Han Serif KR", AppleMyungjo, Batang, serif'),
}
STATUSES = tuple(Status)


def cjk_font(edition: Edition) -> tuple[str, str, str]:
    """The East Asian font for the edition: the source's if CJK, else the target's."""
    for code in (edition.source_language, edition.target_language):
        code = check(code)
        if code in CJK_FONTS:
            return CJK_FONTS[code]
    return CJK_FONTS["zh"]


def east_asian(code: str) -> bool:
    """True for languages Word sets with the East Asian font slot."""
    return check(code) in ("zh", "zt", "ja", "ko")


def lang_tag(code: str) -> str:
    return tag(code)


def pair_line(edition: Edition) -> str:
    s, t = edition.source_language, edition.target_language
    return f"{name(s)} ({tag(s)}) → {name(t)} ({tag(t)})"


def provenance_line(edition: Edition) -> str:
    """One line naming what made the edition (written into every output's metadata)."""
    p = edition.provenance
    model = p.model or "no model"
    if p.model_version:
        model += f" {p.model_version}"
    parts = [f"engine: {p.engine}", f"model: {model}"]
    parts.append(f"glossary: {p.glossary_digest or 'none'}")
    if p.settings:
        parts.append(f"settings: {p.settings}")
    parts.append(f"diglot: {p.diglot_version or _version()}")
    return "; ".join(parts)


def _version() -> str:
    from pipeline import __version__

    return __version__


def diglot_version(edition: Edition) -> str:
    return edition.provenance.diglot_version or _version()


def created(edition: Edition) -> datetime:
    """The edition's creation time (UTC); now when the edition does not say."""
    if edition.created:
        try:
            moment = datetime.fromisoformat(edition.created.replace("Z", "+00:00"))
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=timezone.utc)
            return moment.astimezone(timezone.utc)
        except ValueError:
            pass
    return datetime.now(timezone.utc).replace(microsecond=0)


def book_uuid(edition: Edition) -> str:
    """A urn:uuid that stays the same across rebuilds of the same document and pair."""
    key = f"diglot:{edition.document.name}:{check(edition.source_language)}-{check(edition.target_language)}"
    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, key))


def translation_of(edition: Edition, segment_id: str, source: str) -> Translation:
    """The segment's translation, or an ``untranslated`` one when there is none."""
    found = edition.translations.get(segment_id)
    if found is None:
        return Translation(segment_id=segment_id, source=source, target="", status=Status.UNTRANSLATED)
    return found


def status_of(translation: Translation) -> Status:
    status = translation.status
    if type(status) is not Status:
        status = Status(status) if status in STATUSES else Status.MACHINE
    if not translation.target and status == Status.MACHINE:
        return Status.UNTRANSLATED
    return status


def title_text(paragraph: Paragraph | None, fallback: str) -> str:
    return paragraph.text if paragraph is not None else fallback


def sections_with_notes(document) -> tuple[Section, ...]:
    """The document's sections, then its notes (footnotes, endnotes) as a last section "Notes"."""
    if not document.notes:
        return document.sections
    title = Paragraph(id="notes", text="Notes", role="heading")
    return document.sections + (Section(id="notes", title=title, byline=None, paragraphs=document.notes),)


def edition_title(edition: Edition, *, target_first: bool = False) -> str:
    """The title the edition goes by: ``原文题名 / Translated Title`` (the title page, the EPUB's main
    title, the DOCX's title property); the translation first when the edition leads with it; the
    source title (or the document's name) alone when it has no translation."""
    document = edition.document
    title = clean(document.title.text if document.title is not None else document.name)
    translated = clean(edition.target_of(document.title)) if document.title is not None else ""
    if not translated:
        return title
    return f"{translated} / {title}" if target_first else f"{title} / {translated}"


def section_title(section: Section, number: int) -> str:
    return section.title.text if section.title is not None else f"{number}"


def section_target_title(edition: Edition, section: Section) -> str:
    return edition.target_of(section.title) if section.title is not None else ""


# -- term spans ---------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    text: str
    kind: str = ""  # "" | "term" | "problem" (a missing term in the source, a forbidden word in the target)


def _split(text: str, ranges: list[tuple[int, int, str]]) -> list[Span]:
    """Cut ``text`` at non-overlapping ranges (earliest, then longest, wins)."""
    if not ranges:  # most segments: no term
        return [Span(text)]
    ranges = sorted((r for r in ranges if 0 <= r[0] < r[1] <= len(text)), key=lambda r: (r[0], -(r[1] - r[0])))
    spans: list[Span] = []
    pos = 0
    for start, end, kind in ranges:
        if start < pos:
            continue
        if start > pos:
            spans.append(Span(text[pos:start]))
        spans.append(Span(text[start:end], kind))
        pos = end
    if pos < len(text) or not spans:
        spans.append(Span(text[pos:]))
    return spans


def source_spans(text: str, checks: tuple[TermCheck, ...]) -> list[Span]:
    """The source segment cut at its glossary terms (TermHit offsets)."""
    ranges = [(c.hit.start, c.hit.end, "term" if c.satisfied else "problem") for c in checks]
    return _split(text, ranges)


def target_spans(text: str, checks: tuple[TermCheck, ...]) -> list[Span]:
    """The target cut at the glossary terms the checker found (``TermCheck.span``)
    and at any forbidden renderings (found on the checker's word boundaries)."""
    if not checks:
        return [Span(text)]
    from pipeline.glossary.check import find_all, occurrences

    unlocated = [c.hit for c in checks if c.span is None and c.status != TermStatus.MISSING]
    found = iter(occurrences(unlocated, text).get(i) for i in range(len(unlocated)))  # checks made without a span
    ranges: list[tuple[int, int, str]] = []
    for c in checks:
        span = c.span if c.span is not None or c.status == TermStatus.MISSING else next(found)
        if span is not None:
            ranges.append((span[0], span[1], "term"))
        for bad in c.forbidden_hits:
            ranges.extend((s, e, "problem") for s, e in find_all(text, bad, c.hit.term.case_sensitive))
    return _split(text, ranges)


def term_label(check_: TermCheck) -> str:
    """``中国 → China: forced`` / ``…: MISSING`` / ``…: FORBIDDEN "x"``."""
    term = check_.hit.term
    wanted = term.source if term.dnt else term.target
    line = f"{term.source} → {wanted}: "
    if check_.forbidden_hits:
        return line + "FORBIDDEN " + ", ".join(f'"{w}"' for w in check_.forbidden_hits)
    if check_.status == TermStatus.MISSING:
        return line + "MISSING"
    return line + check_.status


def term_problem(check_: TermCheck) -> str:
    """The comment text for a term problem (empty when the term is satisfied)."""
    term = check_.hit.term
    wanted = term.source if term.dnt else term.target
    if check_.forbidden_hits:
        found = ", ".join(f'"{w}"' for w in check_.forbidden_hits)
        return f"Glossary: {term.source} must be rendered as \"{wanted}\", not {found}."
    if check_.status == TermStatus.MISSING:
        return f"Glossary: {term.source} should be rendered as \"{wanted}\"; the translation lacks it."
    return ""


__all__ = [
    "CJK_FONTS",
    "Span",
    "book_uuid",
    "cjk_font",
    "created",
    "edition_title",
    "east_asian",
    "pair_line",
    "provenance_line",
    "source_spans",
    "target_spans",
    "term_label",
    "term_problem",
    "translation_of",
]
