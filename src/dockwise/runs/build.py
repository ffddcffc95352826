"""Layout x project files -> Runs: which modules each service's container runs.

A file is container code for a service when the service's start command reaches it: its
entry point, or a module the entry point imports (transitively, frameworks included).
Where a service's start command cannot be read at all (no command known, an image whose
default command is unknown, a program dockwise does not know), the service falls back to
the files its code roots hold, minus the directories that hold no runtime code
(``scripts/``, ``examples/``, ``docs/``, ...: ``rules/frameworks.yaml``), and minus the
``__main__`` blocks of modules it does not run as ``__main__``.
"""
from __future__ import annotations

import posixpath
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Iterable, Sequence

from dockwise.discover import SKIP_DIRS, is_test_path
from dockwise.knowledge import Frameworks
from dockwise.knowledge.globs import glob_matcher
from dockwise.layout.build import OwnerIndex
from dockwise.layout.dockerfile import INSTALLED_PREFIX
from dockwise.layout.model import Layout, Service
from dockwise.model import BUG_HINT, FileError
from dockwise.runs.absentscript import absent_modules, absent_scripts
from dockwise.runs.closure import Closure, list_pattern, stdlib_code, walk_closure
from dockwise.runs.entries import (
    PACKAGING_FILES,
    Entry,
    StartEntries,
    console_scripts,
    imports_only,
    nested_packages,
    quiet_config_entry,
    reads_module_env,
    runs_only_tools,
    serves_no_requests,
    service_entries,
)
from dockwise.runs.fs import ContainerView, ProjectFiles
from dockwise.runs.imagematch import image_in
from dockwise.runs.libmodule import library_module
from dockwise.runs.packageroots import package_dirs
from dockwise.runs.scan import ModuleScan, main_blocks, scan_module

__all__ = ["Runs", "ServiceRuns", "build_runs"]

CLOSURE, FALLBACK, NONE = "closure", "fallback", "none"


@dataclass
class ServiceRuns:
    """What one service's container runs.

    mode: "closure" (the modules its start command reaches), "fallback" (its start command
      could not be read: the files it holds), "none" (it runs no Python of the project).
    """

    service: Service
    mode: str
    reason: str = ""
    entries: tuple[Entry, ...] = ()
    closure: Closure | None = None
    start: StartEntries | None = None
    # where some entries only import the code (`celery beat`: entries.imports_only) beside others
    # that run it (a `python check.py &&` before it): the modules those others reach, whose
    # functions may run; None where every entry may run what it reaches
    executing: frozenset[str] | None = None
    # a Dockerfile that copies nothing (``_unmapped``): its files are only taken to be beside it
    unmapped: bool = False
    # where the other entries are programs that dial only their broker (Flower: rules/commands.yaml
    # dials_only), the modules reached by the entries of programs that run the file their
    # configuration names and exit beside them (rules/frameworks.yaml ini_entries quiet: an
    # entrypoint's `alembic upgrade head` before `celery flower`): those modules' dials run
    # there too; None where there are no such entries
    beside_monitor: frozenset[str] | None = None
    # a container holding no project code: the ports of the servers its start command launches
    # (`redis-server --daemonize yes && ...`, `ray start --head`), its own listeners
    daemons: tuple[int, ...] = ()

    @property
    def modules(self) -> tuple[str, ...]:
        return tuple(sorted(self.closure.reached)) if self.closure is not None else ()

    def entry_points(self) -> list[str]:
        out = []
        for e in self.entries:
            label = e.value if e.kind != "management" else f"manage.py {e.value}"
            if e.via and e.kind not in ("file",):
                label = f"{e.via} {label}" if e.via not in ("python",) or e.kind != "script" else f"python {e.value}"
            out.append(label)
        return list(dict.fromkeys(out))


