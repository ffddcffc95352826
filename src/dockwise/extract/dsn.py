"""Key/value connection strings (DSNs) and the hosts their keys name.

libpq ``host=h port=5432 dbname=app`` and ``;``-separated ADO.NET / ODBC / Npgsql
``Server=tcp:h,1433;Database=x`` / ``Host=h;Port=5432``.  The names of DSN keys are the
syntax of those formats and live here.  Pure, never raises.
"""
from __future__ import annotations

import re

from dockwise.extract.hostitem import PORT_HOLE, Address, HostRef, host_item, port_of
from dockwise.redact import redact

# libpq key = value
_LIBPQ_KEY = re.compile(r"\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*")
_LIBPQ_BARE = re.compile(r"(?:[^\s\\]|\\.)*", re.S)
_LIBPQ_QUOTED = re.compile(r"'((?:[^'\\]|\\.)*)'", re.S)
_WS_ONLY = re.compile(r"\s*")

# Keys naming hosts in ';'-separated connection strings (lowercase, spaces collapsed).
_SERVER_KEYS = frozenset({"server", "data source", "datasource", "address", "addr", "network address", "server name"})
_HOST_KEYS = frozenset({"host", "hostname", "hosts", "hostaddr"})
_PORT_KEYS = frozenset({"port"})


def _libpq_pairs(value: str) -> list[tuple[str, int, int]] | None:
    """(key, value start, value end) for each libpq pair; quoted values exclude the quotes."""
    pairs: list[tuple[str, int, int]] = []
    i, n = 0, len(value)
    while True:
        ws = _WS_ONLY.match(value, i)
        i = ws.end() if ws else i
        if i >= n:
            break
        k = _LIBPQ_KEY.match(value, i)
        if not k:
            return None
        i = k.end()
        if i < n and value[i] == "'":
            q = _LIBPQ_QUOTED.match(value, i)
            if not q:
                return None
            pairs.append((k.group(1).lower(), q.start(1), q.end(1)))
            i = q.end()
        else:
            b = _LIBPQ_BARE.match(value, i)
            e = b.end() if b else i
            pairs.append((k.group(1).lower(), i, e))
            i = e
        if i < n and not value[i].isspace():
            return None
    return pairs


def _semicolon_pairs(value: str) -> list[tuple[str, int, int]] | None:
    """(key, value start, value end) of "Key=Value;Key2={va;lue};Key3='x'" strings."""
    pairs: list[tuple[str, int, int]] = []
    i, n = 0, len(value)
    eq = -1
    while i < n:
        if eq < i:
            eq = value.find("=", i)
            if eq < 0:
                if value[i:].replace(";", "").strip():
                    return None
                break
        semi = value.find(";", i)
        if eq < 0 or (0 <= semi < eq):
            seg_end = n if semi < 0 else semi
            if value[i:seg_end].strip():
                return None
            i = seg_end + 1
            continue
        key = " ".join(value[i:eq].split()).lower()
        if not key or not re.fullmatch(r"[\w .\-]+", key):
            return None
        j = eq + 1
        while j < n and value[j] in " \t":
            j += 1
        if j < n and value[j] in "{\"'":
            close_char = "}" if value[j] == "{" else value[j]
            k = j + 1
            while True:
                k = value.find(close_char, k)
                if k < 0:
                    return None
                if k + 1 < n and value[k + 1] == close_char:  # doubled: escaped
                    k += 2
                    continue
                break
            vs, ve = j + 1, k
            after = value.find(";", k + 1)
            if value[k + 1 : n if after < 0 else after].strip():
                return None
            i = n if after < 0 else after + 1
        else:
            ve = n if semi < 0 else semi
            vs = j
            while ve > vs and value[ve - 1] in " \t":
                ve -= 1
            i = n if semi < 0 else semi + 1
        pairs.append((key, vs, ve))
    return pairs


def _list_items(value: str, s: int, e: int) -> list[tuple[int, int]]:
    """Comma-separated items of value[s:e], trimmed."""
    items: list[tuple[int, int]] = []
    i = s
    while i <= e:
        c = value.find(",", i, e)
        ie = e if c < 0 else c
        a, b = i, ie
        while a < b and value[a].isspace():
            a += 1
        while b > a and value[b - 1].isspace():
            b -= 1
        items.append((a, b))
        if c < 0:
            break
        i = c + 1
    return items


