"""A service's entry points: the Python code its start command runs.

The effective start command (Compose ``command``/``entrypoint`` over the Dockerfile's
``CMD``/``ENTRYPOINT``) is read by :mod:`dockwise.layout.startcmd`.  Here it is followed
further, into what the tree holds: shell scripts it runs (``docker-entrypoint.sh``), the
configurations of process managers (supervisord, a Procfile), init systems' service
scripts, console scripts the project declares, Django management commands and ini-named
files (alembic's ``env.py``).  Every program and configuration format is data in
``rules/commands.yaml`` and ``rules/frameworks.yaml``.

The result says which entries were found, and which parts of the command could not be
read (an unknown program, a script outside the tree): where nothing could be read at all,
the caller falls back to the service's whole code.
"""
from __future__ import annotations

import configparser
import fnmatch
import posixpath
import re
import shlex
from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

from dockwise.knowledge import ConfigRunner, Frameworks
from dockwise.knowledge.globs import glob_match
from dockwise.knowledge.records import TaskRunner
from dockwise.layout.dispatch import dispatched_file, select_argc_ifs, select_first_arg_cases
from dockwise.layout.dotenv import parse_env_file
from dockwise.layout.envcase import select_env_cases
from dockwise.layout.model import Service
from dockwise.layout.paths import EXEC_PATH_DIRS
from dockwise.layout.shellfuncs import without_uncalled_functions
from dockwise.layout.startcmd import analyze_command, known_program
from dockwise.model import HOLE, Text
from dockwise.runs.dirloaders import directory_load
from dockwise.runs.fs import ContainerView, ProjectFiles
from dockwise.runs.imagematch import image_in
from dockwise.runs.inlinescript import inline_script
from dockwise.runs.makefile import make_arguments, recipe_script
from dockwise.runs.mountedscript import absent_built_script, absent_mounted_script, chain_before_absent_copy
from dockwise.runs.proxyconf import read_proxy_config
from dockwise.runs.tasks import tasks_start_nothing
from dockwise.runs.tomltext import parse_toml, table

__all__ = ["Entry", "StartEntries", "service_entries", "console_scripts", "nested_packages", "PACKAGING_FILES"]

_MAX_DEPTH = 4
_PATH_DIRS = EXEC_PATH_DIRS


@dataclass(frozen=True)
class Entry:
    """Python code a container starts.

    kind: "script" (a container path), "module" (a dotted name), "code" (``python -c``),
      "file" (a project file found directly: an ini-named file, a management command).
    main: run as ``__main__`` (its ``if __name__ == "__main__":`` block runs).
    origin: where the command was read (a Compose file, a Dockerfile, a script, a config).
    """

    kind: str
    value: str
    working_dir: str | None = None
    main: bool = True
    via: str | None = None
    args: tuple[str, ...] = ()
    origin: str = ""
    sys_path: tuple[str, ...] = ()  # extra container directories its imports resolve from
    calls: str | None = None  # the function a console script calls (`main` of "pkg.cli:main")
    console: bool = False  # a console script: ``value`` is the module whose function it calls with ``args``
    subcommand: str | None = None  # the runner's subcommand (`celery -A proj beat`: "beat")


def imports_only(e: Entry, runners: Iterable[Any]) -> bool:
    """The entry is a task runner started with a subcommand that executes no task (``celery
    -A proj beat``, a monitor: ``rules/commands.yaml`` runners task_subcommands): it imports the
    project's modules and runs none of their functions.  A runner whose subcommand is not
    written, or any other program, may run them."""
    prog = posixpath.basename((e.via or "").partition(" ")[0])
    runner = next((r for r in runners if r.task_subcommands and r.matches(prog)), None)
    return runner is not None and e.subcommand is not None and e.subcommand not in runner.task_subcommands


def quiet_config_entry(e: Entry, fw: Frameworks) -> bool:
    """The entry is the file a program runs from its configuration and exits after, serving
    nothing (``rules/frameworks.yaml`` ini_entries quiet: alembic's env.py)."""
    prog = posixpath.basename((e.via or "").partition(" ")[0])
    return e.kind == "file" and bool(prog) and any(c.quiet and _names(c.programs, prog) for c in fw.ini_entries)


def quiet_program(e: Entry, quiet_configs: Iterable[str]) -> bool:
    """The entry is the file a program runs from its configuration before it exits
    (``quiet_configs``: the programs of rules/frameworks.yaml quiet ini entries, alembic's
    env.py), the program started as itself or as a module (``python -m alembic upgrade head``)."""
    def quiet(prog: str) -> bool:
        return any(fnmatch.fnmatchcase(prog.lower(), p.lower()) for p in quiet_configs)

    if e.kind == "file" and e.via is not None:
        return quiet(posixpath.basename(e.via.partition(" ")[0]))
    return e.kind == "module" and e.via == "python" and bool(e.value) and quiet(str(e.value))


def serves_no_requests(entries: Iterable[Entry], runners: Iterable[Any]) -> bool:
    """Every program the entries start is a runner that serves no requests (``celery -A proj
    worker``, rq, dramatiq: ``rules/commands.yaml`` runners without serves_requests): code
    that only a server loads (Django's WSGI_APPLICATION) runs in none of them.  Entries
    that only name a module by an environment variable start nothing."""
    runners = tuple(runners)
    programs = [posixpath.basename((e.via or "").partition(" ")[0]) for e in entries
                if not (e.via or "").startswith("env:")]
    return bool(programs) and all(quiet_runner(p, runners) for p in programs)


def quiet_runner(prog: str, runners: Iterable[Any]) -> bool:
    """``prog`` is a runner that serves no requests (``rules/commands.yaml`` runners without
    serves_requests: ``celery``, ``rq``, ``dramatiq``; not faust's worker)."""
    return bool(prog) and any(r.matches(prog) and not r.serves_requests for r in runners)


@dataclass
class StartEntries:
    entries: list[Entry] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)  # programs / scripts not understood
    scripts: list[str] = field(default_factory=list)  # project files read as part of the command
    # the words that ran those of ``scripts`` a command names as its program (`/entrypoint`), as written
    script_words: list[str] = field(default_factory=list)
    # those of ``scripts`` that are the configuration of a runner that starts no command from
    # it (alembic.ini: the file that runs is its env.py, an entry): data it reads, not a shell
    configs: list[str] = field(default_factory=list)
    commands: list[tuple[str, ...]] = field(default_factory=list)  # every argv seen
    # programs an init system (service scripts) or a process manager (supervisord, a
    # Procfile) starts beside the project's Python that run none of it (nginx, a media
    # server), or whose configuration is not in the tree to read (one counts): any of them
    # may serve a loopback port, on a port dockwise cannot know
    foreign_programs: int = 0
    task_only: list[tuple[str, ...]] = field(default_factory=list)  # task runners' argv whose tasks run no Python
    listens: list[int] = field(default_factory=list)  # ports of the daemons it starts (redis-server &)
    # loopback ports a proxy it starts forwards to (an envoy sidecar's cluster at 127.0.0.1:8080)
    forwards: list[int] = field(default_factory=list)
    # of ``listens``, those a proxy's configuration gives an IPv4 listener (nginx's ``listen
    # 8080;``) and those it gives an IPv6 or a named one (``listen [::]:8080;``): runs/proxyconf.py
    ipv4_listens: list[int] = field(default_factory=list)
    other_listens: list[int] = field(default_factory=list)
    # a proxy's main configuration file (``-c``, else its first default: nginx's
    # /etc/nginx/nginx.conf) is the tree's and includes no other file: it is all the proxy
    # loads, nothing of the configuration its image ships (the nginx image's default server)
    config_whole: bool = False


def _cmd_text(tokens: Iterable[Text]) -> str:
    return " ".join(t.value for t in tokens)


def _names(patterns: Iterable[str], name: str) -> bool:
    """``name`` is one of ``patterns`` (globs, case-insensitive; every word of every start
    command is tried against the knowledge's program lists: one matcher per list)."""
    return glob_match(name, patterns if isinstance(patterns, tuple) else tuple(patterns))


def _env_map(svc: Service) -> dict[str, Text | None]:
    out: dict[str, Text | None] = {}
    for var in svc.environment:
        out[var.name] = var.value
    return out


