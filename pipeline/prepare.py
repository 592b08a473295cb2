"""What a build reads, before anything is translated: the sources, segmented, and
the language they are in; the glossary; the term hits; one translation request
per distinct source text, with its context; and what the user should hear about
the input (warnings).

The source language is the one ``--from`` or diglot.toml gives; where neither
gives one, each source's is found in its text (:mod:`pipeline.language_id`) and
the build takes it (:class:`SourceLanguage` says how sure). A source too short
or too mixed to tell is read in the language the other sources were found in,
else in the project's default (zh), with a warning to give ``--from``. One
build takes one language pair: sources found in different languages, or a source
in the target language, are refused in one line saying what to do.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Sequence

from pipeline import languages
from pipeline.errors import LanguageError
from pipeline.fileio import MAX_SOURCE_MB, MB
from pipeline.model import Document, Glossary, RequestContext, TermHit, TranslationRequest
from pipeline.project import Project

# Repairs a build reports as warnings: an EPUB read leniently, a Word source with tracked changes or
# imported chunks it cannot read, a sentence too long cut, control characters removed (joins are in
# diglot segment).
WARNING_REPAIRS = ("lenient", "tracked-changes", "cut", "removed", "unread")


# Encodings a text is decoded in whatever its language (any other was chosen by the language it was read in).
_ANY_LANGUAGE = ("utf-8", "utf-8-sig", "utf-16", "utf-32", "pdf")


@dataclass(frozen=True)
class SourceLanguage:
    """The language a build reads its sources in, and how it was decided.

    ``how``: ``given`` (``--from`` or diglot.toml), ``found`` (in the sources'
    text; ``percent``: the share of the text in it, the least over the sources)
    or ``assumed`` (none could be told: the project's default).
    """

    code: str
    how: str
    percent: int = 0
    sources: int = 1

    def describe(self) -> str:
        """``ja (found, 98 % of the text)``, as the summary and ``diglot segment`` say it."""
        if self.how == "found":
            each = f" in each of {self.sources} sources" if self.sources > 1 else ""
            least = " or more" if self.sources > 1 else ""
            return f"{self.code} (found{each}, {self.percent} % of the text{least})"
        if self.how == "assumed":
            return f"{self.code} (could not be told from the text; the default: give --from)"
        return f"{self.code} (given)"

    def as_dict(self) -> dict:
        return {"code": self.code, "how": self.how, "percent": self.percent}


@dataclass(frozen=True)
class Prepared:
    """What :func:`prepare` read: ``project`` with the source language decided, the documents,
    the glossary, term hits by segment id, requests by source text in document order."""

    project: Project
    language: SourceLanguage
    documents: tuple[Document, ...]
    glossary: Glossary
    hits: dict[str, tuple[TermHit, ...]]
    requests: dict[str, TranslationRequest]
    notes: tuple[str, ...] = ()  # what the user should hear about the language (a source that could not be told)


def read_sources(paths: Sequence[Path], language: str, *, max_bytes: int = MAX_SOURCE_MB * MB) -> list[Document]:
    from pipeline.ingest import read_document
    from pipeline.segment import segment_document

    return [segment_document(read_document(path, language=language, max_bytes=max_bytes)) for path in paths]


def read_source(path: Path, language: str | None, *, default: str = "zh", max_bytes: int = MAX_SOURCE_MB * MB):
    """(the source, not yet segmented, what was found of its language): in ``language`` where given
    (found: None); else in the language found in its text, or in ``default`` where none is found."""
    from pipeline.ingest import read_document
    from pipeline.language_id import identify_document

    if language is not None:
        return read_document(path, language=language, max_bytes=max_bytes), None
    document = read_document(path, language=default, max_bytes=max_bytes)
    found = identify_document(document)
    return in_language(document, found.code or default, max_bytes=max_bytes), found


def in_language(document: Document, code: str, *, max_bytes: int = MAX_SOURCE_MB * MB) -> Document:
    """``document`` as read in ``code``: read again where its decoding depended on the language it was
    read in (a legacy encoding such as GB18030 or cp1252), else the same text with the language set."""
    from pipeline.ingest import read_document

    if document.language == code:
        return document
    if document.encoding.lower() in _ANY_LANGUAGE or not document.path:
        return replace(document, language=code)
    return read_document(document.path, language=code, max_bytes=max_bytes)


def decide_language(found, default: str) -> tuple[SourceLanguage, tuple[str, ...]]:
    """The one language of sources read with ``read_source`` (``found``: (document, what was found)
    pairs), and a warning for each source whose language could not be told; LanguageError where the
    sources were found in different languages."""
    told = {f.code for _, f in found if f is not None and f.code is not None}
    if len(told) > 1:
        named = ", ".join(f"{d.path or d.name} {f.code}" for d, f in found if f is not None and f.code)
        first, told_first = next((d, f) for d, f in found if f is not None and f.code)
        raise LanguageError(f"the sources are in different languages ({named}) and a build takes one; build each "
                            f"language on its own, e.g. diglot build {first.path or first.name} --from {told_first.code}")
    code = next(iter(told)) if told else default
    notes = tuple(f"{d.path or d.name}: its language could not be told ({f.why}); read as {code}"
                  f"{' like the other sources' if told else ', the default'}; give the language with --from"
                  for d, f in found if f is not None and f.code is None)
    decided = [f.percent for _, f in found if f is not None and f.code is not None]
    if decided:
        return SourceLanguage(code, "found", min(decided), len(decided)), notes
    return SourceLanguage(code, "assumed" if found else "given", sources=len(found)), notes


def source_language(project: Project) -> Project:
    """``project`` with its sources' language decided as a build decides it (given, or found in
    their text), for the commands that take the pair of a built project (``diglot export``)."""
    if not project.settings.find_source_language:
        return project
    _, language, _ = _found(project, project.sources())
    return project.with_settings(replace(project.settings, source_language=language.code))


def _read_project_sources(project: Project, paths: Sequence[Path]) -> tuple[list[Document], SourceLanguage, tuple[str, ...]]:
    """The project's sources, segmented, in the one language they are in (given or found)."""
    from pipeline.segment import segment_document

    settings = project.settings
    max_bytes = settings.max_source_mb * MB
    if not settings.find_source_language:
        language = SourceLanguage(settings.source_language, "given", sources=len(paths))
        return read_sources(paths, settings.source_language, max_bytes=max_bytes), language, ()
    found, language, notes = _found(project, paths)
    documents = [segment_document(in_language(d, language.code, max_bytes=max_bytes)) for d, _ in found]
    return documents, language, notes


