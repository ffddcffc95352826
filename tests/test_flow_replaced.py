"""A value the code replaces before anything reads it is not dialled: a module-level name bound
again further down (or taken over by a trailing star import of an operator's settings file),
``self.x`` replaced in the same method, and a fallback written only when an environment read
came back empty.  A plain class attribute is not a settings field that an environment
variable fills."""
from __future__ import annotations

from dockwise.flow import Flow
from dockwise.knowledge import default_knowledge

K = default_knowledge()


def flow_of(files: dict[str, str], rel: str, needle: str):
    lines = files[rel].split("\n")
    line, column = next((i + 1, text.index(needle) + 1) for i, text in enumerate(lines) if needle in text)
    return Flow(K, files.get, files).of(rel, line, column)


def dialled(files: dict[str, str], rel: str = "settings.py", needle: str = "127.0.0.1") -> list[str]:
    return [s.kind for s in flow_of(files, rel, needle).sinks]


DB = 'DATABASES = {{"default": {{"ENGINE": "postgres", "HOST": "{host}"}}}}\n'


# ------------------------------------------------------------------ module-level replacement

def test_a_module_setting_bound_again_further_down_is_dead():
    files = {"settings.py": DB.format(host="127.0.0.1") + "DEBUG = False\n" + DB.format(host="db")}
    result = flow_of(files, "settings.py", "127.0.0.1")
    assert result.sinks == () and result.operator


def test_a_module_setting_changed_in_place_keeps_its_value():
    for later in ('DATABASES = DATABASES | {"other": {}}\n', 'DATABASES.update(extra={})\n',
                  'DATABASES["replica"] = {"HOST": "db"}\n'):
        files = {"settings.py": DB.format(host="127.0.0.1") + later}
        assert dialled(files) == ["setting DATABASES.default.HOST"], later


def test_a_replacement_inside_a_branch_does_not_kill_the_value():
    files = {"settings.py": DB.format(host="127.0.0.1") + "import os\nif os.getenv('PROD'):\n    "
             + DB.format(host="db")}
    assert dialled(files) == ["setting DATABASES.default.HOST"]


def test_a_trailing_star_import_of_a_file_the_project_lacks_overrides():
    tail = "try:\n    from .local_settings import *\nexcept ImportError:\n    pass\n"
    files = {"site/__init__.py": "", "site/settings.py": DB.format(host="127.0.0.1") + tail}
    assert dialled(files, "site/settings.py") == []


def test_a_trailing_star_import_overrides_only_the_names_its_module_binds():
    tail = "from .extra import *\n"
    files = {"site/__init__.py": "", "site/settings.py": DB.format(host="127.0.0.1") + tail,
             "site/extra.py": "TIME_ZONE = 'UTC'\n"}
    assert dialled(files, "site/settings.py") == ["setting DATABASES.default.HOST"]
    files["site/extra.py"] = DB.format(host="db")
    assert dialled(files, "site/settings.py") == []


def test_a_star_import_before_the_assignment_changes_nothing():
    files = {"site/__init__.py": "", "site/base.py": DB.format(host="db"),
             "site/settings.py": "from .base import *\n" + DB.format(host="127.0.0.1")}
    assert dialled(files, "site/settings.py") == ["setting DATABASES.default.HOST"]


# ------------------------------------------------------------------ self.attr replaced in its method

CLIENT = """\
import httpx


class Sidecar:
    def __init__(self, cfg):
        self.endpoint = "http://127.0.0.1:8765"
{replace}        self.client = httpx.AsyncClient(base_url=self.endpoint)
"""


def test_an_instance_attribute_default_replaced_in_the_same_method():
    files = {"c.py": CLIENT.format(replace="        if cfg.url:\n            self.endpoint = cfg.url\n")}
    result = flow_of(files, "c.py", "127.0.0.1")
    assert result.sinks == () and result.operator


def test_an_instance_attribute_carried_on_is_still_dialled():
    for replace in ("", '        self.endpoint = self.endpoint + "/v1"\n', '        self.endpoint += "/v1"\n'):
        files = {"c.py": CLIENT.format(replace=replace)}
        assert dialled(files, "c.py") == ["httpx.AsyncClient(base_url)"], replace


# ------------------------------------------------------------------ plain class attributes

def test_a_plain_class_attribute_is_not_a_settings_field():
    files = {"conf.py": 'class Cache:\n    redis_url = "redis://localhost"\n'}
    assert dialled(files, "conf.py", "redis://") == []


