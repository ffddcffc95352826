#!/usr/bin/env python3
"""dockwise benchmark against its peers (issue 6, "The benchmark").

    python bench/run.py                 # everything, 3 runs per row (about 25 minutes; Fixit dominates)
    python bench/run.py --quick         # 1 run, no Fixit / Bandit (a few minutes once the corpus is cached)
    python bench/run.py --only dockwise,semgrep --runs 5 --skip-download

From a fresh clone it downloads pinned sdists from PyPI, extracts their ``*.py`` files into
``bench/.work/corpus/`` (a ``Dockerfile`` at the root whose start command dockwise cannot read makes
every file container code, and a few
small Compose projects are copied in), installs the peers into ``bench/.work/peers-venv``, times
every tool on the same corpus and prints one markdown table (also written to
``bench/.work/results.md``). A peer that cannot be installed or run gets an ``n/a`` row with the
reason; the script does not crash on it. This is a script, not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
import zipfile
from dataclasses import dataclass, field, replace
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
RULES = BENCH / "rules"

# ----------------------------------------------------------------------------- pinned inputs
# The corpus of issue 6 (tests included). Pinned for reproducibility; bump together and say so
# in bench/README.md, since every number in the table depends on them.
MAIN_SDISTS = {
    "django": "5.2.19",
    "celery": "5.7.0",
    "kombu": "5.7.0",
    "pymongo": "4.20.1",
    "requests": "2.34.2",
    "urllib3": "2.8.0",
    "httpx": "0.28.1",
    "fastapi": "0.165.0",
    "starlette": "1.10.0",
    "boto3": "1.44.8",
    "botocore": "1.44.8",
}
MID_SDISTS = {"redis": "8.1.0"}  # the mid-size project (redis-py)
PEER_PINS = {
    "semgrep": "semgrep==1.185.0",
    "fixit": "fixit==2.1.0",
    "ruff": "ruff==0.17.6",
    "bandit": "bandit==1.9.4",
}
# Compose projects copied from the shared example corpus, when it is there (read-only: copied).
COMPOSE_CASES = [
    "01-flask-redis-app-run",
    "02-fastapi-postgres-published-port",
    "04-celery-rabbitmq-env-file",
    "08-two-networks-unreachable",
]
SHARED_CORPUS_CANDIDATES = [
    Path(os.environ["DOCKWISE_SHARED_CORPUS"]) if os.environ.get("DOCKWISE_SHARED_CORPUS") else None,
    REPO.parent / "shared" / "corpus",
    Path("/work/shared/corpus"),
]
# Used when the shared corpus is absent, so that a fresh clone anywhere still has a Compose project.
FALLBACK_COMPOSE = {
    "compose.yaml": "services:\n  web:\n    build: ./web\n    ports: [\"8000:8000\"]\n"
                    "  redis:\n    image: redis:7\n    ports: [\"16379:6379\"]\n",
    "web/Dockerfile": "FROM python:3.12-slim\nCOPY . /app\nCMD [\"python\", \"/app/app.py\"]\n",
    "web/app.py": "import redis\n\ncache = redis.Redis(host=\"localhost\", port=16379)\n",
}

# One meaning for every peer: "a string literal that holds a loopback / IP connect target".
REGEX = r"localhost|127\.\d+\.\d+\.\d+|0\.0\.0\.0"
RG_REGEX = r"(?-u)localhost|127\.[0-9]+\.[0-9]+\.[0-9]+|0\.0\.0\.0"  # ASCII-only, as in the issue
# The start command is a program dockwise does not know (no rules/commands.yaml entry, no file
# of the tree), so its start cannot be followed and the container runs every file it holds (the
# fallback of runs/build.py): the heaviest case, every module judged.  Without a CMD the image's
# bare interpreter would run only the sdists' console scripts (rules/frameworks.yaml
# interpreter_images), and the benchmark would time some 8 findings' work instead of ~100.  Not
# a script path either: `CMD ["/app/start"]`, a script inside the directory the image copies
# from the tree that no file of the tree is, is one the image cannot hold (runs/absentscript.py),
# so the container runs nothing; from 2026-12-05 to 2026-12-06 the benchmark timed that, unnoticed:
# the findings are the same 7 either way (the sdists' loopback defaults are library code nothing
# in the container dials), only the time tells (0.47 s against 4.5 s).
DOCKERFILE = "FROM python:3.12-slim\nCOPY . /app\nCMD [\"run-app\"]\n"
ROOT_PYPROJECT = "# Intentionally no configuration.\n"
SEMGREPIGNORE = "# Empty on purpose: Semgrep's default ignores tests/, and the benchmark includes tests.\n"
ROOT_MARKERS = ("Dockerfile", "pyproject.toml", ".semgrepignore", ".git")
STAMP = ".bench-stamp.json"

# The pure-Python floor: read every file, one compiled regex. Its own interpreter start included.
FLOOR_SCRIPT = r"""
import os, re, sys
rx = re.compile(rb"%s")
n = files = 0
for d, dirs, names in os.walk(sys.argv[1]):
    dirs[:] = [x for x in dirs if not x.startswith(".")]
    for name in names:
        if name.endswith(".py"):
            with open(os.path.join(d, name), "rb") as f:
                n += len(rx.findall(f.read()))
            files += 1
