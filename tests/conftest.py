"""Session fixtures shared by the whole test suite.

``tiny_argos_model``: a real zh→en ``.argosmodel`` built once per session by
tests/support/tinymodel.py (random weights, about a second of work).
``argos_packages_dir``: a fresh ``ARGOS_PACKAGES_DIR`` for one test, with that
model installed through ``pipeline.engines.packages.install_from_file``.
No fixture here touches the network: the package index points at a closed port.
"""

from __future__ import annotations

import socket
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest

from tests.support.tinymodel import build_argos_package


def closed_port_url() -> str:
    """An http URL on 127.0.0.1 where nothing listens."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/"


@pytest.fixture(scope="session")
def tiny_argos_model(tmp_path_factory) -> Path:
    """Path of a built zh→en .argosmodel (the same bytes every session)."""
    return build_argos_package(tmp_path_factory.mktemp("tiny-model"))


@contextmanager
def tiny_model_installed(folder: Path, model: Path) -> Iterator[Path]:
    """For a with-block (a module-scoped fixture, which cannot take ``monkeypatch``): the tiny model
    installed in ``folder/packages`` as ARGOS_PACKAGES_DIR, the package index a closed port."""
    from pipeline.engines.packages import install_from_file

    with pytest.MonkeyPatch.context() as patch:
        (folder / "packages").mkdir(parents=True, exist_ok=True)
        patch.setenv("ARGOS_PACKAGES_DIR", str(folder / "packages"))
        patch.setenv("ARGOS_PACKAGE_INDEX", closed_port_url())
        install_from_file(model)
        yield folder / "packages"


@pytest.fixture
def argos_packages_dir(tmp_path, monkeypatch, tiny_argos_model) -> Path:
    """A temporary ARGOS_PACKAGES_DIR with the tiny zh→en model installed."""
    from pipeline.engines.packages import install_from_file

    folder = tmp_path / "argos-packages"
    folder.mkdir()
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(folder))
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", closed_port_url())
    install_from_file(tiny_argos_model)
    return folder


@pytest.fixture
def packages_dir_under_a_file(tmp_path, monkeypatch) -> Path:
    """ARGOS_PACKAGES_DIR below a regular file: every write there fails, even as root
    (chmod would not stop root)."""
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    folder = blocker / "packages"
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(folder))
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", closed_port_url())
    return folder


@pytest.fixture(scope="session")
def tiny_pivot_models(tmp_path_factory) -> dict[str, Path]:
    """Real tiny .argosmodel files for a pair Argos reaches through English: ``ja-en``
    and ``en-zh`` (the two legs) and ``ja-zh`` (the direct package), each its own weights."""
    folder = tmp_path_factory.mktemp("tiny-pivot-models")
    pairs = (("ja", "en", 1), ("en", "zh", 2), ("ja", "zh", 3))
    return {f"{a}-{b}": build_argos_package(folder, a, b, seed=seed) for a, b, seed in pairs}
