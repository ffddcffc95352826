"""Shell-style name patterns (``gunicorn*``, ``*_DATABASE_URL``) as regular expressions:
the rule packs name programs, variables and images this way."""
from __future__ import annotations

import fnmatch
import functools
import re
from typing import Iterable

__all__ = ["glob_match", "glob_regex"]


def glob_regex(patterns: Iterable[str]) -> re.Pattern[str]:
    """One case-insensitive regex for shell-style ``patterns`` (``fullmatch`` a name)."""
    return _glob_regex(tuple(patterns))


@functools.lru_cache(maxsize=256)
def _glob_regex(patterns: tuple[str, ...]) -> re.Pattern[str]:
    # the same tables are compiled for every knowledge object and start-command record:
    # compiled once per process (a long alternation costs milliseconds to compile)
    if not patterns:
        return re.compile(r"(?!)")
    return re.compile("|".join(f"(?:{fnmatch.translate(p)})" for p in patterns), re.IGNORECASE)


def glob_match(name: str, patterns: tuple[str, ...]) -> bool:
    """``name`` matches one of the shell-style ``patterns``, ignoring case."""
    return _glob_regex(patterns).fullmatch(name) is not None
