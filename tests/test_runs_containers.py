"""Which project files a container holds and runs, in shapes a survey of public repositories
met: server images with the project mounted, a bind mount over what the image copied,
``${PWD}`` in host paths, Celery behind ``python -m`` and reloaders, gunicorn's
``wsgi_app`` in its configuration, and CI workflows that tag images with ``${{ env.X }}``.
Each test builds a small project as files."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from dockwise.knowledge import default_knowledge
from dockwise.layout.build import load_layout
from dockwise.layout.imagebuilds import find_image_builds
from dockwise.runs import ProjectFiles, build_runs

from tests.conftest import make

DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n"
LOOPBACK = 'import redis\nr = redis.Redis(host="localhost", port=6379)\n'


def check(tmp_path: Path, files: dict[str, str]):
    make(tmp_path, files, git=True)
    return run_check([tmp_path], Config(cache=False))


def flagged(tmp_path: Path, files: dict[str, str]) -> list[tuple[str, str, tuple[str, ...]]]:
    result = check(tmp_path, files)
    assert result.errors == (), result.errors
    return sorted((f.span.path, f.code, tuple(sorted(f.services))) for f in result.active)


def runs_mode(tmp_path: Path, files: dict[str, str], name: str) -> str:
    make(tmp_path, files, git=True)
    k = default_knowledge()
    runs = build_runs(load_layout(tmp_path, k), k, ProjectFiles(tmp_path))
    return next(r for r in runs.services if r.service.name == name).mode


# --------------------------------------------------------------- server images run no Python


@pytest.mark.parametrize("image", [
    "postgres:16", "mysql:8", "mariadb", "redis:7", "docker.io/library/valkey:8", "valkey/valkey:8",
    "mongo:7", "memcached", "rabbitmq:3-management", "bitnami/redis:7", "solr:9", "nginx:alpine",
    "docker.elastic.co/elasticsearch/elasticsearch:8.13.0", "opensearchproject/opensearch:2",
    "minio/minio", "cypress/included:13.6.0", "mcr.microsoft.com/playwright:v1.44.0-jammy",
    "postgres@sha256:0123abcd",
])
def test_a_server_image_with_the_project_mounted_runs_none_of_its_python(tmp_path, image):
    files = {"compose.yaml": f'services:\n  box:\n    image: "{image}"\n    volumes: [".:/work"]\n',
             "tools/index.py": LOOPBACK}
    assert runs_mode(tmp_path, files, "box") == "none"


def test_a_python_flavour_of_a_test_runner_image_still_holds_python(tmp_path):
    files = {"compose.yaml": "services:\n  e2e:\n    image: mcr.microsoft.com/playwright/python:v1.44.0\n"
                             '    volumes: [".:/work"]\n',
             "tools/index.py": LOOPBACK}
    assert runs_mode(tmp_path, files, "e2e") == "fallback"


def test_a_database_beside_a_python_service_gets_no_finding_for_the_files_mounted_in_it(tmp_path):
    files = {
        "compose.yaml": "services:\n  db:\n    image: postgres:16\n    volumes: ['.:/work']\n"
                        "    networks: [a]\n  search:\n    image: solr:9\n    networks: [b]\n"
                        "  tools:\n    build: .\n    command: python tools/index.py\n    networks: [a, b]\n"
                        "networks:\n  a:\n  b:\n",
        "Dockerfile": DOCKERFILE,
        "tools/index.py": 'import requests\nrequests.post("http://search:8983/solr/core/update")\n',
    }
    assert flagged(tmp_path, files) == []


def test_a_test_runner_built_from_a_node_image_judges_nothing(tmp_path):
    files = {
        "ci/compose.yaml": "services:\n  e2e:\n    build:\n      context: ..\n      dockerfile: ci/Dockerfile\n"
                           "  redis:\n    image: redis:7\n",
        "ci/Dockerfile": "FROM cypress/browsers:latest\nWORKDIR /src\nCOPY . /src\n",
        "app.py": LOOPBACK,
    }
    assert flagged(tmp_path, files) == []


# --------------------------------------------------------------- a bind mount hides the image


def _shadowed(volumes: str) -> dict[str, str]:
    return {
        "server/compose.yaml": "services:\n  api:\n    build:\n      context: ..\n      dockerfile: server/Dockerfile\n"
                               f"{volumes}  redis:\n    image: redis\n",
        "server/Dockerfile": "FROM python:3.12\nWORKDIR /app/packages\nCOPY lib ./lib\nENV PYTHONPATH=/app/packages\n"
                             "WORKDIR /app\nCOPY server .\nCMD [\"python\", \"main.py\"]\n",
        "server/main.py": "import lib\n",
        "lib/__init__.py": LOOPBACK,
    }


def test_a_bind_mount_hides_what_the_image_copied_below_its_target(tmp_path):
    assert flagged(tmp_path, _shadowed("    volumes:\n      - .:/app\n")) == []


def test_without_the_bind_mount_the_image_copy_is_run(tmp_path):
    assert flagged(tmp_path, _shadowed("")) == [("lib/__init__.py", "DW101", ("api",))]


def test_a_volume_below_the_bind_mount_keeps_the_image_content(tmp_path):
    # Docker fills a new volume from the image: `- /app/packages` shows the image's lib again
    got = flagged(tmp_path, _shadowed("    volumes:\n      - .:/app\n      - /app/packages\n"))
    assert got == [("lib/__init__.py", "DW101", ("api",))]


def test_a_bind_mount_from_outside_the_project_hides_the_image_content_too(tmp_path):
    got = flagged(tmp_path, _shadowed("    volumes:\n      - type: bind\n        source: /srv/packages\n"
                                      "        target: /app/packages\n"))
    assert got == []


# --------------------------------------------------------------- ${PWD} in host paths


def test_pwd_in_host_paths_is_the_project_directory(tmp_path):
    make(tmp_path, {
        "compose.yaml": "services:\n  web:\n    build: ${PWD}\n    env_file:\n      - ${PWD}/frontend/.env\n"
                        "    volumes:\n      - $PWD/src:/app/src\n    environment:\n      HOME_DIR: ${PWD}/x\n",
        "Dockerfile": DOCKERFILE,
        "frontend/.env": "API_URL=http://api:8000\n",
        "src/app.py": "x = 1\n",
    }, git=True)
    layout = load_layout(tmp_path, default_knowledge())
    assert layout.errors == ()
    web = layout.projects[0].services[0]
    env = {v.name: v.value.value if v.value else None for v in web.environment}
    assert env["API_URL"] == "http://api:8000"
    assert env["HOME_DIR"] == "/x"  # not a host path: an unset variable is "", as before
    assert web.build_context == ""
    assert ("src", "/app/src") in {(r.source, r.target) for r in web.code}


def test_pwd_set_in_the_dotenv_file_wins(tmp_path):
    make(tmp_path, {
        "compose.yaml": "services:\n  web:\n    image: python:3.12\n    env_file: ${PWD}/app.env\n",
        ".env": "PWD=./config\n",
        "config/app.env": "A=1\n",
    }, git=True)
    layout = load_layout(tmp_path, default_knowledge())
    assert layout.errors == ()
    assert [v.name for v in layout.projects[0].services[0].environment] == ["A"]


def test_pwd_in_an_included_file_is_the_main_project_directory(tmp_path):
    make(tmp_path, {
        "compose.yaml": "include:\n  - deploy/web.yaml\n",
        "deploy/web.yaml": "services:\n  web:\n    image: python:3.12\n    env_file: ${PWD}/web.env\n",
        "web.env": "A=1\n",
    }, git=True)
    layout = load_layout(tmp_path, default_knowledge())
    assert layout.errors == ()
    assert [v.name for v in layout.projects[0].services[0].environment] == ["A"]


def test_pwd_in_include_and_extends_paths_is_the_project_directory(tmp_path):
    make(tmp_path, {
        "compose.yaml": "include:\n  - ${PWD}/deploy/web.yaml\nservices:\n  worker:\n"
                        "    extends:\n      file: ${PWD}/base.yaml\n      service: base\n",
        "base.yaml": "services:\n  base:\n    image: python:3.12\n",
        "deploy/web.yaml": "services:\n  web:\n    image: python:3.12\n",
    }, git=True)
    layout = load_layout(tmp_path, default_knowledge())
    assert layout.errors == ()
    assert sorted(s.name for s in layout.projects[0].services) == ["web", "worker"]
    assert layout.projects[0].service("worker").image == "python:3.12"


def _pwd_build(dockerfile: str) -> dict[str, str]:
    # a file of a subdirectory run from the tree's root: `docker compose -f deploy/aio/compose.yaml up`
    return {
        "deploy/aio/compose.yaml": "services:\n  aio:\n    image: shop\n    build:\n"
                                   f"      context: $PWD\n      dockerfile: {dockerfile}\n",
        "deploy/aio/Dockerfile": DOCKERFILE + 'CMD ["python", "deploy/aio/run.py"]\n',
        "deploy/aio/run.py": LOOPBACK,
        "Dockerfile": DOCKERFILE + 'CMD ["python", "main.py"]\n',
        "main.py": "x = 1\n",
    }


def test_pwd_in_a_dockerfile_path_is_the_root_where_the_build_paths_exist_only_from_there(tmp_path):
    make(tmp_path, _pwd_build("$PWD/deploy/aio/Dockerfile"), git=True)
    layout = load_layout(tmp_path, default_knowledge())
    assert layout.errors == ()  # not "/deploy/aio/Dockerfile is outside the project root"
    aio = layout.projects[0].services[0]
    assert (aio.build_context, aio.dockerfile) == ("", "deploy/aio/Dockerfile")


def test_pwd_in_a_dockerfile_path_stays_the_project_directory_where_its_paths_exist(tmp_path):
    files = _pwd_build("$PWD/Dockerfile")  # deploy/aio/Dockerfile, from deploy/aio
    make(tmp_path, files, git=True)
    layout = load_layout(tmp_path, default_knowledge())
    assert layout.errors == ()
    aio = layout.projects[0].services[0]
    assert (aio.build_context, aio.dockerfile) == ("deploy/aio", "deploy/aio/Dockerfile")


def test_the_build_pwd_picks_still_judges_the_code_it_builds(tmp_path):
    # recall guard: the Dockerfile found from the root runs its script, whose loopback is reported
    got = flagged(tmp_path, _pwd_build("$PWD/deploy/aio/Dockerfile"))
    assert ("deploy/aio/run.py", "DW101", ("aio",)) in got


# --------------------------------------------------------------- celery behind python -m and reloaders

CELERY_APP = 'from celery import Celery\napp = Celery("proj", broker="redis://localhost:6379/0")\n'


@pytest.mark.parametrize("command", [
    "python -m celery -A proj worker",
    "python3 -m celery --app=proj beat",
    "hupper -m celery -A proj worker",
    "watchmedo auto-restart --directory=. --pattern=*.py --recursive -- celery -A proj worker",
    "watchmedo auto-restart -d . -p '*.py' -- python -m celery -A proj worker",
])
def test_celery_started_through_the_interpreter_or_a_reloader_runs_its_app(tmp_path, command):
    files = {"compose.yaml": f'services:\n  worker:\n    build: .\n    command: "{command}"\n'
                             "  redis:\n    image: redis\n",
             "Dockerfile": DOCKERFILE, "proj/__init__.py": CELERY_APP}
    assert flagged(tmp_path, files) == [("proj/__init__.py", "DW101", ("worker",))]


def test_python_m_of_a_server_module_that_is_a_tool_still_runs_no_app(tmp_path):
    files = {"compose.yaml": "services:\n  migrate:\n    build: .\n    command: python -m flask db upgrade\n"
                             "  redis:\n    image: redis\n",
             "Dockerfile": DOCKERFILE, "proj/__init__.py": CELERY_APP}
    assert runs_mode(tmp_path, files, "migrate") != "fallback"


# --------------------------------------------------------------- gunicorn's wsgi_app

APP = LOOPBACK + "\n\ndef application(environ, start_response):\n    return []\n"


@pytest.mark.parametrize("command,config", [
    ("gunicorn --config gunicorn.conf.py", "gunicorn.conf.py"),
    ("gunicorn -c conf/web.py", "conf/web.py"),
    ("gunicorn", "gunicorn.conf.py"),
    ("python -u -m gunicorn --config=gunicorn.conf.py", "gunicorn.conf.py"),
])
def test_gunicorn_runs_the_app_its_configuration_names(tmp_path, command, config):
    files = {"compose.yaml": f"services:\n  web:\n    build: .\n    command: {command}\n  redis:\n    image: redis\n",
             "Dockerfile": DOCKERFILE, config: "wsgi_app = 'site_app:application'\nbind = \"0.0.0.0:8000\"\n",
             "site_app.py": APP, "unused.py": LOOPBACK}
    assert flagged(tmp_path, files) == [("site_app.py", "DW101", ("web",))]


# --------------------------------------------------------------- ${{ env.X }} in workflow tags

WORKFLOW = """on: push
env:
  REGISTRY_IMAGE: acme/worker
