"""From a container's entry points to every project module it runs.

Module names are resolved as the container's ``sys.path`` would: the entry's directory
(a script) or working directory (``python -m``, servers, runners), ``PYTHONPATH``, the
runner's ``--app-dir``/``--chdir``, and the directories the project's code lands in (and
their ``src/``, for packages installed from the tree).  Relative imports are resolved next
to the importing file.  From each module the walk follows its imports, the module names it
gives frameworks as strings (``"mysite.settings"``, ``INSTALLED_APPS``), and the modules
frameworks load by convention (``rules/frameworks.yaml``).  An import inside an
``if __name__ == "__main__":`` block counts only in a module run as ``__main__``, and one
behind an environment selector (``case "redis":``, ``runs.selectors``) only where the
container's environment selects it, and one written in the options class of a command-line
subcommand (``runs.subcommands``) only where the start command gives that subcommand.

Each module reached keeps the module that reached it, so a finding can show the chain.
"""
from __future__ import annotations

import fnmatch
import posixpath
import re
import sys
from dataclasses import dataclass
from typing import Callable, Iterable, Sequence

from dockwise.astnames import TEST_RUN_WORDS
from dockwise.knowledge import Frameworks, ModuleList
from dockwise.runs.entries import Entry
from dockwise.runs.envimports import modules_named
from dockwise.runs.fs import ContainerView, ProjectFiles
from dockwise.runs.registries import chosen_by_default
from dockwise.runs.scan import ImportRef, ListFinder, ModuleScan
from dockwise.runs.selectors import gate_allows
from dockwise.words import has_whole

__all__ = ["Resolver", "Closure", "walk_closure", "list_pattern", "DEFAULT_OF"]

# how a module reached as the code's default of a module variable the container does not set
# is recorded (``os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site.settings")``): that
# module is the one the variable names there (flow/settingsmodule.py settings_modules)
DEFAULT_OF = "default of $"

_MAX_MODULES = 20_000


def list_pattern(frameworks: Frameworks) -> ListFinder | None:
    """The scanner's finder for the names of ``module_lists``."""
    names = [n for spec in frameworks.module_lists for n in spec.names]
    conditions = {n: spec.only_where for spec in frameworks.module_lists for n in spec.names if spec.only_where}
    return ListFinder(names, conditions) if names else None


class Resolver:
    """Module names -> project files, for one container's ``sys.path``."""

    def __init__(self, view: ContainerView, sys_path: Iterable[str]) -> None:
        self.view = view
        self.sys_path = [p for p in dict.fromkeys(posixpath.normpath(p) for p in sys_path if p and p.startswith("/"))]
        self._memo: dict[str, list[str] | None] = {}
        self._top: dict[str, bool] = {}

    def _has_top(self, name: str) -> bool:
        hit = self._top.get(name)
        if hit is None:
            hit = False
            for entry in self.sys_path:
                base = posixpath.join(entry, name)
                if self.view.file(base + ".py") or self.view.dirs(base):
                    hit = True
                    break
            self._top[name] = hit
        return hit

    def find(self, dotted: str) -> list[str] | None:
        """The project files importing ``dotted`` runs (package ``__init__`` files, then the
        module); [] for a namespace package; None when the project does not hold it."""
        if dotted in self._memo:
            return self._memo[dotted]
        parts = dotted.split(".")
        result = None
        if parts and all(p.isidentifier() for p in parts) and self._has_top(parts[0]):
            for entry in self.sys_path:
                result = self._find_in(entry, parts)
                if result is not None:
                    break
        self._memo[dotted] = result
        return result

    def package_dirs(self, dotted: str) -> list[str]:
        """The project directories of the package ``dotted`` (where a plugin loader naming
        it finds its modules); [] when the project does not hold it."""
        parts = dotted.split(".")
        if not (parts and all(p.isidentifier() for p in parts) and self._has_top(parts[0])):
            return []
        for entry in self.sys_path:
            found = self.view.dirs(posixpath.join(entry, *parts))
            if found:
                return found
        return []

    def _find_in(self, entry: str, parts: list[str]) -> list[str] | None:
        files: list[str] = []
        base = entry
        for k, part in enumerate(parts):
            path = posixpath.join(base, part)
            init = self.view.file(path + "/__init__.py")
            if k == len(parts) - 1:
                module = self.view.file(path + ".py")
                if module is not None:
                    return files + [module]
                if init is not None:
                    return files + [init]
                return files if self.view.dirs(path) else None
            if init is not None:
                files.append(init)
            elif not self.view.dirs(path):
                return None
            base = path
        return files


