"""Installing, listing and removing Argos packages, on real package files."""

from __future__ import annotations

import json
import os
import struct
import zipfile
import zlib
from pathlib import Path

import pytest

from pipeline.engines import packages
from pipeline.errors import IndexUnreachable, ModelError, ModelNotInstalled, PackageInvalid
from tests.conftest import closed_port_url


@pytest.fixture
def empty_packages_dir(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "packages"
    folder.mkdir()
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(folder))
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", closed_port_url())
    return folder


def _rezip(src: Path, dest: Path, *, drop=(), rename_top=None, extra=()) -> Path:
    """Copy a package archive, leaving out members whose name ends with ``drop``."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w") as zout:
        for info in zin.infolist():
            if any(info.filename.endswith(d) for d in drop):
                continue
            name = info.filename
            if rename_top:
                name = rename_top + name[name.index("/"):]
            zout.writestr(name, zin.read(info.filename))
        for name, data in extra:
            zout.writestr(name, data)
    return dest


def test_installed_package_is_listed_with_pair_version_size(argos_packages_dir):
    (package,) = packages.installed_packages()
    assert (package.from_code, package.to_code) == ("zh", "en")
    assert package.pair == "zh→en"
    assert package.package_version == "1.0"
    assert package.size > 100_000
    assert package.path.parent == argos_packages_dir
    assert (package.path / "model" / "model.bin").is_file()
    assert packages.find_package("zh", "en") == package


def test_argos_itself_reads_what_diglot_installed(argos_packages_dir):
    from argostranslate.package import get_installed_packages

    (package,) = get_installed_packages(path=[argos_packages_dir])
    assert (package.from_code, package.to_code) == ("zh", "en")


def test_missing_pair_names_pair_and_install_command(empty_packages_dir):
    with pytest.raises(ModelNotInstalled) as caught:
        packages.find_package("zh", "en")
    message = str(caught.value)
    assert "zh→en" in message and "diglot models install zh en" in message
    assert "\n" not in message


def test_reinstall_replaces_the_old_package(argos_packages_dir, tiny_argos_model):
    packages.install_from_file(tiny_argos_model)
    assert len(packages.installed_packages()) == 1
    assert [p.name for p in argos_packages_dir.iterdir()] == ["translate-zh_en-1_0"]


def test_remove_package(argos_packages_dir):
    removed = packages.remove_package("zh", "en")
    assert len(removed) == 1 and not removed[0].exists()
    assert packages.installed_packages() == []
    assert list(argos_packages_dir.iterdir()) == []
    with pytest.raises(ModelNotInstalled):
        packages.remove_package("zh", "en")


@pytest.mark.parametrize(
    "case, reason",
    [
        ("not_zip", "not a zip"),
        ("two_tops", "exactly one top-level folder"),
        ("no_metadata", "no metadata.json"),
        ("bad_metadata", "not valid JSON"),
        ("no_from_code", "no from_code"),
        ("no_model", "model.bin"),
        ("no_tokenizer", "tokenizer"),
    ],
)
def test_invalid_package_refused_and_nothing_left(empty_packages_dir, tiny_argos_model, tmp_path, case, reason):
    bad = tmp_path / f"{case}.argosmodel"
    if case == "not_zip":
        bad.write_text("this is plain text, not an archive")
    elif case == "two_tops":
        _rezip(tiny_argos_model, bad, extra=[("other/metadata.json", "{}")])
    elif case == "no_metadata":
        _rezip(tiny_argos_model, bad, drop=("metadata.json",))
    elif case == "bad_metadata":
        _rezip(tiny_argos_model, bad, drop=("metadata.json",), extra=[("translate-zh_en-1_0/metadata.json", "{oops")])
    elif case == "no_from_code":
        meta = json.dumps({"to_code": "en", "package_version": "1.0"})
        _rezip(tiny_argos_model, bad, drop=("metadata.json",), extra=[("translate-zh_en-1_0/metadata.json", meta)])
    elif case == "no_model":
        _rezip(tiny_argos_model, bad, drop=("model.bin",))
    elif case == "no_tokenizer":
        _rezip(tiny_argos_model, bad, drop=("sentencepiece.model",))
    with pytest.raises(PackageInvalid) as caught:
        packages.install_from_file(bad)
    assert reason in str(caught.value)
    assert str(bad) in str(caught.value)
    assert list(empty_packages_dir.iterdir()) == []


def test_index_unreachable_is_one_clear_line(empty_packages_dir):
    with pytest.raises(IndexUnreachable) as caught:
        packages.install_from_index("zh", "en")
    message = str(caught.value)
    assert "cannot be reached" in message and "diglot models install PATH.argosmodel" in message
    assert "\n" not in message
    assert list(empty_packages_dir.iterdir()) == []


def test_index_setting_is_read_at_call_time(monkeypatch):
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", "http://127.0.0.1:9/base/")
    assert packages.index_url() == "http://127.0.0.1:9/base/index.json"


def _damage(src: Path, dest: Path, member: str) -> Path:
    """Copy a package archive with 256 bytes in the middle of ``member``'s deflate data overwritten."""
    data = bytearray(src.read_bytes())
    with zipfile.ZipFile(src) as zf:
        info = zf.getinfo(member)
    name_len, extra_len = struct.unpack("<HH", data[info.header_offset + 26 : info.header_offset + 30])
    start = info.header_offset + 30 + name_len + extra_len + info.compress_size // 2
    data[start : start + min(256, info.compress_size // 4)] = b"\xff" * min(256, info.compress_size // 4)
    dest.write_bytes(bytes(data))
    return dest


@pytest.mark.parametrize("member", ["model/model.bin", "metadata.json"])
def test_damaged_deflate_data_refused_and_nothing_left(empty_packages_dir, tiny_argos_model, tmp_path, member):
    bad = _damage(tiny_argos_model, tmp_path / "damaged.argosmodel", f"translate-zh_en-1_0/{member}")
    with zipfile.ZipFile(bad) as zf, pytest.raises(zlib.error):  # really damaged: zlib itself gives up
        zf.read(f"translate-zh_en-1_0/{member}")
    with pytest.raises(PackageInvalid) as caught:
        packages.install_from_file(bad)
    message = str(caught.value)
    assert str(bad) in message and "damaged" in message and "\n" not in message
    assert list(empty_packages_dir.iterdir()) == []



def test_install_into_unwritable_folder_is_one_model_error(packages_dir_under_a_file, tiny_argos_model):
    with pytest.raises(ModelError) as caught:
        packages.install_from_file(tiny_argos_model)
    message = str(caught.value)
    assert message.startswith(f"cannot write to the packages folder {packages_dir_under_a_file} (")
    assert "set ARGOS_PACKAGES_DIR to a writable folder" in message and "\n" not in message
    assert packages_dir_under_a_file.parent.read_text() == "not a folder"


def test_packages_dir_that_is_a_file_is_one_model_error(tmp_path, monkeypatch, tiny_argos_model):
    blocker = tmp_path / "packages"
    blocker.write_text("not a folder")
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(blocker))
    with pytest.raises(ModelError) as caught:
        packages.install_from_file(tiny_argos_model)
    assert f"cannot write to the packages folder {blocker} (" in str(caught.value)
    for call in (packages.installed_packages, lambda: packages.find_package("zh", "en"),
                 lambda: packages.remove_package("zh", "en")):
        with pytest.raises(ModelError) as caught:
            call()
        assert f"cannot read the packages folder {blocker} (" in str(caught.value)
        assert "ARGOS_PACKAGES_DIR" in str(caught.value) and "\n" not in str(caught.value)
    assert blocker.read_text() == "not a folder"


def test_packages_dir_under_a_file_cannot_be_read(packages_dir_under_a_file):
    with pytest.raises(ModelError) as caught:
        packages.installed_packages()
    assert f"cannot read the packages folder {packages_dir_under_a_file} (" in str(caught.value)


def test_missing_packages_dir_is_simply_empty(tmp_path, monkeypatch):
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "not-yet"))
    assert packages.installed_packages() == []


