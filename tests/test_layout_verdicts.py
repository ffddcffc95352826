"""Verdicts that depend on how the layout is assembled: environment and env_file fallbacks,
healthcheck scripts, files run by several services, .env interpolation, override and
variant files, monorepos, Dockerfile-only projects, server binds (DW201), wget
healthchecks (DW202) and Kafka advertised listeners (DW109)."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n"


def run(tmp_path: Path, files: dict[str, str], *paths: str, **cfg):
    make(tmp_path, files, git=True)
    return run_check([tmp_path / p for p in paths] or [tmp_path], Config(**cfg))


def check(tmp_path: Path, files: dict[str, str], *paths: str, **cfg):
    result = run(tmp_path, files, *paths, **cfg)
    assert result.errors == (), result.errors
    return list(result.active)


def sug(f) -> str | None:
    if f.suggestion is None:
        return None
    return f"{f.suggestion.host}:{f.suggestion.port}" if f.suggestion.port is not None else f.suggestion.host


def summary(findings) -> list[tuple]:
    return [(f.span.path, f.span.line, f.code, sug(f)) for f in findings]


def at(tmp_path: Path, f) -> str:
    """The text a finding's span covers."""
    line = (tmp_path / f.span.path).read_text(encoding="utf-8").splitlines()[f.span.line - 1]
    return line[f.span.column - 1:f.span.end_column - 1]


REDIS = "  redis:\n    image: redis:7\n"
# a module that dials redis on loopback (line 2): a finding needs evidence that the value is dialled
DIALLED = 'import redis\nU = redis.from_url("redis://localhost:6379/0")\n'
# (the module reads URL: a default bound to a name no code reads reaches nothing)
GETENV = 'import os\nURL = os.getenv("REDIS_URL", "redis://localhost:6379/0")\nimport vendorlib\nvendorlib.attach(URL)\n'


# --------------------------------------------------------------------------- getenv fallbacks


def test_fallback_flagged_when_nothing_sets_the_variable(tmp_path):
    files = {"compose.yaml": "services:\n  api:\n    build: ./api\n" + REDIS,
             "api/Dockerfile": DOCKERFILE, "api/app.py": GETENV}
    assert summary(check(tmp_path, files)) == [("api/app.py", 2, "DW101", "redis:6379")]


@pytest.mark.parametrize("env", [
    "    environment:\n      REDIS_URL: redis://redis:6379/0\n",
    "    environment:\n      - REDIS_URL=redis://redis:6379/0\n",
    "    environment: [REDIS_URL]\n",  # taken from the shell at run time: set, value unknown
])
def test_fallback_not_flagged_when_environment_sets_it(tmp_path, env):
    files = {"compose.yaml": "services:\n  api:\n    build: ./api\n" + env + REDIS,
             "api/Dockerfile": DOCKERFILE, "api/app.py": GETENV}
    assert check(tmp_path, files) == []


def test_fallback_not_flagged_when_env_file_sets_it(tmp_path):
    files = {"compose.yaml": "services:\n  api:\n    build: ./api\n    env_file: [api.env]\n" + REDIS,
             "api.env": "REDIS_URL=redis://redis:6379/0\n",
             "api/Dockerfile": DOCKERFILE, "api/app.py": GETENV}
    assert check(tmp_path, files) == []


def test_fallback_not_flagged_when_dockerfile_env_sets_it(tmp_path):
    files = {"compose.yaml": "services:\n  api:\n    build: ./api\n" + REDIS,
             "api/Dockerfile": DOCKERFILE + "ENV REDIS_URL=redis://redis:6379/0\n", "api/app.py": GETENV}
    assert check(tmp_path, files) == []


@pytest.mark.parametrize("twin", [".example", ".sample", ".dist"])
def test_missing_env_file_read_through_its_twin(tmp_path, twin):
    files = {"compose.yaml": "services:\n  api:\n    build: ./api\n    env_file: [.env.api]\n" + REDIS,
             f".env.api{twin}": "REDIS_URL=redis://redis:6379/0\n",
             "api/Dockerfile": DOCKERFILE, "api/app.py": GETENV}
    assert check(tmp_path, files) == []


def test_missing_env_file_twin_without_the_variable(tmp_path):
    files = {"compose.yaml": "services:\n  api:\n    build: ./api\n    env_file: [.env.api]\n" + REDIS,
             ".env.api.example": "OTHER=1\n",
             "api/Dockerfile": DOCKERFILE, "api/app.py": GETENV}
    assert summary(check(tmp_path, files)) == [("api/app.py", 2, "DW101", "redis:6379")]