def _relative(files: ProjectFiles, rel: str, level: int, module: str) -> str | None:
    """The project directory or file a relative import names (without the .py), or None."""
    base = posixpath.dirname(rel)
    for _ in range(level - 1):
        if not base:
            return None
        base = posixpath.dirname(base)
    if module:
        base = posixpath.join(base, *module.split(".")) if base else posixpath.join(*module.split("."))
    return base


def _holds(view: ContainerView, importer: str) -> Callable[[str], bool]:
    """Whether the container holds a project file that a relative import of ``importer``
    names: a file its build leaves out (``.dockerignore``, a root's excludes) is not there,
    and the import fails in the container (``try: from .dev import *`` falls back to its
    ``except`` branch).  Where the code roots do not place ``importer`` itself (no roots, a
    module reached another way), every file beside it counts."""
    if not view.mapped or view.container_path(importer) is None:
        return lambda _rel: True
    return lambda target: view.container_path(target) is not None


def _project_module(files: ProjectFiles, path: str) -> str | None:
    """``path`` (no extension) as a module file: path.py, or path/__init__.py."""
    if path and files.is_file(path + ".py"):
        return path + ".py"
    init = f"{path}/__init__.py" if path else "__init__.py"
    if files.is_file(init):
        return init
    return None


@dataclass
class Closure:
    """What one service runs: module -> (the module that reached it, how)."""

    reached: dict[str, tuple[str | None, str]]
    main: set[str]  # modules run as __main__
    unresolved: list[str]  # entries that name nothing in the project
    # the variables whose values decided an environment selector on the way: services whose
    # environments agree on them share this walk
    consulted: frozenset[str] = frozenset()

    def chain(self, rel: str) -> tuple[str, ...]:
        out: list[str] = []
        seen: set[str] = set()
        cur: str | None = rel
        while cur is not None and cur not in seen and len(out) < 64:
            seen.add(cur)
            out.append(cur)
            cur = self.reached.get(cur, (None, ""))[0]
        return tuple(reversed(out))