def console_scripts(files: ProjectFiles, dirs: Iterable[str]) -> dict[str, tuple[str, tuple[str, ...]]]:
    """Console scripts the project declares: name -> ("module:function", the project dirs its import
    resolves in: that of the declaring file, then the other members of its workspace), from ``pyproject.toml`` (``[project.scripts]``, ``[tool.poetry.scripts]``),
    ``setup.cfg`` (``console_scripts``) and ``setup.py`` (``"name = mod:func"`` strings, or the lines of
    an INI string's ``[console_scripts]`` section), and
    those of a uv workspace's members (``[tool.uv.workspace] members = ["packages/*"]``)."""
    out: dict[str, tuple[str, str]] = {}
    todo = list(dict.fromkeys(dirs))
    done: set[str] = set()
    workspaces: list[list[str]] = []  # each workspace: its root and members (installed together)
    while todo:
        d = todo.pop(0)
        if d in done or len(done) > 200:
            continue
        done.add(d)
        prefix = f"{d}/" if d else ""
        text = files.text(prefix + "pyproject.toml")
        if text and ("scripts" in text or "workspace" in text):
            data = parse_toml(text) or {}
            project, tool = table(data, "project"), table(data, "tool")
            # a uv workspace's members are projects of their own, installed with it
            members = _workspace_members(files, d, table(table(tool, "uv"), "workspace").get("members"))
            if members:
                workspaces.append([d, *members])
                todo.extend(members)
            tables = [project.get("scripts", {}), project.get("gui-scripts", {}),
                      table(tool, "poetry").get("scripts", {})]
            for scripts in tables:
                if not isinstance(scripts, dict):
                    continue
                for name, ref in scripts.items():
                    if isinstance(ref, dict):
                        ref = ref.get("reference") or ref.get("callable")
                    if isinstance(ref, str) and ":" in ref:
                        out.setdefault(str(name), (ref.strip(), d))
        text = files.text(prefix + "setup.cfg")
        if text and "console_scripts" in text:
            parser = configparser.ConfigParser(interpolation=None)
            try:
                parser.read_string(text)
                declared = _setup_cfg_entry_points(files, prefix, parser)
                value = parser.get(declared, "console_scripts", fallback="") if declared else ""
            except (configparser.Error, ValueError):
                value = ""
            for line in value.splitlines():
                name, eq, ref = line.partition("=")
                if eq and ":" in ref:
                    out.setdefault(name.strip(), (ref.strip(), d))
        text = files.text(prefix + "setup.py")
        if text and "console_scripts" in text:
            for m in re.finditer(r"""["']\s*([\w.-]+)\s*=\s*([\w.]+)\s*:\s*([\w.]+)\s*["']""", text):
                out.setdefault(m.group(1), (f"{m.group(2)}:{m.group(3)}", d))
            # setuptools also takes entry_points as one INI string: a "[console_scripts]"
            # section whose lines, up to the next section or the string's end, are scripts
            for section in _INI_SCRIPTS.finditer(text):
                for m in _INI_SCRIPT_LINE.finditer(section.group(1)):
                    out.setdefault(m.group(1), (f"{m.group(2)}:{m.group(3)}", d))
    return {name: (ref, _with_workspace(d, workspaces)) for name, (ref, d) in out.items()}


def plugin_commands(files: ProjectFiles, d: str, groups: Iterable[str]) -> dict[str, str]:
    """The subcommands the packaging files of the project in ``d`` register as plugins of its
    command-line program: name -> "module:function" of each entry of an entry-point group whose
    name one of the globs ``groups`` matches (``"app.cli_plugins": ["serve = app.cli.serve:main"]``
    of setup.py, ``[project.entry-points."app.cli_plugins"]``, setup.cfg's ``[options.entry_points]``)."""
    patterns = tuple(groups)
    if not patterns:
        return {}

    def wanted(group: str) -> bool:
        return group not in ("console_scripts", "gui_scripts") and any(fnmatch.fnmatchcase(group, p) for p in patterns)

    out: dict[str, str] = {}
    prefix = f"{d}/" if d else ""
    text = files.text(prefix + "setup.py")
    if text and "entry_points" in text:
        for block in _SETUP_GROUP.finditer(text):
            if wanted(block.group(2)):
                for m in _SETUP_ENTRY.finditer(block.group(3)):
                    out.setdefault(m.group(1), f"{m.group(2)}:{m.group(3)}")
    text = files.text(prefix + "setup.cfg")
    if text and "entry_points" in text:
        parser = configparser.ConfigParser(interpolation=None)
        try:
            parser.read_string(text)
            declared = _setup_cfg_entry_points(files, prefix, parser)
            items = dict(parser.items(declared)) if declared else {}
        except (configparser.Error, ValueError):
            items = {}
        for group, value in items.items():
            if wanted(group):
                for line in value.splitlines():
                    name, eq, ref = line.partition("=")
                    if eq and ":" in ref:
                        out.setdefault(name.strip(), ref.strip().replace(" ", ""))
    text = files.text(prefix + "pyproject.toml")
    if text and "entry-points" in text:
        data = parse_toml(text) or {}
        declared = table(data, "project").get("entry-points", {})
        for group, entries in (declared.items() if isinstance(declared, dict) else ()):
            if wanted(str(group)) and isinstance(entries, dict):
                for name, ref in entries.items():
                    if isinstance(ref, str) and ":" in ref:
                        out.setdefault(str(name), ref.strip())
    return out


def _setup_cfg_entry_points(files: ProjectFiles, prefix: str, parser: configparser.ConfigParser) -> str | None:
    """The section of a parsed ``setup.cfg`` that declares the project's entry points:
    setuptools' ``[options.entry_points]``, else pbr's ``[entry_points]`` where the project
    builds with pbr (its setup.py passes ``pbr=True``, or pyproject.toml names pbr's backend):
    pbr reads the groups of that section (``console_scripts = switchd = switchd.__main__:main``)
    as setuptools' entry_points; setuptools alone ignores the section.  None where neither is."""
    if parser.has_section("options.entry_points"):
        return "options.entry_points"
    if not parser.has_section("entry_points"):
        return None
    setup_py = files.text(prefix + "setup.py") or ""
    pyproject = files.text(prefix + "pyproject.toml") or ""
    if _PBR_SETUP.search(setup_py) or "pbr.build" in pyproject:
        return "entry_points"
    return None


_PBR_SETUP = re.compile(r"\bpbr\s*=\s*True\b")


_SETUP_GROUP = re.compile(r"""(["'])([\w.\-]+)\1\s*:\s*\[([^\]]*)\]""")
_SETUP_ENTRY = re.compile(r"""["']\s*([\w.-]+)\s*=\s*([\w.]+)\s*:\s*([\w.]+)\s*["']""")

_INI_SCRIPTS = re.compile(r"""\[\s*console_scripts\s*\]([^\[\]"']*)""")
_INI_SCRIPT_LINE = re.compile(r"^[ \t]*([\w.-]+)[ \t]*=[ \t]*([\w.]+)[ \t]*:[ \t]*([\w.]+)[ \t]*$", re.M)

PACKAGING_FILES = ("pyproject.toml", "setup.cfg", "setup.py")


def nested_packages(files: ProjectFiles, dirs: Iterable[str], depth: int = 2) -> list[str]:
    """Directories up to ``depth`` levels below ``dirs`` that declare a Python package of their
    own (a ``pyproject.toml``, ``setup.cfg`` or ``setup.py``): a Dockerfile that copies the
    repository and then installs its packages one by one (``pip install -e core -e server``)
    puts their console scripts on the PATH, where a start command names them."""
    out: list[str] = []
    level = [d for d in dict.fromkeys(dirs)]
    for _ in range(depth):
        below: list[str] = []
        for d in level:
            for name in files.listdir(d):
                sub = f"{d}/{name}" if d else name
                if name.startswith((".", "_")) or name in ("node_modules", "tests", "test") \
                        or not files.is_dir(sub):
                    continue
                below.append(sub)
                if sub not in out and any(files.is_file(f"{sub}/{f}") for f in PACKAGING_FILES):
                    out.append(sub)
        level = below[:500]
    return out


def _with_workspace(d: str, workspaces: list[list[str]]) -> tuple[str, ...]:
    """``d``, then the other projects of the workspace it belongs to."""
    for ws in workspaces:
        if d in ws:
            return (d, *(m for m in ws if m != d))
    return (d,)


