"""The ``none`` engine: empty targets, for a kit that human translators fill in.

Nothing it returns is stored as machine output; callers mark its segments
``untranslated``. ``build`` uses it only when asked to, never as a fallback.
"""

from __future__ import annotations

from typing import Sequence

from pipeline.engines.base import Capabilities, Engine, Progress
from pipeline.model import Hypothesis, Provenance, TranslationRequest


class NoneEngine(Engine):
    name = "none"
    capabilities = Capabilities(translates=False)

    def __init__(self, source_language: str, target_language: str):
        self.source_language = source_language
        self.target_language = target_language

    def provenance(self) -> Provenance:
        return Provenance(engine=self.name)

    def translate(
        self,
        sources: Sequence[TranslationRequest | str],
        *,
        num_hypotheses: int = 1,
        target_prefixes: Sequence[str | None] | None = None,
        progress: Progress | None = None,
    ) -> list[list[Hypothesis]]:
        if progress is not None and sources:
            progress(len(sources))
        return [[Hypothesis("", 0.0)] for _ in sources]
