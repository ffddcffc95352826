"""Wires the stages: discover -> layout -> extract -> resolve -> findings.

The only module that knows the whole run.  Each stage below is called with plain data
and returns plain data; per-file failures become FileErrors and the run goes on.
"""
from __future__ import annotations

import functools
import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Sequence

from dockwise.analysis import BUG_HINT
from dockwise.cache import ResultCache, ScanCache
from dockwise.checks import dw109
from dockwise.checks.dw109 import Connect
from dockwise.checks.verdict import fmt
from dockwise.config import Config, code_matches, is_selected, resolve_code
from dockwise.discover import IgnoreRules, find_root, matches_any, walk
from dockwise.extract.layout_values import extract_layout_values
from dockwise.flow.judge import Judge
from dockwise.knowledge import default_knowledge
from dockwise.layout.build import load_layout
from dockwise.model import Endpoint, FileError, Finding, RunResult, Span
from dockwise.pystage import check_python
from dockwise.resolve import Resolver
from dockwise.runs import ProjectFiles, build_runs
from dockwise.source import display_path
from dockwise.suppress import is_suppressed, parse_suppression_comment
from dockwise.verdicts import finding_evidence


def _rel(root: Path, path: Path | str, top: str | None = None) -> str | None:
    """``path`` relative to the (absolute) ``root``, posix; None when outside.  ``top``:
    ``str(root)`` with one trailing "/" (callers in a loop pass it once)."""
    if os.sep == "/":  # the common case, without pathlib
        text = path if isinstance(path, str) else str(path)
        if top is None:
            top = str(root).rstrip("/") + "/"
        if text.startswith(top) and "/../" not in text and "/./" not in text and not text.endswith(("/..", "/.")):
            return text[len(top):] or None
    path = Path(path)
    try:
        return path.absolute().relative_to(root).as_posix()
    except ValueError:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            return None


def yaml_suppressions(text: str) -> tuple[tuple[int, frozenset[str] | None], ...]:
    """(line, codes or None for all) of the `# dockwise: ignore[CODES]` / `# noqa: DW…`
    comments of a text (YAML, .env, a Dockerfile; read line by line, any text works)."""
    out = []
    for number, line in enumerate(text.splitlines(), 1):
        if "dockwise" not in line and "noqa" not in line.lower():
            continue
        hit = parse_suppression_comment(line)
        if hit is not False:
            out.append((number, hit))
    return tuple(out)


