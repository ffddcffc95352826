"""Confinement (issue 7): dockwise reads only files under the project root, refuses
``include`` / ``extends`` / ``env_file`` outside it, never executes or imports the code it
checks, never opens a network connection, and loads YAML with safe loaders only.
"""
from __future__ import annotations

import ast
import builtins
import io
import json
import os
import socket
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from dockwise.cli import cli

SECRET = "0utsideS3cretPw"
OUTSIDE_URL = f"postgresql://admin:{SECRET}@localhost:5432/outside"
SRC = Path(__file__).resolve().parents[2] / "src" / "dockwise"


def _invoke(root: Path, *args: str):
    old = os.getcwd()
    os.chdir(root)
    try:
        result = CliRunner().invoke(cli, list(args), catch_exceptions=True)
    finally:
        os.chdir(old)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    return result


# --------------------------------------------------------------------------- outside the root


def _outside_project(tmp_path: Path, h) -> tuple[Path, Path]:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.env").write_text(f"DATABASE_URL={OUTSIDE_URL}\n")
    (outside / "other.yaml").write_text(
        f"services:\n  leak:\n    image: postgres\n    environment:\n      U: {OUTSIDE_URL}\n")
    compose = f"""\
include:
  - ../outside/other.yaml
  - {outside}/other.yaml
  - path: stack/compose.yaml
    env_file: ../outside/secret.env
  - path: stack/compose.yaml
    project_directory: ../outside
  - missing-include.yaml
services:
  api:
    build: .
    env_file:
      - ../outside/secret.env
      - {outside}/secret.env
  db:
    image: postgres:16
  w1:
    extends:
      file: ../outside/other.yaml
      service: leak
  w2:
    extends:
      file: {outside}/other.yaml
      service: leak
  w3:
    extends:
      file: missing-base.yaml
      service: base
  w4:
    build:
      context: ../outside
  w5:
    build:
      context: .
      dockerfile: ../outside/Dockerfile
"""
    stack = "services:\n  side:\n    image: redis\n    environment:\n      U: ${DATABASE_URL:-none}\n"
    root = h.make(tmp_path / "proj", {"stack/compose.yaml": stack}, compose=compose)
    return root, outside


def test_include_extends_env_file_outside_the_root_are_refused(tmp_path, h):
    root, _ = _outside_project(tmp_path, h)
    for args in (("check", "--format", "json", "."), ("check", "--format", "sarif", "."), ("check", "."),
                 ("graph", "."), ("graph", "--format", "dot", "."), ("check", "--diff", ".")):
        run = h.run_here(root, *args)
        assert SECRET not in run.output, args
        assert "leak" not in run.stdout.replace("leak:", ""), args
    run = h.run_here(root, "check", "--format", "json", ".")
    assert run.returncode == 2
    h.good_finding(run)
    messages = [e["message"] for e in run.errors_for("compose.yaml")]
    refused = [m for m in messages if "outside the project root" in m]
    # two includes, the include env_file and project_directory, two extends, the build context
    # and the Dockerfile; a service's env_file outside the root is not read either, but is valid
    # Compose (an absolute path on the deploy host): a warning on stderr, its variables unknown
    assert len(refused) >= 7, messages
    assert not [m for m in refused if m.startswith("env_file")], messages
    assert run.stderr.count("outside the project root: not read") >= 2, run.stderr
    missing = [m for m in messages if "no such file" in m]
    assert any("missing-include.yaml" in m for m in missing), messages
    assert any("missing-base.yaml" in m for m in missing), messages


