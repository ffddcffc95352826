"""Compose ``ports`` and ``expose`` entries as :class:`Port` values: the short syntax
(``"127.0.0.1:8000-8002:80-82/udp"``), the long one (a mapping), port ranges (capped at
``MAX_PORT_RANGE`` ports) and the mistakes worth a :class:`FileError` (a YAML 1.1
base-60 number)."""
from __future__ import annotations

from typing import Container

from dockwise.layout.model import Port
from dockwise.layout.nodes import node_error, scalar_str
from dockwise.layout.yaml_nodes import YMap, YNode, YScalar, YSeq
from dockwise.model import HOLE, FileError, Span, Text

MAX_PORT_RANGE = 1024


def _port_int(s: str) -> int | None:
    s = s.strip()
    if not s.isdigit():
        return None
    v = int(s)
    return v if 0 < v < 65536 else None


def _range(s: str) -> list[int] | None:
    """"8000" -> [8000]; "8000-8002" -> [8000, 8001, 8002]; invalid -> None."""
    if "-" in s:
        a, _, b = s.partition("-")
        lo, hi = _port_int(a), _port_int(b)
        if lo is None or hi is None or hi < lo:
            return None
        return list(range(lo, min(hi, lo + MAX_PORT_RANGE - 1) + 1))
    v = _port_int(s)
    return None if v is None else [v]


def parse_port(node: YNode, errors: list[FileError] | None = None) -> list[Port]:
    """One ``ports`` entry (any syntax) as Ports (ranges expanded); [] when unusable."""
    errors = errors if errors is not None else []
    if isinstance(node, YScalar):
        if isinstance(node.value, bool) or node.value is None:
            node_error(errors, node, f"ports entry {node.text.value!r} is not a port")
            return []
        if isinstance(node.value, int):
            v = node.value if 0 < node.value < 65536 else None
            if v is None:
                node_error(errors, node, f"ports entry {node.value} is not a port number")
                return []
            return [Port(v)]
        if isinstance(node.value, float):
            node_error(errors, node, f"ports entry {node.text.value!r} is not a port")
            return []
        if node.sexagesimal:
            node_error(
                errors,
                node,
                f"unquoted port mapping {node.text.value} is read by YAML 1.1 parsers as a base-60 number; "
                f'quote it: "{node.text.value}"',
                "warning",  # Compose's YAML 1.2 parser reads the string: the project is valid
            )
        ports = _short_port(node.text)
        if ports is None:
            if HOLE not in node.text.value:
                node_error(errors, node, f"cannot parse ports entry {node.text.value!r}")
            return []
        return ports
    if isinstance(node, YMap):
        target = node.items.get("target")
        t_val = scalar_str(target)
        targets = _range(t_val) if t_val else None
        if not targets:
            node_error(errors, node, "ports entry without a valid target port")
            return []
        published = node.items.get("published")
        pub_text = published.text if isinstance(published, YScalar) and published.value is not None else None
        host_ip = scalar_str(node.items.get("host_ip")) or None
        protocol = (scalar_str(node.items.get("protocol")) or "tcp").lower()
        if pub_text is None or not pub_text.value.strip():
            return [Port(t, None, host_ip, protocol) for t in targets]
        pubs = _range(pub_text.value)
        if not pubs:
            return [Port(t, None, host_ip, protocol) for t in targets]
        return _pair(targets, pubs, pub_text, 0, host_ip, protocol)
    node_error(errors, node, "a ports entry is a string, a number or a mapping")
    return []


def _pair(targets: list[int], pubs: list[int], text: Text | None, start: int, host_ip, protocol) -> list[Port]:
    """Ports for a published part (at ``text.value[start:]``) and the container part."""
    span = None
    if text is not None:
        seg = text.value[start:]
        length = 0
        while length < len(seg) and (seg[length].isdigit() or (seg[length] == "-" and len(pubs) > 1)):
            length += 1
        span = text.span(start, start + length) if length else None
    out: list[Port] = []
    if len(targets) == len(pubs):
        for t, p in zip(targets, pubs, strict=False):
            out.append(Port(t, p, host_ip, protocol, span))
    elif len(targets) == 1:
        for p in pubs:  # the engine picks one port of the host range
            out.append(Port(targets[0], p, host_ip, protocol, span))
    else:
        for t in targets:
            out.append(Port(t, None, host_ip, protocol))
    return out


