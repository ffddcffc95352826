"""Connect targets and bind addresses written in Compose files, env files and Dockerfiles.

``extract_layout_values(layout, knowledge)`` walks every service of every project (and
every implicit container) and turns the values that its container really uses into
:class:`~dockwise.model.Endpoint` objects pointing at the host text as written:

- ``environment`` (the merged one: Dockerfile ENV < env_file < environment; only the
  effective value of each name is judged) -- URLs and DSNs in any variable, whole values
  of host-like names (``*_HOST``, ``*_ADDR``, ``*_SERVERS``... from ``rules/names.yaml``),
  bind names (role "bind"); advertised and data names never; Kafka advertised listeners
  (role "advertised-listener", one endpoint per listener);
- the start command (Compose ``command``/``entrypoint``, the Dockerfile's CMD/ENTRYPOINT
  when it is the effective one): URLs in arguments (role "connect"), the host given to a
  server (role "bind"), a server relying on its default loopback bind (role
  "bind-default", at the program token);
- the healthcheck test: hosts the probe targets (role "healthcheck", context
  "healthcheck:PROGRAM").

Values reached through ``.env`` interpolation or ``${VAR:-default}`` defaults already point
at the ``.env`` line / the default's text (the loader located them).  A value used by
several services of one project (a YAML anchor, one Dockerfile built twice) gives ONE
endpoint whose ``services`` names all of them (sorted); a host whose position cannot be
located is skipped.  Nothing here raises.
"""
from __future__ import annotations

import dataclasses
import fnmatch
import functools
import re
from typing import Any, Iterable, Mapping, Sequence, TypeGuard

from dockwise.extract import address
from dockwise.extract.address import host_kind
from dockwise.knowledge import glob_match
from dockwise.layout.commands import effective_command
from dockwise.layout.model import Command, EnvVar, Layout, Service
from dockwise.layout.shell import located
from dockwise.layout.startcmd import analyze_command, healthcheck_info
from dockwise.model import HOLE, Endpoint, Span, Text
from dockwise.redact import redact

__all__ = [
    "extract_layout_values",
    "service_endpoints",
    "env_endpoints",
    "command_endpoints",
    "healthcheck_endpoints",
    "mask_expansions",
]

_LISTENER_RE = re.compile(r"([A-Za-z][A-Za-z0-9_\-]*)://(\[[^\]]*\]|[^:,\s/\[\]]*)(?::([0-9]+|\x00+))?")


# --------------------------------------------------------------------------- helpers


def mask_expansions(text: Text) -> Text:
    """``$VAR``, ``${...}`` and ``$(...)`` replaced by one HOLE each (unknown text).

    Used where the text is expanded later by a shell or Docker (commands, Dockerfile ENV,
    standalone env files), so that ``redis://$REDIS_HOST:6379`` has no literal host.
    """
    value = text.value
    if "$" not in value:
        return text
    locs: list = [None] * len(value)
    for piece in text.pieces:
        for k in range(max(piece.start, 0), min(piece.end, len(value))):
            locs[k] = (piece.path, piece.line, piece.column + (k - piece.start))
    chars: list = []
    i, n = 0, len(value)
    while i < n:
        c = value[i]
        if c == "$" and i + 1 < n:
            nxt = value[i + 1]
            end = None
            if nxt == "$":
                chars.append(("$", locs[i]))
                i += 2
                continue
            if nxt in "{(":
                close = "}" if nxt == "{" else ")"
                depth, j = 1, i + 2
                while j < n and depth:
                    if value[j] == nxt:
                        depth += 1
                    elif value[j] == close:
                        depth -= 1
                    j += 1
                end = j
            elif nxt == "_" or nxt.isalpha():
                j = i + 1
                while j < n and (value[j] == "_" or value[j].isalnum()):
                    j += 1
                end = j
            elif nxt.isdigit() or nxt in "@*#?!-":
                end = i + 2
            if end is not None:
                chars.append((HOLE, None))
                i = end
                continue
        chars.append((c, locs[i]))
        i += 1
    return located(chars)


