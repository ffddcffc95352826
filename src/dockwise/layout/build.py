"""Build the :class:`~dockwise.layout.model.Layout` of a project tree.

``load_layout(root, knowledge)`` discovers the Compose projects of the tree (every
directory that has one, as ``docker compose`` would find them there), loads them with
:mod:`dockwise.layout.compose`, reads the Dockerfiles their services build, the env files
they use, and turns everything into frozen :class:`Service` / :class:`Project` values.
Dockerfiles that no Compose service builds become implicit containers.

``owners(layout, path)`` and ``runs_file(service, path)`` answer the ownership questions
of the later stages: which services' containers hold a project file, and whether a
service's start command runs it.

All I/O of the layout stage goes through one confined reader (:mod:`dockwise.layout.reader`): nothing outside
the project root is read (symlinks resolved), ``read_file`` (the LSP's in-memory buffers)
is used when given, and every problem is a :class:`FileError` in ``Layout.errors``.
"""
from __future__ import annotations

import dataclasses
import os
import posixpath
import re
from pathlib import Path
from typing import Any, Callable, Container, Mapping, MutableMapping, Sequence

from dockwise.discover import SKIP_DIRS
from dockwise.layout import compose as C
from dockwise.layout.baseimages import BUILD_KEYS, base_image_services
from dockwise.layout.buildmounts import bind_mounted_sources
from dockwise.layout.buildservers import build_servers, replaces_busybox_wget
from dockwise.layout.codesources import CodeSources, dedupe
from dockwise.layout.commands import effective_command, read_command, read_healthcheck
from dockwise.layout.compose import ReadFailure, outside_root
from dockwise.layout.dispatch import dispatched_argument
from dockwise.layout.dockerfile_clone import cloned_roots
from dockwise.layout.dotenv import DOCKER_TWINS, ENV_TWINS, parse_env_file, twin_paths
from dockwise.layout.entryexports import entrypoint_exports
from dockwise.layout.envcase import select_env_cases
from dockwise.layout.envlisten import listener_ports
from dockwise.layout.imagebuilds import ImageBuilds, find_image_builds, repository_names
from dockwise.layout.imageruns import find_documented_host_runs, find_host_network_runs, runs_dockerfile
from dockwise.layout.manifestenv import MAX_MANIFESTS, find_manifest_envs
from dockwise.layout.model import (
    CodeRoot,
    Command,
    EnvVar,
    Layout,
    Project,
    Service,
)
from dockwise.layout.namedcompose import NamedFiles, find_named_compose
from dockwise.layout.nodes import node_error, scalar_str, str_list
from dockwise.layout.owners import OwnerIndex, owners, runs_file
from dockwise.layout.paths import (
    BASE_NAMES,
    OVERRIDE_NAMES,
    find_layout_files,
    is_dockerfile_name,
    is_variant_name,
    norm_path,
)
from dockwise.layout.ports import parse_expose, parse_port, parse_ports
from dockwise.layout.schema import unknown_keys
from dockwise.layout.servicekeys import (
    network_matches,
    project_networks,
    resolve_unknown_networks,
    service_depends_on,
    service_environment,
    service_extra_hosts,
    service_links,
    service_networks,
)
from dockwise.layout.shifted import shifted_arguments
from dockwise.layout.startfiles import healthcheck_files, start_files, told_ports
from dockwise.layout.yaml_nodes import YMap, YNode, YScalar, YSeq
from dockwise.model import HOLE, FileError, Span, Text
from dockwise.templating import is_compose_template

__all__ = [
    "load_layout",
    "owners",
    "OwnerIndex",
    "runs_file",
    "parse_port",
    "parse_ports",
    "BASE_NAMES",
    "OVERRIDE_NAMES",
    "is_variant_name",
    "is_dockerfile_name",
]



def _project_name(raw: str) -> str:
    name = re.sub(r"[^a-z0-9_-]", "", raw.lower())
    return name.lstrip("_-") or "default"


# --------------------------------------------------------------------------- the builder

