"""A web-server image that fills its configuration from templates (nginx's
``/etc/nginx/templates``, ``env_templates`` in ``rules/images.yaml``) substitutes only the
variables a template names.  Given the application's shared ``.env`` and templates from the
tree that never name a database URL, it dials none of it: the finding belongs to the services
whose code reads the variable, not to the proxy (``Judge._templates_unnamed``)."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

ENV = "DATABASE_URL=postgresql://app@localhost:5432/app\n"
DOCKERFILE = 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nCMD ["python", "-m", "shop.main"]\n'
MAIN = ('import os\n\nimport psycopg\n\n'
        'psycopg.connect(os.environ["DATABASE_URL"])\n')


def findings(tmp_path: Path, template: str, volumes: str = "./proxy:/etc/nginx/templates:ro",
             command: str = "", env: str = ENV) -> list[tuple[str, str, str]]:
    compose = ("services:\n"
               "  api:\n    build: .\n    env_file: .env\n"
               "  proxy:\n    image: nginx:1.27\n    env_file: .env\n    ports: ['80:80']\n"
               + (f"    command: {command}\n" if command else "")
               + f"    volumes:\n      - {volumes}\n")
    make(tmp_path, {"compose.yaml": compose, ".env": env, "Dockerfile": DOCKERFILE,
                    "shop/__init__.py": "", "shop/main.py": MAIN,
                    "proxy/default.conf.template": template}, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted((f.span.path, f.code, ",".join(f.services)) for f in result.active)


PLAIN = "server {\n  listen 80;\n  location / { proxy_pass http://api:8000; }\n}\n"
NAMING = "server {\n  listen 80;\n  # ${DATABASE_URL}\n  location / { proxy_pass http://api:8000; }\n}\n"


def test_templates_that_never_name_the_variable_leave_the_proxy_out(tmp_path):
    assert findings(tmp_path, PLAIN) == [(".env", "DW101", "api")]


def test_a_template_that_names_the_variable_keeps_the_proxy(tmp_path):
    assert findings(tmp_path, NAMING) == [(".env", "DW101", "api,proxy")]


def test_templates_from_outside_the_tree_may_name_anything(tmp_path):
    # mounted from a path the tree does not hold: no evidence of what they name
    assert findings(tmp_path, PLAIN, volumes="/srv/proxy:/etc/nginx/templates:ro") == [(".env", "DW101", "api,proxy")]


CERTS = "./proxy:/etc/nginx/templates:ro\n      - ./certs/server.crt:/etc/nginx/certs/server.crt:ro"


def test_a_certificate_the_tree_does_not_hold_is_no_template(tmp_path):
    # made at install time, mounted outside /etc/nginx/templates: the image fills no variable into it
    assert findings(tmp_path, PLAIN, volumes=CERTS) == [(".env", "DW101", "api")]


def test_a_template_the_tree_does_not_hold_keeps_the_proxy(tmp_path):
    volumes = "./proxy:/etc/nginx/templates:ro\n      - ./generated/site.conf.template:/etc/nginx/templates/site.conf.template:ro"
    assert findings(tmp_path, PLAIN, volumes=volumes) == [(".env", "DW101", "api,proxy")]


def test_an_absent_file_the_start_command_fills_keeps_the_proxy(tmp_path):
    volumes = "./proxy:/etc/nginx/templates:ro\n      - ./extra/site.tpl:/etc/nginx/extra/site.tpl:ro"
    command = """/bin/sh -c "envsubst < /etc/nginx/extra/site.tpl > /etc/nginx/conf.d/x.conf && nginx -g 'daemon off;'\""""
    assert findings(tmp_path, PLAIN, volumes=volumes, command=command) == [(".env", "DW101", "api,proxy")]


def test_a_template_directory_its_environment_names_keeps_the_proxy(tmp_path):
    volumes = "./proxy:/etc/nginx/templates:ro\n      - ./tpl/site.conf.template:/srv/tpl/site.conf.template:ro"
    env = ENV + "NGINX_ENVSUBST_TEMPLATE_DIR=/srv/tpl\n"
    assert findings(tmp_path, PLAIN, volumes=volumes, env=env) == [(".env", "DW101", "api,proxy")]
