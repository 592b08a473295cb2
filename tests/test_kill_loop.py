"""kill -9 at random moments of `diglot build` and `diglot review import`, over and over.

A small project with reviewed rows; each round starts a real `python -m
pipeline` process (a build, sometimes with a changed beam size so that it
translates again, or a review import) and SIGKILLs it after a random delay.
After every kill: the memory opens, no reviewed row is lost, and every output
in output/ is a complete file. At the end one build runs through, removes the
killed runs' temporary files and leaves complete outputs.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.memory import TranslationMemory
from pipeline.model import ReviewEdit
from tests.review.docx_fixtures import NS, DocxXml
from tests.test_build_continuity import SPEECH

ROOT = Path(__file__).resolve().parents[1]
KILLS = 20


def reviewed_rows(project: Path) -> dict[str, tuple[str, str]]:
    with TranslationMemory.for_project(project) as memory:
        return {e.source: (e.target, e.status) for e in memory.entries("zh", "en", statuses=("reviewed", "approved"))}


def assert_complete_outputs(folder: Path) -> None:
    for path in folder.iterdir():
        if path.name.startswith("."):
            continue  # an atomic write's temporary file
        if path.suffix in (".docx", ".epub"):
            with zipfile.ZipFile(path) as archive:
                assert archive.testzip() is None, path
        elif path.suffix == ".json":
            json.loads(path.read_text(encoding="utf-8"))
        elif path.suffix == ".csv":
            assert path.read_text(encoding="utf-8").endswith("\n"), path


@pytest.mark.slow
def test_kill_9_during_builds_and_imports_loses_no_reviewed_row_and_leaves_complete_outputs(tmp_path, argos_packages_dir):
    project = tmp_path / "project"
    (project / "source").mkdir(parents=True)
    (project / "source" / "speech.txt").write_text(SPEECH, encoding="utf-8")
    assert CliRunner().invoke(main, ["build", "--project", str(project), "-q"]).exit_code == 0

    # the reviewer's work: three rows reviewed, and an exported review file editing three others
    review = project / "output" / "speech.review.docx"
    xml = DocxXml(review)
    rows = []
    for tr in xml.rows():
        cells = ["".join(tc.xpath(".//w:t/text()", namespaces=NS)) for tc in tr.findall("w:tc", NS)]
        if "⟦diglot|" in cells[0]:
            rows.append((cells[0].split("⟦diglot|")[1].split("|")[0], cells[1]))
    with TranslationMemory.for_project(project) as memory:
        memory.store_review("zh", "en", [ReviewEdit(src, f"Reviewed {sid}.") for sid, src in rows[:3]])
    for sid, _ in rows[3:6]:
        xml.set_text(sid, "Target", f"Imported {sid}.")
    edited = xml.save(tmp_path / "edited.review.docx")
    allowed = {src: {f"Reviewed {sid}."} for sid, src in rows[:3]}
    allowed.update({src: {f"Imported {sid}."} for sid, src in rows[3:6]})

    env = dict(os.environ, PYTHONPATH=str(ROOT), ARGOS_PACKAGES_DIR=str(argos_packages_dir))
    commands = {
        "build": [sys.executable, "-m", "pipeline", "build", "--project", str(project), "-q", "--wait"],
        "import": [sys.executable, "-m", "pipeline", "review", "import", str(edited), "--project", str(project)],
    }
    started = time.monotonic()
    subprocess.run(commands["build"], env=env, check=True, capture_output=True, timeout=120)
    full = time.monotonic() - started
    rng = random.Random(14)
    kills = rounds = 0
    while kills < KILLS and rounds < 3 * KILLS:
        rounds += 1
        what = rng.choice(["build", "build", "import"])
        if what == "build" and rng.random() < 0.5:  # another decoding setting: the machine rows are translated again
            (project / "diglot.toml").write_text(f"[engine]\nbeam_size = {rng.randint(1, 4)}\n", encoding="utf-8")
        child = subprocess.Popen(commands[what], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.05, 0.8 * full))
        if child.poll() is None:
            child.send_signal(signal.SIGKILL)
            kills += 1
        child.wait(timeout=60)

        found = reviewed_rows(project)
        for source, texts in allowed.items():
            if source in found:
                assert found[source][0] in texts, f"round {rounds}: a reviewed row was changed"
            else:
                assert source not in [src for _, src in rows[:3]], f"round {rounds}: a reviewed row was lost"
        assert_complete_outputs(project / "output")

    assert kills >= KILLS
    assert {src for _, src in rows[:3]} <= set(reviewed_rows(project))
    result = CliRunner().invoke(main, ["build", "--project", str(project), "--json"])
    assert result.exit_code == 0, result.output
    assert_complete_outputs(project / "output")
    assert not [p for p in (project / "output").iterdir() if p.name.endswith(".tmp")]
    imported = subprocess.run(commands["import"], env=env, capture_output=True, timeout=120, text=True)
    assert imported.returncode == 0, imported.stderr
    final = reviewed_rows(project)
    assert all(final[source][0] in texts for source, texts in allowed.items())
