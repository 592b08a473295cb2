"""Places in a paragraph where the end rules do not apply on their own.

- :func:`title_spans`: inside a title or quotation bracket (《…》, 「…」,
  『…』, 〈…〉, 【…】) that closes in the same paragraph, no sentence ends;
  an end mark whose closers close the bracket ends the quotation.
- :func:`quotation_spans`: a quotation that holds a sentence end but is
  itself part of a sentence (its last words end without a mark: „Ahoj. Ako
  sa máš,“ povedal; «Куда? – спросила мама. – Завтра»; "Ei fu. Siccome
  [...]" (Manzoni)) holds no sentence end: the sentence quoting it goes on.
  A quotation ended by its own mark ("Stop. Now." Then) is cut as usual.
- :func:`list_items`: a numbered or lettered list written on one line
  ("1. … 2. …", "1) … 2) …", "a. … b. …"): the period after a number is not
  an end, and each item from the second on starts a sentence; so does each
  item after a bullet ("• … • …").

Both run in one pass over the paragraph.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from pipeline.segment.data_scripts import TITLE_BRACKETS

_CLOSING = {close: open_ for open_, close in TITLE_BRACKETS.items()}
_BRACKET = re.compile("[" + re.escape("".join(TITLE_BRACKETS) + "".join(_CLOSING)) + "]")
_LIST_MARK = re.compile(r"(?<!\S)(\d{1,2}|[a-zA-Z])(\.\)?|\))(?=\s)")
_FIRST = frozenset({"1", "a", "A"})
_BULLET = re.compile(r"(?<=\s)[•◦▪‣⁃](?=\s|\d)")  # "• 9." or a bullet glued to its number, "⁃9."
_NOT_SPACE = re.compile(r"\S")
_LIST_OPENS_AFTER = ":：.!?。！？;"
# Opening quotation marks and the marks that close each; a straight quote closes itself.
_QUOTE_CLOSERS = {"„": "“”", "«": "»", "“": "”", '"': '"', "‹": "›"}
_QUOTE = re.compile("[" + re.escape("".join(_QUOTE_CLOSERS) + "".join(_QUOTE_CLOSERS.values())) + "]")
_QUOTE_LIMIT = 400  # a longer quotation is a passage of its own: its sentences are cut
_ENDED = frozenset(".!?…;")


def title_spans(text: str) -> tuple[list[int], list[int]]:
    """Starts and ends (sorted, merged) of the bracket pairs that close in ``text``: (open index, close index)."""
    spans: list[tuple[int, int]] = []
    open_at: dict[str, list[int]] = {opener: [] for opener in TITLE_BRACKETS}  # one stack per kind: O(1) a bracket
    for match in _BRACKET.finditer(text):
        char = match.group()
        if char in open_at:
            open_at[char].append(match.start())
        elif open_at[_CLOSING[char]]:
            spans.append((open_at[_CLOSING[char]].pop(), match.start()))
    spans.sort()
    starts: list[int] = []
    ends: list[int] = []
    for start, end in spans:
        if ends and start < ends[-1]:
            ends[-1] = max(ends[-1], end)  # nested or overlapping: one span
        else:
            starts.append(start)
            ends.append(end)
    return starts, ends


def inside_title(starts: list[int], ends: list[int], mark: int, closed_to: int) -> bool:
    """True when an end mark at ``mark`` whose closers reach ``closed_to`` stands inside an open bracket."""
    at = bisect_right(starts, mark) - 1
    return at >= 0 and mark < ends[at] and closed_to <= ends[at]


def quotation_spans(text: str) -> tuple[list[int], list[int]]:
    """Starts and ends (sorted) of the quotations in ``text`` that run on into the sentence quoting them: at
    most ``_QUOTE_LIMIT`` characters long, their last word before the closing mark ends without a mark.
    Read in one pass; a quotation mark that opens nothing it closes is passed over."""
    starts: list[int] = []
    ends: list[int] = []
    open_at = -1
    closers = ""
    for match in _QUOTE.finditer(text):
        at = match.start()
        char = match.group()
        if open_at >= 0 and at - open_at > _QUOTE_LIMIT:
            open_at = -1
        if open_at >= 0 and char in closers:
            if char != '"' or (at > 0 and not text[at - 1].isspace()):
                before = text[open_at + 1 : at].rstrip()
                if before and before[-1] not in _ENDED:
                    starts.append(open_at)
                    ends.append(at)
                open_at = -1
                continue
        if open_at < 0 and char in _QUOTE_CLOSERS and (char != '"' or at == 0 or not text[at - 1].isalnum()):
            open_at = at
            closers = _QUOTE_CLOSERS[char]
    return starts, ends


def list_items(text: str) -> tuple[frozenset[int], list[int]]:
    """(periods after list numbers, starts of items 2, 3, …) of the one-line lists in ``text``.

    A list starts with "1.", "1)", "a." or "A." at the start of the paragraph
    or after a colon or an end mark, and goes on with 2, 3, … (b, c, …) in
    order, each item holding some text ("A. B. Smith" is no list). A bullet
    after a space starts an item too.
    """
    runs: list[list[re.Match]] = []
    run: list[re.Match] = []
    for match in _LIST_MARK.finditer(text):
        if run and _follows(text, run[-1], match):
            run.append(match)
            continue
        if len(run) >= 2:
            runs.append(run)
        run = [match] if match.group(1) in _FIRST and _opens_list(text, match.start()) else []
    if len(run) >= 2:
        runs.append(run)
    periods = frozenset(m.start(2) for r in runs for m in r if m.group(2).startswith("."))
    starts = [m.start() for r in runs for m in r[1:]] + [m.start() for m in _BULLET.finditer(text)]
    return periods, sorted(starts)


def _follows(text: str, previous: re.Match, match: re.Match) -> bool:
    """True when ``match`` is the next number or letter after ``previous``, with an item between them."""
    before, now = previous.group(1), match.group(1)
    if before.isdigit() != now.isdigit() or before.islower() != now.islower():
        return False
    step = int(now) - int(before) if now.isdigit() else ord(now) - ord(before)
    return step == 1 and _NOT_SPACE.search(text, previous.end(), match.start()) is not None


def _opens_list(text: str, at: int) -> bool:
    """True at the start of the paragraph (after at most 40 spaces) or after a colon or an end mark."""
    start = at
    while at > 0 and text[at - 1].isspace() and start - at < 40:
        at -= 1
    return (at == 0 and start <= 40) or (at > 0 and text[at - 1] in _LIST_OPENS_AFTER)
