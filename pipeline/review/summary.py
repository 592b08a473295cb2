"""An import report's long lists, summarised for the terminal: counted by reason, the first few ids.

An import of a file of 200,000 rows that all fail for one reason prints one
line, not 200,000; ``--json`` still lists every row.
"""

from __future__ import annotations

from typing import Iterable

IDS = 5  # ids named per reason
REASONS = 10  # reasons listed; the rest are counted


def by_reason(items: Iterable[tuple[str, str]], ids: int = IDS, reasons: int = REASONS) -> list[str]:
    """Lines for ``(id, reason)`` pairs: ``id: reason`` for a reason of one row, else
    ``N rows (id, id, … and K more): reason``, most frequent reason first."""
    groups: dict[str, list[str]] = {}
    for sid, reason in items:
        groups.setdefault(reason, []).append(sid)
    ordered = sorted(groups.items(), key=lambda item: -len(item[1]))
    lines = []
    for reason, sids in ordered[:reasons]:
        if len(sids) == 1:
            lines.append(f"{sids[0]}: {reason}")
        else:
            lines.append(f"{len(sids)} rows ({listed(sids, ids)}): {reason}")
    if len(ordered) > reasons:
        rest = sum(len(sids) for _, sids in ordered[reasons:])
        lines.append(f"and {rest} more for {len(ordered) - reasons} other reasons (--json lists every one)")
    return lines


def listed(items: list[str], limit: int = IDS) -> str:
    """The first ``limit`` items, and how many more."""
    more = f" and {len(items) - limit} more" if len(items) > limit else ""
    return ", ".join(items[:limit]) + more
