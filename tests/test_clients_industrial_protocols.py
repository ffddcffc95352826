"""Modbus TCP, OPC UA, rosbridge and MQTT clients and servers are connect targets and listen addresses.

An edge gateway's poller dials a PLC with pymodbus's ``ModbusTcpClient(host, port=...)`` (or
pyModbusTCP's ``ModbusClient(host=..., port=...)``), an OPC UA server with asyncua's
``Client(url="opc.tcp://...")``, a robot's rosbridge with roslibpy's ``Ros(host, port)``.  A
loopback address there, in a container beside the simulator that serves it, reaches the
container itself, as does fastapi-mqtt's ``MQTTConfig(host=...)``, the broker its application
connects to at startup.  The simulators listen where pymodbus's ``StartTcpServer(address=...)`` and
asyncua's ``set_endpoint(url)`` say: a loopback address there is unreachable from outside the
container, and the port they bind names the service a poller should dial.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

_DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n"


def _findings(tmp_path: Path, files: dict[str, str], compose: str) -> list[tuple[str, str, str | None, int | None]]:
    make(tmp_path, {"compose.yaml": compose, "Dockerfile": _DOCKERFILE, **files}, git=True)
    return sorted((f.code, f.span.path.rsplit("/", 1)[-1], f.suggestion.host if f.suggestion else None,
                   f.suggestion.port if f.suggestion else None)
                  for f in run_check([tmp_path], Config(cache=False)).active)


_POLLER = ("services:\n  poller:\n    build: .\n    command: python gauge/poll.py\n{env}"
           "  press:\n    image: example/press-sim:1\n    expose: [\"502\"]\n"
           "  cell:\n    image: example/cell-sim:1\n    expose: [\"4840\"]\n"
           "  arm:\n    image: example/arm-bridge:1\n    expose: [\"9090\"]\n"
           "  relay:\n    image: eclipse-mosquitto:2\n")


def _poll(tmp_path: Path, body: str, env: str = "") -> list[tuple[str, str, str | None, int | None]]:
    return _findings(tmp_path, {"gauge/poll.py": "import os\n" + body + "\n"}, _POLLER.format(env=env))


@pytest.mark.parametrize("body", [
    'from pymodbus.client import ModbusTcpClient\n\nlink = ModbusTcpClient("localhost", port=502)\nlink.connect()',
    'from pymodbus.client.sync import ModbusTcpClient\n\nlink = ModbusTcpClient("127.0.0.1", 502)\nlink.connect()',
    'from pyModbusTCP.client import ModbusClient\n\nlink = ModbusClient(host="localhost", port=502, auto_open=True)\n'
    'link.read_holding_registers(0, 4)',
])
def test_a_modbus_client_at_loopback_is_flagged_with_the_device_service(tmp_path, body):
    assert _poll(tmp_path, body) == [("DW101", "poll.py", "press", 502)]


def test_a_modbus_client_at_the_device_service_is_right(tmp_path):
    body = 'from pymodbus.client import ModbusTcpClient\n\nlink = ModbusTcpClient("press", port=502)\nlink.connect()'
    assert _poll(tmp_path, body) == []


_UA_CLIENT = ("import asyncio\nfrom asyncua import Client\n\n\nasync def main():\n"
              "    async with Client(url={arg}) as link:\n        await link.get_namespace_array()\n\n"
              "asyncio.run(main())")


def test_an_opc_ua_client_at_loopback_is_flagged_with_the_server_service(tmp_path):
    body = _UA_CLIENT.format(arg='"opc.tcp://localhost:4840/line/"')
    assert _poll(tmp_path, body) == [("DW101", "poll.py", "cell", 4840)]


def test_an_opc_ua_url_without_a_port_is_dialled_at_the_default_port(tmp_path):
    body = _UA_CLIENT.format(arg='"opc.tcp://127.0.0.1/line/"')
    assert _poll(tmp_path, body) == [("DW101", "poll.py", "cell", 4840)]


def test_the_default_of_an_opc_ua_variable_the_service_sets_does_not_run(tmp_path):
    env = "    environment:\n      LINE_ENDPOINT: opc.tcp://cell:4840/line/\n"
    body = _UA_CLIENT.format(arg='os.getenv("LINE_ENDPOINT", "opc.tcp://localhost:4840/line/")')
    assert _poll(tmp_path, body, env) == []


def test_a_rosbridge_client_at_loopback_is_flagged_with_the_bridge_service(tmp_path):
    body = 'import roslibpy\n\nrobot = roslibpy.Ros(host="localhost", port=9090)\nrobot.run()'
    assert _poll(tmp_path, body) == [("DW101", "poll.py", "arm", 9090)]


_FASTAPI_MQTT = ("from fastapi import FastAPI\nfrom fastapi_mqtt import FastMQTT, MQTTConfig\n\n"
                 "relay = FastMQTT(config=MQTTConfig(host={host}, port=1883))\n"
                 "app = FastAPI(on_startup=[relay.mqtt_startup])")


def test_a_fastapi_mqtt_broker_at_loopback_is_flagged_with_the_broker_service(tmp_path):
    assert _poll(tmp_path, _FASTAPI_MQTT.format(host='"localhost"')) == [("DW101", "poll.py", "relay", 1883)]


def test_a_fastapi_mqtt_broker_by_service_name_is_right(tmp_path):
    assert _poll(tmp_path, _FASTAPI_MQTT.format(host='"relay"')) == []


_SIMULATORS = ("services:\n  poller:\n    build: .\n    command: python gauge/poll.py\n"
               "  press:\n    build: .\n    command: python sim/press.py\n    ports: [\"5020:5020\"]\n"
               "  cell:\n    build: .\n    command: python sim/cell.py\n    ports: [\"4840:4840\"]\n")


def _simulators(tmp_path: Path, host: str, endpoint_host: str) -> list[tuple[str, str, str | None, int | None]]:
    files = {
        "gauge/poll.py": ('from pymodbus.client import ModbusTcpClient\n\n'
                          'link = ModbusTcpClient("localhost", port=5020)\nlink.connect()\n'),
        "sim/press.py": ("from pymodbus.datastore import ModbusServerContext\nfrom pymodbus.server import StartTcpServer\n\n"
                         f'StartTcpServer(context=ModbusServerContext(), address=("{host}", 5020))\n'),
        "sim/cell.py": ("import asyncio\nfrom asyncua import Server\n\n\nasync def main():\n"
                        "    server = Server()\n    await server.init()\n"
                        f'    server.set_endpoint("opc.tcp://{endpoint_host}:4840/line/")\n'
                        "    async with server:\n        await asyncio.sleep(3600)\n\nasyncio.run(main())\n"),
    }
    return _findings(tmp_path, files, _SIMULATORS)


def test_simulators_bound_to_every_interface_serve_their_ports(tmp_path):
    # the poller's loopback dial is named after the simulator that binds the port
    assert _simulators(tmp_path, "0.0.0.0", "0.0.0.0") == [("DW101", "poll.py", "press", 5020)]


def test_simulators_bound_to_loopback_are_unreachable(tmp_path):
    assert _simulators(tmp_path, "127.0.0.1", "localhost") == [
        ("DW101", "poll.py", "press", 5020), ("DW201", "cell.py", "0.0.0.0", None), ("DW201", "press.py", "0.0.0.0", None)]
