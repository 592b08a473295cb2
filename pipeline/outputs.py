"""What a build leaves in the output folder: which outputs are stale, and our own temporary files.

The project's outputs record (``Project.outputs_record``) records, per output folder and
document, the files builds wrote there (the output folder holds outputs only). A document whose source is gone (deleted or renamed) leaves its
outputs listed there: :func:`stale_outputs` names them, :func:`prune_outputs` removes
them. Only files diglot recorded are ever named or removed, never a file
someone else put in the folder.

Writes are atomic (:mod:`pipeline.fileio`): the temporary file carries the
writer's pid, so :func:`clean_temporary` removes those whose writer is no
longer running (a killed build's) and leaves a running writer's alone.
"""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path
from typing import Iterable, Mapping

from pipeline import fileio

_RANDOM = re.compile(r"^[A-Za-z0-9_]{8}$")  # tempfile.mkstemp's part of the name
_OLD_TMP_SECONDS = 3600  # a temporary file without a pid (older diglot): removed once this old


def _manifest(record: Path) -> dict[str, dict[str, list[str]]]:
    try:
        data = json.loads(Path(record).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {
        str(folder): {str(d): [str(f) for f in names] for d, names in docs.items() if isinstance(names, list)}
        for folder, docs in data.items() if isinstance(docs, dict)
    }


def _save(record: Path, manifest) -> None:
    fileio.write_text(record, json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True))


def read_manifest(record: Path, out_dir: Path) -> dict[str, list[str]]:
    """document -> names of the files builds wrote for it in ``out_dir``, from the ``record`` file."""
    return _manifest(record).get(str(Path(out_dir).resolve()), {})


def record_outputs(record: Path, out_dir: Path, written: Mapping[str, Iterable[Path]]) -> None:
    """Add (or replace) the files each document's build wrote into ``out_dir``."""
    manifest = _manifest(record)
    folder = manifest.setdefault(str(Path(out_dir).resolve()), {})
    for document, paths in written.items():
        folder[document] = sorted({Path(p).name for p in paths})
    _save(record, manifest)


def stale_outputs(record: Path, out_dir: Path, documents: Iterable[str]) -> list[Path]:
    """Recorded outputs of documents not among ``documents`` (their source is gone) that still exist."""
    current = set(documents)
    out_dir = Path(out_dir)
    return [
        out_dir / name
        for document, names in sorted(read_manifest(record, out_dir).items()) if document not in current
        for name in names if (out_dir / name).is_file()
    ]


def prune_outputs(record: Path, out_dir: Path, documents: Iterable[str]) -> list[Path]:
    """Remove the stale outputs (see :func:`stale_outputs`) and forget them; returns what was removed."""
    current = set(documents)
    removed = stale_outputs(record, out_dir, current)
    for path in removed:
        path.unlink(missing_ok=True)
    manifest = _manifest(record)
    key = str(Path(out_dir).resolve())
    if key in manifest and set(manifest[key]) - current:
        manifest[key] = {d: names for d, names in manifest[key].items() if d in current}
        _save(record, manifest)
    return removed


def stale_or_pruned(record: Path, out_dir: Path, documents: Iterable[str], prune: bool) -> tuple[list[Path], list[Path]]:
    """(stale outputs, []) or, with ``prune``, ([], the stale outputs removed)."""
    if prune:
        return [], prune_outputs(record, out_dir, documents)
    return stale_outputs(record, out_dir, documents), []


def _temporary(name: str) -> tuple[bool, int | None]:
    """Is ``name`` an atomic write's temporary file (``.NAME.PID.RANDOM.tmp``, or older ``.NAME.RANDOM.tmp``), and its pid."""
    if not (name.startswith(".") and name.endswith(".tmp")):
        return False, None
    parts = name[1:-4].rsplit(".", 2)
    if len(parts) == 3 and parts[1].isdigit() and _RANDOM.match(parts[2]):
        return True, int(parts[1])
    if len(parts) >= 2 and _RANDOM.match(parts[-1]):
        return True, None
    return False, None


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, owned by someone else
        return True
    return True


def clean_temporary(folder: Path) -> list[Path]:
    """Remove diglot's temporary files in ``folder`` whose writer is gone; returns them."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    removed = []
    for path in folder.iterdir():
        ours, pid = _temporary(path.name)
        if not ours or not path.is_file():
            continue
        if pid is not None and _running(pid):
            continue
        if pid is None and time.time() - path.stat().st_mtime < _OLD_TMP_SECONDS:
            continue
        try:
            path.unlink()
        except OSError:
            continue
        removed.append(path)
    return removed
