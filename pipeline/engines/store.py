"""The Argos store: the model packages installed on this machine (find, list, remove).

A pair without a package of its own is reached through English when both legs
are installed (:func:`route`), as Argos itself does.

Packages live where Argos keeps them (``ARGOS_PACKAGES_DIR``, else Argos's
settings, else ``~/.local/share/argos-translate/packages``), so packages
installed by other Argos tools are seen here and the other way round. Only
``argostranslate.settings`` is read here. Installing (archive checks, the
load-and-translate probe, the package index and the download) is
:mod:`pipeline.engines.packages`, which uses this module; the engine
(:mod:`pipeline.engines.argos`) uses only this one.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import ModelError, ModelNotInstalled, PackageInvalid

PIVOT = "en"  # the language a pair without a package of its own goes through, as in Argos
TEMP_PREFIX = ".diglot-"  # our temporary folders in the packages folder (hidden: never listed as packages)


@dataclass(frozen=True)
class InstalledPackage:
    """An Argos package installed on this machine."""

    from_code: str
    to_code: str
    path: Path
    package_version: str = ""
    argos_version: str = ""
    from_name: str = ""
    to_name: str = ""
    target_prefix: str = ""
    size: int = 0  # bytes on disk

    @property
    def pair(self) -> str:
        return f"{self.from_code}→{self.to_code}"

    @property
    def name(self) -> str:
        """The package's name as argospm spells it, e.g. ``translate-zh_en``."""
        return f"translate-{self.from_code}_{self.to_code}"

    @property
    def model_dir(self) -> Path:
        return self.path / "model"

    @property
    def tokenizer(self) -> Path:
        """``sentencepiece.model``, or ``bpe.model`` for BPE packages."""
        sp = self.path / "sentencepiece.model"
        return sp if sp.exists() else self.path / "bpe.model"


def install_hint(from_code: str, to_code: str) -> str:
    return f"`diglot models install {from_code} {to_code}` (or `diglot models install PATH.argosmodel`)"


def packages_dir() -> Path:
    """The folder Argos installs packages into, read now (not at import time)."""
    env = os.environ.get("ARGOS_PACKAGES_DIR")
    if env:
        return Path(env).expanduser()
    from argostranslate import settings

    return Path(settings.get_setting("ARGOS_PACKAGES_DIR", default=settings.data_dir / "packages")).expanduser()


def _reason(error: OSError) -> str:
    """What an OSError says, in words: ``read-only file system``, ``permission denied``..."""
    if isinstance(error, NotADirectoryError):
        return "that path, or a folder above it, is a file"
    if error.errno:
        return os.strerror(error.errno).lower()
    return str(error)


def unwritable(folder: Path, error: OSError) -> ModelError:
    return ModelError(
        f"cannot write to the packages folder {folder} ({_reason(error)}); "
        "set ARGOS_PACKAGES_DIR to a writable folder"
    )


def _unreadable(folder: Path, error: OSError) -> ModelError:
    return ModelError(
        f"cannot read the packages folder {folder} ({_reason(error)}); "
        "set ARGOS_PACKAGES_DIR to a folder"
    )


def _folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def check_metadata(metadata: object, where: str) -> dict:
    if not isinstance(metadata, dict):
        raise PackageInvalid("metadata.json is not a JSON object; this is not an Argos package", path=where)
    for key in ("from_code", "to_code"):
        value = metadata.get(key)
        if not isinstance(value, str) or not value.strip():
            raise PackageInvalid(f"metadata.json has no {key}; this is not an Argos translation package", path=where)
    kind = metadata.get("type", "translate")
    if kind != "translate":
        raise PackageInvalid(f"metadata.json says type {kind!r}; diglot installs translation packages only", path=where)
    return metadata


