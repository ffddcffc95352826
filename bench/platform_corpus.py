#!/usr/bin/env python3
"""A generated platform repository for the benchmark (issue 14): the shape of the large
projects where dockwise was slow, not their code.

    python bench/platform_corpus.py DEST [--services-scale 2]

Deterministic (a seeded ``random.Random``, no network, no clock): the same arguments give the
same bytes.  What it writes, at scale 1:

* ``apps/<app>/`` — 9 applications, each a Dockerfile (gunicorn, uvicorn, Celery or
  ``python -m`` start commands) and a package of some 300 modules with real-looking
  identifiers: settings that read the environment (with loopback defaults, as real code
  has), database / cache / broker / HTTP clients, routers, tasks, helpers and tests;
* ``libs/common/`` — a shared library every application imports;
* ``deploy/<stack>/`` — 12 Compose projects of about 13 services each (156 in all): the
  applications built from ``../../apps/<app>``, infrastructure images (PostgreSQL, Redis,
  RabbitMQ, Kafka, Elasticsearch, MinIO), two networks, profiles, a ``compose.override.yaml``
  with bind mounts and published ports, a ``compose.prod.yaml`` variant, a shared ``.env``
  at the root and an ``env_file`` per stack; some values are wrong on purpose (loopback,
  a misspelt service, a published port), as in real repositories.

``--services-scale N`` multiplies the services of every stack (more workers, more
consumers: the same images and start commands with other names) and leaves every Python
file as it is, so the time of a run can be compared at 1× and 2× the services.
"""
from __future__ import annotations

import argparse
import random
import re
import shutil
from pathlib import Path

SEED = 14
APPS = ["orders", "billing", "catalog", "accounts", "search", "notify", "reports", "gateway", "ingest"]
STACKS = 12
MODULES_PER_APP = 300
WORDS = ["order", "invoice", "customer", "payment", "shipment", "account", "ledger", "report", "session",
         "token", "profile", "catalog", "inventory", "audit", "metric", "event", "notification", "billing",
         "search", "index", "tenant", "quota", "refund", "coupon", "carrier", "warehouse", "schedule",
         "export", "upload", "webhook", "document", "template", "region", "currency", "price", "discount",
         "subscription", "plan", "user", "group", "role", "permission", "policy", "batch", "job", "queue"]
VERBS = ["load", "save", "build", "apply", "render", "compute", "resolve", "merge", "split", "validate",
         "normalize", "sync", "fetch", "publish", "archive", "restore", "score", "rank", "match", "notify"]
INFRA = {
    "db": ("postgres:16-alpine", 5432),
    "cache": ("redis:7-alpine", 6379),
    "broker": ("rabbitmq:3-management", 5672),
    "kafka": ("bitnami/kafka:3.7", 9092),
    "search-engine": ("elasticsearch:8.13.0", 9200),
    "objects": ("minio/minio:latest", 9000),
}
START = {  # how each application's container starts (its Dockerfile CMD)
    "orders": ["gunicorn", "orders.wsgi:app", "--bind", "0.0.0.0:8000"],
    "billing": ["uvicorn", "billing.main:app", "--host", "0.0.0.0", "--port", "8000"],
    "catalog": ["gunicorn", "catalog.wsgi:app", "--bind", "0.0.0.0:8000"],
    "accounts": ["uvicorn", "accounts.main:app", "--host", "0.0.0.0", "--port", "8000"],
    "search": ["python", "-m", "search.server"],
    "notify": ["celery", "-A", "notify.tasks", "worker", "--loglevel", "info"],
    "reports": ["celery", "-A", "reports.tasks", "worker"],
    "gateway": ["uvicorn", "gateway.main:app", "--host", "0.0.0.0", "--port", "8080"],
    "ingest": ["python", "-m", "ingest.consumer"],
}


def ident(rng: random.Random, parts: int = 2) -> str:
    return "_".join(rng.choice(WORDS) for _ in range(parts))


def cls_name(rng: random.Random) -> str:
    return "".join(w.capitalize() for w in (rng.choice(WORDS), rng.choice(WORDS))) + rng.choice(
        ["Service", "Repository", "Handler", "Builder", "Record", "Client", "Policy"])


def filler_function(rng: random.Random) -> str:
    name = f"{rng.choice(VERBS)}_{ident(rng)}"
    a, b = ident(rng, 1), ident(rng, 1) + "s"
    body = [f"def {name}({a}, {b}=None, *, limit={rng.randint(5, 500)}):",
            f'    """{rng.choice(VERBS).capitalize()} the {a} for each of the {b}."""',
            "    result = []",
            f"    for item in ({b} or [])[:limit]:",
            f"        if item.get(\"{ident(rng, 1)}\") == {a}:",
            f"            result.append({{\"id\": item[\"id\"], \"{ident(rng, 1)}\": item.get(\"{ident(rng, 1)}\", 0) * {rng.randint(2, 9)}}})",
            f"        elif len(result) > {rng.randint(3, 40)}:",
            f"            logger.debug(\"{ident(rng, 1)} %s skipped\", item.get(\"id\"))",
            "    return sorted(result, key=lambda r: r[\"id\"])",
            ""]
    return "\n".join(body)