def walk_closure(entries: list[Entry], view: ContainerView, files: ProjectFiles, sys_path: list[str],
                 scan: Callable[[str], ModuleScan], frameworks: Frameworks,
                 env: dict[str, str | None] | None = None,
                 container_flag: Callable[[str], object] | None = None, serving: bool = True) -> Closure:
    """Every project module ``entries`` run, following imports from them (``env``: the
    container's variables, for the imports behind environment selectors; None: unknown;
    ``container_flag``: whether a variable's name says "in a container", set where ``env`` is
    unknown; ``serving``: the entries may serve requests, so the lists only a server loads
    count)."""
    reached: dict[str, tuple[str | None, str]] = {}
    main: set[str] = set()
    unresolved: list[str] = []
    todo: list[str] = []
    resolvers: dict[tuple[str, ...], Resolver] = view.resolvers  # shared by the services with this view
    # a list that only a program's own start loads (Faust's autodiscovery, when its worker
    # starts) counts where the start command runs that program
    programs = {posixpath.basename(e.via.split()[0]) for e in entries if e.via and e.via.split()}
    lists = [spec for spec in frameworks.module_lists
             if (not spec.programs or programs & set(spec.programs)) and (serving or not spec.served_only)]
    # the names of the lists only a server loads, where nothing serves requests: the strings
    # written in them are not followed as names either (the settings' WSGI_APPLICATION in a
    # task worker)
    unloaded = () if serving else tuple(n for spec in frameworks.module_lists if spec.served_only for n in spec.names)
    app_subs = frameworks.app_submodules
    command_path = frameworks.management.command_path
    mgmt_scripts = frameworks.management.scripts
    apps: list[str] = []  # project directories of packages a framework loads by convention
    per_package: set[str] = set()  # submodules a call loads from each of them (autodiscover_modules)
    # (regex, package, listing module, label, submodules): loaded once a module the walk reached
    # holds the regex (a list's reached_where: Celery's autodiscover_tasks() call)
    deferred: list[tuple[str, str, str, str, tuple[str, ...]]] = []
    looked: set[str] = set()  # reached modules whose text was searched for the deferred regexes
    # the module variables the container's environment sets: their defaults in the code
    # (os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings.dev")) never apply
    env_set = {e.via[4:] for e in entries if e.via and e.via.startswith("env:")}
    commands: list[tuple[str, str]] = []  # (management command, the module asking)
    consulted: set[str] = set()
    # (key, module, the registry's module): a registry's alternatives, followed once the
    # container is seen to choose that key (``_chosen``)
    alternatives: list[tuple[str, str, str]] = []
    # the words of the start commands: a subcommand's options class runs where one names it
    words = "\n".join(" ".join((e.value, *e.args)) for e in entries if not (e.via or "").startswith("env:"))

    def given(names: Iterable[str]) -> bool:
        return any(has_whole(words, n) for n in names)

    def resolver(extra: Iterable[str] = ()) -> Resolver:
        key = (*extra, "\0", *sys_path)
        hit = resolvers.get(key)
        if hit is None:
            hit = resolvers[key] = Resolver(view, [*extra, *sys_path])
        return hit

    # the directories console-script entries add (their project, the other members of its
    # workspace) are importable from every module the walk reaches, after the service's own
    extras = [p for e in entries for p in e.sys_path]
    if extras:
        key = ("\0", *sys_path, "\0", *extras)
        base = resolvers.get(key) or resolvers.setdefault(key, Resolver(view, [*sys_path, *extras]))
    else:
        base = resolver()

    def add(rel: str, parent: str | None, how: str, is_main: bool = False) -> None:
        if is_main:
            main.add(rel)
        if rel in reached or len(reached) >= _MAX_MODULES:
            return
        reached[rel] = (parent, how)
        todo.append(rel)

    def add_all(found: list[str] | None, parent: str | None, how: str, is_main: bool = False) -> bool:
        if found is None:
            return False
        for k, f in enumerate(found):
            add(f, parent, how, is_main and k == len(found) - 1)
        return True

    _add_entries(entries, view, base, resolver, add, add_all, unresolved, commands, app_subs, mgmt_scripts)

    # -- the walk
    while True:
        while todo:
            rel = todo.pop()
            s = scan(rel)
            here_main = rel in main
            gated = dict(s.gates) if s.gates else None
            for imp in s.imports:
                if not here_main and s.main_blocks and s.in_main(imp.line):
                    continue
                subcommands = s.subcommand_of(imp.line) if s.subcommands else None
                if subcommands is not None and not given(subcommands):
                    continue  # in the options class of a subcommand the start command does not give
                needs = gated.get(imp.line) if gated is not None else None
                if needs is not None:
                    consulted.update(r[0] for r in needs)
                    if not gate_allows(needs, env, container_flag):
                        continue
                _follow(imp, rel, files, base, add, add_all)
            skipped = _listed_in(s, unloaded) if unloaded and s.lists else frozenset()
            for name in s.dotted:
                if name not in skipped:
                    _dotted(name, rel, base, add_all)
            for name, subcommands in s.commanded:
                if given(subcommands):
                    _dotted(name, rel, base, add_all)
            for variable, name in s.env_defaults:
                if variable not in env_set:
                    _dotted(name, rel, base, add_all, f"{DEFAULT_OF}{variable}: {name}")
            for variable, name in s.test_env_defaults:
                # picked in a branch only a test run takes: where a start command runs tests
                if variable not in env_set and given(TEST_RUN_WORDS):
                    _dotted(name, rel, base, add_all, f"{DEFAULT_OF}{variable}: {name}")
            alternatives.extend((key, name, rel) for key, name in s.alternatives)
            for variable, default in s.env_imports:
                consulted.add(variable)
                for name in modules_named(_env_value(env, variable, default)):
                    add_all(base.find(name), rel, f"named by ${variable}: {name}")
            for variable, default in s.env_objects:
                # `app.config.from_object(os.environ["APP_SETTINGS"])`: the module of the class
                # the variable names (`project.config.DevelopmentConfig`) is imported
                consulted.add(variable)
                value = _env_value(env, variable, default).strip()
                if value:
                    _dotted(value, rel, base, add_all, f"named by ${variable}: {value}")
            if s.dynamic:
                for f in _discovered(rel, s, files, view, base):
                    add(f, rel, "discovered at run time")
            if s.lists:
                _add_lists(rel, s, lists, base, files, apps, add, add_all, per_package, deferred)
            for pattern in s.paths:
                for f in _included_files(files, rel, pattern):
                    add(f, rel, f"included by path: {pattern}")
        added = _add_commands(commands, apps, command_path, files, reached, add)
        if deferred:
            texts = [files.text(r) or "" for r in reached if r not in looked and r.endswith((".py", ".pyw"))]
            looked.update(reached)
            # each distinct pattern is searched once: the items of one list (every app of
            # INSTALLED_APPS) share it, and a search per item and module took seconds
            found = {p for p in {d[0] for d in deferred} if any(re.search(p, t) for t in texts)}
            for item in [d for d in deferred if d[0] in found]:
                deferred.remove(item)
                _pattern, pkg, where, label, subs = item
                for sub in subs:
                    for f in _submodules(files, pkg, sub):
                        if f not in reached:
                            add(f, where, f"{label} ({sub})")
                            added = True
        for pkg in apps if per_package else ():
            for sub in sorted(per_package):
                for f in _submodules(files, pkg, sub):
                    if f not in reached:
                        add(f, None, f"autodiscovered: {sub}")
                        added = True
        if not added and not todo and alternatives:
            chosen = _chosen(alternatives, reached, files, env)
            alternatives = [a for a in alternatives if a not in chosen]
            for _key, name, rel in chosen:
                _dotted(name, rel, base, add_all)
        if not added and not todo:
            break
    return Closure(reached, main, unresolved, frozenset(consulted))


