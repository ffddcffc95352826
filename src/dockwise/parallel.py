"""Parse and extract many Python files in worker processes.

The parent keeps everything else (discovery, the layout, resolution): a worker gets
chunks of ``(rel, path, text[, lines])`` work items, reads and decodes each file itself
(unless the text is given: editor buffers), runs ``extract_python`` (on the prefilter's
``lines`` of the file when given) with the knowledge it loaded
once (in its initializer), and sends back plain ``Outcome`` tuples (FileResults are
frozen dataclasses, picklable).  Works with the ``fork``, ``forkserver`` and ``spawn``
start methods.  A worker that dies (a crash in the native parser, the OOM killer) breaks
the pool: the files of every chunk not finished by then become FileErrors; the run never
hangs on it.
"""
from __future__ import annotations

import os
from typing import Callable, Iterable, Sequence

from dockwise.model import FileResult

__all__ = ["analyse_files", "batch_gc", "default_jobs", "Outcome", "MIN_FILES"]

# fewer files than this are analysed in the parent: starting processes (and importing
# LibCST in each) costs more than it saves
MIN_FILES = 40

# (rel, FileResult or None, error message or None)
Outcome = tuple[str, "FileResult | None", "str | None"]
# (rel, path or None, text / bytes or None: read the path[, the prefilter's lines or None])
Item = tuple

_KNOWLEDGE = None


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))  # type: ignore[attr-defined]
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def analyse_one(item: Item, knowledge) -> Outcome:
    """Read (when needed), decode and extract one file; never raises."""
    from pathlib import Path

    from dockwise.engine import BUG_HINT, SourceError, analyse_python, decode_source, read_text

    rel, path, text = item[:3]
    lines = item[3] if len(item) > 3 else None
    try:
        if isinstance(text, bytes):
            source = decode_source(text)
        elif text is not None:
            source = text
        else:
            source = read_text(Path(path))
    except SourceError as exc:
        return rel, None, str(exc)
    try:
        return rel, analyse_python(source, rel, knowledge, lines), None
    except RecursionError:
        return rel, None, "too deeply nested to analyse"
    except Exception as exc:
        return rel, None, f"internal error: {exc!r} ({BUG_HINT})"


def batch_gc() -> None:
    """Garbage-collector settings for a batch run (the CLI, the workers): what is loaded
    by now (modules, the knowledge) is frozen out of every collection, and collections
    come every 50,000 allocations instead of 700.  Syntax trees are built by the million
    and hold no cycles; with the default thresholds the collector took a quarter of the
    parse time."""
    import gc

    gc.freeze()
    gc.set_threshold(50_000, 50, 100)


def _init(packs: tuple[str, ...]) -> None:
    global _KNOWLEDGE
    from dockwise.knowledge import default_knowledge

    _KNOWLEDGE = default_knowledge(packs)
    import libcst  # noqa: F401  (loaded once, before the first chunk)

    batch_gc()


def _work(chunk: Sequence[Item]) -> list[Outcome]:
    knowledge = _KNOWLEDGE
    if knowledge is None:  # pragma: no cover - the initializer always runs first
        from dockwise.knowledge import default_knowledge

        knowledge = default_knowledge()
    return [analyse_one(item, knowledge) for item in chunk]


