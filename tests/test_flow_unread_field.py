"""A settings-class field with a strong name (``CACHE_REDIS_URL``) that no code reads is
dialled by nothing: the class reads the variable, it does not hand the default on.  Where the
field is read (even by code dockwise cannot follow), its name stays evidence."""
from __future__ import annotations

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

SETTINGS = ('from pydantic_settings import BaseSettings\n\n\n'
            'class AppSettings(BaseSettings):\n'
            '    CACHE_REDIS_URL: str = "redis://localhost:6379/0"\n'
            '    TITLE: str = "demo"\n\n\n'
            'settings = AppSettings()\n')


def findings(tmp_path, main: str) -> list[tuple[str, int, str]]:
    make(tmp_path, {
        "compose.yaml": "services:\n  api:\n    build: .\n",
        "Dockerfile": 'FROM python:3.12-slim\nCOPY . .\nCMD ["python", "main.py"]\n',
        "conf.py": SETTINGS,
        "main.py": main,
    }, git=True)
    return [(f.span.path.rsplit("/", 1)[-1], f.span.line, f.code)
            for f in run_check([tmp_path], Config(cache=False)).active]


def test_a_strong_named_field_no_code_reads_is_not_a_finding(tmp_path):
    assert findings(tmp_path, "from conf import settings\n\nprint(settings.TITLE)\n") == []


def test_a_strong_named_field_read_somewhere_keeps_its_name_as_evidence(tmp_path):
    main = "import vendorlib\nfrom conf import settings\n\nvendorlib.attach(settings.CACHE_REDIS_URL)\n"
    assert findings(tmp_path, main) == [("conf.py", 5, "DW101")]


def test_a_strong_named_field_whose_every_read_goes_nowhere_is_not_a_finding(tmp_path):
    # the URL is read only for its database number: the address comes from other fields
    main = ("from urllib.parse import urlparse\nfrom conf import settings\n\n"
            "db = int(urlparse(settings.CACHE_REDIS_URL).path.lstrip('/') or 0)\n"
            "if settings.CACHE_REDIS_URL.startswith('rediss://'):\n    print('tls')\n")
    assert findings(tmp_path, main) == []


def test_one_read_that_may_connect_keeps_the_name_as_evidence(tmp_path):
    main = ("import vendorlib\nfrom urllib.parse import urlparse\nfrom conf import settings\n\n"
            "db = urlparse(settings.CACHE_REDIS_URL).path\n"
            "vendorlib.attach(settings.CACHE_REDIS_URL)\n")
    assert findings(tmp_path, main) == [("conf.py", 5, "DW101")]
