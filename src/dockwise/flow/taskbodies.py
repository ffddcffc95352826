"""Where a background task's body runs, and where a task queue's broker is dialled.

A task function (``@app.task``, ``@shared_task``: ``rules/flow.yaml`` task_decorators) runs its
body in the process that executes tasks, not where the task is sent; a Celery app connects to
its broker when a task is sent, a result read or the workers controlled, not when it is built.
So, over the modules a container runs (``rules/flow.yaml`` task_programs, task_worker_starts,
task_eager_words, task_send_methods, task_send_calls, task_queue_dials):

- under a subcommand that executes no task (``celery -A proj beat``) a task's body never runs,
  nor does any function that importing the code does not call (``flow/importtime.py``);
- in a container none of whose programs executes tasks, where another service of the layout
  does, a task its code only sends (``.delay()``) runs its body elsewhere, and the broker is
  dialled only where its code sends, reads or controls (a layout with no worker keeps both:
  one may be started by hand from the image).

:class:`TaskBodies` is a part of :class:`dockwise.flow.called.Called`.
"""
from __future__ import annotations

import ast
import posixpath
import re
from typing import Any, Callable

from dockwise.flow.importtime import import_time_defs
from dockwise.flow.mentions import prose, statement_spans
from dockwise.flow.sinks import tables
from dockwise.layout.model import Service
from dockwise.runs.build import CLOSURE
from dockwise.runs.entries import imports_only, quiet_program
from dockwise.words import positions_whole

__all__ = ["TaskBodies"]

# `def name` / `async def name` up to the name: the task function's own definition
_OWN_DEF = re.compile(r"(?:async[ \t]+)?def[ \t]+$")


def _program(e: Any) -> str:
    """The program an entry is started by (``celery`` of ``celery -A proj worker``), or ""."""
    return posixpath.basename((e.via or "").partition(" ")[0])


