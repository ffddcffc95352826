"""The Python stage of a run: every Python file a container runs, from its bytes to its
findings.

Per file, here: the services whose containers run it, its bytes' hash, the cache; the
rest goes to the Analyser (worker processes once there are many files): the prefilter,
the parse of the candidate statements, the extraction and the judge.  Resolution against
the layout and the per-file verdicts (``verdicts.FileVerdicts``) run in this process, as the
files arrive.  Called by the engine only.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from dockwise.analysis import SYNTAX_OK, Item
from dockwise.cache import NullCache, ResultCache, content_hash
from dockwise.config import Config
from dockwise.discover import is_test_path
from dockwise.extract.limits import MASK_MIN_CHARS
from dockwise.model import FileError, FileResult
from dockwise.parallel import Analyser
from dockwise.prefilter import Prefilter
from dockwise.runs import Runs
from dockwise.verdicts import FileVerdicts

__all__ = ["check_python"]


def check_python(located, root, cfg, knowledge, runs, judge, resolver, overrides, progress, *, use_prefilter, whole_root,
                  named=frozenset()):
    """Python files of ``located`` ((absolute path, root-relative path or None)) ->
    (findings, errors, endpoints, connects, sources).

    Per file, here: the services whose containers run it (``runs``; none: not container
    code, not checked), its bytes'
    hash (the stat signature spares the read on a warm run), the cache (a FileResult
    for these bytes, or "the prefilter skipped these bytes").  The rest goes to the
    Analyser, which starts worker processes once there are many files and works while
    this loop goes on: the prefilter on the bytes, then the parse of the statements on
    its candidate lines and the extraction.  Resolution against the layout always runs
    here.  ``named``: files whose syntax is checked even when the prefilter skips them,
    and which are parsed whole (not only what the extraction uses: ``extract/skeleton.py``).
    """
    errors: list[FileError] = []
    py_files = [(f, rel) for f, rel in located if f.endswith((".py", ".pyw"))]
    layout = runs.layout
    total = len(py_files)
    cache = ResultCache.open(root, cfg, tuple(cfg.rule_packs))
    pf = Prefilter(knowledge, layout) if use_prefilter else None
    tick = _Progress(progress, total)

    verdicts = FileVerdicts(root, overrides, runs, judge, resolver, cache)
    todo = Analyser(knowledge, tuple(cfg.rule_packs), jobs=cfg.jobs, on_done=tick, prefilter=pf,
                    judge_file=verdicts.worker_answers)
    queue = _Queue(cfg, overrides, runs, cache, pf, use_prefilter == "hosts", todo, tick, named, errors)
    try:
        for path, rel in py_files:
            queue.add(path, rel)
        _judge_arrivals(todo, queue.results, queue.keys, cache, verdicts, dict(queue.plan))
    except BaseException:  # an internal error or ^C: no workers left behind
        todo.close()
        raise
    plan = queue.plan

    findings, file_errors, endpoints, connects, sources = verdicts.gather(rel for rel, _ in plan)
    errors.extend(file_errors)

    if whole_root and cache.enabled:
        cache.prune({rel for rel, _ in plan})
    cache.save()
    verdicts.save()
    tick.finish()
    return findings, errors, endpoints, connects, sources


@dataclass
class _Queue:
    """The Python files of a run on their way to the analysis, one at a time: those that
    need none are left out here (outside the root, a test when tests are skipped, host code,
    a cache hit, bytes the prefilter skipped before), the rest go to the Analyser."""

    cfg: Config
    overrides: dict[Path, str]
    runs: Runs
    cache: ResultCache | NullCache
    pf: Prefilter | None
    hosts: bool  # the graph's prefilter: every line where a connect target can stand
    todo: Analyser
    tick: "_Progress"
    named: frozenset[Path] | set[Path]
    errors: list[FileError]
    # id(the runners tuple) -> (it, (profile, signature), the same for a file run as
    # __main__): files with the same runners share one tuple (Runs.runners)
    per_runners: dict[int, tuple] = field(default_factory=dict)
    plan: list[tuple[str, tuple]] = field(default_factory=list)  # (rel, runners) in discovery order
    results: dict[str, FileResult] = field(default_factory=dict)  # cache hits
    # rel -> (content hash, stat, prefilter signature, whether the analysis parses the whole file)
    keys: dict[str, tuple[str | None, object, str | None, bool]] = field(default_factory=dict)

    def add(self, path: str, rel: str | None) -> None:
        if rel is None:
            self.errors.append(FileError(path, "outside the project root"))
            self.tick(1)
            return
        override = self.overrides.get(Path(path).absolute()) if self.overrides else None
        if not self.cfg.include_tests and is_test_path(rel) and override is None:
            self.tick(1)
            return
        runners = self.runs.runners(rel)
        if not runners:
            self.tick(1)
            return  # host code: localhost is right there
        self.plan.append((rel, runners))
        keyed = _content_key(path, rel, override, self.cache)
        if keyed is None:
            self.todo.add(Item(rel, path))  # unreadable: the worker reports why
            return
        st, data, digest = keyed
        profile, signature = _profile(self.pf, runners, self.runs.main_for_any(rel, runners), self.per_runners,
                                      self.hosts)
        syntax = bool(self.named) and Path(path).absolute() in self.named
        hit = self.cache.result(rel, digest, signature, whole=syntax)
        if hit is not None:
            self.results[rel] = hit
            self.tick(1)
            return
        if signature is not None and self.cache.skipped(rel, digest, signature, syntax=syntax):
            self.tick(1)
            return
        # the prefilter, the parse of its lines and the extraction: in the Analyser
        # (worker processes once there are many files), while the files are still being queued.
        # The analysis parses the whole file for a named file or a small one (not
        # masked: extract/limits.py MASK_MIN_CHARS; bytes >= characters)
        whole = syntax or (st is not None and st.st_size < MASK_MIN_CHARS) or \
            (data is not None and len(data) < MASK_MIN_CHARS)
        self.keys[rel] = (digest, st, signature, whole)
        self.todo.add(Item(rel, None if override is not None else path, override, profile,
                           self.cache.known_lines(rel, digest, whole=syntax), syntax),
                      len(data) if data is not None else (st.st_size if st is not None else 0))


def _content_key(path: str, rel: str, override: str | None, cache: ResultCache | NullCache):
    """(stat, bytes read or None, content hash or None) of one file, None if it cannot be
    read.  A warm run keys by stat and reads nothing; ``--no-cache`` keys nothing (the
    worker reads the file)."""
    if override is not None:
        return None, None, content_hash(override.encode("utf-8", "surrogatepass"))
    if not cache.enabled:
        return None, None, None
    try:
        st: os.stat_result | None = os.stat(path)
    except OSError:
        st = None
    digest = cache.known_hash(rel, st)
    if digest is not None:
        return st, None, digest
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError:
        return None
    return st, data, content_hash(data)


def _profile(pf: Prefilter | None, runners: tuple, as_main: bool, per_runners: dict[int, tuple],
             hosts: bool) -> tuple[object, str | None]:
    """(prefilter profile, its signature) for a file with these runners (files with the same
    runners share one tuple, Runs.runners): one for a module run as __main__, one otherwise."""
    if pf is None:
        return None, None
    known = per_runners.get(id(runners))
    if known is None or known[0] is not runners:
        known = per_runners[id(runners)] = (
            runners,
            *((p, f"{pf.signature}:{p}") for p in (pf.profile(runners, hosts=hosts),
                                                   pf.profile(runners, entry=True, hosts=hosts))))
    return known[2] if as_main else known[1]


class _Progress:
    """Files done so far, told to the caller's progress callback (the CLI's bar)."""

    def __init__(self, report: Callable[[int, int], None] | None, total: int) -> None:
        self.report = report
        self.total = total
        self.done = 0

    def __call__(self, n: int) -> None:
        self.done += n
        if self.report is not None:
            self.report(self.done, self.total)

    def finish(self) -> None:
        if self.report is not None and self.done < self.total:
            self.report(self.total, self.total)


def _judge_arrivals(todo: Analyser, results: dict[str, FileResult], keys: dict[str, tuple], cache: ResultCache | NullCache,
                    verdicts: FileVerdicts, runners_of: dict[str, tuple]) -> None:
    """The cached results first (judged while the workers start), then each file's analysis
    as it arrives from the Analyser."""
    for rel, result in list(results.items()):
        verdicts.file(rel, runners_of.get(rel), result)
    if todo.items:
        for rel, arrived, problem, status, key, *answers in todo.stream():
            _take(rel, arrived, problem, status, key, answers[0] if answers else None, keys.get(rel),
                  results, cache, verdicts, runners_of.get(rel))


def _take(rel: str, result: FileResult | None, problem: str | None, status: str, key: str | None, answers,
          known: tuple | None, results: dict[str, FileResult], cache: ResultCache | NullCache, verdicts: FileVerdicts,
          runners) -> None:
    """One file's analysis as it arrives from the Analyser: kept, cached, judged.
    ``known``: (content hash, stat, prefilter signature, whether the whole file is parsed)."""
    digest, st, signature, whole = known or (None, None, None, True)
    if status == "skip":  # the prefilter skipped it (result: why it is no text / Python)
        if result is not None:
            results[rel] = result
            verdicts.file(rel, runners, result)
        if digest is not None:
            cache.put(rel, digest, st, result=result, signature=None if result is not None else signature,
                      lines_key=SYNTAX_OK if key == SYNTAX_OK else None)
        return
    if status == "cached":  # the lines of a cached result: take it, under this signature too
        result = cache.result(rel, digest, signature, key) if digest is not None else None
        if result is not None:
            results[rel] = result
            cache.put(rel, digest, st, result=result, signature=signature, lines_key=key,
                      whole=cache.result(rel, digest, signature, key, whole=True) is not None)
            verdicts.file(rel, runners, result)
            return
        problem = "not analysed (the cached result vanished)"
    if result is None:
        result = FileResult(rel, errors=(FileError(rel, problem or "not analysed", kind="internal"),))
    results[rel] = result
    if digest is not None and not _internal(result):
        cache.put(rel, digest, st, result=result, signature=signature if key is not None else None, lines_key=key,
                  whole=whole)
    verdicts.file(rel, runners, result, answers)


def _internal(result: FileResult) -> bool:
    """An outcome not to cache: an internal error, a crashed worker or a refusal by
    dockwise's bounds (may not recur)."""
    return any(e.kind != "problem" for e in result.errors)