def _workspace_members(files: ProjectFiles, d: str, members: Any) -> list[str]:
    """The member directories a workspace's ``members`` globs name (``packages/*``)."""
    out: list[str] = []
    for pattern in members if isinstance(members, list) else ():
        if not isinstance(pattern, str) or pattern.startswith(("/", "..")):
            continue
        parent, _, last = pattern.strip("/").rpartition("/")
        base = posixpath.normpath(posixpath.join(d, parent)) if d or parent else ""
        base = "" if base == "." else base
        if not any(c in last for c in "*?["):
            out.append(posixpath.join(base, last) if base else last)
            continue
        for name in files.listdir(base):
            if fnmatch.fnmatchcase(name, last) and files.is_dir(posixpath.join(base, name) if base else name):
                out.append(posixpath.join(base, name) if base else name)
    return out


class _Reader:
    """Follows one service's start command into the files the tree holds."""

    def __init__(self, svc: Service, knowledge: Any, view: ContainerView, files: ProjectFiles,
                 scripts: dict[str, tuple[str, tuple[str, ...]]]) -> None:
        self.svc = svc
        self.knowledge = knowledge
        self.view = view
        self.files = files
        self.console = scripts
        fw: Frameworks = knowledge.frameworks
        self.fw = fw
        self.no_python = fw.no_python
        self.managers = fw.process_managers
        self.ini_entries = fw.ini_entries
        self.mgmt_scripts = fw.management.scripts
        self.mgmt_programs = fw.management.programs
        self.out = StartEntries()
        self.env = _env_map(svc)
        self.seen_files: set[str] = set()
        # the script the start command runs with a word it dispatches on (`entrypoint.sh beat`)
        self.first_args: dict[str, str] = {}
        self.functions: set[str] = set()  # shell functions the scripts define

    # -- files in the container ---------------------------------------------------------
    def find(self, value: str, cwd: str | None) -> str | None:
        """The project file a path as written in a command names."""
        if not value or HOLE in value or "$" in value:
            return None
        if value.startswith("/"):
            return self.view.file(value)
        if "/" in value or value.startswith("."):
            return self.view.file(posixpath.join(cwd or "/", value))
        for d in (cwd or "/",) + _PATH_DIRS:
            hit = self.view.file(posixpath.join(d, value))
            if hit is not None:
                return hit
        return None

    def glob(self, pattern: str, cwd: str | None) -> list[str]:
        """Project files at the container paths a glob names."""
        path = pattern if pattern.startswith("/") else posixpath.join(cwd or "/", pattern)
        path = posixpath.normpath(path)
        parts = path.strip("/").split("/")
        current = ["/"]
        for k, part in enumerate(parts):
            nxt = []
            last = k == len(parts) - 1
            for base in current:
                if any(ch in part for ch in "*?["):
                    for name, _rel in self.view.listdir(base):
                        if fnmatch.fnmatchcase(name, part):
                            nxt.append(posixpath.join(base, name))
                else:
                    nxt.append(posixpath.join(base, part))
            current = nxt
            if not last:
                current = [c for c in current if self.view.is_dir(c)]
        out = []
        for c in current:
            rel = self.view.file(c)
            if rel is not None and rel not in out:
                out.append(rel)
        return out

    # -- commands -------------------------------------------------------------------------
    def command(self, tokens, cwd: str | None, origin: str, depth: int = 0) -> None:
        if depth > _MAX_DEPTH:
            return
        if len(tokens) == 3 and tokens[1].value == "-c" \
                and self.knowledge.commands.shells.matches(posixpath.basename(tokens[0].value)):
            # `bash -c "... && cp /mnt/bot/app.py /app/ && python -m app"` where the mounted tree
            # lacks the copied file: cp fails and `&&` starts nothing after it
            before = chain_before_absent_copy(tokens[2].value, cwd, self.view, self.files)
            if before is not None:
                tokens = [tokens[0], tokens[1], Text(before)]
        info = analyze_command(tokens, self.knowledge, working_dir=cwd, env=self.env)
        chosen: set[tuple[str | None, str]] = set()
        for t in info.python_targets:
            if t.conventional and not self._conventional_app(t, cwd, chosen):
                continue
            runner = next((r for r in self.fw.task_runners if t.kind == "module" and t.value in r.modules), None)
            if runner is not None and self.tasks_start_nothing(runner, t.args, t.working_dir or cwd):
                continue  # `python -m invoke assets`: a task that runs only other programs
            self.out.entries.append(Entry(t.kind, t.value, t.working_dir, t.main, t.via, t.args, origin,
                                          sys_path=t.sys_path, subcommand=t.subcommand))
        for argv in info.argvs:
            self.out.commands.append(argv)
            self.program(argv, cwd, origin, depth)
        dirs = dict(info.script_dirs)
        for script in info.shell_scripts:
            # a script run after a `cd` of the command itself is found from, and runs in, that
            # directory (`sh -c "cd /workspace/app && bash scripts/start.sh"`)
            here = dirs.get(script) or cwd
            rel = self.find(script, here)
            if rel is None and self.inline_file(script, here, depth):
                continue  # a script the Dockerfile writes inline (`RUN echo '...' > /app/start.sh`)
            if rel is None:
                if _names(self.no_python, posixpath.basename(script)):
                    continue  # a script of the image known to start no Python (Spark's start-master.sh)
                if absent_mounted_script(self.svc, script, here, _cmd_text(tokens), self.view, self.files, self.fw):
                    continue  # no such file where the bind mount puts the tree: the shell runs nothing
                if absent_built_script(self.svc, script, _cmd_text(tokens), self.view, self.files, self.fw):
                    continue  # no such file where the Dockerfile copies the tree: the container exits at start
                if (known_program(script, self.knowledge) not in ("entry-script",) or "/" in script) \
                        and not self.image_script(script):
                    self.out.unknown.append(script)
                continue
            if script not in self.out.script_words:
                self.out.script_words.append(script)
            self.shell_file(rel, here, depth)

    def _conventional_app(self, t: Any, cwd: str | None, chosen: set[tuple[str | None, str]]) -> bool:
        """Whether a module the server looks for by convention (``flask run``: wsgi.py, else
        app.py) is the one it imports here: its file is in the working directory and no earlier
        one of the server's list was; not where the service's environment is unknown (it may
        name the app), nor where a dotenv file there that the server loads sets the variable
        that names it (``.flaskenv`` with FLASK_APP): that app is the entry instead."""
        here = t.working_dir or cwd or "/"
        key = (t.via, here)
        if key in chosen or self.svc.env_unknown:
            return False
        for name in t.unless_files:
            rel = self.view.file(posixpath.join(here, name))
            if rel is None:
                continue
            text = self.files.text(rel)
            named = [v.value.value for v in parse_env_file(text, rel).vars
                     if v.name in t.unless_env and v.value is not None] if text else []
            if named:
                # the CLI loads the file and imports the app its variable names instead
                chosen.add(key)
                self._named_app(named[-1], here, t.via, rel)
                return False
        if self.view.file(posixpath.join(here, t.value + ".py")) is None:
            return False
        chosen.add(key)
        return True

    def _named_app(self, value: str, cwd: str, via: str | None, origin: str) -> None:
        """The app a dotenv file's variable names (``FLASK_APP=portal:create_app()``, or a path,
        ``FLASK_APP=site/app.py``): imported, not run as ``__main__``."""
        module = value.split(":", 1)[0].strip()
        if not module or HOLE in module or "$" in module:
            return
        if module.endswith(".py") or "/" in module:
            self.out.entries.append(Entry("script", module, cwd, False, via, (), origin))
        elif re.fullmatch(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)*", module):
            self.out.entries.append(Entry("module", module, cwd, False, via, (), origin))

    def shell_text(self, text: str, cwd: str | None, origin: str, depth: int) -> None:
        # `case "$SERVICE_ROLE" in`: only the arm this service's environment selects runs
        text = select_env_cases(text, self.env, self.svc.env_unknown)
        text = without_uncalled_functions(text)  # a role's function this service never calls
        self.functions.update(m.group(1) or m.group(2) for m in _FUNCTION.finditer(text))
        self.command([Text("sh"), Text("-c"), Text(_without_heredocs(text))], cwd, origin, depth + 1)

    def shell_file(self, rel: str, cwd: str | None, depth: int, argc: int | None = None,
                   args: tuple[str, ...] | None = None) -> None:
        """Reads the shell script ``rel`` as run; ``argc``: how many arguments it is given,
        where the command that runs it says (an entrypoint before the service's command);
        ``args``: those arguments, where each is a word known as written."""
        if rel in self.seen_files:
            return
        self.seen_files.add(rel)
        self.out.scripts.append(rel)
        text = self.files.text(rel)
        if text is None:
            return
        if rel.endswith(".py") or text.startswith("#!") and "python" in text.split("\n", 1)[0]:
            cpath = self.view.container_path(rel)
            if cpath is not None:
                self.out.entries.append(Entry("script", cpath, cwd, True, "python", (), rel))
            return
        if rel in self.first_args:
            # `exec "/opt/run/tasks/$1"`: the word names the script of that directory that runs,
            # read first (the functions it defines are what the dispatcher then calls: `run "$@"`)
            chosen = dispatched_file(text, self.first_args[rel], lambda path: self.view.file(path) is not None)
            target = self.view.file(chosen) if chosen is not None else None
            if chosen is not None and target is not None:
                if chosen not in self.out.script_words:
                    self.out.script_words.append(chosen)
                self.shell_file(target, cwd, depth + 1)
            # `case "$1" in`: only the arm of the word the start command gives runs
            text = select_first_arg_cases(text, self.first_args[rel])
        if argc is not None:
            # `if [ "$#" -gt 0 ]; then exec "$@"; else exec <default>; fi`: the branch its arguments take
            text = select_argc_ifs(text, argc)
        if args:
            text = handed_arguments(text, args)
        self.shell_text(text, cwd, rel, depth)

    def inline_file(self, script: str, cwd: str | None, depth: int) -> bool:
        """Reads the shell script at ``script`` that the image's build writes inline, where it
        does (runs/inlinescript.py); False where it writes none, or one that is no shell script."""
        if HOLE in script or "$" in script or self.svc.dockerfile is None:
            return False
        cpath = posixpath.normpath(script if script.startswith("/") else posixpath.join(cwd or "", script))
        if not cpath.startswith("/"):
            return False
        text = inline_script(self.svc, cpath, self.files)
        if text is None or text.startswith("#!") and "python" in text.split("\n", 1)[0]:
            return False
        key = f"{self.svc.dockerfile}:{cpath}"
        if key not in self.seen_files:
            self.seen_files.add(key)
            self.shell_text(text, cwd, self.svc.dockerfile, depth)
        return True

    def program(self, argv: tuple[str, ...], cwd: str | None, origin: str, depth: int) -> None:
        prog = posixpath.basename(argv[0]) if argv else ""
        if not prog or HOLE in prog or prog.startswith(("$", "{", "(", "[[")) or prog.endswith((")", "()")) \
                or not re.fullmatch(r"[\w.+/-]+", prog) or prog in self.functions:
            return  # a variable, a case pattern, a function of the script, arithmetic, a test
        args = argv[1:]
        script = self.find(argv[0], cwd) if "/" in argv[0] and not prog.endswith(".py") else None
        if script is not None and self._script_by_shebang(script):
            # a file of the tree named by its path, whatever its name says (`/app/docker/entry
            # start-dev`, `/srv/bin/serve`): the kernel runs it by its `#!` line
            if argv[0] not in self.out.script_words:
                self.out.script_words.append(argv[0])
            known = all(a and HOLE not in a for a in args)
            self.shell_file(script, cwd, depth + 1, len(args) if known else None, tuple(args) if known else None)
            if args and not args[0].startswith("-") and _runs_its_arguments(self.files.text(script) or ""):
                # an entrypoint script that ends by running the words it is given (`exec "$@"`),
                # whatever its name (`/app/boot python app.py`): they are the command that runs
                # next, as they are after a `docker-entrypoint.sh`
                self.command([Text(a) for a in args], cwd, origin, depth + 1)
            return
        commands = self.knowledge.commands
        port = commands.daemon_started(argv)
        # a daemon's own program, or the daemon an init script starts (`service nginx start`:
        # a proxy reads its configuration files either way)
        daemon = next((d for d in commands.daemons if d.matches(prog)), None) or commands.init_started(argv)
        if daemon is not None and daemon.program_too:
            # `ray start --head`: its servers listen here, and the command is still a program
            # of its own (what it runs is judged below, as before)
            if port is not None and port not in self.out.listens:
                self.out.listens.append(port)
            daemon, port = None, None
        if port is not None or daemon is not None:
            # a server beside the app, in this container, runs no Python: its own program
            # (`redis-server &`) or its init script (`service postgresql start`)
            if port is not None and port not in self.out.listens:
                self.out.listens.append(port)
            if daemon is not None:
                self.proxy_config(daemon, args, cwd)
            return
        if no_python_subcommand(argv, self.fw):
            return  # `airflow version`: the program's own code only
        loader = next((d for d in self.fw.directory_loaders if d.program == prog), None)
        if loader is not None:
            loaded = directory_load(loader, argv, self.svc, self.env, self.view, self.files)
            if loaded is not None:
                # `airflow scheduler`: every file of its DAGs and plugins folders, imported
                for loaded_rel in loaded.files:
                    self.out.entries.append(Entry("file", loaded_rel, cwd, False, prog, tuple(args), origin, loaded.sys_path))
                return
        if _names(self.fw.source_commands, prog):
            rel = self.find(args[0], cwd) if args else None
            if rel is not None:
                self.shell_file(rel, cwd, depth)
            return
        if _names(self.fw.make_programs, prog) and prog not in self.console and self.make_target(args, cwd, depth):
            return  # `make docker-run-dev`: the lines of that rule of the Makefile
        runner = next((r for r in self.fw.task_runners if _names(r.programs, prog)), None)
        if runner is not None and prog not in self.console and self.tasks_start_nothing(runner, args, cwd):
            self.out.task_only.append(argv)
            return  # `invoke assets`: a task that runs only other programs
        kind = known_program(prog, self.knowledge)
        if prog in self.console:
            ref, dirs = self.console[prog]
            module, _, func = (part.strip() for part in ref.partition(":"))
            extra = []
            for d in dirs:
                cdir = self.view.container_path(d) if d else self.view.container_path("")
                if cdir:
                    extra += [cdir, posixpath.join(cdir, "src")]
            self.out.entries.append(Entry("module", module, cwd, False, prog, tuple(args), origin, tuple(extra),
                                          func or None, console=True))
            # `app serve`, where the project registers `serve` as a plugin of its program in an
            # entry-point group of the same package: that module's command runs too
            sub = next((i for i, a in enumerate(args) if not a.startswith("-")), None)
            if sub is not None and dirs:
                plugin = plugin_commands(self.files, dirs[0], self.fw.cli_plugin_groups).get(args[sub])
                pmodule, _, pfunc = (part.strip() for part in (plugin or "").partition(":"))
                if pmodule and pmodule.split(".")[0] == module.split(".")[0]:
                    self.out.entries.append(Entry("module", pmodule, cwd, False, prog, tuple(args[sub + 1:]), origin,
                                                  tuple(extra), pfunc or None, console=True))
            return
        if _names(self.mgmt_programs, prog):
            name = next((a for a in args if not a.startswith("-")), None)
            if name:
                self.out.entries.append(Entry("management", name, cwd, False, prog, tuple(args), origin))
            return
        for m in self.managers:
            if _names(m.programs, prog):
                self.process_manager(m, args, cwd, origin, depth)
                return
        if kind == "python":  # python -m gunicorn -c conf.py: the module is the program
            prog, args = _module_program(prog, args)
        for m in self.ini_entries:
            if _names(m.programs, prog):
                self.ini_entry(m, args, cwd, origin)
                return
        if kind is not None:
            return
        if prog.endswith(".py") or _names(self.no_python, prog):
            return
        if self.find(prog, cwd) is not None:
            return  # a script of the tree (read by `command`)
        if "/" in argv[0] and "$" not in argv[0] and self.view.is_dir(posixpath.join(cwd or "/", argv[0])):
            # a directory of the tree runs nothing: the argument of a script that takes a
            # path (`start-app.sh web/ui`), read as a command because scripts may `exec "$@"`
            return
        self.out.unknown.append(prog)

    def _script_first_word(self, tokens: Sequence[Text], cwd: str | None) -> tuple[str, str] | None:
        """``(script, word)`` where the start command's first word is a shell script of the tree
        and its second a word known as written (no variable, no hole): the script's ``$1``."""
        if len(tokens) < 2:
            return None
        word = tokens[1].value
        if not word or HOLE in word or "$" in word or "`" in word:
            return None
        rel = self.find(tokens[0].value, cwd)
        if rel is None or rel.endswith(".py"):
            return None
        text = self.files.text(rel) or ""
        if text.startswith("#!") and "python" in text.split("\n", 1)[0]:
            return None
        if re.search(r"(?<![\w.-])(?:set[ \t]+--|getopts)(?![\w.-])", text):
            return None  # the script resets or parses its arguments: `$1` may be another word by then
        return rel, word

    def _script_by_shebang(self, rel: str) -> bool:
        """``rel`` starts with a ``#!`` line naming a shell or a Python interpreter (through
        ``env`` or not): the kernel runs it with that program, whatever its name."""
        text = self.files.text(rel)
        if not text or not text.startswith("#!"):
            return False
        words = text.split("\n", 1)[0][2:].split()
        if words and posixpath.basename(words[0]) == "env":
            words = [w for w in words[1:] if not w.startswith("-")]
        prog = posixpath.basename(words[0]) if words else ""
        spec = self.knowledge.commands
        return bool(prog) and (spec.shells.matches(prog) or spec.interpreters.matches(prog))

    def make_target(self, args: tuple[str, ...], cwd: str | None, depth: int) -> bool:
        """``make``'s arguments name a Makefile of the container (``-f``, else the first of
        ``makefiles`` in its directory, ``-C`` or the working directory) with a rule for each
        target: the recipe lines are read as a shell script run there (runs/makefile.py); a
        program of theirs not understood leaves the container's start known.  False where the
        file or a rule is not found."""
        makefile, directory, targets, assigned = make_arguments(args, self.fw.make_value_options)
        if directory is not None:
            if "$" in directory or HOLE in directory:
                return False
            cwd = posixpath.join(cwd or "/", directory)
        names = [makefile] if makefile is not None else list(self.fw.makefiles)
        rel = None
        for name in names:
            if not name or "$" in name or HOLE in name:
                return False
            rel = self.view.file(posixpath.join(cwd or "/", name))
            if rel is not None:
                break
        text = self.files.text(rel) if rel is not None else None
        if rel is None or text is None or rel in self.seen_files:
            return False
        script = recipe_script(text, targets, assigned)
        if script is None:
            return False
        self.seen_files.add(rel)
        unknown = len(self.out.unknown)
        self.shell_text(script, cwd, rel, depth + 1)
        # a program of a recipe that is not understood (`mypy`, `gulp build` of a lint or an
        # asset target) is no evidence of Python: what the recipe is seen to run is what counts,
        # and `make` alone, as before, runs none of the project
        del self.out.unknown[unknown:]
        return True

    def tasks_start_nothing(self, runner: TaskRunner, args: tuple[str, ...], cwd: str | None) -> bool:
        """Whether the tasks a task runner's arguments name run no Python of the project
        (``runs.tasks``).  The tasks files are looked for in its directory, or where that is
        unknown, at the top of each directory the code lands in."""
        dirs = [cwd] if cwd else self.view.targets()
        found = []
        for d in dirs:
            for name in runner.files:
                rel = self.view.file(posixpath.join(d or "/", name))
                if rel is not None and rel not in found:
                    found.append(rel)
        return tasks_start_nothing(runner, args, found, self.files.text, self.fw.task_starts)

    def _config_paths(self, spec: ConfigRunner, args: tuple[str, ...], cwd: str | None,
                      sections: dict[str, str] | None = None) -> list[str]:
        """The project files of the configurations ``args`` give the program, else its default
        ones.  Where the program takes a section after the path (``uwsgi --ini app.ini:dev``,
        ``path_sections``), a path the tree does not hold as written is the file before the last
        colon, and ``sections`` maps that file to the section named."""
        options = spec.config_options
        given = []
        for k, a in enumerate(args):
            name, eq, value = a.partition("=")
            if name in options:
                if eq:
                    given.append(value)
                elif k + 1 < len(args):
                    given.append(args[k + 1])
        if spec.path_sections:
            given = [self._sectioned(p, cwd, sections) for p in given]
        patterns = given or list(spec.default_configs)
        out = []
        for p in patterns:
            if not given and spec.search_parents and not p.startswith("/"):
                rel = self._closest(p, cwd)
                if rel is not None:
                    out.append(rel)
                continue
            if any(ch in p for ch in "*?["):
                out.extend(self.glob(p, cwd))
            else:
                rel = self.find(p, cwd) if not p.startswith("/") else self.view.file(p)
                if rel is not None:
                    out.append(rel)
        return list(dict.fromkeys(out))

    def _sectioned(self, path: str, cwd: str | None, sections: dict[str, str] | None) -> str:
        """``path`` with a trailing ``:section`` taken off where the file is found only
        without it (recorded in ``sections``)."""
        head, colon, section = path.rpartition(":")
        if not colon or not head or not section or "/" in section or any(ch in path for ch in "*?["):
            return path
        whole = self.find(path, cwd) if not path.startswith("/") else self.view.file(path)
        if whole is not None:
            return path
        rel = self.find(head, cwd) if not head.startswith("/") else self.view.file(head)
        if rel is None:
            return path
        if sections is not None:
            sections[rel] = section
        return head

    def _closest(self, name: str, cwd: str | None) -> str | None:
        """The project file ``name`` in the working directory or the nearest directory above
        it that holds one (Scrapy's closest scrapy.cfg)."""
        d = posixpath.normpath(cwd or "/")
        while True:
            rel = self.view.file(posixpath.join(d, name))
            if rel is not None:
                return rel
            if d == "/":
                return None
            d = posixpath.dirname(d)

    def _supervised(self, before: int) -> None:
        """One program an init system or a process manager starts was read (the entries
        held ``before`` items): counted in ``foreign_programs`` when it runs none of the
        project's Python."""
        self.out.foreign_programs += len(self.out.entries) == before

    def proxy_config(self, daemon: Any, args: tuple[str, ...], cwd: str | None) -> None:
        """A proxy started with ``args`` listens where the configuration files of the tree it
        reads say, and dials the loopback upstreams they name (runs/proxyconf.py)."""
        for k, path in enumerate(daemon.config_paths(args)):
            wild = any(c in path for c in "*?[")
            rels = self.glob(path, cwd) if wild else [self.find(path, cwd)]
            for rel in rels:
                text = self.files.text(rel) if rel is not None else None
                if text is None:
                    continue
                got = read_proxy_config(daemon.config_format or "", text)
                if k == 0 and not wild and not got.includes:
                    self.out.config_whole = True
                self.out.listens.extend(p for p in got.listens if p not in self.out.listens)
                self.out.forwards.extend(p for p in got.upstreams if p not in self.out.forwards)
                self.out.ipv4_listens.extend(p for p in got.ipv4 if p not in self.out.ipv4_listens)
                self.out.other_listens.extend(p for p in got.not_ipv4 if p not in self.out.other_listens)

    def process_manager(self, spec: ConfigRunner, args: tuple[str, ...], cwd: str | None, origin: str, depth: int) -> None:
        configs = self._config_paths(spec, args, cwd)
        if not configs:
            self.out.unknown.append(f"{posixpath.basename(origin) or 'command'}: {(spec.programs or ('?',))[0]} configuration")
            # a configuration not in the tree (written at run time from a template) may start
            # any program: one that runs none of the project's Python may serve a loopback port
            self.out.foreign_programs += 1
            return
        todo = list(configs)
        done: set[str] = set()
        while todo:
            rel = todo.pop(0)
            if rel in done or len(done) > 32:
                continue
            done.add(rel)
            self.out.scripts.append(rel)
            text = self.files.text(rel)
            if not text:
                continue
            if spec.format == "procfile":
                for line in text.splitlines():
                    name, colon, cmd = line.partition(":")
                    if colon and name.strip() and not name.lstrip().startswith("#") and cmd.strip():
                        before = len(self.out.entries)
                        self.shell_text(cmd.strip(), cwd, rel, depth)
                        self._supervised(before)
                continue
            for command, directory, includes in _supervisor_programs(text):
                before = len(self.out.entries)
                self.shell_text(command, directory or cwd, rel, depth)
                self._supervised(before)
                for pattern in includes:
                    base = self.view.container_path(posixpath.dirname(rel)) or "/"
                    todo.extend(self.glob(pattern if pattern.startswith("/") else posixpath.join(base, pattern), cwd))

    def ini_entry(self, spec: ConfigRunner, args: tuple[str, ...], cwd: str | None, origin: str) -> None:
        prog = (spec.programs or ("?",))[0]
        sections: dict[str, str] = {}
        configs = self._config_paths(spec, args, cwd, sections)
        for pattern in spec.config_arguments:
            for a in args:
                if not a.startswith("-") and fnmatch.fnmatchcase(posixpath.basename(a), pattern):
                    rel = self.find(a, cwd)
                    if rel is not None and rel not in configs:
                        configs.append(rel)
        if spec.unknown_without_config and not configs:
            self.out.unknown.append(prog)  # no configuration: what it loads is not known
            return
        here = cwd
        before = len(self.out.entries)
        for names, kind in ((spec.module_options, "module"), (spec.file_options, "script")):
            for k, a in enumerate(args):
                name, eq, value = a.partition("=")
                if name in names:
                    value = value if eq else (args[k + 1] if k + 1 < len(args) else "")
                    if value:
                        self._ini_value(kind, value, here, prog, origin)
        for rel in configs:
            self.out.scripts.append(rel)
            if not spec.command_keys:
                self.out.configs.append(rel)
            text = self.files.text(rel) or ""
            values = _apache_values(text, spec.file_keys) if spec.format == "apache" \
                else _ini_values(text, sections.get(rel) or spec.default_section or None)
            for key in spec.include_keys:
                for include in list(values.get(str(key), ())):
                    # `ini = :uwsgi`: that section of the same file (one level)
                    name = include[1:].strip() if include.startswith(":") else ""
                    if name and f"[{name}]" in {line.strip() for line in text.splitlines()}:
                        for included, vs in _ini_values(text, name).items():
                            values.setdefault(included, []).extend(vs)
            base = posixpath.dirname(rel)
            for key, target in spec.location_keys.items():
                for location in values.get(str(key), ()):
                    if ":" in location and not location.startswith(("/", ".", "%(here)s")):
                        continue  # a package resource ("myapp:migrations"): installed code
                    # alembic opens the location as written: `%(here)s` is the file's own
                    # directory; else a container path, or a path relative to the working
                    # directory (`alembic -c migrations/alembic.ini` run in /app with
                    # `script_location = migrations`), relative to the file where the working
                    # directory holds none
                    path = None
                    if "%(here)s" not in location:
                        path = self.find(posixpath.join(location, str(target)), cwd)
                        if location.startswith("/"):
                            location = ""  # (a container path the image does not hold)
                    if path is None and location:
                        rest = location.replace("%(here)s", "").lstrip("/") if "%(here)s" in location else location
                        d = posixpath.normpath(posixpath.join(base, rest))
                        path = posixpath.join(d, str(target)) if d != "." else str(target)
                    if path is not None and self.files.is_file(path):
                        self.out.entries.append(Entry("file", path, cwd, True, prog, (), rel))
            for key in spec.dir_keys:
                for value in values.get(str(key), ()):
                    here = value if value.startswith("/") else posixpath.join(here or "/", value)
            on_path: tuple[str, ...] = ()
            if spec.config_dir_on_path:
                cfg = self.view.container_path(rel)
                on_path = (posixpath.dirname(cfg),) if cfg else ()
            for key in spec.module_keys:
                for value in values.get(str(key), ()):
                    self._ini_value("module", value, here, prog, rel, on_path)
            for key in spec.file_keys:
                for value in values.get(str(key), ()):
                    if spec.format == "apache" and self.find(value, here) is None:
                        # a script the image does not hold from the tree (installed, mounted
                        # elsewhere): as before Apache was read, the container runs none of it
                        continue
                    self._ini_value("script", value, here, prog, rel)
            for key in spec.command_keys:
                for value in values.get(str(key), ()):
                    command = value[5:] if value.startswith("exec:") else value
                    if key in spec.pidfile_command_keys:
                        command = command.strip().partition(" ")[2]  # (the pidfile it watches, then the command)
                    self.shell_text(command, here, rel, 1)
        if spec.env_prefix and len(self.out.entries) == before:
            self._env_options(spec, cwd, prog, origin)

    def _env_options(self, spec: ConfigRunner, cwd: str | None, prog: str, origin: str) -> None:
        """What a program that reads its options from the environment too runs, where neither
        its command line nor a configuration file named it: ``UWSGI_MODULE=app.wsgi`` (with
        ``UWSGI_CHDIR``) in the service's environment, its Dockerfile's ENV included, is uWSGI's
        ``--module`` (``env_prefix`` of rules/frameworks.yaml ini_entries)."""
        def values(keys: tuple[str, ...]) -> list[str]:
            out = []
            for key in keys:
                value = self.env.get(spec.env_prefix + str(key).upper().replace("-", "_"))
                if value is not None and value.value and HOLE not in value.value:
                    out.append(value.value)
            return out
        here = cwd
        for value in values(spec.dir_keys):
            here = value if value.startswith("/") else posixpath.join(here or "/", value)
        for value in values(spec.module_keys):
            self._ini_value("module", value, here, prog, origin)
        for value in values(spec.file_keys):
            self._ini_value("script", value, here, prog, origin)

    def _ini_value(self, kind: str, value: str, cwd: str | None, prog: str, origin: str,
                   sys_path: tuple[str, ...] = ()) -> None:
        value = value.strip()
        if not value or "$" in value or "%(" in value:
            return
        if kind == "module":
            module = value.split(":", 1)[0]
            if re.fullmatch(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)*", module):
                self.out.entries.append(Entry("module", module, cwd, False, prog, (), origin, sys_path))
        else:
            self.out.entries.append(Entry("script", value, cwd, False, prog, (), origin))

    # -- the service -------------------------------------------------------------------------
    def image_mode(self, word: str) -> bool:
        """``word``, the first of the command, is a mode the image's own entrypoint script
        starts its server in (``rules/frameworks.yaml`` image_entrypoints): a Compose
        ``entrypoint`` replaces that script, and a Dockerfile's own ENTRYPOINT comes first in
        the command."""
        if self.svc.compose_entrypoint is not None:
            return False
        return any(word in m.modes and image_in(self.svc, m.images) for m in self.fw.image_entrypoints)

    def image_script(self, path: str) -> bool:
        """``path`` (not in the tree) is a script of the service's image that runs its
        arguments as the command (``rules/frameworks.yaml`` image_entrypoints): what it runs is
        read from them, as for an entrypoint script that ends with ``exec "$@"``."""
        return any(path in m.scripts and image_in(self.svc, m.images) for m in self.fw.image_entrypoints)

    def image_program(self, word: str) -> str | None:
        """The program the image's own entrypoint script runs the command under, where its first
        word is a subcommand of that program (``rules/frameworks.yaml`` image_entrypoints: the
        Airflow image runs `celery worker` as `airflow celery worker`); a Compose ``entrypoint``
        replaces that script."""
        if self.svc.compose_entrypoint is not None:
            return None
        for m in self.fw.image_entrypoints:
            if m.program and word in m.subcommands and image_in(self.svc, m.images):
                return m.program
        return None

    def entry_program(self, word: str) -> str | None:
        """The program the image's own ENTRYPOINT runs the command under (``rules/images.yaml``
        entrypoint: Locust's image runs ``locust``, so ``command: -f /mnt/locust/locustfile.py
        --worker`` is ``locust -f ...``), for a service that runs the image as it is (no
        Dockerfile of its own) and gives no entrypoint of its own, whose command does not already
        start with that program; as the layout's command reader takes it (extract/layout_commands).
        A service built FROM such an image keeps its ENTRYPOINT unless its Dockerfile sets one,
        which would come first in the command: there only a command whose first word is an
        option (``-f``), which no program's name is, is read as the base image's program's."""
        svc = self.svc
        if svc.compose_entrypoint is not None:
            return None
        if svc.dockerfile:
            program = self.knowledge.image_entry_program(svc.base_image) if word.startswith("-") else None
        else:
            program = self.knowledge.image_entry_program(svc.image) if svc.image else None
        if not program or word.rsplit("/", 1)[-1] == program:
            return None
        return program

    def run(self) -> StartEntries:
        svc = self.svc
        cmd = svc.command
        if cmd is not None and cmd.tokens and self.image_mode(cmd.tokens[0].value):
            return self.out  # `jobmanager` under the Flink image: its own server, no Python of ours
        if cmd is not None and cmd.tokens:
            origin = cmd.span.path if cmd.span is not None else ("compose" if cmd.origin == "compose" else "Dockerfile")
            tokens = tuple(cmd.tokens)
            if svc.dispatched_at is not None:
                # the words from the one its entrypoint script dispatches on (`case "$1" in
                # proxy) exec nginx ...`) name the script's arm, not a program: what the arms
                # start is read from the script
                script = self.find(tokens[svc.dispatched_at - 1].value, cmd.working_dir)
                if script is not None:
                    self.first_args[script] = tokens[svc.dispatched_at].value
                tokens = tokens[:svc.dispatched_at]
            else:
                given = self._script_first_word(tokens, cmd.working_dir)
                if given is not None:
                    # `docker-entrypoint.sh uv run tool.py` under a script whose `if [ "$1" = api ]`
                    # / `case "$1" in` picks what starts: its first argument is that word, so a
                    # block on it runs the arm of that word, none where no arm names it (then
                    # `exec "$@"` after the block runs the words), not every arm
                    self.first_args[given[0]] = given[1]
                program = self.image_program(tokens[0].value) or self.entry_program(tokens[0].value)
                if program is not None:
                    tokens = (Text(program), *tokens)
            if tokens[0].value in self.fw.interpreter_options:
                # `CMD ["-m", "app"]` under an image whose ENTRYPOINT is the interpreter
                tokens = (Text("python"), *tokens)
            self.command(tokens, cmd.working_dir, origin)
        elif svc.compose_entrypoint is None:
            # the image's own default command (nginx's `nginx -g "daemon off;"`), where neither
            # the service nor a Dockerfile built FROM the image gives one: what it starts
            # listens where the configuration files the tree gives it say
            default = self.knowledge.image_command(svc.image) or self.knowledge.image_command(svc.base_image)
            if default:
                self.command(tuple(Text(w) for w in default), None, "image")
        for pattern in self.fw.service_scripts:
            for rel in self.glob(pattern, None):
                before = len(self.out.entries)
                self.shell_file(rel, cmd.working_dir if cmd is not None else None, 0)
                self._supervised(before)
        for rel in svc.server_configs:
            self.out.entries.append(Entry("file", rel, cmd.working_dir if cmd is not None else None, True, "config", (), rel))
        return self.out


