"""`diglot build --ray`: the translation pass on a real local Ray instance (2 CPUs, 2 actors).

Ray starts once for the module (about 10 s). Every build here uses one
thread per engine and batches of 8 segments, in the plain build and on Ray
alike, so the sample's 65 unique segments make 9 batches and a translation
can be compared bit for bit. No part of Ray is mocked: actors are killed
with ``ray.kill`` and the driver with SIGKILL.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main

ray = pytest.importorskip("ray")
pytestmark = pytest.mark.slow  # Ray's processes, and a subprocess that loads a model

ROOT = Path(__file__).resolve().parents[1]
SETTINGS = "formats = [\"tmx\"]\n[engine]\nthreads = 1\nbatch_segments = 8\n[cluster]\ncpus_per_actor = 1\n"
UNIQUE = 65  # unique segments of source/sample.txt


@pytest.fixture(scope="module")
def ray_address():
    """A local Ray instance with 2 CPUs for this module; its GCS address."""
    import logging

    ray.init(num_cpus=2, include_dashboard=False, logging_level=logging.ERROR, log_to_driver=False)
    try:
        yield ray.get_runtime_context().gcs_address
    finally:
        ray.shutdown()


def make_project(folder: Path, settings: str = SETTINGS) -> Path:
    (folder / "source").mkdir(parents=True)
    shutil.copy(ROOT / "source" / "sample.txt", folder / "source")
    shutil.copytree(ROOT / "glossary", folder / "glossary")
    (folder / "diglot.toml").write_text(settings, encoding="utf-8")
    return folder


def build(project: Path, *args: str) -> dict:
    result = CliRunner().invoke(main, ["build", "--project", str(project), "--json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def memory_rows(project: Path) -> list[tuple]:
    with sqlite3.connect(project / ".diglot" / "memory.sqlite") as db:
        return db.execute(
            "SELECT source, target, status, producer, term_digest, details FROM entries ORDER BY source"
        ).fetchall()


def outputs(project: Path) -> dict[str, str]:
    """The TMX and the term report, without their dates and the project's path."""
    texts = {}
    for path in sorted((project / "output").iterdir()):
        text = path.read_text(encoding="utf-8").replace(str(project), "PROJECT")
        texts[path.name] = re.sub(r"\d{8}T\d{6}Z|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|\+00:00)", "DATE", text)
    return texts


@pytest.fixture(scope="module")
def plain(tmp_path_factory, tiny_argos_model):
    """The sample built without Ray: (project, summary)."""
    from tests.conftest import tiny_model_installed

    work = tmp_path_factory.mktemp("plain")
    with tiny_model_installed(work, tiny_argos_model):
        project = make_project(work / "project")
        return project, build(project)


def test_a_ray_build_gives_the_outputs_and_memory_of_a_plain_build(tmp_path, argos_packages_dir, plain, ray_address):
    reference, reference_summary = plain
    project = make_project(tmp_path / "project")
    summary = build(project, "--ray", "local")  # this process's Ray instance
    assert summary["translated"] == reference_summary["translated"] == UNIQUE
    assert summary["translated_on"] == "2 Ray actor(s) on cpu, 1 core(s) each"
    assert memory_rows(project) == memory_rows(reference)
    assert outputs(project) == outputs(reference)
    # the actors are gone with the build
    assert not [a for a in ray.util.list_named_actors() if a.startswith("diglot-translator-")]


def test_actors_killed_mid_run_lose_nothing_and_translate_nothing_twice(tmp_path, argos_packages_dir, plain, ray_address):
    from pipeline.build import build as run_build
    from pipeline.config import load_settings

    reference, _ = plain
    project = make_project(tmp_path / "project", SETTINGS + 'ray = "local"\n')
    reports: list[tuple[int, int]] = []
    killed: list[str] = []

    def progress(done: int, total: int) -> None:
        reports.append((done, total))
        if not killed:  # after the first batch: every actor still holds batches in flight
            for name in ray.util.list_named_actors():
                if name.startswith("diglot-translator-"):
                    ray.kill(ray.get_actor(name), no_restart=False)
                    killed.append(name)

    result = run_build(project, load_settings(project), progress=progress)
    assert len(killed) == 2
    assert result.translated == UNIQUE and result.from_memory == 0
    # progress counted every batch once, across the actors, up to the total and no further
    dones = [done for done, _ in reports]
    assert dones == sorted(dones) and dones[-1] == reports[-1][1] == UNIQUE and len(reports) == 9
    assert memory_rows(project) == memory_rows(reference)
    assert outputs(project) == outputs(reference)


