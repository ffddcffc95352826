"""What a search for a value's sinks finds: the places that dial it (``Sink``) and the
search's answer for one literal (``FlowResult``).  Shared by the search (``evidence``,
``climb``) and the judge, below both."""
from __future__ import annotations

from dataclasses import dataclass

from dockwise.flow.gates import Gate
from dockwise.model import Span

__all__ = ["Sink", "FlowResult", "Hop", "SettingRead"]


@dataclass(frozen=True)
class Sink:
    span: Span  # where the value is dialled (or bound): the call, the setting
    kind: str  # "redis.Redis(host)", "setting DATABASES.default.HOST", "env:DATABASE_URL"
    role: str = "connect"  # connect | bind
    flow: tuple[Span, ...] = ()  # where the value passed on its way (assignments, uses)
    gates: tuple[Gate, ...] = ()  # branches on the way that run only when the environment says so
    # the module-level function whose body dials (undecorated, not a method): it runs in a
    # container only if something there calls or hands it on, which the judge checks by name
    caller: str | None = None
    # the module-level class of plain settings whose body sets the value (a config object an
    # app loads by name: `app.config.from_object(...)`): its fields are read only where
    # something names the class, which the judge checks as it does for ``caller``
    holder: str | None = None
    # the command-line subcommand whose function dials (`@cli.command()`): where the container
    # runs the program with another subcommand, it does not run
    command: str | None = None
    # the name the class whose code dials is registered under in a component registry
    # (`@Registry.register("OPEA_X")`): it runs only where that name is selected
    registered: str | None = None
    # (module, name) of the module-level functions and of the registered classes' names that
    # the value passes through on its way (`url` handed from `def open_kv()` to a client made in
    # another module's method): each must run as well, as ``caller`` and ``registered`` must
    callers: tuple[tuple[str, str], ...] = ()
    registrations: tuple[tuple[str, str], ...] = ()
    # (module, name) of the top-level settings-module names the value is read through as
    # ``settings.NAME`` (django.conf): a settings module the container loads that binds the
    # name again after importing the writer's names hands the reader its own value instead
    settings_reads: tuple[tuple[str, str], ...] = ()
    # the function whose body dials is registered as a background task (`@app.task`): it runs
    # only in a container that executes tasks (a worker), not where they are only sent (beat)
    task: bool = False
    # (module, name) of the command-line subcommands whose bodies the value passes through on its
    # way (`def dev(host="127.0.0.1"): settings.host = host`, dialled by a helper every subcommand
    # calls): each must be one the start command gives, as ``command`` must
    commands: tuple[tuple[str, str], ...] = ()
    # the route handler whose body dials (`@app.route(...)`, flow/handlers.py): it runs only in
    # a container where a server receives requests, or where something calls it by name
    handler: str | None = None
    # the module-level class whose method dials, where only code naming it can build it
    # (astfacts.closed_class): the method runs only where something names the class
    method_of: str | None = None
    # where a client that opens no connection when built (rules/flow.yaml lazy_clients) keeps
    # the object built with the value: ("class", the class attribute, its line), ("attribute",
    # the attribute of an object, its line) or ("returned", the module-level function returning
    # it, the line of its def: only a call keeping the result uses it); it dials only
    # where something reads that attribute, which the judge checks over the modules the
    # container runs (flow/called.py)
    binding: tuple[str, str, int] | None = None
    # (class, method) where the dial sits in an undecorated method (not a dunder, nor a name
    # libraries call on objects they are handed: rules/flow.yaml hook_methods) of a class whose
    # bases are only plain classes of the project: nothing calls such a method but code naming
    # it, which the judge checks over the modules the container runs
    method: tuple[str, str] | None = None

    def runs_with(self, env: dict[str, str | None] | None, argv: frozenset[str] | None = None) -> bool:
        """Whether every branch on the way runs with a service's environment (None: unknown;
        a branch no environment turns on, such as a test-run check, still does not run) and
        the words of its start command (``argv``, None: unknown)."""
        return all(g.holds(env, argv) is not False for g in self.gates)


@dataclass(frozen=True)
class Hop:
    """A place on a value's way that runs only if something runs it: the module-level
    function (``caller``), the registered class (``registered``) or the command-line
    subcommand (``command``) holding it."""
    path: str
    caller: str | None = None
    registered: str | None = None
    command: str | None = None  # the command-line subcommand holding it (`@cli.command()`)


@dataclass(frozen=True)
class SettingRead:
    """A place on a value's way: the name ``name``, bound at the top level of the settings
    module ``path``, read by another module as ``settings.NAME`` through its framework."""
    path: str
    name: str


@dataclass(frozen=True)
class FlowResult:
    sinks: tuple[Sink, ...] = ()
    fallbacks: tuple[str, ...] = ()  # environment variables this literal is the default of
    operator: bool = False  # the default of a configuration value an operator sets
    overridden: bool = False  # a parameter default every call of the function overrides
    never: bool = False  # reached only places that never connect
    port: int | None = None  # the port it is dialled with, where the code gives it elsewhere
    port_appended: bool = False  # that port is written right after the value (f"{URL}:{PORT}")
    # (an environment variable) read only into settings fields that no module searched reads
    unread: bool = False
    # (an environment variable) the branches around each of its reads, where every read is a
    # call or subscript the search found (none a settings field): `if USE_S3:` around
    # `AWS_S3_ENDPOINT_URL = config("AWS_S3_ENDPOINT_URL")`
    read_gates: tuple[tuple[Gate, ...], ...] = ()
    port_written: bool = False  # that port is a constant the f-string names after the host (f"localhost:{Ports.QUEUE}")

    @property
    def evidence(self) -> Sink | None:
        return self.sinks[0] if self.sinks else None
