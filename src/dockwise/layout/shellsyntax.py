"""Words of a shell script that are syntax, not commands: a ``case`` arm's pattern list, the
elements of an array written over several lines, and an arithmetic ``for`` loop's header.

Split at its control operators, a script's ``case`` arm ``true | yes | on)`` reads as a pipeline of
programs ``true``, ``yes``, ``on)``, and ``web) exec gunicorn app:app ;;`` as a program ``web)``
whose arguments hide the server; the elements of ``vars=(`` newline ``DATA_DIR`` newline ``)``
read as programs too.  A word taken for a program nobody knows makes the start command one that
"could not be followed", and its container is judged on every file it holds.

``without_syntax_words`` drops those words from a token stream (tokens with their "is a control
operator" flags, as ``Walk.run`` takes them).  A pattern is a list of words joined by ``|`` that
ends in a word ending with ``)``, right after ``case WORD in`` or an arm's ``;;``; anything else
there (an ``esac``, a command) is left as it was.  An array is a word ``NAME=(`` without its ``)``,
up to the first word ending with ``)``; one never closed is left as it was.  So is the header of
bash's arithmetic loop, ``for (( i=0; i<N; i++ ))``, up to the word ending with ``))``: its ``;``
separate expressions, and ``i``, ``i++`` are no programs.
"""
from __future__ import annotations

import re
from typing import Sequence

from dockwise.model import Text

__all__ = ["without_syntax_words"]

# `NAME=(` or `NAME+=(first` opening an array its word does not close
_ARRAY_OPEN = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*\+?=\([^)]*$")
_ARM_ENDS = frozenset({";;", ";&", ";;&"})
_PREFIX_WORDS = frozenset({"then", "do", "else", "if", "while", "until", "!", "{", "("})


def without_syntax_words(tokens: Sequence[Text], ops: Sequence[bool]) -> tuple[list[Text], list[bool]]:
    out_t: list[Text] = []
    out_o: list[bool] = []
    # the words of the command being read (since the last control operator), less the words
    # of the syntax that may come before it (`then`, `do`, `!`): kept as they come, since a
    # command of 60,000 words made a fresh copy per word quadratic
    head: list[str] = []
    n = len(tokens)
    i = 0
    at_pattern = False
    while i < n:
        tok, op = tokens[i], ops[i]
        if at_pattern:
            at_pattern = False
            end = _pattern_end(tokens, ops, i)
            if end is not None:
                i = end  # the pattern starts no command; the arm's first one may follow it
                continue
        if op:
            out_t.append(tok)
            out_o.append(op)
            head = []
            at_pattern = tok.value in _ARM_ENDS
            i += 1
            continue
        if tok.value.startswith("((") and head == ["for"]:
            # bash's arithmetic loop `for (( i=0; i<N; i++ ))`: its `;` separate expressions,
            # not commands (`i`, `i++` are no programs); the header ends at the word ending `))`
            close = next((k for k in range(i, n) if not ops[k] and tokens[k].value.endswith("))")), None)
            if close is not None:
                out_t.append(tok)
                out_o.append(False)
                if tok.value not in _PREFIX_WORDS:
                    head.append(tok.value)
                i = close + 1
                continue
        if _ARRAY_OPEN.match(tok.value):
            close = next((k for k in range(i + 1, n) if not ops[k] and tokens[k].value.endswith(")")), None)
            if close is not None:
                out_t.append(tok)
                out_o.append(False)
                if tok.value not in _PREFIX_WORDS:
                    head.append(tok.value)
                i = close + 1
                continue
        out_t.append(tok)
        out_o.append(False)
        if tok.value not in _PREFIX_WORDS:
            head.append(tok.value)
        i += 1
        if len(head) == 3 and head[0] == "case" and head[2] == "in":
            # the first arm may follow on the same line (`case "$1" in web) exec ...`): the
            # `case` words end here, as a line end would end them
            out_t.append(Text(";"))
            out_o.append(True)
            head = []
            at_pattern = True
    return out_t, out_o


def _pattern_end(tokens: Sequence[Text], ops: Sequence[bool], i: int) -> int | None:
    """Where the arm's pattern list that starts at ``i`` (after blank lines) ends, one past its
    closing word; None where what follows is no pattern."""
    n = len(tokens)
    while i < n and ops[i] and tokens[i].value == ";":
        i += 1  # line ends before the pattern
    expect_word = True
    while i < n:
        tok, op = tokens[i], ops[i]
        if expect_word:
            if op or tok.value == "esac":
                return None
            if tok.value.endswith(")"):
                return i + 1
            expect_word = False
        elif not (op and tok.value == "|"):
            return None
        else:
            expect_word = True
        i += 1
    return None
