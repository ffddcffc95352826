"""An entrypoint script that never reads its arguments (no ``"$@"``, ``$1``, ``shift``, and no
file sourced that might) starts what it names itself: the ``CMD`` words handed to it run
nothing.  No DW201 "gunicorn binds 127.0.0.1 by default" for a ``CMD ["gunicorn", ...]`` such a
script ignores.  A script that passes its arguments on, or sources another file, keeps the
words a command, and the finding."""
from __future__ import annotations

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from dockwise.layout.dispatch import ignores_arguments
from tests.conftest import make

OWN_START = "#!/bin/sh\nset -e\n# start the catalogue API\nexec python -m catalogue.serve\n"
PASSES_ON = "#!/bin/sh\nset -e\npython -m catalogue.migrate\nexec \"$@\"\n"
SOURCES = "#!/bin/sh\nset -e\n. /srv/boot/env.sh\nexec python -m catalogue.serve\n"


def codes(tmp_path, script: str) -> list[str]:
    make(tmp_path, {
        "compose.yaml": "services:\n  catalogue:\n    build: .\n    ports: [\"8000:8000\"]\n",
        "Dockerfile": 'FROM python:3.12\nCOPY . /srv\nENTRYPOINT ["/srv/boot/run.sh"]\n'
                      'CMD ["gunicorn", "catalogue.wsgi:app"]\n',
        "boot/run.sh": script, "boot/env.sh": "export MODE=api\n",
        "catalogue/__init__.py": "", "catalogue/wsgi.py": "app = None\n",
        "catalogue/serve.py": "print('serving')\n", "catalogue/migrate.py": "print('migrating')\n",
    }, git=True)
    return [f.code for f in run_check([tmp_path], Config(cache=False)).active]


def test_the_words_a_script_ignores_start_no_server(tmp_path):
    assert codes(tmp_path, OWN_START) == []


@pytest.mark.parametrize("script", [PASSES_ON, SOURCES])
def test_a_script_that_passes_them_on_or_sources_a_file_keeps_the_finding(tmp_path, script):
    assert codes(tmp_path, script) == ["DW201"]


def test_what_counts_as_reading_the_arguments():
    assert ignores_arguments(OWN_START)
    assert ignores_arguments('#!/bin/sh\necho "${#NAME}" "$HOME"\nexec app\n')
    for script in ('exec app "$1"', 'exec app ${@:2}', 'while getopts "v" o; do :; done', 'shift; exec app',
                   'echo $#', 'source ./lib.sh'):
        assert not ignores_arguments(f"#!/bin/sh\n{script}\n"), script