def _norm_scheme(scheme: str | None, knowledge) -> tuple[str | None, Any]:
    """(normalised scheme, knowledge Scheme or None)."""
    if not scheme:
        return None, None
    key = scheme.lower()
    if key.startswith("jdbc:"):
        key = key[5:]
    hit = None
    try:
        hit = knowledge.scheme(key)
    except Exception:
        hit = None
    if hit is not None:
        full = knowledge.schemes.get(key)
        return (full.name if full is not None else hit.name), hit
    return key.split("+", 1)[0], None


def _name_scheme(name: str, knowledge) -> str | None:
    """A scheme implied by a variable name: ``env_hosts`` pattern -> scheme entries in the
    rule packs, else the name's first segment when it is a known scheme (REDIS_HOST)."""
    for pattern, scheme in knowledge.env_hosts.items():
        if isinstance(scheme, str) and isinstance(pattern, str) and fnmatch.fnmatchcase(name.upper(), pattern.upper()):
            return scheme
    head = re.split(r"[_\-.]", name, maxsplit=1)[0].lower()
    if head and len(head) < len(name):
        try:
            hit = knowledge.scheme(head)
        except Exception:
            hit = None
        if hit is not None and getattr(hit, "kind", "network") == "network":
            return hit.name
    return None


def _listener_names(knowledge) -> tuple[str, ...]:
    """Names of variables holding advertised listener lists (rules/names.yaml)."""
    return knowledge.names.advertised_listeners


def _bare_name_ok(name: str, knowledge) -> bool:
    """May a one-label value without a port (``db``) under this name be a host?

    ``REDIS_HOST=redis`` is; ``DATABASE=app`` or ``ES_CLUSTER=docker-cluster`` is a name of
    something else that would only make DW105 guess at typos.
    """
    return _matches(name, knowledge.names.bare_host)


def _matches(name: str, patterns: Sequence[str]) -> bool:
    upper = name.upper()
    return any(fnmatch.fnmatchcase(upper, p.upper()) for p in patterns)


def _span(text: Text, start: int | None, end: int | None) -> Span | None:
    if start is None or end is None or start > end:
        return None
    try:
        return text.span(start, end)
    except Exception:
        return None


def _literal_host(host: str | None) -> TypeGuard[str]:
    if not host or HOLE in host:
        return False
    if host.isdigit():
        return False
    return True


def _int_port(value: str | None) -> int | None:
    if value is None:
        return None
    value = value.strip()
    if not value.isdigit() or len(value) > 5:
        return None
    port = int(value)
    return port if 0 < port < 65536 else None


# --------------------------------------------------------------------------- addresses


def _endpoints_from_address(
    addr: Any,
    text: Text,
    knowledge,
    *,
    offset: int = 0,
    role: str,
    context: str,
    services: tuple[str, ...],
    project: str | None,
    default_scheme: str | None = None,
    sibling_port: tuple[int, Span | None] | None = None,
) -> list[Endpoint]:
    """One Endpoint per host of ``addr`` (an ``address.Address`` over ``text.value[offset:]``)."""
    out: list[Endpoint] = []
    scheme_raw = getattr(addr, "scheme", None)
    scheme, hit = _norm_scheme(scheme_raw, knowledge)
    if hit is not None and getattr(hit, "kind", "network") != "network":
        return out  # sqlite://, file://, unix sockets: never network targets
    if scheme is None and default_scheme:
        scheme, hit = _norm_scheme(default_scheme, knowledge)
    a_text = getattr(addr, "text", None)
    if not isinstance(a_text, str):
        a_start, a_end = getattr(addr, "start", None), getattr(addr, "end", None)
        a_text = text.value[offset + (a_start or 0): offset + (a_end if a_end is not None else len(text.value) - offset)]
    shown = redact(a_text)
    for ref in getattr(addr, "hosts", ()) or ():
        host = getattr(ref, "host", None)
        if not _literal_host(host):
            continue
        kind = host_kind(host, knowledge)
        if kind == "invalid":
            continue
        span = _span(text, offset + ref.start, offset + ref.end)
        if span is None:
            continue
        port: int | None = None
        port_source: str | None = None
        port_span: Span | None = None
        if getattr(ref, "port", None) is not None:
            port, port_source = ref.port, "explicit"
            ps, pe = getattr(ref, "port_start", None), getattr(ref, "port_end", None)
            if ps is not None and pe is not None:
                port_span = _span(text, offset + ps, offset + pe)
        elif getattr(ref, "port_hole", False):
            pass  # a port written but unknown (${PORT}): no default applies
        elif sibling_port is not None:
            port, port_span = sibling_port
            port_source = "argument"
        else:
            default = None
            try:
                default = knowledge.scheme_port(scheme) if scheme else None
            except Exception:
                default = None
            if default is not None:
                port, port_source = default, "scheme"
        out.append(
            Endpoint(
                span=span,
                host=host,
                port=port,
                port_source=port_source,
                port_span=port_span,
                scheme=scheme,
                context=context,
                role=role,
                text=shown,
                services=services,
                project=project,
            )
        )
    return out


