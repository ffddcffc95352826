"""Parse and extract many Python files in worker processes.

The parent keeps everything else (discovery, the layout, resolution): a worker gets
chunks of work items (``analysis.Item``: a path, or the text given), reads each file
itself (unless the text is given: editor buffers), runs the prefilter on its bytes (when
a profile is given: skipped files cost a worker, not the parent, a regex search), decodes
it and runs ``extract_python`` on the prefilter's lines with the knowledge it loaded
once (in its initializer), and sends back plain ``Outcome`` tuples (FileResults are
frozen dataclasses, picklable).  Works with the ``fork``, ``forkserver`` and ``spawn``
start methods.  A worker that dies (a crash in the native parser, the OOM killer) breaks
the pool: the files of every chunk not finished by then become FileErrors; the run never
hangs on it.
"""
from __future__ import annotations

import gc
import os
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Literal, Sequence

from dockwise.analysis import Item, Outcome, analyse_one, failed_outcome
from dockwise.knowledge import default_knowledge
from dockwise.model import FileResult

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor  # imported where the workers start (below)

# concurrent.futures and multiprocessing are imported where the worker processes start,
# never by a run of fewer than MIN_FILES files (a one-file check, the editor's)

__all__ = ["Analyser", "analyse_files", "batch_gc", "default_jobs", "MIN_FILES"]

# fewer files than this are analysed in the parent: starting processes (and importing
# LibCST in each) costs more than it saves
MIN_FILES = 40

_KNOWLEDGE = None
_PREFILTER = None
# (rel, FileResult) -> the judgements of its candidates, or None: set by the parent before
# the workers fork (they inherit it, with the layout and what each container runs), so a
# worker follows the values of the files it parsed while the others parse the rest.  Not
# set with the spawn / forkserver start methods: the parent judges then.
_JUDGE_FILE: "Callable | None" = None

# what a worker sends back for a file: its Outcome, followed by the judgement of its
# endpoints when the worker judged them (``_JUDGE_FILE``)
WorkerOutcome = Outcome | tuple[str, "FileResult | None", "str | None", str, "str | None", Any]


def default_jobs() -> int:
    try:
        # absent on macOS and Windows (AttributeError): the ignore is for a check made there
        return max(1, len(os.sched_getaffinity(0)))  # type: ignore[attr-defined, unused-ignore]
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def batch_gc() -> None:
    """Garbage-collector settings for a batch run (the CLI, the workers): what is loaded
    by now (modules, the knowledge) is frozen out of every collection, and collections
    come every 50,000 allocations instead of 700.  Syntax trees are built by the million
    and hold no cycles; with the default thresholds the collector took a quarter of the
    parse time."""
    gc.freeze()
    gc.set_threshold(50_000, 50, 100)


def _init(packs: tuple[str, ...], prefilter=None) -> None:
    global _KNOWLEDGE, _PREFILTER
    _KNOWLEDGE = default_knowledge(packs)  # inherited, already loaded, with fork
    _PREFILTER = prefilter
    batch_gc()  # LibCST is imported by the first file that needs parsing


def _work(chunk: Sequence[Item]) -> list[WorkerOutcome]:
    # the knowledge of the configured packs, loaded by the initializer (``_init``)
    out: list[WorkerOutcome] = []
    for item in chunk:
        analysed = analyse_one(item, _KNOWLEDGE, _PREFILTER)
        rel, result, _problem, status, _key = analysed
        outcome: WorkerOutcome = analysed
        # judged right after its extraction: the judge takes the syntax tree the extractor
        # just made of the file (``flow.index.offer_tree``) instead of parsing it again
        if _JUDGE_FILE is not None and status == "done" and result is not None and result.endpoints:
            try:
                outcome = (*analysed, _JUDGE_FILE(rel, result))
            except Exception:  # boundary: the worker's judgement; the parent judges again and reports what fails
                pass
        out.append(outcome)
    return out


