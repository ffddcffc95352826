"""Shell-style name patterns (``gunicorn*``, ``*_DATABASE_URL``) as matchers: the rule packs
name programs, variables and images this way."""
from __future__ import annotations

import fnmatch
import functools
import re
from typing import Iterable, Literal

__all__ = ["Glob", "glob_match", "glob_matcher"]

_WILD = frozenset("*?[")


class Glob:
    """Case-insensitive ``fullmatch`` of a name against shell-style patterns.

    Most patterns of the rule packs are plain names, ``prefix*`` or ``*suffix`` (600 of 612
    on a platform's run): those are a set lookup and two ``str`` tests; the rest are one
    regex, compiled on first need (no table is compiled as a whole alternation any more)."""

    __slots__ = ("patterns", "_exact", "_prefixes", "_suffixes", "_rest", "_rx")

    def __init__(self, patterns: tuple[str, ...]) -> None:
        self.patterns = patterns
        exact: set[str] = set()
        prefixes: list[str] = []
        suffixes: list[str] = []
        rest: list[str] = []
        for p in patterns:
            low = p.lower()
            if not _WILD.intersection(low):
                exact.add(low)
            elif low.endswith("*") and not _WILD.intersection(low[:-1]):
                prefixes.append(low[:-1])
            elif low.startswith("*") and not _WILD.intersection(low[1:]):
                suffixes.append(low[1:])
            else:
                rest.append(p)
        self._exact = frozenset(exact)
        self._prefixes = tuple(prefixes)
        self._suffixes = tuple(suffixes)
        self._rest = tuple(rest)
        self._rx: re.Pattern[str] | None = None

    def fullmatch(self, name: str) -> Literal[True] | None:
        """True where ``name`` matches one of the patterns, ignoring case, else None (as a
        regex's ``fullmatch``: callers test ``is not None`` or truth)."""
        low = name.lower()
        if low in self._exact or low.startswith(self._prefixes) or low.endswith(self._suffixes):
            return True
        if not self._rest:
            return None
        if self._rx is None:
            self._rx = re.compile("|".join(f"(?:{fnmatch.translate(p)})" for p in self._rest), re.IGNORECASE)
        return True if self._rx.fullmatch(name) is not None else None

    def __repr__(self) -> str:
        return f"Glob({self.patterns!r})"


def glob_matcher(patterns: Iterable[str]) -> Glob:
    """The matcher of shell-style ``patterns`` (``fullmatch`` a name, ignoring case)."""
    return _glob_matcher(tuple(patterns))


@functools.lru_cache(maxsize=256)
def _glob_matcher(patterns: tuple[str, ...]) -> Glob:
    # the same tables are read for every knowledge object and start-command record: one
    # matcher per table and process
    return Glob(patterns)


def glob_match(name: str, patterns: tuple[str, ...]) -> bool:
    """``name`` matches one of the shell-style ``patterns``, ignoring case."""
    return _glob_matcher(patterns).fullmatch(name) is not None
