"""Hostile input through the real CLI: a subprocess under memory and CPU limits.

``run(...)`` starts ``python -m pipeline`` with ``resource.setrlimit`` caps on
address space and CPU seconds and a wall-clock timeout, in a project folder
under ``tmp_path``. ``refused(result, ...)`` checks what a user must see: exit
code 1, one line on stderr, no traceback. The ``world`` fixture lays out
``tmp_path/project`` and ``tmp_path/outside`` (with a secret file in it) and,
after the test, checks that nothing outside the project changed since the
first command ran (HOME and the Argos folders point elsewhere, and are not
looked at).
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SECRET = "SECRET-KEY-0451-do-not-leak"


@dataclass
class World:
    root: Path
    project: Path
    outside: Path
    home: Path
    before: dict | None = None  # what lay outside the project when the first command ran

    def run(self, *args, cwd: Path | None = None, memory_mb: int = 1536, cpu_seconds: int = 30,
            wall_seconds: float = 60) -> subprocess.CompletedProcess:
        if self.before is None:
            self.before = _snapshot(self.root, self.project)

        def limits() -> None:
            resource.setrlimit(resource.RLIMIT_AS, (memory_mb * 1024 * 1024,) * 2)
            resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds))

        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH", "")])),
            "HOME": str(self.home), "XDG_DATA_HOME": str(self.home / "data"), "XDG_CONFIG_HOME": str(self.home / "config"),
            "XDG_CACHE_HOME": str(self.home / "cache"),
            "ARGOS_PACKAGES_DIR": str(self.home / "packages"), "ARGOS_PACKAGE_INDEX": "http://127.0.0.1:9/",
            "LANG": "C.UTF-8", "OMP_NUM_THREADS": "1",
        }
        return subprocess.run(
            [sys.executable, "-m", "pipeline", *map(str, args)], cwd=cwd or self.project, env=env,
            capture_output=True, text=True, timeout=wall_seconds, preexec_fn=limits, stdin=subprocess.DEVNULL,
        )

    def source(self, name: str = "speech.txt", text: str = "第一章\n\n我们坚持发展。合作共赢。\n") -> Path:
        path = self.project / "source" / name
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def config(self, text: str) -> Path:
        path = self.project / "diglot.toml"
        path.write_text(text, encoding="utf-8")
        return path


def refused(result: subprocess.CompletedProcess, *fragments: str) -> str:
    """The one error line of a refused command, after checking exit code, line count and no traceback."""
    assert result.returncode == 1, (result.returncode, result.stderr[-2000:])
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr[-2000:]
    line = lines[0]
    assert line.startswith("diglot: error: "), line
    for fragment in fragments:
        assert fragment in line, (fragment, line)
    return line


def _snapshot(root: Path, skip: Path) -> dict[str, tuple]:
    seen = {}
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        here = Path(dirpath)
        if here == skip or skip in here.parents:
            dirnames[:] = []
            continue
        for name in dirnames + filenames:
            path = here / name
            if path == skip:
                continue
            info = path.lstat()
            seen[str(path.relative_to(root))] = (info.st_mode, info.st_size, info.st_mtime_ns)
    return seen


@pytest.fixture
def world(tmp_path, tmp_path_factory) -> World:
    project = tmp_path / "project"
    outside = tmp_path / "outside"
    project.mkdir()
    outside.mkdir()
    (outside / "id_rsa.txt").write_text(SECRET + "。\n", encoding="utf-8")
    (outside / "terms.csv").write_text(f"source,target\n发展,{SECRET}\n", encoding="utf-8")
    home = tmp_path_factory.mktemp("home")
    world = World(tmp_path, project, outside, home)
    yield world
    if world.before is not None:
        assert _snapshot(tmp_path, project) == world.before, "something outside the project changed"
