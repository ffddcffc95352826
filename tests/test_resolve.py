"""The verdicts of issue 3 for targets in code (loopback, service names, container IPs),
each on a small layout written to tmp_path and run through ``engine.run_check``."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from dockwise.typo import damerau_levenshtein

from tests.conftest import make

DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n"


def check(tmp_path: Path, files: dict[str, str], *paths: str, errors_ok: bool = False, **cfg):
    make(tmp_path, files, git=True)
    result = run_check([tmp_path / p for p in paths] or [tmp_path], Config(**cfg))
    if not errors_ok:
        assert result.errors == (), result.errors
    return list(result.active)


def sug(f) -> str | None:
    if f.suggestion is None:
        return None
    return f"{f.suggestion.host}:{f.suggestion.port}" if f.suggestion.port is not None else f.suggestion.host


def summary(findings) -> list[tuple]:
    return [(f.span.path, f.span.line, f.code, sug(f)) for f in findings]


def one(findings):
    assert len(findings) == 1, summary(findings)
    return findings[0]


def compose(services: str, extra: str = "") -> str:
    return "services:\n" + services + extra


API = "  api:\n    build: ./api\n"


def dialled(code: str) -> str:
    """``code`` with every module-level string constant handed to a client (a finding needs
    evidence that its value is dialled: these tests are about the verdicts)."""
    import ast

    try:
        tree = ast.parse(code)
    except SyntaxError:
        return code
    names = [t.id for n in tree.body if isinstance(n, ast.Assign) for t in n.targets if isinstance(t, ast.Name)]
    if not names:
        return code
    return code + "import requests as _client\n" + "".join(f"_client.get({n})\n" for n in names)


def app(code: str) -> dict[str, str]:
    return {"api/Dockerfile": DOCKERFILE, "api/app.py": dialled(code)}


# --------------------------------------------------------------------------- network_mode

DB = "  db:\n    image: postgres:16\n"
PG = 'DB = "postgresql://localhost:5432/app"\n'


def test_network_mode_host_loopback_is_right(tmp_path):
    # loopback is the Docker host, where db publishes 5432
    files = {"compose.yaml": compose(API + "    network_mode: host\n" + DB + "    ports: ['5432:5432']\n"), **app(PG)}
    assert check(tmp_path, files) == []


def test_network_mode_host_loopback_to_an_unpublished_listener_is_wrong(tmp_path):
    # db listens on 5432 only inside its network: the host's loopback has nothing there
    files = {"compose.yaml": compose(API + "    network_mode: host\n" + DB), **app(PG)}
    (f,) = check(tmp_path, files)
    assert f.code == "DW101" and f.suggestion is None


def test_network_mode_host_service_name_is_dw104(tmp_path):
    files = {"compose.yaml": compose(API + "    network_mode: host\n" + DB),
             **app('DB = "postgresql://db:5432/app"\n')}
    f = one(check(tmp_path, files))
    assert (f.code, f.suggestion) == ("DW104", None)
    assert "network_mode: host" in f.message and "`db`" in f.message


def test_network_mode_none_loopback_is_its_own(tmp_path):
    files = {"compose.yaml": compose(API + "    network_mode: none\n" + DB), **app(PG)}
    assert check(tmp_path, files) == []


@pytest.mark.parametrize("url", ["postgresql://db:5432/app", "https://api.example.com/",
                                 "http://host.docker.internal:8000/", "postgresql://10.0.0.5:5432/x"])
def test_network_mode_none_anything_else_is_dw108(tmp_path, url):
    files = {"compose.yaml": compose(API + "    network_mode: none\n" + DB), **app(f'U = "{url}"\n')}
    f = one(check(tmp_path, files))
    assert (f.code, f.suggestion) == ("DW108", None)
    assert "network_mode: none" in f.message


def test_network_mode_none_typo_is_dw108_not_dw105(tmp_path):
    files = {"compose.yaml": compose(API + "    network_mode: none\n" + DB), **app('U = "postgresql://dbb:5432/x"\n')}
    assert one(check(tmp_path, files)).code == "DW108"


def test_network_mode_bridge_loopback_listener_unreachable(tmp_path):
    files = {"compose.yaml": compose(API + "    network_mode: bridge\n" + DB), **app(PG)}
    f = one(check(tmp_path, files))
    assert f.code == "DW104" and "`db`" in f.message


def test_network_mode_bridge_service_name_is_dw104(tmp_path):
    files = {"compose.yaml": compose(API + "    network_mode: bridge\n" + DB),
             **app('DB = "postgresql://db:5432/app"\n')}
    f = one(check(tmp_path, files))
    assert f.code == "DW104" and "network_mode: bridge" in f.message


def test_network_mode_bridge_link_alias_is_the_name(tmp_path):
    svc = API + "    network_mode: bridge\n    links: ['db:database']\n" + DB + "    network_mode: bridge\n"
    f = one(check(tmp_path, {"compose.yaml": compose(svc), **app(PG)}))
    assert (f.code, sug(f)) == ("DW101", "database:5432")
    # and the link alias itself resolves
    assert check(tmp_path, {"api/app.py": 'DB = "postgresql://database:5432/app"\n'}) == []


def test_network_mode_service_x_listens(tmp_path):
    svc = (API + "    network_mode: service:sidecar\n"
           "  sidecar:\n    image: envoyproxy/envoy\n    expose: ['9901']\n"
           "  cache:\n    image: redis:7\n")
    files = {"compose.yaml": compose(svc), **app('A = "http://localhost:9901/stats"\nB = "redis://localhost:6379"\n')}
    f = one(check(tmp_path, files))
    assert (f.span.line, f.code, sug(f)) == (2, "DW101", "cache:6379")


def test_network_mode_service_x_unlisted_port_is_x(tmp_path):
    # a one-shot in the stack of a store whose image serves an admin port its layout never
    # declares: loopback there is the store's, not a server on the Docker host
    svc = (API + "    network_mode: service:store\n"
           "  store:\n    image: example/objstore:1\n    ports: ['7400:7400']\n")
    files = {"compose.yaml": compose(svc),
             **app('import urllib.request\nADMIN = "http://127.0.0.1:7409"\n'
                   'urllib.request.urlopen(ADMIN + "/v1/layout")\n')}
    assert check(tmp_path, files) == []


def test_network_mode_service_x_port_another_service_serves_is_reported(tmp_path):
    # recall guard: the port belongs to another service of the layout, which loopback misses
    svc = (API + "    network_mode: service:store\n"
           "  store:\n    image: example/objstore:1\n"
           "  queue:\n    image: redis:7\n")
    files = {"compose.yaml": compose(svc), **app('import redis\nr = redis.Redis.from_url("redis://127.0.0.1:6379")\n')}
    f = one(check(tmp_path, files))
    assert (f.code, sug(f)) == ("DW101", "queue:6379")


def test_network_mode_container_x_is_left_alone(tmp_path):
    files = {"compose.yaml": compose(API + "    network_mode: container:vpn\n" + DB),
             **app(PG + 'X = "http://localhost:8080/"\n')}
    assert check(tmp_path, files) == []


# --------------------------------------------------------------------------- loopback verdicts


SELF_CALL = ('import requests\nfrom conf import opts\n\n\ndef trigger(path):\n'
             '    return requests.post(f"http://127.0.0.1:{opts.SERVE_PORT}{path}")\n\n\ntrigger("/jobs")\n')


def test_computed_loopback_port_in_a_container_of_unknown_start_is_silent(tmp_path):
    # no start command: the image may run the server (one of its files) whose port the code
    # reads back from its settings; a self-call is no evidence of a miss
    files = {"tool/Dockerfile": "FROM ubuntu:22.04\nWORKDIR /opt/tool\nCOPY . .\n",
             "tool/client.py": SELF_CALL, "tool/conf.py": "class opts:\n    SERVE_PORT = 7000\n"}
    assert check(tmp_path, files) == []


def test_computed_loopback_port_in_a_container_known_to_serve_nothing_is_reported(tmp_path):
    # recall guard: the start command is known (python client.py) and starts no server
    files = {"tool/Dockerfile": "FROM python:3.12\nWORKDIR /opt/tool\nCOPY . .\nCMD [\"python\", \"client.py\"]\n",
             "tool/client.py": SELF_CALL, "tool/conf.py": "class opts:\n    SERVE_PORT = 7000\n"}
    assert one(check(tmp_path, files)).code == "DW101"


def test_known_loopback_port_in_a_container_of_unknown_start_is_reported(tmp_path):
    # recall guard: a port the code states is judged as before
    files = {"tool/Dockerfile": "FROM ubuntu:22.04\nWORKDIR /opt/tool\nCOPY . .\n",
             "tool/client.py": 'import redis\nr = redis.Redis(host="localhost", port=6380)\n'}
    assert one(check(tmp_path, files)).code == "DW101"


@pytest.mark.parametrize("how", [
    "    ports: ['8000:8000']\n",
    "    ports: ['18000:8000']\n",
    "    expose: ['8000']\n",
    "    command: uvicorn main:app --host 0.0.0.0 --port 8000\n",
])
def test_self_call_is_right(tmp_path, how):
    files = {"compose.yaml": compose(API + how), **app('U = "http://localhost:8000/health"\n')}
    assert check(tmp_path, files) == []


def test_self_call_dockerfile_expose(tmp_path):
    files = {"compose.yaml": compose(API),
             "api/Dockerfile": DOCKERFILE + "EXPOSE 8000\n",
             "api/app.py": 'U = "http://localhost:8000/health"\n'}
    assert check(tmp_path, files) == []


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1", "127.1.2.3", "[::1]", "0.0.0.0"])
def test_loopback_spellings_suggest_the_listener(tmp_path, host):
    files = {"compose.yaml": compose(API + DB), **app(f'DB = "postgresql://{host}:5432/app"\n')}
    f = one(check(tmp_path, files))
    assert (f.code, sug(f), f.services) == ("DW101", "db:5432", ("api",))
    assert f.target_port == 5432


def test_scheme_default_port_is_used(tmp_path):
    files = {"compose.yaml": compose(API + DB), **app('DB = "postgresql://u:p@localhost/app"\n')}
    f = one(check(tmp_path, files))
    assert (sug(f), f.target_port) == ("db:5432", 5432)


def test_sibling_port_argument_is_used(tmp_path):
    code = "import redis\nr = redis.Redis(host='localhost', port=6380)\n"
    svc = API + "  cache:\n    image: example/kv\n    expose: ['6380']\n  redis:\n    image: redis:7\n"
    f = one(check(tmp_path, {"compose.yaml": compose(svc), **app(code)}))
    assert sug(f) == "cache:6380"


def test_published_port_maps_to_container_port(tmp_path):
    files = {"compose.yaml": compose(API + DB + "    ports: ['15432:5432']\n"),
             **app('DB = "postgresql://localhost:15432/app"\n')}
    f = one(check(tmp_path, files))
    assert (f.code, sug(f)) == ("DW101", "db:5432")
    assert "15432:5432" in f.message


def test_published_port_long_syntax_and_host_ip(tmp_path):
    svc = API + DB + "    ports:\n      - target: 5432\n        published: '25432'\n        host_ip: 127.0.0.1\n"
    f = one(check(tmp_path, {"compose.yaml": compose(svc), **app('DB = "postgresql://127.0.0.1:25432/app"\n')}))
    assert sug(f) == "db:5432"


def test_listener_on_another_network_is_dw104(tmp_path):
    svc = (API + "    networks: [front]\n" + DB + "    networks: [back]\n")
    files = {"compose.yaml": compose(svc, "networks:\n  front: {}\n  back: {}\n"), **app(PG)}
    f = one(check(tmp_path, files))
    assert (f.code, f.suggestion) == ("DW104", None)
    assert "`db`" in f.message


def test_listener_sharing_one_of_several_networks(tmp_path):
    svc = (API + "    networks: [front, back]\n" + DB + "    networks: [back]\n")
    files = {"compose.yaml": compose(svc, "networks:\n  front: {}\n  back: {}\n"), **app(PG)}
    assert sug(one(check(tmp_path, files))) == "db:5432"


def test_no_listener_suggests_host_gateway_with_extra_hosts_note(tmp_path):
    files = {"compose.yaml": compose(API), **app('U = "http://localhost:11434/api"\n')}
    f = one(check(tmp_path, files))
    assert (f.code, sug(f)) == ("DW101", "host.docker.internal:11434")
    assert "extra_hosts" in f.message and "host-gateway" in f.message


def test_no_listener_with_extra_hosts_no_note(tmp_path):
    svc = API + "    extra_hosts: ['host.docker.internal:host-gateway']\n"
    f = one(check(tmp_path, {"compose.yaml": compose(svc), **app('U = "http://localhost:11434/api"\n')}))
    assert sug(f) == "host.docker.internal:11434"
    assert "extra_hosts" not in f.message


def test_two_candidates_suggestion_null_both_named(tmp_path):
    svc = API + DB + "  replica:\n    image: postgres:16\n"
    f = one(check(tmp_path, {"compose.yaml": compose(svc), **app(PG)}))
    assert (f.code, f.suggestion) == ("DW101", None)
    assert "`db:5432`" in f.message and "`replica:5432`" in f.message


def test_unknown_port_no_suggestion(tmp_path):
    f = one(check(tmp_path, {"compose.yaml": compose(API + DB), **app('U = "foo://localhost/x"\n')}))
    assert (f.code, f.suggestion) == ("DW101", None)


def test_only_udp_publisher_is_no_candidate(tmp_path):
    svc = API + "  dns:\n    image: example/dns\n    ports: ['5353:53/udp']\n"
    f = one(check(tmp_path, {"compose.yaml": compose(svc), **app('U = "http://localhost:5353/"\n')}))
    assert sug(f) == "host.docker.internal:5353"


def test_profiled_service_still_a_candidate(tmp_path):
    svc = API + DB + "    profiles: [dev]\n"
    assert sug(one(check(tmp_path, {"compose.yaml": compose(svc), **app(PG)}))) == "db:5432"


# --------------------------------------------------------------------------- service names


def test_service_name_at_container_port_is_right(tmp_path):
    files = {"compose.yaml": compose(API + DB + "    ports: ['15432:5432']\n"),
             **app('DB = "postgresql://db:5432/app"\n')}
    assert check(tmp_path, files) == []


def test_dw103_published_port_inside(tmp_path):
    files = {"compose.yaml": compose(API + DB + "    ports: ['15432:5432']\n"),
             **app('DB = "postgresql://db:15432/app"\n')}
    f = one(check(tmp_path, files))
    assert (f.code, sug(f)) == ("DW103", "db:5432")


def test_dw103_not_when_published_is_also_a_container_port(tmp_path):
    svc = API + "  web:\n    image: example/web\n    ports: ['8080:80', '8081:8080']\n"
    files = {"compose.yaml": compose(svc), **app('U = "http://web:8080/"\n')}
    assert check(tmp_path, files) == []


def test_dw103_via_alias_keeps_the_alias(tmp_path):
    svc = (API + "    networks: [back]\n"
           "  db:\n    image: postgres:16\n    ports: ['15432:5432']\n    networks:\n      back:\n        aliases: [database]\n")
    files = {"compose.yaml": compose(svc, "networks:\n  back: {}\n"), **app('DB = "postgresql://database:15432/app"\n')}
    f = one(check(tmp_path, files))
    assert (f.code, sug(f)) == ("DW103", "database:5432")


def test_dw104_service_on_another_network(tmp_path):
    svc = (API + "    networks: [front]\n" + DB + "    networks: [back]\n")
    files = {"compose.yaml": compose(svc, "networks:\n  front: {}\n  back: {}\n"),
             **app('DB = "postgresql://db:5432/app"\n')}
    f = one(check(tmp_path, files))
    assert (f.code, f.suggestion) == ("DW104", None)
    assert "shares no network" in f.message


def test_dw104_alias_only_on_another_network(tmp_path):
    svc = (API + "    networks: [front]\n"
           "  db:\n    image: postgres:16\n    networks:\n      front: {}\n      back:\n        aliases: [database]\n")
    files = {"compose.yaml": compose(svc, "networks:\n  front: {}\n  back: {}\n"),
             **app('A = "postgresql://database:5432/app"\nB = "postgresql://db:5432/app"\n')}
    f = one(check(tmp_path, files))
    assert (f.span.line, f.code) == (1, "DW104")


def test_link_without_shared_network_does_not_help(tmp_path):
    svc = (API + "    networks: [front]\n    links: [db]\n" + DB + "    networks: [back]\n")
    files = {"compose.yaml": compose(svc, "networks:\n  front: {}\n  back: {}\n"),
             **app('DB = "postgresql://db:5432/app"\n')}
    assert one(check(tmp_path, files)).code == "DW104"


@pytest.mark.parametrize("name", ["db", "database", "pg-main", "pghost"])
def test_names_the_layout_knows_are_right(tmp_path, name):
    svc = (API + "    links: ['db:database']\n"
           "  db:\n    image: postgres:16\n    container_name: pg-main\n    hostname: pghost\n")
    files = {"compose.yaml": compose(svc), **app(f'DB = "postgresql://{name}:5432/app"\n')}
    assert check(tmp_path, files) == []


def test_own_name_and_hostname_are_right(tmp_path):
    svc = API + "    hostname: apihost\n    ports: ['8000:8000']\n"
    files = {"compose.yaml": compose(svc), **app('A = "http://api:8000/"\nB = "http://apihost:8000/"\n')}
    assert check(tmp_path, files) == []


def test_extra_hosts_name_is_right(tmp_path):
    svc = API + "    extra_hosts: ['legacydb:10.0.0.5']\n" + DB
    files = {"compose.yaml": compose(svc), **app('DB = "postgresql://legacydb:5432/app"\n')}
    assert check(tmp_path, files) == []


# --------------------------------------------------------------------------- DW105


@pytest.mark.parametrize("host, expected", [
    ("postgress", "postgres"),  # distance 1
    ("postgrse", "postgres"),  # a transposition counts 1
    ("pstgrs", "postgres"),  # distance 2 on a long name
    ("redsi", "redis"),
    ("rdis", "redis"),  # a four-letter name, distance 1
    ("rds", None),  # three letters, distance 2: left alone
    ("mq", None),  # distance 2 from "mq1"? no: two letters, nothing within 1
    ("google", None),  # a real DNS name
    ("elasticsearch", None),  # far from everything
])
def test_dw105_distance(tmp_path, host, expected):
    svc = API + "  postgres:\n    image: postgres:16\n  redis:\n    image: redis:7\n"
    files = {"compose.yaml": compose(svc), **app(f'U = "tcp://{host}:1234/"\n')}
    got = check(tmp_path, files)
    if expected is None:
        assert got == []
    else:
        f = one(got)
        assert (f.code, sug(f)) == ("DW105", expected)


def test_dw105_short_names_limit_one(tmp_path):
    svc = API + "  db:\n    image: postgres:16\n"
    files = {"compose.yaml": compose(svc), **app('A = "postgresql://dbx:5432/x"\nB = "postgresql://xyz:5432/x"\n')}
    got = check(tmp_path, files)
    assert summary(got) == [("api/app.py", 1, "DW105", "db")]


def test_dw105_close_to_alias_and_container_name(tmp_path):
    svc = (API + "  db:\n    image: postgres:16\n    container_name: shop-postgres\n"
           "    networks:\n      default:\n        aliases: [primarydb]\n")
    files = {"compose.yaml": compose(svc), **app('A = "postgresql://shop-postgre:5432/x"\nB = "postgresql://primarydbb:5432/x"\n')}
    assert [(f.span.line, sug(f)) for f in check(tmp_path, files)] == [(1, "shop-postgres"), (2, "primarydb")]


def test_dw105_two_equally_close_names_left_alone(tmp_path):
    svc = API + "  cache1:\n    image: redis:7\n  cache2:\n    image: redis:7\n"
    files = {"compose.yaml": compose(svc), **app('U = "redis://cache3:6379"\n')}
    assert check(tmp_path, files) == []


def test_dw105_not_for_dotted_names(tmp_path):
    svc = API + "  redis:\n    image: redis:7\n"
    files = {"compose.yaml": compose(svc), **app('U = "redis://redsi.example.com:6379"\n')}
    assert check(tmp_path, files) == []


@pytest.mark.parametrize("a, b, d", [("", "", 0), ("abc", "abc", 0), ("abc", "acb", 1), ("abc", "ab", 1),
                                     ("kitten", "sitting", 3), ("ca", "abc", 3)])
def test_damerau_levenshtein(a, b, d):
    assert damerau_levenshtein(a, b, limit=5) == d


# --------------------------------------------------------------------------- DW106


@pytest.mark.parametrize("extra_hosts", [
    "    extra_hosts: ['host.docker.internal:host-gateway']\n",
    "    extra_hosts: ['host.docker.internal=host-gateway']\n",
    "    extra_hosts:\n      host.docker.internal: host-gateway\n",
    "    extra_hosts:\n      - \"host.docker.internal:host-gateway\"\n",
    "    extra_hosts: ['host.docker.internal:172.17.0.1']\n",
])
def test_dw106_any_extra_hosts_syntax_satisfies(tmp_path, extra_hosts):
    files = {"compose.yaml": compose(API + extra_hosts), **app('U = "http://host.docker.internal:8000/"\n')}
    assert check(tmp_path, files) == []


def test_dw106_missing(tmp_path):
    files = {"compose.yaml": compose(API), **app('U = "http://host.docker.internal:8000/"\n')}
    f = one(check(tmp_path, files))
    assert (f.code, f.severity, f.suggestion) == ("DW106", "warning", None)
    assert "required on Linux engines" in f.message
    assert "overlay" not in f.message
    line = (tmp_path / "api/app.py").read_text()
    assert line[f.span.column - 1:f.span.end_column - 1] == "host.docker.internal"


def test_dw106_overlay_message(tmp_path):
    svc = API + "    networks: [mesh]\n"
    files = {"compose.yaml": compose(svc, "networks:\n  mesh:\n    driver: overlay\n"),
             **app('U = "http://host.docker.internal:8000/"\n')}
    f = one(check(tmp_path, files))
    assert f.code == "DW106" and "overlay" in f.message and "node" in f.message


def test_dw106_not_with_network_mode_host(tmp_path):
    files = {"compose.yaml": compose(API + "    network_mode: host\n"), **app('U = "http://host.docker.internal:8000/"\n')}
    assert check(tmp_path, files) == []


def test_dw106_in_compose_environment(tmp_path):
    svc = API + "    environment:\n      PAYMENTS_URL: http://host.docker.internal:12111\n"
    code = 'import os, requests\nrequests.post(os.environ["PAYMENTS_URL"] + "/charge")\n'  # the code dials it
    f = one(check(tmp_path, {"compose.yaml": compose(svc), **app(code)}))
    assert (f.span.path, f.span.line, f.code) == ("compose.yaml", 5, "DW106")


# --------------------------------------------------------------------------- DW102


def test_dw102_ipv4_address_suggests_that_service(tmp_path):
    svc = (API + "    networks: [back]\n"
           "  db:\n    image: postgres:16\n    networks:\n      back:\n        ipv4_address: 10.5.0.10\n")
    nets = "networks:\n  back:\n    ipam:\n      config:\n        - subnet: 10.5.0.0/24\n"
    f = one(check(tmp_path, {"compose.yaml": compose(svc, nets), **app('DB = "postgresql://10.5.0.10:5432/x"\n')}))
    assert (f.code, sug(f)) == ("DW102", "db:5432")


def test_dw102_subnet_address_unique_listener(tmp_path):
    svc = (API + "    networks: [back]\n" + DB + "    networks: [back]\n  cache:\n    image: redis:7\n    networks: [back]\n")
    nets = "networks:\n  back:\n    ipam:\n      config:\n        - subnet: 10.5.0.0/24\n"
    code = 'A = "postgresql://10.5.0.7:5432/x"\nB = "http://10.5.0.8:9999/"\nC = "http://10.6.0.8:5432/"\n'
    got = check(tmp_path, {"compose.yaml": compose(svc, nets), **app(code)})
    assert summary(got) == [("api/app.py", 1, "DW102", "db:5432"), ("api/app.py", 2, "DW102", None)]


def test_dw102_default_bridge_range(tmp_path):
    svc = API + DB + "  replica:\n    image: postgres:16\n  cache:\n    image: redis:7\n"
    code = 'A = "redis://172.17.0.3:6379"\nB = "postgresql://172.17.0.4:5432/x"\nC = "redis://172.18.0.3:6379"\n'
    got = check(tmp_path, {"compose.yaml": compose(svc), **app(code)})
    assert summary(got) == [("api/app.py", 1, "DW102", "cache:6379"), ("api/app.py", 2, "DW102", None)]


def test_dw102_without_compose(tmp_path):
    files = {"Dockerfile": DOCKERFILE, "app.py": dialled('A = "redis://172.17.0.2:6379"\n')}
    f = one(check(tmp_path, files))
    assert (f.code, f.suggestion) == ("DW102", None)


def test_public_and_private_ips_outside_docker_ranges_left_alone(tmp_path):
    code = 'A = "postgresql://10.0.0.5:5432/x"\nB = "http://93.184.216.34/"\nC = "http://192.168.1.10:8080/"\n'
    assert check(tmp_path, {"compose.yaml": compose(API + DB), **app(code)}) == []


# --------------------------------------------------------------------------- misc hosts


def test_deprecated_alias_dw107(tmp_path):
    code = 'A = "http://docker.for.mac.localhost:8000/"\nB = "http://docker.for.win.localhost:8000/"\n'
    got = check(tmp_path, {"compose.yaml": compose(API + "    extra_hosts: ['host.docker.internal:host-gateway']\n"), **app(code)})
    assert [(f.code, sug(f)) for f in got] == [("DW107", "host.docker.internal")] * 2


@pytest.mark.parametrize("code", [
    'U = "http://api.localhost:8000/"\n',
    'U = "postgresql:///app"\n',
    'U = "sqlite:///tmp/x.db"\n',
    'ALLOWED_HOSTS = ["localhost", "127.0.0.1"]\n',
    'CORS_ORIGINS = ["http://localhost:3000"]\n',
    'if host == "localhost":\n    pass\n',
    'print("connect to http://localhost:8000/")\n',
    'import logging\nlogging.info("http://localhost:8000/")\n',
    'raise ValueError("postgresql://localhost:5432/x")\n',
    '"""Docs: http://localhost:8000/"""\n',
    '# http://localhost:8000/\n',
    'EMAIL = "dev@localhost"\n',
    'INTERNAL_IPS = ["127.0.0.1"]\n',
    'ip = request.META.get("REMOTE_ADDR", "127.0.0.1")\n',
    'NET = "127.0.0.0/8"\n',
    'NEXT_PUBLIC_API_URL = "http://localhost:8000"\n',
    'import uvicorn\nuvicorn.run("main:app", host="0.0.0.0", port=8000)\n',
])
def test_never_targets(tmp_path, code):
    assert check(tmp_path, {"compose.yaml": compose(API + DB), **app(code)}) == []


