"""A request sent through a proxy the call names (``requests.get(url, proxies={"http": p})``,
``httpx.get(url, proxy="http://p:3128")``) connects to the proxy: the URL's host is dialled by
the proxy, not by the container, so a loopback URL there is the proxy's own.  A request
without one, or whose proxy table has no entry for the URL's scheme, still dials the URL."""
from __future__ import annotations

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make


def findings(tmp_path, call: str) -> list[tuple[int, str]]:
    main = ("import requests\n\n\n"
            "def stop(proxy_url):\n"
            "    url = 'http://127.0.0.1:8080/kill'\n"
            f"    {call}\n\n\n"
            "stop('http://proxy:3128')\n")
    make(tmp_path, {
        "compose.yaml": "services:\n  api:\n    build: .\n  proxy:\n    image: shop/proxy:1\n",
        "Dockerfile": 'FROM python:3.12-slim\nCOPY . .\nCMD ["python", "main.py"]\n',
        "main.py": main,
    }, git=True)
    return [(f.span.line, f.code) for f in run_check([tmp_path], Config(cache=False)).active]


def test_a_request_through_the_proxy_of_its_scheme_is_not_a_finding(tmp_path):
    assert findings(tmp_path, "requests.get(url, timeout=5, proxies={'http': proxy_url})") == []


def test_a_request_without_a_proxy_is_found(tmp_path):
    assert findings(tmp_path, "requests.get(url, timeout=5)") == [(5, "DW101")]


def test_a_proxy_table_for_another_scheme_leaves_the_request_direct(tmp_path):
    assert findings(tmp_path, "requests.get(url, proxies={'https': proxy_url})") == [(5, "DW101")]


def test_a_proxy_turned_off_leaves_the_request_direct(tmp_path):
    assert findings(tmp_path, "requests.get(url, proxies={'http': None})") == [(5, "DW101")]