def test_missing_env_file_without_twin_is_unknown(tmp_path):
    files = {"compose.yaml": "services:\n  api:\n    build: ./api\n    env_file: [.env.api]\n" + REDIS,
             "api/Dockerfile": DOCKERFILE, "api/app.py": GETENV}
    result = run(tmp_path, files)
    assert [f for f in result.active if f.span.path == "api/app.py"] == []


def test_missing_optional_env_file_sets_nothing(tmp_path):
    svc = "    env_file:\n      - path: .env.local\n        required: false\n"
    files = {"compose.yaml": "services:\n  api:\n    build: ./api\n" + svc + REDIS,
             "api/Dockerfile": DOCKERFILE, "api/app.py": GETENV}
    assert summary(check(tmp_path, files)) == [("api/app.py", 2, "DW101", "redis:6379")]


def test_environ_get_and_pydantic_fallbacks(tmp_path):
    code = ("import os\nfrom pydantic_settings import BaseSettings\n\n"
            'A = os.environ.get("A_URL", "redis://localhost:6379/1")\n'
            'B = os.environ.get("B_URL", "redis://localhost:6379/2")\n\n'
            "class Settings(BaseSettings):\n"
            '    cache_url: str = "redis://localhost:6379/3"\n'
            '    other_url: str = "redis://localhost:6379/4"\n\n'
            "import redis\nsettings = Settings()\n"
            "for_a, for_b = redis.from_url(A), redis.from_url(B)\n"
            "c, o = redis.from_url(settings.cache_url), redis.from_url(settings.other_url)\n")
    env = "    environment:\n      A_URL: redis://redis:6379/1\n      CACHE_URL: redis://redis:6379/3\n"
    files = {"compose.yaml": "services:\n  api:\n    build: ./api\n" + env + REDIS,
             "api/Dockerfile": DOCKERFILE, "api/app.py": code}
    assert [(f.span.line, f.code) for f in check(tmp_path, files)] == [(5, "DW101"), (9, "DW101")]


def test_fallback_judged_per_service(tmp_path):
    # one context, two services: only the one that does not set the variable is flagged
    svc = ("  web:\n    build: .\n    environment:\n      REDIS_URL: redis://redis:6379/0\n"
           "  worker:\n    build: .\n")
    files = {"compose.yaml": "services:\n" + svc + REDIS, "Dockerfile": DOCKERFILE, "app.py": GETENV}
    (f,) = check(tmp_path, files)
    assert (f.span.path, f.services, sug(f)) == ("app.py", ("worker",), "redis:6379")


# --------------------------------------------------------------------------- healthchecks

# busybox wget (an Alpine base) and a server listening on IPv4 only: what DW202 needs
ALPINE_UVICORN = "FROM python:3.12-alpine\nWORKDIR /app\nCOPY . .\nCMD [\"uvicorn\", \"main:app\", \"--host\", \"0.0.0.0\"]\n"


@pytest.mark.parametrize("how", [
    ("compose", '    healthcheck:\n      test: ["CMD", "python", "healthcheck.py"]\n'),
    ("compose", "    healthcheck:\n      test: python /app/healthcheck.py\n"),
    ("dockerfile", 'HEALTHCHECK CMD ["python", "healthcheck.py"]\n'),
])
def test_healthcheck_script_keeps_localhost(tmp_path, how):
    where, text = how
    compose = "services:\n  api:\n    build: ./api\n" + (text if where == "compose" else "") + REDIS
    dockerfile = DOCKERFILE + (text if where == "dockerfile" else "")
    files = {"compose.yaml": compose, "api/Dockerfile": dockerfile,
             "api/healthcheck.py": 'import urllib.request\nurllib.request.urlopen("http://localhost:8000/health")\n',
             "api/app.py": DIALLED}
    assert summary(check(tmp_path, files)) == [("api/app.py", 2, "DW101", "redis:6379")]


def test_compose_healthcheck_localhost_is_never_dw101(tmp_path):
    hc = '    healthcheck:\n      test: ["CMD", "curl", "-f", "http://localhost:8000/health"]\n'
    files = {"compose.yaml": "services:\n  api:\n    build: ./api\n" + hc + REDIS, "api/Dockerfile": DOCKERFILE}
    assert check(tmp_path, files) == []