def run_check(
    paths: Sequence[Path],
    cfg: Config,
    *,
    stdin_source: str | None = None,
    stdin_filename: Path | None = None,
    overrides: dict[Path, str] | None = None,
    progress: Callable[[int, int], None] | None = None,
    prefilter: bool | str = True,
    unused_suppressions: bool = False,
) -> RunResult:
    """Check ``paths`` (files filter what is reported, the whole project is loaded).

    ``prefilter=False`` analyses every Python file, also those that cannot hold a finding
    (to test the prefilter); ``prefilter="hosts"`` (the graph) keeps every line where a
    connect target can stand, also one no rule flags.
    """
    knowledge = default_knowledge(tuple(cfg.rule_packs))
    inputs = _Inputs.of(paths, cfg, stdin_source, stdin_filename, overrides)
    root, overrides, paths, stdin_filename = inputs.root, inputs.overrides, inputs.paths, inputs.stdin_filename
    files, listing, ignore = inputs.files, inputs.listing, inputs.ignore
    errors: list[FileError] = [FileError(name, "no such file or directory") for name in inputs.missing]
    if len(inputs.missing) == len(paths) and stdin_filename is None and not overrides:
        # every path given is missing: nothing is in scope, and the root fell back to the
        # working directory, whose project nobody named (its layout's errors would be reported
        # for files nobody asked about, and loading a large directory takes long)
        return RunResult(root, (), tuple(errors), 0, {}, knowledge=knowledge)

    scans = ScanCache(ResultCache.open(root, cfg, tuple(cfg.rule_packs)))
    layout = _load_layout(root, knowledge, cfg, overrides, listing, scans)
    layout_warnings: list[tuple[str, int, str]] = []
    for err in layout.errors:
        if err.kind == "warning":  # valid input that other readers may misread: said, not an error
            layout_warnings.append((err.path, err.line or 0, err.message))
            continue
        errors.append(replace(err, path=display_path(root, err.path)))
    resolver = Resolver(layout, knowledge)
    project_files = ProjectFiles(root, overrides)  # the files on disk, editor buffers over them
    runs = build_runs(layout, knowledge, project_files, scans)
    resolver.started_ports = runs.started_ports
    resolver.forwarded_ports = runs.forwarded_ports
    resolver.ipv4_only_ports = runs.ipv4_only_ports
    resolver.proxy_config_whole = runs.proxy_config_whole
    resolver.start_unknown = runs.start_unknown
    errors.extend(replace(err, path=display_path(root, err.path)) for err in runs.errors)

    scope = _Scope.of(root, files, [] if stdin_filename is not None else paths, ignore, cfg.exclude)
    located, dirs, in_scope = scope.located, scope.dirs, scope.holds

    findings: list[Finding] = []
    connects: set[Connect] = set()

    # ---- values in Compose files, .env, env_files and Dockerfiles
    # (not read when the paths are Python files only, as pre-commit passes them: none of these
    # values can be reported; the names they dial are read only if a default bind asks)
    only_python = prefilter is not False and prefilter != "hosts" and bool(located) and all(
        p.endswith((".py", ".pyw")) for p, _ in located)
    layout_endpoints = _layout_values(layout, knowledge, resolver, root, errors, read=not only_python)
    judge = Judge(knowledge, runs, project_files.text)
    resolver.dials_own_port = judge.dials_own_port
    resolver.code_serves = judge.code_serves
    resolver.dials_bound_port = judge.dials_bound_port
    resolver.sets_bind_setting = judge.sets_bind_setting
    all_endpoints: list[Endpoint] = list(layout_endpoints)
    container_files: set[str] = set()
    _judge_layout_values(layout_endpoints, layout, judge, resolver, in_scope, root, findings, errors, connects,
                         container_files)

    # ---- Python code
    # files named on the command line (pre-commit names the changed files) and editor
    # buffers: a syntax error is reported even where the prefilter skips the file
    named = {p.absolute() for p in paths if not p.is_dir()} | {p.absolute() for p in overrides}
    py_findings, py_errors, py_endpoints, py_connects, sources = check_python(
        located, root, cfg, knowledge, runs, judge, resolver, overrides, progress,
        use_prefilter=prefilter, whole_root=stdin_filename is None and "" in dirs, named=named,
    )
    scans.save()  # after the Python stage, which scans more modules (runs_line)
    findings, errors, connects = findings + py_findings, errors + py_errors, connects | py_connects
    all_endpoints += py_endpoints

    _cross_file_findings(resolver, layout_endpoints, connects, in_scope, root, findings, errors)

    # ---- suppressions in non-Python files, selection, per-file ignores
    out = sorted(_dedupe(_selected(findings, cfg, root, overrides, sources)),
                 key=lambda f: (f.span.path, f.span.line, f.span.column, f.code))
    errors.sort(key=lambda e: (e.path, e.line or 0))
    container_files.update(rel for _, rel in located if rel is not None and rel.endswith((".py", ".pyw"))
                           and runs.runners(rel))
    container_files.update(f for p in layout.projects if p.services for f in p.files if in_scope(f))  # Compose files
    unused = _unused_suppressions(located, in_scope, out, sources) if unused_suppressions else ()
    warnings = tuple(layout_warnings) + _unknown_suppression_codes(out, sources, knowledge.codes)
    return RunResult(root, tuple(out), tuple(_unique(errors)), len(files), sources, layout, tuple(all_endpoints), runs,
                     container_files=len(container_files), unused_suppressions=unused, knowledge=knowledge,
                     warnings=warnings)


@dataclass
class _Inputs:
    """What a run is asked to check: the project root, the files found under the paths
    (with the listing the layout reuses), the paths that do not exist, editor buffers."""

    root: Path
    paths: list[Path]
    overrides: dict[Path, str]
    stdin_filename: Path | None
    ignore: IgnoreRules
    files: tuple[str, ...]
    missing: tuple[str, ...]
    listing: object

    @classmethod
    def of(cls, paths: Sequence[Path], cfg: Config, stdin_source: str | None, stdin_filename: Path | None,
           overrides: dict[Path, str] | None) -> "_Inputs":
        buffers = {p.absolute(): t for p, t in (overrides or {}).items()}
        if stdin_filename is not None:
            stdin_filename = stdin_filename.absolute()
            buffers[stdin_filename] = stdin_source or ""
            paths = [stdin_filename]
        paths = [Path(p) for p in paths] or [Path(".")]
        # the root comes from the paths that exist (or, for stdin, the named file's directory): a
        # missing path is an error entry, never a reason to widen the project to its ancestors
        existing = [p for p in paths if p.exists()] or \
            ([p.parent for p in paths] if stdin_filename is not None else [Path(".")])
        root = find_root(existing).absolute()
        ignore = IgnoreRules(root, (*cfg.exclude, *cfg.extend_exclude), cfg.respect_gitignore)
        if stdin_filename is not None:
            return cls(root, paths, buffers, stdin_filename, ignore, (str(stdin_filename),), (), None)
        found = walk(paths, root, ignore)
        return cls(root, paths, buffers, stdin_filename, ignore, found.files, found.missing, found.listing)


