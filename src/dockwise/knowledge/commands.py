"""The start-command tables (``rules/commands.yaml``'s ``commands``) as typed, frozen
records: what a container's argv runs.  ``dockwise.layout.startcmd_spec`` compiles them
(name patterns, the options that take a value) for the command-line reader.

Each field is the YAML key of the same name (the file's comments say what each means).
Option words are text even where YAML reads a number (``-6``); a pack's top-level table
(``servers``, ``wrappers``, ...) replaces the bundled one.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Programs:
    """Interpreters or shells: the programs' names and their options that take a value."""

    names: tuple[str, ...] = ()
    options_with_value: tuple[str, ...] = ()


@dataclass(frozen=True)
class Wrapper:
    """A program that runs the rest of its argv as a command (``env``, ``gosu``, ``poetry run``)."""

    names: tuple[str, ...] = ()
    options_with_value: tuple[str, ...] = ()
    all_options_take_value: bool = False
    subcommand: str | None = None
    positionals: int = 0
    assignments: bool = False
    double_dash: str | None = None  # required | optional
    single_argument: bool = False
    single_dash_options: bool = False


@dataclass(frozen=True)
class Server:
    """A server a start command can run, its options and what it binds by default."""

    name: str
    programs: tuple[str, ...] = ()
    modules: tuple[str, ...] = ()
    scripts: tuple[str, ...] = ()
    subcommands: tuple[str, ...] = ()
    subcommand_optional: bool = False
    subcommand_optional_for: tuple[str, ...] = ()
    host_options: tuple[str, ...] = ()
    port_options: tuple[str, ...] = ()
    bind_options: tuple[str, ...] = ()
    socket_options: tuple[str, ...] = ()
    socket_prefixes: tuple[str, ...] = ()
    ipv6_options: tuple[str, ...] = ()
    options_with_value: tuple[str, ...] = ()
    positional_addrport: bool = False
    positional_port: bool = False
    default_host: str | None = None
    default_host_ipv6: str | None = None
    default_port: int | None = None
    host_env: tuple[str, ...] = ()
    port_env: tuple[str, ...] = ()
    args_env: tuple[str, ...] = ()
    app: str | None = None  # option | positional | script | path
    app_kind: str = "module"  # module | script | path
    app_options: tuple[str, ...] = ()
    app_env: tuple[str, ...] = ()
    app_dir_options: tuple[str, ...] = ()
    config_options: tuple[str, ...] = ()
    default_config: tuple[str, ...] = ()
    all_interfaces: tuple[str, ...] = ()
    runs_python: bool = False


@dataclass(frozen=True)
class Runner:
    """A program that runs Python code without listening (``celery``, ``rq``)."""

    names: tuple[str, ...] = ()
    options_with_value: tuple[str, ...] = ()
    subcommand: str | None = None
    app: str | None = None
    app_kind: str = "module"
    app_options: tuple[str, ...] = ()
    app_dir_options: tuple[str, ...] = ()
    ignore_app: bool = False


@dataclass(frozen=True)
class Probe:
    """A healthcheck program and where it connects (``curl``, ``pg_isready``)."""

    names: tuple[str, ...] = ()
    options_with_value: tuple[str, ...] = ()
    url: bool = False
    host_options: tuple[str, ...] = ()
    port_options: tuple[str, ...] = ()
    url_options: tuple[str, ...] = ()
    hostport_options: tuple[str, ...] = ()
    positional_host: bool = False
    positional_port: bool = False
    localhost_ipv6_first: bool = False
    single_dash_options: bool = False


@dataclass(frozen=True)
class Commands:
    """``rules/commands.yaml``'s ``commands``."""

    interpreters: Programs = Programs()
    shells: Programs = Programs()
    wrappers: tuple[Wrapper, ...] = ()
    entrypoint_scripts: tuple[str, ...] = ()  # globs of entrypoint scripts that `exec "$@"`
    servers: tuple[Server, ...] = ()
    runners: tuple[Runner, ...] = ()
    probes: tuple[Probe, ...] = ()
