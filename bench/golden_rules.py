"""The sentence splitter against a held-out suite of golden rules, per language.

The cases are not in this repository (and must not be copied into it or its
tests): give their file, a JSON object ``{language: [[text, [sentence, ...]],
...]}``, as extracted by hand from a public suite such as pySBD's per-language
golden rules. Each case is right when the splitter's sentences, stripped of
the white space around them (the suites leave it out; diglot keeps it in the
segment before), are the expected ones. Prints, per language, the cases
right, and with ``--wrong`` each wrong one, what was expected and what diglot
made of it.

With ``--blingfire``, a second column scores the fast compiled splitter
BlingFire (``blingfire.text_to_sentences``, one sentence a line) on the same
cases, for comparison; it is no dependency of diglot (``pip install blingfire``
in the venv to use it).

Run: .venv/bin/python bench/golden_rules.py CASES.json [--wrong] [--blingfire] [LANGUAGE ...]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.segment import split_sentences  # noqa: E402


def sentences(text: str, language: str) -> list[str]:
    return [s.strip() for s in split_sentences(text, language) if s.strip()]


def blingfire_sentences(text: str) -> list[str]:
    import blingfire

    return [s.strip() for s in blingfire.text_to_sentences(text).split("\n") if s.strip()]


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if not args:
        sys.exit(__doc__.split("Run: ")[1].strip())
    cases = json.loads(Path(args[0]).read_text(encoding="utf-8"))
    chosen = args[1:] or list(cases)
    compare = "--blingfire" in sys.argv
    total = right_total = other_total = 0
    for language in chosen:
        right = other = 0
        wrong = []
        for text, want in cases[language]:
            want = [w.strip() for w in want]
            got = sentences(text, language)
            if got == want:
                right += 1
            else:
                wrong.append((text, want, got))
            if compare and blingfire_sentences(text) == want:
                other += 1
        count = len(cases[language])
        total += count
        right_total += right
        other_total += other
        line = f"{language}: {right}/{count} right ({100 * right / count:.0f} %)"
        if compare:
            line += f"   blingfire {other}/{count} ({100 * other / count:.0f} %)"
        print(line)
        if "--wrong" in sys.argv:
            for text, want, got in wrong:
                print(f"  text: {text}\n  want: {want}\n  got:  {got}")
    line = f"all: {right_total}/{total} right ({100 * right_total / total:.0f} %)"
    if compare:
        line += f"   blingfire {other_total}/{total} ({100 * other_total / total:.0f} %)"
    print(line)


if __name__ == "__main__":
    main()