class TaskBodies:
    """The task searches of :class:`~dockwise.flow.called.Called`."""

    # kept by Called (see its __init__)
    knowledge: Any
    runs: Any
    flow_for: Callable[[Service], Any]
    _module_sets: dict[int, frozenset[str]]
    _no_tasks: dict[tuple, bool]
    _sent: dict[tuple, bool]
    _on_import: dict[tuple, frozenset[tuple[str, int]] | None]
    _defines_tasks: bool | None

    def view(self, svc: Service) -> tuple:
        raise NotImplementedError  # Called.view

    def _every_texts(self) -> list[tuple[str, str]]:
        raise NotImplementedError  # Called._every_texts

    def matching(self, key: str, test: Callable[[str], Any]) -> frozenset[str]:
        raise NotImplementedError  # Called.matching

    def executes_no_tasks(self, svc: Service) -> bool:
        """Every Python entry of ``svc`` is a task runner started with a subcommand that
        executes no task (``celery -A proj beat``: ``rules/commands.yaml`` runners
        task_subcommands): a task function's body never runs there.  An entry of another
        program, or a runner whose subcommand is not written, may run it."""
        runs = self.runs.of(svc)
        entries = [e for e in runs.entries if not (e.via or "").startswith("env:")] if runs is not None else []
        runners = self.knowledge.commands.runners
        return bool(entries) and all(imports_only(e, runners) for e in entries)

    def runs_configured_file(self, svc: Service) -> bool:
        """Every Python entry of ``svc`` is the file a program runs from its configuration
        before it exits (``alembic upgrade head``: env.py; rules/frameworks.yaml quiet ini
        entries): what runs there is that file's top level, the functions it calls, and what
        importing the rest runs, as under ``celery beat``."""
        runs = self.runs.of(svc)
        entries = [e for e in runs.entries if not (e.via or "").startswith("env:")] if runs is not None else []
        quiet = tables(self.knowledge).quiet_config_programs
        return bool(entries) and all(quiet_program(e, quiet) for e in entries)

    def only_imported(self, svc: Service, rel: str) -> bool:
        """The module ``rel`` is only imported in ``svc``'s container: every program there only
        imports the code (``executes_no_tasks``) or runs the file its configuration names
        (``runs_configured_file``: whose functions run where its top level calls them,
        ``runs_on_import``), or the programs that run code beside them (a ``python
        check_env.py &&`` before ``celery beat``) do not reach it (``ServiceRuns.executing``)."""
        if self.executes_no_tasks(svc) or self.runs_configured_file(svc):
            return True
        r = self.runs.of(svc)
        return r is not None and r.executing is not None and rel not in r.executing

    def runs_on_import(self, svc: Service, rel: str, line: int) -> bool:
        """In a container whose programs only import the code (``executes_no_tasks``), the line
        ``line`` of ``rel`` runs: it is outside any function, or in one that importing the
        modules it runs calls (``flow/importtime.py``: a module's top level and what it calls,
        a signal handler, a method the framework calls on loading)."""
        mod = self.flow_for(svc).module(rel)
        stmt = mod.statement_at(line) if mod is not None else None
        if stmt is None:
            return True
        # (a def's own header, its decorators and defaults, runs where the def is)
        func = next((a for a in mod.ancestors(stmt) if isinstance(a, (ast.FunctionDef, ast.AsyncFunctionDef))), None)
        if func is None:
            return True
        key = self.view(svc)
        if key in self._on_import:
            ran = self._on_import[key]
        else:
            flow = self.flow_for(svc)
            t = self.knowledge.flow
            modules = [m for m in (flow.module(r) for r in sorted(self._module_sets.get(id(svc), ()))) if m is not None]
            ran = self._on_import[key] = import_time_defs(
                modules, frozenset(t.import_time_callbacks), frozenset(t.startup_methods),
                re.findall(r"[A-Za-z_]\w*", key[0]), frozenset(t.name_loaders), frozenset(t.self_running_bases))
        return ran is None or (rel, func.lineno) in ran  # (None: the search was cut short)

    def _task_body_idle(self, svc: Service, rel: str, line: int) -> bool:
        """The body of the task function holding ``line`` of ``rel`` never runs in ``svc``'s
        container: only a subcommand that executes no task runs there (``celery beat``), or
        nothing there executes tasks (``_runs_no_tasks``), another service of the layout does,
        and the code only sends this one (``.delay()``: ``_only_sent``), so its body runs in
        the worker that takes it."""
        if self.executes_no_tasks(svc):
            return True
        if not self._runs_no_tasks(svc) or not self._another_runs_tasks(svc):
            return False  # (no worker in the layout: one may be started by hand from this image)
        mod = self.flow_for(svc).module(rel)
        func = mod.top_statement(line) if mod is not None else None
        return isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)) and self._only_sent(svc, func.name)

    def _jobs_run_elsewhere(self, svc: Service) -> bool:
        """A function ``svc``'s code hands to a task queue's worker as a job (SAQ's ``"functions":
        [...]``, arq's ``WorkerSettings.functions``: ``astfacts.task_registration``) is called
        elsewhere: nothing in this container executes tasks (``_runs_no_tasks``) and another
        service of the layout does (a layout with no worker keeps it: one may be started by
        hand from this image)."""
        return self._runs_no_tasks(svc) and self._another_runs_tasks(svc)

    def _runs_no_tasks(self, svc: Service) -> bool:
        """No process of ``svc``'s container executes background tasks: its start command was
        followed, none of its entries is a task program (``rules/flow.yaml`` task_programs:
        ``celery``, ``huey_consumer``, whatever subcommand), and no module it runs starts a
        worker in-process (task_worker_starts) or turns on eager execution (task_eager_words)."""
        view = self.view(svc)
        hit = self._no_tasks.get(view)
        if hit is None:
            hit = self._no_tasks[view] = self._find_no_tasks(svc)
        return hit

    def _task_program(self, e: Any) -> bool:
        """The entry ``e`` is started by a program that executes tasks (or may: ``rules/flow.yaml``
        task_programs, a runner with task subcommands), or is one run as a module."""
        prog = _program(e)
        programs = tables(self.knowledge).task_programs
        return prog in programs or e.kind == "module" and e.value.partition(".")[0] in programs \
            or any(r.task_subcommands and r.matches(prog) for r in self.knowledge.commands.runners)

    def _another_runs_tasks(self, svc: Service) -> bool:
        """Another service of the layout starts a program that executes tasks (a worker, beat,
        a monitor): the queue the code configures is served there, so a finding on its broker
        stays one, named for the services that dial it.  (A layout with no such program keeps
        its broker finding on the app's containers: a worker may be started by hand.)"""
        return any(r.service is not svc and any(self._task_program(e) for e in r.entries)
                   for r in self.runs.services)

    def _find_no_tasks(self, svc: Service) -> bool:
        runs = self.runs.of(svc)
        if runs is None or runs.mode != CLOSURE or not runs.entries:
            return False
        if any(self._task_program(e) for e in runs.entries):
            return False
        t = tables(self.knowledge)
        starts = self.matching("task_worker_starts", lambda text: t.task_worker_starts.search(text)
                               or any(w in text.lower() for w in t.task_eager_words))
        return self._module_sets[id(svc)].isdisjoint(starts)

    def _project_defines_tasks(self) -> bool:
        """Some Python file of the project, tests aside, defines or registers a task
        (``rules/flow.yaml`` task_definitions).  Every file, not only those a service runs: a
        worker started by hand imports the modules its app includes or discovers.  Unknown
        (no view of the project's files): it may."""
        if self._defines_tasks is None:
            files = self.runs.files
            found = files is None
            if files is not None:
                scan = tables(self.knowledge).task_definitions
                for rel in files.project_python():
                    text = files.text(rel)
                    if text and scan.search(text):
                        found = True
                        break
            self._defines_tasks = found
        return self._defines_tasks

    def _sends_tasks(self, svc: Service) -> bool:
        """Code ``svc`` runs sends a task, reads a result or controls the workers (a call of
        ``rules/flow.yaml`` task_send_calls): its app dials the broker there."""
        return not self._module_sets[id(svc)].isdisjoint(
            self.matching("task_send_calls", tables(self.knowledge).task_send_calls.search))

    def _only_sent(self, svc: Service, name: str) -> bool:
        """Code ``svc`` runs writes the task function ``name`` only to send it
        (``name.delay(...)``, ``name.apply_async``, a signature ``name.s()``: ``rules/flow.yaml``
        task_send_methods), to import it, as the name a task is sent by (``"tasks.name"``,
        ``send_task("name")``), or in a comment or sentence; never to call it in place
        (``name(doc)``, ``name.apply()``) or hand it on."""
        key = (self.view(svc), name)
        hit = self._sent.get(key)
        if hit is not None:
            return hit
        mine = self._module_sets[id(svc)]
        sends = tables(self.knowledge).task_sends
        hit = True
        for module, text in self._every_texts():
            if module not in mine or name not in text:
                continue
            spans: list[tuple[int, int]] | None = None
            for pos in positions_whole(text, name):
                if spans is None:
                    spans = statement_spans(text)
                line_start = text.rfind("\n", 0, pos) + 1
                end = pos + len(name)
                if any(a <= pos < b for a, b in spans) or _OWN_DEF.search(text, line_start, pos) \
                        or sends.match(text, end) or prose(text, pos, end) \
                        or text[end:end + 1] in ("'", '"') and text[pos - 1:pos] in ("'", '"', "."):
                    continue  # (a string that ends with the name: the task's name, sent by it)
                hit = False
                break
            if not hit:
                break
        self._sent[key] = hit
        return hit
