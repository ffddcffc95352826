"""A click command that writes one of its options into its own environment
(`os.environ["LEDGER_STORE_URI"] = store`) before the code that reads the variable runs: where
every entry of the start command gives that option a value, the default of the read
(`os.getenv("LEDGER_STORE_URI", "mongodb://localhost:27017/ledger")`) is never used there.
Without the option, or with a value filled in at run time, the default stays judged."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

STORE = ('import os\n\nimport pymongo\n\n\ndef open_store():\n'
         '    uri = os.getenv("LEDGER_STORE_URI", "mongodb://localhost:27017/ledger")\n'
         '    return pymongo.MongoClient(uri)\n')

CLI = ('import os\n\nimport click\n\nfrom ledger.store import open_store\n\n\n'
       '@click.command()\n@click.option("-s", "--store", default="mongodb://localhost:27017/ledger")\n'
       'def main(store):\n    os.environ["LEDGER_STORE_URI"] = store\n    open_store()\n')

PYPROJECT = ('[project]\nname = "ledger"\nversion = "0.1"\n\n'
             '[project.scripts]\nledger-run = "ledger.cli:main"\n')


def _findings(tmp_path: Path, command: str) -> list[tuple[str, str]]:
    make(tmp_path, {
        "compose.yaml": ("services:\n  ledger:\n    build: .\n"
                         f"    command: {command}\n"
                         "  docstore:\n    image: mongo:7\n"),
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nRUN pip install -e .\n",
        "pyproject.toml": PYPROJECT,
        "ledger/__init__.py": "",
        "ledger/store.py": STORE,
        "ledger/cli.py": CLI,
    }, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == ()
    return sorted((f.code, f.span.path, f.span.line) for f in result.active)


def test_option_given_on_the_start_command_replaces_the_default(tmp_path: Path):
    assert _findings(tmp_path, '["ledger-run", "--store", "mongodb://docstore:27017/ledger"]') == []


def test_start_command_without_the_option_keeps_the_default(tmp_path: Path):
    got = _findings(tmp_path, '["ledger-run"]')
    assert ("DW101", "ledger/store.py", 7) in got


def test_option_filled_in_at_run_time_keeps_the_default(tmp_path: Path):
    got = _findings(tmp_path, 'sh -c "ledger-run --store $$STORE"')
    assert ("DW101", "ledger/store.py", 7) in got