def test_files_outside_the_root_are_never_opened(tmp_path, h, monkeypatch):
    """In-process, every way of opening a file is watched: nothing below ``outside/``."""
    root, outside = _outside_project(tmp_path, h)
    outside_real = os.path.realpath(outside)
    opened: list[str] = []

    def watch(func):
        def wrapper(file, *args, **kwargs):
            if isinstance(file, (str, bytes, os.PathLike)):
                path = os.fsdecode(file)
                opened.append(os.path.realpath(path if os.path.isabs(path) else os.path.join(os.getcwd(), path)))
            return func(file, *args, **kwargs)

        return wrapper

    monkeypatch.setattr(builtins, "open", watch(builtins.open))
    monkeypatch.setattr(io, "open", watch(io.open))
    monkeypatch.setattr(os, "open", watch(os.open))
    for args in (("check", "--no-cache", "--format", "json", "."), ("graph", "."), ("check", "--no-cache", "--diff", "."),
                 ("fix", "--no-cache", ".")):
        _invoke(root, *args)
    assert os.path.realpath(root / "compose.yaml") in opened, "the watch saw nothing: the test is broken"
    assert os.path.realpath(root / h.GOOD_NAME) in opened
    assert not [p for p in opened if p == outside_real or p.startswith(outside_real + os.sep)]


def test_missing_env_file_is_tolerated(tmp_path, h):
    """A missing ``env_file`` is not an error: CI clones rarely hold the (git-ignored) file
    Compose reads at deploy time.  Its variables are unknown, nothing is guessed."""
    compose = h.COMPOSE.replace("    build: .\n", "    build: .\n    env_file: [.env.prod, {path: opt.env, required: false}]\n", 1)
    root = h.make(tmp_path / "proj", compose=compose)
    run = h.run(root, "check", "--format", "json", ".")
    assert run.returncode == 1, run.output
    h.good_finding(run)


# --------------------------------------------------------------------------- never executed


IMPORT_BAIT = ("main.py", "conftest.py", "setup.py", "__init__.py", "sitecustomize.py", "usercustomize.py",
               "yaml.py", "click.py", "libcst.py", "pathspec.py", "json.py", "re.py", "typing.py", "tomli.py",
               "api/__init__.py", "api/settings.py", "api/__main__.py")


def _bait_project(tmp_path: Path, h) -> tuple[Path, Path]:
    markers = tmp_path / "markers"
    markers.mkdir()
    files = {}
    for name in IMPORT_BAIT:
        tag = name.replace("/", "_")
        files[name] = (
            f"open({str(markers / tag)!r}, 'w').write('imported')\n"
            "import redis\n"
            "r = redis.Redis.from_url('redis://localhost:6379/0')\n"
        )
    files["Dockerfile"] = "FROM python:3.12\nWORKDIR /app\nCOPY . /app\nRUN python setup.py install\nCMD [\"python\", \"-m\", \"api\"]\n"
    files["pyproject.toml"] = "[build-system]\nrequires = ['setuptools']\n[tool.dockwise]\ninclude-tests = true\n"
    return h.make(tmp_path / "proj", files), markers


def test_checked_code_is_never_imported_or_run(tmp_path, h):
    root, markers = _bait_project(tmp_path, h)
    runs = [
        h.run(root, "check", "--format", "json", ".", module=False),  # the console script (pre-commit)
        h.run(root, "check", "--format", "json", "."),  # python -I -m dockwise
        h.run(root, "graph", ".", module=False),
        h.run(root, "check", "--diff", ".", module=False),
        h.run(root, "check", "--stdin-filename", "main.py", "-", module=False, stdin=b"import os\n"),
    ]
    assert runs[0].json["findings"], runs[0].output  # the bait was analysed
    assert sorted(p.name for p in markers.iterdir()) == []
    h.run(root, "fix", ".", module=False)
    assert sorted(p.name for p in markers.iterdir()) == []


def test_python_dash_m_in_the_project_does_not_import_project_modules(tmp_path, h):
    import subprocess

    root, markers = _bait_project(tmp_path, h)
    proc = subprocess.run([sys.executable, "-m", "dockwise", "check", "--format", "json", "."], cwd=root,
                          capture_output=True, timeout=h.BOUND)
    assert sorted(p.name for p in markers.iterdir()) == [], proc.stderr.decode()[-2000:]


# --------------------------------------------------------------------------- no network


