"""The ``--diff`` output: unified diffs of the fixed files, passed through the credential
redactor like every other output (a hunk that would show a secret is left out)."""
from __future__ import annotations

import difflib

from dockwise.redact import redact


def unified_diff(rel: str, old: str, new: str, *, redacted: bool = True) -> str:
    """A unified diff of one file (see :func:`diff_hunks`: with ``redacted``, the hunks that
    show a secret are left out)."""
    return diff_hunks(rel, old, new, redacted=redacted)[0]


def diff_hunks(rel: str, old: str, new: str, *, redacted: bool = True) -> tuple[str, int]:
    """(a unified diff of one file, how many hunks were left out).

    With ``redacted`` (what ``--diff`` prints), a hunk whose lines show a password, token or
    key is left out rather than printed with ``****`` in it: CI logs must never show a
    credential, and a masked hunk would not apply.  Where a secret is only in a hunk's
    context, less context (down to one line) keeps the hunk.  Every printed hunk applies with
    ``git apply``/``patch``; ``dockwise fix`` applies the others."""
    best: tuple[int, str, int] | None = None  # (changed lines shown, diff, hunks left out)
    for context in (3, 2, 1) if redacted else (3,):
        text, left_out = _diff_hunks(rel, old, new, context, redacted)
        shown = sum(1 for line in text.splitlines() if line[:1] in "+-" and not line.startswith(("+++", "---")))
        if best is None or shown > best[0]:
            best = (shown, text, left_out)
        if left_out == 0:
            break
    assert best is not None
    return best[1], best[2]


def _diff_hunks(rel: str, old: str, new: str, context: int, redacted: bool) -> tuple[str, int]:
    a = old.splitlines(keepends=True)
    b = new.splitlines(keepends=True)
    head: list[str] = []
    hunks: list[list[str]] = []
    secret: list[bool] = []  # whether each hunk shows a secret
    for line in difflib.unified_diff(a, b, f"a/{rel}", f"b/{rel}", n=context):
        if not hunks and line.startswith(("---", "+++")):
            head.append(line.rstrip("\n") + "\n")
            continue
        if line.startswith("@@"):
            hunks.append([])
            secret.append(False)
        elif redacted and line[:1] in (" ", "-", "+") and redact(line[1:]) != line[1:]:
            secret[-1] = True
        if not line.endswith(("\n", "\r")):
            line = line + "\n\\ No newline at end of file\n"
        hunks[-1].append(line)
    kept = [lines for lines, shows in zip(hunks, secret, strict=True) if not shows]
    left_out = len(hunks) - len(kept)
    if not kept:
        return "", left_out
    return "".join(head) + "".join("".join(lines) for lines in kept), left_out
