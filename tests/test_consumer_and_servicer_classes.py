"""Methods of a Django Channels consumer (``AsyncWebsocketConsumer``, ``AsyncHttpConsumer``...) and
of a gRPC servicer (a subclass of a generated ``*_pb2_grpc.*Servicer``, here from an installed
package of stubs) run when the server of the
process receives a connection or a call, like a class-based view's (rules/flow.yaml view_classes):
a task worker that imports their module for a constant never runs them, while the server's
container does."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

CONSUMERS = """\
import redis
from channels.generic.websocket import AsyncWebsocketConsumer

GROUP = "alerts"


class AlertConsumer(AsyncWebsocketConsumer):
    async def connect(self):
        redis.Redis(host="localhost", port=6379).incr("sockets")
        await self.accept()
"""
SERVICER = """\
import psycopg

from stubs import orders_pb2_grpc

TABLE = "orders"


class Orders(orders_pb2_grpc.OrdersServicer):
    def Get(self, request, context):
        with psycopg.connect("postgresql://shop@localhost:5432/shop") as conn:
            return conn.execute("select 1").fetchone()
"""
SERVER = """\
from concurrent import futures

import grpc

from stubs import orders_pb2_grpc
from svc.orders import Orders

server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
orders_pb2_grpc.add_OrdersServicer_to_server(Orders(), server)
server.add_insecure_port("[::]:50051")
server.start()
server.wait_for_termination()
"""
TASKS = """\
import pika
from celery import Celery

from svc.consumers import GROUP
from svc.orders import TABLE

queue = Celery("svc", broker="amqp://guest@mq:5672//")


@queue.task
def notify():
    pika.BlockingConnection(pika.URLParameters("amqp://guest@localhost:5672/"))
"""


def test_consumer_and_servicer_methods_run_in_their_servers_alone(tmp_path: Path) -> None:
    make(tmp_path, {
        "compose.yaml": "services:\n"
                        "  sockets:\n    build: .\n    command: daphne -b 0.0.0.0 -p 8001 svc.asgi:application\n"
                        "  rpc:\n    build: .\n    command: python -m svc.server\n"
                        "  worker:\n    build: .\n    command: celery -A svc.tasks worker -l info\n"
                        "  cache:\n    image: redis:7\n  db:\n    image: postgres:16\n  mq:\n    image: rabbitmq:3\n",
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "svc/__init__.py": "",
        "svc/asgi.py": "from channels.routing import ProtocolTypeRouter, URLRouter\nfrom django.urls import path\n\n"
                       "from svc.consumers import AlertConsumer\n\napplication = ProtocolTypeRouter("
                       "{\"websocket\": URLRouter([path(\"ws/\", AlertConsumer.as_asgi())])})\n",
        "svc/consumers.py": CONSUMERS,
        "svc/orders.py": SERVICER,
        "svc/server.py": SERVER,
        "svc/tasks.py": TASKS,
    }, git=True)
    found = run_check([tmp_path], Config(cache=False)).active
    got = {str(f.span.path).rsplit("/", 1)[-1]: tuple(sorted(f.services)) for f in found}
    assert got["consumers.py"] == ("sockets",)
    assert got["orders.py"] == ("rpc",)
    assert got["tasks.py"] == ("worker",)
