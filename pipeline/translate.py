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
"""

from __future__ import annotations

import time
from typing import Callable, Iterable, Iterator, Sequence

from pipeline.engines.base import Engine
from pipeline.model import Hypothesis, MachineTarget, MemoryEntry, TranslationRequest, TranslationRun

Finish = Callable[[Sequence[TranslationRequest], Sequence[Sequence[Hypothesis]]], list[tuple[str, str]]]
Batch = list[TranslationRequest]
# batches -> (batch, [(target, details_json)] for it), in any order, each batch once
Executor = Callable[[list[Batch]], Iterable[tuple[Batch, list[tuple[str, str]]]]]
USER_STATUSES = ("reviewed", "approved")


def reusable(entry: MemoryEntry | None, producer: str, term_digest: str) -> bool:
    """True when a memory entry can stand for a new translation of its source."""
    if entry is None:
        return False
    if entry.status in USER_STATUSES:
        return True
    return entry.status == "machine" and entry.producer == producer and entry.term_digest == term_digest


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
    source_language, target_language = engine.source_language, engine.target_language
    finish = finish or _best
    batch_segments = max(1, int(batch_segments))

    unique: dict[str, TranslationRequest] = {}
    weight: dict[str, int] = {}
    for request in requests:
        unique.setdefault(request.source, request)
        weight[request.source] = weight.get(request.source, 0) + 1

    producer = engine.provenance().signature()
    found = memory.lookup(source_language, target_language, unique.keys())
    targets: dict[str, str] = {}
    details: dict[str, str] = {}
    statuses: dict[str, str] = {}
    missing: list[TranslationRequest] = []
    for source, request in unique.items():
        entry = found.get(source)
        if reusable(entry, producer, request.term_digest):
            targets[source], details[source], statuses[source] = entry.target, entry.details, entry.status
        else:
            missing.append(request)
    from_memory = len(targets)
    if progress is not None and from_memory:
        progress(sum(weight[s] for s in targets))

    if not engine.capabilities.translates:
        for request in missing:
            targets[request.source], details[request.source], statuses[request.source] = "", "", "untranslated"
        if progress is not None and missing:
            progress(sum(weight[r.source] for r in missing))
        return TranslationRun(targets, from_memory, 0, time.perf_counter() - started, details, statuses)

    if engine.capabilities.in_document_order:
        return _in_document_order(engine, memory, missing, targets, details, statuses, weight, producer,
                                  from_memory, started, progress)

    missing.sort(key=lambda r: (len(r.source), r.source))
    batches = [missing[start : start + batch_segments] for start in range(0, len(missing), batch_segments)]
    if executor is None:
        done = _in_process(engine, batches, num_hypotheses, finish)
    else:
        done = executor(batches)
    for batch, finished in done:
        if len(finished) != len(batch):
            raise ValueError(f"finish returned {len(finished)} targets for {len(batch)} requests")
        memory.store_machine(
            source_language,
            target_language,
            [
                MachineTarget(r.source, target, producer, r.term_digest, detail)
                for r, (target, detail) in zip(batch, finished)
            ],
        )
        for request, (target, detail) in zip(batch, finished):
            targets[request.source], details[request.source], statuses[request.source] = target, detail, "machine"
        if progress is not None:
            progress(sum(weight[r.source] for r in batch))
    return TranslationRun(targets, from_memory, len(missing), time.perf_counter() - started, details, statuses)


def _in_document_order(engine, memory, missing, targets, details, statuses, weight, producer,
                       from_memory, started, progress) -> TranslationRun:
    """The missing requests through an engine that answers batch by batch (see the module doc)."""
    translated = 0
    unanswered: list[str] = []
    for answer in engine.answers(missing, dict(targets)):
        rows = [
            MachineTarget(r.source, target, producer, r.term_digest, detail)
            for r, target, detail in zip(answer.requests, answer.targets, answer.details)
            if target
        ]
        memory.store_machine(engine.source_language, engine.target_language, rows)
        for request, target, detail in zip(answer.requests, answer.targets, answer.details):
            if target:
                targets[request.source], details[request.source], statuses[request.source] = target, detail, "machine"
                translated += 1
            else:
                unanswered.append(request.source)
        if progress is not None:
            progress(sum(weight[r.source] for r in answer.requests))
    return TranslationRun(targets, from_memory, translated, time.perf_counter() - started, details, statuses,
                          usage=engine.usage, missing=tuple(unanswered))


def _in_process(engine: Engine, batches: list[Batch], num_hypotheses: int, finish: Finish) -> Iterator[tuple[Batch, list[tuple[str, str]]]]:
    for batch in batches:
        hypotheses = engine.translate(batch, num_hypotheses=num_hypotheses)
        yield batch, finish(batch, hypotheses)
