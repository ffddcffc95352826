"""``if url is None: url = "redis://localhost"`` on a parameter is the same fallback as
``url or "redis://localhost"``: the value a caller hands in decides, and the ``or`` form has
always been judged an operator's fallback (not reported).  Written as a branch it was
reported, so the same code drew a finding or not by its spelling."""
from __future__ import annotations

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make


def findings(tmp_path, main: str) -> list[tuple[str, int, str]]:
    make(tmp_path, {
        "compose.yaml": ("services:\n  api:\n    build: .\n    environment:\n"
                         "      CACHE_URL: redis://cache:6379/0\n  cache:\n    image: redis:7\n"),
        "Dockerfile": 'FROM python:3.12-slim\nCOPY . .\nCMD ["python", "main.py"]\n',
        "main.py": main,
    }, git=True)
    return [(f.span.path.rsplit("/", 1)[-1], f.span.line, f.code)
            for f in run_check([tmp_path], Config(cache=False)).active]


STORE = ('import os\nimport redis\n\n\n'
         'class Store:\n'
         '    def __init__(self, url=None):\n'
         '        {test}\n'
         '            url = "redis://127.0.0.1:6379/0"\n'
         '        self.client = redis.Redis.from_url(url)\n\n\n'
         'store = Store(os.environ["CACHE_URL"])\n')


def test_a_parameter_tested_for_none_falls_back_like_or(tmp_path):
    assert findings(tmp_path, STORE.format(test="if url is None:")) == []


def test_a_parameter_tested_for_emptiness_is_the_same(tmp_path):
    assert findings(tmp_path, STORE.format(test="if not url:")) == []


def test_a_parameter_cleaned_before_the_test_is_still_the_callers(tmp_path):
    main = STORE.format(test="url = (url or '').strip()\n        if not url:")
    assert findings(tmp_path, main) == []


def test_a_module_name_tested_for_none_is_still_judged(tmp_path):
    # recall guard: not a parameter, nothing hands it in; the branch runs in the container
    main = ('import redis\n\nURL = None\n\n\n'
            'def connect():\n'
            '    url = URL\n'
            '    if url is None:\n'
            '        url = "redis://127.0.0.1:6379/0"\n'
            '    return redis.Redis.from_url(url)\n\n\n'
            'client = connect()\n')
    assert findings(tmp_path, main) == [("main.py", 9, "DW101")]


def test_a_literal_dialled_beside_the_branch_is_still_found(tmp_path):
    # recall guard: the parameter's branch silences only what it assigns
    main = STORE.format(test="if url is None:") + 'other = redis.Redis.from_url("redis://localhost:6379/1")\n'
    assert findings(tmp_path, main) == [("main.py", 13, "DW101")]
