"""The main job: every source of a project to its bilingual edition.

``build(project, settings)`` reads and segments each source, matches glossary
terms, translates what the translation memory does not already hold (one
batched pass over all documents, committed batch by batch), enforces and
checks the terms, and renders the outputs. Library code: it reports through
callbacks and raises :class:`~pipeline.errors.DiglotError`; it never prints.
"""

from __future__ import annotations

import json
import time
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

from pipeline import __version__
from pipeline.config import BuildSettings
from pipeline.fileio import MB
from pipeline.formats import FORMATS, OUTPUT_FORMATS
from pipeline.marks import count_placements
from pipeline.model import (
    USER_STATUSES,
    Document,
    Edition,
    Glossary,
    Provenance,
    RequestContext,
    TermHit,
    TranslationRequest,
    Usage,
)
from pipeline.outputs import clean_temporary, stale_or_pruned
from pipeline.project import Named, Project

# Repairs a build reports as warnings: an EPUB read leniently, a Word source with tracked changes,
# a sentence too long cut, control characters removed (joins are in diglot segment).
WARNING_REPAIRS = ("lenient", "tracked-changes", "cut", "removed")

Log = Callable[[str], None]
Progress = Callable[[int, int], None]  # (segments done, segments to translate)


@dataclass(frozen=True)
class BuildResult:
    editions: tuple[Edition, ...]
    outputs: tuple[Path, ...]
    segments: int
    from_memory: int
    translated: int
    seconds: float
    term_satisfied: int = 0
    term_total: int = 0
    reviewed_before_change: tuple[str, ...] = field(default_factory=tuple)  # segment ids
    # e.g. malformed XHTML read leniently, doubtful source structure, skipped termbase entries
    warnings: tuple[str, ...] = field(default_factory=tuple)
    translates: bool = True  # False for an engine that leaves targets empty (none)
    usage: Usage | None = None  # requests, tokens and cost of an engine that counts them
    missing: tuple[str, ...] = ()  # segment ids the engine gave no usable translation (not stored; retried next run)
    translated_on: str = ""  # where the model ran: "cpu, int8", "cuda, int8_float16", or the Ray actors
    marks: dict[str, int] = field(default_factory=dict)  # placed marks by placement: exact, aligned, appended
    fuzzy: tuple[str, ...] = ()  # segment ids whose reviewed text no longer matches their (edited) source
    changed_while_building: tuple[str, ...] = ()  # segment ids whose reviewed text an import stored meanwhile
    stale: tuple[Path, ...] = ()  # outputs of sources that are gone (kept; removed with prune)
    pruned: tuple[Path, ...] = ()  # such outputs removed
    cleaned: tuple[Path, ...] = ()  # temporary files of killed runs removed


@dataclass(frozen=True)
class Estimate:
    """What ``build`` would send, without sending anything (``diglot build --estimate``)."""

    segments: int  # segments in the sources
    to_translate: int  # distinct source texts the memory does not answer
    from_memory: int
    usage: Usage | None  # None for an engine that counts no tokens (Argos: offline, free)


def read_sources(paths: Sequence[Path], language: str, *, max_bytes: int = 50 * MB) -> list[Document]:
    from pipeline.ingest import read_document
    from pipeline.segment import segment_document

    return [segment_document(read_document(path, language=language, max_bytes=max_bytes)) for path in paths]


