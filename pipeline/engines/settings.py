"""Checking an engine's ``[engine]`` settings table, and the Argos engine's own keys.

Each engine declares its keys with their types and checks their values; the
registry (``pipeline.engines``) calls the chosen engine's check, so a key that
belongs to another engine, or a typo, is an error naming the engine.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping

from pipeline.errors import ConfigError

DEVICES = ("auto", "cpu", "cuda")
_WANTED = {str: "a string", int: "a whole number", float: "a number", bool: "true or false"}


def typed(key: str, value: Any, kind: type, where: Path | None) -> Any:
    """``value`` if it is of ``kind`` (a whole number passes for a number), else ConfigError."""
    if kind is float and isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    if kind is int and isinstance(value, int) and not isinstance(value, bool):
        return value
    if kind in (str, bool) and isinstance(value, kind):
        return value
    raise ConfigError(f"[engine] {key} must be {_WANTED[kind]}, not {value!r}", path=where)


def check_keys(engine: str, table: Mapping[str, Any], kinds: Mapping[str, type], where: Path | None) -> dict[str, Any]:
    """The table's values, type-checked against ``kinds`` (``name`` is always allowed)."""
    known = {"name", *kinds}
    values: dict[str, Any] = {}
    for key, value in table.items():
        if key not in known:
            raise ConfigError(
                f"unknown setting [engine] {key!r} for the {engine} engine (known: {', '.join(sorted(known))})",
                path=where,
            )
        if key != "name":
            values[key] = typed(key, value, kinds[key], where)
    return values


def at_least(key: str, values: Mapping[str, Any], low: float, where: Path | None, *, kind: str = "a whole number") -> None:
    if key in values and values[key] < low:
        raise ConfigError(f"[engine] {key} must be {kind} ≥ {low:g}, not {values[key]!r}", path=where)


def at_most(key: str, values: Mapping[str, Any], high: float, where: Path | None) -> None:
    if key in values and values[key] > high:
        raise ConfigError(f"[engine] {key} must be at most {high:g}, not {values[key]!r}", path=where)


MAX_BEAM = 64  # past this a beam only costs time; CTranslate2 itself fails on absurd sizes without naming the key
# What CTranslate2 accepts as compute_type, and auto (diglot's own choice per device).
COMPUTE_TYPES = ("auto", "default", "int8", "int8_float32", "int8_float16", "int8_bfloat16", "int16",
                 "float16", "bfloat16", "float32")


ARGOS_KEYS = {"device": str, "threads": int, "beam_size": int, "num_hypotheses": int, "compute_type": str,
              "batch_segments": int}


def check_argos(table: Mapping[str, Any], where: Path | None, project: Path | None = None) -> dict[str, Any]:
    """The Argos engine's keys: device, threads, beam_size, num_hypotheses, compute_type, batch_segments."""
    values = check_keys("argos", table, ARGOS_KEYS, where)
    if values.get("device", "auto") not in DEVICES:
        raise ConfigError(f"unknown device {values['device']!r} (choose from {', '.join(DEVICES)})", path=where)
    at_least("threads", values, 0, where)
    at_least("beam_size", values, 1, where)
    at_least("num_hypotheses", values, 1, where)
    at_least("batch_segments", values, 1, where)
    at_most("beam_size", values, MAX_BEAM, where)
    at_most("num_hypotheses", values, MAX_BEAM, where)
    if values.get("compute_type", "auto") not in COMPUTE_TYPES:
        raise ConfigError(f"[engine] compute_type {values['compute_type']!r} is not a CTranslate2 compute type "
                          f"(choose one of {', '.join(COMPUTE_TYPES)})", path=where)
    return values


def check_none(table: Mapping[str, Any], where: Path | None, project: Path | None = None) -> dict[str, Any]:
    """The ``none`` engine takes the Argos keys (so that switching engines needs no edit) and ignores them."""
    return check_argos(table, where, project)
