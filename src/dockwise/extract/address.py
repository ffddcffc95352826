"""Find hosts and ports inside a string, with exact character offsets; redact credentials.

Pure functions, no I/O.  Every other extractor builds on these, so they never raise on any
input and every offset satisfies ``0 <= start <= end <= len(value)`` with
``value[ref.start:ref.end] == ref.host``.

Forms:
  url       ``scheme://[user[:password]@]host[:port][,host[:port]...][/path][?query][#frag]``
            (IPv6 in brackets; ``jdbc:`` prefixes; the password may hold ':' and '@')
  jdbc      the same after ``jdbc:`` (SQL Server's ``;prop=value`` suffixes and
            ``host\\instance`` too; Oracle's ``jdbc:oracle:thin:@//host:port/svc``)
  dsn       libpq ``host=h port=5432 dbname=app`` and ``;``-separated ADO.NET / ODBC / Npgsql
            ``Server=tcp:h,1433;Database=x`` / ``Host=h;Port=5432``
  hostport  ``host``, ``host:port``, ``[::1]:9000`` and lists of them

``model.HOLE`` stands for text unknown statically: a host containing it is returned (callers
skip it); a port containing it gives ``port=None, port_hole=True``.

Names of DSN keys and of secret parameters are the syntax of those formats and live here;
knowledge about hosts (loopback names, Docker aliases) lives in ``rules/hosts.yaml``.
"""
from __future__ import annotations

import functools
import ipaddress
import re
from dataclasses import dataclass
from typing import Any, Literal

from dockwise.model import HOLE
from dockwise.redact import REDACTED, redact

__all__ = [
    "HostRef",
    "Address",
    "parse_url",
    "find_urls",
    "parse_dsn",
    "parse_hostport",
    "parse_any",
    "host_kind",
    "parse_ip",
    "HOST_KINDS",
]


@dataclass(frozen=True)
class HostRef:
    host: str  # as written, without IPv6 brackets
    start: int  # offsets of the host text in the input string (inside brackets)
    end: int
    port: int | None  # explicit port, None if absent or not a literal integer
    port_start: int | None  # offsets of the port text
    port_end: int | None
    port_hole: bool = False  # the port is dynamic (contains model.HOLE)


@dataclass(frozen=True)
class Address:
    form: str  # "url" | "jdbc" | "dsn" | "hostport"
    scheme: str | None  # lowercase; for jdbc the sub-protocol ("postgresql")
    hosts: tuple[HostRef, ...]
    start: int  # offsets of the whole address in the input
    end: int
    text: str  # the whole address with credentials redacted


HOST_KINDS = (
    "loopback",
    "unspecified",
    "deprecated-alias",
    "host-gateway",
    "gateway",
    "ipv4",
    "ipv6",
    "localhost-subdomain",
    "name",
    "dns",
    "invalid",
)

# --------------------------------------------------------------------------- regexes

# "scheme://" (a HOLE may stand for the scheme or part of it), or a JDBC head:
# "jdbc:sub[:sub...]://" and Oracle's "jdbc:oracle:thin:@//".
_HEAD = (
    r"(?:(?P<jdbc>[Jj][Dd][Bb][Cc]):(?P<jsub>[A-Za-z][A-Za-z0-9+.\-_]*(?::[A-Za-z][A-Za-z0-9+.\-_]*)*)"
    r"(?::@|:)//"
    r"|(?P<scheme>[A-Za-z\x00][A-Za-z0-9+.\-_\x00]*)://)"
)
_HEAD_AT = re.compile(_HEAD)
_MAX_SCHEME = 256  # longest scheme (with jdbc sub-protocols) looked for before "://"
# A scheme starts at a letter not preceded by a letter or digit ("${URL:-redis://...}").
_HEAD_FIND = re.compile(rf"(?<![A-Za-z0-9\x00]){_HEAD}")
# A URL token: everything up to whitespace / control characters (HOLE excepted) ...
# (',' and ';' pause the scan: they end the URL only when another URL follows them)
_TOKEN_WHOLE = re.compile(r"[^\s\x01-\x1f\x7f,;]*")
# ... and, inside free text, also up to quotes and angle brackets.
_TOKEN_EMBEDDED = re.compile(r"[^\s\x01-\x1f\x7f\"'`<>,;]*")
# The next URL of a list ("PLAINTEXT://a:9092,PLAINTEXT_HOST://b:9092", "amqp://a;amqp://b").
_NEXT_URL = re.compile(r"[,;](?=(?:[Jj][Dd][Bb][Cc]:)?[A-Za-z\x00][A-Za-z0-9+.\-_\x00]*(?::[A-Za-z][\w+.\-]*)*:@?//)")
_TRAILING_PUNCT = ".,;:!?"
_CLOSERS = {")": "(", "]": "[", "}": "{"}

