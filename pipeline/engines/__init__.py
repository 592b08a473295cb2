"""Translation engines, registered by name like plugins.

``open_engine("argos", "zh", "en")`` loads the installed Argos package for the
pair (ModelNotInstalled, with the install command, when there is none);
``open_engine("none", ...)`` gives empty targets for human translators.
Engines are imported only when opened, so importing this package is cheap.
To add an engine, put a factory with the signature of ``open_engine`` (minus
``name``) into ``ENGINES``.
"""

from __future__ import annotations

from typing import Callable

from pipeline.engines.base import Engine
from pipeline.errors import ConfigError


def _open_argos(source_language: str, target_language: str, **settings) -> Engine:
    from pipeline.engines.argos import ArgosEngine

    return ArgosEngine.open(source_language, target_language, **settings)


def _open_none(source_language: str, target_language: str, **settings) -> Engine:
    from pipeline.engines.none import NoneEngine

    return NoneEngine(source_language, target_language)


ENGINES: dict[str, Callable[..., Engine]] = {
    "argos": _open_argos,
    "none": _open_none,
}


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
) -> Engine:
    """Open the engine called ``name`` for a language pair.

    ``device``: ``cpu``, ``cuda`` or ``auto`` (cuda when a GPU is visible);
    ``threads``: CPU threads (0 = all cores); ``compute_type``: a CTranslate2
    compute type or ``auto`` (int8 on CPU, int8_float16 on GPU);
    ``num_hypotheses_hint``: the n-best size callers will ask for (the beam is
    widened to at least that).
    """
    try:
        factory = ENGINES[name]
    except KeyError:
        known = ", ".join(sorted(ENGINES))
        raise ConfigError(f"unknown translation engine {name!r} (choose one of: {known})") from None
    return factory(
        source_language,
        target_language,
        device=device,
        threads=threads,
        beam_size=beam_size,
        compute_type=compute_type,
        num_hypotheses_hint=num_hypotheses_hint,
    )


__all__ = ["ENGINES", "Engine", "open_engine"]
