"""``[tool.dockwise]`` in the nearest pyproject.toml + command-line options -> one Config."""
from __future__ import annotations

import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator, Mapping

from dockwise.templating import is_template_text

if TYPE_CHECKING:
    from dockwise.knowledge import RuleEntry

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


class ConfigError(Exception):
    """The configuration is unusable (a usage error: exit status 2)."""


@dataclass(frozen=True)
class Config:
    select: tuple[str, ...] = ()  # codes or prefixes; empty = all
    ignore: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()  # gitignore-style patterns, relative to the project root
    extend_exclude: tuple[str, ...] = ()
    rule_packs: tuple[str, ...] = ()  # extra knowledge packs (YAML files or directories), absolute
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (pattern, codes)
    include_tests: bool = False
    services: tuple[tuple[str, str], ...] = ()  # (source path prefix, service name) for images built outside Compose
    compose_files: tuple[str, ...] = ()  # absolute paths; replaces discovery
    cache: bool = True
    cache_dir: str | None = None
    jobs: int | None = None  # worker processes; None = automatic
    respect_gitignore: bool = True
    source: str | None = None  # the pyproject.toml it came from

    def with_options(self, **options: Any) -> "Config":
        """Command-line options win over the file; None means 'not given'."""
        given = {k: v for k, v in options.items() if v is not None}
        return replace(self, **given)


_KEYS = {
    "select", "ignore", "exclude", "extend-exclude", "rule-packs", "per-file-ignores",
    "include-tests", "services", "compose-files", "cache", "cache-dir", "jobs", "respect-gitignore",
    "extend-select", "extend-ignore",
}


def find_pyproject(start: Path) -> Path | None:
    return next(_pyprojects(start), None)


def _pyprojects(start: Path) -> Iterator[Path]:
    """The pyproject.toml files at or above ``start``, nearest first."""
    start = start.resolve()
    for directory in (start, *start.parents) if start.is_dir() else (start.parent, *start.parent.parents):
        candidate = directory / "pyproject.toml"
        if candidate.is_file():
            yield candidate


def _str_list(value: Any, key: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise ConfigError(f"[tool.dockwise] {key} must be a string or a list of strings")


def load_config(start: Path) -> Config:
    """Read ``[tool.dockwise]`` from the nearest pyproject.toml at or above ``start``.

    A pyproject.toml that is not TOML because it holds template markup (a cookiecutter or
    Jinja template's ``name = "{{ cookiecutter.slug }}"`` beside ``{%- if ... %}`` lines) is
    the text a generator renders, not this tree's configuration: it is passed over, as
    dockwise passes over templated Compose files, and the next one above is read.  So is one
    that is not TOML and never names dockwise (another tool's table written as no TOML parser
    reads it): a file that does name it is reported as unreadable."""
    path = None
    for candidate in _pyprojects(start):
        if not _passed_over(candidate):
            path = candidate
            break
    if path is None:
        return Config()
    table = _dockwise_table(path)
    if table is None:
        return Config()
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.dockwise] must be a table")
    return config_from_table(table, path)


def load_config_file(path: Path) -> Config:
    """``--config FILE``: the ``[tool.dockwise]`` table of that TOML file."""
    table = _dockwise_table(path)
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: no [tool.dockwise] table")
    return config_from_table(table, path.absolute())


def _passed_over(path: Path) -> bool:
    """``path`` does not parse as TOML and holds template markup, or never names dockwise
    (an unreadable file is left to :func:`_dockwise_table`, which reports it)."""
    try:
        data = path.read_bytes()
        tomllib.loads(data.decode("utf-8"))
    except (OSError, UnicodeDecodeError):
        return False
    except tomllib.TOMLDecodeError:
        text = data.decode("utf-8")
        # another tool's table written as no TOML parser reads it (black's `include = "\.py$"`,
        # a backslash in a basic string), in a file that names no dockwise table: not its configuration
        return is_template_text(text) or "dockwise" not in text
    return False


def _dockwise_table(path: Path) -> Any:
    """The ``[tool.dockwise]`` value of the TOML file ``path`` (None when absent)."""
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from exc
    tool = data.get("tool", {})
    return tool.get("dockwise") if isinstance(tool, dict) else None