@pytest.mark.parametrize("test", [
    '["CMD", "wget", "-qO-", "http://localhost:8000/health"]',
    '["CMD-SHELL", "wget --spider -q http://localhost:8000/health || exit 1"]',
    "wget -q --spider http://localhost:8000/",
])
def test_dw202_wget_healthcheck_on_localhost(tmp_path, test):
    files = {"compose.yaml": f"services:\n  api:\n    build: ./api\n    healthcheck:\n      test: {test}\n",
             "api/Dockerfile": ALPINE_UVICORN}
    (f,) = check(tmp_path, files)
    assert (f.span.path, f.span.line, f.code, f.severity) == ("compose.yaml", 5, "DW202", "warning")
    assert f.suggestion.host == "127.0.0.1"
    assert at(tmp_path, f) == "localhost"


def test_dw202_dockerfile_healthcheck(tmp_path):
    files = {"compose.yaml": "services:\n  api:\n    build: ./api\n",
             "api/Dockerfile": ALPINE_UVICORN + "HEALTHCHECK CMD wget -qO- http://localhost:8000/ || exit 1\n"}
    assert summary(check(tmp_path, files)) == [("api/Dockerfile", 5, "DW202", "127.0.0.1:8000")]


@pytest.mark.parametrize("dockerfile", [
    DOCKERFILE + 'CMD ["uvicorn", "main:app", "--host", "0.0.0.0"]\n',  # Debian: GNU wget tries IPv4 too
    "FROM python:3.12-alpine\nWORKDIR /app\nCOPY . .\n",  # no server known: it may listen on IPv6 too
    "FROM clickhouse/clickhouse-server:25.1\n",  # an image dockwise does not know
])
def test_dw202_needs_busybox_wget_and_an_ipv4_only_server(tmp_path, dockerfile):
    hc = '    healthcheck:\n      test: ["CMD", "wget", "-qO-", "http://localhost:8000/health"]\n'
    files = {"compose.yaml": "services:\n  api:\n    build: ./api\n" + hc, "api/Dockerfile": dockerfile}
    assert check(tmp_path, files) == []


@pytest.mark.parametrize("test", [
    '["CMD", "wget", "-qO-", "http://127.0.0.1:8000/health"]',
    '["CMD", "curl", "-f", "http://localhost:8000/health"]',
])
def test_dw202_not_for_ip_or_curl(tmp_path, test):
    files = {"compose.yaml": f"services:\n  api:\n    build: ./api\n    healthcheck:\n      test: {test}\n",
             "api/Dockerfile": DOCKERFILE}
    assert check(tmp_path, files) == []


# --------------------------------------------------------------------------- several services


def test_one_file_two_services_same_verdict_one_finding(tmp_path):
    svc = "  worker:\n    build: .\n  web:\n    build: .\n"
    files = {"compose.yaml": "services:\n" + svc + REDIS, "Dockerfile": DOCKERFILE,
             "app.py": DIALLED}
    (f,) = check(tmp_path, files)
    assert f.services == ("web", "worker") and f.service == "web"
    assert sug(f) == "redis:6379"


def test_one_file_two_services_distinct_verdicts(tmp_path):
    svc = ("  web:\n    build: .\n    networks: [back]\n"
           "  worker:\n    build: .\n    networks: [front]\n"
           "  redis:\n    image: redis:7\n    networks: [back]\n")
    files = {"compose.yaml": "services:\n" + svc + "networks:\n  back: {}\n  front: {}\n",
             "Dockerfile": DOCKERFILE, "app.py": DIALLED}
    # one finding per line and target: the first verdict speaks, the other is named in it
    (f,) = check(tmp_path, files)
    assert (f.code, f.services, sug(f)) == ("DW101", ("web", "worker"), "redis:6379")
    assert "Also DW104 in `worker`" in f.message and f.mixed


def test_one_file_three_services_grouped(tmp_path):
    svc = ("  c:\n    build: .\n    network_mode: host\n  b:\n    build: .\n  a:\n    build: .\n")
    files = {"compose.yaml": "services:\n" + svc + REDIS, "Dockerfile": DOCKERFILE,
             "app.py": DIALLED}
    (f,) = check(tmp_path, files)
    assert f.services == ("a", "b", "c") and sug(f) == "redis:6379"
    # c runs on the host network, where redis (not published) is not on loopback: another verdict, named
    assert "Also DW101 in `c`" in f.message


def test_json_service_and_services_fields(tmp_path, monkeypatch):
    import json

    from click.testing import CliRunner

    from dockwise.cli import cli

    svc = "  worker:\n    build: .\n  web:\n    build: .\n"
    make(tmp_path, {"compose.yaml": "services:\n" + svc + REDIS, "Dockerfile": DOCKERFILE,
                    "app.py": DIALLED})
    monkeypatch.chdir(tmp_path)
    data = json.loads(CliRunner().invoke(cli, ["check", "--format", "json"]).stdout)
    (f,) = data["findings"]
    assert (f["service"], f["services"]) == ("web", ["web", "worker"])


