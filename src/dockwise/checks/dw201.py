"""DW201 loopback-bind: a server in a container binds its loopback interface
(``rules/codes/DW201.yaml``).

Two shapes: a bind address written out (``app.run(host="127.0.0.1")``, role ``bind``) and a
server started without a host that binds loopback by default (``flask run``, role
``bind-default``).  A default bind is flagged only when something would reach the server
from outside the container; a bind written out also where nothing does, unless the
container's own code dials its port at loopback: a listener meant for that container alone.
"""
from __future__ import annotations

from dockwise.checks.context import Context
from dockwise.checks.verdict import Verdict, who
from dockwise.layout.model import Service
from dockwise.model import Endpoint, Suggestion
from dockwise.runs.imagematch import image_in


def check(ctx: Context, ep: Endpoint, svc: Service, host: str, kind: str, mode: str, runs_file: bool) -> Verdict | None:
    """``ep`` is a ``bind`` or ``bind-default`` endpoint; ``runs_file``: ``svc`` runs the
    file as its server (not only imports it)."""
    if ep.role == "bind":
        if kind == "loopback" and mode not in ("host",):
            if ep.port is not None and _private(ctx, svc, ep.port):
                return None
            if _image_listener(ctx, svc, ep) and not _listener_reached(ctx, svc, ep.port):
                return None  # a listener the image's server keeps for itself (KRaft's controller)
            if ep.port is None and _private_imported(ctx, svc, ep):
                return None
            return Verdict(
                "DW201",
                f"`{ep.text or host}` binds the loopback interface of {who(svc)}: "
                f"nothing outside the container (published ports, other services) can reach it. "
                f"Bind `0.0.0.0`.",
                Suggestion("0.0.0.0", None),
            )
        return None
    if not runs_file or mode == "host":
        return None
    if _image_binds_every_interface(ctx, svc, ep.text):
        return None
    if _bound_by_settings(ctx, svc, ep.text):
        return None  # `manage.py runserver_plus` with RUNSERVERPLUS_SERVER_ADDRESS_PORT = "0.0.0.0:8000"
    if not _reached_from_outside(ctx, svc, ep.port):
        return None  # nothing publishes, exposes or dials it: a loopback listener is harmless
    stray = _option_on_its_own_line(ctx, svc, ep.text)
    fix = (f"The line `{stray}` after it runs as a command of its own: a line break ends a shell "
           f"command, and a more-indented line of a folded `>` block keeps its line break. Put the "
           f"option on the server's line (or end the line before it with ` \\`)."
           if stray else "Pass `0.0.0.0` as the host.")
    return Verdict(
        "DW201",
        f"{ep.text or 'the server'} binds {host} by default, the loopback interface of "
        f"{who(svc)}: published ports never reach it. {fix}",
        Suggestion("0.0.0.0", None),
    )


def _bound_by_settings(ctx: Context, svc: Service, server: str | None) -> bool:
    """The server's subcommand the start command runs takes its address, none given, from a
    setting (rules/commands.yaml settings_bind_keys) that the settings the container loads
    give as an address other than loopback."""
    spec = ctx.knowledge.commands.server_named(server) if server else None
    if spec is None or not spec.settings_bind_keys:
        return False
    words = {tok.value for cmd in (svc.command, svc.compose_command) if cmd is not None for tok in cmd.tokens}
    words |= {w for word in list(words) for w in word.split()}
    return any(sub in words and ctx.sets_bind_setting(svc, key)
               for sub, _, key in (entry.partition(" ") for entry in spec.settings_bind_keys))


def _option_on_its_own_line(ctx: Context, svc: Service, server: str | None) -> str | None:
    """A line of the start command's shell text among the lines of options right after a line
    naming the server, that begins with one of the server's host or bind options
    (``gunicorn app:app`` then ``--bind 0.0.0.0:8000`` on the next line of an ``sh -c`` script
    in a folded block): the shell runs each such line as a command of its own, so the server
    never gets it.  None otherwise."""
    spec = ctx.knowledge.commands.server_named(server) if server else None
    options = (spec.host_options + spec.bind_options) if spec is not None else ()
    if not options or not server:
        return None
    texts = (tok.value for cmd in (svc.compose_command, svc.compose_entrypoint, svc.command) if cmd is not None
             for tok in cmd.tokens)
    return next((line for text in texts if (line := _stray_line(text.split("\n"), server, options))), None)