@dataclass
class Runs:
    layout: Layout
    services: list[ServiceRuns] = field(default_factory=list)
    scans: dict[str, ModuleScan] = field(default_factory=dict)
    non_runtime: frozenset[str] = frozenset()
    scan_file: Callable[[str], ModuleScan] | None = None
    files: ProjectFiles | None = None
    errors: tuple[FileError, ...] = ()  # services whose start could not be followed (internal errors)

    def __post_init__(self) -> None:
        self._by_id = {id(r.service): r for r in self.services}
        self._owners = OwnerIndex(self.layout)
        self._memo: dict[str, tuple[Service, ...]] = {}
        self._interned: dict[tuple[int, ...], tuple[Service, ...]] = {}
        self._modules: dict[int, tuple[str, ...]] = {}
        self._reached: tuple[dict[str, list[Service]], set[str]] | None = None  # see _index
        self._main_blocks: dict[str, tuple[tuple[int, int], ...]] = {}  # see main_blocks

    def of(self, svc: Service) -> ServiceRuns | None:
        return self._by_id.get(id(svc))

    def started_ports(self, svc: Service) -> tuple[int, ...]:
        """The ports of the servers ``svc``'s start command launches beside its app
        (``redis-server &`` in its entrypoint script): its container listens there."""
        r = self._by_id.get(id(svc))
        if r is None:
            return ()
        return tuple(r.start.listens) if r.start is not None else r.daemons

    def forwarded_ports(self, svc: Service) -> tuple[int, ...]:
        """The loopback ports a proxy ``svc``'s start command launches beside its app forwards
        to (an envoy sidecar's cluster at ``127.0.0.1:8080``, runs/proxyconf.py): that
        container dials them itself."""
        r = self._by_id.get(id(svc))
        return tuple(r.start.forwards) if r is not None and r.start is not None else ()

    def ipv4_only_ports(self, svc: Service) -> tuple[int, ...]:
        """The ports a proxy ``svc``'s start command launches listens on at IPv4 addresses
        alone (nginx's ``listen 8080;`` with no ``listen [::]:8080;``, runs/proxyconf.py):
        a client of that container that tries ``::1`` first finds nobody there."""
        r = self._by_id.get(id(svc))
        if r is None or r.start is None:
            return ()
        return tuple(p for p in r.start.ipv4_listens if p not in r.start.other_listens)

    def proxy_config_whole(self, svc: Service) -> bool:
        """Whether the proxy ``svc``'s start command launches loads only the tree's
        configuration: its main file is the tree's and includes no other (``StartEntries.
        config_whole``), so none of the configuration its image ships listens anywhere."""
        r = self._by_id.get(id(svc))
        return r is not None and r.start is not None and r.start.config_whole

    def start_unknown(self, svc: Service) -> bool:
        """Whether what ``svc``'s container starts is unknown (judged on every file it holds):
        a server any of those files starts may be the one it runs."""
        r = self._by_id.get(id(svc))
        return r is not None and r.mode == FALLBACK

    def runners(self, rel: str) -> tuple[Service, ...]:
        """The services whose containers run the project file ``rel``."""
        hit = self._memo.get(rel)
        if hit is not None:
            return hit
        out: list[Service] = list(self._index()[0].get(rel, ()))
        ids = {id(s) for s in out}
        for svc in self._owners(rel):
            r = self._by_id.get(id(svc))
            if (r is not None and r.mode == FALLBACK and id(svc) not in ids
                    and not self._plainly_not_runtime(svc, rel) and not self._beside_installed(svc, rel)):
                out.append(svc)
                ids.add(id(svc))
        if any(not s.implicit for s in out):
            # a Compose service that runs the file (built, or bind-mounted into it) is where it
            # runs, with that service's environment: not "a container built outside Compose"
            out = [s for s in out if not s.implicit]
        out.sort(key=lambda s: (s.name, s.project))
        key = tuple(id(s) for s in out)
        hit = self._interned.setdefault(key, tuple(out))
        self._memo[rel] = hit
        return hit

    def _plainly_not_runtime(self, svc: Service, rel: str) -> bool:
        """A file under ``scripts/``, ``examples/``, ``docs/``... of the project (below the
        Compose project's directory), however it was copied in.  For a container built from a
        Dockerfile that copies nothing (``tools/Dockerfile`` running a program of the image it
        starts FROM), the files beside it are in it by no instruction: their place in the tree,
        a ``tools/`` directory itself, says what they are."""
        r = self._by_id.get(id(svc))
        top = "" if svc.implicit and r is not None and r.unmapped else svc.project
        rest = rel[len(top) + 1:] if top and rel.startswith(top + "/") else rel
        return any(part in self.non_runtime for part in rest.split("/")[:-1])

    def _beside_installed(self, svc: Service, rel: str) -> bool:
        """``svc`` holds ``rel`` only as part of the project its build installs as a package
        (``pip install .``, ``uv build``: under ``INSTALLED_PREFIX``), and no directory on the
        way to ``rel`` is a package (holds ``__init__.py``): a wheel carries the project's
        packages, not the scripts beside them (``loadtest/run.py``).  A module at the root of
        what is installed (a ``py_modules`` entry) or under ``src/`` may be carried."""
        roots = [r for r in svc.code if r.source == "" or rel == r.source or rel.startswith(r.source + "/")]
        if self.files is None or not roots or any(not (r.target or "").startswith(INSTALLED_PREFIX) for r in roots):
            return False
        for root in roots:
            rest = rel[len(root.source) + 1:] if root.source else rel
            parts = rest.split("/")[:-1]
            if not parts or parts[0] == "src":
                return False
            for k in range(1, len(parts) + 1):
                below = "/".join(parts[:k])
                if self.files.is_file(posixpath.join(root.source, below, "__init__.py")):
                    return False
        return True

    def _index(self) -> tuple[dict[str, list[Service]], set[str]]:
        """(module -> the services whose closure reaches it, every module some closure runs
        as ``__main__``), built once: a lookup per file costs the same with 10 services or
        300 (services that share a walk share a list)."""
        if self._reached is None:
            groups: dict[int, tuple[Any, list[Service]]] = {}
            for r in self.services:
                if r.mode == CLOSURE and r.closure is not None:
                    groups.setdefault(id(r.closure), (r.closure, []))[1].append(r.service)
            reached_by: dict[str, list[Service]] = {}
            for closure, members in groups.values():
                for m in closure.reached:
                    reached_by.setdefault(m, []).extend(members)
            mains = {m for r in self.services if r.closure is not None for m in r.closure.main}
            self._reached = (reached_by, mains)
        return self._reached

    def main_for_any(self, rel: str, services: Iterable[Service]) -> bool:
        """Whether one of ``services`` runs ``rel`` as ``__main__``."""
        return rel in self._index()[1] and any(self.is_main(s, rel) for s in services)

    def is_main(self, svc: Service, rel: str) -> bool:
        """Whether ``svc``'s start command runs ``rel`` as ``__main__``."""
        r = self._by_id.get(id(svc))
        return r is not None and r.closure is not None and rel in r.closure.main

    def may_run_main(self, svc: Service, rel: str) -> bool:
        """``is_main``, and where the start command is unknown (fallback): a script may be run
        as ``__main__``, a module of a package is imported (a file whose directory holds no
        ``__init__.py`` counts as a script)."""
        r = self._by_id.get(id(svc))
        if r is not None and r.mode == FALLBACK and self.files is not None:
            d = posixpath.dirname(rel)
            return not self.files.is_file(f"{d}/__init__.py" if d else "__init__.py")
        return self.is_main(svc, rel)

    def scan(self, rel: str) -> ModuleScan:
        hit = self.scans.get(rel)
        if hit is None and self.scan_file is not None:
            hit = self.scan_file(rel)
        return hit or ModuleScan()

    def main_blocks(self, rel: str) -> tuple[tuple[int, int], ...]:
        """The lines of ``rel``'s ``if __name__ == "__main__":`` blocks.  A module no import
        walk scanned (every module of a fallback container) is not given the whole scan for
        this: only a text that names ``__main__`` is read for its blocks (the full scan of
        each judged module took a tenth of a cold run, in the process that judges)."""
        hit = self.scans.get(rel)
        if hit is not None:
            return hit.main_blocks
        blocks = self._main_blocks.get(rel)
        if blocks is None:
            text = self.files.text(rel) if self.files is not None and rel.endswith((".py", ".pyw")) else None
            if text is None and self.files is None:
                blocks = self.scan(rel).main_blocks  # (no file access: whatever the scanner knows)
            else:
                blocks = main_blocks(text) if text and "__main__" in text else ()
            self._main_blocks[rel] = blocks
        return blocks

    def runs_line(self, svc: Service, rel: str, line: int) -> bool:
        """Whether ``svc`` runs line ``line`` of ``rel``: not inside an ``if __name__ ==
        "__main__":`` block of a module it does not run as ``__main__``."""
        blocks = self.main_blocks(rel)
        if not any(a <= line <= b for a, b in blocks):
            return True
        return self.may_run_main(svc, rel)

    def foreign_programs(self, svc: Service) -> int:
        """How many programs an init system or a process manager starts in ``svc``'s
        container that run none of the project's Python (``StartEntries.foreign_programs``)."""
        r = self._by_id.get(id(svc))
        return r.start.foreign_programs if r is not None and r.start is not None else 0

    def holds(self, svc: Service, rel: str) -> bool:
        """Whether ``svc``'s container runs the project file ``rel``."""
        r = self._by_id.get(id(svc))
        if r is None:
            return False
        if r.mode == CLOSURE:
            return r.closure is not None and rel in r.closure.reached
        return r.mode == FALLBACK and any(s is svc for s in self.runners(rel))

    def modules_of(self, svc: Service) -> tuple[str, ...]:
        """The Python modules ``svc``'s container runs (for a fallback service: every
        Python file its code roots hold, minus plainly non-runtime directories)."""
        r = self._by_id.get(id(svc))
        if r is None:
            return ()
        if r.mode == CLOSURE and r.closure is not None:
            return tuple(r.closure.reached)
        if r.mode != FALLBACK or self.files is None:
            return ()
        key = id(svc)
        hit = self._modules.get(key)
        if hit is None:
            out: list[str] = []
            for root in svc.code:
                if self.files.is_file(root.source):
                    if root.source.endswith(".py"):
                        out.append(root.source)
                    continue
                out.extend(self._python_below(root.source))
            hit = self._modules[key] = tuple(f for f in dict.fromkeys(out) if self.holds(svc, f))
        return hit

    def _python_below(self, top: str) -> list[str]:
        def skip(name: str) -> bool:
            return name in SKIP_DIRS or name in self.non_runtime or name.startswith(".")

        if self.files is None:  # no tree to list
            return []
        return [rel for rel in self.files.python_below(top, skip) if not is_test_path(rel)]

    def chain(self, svc: Service, rel: str) -> tuple[str, ...]:
        r = self._by_id.get(id(svc))
        if r is None or r.closure is None:
            return ()
        return r.closure.chain(rel)


