"""dockwise.layout.startcmd: servers, binds, ports, Python targets and healthcheck probes."""
from __future__ import annotations

import random

import pytest

from dockwise.knowledge import Commands, Knowledge, Probe, Server, Wrapper, default_knowledge
from dockwise.layout.dockerfile import parse_dockerfile
from dockwise.layout.model import Command, EnvVar
from dockwise.layout.shell import split_plain, split_shell
from dockwise.layout.startcmd import (
    PythonTarget,
    analyze_command,
    combine_commands,
    container_paths,
    healthcheck_info,
    split_hostport,
    url_host,
)
from dockwise.model import HOLE, Text

K = default_knowledge()
PATH = "compose.yaml"
LINE, COL = 4, 14


def toks(cmd: str):
    return split_plain(cmd, PATH, LINE, COL)


def analyze(cmd: str, working_dir: str | None = "/app", env=None):
    return analyze_command(toks(cmd), K, working_dir=working_dir, env=env)


def at(cmd: str, text: Text) -> str:
    """The command text where ``text`` claims to be written (one line, offset COL)."""
    span = text.span(0, len(text.value))
    assert span is not None and span.path == PATH and span.line == LINE, text
    return cmd[span.column - COL : span.end_column - COL]


# --------------------------------------------------------------------------- servers