class _Builder(CodeSources):
    """Loads the layout of one tree: ``run()`` is the whole of ``load_layout``."""

    def __init__(
        self,
        root: Path,
        knowledge: Any,
        compose_files: Sequence[Path] | None,
        service_map: Mapping[str, str] | None,
        dockerfiles_without_compose: bool,
        read_file: Callable[[Path], bytes] | None,
        listing: Mapping[str, Sequence[str]] | None = None,
        schema_memo: MutableMapping[str, Any] | None = None,
    ) -> None:
        super().__init__(root, read_file)
        self.schema_memo = schema_memo
        self.listing = listing
        self.knowledge = knowledge
        self.compose_files = compose_files
        self.service_map = dict(service_map or {})
        self.with_dockerfiles = dockerfiles_without_compose
        self.errors: list[FileError] = []
        self.dockerfiles: dict[tuple[str, str | None, tuple], Any] = {}
        self.env_files: dict[tuple[str, int, frozenset[str]], tuple[tuple[EnvVar, ...], bool, str | None]] = {}
        self.broken_dirs: set[str] = set()  # directories whose Compose file could not be loaded
        self.image_builds = ImageBuilds()  # image name -> how the tree builds it
        self.host_runs: tuple[str, ...] = ()  # images the tree's scripts run with --net=host
        self.doc_host_runs: tuple[str, ...] = ()  # images the root README runs only with --net=host
        self.doc_builds = ImageBuilds()  # image builds of the scripts and the root README
        self.doc_files: list[str] = []  # the root README files read for doc_host_runs
        # YAML files that may deploy the tree's images, and (image, variables) their Kubernetes
        # containers' env sets (layout/manifestenv.py), read when a Dockerfile stands alone
        self.manifests: list[str] = []
        self.manifest_envs: tuple[tuple[str, tuple[str, ...]], ...] | None = None
        self.sibling_builds: dict[str, YNode | None] = {}  # image -> the build of the project's service that builds it
        self.repo_names: set[str] | None = None
        self.labelled: dict[str, list[str]] | None = None  # owner/repo -> Dockerfiles labelled with it
        self.dockerfile_paths: list[str] = []
        self.compose_alone: dict[str, bool] = {}  # a file scripts name -> it defines services
        self.merged_elsewhere: set[str] = set()  # Compose files scripts merge onto a base in another directory
        self.named: list[NamedFiles] = []  # the -f lists the tree's scripts and root README give
        self.stacked: set[str] = set()  # the files a `docker stack deploy -c` names first
        self.declared: list[tuple[str, set[str]]] = []  # each project's directory and the networks it declares
        self.undeclared: list[tuple[str, str, FileError]] = []  # a variant's directory, a network it lacks, the error

    # -- main ----------------------------------------------------------------------------
    def run(self) -> Layout:
        yaml_dirs, dockerfiles, build_scripts, manifests = find_layout_files(self.root, self.listing)
        self.dockerfile_paths = list(dockerfiles)
        self.image_builds = find_image_builds(sorted(build_scripts)[:2000], self._read_quiet, self.is_file)
        self.host_runs = find_host_network_runs(sorted(build_scripts)[:2000], self._read_quiet)
        self.doc_files = self._root_docs(getattr(getattr(self.knowledge, "commands", None), "compose_program_docs", ()))
        self.doc_host_runs = find_documented_host_runs(self.doc_files, self._read_quiet)
        if self.doc_host_runs:
            # the README's own `docker build -t app .` ties the image it runs to a Dockerfile
            self.doc_builds = find_image_builds(sorted(build_scripts)[:2000] + self.doc_files,
                                                self._read_quiet, self.is_file)
        self.manifests = sorted(manifests)[:MAX_MANIFESTS]
        projects: list[Project] = []
        consumed: set[str] = set()
        if self.compose_files is not None:
            files = [f for f in (self._given(p) for p in self.compose_files) if f is not None]
            if files:
                project = self.project(files, posixpath.dirname(files[0]), variant=False, consumed=consumed)
                if project is not None:
                    projects.append(project)
                elif self.broken_dirs:
                    self.broken_dirs.add("")  # the given layout is unreadable: no Dockerfile stands alone
        else:
            programs = getattr(getattr(self.knowledge, "commands", None), "compose_programs", ())
            docs = self._root_docs(getattr(getattr(self.knowledge, "commands", None), "compose_program_docs", ()))
            stacks = getattr(getattr(self.knowledge, "commands", None), "stack_programs", ())
            named = find_named_compose(sorted(build_scripts)[:2000] + docs, self._read_quiet, programs, stacks)
            # a stack deploy's files say only which variant runs alone: they make no project here
            # (a deploy script is often an executable without an extension, `scripts/deploy`)
            stacked = named + find_named_compose(self._shebang_scripts(), self._read_quiet, programs, stacks) \
                if stacks else named
            for n in stacked:
                if n.stack and (files := self._named_files(n.candidates)):
                    self.stacked.add(files[0])
                    if n.where not in self.files:
                        self.files.append(n.where)  # the layout depends on it
            named = [n for n in named if not n.stack]
            self.merged_elsewhere = self._merged_elsewhere(named)
            self.named = named
            # files the scripts only ever run with a `--project-directory` of another directory:
            # their relative paths resolve there, so they are no project of their own directory
            # (`named_projects` loads them where the command roots them)
            consumed.update(self._rooted_elsewhere(named))
            for d in sorted(yaml_dirs, key=lambda x: (x.count("/") if x else -1, x)):
                projects.extend(self.directory_projects(d, sorted(yaml_dirs[d]), consumed))
            projects.extend(self.named_projects(named, projects, consumed))
        self.errors.extend(self._undeclared_networks())
        containers = self.implicit_containers(dockerfiles, projects) if self.with_dockerfiles else []
        projects, containers = self.apply_service_map(projects, containers)
        for path in sorted({f for p in projects for f in p.files}):
            # keys the Compose specification does not know: `docker compose` refuses the file
            text = self._read_quiet(path)
            if text:
                self.errors.extend(unknown_keys(path, text, self.schema_memo))
        errors: list[FileError] = []
        for e in self.errors:
            if e not in errors:
                errors.append(e)
        return Layout(
            root=str(self.root),
            projects=tuple(projects),
            containers=tuple(containers),
            errors=tuple(errors),
            files=tuple(sorted(set(self.files))),
        )

    def _shebang_scripts(self) -> list[str]:
        """Executable scripts without an extension (a ``#!`` first line) at the root and in
        its directories one level down (``scripts/deploy``, ``bin/release``): read only for
        the stacks they deploy."""
        out: list[str] = []
        dirs: list[str] = [""]
        if self.listing is not None:
            dirs += [d for d in self.listing if d and "/" not in d]
        else:
            try:
                dirs += sorted(e.name for e in os.scandir(self.root)
                               if e.is_dir(follow_symlinks=False) and e.name not in SKIP_DIRS)
            except OSError:
                pass
        for d in dirs:
            if self.listing is not None:
                names: Sequence[str] = self.listing.get(d, ())
            else:
                try:
                    names = sorted(e.name for e in os.scandir(self.root / d if d else self.root)
                                   if e.is_file(follow_symlinks=False))
                except OSError:
                    continue
            for name in names:
                if "." in name or name.lower() in _NOT_SCRIPTS:
                    continue
                rel = f"{d}/{name}" if d else name
                try:
                    if os.path.getsize(self.root / rel) > 64_000:
                        continue
                except OSError:
                    continue
                text = self._read_quiet(rel)
                if text and text.startswith("#!"):
                    out.append(rel)
                if len(out) >= 200:
                    return out
        return out

    def _root_docs(self, wanted: Sequence[str]) -> list[str]:
        """The files at the root whose lines may name Compose files (a README): the
        project's instructions say how its Compose files are run, `docker-compose -f local.yml up`."""
        if not wanted:
            return []
        low = {w.lower() for w in wanted}
        if self.listing is not None:
            names: Sequence[str] = self.listing.get("", ())
        else:
            try:
                names = [e.name for e in os.scandir(self.root) if e.is_file()]
            except OSError:
                return []
        return sorted(n for n in names if n.lower() in low)

    def _given(self, p: Path) -> str | None:
        p = Path(p)
        candidates = [p] if p.is_absolute() else [self.root / p, Path.cwd() / p]
        for cand in candidates:
            try:
                rel = os.path.relpath(os.path.abspath(cand), self.root)
            except ValueError:
                continue
            rel = norm_path(rel.replace(os.sep, "/"))
            if outside_root(rel):
                continue
            if cand.exists() or cand is candidates[-1]:
                return rel
        self.errors.append(FileError(str(p), "Compose file outside the project root: refused"))
        return None

    def _compose_file_part(self, d: str, part: str) -> str:
        """A ``COMPOSE_FILE`` entry of the dotenv in directory ``d``.  Compose reads it relative
        to the working directory; from ``d`` itself, that is ``d``.  An entry naming no file there
        but one relative to the project root (``dev/.env`` holding ``COMPOSE_FILE=dev/compose.yaml``,
        exported by a Makefile at the root that includes it) works only from the root: it is that
        file, not a missing one."""
        joined = C._join(d, part)
        if d and not part.replace("\\", "/").startswith("/") and not self.exists(joined):
            from_root = C._join("", part)
            if from_root and not outside_root(from_root) and self.exists(from_root):
                return from_root
        return joined

    def dotenv(self, d: str) -> dict[str, Text]:
        env, errs, _ = C.load_dotenv(self.read, d)
        self.errors.extend(errs)
        return env

    def directory_projects(self, d: str, names: list[str], consumed: set[str]) -> list[Project]:
        out: list[Project] = []
        env = self.dotenv(d)
        default_files: list[str] = []
        base_files: list[str] = []
        compose_file = env.get("COMPOSE_FILE")
        if compose_file is not None and compose_file.value.strip():
            sep = env.get("COMPOSE_PATH_SEPARATOR")
            sepv = sep.value if sep is not None and sep.value else (";" if ";" in compose_file.value and ":" not in compose_file.value else ":")
            for part in compose_file.value.split(sepv):
                part = part.strip()
                if part:
                    default_files.append(self._compose_file_part(d, part))
            base_files = list(default_files)
        else:
            base = next((n for n in BASE_NAMES if n in names), None)
            if base is not None:
                base_files = [C._join(d, base)]
                default_files = list(base_files)
                twin = base.replace("compose.", "compose.override.", 1)
                overrides = [twin] + [n for n in OVERRIDE_NAMES if n != twin]
                over = next((n for n in overrides if n in names), None)
                if over is not None:
                    default_files.append(C._join(d, over))
        base_model = None
        if default_files and not all(f in consumed for f in default_files) and not self._only_merged(default_files, d, env):
            project = self.project(default_files, d, variant=False, consumed=consumed, env=env)
            if project is not None:
                out.append(project)
                base_model = project
        for name in names:
            if not is_variant_name(name):
                continue
            path = C._join(d, name)
            if path in default_files or path in consumed:
                continue
            try:
                if is_compose_template(self.read(path)):
                    continue  # a template
            except ReadFailure:
                pass
            alone = C.load_compose([path], read=self.read, project_dir=d, env=env, exists=self.exists)
            if not alone.is_compose:
                self.errors.extend(alone.errors)
                continue
            if base_model is not None and _builds_for(alone.services, base_model):
                continue  # a build file: `-f docker-compose.build.yaml build` makes the base's images
            # A complete variant (every service it defines has an image or a build) is a
            # project of its own (`docker compose -f docker-compose.prod.yml up`); a partial one
            # only adds keys to the base's services: an overlay, judged merged onto the base.
            if base_model is None and self._only_run_after_another(path):
                continue  # an overlay the tree's scripts merge onto a base elsewhere: judged there
            if _complete(alone.services) and not (base_model is not None and (
                    _leans_on(alone, base_model, depends=path not in self.stacked)
                    or self._run_over_base(path, base_files))):
                project = self.project([path], d, variant=True, consumed=consumed, env=env)
            elif base_model is not None:
                project = self.project(base_files + [path], d, variant=True, consumed=consumed, env=env, quiet_base=True)
            else:
                continue  # an overlay of files this directory does not hold: nothing to judge alone
            if project is not None:
                out.append(project)
        return out

    def _undeclared_networks(self) -> list[FileError]:
        """The errors of variants attached to a network they do not declare, less those whose
        network a Compose project of another directory declares: such a variant is an overlay
        written for that project (``docker compose -f ../../compose.yaml -f compose.override.web.yml``,
        from a script or its README), not a broken file.  A network declared nowhere stays an error."""
        out = []
        for d, network, error in self.undeclared:
            if not any(other != d and network_matches(network, names) for other, names in self.declared):
                out.append(error)
        return out

    def _run_over_base(self, path: str, base_files: list[str]) -> bool:
        """The project says the variant ``path`` is run after its directory's base file,
        ``docker compose -f docker-compose.yml -f docker-compose.dev.yml up``, and nowhere
        as a project of its own (``-f docker-compose.dev.yml up``): in a script, the root's
        README or a comment of the variant itself (its usage line).  Such a file is an
        overlay even where each of its services repeats the base's ``build``: it is judged
        merged onto the base, whose environment its services keep."""
        programs = getattr(getattr(self.knowledge, "commands", None), "compose_programs", ())
        own = find_named_compose([path], lambda rel: _comment_text(self._read_quiet(rel)), programs)
        over = False
        for one in [*self.named, *own]:
            files = self._named_files(one.candidates)
            if path not in files:
                continue
            i = files.index(path)
            if i == 0:
                return False  # run as a project of its own too: judged alone as well
            over = over or any(b in files[:i] for b in base_files)
        return over

    def _only_run_after_another(self, path: str) -> bool:
        """The tree's scripts (a CI workflow, a Makefile) load the variant ``path`` only after a
        file of another directory (``docker compose -f docker-compose.prod.yml -f
        .github/compose.smoke.yml up``) and never as the first file of a project: it is an
        overlay of that project, judged merged there (``named_projects``), not a project of
        its own whose services would run without the base's environment."""
        if path not in self.merged_elsewhere and path not in self._merged_onto_variant():
            return False
        return not any((files := self._named_files(one.candidates)) and files[0] == path for one in self.named)

    def _merged_onto_variant(self) -> set[str]:
        """The files a script merges onto a first file of their own directory that has no base
        name (``docker compose -f docker-compose.base.yaml -f docker-compose.prod.yaml up``):
        the name-based discovery knows no base there, so such a variant would be judged alone,
        without the services and environment the first file gives it; ``named_projects``
        loads the list as the command does."""
        out: set[str] = set()
        for one in self.named:
            files = self._named_files(one.candidates)
            if files and posixpath.basename(files[0]) not in BASE_NAMES:
                first = posixpath.dirname(files[0])
                out.update(f for f in files[1:] if posixpath.dirname(f) == first)
        return out

    def _merged_elsewhere(self, named: list[NamedFiles]) -> set[str]:
        """The files a script merges onto a base in another directory (``docker compose -f
        compose.yaml -f tools/extra/compose.yaml up``): ``tools/extra/compose.yaml`` has a
        Compose name, but it is written to be loaded after the root file, from the root."""
        out: set[str] = set()
        for one in named:
            files = self._named_files(one.candidates)
            first = posixpath.dirname(files[0]) if files else ""
            out.update(f for f in files[1:] if posixpath.dirname(f) != first)
        return out

    def _only_merged(self, files: list[str], d: str, env: dict[str, Text]) -> bool:
        """``files`` is one file a script merges onto a base elsewhere and that does not load
        on its own (a network or volume only the base declares): `docker compose` in its
        own directory refuses it, so it is judged merged, as the script loads it, and its
        problems alone are none.  A file that also loads alone is judged both ways."""
        if len(files) != 1 or files[0] not in self.merged_elsewhere:
            return False
        model = C.load_compose(files, read=self._read_quiet_or_fail, project_dir=d, env=env, exists=self.exists)
        if model.errors:
            return True
        for name, node in model.services.items():
            _mode, attachments = service_networks([], node.items, name)
            if any(a.network != "default" and not network_matches(a.network, model.networks) for a in attachments):
                return True
        return False

    def named_projects(self, named: list[NamedFiles], projects: list[Project], consumed: set[str]) -> list[Project]:
        """Projects of the Compose files the tree's scripts name (``docker compose -f
        local.yml -f local.override.yml up`` in a Makefile): each command's files, in its
        ``-f`` order, are one project in the first file's directory, as Compose loads them.
        A list of files that all have Compose names in one directory is left to the
        name-based discovery (base, override, variant), which cannot merge files of two
        directories; a named file that is missing or is no Compose file is dropped silently
        (a Makefile may name a file generated later)."""
        known = {p.files for p in projects}
        out: list[Project] = []
        for named_one in named:
            files, root = self._named_choice(named_one)
            if not files or tuple(files) in known:
                continue
            d = posixpath.dirname(files[0]) if root is None else root
            if all(_compose_name(posixpath.basename(f)) for f in files) \
                    and {posixpath.dirname(f) for f in files} == {d} \
                    and (len(files) == 1 or posixpath.basename(files[0]) in BASE_NAMES):
                continue  # the name-based discovery loads it (base, override, variant over the base)
            known.add(tuple(files))
            env, _errors, _path = C.load_dotenv(self._read_quiet_or_fail, d)
            merged = C.load_compose(files, read=self._read_quiet_or_fail, project_dir=d, env=env, exists=self.exists)
            if not _complete(merged.services):
                continue  # a service with neither image nor build: `docker compose` refuses it so
            project = self.project(files, d, variant=True, consumed=consumed)
            if project is not None:
                out.append(project)
                if named_one.where not in self.files:
                    self.files.append(named_one.where)  # the layout depends on it
        return out

    def _option_env(self, files: list[str], env: dict[str, Text]) -> dict[str, Text]:
        """The interpolation variables of the project ``files``: ``env`` (its directory's
        ``.env``), unless every command of the tree's scripts that runs exactly these files
        gives ``--env-file`` (``docker compose -f docker-compose.prod.yml --env-file .env.live
        up``), which Compose reads instead of the ``.env``: then those files' variables, each
        file read from its committed twin where it is not in the tree (``.env.live.example``);
        a variable none of them sets is unknown where one is in neither form, or where the
        commands name different files or a path not known, not Compose's ""."""
        given: list[tuple[str, ...] | None] = []
        for one in self.named:
            # (env_files runs beside candidates; a record without it gives none)
            for cand, env_files in zip(one.candidates, one.env_files, strict=False):
                present = tuple(f for f in cand if self.is_file(f))
                if present:  # the likeliest place the command runs in, as _named_files
                    if present == tuple(files):
                        given.append(env_files)
                    break
        if not given or () in given:
            return env  # no command names them, or one runs them with the directory's .env
        out: dict[str, Text] = {}
        complete = len(set(given)) == 1 and given[0] is not None
        for path in given[0] if complete and given[0] is not None else ():
            stem, ext = posixpath.splitext(path)
            twins = [f"{path}.{t}" for t in ENV_TWINS] + ([f"{stem}.{t}{ext}" for t in ENV_TWINS] if ext else [])
            found = next((c for c in [path, *twins] if self.is_file(c)), None)
            if found is None:
                complete = False
                continue
            got, errs, _path = C.load_dotenv(self.read, posixpath.dirname(found), posixpath.basename(found),
                                             explicit=True)
            self.errors.extend(errs)
            out.update(got)
        if not complete:
            names: set[str] = set()
            for f in files:
                names.update(C._VARIABLE_REF.findall(self._read_quiet(f) or ""))
            out = {**{n: Text(HOLE) for n in names if n not in out}, **out}
        return out

    def _named_choice(self, one: NamedFiles) -> tuple[list[str], str | None]:
        """The files of the likeliest place ``one`` runs in (as ``_named_files``) and the
        ``--project-directory`` it gives there (None: none, or one not known)."""
        for i, files in enumerate(one.candidates):
            present = [f for f in files if self.is_file(f)]
            if present:
                root = one.project_dirs[i] if i < len(one.project_dirs) else None
                return [f for f in present if self._is_compose_file(f)], root
        return [], None

    def _rooted_elsewhere(self, named: list[NamedFiles]) -> set[str]:
        """The files every command that names them runs with a ``--project-directory`` other
        than their own directory (``docker compose --project-directory . -f
        deploy/docker/compose.yaml up``): ``build: .`` and ``./app:/app`` there are the
        root's, not ``deploy/docker``'s, as Compose reads them."""
        rooted: set[str] = set()
        plain: set[str] = set()
        for one in named:
            files, root = self._named_choice(one)
            for f in files:
                (rooted if root is not None and root != posixpath.dirname(f) else plain).add(f)
        return rooted - plain

    def _named_files(self, candidates: tuple[tuple[str, ...], ...]) -> list[str]:
        """The files of the likeliest place a command runs in (the first where any of them
        exists), keeping those that are Compose files on their own."""
        for files in candidates:
            present = [f for f in files if self.is_file(f)]
            if present:
                return [f for f in present if self._is_compose_file(f)]
        return []

    def _is_compose_file(self, path: str) -> bool:
        """``path`` alone defines services (a named Kubernetes manifest or Ansible play
        does not): its problems, if any, are reported when its project is loaded."""
        hit = self.compose_alone.get(path)
        if hit is None:
            text = self._read_quiet(path)
            hit = False
            # (a file of `include:` alone, `include: [apps/db.yml, apps/api.yml]`, defines the
            # services it includes: a Makefile's `-f stack.yml -f dev.yml` merges the override
            # onto them, and dropping it judged the override alone, without their environment)
            if text and ("services" in text or "include" in text) and not is_compose_template(text):
                d = posixpath.dirname(path)
                env, _errors, _path = C.load_dotenv(self._read_quiet_or_fail, d)
                hit = C.load_compose([path], read=self._read_quiet_or_fail, project_dir=d, env=env, exists=self.exists).is_compose
            self.compose_alone[path] = hit
        return hit

    def _is_wrapper(self, name: str) -> bool:
        """``name`` is a program that runs its command as ``rules/commands.yaml`` wrappers say."""
        return any(w.matches(name) for w in self.knowledge.commands.wrappers)

    def _read_quiet_or_fail(self, rel: str) -> str:
        text = self._read_quiet(rel)
        if text is None:
            raise ReadFailure("cannot read", missing=True)
        return text

    def project(
        self,
        files: list[str],
        d: str,
        *,
        variant: bool,
        consumed: set[str],
        env: dict[str, Text] | None = None,
        quiet_base: bool = False,
    ) -> Project | None:
        if env is None:
            env = self.dotenv(d)
        for f in files:
            try:
                if is_compose_template(self.read(f)):
                    return None  # a template (Jinja markup, placeholder keys): it renders to a Compose file
            except ReadFailure:
                pass
        env = self._option_env(files, env)
        model = C.load_compose(files, read=self.read, project_dir=d, env=env, exists=self.exists)
        errors = model.errors
        if quiet_base:  # the base files' own problems are reported with the default project
            errors = [e for e in errors if e.path == files[-1]]
        if not model.is_compose:
            # a YAML file with a Compose name but no services: not a Compose project (a
            # well-formed one has no errors; a broken one is reported)
            self.errors.extend(errors)
            if errors and not variant:
                self.broken_dirs.add(d)
            return None
        self.errors.extend(errors)
        consumed.update(model.included)
        consumed.update(files)
        name_env = env.get("COMPOSE_PROJECT_NAME")
        name = model.name or (name_env.value if name_env is not None and name_env.value else None)
        if not name:
            name = posixpath.basename(d) if d else self.root.name
        name = _project_name(name)
        # a service that names the image a sibling builds (`image: app` beside `build: . image: app`)
        # runs that build
        self.sibling_builds = {}
        implied = self._implied_prefixes(name, d, explicit=bool(model.name or (name_env is not None and name_env.value)))
        for svc_key, node in model.services.items():
            if isinstance(node, YMap) and node.items.get("build") is not None:
                img = scalar_str(node.items.get("image"))
                if img:
                    self.sibling_builds.setdefault(img.strip().lower(), node.items.get("build"))
                else:
                    # a build with no `image:` is tagged PROJECT-SERVICE (Compose v2) or
                    # PROJECT_SERVICE (docker-compose v1): a sibling's Dockerfile may start FROM it
                    for prefix in implied:
                        for sep in ("-", "_"):
                            self.sibling_builds.setdefault(f"{prefix}{sep}{svc_key}".lower(), node.items.get("build"))
        services = []
        for svc_name, node in model.services.items():
            try:
                services.append(self.service(svc_name, node, model, d, env))
            except Exception as exc:  # boundary: one service's bug is reported, the other services are read
                span = model.service_keys.get(svc_name)
                self.errors.append(
                    FileError(span.path if span else files[0], f"internal error in service {svc_name!r}: {exc!r}",
                              span.line if span else None, kind="internal")
                )
        # a service that only builds the image others build FROM is a build step (layout/baseimages.py)
        bases = base_image_services(model.services, services, implied)
        if bases:
            services = [dataclasses.replace(s, builds_base=True) if s.name in bases else s for s in services]
        services = [resolve_unknown_networks(s, model.networks) for s in services]
        undeclared: list[tuple[str, FileError]] = []
        networks = project_networks(self.errors, model, services, name, undeclared if variant else None)
        self.undeclared.extend((d, network, error) for network, error in undeclared)
        self.declared.append((d, set(model.networks)))
        interpolated = frozenset(n for n, _ in (*model.unset, *model.required)) \
            if not self.is_file(C._join(d, ".env")) else frozenset()
        return Project(dir=d, files=tuple(files), name=name, services=tuple(services), networks=networks, variant=variant,
                       interpolated=interpolated)

    def _implied_prefixes(self, name: str, d: str, explicit: bool) -> tuple[str, ...]:
        """The project names a build without ``image:`` may be tagged under: the project's name,
        and where nothing sets it and the Compose file is at the root, the names of the
        repository's clone (its directory as the git remote names it); each also as
        docker-compose before 1.21 wrote it, letters and digits only."""
        names = [name]
        if not explicit and not d:
            if self.repo_names is None:
                self.repo_names = repository_names(self.root.name, self._read_quiet)
            names.extend(_project_name(n) for n in sorted(self.repo_names))
        names.extend([re.sub(r"[^a-z0-9]", "", n) for n in names])
        return tuple(dict.fromkeys(n for n in names if n))

    def service(self, name: str, node: YMap, model: C.ComposeModel, d: str, env: Mapping[str, Text]) -> Service:
        errors = self.errors
        items = node.items
        get = items.get
        image = scalar_str(get("image"))
        working_dir = scalar_str(get("working_dir"))
        network_mode, attachments = service_networks(errors, items, name)

        links = tuple(service_links(self.errors, get("links"), name, "links"))
        external_links = tuple(service_links(self.errors, get("external_links"), name, "external_links"))
        unset = {span for _, span in model.unset if span is not None}
        ports = parse_ports(get("ports"), errors, unset)
        expose = parse_expose(get("expose"), errors, unset)
        extra_hosts = tuple(service_extra_hosts(self.errors, get("extra_hosts"), name))
        profiles = tuple(s for s in (scalar_str(x) for x in str_list(get("profiles"))) if s)

        build_context, dockerfile_path, target, df, code = self.service_build(get, image, name, unset)

        own_build = get("build")
        if own_build is None and image:
            own_build = self.sibling_builds.get(image.strip().lower())
        parent_env = self.inherited_env(_base_image(df, target), own_build, name) if df is not None else ()
        environment, env_unknown = self._service_environment(get, name, env, df, unset, _inherited_env(model, name),
                                                             parent_env)

        # commands
        compose_command = read_command(get("command"), errors, working_dir, "command")
        compose_entrypoint = read_command(get("entrypoint"), errors, working_dir, "entrypoint")
        df_workdir = getattr(df, "workdir", None) if df is not None else None
        if df is not None and df_workdir is None and not working_dir:
            # a Dockerfile FROM the image a sibling service builds keeps that image's WORKDIR
            # (its own build, or the sibling's build of the image it names)
            own_build = get("build")
            if own_build is None and image:
                own_build = self.sibling_builds.get(image.strip().lower())
            df_workdir = self.inherited_workdir(_base_image(df, target), own_build, name)
        effective_wd = working_dir or df_workdir
        command = effective_command(compose_entrypoint, compose_command, df, effective_wd)
        command = self._past_shifted(command, code)
        hc, hc_disabled = read_healthcheck(get("healthcheck"), errors, effective_wd)
        if hc is None and not hc_disabled and df is not None and not getattr(df, "healthcheck_disabled", False):
            hc = getattr(df, "healthcheck", None)

        base_image = _base_image(df, target)
        env_vars = tuple(environment.values())
        start_ports, entry_files, server_configs, bind_replaced = start_files(command, effective_wd, code, env_vars, self.knowledge, self.is_file, self._read_quiet)
        hc_files = healthcheck_files(hc, effective_wd, code, env_vars, self.knowledge, self.is_file)
        # what the entrypoint script exports is set for everything it starts (after the rest);
        # a name the service already sets keeps its value (``export X=${X:-}`` passes it on)
        given = {v.name for v in env_vars}
        env_vars += tuple(v for v in entrypoint_exports(command, code, self.is_file, self._read_quiet,
                                                        self.knowledge) if v.name not in given)
        # (read with the arm of each `case "$RUN_MODE"` block the environment chooses: a script
        # that hands the CMD on (`exec "$@"`) in one arm alone ignores it in the others)
        chosen = {v.name: v.value for v in env_vars}
        dispatched_at = dispatched_argument(command, code, self.is_file,
                                            lambda path: _env_selected(self._read_quiet(path), chosen, env_unknown),
                                            self._is_wrapper)
        listen: list[int] = []
        configured = list(listener_ports(env_vars, self.knowledge.image_listen_names(image)
                                         or self.knowledge.image_listen_names(base_image)))
        # an image's listeners variable (SCHEMA_REGISTRY_LISTENERS=http://0.0.0.0:8085) replaces
        # the listener its image starts by default (8081): the default port is then not served
        defaults = [] if configured else list(self._image_ports(image)) + list(self._image_ports(base_image))
        for p in (
            [p.target for p in ports]
            + list(expose)
            + list(getattr(df, "expose", ()) or ())
            + list(start_ports)
            + defaults
            + configured
        ):
            if isinstance(p, int) and p not in listen:
                listen.append(p)
        # a ``ports:`` entry publishes a container port; something in the container must listen
        # there. A start command that runs only servers told other ports (``uvicorn ... --port
        # 8007`` beside ``ports: ["8008:8008"]``) leaves that container port served by nothing
        # the layout shows: the entry is no evidence of a listener there
        told = told_ports(command, effective_wd, env_vars, self.knowledge) if ports and not env_unknown else ()
        served = set(told) | set(expose) | set(getattr(df, "expose", ()) or ()) | set(start_ports) \
            | set(defaults) | set(configured)
        unserved = tuple(dict.fromkeys(p.target for p in ports if told and isinstance(p.target, int)
                                       and p.target not in served))

        return Service(
            name=name,
            project=d,
            implicit=False,
            fragment=image is None and build_context is None and dockerfile_path is None,
            image=image,
            base_image=base_image,
            networks=tuple(attachments),
            network_mode=network_mode,
            container_name=scalar_str(get("container_name")),
            hostname=scalar_str(get("hostname")),
            domainname=scalar_str(get("domainname")),
            links=links,
            external_links=external_links,
            depends_on=tuple(service_depends_on(get("depends_on"))),
            ports=ports,
            expose=expose,
            listen_ports=tuple(listen),
            unserved_ports=unserved,
            build_servers=build_servers(df, target, self.knowledge),
            busybox_wget_replaced=replaces_busybox_wget(df, target, self.knowledge),
            extra_hosts=extra_hosts,
            environment=env_vars,
            env_unknown=env_unknown,
            code=tuple(dedupe(code)),
            build_mounts=bind_mounted_sources(df, build_context, target),
            command=command,
            dispatched_at=dispatched_at,
            compose_command=compose_command,
            compose_entrypoint=compose_entrypoint,
            healthcheck=hc,
            entry_files=tuple(entry_files),
            healthcheck_files=tuple(hc_files),
            server_configs=tuple(server_configs),
            config_binds_replaced=tuple(bind_replaced),
            build_context=build_context,
            dockerfile=dockerfile_path,
            unbuildable=image is None and (
                dockerfile_path is not None and "$" not in dockerfile_path and HOLE not in dockerfile_path
                and self._inside(dockerfile_path) and not self.is_file(dockerfile_path)
                or _missing_target(df, target)),
            profiles=profiles,
            span=model.service_keys.get(name),
        )

    def _past_shifted(self, command: Command | None, code: Sequence[CodeRoot]) -> Command | None:
        """``command`` with ``--`` after the words its script takes off its own arguments
        (``./wait-for-db.sh db python app.py``: layout/shifted.py), so that the command it runs
        is read from there on."""
        at = shifted_arguments(command, code, self.is_file, self._read_quiet, self._dash_only_wrapper)
        if command is None or at is None:
            return command
        return dataclasses.replace(command, tokens=(*command.tokens[:at], Text("--"), *command.tokens[at:]))

    def _dash_only_wrapper(self, name: str) -> bool:
        """``name`` is that of a wrapper that runs its command only after ``--`` (wait-for-it)."""
        return any(w.double_dash == "required" and w.matches(name) for w in self.knowledge.commands.wrappers)

    def _image_ports(self, image: str | None) -> tuple[int, ...]:
        if not image:
            return ()
        return tuple(self.knowledge.image_ports(image))


    def _service_environment(
        self, get: Callable[[str], YNode | None], name: str, env: Mapping[str, Text], df: Any,
        unset: Container[Span] = frozenset(), inherited: Container[tuple[str, int]] = frozenset(),
        parent_env: Sequence[EnvVar] = (),
    ) -> tuple[dict[str, EnvVar], bool]:
        """(the container's variables, whether a required env_file is missing) of the
        service ``name``: the ENV of the image a sibling builds that its Dockerfile starts FROM
        (``parent_env``) < Dockerfile ENV < env_file < environment (an entry of the service it
        ``extends`` that its own keys do not set again is marked ``inherited``)."""
        environment: dict[str, EnvVar] = {var.name: var for var in parent_env}
        if df is not None:
            for var in getattr(df, "env", ()) or ():
                environment[var.name] = var
        env_unknown = False
        files = self._env_files(get("env_file"), name, env, unset)
        for k, (var_list, unknown, _absent) in enumerate(files):
            # a later env_file that is not in the tree (`.env.docker` a setup script writes,
            # "overrides .env"; or an optional one, `required: false`, that the deployment may
            # have: an operator's `.env.prod`) may set any of these variables: each is set, its
            # value unknown
            replaced = any(absent for _, _, absent in files[k + 1:])
            for var in var_list:
                environment.pop(var.name, None)
                environment[var.name] = dataclasses.replace(var, value=None) if replaced else var
            env_unknown = env_unknown or unknown
        for var in service_environment(self.errors, get("environment"), name):
            if var.value is None and var.name in env:
                # a name without a value (`environment: [DATABASE_URL]`, `DATABASE_URL:`) takes
                # its value from the shell that runs Compose or from the project's `.env`
                # (Compose's "Set environment variables" page): the `.env` of the tree gives it,
                # as it fills `${DATABASE_URL}`
                var = dataclasses.replace(var, value=env[var.name])
            at = var.name_span
            if at is not None and (at.path, at.line) in inherited:
                var = dataclasses.replace(var, inherited=True)
            environment.pop(var.name, None)
            environment[var.name] = var
        return environment, env_unknown

    def _env_files(self, node: YNode | None, name: str, env: Mapping[str, Text],
                   unset: Container[Span] = frozenset()) -> list[tuple[tuple[EnvVar, ...], bool, bool]]:
        """Each env_file's (variables, a required file is unknown, the file is not in the tree)."""
        out: list[tuple[tuple[EnvVar, ...], bool, bool]] = []
        if node is None or (isinstance(node, YScalar) and node.value is None):
            return out
        entries: list[tuple[YScalar, bool]] = []
        items = node.items if isinstance(node, YSeq) else [node]
        for item in items:
            if isinstance(item, YScalar) and isinstance(item.value, str):
                entries.append((item, True))
            elif isinstance(item, YMap):
                p = item.items.get("path")
                req = item.items.get("required")
                required = not (isinstance(req, YScalar) and (req.value is False or str(req.value).lower() == "false"))
                if isinstance(p, YScalar) and isinstance(p.value, str):
                    entries.append((p, required))
                else:
                    node_error(self.errors, item, f"service {name!r}: env_file entry without a path")
            else:
                node_error(self.errors, item, f"service {name!r}: env_file must be a path, a list or a mapping: ignored")
        for p, required in entries:
            if p.span in unset:
                # `${APP_DIR}/.env` where APP_DIR has no value: the operator's file, unknown
                out.append(((), True, True))
                continue
            path = C._join(p.base, p.value)
            if outside_root(path) or not self._inside(path):
                # never opened (confinement), but no error either: an absolute path on the
                # deploy host (`/etc/app/app.env`) is valid Compose, and like a file missing
                # from the checkout its variables are simply unknown here
                node_error(self.errors, p, f"env_file {p.value}: outside the project root: not read "
                                           "(its variables are unknown)", "warning")
                out.append(((), True, True))
                continue
            listed = frozenset(C._join(q.base, q.value) for q, _ in entries)
            vars_, absent = self._read_env_file(path, env, p, listed)
            out.append((vars_, absent and required, absent))
        return out

    def _read_env_file(self, path: str, env: Mapping[str, Text], where: YScalar,
                       listed: frozenset[str] = frozenset()) -> tuple[tuple[EnvVar, ...], bool]:
        """(the file's variables, whether neither it nor a committed twin is in the tree).
        ``listed``: the service's env files (one of them is no twin of another)."""
        key = (path, id(env), listed)
        hit = self.env_files.get(key)
        if hit is None:
            candidates = [path] + twin_paths(path)
            if not self.is_file(path) and any(self.is_file(c) for c in candidates[1:]):
                # beside a generic sample, one written for the containers (`.env.docker`,
                # `.env.docker.example`) stands for the file: the generic one often holds the
                # host's values (`localhost`, the published ports)
                docker = [c for c in twin_paths(path, (*DOCKER_TWINS, *(f"{d}.{t}" for d in DOCKER_TWINS for t in ENV_TWINS)))
                          if c not in listed and self.is_file(c)]
                candidates = [path] + docker[:1] + candidates[1:]
            vars_: tuple[EnvVar, ...] = ()
            found: str | None = None
            for cand in candidates:
                try:
                    source = self.read(cand)
                except ReadFailure as exc:
                    if exc.missing:
                        continue
                    # unreadable (undecodable, refused): what it sets is unknown, as for a
                    # file not in the tree
                    node_error(self.errors, where, f"env_file {cand}: {exc.message}")
                    break
                parsed = parse_env_file(source, cand, lookup=env, origin="env_file")
                self.errors.extend(parsed.errors)
                if parsed.sealed:
                    break  # encrypted (decrypted on the deploy host): unknown, as if absent
                vars_ = parsed.vars
                found = cand
                break
            hit = (vars_, found is None, found)
            self.env_files[key] = hit
        vars_, missing, _found = hit
        return vars_, missing

    # -- implicit containers -----------------------------------------------------------
    def implicit_containers(self, dockerfiles: list[str], projects: list[Project]) -> list[Service]:
        used = set()
        context_dirs = set()
        for p in projects:
            for s in p.services:
                if s.dockerfile:
                    used.add(s.dockerfile)
                    context_dirs.add(posixpath.dirname(s.dockerfile))
                    if self.is_dir(s.dockerfile):
                        # `dockerfile: docker/api/${API_DOCKERFILE}` with the variable unset here: the
                        # service builds one of the Dockerfiles in that directory, picked at run time;
                        # none of them is a container of its own (`docker run`)
                        context_dirs.add(s.dockerfile)
                if s.build_context is not None:
                    context_dirs.add(s.build_context)
        mapped = [norm_path(k) for k in self.service_map]
        meant = _meant_dockerfiles(projects, set(dockerfiles))
        out: list[Service] = []
        for path in dockerfiles:
            d = posixpath.dirname(path)
            if path in used or d in context_dirs:
                continue
            if any(m == "" or d == m or d.startswith(m + "/") for m in mapped):
                continue
            if any(b == "" or d == b or d.startswith(b + "/") for b in self.broken_dirs):
                continue  # its Compose file is unreadable: who builds it, and how, is unknown
            try:
                df = self._dockerfile(path, None)
                if df is not None and not getattr(df, "stages", None):
                    # no FROM (notes, a Compose file saved under the name): `docker build` stops
                    # with "no build stage in current context", so no container runs the code beside it
                    continue
                out.append(self.implicit(path, d, meant.get(path)))
            except Exception as exc:  # boundary: one Dockerfile-only container's bug is reported, the rest is read
                self.errors.append(FileError(path, f"internal error while reading the Dockerfile: {exc!r}", kind="internal"))
        return out

    def implicit(self, path: str, d: str, meant: tuple[frozenset[str], bool] | None = None) -> Service:
        """The container of a Dockerfile no Compose service builds.  ``meant``: the variables the
        Compose services that name this Dockerfile from a context set too deep set (and whether
        one of them has an environment dockwise cannot read): _meant_dockerfiles."""
        df = self._dockerfile(path, None)
        code: list[CodeRoot] = []
        if df is not None:
            code = self._code_roots(df, d, None)
        if not code:
            code = cloned_roots(df, d)  # a fresh clone of the project (layout/dockerfile_clone.py)
        if not code and not _takes_nothing(df, self.knowledge.frameworks.python_words):
            code = [CodeRoot(d, None)]  # what it copies is not known: everything beside it
        wd = getattr(df, "workdir", None) if df is not None else None
        command = self._past_shifted(effective_command(None, None, df, wd), code)
        hc = None
        if df is not None and not getattr(df, "healthcheck_disabled", False):
            hc = getattr(df, "healthcheck", None)
        env: dict[str, EnvVar] = {}
        for var in (getattr(df, "env", ()) or ()) if df is not None else ():
            env.pop(var.name, None)
            env[var.name] = var
        # a Compose service meant to build this image (its `dockerfile:` names it from a context
        # set a directory too deep) sets these variables itself: the ENV of the same name is the
        # image's default, as for a manifest below
        if meant is not None:
            set_there, everything = meant
            for n in list(env) if everything else set_there:
                env.pop(n, None)
        # a Kubernetes manifest of the tree that deploys this image sets these variables itself:
        # the ENV of the same name is the image's default, not the value the container runs with
        # (its value there is unknown, as any `docker run -e` one is: env_unknown below)
        if env and self.manifest_envs is None:
            self.manifest_envs = find_manifest_envs(self.manifests, self._read_quiet)
        for image, names in self.manifest_envs or ():
            if any(n in env for n in names) and runs_dockerfile(image, path, self.image_builds):
                for n in names:
                    env.pop(n, None)
        start_ports, entry_files, server_configs, bind_replaced = start_files(command, wd, code, env.values(), self.knowledge, self.is_file, self._read_quiet)
        hc_files = healthcheck_files(hc, wd, code, env.values(), self.knowledge, self.is_file)
        listen: list[int] = []
        for p in list(getattr(df, "expose", ()) or ()) + list(start_ports) + list(self._image_ports(_base_image(df, None))):
            if isinstance(p, int) and p not in listen:
                listen.append(p)
        return Service(
            name="",
            project=d,
            implicit=True,
            base_image=_base_image(df, None),
            env_unknown=True,  # `docker run -e ...` sets what it sets: no fallback can be judged
            networks=(),
            # a script of the tree that runs this image with `--net=host` (an install script's
            # `docker create --net=host`) puts it on the host's network stack (layout/imageruns.py)
            network_mode="host" if self._runs_on_host_network(path) else "bridge",
            listen_ports=tuple(listen),
            build_servers=build_servers(df, None, self.knowledge),
            busybox_wget_replaced=replaces_busybox_wget(df, None, self.knowledge),
            environment=tuple(env.values()),
            code=tuple(dedupe(code)),
            build_mounts=bind_mounted_sources(df, d, None),
            command=command,
            dispatched_at=dispatched_argument(command, code, self.is_file, self._read_quiet, self._is_wrapper),
            healthcheck=hc,
            entry_files=tuple(entry_files),
            healthcheck_files=tuple(hc_files),
            server_configs=tuple(server_configs),
            config_binds_replaced=tuple(bind_replaced),
            build_context=d,
            dockerfile=path,
        )

    def _runs_on_host_network(self, dockerfile: str) -> bool:
        """Whether the image of ``dockerfile`` is run on the host's network stack: by a script
        of the tree (`docker create --net=host`), or by every run of it the root README shows
        (`docker build -t app .` then `docker run --network host app`); layout/imageruns.py."""
        if any(runs_dockerfile(i, dockerfile, self.image_builds) for i in self.host_runs):
            return True
        if any(runs_dockerfile(i, dockerfile, self.doc_builds) for i in self.doc_host_runs):
            self.files.extend(f for f in self.doc_files if f not in self.files)  # the layout depends on it
            return True
        return False

    # -- service_map -------------------------------------------------------------------
    def apply_service_map(self, projects: list[Project], containers: list[Service]) -> tuple[list[Project], list[Service]]:
        if not self.service_map:
            return projects, containers
        extra: dict[str, list[CodeRoot]] = {}
        for prefix, svc in self.service_map.items():
            extra.setdefault(str(svc), []).append(CodeRoot(norm_path(str(prefix)), None))
        found: set[str] = set()
        new_projects = []
        for p in projects:
            services = []
            for s in p.services:
                if s.name in extra:
                    found.add(s.name)
                    s = dataclasses.replace(s, code=tuple(dedupe(list(s.code) + extra[s.name])))
                services.append(s)
            new_projects.append(dataclasses.replace(p, services=tuple(services)))
        for name in extra:
            if name not in found:
                prefixes = ", ".join(r.source or "." for r in extra[name])
                self.errors.append(FileError(prefixes, f"service map: no Compose service named {name!r}"))
        return new_projects, containers



