"""A variable the code reads only as a settings field's default, which a click option of the
command the container starts writes over (`--output tcp://collector:5556` replacing `output =
os.environ.get("PIPE_OUTPUT_ADDRESS", ...)`): the container's value of the variable is replaced
before anything uses it, so a loopback there is dialled nowhere.  Without the option on the
start command, or where another command takes the same option without writing it over the
field, the value stays judged."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

SETTINGS = ('import os\nfrom dataclasses import dataclass\n\n\n@dataclass\nclass Settings:\n'
            '    listen: str = os.environ.get("PIPE_LISTEN_ADDRESS", "tcp://*:5555")\n'
            '    output: str = os.environ.get("PIPE_OUTPUT_ADDRESS", "tcp://localhost:20501")\n')
PIPE = ('import zmq\n\n\ndef run(settings):\n    ctx = zmq.Context()\n    out = ctx.socket(zmq.DEALER)\n'
        '    out.connect(settings.output)\n    return out\n')


def _cli(other: str = "") -> str:
    return ('import click\n\nfrom app.pipe import run\nfrom app.settings import Settings\n\n\n'
            '@click.group()\ndef cli():\n    pass\n\n\n'
            '@cli.command()\n@click.option("--output", type=str, help="where results go")\n'
            'def serve(output):\n    settings = Settings()\n    if output is not None:\n'
            '        settings.output = output\n    run(settings)\n\n\n'
            f'{other}'
            'if __name__ == "__main__":\n    cli()\n')


OTHER = ('@cli.command()\n@click.option("--output", type=str)\ndef replay(output):\n'
         '    print(output)\n    run(Settings())\n\n\n')


def _compose(command: str) -> str:
    return ("services:\n  pipe:\n    build: .\n"
            f"    command: {command}\n"
            "    environment:\n"
            "      - PIPE_OUTPUT_ADDRESS=${PIPE_OUTPUT_ADDRESS:-tcp://localhost:20501}\n"
            "  collector:\n    image: busybox:1.36\n    command: nc -lk -p 5556\n    expose: [\"5556\"]\n")


def _findings(tmp_path: Path, command: str, cli: str) -> list[tuple[str, str]]:
    make(tmp_path, {
        "compose.yaml": _compose(command),
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nRUN pip install click pyzmq\n",
        "app/__init__.py": "",
        "app/settings.py": SETTINGS,
        "app/pipe.py": PIPE,
        "app/cli.py": cli,
    }, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == ()
    return sorted((f.code, f.span.path) for f in result.active)


def test_option_on_the_start_command_replaces_the_value(tmp_path: Path):
    command = '["python", "-m", "app.cli", "serve", "--output", "tcp://collector:5556"]'
    assert _findings(tmp_path, command, _cli()) == []


def test_option_with_equals_sign_replaces_the_value(tmp_path: Path):
    command = '["python", "-m", "app.cli", "serve", "--output=tcp://collector:5556"]'
    assert _findings(tmp_path, command, _cli()) == []


def test_start_command_without_the_option_keeps_the_finding(tmp_path: Path):
    command = '["python", "-m", "app.cli", "serve"]'
    assert _findings(tmp_path, command, _cli()) == [("DW101", "compose.yaml")]


def test_option_filled_in_at_run_time_keeps_the_finding(tmp_path: Path):
    command = 'sh -c "python -m app.cli serve --output $$OUT"'
    assert _findings(tmp_path, command, _cli()) == [("DW101", "compose.yaml")]


def test_another_command_taking_the_option_unwritten_keeps_the_finding(tmp_path: Path):
    command = '["python", "-m", "app.cli", "serve", "--output", "tcp://collector:5556"]'
    assert _findings(tmp_path, command, _cli(OTHER)) == [("DW101", "compose.yaml")]
