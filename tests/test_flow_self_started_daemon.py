"""A Python start script that launches a server program as a child process in its own
container (``subprocess.Popen(["vault", "server", "-config", path])``) and then dials it on the
loopback reaches that server: the program listens on its own default port there
(rules/commands.yaml ``daemons``: Vault's listener defaults to 127.0.0.1:8200).  A child that is
another server, a subcommand that serves nothing, or a port option that moves the server
elsewhere, leaves the loopback address judged."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make


def findings(tmp_path: Path, argv: str, url: str = "http://127.0.0.1:8200") -> list[tuple[str, int]]:
    start = ("import os\nimport subprocess\n\nimport hvac\n\n"
             f'ADDR = os.environ.get("SECRETS_ADDR", "{url}")\n\n\n'
             "def main():\n"
             f"    subprocess.Popen({argv})\n"
             "    client = hvac.Client(url=ADDR)\n"
             "    client.sys.is_initialized()\n\n\n"
             'if __name__ == "__main__":\n    main()\n')
    make(tmp_path, {"compose.yaml": "services:\n  secrets:\n    build: .\n    command: python /srv/start.py\n"
                                    "  api:\n    image: acme/api:1\n",
                    "Dockerfile": "FROM python:3.12-slim\nCOPY start.py /srv/start.py\n",
                    "start.py": start}, git=True)
    return sorted((f.code, f.span.line) for f in run_check([tmp_path], Config(cache=False)).active)


def test_a_server_the_script_starts_itself_is_the_one_dialled(tmp_path):
    assert findings(tmp_path, '["vault", "server", "-config", "/srv/vault.hcl"]') == []


def test_the_same_with_the_full_path_of_the_program(tmp_path):
    assert findings(tmp_path, '["/usr/local/bin/redis-server", "--save", ""]',
                    url="http://localhost:6379") == []


def test_a_subcommand_that_serves_nothing_leaves_it_judged(tmp_path):
    assert findings(tmp_path, '["vault", "operator", "unseal", "key"]') == [("DW101", 6)]


def test_another_server_leaves_it_judged(tmp_path):
    assert findings(tmp_path, '["redis-server"]') == [("DW101", 6)]


def test_a_port_option_that_moves_the_server_leaves_it_judged(tmp_path):
    assert findings(tmp_path, '["redis-server", "--port", "6380"]',
                    url="http://localhost:6379") == [("DW101", 6)]


def test_a_config_path_computed_at_run_time_still_starts_it(tmp_path):
    assert findings(tmp_path, '["vault", "server", "-config", os.path.join("/srv", "vault.hcl")]') == []


def test_a_port_computed_at_run_time_is_not_known(tmp_path):
    assert findings(tmp_path, '["redis-server", "--port", os.environ["CACHE_PORT"]]',
                    url="http://localhost:6379") == [("DW101", 6)]


def test_an_address_the_image_environment_gives_is_the_started_server_too(tmp_path):
    start = ("import os\nimport subprocess\n\nimport hvac\n\n"
             'ADDR = os.environ.get("SECRETS_ADDR")\n\n\n'
             "def main():\n"
             '    subprocess.Popen(["vault", "server", "-config", "/srv/vault.hcl"])\n'
             "    hvac.Client(url=ADDR).sys.is_initialized()\n\n\n"
             'if __name__ == "__main__":\n    main()\n')
    make(tmp_path, {"compose.yaml": "services:\n  secrets:\n    build: .\n    command: python /srv/start.py\n"
                                    "  api:\n    image: acme/api:1\n",
                    "Dockerfile": "FROM python:3.12-slim\nENV SECRETS_ADDR=http://127.0.0.1:8200\n"
                                  "COPY start.py /srv/start.py\n",
                    "start.py": start}, git=True)
    assert [f.code for f in run_check([tmp_path], Config(cache=False)).active] == []
    make(tmp_path, {"start.py": start.replace('"vault", "server"', '"vault", "login"')})
    assert [(f.code, f.span.path) for f in run_check([tmp_path], Config(cache=False)).active] == \
        [("DW101", "Dockerfile")]