def build(
    project: str | Path | Project,
    settings: BuildSettings | None = None,
    *,
    sources: Sequence[str | Path] = (),
    log: Log | None = None,
    progress: Progress | None = None,
    wait: bool = False,
    prune: bool = False,
) -> BuildResult:
    """Build every source of ``project`` (or ``sources``, named on the command line) into its output folder.

    One build at a time per project: a second one raises ProjectBusy, or with
    ``wait`` waits its turn. ``prune`` removes the outputs of sources that are
    gone (otherwise they are only listed in the result).
    """
    from pipeline.lock import build_lock
    from pipeline.memory import TranslationMemory

    log = log or (lambda message: None)
    started = time.monotonic()
    project = _project(project, settings, sources)
    settings = project.settings
    src, tgt = settings.source_language, settings.target_language
    documents, glossary, hits, requests = _prepare(project, log)
    engine = _open(settings, log=log, cluster=True)
    warnings = (_input_warnings(project, glossary, documents) + _warnings(documents, glossary)
                + tuple(engine.notes))
    base = engine.provenance()
    provenance = Provenance(
        engine=base.engine, model=base.model, model_version=base.model_version, settings=base.settings,
        glossary_digest=glossary.digest, diglot_version=__version__,
    )

    out_dir = project.output_folder()
    waiting = lambda holder: log(f"waiting for the build that holds this project ({holder})")  # noqa: E731
    with build_lock(project.root, wait=wait, waiting=waiting), TranslationMemory(project.memory_path) as memory, \
            closing(engine):
        cleaned = clean_temporary(out_dir) + clean_temporary(project.state_dir)
        run = _translate(engine, memory, list(requests.values()), settings, tgt, progress)
        others = memory.changes()
        entries = memory.lookup(src, tgt, requests.keys())
        fuzzy = _fuzzy(memory, documents, entries, src, tgt)
        editions = [_edition(d, settings, provenance, hits, run, entries, fuzzy) for d in documents]

        def record() -> None:  # while the first review DOCX is written beside this process
            for document in documents:
                memory.record_document(document.name, src, tgt, ((s.id, s.text) for s in document.segments()))

        # reviewed text an import committed while this build ran: the editions take it
        changed = _changed({source: (s.target, s.status) for source, s in run.settled.items()}, entries)
        outputs = _render(editions, project, log, meanwhile=record)
        # read again only if another run (an import) committed since
        latest = memory.lookup(src, tgt, requests.keys()) if memory.changes() != others else entries
        late = _changed({source: (x.target, x.status) for source, x in entries.items()}, latest)
        if late:  # committed while we rendered: render once more from the latest memory
            changed |= late
            entries = latest
            editions = [_edition(d, settings, provenance, hits, run, entries, fuzzy) for d in documents]
            outputs = _render(editions, project, log)
        # outputs of sources that are gone (not judged when sources were named)
        stale, pruned = ([], []) if project.named.sources else stale_or_pruned(
            project.outputs_record, out_dir, [d.name for d in documents], prune)

    translates = engine.capabilities.translates
    reviewed_before = _reviewed_before_change(editions, entries, requests, base.signature()) if translates else ()
    unanswered = set(run.missing)
    missing = tuple(s.id for d in documents for s in d.segments() if s.text in unanswered)
    satisfied, total = _term_success(editions)
    return BuildResult(
        editions=tuple(editions),
        outputs=tuple(outputs),
        segments=sum(len(list(ed.document.segments())) for ed in editions),
        from_memory=run.from_memory,
        translated=run.translated,
        seconds=time.monotonic() - started,
        term_satisfied=satisfied,
        term_total=total,
        reviewed_before_change=reviewed_before,
        warnings=tuple(dict.fromkeys(warnings)),
        translates=translates,
        usage=run.usage,
        missing=missing,
        translated_on=engine.description,
        marks=count_placements(t.marks for ed in editions for t in ed.translations.values()),
        fuzzy=tuple(t.segment_id for ed in editions for t in ed.translations.values() if t.suggestion is not None),
        changed_while_building=tuple(
            s.id for ed in editions for s in ed.document.segments() if s.text in changed
        ),
        stale=tuple(stale),
        pruned=tuple(pruned),
        cleaned=tuple(cleaned),
    )


def estimate(project: str | Path | Project, settings: BuildSettings | None = None, *,
             sources: Sequence[str | Path] = ()) -> Estimate:
    """What a build would translate, and its tokens and cost for an engine that counts
    them, without translating or sending anything and without writing the memory."""
    from pipeline.memory import TranslationMemory
    from pipeline.translate import reusable

    project = _project(project, settings, sources)
    settings = project.settings
    documents, _, _, requests = _prepare(project, lambda message: None)
    engine = _open(settings)
    producer = engine.provenance().signature()
    found = {}
    if project.memory_path.is_file():
        with TranslationMemory(project.memory_path) as memory:
            found = memory.lookup(settings.source_language, settings.target_language, requests.keys())
    known = {s: e.target for s, e in found.items() if reusable(e, producer, requests[s].term_digest)}
    todo = [r for s, r in requests.items() if s not in known]
    usage = engine.estimate(todo, known)
    return Estimate(
        segments=sum(1 for d in documents for _ in d.segments()),
        to_translate=len(todo) if engine.capabilities.translates else 0,
        from_memory=len(known),
        usage=usage,
    )


def _project(project: str | Path | Project, settings: BuildSettings | None, sources: Sequence[str | Path]) -> Project:
    """``project`` as a :class:`Project`, with ``settings`` and the ``sources`` named on the command line."""
    if not isinstance(project, Project):
        return Project(project, settings, Named(sources=tuple(Path(s) for s in sources)))
    project = project.with_settings(settings) if settings is not None else project
    return project.with_sources(sources) if sources else project


def _prepare(project: Project, log: Log):
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


def _open(settings: BuildSettings, *, log: Log | None = None, cluster: bool = False):
    """The engine of ``settings``; with ``cluster`` and ``[cluster] ray`` set, a pool of Ray actors instead."""
    from pipeline.engines import capabilities, open_engine

    e = settings.engine
    if cluster and settings.cluster.ray and capabilities(e.name).translates:
        from pipeline.cluster import open_pool

        return open_pool(settings.cluster.ray, settings, log=log)
    return open_engine(
        e.name, settings.source_language, settings.target_language, device=e.device, threads=e.threads,
        beam_size=e.beam_size, compute_type=e.compute_type, num_hypotheses_hint=e.num_hypotheses,
        options=dict(e.options),
    )


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


