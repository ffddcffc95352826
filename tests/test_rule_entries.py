"""The rule entries in rules/codes/*.yaml are documentation and tests at once.

Every entry documents one rule code (``dockwise explain CODE`` prints it) and carries
examples: a Compose layout, files that must produce the code (``invalid``), what
``dockwise fix`` turns them into (``fixed``, only where the fix is unique), and files that
must not produce it (``valid``).  This module checks the entries' shape and runs every
example through the real engine, in the shape of Fixit's VALID/INVALID rule tests.

Example file maps may contain ``compose.yaml``, which then replaces the example's
``compose`` text for that variant (for findings in Compose values), as well as
Dockerfiles and ``.env`` files.
"""
from __future__ import annotations

import ast
import inspect
import posixpath
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

import dockwise.checks
from dockwise.cli import cli
from dockwise.config import Config, load_config
from dockwise.engine import run_check
from dockwise.fix.apply import run_fix
from dockwise.fix.plan import attach_fixes
from dockwise.knowledge import load_knowledge, rules_dir

from tests.conftest import make

# The rule catalogue of the product contract (issues 2 and 3).
CATALOGUE = {
    "DW101": ("loopback-target", "error"),
    "DW102": ("container-ip-target", "error"),
    "DW103": ("published-port-inside", "error"),
    "DW104": ("unreachable-service", "error"),
    "DW105": ("unknown-service", "error"),
    "DW106": ("host-gateway-missing", "warning"),
    "DW107": ("deprecated-host-alias", "warning"),
    "DW108": ("no-network", "error"),
    "DW109": ("advertised-listener-loopback", "error"),
    "DW201": ("loopback-bind", "error"),
    "DW202": ("healthcheck-localhost-ipv6", "warning"),
}
REQUIRED_KEYS = ("code", "name", "severity", "summary", "why", "evidence", "fix", "fix_safety", "examples")
# Codes whose finding has no host/port suggestion (so no `fixed` example either).
NO_SUGGESTION = {"DW104", "DW106", "DW108"}
EXAMPLE_KEYS = {"compose", "invalid", "fixed", "valid"}

DEFAULT_DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n"
DOCKERFILE_NAMES = ("Dockerfile", "Containerfile")


def _entry_files() -> list[Path]:
    return sorted((rules_dir() / "codes").glob("*.yaml"))


def _load_entries() -> dict[str, dict[str, Any]]:
    entries = {}
    for path in _entry_files():
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        entries[str(data.get("code"))] = data
    return entries


ENTRIES = _load_entries()


def _resolver_codes() -> set[str]:
    """Every rule code that the checks' source can emit (dockwise/checks/, one module a rule)."""
    sources = (path.read_text(encoding="utf-8") for path in Path(inspect.getfile(dockwise.checks)).parent.glob("*.py"))
    return {code for text in sources for code in re.findall(r"\"(DW\d{3})\"", text)}


def _examples() -> list[Any]:
    params = []
    for code, entry in sorted(ENTRIES.items()):
        for i, example in enumerate(entry.get("examples") or []):
            params.append(pytest.param(code, i, id=f"{code}-example{i}"))
    return params


def _fixed_examples() -> list[Any]:
    params = []
    for code, entry in sorted(ENTRIES.items()):
        for i, example in enumerate(entry.get("examples") or []):
            if example.get("fixed"):
                params.append(pytest.param(code, i, id=f"{code}-example{i}"))
    return params


# --------------------------------------------------------------------------- (a) entries


def test_catalogue_has_an_entry_per_code() -> None:
    assert set(ENTRIES) == set(CATALOGUE)
    for path in _entry_files():
        assert path.stem == yaml.safe_load(path.read_text(encoding="utf-8"))["code"], path


def test_every_code_the_resolver_emits_has_an_entry() -> None:
    emitted = _resolver_codes()
    assert emitted, "no rule codes found in dockwise.checks"
    missing = emitted - set(ENTRIES)
    assert not missing, f"codes emitted by the resolver without an entry: {sorted(missing)}"