SERVER_CASES = [
    # cmd, server, bind host (None: default), bind_default, ports
    ("flask run", "flask", None, "127.0.0.1", (5000,)),
    ("flask run --host=0.0.0.0", "flask", "0.0.0.0", None, (5000,)),
    ("flask run -h 127.0.0.1 -p 5001", "flask", "127.0.0.1", None, (5001,)),
    ("flask --app hello run --debug --port 8000", "flask", None, "127.0.0.1", (8000,)),
    ("python -m flask run --host 0.0.0.0", "flask", "0.0.0.0", None, (5000,)),
    ("uvicorn main:app", "uvicorn", None, "127.0.0.1", (8000,)),
    ("uvicorn main:app --host 127.0.0.1 --port 8001 --reload", "uvicorn", "127.0.0.1", None, (8001,)),
    ("uvicorn --port=9000 --host=0.0.0.0 app.main:app", "uvicorn", "0.0.0.0", None, (9000,)),
    ("python -m uvicorn main:app --host ::", "uvicorn", "::", None, (8000,)),
    ("gunicorn app:app", "gunicorn", None, "127.0.0.1", (8000,)),
    ("gunicorn --bind 127.0.0.1:8000 app:app", "gunicorn", "127.0.0.1", None, (8000,)),
    ("gunicorn -b 0.0.0.0:8080 -w 4 app:app", "gunicorn", "0.0.0.0", None, (8080,)),
    ("gunicorn --bind=0.0.0.0:5000 app:app", "gunicorn", "0.0.0.0", None, (5000,)),
    ("gunicorn -b0.0.0.0:7000 app:app", "gunicorn", "0.0.0.0", None, (7000,)),
    ("gunicorn -b [::1]:8000 app:app", "gunicorn", "::1", None, (8000,)),
    ("gunicorn -b 0.0.0.0 app:app", "gunicorn", "0.0.0.0", None, (8000,)),
    ("gunicorn -b :8000 app:app", "gunicorn", "", None, (8000,)),
    ("gunicorn -k uvicorn.workers.UvicornWorker --log-level info main:app", "gunicorn", None, "127.0.0.1", (8000,)),
    ("hypercorn main:app", "hypercorn", None, "127.0.0.1", (8000,)),
    ("hypercorn --bind 127.0.0.1:9000 main:app", "hypercorn", "127.0.0.1", None, (9000,)),
    ("daphne proj.asgi:application", "daphne", None, "127.0.0.1", (8000,)),
    ("daphne -b 0.0.0.0 -p 8001 proj.asgi:application", "daphne", "0.0.0.0", None, (8001,)),
    ("granian --interface asgi main:app", "granian", None, "127.0.0.1", (8000,)),
    ("granian --interface asgi --host 0.0.0.0 --port 8002 main:app", "granian", "0.0.0.0", None, (8002,)),
    ("python manage.py runserver", "django", None, "127.0.0.1", (8000,)),
    ("python manage.py runserver 0.0.0.0:8000", "django", "0.0.0.0", None, (8000,)),
    ("python manage.py runserver 127.0.0.1:9000", "django", "127.0.0.1", None, (9000,)),
    ("python manage.py runserver 8080", "django", None, "127.0.0.1", (8080,)),
    ("python manage.py runserver -6", "django", None, "::1", (8000,)),
    ("python manage.py runserver [::]:8000", "django", "::", None, (8000,)),
    ("django-admin runserver 0:8000 --settings=x.settings", "django", "0", None, (8000,)),
    ("python -m django runserver", "django", None, "127.0.0.1", (8000,)),
    ("celery -A proj flower", "flower", None, "0.0.0.0", (5555,)),
    ("celery --broker=redis://redis:6379/0 flower --port=5556 --address=127.0.0.1", "flower", "127.0.0.1", None, (5556,)),
    ("streamlit run app.py", "streamlit", None, "0.0.0.0", (8501,)),
    ("streamlit run app.py --server.address 127.0.0.1 --server.port 8502", "streamlit", "127.0.0.1", None, (8502,)),
    ("jupyter lab", "jupyter", None, "localhost", (8888,)),
    ("jupyter notebook --ip=0.0.0.0 --port=8889 --no-browser", "jupyter", "0.0.0.0", None, (8889,)),
    ("python -m http.server", "http.server", None, "0.0.0.0", (8000,)),
    ("python3 -m http.server 9000 --bind 127.0.0.1", "http.server", "127.0.0.1", None, (9000,)),
    ("fastapi run main.py", "fastapi run", None, "0.0.0.0", (8000,)),
    ("fastapi dev main.py", "fastapi dev", None, "127.0.0.1", (8000,)),
    ("fastapi run --host 127.0.0.1 --port 80 app/main.py", "fastapi run", "127.0.0.1", None, (80,)),
    ("waitress-serve app:app", "waitress", None, "0.0.0.0", (8080,)),
    ("waitress-serve --listen=127.0.0.1:8081 app:app", "waitress", "127.0.0.1", None, (8081,)),
    ("waitress-serve --host 127.0.0.1 --port=8082 app:app", "waitress", "127.0.0.1", None, (8082,)),
    ("sanic server.app --host=0.0.0.0 --port=1337", "sanic", "0.0.0.0", None, (1337,)),
    ("litestar run", "litestar", None, "127.0.0.1", (8000,)),
    ("python -m aiohttp.web -H 0.0.0.0 -P 8080 pkg.mod:init", "aiohttp", "0.0.0.0", None, (8080,)),
    ("mkdocs serve -a 0.0.0.0:8000", "mkdocs", "0.0.0.0", None, (8000,)),
    ("datasette serve data.db", "datasette", None, "127.0.0.1", (8001,)),
    ("datasette data.db -h 0.0.0.0", "datasette", "0.0.0.0", None, (8001,)),
    ("mlflow server --host 0.0.0.0", "mlflow", "0.0.0.0", None, (5000,)),
    ("mlflow ui", "mlflow", None, "127.0.0.1", (5000,)),
    ("dagster dev -h 0.0.0.0 -p 3001", "dagster", "0.0.0.0", None, (3001,)),
]


@pytest.mark.parametrize("cmd, server, host, default, ports", SERVER_CASES, ids=[c[0] for c in SERVER_CASES])
def test_servers(cmd, server, host, default, ports):
    info = analyze(cmd)
    assert info.server == server
    if host is None:
        assert info.bind is None
    else:
        assert info.bind is not None and info.bind.value == host
        if host:
            assert at(cmd, info.bind) == host  # the located host is exactly the host text
    assert info.bind_default == default
    assert info.ports == ports
    assert info.program is not None and info.program.value in cmd


@pytest.mark.parametrize(
    "cmd",
    [
        "flask db upgrade",
        "python manage.py migrate",
        "python manage.py collectstatic --noinput",
        "celery -A tasks worker --loglevel=info",
        "celery -A tasks beat",
        "python -m flask routes",
        "python app.py",
        "mkdocs build",
        "alembic upgrade head",
        "",
    ],
)
def test_not_servers(cmd):
    info = analyze(cmd)
    assert info.server is None and info.bind is None and info.bind_default is None and info.ports == ()


def test_program_token_located():
    cmd = "exec gunicorn app:app"
    info = analyze(cmd)
    assert at(cmd, info.program) == "gunicorn"


