"""An address whose own form is the evidence (a Docker host alias, `host.docker.internal`) written
as the default of a function's parameter is dialled only where a call leaves that parameter out:
where every call the container may run passes it (`Pipeline(host=args.host)`), the default never
runs, whatever its form says (survey bG).  The calls are found also through packages that hand the
class on in turn (`core/engine/engine.py` re-exported by `core/engine/__init__.py`, that by
`core/__init__.py`, and `from .core import Engine` in the caller)."""
from __future__ import annotations

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

ENGINE = (
    "import httpx\n"
    "\n"
    "\n"
    "class Engine:\n"
    '    def __init__(self, host: str = "host.docker.internal"):\n'
    '        self.client = httpx.Client(base_url=f"http://{host}:11434")\n'
)

MAIN = (
    "import argparse\n"
    "\n"
    "from .core import Engine\n"
    "\n"
    "parser = argparse.ArgumentParser()\n"
    'parser.add_argument("--host", default="ollama")\n'
    "args = parser.parse_args()\n"
    "engine = Engine(host=args.host)\n"
)


def findings(tmp_path, main: str = MAIN, pipeline: str | None = None) -> list:
    files = {
        "compose.yaml": ("services:\n  ollama:\n    image: ollama/ollama\n  app:\n    build: .\n"
                         "    command: python -m app\n"),
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "app/__init__.py": "",
        "app/__main__.py": main,
        "app/core/__init__.py": "from .engine import Engine\n\n__all__ = [\"Engine\"]\n",
        "app/core/engine/__init__.py": "from .engine import Engine\n\n__all__ = [\"Engine\"]\n",
        "app/core/engine/engine.py": ENGINE,
    }
    if pipeline is not None:
        files["app/pipeline.py"] = pipeline
    make(tmp_path, files, git=True)
    return [(f.span.path, f.span.line, f.code) for f in run_check([tmp_path], Config(cache=False)).active]


def test_a_host_alias_default_every_call_passes_is_not_dialled(tmp_path):
    assert findings(tmp_path) == []


def test_a_call_that_leaves_the_default_keeps_the_alias(tmp_path):
    main = MAIN + "fallback = Engine()\n"
    assert findings(tmp_path, main) == [("app/core/engine/engine.py", 5, "DW106")]


def test_a_host_alias_default_in_a_module_level_function_every_call_passes(tmp_path):
    pipeline = (
        "import httpx\n"
        "\n"
        "\n"
        'def pull(model: str, host: str = "host.docker.internal") -> None:\n'
        '    httpx.post(f"http://{host}:11434/api/pull", json={"name": model})\n'
    )
    main = MAIN + "from .pipeline import pull\n\npull(\"llama3\", host=args.host)\n"
    assert findings(tmp_path, main, pipeline) == []
    left = MAIN + "from .pipeline import pull\n\npull(\"llama3\")\n"
    assert findings(tmp_path, left, pipeline) == [("app/pipeline.py", 4, "DW106")]


def test_a_host_alias_written_in_the_call_stays(tmp_path):
    main = MAIN.replace("Engine(host=args.host)", 'Engine(host="host.docker.internal")')
    assert findings(tmp_path, main) == [("app/__main__.py", 8, "DW106")]


def test_a_loopback_default_passed_through_two_re_exporting_packages_is_dead(tmp_path):
    # (the same search for any default: the calls through both packages are the class's)
    engine = ENGINE.replace('"host.docker.internal"', '"localhost"')
    files = {
        "compose.yaml": ("services:\n  ollama:\n    image: ollama/ollama\n  app:\n    build: .\n"
                         "    command: python -m app\n"),
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "app/__init__.py": "",
        "app/__main__.py": MAIN,
        "app/core/__init__.py": "from .engine import Engine\n",
        "app/core/engine/__init__.py": "from .engine import Engine\n",
        "app/core/engine/engine.py": engine,
    }
    make(tmp_path, files, git=True)
    assert [(f.span.path, f.code) for f in run_check([tmp_path], Config(cache=False)).active] == []
    (tmp_path / "app/__main__.py").write_text(MAIN + "fallback = Engine()\n")
    assert [(f.span.path, f.code) for f in run_check([tmp_path], Config(cache=False)).active] == [
        ("app/core/engine/engine.py", "DW101")]