print(files, n)
""" % REGEX

RUSAGE_WRAPPER = r"""
import resource, subprocess, sys
rc = subprocess.call(sys.argv[2:])
with open(sys.argv[1], "w") as f:
    f.write("Maximum resident set size (kbytes): %d\n" % resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
sys.exit(rc)
"""

ROW_ORDER = ["dockwise", "floor", "ripgrep", "ruff", "semgrep", "semgrep-regex", "bandit", "fixit"]
PAIRED_ROWS = ("floor", "dockwise", "ripgrep", "ruff")  # run in rounds (with the warm runs): see measure_rounds
EXTRAS = ["warm", "latency", "version", "mid", "scaling", "platform"]
SLOW_PEERS = {"fixit", "bandit"}


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# ----------------------------------------------------------------------------- measuring
@dataclass
class Run:
    wall: float
    rss_kb: int | None
    rc: int | None
    out: Path
    err: Path
    timed_out: bool = False


def _time_bin() -> str | None:
    tb = "/usr/bin/time"
    if os.access(tb, os.X_OK):
        try:
            p = subprocess.run([tb, "-v", "true"], capture_output=True, text=True, timeout=10)
            if "Maximum resident set size" in p.stderr:
                return tb
        except (OSError, subprocess.SubprocessError):
            pass
    return None


TIME_BIN = _time_bin()


def run_once(cmd: list[str], *, cwd: Path, env: dict[str, str], out: Path, timeout: float) -> Run:
    """Run cmd once; wall time from here, peak RSS from /usr/bin/time -v (or getrusage)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    err = out.with_suffix(out.suffix + ".err")
    fd, rss_file = tempfile.mkstemp(prefix="bench-rss-")
    os.close(fd)
    if TIME_BIN:
        full = [TIME_BIN, "-v", "-o", rss_file, *cmd]
    else:
        full = [sys.executable, "-c", RUSAGE_WRAPPER, rss_file, *cmd]
    timed_out = False
    with open(out, "wb") as fo, open(err, "wb") as fe:
        t0 = time.perf_counter()
        proc = subprocess.Popen(full, cwd=cwd, env=env, stdout=fo, stderr=fe, stdin=subprocess.DEVNULL,
                                start_new_session=True)
        # a blocking wait, with a timer for the timeout: Popen.wait(timeout=...) polls with
        # sleeps of up to 50 ms, which rounded every time up to the next ~50 ms
        expired = threading.Event()

        def kill() -> None:
            expired.set()
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except OSError:
                pass

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            rc = proc.wait()
        except BaseException:  # interrupted (Ctrl-C, SIGTERM): leave no orphaned tool behind
            os.killpg(proc.pid, signal.SIGKILL)
            raise
        finally:
            timer.cancel()
        wall = time.perf_counter() - t0
        timed_out = expired.is_set()
    rss = None
    try:
        text = Path(rss_file).read_text(errors="replace")
        m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
        rss = int(m.group(1)) if m else None
        if TIME_BIN:
            m = re.search(r"Command exited with non-zero status (\d+)", text)
            rc = int(m.group(1)) if m else (rc if rc != 0 else 0)
            if "Command terminated by signal" in text:
                rc = -1
    finally:
        os.unlink(rss_file)
    return Run(wall, rss, None if timed_out else rc, out, err, timed_out)


def tree_peak_mb(cmd: list[str], *, cwd: Path, env: dict[str, str], timeout: float) -> float | None:
    """Peak of the summed RSS of a process and all its descendants (see :func:`tree_peaks`)."""
    return tree_peaks(cmd, cwd=cwd, env=env, timeout=timeout)[0]


def _pss_kb(pid: int) -> int | None:
    """The process's proportional set size: its private pages plus its share of the pages it
    shares (a forked worker shares the parent's until either writes them)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        return None
    return None


def tree_peaks(cmd: list[str], *, cwd: Path, env: dict[str, str], timeout: float) -> tuple[float | None, float | None]:
    """(peak of the summed RSS, peak of the summed PSS) of a process and all its descendants,
    sampled every 20 ms (Linux), in MB.

    /usr/bin/time reports the largest single process; a process pool's workers are not summed
    there. Summed RSS counts each page a forked worker still shares with its parent once per
    process; summed PSS counts it once in all (the memory the tree really takes). This extra,
    untimed run shows both."""
    if not Path("/proc/self/stat").exists():
        return None, None
    page_kb = os.sysconf("SC_PAGE_SIZE") // 1024
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            stdin=subprocess.DEVNULL, start_new_session=True)
    peak = peak_pss = 0
    t_end = time.monotonic() + timeout
    while proc.poll() is None and time.monotonic() < t_end:
        children: dict[int, list[int]] = {}
        rss: dict[int, int] = {}
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            fields = stat[stat.rindex(")") + 2:].split()
            pid, ppid = int(entry), int(fields[1])
            children.setdefault(ppid, []).append(pid)
            rss[pid] = int(fields[21]) * page_kb
        total, pss, stack = 0, 0, [proc.pid]
        while stack:
            p = stack.pop()
            total += rss.get(p, 0)
            pss += _pss_kb(p) or rss.get(p, 0)
            stack.extend(children.get(p, ()))
        peak = max(peak, total)
        peak_pss = max(peak_pss, pss)
        time.sleep(0.02)
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    return (peak / 1024 if peak else None), (peak_pss / 1024 if peak_pss else None)


@dataclass
class Result:
    name: str
    label: str
    walls: list[float] = field(default_factory=list)
    rss_kb: list[int] = field(default_factory=list)
    findings: int | None = None
    note: str = ""
    error: str | None = None

    @property
    def median(self) -> float | None:
        return statistics.median(self.walls) if self.walls and not self.error else None

    @property
    def peak_mb(self) -> float | None:
        return max(self.rss_kb) / 1024 if self.rss_kb else None


@dataclass
class Tool:
    name: str
    label: str
    cmd: list[str]
    cwd: Path
    env: dict[str, str]
    parse: object  # (stdout text, stderr text) -> (findings, note)
    ok_rc: tuple[int, ...] = (0,)
    timeout: float = 3600.0


def measure(tool: Tool, runs: int, outdir: Path) -> Result:
    res = Result(tool.name, tool.label)
    for i in range(runs):
        if not _run_into(res, tool, i, runs, outdir):
            break
    return res


def measure_rounds(tools: list[Tool], runs: int, outdir: Path) -> dict[str, Result]:
    """``runs`` rounds, each running every tool once, one after the other: the tools whose
    times are compared as ratios (dockwise cold and warm against the floor) see the same
    machine.  This shared machine's speed drifts by 20–30 % over minutes; measured one
    row after the other, a ratio compared two different machines."""
    results = {t.name: Result(t.name, t.label) for t in tools}
    for i in range(runs):
        for tool in tools:
            if results[tool.name].error is None:
                _run_into(results[tool.name], tool, i, runs, outdir)
    return results


def round_ratios(a: Result | None, b: Result | None) -> list[float] | None:
    """a's time / b's time in each round (from :func:`measure_rounds`), or None."""
    if not a or not b or a.error or b.error or not a.walls or len(a.walls) != len(b.walls):
        return None
    return [x / y for x, y in zip(a.walls, b.walls) if y > 0] or None


def _ratios(a: Result | None, b: Result | None) -> str:
    ratios = round_ratios(a, b)
    return ", ".join(f"{x:.2f}" for x in ratios) if ratios else "n/a"


def compile_dockwise(dw: list[str], env: dict[str, str]) -> None:
    """Byte-compile the dockwise being timed, as ``pip install`` does for a wheel: an
    editable install (the README's) under PYTHONDONTWRITEBYTECODE would otherwise
    compile every module changed since its last import on every timed run."""
    exe = Path(dw[0])
    python = exe.parent / "python" if exe.name != Path(sys.executable).name else exe
    if not python.exists():
        python = Path(sys.executable)
    env2 = {k: v for k, v in env.items() if k != "PYTHONDONTWRITEBYTECODE"}
    code = "import dockwise, os, compileall; compileall.compile_dir(os.path.dirname(dockwise.__file__), quiet=1)"
    try:
        subprocess.run([str(python), "-c", code], env=env2, capture_output=True, timeout=300)
    except (OSError, subprocess.SubprocessError):
        pass  # a read-only install: it was compiled when it was installed


def paired_ratio(a: Result | None, b: Result | None) -> float | None:
    """The median over rounds of a's time / b's time (from :func:`measure_rounds`)."""
    ratios = round_ratios(a, b)
    return statistics.median(ratios) if ratios else None


def _run_into(res: Result, tool: Tool, i: int, runs: int, outdir: Path) -> bool:
    """One timed run of ``tool`` recorded in ``res``; False (and ``res.error``) on failure."""
    run = run_once(tool.cmd, cwd=tool.cwd, env=tool.env, out=outdir / f"{tool.name}.{i}.out", timeout=tool.timeout)
    if run.timed_out:
        res.error = f"timed out after {tool.timeout:.0f} s"
        log(f"{tool.name}: {res.error}")
        return False
    if run.rc not in tool.ok_rc:
        tail = run.err.read_text(errors="replace").strip().splitlines()[-3:]
        res.error = f"exit {run.rc}: " + (" | ".join(tail)[:200] or "no stderr")
        log(f"{tool.name}: {res.error}")
        return False
    res.walls.append(run.wall)
    if run.rss_kb:
        res.rss_kb.append(run.rss_kb)
    log(f"{tool.name} run {i + 1}/{runs}: {run.wall:.2f} s, "
        f"{(run.rss_kb or 0) / 1024:.0f} MB")
    if i == 0:
        try:
            res.findings, res.note = tool.parse(run.out.read_text(errors="replace"),
                                                run.err.read_text(errors="replace"))
        except Exception as exc:  # a peer's output we cannot read: keep the time, say why
            if run.rc != 0:  # a non-zero exit without readable output is a failure
                tail = run.err.read_text(errors="replace").strip().splitlines()[-2:]
                res.error = f"exit {run.rc}: " + (" | ".join(tail)[:200] or "no output")
                return False
            res.note = f"findings unreadable: {type(exc).__name__}: {exc}"[:160]
    return True


# ----------------------------------------------------------------------------- corpus
def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def find_sdist(sdists: Path, name: str, version: str) -> Path | None:
    if not sdists.is_dir():
        return None
    for p in sorted(sdists.iterdir()):
        for ext in (".tar.gz", ".zip", ".tar.bz2"):
            if p.name.endswith(ext):
                stem = p.name[: -len(ext)]
                base, _, ver = stem.rpartition("-")
                if ver == version and _norm(base) == _norm(name):
                    return p
    return None


def download(pins: dict[str, str], sdists: Path, *, skip: bool) -> dict[str, str]:
    """Download the sdists not yet in the cache; return {name: reason} for the ones missing."""
    sdists.mkdir(parents=True, exist_ok=True)
    missing = {n: v for n, v in pins.items() if not find_sdist(sdists, n, v)}
    if not missing:
        return {}
    if skip:
        return {n: "not in the cache (--skip-download)" for n in missing}
    log(f"downloading sdists: {', '.join(f'{n}=={v}' for n, v in missing.items())} (one-time; pip prepares metadata)")
    # --no-binary for the named packages only: their build backends may come as wheels, which is
    # much faster than building setuptools/hatchling from source and changes nothing in the corpus.
    base = [sys.executable, "-m", "pip", "download", "--no-deps", "--disable-pip-version-check", "-q", "-d", str(sdists)]
    names = ",".join(missing)
    p = subprocess.run(base + ["--no-binary", names] + [f"{n}=={v}" for n, v in missing.items()],
                       capture_output=True, text=True)
    failed = {}
    if p.returncode != 0:  # retry one by one to find out which failed and why
        for n, v in missing.items():
            if find_sdist(sdists, n, v):
                continue
            q = subprocess.run(base + ["--no-binary", n, f"{n}=={v}"], capture_output=True, text=True)
            if q.returncode != 0:
                failed[n] = (q.stderr.strip().splitlines() or ["pip failed"])[-1][:160]
    for n, v in missing.items():
        if n not in failed and not find_sdist(sdists, n, v):
            failed[n] = "pip saved no sdist"
    return failed


def _safe_rel(name: str) -> Path | None:
    p = Path(name)
    if p.is_absolute() or ".." in p.parts:
        return None
    return p


def extract_py(archive: Path, dest: Path) -> int:
    """Extract only the *.py files of an sdist (tests included) below dest; return the count."""
    n = 0
    if archive.name.endswith(".zip"):
        with zipfile.ZipFile(archive) as zf:
            for info in zf.infolist():
                rel = _safe_rel(info.filename)
                if rel and not info.is_dir() and rel.suffix == ".py":
                    (dest / rel).parent.mkdir(parents=True, exist_ok=True)
                    (dest / rel).write_bytes(zf.read(info))
                    n += 1
        return n
    with tarfile.open(archive) as tf:
        for m in tf:
            rel = _safe_rel(m.name)
            if rel and m.isfile() and rel.suffix == ".py":
                f = tf.extractfile(m)
                if f is None:
                    continue
                (dest / rel).parent.mkdir(parents=True, exist_ok=True)
                (dest / rel).write_bytes(f.read())
                n += 1
    return n


def shared_corpus() -> Path | None:
    for c in SHARED_CORPUS_CANDIDATES:
        if c and c.is_dir():
            return c
    return None


def add_compose_projects(root: Path) -> list[str]:
    dest = root / "compose"
    src = shared_corpus()
    added = []
    if src:
        for case in COMPOSE_CASES:
            if (src / case).is_dir():
                shutil.copytree(src / case, dest / case, ignore=shutil.ignore_patterns("expected.json"),
                                copy_function=shutil.copyfile)
                added.append(case)
    if not added:
        for rel, text in FALLBACK_COMPOSE.items():
            (dest / "fallback" / rel).parent.mkdir(parents=True, exist_ok=True)
            (dest / "fallback" / rel).write_text(text)
        added.append("fallback")
    return added


def write_root_markers(root: Path) -> None:
    """The root files of a corpus.  A corpus is a git repository of its own, like the
    projects users check: dockwise's project root is the nearest directory with ``.git``
    (or a Compose file), and without one it would take the dockwise repository, which
    holds the corpus, as the root (its layout walk would cover every corpus)."""
    (root / "Dockerfile").write_text(DOCKERFILE)
    (root / "pyproject.toml").write_text(ROOT_PYPROJECT)
    (root / ".semgrepignore").write_text(SEMGREPIGNORE)
    if not (root / ".git").exists():
        try:
            subprocess.run(["git", "init", "-q", str(root)], check=True, capture_output=True, timeout=60)
        except (OSError, subprocess.SubprocessError):
            (root / ".git").mkdir()  # no git here: the marker is what dockwise looks for


def build_corpus(root: Path, sdists: Path, pins: dict[str, str], *, compose: bool) -> dict:
    """(Re)build one corpus unless its stamp says it is already what we would build."""
    present = {n: v for n, v in pins.items() if find_sdist(sdists, n, v)}
    want = {"pins": present, "compose": COMPOSE_CASES if compose else [], "layout": 2}
    stamp = root / STAMP
    if stamp.is_file():
        try:
            have = json.loads(stamp.read_text())
            if have.get("want") == want:
                write_root_markers(root)
                return have
        except (OSError, ValueError):
            pass
    log(f"building {root.name} from {len(present)} sdists")
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    counts = {n: extract_py(find_sdist(sdists, n, v), root) for n, v in present.items()}
    cases = add_compose_projects(root) if compose else []
    write_root_markers(root)
    info = {"want": want, "files": counts, "cases": cases}
    stamp.write_text(json.dumps(info, indent=1))
    return info


def build_scaled(main: Path, factor: int, dest: Path) -> None:
    """dest/copy1 … copyN: hard-linked duplicates of the main corpus's trees (one root Dockerfile)."""
    src_stamp = (main / STAMP).read_text()
    stamp = dest / STAMP
    if stamp.is_file() and stamp.read_text() == src_stamp:
        write_root_markers(dest)
        return
    log(f"building {dest.name} ({factor}× the main corpus, hard links)")
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)

    def link(s, d):
        try:
            os.link(s, d)
        except OSError:
            shutil.copyfile(s, d)

    for i in range(1, factor + 1):
        shutil.copytree(main, dest / f"copy{i}", copy_function=link,
                        ignore=lambda d, names: [n for n in names if Path(d) == main and (n in ROOT_MARKERS or n == STAMP)])
    write_root_markers(dest)
    stamp.write_text(src_stamp)


def corpus_stats(root: Path) -> tuple[int, int, int]:
    """(.py files, lines, files the regex finds a candidate in)."""
    rx = re.compile(REGEX.encode())
    files = lines = cand = 0
    for d, dirs, names in os.walk(root):
        dirs[:] = [x for x in dirs if not x.startswith(".")]
        for name in names:
            if name.endswith(".py"):
                data = (Path(d) / name).read_bytes()
                files += 1
                lines += data.count(b"\n")
                cand += bool(rx.search(data))
    return files, lines, cand


# ----------------------------------------------------------------------------- tools
def dockwise_cmd(explicit: str | None) -> list[str] | None:
    if explicit:
        return [explicit]
    venv = REPO / ".venv" / "bin" / "dockwise"
    if venv.exists():
        return [str(venv)]
    found = shutil.which("dockwise")
    if found:
        return [found]
    try:
        subprocess.run([sys.executable, "-c", "import dockwise"], check=True, capture_output=True)
        return [sys.executable, "-m", "dockwise"]
    except subprocess.CalledProcessError:
        return None


def ensure_peers(venv: Path, wanted: list[str]) -> dict[str, str]:
    """Install the wanted peers into their own venv; return {peer: reason} for failures."""
    failed = {}
    py = venv / "bin" / "python"
    if not py.exists():
        log(f"creating {venv}")
        p = subprocess.run([sys.executable, "-m", "venv", str(venv)], capture_output=True, text=True)
        if p.returncode != 0:
            return {w: "cannot create the peers' venv: " + p.stderr.strip()[-120:] for w in wanted}
    for peer in wanted:
        pin = PEER_PINS[peer]
        chk = subprocess.run([str(py), "-m", "pip", "show", "-q", peer], capture_output=True, text=True)
        version_ok = f"Version: {pin.split('==')[1]}" in subprocess.run(
            [str(py), "-m", "pip", "show", peer], capture_output=True, text=True).stdout
        if chk.returncode == 0 and version_ok:
            continue
        log(f"installing {pin} into the peers' venv")
        p = subprocess.run([str(py), "-m", "pip", "install", "-q", "--disable-pip-version-check", pin],
                           capture_output=True, text=True)
        if p.returncode != 0:
            failed[peer] = "pip install failed: " + (p.stderr.strip().splitlines() or ["?"])[-1][:140]
    return failed


def parse_dockwise(out: str, err: str):
    data = json.loads(out)
    errors = len(data.get("errors") or [])
    return len(data["findings"]), (f"{errors} files not parsed" if errors else "")


def parse_floor(out: str, err: str):
    files, matches = out.split()
    return int(matches), f"regex matches in {files} files"


def parse_rg(out: str, err: str):
    total = files = 0
    for line in out.splitlines():
        if line.strip():
            total += int(line.rsplit(":", 1)[1])
            files += 1
    return total, f"regex matches (lines, comments too) in {files} files"


def parse_ruff(out: str, err: str):
    return len(json.loads(out)), "S104: bind to all interfaces (0.0.0.0 only)"


def parse_semgrep(out: str, err: str):
    data = json.loads(out)
    scanned = len((data.get("paths") or {}).get("scanned") or [])
    errs = len(data.get("errors") or [])
    note = f"{scanned} files scanned" if scanned else ""
    if errs:
        note += f", {errs} errors"
    return len(data["results"]), note


def parse_bandit(out: str, err: str):
    data = json.loads(out)
    files = len([k for k in (data.get("metrics") or {}) if k != "_totals"])
    return len(data["results"]), f"B104 (0.0.0.0 only), {files} files"


def parse_fixit(out: str, err: str):
    n = sum(1 for line in out.splitlines() if "LoopbackConnectTarget" in line)
    m = re.search(r"(\d+) files? checked", err + out)
    return n, (f"{m.group(1)} files checked" if m else "")


def make_tools(corpus: Path, dw: list[str] | None, peers_bin: Path, env: dict[str, str], work: Path,
               unavailable: dict[str, str]) -> dict[str, Tool | str]:
    """name -> Tool, or name -> reason it cannot run."""
    t: dict[str, Tool | str] = {}
    if dw:
        t["dockwise"] = Tool("dockwise", "dockwise (cold, --no-cache)",
                             dw + ["check", ".", "--include-tests", "--format", "json", "--exit-zero", "--no-cache"],
                             corpus, env, parse_dockwise, ok_rc=(0, 2))  # 2: some file did not parse
    else:
        t["dockwise"] = "dockwise not found (no .venv/bin/dockwise, none on PATH, not importable)"
    t["floor"] = Tool("floor", "pure Python: read all + 1 regex", [sys.executable, "-c", FLOOR_SCRIPT, "."],
                      corpus, env, parse_floor)
    rg = shutil.which("rg")
    t["ripgrep"] = (Tool("ripgrep", "ripgrep, ASCII regex",
                         [rg, "--no-ignore", "--hidden", "-t", "py", "--count-matches", "--no-messages", RG_REGEX, "."],
                         corpus, env, parse_rg, ok_rc=(0, 1)) if rg else
                    "rg not installed (apt-get install -y ripgrep)")

    def peer(name: str) -> Path | str:
        if name in unavailable:
            return unavailable[name]
        exe = peers_bin / name
        return exe if exe.exists() else f"{exe} missing"

    ex = peer("ruff")
    t["ruff"] = ex if isinstance(ex, str) else Tool(
        "ruff", "ruff --select S104",
        [str(ex), "check", "--isolated", "--no-cache", "--no-respect-gitignore", "--select", "S104",
         "--output-format", "json", "--exit-zero", "."], corpus, env, parse_ruff)
    ex = peer("semgrep")
    semgrep_env = dict(env, SEMGREP_SEND_METRICS="off", SEMGREP_ENABLE_VERSION_CHECK="0",
                       SEMGREP_USER_DATA_FOLDER=str(work / "semgrep-home"))
    t["semgrep"] = ex if isinstance(ex, str) else Tool(
        "semgrep", "Semgrep, 1 YAML rule",
        [str(ex), "scan", "--config", str(RULES / "semgrep.yaml"), "--metrics=off", "--disable-version-check",
         "--no-git-ignore", "--project-root", ".", "--json", "--quiet", "."], corpus, semgrep_env, parse_semgrep, ok_rc=(0, 1))
    t["semgrep-regex"] = ex if isinstance(ex, str) else Tool(
        "semgrep-regex", "Semgrep, pattern-regex (no literal parse)",
        [str(ex), "scan", "--config", str(RULES / "semgrep-regex.yaml"), "--metrics=off", "--disable-version-check",
         "--no-git-ignore", "--project-root", ".", "--json", "--quiet", "."], corpus, semgrep_env, parse_semgrep,
        ok_rc=(0, 1))
    ex = peer("bandit")
    t["bandit"] = ex if isinstance(ex, str) else Tool(
        "bandit", "Bandit -t B104", [str(ex), "-t", "B104", "-r", ".", "-f", "json", "-q"],
        corpus, env, parse_bandit, ok_rc=(0, 1))
    ex = peer("fixit")
    fixit_env = dict(env, PYTHONPATH=str(RULES))
    t["fixit"] = ex if isinstance(ex, str) else Tool(
        "fixit", "Fixit 2, 1 rule", [str(ex), "--rules", "fixit_rule:LoopbackConnectTarget", "lint", "."],
        corpus, fixit_env, parse_fixit, ok_rc=(0, 1, 2, 3), timeout=7200)  # bit flags: 1 reports, 2 errors
    return t


def tool_version(cmd: list[str], env: dict[str, str]) -> str:
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=60)
        m = re.search(r"\d+\.\d+(\.\d+)?", p.stdout + p.stderr)
        return m.group(0) if m else ""
    except (OSError, subprocess.SubprocessError):
        return ""