def _short_port(text: Text) -> list[Port] | None:
    s = text.value.strip()
    lead = len(text.value) - len(text.value.lstrip())
    protocol = "tcp"
    if "/" in s:
        s, _, protocol = s.rpartition("/")
        protocol = protocol.lower() or "tcp"
    host_ip: str | None = None
    host: str | None = None
    host_at = 0
    if s.startswith("["):
        close = s.find("]")
        if close < 0:
            return None
        host_ip = s[1:close]
        rest = s[close + 1:]
        offset = close + 1
        if rest.startswith(":"):
            rest, offset = rest[1:], offset + 1
        parts = rest.split(":")
        if len(parts) == 2:
            host, container, host_at = parts[0], parts[1], offset
        elif len(parts) == 1:
            container = parts[0]
        else:
            return None
    else:
        parts = s.split(":")
        if len(parts) == 1:
            container = parts[0]
        elif len(parts) == 2:
            host, container = parts
        else:
            host_ip = ":".join(parts[:-2])
            host, container = parts[-2], parts[-1]
            host_at = len(host_ip) + 1
    targets = _range(container)
    if not targets:
        return None
    if host is None or not host.strip() or host.strip() == "0":
        # no host port, or 0: the engine publishes the port at one it picks (an ephemeral port)
        return [Port(t, None, host_ip or None, protocol) for t in targets]
    pubs = _range(host)
    if not pubs:
        if HOLE in host:
            return [Port(t, None, host_ip or None, protocol) for t in targets]
        return None
    return _pair(targets, pubs, text, lead + host_at, host_ip or None, protocol)


def _unset(item: YNode, unset: Container[Span]) -> bool:
    """``item`` (or a value of its mapping) names a variable that has no value: the project's
    ``.env`` is not in the tree (an ``.env.example`` stands for it), the operator writes it."""
    if item.span in unset:
        return True
    return isinstance(item, YMap) and any(v.span in unset for v in item.items.values())


def parse_ports(node: YNode | None, errors: list[FileError] | None = None,
                unset: Container[Span] = frozenset()) -> tuple[Port, ...]:
    """The ports of a ``ports`` list; an entry unreadable because a variable it names is unset
    (``"${PORT}:${PORT}"`` read as ``":"``) is unknown, not an error of the file."""
    errors = errors if errors is not None else []
    if node is None or (isinstance(node, YScalar) and node.value is None):
        return ()
    if not isinstance(node, YSeq):
        node_error(errors, node, "ports must be a list: ignored")
        return ()
    out: list[Port] = []
    for item in node.items:
        for p in parse_port(item, [] if _unset(item, unset) else errors):
            if p not in out:
                out.append(p)
    return tuple(out)


def parse_expose(node: YNode | None, errors: list[FileError], unset: Container[Span] = frozenset()) -> tuple[int, ...]:
    if node is None or (isinstance(node, YScalar) and node.value is None):
        return ()
    if not isinstance(node, YSeq):
        node_error(errors, node, "expose must be a list: ignored")
        return ()
    out: list[int] = []
    for item in node.items:
        s = scalar_str(item)
        if isinstance(item, YScalar) and item.sexagesimal:
            node_error(errors, item, f"unquoted {s} is read by YAML 1.1 parsers as a base-60 number; quote it", "warning")
        ports = _range(s.split("/")[0]) if s else None
        if not ports:
            if (s is None or HOLE not in s) and not _unset(item, unset):
                node_error(errors, item, f"cannot parse expose entry {s!r}")
            continue
        for p in ports:
            if p not in out:
                out.append(p)
    return tuple(out)