def _split_list(value: str) -> list[tuple[int, int]]:
    """(start, end) of the items of a comma / semicolon / blank separated list."""
    return [(m.start(), m.end()) for m in re.finditer(r"[^,;\s]+", value)]


@functools.lru_cache(maxsize=8192)
def _whole_value_addresses(value: str) -> tuple[tuple[int, Any], ...]:
    """Addresses when the whole value is an address or a list of them: ((offset, Address)).
    Memoised (the addresses are frozen): the services of a platform repeat their values."""
    return tuple(_whole_value_addresses_uncached(value))


def _whole_value_addresses_uncached(value: str) -> Sequence[tuple[int, Any]]:
    addr_mod = address
    stripped = value.strip()
    if not stripped:
        return []
    lead = len(value) - len(value.lstrip())
    try:
        whole = addr_mod.parse_any(stripped)
    except Exception:
        whole = None
    if whole is not None and getattr(whole, "hosts", None):
        return [(lead, whole)]
    # a list of URLs (``amqp://a//;amqp://b//``): every item must be one
    found: list[tuple[int, Any]] = []
    for start, end in _split_list(value):
        try:
            item = addr_mod.parse_any(value[start:end])
        except Exception:
            item = None
        if item is None or getattr(item, "form", None) not in ("url", "jdbc"):
            found = []
            break
        found.append((start, item))
    if found:
        return found
    return _embedded_addresses(value)


@functools.lru_cache(maxsize=8192)
def _embedded_addresses(value: str) -> tuple[tuple[int, Any], ...]:
    """URLs written inside free text, and a whole-value libpq DSN (memoised, as above)."""
    return tuple(_embedded_addresses_uncached(value))


def _embedded_addresses_uncached(value: str) -> list[tuple[int, Any]]:
    addr_mod = address
    found: list[tuple[int, Any]] = []
    if "://" in value or "jdbc:" in value.lower():
        try:
            found.extend((0, a) for a in addr_mod.find_urls(value) or ())
        except Exception:
            pass
    if not found and "=" in value and "host" in value.lower():
        try:
            dsn = addr_mod.parse_dsn(value)
        except Exception:
            dsn = None
        if dsn is not None and getattr(dsn, "hosts", None):
            found.append((0, dsn))
    return found


# --------------------------------------------------------------------------- environment


def _effective(environment: Iterable[EnvVar]) -> dict[str, EnvVar]:
    """The value each name really has (the last one set wins)."""
    out: dict[str, EnvVar] = {}
    for var in environment or ():
        if isinstance(var, EnvVar) and isinstance(var.name, str):
            out[var.name] = var
    return out


def _sibling_port(name: str, environment: dict[str, EnvVar]) -> tuple[int, Span | None] | None:
    """``DB_PORT`` for ``DB_HOST`` (same prefix, ``_PORT``), when it is a literal number."""
    if "_" not in name:
        candidates = ["PORT"] if name.upper() in ("HOST", "HOSTNAME", "ADDR", "ADDRESS", "SERVER") else []
    else:
        prefix = name.rsplit("_", 1)[0]
        candidates = [prefix + "_PORT", prefix + "_port"]
    for cand in candidates:
        var = environment.get(cand)
        if var is None or var.value is None:
            continue
        raw = var.value.value
        port = _int_port(raw)
        if port is None:
            return None
        lead = len(raw) - len(raw.lstrip())
        return port, _span(var.value, lead, lead + len(raw.strip()))
    return None


