"""An env_file committed encrypted as a whole (``openssl enc -a``, ansible-vault, git-crypt) is
decrypted where the project is deployed: read as a dotenv it is one parse error a line and
sets nothing, yet in the container it may set any variable.  Such a file is reported once, as
unread, and its variables are unknown, as for an env_file absent from the tree: the default
of a read of a variable it may set is not judged, nor is a value of an earlier env file it may
replace.  A literal address in the code, or a file it cannot replace, is still judged."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  cache:
    image: redis:7
  api:
    build: .
    env_file:
{files}
"""
DOCKERFILE = 'FROM python:3.12-slim\nCOPY . .\nCMD ["python", "main.py"]\n'
READ_DEFAULT = 'import os\n\nimport redis\n\nqueue = redis.from_url(os.getenv("QUEUE_URL", "redis://localhost:6379/0"))\n'
LITERAL = 'import redis\n\nlocks = redis.Redis(host="localhost", port=6379)\n'

SEALED = {
    "openssl": "U2FsdGVkX19hYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0NTY3\nOGFiY2RlZmdoaWprbG1ub3BxcnN0dXZ3eHl6\n",
    "ansible": "$ANSIBLE_VAULT;1.1;AES256\n6162636465666768696a6b6c6d6e6f70\n7172737475767778797a303132333435\n",
}


def _findings(tmp_path: Path, files: list[str], present: dict[str, str | bytes]) -> tuple[list[tuple[str, int, str]], list[str]]:
    make(tmp_path, {
        "compose.yaml": COMPOSE.format(files="".join(f"      - {f}\n" for f in files)),
        "Dockerfile": DOCKERFILE,
        **present,
    }, git=True)
    result = run_check([tmp_path], Config(cache=False))
    found = sorted((f.span.path, f.span.line, f.code) for f in result.active)
    return found, [e.message for e in result.errors] + [w[2] for w in result.warnings]


@pytest.mark.parametrize("kind", sorted(SEALED))
def test_a_read_default_an_encrypted_env_file_may_replace_is_not_judged(tmp_path, kind):
    found, errors = _findings(tmp_path, ["api.env"], {"main.py": READ_DEFAULT, "api.env": SEALED[kind]})
    assert found == []
    assert len([m for m in errors if "encrypted" in m]) == 1
    assert not [m for m in errors if "cannot parse" in m]


def test_a_read_default_an_undecodable_env_file_may_replace_is_not_judged(tmp_path):
    # git-crypt leaves binary bytes in the checkout: the file cannot be read as text
    sealed = b"\x00GITCRYPT\x00\x8a\x13\xff\xfe\x00\x01\x9c"
    found, errors = _findings(tmp_path, ["api.env"], {"main.py": READ_DEFAULT, "api.env": sealed})
    assert found == []
    assert errors


def test_a_literal_beside_an_encrypted_env_file_is_still_judged(tmp_path):
    found, _ = _findings(tmp_path, ["api.env"], {"main.py": LITERAL, "api.env": SEALED["openssl"]})
    assert found == [("main.py", 3, "DW101")]


def test_a_plain_env_file_read_default_is_still_judged(tmp_path):
    found, _ = _findings(tmp_path, ["api.env"], {"main.py": READ_DEFAULT, "api.env": "LOG_LEVEL=info\n"})
    assert found == [("main.py", 5, "DW101")]


EARLIER = {"base.env": "QUEUE_URL=redis://localhost:6379/0\n", "main.py": READ_DEFAULT.replace(', "redis://localhost:6379/0"', "")}


def test_an_earlier_value_a_later_encrypted_file_may_replace_is_not_judged(tmp_path):
    found, _ = _findings(tmp_path, ["base.env", "api.env"], {**EARLIER, "api.env": SEALED["openssl"]})
    assert found == []


def test_a_value_after_the_encrypted_file_is_still_judged(tmp_path):
    found, _ = _findings(tmp_path, ["api.env", "base.env"], {**EARLIER, "api.env": SEALED["openssl"]})
    assert found == [("base.env", 1, "DW101")]


def test_a_dotenv_whose_first_name_looks_like_the_opening_is_read():
    from dockwise.layout.dotenv import parse_env_file

    parsed = parse_env_file("U2FsdGVkX1_MODE=fast\nQUEUE_URL=redis://cache:6379/0\n", "api.env")
    assert not parsed.sealed
    assert [v.name for v in parsed.vars] == ["U2FsdGVkX1_MODE", "QUEUE_URL"]
    sealed = parse_env_file(SEALED["openssl"], "api.env")
    assert sealed.sealed and sealed.vars == ()
