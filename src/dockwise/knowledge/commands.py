"""The start-command tables (``rules/commands.yaml``'s ``commands``) as typed, frozen
records: what a container's argv runs, read by ``dockwise.layout.startcmd``.  Each record
also answers, compiled once, what the command-line reader asks most: does a program name
match (one regex of its name patterns), and which options take a value.

Each field is the YAML key of the same name (the file's comments say what each means).
Option words are text even where YAML reads a number (``-6``); a pack's top-level table
(``servers``, ``wrappers``, ...) replaces the bundled one.
"""
from __future__ import annotations

import posixpath
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

from dockwise.knowledge.globs import Glob, glob_matcher


class _Named:
    """Matching a program name against a record's ``names`` (every word of every start
    command of every service is matched against every runner: compiled once per record)."""

    names: tuple[str, ...]
    options_with_value: tuple[str, ...]

    @cached_property
    def _names_rx(self) -> Glob:
        return glob_matcher(self.names)

    def matches(self, name: str) -> bool:
        return self._names_rx.fullmatch(name) is not None

    @cached_property
    def with_value(self) -> frozenset[str]:
        """The options that take a value."""
        return frozenset(self.options_with_value)


@dataclass(frozen=True)
class Programs(_Named):
    """Interpreters or shells: the programs' names and their options that take a value."""

    names: tuple[str, ...] = ()
    options_with_value: tuple[str, ...] = ()