def _listener_endpoints(
    value: Text, knowledge, *, services: tuple[str, ...], project: str | None
) -> list[Endpoint]:
    out: list[Endpoint] = []
    for m in _LISTENER_RE.finditer(value.value):
        host = m.group(2)
        h_start, h_end = m.start(2), m.end(2)
        if host.startswith("[") and host.endswith("]"):
            host, h_start, h_end = host[1:-1], h_start + 1, h_end - 1
        if not _literal_host(host):
            continue
        span = _span(value, h_start, h_end)
        if span is None:
            continue
        port = _int_port(m.group(3)) if m.group(3) else None
        port_span = _span(value, m.start(3), m.end(3)) if port is not None else None
        out.append(
            Endpoint(
                span=span,
                host=host,
                port=port,
                port_source="explicit" if port is not None else None,
                port_span=port_span,
                scheme="kafka",
                context="kafka-advertised",
                role="advertised-listener",
                text=redact(m.group(0)),
                services=services,
                project=project,
            )
        )
    return out


def env_endpoints(
    name: str,
    value: Text | None,
    knowledge,
    *,
    services: tuple[str, ...] = (),
    project: str | None = None,
    environment: Iterable[EnvVar] | Mapping[str, EnvVar] = (),
    context_prefix: str = "env",
    dialled: tuple[str, ...] = (),
) -> list[Endpoint]:
    """Endpoints of one environment variable ``name=value`` (context ``PREFIX:NAME``).

    - Kafka advertised listener lists -> role "advertised-listener", one per listener;
    - names classified "data" / "advertised" -> nothing;
    - "target" names -> the whole value as an address (URL, DSN, host, host:port, or a
      list of them); "bind" names the same with role "bind";
    - other names -> URLs embedded in the value, or a whole-value libpq DSN.
    ``environment`` (the service's variables) gives a sibling ``*_PORT`` for a bare host.
    ``dialled``: variable globs the service's image reads as addresses (rules/images.yaml
    ``dials``): such a variable holds a target whatever its name says.
    """
    try:
        return _env_endpoints(name, value, knowledge, services, project, environment, context_prefix, dialled)
    except Exception:  # pragma: no cover - defensive: never raise
        return []


def _env_endpoints(name, value, knowledge, services, project, environment, context_prefix,
                   dialled=()) -> list[Endpoint]:
    if not isinstance(name, str) or not isinstance(value, Text) or not value.value.strip():
        return []
    services = tuple(services)
    if _matches(name, _listener_names(knowledge)):
        return _listener_endpoints(value, knowledge, services=services, project=project)
    try:
        kind = knowledge.names.classify(name)
    except Exception:
        kind = None
    if dialled and kind not in ("bind", "advertised") and glob_match(name, dialled):
        kind = "target"  # the image connects to what the variable holds
    if kind in ("data", "advertised"):
        return []
    context = f"{context_prefix}:{name}"
    role = "bind" if kind == "bind" else "connect"
    env = environment if isinstance(environment, dict) else _effective(environment)
    if kind in ("target", "bind"):
        found = _whole_value_addresses(value.value)
    else:
        found = _embedded_addresses(value.value)
    out: list[Endpoint] = []
    default_scheme = _name_scheme(name, knowledge) if kind in ("target", "bind") else None
    for offset, addr in found:
        form = getattr(addr, "form", None)
        bare = form not in ("url", "jdbc") and not getattr(addr, "scheme", None)
        hosts: Sequence[Any] = getattr(addr, "hosts", ()) or ()
        if form == "hostport" and not _bare_name_ok(name, knowledge):
            # ``DATABASE=app``: a one-label word without a port is no host here
            if all(
                getattr(h, "port", None) is None and not getattr(h, "port_hole", False)
                and host_kind(h.host, knowledge) == "name"
                for h in hosts
            ):
                continue
        sibling = None
        if bare and kind in ("target", "bind"):
            if len(hosts) == 1 and getattr(hosts[0], "port", None) is None and len(found) == 1:
                sibling = _sibling_port(name, env)
        out.extend(
            _endpoints_from_address(
                addr, value, knowledge, offset=offset, role=role, context=context,
                services=services, project=project,
                default_scheme=default_scheme if bare and role == "connect" else None, sibling_port=sibling,
            )
        )
    return out


# --------------------------------------------------------------------------- commands


