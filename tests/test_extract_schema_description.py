"""A value under a key that says what a value is (``type``, ``title``, ``label``, ``format``)
names no host, even inside a host field's description: ``{"host": {"type": "string",
"title": "Server"}}`` (a JSON schema, a form) holds the words "string" and "Server", no
address (rules/names.yaml ``data``).  A host under a key dockwise does not know keeps the
outer key's meaning."""
from __future__ import annotations

from dockwise.extract.python import extract_python
from dockwise.knowledge import default_knowledge

SOURCE = '''\
def configuration_schema():
    return {
        "type": "object",
        "properties": {
            "host": {"type": "string", "title": "Server", "format": "hostname"},
            "server": {"label": "Database server", "type": "string"},
        },
    }


CACHE = {"type": "redis", "host": "localhost"}
REPLICAS = {"host": {"primary": "localhost", "replica": "10.0.0.2"}}
'''


def test_descriptions_of_a_host_field_are_no_hosts():
    hosts = [(e.host, e.span.line) for e in extract_python(SOURCE, "m.py", default_knowledge()).endpoints]
    assert hosts == [("localhost", 11), ("localhost", 12), ("10.0.0.2", 12)]