def _module_program(prog: str, args: tuple[str, ...]) -> tuple[str, tuple[str, ...]]:
    """(module, its arguments) of an interpreter's ``[-flags] -m module ...``, else as given."""
    i = 0
    while i < len(args) and args[i].startswith("-") and args[i] != "-m" and len(args[i]) == 2:
        i += 1  # -u, -B, -O: flags without a value
    if i + 1 < len(args) and args[i] == "-m":
        return args[i + 1], args[i + 2:]
    return prog, args


_FUNCTION = re.compile(r"^[ \t]*(?:function[ \t]+([A-Za-z_][\w-]*)|([A-Za-z_][\w-]*)[ \t]*\(\))", re.MULTILINE)
_HEREDOC = re.compile(r"""<<-?[ \t]*(['"]?)([A-Za-z_][\w]*)\1""")


def _without_heredocs(text: str) -> str:
    """Shell text with the bodies of its here-documents left out (their lines are input to
    a command, not commands)."""
    if "<<" not in text:
        return text
    out: list[str] = []
    ends: list[str] = []
    for line in text.split("\n"):
        if ends:
            if line.strip() == ends[0]:
                ends.pop(0)
            out.append("")
            continue
        out.append(line)
        ends.extend(m.group(2) for m in _HEREDOC.finditer(line))
    return "\n".join(out)


