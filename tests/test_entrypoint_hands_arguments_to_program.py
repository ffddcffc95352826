"""An entrypoint script that hands the words it is given to a program of its own
(``uwsgi "$@"`` as its last line, with ``ENTRYPOINT ["./entrypoint.sh"]`` and ``CMD
["wsgi.ini", "--gevent", "200"]``) runs that program with those words: uWSGI reads
``wsgi.ini`` and serves the file it names.  Before, the words were read nowhere and the
container was taken to run none of the project's Python.  A script that shifts or parses its
arguments, or hands them on only inside a loop, is left as written (``handed_arguments`` in
``runs/entries.py``)."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from dockwise.runs.entries import handed_arguments
from tests.conftest import make

LOOPBACK = 'import redis\n\ncache = redis.Redis(host="localhost", port=6379)\n'


def _flagged(tmp_path: Path, entry: str) -> list[str]:
    files = {
        "compose.yaml": "services:\n  web:\n    build: .\n  cache:\n    image: redis:7\n",
        "Dockerfile": ("FROM python:3.12-slim\nWORKDIR /srv\nCOPY wsgi.ini wsgi.py entrypoint.sh /srv/\n"
                       'COPY shop /srv/shop\nCMD ["wsgi.ini", "--gevent", "200"]\nENTRYPOINT ["./entrypoint.sh"]\n'),
        "entrypoint.sh": entry,
        "wsgi.ini": "[uwsgi]\nwsgi-file = wsgi.py\ncallable = app\nsocket = :5000\n",
        "wsgi.py": "from shop import create\n\napp = create()\n",
        "shop/__init__.py": "from shop.store import cache\n\n\ndef create():\n    return cache\n",
        "shop/store.py": LOOPBACK,
    }
    make(tmp_path, files, git=True)
    return sorted(f.span.path for f in run_check([tmp_path], Config(cache=False)).active)


def test_the_program_is_given_the_words(tmp_path):
    entry = '#!/bin/bash\nset -e\nmkdir -p "$STORAGE_PATH/upload"\nuwsgi "$@"\n'
    assert _flagged(tmp_path, entry) == ["shop/store.py"]


def test_exec_of_the_program_too(tmp_path):
    assert _flagged(tmp_path, '#!/bin/sh\nexec uwsgi "$@"\n') == ["shop/store.py"]


def test_only_plain_hand_ons_are_filled_in():
    args = ("wsgi.ini", "--gevent", "200")
    assert handed_arguments('#!/bin/sh\nuwsgi "$@"\n', args) == "#!/bin/sh\nuwsgi wsgi.ini --gevent 200\n"
    # the arguments run as a command: left to that reading
    assert handed_arguments('#!/bin/sh\nexec "$@"\n', args) == '#!/bin/sh\nexec "$@"\n'
    # moved or parsed first, or handed on in a loop or a block: not known
    shifted = '#!/bin/sh\nshift\nuwsgi "$@"\n'
    assert handed_arguments(shifted, args) == shifted
    looped = '#!/bin/sh\nfor a in "$@"; do\n  uwsgi "$@"\ndone\n'
    assert handed_arguments(looped, args) == looped