jobs:
  build:
    runs-on: ubuntu-latest
{job_env}    steps:
      - uses: docker/build-push-action@v5
        with:
          context: ${{{{ env.CONTEXT_DIR }}}}
          file: docker/Dockerfile
          tags: ${{{{ env.REGISTRY_IMAGE }}}}:latest
{step_env}"""


def _builds(tmp_path: Path, job_env: str = "", step_env: str = ""):
    make(tmp_path, {".github/workflows/release.yml": WORKFLOW.format(job_env=job_env, step_env=step_env),
                    "docker/Dockerfile": "FROM python:3.12\n"}, git=True)
    return find_image_builds([".github/workflows/release.yml"], lambda rel: (tmp_path / rel).read_text(),
                             lambda rel: (tmp_path / rel).is_file())


def test_workflow_env_fills_in_build_push_action_tags(tmp_path):
    builds = _builds(tmp_path, job_env="    env:\n      CONTEXT_DIR: .\n")
    build = builds.match("acme/worker:latest")
    assert build is not None and (build.context, build.dockerfile) == ("", "docker/Dockerfile")
    assert "acme/worker" in builds.exact and set(builds.exact["acme/worker"]) == {"latest"}


def test_a_step_env_overrides_the_workflow_env(tmp_path):
    builds = _builds(tmp_path, step_env="        env:\n          REGISTRY_IMAGE: acme/other\n")
    assert builds.match("acme/other:latest") is not None
    assert not builds.knows("acme/worker")


def test_an_env_of_another_job_is_not_seen(tmp_path):
    text = ("on: push\njobs:\n  a:\n    env:\n      IMAGE: acme/a\n    steps:\n      - run: echo\n"
            "  b:\n    steps:\n      - uses: docker/build-push-action@v5\n        with:\n"
            "          context: .\n          tags: ${{ env.IMAGE }}/app:1\n")
    make(tmp_path, {".github/workflows/ci.yml": text, "Dockerfile": "FROM python:3.12\n"}, git=True)
    builds = find_image_builds([".github/workflows/ci.yml"], lambda rel: (tmp_path / rel).read_text(),
                               lambda rel: (tmp_path / rel).is_file())
    assert not builds.knows("acme/a/app:1")


def test_an_image_only_service_runs_the_dockerfile_its_workflow_tags_through_env(tmp_path):
    files = {
        ".github/workflows/release.yml": WORKFLOW.format(job_env="", step_env="").replace(
            "${{ env.CONTEXT_DIR }}", "."),
        "docker/Dockerfile": 'FROM python:3.12-slim\nWORKDIR /srv\nCOPY . /srv\nCMD ["python", "-m", "app.main"]\n',
        "app/__init__.py": "", "app/main.py": LOOPBACK,
        "compose.yaml": "services:\n  worker:\n    image: acme/worker:latest\n  redis:\n    image: redis\n",
    }
    assert flagged(tmp_path, files) == [("app/main.py", "DW101", ("worker",))]


# ------------------------------------------------ start scripts that take a path, account tools


def test_a_script_given_a_directory_of_the_tree_runs_no_python(tmp_path):
    # `node-app.sh web/ui`: the script's argument is a folder it changes into, not a command
    # it runs; a folder of the tree is no program, so nothing unknown is left
    files = {"compose.yaml": "services:\n  ui:\n    build: .\n    command: bin/node-app.sh web/ui\n",
             "Dockerfile": DOCKERFILE,
             "bin/node-app.sh": '#!/bin/sh\ncd "$1"\nnpm start\n',
             "web/ui/package.json": "{}\n",
             "probe/serve.py": LOOPBACK}
    assert runs_mode(tmp_path, files, "ui") == "none"


def test_a_missing_path_given_to_a_script_is_still_unknown(tmp_path):
    files = {"compose.yaml": "services:\n  ui:\n    build: .\n    command: bin/node-app.sh web/gone\n",
             "Dockerfile": DOCKERFILE,
             "bin/node-app.sh": '#!/bin/sh\nexec "$@"\n',
             "probe/serve.py": LOOPBACK}
    assert runs_mode(tmp_path, files, "ui") == "fallback"


@pytest.mark.parametrize("tool", ["usermod -u 1000 app", "groupmod -g 1000 app", "useradd -m app"])
def test_account_tools_before_a_node_server_run_no_python(tmp_path, tool):
    files = {"compose.yaml": f'services:\n  ui:\n    build: .\n    command: sh -c "{tool} && npm start"\n',
             "Dockerfile": DOCKERFILE,
             "probe/serve.py": LOOPBACK}
    assert runs_mode(tmp_path, files, "ui") == "none"


# ------------------------------------- a settings variable given to a container that runs no Python


SETTINGS = {"site/__init__.py": "",
            "site/settings.py": 'DATABASES = {"default": {"HOST": "127.0.0.1", "PORT": 5432}}\n'}


@pytest.mark.parametrize("command", [
    "npm run watch",
    'sh -c "python -m venv /opt/env && /opt/env/bin/pip install -r requirements.txt"',
    "python -m pip install -e .",
])
def test_a_settings_variable_is_not_imported_by_a_command_that_runs_no_project_python(tmp_path, command):
    files = {"compose.yaml": f"services:\n  deps:\n    build: .\n    command: {command}\n"
                             "    environment:\n      DJANGO_SETTINGS_MODULE: site.settings\n",
             "Dockerfile": DOCKERFILE, **SETTINGS}
    assert runs_mode(tmp_path, files, "deps") == "none"


@pytest.mark.parametrize("command", ["celery worker -l info", "python -m pip install -e . && python -m site.run",
                                     "./start-everything"])
def test_a_settings_variable_still_counts_where_the_command_may_import_it(tmp_path, command):
    files = {"compose.yaml": f"services:\n  app:\n    build: .\n    command: sh -c '{command}'\n"
                             "    environment:\n      DJANGO_SETTINGS_MODULE: site.settings\n      CELERY_APP: site\n",
             "Dockerfile": DOCKERFILE, "site/run.py": "", **SETTINGS}
    assert runs_mode(tmp_path, files, "app") == "closure"