def _ini_values(text: str, section: str | None = None) -> dict[str, list[str]]:
    """key -> values of an ini-style file (every section, or only ``section`` where one is
    named and the file has it; repeated keys kept)."""
    if section is not None and f"[{section}]" not in {line.strip() for line in text.splitlines()}:
        section = None
    out: dict[str, list[str]] = {}
    current: str | None = None
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1].strip()
            continue
        if not line or line.startswith(("#", ";", "[")):
            continue
        if section is not None and current != section:
            continue
        key, sep, value = line.partition("=")
        if not sep:
            key, sep, value = line.partition(":")
        if sep and key.strip():
            value = value.strip()
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
                value = value[1:-1]  # a Python configuration's string (gunicorn.conf.py)
            out.setdefault(key.strip(), []).append(value)
    return out


def _apache_values(text: str, directives: tuple[str, ...]) -> dict[str, list[str]]:
    """directive -> the file each names, of an Apache httpd configuration, for ``directives``
    (``rules/frameworks.yaml`` file_keys: mod_wsgi's ``WSGIScriptAlias URL-path file-path
    [option=value ...]``): the directive's last argument that is no ``option=value``, quoted or
    not.  Comment lines are skipped; a directive is matched in any letter case, as httpd reads it."""
    wanted = {d.lower(): d for d in directives}
    out: dict[str, list[str]] = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            words = shlex.split(line, comments=True)
        except ValueError:
            continue
        key = wanted.get(words[0].lower()) if words else None
        args = [w for w in words[1:] if "=" not in w]
        if key is not None and len(args) >= 2:
            out.setdefault(key, []).append(args[-1])
    return out