@dataclass(frozen=True)
class Wrapper(_Named):
    """A program that runs the rest of its argv as a command (``env``, ``gosu``, ``poetry run``)."""

    names: tuple[str, ...] = ()
    options_with_value: tuple[str, ...] = ()
    all_options_take_value: bool = False
    subcommand: str | None = None
    positionals: int = 0
    assignments: bool = False
    double_dash: str | None = None  # required | optional
    single_argument: bool = False
    # a reloader whose single argument may be a Python function it imports and calls rather
    # than a command (watchfiles, watchgod): "auto" where the argument is a dotted path not
    # ending in .py or .sh, "always" where it is always a function; the option that overrides
    # the inference (``--target-type function|command``), and the option giving the function
    # its sys.argv: one word it splits (``--args '-A proj worker'``) or, with
    # ``function_args_rest``, every word after it (``--args -A proj worker``)
    function_target: str | None = None
    target_type_option: str | None = None
    function_args_option: str | None = None
    function_args_rest: bool = False
    single_dash_options: bool = False
    # options whose value is the command, run by a shell (``su - app -c "cmd"``); without
    # one of them the program starts an interactive shell, which runs nothing known
    command_options: tuple[str, ...] = ()
    # options naming the user that switch to the other form, where the command follows the
    # options and no shell string is read (``runuser -u app -- cmd``; ``runuser - app -c
    # "cmd"`` is su's form)
    user_options: tuple[str, ...] = ()
    # options with which the program only looks the following names up and runs nothing
    # (``command -v nproc``: whether a program is installed)
    lookup_options: tuple[str, ...] = ()
    # the program joins its arguments with spaces and reads the result as a shell command
    # again (``eval "$cmd"``, ``eval exec "$@"``): quotes and operators in it count anew
    joins_arguments: bool = False
    # options after which the rest of the argv is a module the interpreter runs, its
    # arguments after it (``uv run -m app.worker --once`` is ``python -m app.worker --once``)
    module_options: tuple[str, ...] = ()


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
    # options this server does not take, whose presence says the command is another program's
    # of the same name (Django's runserver reads `-h` as its help and its address as a
    # positional: `manage.py runserver -h 0.0.0.0 -p 5000` is a Flask manager's)
    foreign_options: tuple[str, ...] = ()
    positional_addrport: bool = False
    positional_port: bool = False
    default_host: str | None = None
    default_host_ipv6: str | None = None
    default_port: int | None = None
    host_env: tuple[str, ...] = ()
    port_env: tuple[str, ...] = ()
    # a variable that, when set, makes the default bind every interface at its port
    # (gunicorn: PORT set -> 0.0.0.0:$PORT)
    port_env_all_interfaces: tuple[str, ...] = ()
    args_env: tuple[str, ...] = ()
    app: str | None = None  # option | positional | script | path
    app_kind: str = "module"  # module | script | path
    app_options: tuple[str, ...] = ()
    app_env: tuple[str, ...] = ()
    # modules it imports from its working directory, the first one there, where no option or
    # variable names the app (`flask run`: wsgi.py, else app.py), and the dotenv files there
    # that may name it instead (.flaskenv)
    default_apps: tuple[str, ...] = ()
    app_dotenv_files: tuple[str, ...] = ()
    app_dir_options: tuple[str, ...] = ()
    # options naming directories the server puts on the application's import path, while the
    # app itself is still named from the working directory (mod_wsgi-express --python-path)
    path_options: tuple[str, ...] = ()
    config_options: tuple[str, ...] = ()
    default_config: tuple[str, ...] = ()
    all_interfaces: tuple[str, ...] = ()
    # a server that imports the application only to read its configuration and runs none of
    # its code (a Celery monitor): the sinks it dials, as the evidence names them; the
    # application's other sinks (its database, its cache) never dial in its container
    dials_only: tuple[str, ...] = ()
    # variables it reads as its own public address, handed to the browsers of its UI or to
    # its clients (Prefect's server: PREFECT_API_URL is its UI's API URL): in a container that
    # runs only such servers, a value of them is no address the container dials
    own_url_env: tuple[str, ...] = ()
    # its own bind options (on the command line or in ``args_env``) replace the bind a
    # config file sets (gunicorn: the command line outranks gunicorn.conf.py)
    bind_options_beat_config: bool = False
    # top-level keys of its YAML config file (``config_options``, else ``default_config``)
    # that give its bind as host:port (MkDocs' ``dev_addr``): the default bind stands where
    # the file sets none, or a loopback one; a file that sets another host moves it
    config_bind_keys: tuple[str, ...] = ()
    # "SUBCOMMAND SETTING": with no address given, that subcommand binds what the framework's
    # setting says (django-extensions' runserver_plus reads RUNSERVERPLUS_SERVER_ADDRESS_PORT)
    settings_bind_keys: tuple[str, ...] = ()
    runs_python: bool = False
    # options that write a variable of the program's own environment before it reads it
    # (celery's ``--broker`` sets CELERY_BROKER_URL): option -> variable
    env_options: dict[str, str] = field(default_factory=dict)

    @cached_property
    def _programs_rx(self) -> Glob:
        return glob_matcher(self.programs)

    @cached_property
    def _scripts_rx(self) -> Glob:
        return glob_matcher(self.scripts)

    def runs_program(self, name: str) -> bool:
        return self._programs_rx.fullmatch(name) is not None

    def runs_script(self, name: str) -> bool:
        return self._scripts_rx.fullmatch(name) is not None

    @cached_property
    def with_value(self) -> frozenset[str]:
        """The options that take a value: an option that names the host, the port, the
        app... takes a value too."""
        return frozenset(self.options_with_value + self.host_options + self.port_options + self.bind_options
                         + self.socket_options + self.app_options + self.app_dir_options + self.config_options
                         + self.path_options)