def _compose_name(name: str) -> bool:
    return name in BASE_NAMES or name in OVERRIDE_NAMES or is_variant_name(name)


def _complete(services: Mapping[str, Any]) -> bool:
    """Every service defines ``image`` or ``build`` (``extends`` already merged in)."""
    if not services:
        return False
    for node in services.values():
        if not isinstance(node, YMap):
            return False
        if node.items.get("image") is None and node.items.get("build") is None:
            return False
    return True



def _builds_for(services: Mapping[str, Any], base: Project) -> bool:
    """Every service of a variant file only builds an image (``build`` and ``image``, nothing
    a running container would use: no command, environment, ports, volumes), and the
    directory's base project runs some of those images with their configuration: the file is
    the base's build half (``docker compose -f docker-compose.build.yaml build``, a bake file
    naming it), whose other images something else starts (a runner spawning tool images).  Run
    alone, its containers would start without any configuration; nobody does."""
    images = {s.image.strip().lower() for s in base.services if s.image}
    shared = False
    if not services or not images:
        return False
    for node in services.values():
        if not isinstance(node, YMap) or not set(node.items) <= BUILD_KEYS or node.items.get("build") is None:
            return False
        image = scalar_str(node.items.get("image"))
        if not image:
            return False
        shared = shared or image.strip().lower() in images
    return shared


