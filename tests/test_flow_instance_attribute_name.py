"""A settings library fills the fields a class declares (``broker_url: str = ...`` in its
body) from the environment; an attribute its ``__init__`` sets (``self.broker_url = ...``)
is filled by nobody but the code, so its name is no evidence of a client address, whatever
the class's base is called.  Its reads that reach a client still decide."""
from __future__ import annotations

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

CONF = ('class ConfigSection:\n'
        '    def load(self, values):\n'
        '        for name in self.__dict__:\n'
        '            if name in values:\n'
        '                setattr(self, name, values[name])\n\n\n'
        'class QueueConfigObject(ConfigSection):\n'
        '    def __init__(self):\n'
        '        self.celery_broker_url = "redis://127.0.0.1:6379/0"\n'
        '        self.title = "demo"\n\n\n'
        'queue = QueueConfigObject()\n')


def findings(tmp_path, main: str) -> list[tuple[str, int, str]]:
    make(tmp_path, {
        "compose.yaml": "services:\n  api:\n    build: .\n  redis:\n    image: redis:7\n",
        "Dockerfile": 'FROM python:3.12-slim\nCOPY . .\nCMD ["python", "main.py"]\n',
        "conf.py": CONF,
        "main.py": main,
    }, git=True)
    return [(f.span.path.rsplit("/", 1)[-1], f.span.line, f.code)
            for f in run_check([tmp_path], Config(cache=False)).active]


def test_an_attribute_set_in_init_is_not_a_field_the_environment_fills(tmp_path):
    # handed to code dockwise cannot follow: only a client call would be evidence
    main = "import vendorlib\nfrom conf import queue\n\nvendorlib.attach(queue.celery_broker_url)\n"
    assert findings(tmp_path, main) == []


def test_its_read_that_reaches_a_client_is_still_found(tmp_path):
    main = "import redis\nfrom conf import queue\n\nclient = redis.Redis.from_url(queue.celery_broker_url)\n"
    assert findings(tmp_path, main) == [("conf.py", 10, "DW101")]


def test_a_declared_field_of_a_settings_class_keeps_its_name_as_evidence(tmp_path):
    main = ("import vendorlib\nfrom pydantic_settings import BaseSettings\n\n\n"
            "class QueueSettings(BaseSettings):\n    celery_broker_url: str = 'redis://127.0.0.1:6379/0'\n\n\n"
            "vendorlib.attach(QueueSettings().celery_broker_url)\n")
    assert findings(tmp_path, main) == [("main.py", 6, "DW101")]