def _where(token: Text | None) -> tuple[str, int, int] | None:
    if isinstance(token, Text) and token.pieces:
        p = token.pieces[0]
        return p.path, p.line, p.column
    return None


def _command_context(token: Text, cmd: Command, svc: Service | None, places: list) -> str:
    """"entrypoint" / "command" (Compose), "env:NAME" (a value read from the environment,
    e.g. GUNICORN_CMD_ARGS), else "dockerfile-cmd" for Dockerfile text, else "command"."""
    loc = _where(token)
    if loc is not None:
        path, line, col = loc
        for p_path, p_line, p_start, p_end, ctx in places:
            if p_path == path and p_line == line and p_start <= col < p_end:
                return ctx
    if cmd.origin == "dockerfile":
        return "dockerfile-cmd"
    if svc is not None and svc.dockerfile and loc is not None and loc[0] == svc.dockerfile:
        return "dockerfile-cmd"
    return "command"


def _compose_token_contexts(svc: Service) -> list:
    """Source ranges of the Compose entrypoint / command tokens and of environment values."""
    places: list = []
    for cmd, ctx in ((svc.compose_entrypoint, "entrypoint"), (svc.compose_command, "command")):
        if isinstance(cmd, Command):
            for tok in cmd.tokens:
                for p in getattr(tok, "pieces", ()) or ():
                    places.append((p.path, p.line, p.column, p.column + (p.end - p.start), ctx))
    for name, var in _effective(getattr(svc, "environment", ()) or ()).items():
        if var.value is not None:
            for p in var.value.pieces:
                places.append((p.path, p.line, p.column, p.column + (p.end - p.start), f"env:{name}"))
    return places


def _url_endpoints_in_tokens(
    tokens: Sequence[Text], knowledge, context_of, *, services, project
) -> list[Endpoint]:
    addr_mod = address
    out: list[Endpoint] = []
    for tok in tokens:
        if not isinstance(tok, Text) or ("://" not in tok.value and "jdbc:" not in tok.value.lower()):
            continue
        masked = mask_expansions(tok)
        try:
            urls = addr_mod.find_urls(masked.value) or ()
        except Exception:
            urls = ()
        ctx = context_of(tok)
        for addr in urls:
            out.extend(
                _endpoints_from_address(
                    addr, masked, knowledge, role="connect", context=ctx, services=services, project=project
                )
            )
    return out


def _start_info(cmd: Command, knowledge, environment: Iterable[EnvVar] = ()):
    try:
        return analyze_command(tuple(cmd.tokens), knowledge, working_dir=cmd.working_dir, env=tuple(environment))
    except Exception:  # a command the reader fails on: no start information, the run goes on
        return None


def _whole_span(tok: Any) -> Span | None:
    if isinstance(tok, Text) and tok.value:
        return _span(tok, 0, len(tok.value))
    return None


def _program_span(server: Any, tokens: Sequence[Text], cmd: Command | None) -> Span | None:
    """Where a server start without a host option is written: its program token, else
    the first token, else the whole command / instruction."""
    span = _whole_span(getattr(server, "program", None))
    if span is not None:
        return span
    if tokens:
        span = _whole_span(tokens[0])
        if span is not None:
            return span
    return cmd.span if cmd is not None else None


def _servers(info: Any) -> list[Any]:
    servers = list(getattr(info, "servers", None) or ())
    if servers:
        return servers
    if getattr(info, "bind", None) is not None or getattr(info, "bind_default", None):
        return [info]  # a StartInfo without the per-server detail
    return []


