"""Everything but translation, for a 1,000,000-character source.

Makes a project with one generated Chinese source of about a million
characters (a compilation of speeches: titles, bylines, paragraphs of varied
sentences) and a 200-term glossary, then runs ``diglot build --engine none
--format review,docx,epub`` in a subprocess: ingest, segment, term matching,
memory, review DOCX, edition DOCX, EPUB and the term report. Prints the
median wall seconds of three such builds (each on a fresh copy of the
project) and the peak resident memory of the build process (target: under 5 s and
1 GB), the seconds of each stage from an in-process run, and the ratio of the
build against a baseline measured in the same run (reading the source and
writing its text back out, the least any build does).

Run: .venv/bin/python bench/nonmt_speed.py [CHARS] [--runs=3] [--profile]
"""

from __future__ import annotations

import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORDS = ["发展", "合作", "创新", "改革", "开放", "人民", "经济", "社会", "文化", "生态", "科技", "安全",
         "治理", "教育", "城市", "乡村", "市场", "产业", "绿色", "数字", "和平", "共赢", "世界", "中国"]
GLUE = ["的", "和", "在", "推动", "坚持", "促进", "加强", "实现", "建设", "保护", "提高", "深化"]
ENDS = ["。", "。", "。", "！", "？", "；"]


def make_source(chars: int, seed: int = 7) -> str:
    rng = random.Random(seed)
    out: list[str] = ["新时代的合作与发展\n", "——讲话选编\n\n"]
    size = sum(map(len, out))
    speech = 0
    while size < chars:
        speech += 1
        block = [f"第{speech}篇 {rng.choice(WORDS)}{rng.choice(WORDS)}的新篇章\n",
                 f"国家发展研究院院长 王{rng.choice('明华强伟')}{rng.choice('东南西北')}\n\n"]
        for _ in range(rng.randint(20, 40)):
            sentences = []
            for _ in range(rng.randint(2, 6)):
                words = [rng.choice(WORDS) + rng.choice(GLUE) for _ in range(rng.randint(4, 12))]
                sentences.append("".join(words) + rng.choice(WORDS) + rng.choice(ENDS))
            block.append("".join(sentences) + "\n\n")
        text = "".join(block)
        out.append(text)
        size += len(text)
    return "".join(out)[:chars].rstrip("，") + "\n"


def make_project(folder: Path, chars: int) -> Path:
    (folder / "source").mkdir(parents=True)
    (folder / "glossary").mkdir()
    (folder / "source" / "speeches.txt").write_text(make_source(chars), encoding="utf-8")
    rng = random.Random(3)
    rows = {f"{a}{b}": f"{a}-{b}" for a in WORDS for b in WORDS if a != b}
    terms = rng.sample(sorted(rows), 200)
    (folder / "glossary" / "terms.csv").write_text(
        "source,target\n" + "".join(f"{t},term {i}\n" for i, t in enumerate(terms)), encoding="utf-8")
    return folder


def baseline(project: Path) -> float:
    """Read the source and write its text out again: the floor under any build."""
    started = time.perf_counter()
    text = (project / "source" / "speeches.txt").read_text(encoding="utf-8")
    (project / "baseline.txt").write_text(text, encoding="utf-8")
    return time.perf_counter() - started


def cli_build(project: Path) -> tuple[float, int]:
    """(wall seconds, peak resident MB) of diglot build in its own process.

    The package is byte-compiled first, as ``pip install`` does (even where
    PYTHONDONTWRITEBYTECODE is set), so that the figure is a user's build, not
    Python compiling diglot's source. The memory figure is the larger of the
    process's own peak and the most that it and its children (the review DOCX
    writer, see pipeline.render.parallel) held together, sampled every 10 ms."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "ARGOS_PACKAGE_INDEX": "http://127.0.0.1:9/"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "pipeline")], env=env, check=True)
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "pipeline", "build", "--engine", "none", "-q",
                                "--format", "review,docx,epub"], cwd=project, env=env)
    status, wall, peak = watch(process, started)
    if status != 0:
        raise SystemExit(f"build failed ({status})")
    return wall, peak


def watch(process: subprocess.Popen, started: float) -> tuple[int, float, int]:
    """(exit status, wall seconds since ``started``, peak resident MB) of ``process``, waited for: the
    larger of its own peak and the most that it and its children held together (:func:`sample_tree`)."""
    together = [0]
    sampler = threading.Thread(target=sample_tree, args=(process.pid, together), daemon=True)
    sampler.start()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    sampler.join()
    return os.waitstatus_to_exitcode(status), wall, max(usage.ru_maxrss // 1024, together[0] // 1024)


def resident_kb(pid: int) -> int:
    """What ``pid`` holds resident, in KB (VmRSS; 0 once it is gone)."""
    return _proc_kb(f"/proc/{pid}/status", "VmRSS:")


def proportional_kb(pid: int) -> int:
    """``pid``'s proportional set in KB (Pss: a page it shares with a forked child counted half each)."""
    return _proc_kb(f"/proc/{pid}/smaps_rollup", "Pss:")