def _env(svc: Service, name: str) -> str | None:
    var = svc.env(name)
    if var is None or var.value is None:
        return None
    return var.value.value


def _sys_path(svc: Service, entries: list[Entry], view: ContainerView) -> list[str]:
    out: list[str] = []
    for e in entries:
        if e.kind == "script":
            cpath = posixpath.normpath(e.value if e.value.startswith("/") else posixpath.join(e.working_dir or "/", e.value))
            # a directory run as a script (its `__main__.py`) is itself first on sys.path
            is_dir_script = view.file(cpath) is None and view.script(cpath) is not None
            out.append(cpath if is_dir_script else posixpath.dirname(cpath))
        elif e.working_dir:
            out.append(e.working_dir)
    pythonpath = _env(svc, "PYTHONPATH")
    if pythonpath:
        for part in pythonpath.split(":"):
            part = part.strip()
            if part.startswith("/") and "\x00" not in part:
                out.append(part)
    cmd = svc.command
    if cmd is not None and cmd.working_dir:
        out.append(cmd.working_dir)
    for t in view.targets():
        out.append(t)
        out.append(posixpath.join(t, "src"))
    # the project's own packages a build stage installed (layout.dockerfile INSTALLED_PREFIX)
    out.extend((INSTALLED_PREFIX, posixpath.join(INSTALLED_PREFIX, "src")))
    # the directories a pyproject.toml there installs its packages from (runs/packageroots.py)
    for d in list(out):
        found = view.file(posixpath.join(d, "pyproject.toml")) if d.startswith("/") else None
        text = view.files.text(found) if found is not None else None
        out.extend(posixpath.join(d, sub) for sub in (package_dirs(text) if text else ()))
    return list(dict.fromkeys(posixpath.normpath(p) for p in out if p))