def filler_class(rng: random.Random) -> str:
    name = cls_name(rng)
    fields = [ident(rng, 1) for _ in range(rng.randint(2, 5))]
    lines = ["@dataclass", f"class {name}:"]
    lines += [f"    {f}: str = \"{ident(rng, 1)}\"" for f in dict.fromkeys(fields)]
    lines += ["", "    def as_dict(self):", "        return {" + ", ".join(f"\"{f}\": self.{f}" for f in dict.fromkeys(fields)) + "}", ""]
    lines += [f"    def {rng.choice(VERBS)}(self, other):",
              f"        return [v for v in other if v != self.{fields[0]}]", ""]
    return "\n".join(lines)


def filler_module(rng: random.Random, imports: list[str]) -> str:
    out = ['"""' + f"{ident(rng).replace('_', ' ').capitalize()} helpers." + '"""',
           "import logging", "from dataclasses import dataclass", ""]
    out += imports + ["", "logger = logging.getLogger(__name__)"]
    # as often as in real modules (seen on public Compose projects: a URL literal in 10-20 %
    # of the files, a url/host/server word in 35-50 %)
    if rng.random() < 0.15:
        out.append(f"DOCS_URL = \"https://docs.example.com/{ident(rng, 1)}/{ident(rng, 1)}\"")
    elif rng.random() < 0.35:
        out.append(f"{ident(rng, 1).upper()}_URL_FIELD = \"{ident(rng, 1)}_url\"")
    out.append("")
    for _ in range(rng.randint(3, 9)):
        out.append(filler_function(rng) if rng.random() < 0.6 else filler_class(rng))
    return "\n".join(out) + "\n"