def _supervisor_programs(text: str) -> list[tuple[str, str | None, list[str]]]:
    """(command, directory, include patterns) of a supervisord configuration."""
    parser = configparser.RawConfigParser(strict=False, inline_comment_prefixes=(";", "#"))
    try:
        parser.read_string(text)
    except (configparser.Error, ValueError):
        return []
    out: list[tuple[str, str | None, list[str]]] = []
    includes: list[str] = []
    for section in parser.sections():
        if section == "include":
            includes.extend(parser.get(section, "files", fallback="").split())
        if not section.startswith(("program:", "fcgi-program:", "eventlistener:")):
            continue
        command = parser.get(section, "command", fallback="").strip()
        if command:
            command = re.sub(r"%\(ENV_(\w+)\)s", r"$\1", command)
            out.append((command, parser.get(section, "directory", fallback=None), []))
    if includes:
        out.append(("true", None, includes))
    return out


def service_entries(svc: Service, knowledge: Any, view: ContainerView, files: ProjectFiles,
                    scripts: dict[str, tuple[str, tuple[str, ...]]]) -> StartEntries:
    """The entry points of ``svc``'s container."""
    return _Reader(svc, knowledge, view, files, scripts).run()


def no_python_subcommand(argv: tuple[str, ...], fw: Frameworks) -> bool:
    """``argv`` runs a subcommand of its program that runs none of the project's Python
    (``rules/frameworks.yaml`` no_python_subcommands): its first word that is no option; or
    names no subcommand at all (``airflow``, ``airflow --help``): such a program's parser
    requires one, and it prints its usage."""
    prog = posixpath.basename(argv[0]) if argv else ""
    if prog not in fw.no_python_subcommands:
        return False
    words = [a for a in argv[1:] if not a.startswith("-")]
    if not words:
        return True
    subcommands = fw.no_python_subcommands[prog]
    # a subcommand of a group is written with its group (`celery flower`)
    return words[0] in subcommands or (len(words) > 1 and f"{words[0]} {words[1]}" in subcommands)