def _fuzzy(memory, documents, entries, source_language: str, target_language: str):
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


def _changed(had, latest) -> set[str]:
    """Sources whose reviewed text in ``latest`` differs from what this build had (source -> (target, status))."""
    return {
        source for source, entry in latest.items()
        if entry.status in USER_STATUSES and had.get(source) != (entry.target, entry.status)
    }


def _reviewed_before_change(editions, entries, requests, producer: str) -> tuple[str, ...]:
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


def _translate(engine, memory, requests, settings: BuildSettings, target_language: str, progress):
    from pipeline.translate import translate_missing

    finish = None
    enforce = any(r.hits for r in requests) and engine.capabilities.nbest
    executor = engine.executor(enforce)  # a Ray pool's: the actors decode and enforce
    if executor is None and enforce:
        from pipeline.glossary import make_finisher

        finish = make_finisher(engine, target_language, num_hypotheses=settings.engine.num_hypotheses)
    total = len(requests)
    done = 0

    def step(n: int) -> None:
        nonlocal done
        done += n
        if progress:
            progress(done, total)

    # n-best in the first pass only when the user's beam holds that many; otherwise the
    # first pass runs the user's beam and the finisher re-decodes n-best what needs it
    wide = finish is not None and settings.engine.beam_size >= settings.engine.num_hypotheses
    return translate_missing(
        engine, memory, requests,
        num_hypotheses=settings.engine.num_hypotheses if wide else 1,
        finish=finish, progress=step, batch_segments=settings.engine.batch_segments, executor=executor,
    )


def _edition(document, settings, provenance, hits, run, entries, fuzzy) -> Edition:
    from pipeline.edition import make_edition

    return make_edition(
        document, entries, source_language=settings.source_language, target_language=settings.target_language,
        provenance=provenance, run=run, hits=hits, fuzzy=fuzzy, use_fuzzy=settings.fuzzy == "use", title=settings.title,
    )


def _render(editions, project: Project, log: Log, meanwhile=None) -> list[Path]:
    """Write every edition's outputs; ``meanwhile()``, once, while the first review DOCX is being written."""
    from pipeline.glossary import write_term_report
    from pipeline.outputs import record_outputs
    from pipeline.render import start_render

    settings, out_dir = project.settings, project.output_folder()
    rendered = [f for f in settings.formats if FORMATS[f].rendered]
    others = [f for f in OUTPUT_FORMATS if not f.rendered and f.name in settings.formats]
    outputs: list[Path] = []
    for edition in editions:
        rendering = start_render(edition, rendered, out_dir, layout=settings.layout,
                                 page_size=settings.page_size) if rendered else None
        written = []
        try:
            if meanwhile is not None:
                meanwhile()
                meanwhile = None
            for fmt in others:  # TMX, XLIFF
                written.append(fmt.path(out_dir, edition.document.name))
                fmt.write(edition, written[-1])
            written += write_term_report(edition, out_dir)
        except BaseException:
            if rendering is not None:
                rendering.wait()
            raise
        if rendering is not None:
            written = rendering.finish() + written
        log(f"wrote {edition.document.name}: " + ", ".join(p.name for p in written))
        record_outputs(project.outputs_record, out_dir, {edition.document.name: written})
        outputs += written
    return outputs


def _term_success(editions: Sequence[Edition]) -> tuple[int, int]:
    from pipeline.glossary import term_success

    satisfied = total = 0
    for edition in editions:
        s, t = term_success(edition)
        satisfied, total = satisfied + s, total + t
    return satisfied, total


def summary_json(result: BuildResult) -> str:
    return json.dumps(
        {
            "segments": result.segments,
            "from_memory": result.from_memory,
            "translated": result.translated,
            "seconds": round(result.seconds, 3),
            "terms": {"satisfied": result.term_satisfied, "total": result.term_total},
            "reviewed_before_change": list(result.reviewed_before_change),
            "warnings": list(result.warnings),
            "missing": list(result.missing),
            "marks": dict(result.marks),
            "usage": result.usage.as_dict() if result.usage is not None else None,
            "translated_on": result.translated_on,
            "fuzzy": list(result.fuzzy),
            "changed_while_building": list(result.changed_while_building),
            "stale": [str(p) for p in result.stale],
            "pruned": [str(p) for p in result.pruned],
            "cleaned": [str(p) for p in result.cleaned],
            "outputs": [str(p) for p in result.outputs],
        },
        ensure_ascii=False,
        indent=2,
    )
