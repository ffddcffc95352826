"""The apps of one framework list (every app of INSTALLED_APPS) share the pattern that says
where their submodules are loaded (``autodiscover_tasks(``): ``runs/closure.py`` searches each
module's text with it once, not once per app (a tree with a few dozen installed apps spent
seconds on the same text and pattern).  The modules reached stay the same (the finding here)."""
from __future__ import annotations

import re
from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make


def _findings(tmp_path: Path) -> list[tuple[str, int, str]]:
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted((f.span.path, f.span.line, f.code) for f in result.active)


LOOPBACK = 'import redis\n\nclient = redis.Redis(host="localhost", port=6379)\n'


def test_autodiscovery_pattern_searched_once_per_module_not_once_per_app(tmp_path, monkeypatch):
    apps = [f"app{i}" for i in range(8)]
    files = {
        "compose.yaml": ("services:\n  worker:\n    build: .\n    command: celery -A site worker\n"
                         "  cache:\n    image: redis:7\n"),
        "Dockerfile": 'FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n',
        "site/__init__.py": "from .celery import app\n",
        "site/celery.py": ("import os\nfrom celery import Celery\n"
                           'os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site.settings")\n'
                           "app = Celery('site')\napp.config_from_object('django.conf:settings')\n"
                           "app.autodiscover_tasks()\n"),
        "site/settings.py": f"INSTALLED_APPS = {apps!r}\n",
    }
    for a in apps:
        files[f"{a}/__init__.py"] = ""
        files[f"{a}/models.py"] = "".join(f"def f{i}():\n    return {i}\n\n\n" for i in range(10))
    files["app3/tasks.py"] = LOOPBACK
    make(tmp_path, files, git=True)
    calls: list[str] = []
    real = re.search

    def spy(pattern, string, flags=0):
        if isinstance(pattern, str) and "autodiscover_tasks" in pattern:
            calls.append(string)  # (the texts are held by the search: ids stay distinct)
        return real(pattern, string, flags)

    monkeypatch.setattr(re, "search", spy)
    got = _findings(tmp_path)
    monkeypatch.undo()
    # the installed app's tasks module is still reached where the Celery app autodiscovers
    assert ("app3/tasks.py", 3, "DW101") in got
    # each module's text once: not again for every app of the list
    assert calls and len(calls) == len({id(text) for text in calls})