def _env_value(env: dict[str, str | None] | None, variable: str, default: str | None) -> str:
    """The value a variable naming modules to import has in the container: the service's,
    else the code's default; "" where the service sets it from the shell at run time (no
    module is known to be named), and the default where the environment is unknown (an
    image run outside Compose: the deployment's own list is not in the tree)."""
    if env is not None and variable in env:
        return env[variable] or ""
    return default or ""


def _add_entries(entries: list[Entry], view: ContainerView, base: Resolver,
                 resolver: Callable[..., Resolver], add: Callable[..., None],
                 add_all: Callable[..., bool], unresolved: list[str], commands: list[tuple[str, str]],
                 app_subs: dict, mgmt_scripts: tuple) -> None:
    """Start the walk: add the modules each entry runs (the entries naming nothing in the
    project go to ``unresolved``, the management commands they run to ``commands``)."""
    for e in entries:
        how = f"{e.via or 'run'}: {e.value}" if e.kind != "file" else f"{e.via or 'run'} ({e.origin})"
        if e.kind == "script":
            cpath = e.value if e.value.startswith("/") else posixpath.join(e.working_dir or "/", e.value)
            rel = view.script(posixpath.normpath(cpath))
            if rel is None:
                unresolved.append(e.value)
                continue
            add(rel, None, how, e.main)
            if posixpath.basename(rel) in mgmt_scripts:
                name = next((a for a in e.args if not a.startswith("-")), None)
                if name:
                    commands.append((name, rel))
        elif e.kind == "module":
            r = resolver(e.sys_path) if e.sys_path else base
            found = r.find(e.value)
            if found is None and not e.main and "." in e.value:
                # an app named `pkg.module.attr` without a colon (`celery -A pkg.app.celery`):
                # the runner imports `pkg.app` and reads its attribute
                found = r.find(e.value.rpartition(".")[0])
            if found is None:
                unresolved.append(e.value)
                continue
            add_all(found, None, how, e.main)
            if e.main:
                pkg_main = r.find(e.value + ".__main__")
                add_all(pkg_main, None, how, True)
            for sub in app_subs.get((e.via or "").partition(" ")[0], ()):
                add_all(r.find(f"{e.value}.{sub}"), found[-1] if found else None, how)
        elif e.kind == "file":
            add(e.value, None, how, e.main)
        elif e.kind == "code":
            reached_code = _code_imports(e.value)
            for name in reached_code:
                add_all(base.find(name), None, f"python -c: {name}")
        elif e.kind == "management":
            commands.append((e.value, ""))