# --------------------------------------------------------------------------- compose values


def test_compose_environment_values_map_and_list(tmp_path):
    svc = ("  api:\n    build: ./api\n    environment:\n      REDIS_URL: redis://localhost:6379/0\n"
           "  worker:\n    build: ./api\n    environment:\n      - CACHE_HOST=localhost\n      - CACHE_PORT=6379\n")
    code = 'import os, redis\nr = redis.Redis(host=os.environ["CACHE_HOST"], port=int(os.environ["CACHE_PORT"]))\n'
    files = {"compose.yaml": "services:\n" + svc + REDIS, "api/Dockerfile": DOCKERFILE}
    got = check(tmp_path, files)
    # REDIS_URL is a client URL by its name; CACHE_HOST only hints, and no code reads it
    assert [(f.span.line, f.code, f.services) for f in got] == [(5, "DW101", ("api",))]
    assert sug(got[0]) == "redis:6379"
    assert at(tmp_path, got[0]) == "localhost"
    # the code the worker runs dials CACHE_HOST: that is evidence
    got = check(tmp_path, {**files, "api/app.py": code})
    assert [(f.span.line, f.services) for f in got] == [(5, ("api",)), (9, ("worker",))]


def test_dotenv_interpolation_reported_at_the_env_line(tmp_path):
    svc = "  api:\n    build: ./api\n    environment:\n      REDIS_URL: ${REDIS_URL}\n"
    files = {"compose.yaml": "services:\n" + svc + REDIS, "api/Dockerfile": DOCKERFILE,
             ".env": "# local settings\nREDIS_URL=redis://localhost:6379/0\n"}
    (f,) = check(tmp_path, files)
    assert (f.span.path, f.span.line, f.code, sug(f)) == (".env", 2, "DW101", "redis:6379")
    assert at(tmp_path, f) == "localhost"
    assert f.services == ("api",)


def test_interpolation_default_is_a_finding_at_the_default(tmp_path):
    svc = "  api:\n    build: ./api\n    environment:\n      REDIS_URL: ${REDIS_URL:-redis://localhost:6379/0}\n"
    files = {"compose.yaml": "services:\n" + svc + REDIS, "api/Dockerfile": DOCKERFILE}
    (f,) = check(tmp_path, files)
    assert (f.span.path, f.span.line, f.code) == ("compose.yaml", 5, "DW101")
    assert at(tmp_path, f) == "localhost"


def test_interpolation_set_value_wins_over_default(tmp_path):
    svc = "  api:\n    build: ./api\n    environment:\n      REDIS_URL: ${REDIS_URL:-redis://localhost:6379/0}\n"
    files = {"compose.yaml": "services:\n" + svc + REDIS, "api/Dockerfile": DOCKERFILE,
             ".env": "REDIS_URL=redis://redis:6379/0\n"}
    assert check(tmp_path, files) == []


def test_dotenv_not_used_by_any_service_is_silent(tmp_path):
    files = {"compose.yaml": "services:\n  api:\n    build: ./api\n" + REDIS, "api/Dockerfile": DOCKERFILE,
             ".env": "REDIS_URL=redis://localhost:6379/0\n"}
    assert check(tmp_path, files) == []


def test_env_file_contents_judged(tmp_path):
    files = {"compose.yaml": "services:\n  api:\n    build: ./api\n    env_file: config/api.env\n" + REDIS,
             "config/api.env": "DEBUG=1\nREDIS_URL=redis://localhost:6379/0\n", "api/Dockerfile": DOCKERFILE}
    assert summary(check(tmp_path, files)) == [("config/api.env", 2, "DW101", "redis:6379")]


def test_override_replaces_base_value(tmp_path):
    files = {
        "compose.yaml": "services:\n  api:\n    build: ./api\n    environment:\n      REDIS_URL: redis://localhost:6379/0\n" + REDIS,
        "compose.override.yaml": "services:\n  api:\n    environment:\n      REDIS_URL: redis://redis:6379/0\n",
        "api/Dockerfile": DOCKERFILE,
    }
    assert check(tmp_path, files) == []