@dataclass(frozen=True)
class Runner(_Named):
    """A program that runs Python code without listening (``celery``, ``rq``)."""

    names: tuple[str, ...] = ()
    options_with_value: tuple[str, ...] = ()
    subcommand: str | None = None
    app: str | None = None
    app_kind: str = "module"
    app_options: tuple[str, ...] = ()
    app_dir_options: tuple[str, ...] = ()
    ignore_app: bool = False
    # with ``app: positional``: every positional argument names an app the program imports
    # (``nameko run gateway orders``), not only the first
    every_positional: bool = False
    # subcommands that import the app only for its configuration and dial only ``dials_only``
    # (``celery -A proj inspect ping``), unless one of ``monitor_unless_options`` is given
    # (``celery events --camera X`` runs the camera's code)
    monitor_subcommands: tuple[str, ...] = ()
    monitor_unless_options: tuple[str, ...] = ()
    dials_only: tuple[str, ...] = ()
    # the subcommands that execute the app's task functions (``celery worker``); given another
    # one (``celery beat`` sends task messages, it runs no task), a function registered with a
    # task decorator (``rules/flow.yaml`` task_decorators) does not run its body there
    task_subcommands: tuple[str, ...] = ()
    # the program serves web requests itself beside its work (faust's worker runs a web server
    # for the app's views; nameko's http entrypoints): a route handler of the app may run there.
    # A runner without it listens on no port: a route handler's body never runs in a container
    # that runs only such programs (flow/handlers.py)
    serves_requests: bool = False
    # options that write a variable of the program's own environment before it reads it
    # (``celery -b URL worker`` sets CELERY_BROKER_URL to URL): option -> variable
    env_options: dict[str, str] = field(default_factory=dict)

    @cached_property
    def with_value(self) -> frozenset[str]:
        """The options that take a value (those naming the app and its directory too)."""
        return frozenset(self.options_with_value + self.app_options + self.app_dir_options)


@dataclass(frozen=True)
class Probe(_Named):
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
    # the first positional argument before ``--`` is ``host:port`` (wait-for-it's form)
    positional_hostport: bool = False
    localhost_ipv6_first: bool = False
    single_dash_options: bool = False

    @cached_property
    def with_value(self) -> frozenset[str]:
        """The options that take a value (those naming a host, a port or a URL too)."""
        return frozenset(self.options_with_value + self.host_options + self.port_options + self.url_options
                         + self.hostport_options)