def test_unix_socket_binds_have_no_tcp_host():
    for cmd in ("uvicorn main:app --uds /tmp/app.sock", "gunicorn -b unix:/tmp/g.sock app:app", "daphne -u /tmp/d.sock app:a"):
        info = analyze(cmd)
        assert info.server is not None
        assert info.bind is None and info.bind_default is None and info.ports == ()
        assert info.servers[0].no_tcp


def test_gunicorn_several_binds_and_config():
    cmd = "gunicorn -b 127.0.0.1:8000 -b 0.0.0.0:9000 -c conf/gunicorn.py app:app"
    info = analyze(cmd)
    s = info.servers[0]
    assert [b.value for b in s.binds] == ["127.0.0.1", "0.0.0.0"]
    assert [at(cmd, b) for b in s.binds] == ["127.0.0.1", "0.0.0.0"]
    assert info.ports == (8000, 9000)
    assert s.config_files == ("conf/gunicorn.py",)
    assert analyze("gunicorn app:app").servers[0].config_files == ("gunicorn.conf.py",)


def test_port_texts_located():
    cmd = "uvicorn main:app --port 8001"
    s = analyze(cmd).servers[0]
    assert [at(cmd, p) for p in s.port_texts] == ["8001"]
    cmd = "gunicorn -b 0.0.0.0:8002 app:app"
    assert [at(cmd, p) for p in analyze(cmd).servers[0].port_texts] == ["8002"]


# --------------------------------------------------------------------------- variables and environment


def test_variable_default_is_located():
    cmd = "uvicorn main:app --host ${HOST:-127.0.0.1} --port ${PORT:-9000}"
    info = analyze(cmd)
    assert info.bind.value == "127.0.0.1" and at(cmd, info.bind) == "127.0.0.1"
    assert info.ports == (9000,)


def test_unknown_variable_host_is_a_hole():
    info = analyze("uvicorn main:app --host $HOST --port $PORT")
    assert info.bind.value == HOLE
    assert info.bind_default is None
    assert info.ports == (8000,)


def test_variables_from_env_mapping_and_envvars():
    env_text = Text.verbatim("0.0.0.0", ".env", 2, 6)
    info = analyze("uvicorn main:app --host $HOST --port $PORT", env={"HOST": env_text, "PORT": "7000"})
    assert info.bind is env_text and info.ports == (7000,)
    envvars = (EnvVar("PORT", Text("7001"), origin="dockerfile"),)
    assert analyze("gunicorn -b 0.0.0.0:$PORT app:app", env=envvars).ports == (7001,)


def test_server_environment_settings():
    host = Text.verbatim("0.0.0.0", PATH, 9, 24)
    info = analyze("flask run", env={"FLASK_RUN_HOST": host, "FLASK_RUN_PORT": "5005"})
    assert info.bind is host and info.bind_default is None and info.ports == (5005,)
    assert info.servers[0].host_source == "env:FLASK_RUN_HOST"
    info = analyze("uvicorn main:app", env={"UVICORN_HOST": "0.0.0.0"})
    assert info.bind.value == "0.0.0.0"
    info = analyze("gunicorn app:app", env={"GUNICORN_CMD_ARGS": "--bind=0.0.0.0:8500 --workers=3"})
    assert info.bind.value == "0.0.0.0" and info.ports == (8500,)
    # the command line wins over GUNICORN_CMD_ARGS
    info = analyze("gunicorn -b 127.0.0.1:8000 app:app", env={"GUNICORN_CMD_ARGS": "--bind=0.0.0.0:8500"})
    assert info.bind.value == "127.0.0.1"


def test_gunicorn_binds_every_interface_where_port_is_set():
    # gunicorn's bind setting: "If the PORT environment variable is defined, the default is
    # ['0.0.0.0:$PORT']"; an explicit bind (or GUNICORN_CMD_ARGS) still wins
    info = analyze("gunicorn app:app", env={"PORT": "8100"})
    assert info.bind is None and info.bind_default == "0.0.0.0" and info.ports == (8100,)
    assert analyze("gunicorn app:app", env={"PORT": HOLE}).bind_default == "0.0.0.0"
    assert analyze("gunicorn app:app").bind_default == "127.0.0.1"
    info = analyze("gunicorn -b 127.0.0.1:8000 app:app", env={"PORT": "8100"})
    assert info.bind.value == "127.0.0.1" and info.ports == (8000,)
    info = analyze("gunicorn app:app", env={"PORT": "8100", "GUNICORN_CMD_ARGS": "--bind=127.0.0.1:9000"})
    assert info.bind.value == "127.0.0.1" and info.ports == (9000,)
    # another server does not read PORT for its bind
    assert analyze("uvicorn main:app", env={"PORT": "8100"}).bind_default == "127.0.0.1"


