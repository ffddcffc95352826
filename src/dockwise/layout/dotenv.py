"""The one ``.env`` / ``env_file`` reader, with Docker Compose's own syntax and located values.

Compose reads these files with compose-go's ``dotenv`` package; this module reads them the
same way, so that the layout (what a service's environment is), the extraction of a
standalone ``.env`` and the fix checker (does a fix keep the variables a file sets) agree:

- blank space (line breaks included) is skipped between statements; a statement starting
  with ``#`` is a comment up to the end of its line;
- ``KEY=value``, ``export KEY=value`` and the YAML-like ``KEY: value`` / ``KEY:value``;
  a name is made of letters, digits and ``_ . - [ ]`` (``C[0]=1`` sets ``C[0]``);
- a ``KEY`` alone on its line names a variable taken from the environment at run time
  (``EnvVar.value is None``);
- blanks after the separator are skipped; an unquoted value runs to the end of the line,
  loses what follows `` #`` (a space, then ``#``: ``KEY=a#b`` is ``a#b``, ``KEY= #x`` is
  ``#x``) and its trailing blanks;
- ``'single'`` quotes are literal except that ``\\'`` is a quote (``'it\\'s'`` is
  ``it's``); ``"double"`` quotes take ``\\"`` and the escapes ``\\a \\b \\f \\n \\r \\t \\v
  \\\\`` and ``\\0`` + three octal digits, and ``\\$`` becomes ``$$`` (a literal dollar for
  the interpolation stage); any other backslash stays.  Both may span lines, and reading
  goes on right after the closing quote (``A="x" # note`` is a comment after the value);
- a UTF-8 byte order mark is skipped (columns do not count it); ``\\r`` counts as a blank,
  so CRLF files read like LF files.

Where compose-go refuses the whole file (a name with another character or a space, an
unterminated quote), this reader records a :class:`~dockwise.model.FileError`, skips that
statement and reads on, so that the rest of the file is still analysed.  Nothing raises.

Values are located :class:`~dockwise.model.Text`: characters copied verbatim keep their
file position (lines counted as YAML and editors count them: CRLF, CR, LF, NEL, LS, PS);
characters produced by an escape have none.  ``${VAR}`` is *not* interpolated here (see
:func:`parse_env_file`, which Compose's loader uses): ``EnvEntry.quote`` says whether Compose
would (unquoted and double-quoted values) or not (single-quoted).
"""
from __future__ import annotations

import bisect
import posixpath
import re
from dataclasses import dataclass
from typing import Mapping

from dockwise.layout.interpolate import interpolate
from dockwise.layout.model import EnvVar
from dockwise.layout.shell import located
from dockwise.model import FileError, Span, Text

__all__ = ["EnvEntry", "Dotenv", "read_dotenv", "EnvFile", "parse_env_file", "ENV_TWINS", "DOCKER_TWINS", "twin_paths"]

# the words that mark a committed stand-in for an env file the operator writes
# (`.env.example`, `app.sample.env`, `.env.dist`, `.env.template`)
ENV_TWINS = ("example", "sample", "dist", "template")
# the words that mark a sample written for the project's containers (`.env.docker`,
# `app.docker.env`): where the project commits one beside a generic sample, the operator of
# the Compose project writes the file from it (the generic one often holds the values for
# running on the host: `localhost`, the published ports)
DOCKER_TWINS = ("docker", "compose")


def twin_paths(path: str, words: tuple[str, ...] = ENV_TWINS) -> list[str]:
    """The committed twins of the env file ``path`` marked by ``words``, each word's in turn:
    the word after the name (``.env.example``) and, where the name has an extension, before it
    (``app.example.env``)."""
    stem, ext = posixpath.splitext(path)
    out = []
    for word in words:
        out.append(f"{path}.{word}")
        if ext and posixpath.basename(stem):
            out.append(f"{stem}.{word}{ext}")
    return out

# what compose-go's isSpace calls a blank: white space that is not a line break
_BLANKS = "\t\v\f\r \x85\xa0"
_BREAKS = "\r\n\x85\u2028\u2029"
_POSITION_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_LINE_END = re.compile("[\r\n\x85\u2028\u2029]")
_NAME_PUNCTUATION = "_.-[]"
_EXPORT_RE = re.compile(r"export[\t\n\f\r ]+")
_ESCAPES = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v", "\\": "\\", '"': '"'}


@dataclass(frozen=True)
class EnvEntry:
    """One statement of a dotenv file: an assignment, or a bare name (``var.value`` None).

    ``quote`` is the quote the value was written in (``"'"``, ``'"'``) or None (unquoted,
    or no value).  ``line`` is the line of the name.
    """

    var: EnvVar
    quote: str | None = None
    line: int = 0


@dataclass(frozen=True)
class Dotenv:
    """The statements of one file, in file order (a name set twice appears twice), and its errors."""

    entries: tuple[EnvEntry, ...] = ()
    errors: tuple[FileError, ...] = ()
    # the file is an encrypted blob (decrypted where the project is deployed): it may set any
    # variable, with values unknown here
    sealed: bool = False


