"""The project folder and its rules, in one place.

A project is a folder::

    diglot.toml          settings (pipeline.config)
    source/              the sources: text, Markdown, EPUB, Word
    glossary/            the glossaries: CSV, TSV, TBX
    output/              what builds write (diglot.toml's out_dir)
    .diglot/             diglot's own state:
        memory.sqlite        the translation memory (pipeline.memory)
        build.lock           one build at a time (pipeline.lock)
        outputs.json         which outputs builds wrote (pipeline.outputs)

:class:`Project` owns the root, the settings, the sources, the glossaries,
the output folder and the ``.diglot/`` paths, and decides, by one rule
(:meth:`Project.inside`), whether a path may be read or written: what the
project folder itself names (``source/``, ``glossary/``, ``output/``,
diglot.toml's paths) must stay inside it, links followed, so that a folder
handed over by someone else cannot make diglot read or write elsewhere; what
the user named on the command line is the user's to choose (an explicit
``named=True``, never guessed from the path).

Library code: it raises :class:`~pipeline.errors.DiglotError`; it opens
nothing (the memory, the lock and the outputs record are opened by their own
modules, from the paths given here).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Mapping, Sequence

from pipeline.config import CONFIG_FILE, BuildSettings, load_settings
from pipeline.errors import ConfigError, GlossaryError, MemoryError_, SourceError
from pipeline.fileio import within

STATE_DIR = Path(".diglot")  # diglot's own state in a project
MEMORY_FILE = STATE_DIR / "memory.sqlite"
LOCK_FILE = STATE_DIR / "build.lock"
OUTPUTS_FILE = STATE_DIR / "outputs.json"
SOURCE_DIR = "source"
GLOSSARY_DIR = "glossary"
DEFAULT_OUT_DIR = BuildSettings.out_dir  # where exports go when no --out is given

# Word's owner file "~$name.docx" sits beside a document open in Word: a lock, not a source.
OWNER_FILE = "~$"
# What read_document reads (pipeline.ingest.SOURCE_SUFFIXES, which --help must not import; a test keeps
# the two the same).
SOURCE_SUFFIXES = (".txt", ".text", ".md", ".markdown", ".epub", ".docx", ".pdf")


@dataclass(frozen=True)
class Named:
    """Paths the user named on the command line (taken as they are, relative to where the command runs)."""

    sources: tuple[Path, ...] = ()
    glossaries: tuple[Path, ...] = ()
    out_dir: Path | None = None


class Project:
    """A project folder: its settings, sources, glossaries, output folder and state.

    ``settings``: the build settings (``None``: ``diglot.toml`` read by
    :func:`pipeline.config.load_settings`); ``named``: what the command line
    named, which replaces what the settings name.
    """

    def __init__(self, root: str | Path, settings: BuildSettings | None = None, named: Named = Named()):
        self.root = Path(root)
        self._settings = settings
        self.named = named
        if settings is not None:
            self._check_settings_paths(settings)

    @classmethod
    def load(cls, root: str | Path, overrides: Mapping[str, Any] | None = None, named: Named = Named()) -> "Project":
        """The project at ``root`` with its settings: defaults < diglot.toml < ``overrides``."""
        return cls(root, load_settings(Path(root), overrides), named)

    @property
    def settings(self) -> BuildSettings:
        if self._settings is None:
            self._settings = load_settings(self.root)
            self._check_settings_paths(self._settings)
        return self._settings

    # -- the .diglot/ paths ----------------------------------------------------------------

    @property
    def state_dir(self) -> Path:
        return self.root / STATE_DIR

    @property
    def memory_path(self) -> Path:
        return self.root / MEMORY_FILE

    @property
    def lock_path(self) -> Path:
        return self.root / LOCK_FILE

    @property
    def outputs_record(self) -> Path:
        return self.root / OUTPUTS_FILE

    @property
    def glossary_folder(self) -> Path:
        return self.root / GLOSSARY_DIR

    # -- the one rule ----------------------------------------------------------------------

    def inside(self, path: str | Path, *, named: bool, error=ConfigError, what: str = "path",
               instead: str = "name it on the command line") -> Path:
        """``path`` if diglot may use it: ``named`` (typed on the command line) as it is; else only
        if it resolves inside the project, else ``error``: a link that leads out is refused."""
        path = Path(path)
        if named:
            return path
        try:
            inside = within(self.root, path)
        except (OSError, RuntimeError) as exc:  # a link loop
            raise error(f"is a {what} link that cannot be followed ({exc})", path=path) from exc
        if not inside:
            raise error(f"is a link to {path.resolve()}, outside the project; diglot reads and writes only "
                        f"inside the project folder unless you {instead}", path=path)
        return path

    def _check_settings_paths(self, settings: BuildSettings) -> None:
        """diglot.toml's paths (out_dir, glossaries) name places inside the project, written plainly:
        not empty, not the project folder itself, not absolute, not climbing out with ``..``."""
        where = self.root / CONFIG_FILE
        _stays_inside("out_dir", settings.out_dir, where)
        for glossary in settings.glossaries:
            _stays_inside("glossaries", glossary, where)

    # -- what the project holds ------------------------------------------------------------

    def sources(self) -> list[Path]:
        """The sources to build: those named, or every source file in ``source/``.

        Outputs are named after a source's stem, so two sources with one stem
        (``a.txt`` and ``a.md``) are refused rather than overwriting each other.
        """
        named = self.named.sources
        found = list(dict.fromkeys(Path(s) for s in named)) if named else self._source_folder()
        seen: dict[str, Path] = {}
        for path in found:
            other = seen.setdefault(path.stem.lower(), path)
            if other is not path:
                raise SourceError(f"has the same name as {other}, and outputs are named after sources; rename one",
                                  path=path)
        return found

    def _source_folder(self) -> list[Path]:
        folder = self.root / SOURCE_DIR
        if not folder.is_dir():
            raise SourceError("no source/ folder here; run diglot in a project folder or name the source files",
                              path=self.root)
        # not only regular files: a FIFO or a device named *.txt is refused when read, not skipped in silence
        found = sorted(p for p in folder.iterdir()
                       if not p.is_dir() and p.suffix.lower() in SOURCE_SUFFIXES and not p.name.startswith(OWNER_FILE))
        if not found:
            raise SourceError(f"no source files ({', '.join(SOURCE_SUFFIXES)}) in this folder", path=folder)
        for path in found:
            self.inside(path, named=False, error=SourceError, what="source")
        return found

    def glossaries(self) -> list[Path]:
        """The glossaries named (command line, else diglot.toml), or every glossary file in ``glossary/``."""
        if self.named.glossaries:
            return list(self.named.glossaries)
        check = dict(named=False, error=GlossaryError, what="glossary", instead="give it with --glossary")
        if self.settings.glossaries:
            return [self.inside(self.root / g, **check) for g in self.settings.glossaries]
        from pipeline.glossary.formats import EXTENSIONS

        folder = self.glossary_folder
        if not folder.is_dir():
            return []
        found = sorted(p for p in folder.iterdir() if not p.is_dir() and p.suffix.lower() in EXTENSIONS)
        return [self.inside(path, **check) for path in found]

    def load_glossary(self, source_language: str | None = None, target_language: str | None = None):
        """The project's glossary (a :class:`~pipeline.model.Glossary`), or None where it names none."""
        paths = self.glossaries()
        if not paths:
            return None
        from pipeline.glossary import load_glossary

        return load_glossary(paths, source_language=source_language or self.settings.source_language,
                             target_language=target_language or self.settings.target_language)

    def output_folder(self) -> Path:
        """Where outputs go: the folder named on the command line as it is; diglot.toml's
        (default ``output``) inside the project, links included."""
        if self.named.out_dir is not None:
            return self.named.out_dir
        return self.inside(self.root / self.settings.out_dir, named=False, what="output folder",
                           instead="give the folder with --out")

    # -- the memory ------------------------------------------------------------------------

    def existing_memory(self) -> Path:
        """The memory's path, refusing (one line) where there is none: for commands that only read
        the memory or bring edits into one a build made (opening it would create an empty one)."""
        if not self.memory_path.is_file():
            raise MemoryError_(
                f"no translation memory in {self.root.resolve()} ({MEMORY_FILE.as_posix()}); "
                "run diglot build there first, or pass --project"
            )
        return self.memory_path

    def new_or_existing_memory(self) -> Path:
        """The memory's path, for a command that may create it: a new or empty folder becomes a
        project; a folder with other things in it and no source/, diglot.toml or memory is refused
        (one line): a memory is not dropped into the home folder by a command run in the wrong place."""
        markers = (SOURCE_DIR, CONFIG_FILE, STATE_DIR)
        root = self.root
        if root.is_dir() and any(root.iterdir()) and not any((root / m).exists() for m in markers):
            raise MemoryError_(
                f"{root.resolve()} is not a diglot project (no source/, {CONFIG_FILE} or "
                f"{STATE_DIR.as_posix()}/); run the command in the project folder or pass --project"
            )
        return self.memory_path

    def with_settings(self, settings: BuildSettings) -> "Project":
        return Project(self.root, settings, self.named)

    def with_sources(self, sources: Sequence[str | Path]) -> "Project":
        return Project(self.root, self._settings, replace(self.named, sources=tuple(Path(s) for s in sources)))


def _stays_inside(key: str, value: str, where: Path) -> None:
    """Refuse a path from diglot.toml that is empty or leaves the project (absolute, ``..``)."""
    if not value.strip():
        raise ConfigError(f'{key} is empty: it would mean the project folder itself; write {key} = "output" '
                          "or another folder inside the project", path=where)
    normal = os.path.normpath(value.replace("\\", "/"))
    if Path(value).is_absolute() or value.startswith(("/", "\\", "~")) or (len(value) > 1 and value[1] == ":") \
            or normal == ".." or normal.startswith("../"):
        raise ConfigError(f"{key} {value!r} is outside the project; paths in diglot.toml stay inside the project "
                          f"(give another place on the command line if you mean it)", path=where)
    if normal == ".":
        raise ConfigError(f'{key} {value!r} is the project folder itself; write {key} = "output" '
                          "or another folder inside the project", path=where)
