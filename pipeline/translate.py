"""Translate what the memory does not have yet, batch by batch, committing as it goes.

``translate_missing`` is the one place where the engine meets the memory:

* a source whose memory entry is ``reviewed``/``approved`` is reused, always;
* a ``machine`` entry is reused while it was made by the same producer (the
  engine's ``provenance().signature()``: engine, model, version, decoding
  settings) under the same ``term_digest`` (the glossary entries that matched
  that segment); anything else is translated again;
* identical sources are translated once; the rest are sorted by length and
  translated in batches of ``batch_segments``; each batch is stored in the
  memory (one transaction) before the next starts, so Ctrl-C or ``kill -9``
  loses at most the batch in flight and the next run does only what is missing.

An engine that does not translate (``none``) stores nothing: its targets are
empty and ``untranslated``. An engine that translates in document order (the
chat models) gets the missing requests in document order and hands back each
batch as it is answered; each is stored at once, and a source it could not
translate is not stored, and listed in ``TranslationRun.missing``.

Who decodes the sorted batches is the ``executor``'s business: by default this
process, one batch after another; ``pipeline.cluster`` hands them to Ray actors
and gives them back as they finish. Either way the batches are the same and the
memory is written here, by this process alone.

Inline formatting: a request's marks are placed on its target
(:func:`pipeline.marks.place_marks`; with the model's word alignment when the
engine gives one) and stored with it. A segment that is code and nothing else
is never sent to the engine: its target is its source. A reviewed text keeps
the reviewer's marks; a link or footnote reference it lacks is appended.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable, Iterable, Mapping, Sequence

from pipeline.engines.base import Engine
from pipeline.marks import keep_references, place_marks, verbatim
from pipeline.model import (
    USER_STATUSES,
    Hypothesis,
    MachineTarget,
    Mark,
    MemoryEntry,
    Status,
    TranslationRequest,
    Usage,
)

Finish = Callable[[Sequence[TranslationRequest], Sequence[Sequence[Hypothesis]]], list[tuple[str, str]]]
Batch = list[TranslationRequest]
# batches -> (batch, [(target, details_json)] for it), in any order, each batch once
Executor = Callable[[list[Batch]], Iterable[tuple[Batch, list[tuple[str, str]]]]]


@dataclass(frozen=True)
class Settled:
    """What a run settled for one source text: its final target, the finisher's details
    (JSON), its status (machine, reviewed, approved, untranslated) and the marks on its target."""

    target: str
    details: str = ""
    status: str = Status.MACHINE
    marks: tuple[Mark, ...] = ()


@dataclass(frozen=True)
class TranslationRun:
    """What ``pipeline.translate.translate_missing`` did.

    ``settled``: every requested source text (in the order it was settled) and
    what became of it; ``from_memory``: distinct sources reused from the memory;
    ``translated``: distinct sources the engine translated in this run.
    """

    settled: Mapping[str, Settled]
    from_memory: int
    translated: int
    seconds: float
    usage: Usage | None = None  # engines that count tokens
    missing: tuple[str, ...] = ()  # sources the engine gave no usable translation for (not stored)

    # by source text, for readers that want one of the four
    @property
    def targets(self) -> dict[str, str]:
        return {source: s.target for source, s in self.settled.items()}

    @property
    def statuses(self) -> dict[str, str]:
        return {source: s.status for source, s in self.settled.items()}

    @property
    def details(self) -> dict[str, str]:
        return {source: s.details for source, s in self.settled.items()}

    @property
    def marks(self) -> dict[str, tuple[Mark, ...]]:
        return {source: s.marks for source, s in self.settled.items()}


def reusable(entry: MemoryEntry | None, producer: str, term_digest: str) -> bool:
    """True when a memory entry can stand for a new translation of its source."""
    if entry is None:
        return False
    if entry.status in USER_STATUSES:
        return True
    return entry.status == Status.MACHINE and entry.producer == producer and entry.term_digest == term_digest


def _best(requests: Sequence[TranslationRequest], hypotheses: Sequence[Sequence[Hypothesis]]) -> list[tuple[str, str]]:
    return [(hyps[0].text if hyps else "", "") for hyps in hypotheses]


def translate_missing(
    engine: Engine,
    memory,
    requests: Sequence[TranslationRequest],
    *,
    num_hypotheses: int = 1,
    finish: Finish | None = None,
    batch_segments: int = 256,
    progress: Callable[[int], None] | None = None,
    executor: Executor | None = None,
) -> TranslationRun:
    """Give every request a target, from the memory or the engine; see the module doc.

    ``finish(batch_requests, batch_hypotheses) -> [(target, details_json)]``
    picks each final target (default: the best hypothesis, no details).
    ``progress(n)`` is called with the number of requests just settled (first
    those the memory answers, then after each batch).
    ``executor(batches)`` decodes and finishes the batches elsewhere (it then
    owns ``num_hypotheses`` and ``finish``); see the module doc.
    """
    started = time.perf_counter()
    batch_segments = max(1, int(batch_segments))

    unique: dict[str, TranslationRequest] = {}
    weight: dict[str, int] = {}
    for request in requests:
        unique.setdefault(request.source, request)
        weight[request.source] = weight.get(request.source, 0) + 1

    producer = engine.provenance().signature()
    settled, missing = _known(engine, memory, unique, producer)
    from_memory = len(settled)
    for request in [r for r in missing if _code(r, engine)]:  # code blocks: their own translation, never sent, never stored
        marks = place_marks(request.source, request.marks, request.source)[1]
        settled[request.source] = Settled(request.source, "", Status.MACHINE, marks)
    missing = [r for r in missing if r.source not in settled]
    if progress is not None and from_memory:
        progress(sum(weight[s] for s in settled))

    if not engine.capabilities.translates:
        for request in missing:
            settled[request.source] = Settled("", "", Status.UNTRANSLATED)
        if progress is not None and missing:
            progress(sum(weight[r.source] for r in missing))
        return TranslationRun(settled, from_memory, 0, time.perf_counter() - started)

    if engine.capabilities.in_document_order:
        return _in_document_order(engine, memory, missing, settled, weight, producer, from_memory, started, progress)

    missing.sort(key=lambda r: (len(r.source), r.source))
    batches = [missing[start : start + batch_segments] for start in range(0, len(missing), batch_segments)]
    if executor is None:
        done = _in_process(engine, batches, num_hypotheses, finish or _best)
    else:  # the executor hands back targets only: marks are placed without the model's alignment
        done = ((batch, finished, [()] * len(batch)) for batch, finished in executor(batches))
    for batch, finished, hypotheses in done:
        _store(engine, memory, producer, batch, finished, hypotheses, settled)
        if progress is not None:
            progress(sum(weight[r.source] for r in batch))
    return TranslationRun(settled, from_memory, len(missing), time.perf_counter() - started)


def _store(engine: Engine, memory, producer: str, batch: Batch, finished: list[tuple[str, str]], hypotheses,
           settled: dict[str, Settled]) -> None:
    """Store one decoded and finished batch in the memory (one transaction) and settle its sources."""
    if len(finished) != len(batch):
        raise ValueError(f"finish returned {len(finished)} targets for {len(batch)} requests")
    placed = [_placed(r, target, hyps) for r, (target, _), hyps in zip(batch, finished, hypotheses)]
    memory.store_machine(
        engine.source_language,
        engine.target_language,
        [
            MachineTarget(r.source, target, producer, r.term_digest, detail, on_target)
            for r, (_, detail), (target, on_target) in zip(batch, finished, placed)
        ],
    )
    for request, (_, detail), (target, on_target) in zip(batch, finished, placed):
        settled[request.source] = Settled(target, detail, Status.MACHINE, on_target)


def _known(engine: Engine, memory, unique: dict[str, TranslationRequest], producer: str):
    """(what the memory settles, by source text; the requests it does not settle, in order)."""
    found = memory.lookup(engine.source_language, engine.target_language, unique.keys())
    settled: dict[str, Settled] = {}  # what became of each source text, in the order it was settled
    missing: list[TranslationRequest] = []
    for source, request in unique.items():
        entry = found.get(source)
        if reusable(entry, producer, request.term_digest):
            settled[source] = Settled(entry.target, entry.details, entry.status, _kept(request, entry))
        else:
            missing.append(request)
    return settled, missing


def _code(request: TranslationRequest, engine: Engine) -> bool:
    """A request that is code and nothing else: its target is its source, never sent (when the engine translates)."""
    return bool(request.marks) and verbatim(request.source, request.marks) and engine.capabilities.translates


def _placed(request: TranslationRequest, target: str, hypotheses: Sequence[Hypothesis] = ()) -> tuple[str, tuple[Mark, ...]]:
    """The target with the request's marks placed on it (code spans back in)."""
    if not request.marks or not target:
        return target, ()
    from pipeline.glossary.check import occurrences

    alignment = next((h.alignment for h in hypotheses if h.text == target), ())
    if not alignment:
        alignment = next((h.alignment for h in hypotheses if h.text.casefold() == target.casefold()), ())
    found = occurrences(request.hits, target) if request.hits else {}
    terms = [((hit.start, hit.end), found[i]) for i, hit in enumerate(request.hits) if i in found]
    return place_marks(request.source, request.marks, target, terms=terms, alignment=alignment)