def read_installed(folder: Path) -> InstalledPackage:
    try:
        metadata = json.loads((folder / "metadata.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise PackageInvalid(f"metadata.json cannot be read ({error})", path=folder) from error
    metadata = check_metadata(metadata, str(folder))
    return InstalledPackage(
        from_code=metadata["from_code"],
        to_code=metadata["to_code"],
        path=folder,
        package_version=str(metadata.get("package_version", "")),
        argos_version=str(metadata.get("argos_version", "")),
        from_name=str(metadata.get("from_name", "")),
        to_name=str(metadata.get("to_name", "")),
        target_prefix=str(metadata.get("target_prefix", "") or ""),
        size=_folder_size(folder),
    )


def installed_packages() -> list[InstalledPackage]:
    """Every valid translation package in the packages folder, sorted by pair."""
    folder = packages_dir()
    try:
        if not folder.is_dir():
            folder.stat()  # missing: nothing installed yet; a file, or under a file: say so
            raise NotADirectoryError(errno.ENOTDIR, "is a file")
        children = sorted(folder.iterdir())
    except FileNotFoundError:
        return []
    except OSError as error:
        raise _unreadable(folder, error) from error
    found = []
    for child in children:
        if not child.is_dir() or child.name.startswith(".") or not (child / "metadata.json").is_file():
            continue
        try:
            found.append(read_installed(child))
        except PackageInvalid:
            continue  # not ours to judge: another tool's folder, or a broken one
    return sorted(found, key=lambda p: (p.from_code, p.to_code, version_key(p.package_version)))


def version_key(version: str) -> tuple:
    parts = []
    for piece in version.replace("-", ".").split("."):
        parts.append((0, int(piece), "") if piece.isdigit() else (1, 0, piece))
    return tuple(parts)


def newest(packages, from_code: str, to_code: str):
    """The newest of ``packages`` (installed or in the index) for the pair, or None."""
    matches = [p for p in packages if p.from_code == from_code and p.to_code == to_code]
    return max(matches, key=lambda p: version_key(p.package_version)) if matches else None


def find_package(from_code: str, to_code: str) -> InstalledPackage:
    """The installed package for the pair (the newest if several); ModelNotInstalled if none."""
    found = newest(installed_packages(), from_code, to_code)
    if found is None:
        raise ModelNotInstalled(
            f"no Argos model is installed for {from_code}→{to_code} (looked in {packages_dir()}); "
            f"install one with {install_hint(from_code, to_code)}"
        )
    return found


def ways(packages, from_code: str, to_code: str) -> tuple:
    """How ``packages`` (installed, or in the index) make the pair: ``(own,)`` when one of them is
    the pair's, else the legs ``(from→en, en→to)``, None for a leg they lack; ``()`` when there is
    no way round (English is one side of the pair). The newest package each time."""
    own = newest(packages, from_code, to_code)
    if own is not None:
        return (own,)
    if PIVOT in (from_code, to_code) or from_code == to_code:
        return ()
    return newest(packages, from_code, PIVOT), newest(packages, PIVOT, to_code)


def lacking(from_code: str, to_code: str, legs: tuple) -> str:
    """What is missing to go through English, given ``ways``' two legs: ``ja→en and en→zh``."""
    return " and ".join(pair for pair, p in zip((f"{from_code}→{PIVOT}", f"{PIVOT}→{to_code}"), legs) if p is None)


def route(from_code: str, to_code: str) -> tuple[InstalledPackage, ...]:
    """The installed packages that translate ``from_code``→``to_code``: the pair's own
    package (the newest), or, as Argos does when there is none, ``from``→en then en→``to``.

    ModelNotInstalled names what is missing and the one command that installs it.
    """
    found = ways(installed_packages(), from_code, to_code)
    if not found:
        return (find_package(from_code, to_code),)  # no way through English: the plain message
    if None not in found:
        return found
    have = next((p.pair for p in found if p is not None), "")
    raise ModelNotInstalled(
        f"no Argos model is installed for {from_code}→{to_code}, nor {lacking(from_code, to_code, found)} "
        f"to translate through English{f' (with {have})' if have else ''}; looked in {packages_dir()}; "
        f"install with {install_hint(from_code, to_code)}"
    )


def pivot_pairs(installed: list[InstalledPackage]) -> list[tuple[InstalledPackage, InstalledPackage]]:
    """The pairs the installed packages reach only through English: (from→en, en→to) for
    every from≠to without a package of its own, the newest of each leg, sorted by pair."""
    direct = {(p.from_code, p.to_code) for p in installed}
    firsts = {p.from_code for p in installed if p.to_code == PIVOT and p.from_code != PIVOT}
    seconds = {p.to_code for p in installed if p.from_code == PIVOT and p.to_code != PIVOT}
    return [
        (newest(installed, a, PIVOT), newest(installed, PIVOT, b))  # type: ignore[misc]
        for a in sorted(firsts) for b in sorted(seconds) if a != b and (a, b) not in direct
    ]


def discard(folder: Path) -> None:
    """Remove a package folder: rename it out of sight first, so no half-package remains."""
    trash = Path(tempfile.mkdtemp(prefix=TEMP_PREFIX + "remove-", dir=folder.parent))
    os.replace(folder, trash / folder.name)
    shutil.rmtree(trash, ignore_errors=True)


def remove_package(from_code: str, to_code: str) -> list[Path]:
    """Remove every installed package for the pair; returns the folders removed."""
    matches = [p for p in installed_packages() if p.from_code == from_code and p.to_code == to_code]
    if not matches:
        raise ModelNotInstalled(f"no Argos model is installed for {from_code}→{to_code}; nothing to remove")
    for package in matches:
        try:
            discard(package.path)
        except OSError as error:
            raise unwritable(package.path.parent, error) from error
    return [p.path for p in matches]