def _in_unknown_workdir(e: Entry, view: ContainerView) -> Entry:
    """A script named by a relative path where no working directory is known (an image of
    which Compose sets no ``working_dir``, the tree holds no Dockerfile WORKDIR, and whose own
    is not known to be ``/``, as an interpreter's or a distribution's image's is): where it
    is no file at ``/`` and exactly one directory the project lands in holds it
    (``python ./jobs/index.py`` with ``.:/srv`` mounted, the image's WORKDIR ``/srv``), that
    directory is the working directory the command was written for; the entry is read there
    (else the interpreter would exit at start).  Two or more such directories keep it
    unresolved."""
    if e.kind != "script" or e.working_dir is not None or e.value.startswith("/"):
        return e
    if view.script(posixpath.normpath(posixpath.join("/", e.value))) is not None:
        return e
    hits = {t for t in view.targets() if view.script(posixpath.normpath(posixpath.join(t, e.value))) is not None}
    if len(hits) != 1:
        return e
    wd = hits.pop()
    # the directories a server put on the import path relative to that same directory
    return replace(e, working_dir=wd, sys_path=tuple(p if p.startswith("/") else posixpath.normpath(posixpath.join(wd, p))
                                                     for p in e.sys_path))


def _no_python_image(svc: Service, frameworks: Frameworks) -> bool:
    return image_in(svc, frameworks.no_python_images)


def _image_scripts(svc: Service, python: Sequence[Entry], view: ContainerView) -> bool:
    """A container of a ready-made image (nothing of it built from the project) whose start
    command runs only Python scripts that no file of the project it holds could be
    (``python ./tool/app/app.py`` where no mounted file ends in ``app/app.py``): the
    scripts are the image's own, and the project mounted beside them (data, models, a
    checkout) is not shown to run there.  An image given a ``PYTHONPATH`` may import the
    mounted code: that keeps the fallback."""
    if svc.build_context is not None or svc.dockerfile is not None or svc.env("PYTHONPATH") is not None:
        return False
    if not all(e.kind == "script" for e in python):
        return False
    held = view.python_files()
    for e in python:
        parts = [p for p in posixpath.normpath(e.value).split("/") if p not in ("", ".")]
        tail = "/".join(parts[-2:])
        if not tail.endswith(".py") or any(rel == tail or rel.endswith("/" + tail) for rel in held):
            return False  # a file of the project may be that script (mounted elsewhere than written)
    return True


