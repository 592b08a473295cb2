"""The one interface every translation engine implements.

An engine turns a batch of translation requests (a segment's text, the term
hits that constrain it, and where it stands in its document) into n-best
hypotheses with scores. Callers (build, translate, glossary enforcement) know
only this interface and an engine's :class:`Capabilities`, never its name;
engines are registered in ``pipeline.engines.ENGINES`` like plugins, and heavy
imports (ctranslate2, sentencepiece, httpx) happen inside an engine's ``open``,
never at import time.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterator, Mapping, Protocol, Sequence

from pipeline.model import Hypothesis, Provenance, TranslationRequest, Usage

Progress = Callable[[int], None]  # called with the number of segments just finished


@dataclass(frozen=True)
class Capabilities:
    """What an engine can do, for callers to decide what to ask of it.

    ``translates``: it produces text at all (``none`` does not);
    ``nbest``/``forced_prefixes``/``scores``: decoding features glossary
    enforcement uses; ``in_document_order``: it translates consecutive
    segments of a document with their context, and answers batch by batch
    (:meth:`Engine.answers`) rather than in one sorted pass;
    ``needs_network`` and ``costs_money``: what the user should know before a run;
    ``alignment``: it can say which source token each target token came from;
    ``ray``: it can run as a pool of Ray actors (``--ray``, :mod:`pipeline.cluster`);
    ``credit``: the translating software a book credits beside diglot (an EPUB's
    ``dc:contributor``; :func:`pipeline.engines.credit` reads it for a provenance).
    """

    translates: bool = True
    nbest: bool = False
    forced_prefixes: bool = False
    scores: bool = False
    in_document_order: bool = False
    needs_network: bool = False
    costs_money: bool = False
    alignment: bool = False  # translate(..., alignment=True) fills Hypothesis.alignment
    ray: bool = False
    credit: str = ""


@dataclass(frozen=True)
class Answer:
    """One batch an in-document-order engine has finished: a target and the term
    details (JSON, as the glossary finisher writes them) per request; an empty
    target means the engine gave no usable translation for it (``missing``)."""

    requests: tuple[TranslationRequest, ...]
    targets: tuple[str, ...]
    details: tuple[str, ...]


def source_texts(requests: Sequence[TranslationRequest | str]) -> list[str]:
    """What the engine translates of each request: its source without code spans
    (a bare string is a request without terms, context or marks)."""
    from pipeline.marks import model_text

    return [r if isinstance(r, str) else model_text(r.source, r.marks) for r in requests]


class Engine(Protocol):
    """What every engine has. Engines subclass it, so that the members with a default
    below (the notes, the estimate, the executor, where it runs, closing) need
    be written only by an engine that has something to say there: callers use
    them without probing."""

    name: str
    source_language: str
    target_language: str
    capabilities: Capabilities
    notes: Sequence[str] = ()  # what the engine chose for the user (threads capped, GPU unusable), said once
    description: str = ""  # where the model runs, for the build summary: "cpu, int8", or a Ray pool's actors

    def provenance(self) -> Provenance:
        """What produces this engine's output: model, version, decoding settings."""

    def estimate(self, requests: Sequence[TranslationRequest], known: Mapping[str, str]) -> Usage | None:
        """The tokens and cost a run of ``requests`` would use, sending nothing; None: it counts none."""
        return None

    def executor(self, enforce: bool) -> Callable | None:
        """A ``translate_missing`` executor that decodes the batches elsewhere (and, with
        ``enforce``, enforces the glossary there), or None: decoding runs in this process."""
        return None

    def close(self) -> None:
        """Release what the engine holds beyond this process (a Ray pool's actors)."""

    def ahead(self, batches: Sequence[Sequence[TranslationRequest]], *, alignment: Sequence[bool]) -> None:
        """Told every batch a run will decode here, before the first (``alignment[i]``: batch ``i``
        is decoded with alignment): an engine with work that spans the whole document does it now
        (the first leg of a pair through English). Nothing by default."""

    def translate(
        self,
        requests: Sequence[TranslationRequest | str],
        *,
        num_hypotheses: int = 1,
        target_prefixes: Sequence[str | None] | None = None,
        progress: Progress | None = None,
    ) -> list[list[Hypothesis]]:
        """One list of hypotheses (best first) per request, in input order.

        ``target_prefixes[i]``, when given and not None, is detokenized target
        text that hypothesis ``i`` must start with (forced decoding; only
        engines with ``capabilities.forced_prefixes``). ``progress`` is called
        as batches finish.
        """


class OrderedEngine(Engine, Protocol):
    """An engine with ``capabilities.in_document_order``."""

    usage: Usage

    def answers(self, requests: Sequence[TranslationRequest], known: Mapping[str, str]) -> Iterator[Answer]:
        """Translate ``requests`` (in document order), yielding each batch as it is answered.

        ``known``: translations already at hand (source -> target), for the
        context of the requests (planned before the first is sent, so that
        they do not depend on which answers come back first).
        """
