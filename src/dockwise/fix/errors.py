"""The error of a file whose fixes cannot be applied safely: raised by the verification and
the writing of a fix, reported by ``run_fix``; the file is left as it is."""
from __future__ import annotations


class FixError(Exception):
    """A file whose fixes cannot be applied safely (the file is left as it is)."""