def _comment_text(text: str | None) -> str | None:
    """The text of ``text``'s YAML comment lines, without their ``#``: a Compose file's
    usage note, ``# docker compose -f docker-compose.yml -f docker-compose.dev.yml up``."""
    if not text:
        return None
    lines = [ln.strip()[1:] for ln in text.splitlines() if ln.strip().startswith("#")]
    return "\n".join(lines) if lines else None


# extensionless names that are no script of the project (read by other parts of the layout)
_NOT_SCRIPTS = frozenset({"makefile", "gnumakefile", "dockerfile", "containerfile", "justfile", "procfile",
                          "license", "licence", "readme", "authors", "notice", "copying", "changelog"})


def _leans_on(alone: C.ComposeModel, base: Project, depends: bool = True) -> bool:
    """A variant file's service names a network or a service that the file does not define
    but the base does (``networks: [back]``, ``depends_on: [db]``): the file is run with
    ``-f base -f variant``, whatever images its services name.  ``depends`` False: the file
    is deployed alone as a Swarm stack (``docker stack deploy -c variant.yml``), which
    ignores ``depends_on``, so only a network leans on the base."""
    base_networks = {n.name for n in base.networks}
    base_services = {s.name for s in base.services}
    keys: list[tuple[str, Any, set[str]]] = [("networks", alone.networks, base_networks)]
    if depends:
        keys.append(("depends_on", alone.services, base_services))
    for node in alone.services.values():
        if not isinstance(node, YMap):
            continue
        for key, defined, theirs in keys:
            value = node.items.get(key)
            names = value.items if isinstance(value, YMap) else value.items if isinstance(value, YSeq) else ()
            for item in names:
                name = item if isinstance(item, str) else scalar_str(item)
                if name and name not in defined and name in theirs:
                    return True
    return False