def test_a_driver_killed_with_sigkill_resumes_from_the_memory(tmp_path, argos_packages_dir, plain, ray_address):
    project = make_project(tmp_path / "project", SETTINGS.replace("cpus_per_actor = 1", "cpus_per_actor = 1\nactors = 1"))
    memory = project / ".diglot" / "memory.sqlite"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    driver = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "build", "--project", str(project), "--ray", ray_address, "-q"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    committed = 0
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and driver.poll() is None:
        committed = _machine_rows(memory)
        if committed:
            driver.send_signal(signal.SIGKILL)
            break
        time.sleep(0.05)
    driver.wait(timeout=30)
    assert driver.returncode == -signal.SIGKILL, driver.stderr.read().decode()
    stored = _machine_rows(memory)
    assert 0 < stored < UNIQUE  # batches committed before the kill, and no more

    summary = build(project, "--ray", "local")
    assert summary["from_memory"] == stored
    assert summary["translated"] == UNIQUE - stored
    assert len(memory_rows(project)) == UNIQUE and all(row[1] for row in memory_rows(project))


def _machine_rows(memory: Path) -> int:
    if not memory.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{memory}?mode=ro", uri=True, timeout=1) as db:
            return db.execute("SELECT COUNT(*) FROM entries WHERE status = 'machine'").fetchone()[0]
    except sqlite3.OperationalError:  # created, not migrated yet
        return 0


def test_workers_that_cannot_load_the_model_are_one_line(tmp_path, argos_packages_dir, ray_address):
    project = make_project(tmp_path / "project", SETTINGS.replace("[engine]\n", '[engine]\ncompute_type = "float16"\n'))
    result = CliRunner().invoke(main, ["build", "--project", str(project), "--ray", "local", "--device", "cpu"])
    assert result.exit_code == 1
    assert result.stderr.startswith("diglot: error: no Ray worker could load the model: ")
    assert "cannot load the CTranslate2 model on cpu" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not [a for a in ray.util.list_named_actors() if a.startswith("diglot-translator-")]


def test_without_ray_installed_it_says_how_to_install_it(tmp_path, argos_packages_dir):
    project = make_project(tmp_path / "project")
    code = ("import sys; sys.modules['ray'] = None\n"  # what Python does for a package that is not there
            "from pipeline.cli import main; main()")
    result = subprocess.run([sys.executable, "-c", code, "build", "--project", str(project), "--ray", "local"],
                            capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 1
    assert result.stderr == "diglot: error: Ray is not installed; install it with: pip install 'diglot[ray]'\n"


def test_a_cluster_that_cannot_be_reached_is_one_line(tmp_path, argos_packages_dir):
    project = make_project(tmp_path / "project")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    for address, said in ((f"ray://127.0.0.1:{port}", "cannot reach the Ray cluster at ray://127.0.0.1"),
                          ("somewhere", "not a Ray address: 'somewhere'")):
        result = CliRunner().invoke(main, ["build", "--project", str(project), "--ray", address])
        assert result.exit_code == 1
        assert said in result.stderr and len(result.stderr.strip().splitlines()) == 1
        assert not (project / "output").exists()


@pytest.mark.parametrize(
    "table, said",
    [
        ('[cluster]\nray = 5\n', "[cluster] ray must be a string, not 5"),
        ('[cluster]\nnodes = 2\n', "unknown setting [cluster] 'nodes' (known: actors, cpus_per_actor, ray)"),
        ('[cluster]\ncpus_per_actor = 0\n', "[cluster] cpus_per_actor must be a whole number ≥ 1, not 0"),
        ('cluster = "auto"\n', "cluster settings go in a table"),
    ],
)
def test_bad_cluster_settings_are_one_line(tmp_path, table, said):
    project = make_project(tmp_path / "project", table)
    result = CliRunner().invoke(main, ["build", "--project", str(project)])
    assert result.exit_code == 1 and said in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_the_cluster_table_and_the_flag(tmp_path):
    from pipeline.config import load_settings

    project = make_project(tmp_path / "project", '[cluster]\nray = "auto"\nactors = 8\n')
    assert load_settings(project).cluster.ray == "auto" and load_settings(project).cluster.actors == 8
    assert load_settings(project, {"cluster_ray": "ray://head:10001"}).cluster.ray == "ray://head:10001"


def test_a_pair_that_goes_through_english_is_refused_in_one_line(tmp_path, monkeypatch, tiny_pivot_models):
    """--ray ships one model to the workers: a ja→zh pair made of ja→en and en→zh is named, not misread as missing."""
    from tests.conftest import closed_port_url
    from pipeline.engines.packages import install_from_file

    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "argos-packages"))
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", closed_port_url())
    for pair in ("ja-en", "en-zh"):
        install_from_file(tiny_pivot_models[pair])
    project = make_project(tmp_path / "project")
    result = CliRunner().invoke(main, ["build", "--project", str(project), "--ray", "local", "--from", "ja", "--to", "zh"])
    assert result.exit_code == 1
    assert result.stderr == ("diglot: error: --ray translates with one model, and ja→zh goes through English here "
                             "(ja→en, en→zh): build without --ray, or install a ja→zh model\n")
    assert not (project / "output").exists()