def test_inline_assignments_and_env_wrapper():
    cmd = "FLASK_RUN_HOST=0.0.0.0 flask run"
    info = analyze(cmd)
    assert info.bind.value == "0.0.0.0" and at(cmd, info.bind) == "0.0.0.0"
    cmd = "env -u X FLASK_RUN_HOST=0.0.0.0 flask run"
    info = analyze(cmd)
    assert at(cmd, info.bind) == "0.0.0.0"


def test_export_in_script():
    cmd = "sh -c 'export UVICORN_HOST=0.0.0.0; uvicorn main:app'"
    info = analyze(cmd)
    assert info.bind.value == "0.0.0.0" and at(cmd, info.bind) == "0.0.0.0"


# --------------------------------------------------------------------------- wrappers


WRAPPED = [
    "sh -c 'gunicorn -b 127.0.0.1:8000 app:app'",
    'bash -c "gunicorn -b 127.0.0.1:8000 app:app"',
    "/bin/sh -ec 'gunicorn -b 127.0.0.1:8000 app:app'",
    "bash -o pipefail -c 'gunicorn -b 127.0.0.1:8000 app:app'",
    "exec gunicorn -b 127.0.0.1:8000 app:app",
    "sh -c 'python manage.py migrate && exec gunicorn -b 127.0.0.1:8000 app:app'",
    "sh -c 'python manage.py migrate; gunicorn -b 127.0.0.1:8000 app:app > /dev/null 2>&1'",
    "env A=b gunicorn -b 127.0.0.1:8000 app:app",
    "poetry run gunicorn -b 127.0.0.1:8000 app:app",
    "pipenv run gunicorn -b 127.0.0.1:8000 app:app",
    "uv run --with gunicorn gunicorn -b 127.0.0.1:8000 app:app",
    "pdm run gunicorn -b 127.0.0.1:8000 app:app",
    "dumb-init gunicorn -b 127.0.0.1:8000 app:app",
    "dumb-init -- gunicorn -b 127.0.0.1:8000 app:app",
    "tini -- gunicorn -b 127.0.0.1:8000 app:app",
    "/usr/bin/tini -s -- gunicorn -b 127.0.0.1:8000 app:app",
    "opentelemetry-instrument --traces_exporter console --service_name api gunicorn -b 127.0.0.1:8000 app:app",
    "newrelic-admin run-program gunicorn -b 127.0.0.1:8000 app:app",
    "ddtrace-run gunicorn -b 127.0.0.1:8000 app:app",
    "gosu app gunicorn -b 127.0.0.1:8000 app:app",
    "python -m gunicorn -b 127.0.0.1:8000 app:app",
    "./docker-entrypoint.sh gunicorn -b 127.0.0.1:8000 app:app",
    "sh /entrypoint.sh gunicorn -b 127.0.0.1:8000 app:app",
    "wait-for-it.sh db:5432 -t 30 -- gunicorn -b 127.0.0.1:8000 app:app",
    "dockerize -wait tcp://db:5432 -timeout 60s gunicorn -b 127.0.0.1:8000 app:app",
    "watchmedo auto-restart --directory=. --pattern=*.py --recursive -- gunicorn -b 127.0.0.1:8000 app:app",
    "sh -c 'cd /srv && exec tini -- env X=1 poetry run gunicorn -b 127.0.0.1:8000 app:app'",
    "timeout 3600 gunicorn -b 127.0.0.1:8000 app:app",
    "/usr/local/bin/gunicorn -b 127.0.0.1:8000 app:app",
    "sh -c 'if true; then gunicorn -b 127.0.0.1:8000 app:app; fi'",
]


