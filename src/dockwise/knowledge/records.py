"""The knowledge's typed, frozen records: what ``rules/*.yaml`` (and user packs) hold, as
the loader (:mod:`dockwise.knowledge.loader`) checks and builds them once.

Nothing else in dockwise knows a scheme, an image, a client library or a setting name:
they are all data here.  The start-command tables are in :mod:`dockwise.knowledge.commands`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from dockwise.knowledge.commands import Commands
from dockwise.knowledge.globs import glob_match

_WILD = re.compile(r"[*?\[]")  # a glob pattern, not a name written out whole

# what `dockwise fix` may do with a rule's findings (a rule entry's `applicability`)
APPLICABILITIES = ("safe", "unsafe", "none")


class KnowledgeError(Exception):
    """A rule pack is unreadable or malformed."""


# --------------------------------------------------------------------------- types


@dataclass(frozen=True)
class Scheme:
    name: str
    port: int | None
    kind: str = "network"  # network | file | local
    also: tuple[int, ...] = ()  # other ports its clients commonly dial (SMTP submission: 587)


@dataclass(frozen=True)
class ImagePorts:
    match: tuple[str, ...]
    ports: tuple[int, ...]
    dials: tuple[str, ...] = ()  # environment variables the image reads as addresses it connects to (globs)
    # the image fills its configuration from any environment variable (nginx's templates):
    # what it dials cannot be told from its documentation
    env_templates: bool = False
    # the directories the image's own entrypoint fills templates from (nginx's
    # /etc/nginx/templates): a file given to the container elsewhere is no template of it
    template_dirs: tuple[str, ...] = ()
    # environment variables the image reads as its own listen addresses (globs; a URL or
    # host:port, or a comma-separated list of them): the ports they give are served too
    listens: tuple[str, ...] = ()
    # the protocols it receives, by scheme, at which container port (a mail catcher's SMTP
    # at 1025): the server meant where a client of that protocol dials a port no one serves
    serves: tuple[tuple[str, int], ...] = ()
    # the program the image's own ENTRYPOINT runs with the container's command as its
    # arguments (the Stripe CLI image's `stripe`): `command: listen ...` is read as that
    # program's command line where the service gives no entrypoint of its own
    entrypoint: str | None = None
    # the image's own default command (its CMD, nginx's `nginx -g "daemon off;"`): what a
    # container runs where neither the Compose service nor a Dockerfile built FROM the
    # image gives a command or an entrypoint
    command: tuple[str, ...] = ()


@dataclass(frozen=True)
class ArgRef:
    """Where a call takes one argument: by keyword and/or by position (0-based)."""

    keyword: str | None = None
    position: int | None = None


@dataclass(frozen=True)
class ClientCall:
    """A call that connects somewhere (role connect) or starts a server (role bind).

    Only one of the value arguments usually applies; each says how its value is read:
      host      a bare host (or, for ``host_form: any``, a URL / host:port / list too)
      port      the port, as an int literal
      url       a URL (or a list of URLs)
      hostport  "host:port" (or a list / comma-separated list of them)
      address   a ("host", port) tuple
    """

    names: tuple[str, ...]
    role: str = "connect"
    scheme: str | None = None
    host: ArgRef | None = None
    host_form: str = "host"  # host | any
    port: ArgRef | None = None
    url: ArgRef | None = None
    hostport: ArgRef | None = None
    address: ArgRef | None = None
    default_host: str | None = None  # bind: the host used when none is given; connect: the host dialled then
    # connect: arguments that give the client its server another way than an address argument
    # (redis-py's connection_pool=, unix_socket_path=; pika's parameters, first or by keyword):
    # with one, default_host is not dialled
    default_unless: tuple[ArgRef, ...] = ()
    default_needs_entry: bool = False  # bind default only counts where the start command runs the file
    # bind: variables the server reads its host from before the argument and the default
    # (Robyn's ``start`` takes ROBYN_HOST over its ``host``), and a file beside the calling
    # module whose variables it loads into its environment first (Robyn's ``robyn.env``)
    host_env: tuple[str, ...] = ()
    host_env_file: str | None = None
    # env: the variable read where the call names none (``dj_database_url.config(default=...)``
    # reads DATABASE_URL; its ``env`` argument names another)
    default_var: str | None = None


@dataclass(frozen=True)
class Names:
    target: tuple[str, ...] = ()
    bind: tuple[str, ...] = ()
    advertised: tuple[str, ...] = ()
    data: tuple[str, ...] = ()
    message_calls: tuple[str, ...] = ()
    advertised_listeners: tuple[str, ...] = ()  # env names holding Kafka advertised listeners
    bare_host: tuple[str, ...] = ()  # env names under which a one-label value is a host

    def __post_init__(self) -> None:
        # a name is classified once: every service of a platform sets the same variables
        object.__setattr__(self, "_classified", {})

    def classify(self, name: str | None) -> str | None:
        """'data' | 'advertised' | 'bind' | 'target' | None for a variable/key name."""
        if not name:
            return None
        memo: dict[str, str | None] = self._classified  # type: ignore[attr-defined]
        if name in memo:
            return memo[name]
        found = None
        # a name written out whole is more specific than any pattern (EMAIL_HOST is a target,
        # though *EMAIL* is data: an address to write to); then patterns, in precedence order
        upper = name.upper()
        for kind in ("data", "advertised", "bind", "target"):
            if any(p.upper() == upper for p in getattr(self, kind) if not _WILD.search(p)):
                found = kind
                break
        else:
            for kind in ("data", "advertised", "bind", "target"):
                if glob_match(name, getattr(self, kind)):
                    found = kind
                    break
        if len(memo) < 100_000:
            memo[name] = found
        return found




@dataclass(frozen=True)
class HostTables:
    """The host names and addresses of Docker's networking (``rules/hosts.yaml``'s ``hosts``),
    with the images whose ``wget`` is BusyBox's (``rules/images.yaml``'s ``busybox_images``) and the
    packages that replace it (``busybox_wget_packages``).

    The defaults are the bundled values a table without packs (a test's ``Knowledge()``) needs.
    """

    loopback_names: tuple[str, ...] = ("localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback",
                                       "loopback")
    host_gateway_names: tuple[str, ...] = ("host.docker.internal",)
    gateway_names: tuple[str, ...] = ("gateway.docker.internal",)
    deprecated_aliases: dict[str, str] = field(default_factory=dict)  # old alias -> its replacement
    default_bridge_subnets: tuple[str, ...] = ()
    bridge_gateways: tuple[str, ...] = ()
    host_alias: str = "host.docker.internal"
    host_gateway_value: str = "host-gateway"
    loopback_domains: tuple[str, ...] = ()
    external_tlds: tuple[str, ...] = ()
    busybox_images: tuple[str, ...] = ()  # image globs
    # Alpine packages whose `apk add` in an image's build puts another wget before BusyBox's
    busybox_wget_packages: tuple[str, ...] = ()
    # port -> "SERVER; HOW": servers that, installed on a machine, listen on its loopback alone by default
    loopback_servers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ModuleList:
    """Names under which a framework lists modules it imports (``INSTALLED_APPS``), and the
    submodules of each listed module it loads by convention."""

    names: tuple[str, ...] = ()
    submodules: tuple[str, ...] = ()
    only_where: str = ""  # a regex the module's text must hold for the list to count ("": always)
    programs: tuple[str, ...] = ()  # it counts only where the start command runs one of these (): anywhere)
    # a regex some module the container runs must hold for the submodules to load (Celery's
    # `autodiscover_tasks(` call, which imports each installed app's tasks); "": always
    reached_where: str = ""
    # only a server loads it: it counts where the container may serve requests, not where
    # every program started is a runner that serves none (rules/commands.yaml runners)
    served_only: bool = False
    # its strings name a submodule loaded from every package the other lists loaded by
    # convention (Django's `autodiscover_modules("notifications")`: each installed app's)
    per_package: bool = False


@dataclass(frozen=True)
class SubcommandTable:
    """A class attribute that lists a program's subcommands with the options class of each
    (Twisted's ``usage.Options.subCommands``): the positions in each row of the subcommand's
    name, its shortcut and its class."""

    attribute: str
    name: int = 0
    shortcut: int = 1
    parser: int = 2


@dataclass(frozen=True)
class Management:
    """Django's management commands: the scripts and programs that run them, and where a
    command's module lives."""

    scripts: tuple[str, ...] = ()
    programs: tuple[str, ...] = ()
    command_path: str = "management/commands/{name}.py"


@dataclass(frozen=True)
class ConfigRunner:
    """A program that runs what its configuration file names: a process manager (``format``
    ini | procfile) or a server configured by an ini file (the ``*_keys`` and ``*_options``)."""

    programs: tuple[str, ...] = ()
    config_options: tuple[str, ...] = ()
    default_configs: tuple[str, ...] = ()
    config_arguments: tuple[str, ...] = ()
    format: str = ""
    location_keys: dict[str, str] = field(default_factory=dict)  # key -> the file under the directory it names
    dir_keys: tuple[str, ...] = ()
    module_keys: tuple[str, ...] = ()
    file_keys: tuple[str, ...] = ()
    command_keys: tuple[str, ...] = ()
    module_options: tuple[str, ...] = ()
    file_options: tuple[str, ...] = ()
    search_parents: bool = False  # a default configuration is also looked for in the directories above
    config_dir_on_path: bool = False  # the modules it names resolve from the configuration's directory
    unknown_without_config: bool = False  # no configuration found: what it runs is unknown (the fallback)
    path_sections: bool = False  # a configuration path may end in ":section": only that section is read
    # the program listens on no port itself: it runs the file its configuration names and exits
    # (alembic's env.py); a server that file's code starts is looked for apart
    quiet: bool = False
    # the program reads every option from the environment too, under this prefix and the
    # option's name in upper case with "-" as "_" (uWSGI: UWSGI_MODULE is --module): the
    # ``dir_keys``, ``module_keys`` and ``file_keys`` are read there where neither the command
    # line nor a configuration file names what runs
    env_prefix: str = ""
    # command keys whose value starts with a pidfile, then the command (uWSGI's
    # `smart-attach-daemon = /tmp/celery.pid celery -A proj worker`)
    pidfile_command_keys: tuple[str, ...] = ()
    # the section an ini file is read from where the command names none (uWSGI reads `[uwsgi]`
    # of `--ini app.ini`, another only as `app.ini:name`), and keys that include another section
    # of the same file (`ini = :uwsgi`)
    default_section: str = ""
    include_keys: tuple[str, ...] = ()


@dataclass(frozen=True)
class TaskRunner:
    """A program that loads a tasks file from its working directory and runs the tasks its
    command line names (``invoke assets``, ``fab deploy``)."""

    programs: tuple[str, ...] = ()
    modules: tuple[str, ...] = ()  # `python -m <module>` runs it too
    files: tuple[str, ...] = ()  # the tasks files it looks for, relative to its directory
    value_options: tuple[str, ...] = ()  # its options that take a value (not task names)
    # the decorators that make a function a task (`@task` of invoke): its parameters are the
    # task's command-line options, `--dry-run` for `dry_run`
    task_decorators: tuple[str, ...] = ()


@dataclass(frozen=True)
class ImageEntrypoint:
    """What an image's own entrypoint script (in the image, not the tree) does with the
    command: reads its first word as a mode of the image's server (the Flink image's
    ``jobmanager``), or runs its arguments as the command (the Airflow image's ``/entrypoint``)."""

    images: tuple[str, ...] = ()  # globs over the image reference (a built service: its base)
    modes: tuple[str, ...] = ()  # the words that start the image's server: none of the project's Python
    scripts: tuple[str, ...] = ()  # container paths of scripts that run their arguments as the command
    serves_by_default: bool = False  # its default command starts the image's own server
    # variables naming the project's module that default command imports (Celery's CELERY_APP
    # for `celery flower`): a service that sets one may run the code mounted into it
    app_env: tuple[str, ...] = ()
    # files that default command imports from its working directory where one is there
    # (Flower's flowerconfig.py): a service holding a file so named is judged on its code too
    imports_files: tuple[str, ...] = ()
    # servers (rules/commands.yaml names) whose default bind the image's own configuration
    # file sets to every interface, whatever command starts them
    binds_every_interface: tuple[str, ...] = ()
    # the program the image's script runs a command under whose first word is one of
    # ``subcommands`` (the Airflow image's /entrypoint runs `celery worker` as `airflow celery worker`)
    program: str | None = None
    subcommands: tuple[str, ...] = ()


@dataclass(frozen=True)
class DirectoryLoader:
    """A program whose subcommands import every Python file of some directories of the
    container, not a module the command names (Airflow's scheduler parses each file of its
    DAGs folder; its webserver loads the plugins folder alone)."""

    program: str
    # where the folders default to: the variable that sets the home directory, else ``home``
    # in a container of one of ``images`` (elsewhere the home is not known: the loader is
    # not used)
    home_env: str = ""
    home: str = ""
    images: tuple[str, ...] = ()
    # name -> its default path under the home (``dags``; a name ending in ``.py`` is a file)
    paths: dict[str, str] = field(default_factory=dict)
    # name -> the variable that sets it (``AIRFLOW__CORE__DAGS_FOLDER``)
    path_env: dict[str, str] = field(default_factory=dict)
    # an INI file under the home whose ``section.key`` (path_keys: name -> it) sets a path
    config_file: str = ""
    path_keys: dict[str, str] = field(default_factory=dict)
    # subcommand (a group's written with it: ``celery worker``) -> the names of what it loads;
    # ``needs``: the names one of which must hold Python for the layout to be understood
    subcommands: dict[str, tuple[str, ...]] = field(default_factory=dict)
    needs: tuple[str, ...] = ()
    # name -> words (any letter case) a file of that folder must hold for the program to load
    # it (Airflow's DAG discovery safe mode parses only files holding both "airflow" and
    # "dag"); ``words_switch_env``/``words_switch_key`` (a ``section.key`` of ``config_file``):
    # the boolean that turns that check off where it is false
    words: dict[str, tuple[str, ...]] = field(default_factory=dict)
    words_switch_env: str = ""
    words_switch_key: str = ""


@dataclass(frozen=True)
class Frameworks:
    """What frameworks and process managers run without an import (``rules/frameworks.yaml``)."""

    module_lists: tuple[ModuleList, ...] = ()
    module_env: tuple[str, ...] = ()  # variables naming a module a framework imports
    settings_env: tuple[str, ...] = ()  # variables naming the module whose top-level names are the settings
    path_includers: tuple[str, ...] = ()  # libraries that run the settings files a module names by path
    task_name_calls: tuple[str, ...] = ()  # calls whose string argument is a task's name, not a module imported
    task_name_keys: tuple[str, ...] = ()  # dict keys whose string value is a task's name (a beat schedule's "task")
    subcommand_tables: tuple[SubcommandTable, ...] = ()  # subcommands listed with their options classes
    app_submodules: dict[str, tuple[str, ...]] = field(default_factory=dict)  # program -> submodules it loads
    management: Management = Management()
    ini_entries: tuple[ConfigRunner, ...] = ()
    process_managers: tuple[ConfigRunner, ...] = ()
    service_scripts: tuple[str, ...] = ()  # globs of init systems' service scripts
    non_runtime_dirs: tuple[str, ...] = ()
    no_python: tuple[str, ...] = ()  # programs that are not Python
    renderers: tuple[str, ...] = ()  # template renderers: fill files from the environment, dial nothing
    file_tools: tuple[str, ...] = ()  # programs and shell words that open no connection
    fetch_tools: tuple[str, ...] = ()  # programs that dial only the addresses their command line writes (curl)
    no_python_images: tuple[str, ...] = ()  # image globs
    interpreter_images: tuple[str, ...] = ()  # image globs whose default command is the bare interpreter
    python_installers: tuple[str, ...] = ()  # RUN programs whose Python installs are never known (conda, pipx)
    system_installers: tuple[str, ...] = ()  # system package managers (a python3-* package: unknown)
    project_installers: tuple[str, ...] = ()  # programs that install the project's pyproject.toml (poetry)
    shell_images: tuple[str, ...] = ()  # image globs whose default command is a shell (ubuntu: bash)
    # programs a Dockerfile's RUN may write project files with, names it does not spell (runs/absentscript.py)
    image_build_file_writers: tuple[str, ...] = ()
    image_entrypoints: tuple[ImageEntrypoint, ...] = ()  # what images' own entrypoint scripts run
    no_python_subcommands: dict[str, tuple[str, ...]] = field(default_factory=dict)  # program -> subcommands
    directory_loaders: tuple[DirectoryLoader, ...] = ()  # programs that load every file of some directories
    tool_modules: tuple[str, ...] = ()  # `python -m` modules of the interpreter that import no project code
    # top-level modules -> the distributions that provide them, where the names differ (runs/installed.py)
    import_distributions: dict[str, tuple[str, ...]] = field(default_factory=dict)
    test_runners: tuple[str, ...] = ()  # programs that run the project's test suite (pytest): test code
    interpreter_options: tuple[str, ...] = ()  # a start command's first word that only the interpreter takes
    task_runners: tuple[TaskRunner, ...] = ()
    # globs over the names of entry-point groups a project's command-line program loads its
    # subcommands from (click-plugins' `with_plugins(entry_points(group="app.cli_plugins"))`)
    cli_plugin_groups: tuple[str, ...] = ()
    task_starts: tuple[str, ...] = ()  # words of a task's code that show it starts Python of the project
    make_programs: tuple[str, ...] = ()  # programs that run the recipe of a Makefile's target (runs/makefile.py)
    makefiles: tuple[str, ...] = ()  # the names such a program looks for, in its order
    make_value_options: tuple[str, ...] = ()  # its options that take a value
    source_commands: tuple[str, ...] = ()
    python_words: tuple[str, ...] = ()  # words of a Dockerfile that show its image holds Python


@dataclass(frozen=True)
class RuleExample:
    """One example of a rule entry: a layout, files it flags, the same files fixed, and
    files it accepts (each a mapping of relative path to text)."""

    compose: str = ""
    invalid: dict[str, str] = field(default_factory=dict)
    fixed: dict[str, str] = field(default_factory=dict)
    valid: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class RuleEntry:
    """A rule's documentation and settings (``rules/codes/DWxxx.yaml`` or a pack's entry)."""

    code: str
    applicability: str  # one of APPLICABILITIES
    name: str = ""
    severity: str = "error"
    summary: str = ""
    why: str = ""
    evidence: str = ""
    fix: str = ""
    fix_safety: str = ""
    notes: str = ""
    examples: tuple[RuleExample, ...] = ()


@dataclass(frozen=True)
class FlowTables:
    """What makes a value dialled (``rules/flow.yaml``'s ``flow``), read by ``dockwise.flow``.

    Every table is a list of names; a pack's list adds to the bundled one."""

    strong_names: tuple[str, ...] = ()  # variable / setting globs whose value a client dials
    host_only_names: tuple[str, ...] = ()  # strong names whose client takes a host, never a URL
    settings_sinks: tuple[str, ...] = ()  # framework settings' key paths ("DATABASES.*.HOST")
    attribute_sinks: tuple[str, ...] = ()  # "module.attribute" a library dials once assigned (stripe.api_base)
    setting_readers: tuple[str, ...] = ()  # "SETTING module ...": the libraries that alone read a setting
    backend_ports: tuple[str, ...] = ()  # "BACKEND PORT": the default port of a settings mapping's ENGINE
    config_loaders: tuple[str, ...] = ()  # calls that fill a config mapping from a settings module or class
    config_overrides: tuple[str, ...] = ()  # calls that fill it from another source after them
    config_lookups: tuple[str, ...] = ()  # "OBJECT.METHOD": that mapping read by a key
    settings_lookups: tuple[str, ...] = ()  # "OBJECT.METHOD": a settings object read by a name string
    readers_need_known_code: tuple[str, ...] = ()  # settings whose reader test needs the container's code known
    setting_reader_idle_imports: tuple[str, ...] = ()  # modules of a reader whose import alone builds nothing that reads
    # "MODULE LIST...": a reader that counts as imported where a module the container runs writes its
    # name in one of those lists (INSTALLED_APPS: Django imports every installed app as it sets up)
    setting_reader_apps: tuple[str, ...] = ()
    # "SETTING module ...": a setting that those libraries alone read, not dialled where the code
    # imports one of them and uses none of those imports (the extension is never built)
    setting_unbuilt_readers: tuple[str, ...] = ()
    mail_hosts: tuple[str, ...] = ()  # "HOST PORT DEFAULT_PORT BACKEND SMTP_BACKEND...": a mail host only SMTP backends dial
    offline_backends: tuple[str, ...] = ()  # "PATH KEY BACKEND...": a setting the mapping's KEY naming BACKEND never dials
    never_calls: tuple[str, ...] = ()  # calls whose arguments never reach a connection
    pass_calls: tuple[str, ...] = ()  # calls that hand their string argument on
    handler_decorators: tuple[str, ...] = ()  # decorators of request handlers
    route_decorators: tuple[str, ...] = ()  # globs of decorators that make a function a route a server calls
    view_classes: tuple[str, ...] = ()  # globs of class-based view bases whose methods a server calls
    middleware_classes: tuple[str, ...] = ()  # globs of middleware bases: every method runs on a request
    middleware_init_params: tuple[str, ...] = ()  # an `__init__` parameter that makes a class a middleware
    route_registrations: tuple[str, ...] = ()  # globs of calls that register a view in a route table
    router_classes: tuple[str, ...] = ()  # globs of route tables built apart from the app (APIRouter, Blueprint)
    # what may run in a container that only imports the code (flow/importtime.py): the last
    # names of decorators and calls that hand a function to the process to call on an event,
    # and the methods a framework calls while the application loads
    cli_option_decorators: tuple[str, ...] = ()  # globs of decorators that declare a command-line option
    import_time_callbacks: tuple[str, ...] = ()
    startup_methods: tuple[str, ...] = ()
    wrapping_decorators: tuple[str, ...] = ()  # last names of decorators that only wrap a function (contextmanager)
    self_running_bases: tuple[str, ...] = ()  # last names of library classes that call their subclass's methods
    task_classes: tuple[str, ...] = ()  # globs of task base classes whose `run` is the task's body
    lazy_clients: tuple[str, ...] = ()  # globs of client constructors that open no connection when built
    in_memory_clients: tuple[str, ...] = ()  # globs of modules and classes of in-memory client fakes
    # last names of bases that neither build their subclasses nor call their methods by name
    inert_bases: tuple[str, ...] = ()
    # last names of library bases whose undecorated methods run only where code names them (BaseSettings)
    method_inert_bases: tuple[str, ...] = ()
    lazy_eager_keywords: tuple[str, ...] = ()  # keywords that make such a client connect when built
    field_factories: tuple[str, ...] = ()  # "qualified.call keyword": a class field's default factory
    field_defaults: tuple[str, ...] = ()  # "qualified.call keyword": a class field's default value
    field_positional_defaults: tuple[str, ...] = ()  # field declarations whose first argument is the default
    lazy_holders: tuple[str, ...] = ()  # factories that keep such a client, dialling nothing when given it
    signing_clients: tuple[str, ...] = ()  # globs of lazy clients whose signing_methods send nothing
    signing_methods: tuple[str, ...] = ()  # methods of those clients that sign a URL locally
    server_start_calls: tuple[str, ...] = ()  # last names of calls that may start a server or a program
    module_start_calls: tuple[str, ...] = ()  # those of them that are a module's functions (os.system)
    idle_start_classes: tuple[str, ...] = ()  # globs of classes whose `.start()` starts no server itself
    non_server_bases: tuple[str, ...] = ()  # globs of library base classes whose methods start no server
    target_start_classes: tuple[str, ...] = ()  # globs of classes whose `.start()` runs their `target=` only
    program_calls: tuple[str, ...] = ()  # globs of calls whose first argument is the program they run
    tool_programs: tuple[str, ...] = ()  # programs that serve no request of the project (git, ffmpeg)
    coroutine_runs: tuple[str, ...] = ()  # globs of calls that run the one coroutine handed to them
    idle_calls: tuple[str, ...] = ()  # globs of calls named like a server start that start none
    idle_receiver_calls: tuple[str, ...] = ()  # globs of calls building objects whose server-named methods start none
    socket_keywords: tuple[str, ...] = ()  # keywords that send a client over a Unix socket
    socket_connectors: tuple[str, ...] = ()  # globs of connector classes that send a session over a Unix socket
    tcp_transports: tuple[str, ...] = ()  # globs of transport classes that use TCP unless given a socket keyword
    proxy_keywords: tuple[str, ...] = ()  # keywords that send a request through a proxy
    probe_calls: tuple[str, ...] = ()  # globs of calls that probe a port (connect_ex)
    remote_browsers: tuple[str, ...] = ()  # classes of a browser another container runs (selenium's Remote)
    browser_navigations: tuple[str, ...] = ()  # their methods that open the page given first (get)
    socket_setup_methods: tuple[str, ...] = ()  # socket methods that leave a bound socket no server
    cli_subcommands: tuple[str, ...] = ()  # globs of decorators that make a function a CLI subcommand
    command_free_servers: tuple[str, ...] = ()  # servers that load an app and dispatch no CLI subcommand
    task_decorators: tuple[str, ...] = ()  # globs of decorators that register a function as a background task
    # where a task's body runs (flow/called.py): programs that execute tasks, calls that start a
    # worker in-process, words that turn on eager execution, methods that only send a task
    task_programs: tuple[str, ...] = ()
    task_worker_starts: tuple[str, ...] = ()
    task_eager_words: tuple[str, ...] = ()
    task_send_methods: tuple[str, ...] = ()
    task_queue_dials: tuple[str, ...] = ()  # sink kinds of a task queue's broker and result backend
    task_send_calls: tuple[str, ...] = ()  # calls that send a task or talk to the broker (regex alternatives)
    task_definitions: tuple[str, ...] = ()  # what defines or registers a task (regex alternatives)
    # where a function is handed to a task queue's worker as a job (flow/astfacts.py task_registration):
    # dict keys and class attributes, globs of calls with the keywords that take jobs, globs of schedules
    task_registration_slots: tuple[str, ...] = ()
    task_registration_calls: tuple[str, ...] = ()
    task_registration_keywords: tuple[str, ...] = ()
    task_schedule_calls: tuple[str, ...] = ()
    cli_group_callbacks: tuple[str, ...] = ()  # globs of decorators that make a function a sub-app's callback
    cli_group_constructors: tuple[str, ...] = ()  # globs of calls that build such a command group (typer.Typer)
    registry_decorators: tuple[str, ...] = ()  # globs of decorators that register a class under a name
    string_methods: tuple[str, ...] = ()  # str methods that hand the string on
    maintenance_commands: tuple[str, ...] = ()  # one-off subcommands (manage.py flush) argv checks name
    container_checks: tuple[str, ...] = ()  # globs of functions that ask "am I in a container?"
    config_getters: tuple[str, ...] = ()  # globs of a project's getters of a named setting (get_setting("url"))
    request_dependencies: tuple[str, ...] = ()  # markers a framework fills a dependency function's parameters through (Depends)
    container_markers: tuple[str, ...] = ()  # files only a container has ("/.dockerenv")
    runtime_env: tuple[str, ...] = ()  # variables Docker sets in every container (HOSTNAME)
    runtime_settings_env: tuple[str, ...] = ()  # globs of variables that set up the runtime, no project setting
    container_env_flags: tuple[str, ...] = ()  # globs of variables that say "in a container" (IN_DOCKER)
    ci_run_values: tuple[str, ...] = ()  # values of a variable that name a CI run (ENVIRONMENT == "CI")
    ci_env_flags: tuple[str, ...] = ()  # globs of variables a CI runner sets itself (GITHUB_ACTIONS)
    env_mappings: tuple[str, ...] = ()  # reader types whose `"X" in reader` asks os.environ (environ.Env)
    feature_flags: tuple[str, ...] = ()  # "{}_ENABLED": names of a feature's switch, "{}" a variable's prefix
    dotenv_loaders: tuple[str, ...] = ()  # calls that load a dotenv file into the environment (load_dotenv)
    env_readers: tuple[str, ...] = ()  # "PATTERN module ...": libraries that read a documented variable unnamed
    env_name_composers: tuple[str, ...] = ()  # "KEYWORD [DEFAULT]": settings loaders that compose variable names
    unfollowed_env_composers: tuple[str, ...] = ()  # those whose composed reads are not followed to their uses (click)
    port_probes: tuple[str, ...] = ()  # calls and probe programs that open a TCP connection and speak no protocol
    env_inert_programs: tuple[str, ...] = ()  # programs that read no address variable of the project's
    class_walkers: tuple[str, ...] = ()  # calls that reach classes without their names (__subclasses__)
    base_walkers: tuple[str, ...] = ()  # those that reach only the receiver's subclasses (__subclasses__)
    hook_methods: tuple[str, ...] = ()  # globs of method names libraries call on objects they are handed
    name_loaders: tuple[str, ...] = ()  # calls that load a class from a name in a string (import_string)
    env_converters: tuple[str, ...] = ()  # "CALL HOW": calls that turn a variable's text into a value (ast.literal_eval)
    env_reader_types: tuple[str, ...] = ()  # "CALL HOW": environment readers that convert what they read (env.bool)
    env_cast_types: tuple[str, ...] = ()  # "CAST HOW": values of a reader's cast= keyword (decouple's cast=bool)
    bound_port_reads: tuple[str, ...] = ()  # attributes that read a bound port back (getsockname)
    sidecar_port_env: tuple[str, ...] = ()  # variables giving the port of a sidecar in the app's network stack
    process_starts: tuple[str, ...] = ()  # globs of calls that start a process from an argument list
    listen_options: tuple[str, ...] = ()  # options that give a started server its port (--port)
    listen_address_options: tuple[str, ...] = ()  # options that give a started server its address
    script_interpreters: tuple[str, ...] = ()  # programs that run a script of the project (node)
    script_extensions: tuple[str, ...] = ()  # what such a script's name ends with (.js)
    background_process_starts: tuple[str, ...] = ()  # process starts that leave the process running (Popen)
    nested_env_delimiters: tuple[str, ...] = ()  # how a variable names a nested setting key (A__b__C)
    setting_env_prefixes: tuple[str, ...] = ()  # PREFIX: a loader sets setting KEY from variable PREFIX+KEY
    # "CALL KEYWORD POSITION DEFAULT [SUFFIX]": a loader built by that call takes its prefix there
    setting_env_prefix_loaders: tuple[str, ...] = ()
    env_first: tuple[str, ...] = ()  # "SINK VARIABLE": a library reads the variable before the value
    namespaced_settings: tuple[str, ...] = ()  # "SINK KEY": a namespaced config source's NAMESPACE_KEY wins
    namespaced_config_sources: tuple[str, ...] = ()  # config_from_object sources that are the settings module
    settings_bases: tuple[str, ...] = ()  # base classes whose fields the environment fills (BaseSettings)
    field_env_ignored_bases: tuple[str, ...] = ()  # settings bases whose Field(env=...) names no variable

    def mail_host_table(self) -> dict[str, tuple[str, int, str, tuple[str, ...]]]:
        """``mail_hosts`` read: host setting -> (port setting, default port, backend setting,
        the backends that dial SMTP)."""
        out: dict[str, tuple[str, int, str, tuple[str, ...]]] = {}
        for line in self.mail_hosts:
            host, port, default, backend, *smtp = line.split()
            out[host] = (port, int(default), backend, tuple(smtp))
        return out

    def settings_base(self, qualified: str) -> bool:
        """``qualified`` (a base class's dotted name, imports resolved) is one whose fields a
        settings library fills from the environment: a bare entry matches its last name, a
        dotted entry the whole name."""
        last = qualified.rsplit(".", 1)[-1]
        return any(entry == qualified if "." in entry else entry == last for entry in self.settings_bases)

    def field_env_ignored(self, qualified: str) -> bool:
        """``qualified`` (a base class's dotted name, imports resolved) is a settings base whose
        fields' ``Field(env=...)`` names no variable (``field_env_ignored_bases``, whole names)."""
        return qualified in self.field_env_ignored_bases


@dataclass(frozen=True)
class Knowledge:
    schemes: dict[str, Scheme] = field(default_factory=dict)
    images: tuple[ImagePorts, ...] = ()
    clients: tuple[ClientCall, ...] = ()
    keywords: dict[str, str] = field(default_factory=dict)  # generic keyword -> form
    dict_keys: dict[str, str] = field(default_factory=dict)  # config-mapping key -> form
    names: Names = Names()
    commands: Commands = Commands()  # what start commands run (rules/commands.yaml)
    frameworks: Frameworks = Frameworks()  # modules frameworks import (rules/frameworks.yaml)
    flow: FlowTables = FlowTables()  # what makes a value dialled (rules/flow.yaml)
    codes: dict[str, RuleEntry] = field(default_factory=dict)  # rule entries by code
    env_hosts: dict[str, str] = field(default_factory=dict)  # variable-name glob -> the scheme it implies
    hosts: HostTables = HostTables()  # rules/hosts.yaml
    # image name -> the positions (in table order) of the entries of ``images`` matching it:
    # every service's image is looked up many times a run (ports, entrypoint, command, what it
    # dials), and a scan of the whole table each time grew with the services of a layout
    _image_index: dict[str, list[int]] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for i, entry in enumerate(self.images):
            for name in dict.fromkeys(entry.match):
                self._image_index.setdefault(name, []).append(i)

    def __hash__(self) -> int:  # tables are built once; identity is enough
        return id(self)

    # -- lookups -----------------------------------------------------------------------
    def applicability(self, code: str) -> str:
        """What ``dockwise fix`` may do for a rule (its entry's ``applicability``): "safe"
        (applied by default), "unsafe" (only with --unsafe-fixes) or "none"."""
        entry = self.codes.get(code)
        return entry.applicability if entry is not None else "none"

    def scheme(self, name: str | None) -> Scheme | None:
        if not name:
            return None
        key = name.lower()
        if key.startswith("jdbc:"):
            key = key[5:]
        hit = self.schemes.get(key)
        if hit is None and "+" in key:
            hit = self.schemes.get(key.split("+", 1)[0])
        return hit

    def scheme_port(self, name: str | None) -> int | None:
        hit = self.scheme(name)
        return hit.port if hit else None

    def image_dialled_names(self, image: str | None) -> tuple[str, ...]:
        """The variable globs the image ``image`` reads as addresses it connects to."""
        if not image:
            return ()
        names = image_names(image)
        return tuple(d for e in self._image_entries(names) if e.dials for d in e.dials)

    def _image_entries(self, names: tuple[str, ...]) -> list[ImagePorts]:
        """The entries of ``images`` matching any of ``names``, in table order."""
        return [self.images[i] for i in sorted({i for n in names for i in self._image_index.get(n, ())})]

    def image_entry(self, image: str | None) -> ImagePorts | None:
        """The entry of ``rules/images.yaml`` that ``image`` matches, if any."""
        if not image:
            return None
        found = self._image_entries(image_names(image))
        return found[0] if found else None

    def scheme_of_port(self, port: int) -> str | None:
        """The one scheme whose clients dial ``port`` by default or commonly (``rules/schemes.yaml``
        port, also): 587 -> smtp; None where none or several do."""
        found = [s for s in self.schemes.values() if s.kind == "network" and (s.port == port or port in s.also)]
        # the spellings of one entry share its ports: its first spelling names it
        same = len({(s.port, s.also) for s in found}) == 1
        return found[0].name if found and same else None

    def image_ports(self, image: str | None) -> tuple[int, ...]:
        entry = self.image_entry(image)
        return entry.ports if entry is not None else ()

    def image_entry_program(self, image: str | None) -> str | None:
        """The program the image's own ENTRYPOINT runs with the container's command as its
        arguments, where ``rules/images.yaml`` says (``entrypoint``)."""
        entry = self.image_entry(image)
        return entry.entrypoint if entry is not None else None

    def image_command(self, image: str | None) -> tuple[str, ...]:
        """The image's own default command, where ``rules/images.yaml`` says (``command``)."""
        entry = self.image_entry(image)
        return entry.command if entry is not None else ()

    def image_listen_names(self, image: str | None) -> tuple[str, ...]:
        """The variable globs the image ``image`` reads as its own listen addresses."""
        entry = self.image_entry(image)
        return entry.listens if entry is not None else ()

    def image_listens_at(self, image: str | None, name: str) -> bool:
        """The image ``image`` reads the variable ``name`` as its own listen address."""
        listens = self.image_listen_names(image)
        return bool(listens) and glob_match(name, listens)


def image_names(image: str) -> tuple[str, ...]:
    """Names an image reference may match, most specific first.

    'docker.io/library/postgres:16@sha256:..' -> ('docker.io/library/postgres', 'postgres');
    'mcr.microsoft.com/mssql/server:2022' -> ('mcr.microsoft.com/mssql/server', 'mssql/server', 'server').
    """
    ref = image.strip().lower().split("@", 1)[0]
    slash, colon = ref.rfind("/"), ref.rfind(":")
    if colon > slash:
        ref = ref[:colon]
    parts = [p for p in ref.split("/") if p]
    if not parts:
        return ()
    names = ["/".join(parts)]
    if len(parts) > 1 and ("." in parts[0] or ":" in parts[0] or parts[0] == "localhost"):
        parts = parts[1:]
        names.append("/".join(parts))
    if len(parts) > 1 and parts[0] == "library":
        parts = parts[1:]
        names.append("/".join(parts))
    if len(parts) > 1:
        names.append(parts[-1])
    return tuple(dict.fromkeys(names))