def _stray_line(lines: list[str], server: str, options: tuple[str, ...]) -> str | None:
    """In a shell text's ``lines``, the first line of options right after a line naming
    ``server`` (none ending in ``\\``, which joins the next) that begins with one of ``options``."""
    for i, before in enumerate(lines):
        if server not in before or before.rstrip().endswith("\\"):
            continue
        for line in lines[i + 1:]:  # the lines of options that follow it, each a command of its own
            if not line.strip().startswith("-") or line.rstrip().endswith("\\"):
                break
            if line.strip().split(" ", 1)[0].split("=", 1)[0] in options:
                return line.strip()
    return None


def _image_listener(ctx: Context, svc: Service, ep: Endpoint) -> bool:
    """``ep`` is written in a variable the service's image reads as its own listen address
    (``rules/images.yaml`` listens: ``KAFKA_LISTENERS``).  An image's server often keeps a
    listener for itself there (KRaft's ``CONTROLLER://localhost:9093``): only one something
    outside the container reaches is a finding."""
    return ep.context.startswith("env:") and ctx.knowledge.image_listens_at(svc.run_image, ep.context[4:])


def _listener_reached(ctx: Context, svc: Service, port: int | None) -> bool:
    """The service publishes or exposes ``port``, or another service's value dials it there
    with the port written (``kafka:9092``): a broker's other listeners are dialled by the same
    name, so the name alone says nothing of this one."""
    if port is None:
        return False
    return port in {p.target for p in svc.ports} | set(svc.expose) or (svc.name.lower(), port) in ctx.dialled_at


def _image_binds_every_interface(ctx: Context, svc: Service, server: str | None) -> bool:
    """The image's own configuration sets this server's default bind to every interface
    (``rules/frameworks.yaml`` image_entrypoints binds_every_interface: the Jupyter Docker
    Stacks' ``/etc/jupyter`` config), so starting it without a host binds no loopback."""
    entries = ctx.knowledge.frameworks.image_entrypoints
    return bool(server) and any(server in e.binds_every_interface and image_in(svc, e.images) for e in entries)


def _reached_from_outside(ctx: Context, svc: Service, port: int | None) -> bool:
    """The service publishes or exposes the port (any port, when it is unknown), or
    another service's value names it (``http://api:8000``).  A port a proxy the container
    starts forwards to (an envoy sidecar, nginx: runs/proxyconf.py) is reached only where it
    is published or exposed itself, or dialled by name with that port written: the service's
    name reaches the proxy, which listens on its own ports."""
    published = {p.target for p in svc.ports} | set(svc.expose)
    if port is None:
        return bool(published) or svc.name.lower() in ctx.dialled_names
    if port in tuple(ctx.forwarded_ports(svc)):
        return port in published or (svc.name.lower(), port) in ctx.dialled_at
    return port in published or svc.name.lower() in ctx.dialled_names


def _private_imported(ctx: Context, svc: Service, ep: Endpoint) -> bool:
    """A private listener whose port the server takes from a name another module of the
    project binds (``("localhost", conf.ALIVE_PORT)``), where the container's own code dials
    that same name at loopback (``f"http://localhost:{conf.ALIVE_PORT}/beat"``) and nothing
    outside the container reaches any port the name may hold (any port at all, where its
    value is not written out)."""
    ports = ctx.dials_bound_port(svc, ep)
    if ports is None:
        return False
    index = None if svc.implicit else ctx.index_of(svc)
    mates = ctx.stack_mates(index, svc)
    return not any(_reached_from_outside(ctx, s, port) for s in mates for port in (ports or (None,)))


def _private(ctx: Context, svc: Service, port: int) -> bool:
    """A private listener (an in-process message bus): nothing outside the container reaches
    its port (nor through a service whose network stack it shares: ``network_mode: service:X``
    publishing the port), and the container's own code dials it at loopback, or a proxy the
    container starts forwards to it (an envoy sidecar's loopback cluster, nginx's
    ``proxy_pass``: runs/proxyconf.py)."""
    index = None if svc.implicit else ctx.index_of(svc)
    mates = ctx.stack_mates(index, svc)
    if any(_reached_from_outside(ctx, s, port) for s in mates):
        return False
    return any(port in tuple(ctx.forwarded_ports(s)) for s in mates) or ctx.dials_own_port(svc, port)