def analyse_files(
    items: Iterable[Item],
    knowledge,
    packs: tuple[str, ...],
    *,
    jobs: int | None = None,
    sizes: dict[str, int] | None = None,
    start_method: str | None = None,
    on_done: Callable[[int], None] | None = None,
    prefilter=None,
) -> list[WorkerOutcome]:
    """Outcomes for every item: in worker processes when there are many and ``jobs``
    allows, else in this process.  ``on_done(n)`` reports n more files finished."""
    stream = Analyser(knowledge, packs, jobs=jobs, start_method=start_method, on_done=on_done, prefilter=prefilter)
    sizes = sizes or {}
    for item in items:
        stream.add(item, sizes.get(item.rel, 0))
    return stream.results()


class Analyser:
    """Items in, outcomes out, with the work overlapping the caller's: once more than
    ``MIN_FILES`` items are in (and ``jobs`` allows), worker processes start and take
    chunks as they fill, while the caller goes on finding the next files.  Fewer items
    are analysed in this process by :meth:`results` (starting processes would cost more)."""

    CHUNK_FILES = 8
    CHUNK_BYTES = 400_000

    def __init__(self, knowledge, packs: tuple[str, ...], *, jobs: int | None = None,
                 start_method: str | None = None, on_done: Callable[[int], None] | None = None,
                 prefilter=None, judge_file: Callable | None = None) -> None:
        self.knowledge = knowledge
        self.judge_file = judge_file  # see _JUDGE_FILE
        self.prefilter = prefilter  # for the items with a profile
        self.packs = tuple(packs)
        self.jobs = default_jobs() if jobs is None else max(1, jobs)
        self.start_method = start_method or os.environ.get("DOCKWISE_START_METHOD")
        self.on_done = on_done
        self.items: list[Item] = []  # every item, in order
        self.chunks: list[list[Item]] = []  # submitted to the pool
        self._cur: list[Item] = []
        self._cur_bytes = 0
        # the executor once started; False: cannot start processes
        self._pool: ProcessPoolExecutor | Literal[False] | None = None
        self._futures: dict = {}
        self._failed: dict[int, str] = {}

    def add(self, item: Item, size: int = 0) -> None:
        self.items.append(item)
        if self._pool is False or self.jobs == 1:
            return
        self._cur.append(item)
        self._cur_bytes += size
        if self._pool is None:
            if len(self.items) <= MIN_FILES:
                return
            self._start()
            if self._pool is False:
                return
        if len(self._cur) >= self.CHUNK_FILES or self._cur_bytes >= self.CHUNK_BYTES:
            self._submit()

    def results(self) -> list[WorkerOutcome]:
        if not self._pool:  # few items, one job, or no processes here (a sandbox)
            if self._pool is not None:
                self._shutdown()
            return _serial(self.items, self.knowledge, self.on_done, self.prefilter)
        if self._cur:
            self._submit()
        done = self._collect()
        if done is None:  # the processes could not start after all
            return _serial(self.items, self.knowledge, self.on_done, self.prefilter)
        if self._failed:
            # a worker died and took the pool down with every unfinished chunk: retry those
            # files one at a time in a fresh single-worker pool, where the file being parsed
            # when it dies again is the one that kills it (an error); the rest go on
            failed = self._failed
            retry = [it for i in sorted(failed) for it in self.chunks[i]]
            redone = _isolate(retry, self.packs, self._ctx, failed[sorted(failed)[0]], self.prefilter)
            for i in failed:
                done[i] = [redone[it.rel] for it in self.chunks[i]]
        out: list[WorkerOutcome] = []
        for i in range(len(self.chunks)):
            out.extend(done.get(i, ()))
        return out

    def stream(self) -> Iterator[WorkerOutcome]:
        """The outcomes as the workers finish their chunks (in any order), so the caller
        works on the first files (the judge follows their values) while the workers parse
        the rest.  Chunks a dead worker took down are redone at the end, as in ``results``."""
        if not self._pool:
            if self._pool is not None:
                self._shutdown()
            # one at a time, so the caller judges each file right after its extraction
            # (and takes the syntax tree the extractor offers: ``flow.index.offer_tree``)
            yield from _one_by_one(self.items, self.knowledge, self.on_done, self.prefilter)
            return
        if self._cur:
            self._submit()
        from concurrent.futures import as_completed  # lazy: processes only (see the top)
        from concurrent.futures.process import BrokenProcessPool  # lazy: processes only (see the top)

        got_any = False
        try:
            for fut in as_completed(self._futures):
                i = self._futures[fut]
                try:
                    res = fut.result()
                except BrokenProcessPool:
                    self._failed[i] = CRASHED
                    res = None
                except OSError:
                    raise
                except Exception as exc:  # boundary: a worker's chunk (an unpicklable result...: a bug), reported per file
                    self._failed[i] = f"internal error in the analysis worker: {exc!r}"
                    res = None
                if self.on_done is not None:
                    self.on_done(len(self.chunks[i]))
                if res is not None:
                    got_any = True
                    yield from res
        except OSError:  # cannot start processes at all
            if got_any:
                raise
            self._shutdown()
            self._pool = False
            yield from _serial(self.items, self.knowledge, self.on_done, self.prefilter)
            return
        finally:
            self._shutdown()
        if self._failed:
            failed = self._failed
            retry = [it for i in sorted(failed) for it in self.chunks[i]]
            redone = _isolate(retry, self.packs, self._ctx, failed[sorted(failed)[0]], self.prefilter)
            for it in retry:
                yield redone[it.rel]

    # ------------------------------------------------------------------ the pool
    def _start(self) -> None:
        global _JUDGE_FILE
        import multiprocessing  # lazy: processes only (see the top)

        try:
            ctx = multiprocessing.get_context(self.start_method) if self.start_method else multiprocessing.get_context()
        except ValueError:
            ctx = multiprocessing.get_context()
        self._ctx = ctx
        if ctx.get_start_method() == "fork":
            # the workers inherit what is imported: LibCST once here (0.2 s, mostly its
            # node dataclasses), not once in each worker
            from dockwise.extract import focus, python, skeleton

            self._preloaded = (focus, python, skeleton)  # (for the workers, not used here)
            # inherited by the workers, which fork at the first chunk; unset at shutdown
            _JUDGE_FILE = self.judge_file
        executor = _executor(self.jobs, ctx, self.packs, self.prefilter)
        self._pool = executor if executor is not None else False

    def _submit(self) -> None:
        from concurrent.futures.process import BrokenProcessPool  # lazy: processes only (see the top)

        chunk, self._cur, self._cur_bytes = self._cur, [], 0
        i = len(self.chunks)
        self.chunks.append(chunk)
        # workers read the files themselves: no bytes through the pipes
        sent = [replace(it, text=None) if it.path is not None and isinstance(it.text, bytes) else it for it in chunk]
        assert self._pool, "chunks are submitted once the workers started"
        try:
            self._futures[self._pool.submit(_work, sent)] = i
        except (BrokenProcessPool, RuntimeError):
            self._failed[i] = CRASHED
        except OSError:  # cannot start processes at all
            if not self._futures:
                self._shutdown()
                self._pool = False
                self._cur = [it for c in self.chunks for it in c]
                self.chunks = []
                return
            raise

    def _collect(self) -> dict[int, list[WorkerOutcome]] | None:
        results: dict[int, list[WorkerOutcome]] = {}
        try:
            _gather(self._futures, self.chunks, results, self._failed, self.on_done)
        except OSError:  # cannot start processes at all
            if not results:
                self._shutdown()
                return None
            raise
        finally:
            self._shutdown()
        return results

    def close(self) -> None:
        """Stop the workers without waiting for the results."""
        global _JUDGE_FILE
        _JUDGE_FILE = None
        if self._pool:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = False

    def _shutdown(self) -> None:
        global _JUDGE_FILE
        _JUDGE_FILE = None
        if self._pool:
            self._pool.shutdown(wait=True, cancel_futures=True)