def _proc_kb(path: str, field: str) -> int:
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(field):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def sample_tree(pid: int, peak: list[int], size=resident_kb, every: float = 0.01) -> None:
    """Keep in ``peak[0]`` the most KB (``size`` of each process) that ``pid`` and its children held at
    once, sampled every ``every`` seconds until ``pid`` is gone (Linux /proc)."""
    while Path(f"/proc/{pid}").exists():
        try:
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        except OSError:
            return
        peak[0] = max(peak[0], size(pid) + sum(size(int(c)) for c in children))
        time.sleep(every)


def stages(project: Path) -> list[tuple[str, float]]:
    """Seconds of each stage, in this process."""
    from pipeline.prepare import read_sources
    from pipeline.project import Project
    from pipeline.glossary import find_terms_in, load_glossary, write_term_report
    from pipeline.interchange import edition_from_memory
    from pipeline.memory import TranslationMemory
    from pipeline.render import write_edition_docx, write_epub, write_review_docx

    out = []
    found = Project.load(project, {"engine_name": "none"})
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        out.append((name, now - clock))
        clock = now

    (document,) = read_sources(found.sources(), "zh")
    lap("ingest + segment")
    glossary = load_glossary(found.glossaries())
    hits = sum(map(len, find_terms_in(glossary, list(document.segments()), "zh")))
    lap(f"term matching ({hits} hits)")
    with TranslationMemory.for_project(project / "stage") as memory:
        edition = edition_from_memory(document, memory, "zh", "en")
    lap("memory lookup")
    write_review_docx(edition, project / "stage" / "r.review.docx")
    lap("review DOCX")
    write_edition_docx(edition, project / "stage" / "r.docx")
    lap("edition DOCX")
    write_epub(edition, project / "stage" / "r.epub")
    lap("EPUB")
    write_term_report(edition, project / "stage")
    lap("term report")
    return out


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    chars = int(args[0]) if args else 1_000_000
    runs = next((int(a.split("=", 1)[1]) for a in sys.argv[1:] if a.startswith("--runs=")), 3)
    with tempfile.TemporaryDirectory() as tmp:
        made = make_project(Path(tmp) / "made", chars)
        walls, peaks, bases = [], [], []
        for n in range(runs):  # each on a fresh copy: a first build, nothing in the memory
            project = Path(tmp) / f"p{n}"
            shutil.copytree(made, project)
            bases.append(baseline(project))
            wall, peak = cli_build(project)
            walls.append(wall)
            peaks.append(peak)
        size = len((project / "source" / "speeches.txt").read_text(encoding="utf-8"))
        wall, base = statistics.median(walls), statistics.median(bases)
        print(f"source: {size:,} characters; build --engine none, review+docx+epub+term report; {runs} runs")
        print(f"  build: {wall:.2f} s wall (median; runs: {', '.join(f'{w:.2f}' for w in walls)}), "
              f"{max(peaks)} MB peak resident (targets: 5 s, 1024 MB)")
        print(f"  baseline (read + write the text): {base:.3f} s; build / baseline = {wall / base:.0f}x")
        if "--profile" in sys.argv:
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            profiler.enable()
            laps = stages(project)
            profiler.disable()
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
        else:
            laps = stages(project)
        for name, seconds in laps:
            print(f"  {name:34s} {seconds:6.2f} s")
        print(f"  peak resident of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB")


if __name__ == "__main__":
    main()
