"""A source at the size limit: time and peak memory of ``diglot build --engine none``.

Makes, for each size N (MB of UTF-8), a project whose one source is real prose
(Lu Xun's 狂人日记 from the shared corpus, or English prose where the corpus
is absent) repeated up to N MB, in two shapes:

- ``one-line``: the story's lines joined, with no newline anywhere (a web
  extraction or a converter that lost every line break);
- ``lines``: the same text with its own lines (one paragraph per line);
- ``short`` (asked by name): the story cut into sentences of three characters,
  one line: the most segments a source of that size holds.

Each copy of the story is numbered in its first line, so copies differ (the
memory and the requests grow with the source, as a real book's would).

Runs ``diglot build --engine none`` (the default formats: review DOCX, edition
DOCX, EPUB, term report) in a subprocess and prints the wall seconds, the peak
resident memory (the process's own peak, and the most the process and its
review-DOCX writer held together, sampled every 10 ms: pages the forked writer
shares with its parent counted twice), the peak proportional memory of the two
(Pss: shared pages counted once) and the ratios (of the proportional peak) against
the smallest size: time and memory per MB should stay flat (linear in the
source). Then imports each build's review DOCX back with ``diglot review
import --dry-run`` (its exit status, seconds and peak memory; ``--import-largest``: only the
largest size's).

``--cap=MB`` runs the builds under an address-space limit (``prlimit --as``):
what a user with a memory cap sees (a refusal or an error in one line, never a
traceback).

Run: .venv/bin/python bench/large_source.py [SIZES_MB ...] [--shape=one-line|lines|short|both] [--cap=MB]
      [--keep=FOLDER] [--no-import | --import-largest]
Default sizes: 2 8 16 48.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
from nonmt_speed import proportional_kb, sample_tree, watch  # noqa: E402 - how a build is measured, shared

CORPUS = ROOT.parent / "shared" / "corpus" / "text" / "kuangren-riji-luxun-utf8-crlf.txt"
MB = 1024 * 1024
ENGLISH = (
    "Alice was beginning to get very tired of sitting by her sister on the bank, and of having nothing to do: "
    "once or twice she had peeped into the book her sister was reading, but it had no pictures or conversations "
    "in it, \u201cand what is the use of a book,\u201d thought Alice, \u201cwithout pictures or conversations?\u201d\n"
    "So she was considering in her own mind (as well as she could, for the hot day made her feel very sleepy and "
    "stupid), whether the pleasure of making a daisy-chain would be worth the trouble of getting up and picking "
    "the daisies, when suddenly a White Rabbit with pink eyes ran close by her.\n"
    "There was nothing so very remarkable in that; nor did Alice think it so very much out of the way to hear the "
    "Rabbit say to itself, \u201cOh dear! Oh dear! I shall be late!\u201d\n"
)


def prose() -> tuple[list[str], str]:
    """The lines of the story (stripped, non-blank) and its language."""
    if CORPUS.is_file():
        text = CORPUS.read_text(encoding="utf-8")
        return [line.strip(" \u3000\r") for line in text.splitlines() if line.strip(" \u3000\r")], "zh"
    return [line for line in ENGLISH.splitlines() if line], "en"


def make_source(size: int, shape: str) -> tuple[str, str]:
    """About ``size`` bytes of UTF-8 prose as one line or as lines, and its language; ``short``:
    the story cut into sentences of three characters, one line (the most segments a source can hold)."""
    lines, language = prose()
    if shape == "short":
        chars = [c for c in "".join(lines) if c.isalpha()]
        mark = "。" if language == "zh" else ". "
        sentences = ["".join(chars[i:i + 3]) + mark for i in range(0, len(chars) - 3, 3)]
        text = "".join(sentences)
        text = text * (size // len(text.encode("utf-8")) + 1)
        return text.encode("utf-8")[:size].decode("utf-8", "ignore"), language
    glue = "" if language == "zh" else " "
    copies: list[str] = []
    total = 0
    copy = 0
    while total < size:
        copy += 1
        numbered = [f"{lines[0]}（{copy}）" if language == "zh" else f"{lines[0]} ({copy})", *lines[1:]]
        piece = glue.join(numbered) if shape == "one-line" else "\n".join(numbered) + "\n"
        if shape == "one-line" and copies:
            piece = glue + piece
        copies.append(piece)
        total += len(piece.encode("utf-8"))
    text = "".join(copies)
    data = text.encode("utf-8")[:size].decode("utf-8", "ignore")
    return (data if shape == "one-line" else data.rstrip("\n") + "\n"), language


def make_project(folder: Path, size: int, shape: str) -> Path:
    text, language = make_source(size, shape)
    (folder / "source").mkdir(parents=True)
    (folder / "source" / "big.txt").write_text(text, encoding="utf-8")
    (folder / "diglot.toml").write_text(
        f'source_language = "{language}"\ntarget_language = "{"en" if language == "zh" else "de"}"\n'
        f"max_source_mb = {max(50, size // MB + 1)}\n", encoding="utf-8")
    return folder


def run(args: list[str], cwd: Path, cap_mb: int = 0) -> tuple[int, float, int, str]:
    """(exit status, wall seconds, peak resident MB, last lines of stderr) of ``diglot ARGS`` in ``cwd``."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "ARGOS_PACKAGE_INDEX": "http://127.0.0.1:9/"}
    command = [sys.executable, "-m", "pipeline", *args]
    if cap_mb:
        command = ["prlimit", f"--as={cap_mb * MB}", "--", *command]
    started = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=err)
        shared = [0]
        # Pss: a page shared by the build and its forked review-DOCX writer counted once, not twice as
        # resident sizes count it; sampled every 50 ms
        sampler = threading.Thread(target=sample_tree, args=(process.pid, shared, proportional_kb, 0.05),
                                   daemon=True)
        sampler.start()
        status, wall, peak = watch(process, started)
        sampler.join()
        err.seek(0)
        tail = err.read().decode("utf-8", "replace").strip().splitlines()[-3:]
    return status, wall, peak, shared[0] // 1024, "\n".join(tail)


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:] if not a.startswith("--")] or [2, 8, 16, 48]
    options = dict(a[2:].split("=", 1) if "=" in a else (a[2:], "") for a in sys.argv[1:] if a.startswith("--"))
    shapes = ("one-line", "lines") if options.get("shape", "both") == "both" else (options["shape"],)
    cap = int(options.get("cap", 0) or 0)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "pipeline")], check=True)
    keep = Path(options["keep"]) if options.get("keep") else None
    with tempfile.TemporaryDirectory() as tmp:
        for shape in shapes:
            rows = []
            for size in sizes:
                project = make_project((keep or Path(tmp)) / f"{shape}-{size}", size * MB, shape)
                status, wall, peak, shared, tail = run(["build", "--engine", "none", "-q"], project, cap)
                review = project / "output" / "big.review.docx"
                written = sorted(p.name for p in (project / "output").glob("*")) if (project / "output").is_dir() else []
                line = (f"{shape:8s} {size:3d} MB: build exit {status}, {wall:7.1f} s, {peak:6d} MB peak resident, "
                        f"{shared:6d} MB proportional; {len(written)} outputs")
                if review.is_file():
                    inner = _document_xml_mb(review)
                    line += f"; review DOCX {review.stat().st_size / MB:.0f} MB ({inner:.0f} MB of XML)"
                    if "no-import" not in options and ("import-largest" not in options or size == max(sizes)):
                        code, seconds, memory, _, why = run(["review", "import", str(review), "--dry-run"], project)
                        line += f"; review import --dry-run exit {code}, {seconds:.1f} s, {memory} MB"
                        if code:
                            line += f"\n      import said: {why}"
                if status:
                    line += f"\n      build said: {tail}"
                print(line, flush=True)
                rows.append((size, wall, shared or peak, status))
                if keep is None:
                    shutil.rmtree(project, ignore_errors=True)
            good = [r for r in rows if r[3] == 0]
            if len(good) >= 2:
                base = good[0]
                for size, wall, peak, _ in good[1:]:
                    print(f"  {shape} {size} MB / {base[0]} MB: size x{size / base[0]:.1f}, "
                          f"time x{wall / base[1]:.1f}, memory (proportional) x{peak / base[2]:.1f} "
                          f"({peak / size:.0f} MB per MB of source)")


def _document_xml_mb(path: Path) -> float:
    import zipfile

    with zipfile.ZipFile(path) as archive:
        return archive.getinfo("word/document.xml").file_size / MB


if __name__ == "__main__":
    main()