def test_override_value_is_judged(tmp_path):
    files = {
        "compose.yaml": "services:\n  api:\n    build: ./api\n" + REDIS,
        "compose.override.yaml": "services:\n  api:\n    environment:\n      REDIS_URL: redis://localhost:6379/0\n",
        "api/Dockerfile": DOCKERFILE,
    }
    assert summary(check(tmp_path, files)) == [("compose.override.yaml", 4, "DW101", "redis:6379")]


def test_anchor_merge_key_values_judged_per_service(tmp_path):
    compose = ("x-env: &env\n  REDIS_URL: redis://localhost:6379/0\n"
               "services:\n  api:\n    build: ./api\n    environment:\n      <<: *env\n"
               "  worker:\n    build: ./api\n    environment: *env\n" + REDIS)
    files = {"compose.yaml": compose, "api/Dockerfile": DOCKERFILE}
    (f,) = check(tmp_path, files)
    assert (f.span.line, f.services) == (2, ("api", "worker"))


def test_variant_file_judged_against_merged_layout(tmp_path):
    files = {
        "compose.yaml": "services:\n  api:\n    build: ./api\n" + REDIS,
        "docker-compose.prod.yml": "services:\n  api:\n    environment:\n      REDIS_URL: redis://localhost:6379/0\n"
                                   "      DB_URL: postgresql://db:5432/x\n",
        "api/Dockerfile": DOCKERFILE,
    }
    got = summary(check(tmp_path, files))
    # redis comes from the base file; `db` is no service anywhere, and not close to one
    assert got == [("docker-compose.prod.yml", 4, "DW101", "redis:6379")]


def test_variant_project_of_its_own(tmp_path):
    files = {
        "compose.yaml": "services:\n  api:\n    build: ./api\n" + REDIS,
        "compose.test.yaml": "services:\n  tests:\n    build: ./api\n    network_mode: host\n"
                             "    environment:\n      REDIS_URL: redis://localhost:6379/0\n",
        "api/Dockerfile": DOCKERFILE,
        "api/app.py": DIALLED,
    }
    got = summary(check(tmp_path, files))
    # the code is the default project's (api): flagged; the variant's host-network value is right
    assert got == [("api/app.py", 2, "DW101", "redis:6379")]


def test_monorepo_two_compose_projects(tmp_path):
    files = {
        "shop/compose.yaml": "services:\n  api:\n    build: ./api\n  redis:\n    image: redis:7\n",
        "shop/api/Dockerfile": DOCKERFILE,
        "shop/api/app.py": DIALLED,
        "blog/compose.yaml": "services:\n  web:\n    build: ./web\n  cache:\n    image: redis:7\n",
        "blog/web/Dockerfile": DOCKERFILE,
        "blog/web/app.py": DIALLED + 'V = redis.from_url("redis://redis:6379/0")\n',
    }
    got = summary(check(tmp_path, files))
    assert got == [("blog/web/app.py", 2, "DW101", "cache:6379"), ("shop/api/app.py", 2, "DW101", "redis:6379")]


def test_external_network_shared_between_projects(tmp_path):
    ext = "networks:\n  shared:\n    external: true\n    name: platform\n"
    files = {
        "a/compose.yaml": "services:\n  api:\n    build: ./api\n    networks: [shared]\n" + ext,
        "a/api/Dockerfile": DOCKERFILE,
        "a/api/app.py": 'U = "postgresql://pgmain:5432/x"\nV = "postgresql://pgother:5432/x"\n',
        "b/compose.yaml": "services:\n  pgmain:\n    image: postgres:16\n    networks: [shared]\n"
                          "  pgother:\n    image: postgres:16\n    ports: ['15432:5432']\n" + ext,
    }
    assert check(tmp_path, files) == []


def test_dockerfile_only_project(tmp_path):
    files = {"Dockerfile": DOCKERFILE + 'CMD ["python", "app.py"]\n',
             "app.py": 'import redis\nr = redis.Redis(host="localhost", port=6379)\n',
             "scripts/Dockerfile.unused": "",
             }
    (f,) = check(tmp_path, files)
    assert (f.code, sug(f), f.services) == ("DW101", "host.docker.internal:6379", ())
    assert "--add-host" in f.message


def test_dockerfile_only_project_dialling_the_bridge_gateway(tmp_path):
    # `docker run` on the default bridge reaches the host at 172.17.0.1 today; the alias that
    # replaces it must be given to the container with --add-host on Linux engines
    files = {"Dockerfile": DOCKERFILE + 'CMD ["python", "app.py"]\n',
             "app.py": 'import redis\nr = redis.Redis(host="172.17.0.1", port=6379)\n',
             }
    (f,) = check(tmp_path, files)
    assert (f.code, sug(f), f.services) == ("DW102", "host.docker.internal:6379", ())
    assert "--add-host=host.docker.internal:host-gateway" in f.message