@pytest.mark.parametrize("cmd", WRAPPED)
def test_wrappers(cmd):
    info = analyze(cmd)
    assert info.server == "gunicorn"
    assert info.bind.value == "127.0.0.1"
    assert at(cmd, info.bind) == "127.0.0.1"  # located through every level of quoting
    assert info.ports == (8000,)
    mods = [t for t in info.python_targets if t.kind == "module"]
    assert [(t.value, t.attr, t.main) for t in mods] == [("app", "app", False)]


def test_wrapper_without_command_does_nothing():
    for cmd in ("poetry install", "tini --", "wait-for-it.sh db:5432", "env", "exec", "sh -c"):
        info = analyze(cmd)
        assert info.server is None and info.python_targets == ()


def test_script_with_escaped_quotes_is_located():
    cmd = 'sh -c "gunicorn --access-logformat \\"%(h)s\\" -b 127.0.0.1:8000 app:app"'
    info = analyze(cmd)
    assert info.bind.value == "127.0.0.1" and at(cmd, info.bind) == "127.0.0.1"


def test_exec_form_with_shell_script_from_dockerfile():
    src = 'FROM x\nWORKDIR /app\nCMD ["sh", "-c", "alembic upgrade head && uvicorn main:app --host 127.0.0.1"]\n'
    df = parse_dockerfile(src, "Dockerfile")
    info = analyze_command(df.cmd.tokens, K, working_dir=df.cmd.working_dir)
    assert info.server == "uvicorn"
    span = info.bind.span(0, len(info.bind.value))
    line = src.split("\n")[span.line - 1]
    assert line[span.column - 1 : span.end_column - 1] == "127.0.0.1"
    assert container_paths(info) == ("/app/main.py", "/app/main/__init__.py")


def test_multiline_script_block():
    text = Text("set -e\npython manage.py migrate\nexec gunicorn -b 0.0.0.0:8000 mysite.wsgi")
    info = analyze_command([Text("sh"), Text("-c"), text], K, working_dir="/code")
    assert info.server == "gunicorn" and info.bind.value == "0.0.0.0"
    assert [t.value for t in info.python_targets] == ["manage.py", "mysite.wsgi"]


def test_command_object_is_accepted():
    cmd = Command(tuple(toks("python app.py")), shell=True, origin="compose", working_dir="/srv")
    info = analyze_command(cmd, K)
    assert info.working_dir == "/srv"
    assert container_paths(info) == ("/srv/app.py",)


def test_several_servers():
    info = analyze("sh -c 'celery -A proj flower & gunicorn -b 0.0.0.0:8000 proj.wsgi'")
    assert [s.name for s in info.servers] == ["flower", "gunicorn"]
    assert info.server == "flower"
    assert info.ports == (5555, 8000)


def test_debugpy_listener_and_program():
    cmd = "python -m debugpy --listen 0.0.0.0:5678 --wait-for-client -m app.main"
    info = analyze(cmd)
    assert info.server == "debugpy" and at(cmd, info.bind) == "0.0.0.0" and info.ports == (5678,)
    assert [(t.kind, t.value, t.main) for t in info.python_targets] == [("module", "app.main", True)]
    info = analyze("python -m debugpy --listen 5678 app.py")
    assert info.bind is None and info.bind_default == "127.0.0.1"
    assert [t.value for t in info.python_targets] == ["app.py"]


# --------------------------------------------------------------------------- python targets


