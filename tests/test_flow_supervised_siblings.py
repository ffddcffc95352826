"""A container whose init system or process manager starts several programs side by side
(s6-overlay service scripts, supervisord programs) may serve a loopback port from a program
beside the one that dials it, a port dockwise cannot know: without another service of the
layout on that port, ``localhost:PORT`` is no evidence of a server on the Docker host
(flow/judge.py ``_sibling_may_serve``)."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

APP = 'import requests\n\n\ndef hardware():\n    return requests.get("http://127.0.0.1:1984/api/streams")\n\n\nhardware()\n'
RUN = "#!/command/with-contenv bash\nexec {}\n"


def _flagged(tmp_path: Path, files: dict[str, str], compose_extra: str = "") -> list[tuple[str, str, str]]:
    make(tmp_path, {
        "compose.yaml": "services:\n  app:\n    build: .\n" + compose_extra,
        "app/__init__.py": "",
        "app/main.py": APP,
        **files,
    }, git=True)
    result = run_check([tmp_path], Config(cache=False))
    return sorted((f.span.path, f.code, f.suggestion.host if f.suggestion else "") for f in result.active)


S6 = {
    "Dockerfile": ("FROM python:3.12-slim\nWORKDIR /srv\nCOPY . /srv\nCOPY rootfs/ /\n"
                   'ENTRYPOINT ["/init"]\nCMD []\n'),
    "rootfs/etc/s6-overlay/s6-rc.d/app/run": RUN.format("python3 -m app.main"),
    "rootfs/etc/s6-overlay/s6-rc.d/streams/run": RUN.format("/usr/local/bin/streamer -config /config/streams.yaml"),
}

SUPERVISORD = {
    "Dockerfile": ("FROM python:3.12-slim\nWORKDIR /srv\nCOPY . /srv\n"
                   "COPY supervisord.conf /etc/supervisor/conf.d/app.conf\n"
                   'CMD ["supervisord", "-n"]\n'),
    "supervisord.conf": ("[program:app]\ncommand=python3 -m app.main\n\n"
                         "[program:streams]\ncommand=/usr/local/bin/streamer\n"),
}

ALONE = {
    "Dockerfile": 'FROM python:3.12-slim\nWORKDIR /srv\nCOPY . /srv\nCMD ["python3", "-m", "app.main"]\n',
}


def test_a_loopback_port_beside_s6_services_is_no_host_server(tmp_path):
    assert _flagged(tmp_path, S6) == []


def test_a_loopback_port_beside_supervisord_programs_is_no_host_server(tmp_path):
    assert _flagged(tmp_path, SUPERVISORD) == []


def test_a_program_alone_in_its_container_still_dials_itself(tmp_path):
    assert _flagged(tmp_path, ALONE) == [("app/main.py", "DW101", "host.docker.internal")]


def test_a_service_of_the_layout_on_that_port_is_still_the_one_meant(tmp_path):
    other = "  streams:\n    image: example/streamer:1\n    expose: [\"1984\"]\n"
    assert _flagged(tmp_path, S6, other) == [("app/main.py", "DW101", "streams")]


def test_programs_that_run_only_the_projects_python_serve_no_unknown_port(tmp_path):
    files = {
        "Dockerfile": SUPERVISORD["Dockerfile"],
        "supervisord.conf": ("[program:app]\ncommand=python3 -m app.main\n\n"
                             "[program:worker]\ncommand=python3 -m app.worker\n"),
        "app/worker.py": "print('working')\n",
    }
    assert _flagged(tmp_path, files) == [("app/main.py", "DW101", "host.docker.internal")]