def test_no_network_connection_is_ever_opened(tmp_path, h, monkeypatch):
    calls: list[str] = []

    def refuse(name):
        def boom(*args, **kwargs):
            calls.append(name)
            raise OSError(f"dockwise must not use the network ({name})")

        return boom

    for name in ("connect", "connect_ex", "sendto", "bind"):
        monkeypatch.setattr(socket.socket, name, refuse(f"socket.{name}"))
    for name in ("create_connection", "getaddrinfo", "gethostbyname", "gethostbyname_ex", "gethostbyaddr",
                 "getnameinfo", "getfqdn"):
        monkeypatch.setattr(socket, name, refuse(name))
    compose = h.COMPOSE.replace("    build: .\n", "    build: .\n    environment:\n"
                                "      A: http://example.com:8080/x\n      B: redis://db.internal.example:6379\n"
                                "      C: amqp://guest:guest@localhost:5672/\n", 1)
    root = h.make(tmp_path / "proj", {"web.py": "import requests\nrequests.get('https://pypi.org/simple/')\n"
                                      "HOST = 'mongodb+srv://cluster0.example.net/db'\n"}, compose=compose)
    for args in (("check", "--no-cache", "--format", "json", "."), ("check", "--no-cache", "--format", "sarif", "."),
                 ("graph", "."), ("check", "--no-cache", "--diff", "."), ("fix", "--no-cache", "."), ("rules",),
                 ("explain", "DW101")):
        _invoke(root, *args)
    assert calls == []


# --------------------------------------------------------------------------- safe YAML only


def _unsafe_yaml_calls(tree: ast.AST) -> list[str]:
    out = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name in ("unsafe_load", "unsafe_load_all", "full_load", "full_load_all", "eval", "exec"):
            out.append(f"{name}() at line {node.lineno}")
        if name in ("load", "load_all") and isinstance(func, ast.Attribute) and getattr(func.value, "id", "") == "yaml":
            loader = next((k.value for k in node.keywords if k.arg == "Loader"), None)
            if loader is None and len(node.args) > 1:
                loader = node.args[1]
            text = ast.unparse(loader) if loader is not None else ""
            if "Safe" not in text:
                out.append(f"yaml.{name}(Loader={text or 'default'}) at line {node.lineno}")
        if name in ("Loader", "UnsafeLoader", "FullLoader") and isinstance(func, ast.Attribute):
            out.append(f"yaml.{name} at line {node.lineno}")
        if name == "import_module" or name == "__import__" or name == "run_path" or name == "exec_module":
            out.append(f"{name}() at line {node.lineno}")
    return out


def test_source_uses_safe_yaml_loaders_and_never_executes_code():
    """A static check of dockwise's own source: no unsafe YAML loader, eval, exec, or
    dynamic import (the checked code could reach it)."""
    problems = {}
    for path in sorted(SRC.rglob("*.py")):
        found = _unsafe_yaml_calls(ast.parse(path.read_text(encoding="utf-8")))
        if found:
            problems[path.relative_to(SRC).as_posix()] = found
    assert problems == {}


def test_yaml_tags_that_construct_objects_are_errors(tmp_path, h):
    marker = tmp_path / "PWNED"
    compose = h.COMPOSE + (
        f"x-a: !!python/object/apply:os.system [\"touch {marker}\"]\n"
        f"x-b: !!python/object/apply:builtins.exec [\"open({str(marker)!r}, 'w')\"]\n"
        "x-c: !!python/name:os.system\n"
        "x-d: !!python/module:os\n"
    )
    root = h.make(tmp_path / "proj", {"stack/compose.yaml": compose})
    run = h.run(root, "check", "--format", "json", ".")
    assert not marker.exists()
    assert run.returncode == 2
    h.good_finding(run)
    messages = [e["message"] for e in run.errors_for("stack/compose.yaml")]
    assert sum("is not allowed" in m for m in messages) == 4, messages
    # the fixer verifies Compose edits with yaml.safe_load: a tagged file is refused, not run
    h.run(root, "fix", ".")
    assert not marker.exists()
    assert json.loads(h.run(root, "check", "--format", "json", ".").stdout)["errors"]
