"""Writing the review DOCX in a forked child beside the other outputs (pipeline.render.parallel).

The fork cases run in a fresh Python (a subprocess): a forked child of the
test process would carry pytest's state, and whether this process has other
threads depends on the tests that ran before.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
import zipfile
from pathlib import Path

import pytest

from pipeline.errors import RenderError
from pipeline.render import parallel, render
from tests.render.conftest import make_edition

ROOT = Path(__file__).resolve().parents[2]
linux_fork = pytest.mark.skipif(sys.platform != "linux" or len(os.sched_getaffinity(0)) < 2,
                                reason="forks only on Linux with two or more cores")


def run_python(code: str, tmp_path: Path) -> dict:
    """Run ``code`` in a fresh interpreter; it prints one JSON object as its last line."""
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=tmp_path, capture_output=True,
                          text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist() if not n.startswith("docProps/")}  # core.xml has the time


@linux_fork
def test_a_child_gives_back_its_value_or_its_exception_and_a_killed_one_is_one_line(tmp_path):
    out = run_python("""
        import json, os, signal
        from pipeline.errors import GlossaryError
        from pipeline.render import parallel

        def fail():
            raise GlossaryError("a broken line", path="g.csv", line=3)

        def bug():
            return {}["missing"]

        value = parallel.start(lambda: os.getpid(), segments=10**6).result()
        errors = []
        for job in (fail, lambda: os.kill(os.getpid(), signal.SIGKILL), bug, lambda: lambda: 0):
            try:
                parallel.start(job, what="x.review.docx", segments=10**6).result()
            except Exception as exc:
                errors.append([type(exc).__name__, str(exc), "\\n".join(getattr(exc, "__notes__", []))])
        inline = parallel.start(lambda: os.getpid(), segments=10).result()
        print(json.dumps({"me": os.getpid(), "value": value, "errors": errors, "inline": inline,
                          "can_fork": parallel.can_fork()}))
    """, tmp_path)
    assert out["can_fork"]
    assert out["value"] != out["me"]  # written by a child
    assert out["inline"] == out["me"]  # a small edition: no fork
    assert out["errors"][0] == ["GlossaryError", "g.csv:3: a broken line", ""]
    assert out["errors"][1][:2] == ["RenderError",
                                    "the process writing x.review.docx stopped (signal 9); run the build again"]
    kind, _, note = out["errors"][2]  # a bug: raised here with the child's traceback
    assert kind == "KeyError" and "in the writer process" in note and 'line 10, in bug' in note
    assert out["errors"][3][0] == "RenderError"  # a value that cannot travel back (a lambda)


@linux_fork
def test_render_with_the_review_docx_in_a_child_writes_the_same_files(tmp_path):
    out = run_python("""
        import json, os
        from pipeline.render import parallel, render
        from tests.render.conftest import make_edition

        forks = []
        start = parallel.start
        parallel.start = lambda job, **kw: forks.append(parallel.can_fork()) or start(job, **{**kw, "segments": 10**6})
        paths = render(make_edition(), ["review", "docx", "epub"], "forked")
        print(json.dumps({"paths": [str(p) for p in paths], "forks": forks}))
    """, tmp_path)
    assert out["forks"] == [True]
    assert [Path(p).name for p in out["paths"]] == ["speeches.review.docx", "speeches.docx", "speeches.epub"]
    serial = render(make_edition(), ["review", "docx", "epub"], tmp_path / "serial")  # small: no fork here
    for path in serial:
        assert parts(path) == parts(tmp_path / "forked" / path.name), path.name


def test_a_failed_output_is_raised_and_leaves_no_child_behind(tmp_path, monkeypatch):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "speeches.epub").mkdir()  # a folder where the EPUB goes: its write fails
    monkeypatch.setattr(parallel, "MIN_SEGMENTS", 0)
    with pytest.raises(RenderError, match="speeches.epub"):
        render(make_edition(), ["review", "epub"], tmp_path / "out")
    with pytest.raises(ChildProcessError):  # every forked writer was waited for
        os.waitpid(-1, os.WNOHANG)


@linux_fork
def test_the_child_dies_with_its_parent(tmp_path):
    script = tmp_path / "parent.py"
    script.write_text(textwrap.dedent("""
        import os, signal, time
        from pipeline.render import parallel

        def job():
            with open("child.pid.part", "w") as f:  # whole or not at all: the parent may die between
                f.write(str(os.getpid()))
            os.replace("child.pid.part", "child.pid")
            time.sleep(60)

        pending = parallel.start(job, segments=10**6)
        while not os.path.exists("child.pid"):
            time.sleep(0.01)
        os.kill(os.getpid(), signal.SIGKILL)  # the build killed while the child writes
    """))
    subprocess.run([sys.executable, str(script)], cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(ROOT)},
                   timeout=60)
    child = int((tmp_path / "child.pid").read_text())
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _alive(child):
        time.sleep(0.05)
    assert not _alive(child)


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie waits for init to reap it: it is dead
