"""Build settings: defaults, then the project's ``diglot.toml``, then flags.

A ``diglot.toml`` in the project folder may hold::

    source_language = "zh"                 # default: found in the sources' text (zh where it cannot be told)
    target_language = "en"
    formats = ["review", "docx", "epub"]   # also "tmx", "xliff"
    layout = "interleaved"                 # side-by-side | translation-only | source-only
    page_size = "A4"                       # or "Letter"
    title = "An English title"             # overrides the translated title
    out_dir = "output"                     # inside the project
    glossaries = ["glossary/terms.csv"]    # inside the project; default every file in glossary/
    max_source_mb = 40                     # a larger source is refused
    fuzzy = "suggest"                      # or "use": the edition takes reviewed text of an edited source

    [engine]
    name = "argos"          # or "none": empty targets, a kit for human translators
    device = "auto"         # cpu | cuda | auto
    threads = 0             # 0: one per core
    beam_size = 4
    num_hypotheses = 4      # n-best kept for glossary enforcement
    compute_type = "auto"
    batch_segments = 256    # segments per batch, each committed to the memory at once

    [cluster]
    ray = "auto"            # local | auto | ray://host:port: the translation pass on Ray
    actors = 0              # 0: one per GPU, or per cpus_per_actor cores of the cluster
    cpus_per_actor = 4

Every key is optional; an unknown key is an error, so a typo is not ignored.
Paths in the file stay inside the project (a project folder handed over by
someone else cannot make diglot write or read elsewhere): the
:class:`~pipeline.project.Project` that takes these settings checks them; a
path typed on the command line is the user's to choose.
"""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Mapping

from pipeline import languages
from pipeline.errors import ConfigError
from pipeline.fileio import MAX_SOURCE_MB
from pipeline.formats import DEFAULT_FORMATS
from pipeline.formats import NAMES as FORMATS
from pipeline.formats import LAYOUTS, PAGE_SIZES

FUZZY = ("suggest", "use")
CONFIG_FILE = "diglot.toml"
MAX_CONFIG_BYTES = 1024 * 1024


@dataclass(frozen=True)
class EngineSettings:
    """The ``[engine]`` table, checked by the chosen engine (``pipeline.engines``).

    The Argos keys are fields; another engine's own keys are in ``options``
    (key, value) pairs, as that engine's check returned them.
    """

    name: str = "argos"
    device: str = "auto"
    threads: int = 0
    beam_size: int = 4
    num_hypotheses: int = 4
    compute_type: str = "auto"
    batch_segments: int = 256
    options: tuple[tuple[str, Any], ...] = ()


@dataclass(frozen=True)
class ClusterSettings:
    """The ``[cluster]`` table: where the translation pass runs (``ray`` empty: in this process)."""

    ray: str = ""
    actors: int = 0
    cpus_per_actor: int = 4


@dataclass(frozen=True)
class BuildSettings:
    source_language: str = "zh"  # with find_source_language: what a source whose language cannot be told is read as
    target_language: str = "en"
    formats: tuple[str, ...] = DEFAULT_FORMATS
    layout: str = "interleaved"
    page_size: str = "A4"
    title: str = ""
    glossaries: tuple[str, ...] = ()  # empty: every file in glossary/
    out_dir: str = "output"
    max_source_mb: int = MAX_SOURCE_MB
    fuzzy: str = "suggest"  # suggest | use: what the edition does with a fuzzy match
    engine: EngineSettings = field(default_factory=EngineSettings)
    cluster: ClusterSettings = field(default_factory=ClusterSettings)
    # neither diglot.toml nor a flag named the source language: each source's is found in its text
    # (pipeline.prepare); not a key of diglot.toml
    find_source_language: bool = False


_TOP_KEYS = {f.name for f in dataclasses.fields(BuildSettings)} - {"engine", "cluster", "find_source_language"}
_CLUSTER_KEYS = {"ray": str, "actors": int, "cpus_per_actor": int}
_ENGINE_FIELDS = {f.name for f in dataclasses.fields(EngineSettings)} - {"options"}
# what each key must be (a list key also takes one string)
_TYPES = {
    "source_language": str, "target_language": str, "formats": list, "layout": str, "page_size": str,
    "title": str, "glossaries": list, "out_dir": str, "max_source_mb": int, "fuzzy": str,
}