def _listed_in(s: ModuleScan, names: Sequence[str]) -> frozenset[str]:
    """The strings ``s`` writes in its lists named ``names`` (globs)."""
    return frozenset(v for list_name, strings in s.lists
                     if any(fnmatch.fnmatchcase(list_name, n) for n in names) for v in strings)


def _add_lists(rel: str, s: ModuleScan, lists: Sequence[ModuleList], base: Resolver, files: ProjectFiles,
               apps: list[str], add: Callable[..., None], add_all: Callable[..., bool],
               per_package: set[str], deferred: list[tuple[str, str, str, str, tuple[str, ...]]]) -> None:
    """The modules named in ``rel``'s framework module lists (``INSTALLED_APPS``), and the
    submodules the framework loads from each (an app's ``models``); packages so loaded are
    added to ``apps``.  A list whose strings name a submodule of every such package
    (``autodiscover_modules("notifications")``) adds its names to ``per_package``; the
    submodules of a list with ``reached_where`` wait in ``deferred`` for a module that holds it."""
    for list_name, strings in s.lists:
        # every spec of the name counts: one may hold submodules only some programs load
        # (an app's tasks, which a Celery program's autodiscovery imports)
        for k, spec in enumerate(x for x in lists if any(fnmatch.fnmatchcase(list_name, n) for n in x.names)):
            if spec.per_package:
                per_package.update(v for v in strings if v.isidentifier())
                continue
            subs = spec.submodules
            for value in strings:
                found = _longest(value, base, minimum=1)
                if not found:
                    continue
                add_all(found, rel, f"{list_name}: {value}")
                if subs:
                    pkg = _package_dir(found[-1])
                    if pkg is not None and (k or pkg not in apps):
                        if pkg not in apps:
                            apps.append(pkg)
                        if spec.reached_where:
                            item = (spec.reached_where, pkg, rel, f"{list_name}: {value}", subs)
                            if item not in deferred:
                                deferred.append(item)
                            continue
                        for sub in subs:
                            for f in _submodules(files, pkg, sub):
                                add(f, rel, f"{list_name}: {value} ({sub})")


def _add_commands(commands: list[tuple[str, str]], apps: list[str], command_path: str,
                  files: ProjectFiles, reached: dict, add: Callable[..., None]) -> bool:
    """Add the modules of the management commands run by ``manage.py <name>`` /
    ``django-admin <name>``, from the apps found so far; whether any was new."""
    added = False
    for name, _ in commands:
        for pkg in apps:
            path = posixpath.join(pkg, command_path.format(name=name)) if pkg else command_path.format(name=name)
            if files.is_file(path) and path not in reached:
                add(path, None, f"management command: {name}")
                added = True
    return added


def _discovered(rel: str, s: ModuleScan, files: ProjectFiles, view: ContainerView, base: Resolver) -> list[str]:
    """Modules a plugin-discovering module may import: files matching the patterns it names
    ("*_router.py" anywhere in the container's code; "*.py" in its own package and in the
    subdirectories it names), or its package's modules (pkgutil.iter_modules).  Where every
    dynamic import names its package by a template (``f"app.plugins.{name}"``), only that
    package's modules: none where the project does not hold it (a package made at run time)."""
    here = posixpath.dirname(rel)
    if s.templates and "" not in s.templates:
        return [f for f in dict.fromkeys(_template_modules(rel, s.templates, files, base)) if f != rel]
    out: list[str] = []
    named = [g.rsplit("/", 1)[-1] for g in s.globs]
    specific = [g for g in named if g != "*.py"]
    if specific:
        for f in view.python_files():
            if any(fnmatch.fnmatchcase(posixpath.basename(f), g) for g in specific):
                out.append(f)
    if "*.py" in named or not s.globs:
        dirs = [here] + [posixpath.join(here, w) if here else w for w in s.words]
        for d in dirs:
            if d and files.is_dir(d) or d == here:
                out.extend(f"{d}/{n}" if d else n for n in files.listdir(d)
                           if n.endswith(".py") and not n.startswith("test"))
    return [f for f in dict.fromkeys(out) if f != rel][:2000]