_AUTH_STOP = re.compile(r"[/?#]")
_AUTH_STOP_JDBC = re.compile(r"[/?#;]")

_DIGITS = re.compile(r"[0-9]+")
_PORT_HOLE = re.compile(r"[0-9\x00]+")
# A host name as written in URLs: no characters that cannot be part of a reg-name.
_URL_HOST_BAD = re.compile(r"[\s\[\]{}<>\"'`|^\\@:/?#,;]")
# A strict host for bare host:port values: labels of word characters and '-' (HOLE allowed).
_STRICT_HOST = re.compile(r"[\w\x00](?:[\w\x00.\-]*[\w\x00])?\.?")
_NUMERIC_HOST = re.compile(r"[0-9.]+")
_DOTTED_QUAD = re.compile(r"(?:[0-9]{1,3}\.){3}[0-9]{1,3}")
# inet_aton forms: 1-4 parts, decimal / octal / hex ("0", "127.1", "0x7f.1").
_INET_ATON = re.compile(r"(?:0[xX][0-9a-fA-F]+|[0-9]+)(?:\.(?:0[xX][0-9a-fA-F]+|[0-9]+)){0,3}")
_LABELS = re.compile(r"\w(?:[\w-]*\w)?(?:\.\w(?:[\w-]*\w)?)*")

_HOSTPORT_ITEM = re.compile(r"[^\s,;]+")

# libpq key = value
_LIBPQ_KEY = re.compile(r"\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*")
_LIBPQ_BARE = re.compile(r"(?:[^\s\\]|\\.)*", re.S)
_LIBPQ_QUOTED = re.compile(r"'((?:[^'\\]|\\.)*)'", re.S)
_WS_ONLY = re.compile(r"\s*")

# --------------------------------------------------------------------------- helpers


def _port_of(value: str, s: int, e: int) -> tuple[bool, int | None, bool]:
    """(ok, port, hole) for the port text value[s:e] (non-empty)."""
    text = value[s:e]
    if _DIGITS.fullmatch(text):
        if len(text) > 5:
            return False, None, False
        port = int(text)
        if port > 65535:
            return False, None, False
        return True, port, False
    if HOLE in text and _PORT_HOLE.fullmatch(text):
        return True, None, True
    return False, None, False


def _valid_ipv6(text: str) -> bool:
    if ":" not in text:
        return False
    try:
        ipaddress.IPv6Address(text.replace("%25", "%"))
    except ValueError:
        return False
    return True


def _host_item(value: str, s: int, e: int, strict: bool, jdbc: bool = False) -> HostRef | None | Literal[False]:
    """Parse value[s:e] as ``host``, ``host:port``, ``[v6]``, ``[v6]:port`` or a bare IPv6.

    Returns a HostRef, ``None`` for an empty item, or ``False`` when it is not a host.
    ``strict`` (bare host:port values) also rejects names that are unlikely hosts.
    """
    if s >= e:
        return None
    if value[s] == "[":
        close = value.find("]", s + 1, e)
        if close < 0 or close == s + 1:
            return False
        hs, he = s + 1, close
        host = value[hs:he]
        if "[" in host or any(c.isspace() for c in host):
            return False
        if strict and HOLE not in host and not _valid_ipv6(host):
            return False
        rest = close + 1
        if rest == e:
            return HostRef(host, hs, he, None, None, None)
        if value[rest] != ":":
            return False
        ps, pe = rest + 1, e
        if ps == pe:
            return False if strict else HostRef(host, hs, he, None, None, None)
        ok, port, hole = _port_of(value, ps, pe)
        if not ok:
            return False
        return HostRef(host, hs, he, port, ps, pe, hole)

    colons = value.count(":", s, e)
    if colons > 1:
        text = value[s:e]
        if _valid_ipv6(text):
            return HostRef(text, s, e, None, None, None)
        return False
    if colons == 1:
        c = value.index(":", s, e)
        hs, he, ps, pe = s, c, c + 1, e
    else:
        hs, he, ps, pe = s, e, e, e
    if jdbc:  # SQL Server "host\instance:port"
        bs = value.find("\\", hs, he)
        if bs >= 0:
            he = bs
    host = value[hs:he]
    if not host:
        return None if not strict else False
    if strict:
        if not _STRICT_HOST.fullmatch(host) or ".." in host:
            return False
        if _NUMERIC_HOST.fullmatch(host) and host != "0" and not _DOTTED_QUAD.fullmatch(host):
            return False  # "15432:5432" is a port mapping, "3.11" a version
    elif _URL_HOST_BAD.search(host):
        return False
    if ps == pe:
        if colons == 1 and strict:
            return False  # "host:" is not an address
        return HostRef(host, hs, he, None, None, None)
    ok, port, hole = _port_of(value, ps, pe)
    if not ok:
        return False
    return HostRef(host, hs, he, port, ps, pe, hole)


