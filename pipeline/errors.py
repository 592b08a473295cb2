"""The one exception tree of diglot.

Library code raises only these; the CLI turns any :class:`DiglotError` into one
line on stderr and exit code 1. ``str(error)`` is that line: it names the file
(and line) where there is one, and says what is wrong and, where it can, what
to do.

::

    DiglotError
    ├── SourceError              a source file cannot be read as a document
    │   └── EncodingError        bytes that decode in no supported encoding
    ├── LanguageError            an unknown or unsupported language code
    ├── ConfigError              diglot.toml or a command-line setting is wrong
    ├── GlossaryError            a glossary file is broken (file and line)
    ├── ModelError               Argos model packages
    │   ├── ModelNotInstalled    no package for the language pair
    │   ├── PackageInvalid       a file that is not a valid .argosmodel
    │   └── IndexUnreachable     the Argos package index cannot be reached
    ├── EngineError              a translation engine failed while translating
    │   ├── ServerError          a chat server refused a request or cannot be reached
    │   └── ClusterError         the Ray cluster cannot be reached or lost its workers
    ├── MemoryError_             the translation memory (SQLite)
    │   └── MemoryBusy           another diglot run holds the memory
    ├── ProjectBusy              another diglot build runs in this project
    ├── RenderError              an output could not be written
    └── ReviewError              a reviewed file cannot be imported
        └── NotAReviewDocument   the file is not a diglot review document
"""

from __future__ import annotations

from pathlib import Path


class DiglotError(Exception):
    """Base of every error diglot raises on purpose."""

    def __init__(self, message: str, *, path: str | Path | None = None, line: int | None = None):
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        super().__init__(str(self))

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = self.path if self.line is None else f"{self.path}:{self.line}"
            where += ": "
        return where + self.message


class SourceError(DiglotError):
    """A source file is missing, a folder, binary, empty or otherwise unreadable."""


class EncodingError(SourceError):
    """The bytes of a source decode in none of the supported encodings."""


class LanguageError(DiglotError):
    """A language code diglot does not know or cannot handle."""


class ConfigError(DiglotError):
    """diglot.toml or a setting given on the command line is wrong."""


class GlossaryError(DiglotError):
    """A glossary file is broken; ``problems`` lists every (line, message)."""

    def __init__(self, message: str, *, path=None, line=None, problems: tuple = ()):
        self.problems = tuple(problems)
        super().__init__(message, path=path, line=line)


class ModelError(DiglotError):
    """Something about Argos model packages."""


class ModelNotInstalled(ModelError):
    """No installed package translates the requested language pair."""


class PackageInvalid(ModelError):
    """A file offered as an .argosmodel is not a valid package."""


class IndexUnreachable(ModelError):
    """The Argos package index cannot be reached (offline, or a bad address)."""


class EngineError(DiglotError):
    """A translation engine failed while translating."""


class ServerError(EngineError):
    """An OpenAI-compatible server refused a request (key, model) or cannot be reached."""


class ClusterError(EngineError):
    """The Ray cluster for the translation pass cannot be reached, or lost a worker for good."""


class MemoryError_(DiglotError):  # noqa: N801 - MemoryError is a builtin
    """The translation memory cannot be opened, migrated or written."""


TranslationMemoryError = MemoryError_


class MemoryBusy(MemoryError_):
    """Another diglot run holds the translation memory."""


class ProjectBusy(DiglotError):
    """Another ``diglot build`` holds this project's build lock."""


class RenderError(DiglotError):
    """An output file could not be written."""


class ReviewError(DiglotError):
    """A reviewed file (DOCX, XLIFF, TMX) cannot be imported."""


class NotAReviewDocument(ReviewError):
    """The file is not a review document written by diglot."""
