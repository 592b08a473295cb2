"""What a build reads, before anything is translated: the sources, segmented; the
glossary; the term hits; one translation request per distinct source text, with
its context; and what the user should hear about the input (warnings).
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Sequence

from pipeline.fileio import MB
from pipeline.model import Document, Glossary, RequestContext, TermHit, TranslationRequest
from pipeline.project import Project

# Repairs a build reports as warnings: an EPUB read leniently, a Word source with tracked changes or
# imported chunks it cannot read, a sentence too long cut, control characters removed (joins are in
# diglot segment).
WARNING_REPAIRS = ("lenient", "tracked-changes", "cut", "removed", "unread")


def read_sources(paths: Sequence[Path], language: str, *, max_bytes: int = 50 * MB) -> list[Document]:
    from pipeline.ingest import read_document
    from pipeline.segment import segment_document

    return [segment_document(read_document(path, language=language, max_bytes=max_bytes)) for path in paths]


def prepare(project: Project, log: Callable[[str], None]):
    """(documents, glossary, term hits by segment id, requests by source text in document order)."""
    from pipeline.glossary import find_terms_in, term_digest

    settings = project.settings
    src = settings.source_language
    paths = project.sources()
    project.output_folder()  # refused now, not after the translation
    glossary = project.load_glossary() or Glossary(terms=())
    documents = read_sources(paths, src, max_bytes=settings.max_source_mb * MB)
    log(f"read {len(documents)} source(s), {sum(1 for d in documents for _ in d.segments())} segments; {len(glossary.terms)} terms")
    hits: dict[str, tuple[TermHit, ...]] = {}
    requests: dict[str, TranslationRequest] = {}
    for document in documents:
        contexts = list(_contexts(document))
        found_in = iter(find_terms_in(glossary, [s for paragraph, _ in contexts for s in paragraph.segments], src))
        for paragraph, context in contexts:
            for segment in paragraph.segments:
                found = hits[segment.id] = next(found_in)
                requests.setdefault(
                    segment.text, TranslationRequest(segment.text, found, term_digest(found), segment.id, context, segment.marks)
                )
    return documents, glossary, hits, requests


def _contexts(document: Document):
    """(paragraph, its RequestContext) in reading order."""
    title = document.title.text if document.title is not None else ""
    previous: tuple[str, ...] = ()
    sections = {id(b): s for s in document.sections for b in s.blocks()}
    for block in document.blocks():
        section = sections.get(id(block))
        heading = section.title.text if section is not None and section.title is not None and section.title is not block else ""
        yield block, RequestContext(document.name, block.id, title if block is not document.title else "", heading, previous)
        if block.segments:
            previous = tuple(s.text for s in block.segments)


def warnings(project: Project, glossary: Glossary, documents: Sequence[Document]) -> tuple[str, ...]:
    """What the build changed, assumed or doubts about its input, for the user to hear once each."""
    return _input_warnings(project, glossary, documents) + _warnings(documents, glossary)


def _warnings(documents: Sequence[Document], glossary: Glossary) -> tuple[str, ...]:
    from pipeline.glossary.formats import skipped_warning
    from pipeline.ingest.checks import HINT, structure_warnings

    found = []
    for document in documents:
        doubts = structure_warnings(document)
        found.extend(f"{document.path or document.name}: {doubt}" for doubt in doubts)
        if doubts:
            source = document.path or document.name
            found.append(f"{source}: {HINT.replace('SOURCE', source).replace('NAME', document.name)}")
    skipped = skipped_warning(glossary)
    return tuple(found + ([skipped] if skipped else []))


def _input_warnings(project: Project, glossary: Glossary, documents) -> tuple[str, ...]:
    """What the build changed or assumed that the user should hear about, once each."""
    out = []
    settings, folder = project.settings, project.glossary_folder
    if not settings.glossaries and not project.named.glossaries and not glossary.files and folder.is_dir():
        from pipeline.glossary.formats import EXTENSIONS

        out.append(f"{folder}: no glossary files ({', '.join(EXTENSIONS)}) in it; built without terms")
    for document in documents:
        for repair in document.repairs:
            if repair.kind == "scripts" and "epub" in settings.formats:  # "N scripts removed from NAME.epub"
                out.append(repair.detail)
            elif repair.kind in WARNING_REPAIRS:
                where = f"{document.path}:{repair.lines[0]}" if repair.lines else document.path
                out.append(f"{where}: {repair.detail}")
    return tuple(out)