def _included_files(files: ProjectFiles, rel: str, pattern: str) -> list[str]:
    """The project files a path (a glob in its last part) names, relative to ``rel``'s directory."""
    full = posixpath.normpath(posixpath.join(posixpath.dirname(rel), pattern))
    if full.startswith("../"):
        return []
    if not any(c in full for c in "*?["):
        return [full] if files.is_file(full) else []
    d, name = posixpath.split(full)
    if any(c in d for c in "*?[") or d and not files.is_dir(d):
        return []
    return sorted(f"{d}/{n}" if d else n for n in files.listdir(d) if fnmatch.fnmatchcase(n, name))


def _template_modules(rel: str, packages: Sequence[str], files: ProjectFiles, base: Resolver) -> list[str]:
    """The modules the templates' packages hold: every module of the package
    (``app.plugins``), or those whose names the rest of the template allows
    (``apps.*.routes``: the routes module, or package, of each subpackage of ``apps``)."""
    out: list[str] = []
    for entry in packages:
        level = len(entry) - len(entry.lstrip("."))
        parts = entry.lstrip(".").split(".") if entry.lstrip(".") else []
        cut = next((i for i, p in enumerate(parts) if "*" in p), len(parts))
        package, globs = ".".join(parts[:cut]), parts[cut:]
        if level:
            d = _relative(files, rel, level, package)
            dirs = [d] if d is not None and (d == "" or files.is_dir(d)) else []
        else:
            dirs = base.package_dirs(package)
        if not globs:
            for d in dirs:
                out.extend(f"{d}/{n}" if d else n for n in files.listdir(d)
                           if n.endswith(".py") and not n.startswith("test"))
            continue
        for seg in globs[:-1]:
            dirs = [p for d in dirs for n in files.listdir(d)
                    if fnmatch.fnmatchcase(n, seg) and files.is_dir(p := f"{d}/{n}" if d else n)]
        for d in dirs:
            for n in files.listdir(d):
                p = f"{d}/{n}" if d else n
                if n.endswith(".py") and not n.startswith("test") and fnmatch.fnmatchcase(n[:-3], globs[-1]):
                    out.append(p)
                elif fnmatch.fnmatchcase(n, globs[-1]) and files.is_file(f"{p}/__init__.py"):
                    out.append(f"{p}/__init__.py")
    return out


# what inline code may run besides its imports: another program, a module loaded by a computed
# name, a file read and executed, a path added to the import path
_CODE_LOADS = re.compile(r"\b(?:__import__|import_module|runpy|exec|execfile|system|popen|spawn\w*|subprocess|"
                         r"execv\w*|path\.(?:insert|append|extend))\b")


def stdlib_code(code: str) -> bool:
    """``python -c CODE`` that imports only modules of the standard library
    (``sys.stdlib_module_names``) and runs nothing else (no other program, no module loaded by a
    computed name, no file executed, nothing added to the import path): it runs no Python of the
    project, whose modules it never names (a project module shadowing one of those names is
    found by the walk itself)."""
    if _CODE_LOADS.search(code):
        return False
    return all(name.partition(".")[0] in sys.stdlib_module_names for name in _code_imports(code))


def _code_imports(code: str) -> list[str]:
    out = []
    for m in re.finditer(r"(?:^|;|\n)\s*(?:from\s+([\w.]+)\s+import|import\s+([\w., ]+))", code):
        if m.group(1):
            out.append(m.group(1))
        else:
            out.extend(n.strip().split(" ")[0] for n in m.group(2).split(",") if n.strip())
    return out


