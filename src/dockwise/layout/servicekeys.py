"""The plain keys of a Compose service and project read into layout values: a service's
``networks``/``network_mode``, ``links``, ``depends_on``, ``extra_hosts`` and ``environment``, and the
project's top-level ``networks``.  Each function appends what does not fit to ``errors``."""
from __future__ import annotations

import dataclasses
import ipaddress
import re
from typing import Collection, Mapping

from dockwise.layout import compose as C
from dockwise.layout.merge import keyed_entries
from dockwise.layout.model import Attachment, EnvVar, Network, Service
from dockwise.layout.nodes import node_error, scalar_str, scalar_text, str_list
from dockwise.layout.shell import slice_text
from dockwise.layout.yaml_nodes import YMap, YNode, YScalar, YSeq
from dockwise.model import HOLE, FileError


def service_networks(errors: list[FileError], items: Mapping[str, YNode | None], name: str) -> tuple[str | None, list[Attachment]]:
    """(``network_mode``, the networks it attaches to) of the service ``name``."""
    get = items.get
    network_mode = scalar_str(get("network_mode"))
    attachments: list[Attachment] = []
    nets = get("networks")
    if isinstance(nets, YSeq):
        for item in nets.items:
            n = scalar_str(item)
            if n:
                attachments.append(Attachment(n))
            else:
                node_error(errors, item, f"service {name!r}: network names must be strings")
    elif isinstance(nets, YMap):
        for n, cfg in nets.items.items():
            aliases: list[str] = []
            v4 = v6 = None
            if isinstance(cfg, YMap):
                for a in str_list(cfg.items.get("aliases")):
                    s = scalar_str(a)
                    if s and s not in aliases:
                        aliases.append(s)
                v4 = scalar_str(cfg.items.get("ipv4_address"))
                v6 = scalar_str(cfg.items.get("ipv6_address"))
            elif cfg is not None and not (isinstance(cfg, YScalar) and cfg.value is None):
                node_error(errors, cfg, f"service {name!r}: network {n!r} settings must be a mapping")
            attachments.append(Attachment(n, tuple(aliases), v4, v6))
    elif nets is not None and not (isinstance(nets, YScalar) and nets.value is None):
        node_error(errors, nets, f"service {name!r}: networks must be a list or a mapping: ignored")
    if not attachments and network_mode is None:
        attachments.append(Attachment("default"))
    if network_mode is not None and attachments and nets is not None:
        node_error(errors, get("network_mode"), f"service {name!r}: network_mode cannot be combined with networks")
    return network_mode, attachments