CRASHED = "the analysis worker process died (a crash in the parser?): file not analysed"


def _serial(items: list[Item], knowledge, on_done, prefilter=None) -> list[WorkerOutcome]:
    return list(_one_by_one(items, knowledge, on_done, prefilter))


def _one_by_one(items: list[Item], knowledge, on_done, prefilter=None) -> Iterator[WorkerOutcome]:
    for item in items:
        yield analyse_one(item, knowledge, prefilter)
        if on_done is not None:
            on_done(1)


def _isolate(items: list[Item], packs, ctx, message: str, prefilter=None, max_crashes: int = 3) -> dict[str, WorkerOutcome]:
    out: dict[str, WorkerOutcome] = {}
    crashes = 0
    while items:
        done, failures = _run_pool([[it] for it in items], packs, 1, ctx, None, prefilter)
        if done is None:
            break
        for j, res in done.items():
            out[items[j].rel] = res[0]
        if not failures:
            items = []
            break
        first = min(failures)
        out[items[first].rel] = failed_outcome(items[first].rel, message)
        crashes += 1
        items = [it for j, it in enumerate(items) if j in failures and j != first]
        if crashes >= max_crashes:
            break
    for it in items:
        out.setdefault(it.rel, failed_outcome(it.rel, message))
    return out