# --------------------------------------------------------------------------- URLs


def _token_end(value: str, pos: int, embedded: bool) -> int:
    """End of the URL whose text after "://" starts at ``pos``."""
    token = _TOKEN_EMBEDDED if embedded else _TOKEN_WHOLE
    end = pos
    while True:
        m = token.match(value, end)
        end = m.end() if m else end
        if end >= len(value) or value[end] not in ",;" or _NEXT_URL.match(value, end):
            break
        end += 1
    if embedded:
        found = value[pos:end]
        if ")" in found or "]" in found or "}" in found:
            depth = {"(": 0, "[": 0, "{": 0}
            for i in range(pos, end):
                c = value[i]
                if c in depth:
                    depth[c] += 1
                elif c in _CLOSERS:
                    opener = _CLOSERS[c]
                    if depth[opener] == 0:
                        end = i
                        break
                    depth[opener] -= 1
        while end > pos and value[end - 1] in _TRAILING_PUNCT:
            end -= 1
    return end


def _url_at(value: str, m: re.Match[str], embedded: bool) -> Address | None:
    start = m.start()
    pos = m.end()
    if m.group("jdbc"):
        form = "jdbc"
        scheme: str | None = m.group("jsub").split(":", 1)[0].lower()
    else:
        form = "url"
        scheme = m.group("scheme").lower()
        if HOLE in scheme:
            scheme = None
    end = _token_end(value, pos, embedded)
    parsed = _authority(value, pos, end, form == "jdbc")
    if parsed is None:
        return None
    hosts, secret = parsed
    raw = value[start:end]
    if secret is not None and secret[0] < secret[1]:
        raw = value[start : secret[0]] + REDACTED + value[secret[1] : end]
    return Address(form, scheme, hosts, start, end, redact(raw))


def _authority(value: str, p: int, end: int, jdbc: bool) -> tuple[tuple[HostRef, ...], tuple[int, int] | None] | None:
    """Hosts of the authority starting at ``p`` and the span of the password, or None."""
    stop = (_AUTH_STOP_JDBC if jdbc else _AUTH_STOP).search(value, p, end)
    a_end = stop.start() if stop else end
    at = value.rfind("@", p, a_end)
    secret: tuple[int, int] | None = None
    if at < 0 and a_end < end:
        at, a_end = _sloppy_userinfo(value, p, a_end, end, jdbc)
    if at >= 0:
        colon = value.find(":", p, at)
        if colon >= 0:
            secret = (colon + 1, at)
        hs = at + 1
    else:
        hs = p
    hosts: list[HostRef] = []
    i = hs
    while i <= a_end:
        comma = value.find(",", i, a_end)
        item_end = a_end if comma < 0 else comma
        ref = _host_item(value, i, item_end, strict=False, jdbc=jdbc)
        if ref is False:
            return None
        if ref is not None:
            hosts.append(ref)
        if comma < 0:
            break
        i = comma + 1
    return tuple(hosts), secret


def _sloppy_userinfo(value: str, p: int, a_end: int, end: int, jdbc: bool) -> tuple[int, int]:
    """An unencoded '/', '?' or '#' in a password: "user:pa/ss@host/db".

    Accepted when a ':' comes before the first stop character and what follows it is not a
    port, and an '@' follows later.  Returns (at, authority end) or (-1, a_end).
    """
    colon = value.find(":", p, a_end)
    at = value.find("@", a_end, end)
    if colon < 0 or at < 0:
        return -1, a_end
    after = value[colon + 1 : a_end]
    if not after or _PORT_HOLE.fullmatch(after):
        return -1, a_end
    stop = (_AUTH_STOP_JDBC if jdbc else _AUTH_STOP).search(value, at + 1, end)
    new_end = stop.start() if stop else end
    return value.rfind("@", at, new_end), new_end


