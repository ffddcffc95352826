"""uWSGI's ``smart-attach-daemon`` (and ``smart-attach-daemon2``) is a pidfile, then the
command the master starts and watches (uWSGI's "Managing external daemons/services" page):
``smart-attach-daemon = /tmp/celery.pid celery -A shop.worker worker`` runs the Celery
worker in the uWSGI container.  Before, the pidfile was read as the program and the worker's
code was not run there; ``attach-daemon`` (no pidfile) is read as before
(``pidfile_command_keys`` of the uwsgi entry in rules/frameworks.yaml ini_entries)."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

LOOPBACK = 'import redis\n\ncache = redis.Redis(host="localhost", port=6379)\n'


def _flagged(tmp_path: Path, daemon: str) -> list[str]:
    files = {
        "compose.yaml": "services:\n  web:\n    build: .\n    command: uwsgi --ini uwsgi.ini\n",
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "uwsgi.ini": f"[uwsgi]\nmodule = shop.wsgi:application\nhttp = :8000\n{daemon}\n",
        "shop/__init__.py": "",
        "shop/wsgi.py": "application = None\n",
        "shop/worker.py": "import celery\n\napp = celery.Celery('shop')\n" + LOOPBACK,
        "load_fixtures.py": LOOPBACK,  # run by hand on the host
    }
    make(tmp_path, files, git=True)
    return sorted(f.span.path for f in run_check([tmp_path], Config(cache=False)).active)


def test_the_command_after_the_pidfile_runs(tmp_path):
    daemon = "smart-attach-daemon = /tmp/celery.pid celery -A shop.worker worker --pidfile=/tmp/celery.pid"
    assert _flagged(tmp_path, daemon) == ["shop/worker.py"]


def test_attach_daemon_takes_the_command_whole(tmp_path):
    assert _flagged(tmp_path, "attach-daemon = celery -A shop.worker worker") == ["shop/worker.py"]


SECTIONS = ("[uwsgi]\nmodule = shop.wsgi:application\nhttp = :8000\n\n"
            "[worker]\nini = :uwsgi\nsmart-attach-daemon = /tmp/celery.pid celery -A shop.worker worker\n")


def _sectioned(tmp_path: Path, ini_arg: str) -> list[str]:
    files = {
        "compose.yaml": f"services:\n  web:\n    build: .\n    command: uwsgi --ini {ini_arg}\n",
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "uwsgi.ini": SECTIONS,
        "shop/__init__.py": "",
        "shop/wsgi.py": "from shop import store\n\napplication = store.cache\n",
        "shop/store.py": LOOPBACK,
        "shop/worker.py": "import celery\n\napp = celery.Celery('shop')\n" + LOOPBACK,
    }
    make(tmp_path, files, git=True)
    return sorted(f.span.path for f in run_check([tmp_path], Config(cache=False)).active)


def test_an_ini_file_without_a_section_is_read_from_its_uwsgi_section(tmp_path):
    # the [worker] section's daemon is not started by `--ini uwsgi.ini`
    assert _sectioned(tmp_path, "uwsgi.ini") == ["shop/store.py"]


def test_a_section_that_includes_another_reads_both(tmp_path):
    assert _sectioned(tmp_path, "uwsgi.ini:worker") == ["shop/store.py", "shop/worker.py"]