def _missing_target(df: Any, target: str | None) -> bool:
    """Compose's ``build.target`` names a stage the Dockerfile does not define (``target:
    development`` where every ``FROM`` has another name or none): the build stops ("target
    stage could not be found"), and the container never runs.  A target or a stage name
    written with a variable, or a Dockerfile with no stages read, may be any."""
    if df is None or not target or "$" in target or HOLE in target:
        return False
    stages = getattr(df, "stages", ())
    if not stages or any(st.name and ("$" in st.name or HOLE in st.name) for st in stages):
        return False
    return df.stage(target) is None


def _base_image(df: Any, target: str | None) -> str | None:
    if df is None:
        return None
    stage = df.stage(target) if hasattr(df, "stage") else None
    # follow FROM <stage> chains to the image the final stage starts from
    seen = 0
    while stage is not None and getattr(stage, "parent", None) is not None and seen < 64:
        stage = df.stages[stage.parent]
        seen += 1
    base = getattr(stage, "base", None) if stage is not None else None
    if not base or base.lower() == "scratch" or "$" in base or HOLE in base:
        return None
    return base



# --------------------------------------------------------------------------- public API


def load_layout(
    root: Path,
    knowledge: Any,
    *,
    compose_files: Sequence[Path] | None = None,
    service_map: Mapping[str, str] | None = None,
    dockerfiles_without_compose: bool = True,
    read_file: Callable[[Path], bytes] | None = None,
    listing: Mapping[str, Sequence[str]] | None = None,
    schema_memo: MutableMapping[str, Any] | None = None,
) -> Layout:
    """The declared layout of the project tree at ``root``.  Never raises.  ``listing``:
    the tree's directories (root-relative) -> their file names, when the caller walked it."""
    try:
        return _Builder(Path(root), knowledge, compose_files, service_map, dockerfiles_without_compose, read_file,
                        listing, schema_memo).run()
    except Exception as exc:  # boundary: the layout stage's bug is reported, the run goes on without a layout
        return Layout(
            root=str(Path(root).absolute()),
            errors=(FileError(".", f"internal error while loading the Compose/Dockerfile layout: {exc!r}", kind="internal"),),
        )