def _load_layout(root: Path, knowledge, cfg: Config, overrides: dict[Path, str], listing, scans: ScanCache):
    """The project's Compose/Dockerfile layout, editor buffers read over the files."""

    def read_override(path: Path) -> bytes:
        hit = overrides.get(path.absolute())
        if hit is not None:
            return hit.encode("utf-8")
        return path.read_bytes()

    return load_layout(
        root,
        knowledge,
        compose_files=tuple(Path(p) for p in cfg.compose_files) or None,
        service_map=dict(cfg.services),
        read_file=read_override if overrides else None,
        listing=listing,
        schema_memo=scans.values,
    )


@dataclass
class _Scope:
    """What a run reports: the files given or found (by root-relative path) and anything below
    a directory given (ignored and excluded files there left out)."""

    root: Path
    located: list[tuple[str, str | None]]  # (absolute path, root-relative path or None)
    explicit: set[str]
    dirs: list[str]  # root-relative, "" for the root
    ignore: IgnoreRules
    exclude: tuple[str, ...]

    @classmethod
    def of(cls, root: Path, files: Sequence[str], dir_paths: Sequence[Path], ignore: IgnoreRules,
           exclude: tuple[str, ...]) -> _Scope:
        top = str(root).rstrip("/") + "/"
        located = [(f, _rel(root, f, top)) for f in files]
        dirs = []
        for p in dir_paths:
            if p.is_dir():
                rel = _rel(root, p)
                if rel is not None:
                    dirs.append("" if rel == "." else rel)
        return cls(root, located, {rel for _, rel in located if rel is not None}, dirs, ignore, exclude)

    def holds(self, rel: str) -> bool:
        if rel in self.explicit:
            return True
        for d in self.dirs:
            if d == "" or rel == d or rel.startswith(d + "/"):
                if self.ignore.ignored(self.root / rel, False):
                    return False
                return not matches_any(rel, self.exclude)
        return False


def _layout_values(layout, knowledge, resolver: Resolver, root: Path, errors: list[FileError], *,
                   read: bool) -> tuple[Endpoint, ...]:
    """The Compose/.env/Dockerfile values (``read=False``: none, for a run of Python files
    only), and the service names they dial for the resolver: a server bound to loopback by
    default matters where something reaches it (a published or exposed port, or another
    service that names it); without the values, those names are read only if asked."""
    if not read:
        once = functools.cache(lambda: tuple(extract_layout_values(layout, knowledge)))
        resolver.dialled_names = _Deferred(lambda: _dialled_names(once()))
        resolver.dialled_at = _Deferred(lambda: _dialled_at(once()))
        return ()
    try:
        values = tuple(extract_layout_values(layout, knowledge))
    except Exception as exc:  # the stage's boundary: an internal bug is reported, the run goes on
        values = ()
        errors.append(FileError(display_path(root, "."), f"internal error while scanning Compose values: {exc!r} "
                                f"({BUG_HINT})", kind="internal"))
    resolver.dialled_names = _dialled_names(values)
    resolver.dialled_at = _dialled_at(values)
    return values


def _dialled_names(values: Sequence[Endpoint]) -> set[str]:
    return {ep.host.lower() for ep in values if ep.role == "connect"}


def _dialled_at(values: Sequence[Endpoint]) -> set[tuple[str, int]]:
    """(host, port) of the layout's values that write their port (``http://sandbox:8000``)."""
    return {(ep.host.lower(), ep.port) for ep in values
            if ep.role == "connect" and ep.port is not None and ep.port_source == "explicit"}


class _Deferred:
    """A set computed on the first membership test (``in``)."""

    def __init__(self, make: Callable[[], set]) -> None:
        self._make = make
        self._value: set | None = None

    def __contains__(self, item: object) -> bool:
        if self._value is None:
            try:
                self._value = self._make()
            except Exception:  # boundary: remembered as nothing dialled; raised once, to the judging stage's boundary
                self._value = set()
                raise
        return item in self._value