def _dsn_port(value: str, s: int, e: int) -> tuple[int | None, int | None, int | None, bool]:
    if s >= e:
        return None, None, None, False
    ok, port, hole = port_of(value, s, e)
    if not ok:
        return None, None, None, False
    return port, s, e, hole


def _with_ports(value: str, hosts: list[HostRef], port_items: list[tuple[int, int]]) -> list[HostRef]:
    """Give each host without an explicit port the port of a ``port=`` key (libpq pairing)."""
    if not port_items:
        return hosts
    out = []
    for idx, h in enumerate(hosts):
        if h.port is None and not h.port_hole:
            if len(port_items) == len(hosts):
                ps, pe = port_items[idx]
            elif len(port_items) == 1:
                ps, pe = port_items[0]
            else:
                out.append(h)
                continue
            port, a, b, hole = _dsn_port(value, ps, pe)
            if a is not None:
                h = HostRef(h.host, h.start, h.end, port, a, b, hole)
        out.append(h)
    return out


def _dsn_hosts_libpq(value: str, s: int, e: int) -> list[HostRef]:
    hosts: list[HostRef] = []
    if "\\" in value[s:e]:
        return hosts  # escaped characters: the text is not the host as written
    for a, b in _list_items(value, s, e):
        if a >= b or value[a] in "/@":  # empty (default) or a Unix socket directory
            continue
        ref = host_item(value, a, b, strict=False)
        if isinstance(ref, HostRef):
            hosts.append(ref)
    return hosts


def _dsn_hosts_server(value: str, s: int, e: int) -> list[HostRef]:
    """SQL Server style "tcp:host\\instance,1433" (or MySQL's "h1,h2")."""
    low = value[s : s + 6].lower()
    if low.startswith(("np:", "lpc:")):  # named pipes, shared memory: local, not TCP
        return []
    for prefix in ("tcp:", "admin:"):
        if low.startswith(prefix):
            s += len(prefix)
            break
    items = _list_items(value, s, e)
    if len(items) == 2 and PORT_HOLE.fullmatch(value[items[1][0] : items[1][1]] or "x"):
        (a, b), (ps, pe) = items
        bs = value.find("\\", a, b)
        he = bs if bs >= 0 else b
        if a >= he:
            return []
        port, pa, pb, hole = _dsn_port(value, ps, pe)
        return [HostRef(value[a:he], a, he, port, pa, pb, hole)]
    hosts: list[HostRef] = []
    for a, b in items:
        ref = host_item(value, a, b, strict=False, jdbc=True)
        if isinstance(ref, HostRef):
            hosts.append(ref)
    return hosts


def parse_dsn(value: str) -> Address | None:
    """A key/value connection string with a host key, or None.

    libpq: ``host=h1,h2 port=5432,5433 dbname=app`` (``hostaddr=`` wins over ``host=``,
    quoted values ``'a b'``); ';'-separated: ``Server=tcp:h,1433;...``, ``Data Source=h``,
    ``Host=h1,h2:5433;Port=5432;...``.  Keys are case-insensitive.
    """
    try:
        return parse_dsn_unguarded(value)
    except (ValueError, IndexError, RecursionError):
        return None


def parse_dsn_unguarded(value: str) -> Address | None:
    """``parse_dsn`` without its guard: ``parse_any`` guards its whole reading at once."""
    if not isinstance(value, str) or "=" not in value:
        return None
    pairs = _semicolon_pairs(value) if ";" in value else None
    if not pairs or not any(k in _SERVER_KEYS or k in _HOST_KEYS for k, _, _ in pairs):
        pairs = _libpq_pairs(value)
    if not pairs:
        return None
    keys = {k for k, _, _ in pairs}
    if not (keys & (_SERVER_KEYS | _HOST_KEYS)):
        return None
    hosts: list[HostRef] = []
    port_items: list[tuple[int, int]] = []
    use_hostaddr = "hostaddr" in keys
    for key, s, e in pairs:
        if key in _PORT_KEYS:
            port_items = _list_items(value, s, e)
        elif key == "hostaddr" or (key in _HOST_KEYS and not use_hostaddr):
            hosts.extend(_dsn_hosts_libpq(value, s, e))
        elif key in _SERVER_KEYS:
            hosts.extend(_dsn_hosts_server(value, s, e))
    hosts = _with_ports(value, hosts, port_items)
    a, b = 0, len(value)
    while a < b and value[a].isspace():
        a += 1
    while b > a and value[b - 1].isspace():
        b -= 1
    return Address("dsn", None, tuple(hosts), a, b, redact(value[a:b]))
