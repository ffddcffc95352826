"""A start script the Dockerfile writes inline (``RUN echo '#!/bin/sh\\n...' > /srv/boot.sh``,
``printf``, a ``cat`` heredoc, lines appended with ``>>``) is read from that text
(``runs/inlinescript.py``): what it starts runs, not every file the container holds, and a
server it starts beside the app (``redis-server --daemonize yes``) serves its port there.  A
script the build changes in ways its text does not say stays unknown."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = ("services:\n  board:\n    build: .\n    ports: ['8600:8600']\n"
           "  pg:\n    image: postgres:16\n")
# a one-off script run by hand, never by the board's start script
ONEOFF = "import psycopg2\n\nconn = psycopg2.connect(host='localhost', port=5432, dbname='tally')\n"
# the board itself, whose database host is wrong inside its container
BOARD_BAD = "import psycopg2\n\nconn = psycopg2.connect(host='localhost', port=5432, dbname='tally')\n"
BOARD_OK = "print('board up')\n"


def flagged(tmp_path: Path, files: dict[str, str]) -> list[tuple[str, str]]:
    make(tmp_path, files, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted((f.span.path, f.code) for f in result.active)


def _dockerfile(run: str, cmd: str = '["/srv/boot.sh"]') -> str:
    return ("FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nRUN pip install psycopg2-binary\n"
            f"{run}\nCMD {cmd}\n")


ECHO = ("RUN echo '#!/bin/bash\\n\\\necho starting\\n\\\nexec python board.py' > /srv/boot.sh \\\n"
        "    && chmod +x /srv/boot.sh")
ECHO_E = "RUN echo -e '#!/bin/sh\\nexec python board.py' > boot.sh && chmod 755 boot.sh"
APPENDED = ("RUN echo '#!/bin/sh' > /srv/boot.sh && echo 'set -e' >> /srv/boot.sh \\\n"
            "    && echo 'exec python board.py' >> /srv/boot.sh && chmod +x /srv/boot.sh")
PRINTF = "RUN printf '#!/bin/sh\\nexec python board.py\\n' > /srv/boot.sh && chmod +x /srv/boot.sh"
HEREDOC = "RUN cat > /srv/boot.sh <<'EOF' && chmod +x /srv/boot.sh\n#!/bin/sh\nexec python board.py\nEOF"
COPY_HEREDOC = "COPY <<EOF /srv/boot.sh\n#!/bin/sh\nexec python board.py\nEOF\nRUN chmod +x /srv/boot.sh"


@pytest.mark.parametrize("run", [ECHO, ECHO_E, APPENDED, PRINTF, HEREDOC, COPY_HEREDOC])
def test_the_inline_script_says_what_runs(tmp_path, run):
    files = {"compose.yaml": COMPOSE, "Dockerfile": _dockerfile(run), "board.py": BOARD_OK, "seed_once.py": ONEOFF}
    assert flagged(tmp_path, files) == []


@pytest.mark.parametrize("run", [ECHO, APPENDED, HEREDOC])
def test_what_the_inline_script_runs_is_still_judged(tmp_path, run):
    files = {"compose.yaml": COMPOSE, "Dockerfile": _dockerfile(run), "board.py": BOARD_BAD, "seed_once.py": BOARD_OK}
    assert flagged(tmp_path, files) == [("board.py", "DW101")]


@pytest.mark.parametrize("run", [
    ECHO + "\nRUN sed -i 's/board.py/seed_once.py/' /srv/boot.sh",  # changed by a program
    "RUN curl -fsSL https://example.invalid/boot.sh -o /srv/boot.sh",  # fetched
    "RUN echo \"exec python $APP\" > /srv/boot.sh && cp /srv/boot.sh /srv/boot2.sh",  # copied onwards
])
def test_a_script_the_build_changes_otherwise_stays_unknown(tmp_path, run):
    files = {"compose.yaml": COMPOSE, "Dockerfile": _dockerfile(run), "board.py": BOARD_OK, "seed_once.py": ONEOFF}
    assert flagged(tmp_path, files) == [("seed_once.py", "DW101")]


def test_a_script_another_stage_puts_there_stays_unknown(tmp_path):
    dockerfile = ("FROM python:3.12-slim AS tools\nRUN echo 'exec python seed_once.py' > /srv/boot.sh\n"
                  + _dockerfile(ECHO).replace("COPY . .\n", "COPY . .\nCOPY --from=tools /srv/boot.sh /srv/boot.sh\n"))
    files = {"compose.yaml": COMPOSE, "Dockerfile": dockerfile, "board.py": BOARD_OK, "seed_once.py": ONEOFF}
    assert flagged(tmp_path, files) == [("seed_once.py", "DW101")]


def test_a_daemon_the_inline_script_starts_serves_its_port(tmp_path):
    run = ("RUN echo '#!/bin/bash\\n\\\nredis-server --daemonize yes\\n\\\nexec python board.py' > /srv/boot.sh"
           " && chmod +x /srv/boot.sh")
    env = "ENV QUEUE_REDIS_URL=redis://localhost:6379/0\n"
    files = {"compose.yaml": COMPOSE, "Dockerfile": _dockerfile(env + run), "board.py": BOARD_OK}
    assert flagged(tmp_path, files) == []
    plain = ("RUN echo '#!/bin/bash\\nexec python board.py' > /srv/boot.sh && chmod +x /srv/boot.sh")
    files["Dockerfile"] = _dockerfile(env + plain)
    assert flagged(tmp_path, files) == [("Dockerfile", "DW101")]