def _image_imports_code(svc: Service, entry: Any, view: ContainerView) -> bool:
    """The image's default command may import code the service holds (``rules/frameworks.yaml``
    image_entrypoints): a variable naming the app is set (``CELERY_APP``), or may be (an
    environment not known), or a file it imports from its working directory is held
    (``flowerconfig.py``)."""
    if entry.app_env and (svc.env_unknown or any(svc.env(name) is not None for name in entry.app_env)):
        return True
    if not entry.imports_files:
        return False
    held = [*view.python_files(), *(r.source for r in svc.code)]
    return any(posixpath.basename(rel) in entry.imports_files for rel in held)


def _console_entries(scripts: dict[str, tuple[str, tuple[str, ...]]], view: ContainerView) -> list[Entry]:
    """Every console script the project declares, as the start command an operator gives a
    container whose image names none of its own (its default is the bare interpreter, which
    runs no file): ``docker run img appctl serve`` runs what one of them reaches."""
    out = []
    for name, (ref, dirs) in sorted(scripts.items()):
        module, _, func = (part.strip() for part in ref.partition(":"))
        extra: list[str] = []
        for d in dirs:
            cdir = view.container_path(d)
            if cdir:
                extra += [cdir, posixpath.join(cdir, "src")]
        out.append(Entry("module", module, None, False, name, (), "console scripts", tuple(extra),
                         func or None, console=True))
    return out


def _key(svc: Service) -> tuple:
    cmd = svc.command
    # a name may come twice (the Compose value, then an entrypoint's `export X=${X:-}`, unknown):
    # the order puts an unknown value (None) after a known one instead of comparing them
    env = tuple(sorted(((v.name, v.value.value if v.value is not None else None) for v in svc.environment),
                       key=lambda item: (item[0], item[1] is None, item[1] or "")))
    return (svc.code, tuple(t.value for t in cmd.tokens) if cmd else None, cmd.working_dir if cmd else None,
            env, svc.server_configs, svc.builds_base)


