"""Two reviewers import at the same moment, in two real processes.

A barrier releases both imports together; each is the real `import_review` on
its own connection to one SQLite memory. Whatever the timing, no reviewer's
text is lost: it is in the memory, or kept in an open conflict beside it, and
no row is reported applied by both.
"""

from __future__ import annotations

import multiprocessing

import pytest

from pipeline.memory import TranslationMemory
from pipeline.model import MachineTarget, text_hash
from tests.review.docx_fixtures import DOC, PRODUCER, write_independent

ROWS = 120
SOURCES = {f"p{n}.1": f"第{n}段的句子要翻译。" for n in range(1, ROWS + 1)}
EDITS = {  # reviewer -> the rows they edit (overlapping in the middle)
    "anna": list(SOURCES)[: ROWS * 3 // 4],
    "ben": list(SOURCES)[ROWS // 4 :],
}


def machine(sid: str) -> str:
    return f"Machine sentence {sid}."


def make_project(folder):
    with TranslationMemory.for_project(folder) as tm:
        tm.store_machine("zh", "en", [MachineTarget(src, machine(sid), PRODUCER) for sid, src in SOURCES.items()])
        tm.record_document(DOC, "zh", "en", list(SOURCES.items()))


def review_file(folder, reviewer: str):
    """The review file as this reviewer returns it: their rows' Target cells retyped."""
    import zipfile

    rows = [(sid, src, machine(sid), "machine", "") for sid, src in SOURCES.items()]
    exported = write_independent(folder / f"{reviewer}.exported.docx", [rows])
    path = folder / f"{reviewer}.review.docx"
    with zipfile.ZipFile(exported) as source, zipfile.ZipFile(path, "w") as edited:
        for name in source.namelist():
            data = source.read(name)
            if name == "word/document.xml":
                for sid in EDITS[reviewer]:
                    data = data.replace(f">{machine(sid)}<".encode(), f">{reviewer.title()}'s sentence {sid}.<".encode())
            edited.writestr(name, data)
    return path


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("reviewers")
    return [review_file(folder, name) for name in EDITS]


def _import(project, path, barrier, results):
    from pipeline.review import import_review

    with TranslationMemory.for_project(project, timeout=30) as memory:
        barrier.wait()
        report = import_review(path, memory)
    results.put((path.stem.split(".")[0], [sid for sid, _ in report.applied], [sid for sid, _ in report.conflicts]))


@pytest.mark.parametrize("trial", range(4))
def test_two_imports_at_once_never_lose_a_row(tmp_path, files, trial):
    project = tmp_path / "project"
    make_project(project)
    context = multiprocessing.get_context("fork")
    barrier, results = context.Barrier(2), context.Queue()
    workers = [context.Process(target=_import, args=(project, path, barrier, results)) for path in files]
    for worker in workers:
        worker.start()
    outcome = {}
    for _ in workers:
        name, applied, conflicts = results.get(timeout=60)
        outcome[name] = (set(applied), set(conflicts))
    for worker in workers:
        worker.join(timeout=30)
        assert worker.exitcode == 0

    anna, ben = outcome["anna"], outcome["ben"]
    assert not anna[0] & ben[0], "a row reported applied by both imports"
    with TranslationMemory.for_project(project) as tm:
        held = {e.source_hash: (e.target, e.status) for e in tm.entries("zh", "en")}
        kept = {(c.segment_id, c.reviewer_target) for c in tm.conflicts()}
    for name, (applied, conflicts) in outcome.items():
        assert applied | conflicts == set(EDITS[name])
        for sid in EDITS[name]:
            text = f"{name.title()}'s sentence {sid}."
            in_memory = held[text_hash(SOURCES[sid])] == (text, "reviewed")
            assert in_memory or (sid, text) in kept, f"{name}'s {sid} was lost"
    overlap = set(EDITS["anna"]) & set(EDITS["ben"])
    # every overlapping row: one text applied, the other kept as a conflict
    assert len(anna[1] | ben[1]) == len(overlap) == len(kept)
