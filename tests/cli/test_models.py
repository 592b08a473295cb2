"""diglot models list/install/remove through click's CliRunner, on real package files.

The package index is either a closed local port (offline) or a tiny HTTP server
on 127.0.0.1 serving index.json and the tiny model: no real network.
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import shutil
import threading

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from tests.conftest import closed_port_url


@pytest.fixture
def packages_dir(tmp_path, monkeypatch):
    folder = tmp_path / "packages"
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(folder))
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", closed_port_url())
    return folder


@pytest.fixture
def serve_index(tmp_path, monkeypatch):
    """``serve(entries)``: an Argos-style package index on 127.0.0.1 (ARGOS_PACKAGE_INDEX points
    at it); each entry is (package file or None for a broken link, from, to, version)."""
    root = tmp_path / "index"
    root.mkdir()
    servers = []

    def serve(entries) -> str:
        handler = functools.partial(_QuietHandler, directory=str(root))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        index = []
        for path, from_code, to_code, version in entries:
            if path is not None:
                shutil.copy(path, root / path.name)
            link = url + (path.name if path is not None else "missing.argosmodel")
            index.append({"type": "translate", "from_code": from_code, "to_code": to_code,
                          "from_name": from_code, "to_name": to_code, "package_version": version,
                          "argos_version": "1.9.0", "links": [link]})
        (root / "index.json").write_text(json.dumps(index), encoding="utf-8")
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        monkeypatch.setenv("ARGOS_PACKAGE_INDEX", url)
        return url

    yield serve
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture
def local_index(serve_index, tiny_argos_model):
    """An Argos-style package index on 127.0.0.1 offering the tiny zh→en model (and en→fr, whose link is broken)."""
    return serve_index([(tiny_argos_model, "zh", "en", "1.0"), (None, "en", "fr", "1.9")])


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def run(*args):
    return CliRunner().invoke(main, ["models", *map(str, args)])


def test_install_from_file_then_list_and_remove(packages_dir, tiny_argos_model):
    result = run("install", tiny_argos_model)
    assert result.exit_code == 0, result.output
    assert "installed zh→en 1.0" in result.stdout
    assert (packages_dir / "translate-zh_en-1_0" / "model" / "model.bin").is_file()

    listed = run("list")  # offline: the index is not asked
    assert listed.exit_code == 0 and listed.stderr == ""
    assert "zh→en" in listed.stdout and str(packages_dir / "translate-zh_en-1_0") in listed.stdout
    asked = run("list", "--available")
    assert asked.exit_code == 0 and "cannot be reached" in asked.stderr  # no index here: a note, not an error

    data = json.loads(run("list", "--json", "--offline").stdout)
    (pkg,) = data["installed"]
    assert (pkg["from"], pkg["to"], pkg["version"]) == ("zh", "en", "1.0") and pkg["size"] > 0
    assert data["available"] is None

    removed = run("remove", "zh", "en")
    assert removed.exit_code == 0 and "removed" in removed.stdout
    assert list(packages_dir.iterdir()) == []
    again = run("remove", "zh", "en")
    assert again.exit_code == 1
    assert again.stderr.startswith("diglot: error: no Argos model is installed for zh→en")


def test_invalid_file_refused_in_one_line_nothing_left(packages_dir, tmp_path):
    bad = tmp_path / "broken.argosmodel"
    bad.write_bytes(b"PK but not really a zip")
    result = run("install", bad)
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert str(bad) in result.stderr and "not a zip archive" in result.stderr
    assert not packages_dir.exists() or list(packages_dir.iterdir()) == []


def test_install_offline_says_how_to_install_from_a_file(packages_dir):
    result = run("install", "zh", "en")
    assert result.exit_code == 1
    assert "cannot be reached" in result.stderr
    assert "diglot models install PATH.argosmodel" in result.stderr
    assert result.stderr.count("\n") == 1


def test_install_from_local_index_and_list_available(packages_dir, local_index):
    result = run("install", "zh", "en")
    assert result.exit_code == 0, result.output
    assert (packages_dir / "translate-zh_en-1_0" / "metadata.json").is_file()
    assert not [p for p in packages_dir.iterdir() if p.name.startswith(".")]  # no download left over

    assert "available from the Argos package index" not in run("list").stdout  # listing stays offline
    listed = run("list", "--available")
    assert listed.exit_code == 0 and listed.stderr == ""
    assert "available from the Argos package index" in listed.stdout
    assert "en→fr" in listed.stdout and "(installed)" in listed.stdout


def test_download_progress_is_reported(packages_dir, local_index, tiny_argos_model):
    from pipeline.engines.packages import install_from_index

    seen = []
    install_from_index("zh", "en", progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (tiny_argos_model.stat().st_size, tiny_argos_model.stat().st_size)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_pair_missing_from_index_and_broken_link(packages_dir, local_index):
    result = run("install", "zh", "de")
    assert result.exit_code == 1 and result.stderr.count("\n") == 1
    assert "has no package for zh→de, nor en→de to translate through English" in result.stderr
    result = run("install", "en", "de")
    assert result.exit_code == 1 and "has no package for en→de;" in result.stderr
    # zh→fr goes through English: zh→en downloads, en→fr does not, and neither is installed
    result = run("install", "zh", "fr")
    assert result.exit_code == 1 and "download of the en→fr package failed" in result.stderr
    assert [p for p in packages_dir.iterdir()] == []
    result = run("install", "en", "fr")
    assert result.exit_code == 1 and "download of the en→fr package failed" in result.stderr
    assert "diglot models install PATH.argosmodel" in result.stderr
    assert [p for p in packages_dir.iterdir()] == []


def test_usage_errors(packages_dir):
    assert run("install").exit_code == 2
    assert run("install", "zh", "en", "fr").exit_code == 2
    bad_code = run("install", "xx", "en")
    assert bad_code.exit_code == 1 and "unknown language code 'xx'" in bad_code.stderr


def test_help_explains_offline_install():
    result = run("--help")
    assert result.exit_code == 0
    assert "ARGOS_PACKAGES_DIR" in result.stdout and "PATH.argosmodel" in result.stdout
    assert "FROM TO" in run("install", "--help").stdout


def _one_line_error(result, start):
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith(f"diglot: error: {start}")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.output
    assert "ARGOS_PACKAGES_DIR" in result.stderr


def test_install_into_unwritable_folder_is_one_line(packages_dir_under_a_file, tiny_argos_model):
    result = run("install", tiny_argos_model)
    _one_line_error(result, f"cannot write to the packages folder {packages_dir_under_a_file} (")
    assert "writable folder" in result.stderr


def test_install_from_index_into_unwritable_folder_is_one_line(packages_dir_under_a_file, local_index):
    result = run("install", "zh", "en")
    _one_line_error(result, f"cannot write to the packages folder {packages_dir_under_a_file} (")


def test_list_and_remove_with_packages_dir_under_a_file_are_one_line(packages_dir_under_a_file):
    for args in (("list",), ("list", "--json", "--offline"), ("remove", "zh", "en")):
        _one_line_error(run(*args), f"cannot read the packages folder {packages_dir_under_a_file} (")


def test_list_with_packages_dir_that_is_a_file_is_one_line(tmp_path, monkeypatch):
    blocker = tmp_path / "packages"
    blocker.write_text("not a folder")
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(blocker))
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", closed_port_url())
    _one_line_error(run("list"), f"cannot read the packages folder {blocker} (")
    assert blocker.read_text() == "not a folder"


# -- pairs without a package of their own: through English ---------------------------------------


def test_install_a_pair_the_index_lacks_installs_both_legs(packages_dir, serve_index, tiny_pivot_models):
    serve_index([(tiny_pivot_models["ja-en"], "ja", "en", "1.0"), (tiny_pivot_models["en-zh"], "en", "zh", "1.0")])
    result = run("install", "ja", "zh")
    assert result.exit_code == 0, result.output
    assert "installed ja→en 1.0" in result.stdout and "installed en→zh 1.0" in result.stdout
    assert "ja→zh will be translated through English (ja→en then en→zh)" in result.stdout
    assert sorted(p.name for p in packages_dir.iterdir()) == ["translate-en_zh-1_0", "translate-ja_en-1_0"]

    listed = run("list")  # offline: the pairs the installed packages reach through English
    assert listed.exit_code == 0 and listed.stderr == ""
    assert re.search(r"^  ja→zh +via en: ja→en 1\.0, en→zh 1\.0$", listed.stdout, re.M)
    data = json.loads(run("list", "--json").stdout)
    assert data["through_english"] == [{"from": "ja", "to": "zh", "via": "en", "legs": [
        {"from": "ja", "to": "en", "version": "1.0"}, {"from": "en", "to": "zh", "version": "1.0"}]}]

    # again: both legs are installed at the index's version, nothing is downloaded
    again = run("install", "ja", "zh")
    assert again.exit_code == 0, again.output
    assert "installed" not in again.stdout.replace("already installed", "")
    assert again.stdout.count("already installed") == 2


def test_a_leg_already_installed_is_kept_and_the_index_offering_the_pair_wins(packages_dir, serve_index,
                                                                               tiny_pivot_models):
    assert run("install", tiny_pivot_models["ja-en"]).exit_code == 0
    serve_index([(tiny_pivot_models["ja-en"], "ja", "en", "1.0"), (tiny_pivot_models["en-zh"], "en", "zh", "1.0")])
    result = run("install", "ja", "zh")
    assert result.exit_code == 0, result.output
    assert "kept ja→en 1.0: already installed" in result.stdout and "installed en→zh 1.0" in result.stdout
    assert "through English (ja→en then en→zh)" in result.stdout

    serve_index([(tiny_pivot_models["ja-en"], "ja", "en", "1.0"), (tiny_pivot_models["en-zh"], "en", "zh", "1.0"),
                 (tiny_pivot_models["ja-zh"], "ja", "zh", "1.0")])
    direct = run("install", "ja", "zh")
    assert direct.exit_code == 0, direct.output
    assert "installed ja→zh 1.0" in direct.stdout and "through English" not in direct.stdout
    listed = run("list")
    assert "reachable through English" not in listed.stdout  # ja→zh has its own package now


def test_install_a_pair_offline_is_one_line(packages_dir):
    result = run("install", "ja", "zh")
    assert result.exit_code == 1 and result.stderr.count("\n") == 1
    assert "cannot be reached" in result.stderr and "diglot models install PATH.argosmodel" in result.stderr


def test_install_several_files_and_list_what_they_reach(packages_dir, tiny_pivot_models):
    result = run("install", tiny_pivot_models["ja-en"], tiny_pivot_models["en-zh"])
    assert result.exit_code == 0, result.output
    assert result.stdout.count("installed ") == 2
    listed = run("list")
    assert "reachable through English" in listed.stdout and "ja→zh" in listed.stdout
    assert run("install", tiny_pivot_models["ja-en"], "zh").exit_code == 2  # a file and a code: which?
