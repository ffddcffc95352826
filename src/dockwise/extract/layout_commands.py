"""Endpoints of a container's start command.

URLs in its arguments (role "connect"), the host a server is told to bind (role "bind"),
a server relying on its default loopback bind (role "bind-default", at the program
token), and the hosts of wait-for loops in it (``until nc -z db 5432``).  The context
says where the text was written: Compose ``command``/``entrypoint``, an ``env:NAME`` the
server reads, or the Dockerfile.
"""
from __future__ import annotations

import dataclasses
from typing import Any, Iterable, Sequence

from dockwise.extract.endpoints import endpoints_from_address, literal_host, text_span
from dockwise.extract.hostkind import host_kind
from dockwise.extract.layout_env import effective_env
from dockwise.extract.layout_probes import probe_endpoints
from dockwise.extract.masking import mask_expansions
from dockwise.extract.urls import find_urls
from dockwise.layout.commands import effective_command
from dockwise.layout.model import Command, EnvVar, Service
from dockwise.layout.startcmd import analyze_command
from dockwise.model import Endpoint, Span, Text
from dockwise.redact import redact


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
    for name, var in effective_env(getattr(svc, "environment", ()) or ()).items():
        if var.value is not None:
            for p in var.value.pieces:
                places.append((p.path, p.line, p.column, p.column + (p.end - p.start), f"env:{name}"))
    return places


def _url_endpoints_in_tokens(
    tokens: Sequence[Text], knowledge, context_of, *, services, project
) -> list[Endpoint]:
    out: list[Endpoint] = []
    for tok in tokens:
        if not isinstance(tok, Text) or ("://" not in tok.value and "jdbc:" not in tok.value.lower()):
            continue
        masked = mask_expansions(tok)
        urls = find_urls(masked.value) or ()
        ctx = context_of(tok)
        for addr in urls:
            out.extend(
                endpoints_from_address(
                    addr, masked, knowledge, role="connect", context=ctx, services=services, project=project
                )
            )
    return out


def _start_info(cmd: Command, knowledge, environment: Iterable[EnvVar] = ()):
    return analyze_command(tuple(cmd.tokens), knowledge, working_dir=cmd.working_dir, env=tuple(environment))


def _whole_span(tok: Any) -> Span | None:
    if isinstance(tok, Text) and tok.value:
        return text_span(tok, 0, len(tok.value))
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
            if not literal_host(host) or host_kind(host, knowledge) == "invalid":
                continue
            span = text_span(masked, h_start, h_end)
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
    env = tuple(environment) if environment is not None else tuple(effective_env(svc.environment).values())
    return _command_endpoints(svc, knowledge, services if services is not None else (svc.name,), project, env)


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


def _under_image_entrypoint(svc: Service, cmd: Command, knowledge) -> Command:
    """``cmd`` as the program of the image's own ENTRYPOINT receives it (``rules/images.yaml``
    entrypoint: the Stripe CLI image runs ``stripe`` with the container's command as its
    arguments, so ``command: listen --forward-to ...`` is ``stripe listen ...``).  Only for a
    service that runs the image as it is (no Dockerfile of its own) and gives no entrypoint of
    its own, whose command does not already start with the program; else ``cmd`` unchanged."""
    if not svc.image or svc.dockerfile or isinstance(svc.compose_entrypoint, Command) or not cmd.tokens:
        return cmd
    program = knowledge.image_entry_program(svc.image)
    if not program or cmd.tokens[0].value.rsplit("/", 1)[-1] == program:
        return cmd
    return dataclasses.replace(cmd, tokens=(Text(program),) + tuple(cmd.tokens), shell=False)


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
        # ``wait-for-it localhost:5432``, the Stripe CLI's ``listen --forward-to``): connect
        # targets when their port is known, dialled by the probe itself (context "probe:PROGRAM")
        for ep in probe_endpoints(_under_image_entrypoint(svc, effective, knowledge), knowledge, environment,
                                  role="connect", context_of=None,
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
    dispatched_at = getattr(svc, "dispatched_at", None)
    if effective is not None and dispatched_at is not None and effective is svc.command:
        # the words from the one its entrypoint script dispatches on name a subcommand (`case
        # "$1" in gunicorn) ...`): no server starts as they read
        effective = dataclasses.replace(effective, tokens=tuple(effective.tokens[:dispatched_at]))
    if effective is not None:
        info = _start_info(effective, knowledge, environment)

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
