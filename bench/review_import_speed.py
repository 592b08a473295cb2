"""How fast an edited review DOCX reads back: rows per second of ``read_review_docx``,
and the ratio to the floor, reading the same ``word/document.xml`` with lxml's
iterparse alone (the same events, rows cleared as they go, nothing read from them).

Run: .venv/bin/python bench/review_import_speed.py REVIEW.docx [...] [--repeat=N] [--profile]

Make a large review DOCX with ``bench/large_source.py 8 --keep=FOLDER --no-import``
(a one-line source, ``--engine none``): its ``output/*.review.docx``. Times are CPU
seconds of this process (steadier than wall time on a shared machine) and wall seconds;
the best of ``--repeat`` runs (default 3). ``--profile``: the 20 costliest functions of
one read (cProfile). Not a test: it prints, it asserts nothing.
"""

from __future__ import annotations

import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def parse_only(path: Path) -> int:
    """The floor: the stream the reader asks for (w:body, w:tbl, w:tr), each row cleared; rows seen."""
    from lxml import etree

    rows = 0
    with zipfile.ZipFile(path) as archive, archive.open("word/document.xml") as stream:
        for event, element in etree.iterparse(stream, events=("start", "end"), tag=(W + "body", W + "tbl", W + "tr"),
                                              resolve_entities=False, no_network=True, remove_comments=True,
                                              remove_pis=True):
            if event == "end" and element.tag == W + "tr":
                rows += 1
                element.clear()
                while element.getprevious() is not None:
                    del element.getparent()[0]
    return rows


def read(path: Path) -> int:
    from pipeline.review.docx import read_review_docx

    return len(read_review_docx(path).rows)


def best(function, path: Path, repeat: int) -> tuple[int, float, float]:
    """(result, CPU seconds, wall seconds), the best of ``repeat`` runs."""
    out, cpu, wall = 0, float("inf"), float("inf")
    for _ in range(repeat):
        c, w = time.process_time(), time.perf_counter()
        out = function(path)
        cpu, wall = min(cpu, time.process_time() - c), min(wall, time.perf_counter() - w)
    return out, cpu, wall


def main() -> None:
    paths = [Path(a) for a in sys.argv[1:] if not a.startswith("--")]
    options = dict(a[2:].split("=", 1) if "=" in a else (a[2:], "") for a in sys.argv[1:] if a.startswith("--"))
    repeat = int(options.get("repeat", "3"))
    if not paths:
        sys.exit(__doc__)
    for path in paths:
        rows_seen, floor_cpu, floor_wall = best(parse_only, path, repeat)
        rows, cpu, wall = best(read, path, repeat)
        print(f"{path.name}: {rows:,} review rows of {rows_seen:,} table rows, "
              f"{path.stat().st_size / 1024 / 1024:.1f} MB")
        print(f"  iterparse alone : {floor_cpu:7.2f} s CPU {floor_wall:7.2f} s wall  {rows_seen / floor_cpu:10,.0f} rows/s")
        print(f"  review import   : {cpu:7.2f} s CPU {wall:7.2f} s wall  {rows / cpu:10,.0f} rows/s")
        print(f"  ratio to iterparse alone: {cpu / floor_cpu:.2f}x CPU")
        if "profile" in options:
            import cProfile
            import pstats

            profile = cProfile.Profile()
            profile.runcall(read, path)
            pstats.Stats(profile).sort_stats("tottime").print_stats(20)


if __name__ == "__main__":
    main()