def service_links(errors: list[FileError], node: YNode | None, name: str, what: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    if node is None or (isinstance(node, YScalar) and node.value is None):
        return out
    if not isinstance(node, YSeq):
        node_error(errors, node, f"service {name!r}: {what} must be a list: ignored")
        return out
    for item in node.items:
        s = scalar_str(item)
        if not s:
            continue
        target, _, alias = s.partition(":")
        target, alias = target.strip(), alias.strip() or target.strip()
        if target and (target, alias) not in out:
            out.append((target, alias))
    return out

def service_depends_on(node: YNode | None) -> list[str]:
    """The service names of ``depends_on``: a list of names, or a mapping whose keys they are
    (with ``condition:``/``restart:``/``required:``); anything else names none (the schema
    check reports it)."""
    if isinstance(node, YSeq):
        names = [scalar_str(item) for item in node.items]
    elif isinstance(node, YMap):
        names = [str(key) for key in node.items]
    else:
        return []
    return [n for n in dict.fromkeys(n.strip() for n in names if n) if n]


def service_extra_hosts(errors: list[FileError], node: YNode | None, name: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    if node is None or (isinstance(node, YScalar) and node.value is None):
        return out

    def add(host: str, addr: str) -> None:
        host, addr = host.strip(), addr.strip()
        if addr.startswith("[") and addr.endswith("]"):
            addr = addr[1:-1]
        if host and (host, addr) not in out:
            out.append((host, addr))

    if isinstance(node, YSeq):
        for item in node.items:
            s = scalar_str(item)
            if not s:
                continue
            if "=" in s:
                h, _, a = s.partition("=")
            else:
                h, _, a = s.partition(":")
            add(h, a)
    elif isinstance(node, YMap):
        for h, v in node.items.items():
            values = v.items if isinstance(v, YSeq) else [v]
            for x in values:
                addr = scalar_str(x) or ""
                if addr.startswith((h + "=", h + ":")):
                    addr = addr[len(h) + 1:]  # a list entry merged into the mapping form
                add(h, addr)
    else:
        node_error(errors, node, f"service {name!r}: extra_hosts must be a list or a mapping: ignored")
    return out

def service_environment(errors: list[FileError], node: YNode | None, name: str) -> list[EnvVar]:
    out: list[EnvVar] = []
    if node is None or (isinstance(node, YScalar) and node.value is None):
        return out
    if not isinstance(node, (YMap, YSeq)):
        node_error(errors, node, f"service {name!r}: environment must be a mapping or a list: ignored")
        return out
    for key, value, key_span, list_entry in keyed_entries(node):
        if not list_entry:  # KEY: value
            if value is None or (isinstance(value, YScalar) and value.value is None):
                out.append(EnvVar(key, None, "environment", key_span))
            elif isinstance(value, YScalar):
                out.append(EnvVar(key, scalar_text(value), "environment", key_span))
            else:
                node_error(errors, value, f"service {name!r}: the value of {key} must be a string: ignored")
            continue
        text = scalar_text(value)
        if text is None:
            node_error(errors, value, f"service {name!r}: environment entries must be strings: ignored")
            continue
        raw = text.value
        eq = raw.find("=")
        k = (raw[:eq] if eq >= 0 else raw).strip()
        if not k:
            node_error(errors, value, f"service {name!r}: environment entry without a name: ignored")
            continue
        k_start = raw.find(k)
        span = text.span(k_start, k_start + len(k)) if k_start >= 0 else None
        if eq < 0:
            out.append(EnvVar(k, None, "environment", span))
        else:
            out.append(EnvVar(k, slice_text(text, eq + 1, len(raw)), "environment", span))
    return out


def project_networks(errors: list[FileError], model: C.ComposeModel, services: list[Service], project_name: str,
                     undeclared: list[tuple[str, FileError]] | None = None) -> tuple[Network, ...]:
    """The project's networks.  A service attached to a network no file declares is an error,
    put in ``undeclared`` with the network's name where given (the caller decides: a variant
    may be an overlay for a base elsewhere that declares it)."""
    out: dict[str, Network] = {}
    for key, node in model.networks.items():
        driver = name = None
        external = internal = False
        subnets: list[str] = []
        gateways: list[str] = []
        if isinstance(node, YMap):
            driver = scalar_str(node.items.get("driver"))
            name = scalar_str(node.items.get("name"))
            ext = node.items.get("external")
            if isinstance(ext, YScalar):
                external = ext.value is True or str(ext.value).lower() == "true"
            elif isinstance(ext, YMap):
                external = True
                name = name or scalar_str(ext.items.get("name"))
            inn = node.items.get("internal")
            internal = isinstance(inn, YScalar) and inn.value is True
            ipam = node.items.get("ipam")
            if isinstance(ipam, YMap):
                config = ipam.items.get("config")
                if isinstance(config, YSeq):
                    for entry in config.items:
                        if isinstance(entry, YMap):
                            sub = scalar_str(entry.items.get("subnet"))
                            if sub:
                                subnets.append(sub)
                                gateway = scalar_str(entry.items.get("gateway")) or _first_address(sub)
                                if gateway:
                                    gateways.append(gateway)
        elif node is not None and not (isinstance(node, YScalar) and node.value is None):
            node_error(errors, node, f"network {key!r} must be a mapping")
        real = name or (key if external else f"{project_name}_{key}")
        out[key] = Network(key, driver, external, real, tuple(subnets), internal, tuple(gateways))
    used = {a.network for s in services for a in s.networks}
    if "default" in used and "default" not in out:
        out["default"] = Network("default", None, False, f"{project_name}_default")
    for s in services:
        for a in s.networks:
            if a.network not in out:
                shown = a.network.replace(HOLE, "${...}")
                # a service with neither an image nor a build is a part of a project assembled
                # elsewhere: the file was most likely given without the base file it overlays
                hint = (" (the file looks like an overlay: the service has neither an image nor a build; "
                        "give its base file first, `--compose <base> --compose <this file>`)" if s.fragment else "")
                error = FileError(s.span.path if s.span else "",
                                  f"service {s.name!r} uses undefined network {shown!r}{hint}",
                                  s.span.line if s.span else None)
                if undeclared is not None:
                    undeclared.append((a.network, error))
                else:
                    errors.append(error)
                out[a.network] = Network(a.network, None, False, f"{project_name}_{a.network}")
    return tuple(out.values())


def resolve_unknown_networks(service: Service, declared: Collection[str]) -> Service:
    """``service`` with each network named by a variable without a value
    (``- ${PUBLIC_NETWORK?Variable not set}``: its name is unknown, HOLE) attached to every
    declared network the name can be: Compose refuses a network no file declares, so once
    the operator sets the variable it names one of them.  Which one is unknown, so the service
    is taken to share each (a reach judged on it stays silent).  A name no declared network
    can match stays as written, an undefined network."""
    if not any(HOLE in a.network for a in service.networks):
        return service
    keys = [*declared, *(() if "default" in declared else ("default",))]
    attachments: dict[str, Attachment] = {}
    for a in service.networks:
        names = (network_matches(a.network, keys) or [a.network]) if HOLE in a.network else [a.network]
        for k in names:
            attachments.setdefault(k, dataclasses.replace(a, network=k))
    return dataclasses.replace(service, networks=tuple(attachments.values()))


def network_matches(name: str, declared: Collection[str]) -> list[str]:
    """The ``declared`` network keys ``name`` can be: itself, or where a variable without a
    value (HOLE) stands in it, each key its known parts fit."""
    if HOLE not in name:
        return [name] if name in declared else []
    pattern = re.compile(".*".join(re.escape(part) for part in name.split(HOLE)), re.DOTALL)
    return [k for k in declared if pattern.fullmatch(k)]


def _first_address(cidr: str) -> str | None:
    """The first host address of the subnet ``cidr`` (Docker's default IPAM gives it to the
    network's gateway where the config names none), or None (not a subnet, or too small)."""
    try:
        net = ipaddress.ip_network(cidr, strict=False)
    except ValueError:
        return None
    return str(net.network_address + 1) if net.num_addresses > 2 else None
