"""The Argos engine on a GPU: runs only where CTranslate2 sees a CUDA device (skipped elsewhere).

bench/gpu_check.sh runs this file on a GPU machine, after the speed runs.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

ctranslate2 = pytest.importorskip("ctranslate2")
pytestmark = pytest.mark.skipif(ctranslate2.get_cuda_device_count() == 0, reason="no CUDA device")

ROOT = Path(__file__).resolve().parents[2]


def sample_sentences() -> list[str]:
    from pipeline.build import read_sources

    [document] = read_sources([ROOT / "source" / "sample.txt"], "zh")
    return [s.text for s in document.segments()]


@pytest.mark.parametrize("compute_type", ["int8_float16", "float16"])
def test_the_gpu_translates_every_segment_the_cpu_does(argos_packages_dir, compute_type):
    from pipeline.engines import open_engine

    sources = sample_sentences()
    gpu = open_engine("argos", "zh", "en", device="cuda", compute_type=compute_type)
    cpu = open_engine("argos", "zh", "en", device="cpu", threads=1)
    assert gpu.device == "cuda" and gpu.compute_type == compute_type
    on_gpu, on_cpu = gpu.translate(sources), cpu.translate(sources)
    assert len(on_gpu) == len(on_cpu) == len(sources)
    # the same segments translated; texts may differ where scores are near ties
    assert all(g[0].text for g in on_gpu) and all(c[0].text for c in on_cpu)


def test_device_auto_picks_the_gpu_and_says_so(tmp_path, argos_packages_dir):
    from pipeline.cli import main

    project = tmp_path / "project"
    (project / "source").mkdir(parents=True)
    shutil.copy(ROOT / "source" / "sample.txt", project / "source")
    result = CliRunner().invoke(main, ["build", "--project", str(project), "--device", "auto", "--format", "tmx"])
    assert result.exit_code == 0, result.output
    assert " on cuda, " in result.stderr
    summary = CliRunner().invoke(main, ["build", "--project", str(project), "--format", "tmx", "--json"])
    assert json.loads(summary.stdout)["translated"] == 0  # all from the memory the GPU filled