def _takes_nothing(df: Any, python_words: Sequence[str]) -> bool:
    """A Dockerfile read in full that copies nothing from its build context (no COPY or ADD
    of it, no RUN bind mount of it) and names no Python (``python_words``, in its base
    images and instructions): an image of downloads and compilers, whose container holds
    none of the project's files."""
    if df is None or not getattr(df, "stages", None):
        return False
    if any(op.from_context for op in df.copies):
        return False
    if any(name == "mount" and value and "from=" not in value.replace(" ", "")
           for inst in df.instructions for name, value in inst.flags):
        return False
    words = {w.lower() for w in python_words}
    texts = [st.base for st in df.stages] + [inst.args for inst in df.instructions]
    return not any(w in words for text in texts for w in re.findall(r"[a-z][a-z0-9]*", text.lower()))


def _inherited_env(model: C.ComposeModel, name: str) -> frozenset[tuple[str, int]]:
    """(file, line) of each ``environment:`` entry the service ``name`` takes from the service
    it ``extends`` (through every link of the chain) and does not set again in its own keys."""
    out: set[tuple[str, int]] = set()
    for svc, parent, own in model.extended_env:
        if svc != name:
            continue
        mine = {v.name for v in service_environment([], own, name)}
        out.update((v.name_span.path, v.name_span.line) for v in service_environment([], parent, name)
                   if v.name not in mine and v.name_span is not None)
    return frozenset(out)