def runs_only_tools(start: StartEntries, knowledge: Any) -> bool:
    """The start command was read whole and runs no Python that could import a module an
    environment variable names (``DJANGO_SETTINGS_MODULE``): only programs that run no
    Python (``npm run watch``), probes, the interpreter's own tools (``python -m venv``,
    ``pip install``: ``rules/frameworks.yaml`` tool_modules), task runners whose tasks run
    only other programs (``invoke assets``: ``runs.tasks``) and the test runner (``pytest``:
    test_runners), whose run is the test suite, test code.  A runner or server that reads
    the variable (``celery worker`` with ``CELERY_APP``) or any unknown program keeps it."""
    fw: Frameworks = knowledge.frameworks
    if start.unknown or any(not (e.kind == "module" and e.value in fw.tool_modules) for e in start.entries):
        return False
    for argv in start.commands:
        prog = posixpath.basename(argv[0]) if argv else ""
        if argv in start.task_only or _names(fw.no_python, prog) or no_python_subcommand(argv, fw) \
                or _names(fw.test_runners, prog) or known_program(prog, knowledge) in ("python", "probe"):
            continue  # (an interpreter here ran only tool modules: anything else is an entry)
        return False
    return True


def reads_module_env(name: str, start: StartEntries, entries: Sequence[Entry], knowledge: Any) -> bool:
    """The start may read ``name``, a variable of ``rules/frameworks.yaml`` module_env, and import
    the module it names.  A variable a server declares as the one naming its app
    (``rules/commands.yaml`` app_env: FLASK_APP for flask) is read by that server: where the start
    was read whole and neither starts it (`flask ...`, `python -m flask ...`) nor runs Python of
    the project as a program (a script may call the server's CLI), nor anything unknown, nothing
    there imports that module (a docs server's container given the whole environment of an app
    it does not run).  Any other variable, and any start not read whole, is read as before."""
    servers = [s for s in knowledge.commands.servers if name in s.app_env]
    if not servers or start.unknown:
        return True
    for argv in start.commands:
        prog = posixpath.basename(argv[0]) if argv else ""
        if "$" in prog or HOLE in prog:
            return True  # a program a variable names (`exec $CMD`, `bash -c "${*@Q}"`'s words): any
        if any(s.runs_program(prog) or s.runs_script(prog) for s in servers):
            return True
        if known_program(prog, knowledge) == "python" and "-m" in argv[1:-1]:
            module = argv[argv.index("-m", 1) + 1]
            if any(module == m or module.startswith(m + ".") for s in servers for m in s.modules):
                return True
    # an entry a known server or runner imports (`gunicorn app:app`) reads no other server's variable
    return any(not _other_program(e.via, servers, knowledge) for e in entries)