def config_from_table(table: Mapping[str, Any], path: Path) -> Config:
    base = path.parent
    norm = {str(k).replace("_", "-"): v for k, v in table.items()}
    unknown = sorted(set(norm) - _KEYS)
    if unknown:
        raise ConfigError(f"{path}: unknown [tool.dockwise] key(s): {', '.join(unknown)}")
    cfg: dict[str, Any] = {"source": str(path)}
    if "select" in norm:
        cfg["select"] = _str_list(norm["select"], "select")
    if "extend-select" in norm:
        cfg["select"] = cfg.get("select", ()) + _str_list(norm["extend-select"], "extend-select")
    ignore = _str_list(norm["ignore"], "ignore") if "ignore" in norm else ()
    if "extend-ignore" in norm:
        ignore += _str_list(norm["extend-ignore"], "extend-ignore")
    cfg["ignore"] = ignore
    if "exclude" in norm:
        cfg["exclude"] = _str_list(norm["exclude"], "exclude")
    if "extend-exclude" in norm:
        cfg["extend_exclude"] = _str_list(norm["extend-exclude"], "extend-exclude")
    if "rule-packs" in norm:
        cfg["rule_packs"] = tuple(str((base / p).resolve()) for p in _str_list(norm["rule-packs"], "rule-packs"))
        for pack in cfg["rule_packs"]:
            if not Path(pack).exists():
                raise ConfigError(f"{path}: [tool.dockwise] rule-packs: {pack}: no such file or directory")
    if "compose-files" in norm:
        cfg["compose_files"] = tuple(str((base / p).resolve()) for p in _str_list(norm["compose-files"], "compose-files"))
    if "per-file-ignores" in norm:
        pfi = norm["per-file-ignores"]
        if not isinstance(pfi, dict):
            raise ConfigError(f"{path}: [tool.dockwise] per-file-ignores must be a table of pattern = [codes]")
        cfg["per_file_ignores"] = tuple((str(k), _str_list(v, f"per-file-ignores.{k}")) for k, v in pfi.items())
    if "services" in norm:
        services = norm["services"]
        if not isinstance(services, dict) or not all(isinstance(v, str) for v in services.values()):
            raise ConfigError(f"{path}: [tool.dockwise] services must be a table of source path = \"service\"")
        cfg["services"] = tuple((str(k).strip("/"), v) for k, v in services.items())
    for key, attr in (("include-tests", "include_tests"), ("cache", "cache"), ("respect-gitignore", "respect_gitignore")):
        if key in norm:
            if not isinstance(norm[key], bool):
                raise ConfigError(f"{path}: [tool.dockwise] {key} must be true or false")
            cfg[attr] = norm[key]
    if "cache-dir" in norm:
        if not isinstance(norm["cache-dir"], str):
            raise ConfigError(f"{path}: [tool.dockwise] cache-dir must be a string")
        cfg["cache_dir"] = str((base / norm["cache-dir"]).resolve())
    if "jobs" in norm:
        if not isinstance(norm["jobs"], int) or isinstance(norm["jobs"], bool) or norm["jobs"] < 1:
            raise ConfigError(f"{path}: [tool.dockwise] jobs must be a positive integer")
        cfg["jobs"] = norm["jobs"]
    return Config(**cfg)


def resolve_code(value: str, known: dict[str, RuleEntry]) -> str | None:
    """A code or code prefix as written in ``select``/``ignore``/``per-file-ignores`` or a
    suppression comment (upper-cased), a rule's name as its code, or None when it names no
    rule: ``ALL``, ``DW``, ``DW1``, ``DW101`` and ``loopback-target`` are valid with DW101."""
    v = str(value).strip()
    up = v.upper()
    if up == "ALL" or (up and any(code.startswith(up) for code in known)):
        return up
    for code, entry in known.items():
        if entry.name.lower() == v.lower():
            return code
    return None


def code_matches(code: str, patterns: tuple[str, ...]) -> bool:
    """'DW101' matches 'DW101', 'DW1', 'DW', 'ALL'."""
    return any(p == "ALL" or code.startswith(p.upper()) for p in patterns)


def is_selected(code: str, cfg: Config) -> bool:
    if cfg.select and not code_matches(code, cfg.select):
        return False
    return not code_matches(code, cfg.ignore)


__all__ = ["Config", "ConfigError", "load_config", "config_from_table", "is_selected", "code_matches", "resolve_code", "load_config_file", "field"]