def app_files(app: str, rng: random.Random) -> dict[str, str]:
    """One application's package (``src/<app>/``), its Dockerfile and tests."""
    up = app.upper()
    pkg = f"src/{app}"
    files: dict[str, str] = {}
    files["Dockerfile"] = (
        "FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n"
        "COPY src/ /app/\nENV PYTHONPATH=/app\nEXPOSE 8000\n"
        f"CMD {repr(START[app]).replace(chr(39), chr(34))}\n")
    files["requirements.txt"] = "gunicorn\nuvicorn\nfastapi\ncelery\nredis\npsycopg2-binary\nrequests\nkafka-python\n"
    files[f"{pkg}/__init__.py"] = ""
    files[f"{pkg}/settings.py"] = (
        "import os\n\n"
        f"DATABASE_URL = os.getenv(\"DATABASE_URL\", \"postgresql://{app}@localhost:5432/{app}\")\n"
        f"REDIS_URL = os.environ.get(\"REDIS_URL\", \"redis://localhost:6379/0\")\n"
        f"BROKER_URL = os.getenv(\"{up}_BROKER_URL\", \"amqp://guest@localhost:5672//\")\n"
        f"SEARCH_HOST = os.getenv(\"SEARCH_HOST\", \"localhost\")\n"
        f"KAFKA_BOOTSTRAP_SERVERS = os.getenv(\"KAFKA_BOOTSTRAP_SERVERS\", \"localhost:9092\")\n"
        f"PAGE_SIZE = int(os.getenv(\"{up}_PAGE_SIZE\", \"50\"))\n"
        f"PUBLIC_URL = os.getenv(\"PUBLIC_URL\", \"http://localhost:3000\")  # links in e-mails\n")
    files[f"{pkg}/db.py"] = (
        "from sqlalchemy import create_engine\n\nfrom . import settings\n\n"
        "engine = create_engine(settings.DATABASE_URL, pool_pre_ping=True)\n")
    files[f"{pkg}/cache.py"] = (
        "import redis\n\nfrom . import settings\n\nclient = redis.from_url(settings.REDIS_URL)\n")
    files[f"{pkg}/tasks.py"] = (
        "from celery import Celery\n\nfrom . import settings\n\n"
        f"app = Celery(\"{app}\", broker=settings.BROKER_URL, backend=settings.REDIS_URL)\n\n"
        "@app.task\ndef ping():\n    return \"pong\"\n")
    files[f"{pkg}/search_client.py"] = (
        "import requests\n\nfrom . import settings\n\n"
        "def query(q):\n    return requests.get(f\"http://{settings.SEARCH_HOST}:9200/_search\", params={\"q\": q}).json()\n")
    files[f"{pkg}/events.py"] = (
        "from kafka import KafkaProducer\n\nfrom . import settings\n\n"
        "producer = KafkaProducer(bootstrap_servers=settings.KAFKA_BOOTSTRAP_SERVERS)\n")
    peer = rng.choice([a for a in APPS if a != app])
    files[f"{pkg}/peers.py"] = (
        "import requests\n\n"
        f"{peer.upper()}_API = \"http://{peer}-api:8000/v1\"\n\n"
        f"def get_{peer}(path):\n    return requests.get({peer.upper()}_API + path, timeout=5).json()\n")
    entry_imports = ["from . import settings, db, cache, tasks, search_client, events, peers"]
    if START[app][0] == "gunicorn":
        files[f"{pkg}/wsgi.py"] = "\n".join(entry_imports + ["from .web import app", ""])
        files[f"{pkg}/web.py"] = "from flask import Flask\n\nfrom .routes import register\n\napp = Flask(__name__)\nregister(app)\n"
    elif START[app][0] == "uvicorn":
        files[f"{pkg}/main.py"] = "\n".join(entry_imports + ["from fastapi import FastAPI", "from .routes import register", "",
                                                             "app = FastAPI()", "register(app)", ""])
    elif START[app][0] == "python":
        mod = START[app][2].split(".", 1)[1]
        files[f"{pkg}/{mod}.py"] = "\n".join(entry_imports + ["from .routes import register", "",
                                                              "if __name__ == \"__main__\":",
                                                              "    register(None)", ""])
    else:
        files[f"{pkg}/tasks.py"] += "\n" + "\n".join(entry_imports[0].replace(", tasks", "") for _ in range(1)) + \
            "\nfrom .routes import register\n"
    # routes import a slice of the helpers, helpers import each other and the shared library
    helpers = [f"{pkg}/{rng.choice(['core', 'domain', 'services', 'adapters'])}/{ident(rng)}_{i}.py"
               for i in range(MODULES_PER_APP)]
    modname = {h: h[len("src/"):-3].replace("/", ".") for h in helpers}
    routes = ["def register(app):", "    return app", ""]
    files[f"{pkg}/routes.py"] = "\n".join(
        [f"import {modname[h]}" for h in helpers[: MODULES_PER_APP // 3]] + [""] + routes)
    for d in {h.rsplit("/", 1)[0] for h in helpers}:
        files[f"{d}/__init__.py"] = ""
    for i, h in enumerate(helpers):
        imports = [f"from common.{rng.choice(['text', 'time', 'money', 'ids'])} import *"]
        if i + 1 < len(helpers) and rng.random() < 0.5:
            imports.append(f"import {modname[helpers[rng.randrange(i + 1, len(helpers))]]}")
        text = filler_module(rng, imports)
        if rng.random() < 0.04:  # a loopback default, as real modules have: a few dialled, most not
            text += (f"\nimport requests\n\ndef call_{ident(rng)}(host=\"localhost\", port={rng.choice([8000, 8080, 9000])}):\n"
                     "    return requests.get(f\"http://{host}:{port}/health\")\n")
        if rng.random() < 0.05:
            text += f"\nALLOWED_HOSTS = [\"localhost\", \"127.0.0.1\", \"{app}.example.com\"]\n"
        files[h] = text
    for i in range(20):
        files[f"tests/test_{ident(rng)}_{i}.py"] = (
            f"from {app} import settings\n\n"
            f"def test_{ident(rng)}():\n    assert settings.PAGE_SIZE > 0\n    url = \"http://localhost:8000/{ident(rng, 1)}\"\n"
            "    assert url.startswith(\"http\")\n")
    files[f"scripts/seed_{app}.py"] = (
        "import psycopg2\n\nconn = psycopg2.connect(host=\"localhost\", port=5432, dbname=\"app\")  # run on a laptop\n")
    return files


def common_files(rng: random.Random) -> dict[str, str]:
    files = {"libs/common/common/__init__.py": ""}
    for name in ("text", "time", "money", "ids"):
        files[f"libs/common/common/{name}.py"] = filler_module(rng, [])
    for i in range(60):
        files[f"libs/common/common/extra/{ident(rng)}_{i}.py"] = filler_module(rng, [])
    files["libs/common/common/extra/__init__.py"] = ""
    return files


def stack_files(index: int, scale: int, rng: random.Random) -> dict[str, str]:
    """One Compose project: its base file, an override with bind mounts, a prod variant."""
    name = f"stack{index:02d}"
    apps = rng.sample(APPS, 4)
    infra = rng.sample(sorted(INFRA), 4)
    svc: list[str] = []
    override: list[str] = []
    prod: list[str] = []
    for app in apps:
        for copy in range(scale):
            for role in ("api", "worker"):
                sname = f"{app}-{role}" + (f"-{copy + 1}" if copy else "")
                lines = [f"  {sname}:", "    build:", f"      context: ../../apps/{app}",
                         "    env_file: [../../.env, ./stack.env]", "    networks: [backend]", "    environment:"]
                lines.append(f"      DATABASE_URL: postgresql://{app}@db:5432/{app}" if "db" in infra else
                             f"      DATABASE_URL: postgresql://{app}@localhost:5432/{app}")
                if "cache" in infra:
                    lines.append("      REDIS_URL: redis://cache:6379/0" if rng.random() < 0.9 else
                                 "      REDIS_URL: redis://cahce:6379/0")
                if "broker" in infra:
                    lines.append(f"      {app.upper()}_BROKER_URL: amqp://guest@broker:5672//")
                if "kafka" in infra:
                    lines.append("      KAFKA_BOOTSTRAP_SERVERS: kafka:9092")
                if "search-engine" in infra:
                    lines.append("      SEARCH_HOST: search-engine")
                if role == "worker":
                    lines.append(f"    command: celery -A {app}.tasks worker -Q {app}-{copy}")
                    if copy and rng.random() < 0.3:
                        lines.append("    profiles: [scale]")
                else:
                    lines.append("    depends_on: [" + ", ".join(i for i in infra if i in ("db", "cache")) + "]")
                    lines.append("    networks: [backend, frontend]")
                    lines = [ln for ln in lines if ln != "    networks: [backend]"]
                svc.extend(lines)
                if role == "api" and copy == 0:
                    override += [f"  {sname}:", f"    volumes: [\"../../apps/{app}/src:/app\"]",
                                 f"    ports: [\"{8000 + APPS.index(app) * 10 + index}:8000\"]"]
                    prod += [f"  {sname}:", "    restart: always", "    deploy:", "      replicas: 2"]
    for i in infra:
        image, port = INFRA[i]
        svc += [f"  {i}:", f"    image: {image}", "    networks: [backend]"]
        if rng.random() < 0.3:
            svc.append(f"    ports: [\"{port + 10000 + index}:{port}\"]")
        if i == "kafka":
            svc += ["    environment:", "      KAFKA_CFG_LISTENERS: PLAINTEXT://:9092",
                    "      KAFKA_CFG_ADVERTISED_LISTENERS: PLAINTEXT://kafka:9092"]
        if i == "db":
            svc += ["    environment:", "      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:-example}"]
    svc += ["  debug-shell:", "    image: python:3.12-slim", "    profiles: [debug]",
            "    command: python -c \"import socket; socket.create_connection(('localhost', 5432))\"",
            "    networks: [backend]"]
    base = "services:\n" + "\n".join(svc) + "\nnetworks:\n  backend: {}\n  frontend: {}\n"
    return {
        f"deploy/{name}/compose.yaml": base,
        f"deploy/{name}/compose.override.yaml": "services:\n" + "\n".join(override) + "\n",
        f"deploy/{name}/compose.prod.yaml": "services:\n" + "\n".join(prod) + "\n",
        f"deploy/{name}/stack.env": f"STACK_NAME={name}\nLOG_LEVEL=info\nPUBLIC_URL=https://{name}.example.com\n",
    }


def build(dest: Path, services_scale: int = 1) -> dict[str, int]:
    """Write the corpus into ``dest`` (replaced); returns its counts."""
    rng = random.Random(SEED)
    if dest.exists():
        shutil.rmtree(dest)
    files: dict[str, str] = {}
    files.update(common_files(rng))
    for app in APPS:
        for rel, text in app_files(app, random.Random(f"{SEED}:{app}")).items():
            files[f"apps/{app}/{rel}"] = text
    services = 0
    for i in range(STACKS):
        stack = stack_files(i, services_scale, random.Random(f"{SEED}:stack:{i}"))
        base = stack[f"deploy/stack{i:02d}/compose.yaml"].split("\nnetworks:")[0]
        services += len(re.findall(r"^  [\w-]+:$", base, re.MULTILINE))
        files.update(stack)
    files[".env"] = "POSTGRES_PASSWORD=example\nTZ=UTC\nCOMPOSE_PROFILES=\n"
    files["pyproject.toml"] = "# the platform's root (no [tool.dockwise]: defaults)\n"
    for rel, text in files.items():
        path = dest / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (dest / ".git").mkdir()
    py = sum(1 for rel in files if rel.endswith(".py"))
    return {"files": len(files), "python": py, "services": services, "stacks": STACKS,
            "dockerfiles": sum(1 for rel in files if rel.endswith("Dockerfile"))}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dest", type=Path)
    ap.add_argument("--services-scale", type=int, default=1)
    args = ap.parse_args()
    print(build(args.dest, args.services_scale))


if __name__ == "__main__":
    main()
