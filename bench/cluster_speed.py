"""The translation pass on Ray against the plain one, on this machine; and the driver's own rates.

1. plain: ``translate_missing`` in this process (``--threads`` threads), as ``diglot build`` runs it;
   before and after the Ray runs, the faster of the two counts.
2. ray, 1 actor (``--threads`` cores) and 2 actors (half each): the same
   ``translate_missing`` with the Ray pool's executor, on a local Ray instance
   started here (``ray.init(num_cpus=--threads)``). Ray's start-up and the
   actors' model loading are reported apart; the ratios are of the translation
   pass alone (decoding, shipping batches, committing each one).
3. the driver's rates, which bound any cluster: memory commits (rows/s, in
   batches as translate_missing writes them), and read + segment + term match
   + render of review DOCX, edition DOCX and EPUB (segments/s, ``--engine none``).

On a 2-core machine the point is the overhead of Ray (serialising batches,
actor calls, results coming back out of order), not a speed-up: two actors of
one core each do the work one process does with two threads.

    python bench/cluster_speed.py            # tiny model, 600 sentences (a few minutes on 2 busy cores)
    python bench/cluster_speed.py --base     # Transformer-base shape, as translate_speed.py
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def settings_for(threads: int, actors: int, batch: int):
    from pipeline.config import BuildSettings, ClusterSettings, EngineSettings

    return BuildSettings(
        engine=EngineSettings(device="cpu", threads=0 if actors else threads, batch_segments=batch),
        cluster=ClusterSettings(ray="local", actors=actors, cpus_per_actor=max(1, threads // max(actors, 1))),
    )


def plain(requests, args, project: Path) -> float:
    from pipeline.engines import open_engine
    from pipeline.memory import TranslationMemory
    from pipeline.translate import translate_missing

    engine = open_engine("argos", "zh", "en", device="cpu", threads=args.threads)
    engine.translate(requests[:4])  # warm-up
    with TranslationMemory.for_project(project) as memory:
        start = time.perf_counter()
        run = translate_missing(engine, memory, requests, batch_segments=args.batch)
        seconds = time.perf_counter() - start
    assert run.translated == len(requests)
    return seconds


def on_ray(requests, args, project: Path, actors: int) -> tuple[float, float]:
    """(seconds to start the pool, seconds of the translation pass)."""
    from pipeline.cluster import open_pool
    from pipeline.memory import TranslationMemory
    from pipeline.translate import translate_missing

    start = time.perf_counter()
    pool = open_pool("local", settings_for(args.threads, actors, args.batch))
    ready = time.perf_counter() - start
    with pool, TranslationMemory.for_project(project) as memory:
        start = time.perf_counter()
        run = translate_missing(pool, memory, requests, batch_segments=args.batch, executor=pool.executor(False))
        seconds = time.perf_counter() - start
    assert run.translated == len(requests)
    return ready, seconds


def commit_rate(n: int, batch: int, project: Path) -> float:
    from pipeline.memory import TranslationMemory
    from pipeline.model import MachineTarget

    rows = [MachineTarget(f"源文{i}。" * 3, f"target sentence number {i}, of ordinary length.", "bench", "", "")
            for i in range(n)]
    with TranslationMemory.for_project(project) as memory:
        start = time.perf_counter()
        for i in range(0, n, batch):
            memory.store_machine("zh", "en", rows[i : i + batch])
        return n / (time.perf_counter() - start)


def render_rate(paragraphs: list[list[str]], project: Path) -> tuple[float, int]:
    from pipeline.build import build
    from pipeline.config import BuildSettings, EngineSettings

    (project / "source").mkdir(parents=True)
    (project / "source" / "book.txt").write_text(
        "书名\n\n" + "\n\n".join("".join(p) for p in paragraphs) + "\n", encoding="utf-8"
    )
    start = time.perf_counter()
    result = build(project, BuildSettings(engine=EngineSettings(name="none")))
    return result.segments / (time.perf_counter() - start), result.segments


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", action="store_true", help="Transformer-base shape (slow on 2 cores)")
    parser.add_argument("--sentences", type=int, default=600)
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--batch", type=int, default=64, help="segments per batch (Ray task and memory commit)")
    args = parser.parse_args()

    import ray

    from tests.support.tinymodel import build_argos_package
    from translate_speed import make_document

    from pipeline.engines.packages import install_from_file
    from pipeline.model import TranslationRequest

    paragraphs = make_document(args.sentences)
    requests = [TranslationRequest(s) for p in paragraphs for s in p]
    with tempfile.TemporaryDirectory(prefix="diglot-bench-") as work:
        work = Path(work)
        shape = dict(layers=6, d_model=512, heads=8, ffn=2048, vocab_size=32000) if args.base else {}
        os.environ["ARGOS_PACKAGES_DIR"] = str(work / "packages")
        install_from_file(build_argos_package(work / "build", quantization="int8", **shape))
        print(f"model: {'Transformer base' if args.base else 'tiny'}, int8; {len(requests)} sentences; "
              f"batches of {args.batch}; {args.threads} cores", flush=True)

        plain_s = plain(requests, args, work / "plain")
        print(f"plain, {args.threads} threads:          {len(requests) / plain_s:8.1f} sentences/s", flush=True)
        ray.init(num_cpus=args.threads, include_dashboard=False, logging_level=logging.ERROR, log_to_driver=False)
        try:
            results = {}
            for actors in (1, 2):
                ready, seconds = on_ray(requests, args, work / f"ray{actors}", actors)
                results[actors] = seconds
                print(f"ray, {actors} actor(s) x {max(1, args.threads // actors)} core(s): "
                      f"{len(requests) / seconds:8.1f} sentences/s  (pool ready in {ready:.1f} s)", flush=True)
        finally:
            ray.shutdown()
        again = plain(requests, args, work / "plain-again")  # after Ray too: the machine's load drifts
        print(f"plain again:                  {len(requests) / again:8.1f} sentences/s", flush=True)
        plain_s = min(plain_s, again)
        commits = commit_rate(20000, args.batch, work / "commit")
        rendered, segments = render_rate(paragraphs * 3, work / "render")

    for actors, seconds in results.items():
        print(f"ray {actors} actor(s) / plain: {plain_s / seconds:5.2f}x")
    print(f"driver: memory commits {commits:,.0f} rows/s (batches of {args.batch}); "
          f"read+segment+render (review, docx, epub) {rendered:,.0f} segments/s ({segments} segments)")


if __name__ == "__main__":
    main()
