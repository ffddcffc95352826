"""The knowledge ``dockwise.layout.startcmd`` reads command lines with: the typed
``commands`` tables (:mod:`dockwise.knowledge.commands`, from ``rules/commands.yaml``)
compiled into a :class:`CommandSpec` (name patterns as one regex each, every option that
takes a value in one set), built once per knowledge and memoised."""
from __future__ import annotations

import functools
from dataclasses import dataclass

from dockwise.knowledge import Commands, Knowledge, Probe, Runner, Server, Wrapper, glob_regex


@dataclass(frozen=True)
class NamePatterns:
    patterns: tuple[str, ...]

    def __post_init__(self) -> None:
        # compiled once: every word of every start command of every service is matched
        # against every runner's names
        object.__setattr__(self, "_rx", glob_regex(self.patterns))

    def match(self, name: str) -> bool:
        # _rx: set by __post_init__, not a field of this frozen dataclass
        return self._rx.fullmatch(name) is not None  # type: ignore[attr-defined]


@dataclass(frozen=True)
class WrapperSpec:
    names: NamePatterns
    with_value: frozenset[str] = frozenset()
    all_take_value: bool = False
    subcommand: str | None = None
    positionals: int = 0
    assignments: bool = False
    double_dash: str | None = None
    single_argument: bool = False
    single_dash: bool = False


@dataclass(frozen=True)
class ServerSpec:
    name: str
    programs: NamePatterns
    modules: tuple[str, ...]
    scripts: NamePatterns
    subcommands: tuple[str, ...] = ()
    subcommand_optional: bool = False
    subcommand_optional_for: tuple[str, ...] = ()
    host_options: tuple[str, ...] = ()
    port_options: tuple[str, ...] = ()
    bind_options: tuple[str, ...] = ()
    socket_options: tuple[str, ...] = ()
    socket_prefixes: tuple[str, ...] = ()
    ipv6_options: tuple[str, ...] = ()
    with_value: frozenset[str] = frozenset()
    positional_addrport: bool = False
    positional_port: bool = False
    default_host: str | None = None
    default_host_ipv6: str | None = None
    default_port: int | None = None
    host_env: tuple[str, ...] = ()
    port_env: tuple[str, ...] = ()
    args_env: tuple[str, ...] = ()
    app: str | None = None
    app_kind: str = "module"
    app_options: tuple[str, ...] = ()
    app_env: tuple[str, ...] = ()
    app_dir_options: tuple[str, ...] = ()
    config_options: tuple[str, ...] = ()
    default_config: tuple[str, ...] = ()
    all_interfaces: tuple[str, ...] = ()
    runs_python: bool = False


@dataclass(frozen=True)
class RunnerSpec:
    names: NamePatterns
    with_value: frozenset[str] = frozenset()
    subcommand: str | None = None
    app: str | None = None
    app_kind: str = "module"
    app_options: tuple[str, ...] = ()
    app_dir_options: tuple[str, ...] = ()
    ignore_app: bool = False


@dataclass(frozen=True)
class ProbeSpec:
    names: NamePatterns
    with_value: frozenset[str] = frozenset()
    url: bool = False
    host_options: tuple[str, ...] = ()
    port_options: tuple[str, ...] = ()
    url_options: tuple[str, ...] = ()
    hostport_options: tuple[str, ...] = ()
    positional_host: bool = False
    positional_port: bool = False
    ipv6_first: bool = False
    single_dash: bool = False


@dataclass(frozen=True)
class CommandSpec:
    interpreters: NamePatterns = NamePatterns(())
    interp_with_value: frozenset[str] = frozenset()
    shells: NamePatterns = NamePatterns(())
    shell_with_value: frozenset[str] = frozenset()
    wrappers: tuple[WrapperSpec, ...] = ()
    entry_scripts: NamePatterns = NamePatterns(())
    servers: tuple[ServerSpec, ...] = ()
    runners: tuple[RunnerSpec, ...] = ()
    probes: tuple[ProbeSpec, ...] = ()
    server_modules: frozenset[str] = frozenset()


