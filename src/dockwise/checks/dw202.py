"""DW202 healthcheck-localhost-ipv6: a busybox ``wget`` healthcheck probes ``localhost``
while the server listens on IPv4 only (``rules/codes/DW202.yaml``).

Busybox resolves ``localhost`` to ``::1`` first, so the probe never reaches an IPv4-only
server and the container never turns healthy.
"""
from __future__ import annotations

import fnmatch
import ipaddress

from dockwise.checks.context import Context
from dockwise.checks.verdict import Verdict
from dockwise.layout.model import Service
from dockwise.model import Endpoint, Suggestion


def check(ctx: Context, ep: Endpoint, svc: Service, host: str) -> Verdict | None:
    """``ep`` is a ``healthcheck`` endpoint: a probe run inside ``svc``'s own container."""
    if ep.context.startswith("healthcheck:wget") and host.lower() == "localhost" \
            and _busybox(ctx, svc) and (_ipv4_only(ctx, svc) or _proxy_ipv4_only(ctx, svc, ep.port)):
        return Verdict(
            "DW202",
            "busybox `wget` resolves `localhost` to `::1` first; a server listening on IPv4 "
            "only never answers and the container never turns healthy. Use `127.0.0.1`.",
            Suggestion("127.0.0.1", ep.port if ep.port_source == "explicit" else None),
        )
    return None


def _busybox(ctx: Context, svc: Service) -> bool:
    """The container's wget is busybox's: an Alpine or BusyBox image (``rules/images.yaml``)
    whose build installs no other wget (``apk add wget`` is GNU Wget, which falls back from
    ``::1`` to ``127.0.0.1``)."""
    if svc.busybox_wget_replaced:
        return False
    patterns = ctx.knowledge.hosts.busybox_images
    for ref in (svc.image, svc.base_image):
        if ref and any(fnmatch.fnmatchcase(ref.strip().lower(), p) for p in patterns):
            return True
    return False


def _ipv4_only(ctx: Context, svc: Service) -> bool:
    """The server its start command runs listens on an IPv4 address only (``0.0.0.0``, a
    127.x address, or an IPv4 default).  (A proxy it starts: ``_proxy_ipv4_only``.)"""
    if svc.command is None:
        return False
    # imported here: the start-command analyser is slow to import and only this rare case needs it
    from dockwise.layout.startcmd import analyze_command

    info = analyze_command(svc.command.tokens, ctx.knowledge, working_dir=svc.command.working_dir,
                           env=svc.environment)
    for server in info.servers:
        hosts = [b.value for b in server.binds] or ([server.bind_default] if server.bind_default else [])
        if hosts and all(_is_ipv4(h) for h in hosts):
            return True
    return False


def _proxy_ipv4_only(ctx: Context, svc: Service, port: int | None) -> bool:
    """A proxy its start command launches listens on ``port`` at IPv4 addresses alone, by its
    configuration files of the tree (nginx's ``listen 8080;``: ``ctx.ipv4_only_ports``), on a
    port that is not the image's own (``rules/images.yaml`` ports): the configuration the
    image ships, which the tree does not hold, may listen there on IPv6 too (the nginx
    image's default server on 80, which its entrypoint gives ``listen [::]:80;``), unless
    the proxy loads none of it: its main configuration file is the tree's and includes no
    other (``ctx.proxy_config_whole``)."""
    if port is None or port not in ctx.ipv4_only_ports(svc):
        return False
    return ctx.proxy_config_whole(svc) \
        or not any(port in ctx.knowledge.image_ports(ref) for ref in (svc.image, svc.base_image))


def _is_ipv4(text: str) -> bool:
    try:
        return ipaddress.ip_address(text.strip()).version == 4
    except ValueError:
        return False