def test_host_script_is_silent(tmp_path):
    files = {"compose.yaml": "services:\n  api:\n    build: ./api\n" + REDIS, "api/Dockerfile": DOCKERFILE,
             "scripts/seed.py": DIALLED, "manage.py": DIALLED}
    assert check(tmp_path, files) == []


def test_root_context_narrowed_by_copy(tmp_path):
    files = {"compose.yaml": "services:\n  api:\n    build: .\n" + REDIS,
             "Dockerfile": "FROM python:3.12\nWORKDIR /app\nCOPY api/ /app\n",
             "api/app.py": DIALLED,
             "tools/cli.py": DIALLED}
    assert summary(check(tmp_path, files)) == [("api/app.py", 2, "DW101", "redis:6379")]


def test_bind_mounted_source_is_service_code(tmp_path):
    svc = "  app:\n    image: python:3.12\n    volumes: ['./src:/src']\n    command: python /src/main.py\n"
    files = {"compose.yaml": "services:\n" + svc + REDIS, "src/main.py": DIALLED}
    assert summary(check(tmp_path, files)) == [("src/main.py", 2, "DW101", "redis:6379")]


def test_build_context_outside_compose_dir(tmp_path):
    files = {"deploy/compose.yaml": "services:\n  api:\n    build:\n      context: ..\n      dockerfile: api/Dockerfile\n" + REDIS,
             "api/Dockerfile": "FROM python:3.12\nCOPY api /app\n",
             "api/app.py": DIALLED}
    assert summary(check(tmp_path, files)) == [("api/app.py", 2, "DW101", "redis:6379")]


# --------------------------------------------------------------------------- DW201


def test_dw201_uvicorn_run_and_httpserver(tmp_path):
    code = ('import uvicorn\nfrom http.server import HTTPServer, BaseHTTPRequestHandler\n'
            'uvicorn.run("main:app", host="127.0.0.1", port=8000)\n'
            'HTTPServer(("127.0.0.1", 8001), BaseHTTPRequestHandler).serve_forever()\n'
            'HTTPServer(("0.0.0.0", 8002), BaseHTTPRequestHandler).serve_forever()\n')
    files = {"compose.yaml": "services:\n  api:\n    build: ./api\n", "api/Dockerfile": DOCKERFILE, "api/app.py": code}
    assert summary(check(tmp_path, files)) == [("api/app.py", 3, "DW201", "0.0.0.0"), ("api/app.py", 4, "DW201", "0.0.0.0")]


def test_dw201_not_on_host_network(tmp_path):
    code = 'import uvicorn\nuvicorn.run("main:app", host="127.0.0.1", port=8000)\n'
    files = {"compose.yaml": "services:\n  api:\n    build: ./api\n    network_mode: host\n",
             "api/Dockerfile": DOCKERFILE, "api/app.py": code}
    assert check(tmp_path, files) == []


PUBLISHED_API = "services:\n  api:\n    build: ./api\n    ports: ['8000:8000', '5000:5000']\n"
FLASK = ("from flask import Flask\napp = Flask(__name__)\n\n"
         'if __name__ == "__main__":\n    app.run()\n')


@pytest.mark.parametrize("cmd, flagged", [
    ('CMD ["python", "app.py"]\n', True),
    ("CMD python /app/app.py\n", True),
    ('CMD ["gunicorn", "-b", "0.0.0.0:8000", "app:app"]\n', False),
    ('CMD ["python", "other.py"]\n', False),
    ("", False),
])
def test_dw201_flask_app_run_only_when_the_start_command_runs_the_file(tmp_path, cmd, flagged):
    files = {"compose.yaml": PUBLISHED_API, "api/Dockerfile": DOCKERFILE + cmd,
             "api/app.py": FLASK, "api/other.py": ""}
    got = [f for f in check(tmp_path, files) if f.span.path == "api/app.py"]
    assert [(f.span.line, f.code) for f in got] == ([(5, "DW201")] if flagged else [])


def test_dw201_flask_app_run_via_compose_command(tmp_path):
    files = {"compose.yaml": PUBLISHED_API + "    command: python app.py\n",
             "api/Dockerfile": DOCKERFILE + 'CMD ["gunicorn", "-b", "0.0.0.0:8000", "app:app"]\n', "api/app.py": FLASK}
    assert [(f.span.path, f.code) for f in check(tmp_path, files)] == [("api/app.py", "DW201")]


