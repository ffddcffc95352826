"""A literal in the body of ``if not x:`` where ``x`` is a value an operator configures
(``raw = (getattr(conf, "cache_url", None) or "").strip()``) is the fallback for a
configuration that leaves it empty, like ``conf.cache_url or "redis://localhost"``: not the
value the container dials.  The same branch on an environment read is still judged against
the service's environment."""
from __future__ import annotations

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

CONF = 'import vendorconf\n\nconf = vendorconf.load("/etc/app.ini")\n'


def findings(tmp_path, main: str, env: str = "") -> list[tuple[str, int, str]]:
    make(tmp_path, {
        "compose.yaml": "services:\n  api:\n    build: .\n" + env + "  redis:\n    image: redis:7\n",
        "Dockerfile": 'FROM python:3.12-slim\nCOPY . .\nCMD ["python", "main.py"]\n',
        "conf.py": CONF,
        "main.py": main,
    }, git=True)
    return [(f.span.path.rsplit("/", 1)[-1], f.span.line, f.code)
            for f in run_check([tmp_path], Config(cache=False)).active]


def test_the_fallback_of_an_empty_configured_value_is_not_a_finding(tmp_path):
    main = ('import redis\nfrom conf import conf\n\n\n'
            'def cache_url():\n'
            '    raw = (getattr(conf, "cache_url", None) or "").strip()\n'
            '    if not raw:\n'
            '        return "redis://127.0.0.1:6379/0"\n'
            '    return raw\n\n\n'
            'client = redis.Redis.from_url(cache_url())\n')
    assert findings(tmp_path, main) == []


def test_a_configured_attribute_tested_for_none_is_the_same(tmp_path):
    main = ('import redis\nfrom conf import conf\n\n\n'
            'def cache_url():\n'
            '    url = conf.cache_url\n'
            '    if url is None:\n'
            '        url = "redis://127.0.0.1:6379/0"\n'
            '    return url\n\n\n'
            'client = redis.Redis.from_url(cache_url())\n')
    assert findings(tmp_path, main) == []


def test_the_fallback_of_an_unset_environment_variable_is_still_found(tmp_path):
    main = ('import os\nimport redis\n\n\n'
            'def cache_url():\n'
            '    raw = (os.environ.get("CACHE_URL") or "").strip()\n'
            '    if not raw:\n'
            '        return "redis://127.0.0.1:6379/0"\n'
            '    return raw\n\n\n'
            'client = redis.Redis.from_url(cache_url())\n')
    assert findings(tmp_path, main) == [("main.py", 8, "DW101")]
    assert findings(tmp_path, main, env="    environment:\n      CACHE_URL: redis://redis:6379/0\n") == []