def _package_dir(rel: str) -> str | None:
    """The package a framework names: ``app/__init__.py`` -> ``app``; ``app/apps.py`` (an
    AppConfig path) -> ``app``."""
    name = posixpath.basename(rel)
    if name == "__init__.py" or name == "apps.py":
        return posixpath.dirname(rel)
    return None


def _submodules(files: ProjectFiles, pkg: str, sub: str) -> list[str]:
    if sub == "**":  # every module of the package and of its subpackages
        out: list[str] = []
        todo = [pkg]
        while todo and len(out) < 5000:
            d = todo.pop(0)
            for n in files.listdir(d):
                path = posixpath.join(d, n) if d else n
                if n.endswith(".py"):
                    out.append(path)
                elif files.is_file(posixpath.join(path, "__init__.py")):
                    todo.append(path)
        return out
    if sub.endswith("/*"):
        d = posixpath.join(pkg, sub[:-2]) if pkg else sub[:-2]
        return [f"{d}/{n}" for n in files.listdir(d) if n.endswith(".py")]
    path = posixpath.join(pkg, sub) if pkg else sub
    hit = _project_module(files, path)
    return [hit] if hit else []


def _longest(value: str, resolver: Resolver, minimum: int) -> list[str] | None:
    module = value.split(":", 1)[0]
    parts = module.split(".")
    if not parts or not parts[0].isidentifier() or not resolver._has_top(parts[0]):
        return None
    for n in range(len(parts), minimum - 1, -1):
        if n <= 0:
            break
        found = resolver.find(".".join(parts[:n]))
        if found:
            return found
    return None


def _chosen(alternatives: list[tuple[str, str, str]], reached: dict, files: ProjectFiles,
            env: dict[str, str | None] | None) -> list[tuple[str, str, str]]:
    """The registry alternatives whose key the container chooses: a value of its environment
    (``LLM_PROVIDER: local``), or a default choice written in a module it runs
    (``os.getenv("LLM_PROVIDER", "local")`` in the settings module), see ``runs.registries``.
    Asked once the walk has settled, so every module it runs is read."""
    values = {v.strip().lower() for v in env.values() if v} if env else set()
    keys = {key for key, _, _ in alternatives if key not in values}
    found = {key for key, _, _ in alternatives if key in values}
    for rel in list(reached):
        if not keys:
            break
        text = files.text(rel) if rel.endswith((".py", ".pyw")) else None
        if text:
            hit = {key for key in keys if chosen_by_default(text, key)}
            found |= hit
            keys -= hit
    return [a for a in alternatives if a[0] in found]


def _dotted(value: str, rel: str, resolver: Resolver, add_all, how: str | None = None) -> None:
    found = _longest(value, resolver, minimum=2)
    if found:
        add_all(found, rel, how or f"named: {value}")


def _follow(imp: ImportRef, rel: str, files: ProjectFiles, resolver: Resolver, add, add_all) -> None:
    how = f"import {('.' * imp.level) + imp.module}"
    if imp.level:
        base = _relative(files, rel, imp.level, imp.module)
        if base is None:
            return
        held = _holds(resolver.view, rel)
        # importing `.pkg.sub` first runs `pkg/__init__.py` (each package on the way down)
        anchor = _relative(files, rel, imp.level, "")
        parts = imp.module.split(".") if imp.module else []
        for k in range(1, len(parts)):
            init = posixpath.join(anchor or "", *parts[:k], "__init__.py")
            if files.is_file(init) and held(init):
                add(init, rel, how)
        hit = _project_module(files, base) if imp.module else None
        if hit is not None and held(hit):
            add(hit, rel, how)
        for name in imp.names:
            if name == "*":
                continue
            sub = _project_module(files, posixpath.join(base, name) if base else name)
            if sub is not None and held(sub):
                add(sub, rel, how)
        return
    found = resolver.find(imp.module)
    if found is None:
        return
    add_all(found, rel, how)
    if found and not found[-1].endswith("/__init__.py") and found[-1] != "__init__.py" \
            and not files.is_dir(found[-1][:-3]):
        return  # a plain module (x.py, no x/ beside it): the names it gives are its attributes, no submodules
    for name in imp.names:
        if name != "*":
            add_all(resolver.find(f"{imp.module}.{name}"), rel, how)
