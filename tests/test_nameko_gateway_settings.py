"""Web gateways in front of a nameko cluster read the broker from their framework's settings:
flask_nameko's ``FlaskPooledClusterRpcProxy`` (and nameko-proxy's ``FlaskNamekoProxy``) take every
``NAMEKO_``-prefixed key of the Flask config, ``NAMEKO_AMQP_URI`` the broker; django-nameko's pools
read ``settings.NAMEKO_CONFIG["AMQP_URI"]`` (or that key of each named pool).  aio-nameko-proxy's
``AIOClusterRpcProxy(config)`` and nameko-proxy's ``StandaloneRpcProxy(config)`` take the mapping
as nameko's own proxies do.  Such a setting is dialled only where the gateway imports one of those
libraries (rules/flow.yaml ``setting_readers``): an app's own NAMEKO_* key is its own business."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  gateway:
    build: .
    command: gunicorn -b 0.0.0.0:8000 gateway.app:app
  rabbitmq:
    image: rabbitmq:3-management
    expose:
      - "5672"
"""

FLASK_APP = ("from flask import Flask\n\nfrom gateway.config import Settings\n{ext}\n"
             "app = Flask(__name__)\napp.config.from_object(Settings)\n{init}\n\n"
             "@app.route('/orders')\ndef orders():\n    return {{'ok': True}}\n")
FLASK_CONFIG = 'class Settings:\n    NAMEKO_AMQP_URI = "amqp://guest:guest@localhost:5672"\n'


def _findings(tmp_path: Path, files: dict[str, str]) -> list[tuple[str, str, int, str | None]]:
    make(tmp_path, {"compose.yaml": COMPOSE,
                    "Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY . /app/\n",
                    "gateway/__init__.py": "", **files}, git=True)
    return [(f.code, f.span.path.rsplit("/", 1)[-1], f.span.line, f"{f.suggestion.host}:{f.suggestion.port}" if f.suggestion else None)
            for f in run_check([tmp_path], Config(cache=False)).active]


@pytest.mark.parametrize(("ext", "init"), [
    ("from flask_nameko import FlaskPooledClusterRpcProxy\n\nrpc = FlaskPooledClusterRpcProxy()", "rpc.init_app(app)"),
    ("from nameko_proxy.wrappers.flask import FlaskNamekoProxy\n\nrpc = FlaskNamekoProxy()", "rpc.init_app(app)"),
])
def test_a_flask_gateway_broker_at_loopback_dials_itself(tmp_path, ext, init):
    files = {"gateway/app.py": FLASK_APP.format(ext=ext, init=init), "gateway/config.py": FLASK_CONFIG}
    assert _findings(tmp_path, files) == [("DW101", "config.py", 2, "rabbitmq:5672")]


def test_the_key_without_a_reader_library_is_silent(tmp_path):
    files = {"gateway/app.py": FLASK_APP.format(ext="", init=""), "gateway/config.py": FLASK_CONFIG}
    assert _findings(tmp_path, files) == []


def test_a_django_gateway_pool_at_loopback_dials_itself(tmp_path):
    files = {
        "gateway/settings.py": ("SECRET_KEY = 'x'\nROOT_URLCONF = 'gateway.urls'\n"
                                "NAMEKO_CONFIG = {'AMQP_URI': 'amqp://guest:guest@127.0.0.1:5672/'}\n"),
        "gateway/urls.py": ("from django.urls import path\n\nfrom gateway import views\n\n"
                            "urlpatterns = [path('orders/', views.orders)]\n"),
        "gateway/app.py": ("import os\n\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'gateway.settings')\n"
                           "from django.core.wsgi import get_wsgi_application\n\napp = get_wsgi_application()\n"),
        "gateway/views.py": ("from django.http import JsonResponse\nfrom django_nameko import get_pool\n\n\n"
                             "def orders(request):\n    with get_pool().next() as rpc:\n"
                             "        return JsonResponse(rpc.orders.list(), safe=False)\n"),
    }
    assert _findings(tmp_path, files) == [("DW101", "settings.py", 3, "rabbitmq:5672")]


@pytest.mark.parametrize("call", ["AIOClusterRpcProxy(CONFIG)", "StandaloneRpcProxy(CONFIG)"])
def test_third_party_proxies_given_a_loopback_broker_dial_themselves(tmp_path, call):
    files = {"gateway/app.py": (
        "from aio_nameko_proxy import AIOClusterRpcProxy\nfrom nameko_proxy import StandaloneRpcProxy\n\n"
        "CONFIG = {'AMQP_URI': 'amqp://guest:guest@localhost:5672'}\n"
        f"proxy = {call}\n\n\nasync def app(scope, receive, send):\n    await proxy.start()\n")}
    assert _findings(tmp_path, files) == [("DW101", "app.py", 4, "rabbitmq:5672")]
