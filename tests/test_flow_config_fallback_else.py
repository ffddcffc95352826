"""A literal in the ``else`` of ``if x:`` whose body uses ``x``, where ``x`` is a value an
operator configures (``endpoint = options.get("endpoint")``), is the ``x or default`` idiom
spelled as a branch: the fallback for a configuration that leaves it empty, not the value the
container dials.  A flag that only picks between two values, and the same branch on an
environment read the service does not set, are still judged."""
from __future__ import annotations

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make


def findings(tmp_path, main: str, env: str = "") -> list[tuple[str, int, str]]:
    make(tmp_path, {
        "compose.yaml": "services:\n  worker:\n    build: .\n" + env + "  search:\n    image: opensearchproject/opensearch:2\n",
        "Dockerfile": 'FROM python:3.12-slim\nCOPY . .\nCMD ["python", "main.py"]\n',
        "main.py": main,
    }, git=True)
    return [(f.span.path.rsplit("/", 1)[-1], f.span.line, f.code)
            for f in run_check([tmp_path], Config(cache=False)).active]


def test_the_else_of_a_configured_value_used_in_its_body_is_not_a_finding(tmp_path):
    main = ('import httpx\n\n\n'
            'def probe(options: dict) -> bool:\n'
            '    endpoint = options.get("endpoint")\n'
            '    if endpoint:\n'
            '        base = endpoint.rstrip("/")\n'
            '    else:\n'
            '        base = "http://localhost:7700"\n'
            '    return httpx.get(f"{base}/health").status_code == 200\n\n\n'
            'probe({})\n')
    assert findings(tmp_path, main) == []


def test_a_configured_value_tested_for_not_none_is_the_same(tmp_path):
    main = ('import httpx\n\n\n'
            'def probe(options: dict) -> bool:\n'
            '    endpoint = options.get("endpoint")\n'
            '    if endpoint is not None:\n'
            '        base = endpoint\n'
            '    else:\n'
            '        base = "http://localhost:7700"\n'
            '    return httpx.get(base).status_code == 200\n\n\n'
            'probe({})\n')
    assert findings(tmp_path, main) == []


def test_a_flag_that_picks_the_other_value_is_still_found(tmp_path):
    main = ('import httpx\n\n\n'
            'def probe(options: dict) -> bool:\n'
            '    if options.get("remote"):\n'
            '        base = "http://search:9200"\n'
            '    else:\n'
            '        base = "http://localhost:7700"\n'
            '    return httpx.get(base).status_code == 200\n\n\n'
            'probe({})\n')
    assert ("main.py", 8, "DW101") in findings(tmp_path, main)


def test_the_else_of_an_unset_environment_variable_is_still_found(tmp_path):
    main = ('import os\nimport httpx\n\n\n'
            'def probe() -> bool:\n'
            '    endpoint = os.environ.get("SEARCH_URL")\n'
            '    if endpoint:\n'
            '        base = endpoint\n'
            '    else:\n'
            '        base = "http://localhost:7700"\n'
            '    return httpx.get(base).status_code == 200\n\n\n'
            'probe()\n')
    assert findings(tmp_path, main) == [("main.py", 10, "DW101")]
    assert findings(tmp_path, main, env="    environment:\n      SEARCH_URL: http://search:9200\n") == []
