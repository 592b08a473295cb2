"""The reviewer's work across builds: fuzzy matches for edited sources, reviewed
text an import stored while a build ran, and reviewed text made over another
model's output (see :mod:`pipeline.build`).
"""

from __future__ import annotations

from pipeline.model import USER_STATUSES


def fuzzy(memory, documents, entries, source_language: str, target_language: str):
    """Fuzzy matches for the sources that have no reviewed text of their own (see pipeline.memory.fuzzy)."""
    from pipeline.memory.fuzzy import fuzzy_matches

    if all(entries.get(s.text) is not None and entries[s.text].status in USER_STATUSES
           for d in documents for s in d.segments()):
        return {}
    reviewed = list(memory.entries(source_language, target_language, statuses=USER_STATUSES))
    if not reviewed:
        return {}
    found = {}
    for document in documents:
        previous = list(memory.document_segments(document.name, source_language, target_language).values())
        found.update(fuzzy_matches([s.text for s in document.segments()], reviewed, current=entries, previous=previous))
    return found


def changed(had, latest) -> set[str]:
    """Sources whose reviewed text in ``latest`` differs from what this build had (source -> (target, status))."""
    return {
        source for source, entry in latest.items()
        if entry.status in USER_STATUSES and had.get(source) != (entry.target, entry.status)
    }


def reviewed_before_change(editions, entries, requests, producer: str) -> tuple[str, ...]:
    """Segment ids whose reviewed text was made over machine output of another
    model, settings or glossary than this run's: kept, and listed for a look."""
    return tuple(
        segment.id
        for edition in editions
        for segment in edition.document.segments()
        if (entry := entries.get(segment.text)) is not None
        and entry.status in USER_STATUSES
        and entry.producer
        and (entry.producer != producer or entry.term_digest != requests[segment.text].term_digest)
    )
