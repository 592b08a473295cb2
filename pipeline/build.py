"""The main job: every source of a project to its bilingual edition.

``build(project, settings)`` reads and segments each source, matches glossary
terms, translates what the translation memory does not already hold (one
batched pass over all documents, committed batch by batch), enforces and
checks the terms, and renders the outputs. Library code: it reports through
callbacks and raises :class:`~pipeline.errors.DiglotError`; it never prints.
"""

from __future__ import annotations

import time
from contextlib import closing
from pathlib import Path
from typing import Callable, Sequence

from pipeline import __version__, continuity
from pipeline.config import BuildSettings
from pipeline.errors import SourceError
from pipeline.fileio import MB
from pipeline.formats import FORMATS, OUTPUT_FORMATS
from pipeline.model import Edition, Provenance
from pipeline.outputs import clean_temporary, stale_or_pruned
from pipeline.prepare import prepare, read_sources  # noqa: F401 - read_sources: for callers of pipeline.build
from pipeline.prepare import warnings as input_warnings
from pipeline.project import Named, Project
from pipeline.summary import BuildResult, Estimate, build_result

Log = Callable[[str], None]
Progress = Callable[[int, int], None]  # (segments done, segments to translate)


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
    gone (otherwise they are only listed in the result). A build that runs out of
    memory is a SourceError naming the largest source (:func:`out_of_memory`).
    """
    log = log or (lambda message: None)
    started = time.monotonic()
    project = _project(project, settings, sources)
    try:
        return _build(project, log, progress, wait, prune, started)
    except MemoryError:  # under a memory limit (ulimit -v, a container): one line, not a traceback
        pass  # (said outside the handler, once the failed build's frames and memory are let go)
    raise out_of_memory(project.sources())


def out_of_memory(sources: Sequence[Path]) -> SourceError:
    """The one line for a build that ran out of memory: the largest source, its size, the limit, what to do."""
    import resource

    sizes = {}
    for path in sources:
        try:
            sizes[path] = path.stat().st_size
        except OSError:
            sizes[path] = 0
    largest = max(sizes, key=sizes.get, default=None)
    limit = resource.getrlimit(resource.RLIMIT_AS)[0]
    under = f", under a memory limit of {limit // MB:,} MB" if limit not in (resource.RLIM_INFINITY, -1) else ""
    what = f"{sizes[largest] / MB:.1f} MB" if largest is not None else "no source"
    if len(sizes) > 1:
        what += f", the largest of {len(sizes)} sources"
    return SourceError(f"ran out of memory building it ({what}{under}); nothing more was written. Build it where "
                       "more memory is free, or split it into smaller sources", path=largest)


def _build(project: Project, log: Log, progress, wait: bool, prune: bool, started: float) -> BuildResult:
    from pipeline.lock import build_lock
    from pipeline.memory import TranslationMemory

    prepared = prepare(project, log)  # its project: the source language decided
    project, documents, glossary, hits, requests = (prepared.project, list(prepared.documents), prepared.glossary,
                                                    prepared.hits, prepared.requests)
    engine = _open(project.settings, log=log, cluster=True)
    warnings = prepared.notes + input_warnings(project, glossary, documents) + tuple(engine.notes)
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
        run, editions, outputs, entries, changed = _run(project, engine, memory, documents, hits, requests,
                                                        provenance, log, progress)
        # outputs of sources that are gone (not judged when sources were named)
        stale, pruned = ([], []) if project.named.sources else stale_or_pruned(
            project.outputs_record, out_dir, [d.name for d in documents], prune)
    translates = engine.capabilities.translates
    reviewed = continuity.reviewed_before_change(editions, entries, requests, base.signature()) if translates else ()
    return build_result(editions, outputs, run, changed=changed, reviewed_before_change=reviewed, warnings=warnings,
                        translates=translates, translated_on=engine.description, seconds=time.monotonic() - started,
                        stale=stale, pruned=pruned, cleaned=cleaned, source_language=prepared.language)


def _run(project: Project, engine, memory, documents, hits, requests, provenance, log: Log, progress):
    """Translate, make the editions and write them, holding the project's lock:
    (run, editions, outputs, memory entries, sources whose reviewed text changed meanwhile)."""
    settings = project.settings
    src, tgt = settings.source_language, settings.target_language
    run = _translate(engine, memory, list(requests.values()), settings, tgt, progress)
    others = memory.changes()
    entries = memory.lookup(src, tgt, requests.keys())
    fuzzy = continuity.fuzzy(memory, documents, entries, src, tgt)
    editions = [_edition(d, settings, provenance, hits, run, entries, fuzzy) for d in documents]

    def record() -> None:  # while the first review DOCX is written beside this process
        for document in documents:
            memory.record_document(document.name, src, tgt, ((s.id, s.text) for s in document.segments()))

    # reviewed text an import committed while this build ran: the editions take it
    changed = continuity.changed({source: (s.target, s.status) for source, s in run.settled.items()}, entries)
    outputs = _render(editions, project, log, meanwhile=record)
    # read again only if another run (an import) committed since
    latest = memory.lookup(src, tgt, requests.keys()) if memory.changes() != others else entries
    late = continuity.changed({source: (x.target, x.status) for source, x in entries.items()}, latest)
    if late:  # committed while we rendered: render once more from the latest memory
        changed |= late
        entries = latest
        editions = [_edition(d, settings, provenance, hits, run, entries, fuzzy) for d in documents]
        outputs = _render(editions, project, log)
    return run, editions, outputs, entries, changed


def estimate(project: str | Path | Project, settings: BuildSettings | None = None, *,
             sources: Sequence[str | Path] = ()) -> Estimate:
    """What a build would translate, and its tokens and cost for an engine that counts
    them, without translating or sending anything and without writing the memory."""
    from pipeline.memory import TranslationMemory
    from pipeline.translate import reusable

    prepared = prepare(_project(project, settings, sources), lambda message: None)
    project, documents, requests = prepared.project, prepared.documents, prepared.requests
    settings = project.settings
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

