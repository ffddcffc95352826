"""A whole string read as one address, whatever its form (``parse_any``).

The parsers of each form live in their own modules, all pure and never raising; every
offset satisfies ``0 <= start <= end <= len(value)`` with ``value[ref.start:ref.end] == ref.host``
(records and the shared host item: ``hostitem.py``).  Host kinds: ``hostkind.py``.

Forms (and their modules):
  url       (urls.py) ``scheme://[user[:password]@]host[:port][,host[:port]...][/path][?query][#frag]``
            (IPv6 in brackets; ``jdbc:`` prefixes; the password may hold ':' and '@')
  jdbc      the same after ``jdbc:`` (SQL Server's ``;prop=value`` suffixes and
            ``host\\instance`` too; Oracle's ``jdbc:oracle:thin:@//host:port/svc``)
  dsn       (dsn.py) libpq ``host=h port=5432 dbname=app`` and ``;``-separated ADO.NET / ODBC / Npgsql
            ``Server=tcp:h,1433;Database=x`` / ``Host=h;Port=5432``
  hostport  (hostport.py) ``host``, ``host:port``, ``[::1]:9000`` and lists of them

``model.HOLE`` stands for text unknown statically: a host containing it is returned (callers
skip it); a port containing it gives ``port=None, port_hole=True``.

Names of DSN keys and of secret parameters are the syntax of those formats and live in
``dsn.py`` and ``dockwise/redact.py``; knowledge about hosts (loopback names, Docker aliases) lives in ``rules/hosts.yaml``.
"""
from __future__ import annotations

from dockwise.extract.dsn import parse_dsn_unguarded
from dockwise.extract.hostitem import Address
from dockwise.extract.hostport import parse_hostport_unguarded
from dockwise.extract.urls import HEAD_AT, parse_url


def parse_any(value: str) -> Address | None:
    """The whole string as one address: URL / JDBC (surrounding whitespace allowed), DSN,
    or host:port (list).  None otherwise."""
    try:
        if not isinstance(value, str) or not value:
            return None
        a, b = 0, len(value)
        while a < b and value[a].isspace():
            a += 1
        while b > a and value[b - 1].isspace():
            b -= 1
        if a == b:
            return None
        if HEAD_AT.match(value, a):
            url = parse_url(value, a)
            return url if url is not None and url.end == b else None
        return parse_dsn_unguarded(value) or parse_hostport_unguarded(value)
    except (ValueError, IndexError, RecursionError):
        return None
