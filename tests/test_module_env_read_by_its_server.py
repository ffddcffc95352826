"""A variable that names the app of one server (FLASK_APP: `rules/commands.yaml` app_env) is read
by that server only.  A service that inherits it (`extends`) but starts another program, a docs
preview server say, imports nothing it names: the runs stage took the module as an entry of any
container whose start command ran something other than tools, and judged the app's code there.
Where the start does run the server (or is not read whole) the module is still an entry."""
from __future__ import annotations

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

APP = ('import redis\n\n'
       'def make_app():\n'
       '    return None\n\n'
       'store = redis.Redis(host="localhost", port=6379)\n')


def findings(tmp_path, command: str) -> list[tuple[str, tuple[str, ...]]]:
    make(tmp_path, {
        "compose.yaml": ("services:\n"
                         "  common:\n"
                         "    build: .\n"
                         "    environment:\n"
                         "      FLASK_APP: shopfront.site:make_app\n"
                         "  manual:\n"
                         "    extends: common\n"
                         f"    command: {command}\n"
                         "  store:\n"
                         "    image: redis:7\n"),
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "shopfront/__init__.py": "",
        "shopfront/site.py": APP,
        "guide/conf.py": "project = 'guide'\n",
    }, git=True)
    return sorted((f.span.path, tuple(f.services)) for f in run_check([tmp_path], Config(cache=False)).active
                  if "manual" in f.services)


def test_a_docs_server_reads_no_flask_app(tmp_path):
    assert findings(tmp_path, "sphinx-autobuild guide out --host 0.0.0.0") == []


def test_the_flask_cli_imports_the_app_the_variable_names(tmp_path):
    # recall guard: the same inherited variable under a start that runs flask
    assert findings(tmp_path, "flask run --host 0.0.0.0") == [("shopfront/site.py", ("manual",))]


def test_python_dash_m_flask_reads_it_too(tmp_path):
    assert findings(tmp_path, "python -m flask run --host 0.0.0.0") == [("shopfront/site.py", ("manual",))]


def test_an_unknown_program_keeps_the_module(tmp_path):
    # a start not read whole may run anything that reads it
    assert findings(tmp_path, "./start-everything") == [("shopfront/site.py", ("manual",))]


def test_a_program_a_variable_names_keeps_the_module(tmp_path):
    # `sh -c "$RUN"`: whatever the variable holds may be the server that reads it
    assert findings(tmp_path, "[\"sh\", \"-c\", \"$$RUN\"]") == [("shopfront/site.py", ("manual",))]
