"""A branch behind an environment variable the container does not set: `if os.getenv("CI"):`
is false there (the variable is unset, its read gives None), and so is `"CI" in os.environ`;
a variable set from the shell at run time stays unknown, and so do the ones Docker sets.
Also the port a flow finds after the host (`f"redis://{HOST}:6379/0"`)."""
from __future__ import annotations

from dockwise.flow import Flow
from dockwise.knowledge import default_knowledge

K = default_knowledge()


def runs(source: str, env: dict[str, str | None], needle: str = "127.0.0.1") -> bool:
    lines = source.split("\n")
    line, column = next((i + 1, t.index(needle) + 1) for i, t in enumerate(lines) if needle in t)
    files = {"settings.py": source}
    sinks = Flow(K, files.get, files).of("settings.py", line, column).sinks
    assert sinks, "the value reaches the setting"
    return any(s.runs_with(env) for s in sinks)


def settings(test: str) -> str:
    return ('import os\nDATABASES = {"default": {"HOST": os.environ["DB_HOST"]}}\n'
            f'if {test}:\n    DATABASES = {{"default": {{"HOST": "127.0.0.1"}}}}\n')


def test_an_unset_variable_is_false():
    for test in ('os.environ.get("CI")', 'os.getenv("CI")', '"CI" in os.environ', 'os.getenv("CI", "")'):
        assert not runs(settings(test), {"DB_HOST": "db"}), test
        assert runs(settings(test), {"DB_HOST": "db", "CI": "true"}), test


def test_not_in_environ_is_true_where_the_variable_is_unset():
    assert runs(settings('"CI" not in os.environ'), {"DB_HOST": "db"})
    assert not runs(settings('"CI" not in os.environ'), {"CI": "1"})


def test_a_variable_from_the_shell_or_set_by_docker_stays_unknown():
    assert runs(settings('os.getenv("CI")'), {"CI": None})  # `environment: [CI]`: from the shell
    assert runs(settings('os.getenv("CI") == "1"'), {"CI": None})
    assert runs(settings('os.getenv("HOSTNAME")'), {})


def test_the_port_written_after_a_host_in_an_f_string_is_the_port_dialled():
    src = 'import redis\nHOST = "127.0.0.1"\nr = redis.from_url(f"redis://{HOST}:6379/0")\n'
    files = {"cache.py": src}
    assert Flow(K, files.get, files).of("cache.py", 2, 9).port == 6379


def test_a_loopback_host_with_its_port_after_it_in_a_server_container_is_reported(tmp_path):
    from dockwise.config import Config
    from dockwise.engine import run_check
    from tests.conftest import make

    make(tmp_path, {
        "compose.yaml": "services:\n  web:\n    build: .\n    command: gunicorn -b 0.0.0.0:8000 app:application\n",
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n",
        "app.py": ('import redis\nHOST = "127.0.0.1"\nr = redis.from_url(f"redis://{HOST}:6379/0")\n'
                   "def application(environ, start_response):\n    return [r.get('k')]\n"),
    }, git=True)
    found = run_check([tmp_path], Config(cache=False)).active
    assert [(f.span.line, f.code) for f in found] == [(2, "DW101")]


def test_a_default_in_a_function_called_only_where_its_variable_is_set_never_runs():
    src = ('import os, requests\n'
           'def make_client():\n'
           '    url = os.getenv("VECTOR_URL", "http://localhost:8080")\n'
           '    return requests.Session().get(url)\n'
           'def setup():\n'
           '    if os.getenv("VECTOR_URL", None):\n'
           '        return make_client()\n'
           '    return None\n')
    files = {"store.py": src}
    assert Flow(K, files.get, files).of("store.py", 3, 36).overridden
    unguarded = src.replace('    if os.getenv("VECTOR_URL", None):\n        return make_client()\n',
                            '    return make_client()\n')
    files = {"store.py": unguarded}
    assert not Flow(K, files.get, files).of("store.py", 3, 36).overridden


def test_a_test_run_branch_never_runs_even_where_the_environment_is_unknown():
    # None: the service's environment cannot be read (an env_file the checkout lacks); a
    # condition on no variable (a test-run check) still decides, one on a variable does not
    assert not runs(settings('"pytest" in sys.modules or "unittest" in sys.modules'), None)
    assert runs(settings('os.getenv("CI")'), None)
    assert runs(settings('"CI" not in os.environ'), None)


def test_a_test_only_setting_is_not_reported_for_a_service_with_a_missing_env_file(tmp_path):
    from dockwise.config import Config
    from dockwise.engine import run_check
    from tests.conftest import make

    code = ('import sys\nimport requests\n'
            'UNDER_TEST = "pytest" in sys.modules\n'
            'FEED_URL = "https://feeds.example.org"\n'
            'if UNDER_TEST:\n    FEED_URL = "http://localhost:9123"\n'
            'class Feed:\n    def pull(self):\n        return requests.get(FEED_URL)\n'
            'Feed().pull()\n')
    make(tmp_path, {
        "compose.yaml": "services:\n  poller:\n    build: .\n    command: python feed.py\n"
                        "    env_file: [local.env]\n",
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n",
        "feed.py": code,
    }, git=True)
    found = run_check([tmp_path], Config(cache=False)).active
    assert found == ()
    make(tmp_path, {"feed.py": code.replace("if UNDER_TEST:", "if True:")})
    assert [(f.span.line, f.code) for f in run_check([tmp_path], Config(cache=False)).active] == [(6, "DW101")]
