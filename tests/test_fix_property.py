"""Properties of ``dockwise fix`` over generated connection strings and the shared corpus.

After ``fix``: every file still parses, a second ``fix`` changes nothing, and ``check``
reports none of the fixed findings; on the corpus, only findings whose suggestion is null or
whose fix is unsafe remain.
"""
from __future__ import annotations

import ast
import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dockwise.config import Config
from dockwise.engine import run_check
from dockwise.layout.dotenv import read_dotenv
from dockwise.fix.apply import run_fix
from dockwise.fix.plan import attach_fixes

from tests.conftest import CORPUS

CASES = sorted(p.name for p in CORPUS.iterdir() if (p / "expected.json").is_file()) if CORPUS.is_dir() else []
CFG = Config(cache=False)
EXAMPLES = int(os.environ.get("DOCKWISE_FIX_EXAMPLES", "25"))


# --------------------------------------------------------------------------- helpers


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def assert_all_parse(root: Path) -> None:
    for p in root.rglob("*"):
        if not p.is_file():
            continue
        name = p.name.lower()
        data = p.read_bytes()
        if name.endswith(".py"):
            ast.parse(data)
            import libcst

            libcst.parse_module(data)
        elif name.endswith((".yml", ".yaml")):
            list(yaml.safe_load_all(data.decode("utf-8")))
        elif name.endswith(".env"):
            read_dotenv(data.decode("utf-8"), p.name)


def fix_once(root: Path, *, unsafe: bool = False):
    result = run_check([root], CFG)
    outcome = run_fix(result, unsafe=unsafe)
    return result, outcome


def check_fix_properties(root: Path, *, unsafe: bool = False) -> None:
    before_files = snapshot(root)
    result, outcome = fix_once(root, unsafe=unsafe)
    assert not outcome.errors, outcome.errors
    assert not result.errors, result.errors
    assert_all_parse(root)
    after_files = snapshot(root)
    if outcome.applied == 0:
        assert after_files == before_files
    # what was fixed is gone (same file, code and host text at the same line)
    fixed = set()
    for f in attach_fixes(result).active:
        if f.fix is not None and (unsafe or f.fix.applicability == "safe"):
            fixed.add((f.span.path, f.span.line, f.code, f.flagged_text.lower()))
    again = run_check([root], CFG)
    assert not again.errors, again.errors
    left = {(f.span.path, f.span.line, f.code, f.flagged_text.lower()) for f in again.active}
    assert not (fixed & left), fixed & left
    # nothing that could still be fixed is left, and a second fix is a no-op
    for f in attach_fixes(again).active:
        assert f.fix is None or (f.fix.applicability == "unsafe" and not unsafe), f
    _, second = fix_once(root, unsafe=unsafe)
    assert second.applied == 0 and second.files_changed == 0 and not second.errors
    assert snapshot(root) == after_files


# --------------------------------------------------------------------------- generated URLs

TARGETS = [  # (service, image, scheme, container port)
    ("redis", "redis:7", "redis", 6379),
    ("db", "postgres:16", "postgresql", 5432),
    ("mongo", "mongo:7", "mongodb", 27017),
]
LOOPBACK = ["localhost", "127.0.0.1", "[::1]", "0.0.0.0", "LocalHost"]


@st.composite
def urls(draw):
    service, image, scheme, port = draw(st.sampled_from(TARGETS))
    published = draw(st.sampled_from([None, port, port + 10000]))
    host_kind = draw(st.sampled_from(["loopback", "service", "alias"]))
    if host_kind == "loopback":
        host = draw(st.sampled_from(LOOPBACK))
    elif host_kind == "service":
        host = service
    else:
        host = "host.docker.internal"
    port_kind = draw(st.sampled_from(["target", "published", "none"]))
    if port_kind == "published" and published is not None:
        written_port = published
    elif port_kind == "none":
        written_port = None
    else:
        written_port = port
    user = draw(st.sampled_from(["", "app@", "app:s3cret@"]))
    path = draw(st.sampled_from(["", "/0", "/app", "/app?sslmode=disable", "/"]))
    url = f"{scheme}://{user}{host}" + (f":{written_port}" if written_port is not None else "") + path
    return service, image, port, published, url


def compose_text(service: str, image: str, port: int, published: int | None, value_lines: str,
                 anchor: str | None = None, gateway_env: bool = False) -> str:
    out = []
    if anchor is not None:
        out.append(anchor)
    out.append("services:")
    out.append("  app:")
    out.append("    image: busybox")
    out.append(value_lines)
    out.append(f"  {service}:")
    out.append(f"    image: {image}")
    if published is not None:
        out.append("    ports:")
        out.append(f'      - "{published}:{port}"')
    if gateway_env:
        out.append("  probe:")
        out.append("    image: busybox")
        out.append("    environment:")
        out.append("      TARGET: http://host.docker.internal:9000/ping")
    return "\n".join(out) + "\n"


