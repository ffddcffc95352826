"""OpenResty (nginx with Lua) reads an environment variable only where its configuration names
it: nginx drops every inherited variable but those an ``env`` directive keeps, and Lua reads
them by name (``os.getenv("X")``).  A service of the ``openresty/openresty`` image given an
address it never names in the files mounted into it dials none of it (``rules/images.yaml``,
``env_templates``); where its configuration names the variable, the finding stays."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

COMPOSE = """services:
  sso-node1:
    hostname: sso
    image: custom-sso
    network_mode: host
  proxy:
    image: openresty/openresty:alpine
    network_mode: host
    environment:
      - SSO_URL=http://sso:8080
    volumes:
      - ./conf:/etc/nginx/conf.d
"""


def findings(tmp_path: Path, conf: str) -> list[tuple[str, str]]:
    make(tmp_path, {"compose.yaml": COMPOSE, "conf/default.conf": conf}, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted((f.code, ",".join(f.services)) for f in result.active)


PLAIN = "server {\n  listen 80;\n  location / { return 200; }\n}\n"
NAMING = ("server {\n  listen 80;\n  location / {\n"
          "    set_by_lua_block $sso { return os.getenv(\"SSO_URL\") }\n    proxy_pass $sso;\n  }\n}\n")


def test_a_variable_its_configuration_never_names_is_not_dialled(tmp_path):
    assert findings(tmp_path, PLAIN) == []


def test_a_variable_its_configuration_reads_keeps_the_finding(tmp_path):
    assert findings(tmp_path, NAMING) == [("DW104", "proxy")]
