"""A start script the image's own build writes inline.

``RUN echo '#!/bin/sh\\nexec streamlit run app.py' > /app/start.sh`` then ``CMD ["/app/start.sh"]``:
the script is in no file of the tree, yet its text is written out in the Dockerfile.  Left
unread, the start command "cannot be followed" and the container is judged on every file it
holds (a migration script run by hand, a helper of another service); read, it says what runs
(the app, and a ``redis-server --daemonize yes`` beside it, whose port is then served there).

The text is taken only where the build writes it whole and nothing else may change it: each
write of the path in the stages the image is built from is an ``echo`` (its ``\\n`` escapes
are newlines, as ``sh`` and ``echo -e`` print them), a ``printf`` of a format without
conversions, or a ``cat`` of a heredoc, redirected with ``>`` (a new file) or ``>>`` (appended
to what the build wrote before), or a ``COPY <<EOF`` heredoc to it.  Any other command that
names the script's file name (``sed -i``, ``mv``, ``curl -o``, ``cp``), or a COPY or ADD from
another stage or from outside the build context that may land on it, leaves it unknown
(None); ``chmod``, ``chown``, ``cat`` and ``ls`` of it read it.  A write to a path with a
variable in it writes no known path.
"""
from __future__ import annotations

import posixpath
import re

from dockwise.layout.dockerfile import parse_dockerfile
from dockwise.layout.dockerfile_types import Dockerfile
from dockwise.layout.model import Service
from dockwise.layout.shell import Word, split_words
from dockwise.runs.fs import ProjectFiles

# commands that only read the script or change its mode or owner
_READERS = frozenset(("chmod", "chown", "cat", "ls", "test", "[", "head", "tail", "dos2unix"))
_ESCAPES = {"n": "\n", "t": "\t", "\\": "\\", "'": "'", '"': '"', "a": "", "r": "", "e": "", "c": ""}
_ESCAPE = re.compile(r"\\(.)", re.S)


def _unescape(text: str) -> str:
    """``\\n`` as a newline (``sh``'s echo, ``echo -e``, ``printf``); other escapes as their character."""
    return _ESCAPE.sub(lambda m: _ESCAPES.get(m.group(1), "\\" + m.group(1)), text)


def _chain(df: Dockerfile) -> set[int]:
    """The stages the final image is built from (its own and its parents)."""
    out: set[int] = set()
    st = df.stages[-1] if df.stages else None
    while st is not None and st.index not in out:
        out.add(st.index)
        st = df.stages[st.parent] if st.parent is not None and 0 <= st.parent < len(df.stages) else None
    return out


def _resolve(path: str, workdir: str | None) -> str | None:
    if not path or "$" in path:
        return None
    if path.startswith("/"):
        return posixpath.normpath(path)
    if workdir and workdir.startswith("/"):
        return posixpath.normpath(posixpath.join(workdir, path))
    return None


def _commands(words: tuple[Word, ...]) -> list[list[Word]]:
    out: list[list[Word]] = [[]]
    for w in words:
        if w.control:
            out.append([])
        else:
            out[-1].append(w)
    return [c for c in out if c]


class _Unknown(Exception):
    """The build changes the script in a way its text does not say."""


def _written(cmd: list[Word], bodies: list[str]) -> tuple[str, str, str] | None:
    """``(target, mode, text)`` where the simple command ``cmd`` writes a file whose text it
    says: ``echo ... > target``, ``printf 'fmt' >> target``, ``cat > target <<EOF``; None
    where it writes none.  Heredoc bodies are taken from ``bodies`` in order."""
    plain: list[str] = []
    target = mode = None
    heredoc: str | None = None
    k = 0
    while k < len(cmd):
        w = cmd[k]
        if w.redirect:
            op = w.value
            nxt = cmd[k + 1].value if k + 1 < len(cmd) else ""
            if op in (">", ">>", ">|"):
                target, mode = nxt, (">>" if op == ">>" else ">")
            elif op in ("<<", "<<-"):
                heredoc = bodies.pop(0) if bodies else None
            k += 2
            continue
        plain.append(w.value)
        k += 1
    if target is None or mode is None or not plain:
        return None
    prog = posixpath.basename(plain[0])
    if prog == "echo":
        args = plain[1:]
        newline = True
        while args and re.fullmatch(r"-[neE]+", args[0]):
            newline = newline and "n" not in args[0]
            args = args[1:]
        text = _unescape(" ".join(args)) + ("\n" if newline else "")
    elif prog == "printf" and len(plain) == 2 and not re.search(r"%[^%]", plain[1].replace("%%", "")):
        text = _unescape(plain[1]).replace("%%", "%")
    elif prog == "cat" and len(plain) == 1 and heredoc is not None:
        text = heredoc + "\n"
    else:
        raise _Unknown  # a program writing what it computes (sed, curl, a script)
    return target, mode, text


def inline_script(svc: Service, cpath: str, files: ProjectFiles) -> str | None:
    """The text of the script at container path ``cpath`` that the Dockerfile of ``svc``
    writes inline, or None: see the module's docstring."""
    if svc.dockerfile is None:
        return None
    source = files.text(svc.dockerfile)
    if source is None:
        return None
    df = parse_dockerfile(source, svc.dockerfile)
    chain = _chain(df)
    name = posixpath.basename(cpath)
    for op in df.copies:
        if op.stage in chain and (op.from_stage is not None or not op.from_context) and op.sources:
            dest = op.dest
            if dest == "/" or cpath == dest or cpath.startswith(dest.rstrip("/") + "/"):
                return None  # another stage's or an image's file may land there
    text: str | None = None
    workdir: dict[int, str | None] = {}
    try:
        for ins in df.instructions:
            if ins.stage not in chain:
                continue
            wd = workdir.get(ins.stage, _parent_workdir(df, ins.stage, workdir))
            if ins.keyword == "WORKDIR":
                workdir[ins.stage] = _resolve(ins.args.strip(), wd) if ins.args.strip() else wd
                continue
            workdir.setdefault(ins.stage, wd)
            if ins.keyword == "COPY" and ins.heredocs and "<<" in ins.args:
                if _resolve(ins.args.split()[-1], wd) == cpath:
                    text = ins.heredocs[0] + "\n"
                continue
            if ins.keyword != "RUN" or name not in "\n".join((ins.args, *ins.heredocs)):
                continue
            bodies = list(ins.heredocs)
            for cmd in _commands(split_words(ins.text)):
                written = _written(cmd, bodies) if any(w.redirect for w in cmd) else None
                if written is not None and _resolve(written[0], wd) == cpath:
                    _, mode, body = written
                    text = body if mode == ">" else (text or "") + body
                    continue
                words = [w.value for w in cmd if not w.operator]
                if any(name in w for w in words) and posixpath.basename(words[0]) not in _READERS:
                    raise _Unknown  # `sed -i`, `mv`, `cp` onto it, or run during the build
    except _Unknown:
        return None
    return text


def _parent_workdir(df: Dockerfile, stage: int, seen: dict[int, str | None]) -> str | None:
    st = df.stages[stage] if 0 <= stage < len(df.stages) else None
    if st is None or st.parent is None:
        return None
    return seen.get(st.parent, df.stages[st.parent].workdir if 0 <= st.parent < len(df.stages) else None)
