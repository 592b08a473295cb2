"""The one builder of an :class:`~pipeline.model.Edition`: a segmented document and its targets.

Used by ``diglot build`` (targets from this run's translation, reviewed text
from the latest memory) and by the exports (targets from the memory alone).
Per segment:

- reviewed or approved text in the memory wins, always (read at the moment
  the edition is made, so an import that committed during a build counts);
- else this run's target (``run``), or without a run the memory's machine text;
- a fuzzy match (reviewed text of a similar source) is the Translation's
  ``suggestion``; with ``use_fuzzy`` the edition takes its text too, status
  ``fuzzy``.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Mapping

from pipeline.model import (
    USER_STATUSES,
    Document,
    Edition,
    FuzzyMatch,
    MemoryEntry,
    Provenance,
    Status,
    TermHit,
    TermStatus,
    Translation,
    utc_now,
)
from pipeline.translate import Settled, TranslationRun


def make_edition(
    document: Document,
    entries: Mapping[str, MemoryEntry],
    *,
    source_language: str,
    target_language: str,
    provenance: Provenance,
    run: TranslationRun | None = None,
    hits: Mapping[str, tuple[TermHit, ...]] | None = None,
    glossary=None,
    fuzzy: Mapping[str, FuzzyMatch] | None = None,
    use_fuzzy: bool = False,
    title: str = "",
) -> Edition:
    """The edition of ``document``; ``entries``: the memory's entry per source text.

    ``hits`` (term hits by segment id) or else ``glossary`` gives each target
    its term checks. ``title`` replaces the translated title (as reviewed text).
    """
    from pipeline.glossary import find_terms_in
    from pipeline.marks import keep_references

    fuzzy = fuzzy or {}
    if hits is None and glossary is not None and getattr(glossary, "terms", ()):
        segments = list(document.segments())
        hits = {s.id: found for s, found in zip(segments, find_terms_in(glossary, segments, source_language))}
    translations: dict[str, Translation] = {}
    for segment in document.segments():
        text = segment.text
        entry = entries.get(text)
        target, status, details, marks = _settled(segment, entry, run)
        match = fuzzy.get(text) if status not in USER_STATUSES else None
        if match is not None and use_fuzzy:
            target, status, marks = match.target, Status.FUZZY, keep_references(segment.marks, match.target, ())
        if not target:
            status, marks = Status.UNTRANSLATED, ()
        found = hits.get(segment.id, ()) if hits is not None else ()
        checks = _checks(found, target, status, details, target_language, fresh=run is None)
        translations[segment.id] = Translation(
            segment_id=segment.id, source=text, target=target, status=status, terms=tuple(checks),
            note=entry.note if entry is not None else "",
            origin="memory" if entry is not None and entry.target == target else ("engine" if target else ""),
            marks=tuple(marks), suggestion=match,
        )
    if title and document.title is not None and document.title.segments:
        first, *rest = document.title.segments
        translations[first.id] = replace(translations[first.id], target=title, status=Status.REVIEWED, marks=())
        for segment in rest:
            translations[segment.id] = replace(translations[segment.id], target="", status=Status.REVIEWED, marks=())
    return Edition(
        document=document, source_language=source_language, target_language=target_language,
        translations=translations, provenance=provenance, created=utc_now(),
    )


def _settled(segment, entry: MemoryEntry | None, run: TranslationRun | None):
    """(target, status, details, marks) of ``segment`` before fuzzy matches: the reviewer's
    text, else what this run settled, else the memory's entry, else nothing."""
    from pipeline.marks import keep_references

    if entry is not None and entry.status in USER_STATUSES:
        return entry.target, entry.status, "", keep_references(segment.marks, entry.target, entry.marks)
    if run is not None:
        settled = run.settled.get(segment.text) or Settled("")
        return settled.target, settled.status, settled.details, settled.marks
    if entry is not None:
        return entry.target, entry.status, entry.details, entry.marks
    return "", Status.UNTRANSLATED, "", ()


def _checks(found, target: str, status: str, details: str, target_language: str, *, fresh: bool):
    """The term checks of a target: checked afresh for a person's text (reviewed where found),
    none for an empty one the memory had, else as the finisher recorded them (``fresh``: no run)."""
    from pipeline.glossary import check_translation, details_to_checks

    if status in (*USER_STATUSES, Status.FUZZY):
        return tuple(
            c if c.status == TermStatus.MISSING else replace(c, status=TermStatus.REVIEWED)
            for c in check_translation(found, target, target_language)
        )
    if fresh and not target:
        return ()
    return details_to_checks(details, found, target, target_language)


def edition_from_memory(document: Document, memory, source_language: str, target_language: str, *, glossary=None,
                        fuzzy: bool = True) -> Edition:
    """The document's segments with the memory's targets (status untranslated where none), for exports.

    With a ``glossary``, each target's terms are checked so that term problems
    become notes; with ``fuzzy``, sources without reviewed text get their
    fuzzy matches as suggestions.
    """
    from pipeline import __version__
    from pipeline.memory.fuzzy import fuzzy_matches

    sources = [s.text for s in document.segments()]
    entries = memory.lookup(source_language, target_language, sources)
    matches = {}
    if fuzzy:
        matches = fuzzy_matches(
            sources, memory.entries(source_language, target_language, statuses=USER_STATUSES), current=entries,
            previous=list(memory.document_segments(document.name, source_language, target_language).values()),
        )
    provenance = Provenance(engine="memory", glossary_digest=getattr(glossary, "digest", "") or "", diglot_version=__version__)
    return make_edition(
        document, entries, source_language=source_language, target_language=target_language,
        provenance=provenance, glossary=glossary, fuzzy=matches,
    )