TARGET_CASES = [
    ("python app.py", [("script", "app.py", True)], ("/app/app.py",)),
    ("python3 -u app.py --flag", [("script", "app.py", True)], ("/app/app.py",)),
    ("python3.12 -X dev -W ignore src/run.py", [("script", "src/run.py", True)], ("/app/src/run.py",)),
    ("python -Wignore -um app.worker", [("module", "app.worker", True)],
     ("/app/app/worker.py", "/app/app/worker/__init__.py", "/app/app/worker/__main__.py")),
    ("python -m app.worker", [("module", "app.worker", True)],
     ("/app/app/worker.py", "/app/app/worker/__init__.py", "/app/app/worker/__main__.py")),
    ("python /opt/tools/run.py", [("script", "/opt/tools/run.py", True)], ("/opt/tools/run.py",)),
    ("./manage.py runserver", [("script", "./manage.py", True)], ("/app/manage.py",)),
    ("gunicorn app:app", [("module", "app", False)], ("/app/app.py", "/app/app/__init__.py")),
    ("gunicorn --chdir src app:app", [("module", "app", False)], ("/app/src/app.py", "/app/src/app/__init__.py")),
    ("uvicorn app.main:app", [("module", "app.main", False)], ("/app/app/main.py", "/app/app/main/__init__.py")),
    ("uvicorn --app-dir /srv main:app", [("module", "main", False)], ("/srv/main.py", "/srv/main/__init__.py")),
    ("uvicorn --factory app.main:create_app", [("module", "app.main", False)], ("/app/app/main.py", "/app/app/main/__init__.py")),
    ("celery -A tasks worker", [("module", "tasks", False)], ("/app/tasks.py", "/app/tasks/__init__.py")),
    ("celery --app=shop.tasks worker -l info", [("module", "shop.tasks", False)], ("/app/shop/tasks.py", "/app/shop/tasks/__init__.py")),
    ("celery -A proj flower", [("module", "proj", False)], ("/app/proj.py", "/app/proj/__init__.py")),
    ("flask --app hello run", [("module", "hello", False)], ("/app/hello.py", "/app/hello/__init__.py")),
    ("flask --app 'hello:create_app()' run", [("module", "hello", False)], ("/app/hello.py", "/app/hello/__init__.py")),
    ("streamlit run dashboard.py", [("script", "dashboard.py", True)], ("/app/dashboard.py",)),
    ("fastapi run app/main.py", [("script", "app/main.py", False)], ("/app/app/main.py",)),
    ("python -c 'import app; app.main()'", [("code", "import app; app.main()", True)], ()),
    ("dramatiq -p 2 workers.tasks", [("module", "workers.tasks", False)], ("/app/workers/tasks.py", "/app/workers/tasks/__init__.py")),
    ("arq worker.WorkerSettings", [("module", "worker.WorkerSettings", False)],
     ("/app/worker/WorkerSettings.py", "/app/worker/WorkerSettings/__init__.py")),
    ("nameko run --config config.yml gateway", [("module", "gateway", False)], ("/app/gateway.py", "/app/gateway/__init__.py")),
    ("nameko run --broker amqp://q orders.service:Orders billing", [("module", "orders.service", False), ("module", "billing", False)],
     ("/app/orders/service.py", "/app/orders/service/__init__.py", "/app/billing.py", "/app/billing/__init__.py")),
    ("nameko shell --config config.yml", [], ()),
    ("sh -c 'cd src && python main.py'", [("script", "main.py", True)], ("/app/src/main.py",)),
    ("pytest -q", [], ()),
    ("python -m uvicorn main:app", [("module", "main", False)], ("/app/main.py", "/app/main/__init__.py")),
]


@pytest.mark.parametrize("cmd, targets, paths", TARGET_CASES, ids=[c[0] for c in TARGET_CASES])
def test_python_targets(cmd, targets, paths):
    info = analyze(cmd)
    assert [(t.kind, t.value, t.main) for t in info.python_targets] == targets
    assert container_paths(info) == paths
    for t in info.python_targets:
        if t.kind != "code":
            assert at(cmd, t.text) == t.value  # located as written


def test_flask_app_from_env():
    info = analyze("flask run", env={"FLASK_APP": "wsgi"})
    assert [(t.kind, t.value) for t in info.python_targets] == [("module", "wsgi")]


def test_container_paths_without_working_dir_and_main_only():
    info = analyze("sh -c 'python seed.py && gunicorn app:app'", working_dir=None)
    assert container_paths(info) == ("/seed.py", "/app.py", "/app/__init__.py")
    assert container_paths(info, main_only=True) == ("/seed.py",)
    assert container_paths([PythonTarget("module", "a.b", working_dir="/x", main=False)]) == ("/x/a/b.py", "/x/a/b/__init__.py")


def test_shell_scripts_recorded():
    info = analyze("sh -c './scripts/start.sh'")
    assert info.shell_scripts == ("./scripts/start.sh",)
    assert analyze("bash run.sh").shell_scripts == ("run.sh",)


# --------------------------------------------------------------------------- healthchecks


def H(*values: str) -> list[Text]:
    out, col = [], 10
    for v in values:
        out.append(Text.verbatim(v, PATH, 20, col))
        col += len(v) + 4
    return out


def hc_at(text: Text) -> tuple[int, int]:
    span = text.span(0, len(text.value))
    return span.line, span.column