YAML_SHAPES = ["plain-map", "single-map", "double-map", "list", "quoted-list", "anchor"]


def yaml_project(root: Path, shape: str, gen, gateway_env: bool) -> None:
    service, image, port, published, url = gen
    anchor = None
    if shape == "plain-map":
        lines = f"    environment:\n      URL: {url}  # note"
    elif shape == "single-map":
        lines = f"    environment:\n      URL: '{url}'"
    elif shape == "double-map":
        lines = f'    environment:\n      URL: "{url}"'
    elif shape == "list":
        lines = f"    environment:\n      - URL={url}"
    elif shape == "quoted-list":
        lines = f'    environment:\n      - "URL={url}"'
    else:
        anchor = f"x-env: &env\n  URL: {url}\n"
        lines = "    environment: *env"
    (root / "compose.yaml").write_text(compose_text(service, image, port, published, lines, anchor, gateway_env))


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(gen=urls(), shape=st.sampled_from(YAML_SHAPES), gateway_env=st.booleans())
def test_generated_yaml_urls(gen, shape, gateway_env):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "p"
        root.mkdir()
        yaml_project(root, shape, gen, gateway_env)
        check_fix_properties(root)


PY_SHAPES = ["plain", "single", "fstring", "concat", "raw", "getenv", "keyword"]


def python_source(shape: str, url: str) -> str:
    if shape == "plain":
        return f'import redis\n\nURL = "{url}"  # the target\n'
    if shape == "single":
        return f"URL = '{url}'\n"
    if shape == "fstring":
        return f'DB = 0\nURL = f"{url}{{DB}}"\n'
    if shape == "concat":
        cut = url.index("//") + 2
        return f'URL = (\n    "{url[:cut]}"  # scheme\n    "{url[cut:]}"\n)\n'
    if shape == "raw":
        return f'URL = r"{url}"\n'
    if shape == "getenv":
        return f'import os\n\nURL = os.environ.get("URL", "{url}")\n'
    return f'import sqlalchemy\n\nengine = sqlalchemy.create_engine(url="{url}", echo=True)\n'


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(gen=urls(), shape=st.sampled_from(PY_SHAPES), unsafe=st.booleans())
def test_generated_python_urls(gen, shape, unsafe):
    service, image, port, published, url = gen
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "p"
        (root / "app").mkdir(parents=True)
        (root / "app/Dockerfile").write_text("FROM python:3.12-slim\nCOPY . /app\nCMD [\"python\", \"/app/main.py\"]\n")
        (root / "app/main.py").write_text(python_source(shape, url))
        compose = compose_text(service, image, port, published, "").replace("    image: busybox\n\n", "    build: ./app\n")
        compose = compose.replace("  app:\n    image: busybox\n", "  app:\n    build: ./app\n")
        (root / "compose.yaml").write_text(compose)
        check_fix_properties(root, unsafe=unsafe)


# --------------------------------------------------------------------------- the corpus


def copy_case(name: str, dest: Path) -> Path:
    root = dest / name
    shutil.copytree(CORPUS / name, root)
    for p in [root, *root.rglob("*")]:
        os.chmod(p, 0o755 if p.is_dir() else 0o644)
    (root / "expected.json").unlink()
    return root


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("unsafe", [False, True], ids=["safe", "unsafe"])
def test_corpus_fix_properties(tmp_path, case, unsafe):
    root = copy_case(case, tmp_path)
    check_fix_properties(root, unsafe=unsafe)


@pytest.mark.parametrize("case", CASES)
def test_corpus_cli_fix_leaves_only_unfixable(tmp_path, monkeypatch, case):
    from dockwise.cli import cli

    root = copy_case(case, tmp_path)
    monkeypatch.chdir(root)
    runner = CliRunner()
    res = runner.invoke(cli, ["fix", "--no-cache", "--format", "json", "."])
    assert res.exit_code in (0, 1), res.output
    report = json.loads(res.stdout)
    assert report["errors"] == []
    for f in report["findings"]:
        assert f["suggestion"] is None or (f["fix"] is not None and f["fix"]["applicability"] == "unsafe"), f
    assert_all_parse(root)
    snap = snapshot(root)
    again = runner.invoke(cli, ["fix", "--no-cache", "--format", "json", "."])
    assert again.exit_code == res.exit_code
    assert snapshot(root) == snap
    assert json.loads(again.stdout)["findings"] == report["findings"]