def _bind_endpoints(
    info: Any, cmd: Command, context_of, knowledge, *, services, project
) -> list[Endpoint]:
    """role "bind" for each host a server is told to bind; role "bind-default" for a
    server started without one whose default host is loopback."""
    out: list[Endpoint] = []
    for server in _servers(info):
        if getattr(server, "no_tcp", False):
            continue
        ports = [p for p in (getattr(server, "ports", None) or ()) if isinstance(p, int)]
        port_texts = [t for t in (getattr(server, "port_texts", None) or ()) if isinstance(t, Text)]
        port = ports[0] if ports else None
        port_span = _whole_span(port_texts[0]) if port is not None and port_texts else None
        binds = [b for b in (getattr(server, "binds", None) or ()) if isinstance(b, Text)]
        bind = getattr(server, "bind", None)
        if not binds and isinstance(bind, Text):
            binds = [bind]
        source = getattr(server, "host_source", None)
        for b in binds:
            masked = mask_expansions(b)
            host, h_start, h_end = masked.value, 0, len(masked.value)
            if host.startswith("[") and host.endswith("]"):
                host, h_start, h_end = host[1:-1], 1, len(host) - 1
            if not _literal_host(host) or host_kind(host, knowledge) == "invalid":
                continue
            span = _span(masked, h_start, h_end)
            if span is None:
                continue
            context = source if isinstance(source, str) and source.startswith("env:") else context_of(b)
            out.append(
                Endpoint(
                    span=span, host=host, port=port,
                    port_source="argument" if port is not None else None, port_span=port_span,
                    context=context, role="bind", text=redact(b.value),
                    services=services, project=project,
                )
            )
        if binds or bind is not None:
            continue
        default = getattr(server, "bind_default", None)
        if not (isinstance(default, str) and default) or host_kind(default, knowledge) != "loopback":
            continue
        span = _program_span(server, cmd.tokens, cmd)
        if span is None:
            continue
        program = getattr(server, "program", None)
        context = context_of(program) if isinstance(program, Text) else context_of(cmd.tokens[0] if cmd.tokens else Text(""))
        name = getattr(server, "name", None) or getattr(server, "server", None) or ""
        out.append(
            Endpoint(
                span=span, host=default, port=port, port_source="argument" if port is not None else None,
                port_span=port_span, context=context, role="bind-default", text=str(name or default),
                services=services, project=project,
            )
        )
    return out


def command_endpoints(
    svc: Service, knowledge, *, services: tuple[str, ...] | None = None, project: str | None = None,
    environment: Iterable[EnvVar] | None = None,
) -> list[Endpoint]:
    """URLs in the start command's arguments and the server's bind address.

    The effective start command (``Service.command``) is analysed for the bind (with the
    container's environment: ``UVICORN_HOST``, ``GUNICORN_CMD_ARGS``, ``$PORT``...); the
    Compose ``command``/``entrypoint`` as written are scanned for URLs too (they always
    run).  A Dockerfile CMD that Compose overrides is not part of ``Service.command``.
    """
    try:
        env = tuple(environment) if environment is not None else tuple(_effective(svc.environment).values())
        return _command_endpoints(svc, knowledge, services if services is not None else (svc.name,), project, env)
    except Exception:  # pragma: no cover - defensive: never raise
        return []


def _effective_command(svc: Service) -> Command | None:
    """The command ``svc``'s container starts with.  The layout worked it out already
    (``Service.command``, by :func:`dockwise.layout.commands.effective_command`: Compose's
    entrypoint/command over the Dockerfile's ENTRYPOINT/CMD).  A Service without one (made
    by hand, not by ``load_layout``) gets it from its Compose parts by that same rule; the
    parts without tokens (``command: []``) are left out first, as they run nothing."""
    if isinstance(svc.command, Command) and svc.command.tokens:
        return svc.command
    entry, cmd = (c if isinstance(c, Command) and c.tokens else None for c in (svc.compose_entrypoint, svc.compose_command))
    first = entry or cmd
    if first is None:
        return None
    return effective_command(entry, cmd, None, first.working_dir)