def _judge_layout_values(layout_endpoints, layout, judge, resolver, in_scope, root: Path, findings: list[Finding],
                         errors: list[FileError], connects: set, container_files: set[str]) -> None:
    """Compose, .env and Dockerfile values: judged (evidence: the value's form, a program
    that dials it, or the code that reads it) and resolved for the services that use them.
    A run whose paths hold no such value (pre-commit on one Python file) reports none of
    them: they are not judged (their hosts still count as dialled names)."""
    by_dir: dict[str, list] = {}
    for project in layout.projects:
        by_dir.setdefault(project.dir, []).append(project)
    judged_paths = {path for path in {ep.span.path for ep in layout_endpoints} if in_scope(path)}
    if not judged_paths:
        return
    for ep in layout_endpoints:
        try:
            ep, runners, evidence = judge.judge_value(ep, _value_runners(ep, layout, by_dir))
            if ep.role == "connect" and ep.port is not None and dw109.may_bootstrap(ep, resolver.knowledge):
                for svc in runners:
                    if not resolver.default_replaced(ep, svc):
                        connects.add((resolver.context.project_key(svc), ep.host.lower(), ep.port, svc.name))
            if not runners or not in_scope(ep.span.path):
                continue
            container_files.add(ep.span.path)
            for f in resolver.resolve(ep, runners):
                findings.append(replace(f, evidence=finding_evidence(f, runners, evidence)))
        except Exception as exc:  # boundary: one value's bug is reported, the run goes on
            errors.append(FileError(display_path(root, ep.span.path), f"internal error: {exc!r} ({BUG_HINT})",
                                    ep.span.line, kind="internal"))


def _cross_file_findings(resolver: Resolver, layout_endpoints, connects: set, in_scope, root: Path,
                         findings: list[Finding], errors: list[FileError]) -> None:
    """DW109: a broker advertising a loopback listener that services bootstrap from (the
    dialled addresses of every file are known only now)."""
    try:
        findings.extend(f for f in resolver.advertised_listener_findings(layout_endpoints, connects)
                        if in_scope(f.span.path))
    except Exception as exc:  # the stage's boundary: an internal bug is reported, the run goes on
        errors.append(FileError(display_path(root, "."), f"internal error: {exc!r} ({BUG_HINT})", kind="internal"))


def _selected(findings: list[Finding], cfg: Config, root: Path, overrides: dict[Path, str],
              sources: dict[str, str]) -> list[Finding]:
    """The findings ``select``/``ignore`` and the per-file ignores keep, with the suppression
    comments of non-Python files applied (a Python file's were read by its analysis)."""
    text_sups: dict[str, tuple] = {}
    out: list[Finding] = []
    for f in findings:
        if not is_selected(f.code, cfg):
            continue
        if any(matches_any(f.span.path, (pattern,)) and code_matches(f.code, codes) for pattern, codes in cfg.per_file_ignores):
            continue
        if not f.span.path.endswith((".py", ".pyw")) and not f.suppressed:
            if f.span.path not in text_sups:
                try:
                    override = overrides.get((root / f.span.path).absolute())
                    text = override if override is not None else (root / f.span.path).read_text(encoding="utf-8", errors="replace")
                    sources.setdefault(f.span.path, text)
                    text_sups[f.span.path] = yaml_suppressions(text)
                except OSError:
                    text_sups[f.span.path] = ()
            if is_suppressed(f, text_sups[f.span.path]):
                f = replace(f, suppressed=True)
        out.append(f)
    return out


def _unknown_suppression_codes(findings, sources, known) -> tuple[tuple[str, int, str], ...]:
    """Codes no rule has in the suppression comments of the files with findings: a
    misspelt code suppresses nothing, silently."""
    out = []
    for rel in sorted({f.span.path for f in findings}):
        text = sources.get(rel)
        for number, codes in yaml_suppressions(text) if text else ():
            for code in sorted(codes) if codes else ():
                if resolve_code(code, known) is None:
                    out.append((rel, number, f"unknown rule code {code} in a suppression comment: it suppresses "
                                             f"nothing (`dockwise rules` lists the codes)"))
    return tuple(out)


def _unused_suppressions(located, in_scope, findings, sources) -> tuple[tuple[str, int, str], ...]:
    """Suppression comments in the checked files that suppress no finding of this run."""
    suppressed: dict[tuple[str, int], list[str]] = {}
    for f in findings:
        if f.suppressed:
            suppressed.setdefault((f.span.path, f.span.line), []).append(f.code)
    out = []
    for path, rel in located:
        if rel is None or not in_scope(rel):
            continue
        text = sources.get(rel)
        if text is None:
            try:
                with open(path, "rb") as fh:
                    data = fh.read(2_000_000)
            except OSError:
                continue
            if b"dockwise" not in data and b"noqa" not in data.lower():
                continue
            text = data.decode("utf-8", "replace")
        for number, codes in yaml_suppressions(text):
            here = suppressed.get((rel, number), [])
            if codes is None:
                if not here:
                    out.append((rel, number, "`# dockwise: ignore` suppresses nothing on this line"))
                continue
            idle = sorted(c for c in codes if not any(code_matches(h, (c,)) for h in here))
            if idle:
                out.append((rel, number, f"{', '.join(idle)} suppress{'es' if len(idle) == 1 else ''} nothing on this line"))
    return tuple(sorted(out))


