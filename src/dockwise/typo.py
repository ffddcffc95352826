"""Which layout names a word is one typo from (DW105), in time independent of how many names
the layout has.

Each name is indexed under every string it becomes with one or two characters deleted (its
deletion neighbourhood, as SymSpell does); a word's own deletions then meet the names within
that distance, and only those few are checked with the exact distance.  A typo of a name of
four characters or fewer is one edit away; longer names allow two.
"""
from __future__ import annotations

from typing import Iterable

__all__ = ["TypoIndex", "damerau_levenshtein", "limit_for"]


def damerau_levenshtein(a: str, b: str, limit: int = 3) -> int:
    """Optimal-string-alignment distance (adjacent transpositions count 1)."""
    if a == b:
        return 0
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[len(b)]


def limit_for(word: str, name: str) -> int:
    return 1 if len(word) <= 4 or len(name) <= 4 else 2


def _deletions(word: str, depth: int) -> set[str]:
    """``word`` with up to ``depth`` characters deleted (each deletion of two characters is
    a deletion of one from a deletion of one)."""
    out = {word}
    layer = {word}
    for _ in range(depth):
        layer = {w[:i] + w[i + 1:] for w in layer for i in range(len(w))}
        out |= layer
    return out


class TypoIndex:
    def __init__(self, names: Iterable[str]) -> None:
        self.names = sorted({n.lower() for n in names if n})
        self._index: dict[str, list[str]] = {}
        for name in self.names:
            for d in _deletions(name, 1 if len(name) <= 4 else 2):
                self._index.setdefault(d, []).append(name)
        lengths = [len(n) for n in self.names]
        self.min_len = max(1, min(lengths) - 2) if lengths else 0
        self.max_len = max(lengths) + 2 if lengths else -1
        self._memo: dict[str, tuple[tuple[int, str], ...]] = {}

    def near(self, word: str) -> tuple[tuple[int, str], ...]:
        """(distance, name) of every name within the typo distance of ``word`` (the name
        itself at distance 0 included), closest first."""
        word = word.lower()
        hit = self._memo.get(word)
        if hit is not None:
            return hit
        out: set[tuple[int, str]] = set()
        if self.min_len <= len(word) <= self.max_len and len(word) <= 64:
            candidates: set[str] = set()
            for d in _deletions(word, 1 if len(word) <= 4 else 2):
                candidates.update(self._index.get(d, ()))
            for name in candidates:
                limit = limit_for(word, name)
                dist = damerau_levenshtein(word, name, limit)
                if dist <= limit:
                    out.add((dist, name))
        hit = tuple(sorted(out))
        if len(self._memo) > 200_000:
            self._memo.clear()
        self._memo[word] = hit
        return hit
