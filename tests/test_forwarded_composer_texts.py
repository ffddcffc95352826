"""Only the held Python texts that write a settings loader's keyword (rules/flow.yaml
env_name_composers) may compose a variable's name, so only they are searched for it by
``flow/forwarded.py``, once per container's files rather than every text once per variable: a
Django tree of a thousand modules with a few dozen weak-named variables took most of a minute
there.  The answer stays that of the full search (the findings here)."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from dockwise.flow import forwarded

from tests.conftest import make

DOCKERFILE = 'FROM python:3.12-slim\nWORKDIR /srv\nCOPY relay/ ./relay/\nCMD ["python", "-m", "relay.main"]\n'
RELAY_MAIN = ('import json\nimport os\n\n'
              'def settings():\n'
              '    return {k: v for k, v in os.environ.items() if k != "HOME"}\n\n\n'
              'def dump():\n'
              '    with open("/shared/settings.json", "w") as fh:\n'
              '        json.dump(settings(), fh)\n\n\n'
              'dump()\n')


def _findings(tmp_path: Path) -> list[tuple[str, int, str]]:
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted((f.span.path, f.span.line, f.code) for f in result.active)


def test_composer_search_reads_only_texts_that_write_a_loader_keyword(tmp_path, monkeypatch):
    files = {
        "compose.yaml": ("services:\n  relay:\n    build: .\n    environment:\n"
                         "      NORTH_UPSTREAM: http://backend:9000\n"
                         "      SOUTH_UPSTREAM: http://backend:9001\n"
                         "      EAST_UPSTREAM: http://backend:9002\n"
                         "    networks: [control]\n"
                         "  backend:\n    image: acme/backend:2\n    networks: [apps]\n"
                         "networks:\n  control: {}\n  apps: {}\n"),
        "Dockerfile": DOCKERFILE,
        "relay/__init__.py": "",
        "relay/main.py": "from relay import helpers  # noqa: F401\n" + RELAY_MAIN,
        "relay/helpers.py": "".join(f"def helper_{i}(x):\n    return x + {i}\n\n\n" for i in range(20)),
    }
    make(tmp_path, files, git=True)
    asked: list[list[str]] = []
    real = forwarded.composed

    def spy(texts, name, composers):
        texts = list(texts)
        asked.append(texts)
        return real(texts, name, composers)

    monkeypatch.setattr(forwarded, "composed", spy)
    # forwarded only: the Python dumps its whole environment and never names the variables
    assert _findings(tmp_path) == []
    assert asked, "the forwarded search was not asked"
    keywords = ("env_prefix", "envvar_prefix", "from_prefixed_env", "prefixed", "env_nested_delimiter")
    assert all(any(k in t for k in keywords) for texts in asked for t in texts)
