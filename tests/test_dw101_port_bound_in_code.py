"""DW101's suggestion where no service declares the dialled port but another service's own code
binds a server there (a gRPC server's ``add_insecure_port("[::]:50051")``, ``uvicorn.run(port=
...)`` under ``__main__``): the server is that service, not one on the Docker host, so the
suggestion is its name (tentative: the layout does not declare the port), never the host alias
as a safe fix.  Where nothing binds the port, the host alias stays; where two services' code
binds it, the finding names them and suggests neither."""
from __future__ import annotations

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

GRPC_SERVER = ('from concurrent import futures\n\nimport grpc\n\n'
               'server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))\n'
               'server.add_insecure_port("[::]:50051")\n'
               'server.start()\nserver.wait_for_termination()\n')
UVICORN_SERVER = ('import uvicorn\nfrom fastapi import FastAPI\n\napp = FastAPI()\n\n'
                  'if __name__ == "__main__":\n    uvicorn.run(app, host="0.0.0.0", port=50051)\n')
IDLE = 'import time\n\nwhile True:\n    time.sleep(60)\n'
CLIENT = 'import grpc\n\nchannel = grpc.insecure_channel("localhost:50051")\n'


def _dockerfile(script: str) -> str:
    return f'FROM python:3.12-slim\nCOPY . /app\nWORKDIR /app\nCMD ["python", "{script}"]\n'


def run(tmp_path, servers: dict[str, str]):
    compose = "services:\n"
    files = {"client/Dockerfile": _dockerfile("client.py"), "client/client.py": CLIENT}
    for name, code in servers.items():
        compose += f"  {name}:\n    build: ./{name}\n"
        files[f"{name}/Dockerfile"] = _dockerfile("server.py")
        files[f"{name}/server.py"] = code
    compose += "  client:\n    build: ./client\n"
    files["compose.yaml"] = compose
    make(tmp_path, files, git=True)
    found = [f for f in run_check([tmp_path], Config(cache=False)).active if f.span.path == "client/client.py"]
    assert [f.code for f in found] == ["DW101"]
    return found[0]


def test_a_grpc_server_of_another_service_is_the_suggestion_not_the_host(tmp_path):
    f = run(tmp_path, {"greeter": GRPC_SERVER})
    assert f.suggestion is not None and (f.suggestion.host, f.suggestion.port) == ("greeter", 50051)
    assert f.suggestion.tentative  # an unsafe fix: the layout does not declare the port
    assert "host.docker.internal" not in f.message and "`greeter` service runs binds a server" in f.message


def test_a_server_its_main_block_starts_is_the_suggestion(tmp_path):
    f = run(tmp_path, {"api": UVICORN_SERVER})
    assert f.suggestion is not None and (f.suggestion.host, f.suggestion.port) == ("api", 50051)


def test_nothing_binding_the_port_keeps_the_host_alias(tmp_path):
    f = run(tmp_path, {"worker": IDLE})
    assert f.suggestion is not None and f.suggestion.host == "host.docker.internal"
    assert not f.suggestion.tentative


def test_two_services_binding_the_port_get_no_suggestion(tmp_path):
    f = run(tmp_path, {"greeter": GRPC_SERVER, "mirror": GRPC_SERVER})
    assert f.suggestion is None
    assert "`greeter`" in f.message and "`mirror`" in f.message