def test_a_settings_class_field_is_read_from_the_environment():
    base = "from pydantic_settings import BaseSettings\n\n\n"
    # (some code reads the field: one that nothing reads is dialled by nothing)
    reader = "\n\nvendor.attach(Cache().redis_url)\n"
    files = {"conf.py": base + 'class Cache(BaseSettings):\n    redis_url: str = "redis://localhost"\n' + reader}
    assert dialled(files, "conf.py", "redis://") == ["env:REDIS_URL"]
    files = {"conf.py": base + "class Base(BaseSettings):\n    pass\n\n\n"
             'class Cache(Base):\n    redis_url: str = "redis://localhost"\n' + reader}
    assert dialled(files, "conf.py", "redis://") == ["env:REDIS_URL"]


# ------------------------------------------------------------------ a function's fallback after an env read

def test_a_function_local_fallback_runs_only_when_the_variable_is_empty():
    files = {"app.py": "import os\nimport redis\n\n\ndef client():\n"
                       '    url = os.environ.get("REDIS_URL")\n    if not url:\n'
                       '        url = "redis://localhost:6379/0"\n    return redis.Redis.from_url(url)\n'}
    (sink,) = flow_of(files, "app.py", "redis://").sinks
    assert not sink.runs_with({"REDIS_URL": "redis://cache:6379/0"})
    assert sink.runs_with({})  # unset: the fallback is what it dials


def test_a_parameter_is_not_the_modules_variable_of_the_same_name():
    files = {"app.py": 'import os\nimport redis\nurl = os.environ.get("REDIS_URL")\n\n\ndef client(url):\n'
                       '    if not url:\n        url = "redis://localhost:6379/0"\n'
                       '    return redis.Redis.from_url(url)\n'}
    result = flow_of(files, "app.py", "redis://")
    # what the caller passes decides, as for `url or "redis://..."`: no environment gate (the
    # module's variable of the same name), and the branch is the fallback of a caller's value
    assert result.operator and not result.sinks
    files["app.py"] = files["app.py"].replace("def client(url):", "def client():\n    url = None")
    (sink,) = flow_of(files, "app.py", "redis://").sinks  # a local, not a parameter: still followed
    assert sink.gates == ()


# ------------------------------------------------------------------ argv checks of maintenance runs

ARGV = ('import sys, requests\nTESTING = sys.argv[1:2] == ["test"]\nFLUSHING = sys.argv[1:2] == ["flush"]\n'
        'if {test}:\n    requests.post("http://127.0.0.1:5555/auth")\n')


def test_an_or_of_maintenance_subcommand_checks_never_runs_in_a_service():
    for test in ("TESTING or FLUSHING", 'FLUSHING or "migrate" in sys.argv', "TESTING or sys.argv[1] == 'shell'"):
        (sink,) = flow_of({"s.py": ARGV.format(test=test)}, "s.py", "127.0.0.1").sinks
        assert not sink.runs_with({}), test


def test_a_lone_maintenance_check_or_one_beside_other_conditions_stays_unknown():
    # a one-shot service may be started with that very subcommand; an environment flag may be set
    for test in ("FLUSHING", 'FLUSHING or os.getenv("AUTH") == "1"', 'TESTING or sys.argv[1:2] == ["runserver"]'):
        files = {"s.py": "import os\n" + ARGV.format(test=test)}
        (sink,) = flow_of(files, "s.py", "127.0.0.1").sinks
        assert sink.runs_with({}), test


# ------------------------------------------------------------------ same module name, other file

def test_a_call_of_a_same_named_module_beside_the_caller_is_not_a_call_of_this_one():
    """`from client import Client` in `backend/server.py` imports `backend/client.py` (the
    script's directory comes first on sys.path), not `core/client.py`: its call without a
    host does not keep core's parameter default alive."""
    files = {
        "backend/server.py": "from client import Client\nfrom core.factory import make\nClient()\nmake().ask()\n",
        "backend/client.py": "class Client:\n    def __init__(self):\n        self.n = 1\n",
        "core/__init__.py": "",
        "core/client.py": ("import requests\nclass Client:\n    def __init__(self, host=\"http://localhost:11434\"):\n"
                           "        self.host = host\n    def ask(self):\n"
                           "        return requests.post(f\"{self.host}/api\")\n"),
        "core/factory.py": "import os\nfrom core.client import Client\ndef make():\n    return Client(host=os.environ[\"H\"])\n",
    }
    result = flow_of(files, "core/client.py", "http://localhost")
    assert result.overridden and result.sinks == ()
    del files["backend/client.py"]  # no module of that name beside it: the import is core's
    files["backend/server.py"] = "from core.client import Client\nfrom core.factory import make\nClient()\nmake().ask()\n"
    assert not flow_of(files, "core/client.py", "http://localhost").overridden