def test_healthcheck_curl_cmd_form():
    tokens = H("CMD", "curl", "-fsS", "-H", "X: y", "http://localhost:8000/health")
    info = healthcheck_info(tokens, K)
    assert info.program == "curl" and not info.disabled
    assert [h.value for h in info.hosts] == ["localhost"]
    url = tokens[5]
    start = url.span(0, 1).column
    assert hc_at(info.hosts[0]) == (20, start + len("http://"))
    assert info.probes[0].ports == (8000,)
    assert not info.localhost_ipv6_first  # curl tries both address families


def test_healthcheck_cmd_shell_wget_localhost_is_ipv6_first():
    script = Text.verbatim("wget -qO- http://localhost:${PORT:-8080}/ping || exit 1", PATH, 30, 20)
    info = healthcheck_info([Text("CMD-SHELL"), script], K)
    assert info.program == "wget"
    host = info.hosts[0]
    assert host.value == "localhost" and host.span(0, 9).column == 20 + len("wget -qO- http://")
    assert info.probes[0].ports == (8080,)
    assert info.localhost_ipv6_first
    info = healthcheck_info([Text("CMD-SHELL"), Text("wget --spider -q http://127.0.0.1:8080/")], K)
    assert [h.value for h in info.hosts] == ["127.0.0.1"] and not info.localhost_ipv6_first


@pytest.mark.parametrize(
    "tokens, program, hosts, ports",
    [
        (["CMD-SHELL", "pg_isready -h localhost -U app"], "pg_isready", ["localhost"], ()),
        (["CMD-SHELL", "pg_isready -U app -p 5433"], "pg_isready", [], (5433,)),
        (["CMD", "redis-cli", "-h", "127.0.0.1", "ping"], "redis-cli", ["127.0.0.1"], ()),
        (["CMD", "redis-cli", "-u", "redis://localhost:6380", "ping"], "redis-cli", ["localhost"], (6380,)),
        (["CMD", "mysqladmin", "ping", "-h", "localhost"], "mysqladmin", ["localhost"], ()),
        (["CMD-SHELL", "nc -z localhost 5432 || exit 1"], "nc", ["localhost"], (5432,)),
        (["CMD", "grpc_health_probe", "-addr=localhost:50051"], "grpc_health_probe", ["localhost"], (50051,)),
        (["CMD", "wget", "-q", "-O", "-", "localhost:8000/health"], "wget", ["localhost"], (8000,)),
        (["CMD-SHELL", "curl -f http://user:pw@[::1]:9000/ || exit 1"], "curl", ["::1"], (9000,)),
        (["CMD-SHELL", "sh -c 'curl -f http://web:8000/'"], "curl", ["web"], (8000,)),
        ("curl -f http://localhost/".split(), "curl", ["localhost"], ()),
    ],
)
def test_healthcheck_probes(tokens, program, hosts, ports):
    info = healthcheck_info([Text(t) for t in tokens], K)
    assert info.program == program
    assert [h.value for h in info.hosts] == hosts
    assert info.probes[0].ports == ports


def test_healthcheck_none_and_python_script():
    assert healthcheck_info([Text("NONE")], K).disabled
    info = healthcheck_info([Text("CMD"), Text("python"), Text("healthcheck.py")], K, working_dir="/app")
    assert info.program is None and info.hosts == ()
    assert container_paths(info) == ("/app/healthcheck.py",)


def test_healthcheck_from_dockerfile_command():
    src = "FROM x\nWORKDIR /app\nHEALTHCHECK CMD wget -q --spider http://localhost:8000/ || exit 1\n"
    df = parse_dockerfile(src, "Dockerfile")
    info = healthcheck_info(df.healthcheck, K)
    host = info.hosts[0]
    span = host.span(0, len(host.value))
    assert src.split("\n")[2][span.column - 1 : span.end_column - 1] == "localhost"
    assert info.localhost_ipv6_first


# --------------------------------------------------------------------------- helpers


def test_combine_commands():
    ep = Command((Text("tini"), Text("--")), shell=False, origin="dockerfile")
    cmd = Command((Text("python"), Text("app.py")), shell=False, origin="dockerfile", working_dir="/app")
    both = combine_commands(ep, cmd)
    assert [t.value for t in both.tokens] == ["tini", "--", "python", "app.py"] and both.working_dir == "/app"
    shell_ep = Command((Text("run.sh"),), shell=True)
    assert combine_commands(shell_ep, cmd) is shell_ep
    assert combine_commands(None, cmd) is cmd
    assert combine_commands(ep, None) is ep