def test_remove_on_read_only_file_system_is_one_model_error(argos_packages_dir, monkeypatch):
    """Root writes through chmod 0o555, so the read-only file system is simulated at os.replace."""
    import errno
    import os

    def read_only(src, dst):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(src))

    monkeypatch.setattr(packages.os, "replace", read_only)
    with pytest.raises(ModelError) as caught:
        packages.remove_package("zh", "en")
    assert str(caught.value) == (
        f"cannot write to the packages folder {argos_packages_dir} (read-only file system); "
        "set ARGOS_PACKAGES_DIR to a writable folder"
    )
    monkeypatch.undo()
    assert [p.name for p in argos_packages_dir.iterdir() if not p.name.startswith(".")] == ["translate-zh_en-1_0"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a chmod 0o555 folder")
def test_remove_from_read_only_folder_is_one_model_error(argos_packages_dir):
    argos_packages_dir.chmod(0o555)
    try:
        with pytest.raises(ModelError) as caught:
            packages.remove_package("zh", "en")
    finally:
        argos_packages_dir.chmod(0o755)
    assert f"cannot write to the packages folder {argos_packages_dir} (permission denied)" in str(caught.value)


@pytest.mark.parametrize(
    "part, starts, ends",
    [
        # a sound zip whose sentencepiece.model is not a tokenizer
        ("sentencepiece.model", "the package's tokenizer translate-zh_en-1_0/sentencepiece.model is damaged (", ""),
        # a sound zip with a sound tokenizer whose model.bin is cut short: it must load and translate
        # a word in its staging folder before it replaces anything
        ("model/model.bin", "the package does not load or translate (", "nothing was replaced - download it again"),
    ],
)
def test_package_with_a_damaged_part_is_refused_and_the_installed_one_kept(
        argos_packages_dir, tiny_argos_model, tmp_path, part, starts, ends):
    member = f"translate-zh_en-1_0/{part}"
    with zipfile.ZipFile(tiny_argos_model) as zf:
        good = zf.read(member)
    bad = _rezip(tiny_argos_model, tmp_path / "bad.argosmodel", drop=(part,), extra=[(member, good[: len(good) // 2])])
    before = packages.find_package("zh", "en")
    with pytest.raises(PackageInvalid) as caught:
        packages.install_from_file(bad)
    message = str(caught.value)
    assert message.startswith(f"{bad}: {starts}")
    assert message.endswith(ends) and "\n" not in message and ".diglot-" not in message
    assert [p.name for p in argos_packages_dir.iterdir()] == ["translate-zh_en-1_0"]  # no staging left
    assert packages.find_package("zh", "en") == before
    assert (before.path / part).read_bytes() == good  # the good one untouched