@dataclass(frozen=True)
class Daemon(_Named):
    """A server that runs no Python, started by a container's own start command beside its
    app (``redis-server /etc/redis.conf &`` in an all-in-one image's entrypoint): that
    container listens on its port (an option's value, else ``default_port``)."""

    names: tuple[str, ...] = ()
    options_with_value: tuple[str, ...] = ()
    port_options: tuple[str, ...] = ()
    default_port: int | None = None
    subcommand: str | None = None  # the first argument that makes it a server (`ollama serve`)
    init_names: tuple[str, ...] = ()  # its init scripts' names (`service postgresql start`)
    # a control program's actions that start the server, anywhere among its options
    # (`pg_ctl -D /data start`); its other actions (`stop`, `status`) start nothing
    modes: tuple[str, ...] = ()
    # options whose value is the server's own arguments (`pg_ctl -o "-p 5433"`), read with
    # forward_port_options and forward_port_settings (`-c port=5433`) for its port
    forward_options: tuple[str, ...] = ()
    forward_port_options: tuple[str, ...] = ()
    forward_port_settings: tuple[str, ...] = ()
    # settings that set the port, written NAME=N after the option that takes settings
    # (`postgres -c port=5433`): read like a port option, in order
    port_settings: tuple[str, ...] = ()
    # a proxy's configuration file: the options naming it (`envoy -c /etc/envoy.yaml`) and
    # the container paths it reads where none does (globs: `/etc/nginx/conf.d/*.conf`); where
    # it listens and the loopback upstreams it forwards to are that file's, read as
    # ``config_format`` says (runs/proxyconf.py: envoy, nginx)
    config_options: tuple[str, ...] = ()
    default_configs: tuple[str, ...] = ()
    config_format: str | None = None
    # a program that is a daemon only in the form that starts its server, and otherwise a
    # program like any other (Ray's CLI: `ray start --head` leaves the head node's servers
    # running, while `ray job submit -- python x.py` drives a job): where it starts the server,
    # the container listens on its port, and the start command is judged as before either way
    program_too: bool = False
    # the words right after the subcommand that make it a control command of a server running
    # elsewhere, not the server (`openclaw gateway status`, `openclaw gateway stop`)
    client_actions: tuple[str, ...] = ()

    def config_paths(self, args: tuple[str, ...]) -> tuple[str, ...]:
        """The configuration files the daemon started with ``args`` reads: the last value of
        a config option (``-c /etc/envoy.yaml``, ``--config-path=/etc/envoy.yaml``), else its
        default files; () for a daemon without a configuration format."""
        if self.config_format is None:
            return ()
        found: str | None = None
        for k, a in enumerate(args):
            name, eq, value = a.partition("=")
            if a in self.config_options:
                found = args[k + 1] if k + 1 < len(args) else None
            elif eq and name in self.config_options and name.startswith("--"):
                found = value
        return (found,) if found else self.default_configs

    def port(self, args: tuple[str, ...]) -> int | None:
        """The port it listens on, started with ``args`` (the last port option wins;
        ``--port 6380``, ``--port=6380``, ``-p6380``); None when the option's value is no
        port (``--port "$PORT"``) or the command is not its server (``ollama pull``)."""
        if self.subcommand is not None:
            if not args or args[0] != self.subcommand:
                return None
            args = args[1:]
            if args and args[0] in self.client_actions:
                return None
        if self.modes:
            if not any(a in self.modes for a in args):
                return None
        if self.forward_options:
            # `-o "-p 5433"`, and the long option's attached form, `--options="-p 5433"`, in order
            forwarded: list[str] = []
            taken = False
            for k, a in enumerate(args):
                name, eq, value = a.partition("=")
                if eq and a.startswith("--") and name in self.forward_options:
                    forwarded.append(value)
                elif a in self.forward_options and k + 1 < len(args):
                    forwarded.append(args[k + 1])
                    taken = True
                    continue
                elif not taken and eq and name in self.forward_port_settings:
                    # a setting among the control program's own words (it has no such
                    # argument): the options' value was a variable, `-o "$OPTS"`, whose words
                    # the start-command walk spread (`-o -c port=5433`)
                    forwarded.append(a)
                taken = False
            if not forwarded:
                return self.default_port
            # the server's own arguments: parsed as its options are (the last one wins)
            inner = Daemon(port_options=self.forward_port_options, port_settings=self.forward_port_settings,
                           default_port=self.default_port)
            return inner.port(tuple(w for text in forwarded for w in text.split()))
        found: str | None = None
        for k, a in enumerate(args):
            name, eq, value = a.partition("=")
            if name in self.port_options:
                found = value if eq else (args[k + 1] if k + 1 < len(args) else "")
            elif eq and name in self.port_settings:
                found = value
            else:
                short = next((o for o in self.port_options if len(o) == 2 and o.startswith("-")
                              and a.startswith(o) and a[2:].isdigit()), None)
                if short is not None:
                    found = a[2:]
        if found is None:
            return self.default_port
        if ":" in found:
            # an address option, `--smtp 0.0.0.0:1025`, `-s :2525`, `[::]:1025`: its port
            found = found.rpartition(":")[2]
        return int(found) if found.isdigit() and 0 < int(found) < 65536 else None


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
    daemons: tuple[Daemon, ...] = ()
    init_programs: tuple[str, ...] = ()  # `service NAME start`
    init_dirs: tuple[str, ...] = ()  # `/etc/init.d/NAME start`
    # programs whose -f/--file options name Compose files (`docker compose -f local.yml up`)
    compose_programs: tuple[str, ...] = ()
    # files at the repository's root whose compose_programs lines name the project's Compose
    # files too (a README's `docker-compose -f local.yml up`), matched without case
    compose_program_docs: tuple[str, ...] = ()
    # programs whose -c/--compose-file options name a Swarm stack's Compose files
    stack_programs: tuple[str, ...] = ()
    # flags that make the program given them listen on the port after them, wherever they are
    # written (a service's environment handing a browser its arguments): layout/envlisten.py
    listen_flags: tuple[str, ...] = ()

    def daemon_started(self, argv: Sequence[str]) -> int | None:
        """The port of the daemon the command ``argv`` starts and leaves running: the daemon's
        own program (``redis-server --daemonize yes``), or its init script (``service
        postgresql start``, ``/etc/init.d/redis-server restart``: its default port); None for
        any other command, or a port that is not known."""
        if not argv:
            return None
        prog = posixpath.basename(argv[0])
        if prog in self.init_programs or posixpath.dirname(argv[0]) in self.init_dirs:
            daemon = self.init_started(argv)
            return daemon.default_port if daemon is not None else None
        daemon = next((d for d in self.daemons if d.matches(prog)), None)
        return daemon.port(tuple(argv[1:])) if daemon is not None else None

    def init_started(self, argv: Sequence[str]) -> Daemon | None:
        """The daemon whose init script the command ``argv`` starts or restarts (``service nginx
        start``, ``/etc/init.d/redis-server restart``), else None."""
        if not argv:
            return None
        prog = posixpath.basename(argv[0])
        if prog in self.init_programs:
            script, action = (argv[1], argv[2]) if len(argv) >= 3 else ("", "")
        elif posixpath.dirname(argv[0]) in self.init_dirs:
            script, action = prog, (argv[1] if len(argv) >= 2 else "")
        else:
            return None
        if action not in ("start", "restart"):
            return None
        return next((d for d in self.daemons if script in d.init_names), None)

    @cached_property
    def _entry_rx(self) -> Glob:
        return glob_matcher(self.entrypoint_scripts)

    def is_entry_script(self, name: str) -> bool:
        return self._entry_rx.fullmatch(name) is not None

    def starts_python(self, prog: str) -> bool:
        """``prog`` (a basename) is an interpreter, or a server's or a runner's program."""
        return (self.interpreters.matches(prog) or any(s.runs_program(prog) for s in self.servers)
                or any(r.matches(prog) for r in self.runners))

    def env_set_by(self, argv: Sequence[str]) -> frozenset[str] | None:
        """The variables the program of ``argv`` (a simple command, after wrappers) writes
        into its own environment from its options before reading them (``celery
        --broker=redis://queue:6379/0 worker``: CELERY_BROKER_URL), whatever the container's
        environment says; None where ``argv`` runs no program of the tables that has such
        options (what it reads is not known here).  An option given an empty value, or one
        the shell fills in at run time (``$BROKER``), writes nothing known."""
        if not argv:
            return None
        prog = posixpath.basename(argv[0])
        rest = list(argv[1:])
        if self.interpreters.matches(prog) and len(rest) >= 2 and rest[0] == "-m":
            prog, rest = rest[1], rest[2:]
        tables = [s.env_options for s in self.servers if s.env_options and (s.runs_program(prog) or prog in s.modules)]
        tables += [r.env_options for r in self.runners if r.env_options and r.matches(prog)]
        if not tables:
            return None
        options: dict[str, str] = {}
        for table in tables:
            options.update(table)
        out: set[str] = set()
        for i, word in enumerate(rest):
            opt, eq, value = word.partition("=")
            if eq and opt in options:
                pass
            elif word in options:
                opt, value = word, (rest[i + 1] if i + 1 < len(rest) else "")
            else:
                short = next((o for o in options if len(o) == 2 and o[0] == "-" and o[1] != "-"
                              and word.startswith(o) and len(word) > 2), None)
                if short is None:
                    continue
                opt, value = short, word[2:]
            if value and "$" not in value and not value.startswith("-"):
                out.add(options[opt])
        return frozenset(out)

    def dials_only(self, via: str) -> tuple[str, ...]:
        """The sinks a program dials where it imports the application only for its
        configuration: a server's (``flower``), or a runner's monitor subcommand, named
        ``"prog subcommand"`` by the start-command walk (``celery inspect``); () otherwise."""
        prog, _, sub = via.partition(" ")
        if sub:
            runner = next((r for r in self.runners if r.matches(prog)), None)
            return runner.dials_only if runner is not None and sub in runner.monitor_subcommands else ()
        server = self.server_named(via)
        return server.dials_only if server is not None else ()

    def server_named(self, name: str) -> Server | None:
        """The server record called ``name`` (``gunicorn``), or None."""
        return next((s for s in self.servers if s.name == name), None)

    @cached_property
    def server_modules(self) -> frozenset[str]:
        """The modules ``python -m`` runs a server from."""
        return frozenset(m for server in self.servers for m in server.modules)
