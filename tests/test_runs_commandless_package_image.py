"""An image built FROM the official Python image that names no command of its own (no CMD,
no ENTRYPOINT, none in Compose) starts the bare interpreter; where it holds a project that
declares console scripts, those are what an operator runs in it (``docker run img appctl
serve``): the container runs what they reach, not a helper script beside the package that
the project runs on the host.  A code path those scripts reach still counts, and an image
whose project declares no console script still falls back to every file it holds."""
from __future__ import annotations

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

HELPER = ('import asyncio\nimport asyncpg\n\n\n'
          'async def run():\n'
          '    conn = await asyncpg.connect("postgresql://root@localhost:5432/app")\n'
          '    await conn.close()\n\n\n'
          'if __name__ == "__main__":\n'
          '    asyncio.run(run())\n')
SETUP = ('from setuptools import setup\n\n'
         'setup(name="appctl", packages=["appctl"],\n'
         '      entry_points={"console_scripts": ["appctl = appctl.cli:main"]})\n')
DOCKERFILE = "FROM python:3.12-slim\nCOPY . /app\nRUN pip install /app\n"


def findings(tmp_path, files: dict[str, str]) -> list[tuple[str, int, str]]:
    make(tmp_path, {"Dockerfile": DOCKERFILE, "makedb.py": HELPER, "appctl/__init__.py": "", **files}, git=True)
    return [(f.span.path.rsplit("/", 1)[-1], f.span.line, f.code)
            for f in run_check([tmp_path], Config(cache=False)).active]


def test_a_helper_beside_the_package_its_console_scripts_skip_is_not_run(tmp_path):
    files = {"setup.py": SETUP, "appctl/cli.py": "def main():\n    print('serving')\n"}
    assert findings(tmp_path, files) == []


def test_what_the_console_scripts_reach_is_still_judged(tmp_path):
    cli = ('import redis\n\n\n'
           'def main():\n'
           '    redis.Redis.from_url("redis://localhost:6379/0").ping()\n')
    assert findings(tmp_path, {"setup.py": SETUP, "appctl/cli.py": cli}) == [("cli.py", 5, "DW101")]


def test_without_console_scripts_every_file_it_holds_is_judged(tmp_path):
    assert findings(tmp_path, {"appctl/cli.py": "def main():\n    print('serving')\n"}) == [("makedb.py", 6, "DW101")]


def test_a_compose_command_that_runs_the_helper_keeps_the_finding(tmp_path):
    files = {"setup.py": SETUP, "appctl/cli.py": "def main():\n    print('serving')\n",
             "compose.yaml": "services:\n  initdb:\n    build: .\n    working_dir: /app\n"
                             "    command: python makedb.py\n"}
    assert findings(tmp_path, files) == [("makedb.py", 6, "DW101")]
