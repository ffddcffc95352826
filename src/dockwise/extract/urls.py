"""URLs in a string: ``scheme://[user[:password]@]host[:port][,host[:port]...][/path][?query][#frag]``.

IPv6 in brackets; ``jdbc:`` prefixes (SQL Server's ``;prop=value`` suffixes and
``host\\instance`` too; Oracle's ``jdbc:oracle:thin:@//host:port/svc``); the password may
hold ':' and '@'.  ``parse_url`` reads the URL at one offset, ``find_urls`` every URL written
inside free text.  The password is redacted in ``Address.text``.  Pure, never raises.
"""
from __future__ import annotations

import re

from dockwise.extract.hostitem import PORT_HOLE, Address, HostRef, host_item
from dockwise.model import HOLE
from dockwise.redact import REDACTED, redact

# "scheme://" (a HOLE may stand for the scheme or part of it), or a JDBC head:
# "jdbc:sub[:sub...]://" and Oracle's "jdbc:oracle:thin:@//".
_HEAD = (
    r"(?:(?P<jdbc>[Jj][Dd][Bb][Cc]):(?P<jsub>[A-Za-z][A-Za-z0-9+.\-_]*(?::[A-Za-z][A-Za-z0-9+.\-_]*)*)"
    r"(?::@|:)//"
    r"|(?P<scheme>[A-Za-z\x00][A-Za-z0-9+.\-_\x00]*)://)"
)
HEAD_AT = re.compile(_HEAD)
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
        ref = host_item(value, i, item_end, strict=False, jdbc=jdbc)
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
    if not after or PORT_HOLE.fullmatch(after):
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
        m = HEAD_AT.match(value, start)
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