# the openings of a file encrypted as a whole, the tool that wrote it: `openssl enc` (raw, and
# its base64 form `-a`), git-crypt, ansible-vault.  Such an env file is decrypted on the deploy
# host; read as a dotenv it is one parse error a line and sets nothing
SEALED_OPENINGS = (
    ("Salted__", "openssl enc"),
    ("U2FsdGVkX1", "openssl enc"),
    ("\x00GITCRYPT\x00", "git-crypt"),
    ("$ANSIBLE_VAULT;", "ansible-vault"),
)


_BASE64_LINE = re.compile(r"[A-Za-z0-9+/]+=*")


def sealed_by(source: str) -> str | None:
    """The tool that encrypted ``source`` as a whole (``SEALED_OPENINGS``), or None."""
    text = source.lstrip("\ufeff \t\r\n")
    first = text.split("\n", 1)[0].rstrip("\r")
    for opening, tool in SEALED_OPENINGS:
        if text.startswith(opening):
            if opening.isalnum() and not _BASE64_LINE.fullmatch(first):
                return None  # `U2FsdGVkX1_HOST=db` is a variable, not base64 text
            return tool
    return None


def _is_space(c: str) -> bool:
    """Go's ``unicode.IsSpace`` (Python's ``isspace`` also takes the separators 0x1c-0x1f)."""
    return c.isspace() and c not in "\x1c\x1d\x1e\x1f"


def _is_name_char(c: str) -> bool:
    # Go's unicode.IsLetter / unicode.IsNumber, as compose-go checks a name
    return c in _NAME_PUNCTUATION or c.isalpha() or c.isnumeric()


class _Reader:
    """One pass over a file; ``pos`` is the offset of the next statement."""

    def __init__(self, source: str, path: str, origin: str) -> None:
        self.text = source[1:] if source.startswith("\ufeff") else source
        self.path = path
        self.origin = origin
        self.pos = 0
        # lines end as in the YAML files and editors (a lone CR, NEL, LS and PS too), for
        # reading and for positions alike, so a finding or an error points where the file
        # shows it (compose-go ends a line at LF only; these characters are rare in .env files)
        self.starts = [0] + [m.end() for m in _POSITION_BREAK.finditer(self.text)]
        self.entries: list[EnvEntry] = []
        self.errors: list[FileError] = []

    def where(self, offset: int) -> tuple[str, int, int]:
        """(path, line, column), 1-based, of an offset."""
        k = bisect.bisect_right(self.starts, offset) - 1
        return self.path, k + 1, offset - self.starts[k] + 1

    def line_end(self, offset: int) -> int:
        m = _LINE_END.search(self.text, offset)
        return len(self.text) if m is None else m.start()

    def error(self, offset: int, message: str) -> None:
        _, line, column = self.where(offset)
        self.errors.append(FileError(self.path, message, line, column))

    def bad_statement(self, start: int, end: int) -> None:
        """A statement compose-go refuses (the whole file, there): an error, and on to the next line."""
        self.error(start, f"cannot parse line {self.where(start)[1]}: expected NAME=value")
        self.pos = self.line_end(end)

    def run(self) -> Dotenv:
        text = self.text
        n = len(text)
        while True:
            while self.pos < n and _is_space(text[self.pos]):
                self.pos += 1
            if self.pos >= n:
                return Dotenv(tuple(self.entries), tuple(self.errors))
            if text[self.pos] == "#":
                self.pos = self.line_end(self.pos)
                continue
            self.statement()

    def statement(self) -> None:
        text = self.text
        export = _EXPORT_RE.match(text, self.pos)
        start = self.pos
        if export:
            start += len("export")
            while start < len(text) and text[start] in _BLANKS:
                start += 1
        end = start
        while end < len(text) and text[end] not in "=:" and text[end] not in _BREAKS:
            c = text[end]
            if not (c in _BLANKS or _is_name_char(c)):
                self.bad_statement(start, end)
                return
            end += 1
        name = text[start:end].rstrip()
        _, line, column = self.where(start)
        bare = end >= len(text) or text[end] in _BREAKS
        if not name and bare:
            self.pos = end  # nothing to name ("export" alone): compose-go looks up nothing
            return
        if not name or any(c in _BLANKS for c in name):  # compose-go refuses a name with a blank in it
            self.bad_statement(start, end)
            return
        span = Span(self.path, line, column, line, column + len(name))
        if bare:
            # a bare name: taken from the environment at run time
            self.entries.append(EnvEntry(EnvVar(name, None, self.origin, span), None, line))
            self.pos = end
            return
        value_at = end + 1
        while value_at < len(text) and text[value_at] in _BLANKS:
            value_at += 1
        quote = text[value_at] if value_at < len(text) and text[value_at] in "'\"" else None
        value = self.quoted(value_at, quote, name) if quote else self.unquoted(value_at)
        self.entries.append(EnvEntry(EnvVar(name, value, self.origin, span), quote, line))

    def unquoted(self, start: int) -> Text:
        end = self.line_end(start)
        self.pos = end
        raw = self.text[start:end]
        cut = raw.find(" #")
        if cut >= 0:
            raw = raw[:cut]
        raw = raw.rstrip()
        if not raw:
            return Text("")
        _, line, column = self.where(start)
        return Text.verbatim(raw, self.path, line, column)

    def quoted(self, start: int, quote: str, name: str) -> Text:
        """The value opening with the quote at ``start``; ``pos`` goes right after its close."""
        text = self.text
        n = len(text)
        chars: list = []
        k = start + 1
        while k < n:
            c = text[k]
            if c == quote:
                self.pos = k + 1
                return located(chars)
            if c == "\\" and k + 1 < n:
                k = self.escape(k, quote, chars)
                continue
            chars.append((c, self.verbatim(k)))
            k += 1
        # compose refuses the file; keep what was read (the rest of the file)
        self.error(start, f"unterminated {quote} quote in the value of {name}")
        self.pos = n
        return located(chars)

    def verbatim(self, offset: int) -> tuple[str, int, int] | None:
        """Where the character at ``offset`` is written (line breaks have no column)."""
        return None if self.text[offset] in "\r\n" else self.where(offset)

    def escape(self, k: int, quote: str, chars: list) -> int:
        """Read the backslash at ``k`` inside ``quote`` quotes into ``chars``; the next offset."""
        text = self.text
        nxt = text[k + 1]
        if nxt == quote:
            chars.append((nxt, self.where(k + 1)))
            return k + 2
        if quote == '"':
            if nxt in _ESCAPES:
                chars.append((_ESCAPES[nxt], None))
                return k + 2
            if nxt == "$":
                # compose-go writes "$$": a dollar that interpolation leaves alone
                chars.append(("$", self.where(k + 1)))
                chars.append(("$", None))
                return k + 2
            if nxt == "0":
                # {0,3} matches always (the empty string at least)
                digits = re.match(r"[0-9]{0,3}", text[k + 2 : k + 5]).group()  # type: ignore[union-attr]
                if len(digits) == 3 and re.fullmatch("[0-7]{3}", digits) and int(digits, 8) <= 0o377:
                    chars.append((chr(int(digits, 8)), None))
                else:
                    # Go's unquoting fails: the backslash and the digits stay, the 0 goes
                    chars.append(("\\", self.where(k)))
                    chars.extend((d, self.where(k + 2 + i)) for i, d in enumerate(digits))
                return k + 2 + len(digits)
        chars.append(("\\", self.where(k)))
        chars.append((nxt, self.verbatim(k + 1)))
        return k + 2


