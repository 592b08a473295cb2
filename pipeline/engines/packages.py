"""Installing Argos Translate model packages: from a file or from the package index.

An install never leaves half a package: the archive is checked (paths, sizes,
metadata), extracted into a hidden temporary folder inside the packages
folder, loaded there and made to translate one word, and only then renamed
into place; a package it replaces is kept until the new one is in. Finding,
listing and removing installed packages is :mod:`pipeline.engines.store`
(re-exported here for the callers of this module).

Why the index and the download are not ``argostranslate.package``'s
(argostranslate 1.9, measured here offline, index at a closed port): it reads
``ARGOS_PACKAGE_INDEX`` and the folders once, at import (a later change of the
variable is ignored), and creates its cache and data folders at import (0.33 to
0.52 s); offline, ``get_available_packages()`` swallows the connection error and
retries itself until RecursionError (0.65 s, some 1,000 lines on stderr); its
download (``networking.get``) has no timeout, swallows errors into ``None``
after three tries, keeps the whole archive in memory and reports no progress.
diglot needs a one-line IndexUnreachable offline, a timeout, progress and the
archive checks below, so it reads the index and downloads with urllib itself
(a few lines) and installs with its own checks. ``argostranslate.translate``
(torch, stanza) is never imported.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import tempfile
import urllib.error
import urllib.request
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Callable

from pipeline.engines.argos import ArgosEngine, one_line
from pipeline.engines.store import (  # noqa: F401 - the store, re-exported for callers of this module
    TEMP_PREFIX,
    InstalledPackage,
    check_metadata,
    discard,
    find_package,
    install_hint,
    installed_packages,
    lacking,
    newest,
    packages_dir,
    pivot_pairs,
    read_installed,
    remove_package,
    route,
    unwritable,
    version_key,
    ways,
)
from pipeline.errors import ConfigError, EngineError, IndexUnreachable, ModelError, PackageInvalid

MB = 1024 * 1024
MAX_MEMBER_BYTES = 4096 * MB  # one file of a package, inflated (the largest models are about 1 GB)

DEFAULT_INDEX = "https://raw.githubusercontent.com/argosopentech/argospm-index/main/"
INDEX_TIMEOUT = 15.0

DownloadProgress = Callable[[int, int], None]  # (bytes done, bytes total or 0 when unknown)
PairProgress = Callable[[str, int, int], None]  # (pair being downloaded, bytes done, bytes total or 0)


@dataclass(frozen=True)
class AvailablePackage:
    """A package listed in the Argos package index."""

    from_code: str
    to_code: str
    package_version: str
    from_name: str = ""
    to_name: str = ""
    links: tuple[str, ...] = ()

    @property
    def pair(self) -> str:
        return f"{self.from_code}→{self.to_code}"


def _ensure_packages_dir() -> Path:
    """The packages folder, created if missing; ModelError (one line) if it cannot be."""
    folder = packages_dir()
    if folder.exists() and not folder.is_dir():
        raise unwritable(folder, NotADirectoryError(errno.ENOTDIR, "is a file"))
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise unwritable(folder, error) from error
    return folder


def index_url() -> str:
    """The URL of the package index (``ARGOS_PACKAGE_INDEX`` overrides it, as in Argos)."""
    base = os.environ.get("ARGOS_PACKAGE_INDEX")
    if not base:
        from argostranslate import settings

        base = settings.get_setting("ARGOS_PACKAGE_INDEX", default=DEFAULT_INDEX)
    base = str(base)
    if base.endswith(".json"):
        return base
    return base.rstrip("/") + "/index.json"


# -- installing from a file ------------------------------------------------------------------


def _check_archive(path: Path) -> tuple[str, dict]:
    """Check a .argosmodel without extracting it; returns (top folder, metadata)."""
    where = str(path)
    if not path.exists():
        raise PackageInvalid("no such file", path=where)
    if path.is_dir():
        raise PackageInvalid("is a folder; give the .argosmodel file", path=where)
    if not zipfile.is_zipfile(path):
        raise PackageInvalid("not a zip archive, so not an Argos package (.argosmodel)", path=where)
    try:
        with zipfile.ZipFile(path) as zf:
            names = [n for n in zf.namelist() if n and not n.startswith("__MACOSX/")]
            tops = set()
            for name in names:
                pure = PurePosixPath(name)
                if pure.is_absolute() or ".." in pure.parts or "\\" in name:
                    raise PackageInvalid(f"unsafe path {name!r} inside the archive", path=where)
                tops.add(pure.parts[0])
                if len(pure.parts) == 1 and not name.endswith("/"):
                    raise PackageInvalid(
                        f"file {name!r} lies outside a package folder; an Argos package holds exactly one top-level folder",
                        path=where,
                    )
            if len(tops) != 1:
                listed = ", ".join(sorted(tops)) or "nothing"
                raise PackageInvalid(
                    f"an Argos package holds exactly one top-level folder, this one holds {listed}", path=where
                )
            top = tops.pop()
            members = set(names)
            if f"{top}/metadata.json" not in members:
                raise PackageInvalid(f"no metadata.json in {top}/; this is not an Argos package", path=where)
            try:
                metadata = json.loads(zf.read(f"{top}/metadata.json").decode("utf-8"))
            except (ValueError, UnicodeDecodeError) as error:
                raise PackageInvalid(f"metadata.json is not valid JSON ({error})", path=where) from error
            check_metadata(metadata, where)
            for info in zf.infolist():
                if info.file_size > MAX_MEMBER_BYTES or info.file_size > max(MB, info.compress_size * 100):
                    raise PackageInvalid(f"{info.filename} would inflate to {info.file_size // MB} MB from "
                                         f"{info.compress_size // MB} MB; this is not an Argos package", path=where)
            if f"{top}/model/model.bin" not in members:
                raise PackageInvalid(f"no CTranslate2 model ({top}/model/model.bin) in the package", path=where)
            if f"{top}/sentencepiece.model" not in members and f"{top}/bpe.model" not in members:
                raise PackageInvalid(f"no tokenizer ({top}/sentencepiece.model or bpe.model) in the package", path=where)
    except (zipfile.BadZipFile, zlib.error, EOFError) as error:
        raise PackageInvalid(f"the zip archive is damaged ({error}); download the package again", path=where) from error
    return top, metadata


def _check_tokenizer(package: InstalledPackage, archive: Path, top: str) -> None:
    """Load the extracted tokenizer once (a few milliseconds), so a package whose
    tokenizer is damaged is refused here, not when a translation starts."""
    path = package.tokenizer
    member = f"{top}/{path.name}"
    try:
        if path.name == "sentencepiece.model":
            import sentencepiece

            sentencepiece.SentencePieceProcessor(model_file=str(path))
        else:
            path.read_text(encoding="utf-8")  # BPE codes: a text file
    except (RuntimeError, OSError, ValueError) as error:  # sentencepiece: RuntimeError
        detail = " ".join(str(error).replace(str(path), member).split()) or type(error).__name__
        raise PackageInvalid(
            f"the package's tokenizer {member} is damaged ({detail}); download the package again", path=archive
        ) from error


def install_from_file(path: str | Path) -> InstalledPackage:
    """Install a ``.argosmodel`` file; an invalid file raises PackageInvalid and leaves nothing behind.

    An installed package for the same pair is replaced.
    """
    path = Path(path).expanduser()
    top, metadata = _check_archive(path)
    target_root = _ensure_packages_dir()
    try:
        staging = Path(tempfile.mkdtemp(prefix=TEMP_PREFIX + "install-", dir=target_root))
    except OSError as error:
        raise unwritable(target_root, error) from error
    try:
        try:
            with zipfile.ZipFile(path) as zf:
                zf.extractall(staging)
        except (zipfile.BadZipFile, zlib.error, EOFError) as error:  # damaged deflate data, cut-off members
            raise PackageInvalid(
                f"the zip archive is damaged and cannot be extracted ({error}); download the package again",
                path=path,
            ) from error
        except OSError as error:  # the archive was read and checked above: writing failed
            raise unwritable(target_root, error) from error
        extracted = staging / top
        if not (extracted / "model" / "model.bin").is_file():
            raise PackageInvalid("the extracted package has no model/model.bin", path=path)
        package = read_installed(extracted)
        _check_tokenizer(package, path, top)
        _check_translates(package, path)
        old = [p for p in installed_packages() if p.from_code == package.from_code and p.to_code == package.to_code]
        final = target_root / top
        try:
            aside = None
            if final.exists():  # kept aside until the new one is in place, put back if that fails
                aside = staging / (".previous-" + top)
                os.replace(final, aside)
            try:
                os.replace(extracted, final)
            except OSError:
                if aside is not None:
                    os.replace(aside, final)
                raise
            for other in old:
                if other.path != final and other.path.exists():
                    discard(other.path)
        except OSError as error:
            raise unwritable(target_root, error) from error
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return read_installed(final)


_PROBES = {"zh": "你好", "zt": "你好", "ja": "こんにちは", "ko": "안녕하세요"}


def _check_translates(package: InstalledPackage, archive: Path) -> None:
    """Load the model from its staging folder and translate one word, so that a
    package with damaged weights is refused before it replaces a working one."""
    try:
        engine = ArgosEngine(package, device="cpu", threads=1, beam_size=1)
        engine.translate([_PROBES.get(package.from_code, "hello")])
    except (EngineError, ConfigError, RuntimeError, ValueError, OSError) as error:
        detail = error.message if isinstance(error, EngineError) else one_line(error)
        raise PackageInvalid(
            f"the package does not load or translate ({detail}); nothing was replaced - download it again",
            path=archive,
        ) from error


# -- the package index -----------------------------------------------------------------------


def _unreachable(url: str, reason: object) -> IndexUnreachable:
    return IndexUnreachable(
        f"the Argos package index cannot be reached at {url} ({reason}); "
        "download the .argosmodel file elsewhere and install it with `diglot models install PATH.argosmodel`"
    )


def _fetch(url: str, *, progress: DownloadProgress | None = None, timeout: float = INDEX_TIMEOUT) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": "ArgosTranslate diglot"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        total = int(response.headers.get("Content-Length") or 0)
        chunks, done = [], 0
        while True:
            chunk = response.read(1 << 16)
            if not chunk:
                break
            chunks.append(chunk)
            done += len(chunk)
            if progress is not None:
                progress(done, total)
        return b"".join(chunks)


def available_packages() -> list[AvailablePackage]:
    """Translation packages in the Argos index; IndexUnreachable when it cannot be read."""
    url = index_url()
    try:
        data = _fetch(url)
        index = json.loads(data.decode("utf-8"))
    except (OSError, urllib.error.URLError, ValueError) as error:
        raise _unreachable(url, getattr(error, "reason", error)) from error
    if not isinstance(index, list):
        raise _unreachable(url, "the index is not a list of packages")
    found = []
    for entry in index:
        if not isinstance(entry, dict) or entry.get("type", "translate") != "translate":
            continue
        if not entry.get("from_code") or not entry.get("to_code"):
            continue
        found.append(
            AvailablePackage(
                from_code=str(entry["from_code"]),
                to_code=str(entry["to_code"]),
                package_version=str(entry.get("package_version", "")),
                from_name=str(entry.get("from_name", "")),
                to_name=str(entry.get("to_name", "")),
                links=tuple(str(link) for link in entry.get("links", ()) or ()),
            )
        )
    return sorted(found, key=lambda p: (p.from_code, p.to_code))


def install_from_index(from_code: str, to_code: str, progress: DownloadProgress | None = None) -> InstalledPackage:
    """Download the pair's own package from the Argos index and install it.

    ``progress(done_bytes, total_bytes)`` is called while downloading.
    """
    (package,) = plan(from_code, to_code, available_packages(), direct_only=True)
    archive = _download(package, progress)
    try:
        return install_from_file(archive)
    finally:
        archive.unlink(missing_ok=True)


def plan(from_code: str, to_code: str, available: list[AvailablePackage], *,
         direct_only: bool = False) -> tuple[AvailablePackage, ...]:
    """The index packages that make the pair (the newest of each): its own, or, when the
    index has none, from→en and en→to, as Argos goes through English; ModelError if neither."""
    found = ways(available, from_code, to_code)
    if direct_only and len(found) == 2:
        found = ()
    if found and None not in found:
        return found
    nor = f", nor {lacking(from_code, to_code, found)} to translate through English" if len(found) == 2 else ""
    raise ModelError(
        f"the Argos package index has no package for {from_code}→{to_code}{nor}; "
        "see `diglot models list --available` for the pairs it offers"
    )


def install_pair(from_code: str, to_code: str, *, progress: PairProgress | None = None,
                 ) -> tuple[tuple[InstalledPackage, ...], tuple[InstalledPackage, ...]]:
    """Install what translates the pair from the Argos index: its own package, or, when the
    index has none, from→en and en→to (``plan``). A leg already installed at the index's
    newest version is not downloaded again; the pair's own package always is (an update).

    Returns (installed now, already installed). ``progress(pair, done_bytes, total_bytes)``
    is called while downloading.
    """
    packages = plan(from_code, to_code, available_packages())
    wanted: list[AvailablePackage] = list(packages)
    kept: list[InstalledPackage] = []
    if len(packages) > 1:  # the legs: keep one installed at the index's version
        installed = installed_packages()
        for package in packages:
            current = newest(installed, package.from_code, package.to_code)
            if current is not None and version_key(current.package_version) >= version_key(package.package_version):
                kept.append(current)
                wanted.remove(package)
    archives: list[Path] = []
    try:  # every download first: a leg that fails to download leaves nothing installed
        for package in wanted:
            step = None if progress is None else (lambda d, t, pair=package.pair: progress(pair, d, t))
            archives.append(_download(package, step))
        return tuple(install_from_file(archive) for archive in archives), tuple(kept)
    finally:
        for archive in archives:
            archive.unlink(missing_ok=True)


def _download(package: AvailablePackage, progress: DownloadProgress | None) -> Path:
    """``package`` downloaded from its first link that answers, into a hidden file in the packages folder."""
    if not package.links:
        raise ModelError(f"the Argos package index lists {package.pair} without a download link")
    target_root = _ensure_packages_dir()
    errors = []
    for link in package.links:
        try:
            fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX + "download-", suffix=".argosmodel", dir=target_root)
        except OSError as error:
            raise unwritable(target_root, error) from error
        os.close(fd)
        tmp_path = Path(tmp)
        try:
            data = _fetch(link, progress=progress, timeout=60.0)
        except (OSError, urllib.error.URLError) as error:
            tmp_path.unlink(missing_ok=True)
            errors.append(f"{link}: {getattr(error, 'reason', error)}")
            continue
        try:
            tmp_path.write_bytes(data)
        except OSError as error:
            tmp_path.unlink(missing_ok=True)
            raise unwritable(target_root, error) from error
        return tmp_path
    raise IndexUnreachable(
        f"the download of the {package.pair} package failed ({'; '.join(errors)}); "
        "download the .argosmodel file elsewhere and install it with `diglot models install PATH.argosmodel`"
    )