def test_knowledge_loads_every_entry() -> None:
    codes = load_knowledge().codes
    assert set(CATALOGUE) <= set(codes)
    for code in CATALOGUE:
        assert codes[code].name == ENTRIES[code]["name"]


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_entry_has_required_keys(code: str) -> None:
    entry = ENTRIES[code]
    for key in REQUIRED_KEYS:
        value = entry.get(key)
        assert value, f"{code}: `{key}` is missing or empty"
        if key != "examples":
            assert isinstance(value, str) and value.strip(), f"{code}: `{key}` must be non-empty text"
    name, severity = CATALOGUE[code]
    assert entry["name"] == name
    assert entry["severity"] == severity
    assert entry["summary"].strip().count("\n") <= 3, f"{code}: the summary is one sentence"
    if "notes" in entry:
        assert isinstance(entry["notes"], str) and entry["notes"].strip()


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_entry_examples_are_well_formed(code: str) -> None:
    entry = ENTRIES[code]
    examples = entry["examples"]
    assert isinstance(examples, list) and examples
    for i, ex in enumerate(examples):
        where = f"{code} example {i}"
        assert isinstance(ex, dict) and set(ex) <= EXAMPLE_KEYS, f"{where}: keys {sorted(ex)}"
        for key in ("invalid", "valid"):
            files = ex.get(key)
            assert isinstance(files, dict) and files, f"{where}: `{key}` must be a non-empty file map"
        for key in ("invalid", "fixed", "valid"):
            for path, text in (ex.get(key) or {}).items():
                assert isinstance(path, str) and isinstance(text, str), f"{where}: {key}[{path!r}]"
                assert not path.startswith("/") and ".." not in path.split("/"), f"{where}: {path}"
                if path.endswith(".py"):
                    ast.parse(text, filename=path)  # the example itself must be valid Python
                if path.endswith((".yaml", ".yml")):
                    yaml.safe_load(text)
        if ex.get("compose") is not None:
            assert isinstance(yaml.safe_load(ex["compose"]).get("services"), dict), where
        elif "compose.yaml" not in ex["invalid"]:
            # the no-Compose case: a Dockerfile makes the code container code
            assert any(posixpath.basename(p) in DOCKERFILE_NAMES for p in ex["invalid"]), \
                f"{where}: without `compose`, give a Dockerfile in the files"
        fixed = ex.get("fixed")
        if fixed is not None:
            assert code not in NO_SUGGESTION, f"{where}: {code} has no unique suggestion to fix with"
            assert set(fixed) <= set(ex["invalid"]), f"{where}: `fixed` names files that `invalid` lacks"
            for path, text in fixed.items():
                assert text != ex["invalid"][path], f"{where}: `fixed` {path} equals the invalid text"


def test_dw201_explains_scoping_of_security_linters() -> None:
    notes = ENTRIES["DW201"]["notes"]
    for needle in ("S104", "B104", "per-file-ignores", "# noqa: S104", "# nosec B104"):
        assert needle in notes


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_fix_safety_states_safe_or_unsafe(code: str) -> None:
    text = ENTRIES[code]["fix_safety"].lower()
    assert "safe" in text or "no automatic fix" in text


# --------------------------------------------------------------------------- (b) the CLI


