"""Flask's SQLALCHEMY_DATABASE_URI is dialled by the Flask-SQLAlchemy extension, not by Flask:
a service whose code sets it but never builds the extension (the import left over, no
`SQLAlchemy(app)` anywhere it runs) opens no database, while a service that builds it does."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """services:
  relay:
    build: .
    command: python relay.py
  ledger:
    build: .
    command: python ledger.py
"""

DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n"

RELAY = """from os import environ

from flask import Flask
from flask_sqlalchemy import SQLAlchemy

app = Flask(__name__)
app.config["SQLALCHEMY_DATABASE_URI"] = environ.get("STORE_URL") or "mysql+pymysql://root@localhost:3306/notes"


@app.route("/ping")
def ping():
    return "ok"


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=5002)
"""

LEDGER = """from os import environ

from flask import Flask
from flask_sqlalchemy import SQLAlchemy

app = Flask(__name__)
app.config["SQLALCHEMY_DATABASE_URI"] = environ.get("STORE_URL") or "mysql+pymysql://root@localhost:3306/books"
db = SQLAlchemy(app)


@app.route("/ping")
def ping():
    return str(db.session.execute(db.text("select 1")).scalar())


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=5003)
"""


def test_only_the_service_that_builds_the_extension_dials_it(tmp_path: Path) -> None:
    make(tmp_path, {"compose.yaml": COMPOSE, "Dockerfile": DOCKERFILE,
                    "relay.py": RELAY, "ledger.py": LEDGER}, git=True)
    found = sorted((f.span.path, f.span.line, f.code, f.services)
                   for f in run_check([tmp_path], Config(cache=False)).active)
    assert found == [("ledger.py", 7, "DW101", ("ledger",))]