def read_dotenv(source: str, path: str, origin: str = "env_file") -> Dotenv:
    """Every statement of ``source`` (the text of the file at ``path``), not interpolated.

    Each variable is an ``EnvVar(name, located value, origin, name span)``.
    """
    if not isinstance(source, str):
        return Dotenv()
    tool = sealed_by(source)
    if tool is not None:
        return Dotenv(errors=(FileError(path, f"encrypted ({tool}): not read (its variables are unknown)",
                                        1, 1, "warning"),), sealed=True)
    return _Reader(source, path, origin).run()


# --------------------------------------------------------------------------- interpolated


@dataclass(frozen=True)
class EnvFile:
    """The variables of an interpolated ``.env`` / ``env_file``, in file order, and its errors."""

    vars: tuple[EnvVar, ...] = ()
    errors: tuple[FileError, ...] = ()
    sealed: bool = False  # encrypted: any variable may be set (Dotenv.sealed)

    def mapping(self) -> dict[str, Text]:
        return {v.name: v.value for v in self.vars if v.value is not None}


def parse_env_file(
    source: str,
    path: str,
    *,
    lookup: Mapping[str, Text] | None = None,
    origin: str = "env_file",
) -> EnvFile:
    """A ``.env`` / ``env_file`` as Compose reads it: :func:`read_dotenv`, interpolated.

    ``${VAR}`` in unquoted and double-quoted values is interpolated with the names set above
    it, then ``lookup``.  A bare ``KEY`` gives a value of None (taken from the environment at
    run time).  Values are Texts located in the file.
    """
    read = read_dotenv(source, path, origin)
    out: list[EnvVar] = []
    errors = list(read.errors)
    known: dict[str, Text] = {}
    for entry in read.entries:
        var = entry.var
        if var.value is not None:
            value = var.value
            if entry.quote != "'":
                value = _env_interp(value, known, lookup, path, var.name_span, errors)
                var = EnvVar(var.name, value, origin, var.name_span)
            known[var.name] = value
        out.append(var)
    # syntax errors and interpolation errors in file order
    errors.sort(key=lambda e: e.line or 0)
    return EnvFile(tuple(out), tuple(errors), read.sealed)


def _env_interp(
    value: Text,
    known: Mapping[str, Text],
    lookup: Mapping[str, Text] | None,
    path: str,
    where: Span | None,
    errors: list[FileError],
) -> Text:
    if "$" not in value.value:
        return value
    env: dict[str, Text] = dict(lookup or {})
    env.update(known)
    return interpolate(value, env, path=path, where=where, errors=errors)
