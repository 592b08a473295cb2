"""Fuzzy matching speed: rapidfuzz (what diglot uses) against difflib, same data.

A memory of REVIEWED reviewed Chinese sentences, and QUERIES edited sentences
(one or two characters changed, or unrelated ones); each query asks for the
most similar reviewed source at or above 75 %. Prints seconds for both and
the ratio, and checks they agree on which queries have a match.

Run: .venv/bin/python bench/fuzzy_speed.py [REVIEWED] [QUERIES]
"""

from __future__ import annotations

import difflib
import random
import sys
import time

from pipeline.memory.fuzzy import fuzzy_matches
from pipeline.model import MemoryEntry, text_hash

CHARS = "我们要坚持改革开放推动高质量发展中国愿同各国一道加强合作共同应对挑战扩大深化促进创新论坛北京举行来自个家代表出席经济保持稳定增长"


def sentence(rng: random.Random) -> str:
    return "".join(rng.choice(CHARS) for _ in range(rng.randint(12, 40))) + "。"


def difflib_best(query: str, choices: list[str], cutoff: float) -> str | None:
    best, best_score = None, cutoff
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(query)
    for choice in choices:
        matcher.set_seq1(choice)
        if matcher.real_quick_ratio() < best_score or matcher.quick_ratio() < best_score:
            continue
        score = matcher.ratio()
        if score >= best_score:
            best, best_score = choice, score
    return best


def main(reviewed: int = 5000, queries: int = 500) -> None:
    rng = random.Random(7)
    sources = [sentence(rng) for _ in range(reviewed)]
    entries = [MemoryEntry(s, text_hash(s), f"T{i}", "reviewed") for i, s in enumerate(sources)]
    asked = []
    for i in range(queries):
        if i % 2:
            asked.append(sentence(rng))
        else:
            s = list(rng.choice(sources))
            s[rng.randrange(len(s) - 1)] = rng.choice(CHARS)
            asked.append("".join(s) + "，")
    started = time.perf_counter()
    ours = fuzzy_matches(asked, entries)
    fast = time.perf_counter() - started
    started = time.perf_counter()
    theirs = {q: m for q in asked if (m := difflib_best(q, sources, 0.75)) is not None}
    slow = time.perf_counter() - started
    print(f"{reviewed} reviewed sources, {queries} queries")
    print(f"rapidfuzz: {fast:.3f} s, {len(ours)} matched")
    print(f"difflib:   {slow:.3f} s, {len(theirs)} matched")
    print(f"difflib / rapidfuzz: {slow / fast:.0f}x; agree on matched queries: {set(ours) == set(theirs)}")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