def _command_endpoints(svc: Service, knowledge, services, project, environment) -> list[Endpoint]:
    out: list[Endpoint] = []
    compose_spans = _compose_token_contexts(svc)
    effective = _effective_command(svc)
    scanned: list[Command] = []
    if effective is not None:
        scanned.append(effective)
    for cmd in (svc.compose_entrypoint, svc.compose_command):
        if isinstance(cmd, Command) and cmd.tokens:
            scanned.append(cmd)
    seen: set = set()
    if effective is not None:
        # wait-for loops and probes in the start command (``until nc -z db 5432``,
        # ``wait-for-it localhost:5432``): connect targets when their port is known, dialled
        # by the probe itself (context "probe:PROGRAM")
        for ep in _probe_endpoints(effective, knowledge, environment, role="connect", context_of=None,
                                   services=services, project=project, need_port=True, prefix="probe"):
            if (ep.span, "connect") not in seen:
                seen.add((ep.span, "connect"))
                out.append(ep)
    for cmd in scanned:
        def context_of(tok: Text, _cmd: Command = cmd) -> str:
            return _command_context(tok, _cmd, svc, compose_spans)

        for ep in _url_endpoints_in_tokens(cmd.tokens, knowledge, context_of, services=services, project=project):
            key = (ep.span, ep.role)
            if key not in seen:
                seen.add(key)
                out.append(ep)
    if effective is not None:
        info = _start_info(effective, knowledge, environment)
        if info is not None:
            def context_of(tok: Text, _cmd: Command = effective) -> str:
                return _command_context(tok, _cmd, svc, compose_spans)

            for ep in _bind_endpoints(info, effective, context_of, knowledge, services=services, project=project):
                if ep.role == "bind-default" and getattr(svc, "server_configs", None):
                    continue  # its config file (./gunicorn.conf.py) may set the bind; judged there
                key = (ep.span, ep.role)
                if key not in seen:
                    seen.add(key)
                    out.append(ep)
    return out


# --------------------------------------------------------------------------- healthcheck


def _probes(cmd: Command, knowledge, environment: Iterable[EnvVar]) -> list[tuple[str | None, list[Text], list[Text], list[int]]]:
    """[(program, url texts, host texts, ports)] of each probe of a healthcheck test."""
    try:
        info = healthcheck_info(cmd, knowledge, working_dir=cmd.working_dir, env=tuple(environment))
    except Exception:  # a command the reader fails on: its arguments are read by hand below
        info = None
    if info is not None:
        if info.disabled:
            return []
        return [(probe.program, list(probe.urls), list(probe.hosts), list(probe.ports)) for probe in info.probes]
    # without the command reader: URLs in the arguments, the first word as the program
    tokens = [t for t in cmd.tokens if isinstance(t, Text)]
    if tokens and tokens[0].value.upper() in ("CMD", "CMD-SHELL"):
        tokens = tokens[1:]
    if tokens and tokens[0].value.upper() == "NONE":
        return []
    program = tokens[0].value.rsplit("/", 1)[-1] if tokens else None
    return [(program, [t for t in tokens if "://" in t.value], [], [])]


def healthcheck_endpoints(
    svc: Service, knowledge, *, services: tuple[str, ...] | None = None, project: str | None = None,
    environment: Iterable[EnvVar] | None = None,
) -> list[Endpoint]:
    """Hosts a service's healthcheck probes (role "healthcheck", context "healthcheck:PROGRAM")."""
    try:
        env = tuple(environment) if environment is not None else tuple(_effective(svc.environment).values())
        return _healthcheck_endpoints(svc, knowledge, services if services is not None else (svc.name,), project, env)
    except Exception:  # pragma: no cover - defensive: never raise
        return []


def _healthcheck_endpoints(svc: Service, knowledge, services, project, environment) -> list[Endpoint]:
    cmd = svc.healthcheck
    if not isinstance(cmd, Command) or not cmd.tokens:
        return []
    return _probe_endpoints(cmd, knowledge, environment, role="healthcheck", context_of=None,
                            services=services, project=project)


def _probe_endpoints(
    cmd: Command, knowledge, environment, *, role: str, context_of, services, project, need_port: bool = False,
    prefix: str = "healthcheck",
) -> list[Endpoint]:
    """Hosts the probes of ``cmd`` (curl, wget, pg_isready, nc...) connect to.

    ``context_of`` None: context "healthcheck:PROGRAM"; else ``context_of(host text)``.
    ``need_port``: keep only hosts whose port is known (a URL's, or the probe's one port).
    """
    addr_mod = address
    out: list[Endpoint] = []
    seen: set = set()
    for program, urls, hosts, ports in _probes(cmd, knowledge, environment):
        program = (program or "").rsplit("/", 1)[-1]
        fixed = f"{prefix}:{program}" if program else prefix
        for tok in urls:
            masked = mask_expansions(tok)
            found: Sequence[tuple[int, Any]]
            try:
                found = [(0, a) for a in addr_mod.find_urls(masked.value) or ()]
            except Exception:
                found = []
            if not found:
                found = _whole_value_addresses(masked.value)
            context = fixed if context_of is None else context_of(tok)
            for offset, addr in found:
                for ep in _endpoints_from_address(
                    addr, masked, knowledge, offset=offset, role=role, context=context,
                    services=services, project=project,
                ):
                    if ep.span not in seen and not (need_port and ep.port is None):
                        seen.add(ep.span)
                        out.append(ep)
        port = ports[0] if len(set(ports)) == 1 else None
        if need_port and port is None:
            continue
        for h in hosts:
            masked = mask_expansions(h)
            host = masked.value
            if host.startswith("[") and host.endswith("]"):
                span = _span(masked, 1, len(host) - 1)
                host = host[1:-1]
            else:
                span = _span(masked, 0, len(host))
            if span is None or span in seen or not _literal_host(host) or host_kind(host, knowledge) == "invalid":
                continue
            seen.add(span)
            out.append(
                Endpoint(
                    span=span, host=host, port=port, port_source="argument" if port is not None else None,
                    context=fixed if context_of is None else context_of(h), role=role, text=redact(h.value),
                    services=services, project=project,
                )
            )
    return out


