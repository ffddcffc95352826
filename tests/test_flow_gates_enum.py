"""A branch behind an environment flag read into an enumeration: ``KIND = Kind(os.getenv("K",
Kind.FILES.value))`` then ``if KIND == Kind.QUEUE:`` runs only where the container sets K to
the member's value (the member compares as its value does)."""
from __future__ import annotations

from dockwise.flow import Flow
from dockwise.knowledge import default_knowledge

K = default_knowledge()

SOURCE = '''import os
from enum import Enum
import pika


class Backend({base}):
    FILES = "files"
    QUEUE = "queue"


BACKEND = Backend(os.getenv("BACKEND", {default}))

if BACKEND == Backend.FILES:
    pass
elif BACKEND == Backend.QUEUE:
    conn = pika.BlockingConnection(pika.URLParameters("amqp://127.0.0.1:5672/"))
'''


def runs(base: str, default: str, env: dict[str, str | None]) -> bool:
    source = SOURCE.format(base=base, default=default)
    lines = source.split("\n")
    line, column = next((i + 1, t.index("amqp") + 1) for i, t in enumerate(lines) if "amqp" in t)
    files = {"worker.py": source}
    sinks = Flow(K, files.get, files).of("worker.py", line, column).sinks
    assert sinks, "the value reaches the client"
    return any(s.runs_with(env) for s in sinks)


def test_an_enum_flag_left_at_its_default_member_turns_the_branch_off():
    for base in ("Enum", "str, Enum", "enum.Enum"):
        for default in ('Backend.FILES.value', '"files"'):
            assert not runs(base, default, {}), (base, default)
            assert not runs(base, default, {"BACKEND": "files"}), (base, default)
            assert runs(base, default, {"BACKEND": "queue"}), (base, default)


def test_a_plain_class_is_not_read_as_an_enumeration():
    assert runs("object", '"files"', {})