def _value_runners(ep: Endpoint, layout, by_dir: dict[str, list]) -> list:
    """The services whose containers use a Compose/.env/Dockerfile value (variants share
    their directory with the base project: the first project whose service of that name
    carries the value wins, else the first naming it -- a variant's service may load an
    env file that the base file's service of the same name does not)."""
    where = ep.project or ""
    if not ep.services:
        return [c for c in layout.containers if c.project == where][:1]
    runners = []
    for name in ep.services:
        named = [s for s in (p.service(name) for p in by_dir.get(where, [])) if s is not None]
        svc = named[0] if named else None
        if len(named) > 1:
            svc = next((s for s in named if s.carries(ep.span)), svc)
        if svc is None:
            svc = next((c for c in reversed(layout.containers) if c.name == name and c.project == where), None)
        if svc is not None:
            runners.append(svc)
            runners.extend(_extending_runners(ep, svc, by_dir.get(where, [])))
    return runners


def _extending_runners(ep: Endpoint, chosen, projects: list) -> list:
    """Same-named services of the directory's other projects that take the value from a
    Compose file they load only through ``extends`` (or ``include``) and do not list among
    their own files: ``docker compose -f docker-compose.extra.yml up`` runs the extending
    service on its own networks, so a value of the file it extends is judged there too,
    whichever project was chosen first (the extended file loaded alone, or another project
    extending it).  A value of an overlay's base file (the overlay's project lists it) or
    of an ``.env`` or Dockerfile keeps the one service chosen."""
    path = ep.span.path
    if not path.lower().endswith((".yml", ".yaml")):
        return []
    out = []
    for project in projects:
        if path in project.files:
            continue
        svc = project.service(chosen.name)
        if svc is not None and svc is not chosen and svc.carries(ep.span):
            out.append(svc)
    return out


def _dedupe(findings: list[Finding]) -> list[Finding]:
    """One finding per line and target: two literals for one address on a line, or the
    verdicts of several services on one value, are one finding.  The first verdict (errors
    before warnings) speaks; the others are named in its message."""
    groups: dict[tuple, list[Finding]] = {}
    for f in findings:
        key = (f.span.path, f.span.line, (f.target_host or f.flagged_text or "").lower(), f.target_port)
        groups.setdefault(key, []).append(f)
    out: list[Finding] = []
    for members in groups.values():
        # among equal verdicts the one over the most services speaks: a variant file's
        # value names the services that still need extra_hosts, the base file's fewer
        members.sort(key=lambda f: (f.severity != "error", f.code, f.span.column, -len(f.services)))
        first = members[0]
        services = set(first.services)
        others: list[str] = []
        for f in members[1:]:
            services.update(f.services)
            if f.code != first.code or f.suggestion != first.suggestion:
                where = ", ".join(_service_label(f, s, first.services) for s in f.services) or "another container"
                note = f"{f.code} in {where}"
                if f.suggestion is not None and f.suggestion != first.suggestion:
                    note += f": use `{fmt(f.suggestion.host, f.suggestion.port)}`"
                if note not in others:
                    others.append(note)
        message = first.message + (f" (Also {'; '.join(others)}.)" if others else "")
        out.append(replace(first, services=tuple(sorted(services)), message=message, mixed=bool(others),
                           suppressed=all(f.suppressed for f in members)))
    return out


def _service_label(f: Finding, name: str, named: tuple[str, ...]) -> str:
    """``name`` as another verdict's message names it: where the speaking verdict names a
    service so called too (same-named services of two Compose files of a directory), with the
    Compose file that defines this one."""
    spans = [getattr(r, "span", None) for r in f.runners if getattr(r, "name", None) == name]
    files = sorted({span.path for span in spans if isinstance(span, Span)})
    if name in named and files:
        return f"`{name}` of " + ", ".join(f"`{path}`" for path in files)
    return f"`{name}`"


def _unique(errors: list[FileError]) -> list[FileError]:
    seen = set()
    out = []
    for e in errors:
        if e not in seen:
            seen.add(e)
            out.append(e)
    return out