def _squash(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_explain_prints_the_entry(code: str) -> None:
    entry = ENTRIES[code]
    result = CliRunner().invoke(cli, ["explain", code.lower()])
    assert result.exit_code == 0, result.output
    out = _squash(result.output)
    assert code in out and entry["name"] in out
    for key in ("summary", "why", "fix", "fix_safety"):
        assert _squash(entry[key]) in out, f"`{key}` of {code} is not printed"
    if entry.get("notes"):
        assert _squash(entry["notes"]) in out
    first = entry["examples"][0]
    for path, text in first["invalid"].items():
        assert path in result.output
        for line in text.splitlines():
            if line.strip():
                assert line.strip() in result.output


def test_explain_unknown_code_is_a_usage_error() -> None:
    result = CliRunner().invoke(cli, ["explain", "DW999"])
    assert result.exit_code == 2
    assert "DW999" in result.output


def test_rules_lists_every_code() -> None:
    result = CliRunner().invoke(cli, ["rules"])
    assert result.exit_code == 0, result.output
    for code, (name, _) in CATALOGUE.items():
        line = next((l for l in result.output.splitlines() if l.startswith(code)), None)
        assert line is not None, f"{code} not listed"
        assert name in line


# --------------------------------------------------------------------------- (c) examples


def _variant_files(example: dict[str, Any], variant: str) -> dict[str, str]:
    files: dict[str, str] = {}
    if example.get("compose") is not None:
        files["compose.yaml"] = example["compose"]
    files.update(example.get(variant) or {})
    return files


def _build_contexts(compose_text: str) -> list[tuple[str, str]]:
    """(context dir, Dockerfile path) of every service that Compose builds."""
    data = yaml.safe_load(compose_text) or {}
    out = []
    for svc in (data.get("services") or {}).values():
        build = (svc or {}).get("build")
        if build is None:
            continue
        if isinstance(build, str):
            context, dockerfile = build, "Dockerfile"
        else:
            context, dockerfile = build.get("context", "."), build.get("dockerfile", "Dockerfile")
        context = posixpath.normpath(context)
        out.append((context, posixpath.normpath(posixpath.join(context, dockerfile))))
    return out


def _with_default_dockerfiles(files: dict[str, str]) -> dict[str, str]:
    """Add the minimal Dockerfile where the example relies on one without writing it.

    With Compose: in every build context that has none.  Without Compose: in the top
    directory of each Python file, unless the example provides a Dockerfile.  Directories
    that no service builds get none: their Python files stand for host-side scripts.
    """
    files = dict(files)
    compose = files.get("compose.yaml")
    if compose is not None:
        for _, dockerfile in _build_contexts(compose):
            if dockerfile not in files:
                files[dockerfile] = DEFAULT_DOCKERFILE
        return files
    if any(posixpath.basename(p) in DOCKERFILE_NAMES for p in files):
        return files
    for path in list(files):
        if path.endswith(".py"):
            top = path.split("/", 1)[0] if "/" in path else "."
            files.setdefault(posixpath.normpath(posixpath.join(top, "Dockerfile")), DEFAULT_DOCKERFILE)
    return files


def _check(root: Path):
    return run_check([root], Config(cache=False))


def _describe(result) -> str:
    lines = [f"  {f.span.path}:{f.span.line}:{f.span.column}: {f.code} {f.message} "
             f"(suggestion {f.suggestion})" for f in result.active]
    lines += [f"  error: {e.path}: {e.message}" for e in result.errors]
    return "\n".join(lines) or "  (nothing reported)"


@pytest.mark.parametrize("code,index", _examples())
def test_example_invalid_yields_code(code: str, index: int, tmp_path: Path, monkeypatch) -> None:
    example = ENTRIES[code]["examples"][index]
    root = tmp_path / "invalid"
    make(root, _with_default_dockerfiles(_variant_files(example, "invalid")), git=True)
    monkeypatch.chdir(root)
    result = _check(root)
    assert not result.errors, f"{code} example {index}: errors\n{_describe(result)}"
    hits = [f for f in result.active if f.code == code and f.span.path in example["invalid"]]
    assert hits, (f"{code} example {index}: the invalid files {sorted(example['invalid'])} "
                  f"produce no {code}; reported:\n{_describe(result)}")
    for f in hits:
        assert f.severity == ENTRIES[code]["severity"]
        if code in NO_SUGGESTION:
            assert f.suggestion is None, f"{code} carries no suggestion, got {f.suggestion}"


@pytest.mark.parametrize("code,index", _examples())
def test_example_valid_is_clean_of_code(code: str, index: int, tmp_path: Path, monkeypatch) -> None:
    example = ENTRIES[code]["examples"][index]
    root = tmp_path / "valid"
    make(root, _with_default_dockerfiles(_variant_files(example, "valid")), git=True)
    monkeypatch.chdir(root)
    result = _check(root)
    assert not result.errors, f"{code} example {index}: errors\n{_describe(result)}"
    hits = [f for f in result.active if f.code == code]
    assert not hits, f"{code} example {index}: the valid variant produces {code}:\n{_describe(result)}"


@pytest.mark.parametrize("code,index", _fixed_examples())
def test_example_fix_gives_fixed(code: str, index: int, tmp_path: Path, monkeypatch) -> None:
    entry = ENTRIES[code]
    example = entry["examples"][index]
    root = tmp_path / "fix"
    files = _variant_files(example, "invalid")
    make(root, _with_default_dockerfiles(files), git=True)
    monkeypatch.chdir(root)
    unsafe = entry["fix_safety"].lstrip().lower().startswith("unsafe")
    if unsafe:
        # an unsafe fix is not applied without --unsafe-fixes
        run_fix(_check(root), unsafe=False, diff_only=False, stdin=False, stdin_source=None)
        for path in example["fixed"]:
            assert (root / path).read_text(encoding="utf-8") == files[path], \
                f"{code} example {index}: an unsafe fix was applied to {path} without --unsafe-fixes"
    run_fix(_check(root), unsafe=unsafe, diff_only=False, stdin=False, stdin_source=None)
    for path, text in example["fixed"].items():
        assert (root / path).read_text(encoding="utf-8") == text, f"{code} example {index}: {path} after the fix"
    after = _check(root)
    left = [f for f in after.active if f.code == code and f.span.path in example["fixed"]]
    assert not left, f"{code} example {index}: {code} remains after the fix:\n{_describe(after)}"


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_applicability_matches_the_fix_safety_text(code: str) -> None:
    """`applicability` is what `dockwise fix` does (fix/plan.py reads it); `fix_safety` says
    it in words: the two agree."""
    entry = ENTRIES[code]
    text = entry["fix_safety"].lstrip().lower()
    expected = "unsafe" if text.startswith("unsafe") else "none" if text.startswith("no automatic fix") else "safe"
    assert entry["applicability"] == expected


def test_a_pack_that_makes_a_rule_unsafe_makes_its_fixes_unsafe(tmp_path) -> None:
    files = {"compose.yaml": "services:\n  api:\n    build: .\n    command: python app.py\n  redis:\n    image: redis:7\n",
             "Dockerfile": "FROM python:3.12\nCOPY . /app\nWORKDIR /app\n",
             "app.py": 'import redis\n\nr = redis.Redis.from_url("redis://localhost:6379/0")\n'}
    make(tmp_path, files)
    entry = yaml.safe_load((rules_dir() / "codes" / "DW101.yaml").read_text(encoding="utf-8"))
    entry["applicability"] = "unsafe"  # bundled: "safe"
    (tmp_path / "packs").mkdir()
    (tmp_path / "packs" / "DW101.yaml").write_text(yaml.safe_dump(entry), encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[tool.dockwise]\nrule-packs = ["packs"]\n')
    result = attach_fixes(run_check([tmp_path], replace(load_config(tmp_path), cache=False)))
    assert [(f.code, f.fix.applicability) for f in result.findings] == [("DW101", "unsafe")]