# --------------------------------------------------------------------------- classes found while testing


@pytest.mark.parametrize("code, line", [
    # a method called on a client call's result used to hide the target
    ('import requests\ndata = requests.get("http://localhost:5432/x").json()\n', 2),
    ('import redis\nredis.Redis(host="localhost", port=5432).ping()\n', 2),
    ('import requests\nv = requests.get("http://localhost:5432/x").json()["a"]\n', 2),
    # and so did comparing a client call's result
    ('import requests\nif requests.get("http://localhost:5432/h").status_code == 200:\n    pass\n', 2),
    ('import httpx\nasync def f():\n    async with httpx.AsyncClient() as c:\n        await c.get("http://localhost:5432/x")\n'
     'import asyncio\nasyncio.run(f())\n', 4),
])
def test_targets_inside_call_chains(tmp_path, code, line):
    f = one(check(tmp_path, {"compose.yaml": compose(API + DB), **app(code)}))
    assert (f.span.line, f.code, sug(f)) == (line, "DW101", "db:5432")


def test_comparison_of_a_parsed_url_is_still_no_target(tmp_path):
    code = 'from urllib.parse import urlparse\nok = urlparse(x).hostname == "localhost"\n'
    assert check(tmp_path, {"compose.yaml": compose(API + DB), **app(code)}) == []


def test_tuple_port_in_a_hosts_setting(tmp_path):
    code = 'CHANNEL_LAYERS = {"default": {"CONFIG": {"hosts": [("127.0.0.1", 6379)]}}}\n'
    svc = API + "  cache:\n    image: redis:7\n"
    f = one(check(tmp_path, {"compose.yaml": compose(svc), **app(code)}))
    assert (f.code, sug(f), f.target_port) == ("DW101", "cache:6379", 6379)


@pytest.mark.parametrize("code, flagged", [
    ('import socket\ns = socket.socket()\ns.bind(("127.0.0.1", 0))\n', False),  # a free-port probe
    ('import socket\nsrv = socket.create_server(("127.0.0.1", 0))\n', False),
    ('import socket\ns = socket.socket()\ns.bind(("127.0.0.1", 9000))\n', True),
])
def test_loopback_bind_port_zero_is_internal(tmp_path, code, flagged):
    got = check(tmp_path, {"compose.yaml": compose(API), **app(code)})
    assert [f.code for f in got] == (["DW201"] if flagged else [])