def load_settings(project: Path, overrides: Mapping[str, Any] | None = None) -> BuildSettings:
    """Settings for a build in ``project``: defaults < diglot.toml < overrides.

    ``overrides`` takes the same keys as the file (table keys flat, prefixed
    ``engine_`` or ``cluster_``, e.g. ``engine_device``); ``None`` values are ignored.
    """
    values: dict[str, Any] = {}
    engine: dict[str, Any] = {}
    cluster: dict[str, Any] = {}
    path = Path(project) / CONFIG_FILE
    if path.exists() or path.is_symlink():
        from pipeline.fileio import read_limited

        raw = read_limited(path, max_bytes=MAX_CONFIG_BYTES, error=ConfigError, what="settings file")
        try:
            data = tomllib.loads(raw.decode("utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            raise ConfigError(f"not valid TOML: {error}", path=path) from error
        for key, value in data.items():
            if key == "engine":
                if not isinstance(value, dict):
                    raise ConfigError('engine settings go in a table: [engine] then name = "argos", "openai" or "none"', path=path)
                engine.update(value)  # the chosen engine checks its own table (below)
            elif key == "cluster":
                cluster.update(_cluster_table(value, path))
            elif key in _TOP_KEYS:
                values[key] = _typed(key, value, _TYPES[key], path)
            else:
                raise ConfigError(f"unknown setting {key!r} (known: {', '.join(sorted(_TOP_KEYS | {'engine', 'cluster'}))})", path=path)
    chosen = (overrides or {}).get("engine_name")
    if chosen and chosen != engine.get("name", "argos"):
        engine = {}  # the file's [engine] table configures another engine than the one asked for
    for key, value in (overrides or {}).items():
        if value is None or value == ():
            continue
        if key.startswith("engine_"):
            engine[key[len("engine_"):]] = value
        elif key.startswith("cluster_"):
            cluster[key[len("cluster_"):]] = value
        else:
            values[key] = value
    return replace(_validated(values, engine, path), cluster=ClusterSettings(**cluster))


def _cluster_table(table: Any, path: Path) -> dict[str, Any]:
    """The [cluster] table, type-checked."""
    if not isinstance(table, dict):
        raise ConfigError('cluster settings go in a table: [cluster] then ray = "auto"', path=path)
    checked = {}
    for key, value in table.items():
        if key not in _CLUSTER_KEYS:
            raise ConfigError(f"unknown setting [cluster] {key!r} (known: {', '.join(sorted(_CLUSTER_KEYS))})", path=path)
        checked[key] = _typed(f"[cluster] {key}", value, _CLUSTER_KEYS[key], path)
        least = {"actors": 0, "cpus_per_actor": 1}.get(key)
        if least is not None and checked[key] < least:
            raise ConfigError(f"[cluster] {key} must be a whole number ≥ {least}, not {value!r}", path=path)
    return checked


def _typed(key: str, value: Any, kind: type, path: Path) -> Any:
    """``value`` if it is of ``kind`` (a lone string stands for a one-item list)."""
    if kind is list and isinstance(value, str):
        return [value]
    if kind is list and isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value
    if kind is int and isinstance(value, int) and not isinstance(value, bool):
        return value
    if kind is str and isinstance(value, str):
        return value
    wanted = {list: "a list of strings", int: "a whole number", str: "a string"}[kind]
    raise ConfigError(f"{key} must be {wanted}, not {value!r}", path=path)


def _engine_settings(table: dict[str, Any], where: Path | None, project: Path) -> EngineSettings:
    """The [engine] table (file, then flags) as checked by the engine it names."""
    from pipeline.engines import check_settings

    name = table.get("name", "argos")
    if not isinstance(name, str):
        raise ConfigError(f"[engine] name must be a string, not {name!r}", path=where)
    checked = check_settings(name, table, where, project)
    fields = {k: v for k, v in checked.items() if k in _ENGINE_FIELDS}
    options = tuple(sorted((k, v) for k, v in checked.items() if k not in _ENGINE_FIELDS))
    return EngineSettings(name=name, **fields, options=options)


def _validated(values: dict[str, Any], engine: dict[str, Any], path: Path) -> BuildSettings:
    where = path if path.exists() else None
    try:
        if "formats" in values:
            formats = values["formats"]
            if isinstance(formats, str):
                formats = [f for f in formats.replace(" ", "").split(",") if f]
            formats = tuple(dict.fromkeys(formats))
            unknown = [f for f in formats if f not in FORMATS]
            if unknown or not formats:
                raise ConfigError(f"unknown output format {', '.join(unknown) or '(none)'} (choose from {', '.join(FORMATS)})", path=where)
            values["formats"] = formats
        if "glossaries" in values:
            values["glossaries"] = tuple(str(g) for g in values["glossaries"])
        for key in ("source_language", "target_language"):
            if key in values:
                values[key] = languages.check(str(values[key]))
        if values.get("layout", "interleaved") not in LAYOUTS:
            raise ConfigError(f"unknown layout {values['layout']!r} (choose from {', '.join(LAYOUTS)})", path=where)
        if "page_size" in values:
            sizes = {s.lower(): s for s in PAGE_SIZES}
            if str(values["page_size"]).lower() not in sizes:
                raise ConfigError(f"unknown page size {values['page_size']!r} (choose A4 or Letter)", path=where)
            values["page_size"] = sizes[str(values["page_size"]).lower()]
        if "max_source_mb" in values and (not isinstance(values["max_source_mb"], int) or values["max_source_mb"] < 1):
            raise ConfigError(f"max_source_mb must be a whole number ≥ 1, not {values['max_source_mb']!r}", path=where)
        if values.get("fuzzy", "suggest") not in FUZZY:
            raise ConfigError(f"unknown fuzzy {values['fuzzy']!r} (choose from {', '.join(FUZZY)})", path=where)
        find = "source_language" not in values
        settings = BuildSettings(**values, engine=_engine_settings(engine, where, path.parent), find_source_language=find)
    except TypeError as error:
        raise ConfigError(f"bad setting: {error}", path=where) from error
    if not settings.find_source_language and settings.source_language == settings.target_language:
        raise ConfigError(f"source and target language are both {settings.source_language!r}", path=where)
    return settings