class _Builder:
    def __init__(self, layout: Layout, knowledge: Any, files: ProjectFiles, scan_cache: Any = None) -> None:
        self.scan_cache = scan_cache  # cache.ScanCache: scans of unchanged modules from an earlier run
        self.layout = layout
        self.knowledge = knowledge
        self.files = files
        self.frameworks: Frameworks = knowledge.frameworks
        self.object_loaders = frozenset(knowledge.flow.config_loaders)
        self.list_re = list_pattern(self.frameworks)
        # a variable whose name says "in a container" (IN_DOCKER): set where the environment is unknown
        self.container_flag = glob_matcher(knowledge.flow.container_env_flags).fullmatch
        self.scans: dict[str, ModuleScan] = {}
        self.memo: dict[tuple, ServiceRuns] = {}
        # one walk per start, and per value of the variables its environment selectors read:
        # (the environment it was walked with, the walk)
        self.closures: dict[tuple, list[tuple[dict[str, str | None] | None, Closure]]] = {}
        self.views: dict[tuple, ContainerView] = {}
        # the code roots of the services that name a start command, per Compose project: a
        # command-less service holding the same code is their shared definition (see _service)
        self.commanded: dict[int, set[tuple]] = {}
        self.project_of: dict[int, int] = {}
        for i, project in enumerate(layout.projects):
            for s in project.services:
                self.project_of[id(s)] = i
                if s.command is not None and s.command.tokens and s.code:
                    self.commanded.setdefault(i, set()).add(s.code)

    def scan(self, rel: str) -> ModuleScan:
        hit = self.scans.get(rel)
        if hit is None:
            st = self.files.stat(rel) if self.scan_cache is not None and rel.endswith((".py", ".pyw")) else None
            known = self.scan_cache.get(rel, st) if st is not None else None
            if known is not None:
                try:
                    hit = ModuleScan.decode(known)
                except (TypeError, ValueError):
                    hit = None
            if hit is None:
                text = self.files.text(rel) if rel.endswith((".py", ".pyw")) else None
                hit = scan_module(text, self.list_re, self.frameworks.path_includers,
                                  self.frameworks.subcommand_tables, self.frameworks.task_name_calls,
                                  self.frameworks.task_name_keys, self.object_loaders) \
                    if text else ModuleScan()
                if st is not None:
                    self.scan_cache.put(rel, st, hit.encode())
            self.scans[rel] = hit
        return hit

    def service(self, svc: Service) -> ServiceRuns:
        key = (*_key(svc), self._shared_definition(svc))
        known = self.memo.get(key)
        if known is not None:
            return ServiceRuns(svc, known.mode, known.reason, known.entries, known.closure, known.start,
                               known.executing, unmapped=known.unmapped, beside_monitor=known.beside_monitor)
        result = self._service(svc)
        self.memo[key] = result
        return result

    def _daemons(self, svc: Service) -> tuple[int, ...]:
        """The ports of the servers the start command of ``svc`` (a container holding no
        project code) launches: read as any start command is, its project scripts absent."""
        if svc.command is None or not svc.command.tokens:
            return ()  # the image's own program: its ports are the image's (rules/images.yaml)
        view = self.views.get(())
        if view is None:
            view = self.views[()] = ContainerView(self.files, ())
        return tuple(service_entries(svc, self.knowledge, view, self.files, {}).listens)

    def _service(self, svc: Service) -> ServiceRuns:
        if svc.fragment:
            # what the container runs is written in the file this part is merged onto; its
            # mounted code (`..:/workspace`) is not taken to run
            return ServiceRuns(svc, NONE, "neither an image nor a build: a part of a Compose project assembled elsewhere")
        if not svc.code:
            return ServiceRuns(svc, NONE, "no project code in its container", daemons=self._daemons(svc))
        if svc.builds_base:
            return ServiceRuns(svc, NONE, "it only builds the image other services of its project build from: "
                               "its container starts with nothing configured, they run the code")
        view = self.views.get(svc.code)
        if view is None:
            view = self.views[svc.code] = ContainerView(self.files, svc.code)  # shared: its lookups are memoised
        if not view.mapped:
            return self._unmapped(svc, view)
        # where the project declares console scripts: the directories copied, and those of
        # the files copied (a `COPY pyproject.toml .` names the project's root)
        dirs = [r.source if self.files.is_dir(r.source) else posixpath.dirname(r.source) for r in svc.code]
        dirs += nested_packages(self.files, dirs)  # after them: the copied dirs' own scripts win
        # then a project the build installs from files a RUN bind-mounts (`--mount=type=bind,
        # source=pyproject.toml ... uv sync`): its scripts are on the PATH, its files are not copied
        dirs += [m if self.files.is_dir(m) else posixpath.dirname(m) for m in svc.build_mounts
                 if posixpath.basename(m) in PACKAGING_FILES or self.files.is_dir(m)]
        scripts = console_scripts(self.files, dirs)
        start = service_entries(svc, self.knowledge, view, self.files, scripts)
        # the interpreter's own tools (`python -m venv`) import nothing of the project
        entries = [e for e in start.entries if not (e.kind == "module" and e.value in self.frameworks.tool_modules)]
        if not image_in(svc, (*self.frameworks.interpreter_images, *self.frameworks.shell_images)):
            # (an interpreter's or a distribution's image sets no WORKDIR: there it is `/`)
            entries = [_in_unknown_workdir(e, view) for e in entries]
        for name in () if runs_only_tools(start, self.knowledge) else self.frameworks.module_env:
            if not reads_module_env(str(name), start, entries, self.knowledge):
                continue  # (FLASK_APP where no flask runs)
            value = _env(svc, str(name))
            if value and "\x00" not in value and "$" not in value:
                module = value.split(":", 1)[0].strip()
                if module.endswith(".py"):
                    cpath = module if module.startswith("/") else posixpath.join(
                        (svc.command.working_dir if svc.command else None) or "/", module)
                    entries.append(Entry("script", cpath, None, False, f"env:{name}"))
                else:
                    entries.append(Entry("module", module, None, False, f"env:{name}"))
        commandless = svc.command is None or not svc.command.tokens
        if commandless and _no_python_image(svc, self.frameworks):
            return ServiceRuns(svc, NONE, "its image holds no Python", tuple(entries), None, start)
        if commandless and not svc.implicit and image_in(svc, self.frameworks.shell_images):
            # Compose starts the image's own default command, a distribution image's shell: no
            # Python of the project runs (a container built from a Dockerfile alone is left
            # out: `docker run IMAGE CMD` may give it any command)
            return ServiceRuns(svc, NONE, "its image's default command is a shell", tuple(entries), None, start)
        if commandless and any(e.serves_by_default and image_in(svc, e.images) and not _image_imports_code(svc, e, view)
                               for e in self.frameworks.image_entrypoints):
            # a notebook image's own server: the scripts mounted beside the notebooks are what a
            # user may run there, not what the container starts
            return ServiceRuns(svc, NONE, "its image's default command starts the image's own server",
                               tuple(entries), None, start)
        if commandless and scripts and image_in(svc, self.frameworks.interpreter_images):
            entries += _console_entries(scripts, view)
        elif commandless and self._shared_definition(svc) and image_in(svc, self.frameworks.interpreter_images):
            # the bare interpreter, with no script: the services that start this code say how
            return ServiceRuns(svc, NONE, "its image's default command is the bare interpreter, and the services "
                               "holding the same code name the commands that run it", tuple(entries), None, start)
        elif commandless:
            return ServiceRuns(svc, FALLBACK, "no start command is known", tuple(entries), None, start)
        sys_path = _sys_path(svc, entries, view)
        # services that start the same code the same way (workers of one image on other
        # queues, replicas under other names) share one walk
        # (and agree on the variables an environment selector on the way read)
        ckey = (svc.code, tuple(_walk_key(e) for e in entries), tuple(sys_path))
        env = _selector_env(svc)
        walks = self.closures.setdefault(ckey, [])
        closure = None
        for walked_with, known in walks:
            if all(_same_value(env, walked_with, v) for v in known.consulted):
                closure = known
                break
        if closure is None:
            closure = walk_closure(entries, view, self.files, sys_path, self.scan, self.frameworks, env,
                                   self.container_flag, not serves_no_requests(entries, self.knowledge.commands.runners))
            walks.append((env, closure))
        if closure.reached:
            return ServiceRuns(svc, CLOSURE, "", tuple(entries), closure, start,
                               self._executing(entries, view, sys_path, env),
                               beside_monitor=self._beside_monitor(entries, view, sys_path, env))
        python = [e for e in entries if not (e.via or "").startswith("env:")]
        if not python and not start.unknown:
            return ServiceRuns(svc, NONE, "its start command runs no Python of the project", tuple(entries), closure, start)
        if python and not start.unknown and all(e.kind == "code" and stdlib_code(e.value) for e in python):
            # `python3 -c "import json, urllib.request; ..."`: a one-off call that names no module of the project
            return ServiceRuns(svc, NONE, "its start command runs only inline code that imports the standard library",
                               tuple(entries), closure, start)
        if not python and _no_python_image(svc, self.frameworks):
            return ServiceRuns(svc, NONE, "its image holds no Python", tuple(entries), closure, start)
        if python and not start.unknown and (lib := library_module(python, self.files, dirs, self.knowledge)):
            # `python -m acme_sdk.cli`: a program of a library the project declares, not its code
            return ServiceRuns(svc, NONE, f"its start command runs a module of a library the project depends on ({lib})",
                               tuple(entries), closure, start)
        if python and not start.unknown and _image_scripts(svc, python, view):
            return ServiceRuns(svc, NONE, "its start command runs a script of its image, not of the project",
                               tuple(entries), closure, start)
        if python and not start.unknown and absent_scripts(svc, python, view, self.files, self.frameworks,
                                                                  self.knowledge.commands.shells.names):
            return ServiceRuns(svc, NONE, "its start command runs a script its image does not hold (the interpreter "
                               "exits at start)", tuple(entries), closure, start)
        if python and not start.unknown and absent_modules(svc, python, view, self.files, self.frameworks,
                                                                  self.knowledge.commands.servers):
            return ServiceRuns(svc, NONE, "its start command runs a module its image does not hold (the import "
                               "fails at start)", tuple(entries), closure, start)
        what = ", ".join(dict.fromkeys(start.unknown or closure.unresolved)) or "its entry point"
        return ServiceRuns(svc, FALLBACK, f"its start command could not be followed ({what})", tuple(entries),
                           closure, start)

    def _executing(self, entries: list[Entry], view: ContainerView, sys_path: list[str],
                   env: dict[str, str | None] | None) -> frozenset[str] | None:
        """``ServiceRuns.executing``: the modules the entries that may run the project's
        functions reach, where others only import it; None where none only imports."""
        runners = self.knowledge.commands.runners
        running = [e for e in entries if not imports_only(e, runners)]
        if len(running) == len(entries):
            return None
        if not any(not (e.via or "").startswith("env:") for e in running):
            return frozenset()  # (a settings module an environment variable names is loaded, not run)
        return frozenset(walk_closure(running, view, self.files, sys_path, self.scan, self.frameworks, env,
                                      self.container_flag, not serves_no_requests(running, runners)).reached)

    def _beside_monitor(self, entries: list[Entry], view: ContainerView, sys_path: list[str],
                        env: dict[str, str | None] | None) -> frozenset[str] | None:
        """``ServiceRuns.beside_monitor``: the modules the entries of quiet configuration
        programs (alembic's env.py) reach, where every other entry is a program that dials only
        its broker (Flower); None where the entries are not so split."""
        quiet = [e for e in entries if quiet_config_entry(e, self.frameworks)]
        others = [e for e in entries if e not in quiet and not (e.via or "").startswith("env:")]
        if not quiet or not others or not all(e.via and self.knowledge.commands.dials_only(e.via) for e in others):
            return None
        return frozenset(walk_closure(quiet, view, self.files, sys_path, self.scan, self.frameworks, env,
                                      self.container_flag, False).reached)

    def _shared_definition(self, svc: Service) -> bool:
        """``svc`` names no start command, and another service of its Compose project holding
        the same code does (``web_run: {extends: web, command: python manage.py runserver}``
        beside a command-less ``web``): it is the definition they share (through ``extends``,
        or written twice), and what runs from that code is what their commands say.  A sibling
        holding more than it does counts too (the definition merged through a YAML anchor into a
        service that adds a bind mount of a data directory): it holds every file ``svc`` holds."""
        if svc.command is not None and svc.command.tokens or not svc.code:
            return False
        index = self.project_of.get(id(svc))
        if index is None:
            return False
        own = set(svc.code)
        return any(own <= set(code) for code in self.commanded.get(index, ()))

    def _unmapped(self, svc: Service, view: ContainerView) -> ServiceRuns:
        """A container whose code roots land nowhere known (a Dockerfile that copies nothing
        and is taken to hold everything beside it): its files are judged, unless its start
        command, read whole, runs no Python at all (``ENTRYPOINT ["/bin/bash"]``, ``node
        server.js``): then nothing of the project runs there, wherever it lands.  A command
        naming a script, a module or a program not understood keeps the fallback."""
        landed = self._context_at_workdir(svc)
        if landed is not None:
            return replace(self._service(landed), service=svc)
        start = None
        if svc.command is not None and svc.command.tokens:
            start = service_entries(svc, self.knowledge, view, self.files, {})
            if not start.entries and not start.unknown:
                return ServiceRuns(svc, NONE, "its start command runs no Python of the project", (), None, start)
        return ServiceRuns(svc, FALLBACK, "where its code lands in the container is unknown", (), None, start,
                           unmapped=True)

    def _context_at_workdir(self, svc: Service) -> Service | None:
        """``svc`` as it runs where a Dockerfile that copies nothing names its own start
        file by a path inside its WORKDIR (``CMD ["./bin/serve"]``, ``python /app/main.py``
        with ``WORKDIR /app``) that its build context holds at that place (``bin/serve``):
        the image has that file only where the context is mounted at the WORKDIR (a
        development image whose Compose file bind-mounts the code, ``.:/app``), so its
        files are taken to land there and the start command is followed as written (a
        ``flask run`` it starts imports ``app.py``; its ``__main__`` block does not run).
        None where no such file is named: its code stays unmapped (the files beside it)."""
        cmd = svc.command
        wd = posixpath.normpath(cmd.working_dir) if cmd is not None and cmd.working_dir else ""
        if cmd is None or not wd.startswith("/") or wd == "/" or len(svc.code) != 1 or svc.code[0].target:
            return None
        root = svc.code[0]
        # the program itself, or the script an interpreter or a shell is given first
        for token in cmd.tokens[:2]:
            word = token.value
            if not word.startswith(("./", wd + "/")) or "$" in word or "\x00" in word:
                continue
            cpath = posixpath.normpath(posixpath.join(wd, word))
            if not cpath.startswith(wd + "/"):
                continue
            rel = posixpath.join(root.source, cpath[len(wd) + 1:]) if root.source else cpath[len(wd) + 1:]
            if self.files.is_file(rel):
                return replace(svc, code=(replace(root, target=wd),))
        return None