def _wrapper(w: Wrapper) -> WrapperSpec:
    return WrapperSpec(
        names=NamePatterns(w.names),
        with_value=frozenset(w.options_with_value),
        all_take_value=w.all_options_take_value,
        subcommand=w.subcommand,
        positionals=w.positionals,
        assignments=w.assignments,
        double_dash=w.double_dash,
        single_argument=w.single_argument,
        single_dash=w.single_dash_options,
    )


def _server(s: Server) -> ServerSpec:
    # an option that names the host, the port, the app... takes a value too
    with_value = frozenset(s.options_with_value + s.host_options + s.port_options + s.bind_options
                           + s.socket_options + s.app_options + s.app_dir_options + s.config_options)
    return ServerSpec(
        name=s.name,
        programs=NamePatterns(s.programs),
        modules=s.modules,
        scripts=NamePatterns(s.scripts),
        subcommands=s.subcommands,
        subcommand_optional=s.subcommand_optional,
        subcommand_optional_for=s.subcommand_optional_for,
        host_options=s.host_options,
        port_options=s.port_options,
        bind_options=s.bind_options,
        socket_options=s.socket_options,
        socket_prefixes=s.socket_prefixes,
        ipv6_options=s.ipv6_options,
        with_value=with_value,
        positional_addrport=s.positional_addrport,
        positional_port=s.positional_port,
        default_host=s.default_host,
        default_host_ipv6=s.default_host_ipv6,
        default_port=s.default_port,
        host_env=s.host_env,
        port_env=s.port_env,
        args_env=s.args_env,
        app=s.app,
        app_kind=s.app_kind,
        app_options=s.app_options,
        app_env=s.app_env,
        app_dir_options=s.app_dir_options,
        config_options=s.config_options,
        default_config=s.default_config,
        all_interfaces=s.all_interfaces,
        runs_python=s.runs_python,
    )


def _runner(r: Runner) -> RunnerSpec:
    return RunnerSpec(
        names=NamePatterns(r.names),
        with_value=frozenset(r.options_with_value + r.app_options + r.app_dir_options),
        subcommand=r.subcommand,
        app=r.app,
        app_kind=r.app_kind,
        app_options=r.app_options,
        app_dir_options=r.app_dir_options,
        ignore_app=r.ignore_app,
    )


def _probe(p: Probe) -> ProbeSpec:
    return ProbeSpec(
        names=NamePatterns(p.names),
        with_value=frozenset(p.options_with_value + p.host_options + p.port_options + p.url_options
                             + p.hostport_options),
        url=p.url,
        host_options=p.host_options,
        port_options=p.port_options,
        url_options=p.url_options,
        hostport_options=p.hostport_options,
        positional_host=p.positional_host,
        positional_port=p.positional_port,
        ipv6_first=p.localhost_ipv6_first,
        single_dash=p.single_dash_options,
    )


def _build_spec(commands: Commands) -> CommandSpec:
    servers = tuple(_server(s) for s in commands.servers)
    return CommandSpec(
        interpreters=NamePatterns(commands.interpreters.names),
        interp_with_value=frozenset(commands.interpreters.options_with_value),
        shells=NamePatterns(commands.shells.names),
        shell_with_value=frozenset(commands.shells.options_with_value),
        wrappers=tuple(_wrapper(w) for w in commands.wrappers),
        entry_scripts=NamePatterns(commands.entrypoint_scripts),
        servers=servers,
        runners=tuple(_runner(r) for r in commands.runners),
        probes=tuple(_probe(p) for p in commands.probes),
        server_modules=frozenset(m for s in servers for m in s.modules),
    )


@functools.lru_cache(maxsize=16)
def command_spec(knowledge: Knowledge) -> CommandSpec:
    """The start-command tables of the run's knowledge (rules/commands.yaml and the packs',
    checked by the loader), compiled once per knowledge."""
    return _build_spec(knowledge.commands)