def test_dw201_flask_app_run_with_host(tmp_path):
    code = FLASK.replace("app.run()", 'app.run(host="0.0.0.0", port=5000)')
    files = {"compose.yaml": "services:\n  api:\n    build: ./api\n", "api/Dockerfile": DOCKERFILE + 'CMD ["python", "app.py"]\n',
             "api/app.py": code}
    assert check(tmp_path, files) == []


@pytest.mark.parametrize("cmd, flagged", [
    ('CMD ["flask", "run"]\n', True),
    ('CMD ["flask", "run", "--host", "0.0.0.0"]\n', False),
    ('CMD flask run --host=0.0.0.0\n', False),
    ('CMD ["uvicorn", "main:app"]\n', True),
    ('CMD ["uvicorn", "main:app", "--host", "0.0.0.0"]\n', False),
    ('CMD ["gunicorn", "main:app"]\n', True),
    ('CMD ["gunicorn", "-b", "0.0.0.0:8000", "main:app"]\n', False),
    ('CMD ["gunicorn", "--bind=0.0.0.0:8000", "main:app"]\n', False),
    ('CMD ["gunicorn", "-c", "/etc/gunicorn/conf.py", "main:app"]\n', False),  # may set the bind
    ('CMD ["python", "-m", "uvicorn", "main:app"]\n', True),
    ('CMD ["uvicorn", "main:app", "--uds", "/tmp/app.sock"]\n', False),
])
def test_dw201_server_commands_without_host_on_the_dockerfile_line(tmp_path, cmd, flagged):
    files = {"compose.yaml": PUBLISHED_API, "api/Dockerfile": DOCKERFILE + cmd, "api/main.py": ""}
    got = summary(check(tmp_path, files))
    assert got == ([("api/Dockerfile", 4, "DW201", "0.0.0.0")] if flagged else [])


@pytest.mark.parametrize("compose, flagged", [
    ("services:\n  api:\n    build: ./api\n", False),  # nothing reaches it: loopback is harmless
    ("services:\n  api:\n    build: ./api\n    expose: ['8000']\n", True),
    ("services:\n  api:\n    build: ./api\n    ports: ['8000:8000']\n", True),
    ("services:\n  api:\n    build: ./api\n  web:\n    image: nginx\n    environment:\n"
     "      UPSTREAM_URL: http://api:8000\n", True),  # another service names it
])
def test_dw201_default_bind_needs_a_way_in(tmp_path, compose, flagged):
    files = {"compose.yaml": compose, "api/Dockerfile": DOCKERFILE + 'CMD ["uvicorn", "main:app"]\n', "api/main.py": ""}
    assert [f.code for f in check(tmp_path, files)] == (["DW201"] if flagged else [])


@pytest.mark.parametrize("cmd", [
    'CMD ["gunicorn", "-c", "gunicorn.conf.py", "main:app"]\n',
    'CMD ["gunicorn", "--config=conf/gunicorn.conf.py", "main:app"]\n',
    'CMD ["gunicorn", "main:app"]\n',  # gunicorn reads ./gunicorn.conf.py by default
])
def test_dw201_gunicorn_config_file_sets_the_bind(tmp_path, cmd):
    files = {"compose.yaml": "services:\n  api:\n    build: ./api\n", "api/Dockerfile": DOCKERFILE + cmd,
             "api/main.py": "", "api/gunicorn.conf.py": 'bind = "0.0.0.0:8000"\n',
             "api/conf/gunicorn.conf.py": 'bind = ["0.0.0.0:8000"]\n'}
    assert check(tmp_path, files) == []


def test_dw201_flask_run_with_host_env(tmp_path):
    files = {"compose.yaml": "services:\n  api:\n    build: ./api\n    environment:\n      FLASK_RUN_HOST: 0.0.0.0\n",
             "api/Dockerfile": DOCKERFILE + 'CMD ["flask", "run"]\n'}
    assert check(tmp_path, files) == []


def test_dw201_compose_command_host(tmp_path):
    files = {"compose.yaml": "services:\n  api:\n    build: ./api\n    command: uvicorn main:app --host 127.0.0.1 --port 8000\n",
             "api/Dockerfile": DOCKERFILE}
    (f,) = check(tmp_path, files)
    assert (f.span.path, f.span.line, f.code, sug(f)) == ("compose.yaml", 4, "DW201", "0.0.0.0")
    assert at(tmp_path, f) == "127.0.0.1"