def _selector_env(svc: Service) -> dict[str, str | None] | None:
    """A service's environment as environment selectors read it (as ``flow.gates`` reads it
    for branches: None unknown; a value known only at run time, None)."""
    if svc.env_unknown:
        return None
    return {v.name: (v.value.value if v.value is not None and "\x00" not in v.value.value else None)
            for v in svc.environment}


_UNSET = object()


def _same_value(a: dict[str, str | None] | None, b: dict[str, str | None] | None, var: str) -> bool:
    """Whether two environments give ``var`` the same value (both unknown, both unset...)."""
    if a is None or b is None:
        return a is b
    return a.get(var, _UNSET) == b.get(var, _UNSET)


def _walk_key(e: Entry) -> tuple:
    """What of an entry the import walk reads: a worker's queue (``-Q orders-2``) or where the
    command was written does not change the modules it reaches; a script's arguments do
    (``manage.py <command>``), and so does the file a ``file`` entry was found through."""
    return (e.kind, e.value, e.working_dir, e.main, e.via, e.args if e.kind == "script" else (),
            e.origin if e.kind == "file" else "", e.sys_path)


def build_runs(layout: Layout, knowledge: Any, files: ProjectFiles, scan_cache: Any = None) -> Runs:
    """What every service (and Dockerfile-only container) of ``layout`` runs."""
    builder = _Builder(layout, knowledge, files, scan_cache if scan_cache is not None and scan_cache.enabled else None)
    services: list[ServiceRuns] = []
    errors: list[FileError] = []

    def follow(svc: Service, where: str) -> ServiceRuns:
        try:
            return builder.service(svc)
        except Exception as exc:  # boundary: one service; the others are still followed
            errors.append(FileError(where, f"internal error while following what `{svc.name}` runs: {exc!r} "
                                           f"({BUG_HINT})", kind="internal"))
            return ServiceRuns(svc, NONE, "what it runs could not be followed (an internal error)")

    for project in layout.projects:
        for svc in project.services:
            services.append(follow(svc, project.files[0] if project.files else svc.project))
    for svc in layout.containers:
        services.append(follow(svc, svc.dockerfile or svc.project))
    non_runtime = frozenset(knowledge.frameworks.non_runtime_dirs)
    return Runs(layout, services, builder.scans, non_runtime, builder.scan, files, tuple(errors))
