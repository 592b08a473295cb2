"""Translation engines, registered by name like plugins.

``open_engine("argos", "zh", "en")`` loads the installed Argos package for the
pair, or, for a pair without one, the from→en and en→to packages in a row
(``pipeline.engines.pivot``; ModelNotInstalled, with the install command, when
neither is there);
``open_engine("none", ...)`` gives empty targets for human translators;
``open_engine("openai", ..., options={"model": ..., "base_url": ...})`` talks to
any OpenAI-compatible chat server (Ollama, llama.cpp, vLLM, a hosted API).

Each engine is an :class:`EngineSpec`: what it can do (:class:`Capabilities`,
which callers test instead of engine names), the check of its own
``[engine]`` settings table, and a factory. Engines are imported only when
opened, so importing this package is cheap. To add an engine, add a spec to
``ENGINES``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Mapping

from pipeline.engines.base import Answer, Capabilities, Engine, OrderedEngine, source_texts
from pipeline.engines.settings import check_argos, check_none
from pipeline.errors import ConfigError


@dataclass(frozen=True)
class EngineSpec:
    name: str
    summary: str  # one line for --help
    capabilities: Capabilities
    check: Callable[..., dict[str, Any]]  # (table, where, project) -> checked values
    open: Callable[..., Engine]  # (source_language, target_language, **settings) -> Engine


def _open_argos(source_language: str, target_language: str, *, options: Mapping[str, Any] = (), **settings) -> Engine:
    from pipeline.engines.pivot import open_argos  # the pair's own package, or through English

    return open_argos(source_language, target_language, **settings)


def _open_none(source_language: str, target_language: str, **settings) -> Engine:
    from pipeline.engines.none import NoneEngine

    return NoneEngine(source_language, target_language)


def _open_openai(source_language: str, target_language: str, *, options: Mapping[str, Any] = (), **settings) -> Engine:
    from pipeline.engines.openai import OpenAIEngine

    return OpenAIEngine.open(source_language, target_language, dict(options))


def _check_openai(table, where, project=None):
    from pipeline.engines.openai.settings import check_table

    return check_table(table, where, project)


ENGINES: dict[str, EngineSpec] = {
    "argos": EngineSpec(
        "argos", "translates offline with an installed Argos model (default)",
        Capabilities(nbest=True, forced_prefixes=True, scores=True, ray=True, credit="Argos Translate"), check_argos,
        _open_argos,
    ),
    "none": EngineSpec(
        "none", "leaves targets empty for human translators",
        Capabilities(translates=False), check_none, _open_none,
    ),
    "openai": EngineSpec(
        "openai", "any OpenAI-compatible chat model (Ollama, llama.cpp, a hosted API); see [engine] in diglot.toml",
        Capabilities(in_document_order=True, needs_network=True, costs_money=True), _check_openai, _open_openai,
    ),
}


def engine_spec(name: str) -> EngineSpec:
    try:
        return ENGINES[name]
    except KeyError as exc:
        known = ", ".join(sorted(ENGINES))
        raise ConfigError(f"unknown translation engine {name!r} (choose one of: {known})") from exc


def capabilities(name: str) -> Capabilities:
    """What the engine called ``name`` can do, without opening it."""
    return engine_spec(name).capabilities


def credit(name: str) -> str:
    """The software a book credits for the output of the engine called ``name`` (its
    ``Capabilities.credit``); empty for an engine that credits none, or a provenance
    that names no engine (``memory``)."""
    spec = ENGINES.get(name)
    return spec.capabilities.credit if spec is not None else ""


def check_settings(name: str, table: Mapping[str, Any], where: Path | None = None, project: Path | None = None) -> dict[str, Any]:
    """The ``[engine]`` table checked by the engine called ``name`` (ConfigError naming the key)."""
    spec = engine_spec(name)
    if where is not None:
        try:
            return spec.check(table, where, project)
        except ConfigError as error:
            if error.path is None:
                raise ConfigError(error.message, path=where) from error
            raise
    return spec.check(table, where, project)


def open_engine(
    name: str,
    source_language: str,
    target_language: str,
    *,
    device: str = "auto",
    threads: int = 0,
    beam_size: int = 4,
    compute_type: str = "auto",
    num_hypotheses_hint: int = 1,
    options: Mapping[str, Any] | None = None,
) -> Engine:
    """Open the engine called ``name`` for a language pair.

    Argos: ``device`` (``cpu``, ``cuda`` or ``auto``: cuda when a GPU is
    visible); ``threads`` (CPU threads, 0 = all cores); ``compute_type`` (a
    CTranslate2 compute type or ``auto``: int8 on CPU, int8_float16 on GPU);
    ``num_hypotheses_hint`` (the n-best size callers will ask for; the beam is
    widened to at least that). Other engines take their checked settings
    table as ``options``.
    """
    spec = engine_spec(name)
    return spec.open(
        source_language,
        target_language,
        device=device,
        threads=threads,
        beam_size=beam_size,
        compute_type=compute_type,
        num_hypotheses_hint=num_hypotheses_hint,
        options=options or {},
    )


__all__ = [
    "ENGINES", "Answer", "Capabilities", "Engine", "EngineSpec", "OrderedEngine",
    "capabilities", "check_settings", "engine_spec", "open_engine", "source_texts",
]