@pytest.mark.parametrize(
    "value, host, port",
    [
        ("127.0.0.1:8000", "127.0.0.1", "8000"),
        ("[::1]:8000", "::1", "8000"),
        ("[::]", "::", None),
        ("::", "::", None),
        (":8000", "", "8000"),
        ("8000", None, "8000"),
        ("0.0.0.0", "0.0.0.0", None),
        ("tcp://0.0.0.0:9000", "0.0.0.0", "9000"),
        ("localhost:${PORT:-80}", "localhost", "${PORT:-80}"),
    ],
)
def test_split_hostport(value, host, port):
    h, p = split_hostport(Text.verbatim(value, "f", 1, 1))
    assert (h.value if h is not None else None) == host
    assert (p.value if p is not None else None) == port


def test_url_host():
    h, p, scheme = url_host(Text("https://u:p@api.example.com:8443/x?y=1"))
    assert (h.value, p.value, scheme) == ("api.example.com", "8443", "https")
    h, p, scheme = url_host(Text("localhost/health"))
    assert (h.value, p, scheme) == ("localhost", None, None)


# --------------------------------------------------------------------------- knowledge is data


def test_servers_come_from_the_knowledge():
    custom = Knowledge(commands=Commands(servers=(
        Server(name="myserve", programs=("myserve",), host_options=("--iface",), port_options=("--p",),
               default_host="127.0.0.2", default_port=1234, app="positional"),
    )))
    info = analyze_command(toks("myserve mod:app"), custom)
    assert (info.server, info.bind_default, info.ports) == ("myserve", "127.0.0.2", (1234,))
    info = analyze_command(toks("myserve --iface 0.0.0.0 --p 1 mod:app"), custom)
    assert (info.bind.value, info.ports) == ("0.0.0.0", (1,))
    # without the knowledge, gunicorn is not known: no server
    assert analyze_command(toks("gunicorn app:app"), custom).server is None
    assert analyze_command(toks("gunicorn app:app"), Knowledge()).server is None


def test_sparse_knowledge_never_raises():
    # a malformed table is the loader's KnowledgeError (tests/test_knowledge_types.py); a
    # well-typed but bare one reads commands as unknown
    bare = Knowledge(commands=Commands(servers=(Server(name="x"),), probes=(Probe(),), wrappers=(Wrapper(),)))
    info = analyze_command(toks("x --host 1 && python app.py"), bare)
    assert info.server is None
    healthcheck_info([Text("CMD"), Text("curl"), Text("http://localhost")], bare)


def test_random_commands_never_raise():
    rng = random.Random(7)
    words = ["sh", "-c", "'", '"', "gunicorn", "-b", "127.0.0.1:8000", "&&", "||", ";", "|", "python", "-m", "-c",
             "app:app", "exec", "tini", "--", "env", "A=b", "$PORT", "${X:-1}", "--host", "flask", "run", "manage.py",
             "runserver", "celery", "-A", "poetry", "run", "2>&1", ">", "(", ")", "\\", "curl", "wget", "NONE", "CMD"]
    for _ in range(1500):
        cmd = " ".join(rng.choice(words) for _ in range(rng.randint(0, 25)))
        info = analyze(cmd)
        container_paths(info)
        healthcheck_info(toks(cmd), K)
    assert analyze_command(None, K).server is None  # type: ignore[arg-type]
    assert analyze_command([None, 3, "python", "x.py"], K).python_targets[0].value == "x.py"  # type: ignore[list-item]


def test_deep_nesting_is_bounded():
    nested = Text("gunicorn -b 127.0.0.1:8000 app:app")
    for _ in range(6):  # quoting grows fourfold per level
        nested = Text("sh -c " + "'" + nested.value.replace("'", "'\\''") + "'")
    info = analyze_command(split_shell(nested), K)
    assert info.server == "gunicorn" and info.bind.value == "127.0.0.1"
    # wrappers inside wrappers: the walk stops at a fixed depth instead of recursing forever
    deep = analyze_command(toks("exec " * 500 + "gunicorn app:app"), K)
    assert deep.server is None
