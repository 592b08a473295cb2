"""Interchange with CAT tools: TMX 1.4b for memories, XLIFF 2.1/1.2 for documents.

- :func:`write_tmx` / :func:`import_tmx` (:func:`read_tmx`): the memory out and in;
  :func:`write_edition_tmx`: one edition's pairs (what ``diglot build`` writes).
- :func:`write_xliff` / :func:`import_xliff`: one unit per segment, back in
  under the same three-way rule as the review DOCX.
- :func:`edition_from_memory`: a segmented document with its targets from the
  memory, for exporting without a build.
"""

from __future__ import annotations

from pipeline.interchange.tmx import TmxImportReport, import_tmx, read_tmx, write_edition_tmx, write_tmx
from pipeline.interchange.xliff import import_xliff, read_xliff, write_xliff
from pipeline.model import Document, Edition, Provenance, Translation, utc_now

__all__ = [
    "TmxImportReport", "edition_from_memory", "import_tmx", "import_xliff", "read_tmx", "read_xliff",
    "write_edition_tmx", "write_tmx", "write_xliff",
]


def edition_from_memory(document: Document, memory, source_language: str, target_language: str, *, glossary=None) -> Edition:
    """The document's segments with the memory's targets (status untranslated where none).

    With a ``glossary``, each target's terms are checked so that term problems
    become notes in the XLIFF.
    """
    from pipeline import __version__

    segments = list(document.segments())
    entries = memory.lookup(source_language, target_language, {s.text for s in segments})
    translations = {}
    for segment in segments:
        entry = entries.get(segment.text)
        target = entry.target if entry is not None else ""
        status = entry.status if entry is not None and target else "untranslated"
        checks = ()
        if glossary is not None and getattr(glossary, "terms", ()):
            from pipeline.glossary import check_translation, find_terms

            hits = find_terms(glossary, segment, source_language)
            checks = tuple(check_translation(hits, target, target_language)) if hits and target else ()
        translations[segment.id] = Translation(
            segment_id=segment.id, source=segment.text, target=target, status=status,
            terms=checks, note=entry.note if entry is not None else "", origin="memory",
        )
    return Edition(
        document=document, source_language=source_language, target_language=target_language,
        translations=translations,
        provenance=Provenance(engine="memory", glossary_digest=getattr(glossary, "digest", "") or "", diglot_version=__version__),
        created=utc_now(),
    )