# ----------------------------------------------------------------------------- the platform corpus
def platform_section(work: Path, dw: list[str], env: dict[str, str], runs: int, outdir: Path,
                     peers_bin: Path, unavailable: dict[str, str],
                     latency_runs: int) -> tuple[list[str], dict[str, float | None]]:
    """Issue 14: dockwise on a generated platform (many Compose projects, 150+ services,
    3,000 Python files; ``bench/platform_corpus.py``), next to the floor and Semgrep.

    Floor, cold check, cold graph, warm check and the cold check of the same files with
    twice the services run in rounds, so every ratio compares one machine with itself."""
    sys.path.insert(0, str(BENCH))
    import platform_corpus

    roots = {1: work / "platform", 2: work / "platform-2x"}
    stats = {}
    for scale, root in roots.items():
        stamp = root / STAMP
        want = json.dumps({"generator": _digest(BENCH / "platform_corpus.py"), "scale": scale})
        if stamp.is_file() and stamp.read_text() == want:
            stats[scale] = json.loads((root / ".bench-counts.json").read_text())
            continue
        log(f"platform corpus {scale}x services: generating {root}")
        stats[scale] = platform_corpus.build(root, services_scale=scale)
        (root / ".bench-counts.json").write_text(json.dumps(stats[scale]))
        stamp.write_text(want)
    root = roots[1]
    files, lines, cand = corpus_stats(root)
    check = dw + ["check", ".", "--format", "json", "--exit-zero"]
    tools = [
        Tool("p-floor", "floor", [sys.executable, "-c", FLOOR_SCRIPT, "."], root, env, parse_floor),
        Tool("p-cold", "dockwise check --no-cache", check + ["--no-cache"], root, env, parse_dockwise, ok_rc=(0, 2)),
        Tool("p-graph", "dockwise graph --no-cache",
             dw + ["graph", ".", "--format", "json", "--no-cache", "-o", str(outdir / "platform-graph.json")],
             root, env, lambda o, e: (None, "")),
        Tool("p-warm", "dockwise check (warm)", check, root, env, parse_dockwise, ok_rc=(0, 2)),
        Tool("p-cold-2x", "dockwise check --no-cache, 2× services", check + ["--no-cache"], roots[2], env,
             parse_dockwise, ok_rc=(0, 2)),
    ]
    subprocess.run([sys.executable, "-c", FLOOR_SCRIPT, str(root)], capture_output=True)  # page cache
    subprocess.run([sys.executable, "-c", FLOOR_SCRIPT, str(roots[2])], capture_output=True)
    shutil.rmtree(work / "xdg-cache", ignore_errors=True)
    fill = run_once(check, cwd=root, env=env, out=outdir / "platform-fill.out", timeout=3600)
    log(f"platform: {', '.join(t.name for t in tools)}: {runs} round(s)")
    res = measure_rounds(tools, runs, outdir)
    sem = None
    semgrep = make_tools(root, dw, peers_bin, env, work, unavailable)["semgrep"]  # the main table's row, here
    if isinstance(semgrep, Tool):
        log("platform: semgrep")
        sem = measure(replace(semgrep, name="p-semgrep"), runs, outdir)
    # the pre-commit case: one changed file of one application, the cache filled
    one = min(root.glob("apps/*/src/*/settings.py"), default=None) or min(root.glob("apps/*/src/*/*.py"))
    one = one.relative_to(root)
    lt = Tool("p-onefile", "", dw + ["check", str(one)], root, env, lambda o, e: (None, ""), ok_rc=(0, 1))
    onefile = measure(lt, latency_runs, outdir)
    tree, tree_pss = tree_peaks(tools[1].cmd, cwd=root, env=env, timeout=3600)
    tree_graph, tree_graph_pss = tree_peaks(tools[2].cmd, cwd=root, env=env, timeout=3600)

    floor = res["p-floor"]
    extra: dict[str, float | None] = {
        "platform cold / floor": paired_ratio(res["p-cold"], floor),
        "platform graph / floor": paired_ratio(res["p-graph"], floor),
        "platform 2x / 1x": paired_ratio(res["p-cold-2x"], res["p-cold"]),
        "platform tree peak": max((x for x in (tree, tree_graph) if x), default=None),
        "platform tree pss": max((x for x in (tree_pss, tree_graph_pss) if x), default=None),
        "platform onefile": onefile.median,
    }
    s1, s2 = stats[1], stats[2]
    out = [
        "",
        f"## Platform corpus (issue 14): {s1['python']} .py files, {lines:,} lines, {s1['stacks']} Compose "
        f"projects (overrides, a prod variant, profiles, a shared .env), {s1['services']} services "
        f"({s2['services']} at 2×), {s1['dockerfiles']} Dockerfiles; generated by `bench/platform_corpus.py`",
        "",
        "| run | wall s | peak MB | findings | × floor (median of rounds) | notes |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for t in tools:
        r = res[t.name]
        if r.error:
            out.append(f"| {t.label} | n/a | n/a | n/a | n/a | {r.error} |")
            continue
        ratio = paired_ratio(r, floor)
        out.append(f"| {t.label} | {fmt_s(r.median)} | {r.peak_mb or 0:.0f} | "
                   f"{'n/a' if r.findings is None else r.findings} | "
                   f"{'n/a' if ratio is None else f'{ratio:.2f}×'} | {r.note} |")
    if sem is not None:
        ratio = f"{sem.median / floor.median:.2f}× (not in the rounds)" if sem.median and floor.median else "n/a"
        out.append(f"| {sem.label} | {fmt_s(sem.median)} | {sem.peak_mb or 0:.0f} | "
                   f"{'n/a' if sem.findings is None else sem.findings} | {ratio} | {sem.error or sem.note} |")
    out += [
        "",
        f"- ratios per round: cold/floor {_ratios(res['p-cold'], floor)}; graph/floor "
        f"{_ratios(res['p-graph'], floor)}; 2× services / 1× {_ratios(res['p-cold-2x'], res['p-cold'])}",
        f"- the warm runs follow one run that filled the cache ({fill.wall:.2f} s)",
        f"- one-file latency, `dockwise check {one}` (cache on, median of {latency_runs}): {fmt_s(onefile.median)} s",
        f"- peak of the whole process tree (sampled every 20 ms, workers summed): check "
        f"{tree or 0:.0f} MB RSS / {tree_pss or 0:.0f} MB PSS, graph {tree_graph or 0:.0f} MB RSS / "
        f"{tree_graph_pss or 0:.0f} MB PSS (PSS counts a page shared after the fork once)",
    ]
    return out, extra


def _digest(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


# ----------------------------------------------------------------------------- main
def fmt_s(x: float | None) -> str:
    return "n/a" if x is None else (f"{x:.3f}" if x < 1 else f"{x:.2f}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=None, help="timed runs per row (median; default 3, --quick 1)")
    ap.add_argument("--quick", action="store_true", help="1 run; skip the slowest peers (fixit, bandit)")
    ap.add_argument("--only", default="", help=f"comma-separated subset of: {','.join(ROW_ORDER + EXTRAS)}")
    ap.add_argument("--skip-download", action="store_true", help="reuse the sdist cache, never call pip download")
    ap.add_argument("--work-dir", type=Path, default=BENCH / ".work", help="cache dir (default bench/.work)")
    ap.add_argument("--dockwise", default=None, help="dockwise executable (default: .venv/bin/dockwise, PATH)")
    ap.add_argument("--latency-runs", type=int, default=10, help="runs for one-file latency and --version")
    args = ap.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so run_once can kill its child

    runs = args.runs or (1 if args.quick else 3)
    only = [x.strip() for x in args.only.split(",") if x.strip()]
    bad = [x for x in only if x not in ROW_ORDER + EXTRAS]
    if bad:
        ap.error(f"--only: unknown {', '.join(bad)} (choose from {', '.join(ROW_ORDER + EXTRAS)})")
    selected = only or [x for x in ROW_ORDER + EXTRAS if not (args.quick and x in SLOW_PEERS)]
    work = args.work_dir.resolve()
    work.mkdir(parents=True, exist_ok=True)
    t_start = time.time()
    load_start = os.getloadavg() if hasattr(os, "getloadavg") else None

    # 1. corpora
    sdists = work / "sdists"
    missing = download({**MAIN_SDISTS, **MID_SDISTS}, sdists, skip=args.skip_download)
    for n, why in missing.items():
        log(f"WARNING: {n} left out of the corpus: {why}")
    main_corpus, mid_corpus = work / "corpus", work / "corpus-mid"
    build_corpus(main_corpus, sdists, MAIN_SDISTS, compose=True)
    build_corpus(mid_corpus, sdists, MID_SDISTS, compose=False)
    scaled = {1: main_corpus}
    if "scaling" in selected:
        for f in (2, 4):
            build_scaled(main_corpus, f, work / f"corpus-{f}x")
            scaled[f] = work / f"corpus-{f}x"
    files, lines, cand = corpus_stats(main_corpus)
    mid_files, mid_lines, mid_cand = corpus_stats(mid_corpus)
    log(f"main corpus: {files} .py files, {lines} lines, {cand} with a regex candidate; "
        f"mid: {mid_files} files")

    # 2. tools
    env = dict(os.environ, NO_COLOR="1", XDG_CACHE_HOME=str(work / "xdg-cache"), PYTHONDONTWRITEBYTECODE="1")
    env.pop("PYTHONPATH", None)
    peers_wanted = [p for p in PEER_PINS
                    if p in selected or (p == "semgrep" and ("mid" in selected or "semgrep-regex" in selected
                                           or "platform" in selected))]
    unavailable = ensure_peers(work / "peers-venv", peers_wanted) if peers_wanted else {}
    peers_bin = work / "peers-venv" / "bin"
    if "ripgrep" in selected and not shutil.which("rg") and os.geteuid() == 0 and shutil.which("apt-get"):
        log("installing ripgrep (apt-get)")
        subprocess.run(["apt-get", "install", "-y", "-qq", "ripgrep"], capture_output=True)
    dw = dockwise_cmd(args.dockwise)
    tools = make_tools(main_corpus, dw, peers_bin, env, work, unavailable)
    versions = {
        "dockwise": tool_version(dw + ["--version"], env) if dw else "",
        "ripgrep": tool_version(["rg", "--version"], env) if shutil.which("rg") else "",
        **{p: tool_version([str(peers_bin / p), "--version"], env) for p in PEER_PINS
           if p in peers_wanted and (peers_bin / p).exists()},
        "floor": platform.python_version(),
    }
    outdir = work / "out"
    if outdir.exists():
        shutil.rmtree(outdir)

    # warm the OS page cache once, so "cold" means "no tool cache", not "disk reads"
    subprocess.run([sys.executable, "-c", FLOOR_SCRIPT, str(main_corpus)], capture_output=True)

    dw_ok = dw is not None
    if dw_ok:
        compile_dockwise(dw, env)

    # The rows compared as ratios run in rounds (floor, dockwise cold, dockwise warm, and the
    # cheap peers): each round sees the same machine.  The slow peers run one after the other.
    results: dict[str, Result] = {}
    paired: list[Tool] = []
    for name in ROW_ORDER:
        if name not in selected:
            continue
        tool = tools[name]
        if isinstance(tool, str):
            results[name] = Result(name, name, error=tool)
            log(f"{name}: n/a ({tool})")
        elif name in PAIRED_ROWS:
            paired.append(tool)
    fill = None
    if "warm" in selected and dw_ok:  # one run fills the cache; the timed warm runs join the rounds
        shutil.rmtree(work / "xdg-cache", ignore_errors=True)
        shutil.rmtree(main_corpus / ".dockwise_cache", ignore_errors=True)
        warm_tool = Tool("warm", "dockwise warm",
                         dw + ["check", ".", "--include-tests", "--format", "json", "--exit-zero"],
                         main_corpus, env, parse_dockwise, ok_rc=(0, 2))
        log("dockwise warm: filling the cache")
        fill = run_once(warm_tool.cmd, cwd=main_corpus, env=env, out=outdir / "dockwise-fill.out", timeout=3600)
        paired.append(warm_tool)
    lines_out: list[str] = []
    early: list[str] = []  # the latency lines, measured before the slow peers, shown after warm
    extra: dict[str, float | None] = {}
    if paired:
        log(f"{', '.join(t.name for t in paired)}: {runs} round(s) on the main corpus")
        results.update(measure_rounds(paired, runs, outdir))
    # one-file latency (the pre-commit case) and --version: before the slow peers, whose
    # processes (Semgrep's workers) leave the machine loaded for a while after they exit
    if "latency" in selected and dw_ok:
        case_dirs = sorted(p for p in (main_corpus / "compose").iterdir() if p.is_dir())
        case = case_dirs[0]
        target = next(p for p in sorted(case.rglob("*.py")))
        rel = target.relative_to(case)
        for label, extra_args in (("cache on", []), ("--no-cache", ["--no-cache"])):
            lt = Tool("dockwise-onefile", "", dw + ["check", str(rel)] + extra_args, case, env, lambda o, e: (None, ""),
                      ok_rc=(0, 1))
            if not extra_args:  # pre-commit runs with the cache: fill it once first
                run_once(lt.cmd, cwd=case, env=env, out=outdir / "onefile-fill.out", timeout=120)
            r = measure(lt, args.latency_runs, outdir)
            extra[f"onefile {label}"] = r.median
            early.append(f"- one-file latency, `dockwise check {rel}{' --no-cache' if extra_args else ''}` in "
                         f"compose/{case.name} ({label}, median of {args.latency_runs}): {fmt_s(r.median)} s"
                         + (f" — n/a: {r.error}" if r.error else ""))
        shutil.rmtree(case / ".dockwise_cache", ignore_errors=True)
    if "version" in selected and dw_ok:
        vt = Tool("dockwise-version", "", dw + ["--version"], work, env, lambda o, e: (None, ""))
        r = measure(vt, args.latency_runs, outdir)
        extra["version"] = r.median
        early.append(f"- `dockwise --version` (median of {args.latency_runs}): {fmt_s(r.median)} s"
                     + (f" — n/a: {r.error}" if r.error else ""))

    for name in ROW_ORDER:
        if name not in selected or name in results:
            continue
        log(f"{name}: {runs} run(s) on the main corpus")
        results[name] = measure(tools[name], runs, outdir)
        if results[name].error:
            log(f"{name}: n/a ({results[name].error})")

    dw_cold = results.get("dockwise").median if results.get("dockwise") else None

    warm = results.pop("warm", None)
    if warm is not None:
        extra["warm"] = warm.median
        extra["warm / floor"] = paired_ratio(warm, results.get("floor"))
        same = ""
        if warm.findings is not None and results.get("dockwise") and results["dockwise"].findings is not None:
            same = ", same findings as cold" if warm.findings == results["dockwise"].findings else \
                f", DIFFERENT findings from cold ({warm.findings} vs {results['dockwise'].findings})"
        lines_out.append(f"- dockwise warm (cache filled by one run of {fill.wall:.2f} s, then {runs} timed, "
                         f"in the rounds): {fmt_s(warm.median)} s, peak {warm.peak_mb or 0:.0f} MB{same}"
                         + (f" — n/a: {warm.error}" if warm.error else ""))
        shutil.rmtree(main_corpus / ".dockwise_cache", ignore_errors=True)
    extra["cold / floor"] = paired_ratio(results.get("dockwise"), results.get("floor"))
    if paired and runs > 1:
        lines_out.append("- ratios to the floor, per round (" + ", ".join(t.name for t in paired) + " ran in "
                         f"{runs} rounds): cold {_ratios(results.get('dockwise'), results.get('floor'))}; "
                         f"warm {_ratios(warm, results.get('floor'))}")
    lines_out.extend(early)

    # the mid-size project: dockwise vs semgrep (and the floor)
    if "mid" in selected:
        mid_tools = make_tools(mid_corpus, dw, peers_bin, env, work, unavailable)
        mids = {}
        for name in ("dockwise", "semgrep", "floor"):
            tool = mid_tools[name]
            if isinstance(tool, str):
                mids[name] = Result(name, name, error=tool)
                continue
            log(f"mid ({mid_corpus.name}): {name}")
            mids[name] = measure(Tool(f"mid-{name}", tool.label, tool.cmd, tool.cwd, tool.env, tool.parse,
                                      tool.ok_rc, tool.timeout), runs, outdir)
        d, s, fl = (mids[n].median for n in ("dockwise", "semgrep", "floor"))
        extra["mid dockwise"], extra["mid semgrep"] = d, s
        ratio = f" → dockwise = {d / s:.2f}× Semgrep" if d and s else ""
        lines_out.append(
            f"- mid-size project (redis-py {MID_SDISTS['redis']}, {mid_files} files, {mid_lines} lines): "
            f"dockwise {fmt_s(d)} s ({mids['dockwise'].findings} findings), Semgrep {fmt_s(s)} s, "
            f"floor {fmt_s(fl)} s{ratio}"
            + "".join(f" — {n} n/a: {mids[n].error}" for n in mids if mids[n].error))

    # scaling: dockwise cold at 1x, 2x, 4x
    if "scaling" in selected and dw_ok:
        parts = []
        base = base_n = None
        for f, root in scaled.items():
            if f == 1 and dw_cold is not None:
                t1, r = dw_cold, None
            else:
                st = make_tools(root, dw, peers_bin, env, work, unavailable)["dockwise"]
                log(f"scaling {f}×: dockwise")
                r = measure(Tool(f"dockwise-{f}x", "", st.cmd, st.cwd, st.env, st.parse, st.ok_rc), runs, outdir)
                t1 = r.median
            base = base if base is not None else t1
            rel = f" ({t1 / base:.2f}× the 1× time)" if t1 and base and f > 1 else ""
            n = r.findings if r is not None else results["dockwise"].findings
            base_n = base_n if base_n is not None else n
            odd = "" if f == 1 or n is None or base_n is None or n == f * base_n else \
                f", UNEXPECTED: {n} findings, {f} × {base_n} expected"
            parts.append(f"{f}× ({files * f} files, {cand * f} with a candidate): {fmt_s(t1)} s{rel}{odd}")
            extra[f"scale {f}"] = t1
        lines_out.append("- scaling, dockwise cold: " + "; ".join(parts))

    # tree peak memory of dockwise (a process pool is not summed by /usr/bin/time)
    if "dockwise" in selected and isinstance(tools["dockwise"], Tool):
        tp, tpss = tree_peaks(tools["dockwise"].cmd, cwd=main_corpus, env=env, timeout=3600)
        if tp:
            extra["tree peak"] = tp
            extra["tree pss"] = tpss
            lines_out.append(f"- dockwise cold, peak of the whole process tree (sampled every 20 ms, "
                             f"workers summed): {tp:.0f} MB RSS, {tpss or 0:.0f} MB PSS (PSS counts a "
                             f"page the forked workers share with the parent once)")

    platform_lines: list[str] = []
    if "platform" in selected and dw_ok:
        platform_lines, pextra = platform_section(work, dw, env, runs, outdir, peers_bin, unavailable,
                                                  args.latency_runs)
        extra.update(pextra)

    # 3. the table
    head = [
        f"# dockwise benchmark — {time.strftime('%Y-%m-%d %H:%M')}",
        "",
        f"Corpus: {files} .py files, {lines:,} lines ({', '.join(f'{n} {v}' for n, v in MAIN_SDISTS.items() if n not in missing)}; "
        f"tests included; {cand} files hold a regex candidate), Dockerfile at the root, "
        f"{len(build_corpus(main_corpus, sdists, MAIN_SDISTS, compose=True)['cases'])} Compose projects. "
        f"Machine: {os.cpu_count()} CPUs, Python {platform.python_version()}, {platform.system()}. "
        f"Cold wall = median of {runs} run(s); peak = max RSS of the largest process "
        f"({'/usr/bin/time -v' if TIME_BIN else 'getrusage'}). "
        + (f"Load average (1 min) at start {load_start[0]:.2f}, at end {os.getloadavg()[0]:.2f}: "
           f"above ~0.5 on this machine, other processes were competing and the times are inflated."
           if load_start else ""),
        "",
        "| tool | cold wall s | peak MB | findings | × dockwise | notes |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
    ]
    rows = []
    for name in ROW_ORDER:
        r = results.get(name)
        if not r:
            continue
        label = r.label + (f" {versions[name.split('-')[0]]}" if versions.get(name.split("-")[0]) else "")
        if r.error:
            rows.append(f"| {label} | n/a | n/a | n/a | n/a | {r.error} |")
            continue
        ratio = f"{r.median / dw_cold:.2f}×" if dw_cold and r.median else "n/a"
        rows.append(f"| {label} | {fmt_s(r.median)} | {r.peak_mb or 0:.0f} | "
                    f"{'n/a' if r.findings is None else r.findings} | {ratio} | {r.note} |")

    # targets from issue 6, measured in this run
    checks = []

    def chk(text: str, value: float | None, limit: float, unit: str = "") -> None:
        if value is None:
            return
        checks.append(f"- {'ok  ' if value <= limit else 'MISS'} {text}: {value:.3f}{unit} (target ≤ {limit:g}{unit})")

    sem, fix, flo = (results[n].median if n in results else None for n in ("semgrep", "fixit", "floor"))
    if dw_cold:
        chk("cold / Semgrep", dw_cold / sem if sem else None, 0.8)
        chk("cold / Fixit", dw_cold / fix if fix else None, 0.04)
        chk("cold / pure-Python floor, median of the rounds' ratios (stretch ≤ 3)", extra.get("cold / floor"), 6)
    if extra.get("mid dockwise") and extra.get("mid semgrep"):
        chk("mid-size cold / Semgrep", extra["mid dockwise"] / extra["mid semgrep"], 0.5)
    chk("warm / pure-Python floor, median of the rounds' ratios", extra.get("warm / floor"), 1.0)
    chk("one-file latency (cache on)", extra.get("onefile cache on"), 0.3, " s")
    chk("`dockwise --version`", extra.get("version"), 0.15, " s")
    peak = results["dockwise"].peak_mb if "dockwise" in results else None
    chk("peak memory, largest process", peak, 250, " MB")
    chk("peak memory, whole tree (summed RSS)", extra.get("tree peak"), 250, " MB")
    chk("peak memory, whole tree (summed PSS)", extra.get("tree pss"), 250, " MB")
    # issue 14, on the platform corpus
    chk("platform: cold check / floor", extra.get("platform cold / floor"), 3)
    chk("platform: graph / floor", extra.get("platform graph / floor"), 4)
    chk("platform: cold with 2× services / 1× (same files)", extra.get("platform 2x / 1x"), 1.10)
    chk("platform: peak memory, whole tree (summed RSS)", extra.get("platform tree peak"), 250, " MB")
    chk("platform: peak memory, whole tree (summed PSS)", extra.get("platform tree pss"), 250, " MB")

    text = "\n".join(head + rows + [""] + lines_out + platform_lines
                     + (["", "Targets of issues 6 and 14 (this run):"] + checks if checks else [])
                     + ["", f"Command: `python bench/run.py {' '.join(argv if argv is not None else sys.argv[1:])}`"
                        f" — took {(time.time() - t_start) / 60:.1f} min."]) + "\n"
    print(text)
    (work / "results.md").write_text(text)
    (work / f"results-{time.strftime('%Y%m%d-%H%M%S')}.md").write_text(text)  # history: --only runs overwrite
    log(f"written {work / 'results.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
