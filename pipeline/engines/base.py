"""The one interface every translation engine implements.

An engine turns a batch of source segments into n-best hypotheses with scores.
Callers (build, glossary enforcement) know only this interface; engines are
registered by name in ``pipeline.engines.ENGINES`` like plugins, and heavy
imports (ctranslate2, sentencepiece) happen inside an engine's ``open``, never
at import time.
"""

from __future__ import annotations

from typing import Callable, Protocol, Sequence

from pipeline.model import Hypothesis, Provenance

Progress = Callable[[int], None]  # called with the number of segments just finished


class Engine(Protocol):
    name: str
    source_language: str
    target_language: str

    def provenance(self) -> Provenance:
        """What produces this engine's output: model, version, decoding settings."""

    def translate(
        self,
        sources: Sequence[str],
        *,
        num_hypotheses: int = 1,
        target_prefixes: Sequence[str | None] | None = None,
        progress: Progress | None = None,
    ) -> list[list[Hypothesis]]:
        """One list of hypotheses (best first) per source, in input order.

        ``target_prefixes[i]``, when given and not None, is detokenized target
        text that hypothesis ``i`` must start with (forced decoding).
        ``progress`` is called as batches finish.
        """