def _run_pool(chunks, packs, workers, ctx, on_done, prefilter=None) -> tuple[dict[int, list[WorkerOutcome]] | None, dict[int, str]]:
    from concurrent.futures.process import BrokenProcessPool  # lazy: processes only (see the top)

    results: dict[int, list[WorkerOutcome]] = {}
    failed: dict[int, str] = {}
    executor = _executor(workers, ctx, packs, prefilter)
    if executor is None:
        return None, {}
    try:
        futures = {}
        for i, chunk in enumerate(chunks):
            try:
                futures[executor.submit(_work, chunk)] = i
            except (BrokenProcessPool, RuntimeError):
                failed[i] = CRASHED
        _gather(futures, chunks, results, failed, on_done)
    except OSError:  # cannot start processes at all
        if not results:
            executor.shutdown(wait=False, cancel_futures=True)
            return None, {}
        raise
    finally:
        executor.shutdown(wait=True, cancel_futures=True)
    return results, failed


def _executor(workers: int, ctx, packs, prefilter):
    """A pool whose workers load the knowledge once (``_init``), or None where processes
    cannot be started."""
    from concurrent.futures import ProcessPoolExecutor  # lazy: processes only (see the top)

    try:
        return ProcessPoolExecutor(max_workers=max(1, workers), mp_context=ctx, initializer=_init,
                                   initargs=(tuple(packs), prefilter))
    except (OSError, ValueError, ImportError, NotImplementedError):
        return None


def _gather(futures: dict, chunks, results: dict[int, list[WorkerOutcome]], failed: dict[int, str], on_done) -> None:
    """The outcomes of each finished chunk into ``results`` (chunk index -> outcomes), or
    why it has none into ``failed``, as they come."""
    from concurrent.futures import as_completed  # lazy: processes only (see the top)
    from concurrent.futures.process import BrokenProcessPool  # lazy: processes only (see the top)

    for fut in as_completed(futures):
        i = futures[fut]
        try:
            results[i] = fut.result()
        except BrokenProcessPool:
            failed[i] = CRASHED
        except Exception as exc:  # boundary: a worker's chunk (an unpicklable result...: a bug), reported per file
            failed[i] = f"internal error in the analysis worker: {exc!r}"
        if on_done is not None:
            on_done(len(chunks[i]))
