"""Reading the project's own TOML files (``pyproject.toml``) as data: one place for the
reader that Python 3.10 lacks (``tomli`` there) and for the shapes a hand-written file may
take where a table is expected."""
from __future__ import annotations

from typing import Any

__all__ = ["parse_toml", "table"]


def parse_toml(text: str) -> dict | None:
    """The document ``text`` holds; None where it is no TOML, nests past the stack, or no
    TOML reader is installed."""
    try:
        try:
            import tomllib
        except ImportError:  # Python 3.10
            import tomli as tomllib  # type: ignore[no-redef, unused-ignore]  # redefines on 3.11+ only
        return tomllib.loads(text)
    except (ImportError, ValueError, RecursionError):
        return None


def table(data: Any, key: str) -> dict:
    """``data[key]`` when both are tables (``project = 1`` is none): else an empty one."""
    value = data.get(key) if isinstance(data, dict) else None
    return value if isinstance(value, dict) else {}
