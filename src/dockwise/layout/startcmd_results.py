"""What a start command or healthcheck was found to run: the values
``analyze_command`` and ``healthcheck_info`` return (the Python targets, the server and
where it binds, the ports, the probes)."""
from __future__ import annotations

from dataclasses import dataclass

from dockwise.model import Text


@dataclass(frozen=True)
class PythonTarget:
    """Python code a command runs.

    kind: "script" (a file path as written), "module" (a dotted module name), "code"
      (``python -c`` source).
    main: True when it runs as ``__main__`` (``python app.py``, ``python -m pkg``,
      ``streamlit run app.py``); False when a server or runner imports it
      (``gunicorn app:app``, ``celery -A tasks worker``): an ``if __name__ == "__main__"``
      block there does not run.
    working_dir: the container directory relative names are resolved against (the
      command's working directory, changed by ``cd``, ``--chdir``, ``--app-dir``...).
    """

    kind: str
    value: str
    text: Text | None = None
    working_dir: str | None = None
    main: bool = True
    attr: str | None = None  # "app" of "app.main:app"
    via: str | None = None  # the program that runs it: "python", "gunicorn", "celery", ...
    args: tuple[str, ...] = ()  # the arguments after a script or module (manage.py <command>)
    subcommand: str | None = None  # the runner's subcommand, its app given by option (`celery -A proj beat`)
    # a module the server imports by convention, nothing naming its app (`flask run`: wsgi, else
    # app): it runs only where its file is in ``working_dir``, the first of them found, and not
    # where one of ``unless_files`` there sets one of ``unless_env`` (``.flaskenv``: FLASK_APP)
    conventional: bool = False
    unless_files: tuple[str, ...] = ()
    unless_env: tuple[str, ...] = ()
    sys_path: tuple[str, ...] = ()  # container directories a server adds to its import path (--python-path)


@dataclass(frozen=True)
class ServerInfo:
    name: str
    program: Text | None = None  # the token naming the server (or its module)
    bind: Text | None = None  # the host given to it (last one wins), a located slice
    binds: tuple[Text, ...] = ()  # every host given (gunicorn -b is repeatable)
    bind_default: str | None = None  # the default host, when no host is given
    host_source: str | None = None  # "option" | "positional" | "env:NAME" | None
    ports: tuple[int, ...] = ()
    port_texts: tuple[Text, ...] = ()
    config_files: tuple[str, ...] = ()  # config files it reads (may set the bind); as written
    config_bind_replaced: bool = False  # a bind option given replaces the bind those files set
    no_tcp: bool = False  # listens on a Unix socket / inherited fd only


@dataclass(frozen=True)
class StartInfo:
    server: str | None = None  # the first server the command starts
    bind: Text | None = None
    bind_default: str | None = None
    ports: tuple[int, ...] = ()  # ports of every server started
    python_targets: tuple[PythonTarget, ...] = ()
    working_dir: str | None = None
    servers: tuple[ServerInfo, ...] = ()
    programs: tuple[Text, ...] = ()  # argv[0] of every simple command, after wrappers
    shell_scripts: tuple[str, ...] = ()  # shell scripts it runs (entrypoint.sh), as written
    # (script, the working directory it runs in): the command's own, or where a `cd` before it
    # moved (`sh -c "cd /workspace/app && bash scripts/start.sh"`); None where unknown
    script_dirs: tuple[tuple[str, str | None], ...] = ()
    argvs: tuple[tuple[str, ...], ...] = ()  # every simple command's argv, after wrappers

    @property
    def server_info(self) -> ServerInfo | None:
        return self.servers[0] if self.servers else None

    @property
    def program(self) -> Text | None:
        """The token naming the (first) server: where a finding about a missing host
        option points."""
        return self.servers[0].program if self.servers else None


@dataclass(frozen=True)
class ProbeInfo:
    program: str
    program_text: Text | None = None
    hosts: tuple[Text, ...] = ()  # located host slices it connects to
    ports: tuple[int, ...] = ()
    urls: tuple[Text, ...] = ()
    localhost_ipv6_first: bool = False  # busybox wget: "localhost" is tried as ::1 first


@dataclass(frozen=True)
class HealthcheckInfo:
    disabled: bool = False  # ["NONE"] / HEALTHCHECK NONE
    program: str | None = None  # the first probe's program
    hosts: tuple[Text, ...] = ()  # every probed host
    probes: tuple[ProbeInfo, ...] = ()
    python_targets: tuple[PythonTarget, ...] = ()
    localhost_ipv6_first: bool = False  # some probe of "localhost" resolves ::1 first
