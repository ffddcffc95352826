"""A project's command-line program whose click group loads its subcommands as plugins from an
entry-point group of its own package (`"atlas.cli_plugins": ["serve = atlas.cli.serve:main"]`):
`atlas serve ...` runs the module registered as `serve`, so what that command does with its
options counts (here it writes `--store` into the variable the code reads).  A subcommand
registered nowhere adds nothing, and the read's default stays judged."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

SETUP = ('from setuptools import setup\n\nsetup(\n    name="atlas",\n    packages=["atlas"],\n'
         '    entry_points={\n'
         '        "console_scripts": ["atlas = atlas.cli:main"],\n'
         '        "atlas.cli_plugins": ["serve = atlas.cli.serve:main"],\n'
         '    },\n)\n')

GROUP = ('import importlib.metadata\n\nimport click\nfrom click_plugins import with_plugins\n\n\n'
         '@with_plugins(importlib.metadata.entry_points().select(group="atlas.cli_plugins"))\n'
         '@click.group()\ndef main():\n    pass\n')

SERVE = ('import os\n\nimport click\n\n\n'
         '@click.command(name="serve")\n@click.option("--store", default="mongodb://localhost:27017/atlas")\n'
         'def main(store):\n    os.environ["ATLAS_STORE_URI"] = store\n'
         '    from atlas.store import open_store\n    open_store()\n')

STORE = ('import os\n\nimport pymongo\n\n\ndef open_store():\n'
         '    return pymongo.MongoClient(os.getenv("ATLAS_STORE_URI", "mongodb://localhost:27017/atlas"))\n')

INIT = ('import os\n\nimport pymongo\n\n'
        'CLIENT = pymongo.MongoClient(os.getenv("ATLAS_CACHE_URI", "mongodb://localhost:27017/cache"))\n')


def _findings(tmp_path: Path, command: str) -> list[tuple[str, str, int]]:
    make(tmp_path, {
        "compose.yaml": ("services:\n  atlas:\n    build: .\n"
                         f"    command: {command}\n"
                         "  docstore:\n    image: mongo:7\n"),
        "Dockerfile": ("FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nRUN pip install -e .\n"
                       'ENTRYPOINT ["atlas"]\n'),
        "setup.py": SETUP,
        "atlas/__init__.py": INIT,
        "atlas/store.py": STORE,
        "atlas/cli/__init__.py": GROUP,
        "atlas/cli/serve.py": SERVE,
    }, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == ()
    return sorted((f.code, f.span.path, f.span.line) for f in result.active)


def test_plugin_subcommand_runs_and_its_option_replaces_the_default(tmp_path: Path):
    got = _findings(tmp_path, '["serve", "--store", "mongodb://docstore:27017/atlas"]')
    # the package's own import-time client is still dialled with its default
    assert got == [("DW101", "atlas/__init__.py", 5)]


def test_without_the_option_the_default_is_judged(tmp_path: Path):
    got = _findings(tmp_path, '["serve"]')
    assert ("DW101", "atlas/store.py", 7) in got and ("DW101", "atlas/__init__.py", 5) in got