def parse_url(value: str, start: int = 0) -> Address | None:
    """The URL beginning exactly at ``value[start]`` (optionally ``jdbc:``), up to whitespace.

    None when there is no URL there or its authority is not hosts and ports.  A URL without
    a host (``postgresql:///db``, ``sqlite:///x.db``, ``rpc://``) has ``hosts == ()``.
    """
    try:
        if not isinstance(value, str) or start < 0 or start >= len(value):
            return None
        m = _HEAD_AT.match(value, start)
        if not m:
            return None
        return _url_at(value, m, embedded=False)
    except (ValueError, IndexError, RecursionError):  # defensive: never raise
        return None


def _heads(value: str):
    """URL heads ("scheme://", "jdbc:sub://") in order: find "//" first (fast), then match
    the scheme in a window before it."""
    i = value.find("//")
    last = 0
    while i >= 0:
        if i > 0 and value[i - 1] in ":@":
            lo = max(last, i - _MAX_SCHEME)
            m = _HEAD_FIND.search(value, lo, i + 2)
            while m is not None and m.end() != i + 2:
                m = _HEAD_FIND.search(value, m.end(), i + 2)
            if m is not None:
                yield m
                last = i + 2
        i = value.find("//", i + 2)


def find_urls(value: str) -> list[Address]:
    """Every URL embedded anywhere in ``value`` (a command line, an env value, prose).

    A URL ends at whitespace, quotes, '<' or '>', a ')' / ']' / '}' it did not open, the
    start of the next URL of a ','/';' list, and before trailing sentence punctuation.
    """
    out: list[Address] = []
    if not isinstance(value, str) or "//" not in value:
        return out
    pos = 0
    try:
        for m in _heads(value):
            if m.start() < pos:
                continue
            addr = _url_at(value, m, embedded=True)
            if addr is not None:
                out.append(addr)
                pos = addr.end
            else:  # malformed: skip its text rather than rescanning it
                pos = max(m.end(), _token_end(value, m.end(), True))
    except (ValueError, IndexError, RecursionError):
        pass
    return out


# --------------------------------------------------------------------------- DSNs

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
    ok, port, hole = _port_of(value, s, e)
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
        ref = _host_item(value, a, b, strict=False)
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
    if len(items) == 2 and _PORT_HOLE.fullmatch(value[items[1][0] : items[1][1]] or "x"):
        (a, b), (ps, pe) = items
        bs = value.find("\\", a, b)
        he = bs if bs >= 0 else b
        if a >= he:
            return []
        port, pa, pb, hole = _dsn_port(value, ps, pe)
        return [HostRef(value[a:he], a, he, port, pa, pb, hole)]
    hosts: list[HostRef] = []
    for a, b in items:
        ref = _host_item(value, a, b, strict=False, jdbc=True)
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
        return _parse_dsn(value)
    except (ValueError, IndexError, RecursionError):
        return None


def _parse_dsn(value: str) -> Address | None:
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


# --------------------------------------------------------------------------- host:port


def parse_hostport(value: str) -> Address | None:
    """A bare ``host``, ``host:port``, ``[::1]:9000`` or a list of them, or None.

    Lists are ','- or ';'-separated, or whitespace-separated when every item has a port.
    Items with '/', '@', '=', quotes... are not addresses; neither are "15432:5432" (a port
    mapping), "3.11" (a version) or "host:" (no port).
    """
    try:
        return _parse_hostport(value)
    except (ValueError, IndexError, RecursionError):
        return None


def _parse_hostport(value: str) -> Address | None:
    if not isinstance(value, str):
        return None
    items = [(m.start(), m.end()) for m in _HOSTPORT_ITEM.finditer(value)]
    if not items:
        return None
    spaced = False
    for (_, e1), (s2, _) in zip(items, items[1:], strict=False):
        between = value[e1:s2]
        if "," not in between and ";" not in between:
            spaced = True
    hosts: list[HostRef] = []
    for s, e in items:
        ref = _host_item(value, s, e, strict=True)
        if not isinstance(ref, HostRef):
            return None
        if spaced and ref.port is None and not ref.port_hole:
            return None
        hosts.append(ref)
    a, b = items[0][0], items[-1][1]
    return Address("hostport", None, tuple(hosts), a, b, redact(value[a:b]))


