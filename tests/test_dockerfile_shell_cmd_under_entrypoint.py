"""A Dockerfile's shell-form CMD under an exec-form ENTRYPOINT runs as `ENTRYPOINT /bin/sh -c CMD`
(Docker's "Understand how CMD and ENTRYPOINT interact"): `tini -- /bin/sh -c "cd /srv && exec
nginx"`.  Its words were appended to the entrypoint one by one, so `cd` was the program tini
starts, one nobody knows: the container fell back to running every file it holds and got a
finding on Python it never runs."""
from __future__ import annotations

from dockwise.config import Config
from dockwise.engine import run_check
from dockwise.layout.commands import effective_command
from dockwise.layout.model import Command
from dockwise.layout.shell import split_shell
from dockwise.model import Text
from tests.conftest import make

APP = 'import redis\n\ncache = redis.Redis(host="localhost", port=6379)\n'


def findings(tmp_path, cmd: str) -> list[tuple[str, tuple[str, ...], str]]:
    make(tmp_path, {
        "compose.yaml": "services:\n  web:\n    build: .\n  cache:\n    image: redis:7\n",
        "Dockerfile": f'FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nENTRYPOINT ["tini", "--"]\nCMD {cmd}\n',
        "app.py": APP,
    }, git=True)
    result = run_check([tmp_path], Config(cache=False))
    return [(f.span.path, tuple(f.services), f.evidence.entry if f.evidence else "") for f in result.active]


def test_a_shell_cmd_starting_only_nginx_runs_no_python(tmp_path):
    assert findings(tmp_path, "cd /srv && exec nginx -g 'daemon off;'") == []


def test_the_python_a_shell_cmd_starts_is_judged_as_it_runs(tmp_path):
    # recall guard: the finding stays, now shown run by `python app.py`, not by the fallback
    got = findings(tmp_path, "cd /srv && exec python app.py")
    assert [(path, services) for path, services, _ in got] == [("app.py", ("web",))]
    assert "every file it holds" not in got[0][2]


def _command(text: str, *, shell: bool, origin: str) -> Command:
    source = Text(text)
    return Command(split_shell(source), shell=shell, origin=origin, source=source if shell else None)


def test_only_a_dockerfile_shell_form_is_handed_to_a_shell():
    entry = Command((Text("tini"), Text("--")), shell=False, origin="dockerfile")
    df = type("DF", (), {"entrypoint": entry, "cmd": _command("cd /srv && exec nginx", shell=True, origin="dockerfile")})
    got = effective_command(None, None, df, "/srv")
    assert got is not None and [t.value for t in got.tokens] == ["tini", "--", "/bin/sh", "-c", "cd /srv && exec nginx"]
    # a Compose `command` string is split into arguments, never run by a shell
    compose = _command("python app.py", shell=True, origin="compose")
    got = effective_command(None, compose, df, "/srv")
    assert got is not None and [t.value for t in got.tokens] == ["tini", "--", "python", "app.py"]
    # an exec-form CMD is appended as it is
    df.cmd = Command((Text("python"), Text("app.py")), shell=False, origin="dockerfile")
    got = effective_command(None, None, df, "/srv")
    assert got is not None and [t.value for t in got.tokens] == ["tini", "--", "python", "app.py"]