def _kept(request: TranslationRequest, entry: MemoryEntry) -> tuple[Mark, ...]:
    """The marks of a target taken from the memory: the reviewer's, or the stored
    machine marks (placed again, without alignment, when the entry has none)."""
    if entry.status in USER_STATUSES:
        return keep_references(request.marks, entry.target, entry.marks)
    if entry.marks or not request.marks:
        return entry.marks
    return _placed(request, entry.target)[1]


def _in_document_order(engine, memory, missing, settled, weight, producer, from_memory, started,
                       progress) -> TranslationRun:
    """The missing requests through an engine that answers batch by batch (see the module doc)."""
    translated = 0
    unanswered: list[str] = []
    for answer in engine.answers(missing, {source: s.target for source, s in settled.items()}):
        placed = [_placed(r, target) for r, target in zip(answer.requests, answer.targets)]
        rows = [
            MachineTarget(r.source, target, producer, r.term_digest, detail, on_target)
            for r, (target, on_target), detail in zip(answer.requests, placed, answer.details)
            if target
        ]
        memory.store_machine(engine.source_language, engine.target_language, rows)
        for request, (target, on_target), detail in zip(answer.requests, placed, answer.details):
            if target:
                settled[request.source] = Settled(target, detail, Status.MACHINE, on_target)
                translated += 1
            else:
                unanswered.append(request.source)
        if progress is not None:
            progress(sum(weight[r.source] for r in answer.requests))
    return TranslationRun(settled, from_memory, translated, time.perf_counter() - started,
                          usage=engine.usage, missing=tuple(unanswered))


def _in_process(engine: Engine, batches: list[Batch], num_hypotheses: int, finish: Finish):
    """Decode and finish each batch here; yields (batch, finished, hypotheses)."""
    align = engine.capabilities.alignment
    aligned = [align and any(r.marks for r in batch) for batch in batches]
    engine.ahead(batches, alignment=aligned)
    for batch, alignment in zip(batches, aligned):
        if alignment:
            hypotheses = engine.translate(batch, num_hypotheses=num_hypotheses, alignment=True)
        else:
            hypotheses = engine.translate(batch, num_hypotheses=num_hypotheses)
        yield batch, finish(batch, hypotheses), hypotheses