def test_dw201_compose_command_bind_list_form(tmp_path):
    files = {"compose.yaml": 'services:\n  api:\n    build: ./api\n    command: ["gunicorn", "--bind", "127.0.0.1:8000", "main:app"]\n',
             "api/Dockerfile": DOCKERFILE}
    (f,) = check(tmp_path, files)
    assert (f.span.line, f.code) == (4, "DW201")
    assert at(tmp_path, f) == "127.0.0.1"


def test_dw201_gunicorn_bind_setting(tmp_path):
    files = {"compose.yaml": "services:\n  api:\n    build: ./api\n",
             "api/Dockerfile": DOCKERFILE + 'CMD ["gunicorn", "-c", "gunicorn.conf.py", "main:app"]\n',
             "api/gunicorn.conf.py": 'bind = "127.0.0.1:8000"\n'}
    assert summary(check(tmp_path, files)) == [("api/gunicorn.conf.py", 1, "DW201", "0.0.0.0")]


# --------------------------------------------------------------------------- DW109

KAFKA = """\
services:
  kafka:
    image: bitnami/kafka:3.7
    environment:
      KAFKA_CFG_LISTENERS: PLAINTEXT://:9092,EXTERNAL://:29092
      KAFKA_CFG_ADVERTISED_LISTENERS: PLAINTEXT://{internal}:9092,EXTERNAL://localhost:29092
    ports: ["29092:29092"]
  api:
    build: ./api
"""


def test_dw109_advertised_listener_loopback(tmp_path):
    files = {"compose.yaml": KAFKA.format(internal="localhost"), "api/Dockerfile": DOCKERFILE,
             "api/app.py": 'from kafka import KafkaProducer\np = KafkaProducer(bootstrap_servers="kafka:9092")\n'}
    (f,) = check(tmp_path, files)
    assert (f.span.path, f.span.line, f.code, sug(f)) == ("compose.yaml", 6, "DW109", "kafka:9092")
    assert at(tmp_path, f) == "localhost"


def test_dw109_not_when_advertised_right(tmp_path):
    files = {"compose.yaml": KAFKA.format(internal="kafka"), "api/Dockerfile": DOCKERFILE,
             "api/app.py": 'from kafka import KafkaProducer\np = KafkaProducer(bootstrap_servers="kafka:9092")\n'}
    assert check(tmp_path, files) == []


def test_dw109_not_when_no_service_bootstraps_from_it(tmp_path):
    files = {"compose.yaml": KAFKA.format(internal="localhost"), "api/Dockerfile": DOCKERFILE, "api/app.py": ""}
    assert check(tmp_path, files) == []


def test_dw109_bootstrap_from_compose_environment(tmp_path):
    compose = KAFKA.format(internal="localhost") + "    environment:\n      KAFKA_BOOTSTRAP_SERVERS: kafka:9092\n"
    files = {"compose.yaml": compose, "api/Dockerfile": DOCKERFILE}
    assert [(f.span.line, f.code) for f in check(tmp_path, files)] == [(6, "DW109")]


def test_grouped_services_name_each_one_lacking_extra_hosts(tmp_path):
    svc = ("  web:\n    build: .\n    extra_hosts: ['host.docker.internal:host-gateway']\n"
           "  worker:\n    build: .\n")
    files = {"compose.yaml": "services:\n" + svc, "Dockerfile": DOCKERFILE,
             "app.py": 'import requests\nrequests.get("http://localhost:11434/api")\n'}
    (f,) = check(tmp_path, files)
    assert (f.services, sug(f)) == (("web", "worker"), "host.docker.internal:11434")
    assert "`worker` service also needs `extra_hosts" in f.message and "`web` service" not in f.message


def test_grouped_services_all_lacking_extra_hosts(tmp_path):
    files = {"compose.yaml": "services:\n  web:\n    build: .\n  worker:\n    build: .\n", "Dockerfile": DOCKERFILE,
             "app.py": 'import requests\nrequests.get("http://localhost:11434/api")\n'}
    (f,) = check(tmp_path, files)
    assert "The `web`, `worker` services also need `extra_hosts" in f.message


def test_grouped_services_none_lacking_extra_hosts(tmp_path):
    eh = "    extra_hosts: ['host.docker.internal:host-gateway']\n"
    files = {"compose.yaml": "services:\n  web:\n    build: .\n" + eh + "  worker:\n    build: .\n" + eh,
             "Dockerfile": DOCKERFILE, "app.py": 'import requests\nrequests.get("http://localhost:11434/api")\n'}
    (f,) = check(tmp_path, files)
    assert "extra_hosts" not in f.message
