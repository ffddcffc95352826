"""A local name read before the statement that assigns it a literal reads what it held
before (a parameter, an earlier value): ``requests.get(url)`` then ``url = "http://127.0.0.1"``
does not dial the literal.  Inside a loop, a later turn reads what an earlier one assigned;
a nested function may run after the assignment."""
from __future__ import annotations

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make


def findings(tmp_path, body: str) -> list[tuple[int, str]]:
    main = ("import requests\n\n\n"
            "def stop(proxy_url):\n"
            "    url = 'http://127.0.0.1:8080/kill'\n"
            f"    {body}\n\n\n"
            "stop('http://proxy:3128')\n")
    make(tmp_path, {
        "compose.yaml": "services:\n  api:\n    build: .\n  proxy:\n    image: shop/proxy:1\n",
        "Dockerfile": 'FROM python:3.12-slim\nCOPY . .\nCMD ["python", "main.py"]\n',
        "main.py": main,
    }, git=True)
    return [(f.span.line, f.code) for f in run_check([tmp_path], Config(cache=False)).active]


def test_a_read_before_the_assignment_sees_the_parameter_not_the_literal(tmp_path):
    # `requests.get(proxy_url)` comes before `proxy_url` is given the loopback literal
    body = "requests.get(proxy_url)\n    proxy_url = 'http://127.0.0.1:9'\n    print(proxy_url)"
    assert findings(tmp_path, body) == []


def test_a_read_in_a_later_turn_of_a_loop_still_sees_it(tmp_path):
    body = ("for _ in range(2):\n        requests.get(proxy_url)\n"
            "        proxy_url = 'http://127.0.0.1:9'")
    assert findings(tmp_path, body) == [(8, "DW101")]


def test_a_nested_function_defined_before_may_read_it_later(tmp_path):
    body = ("def kill():\n        requests.get(proxy_url)\n"
            "    proxy_url = 'http://127.0.0.1:9'\n    kill()")
    assert findings(tmp_path, body) == [(8, "DW101")]