def _found(project: Project, paths: Sequence[Path]):
    """(each source read with what was found of its language, the one language, warnings); LanguageError
    where that language is the target's."""
    settings = project.settings
    max_bytes = settings.max_source_mb * MB
    found = [read_source(path, None, default=settings.source_language, max_bytes=max_bytes) for path in paths]
    language, notes = decide_language(found, settings.source_language)
    target = settings.target_language
    if language.code == target:
        where = found[0][0].path or found[0][0].name if len(found) == 1 else "the sources"
        if language.how == "found":
            raise LanguageError(f"{where}: the source is in {languages.name(target)} ({target}, found in its "
                                "text), the target language; choose the language to translate into with --to")
        raise LanguageError(f"{where}: its language could not be told and the default, {target}, is the target "
                            "language; give the source language with --from")
    return found, language, notes


def prepare(project: Project, log: Callable[[str], None]) -> Prepared:
    """What a build of ``project`` translates (see :class:`Prepared`)."""
    from pipeline.glossary import find_terms_in, term_digest

    paths = project.sources()
    project.output_folder()  # refused now, not after the translation
    documents, language, notes = _read_project_sources(project, paths)
    settings = replace(project.settings, source_language=language.code)
    project = project.with_settings(settings)
    src = settings.source_language
    glossary = project.load_glossary() or Glossary(terms=())
    if language.how == "found":
        log(f"source language: {language.describe()}")
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
    return Prepared(project, language, tuple(documents), glossary, hits, requests, notes)


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