# --------------------------------------------------------------------------- any


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
        if _HEAD_AT.match(value, a):
            url = parse_url(value, a)
            return url if url is not None and url.end == b else None
        return _parse_dsn(value) or _parse_hostport(value)
    except (ValueError, IndexError, RecursionError):
        return None


# --------------------------------------------------------------------------- host kinds


@dataclass(frozen=True)
class _HostTables:
    loopback: frozenset[str]
    deprecated: frozenset[str]
    host_gateway: frozenset[str]
    gateway: frozenset[str]
    loopback_domains: tuple[str, ...]


_TABLES: dict[int, tuple[Any, _HostTables]] = {}


def _names(value: Any) -> frozenset[str]:
    if isinstance(value, dict):
        value = list(value)
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple, set, frozenset)):
        return frozenset()
    return frozenset(str(v).lower().rstrip(".") for v in value if v is not None)


def _tables(knowledge: Any) -> _HostTables:
    """The host-name tables of the run's knowledge (its rule packs), kept per knowledge."""
    hit = _TABLES.get(id(knowledge))
    if hit is not None and hit[0] is knowledge:
        return hit[1]
    hosts = knowledge.hosts if isinstance(knowledge.hosts, dict) else {}
    tables = _HostTables(
        loopback=_names(hosts.get("loopback_names")),
        deprecated=_names(hosts.get("deprecated_aliases")),
        host_gateway=_names(hosts.get("host_gateway_names")),
        gateway=_names(hosts.get("gateway_names")),
        loopback_domains=tuple(sorted(_names(hosts.get("loopback_domains")))),
    )
    if len(_TABLES) > 32:
        _TABLES.clear()
    _TABLES[id(knowledge)] = (knowledge, tables)
    return tables


def parse_ip(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The IP address a literal host stands for, or None.

    Accepts brackets, a trailing dot, zone ids (``%25eth0`` too), the inet_aton forms
    getaddrinfo accepts ("0", "127.1").  IPv4-mapped IPv6 stays IPv6 (see ``ipv4_mapped``).
    """
    return _parse_ip(host) if isinstance(host, str) else None


@functools.lru_cache(maxsize=4096)
def _parse_ip(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    h = host.strip()
    if h.startswith("[") and h.endswith("]"):
        h = h[1:-1]
    if not h or HOLE in h:
        return None
    if ":" in h:
        try:
            return ipaddress.IPv6Address(h.replace("%25", "%"))
        except ValueError:
            return None
    if h.endswith("."):
        h = h[:-1]
    if not _INET_ATON.fullmatch(h):
        return None
    try:
        return ipaddress.IPv4Address(h)
    except ValueError:
        pass
    import socket  # (only here: importing it costs a few ms at start-up)

    try:
        return ipaddress.IPv4Address(socket.inet_aton(h))
    except (OSError, ValueError):
        return None


def host_kind(host: str, knowledge: Any) -> str:
    """One of HOST_KINDS for a host as written (case-insensitive, trailing dot allowed).

    ``knowledge`` is the run's Knowledge: its ``hosts`` table (rules/hosts.yaml and the
    configured rule packs) names the loopback, gateway and deprecated names.
    """
    if not isinstance(host, str):
        return "invalid"
    return _kind(host, _tables(knowledge))


@functools.lru_cache(maxsize=8192)
def _kind(host: str, t: _HostTables) -> str:
    h = host
    if h.startswith("[") and h.endswith("]"):
        h = h[1:-1]
    if not h or HOLE in h or any(c.isspace() for c in h):
        return "invalid"
    low = h.lower()
    name = low[:-1] if low.endswith(".") and not low.endswith("..") else low
    if name in t.loopback:
        return "loopback"
    if name in t.deprecated:
        return "deprecated-alias"
    if name in t.host_gateway:
        return "host-gateway"
    if name in t.gateway:
        return "gateway"
    ip = _parse_ip(low)
    if ip is not None:
        base = ip.ipv4_mapped if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped else ip
        if base.is_loopback:
            return "loopback"
        if base.is_unspecified:
            return "unspecified"
        return "ipv4" if isinstance(ip, ipaddress.IPv4Address) else "ipv6"
    if not _LABELS.fullmatch(name) or _NUMERIC_HOST.fullmatch(name):
        return "invalid"
    for domain in t.loopback_domains:
        if name.endswith("." + domain):
            return "localhost-subdomain"
    return "name" if "." not in name else "dns"
