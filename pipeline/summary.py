"""What a build reports: :class:`BuildResult` (and its JSON), :class:`Estimate`.

Plain data, made by :mod:`pipeline.build` and shown by the CLI.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from pipeline.marks import count_placements
from pipeline.model import Edition, Usage
from pipeline.prepare import SourceLanguage
from pipeline.translate import TranslationRun


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
    source_language: SourceLanguage | None = None  # the language the sources were read in, and how it was decided


@dataclass(frozen=True)
class Estimate:
    """What ``build`` would send, without sending anything (``diglot build --estimate``)."""

    segments: int  # segments in the sources
    to_translate: int  # distinct source texts the memory does not answer
    from_memory: int
    usage: Usage | None  # None for an engine that counts no tokens (Argos: offline, free)


def term_success(editions: Sequence[Edition]) -> tuple[int, int]:
    from pipeline.glossary import term_success

    satisfied = total = 0
    for edition in editions:
        s, t = term_success(edition)
        satisfied, total = satisfied + s, total + t
    return satisfied, total


def build_result(editions: Sequence[Edition], outputs: Sequence[Path], run: TranslationRun, *, changed: set[str],
                 warnings: Sequence[str], stale=(), pruned=(), cleaned=(), **facts) -> BuildResult:
    """The result of a build that made ``editions`` and wrote ``outputs`` in ``run``; ``changed``: the
    sources whose reviewed text an import stored meanwhile; ``facts``: the other BuildResult fields."""
    unanswered = set(run.missing)
    satisfied, total = term_success(editions)
    translations = [t for ed in editions for t in ed.translations.values()]
    return BuildResult(
        editions=tuple(editions), outputs=tuple(outputs),
        segments=sum(len(list(ed.document.segments())) for ed in editions),
        from_memory=run.from_memory, translated=run.translated, term_satisfied=satisfied, term_total=total,
        warnings=tuple(dict.fromkeys(warnings)), usage=run.usage,
        missing=tuple(s.id for ed in editions for s in ed.document.segments() if s.text in unanswered),
        marks=count_placements(t.marks for t in translations),
        fuzzy=tuple(t.segment_id for t in translations if t.suggestion is not None),
        changed_while_building=tuple(s.id for ed in editions for s in ed.document.segments() if s.text in changed),
        stale=tuple(stale), pruned=tuple(pruned), cleaned=tuple(cleaned), **facts,
    )


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
            "source_language": result.source_language.as_dict() if result.source_language is not None else None,
        },
        ensure_ascii=False,
        indent=2,
    )