def _chunks(items: list[Item], workers: int, sizes: dict[str, int]) -> list[list[Item]]:
    """Big files first (the pool stays busy to the end), in chunks of bounded bytes."""
    items = sorted(items, key=lambda it: -sizes.get(it[0], 0))
    per = max(1, min(32, len(items) // (workers * 8) or 1))
    budget = max(200_000, sum(sizes.values()) // (workers * 8) if sizes else 200_000)
    chunks: list[list[Item]] = []
    cur: list[Item] = []
    cur_bytes = 0
    for it in items:
        cur.append(it)
        cur_bytes += sizes.get(it[0], 0)
        if len(cur) >= per or cur_bytes >= budget:
            chunks.append(cur)
            cur, cur_bytes = [], 0
    if cur:
        chunks.append(cur)
    return chunks


def analyse_files(
    items: Iterable[Item],
    knowledge,
    packs: tuple[str, ...],
    *,
    jobs: int | None = None,
    sizes: dict[str, int] | None = None,
    start_method: str | None = None,
    on_done: Callable[[int], None] | None = None,
) -> list[Outcome]:
    """Outcomes for every item: in worker processes when there are many and ``jobs``
    allows, else in this process.  ``on_done(n)`` reports n more files finished."""
    items = list(items)
    jobs = default_jobs() if jobs is None else max(1, jobs)
    workers = min(jobs, max(1, len(items) // 8))
    if jobs == 1 or len(items) <= MIN_FILES or workers < 2:
        return _serial(items, knowledge, on_done)
    return _pool(items, packs, workers, sizes or {}, start_method or os.environ.get("DOCKWISE_START_METHOD"), on_done)


def _serial(items: list[Item], knowledge, on_done) -> list[Outcome]:
    out = []
    for item in items:
        out.append(analyse_one(item, knowledge))
        if on_done is not None:
            on_done(1)
    return out


def _pool(items: list[Item], packs, workers: int, sizes: dict[str, int], start_method: str | None, on_done) -> list[Outcome]:
    import multiprocessing

    try:
        ctx = multiprocessing.get_context(start_method) if start_method else multiprocessing.get_context()
    except ValueError:
        ctx = multiprocessing.get_context()
    chunks = _chunks(items, workers, sizes)
    done, failed = _run_pool(chunks, packs, workers, ctx, on_done)
    if done is None:  # no processes here (a sandbox): do it serially
        from dockwise.knowledge import default_knowledge

        return _serial(items, default_knowledge(tuple(packs)), on_done)
    if failed:
        # a worker died and took the pool down with every unfinished chunk: retry those
        # files one at a time in a fresh single-worker pool, where the file being parsed
        # when it dies again is the one that kills it (an error); the rest go on
        retry = [it for i in sorted(failed) for it in chunks[i]]
        message = failed[sorted(failed)[0]]
        redone = _isolate(retry, packs, ctx, message)
        for i in failed:
            done[i] = [redone[it[0]] for it in chunks[i]]
    out: list[Outcome] = []
    for i in range(len(chunks)):
        out.extend(done.get(i, ()))
    return out


def _isolate(items: list[Item], packs, ctx, message: str, max_crashes: int = 3) -> dict[str, Outcome]:
    out: dict[str, Outcome] = {}
    crashes = 0
    while items:
        done, failed = _run_pool([[it] for it in items], packs, 1, ctx, None)
        if done is None:
            break
        for j, res in done.items():
            out[items[j][0]] = res[0]
        if not failed:
            items = []
            break
        first = min(failed)
        out[items[first][0]] = (items[first][0], None, message)
        crashes += 1
        items = [it for j, it in enumerate(items) if j in failed and j != first]
        if crashes >= max_crashes:
            break
    for it in items:
        out.setdefault(it[0], (it[0], None, message))
    return out


def _run_pool(chunks, packs, workers, ctx, on_done) -> tuple[dict[int, list[Outcome]] | None, dict[int, str]]:
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    results: dict[int, list[Outcome]] = {}
    failed: dict[int, str] = {}
    crashed = "the analysis worker process died (a crash in the parser?): file not analysed"
    try:
        executor = ProcessPoolExecutor(max_workers=max(1, workers), mp_context=ctx, initializer=_init,
                                       initargs=(tuple(packs),))
    except (OSError, ValueError, ImportError, NotImplementedError):
        return None, {}
    try:
        futures = {}
        for i, chunk in enumerate(chunks):
            try:
                futures[executor.submit(_work, chunk)] = i
            except (BrokenProcessPool, RuntimeError):
                failed[i] = crashed
        for fut in as_completed(futures):
            i = futures[fut]
            try:
                results[i] = fut.result()
            except BrokenProcessPool:
                failed[i] = crashed
            except Exception as exc:  # an unpicklable result...: a bug
                failed[i] = f"internal error in the analysis worker: {exc!r}"
            if on_done is not None:
                on_done(len(chunks[i]))
    except OSError:  # cannot start processes at all
        if not results:
            executor.shutdown(wait=False, cancel_futures=True)
            return None, {}
        raise
    finally:
        executor.shutdown(wait=True, cancel_futures=True)
    return results, failed