def _other_program(via: str | None, servers: Sequence[Any], knowledge: Any) -> bool:
    """``via`` (what runs an entry) is a server or runner of ``rules/commands.yaml`` other than ``servers``."""
    if not via:
        return False
    return any(s not in servers and (via == s.name or s.runs_program(via)) for s in knowledge.commands.servers) \
        or any(r.matches(via) for r in knowledge.commands.runners)


def renders_only(start: StartEntries, knowledge: Any) -> bool:
    """The start command was read whole and runs template renderers and nothing else that
    could dial (``rules/frameworks.yaml`` renderers, file_tools): a configurator, which
    writes its environment into files that other containers read.  The Python it runs is
    the renderer's hooks (``j2 --customize hooks.py``); a server, another runner or any
    program dockwise does not know may dial, and keeps the container judged.  (A script the
    command runs was read: its commands are among ``start.commands``, or it is unknown.)"""
    fw: Frameworks = knowledge.frameworks
    if start.unknown or not start.commands or start.foreign_programs or start.listens:
        return False
    if any(not _names(fw.renderers, posixpath.basename(e.via or "")) for e in start.entries):
        return False
    renders = False
    for argv in start.commands:
        prog = posixpath.basename(argv[0]) if argv else ""
        if _names(fw.renderers, prog):
            renders = True
        elif not (_names(fw.file_tools, prog) or known_program(prog, knowledge) in ("shell", "wrapper", "entry-script")):
            return False
    return renders


def runs_tools_only(argvs: Iterable[Sequence[str]], knowledge: Any) -> bool:
    """Every simple command of a start command (``argvs``, after wrappers) runs a program that
    opens no connection or dials only what its command line writes (``rules/frameworks.yaml``
    file_tools, fetch_tools: `sh -c "until curl -s http://search:9200; do sleep 5; done"`), or
    a shell: no program there reads an address from its environment.  Python, a server, a
    runner or a program dockwise does not know keeps the container judged."""
    fw: Frameworks = knowledge.frameworks
    seen = False
    for argv in argvs:
        prog = posixpath.basename(argv[0]) if argv else ""
        if not (_names(fw.file_tools, prog) or _names(fw.fetch_tools, prog)
                or known_program(prog, knowledge) in ("shell", "wrapper")):
            return False
        seen = True
    return seen


def scripts_run_entries_only(start: StartEntries, knowledge: Any) -> bool:
    """Every command the start command and the scripts it runs were read to run is one of
    its entries' programs (an interpreter running the project's Python, a runner or server
    dockwise followed: ``python -m app.seed``, ``alembic upgrade head``) or a file tool, a
    shell word that starts nothing (``set -e``, ``echo``: ``rules/frameworks.yaml``
    file_tools).  A script made only of such lines starts no other program that could read
    a variable by its documented name; whether its own text names one is asked apart."""
    if start.unknown or start.foreign_programs or start.listens or not start.entries or not start.commands:
        return False
    fw: Frameworks = knowledge.frameworks
    programs = {posixpath.basename((e.via or "").partition(" ")[0]) for e in start.entries}
    ran = set(start.script_words)
    for argv in start.commands:
        prog = posixpath.basename(argv[0]) if argv else ""
        if argv and argv[0] in ran:
            continue  # a script of the tree it runs (`/entrypoint /start`): its own lines are among the commands
        if argv and argv[0] in _FORWARDS and _forwards_read(start, ran):
            continue  # `exec "$@"` of a script whose arguments were read as the command they run
        if not prog or not (prog in programs or _names(fw.file_tools, prog)
                            or known_program(prog, knowledge) == "python"):
            return False
    return True


# `"$@"` (`$@`, `"${@}"`) written as words of a command of the script's own level, after the
# program: `uwsgi "$@"`; not the program itself (`exec "$@"`: the arguments run as a command)
_ARGS_WORDS = re.compile(r'(?<=[ \t])"?\$(?:@|\{@\})"?(?=[ \t;]|$)', re.MULTILINE)
# what moves, replaces or parses the arguments before they are handed on
_ARGS_CHANGED = re.compile(r"(?<![\w.-])(?:shift|set[ \t]+--|getopts)(?![\w.-])")


def handed_arguments(text: str, args: tuple[str, ...]) -> str:
    """The shell script ``text`` with the words it is given (``args``, each known as written)
    in place of the ``"$@"`` it hands to a program of its own level (``uwsgi "$@"`` with
    ``CMD ["wsgi.ini", "--gevent", "200"]`` after ``ENTRYPOINT ["./entrypoint.sh"]``: uWSGI is
    given ``wsgi.ini``).  A line whose first word is ``"$@"`` runs them as a command and is left
    to that reading; a script that shifts, resets or parses its arguments, or hands them on
    in a function, a loop or a condition (``for a in "$@"``, an indented line) is left as written."""
    if _ARGS_CHANGED.search(text) or any(c in w for w in args for c in "'\"\\$`"):
        return text
    given = " ".join(shlex.quote(a) for a in args)
    out = []
    for line in text.split("\n"):
        words = line.split()
        if line[:1] not in (" ", "\t") and words and not words[0].startswith(("#", "for", "if", "while", "case", "$", '"$', "echo", "printf")) \
                and words[0] not in ("exec", "set", "local", "export") and _ARGS_WORDS.search(line):
            line = _ARGS_WORDS.sub(lambda m: given, line)
        elif line[:1] not in (" ", "\t") and len(words) > 1 and words[0] == "exec" and not words[1].startswith(("$", '"$')) \
                and _ARGS_WORDS.search(line):
            line = _ARGS_WORDS.sub(lambda m: given, line)  # `exec uwsgi "$@"`
        out.append(line)
    return "\n".join(out)


# a script's line that runs its own arguments as a command (`exec "$@"`)
_FORWARDS = frozenset({"$@", "$*"})


def _forwards_read(start: StartEntries, ran: set[str]) -> bool:
    """Each command that runs a script of the tree with arguments (`/entrypoint /start`) had
    those arguments read as a command of their own (runs them, as an entrypoint script's
    `exec "$@"` does): so what a script's `"$@"` runs is among ``start.commands``."""
    cmds = set(start.commands)
    for argv in start.commands:
        for i, word in enumerate(argv):
            if word in ran and argv[i + 1:] and tuple(argv[i + 1:]) not in cmds:
                return False
    return True


# a line of a shell script that runs the script's own arguments as a command: `exec "$@"`
# (or `"$@"`, `exec ${@}`), the Docker entrypoint convention
_RUNS_ARGUMENTS = re.compile(r'^[ \t]*(?:exec[ \t]+)?"?\$(?:@|\{@\})"?[ \t]*(?:;[ \t]*)?$', re.MULTILINE)


def _runs_its_arguments(text: str) -> bool:
    """The shell script ``text`` runs its arguments as a command (``exec "$@"``), not only as
    its own options: a Python script (its ``#!`` names an interpreter) never does."""
    first = text.split("\n", 1)[0]
    return first.startswith("#!") and "python" not in first and _RUNS_ARGUMENTS.search(text) is not None
