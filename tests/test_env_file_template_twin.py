"""An ``env_file: .env`` absent from the checkout is written by the operator from the sample
the project commits; ``.env.template`` is such a sample as much as ``.env.example`` is.  Where it
names the settings module for the containers (``DJANGO_SETTINGS_MODULE``), the host-side
module that the start script's ``setdefault`` names is not loaded there, and its loopback cache
is no finding; where the template names the host-side module, the finding stays."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

MANAGE = ("import os\nimport sys\n\n"
          "if __name__ == '__main__':\n"
          "    os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'portal.conf.onhost')\n"
          "    from django.core.management import execute_from_command_line\n"
          "    execute_from_command_line(sys.argv)\n")


def _cache(location: str) -> str:
    return ("CACHES = {\n    'default': {\n"
            "        'BACKEND': 'django_redis.cache.RedisCache',\n"
            f"        'LOCATION': '{location}',\n    }}\n}}\n")


def _paths(tmp_path: Path, template: str) -> list[str]:
    compose = ("services:\n"
               "  portal:\n    build: .\n    env_file: .env\n"
               "    command: python manage.py runserver 0.0.0.0:8000\n"
               "  kv:\n    image: redis:7\n")
    make(tmp_path, {"compose.yaml": compose,
                    "Dockerfile": "FROM python:3.12\nCOPY . /srv\nWORKDIR /srv\n",
                    "manage.py": MANAGE,
                    "portal/__init__.py": "", "portal/conf/__init__.py": "",
                    "portal/conf/onhost.py": _cache("redis://localhost:6379"),
                    "portal/conf/incontainer.py": _cache("redis://kv:6379"),
                    ".env.template": template}, git=True)
    return sorted(f.span.path for f in run_check([tmp_path], Config(cache=False)).findings)


def test_the_template_names_the_containers_settings_module(tmp_path):
    assert _paths(tmp_path, "DJANGO_SETTINGS_MODULE=portal.conf.incontainer\n") == []


def test_a_template_naming_the_host_module_keeps_the_finding(tmp_path):
    assert _paths(tmp_path, "DJANGO_SETTINGS_MODULE=portal.conf.onhost\n") == ["portal/conf/onhost.py"]
