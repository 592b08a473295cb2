"""The sentence splitter against a held-out suite of golden rules, per language.

The cases are not in this repository (and must not be copied into it or its
tests): give their file, a JSON object ``{language: [[text, [sentence, ...]],
...]}``, as extracted by hand from a public suite such as pySBD's per-language
golden rules. Each case is right when the splitter's sentences, stripped of
the white space around them (the suites leave it out; diglot keeps it in the
segment before), are the expected ones. Prints, per language, the cases
right, and with ``--wrong`` each wrong one, what was expected and what diglot
made of it.

Run: .venv/bin/python bench/golden_rules.py CASES.json [--wrong] [LANGUAGE ...]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.segment import split_sentences  # noqa: E402


def sentences(text: str, language: str) -> list[str]:
    return [s.strip() for s in split_sentences(text, language) if s.strip()]


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if not args:
        sys.exit(__doc__.split("Run: ")[1].strip())
    cases = json.loads(Path(args[0]).read_text(encoding="utf-8"))
    chosen = args[1:] or list(cases)
    total = right_total = 0
    for language in chosen:
        right = 0
        wrong = []
        for text, want in cases[language]:
            got = sentences(text, language)
            if got == [w.strip() for w in want]:
                right += 1
            else:
                wrong.append((text, want, got))
        total += len(cases[language])
        right_total += right
        print(f"{language}: {right}/{len(cases[language])} right ({100 * right / len(cases[language]):.0f} %)")
        if "--wrong" in sys.argv:
            for text, want, got in wrong:
                print(f"  text: {text}\n  want: {want}\n  got:  {got}")
    print(f"all: {right_total}/{total} right ({100 * right_total / total:.0f} %)")


if __name__ == "__main__":
    main()
