"""Pairs without an Argos package of their own, translated through English, as Argos does.

``open_argos(from, to, **settings)`` opens the pair's own package when one is
installed (a plain :class:`~pipeline.engines.argos.ArgosEngine`: a direct model
always wins), else a :class:`PivotEngine` over the installed from→en and en→to
packages (:func:`pipeline.engines.store.route`), else ModelNotInstalled naming
what is missing.

Before the first batch, :meth:`PivotEngine.ahead` (called by
``translate_missing`` with every batch of the run) sends the whole document's
missing segments through the first leg (from→en) in one batched pass, best
hypothesis only, and keeps the English. Each batch of ``batch_segments``
segments (256 by default) then goes through the second leg (en→to) in one
batched pass, with the n-best and the forced target prefixes the caller asked
for, and is stored in the memory at once: an interrupted build loses the
English of the batches not yet stored (a rebuild decodes their first leg
again) and at most the one batch in flight of the second leg.
:meth:`PivotEngine.translate` alone (a caller that does not look ahead)
decodes the first leg of whatever it is given that is not decoded yet.

The glossary is enforced on the last leg. Its terms are a source term and the
target term that must stand in the translation; there is no English term to
put into the first leg's output, and Argos models do not carry placeholders
through (DESIGN.md: the decoder turns ``_`` into spaces; a rare token is
translated or dropped). So the finisher
(:func:`pipeline.glossary.make_finisher`) works on this engine exactly as on a
direct one: it checks the target terms in the final text, asks for n-best
and forces a missing term with a target prefix, and each of those re-decodes
only the second leg (the English is kept), placing the term where the source
hit stands in its sentence, as for a direct model. A term's status (``model``,
``nbest``, ``forced``, ``missing``) therefore says what the last leg's output
holds. A do-not-translate term that the first leg mangled is forced back in
its source form by the same rule.

Inline formatting: each leg's word alignment (source→English, English→target)
is composed into a source→target one, so marks are placed as with a direct
model.

What made the output (:meth:`PivotEngine.provenance`, the memory's producer)
names both packages and versions and says ``via en``: changing either model
translates again; changing nothing never does.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Sequence

from pipeline.engines.argos import ArgosEngine
from pipeline.engines.base import Engine, Progress, source_texts
from pipeline.engines.store import route
from pipeline.languages import check as check_language
from pipeline.model import Hypothesis, Provenance, TranslationRequest

Alignment = tuple[tuple[int, int, int, int], ...]


def open_argos(source_language: str, target_language: str, **settings) -> Engine:
    """The Argos engine for the pair: its own package, or through English (see the module doc)."""
    packages = route(check_language(source_language), check_language(target_language))
    if len(packages) == 1:
        return ArgosEngine(packages[0], **settings)
    first, second = packages
    return PivotEngine(ArgosEngine(first, **settings), ArgosEngine(second, **settings))


class PivotEngine(Engine):
    """Two Argos engines in a row, source→en→target; open it with :func:`open_argos`."""

    name = "argos"
    # what the Argos engine can; a Ray pool runs one package per actor, not two in a row
    capabilities = replace(ArgosEngine.capabilities, ray=False)

    def __init__(self, first: ArgosEngine, second: ArgosEngine):
        if first.target_language != second.source_language:
            raise ValueError(f"legs do not meet: {first.package.pair} then {second.package.pair}")
        self.first, self.second = first, second
        self.source_language = first.source_language
        self.target_language = second.target_language
        self.pivot = first.target_language
        self.notes = list(dict.fromkeys([*first.notes, *second.notes]))
        self._english: dict[str, Hypothesis] = {}  # the first leg's output, by model text
        self._aligned: set[str] = set()  # sources whose first leg was decoded with alignment asked

    @property
    def description(self) -> str:
        """Where the models run, and the route: ``cpu, int8, via en``."""
        where = " + ".join(dict.fromkeys(d for d in (self.first.description, self.second.description) if d))
        return f"{where}, via {self.pivot}" if where else f"via {self.pivot}"

    def provenance(self) -> Provenance:
        """Both packages and versions, ``via en``, and the decoding settings (the same for both legs)."""
        a, b = self.first.provenance(), self.second.provenance()
        models = " → ".join(" ".join(v for v in (p.model, p.model_version) if v) for p in (a, b))
        settings = a.settings if a.settings == b.settings else f"{a.settings} / {b.settings}"
        return Provenance(engine=a.engine, model=models, model_version=f"via {self.pivot}", settings=settings)

    def translate(
        self,
        requests: Sequence[TranslationRequest | str],
        *,
        num_hypotheses: int = 1,
        target_prefixes: Sequence[str | None] | None = None,
        progress: Progress | None = None,
        alignment: bool = False,
    ) -> list[list[Hypothesis]]:
        """n-best per request, through English: the first leg once per source, the second
        leg with ``num_hypotheses`` and ``target_prefixes`` (target text, as for a direct model)."""
        sources = source_texts(requests)
        if target_prefixes is not None and len(target_prefixes) != len(sources):
            raise ValueError("target_prefixes must have one entry per source")
        english = self.english(sources, alignment=alignment)
        second = self.second.translate([english[s].text for s in sources], num_hypotheses=num_hypotheses,
                                       target_prefixes=target_prefixes, progress=progress, alignment=alignment)
        return [[_through(english[s], h, alignment) for h in hyps] for s, hyps in zip(sources, second)]

    def ahead(self, batches: Sequence[Sequence[TranslationRequest]], *, alignment: Sequence[bool]) -> None:
        """The first leg for the whole run in one batched pass (two where some batches are decoded
        with alignment and some without), before the second leg takes the first batch."""
        for aligned in (False, True):
            sources = [s for batch, a in zip(batches, alignment) if a == aligned for s in source_texts(batch)]
            if sources:
                self.english(sources, alignment=aligned)

    def english(self, sources: Sequence[str], *, alignment: bool = False) -> dict[str, Hypothesis]:
        """The first leg's best hypothesis for each source; those not decoded before (or,
        with ``alignment``, not decoded with it) go through the first model in one batched pass."""
        new = list(dict.fromkeys(s for s in sources if s not in self._english
                                 or (alignment and s not in self._aligned)))
        if new:
            decoded = self.first.translate(new, alignment=alignment)
            for source, hyps in zip(new, decoded):
                self._english[source] = hyps[0] if hyps else Hypothesis("", 0.0)
            if alignment:
                self._aligned.update(new)
        return self._english


def _through(first: Hypothesis, second: Hypothesis, alignment: bool) -> Hypothesis:
    """The second leg's hypothesis, scored over both legs, aligned to the source."""
    links = compose(first.alignment, second.alignment) if alignment else ()
    return Hypothesis(second.text, first.score + second.score, links)


def compose(first: Alignment, second: Alignment) -> Alignment:
    """Source→target alignment from source→English and English→target (character spans):
    each target token gets the source span of the English token its own English span
    overlaps most."""
    out = []
    for e0, e1, t0, t1 in second:
        best = max(((min(e1, b) - max(e0, a), s0, s1) for s0, s1, a, b in first if min(e1, b) > max(e0, a)),
                   default=None)
        if best is not None:
            out.append((best[1], best[2], t0, t1))
    return tuple(out)