# --------------------------------------------------------------------------- services


def service_endpoints(svc: Service, knowledge, project: str | None = None) -> list[Endpoint]:
    """Every endpoint one service's container uses (``services=(svc.name,)``)."""
    out: list[Endpoint] = []
    if not isinstance(svc, Service):
        return out
    services = (svc.name,)
    try:
        dialled = knowledge.image_dialled_names(svc.image) if svc.image else ()
    except Exception:
        dialled = ()
    try:
        env = _effective(svc.environment)
        for name, var in env.items():
            if var.value is None:
                continue
            if var.origin == "dockerfile":
                value, prefix = mask_expansions(var.value), "dockerfile-env"
            else:
                value, prefix = var.value, "env"
            out.extend(env_endpoints(name, value, knowledge, services=services, project=project,
                                     environment=env, context_prefix=prefix, dialled=dialled))
    except Exception:  # pragma: no cover - defensive
        pass
    env_values = tuple(_effective(getattr(svc, "environment", ()) or ()).values())
    taken = {(ep.span, ep.role) for ep in out}
    for ep in command_endpoints(svc, knowledge, services=services, project=project, environment=env_values):
        if (ep.span, ep.role) not in taken:  # a bind read from UVICORN_HOST is already there
            taken.add((ep.span, ep.role))
            out.append(ep)
    out.extend(healthcheck_endpoints(svc, knowledge, services=services, project=project, environment=env_values))
    return out


def extract_layout_values(layout: Layout, knowledge) -> tuple[Endpoint, ...]:
    """Every connect target / bind address written in the layout's Compose files, env
    files and Dockerfiles, for the services that use them.

    One endpoint per written value and project: when several services of a project use
    the same text (an anchor, one Dockerfile), ``services`` names all of them (sorted).
    Implicit containers (a Dockerfile without Compose) have ``project=Service.project``
    (their Dockerfile's directory, "" at the root), as the engine looks them up.
    """
    try:
        return _extract_layout_values(layout, knowledge)
    except Exception:  # pragma: no cover - defensive: never raise
        return ()


def _extract_layout_values(layout: Layout, knowledge) -> tuple[Endpoint, ...]:
    groups: dict[tuple, list] = {}
    order: list[tuple] = []

    def add(index: int, eps: Iterable[Endpoint]) -> None:
        for ep in eps:
            key = (index, dataclasses.replace(ep, services=()))
            entry = groups.get(key)
            if entry is None:
                groups[key] = [ep, list(ep.services)]
                order.append(key)
            else:
                for name in ep.services:
                    if name not in entry[1]:
                        entry[1].append(name)

    for index, project in enumerate(getattr(layout, "projects", ()) or ()):
        for svc in getattr(project, "services", ()) or ():
            add(index, service_endpoints(svc, knowledge, project=project.dir))
    for svc in getattr(layout, "containers", ()) or ():
        add(-1, service_endpoints(svc, knowledge, project=getattr(svc, "project", "") or ""))

    out: list[Endpoint] = []
    seen: set = set()
    for key in order:
        ep, names = groups[key]
        final = dataclasses.replace(ep, services=tuple(sorted(names)))
        if final not in seen:
            seen.add(final)
            out.append(final)
    return tuple(out)