def _env_selected(text: str | None, env: dict, env_unknown: bool) -> str | None:
    """A start script's ``text`` cut to the arms its ``case``/``if`` blocks on a variable take
    in the service's environment (``layout/envcase.py``)."""
    return select_env_cases(text, env, env_unknown) if text else text


def _meant_dockerfiles(projects: list[Project], dockerfiles: set[str]) -> dict[str, tuple[frozenset[str], bool]]:
    """The Dockerfiles of the tree that a Compose service cannot build but means to: its
    ``dockerfile:``, written with a directory (``deploy/docker/Dockerfile.worker``), is not in
    the tree from its ``context:`` (``../..`` one level short of the root the Dockerfile's own
    COPY lines expect) but is from a directory above that context.  Each maps to the names of the
    variables those services set, and whether one of them has an environment that cannot be read
    (then any ENV of the image may be replaced)."""
    found: dict[str, tuple[set[str], bool]] = {}
    for p in projects:
        for s in p.services:
            if s.implicit or not s.unbuildable or not s.dockerfile or s.build_context is None:
                continue
            ctx, named = norm_path(s.build_context), norm_path(s.dockerfile)
            if not ctx or not named.startswith(ctx + "/"):
                continue
            written = named[len(ctx) + 1:]
            if "/" not in written or written.startswith("../"):
                continue
            above = ctx
            while above:
                above = posixpath.dirname(above)
                candidate = norm_path(posixpath.join(above, written))
                if candidate in dockerfiles:
                    names, unknown = found.setdefault(candidate, (set(), False))
                    names.update(v.name for v in s.environment)
                    found[candidate] = (names, unknown or s.env_unknown)
                    break
    return {k: (frozenset(v[0]), v[1]) for k, v in found.items()}
