"""What a container runs: start commands -> entry points -> import closure (dockwise.runs).

A file is judged for a service only when the service's start command reaches it; where
the start command cannot be read, the service's files are judged except plainly
non-runtime directories.  Each test builds a small project as files."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from dockwise.knowledge import default_knowledge
from dockwise.layout.build import load_layout
from dockwise.runs import ProjectFiles, build_runs
from dockwise.runs.scan import scan_module

from tests.conftest import make

DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n"
LOOPBACK = 'import redis\nr = redis.Redis(host="localhost", port=6379)\n'


def flagged(tmp_path: Path, files: dict[str, str], **cfg) -> list[tuple[str, int, str]]:
    make(tmp_path, files, git=True)
    result = run_check([tmp_path], Config(cache=False, **cfg))
    assert result.errors == (), result.errors
    return sorted((f.span.path, f.span.line, f.code) for f in result.active)


def runs_of(tmp_path: Path, files: dict[str, str]):
    make(tmp_path, files, git=True)
    k = default_knowledge()
    layout = load_layout(tmp_path, k)
    return build_runs(layout, k, ProjectFiles(tmp_path))


def service_runs(runs, name):
    return next(r for r in runs.services if r.service.name == name)


# --------------------------------------------------------------------------- the scanner


def test_scan_reads_imports_of_every_form():
    text = (
        "import os, app.db as db\n"
        "from . import models\n"
        "from ..core.config import (\n    settings,\n    other,  # why\n)\n"
        "from pkg import a, \\\n    b\n"
        "    import indented.mod\n"
        "mod = importlib.import_module('plugins.x')\n"
    )
    s = scan_module(text)
    got = [(i.module, i.level, i.names) for i in s.imports]
    assert ("os", 0, ()) in got and ("app.db", 0, ()) in got
    assert ("", 1, ("models",)) in got
    assert ("core.config", 2, ("settings", "other")) in got
    assert ("pkg", 0, ("a", "b")) in got
    assert ("indented.mod", 0, ()) in got
    assert ("plugins.x", 0, ()) in got


def test_scan_finds_module_strings_and_main_blocks():
    text = ('DJANGO = "mysite.settings"\nTASK = "app.tasks:run"\nHOST = "db"\n\n'
            'def f():\n    pass\n\nif __name__ == "__main__":\n    f()\n    g()\n\nx = 1\n')
    s = scan_module(text)
    assert "mysite.settings" in s.dotted and "app.tasks" in s.dotted
    assert "db" not in s.dotted  # one word: only framework lists follow those
    assert s.main_blocks == ((8, 10),)
    assert s.in_main(9) and not s.in_main(12)


# --------------------------------------------------------------------------- closures


def test_whole_repository_bind_mounted_runs_only_what_its_script_imports(tmp_path):
    files = {
        "compose.yaml": ("services:\n  tool:\n    image: python:3.12\n    working_dir: /workspace\n"
                         "    volumes: ['.:/workspace']\n    command: python backend/serve.py\n"),
        "backend/serve.py": "from backend import db\n",
        "backend/__init__.py": "",
        "backend/db.py": LOOPBACK,
        "scripts/seed.py": LOOPBACK,  # beside it, never run by the container
        "examples/client.py": LOOPBACK,
        "backend/unused.py": LOOPBACK,  # in the package, but nothing imports it
    }
    assert flagged(tmp_path, files) == [("backend/db.py", 2, "DW101")]


def test_main_block_runs_in_the_entry_script_only(tmp_path):
    demo = ('import redis\n\ndef make():\n    return 1\n\nif __name__ == "__main__":\n'
            '    redis.Redis(host="localhost", port=6379)\n')
    files = {
        "compose.yaml": "services:\n  api:\n    build: .\n",
        "Dockerfile": DOCKERFILE + 'CMD ["python", "main.py"]\n',
        "main.py": "import helper\n" + demo,
        "helper.py": demo,  # imported by main.py: its demo block never runs in the container
    }
    assert flagged(tmp_path, files) == [("main.py", 8, "DW101")]


def test_django_installed_apps_celery_autodiscovery_and_management_commands(tmp_path):
    settings = ('INSTALLED_APPS = [\n    "django.contrib.admin",\n    "shop",\n    "billing.apps.BillingConfig",\n]\n'
                'ROOT_URLCONF = "mysite.urls"\n')
    files = {
        "compose.yaml": ("services:\n  web:\n    build: .\n    command: gunicorn mysite.wsgi:application\n"
                         "  worker:\n    build: .\n    command: celery -A mysite worker\n"
                         "  sync:\n    build: .\n    command: python manage.py sync_stock\n"),
        "Dockerfile": DOCKERFILE,
        "manage.py": 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")\n',
        "mysite/__init__.py": "from .celery import app\n",
        "mysite/celery.py": "from celery import Celery\napp = Celery('mysite')\napp.autodiscover_tasks()\n",
        "mysite/settings.py": settings,
        "mysite/wsgi.py": 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")\n',
        "mysite/urls.py": "from shop import views\n",
        "shop/__init__.py": "", "shop/views.py": "", "shop/models.py": "",
        "shop/tasks.py": LOOPBACK,  # Celery autodiscovery of an installed app
        "shop/management/__init__.py": "", "shop/management/commands/__init__.py": "",
        "shop/management/commands/sync_stock.py": LOOPBACK,  # started by the sync service only
        "shop/management/commands/import_legacy.py": LOOPBACK,  # no service starts it
        "billing/__init__.py": "",
        "billing/apps.py": ("from django.apps import AppConfig\n\n\nclass BillingConfig(AppConfig):\n"
                            "    name = 'billing'\n\n    def ready(self):\n        from . import signals  # noqa\n"),
        "billing/signals.py": LOOPBACK,  # the module its AppConfig.ready() connects
        "legacy/old.py": LOOPBACK,  # not installed, not imported
    }
    runs = runs_of(tmp_path, files)
    web = service_runs(runs, "web")
    assert web.mode == "closure"
    assert {"mysite/settings.py", "shop/tasks.py", "shop/models.py", "billing/signals.py"} <= set(web.modules)
    assert "shop/management/commands/sync_stock.py" not in web.modules
    assert "shop/management/commands/sync_stock.py" in service_runs(runs, "sync").modules
    assert "mysite/celery.py" in service_runs(runs, "worker").modules
    got = flagged(tmp_path, files)
    assert ("shop/tasks.py", 2, "DW101") in got and ("billing/signals.py", 2, "DW101") in got
    assert ("shop/management/commands/sync_stock.py", 2, "DW101") in got
    assert not [g for g in got if g[0] in ("legacy/old.py", "shop/management/commands/import_legacy.py")]


def test_entrypoint_script_and_supervisord_programs_are_followed(tmp_path):
    files = {
        "compose.yaml": "services:\n  app:\n    build: .\n",
        "Dockerfile": (DOCKERFILE + "COPY docker/supervisord.conf /etc/supervisor/conf.d/app.conf\n"
                       'ENTRYPOINT ["/app/docker/entrypoint.sh"]\nCMD ["supervisord", "-n"]\n'),
        "docker/entrypoint.sh": "#!/bin/sh\nset -e\npython migrate.py\nexec \"$@\"\n",
        "docker/supervisord.conf": "[program:web]\ncommand=uvicorn api.main:app --host 0.0.0.0\n",
        "migrate.py": LOOPBACK,
        "api/__init__.py": "", "api/main.py": "from api import deps\n", "api/deps.py": LOOPBACK,
        "api/spare.py": LOOPBACK,
    }
    runs = runs_of(tmp_path, files)
    app = service_runs(runs, "app")
    assert app.mode == "closure"
    assert {"migrate.py", "api/main.py", "api/deps.py"} <= set(app.modules)
    assert "api/spare.py" not in app.modules


def test_console_script_of_the_project_is_an_entry_point(tmp_path):
    files = {
        "compose.yaml": "services:\n  bot:\n    build: .\n    command: mybot --verbose\n",
        "Dockerfile": DOCKERFILE + "RUN pip install .\n",
        "pyproject.toml": '[project]\nname = "mybot"\n[project.scripts]\nmybot = "mybot.cli:main"\n',
        "src/mybot/__init__.py": "", "src/mybot/cli.py": "from mybot import net\n",
        "src/mybot/net.py": LOOPBACK,
    }
    runs = runs_of(tmp_path, files)
    assert "src/mybot/net.py" in service_runs(runs, "bot").modules


def test_a_service_that_runs_no_python_runs_none_of_the_tree(tmp_path):
    files = {
        "compose.yaml": ("services:\n  ui:\n    build: .\n    command: npm run start\n"
                         "  api:\n    build: .\n    command: python api.py\n"),
        "Dockerfile": DOCKERFILE,
        "api.py": "x = 1\n",
        "tools/fetch.py": LOOPBACK,
    }
    runs = runs_of(tmp_path, files)
    assert service_runs(runs, "ui").mode == "none"
    assert flagged(tmp_path, files) == []


def test_unknown_start_command_falls_back_to_the_files_held_minus_non_runtime_dirs(tmp_path):
    files = {
        "compose.yaml": "services:\n  app:\n    build: .\n    command: ./bin/start-everything\n",
        "Dockerfile": DOCKERFILE,
        "app/__init__.py": "", "app/db.py": LOOPBACK,
        "scripts/seed.py": LOOPBACK, "docs/conf.py": LOOPBACK, "examples/demo.py": LOOPBACK,
    }
    runs = runs_of(tmp_path, files)
    r = service_runs(runs, "app")
    assert r.mode == "fallback" and "start-everything" in r.reason
    assert flagged(tmp_path, files) == [("app/db.py", 1 + 1, "DW101")]


def test_a_file_named_on_the_command_line_gets_the_same_verdict(tmp_path):
    files = {
        "compose.yaml": "services:\n  api:\n    build: .\n    command: python main.py\n",
        "Dockerfile": DOCKERFILE,
        "main.py": "x = 1\n",
        "spike.py": LOOPBACK,
    }
    make(tmp_path, files, git=True)
    named = run_check([tmp_path / "spike.py"], Config(cache=False))
    assert list(named.active) == []


def test_multi_stage_build_stage_code_does_not_run(tmp_path):
    files = {
        "compose.yaml": "services:\n  web:\n    build: .\n",
        "Dockerfile": ("FROM python:3.12 AS build\nWORKDIR /src\nCOPY tools/ ./tools/\nRUN python tools/build_assets.py\n"
                       "FROM python:3.12-slim\nWORKDIR /app\nCOPY app/ ./app/\n"),
        "tools/build_assets.py": LOOPBACK,
        "app/__init__.py": "", "app/db.py": LOOPBACK,
    }
    assert flagged(tmp_path, files) == [("app/db.py", 2, "DW101")]


def test_uwsgi_ini_names_the_module_and_its_daemons(tmp_path):
    files = {
        "compose.yaml": "services:\n  web:\n    build: .\n    command: uwsgi /app/uwsgi.ini\n",
        "Dockerfile": DOCKERFILE,
        "uwsgi.ini": "[uwsgi]\nchdir = /app\nmodule = site_app.wsgi:application\nattach-daemon = python worker.py\n",
        "site_app/__init__.py": "", "site_app/wsgi.py": "from site_app import db\n", "site_app/db.py": LOOPBACK,
        "worker.py": LOOPBACK,
    }
    modules = set(service_runs(runs_of(tmp_path, files), "web").modules)
    assert {"site_app/wsgi.py", "site_app/db.py", "worker.py"} <= modules


def test_shell_script_with_heredoc_and_case_dispatch(tmp_path):
    files = {
        "compose.yaml": "services:\n  app:\n    build: .\n    command: ./run.sh web\n",
        "Dockerfile": DOCKERFILE,
        "run.sh": ('#!/bin/bash\ncase "$1" in\n  web)\n    shift\n    exec gunicorn app:app\n    ;;\n'
                   'esac\npython - <<END\nimport not_a_module\nEND\n'),
        "app.py": "x = 1\n",
    }
    r = service_runs(runs_of(tmp_path, files), "app")
    assert r.mode == "closure" and r.modules == ("app.py",)
    assert r.start.unknown == [] or set(r.start.unknown) <= {"web"}


# --------------------------------------------------------------------------- the layout Compose builds


def test_image_only_service_runs_the_image_the_tree_builds(tmp_path):
    """`docker build -t org/app` in a Makefile: the service running org/app runs that
    Dockerfile's code, with the service's environment (its fallbacks are dead)."""
    files = {
        "Makefile": "image:\n\tdocker build -t org/app:latest -f docker/Dockerfile .\n",
        "docker/Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY app/ ./app/\nCMD [\"python\", \"-m\", \"app\"]\n",
        "compose.yaml": ("services:\n  app:\n    image: org/app:${TAG:-latest}\n    env_file: app.env\n"
                         "  cache:\n    image: redis:7\n"),
        "app.env": "REDIS_HOST=cache\n",
        "app/__init__.py": "", "app/__main__.py": "from app import conn\n",
        "app/conn.py": 'import os, redis\nr = redis.Redis(host=os.getenv("REDIS_HOST", "localhost"))\n'
                       'm = redis.Redis(host="localhost", port=6379)\n',
    }
    runs = runs_of(tmp_path, files)
    app = service_runs(runs, "app")
    assert app.mode == "closure" and "app/conn.py" in app.modules
    make(tmp_path, files, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert [(f.span.line, f.code, f.services) for f in result.active] == [(3, "DW101", ("app",))]
    assert "No Compose service" not in result.active[0].message


def test_one_name_built_under_two_tags_keeps_each_tag_its_own_build(tmp_path):
    """`org/app:backend` and `org/app:frontend` come from two Dockerfiles: the nginx
    service runs the frontend image, not the backend's code (its first build)."""
    files = {
        ".github/workflows/images.yml": (
            "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n"
            "      - run: docker build -t org/app:backend -f docker/Dockerfile.backend .\n"
            "      - run: docker build -t org/app:frontend -f docker/Dockerfile.web .\n"),
        "docker/Dockerfile.backend": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY app/ ./app/\nCMD [\"python\", \"-m\", \"app\"]\n",
        "docker/Dockerfile.web": "FROM nginx:1.27\nCOPY web/ /usr/share/nginx/html/\n",
        "compose.yaml": ("services:\n  api:\n    image: org/app:backend\n    networks: [back]\n"
                         "  web:\n    image: org/app:frontend\n    networks: [front]\n"
                         "  db:\n    image: postgres:16\n    networks: [back]\n"
                         "networks:\n  back: {}\n  front: {}\n"),
        "app/__init__.py": "", "app/__main__.py": "from app import db\n",
        "app/db.py": 'import psycopg\nconn = psycopg.connect("postgresql://u@db:5432/app")\n',
        "web/index.html": "<p>hi</p>\n",
    }
    runs = runs_of(tmp_path, files)
    assert "app/db.py" in service_runs(runs, "api").modules
    assert "app/db.py" not in (service_runs(runs, "web").modules or ())
    assert flagged(tmp_path, files) == []


def test_a_tag_that_names_no_build_of_several_is_not_guessed():
    from dockwise.layout.imagebuilds import ImageBuild, ImageBuilds

    builds = ImageBuilds()
    builds.add("org/app:backend", ImageBuild("", "docker/Dockerfile.backend"))
    builds.add("org/app:frontend", ImageBuild("", "docker/Dockerfile.web"))
    builds.add("ghcr.io/org/tool:1", ImageBuild("tool", "tool/Dockerfile"))
    builds.add("ghcr.io/org/tool:latest", ImageBuild("tool", "tool/Dockerfile"))
    assert builds.match("org/app:frontend").dockerfile == "docker/Dockerfile.web"
    assert builds.match("org/app:${TAG}") is None and builds.knows("org/app:${TAG}")
    assert builds.match("org/tool:2").dockerfile == "tool/Dockerfile"  # one build, any tag
    assert builds.match("org/other") is None and not builds.knows("org/other")


def test_bind_mounted_config_beats_a_dockerfile_no_service_builds(tmp_path):
    files = {
        "Dockerfile": "FROM python:3.12-slim\nCOPY configuration/ /etc/app/config/\n",
        "compose.yaml": ("services:\n  app:\n    image: vendor/app:1\n    env_file: env/app.env\n"
                         "    volumes: ['./configuration:/etc/app/config:z,ro']\n"),
        "env/app.env": "DB_HOST=postgres\n",
        "configuration/configuration.py": "import os\nDATABASE = {'HOST': os.environ.get('DB_HOST', 'localhost')}\n",
    }
    assert flagged(tmp_path, files) == []


def test_python_template_is_not_parsed(tmp_path):
    files = {
        "compose.yaml": "services:\n  app:\n    build: .\n",
        "Dockerfile": DOCKERFILE,
        "{{cookiecutter.slug}}/settings.py": 'PORT = {{ cookiecutter.port }}\nURL = "redis://localhost:6379"\n',
        "templates/block.py": "{% if cfg %}\nimport x\n{% endif %}\n",
    }
    assert flagged(tmp_path, files) == []


def test_run_from_a_subfolder_judges_as_the_root_does(tmp_path, monkeypatch):
    files = {
        "deploy/compose.yaml": "services:\n  api:\n    build:\n      context: ..\n      dockerfile: deploy/Dockerfile\n",
        "deploy/Dockerfile": DOCKERFILE + 'CMD ["python", "deploy/worker.py"]\n',
        "deploy/worker.py": LOOPBACK,
    }
    make(tmp_path, files, git=True)
    at_root = run_check([tmp_path], Config(cache=False))
    monkeypatch.chdir(tmp_path / "deploy")
    here = run_check([Path(".")], Config(cache=False))
    assert here.errors == () and at_root.errors == ()
    assert [(f.span.path, f.code) for f in here.active] == [(f.span.path, f.code) for f in at_root.active]
    assert [f.code for f in here.active] == ["DW101"]


# --------------------------------------------------------------------------- network namespaces


def _agent(code: str, compose_extra: str = "", mode: str = "host") -> dict[str, str]:
    return {
        "compose.yaml": ("services:\n  api:\n    build: ./api\n    ports: ['18000:8000']\n"
                         "  cache:\n    image: redis:7\n"
                         f"  agent:\n    build: ./agent\n    network_mode: {mode}\n" + compose_extra),
        "api/Dockerfile": DOCKERFILE + 'CMD ["python", "main.py"]\n', "api/main.py": "x = 1\n",
        "agent/Dockerfile": DOCKERFILE + 'CMD ["python", "agent.py"]\n', "agent/agent.py": code,
    }


def test_host_mode_reaches_published_ports_on_loopback(tmp_path):
    code = 'import requests\nrequests.get("http://localhost:18000/metrics")\n'
    assert flagged(tmp_path, _agent(code)) == []


def test_host_mode_loopback_to_a_container_port_suggests_the_published_one(tmp_path):
    code = 'import requests\nrequests.get("http://localhost:8000/metrics")\n'
    make(tmp_path, _agent(code), git=True)
    result = run_check([tmp_path], Config(cache=False))
    (f,) = result.active
    assert f.code == "DW101" and (f.suggestion.host, f.suggestion.port) == ("localhost", 18000)


def test_host_mode_loopback_to_an_unpublished_port_has_no_suggestion(tmp_path):
    code = 'import redis\nredis.Redis(host="localhost", port=6379)\n'
    make(tmp_path, _agent(code), git=True)
    (f,) = run_check([tmp_path], Config(cache=False)).active
    assert f.code == "DW101" and f.suggestion is None and "only inside its network" in f.message


def test_host_mode_service_name_names_the_published_address(tmp_path):
    code = 'import requests\nrequests.get("http://api:8000/health")\n'
    make(tmp_path, _agent(code), git=True)
    (f,) = run_check([tmp_path], Config(cache=False)).active
    assert f.code == "DW104" and "localhost:18000" in f.message and "common network" not in f.message


def test_sidecar_sharing_a_service_network_stack(tmp_path):
    own = 'import requests\nrequests.get("http://localhost:8000/health")\n'  # the api listens on 8000
    assert flagged(tmp_path, _agent(own, mode="service:api")) == []
    other = 'import redis\nredis.Redis(host="localhost", port=6379)\n'
    make(tmp_path, _agent(other, mode="service:api"), git=True)
    (f,) = run_check([tmp_path], Config(cache=False)).active
    assert f.code == "DW101" and (f.suggestion.host, f.suggestion.port) == ("cache", 6379)


# --------------------------------------------------------------------------- the graph shows what runs


def test_graph_json_lists_entry_points_and_run_modules(tmp_path, monkeypatch):
    import json

    from click.testing import CliRunner

    from dockwise.cli import cli

    files = {
        "compose.yaml": ("services:\n  api:\n    build: .\n    command: uvicorn app.main:app --host 0.0.0.0\n"
                         "  legacy:\n    build: .\n    command: ./bin/run-legacy\n"),
        "Dockerfile": DOCKERFILE,
        "app/__init__.py": "", "app/main.py": "from app import db\n", "app/db.py": LOOPBACK,
    }
    make(tmp_path, files, git=True)
    monkeypatch.chdir(tmp_path)
    out = CliRunner().invoke(cli, ["graph", "--format", "json", "."])
    doc = json.loads(out.output)
    api = next(s for s in doc["services"] if s["name"] == "api")
    assert api["runs"] == "closure" and api["entry_points"] == ["uvicorn app.main"]
    assert api["modules"] == ["app/__init__.py", "app/db.py", "app/main.py"]
    legacy = next(s for s in doc["services"] if s["name"] == "legacy")
    assert legacy["runs"] == "fallback" and "run-legacy" in legacy["reason"]
    assert any(e["codes"] == ["DW101"] for e in doc["edges"])
    mermaid = CliRunner().invoke(cli, ["graph", "."]).output
    assert "runs uvicorn app.main (3 modules)" in mermaid


# --------------------------------------------------------------------------- more ways code gets into a container


def test_project_installed_in_a_build_stage_and_run_by_its_console_script(tmp_path):
    files = {
        "compose.yaml": "services:\n  api:\n    build: .\n",
        "Dockerfile": ("FROM python:3.12 AS build\nWORKDIR /src\nCOPY pyproject.toml .\nCOPY svc/ svc/\n"
                       "RUN python -m venv /opt/venv && /opt/venv/bin/pip install .\n"
                       "FROM python:3.12-slim\nCOPY --from=build /opt/venv /opt/venv\nCMD [\"svc-serve\"]\n"),
        "pyproject.toml": '[project]\nname = "svc"\n[project.scripts]\nsvc-serve = "svc.main:run"\n',
        "svc/__init__.py": "", "svc/main.py": "from svc import db\n", "svc/db.py": LOOPBACK, "svc/tool.py": LOOPBACK,
    }
    r = service_runs(runs_of(tmp_path, files), "api")
    assert r.mode == "closure" and {"svc/main.py", "svc/db.py"} <= set(r.modules) and "svc/tool.py" not in r.modules


@pytest.mark.parametrize("command", [
    "hupper -m app.main",
    "watchmedo auto-restart --pattern '*.py' --recursive -- python -m app.main",
    "watchfiles --filter python 'python -m app.main'",
])
def test_reloaders_run_what_they_wrap(tmp_path, command):
    files = {"compose.yaml": f"services:\n  api:\n    build: .\n    command: {command}\n", "Dockerfile": DOCKERFILE,
             "app/__init__.py": "", "app/main.py": "x = 1\n"}
    assert "app/main.py" in service_runs(runs_of(tmp_path, files), "api").modules


def test_a_service_naming_the_image_its_sibling_builds(tmp_path):
    files = {
        "compose.yaml": ("services:\n  web:\n    build: .\n    image: shop/app:dev\n    command: python web.py\n"
                         "  worker:\n    image: shop/app:dev\n    command: python worker.py\n"),
        "Dockerfile": DOCKERFILE, "web.py": "x = 1\n", "worker.py": LOOPBACK,
    }
    assert "worker.py" in service_runs(runs_of(tmp_path, files), "worker").modules


def test_an_image_built_by_a_ci_workflow(tmp_path):
    workflow = ("name: docker\non: push\nenv:\n  REGISTRY: ghcr.io\njobs:\n  build:\n    runs-on: ubuntu-latest\n"
                "    env:\n      IMAGE: ${{ github.repository_owner }}/shop-api\n    steps:\n"
                "      - run: >-\n          docker build\n          -t $REGISTRY/$IMAGE:latest\n          -f docker/api.Dockerfile .\n")
    files = {
        ".github/workflows/docker.yml": workflow,
        "docker/api.Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY api/ ./api/\nCMD [\"python\", \"-m\", \"api\"]\n",
        "compose.yaml": "services:\n  api:\n    image: ghcr.io/acme/shop-api:1.2\n",
        "api/__init__.py": "", "api/__main__.py": "x = 1\n",
    }
    r = service_runs(runs_of(tmp_path, files), "api")
    assert r.mode == "closure" and "api/__main__.py" in r.modules


def test_an_image_named_after_the_project(tmp_path):
    files = {
        "pyproject.toml": '[project]\nname = "linkbox"\n',
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nCMD [\"python\", \"serve.py\"]\n",
        "compose.yaml": "services:\n  linkbox:\n    image: someone/linkbox:latest\n",
        "serve.py": "x = 1\n",
    }
    assert service_runs(runs_of(tmp_path, files), "linkbox").modules == ("serve.py",)


def test_a_node_service_with_the_tree_mounted_runs_no_python(tmp_path):
    files = {"compose.yaml": "services:\n  ui:\n    image: node:20\n    volumes: ['.:/srv']\n    command: corepack pnpm dev\n",
             "tools/x.py": LOOPBACK}
    assert service_runs(runs_of(tmp_path, files), "ui").mode == "none"


def test_scan_main_block_without_a_parse_ends_at_the_next_margin_statement():
    # no triple-quoted text after the block: the scanner needs no parse, and a closing
    # bracket at the margin does not end the block
    text = ('import app\n\nif __name__ == "__main__":\n    app.run(\n        host="0.0.0.0",\n)\n'
            '    print("x")\n\n# done\nVALUE = 1\n')
    assert scan_module(text).main_blocks == ((3, 7),)
    # with a docstring after the block, the parse decides
    text2 = 'if __name__ == "__main__":\n    s = """\ntext at the margin\n"""\n    run(s)\nx = 1\n'
    assert scan_module(text2).main_blocks == ((1, 5),)


def test_services_starting_the_same_code_the_same_way_share_their_modules(tmp_path):
    files = {
        "compose.yaml": ("services:\n"
                         "  worker-a:\n    build: .\n    command: python -m app.worker\n"
                         "  worker-b:\n    build: .\n    command: python -m app.worker\n"
                         "  web:\n    build: .\n    command: python -m app.web\n"),
        "Dockerfile": DOCKERFILE,
        "app/__init__.py": "",
        "app/worker.py": "from app import queue\n",
        "app/queue.py": LOOPBACK,
        "app/web.py": "from app import views\n",
        "app/views.py": "X = 1\n",
    }
    runs = runs_of(tmp_path, files)
    a, b, web = (service_runs(runs, n) for n in ("worker-a", "worker-b", "web"))
    assert a.closure is b.closure  # one walk for both
    assert web.closure is not a.closure
    assert sorted(s.name for s in runs.runners("app/queue.py")) == ["worker-a", "worker-b"]
    assert [s.name for s in runs.runners("app/views.py")] == ["web"]
    assert sorted(s.name for s in runs.runners("app/__init__.py")) == ["web", "worker-a", "worker-b"]


@pytest.mark.parametrize("text, found", [
    ("INSTALLED_APPS = ['a']", [("INSTALLED_APPS", ("a",))]),
    ("LOCAL_APPS += ('x.y',)", [("LOCAL_APPS", ("x.y",))]),
    ("THIRD_PARTY_APPS.extend(['y'])", [("THIRD_PARTY_APPS", ("y",))]),
    ("app = Celery('p', include=['a.b'])", [("include", ("a.b",))]),
    ("app.autodiscover_tasks(['m'])", [("autodiscover_tasks", ("m",))]),
    ("ROOT_URLCONF = 'mysite.urls'", [("ROOT_URLCONF", ("mysite.urls",))]),
    ("déjà_APPS = ['u']", [("déjà_APPS", ("u",))]),
    ("settings.INSTALLED_APPS = ['a']", []),  # an attribute of something else
    ("INSTALLED_APPS_X = ['a']", []),  # a longer name
    ("XROOT_URLCONF = 'a.b'", []),
    ("include_x = ['a']", []),
    ("if MY_APPS == ['a']: pass", []),  # a comparison
])
def test_scan_finds_framework_lists_by_whole_names(text, found):
    from dockwise.runs.closure import list_pattern

    finder = list_pattern(default_knowledge().frameworks)
    assert list(scan_module(text, finder).lists) == found


def test_scan_dotted_strings_need_a_quote_that_starts_a_string():
    s = scan_module("A = 'pkg.mod'\nB = x'a.b'\nC = f\"{x}.y\"\nD = \"app.tasks:run\"\n")
    assert s.dotted == ("pkg.mod", "app.tasks")


def test_scan_dotted_strings_on_comment_lines_name_nothing():
    """Code switched off with `#` is never read by Python: a module name written there is no
    import; one after code on the same line may sit inside a string, and is kept."""
    text = ('#   uvicorn.run("billing.main:api")\n'
            '    # worker = "ledger.jobs"\n'
            'x = "a#b"  # "kept.mod"\n'
            'APP = "shop.web:app"\n')
    assert scan_module(text).dotted == ("kept.mod", "shop.web")


def test_commented_out_run_of_another_app_does_not_pull_it_into_the_closure(tmp_path):
    """A sibling app named only in a commented-out `uvicorn.run("...")` is not run by this
    container; the same name in live code still is (recall guard)."""
    files = {
        "compose.yaml": "services:\n  catalog:\n    build: .\n    command: uvicorn catalog.main:api\n",
        "Dockerfile": DOCKERFILE,
        "catalog/__init__.py": "",
        "catalog/main.py": ("from fastapi import FastAPI\napi = FastAPI()\n"
                            "# if __name__ == '__main__':\n"
                            "#     uvicorn.run('ledger.worker:api', port=9000)\n"),
        "ledger/__init__.py": "",
        "ledger/worker.py": LOOPBACK,
    }
    assert flagged(tmp_path / "off", files) == []
    files["catalog/main.py"] += "MOUNTED = 'ledger.worker:api'\n"
    assert flagged(tmp_path / "on", files) == [("ledger/worker.py", 2, "DW101")]


def test_celery_autodiscovery_of_listed_packages(tmp_path):
    files = {
        "compose.yaml": "services:\n  worker:\n    build: .\n    command: celery -A proj worker\n",
        "Dockerfile": DOCKERFILE,
        "proj/__init__.py": "",
        "proj/celery.py": "from celery import Celery\napp = Celery('proj')\napp.autodiscover_tasks(['billing'])\n",
        "billing/__init__.py": "",
        "billing/tasks.py": LOOPBACK,
    }
    assert flagged(tmp_path, files) == [("billing/tasks.py", 2, "DW101")]


def test_celery_app_named_module_dot_attribute_runs_that_module(tmp_path):
    """`celery -A proj.worker.celery`: Celery imports `proj.worker` and reads its `celery`
    attribute; the worker runs that module's imports, not every file of the image."""
    files = {
        "compose.yaml": "services:\n  worker:\n    build: .\n    command: celery -A proj.worker.celery worker\n",
        "Dockerfile": DOCKERFILE,
        "proj/__init__.py": "",
        "proj/worker.py": "from celery import Celery\nfrom proj import jobs\ncelery = Celery('proj')\n",
        "proj/jobs.py": LOOPBACK,
        "proj/admin_tool.py": LOOPBACK,
    }
    worker = service_runs(runs_of(tmp_path, files), "worker")
    assert worker.mode == "closure" and "proj/jobs.py" in worker.modules
    assert "proj/admin_tool.py" not in worker.modules
    assert flagged(tmp_path, files) == [("proj/jobs.py", 2, "DW101")]


def test_project_files_stay_inside_the_root_through_links(tmp_path):
    root = make(tmp_path / "p", {"app/main.py": "x = 1\n", "app/pkg/__init__.py": ""}, git=True)
    outside = make(tmp_path / "outside", {"secret.py": "TOKEN = 1\n", "pkg/mod.py": ""}, git=True)
    (root / "app" / "leak.py").symlink_to(outside / "secret.py")
    (root / "app" / "linked").symlink_to(outside / "pkg")
    (root / "app" / "inner.py").symlink_to(root / "app" / "main.py")
    files = ProjectFiles(root)
    assert files.is_dir("") and files.is_dir("app") and files.is_dir("app/pkg")
    assert files.is_file("app/main.py") and files.is_file("app/inner.py")
    assert not files.is_file("app/leak.py") and files.text("app/leak.py") is None
    assert not files.is_dir("app/linked") and not files.is_file("app/linked/mod.py")


def test_image_only_service_built_from_a_dockerfile_labelled_with_its_source(tmp_path):
    files = {
        "compose.yaml": "services:\n  api:\n    image: ghcr.io/acme/shop-api:1.4\n  cache:\n    image: redis:7\n",
        "services/api/Dockerfile": ('FROM python:3.12-slim\n'
                                    'LABEL org.opencontainers.image.source="https://github.com/acme/shop-api" version=1\n'
                                    'WORKDIR /app\nCOPY . .\nCMD ["python", "app.py"]\n'),
        "services/api/app.py": LOOPBACK,
        "services/other/Dockerfile": "FROM python:3.12-slim\nLABEL org.opencontainers.image.source=https://github.com/acme/other\n",
    }
    assert flagged(tmp_path, files) == [("services/api/app.py", 2, "DW101")]


def test_image_only_service_built_by_a_bake_file(tmp_path):
    files = {
        "compose.yaml": "services:\n  worker:\n    image: registry.example.com/acme/worker:dev\n  cache:\n    image: redis:7\n",
        "docker-bake.hcl": ('target "worker" {\n  context = "worker"\n  dockerfile = "Dockerfile"\n'
                            '  tags = ["registry.example.com/acme/worker:dev"]\n}\n'),
        "worker/Dockerfile": 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nCMD ["python", "run.py"]\n',
        "worker/run.py": LOOPBACK,
    }
    assert flagged(tmp_path, files) == [("worker/run.py", 2, "DW101")]


def test_import_lines_are_found_wherever_the_word_import_stands():
    # the scan tries only lines holding "import": the same statements, in order, as a
    # regular expression anchored at every line
    from dockwise.runs.scan import scan_module

    text = ('doc = "see import x"\nimport a.b as c, d\n    from ..pkg import (\n        e,\n        f)\n'
            'x = 1  # import y\nfrom g import h; import i\nimportant = 2\nfrom j import \\\n    k\nimport l')
    got = [(r.module, r.level, r.names, r.line) for r in scan_module(text).imports]
    assert got == [("a.b", 0, (), 2), ("d", 0, (), 2), ("pkg", 2, ("e", "f"), 3), ("g", 0, (), 7),
                   ("j", 0, ("k",), 9), ("l", 0, (), 11)]


def test_from_import_names_are_submodules_of_a_package_only(tmp_path):
    """``from pkg import sub`` reaches the submodule ``pkg/sub.py``; the names ``from pkg.mod
    import a`` gives, ``mod`` a plain module file, are its attributes (they are not looked up
    as submodules, which cost a quarter of the import walks on a large platform); a module
    file beside a directory of its name keeps the lookup (what Python picks there varies)."""
    files = {
        "compose.yaml": "services:\n  api:\n    build: .\n    command: python main.py\n",
        "Dockerfile": DOCKERFILE,
        "main.py": "from pkg import sub\nfrom pkg.conf import sub as s2\nfrom twin import leaf\n",
        "pkg/__init__.py": "",
        "pkg/sub.py": LOOPBACK,
        "pkg/conf.py": "sub = 1\n",
        "pkg/conf/sub.py": LOOPBACK,  # no pkg/conf/__init__.py: a namespace directory beside conf.py
        "twin.py": "",
        "twin/leaf.py": LOOPBACK,
        "pkg/other.py": LOOPBACK,  # imported by nothing
    }
    runs = runs_of(tmp_path, files)
    reached = set(service_runs(runs, "api").closure.reached)
    assert {"main.py", "pkg/__init__.py", "pkg/sub.py", "pkg/conf.py"} <= reached
    assert "pkg/other.py" not in reached
    assert "twin/leaf.py" in reached and "pkg/conf/sub.py" in reached  # a directory beside the module

