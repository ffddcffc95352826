"""Plain data that crosses the pipeline's stage boundaries.

discover -> layout -> extract -> resolve -> report | fix

Every type here is a small frozen dataclass (hashable, comparable, picklable) so that
stages can be tested with plain values and results can be cached and sent across
processes.  No behaviour lives here beyond trivial helpers.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from dockwise.knowledge import Knowledge
from dockwise.source import display_path


@dataclass(frozen=True, order=True)
class Span:
    """A range of text in one file.

    ``path`` is posix and relative to the project root.  Lines and columns are 1-based and
    count characters (Unicode code points); the end is exclusive.
    """

    path: str
    line: int
    column: int
    end_line: int
    end_column: int


# A character standing for text that is not known statically (an f-string expression, an
# unset ${VAR}, a name). Parsers treat it as "unknown": a host containing it is not literal,
# a port made of it is unknown.
HOLE = "\x00"


@dataclass(frozen=True)
class Piece:
    """``Text.value[start:end]`` is copied verbatim from one line of a source file, starting
    at (line, column) of ``path`` (1-based, columns in characters)."""

    start: int
    end: int
    path: str
    line: int
    column: int


@dataclass(frozen=True)
class Text:
    """A string value with a map back to where each verbatim piece of it is written.

    Used for Python string literals (f-strings and concatenations: expressions become
    HOLE), YAML scalars (quoted, block, interpolated: a ${VAR} replaced by its value maps
    to the .env line that set it) and Dockerfile/.env values.  Parts without a piece
    (escapes, holes, text from elsewhere) cannot be pointed at or edited.
    """

    value: str
    pieces: tuple[Piece, ...] = ()

    def span(self, start: int, end: int) -> Span | None:
        """The source span of ``value[start:end]`` if it lies within one piece."""
        for piece in self.pieces:
            if piece.start <= start and end <= piece.end and start <= end:
                return Span(
                    piece.path,
                    piece.line,
                    piece.column + (start - piece.start),
                    piece.line,
                    piece.column + (end - piece.start),
                )
        return None

    @staticmethod
    def verbatim(value: str, path: str, line: int, column: int) -> "Text":
        """A single-line value written exactly as is at (line, column)."""
        return Text(value, (Piece(0, len(value), path, line, column),))


# the context of an Endpoint that is a client call given no address (Endpoint.default_call)
DEFAULT_CALL = "connect-default:"


@dataclass(frozen=True)
class Endpoint:
    """One connect target (or bind address) as written in a file.

    ``span`` covers the host text itself (inside the string or scalar).

    role:
      "connect"      code or config will connect to host:port
      "bind"         a server listens on host:port (DW201 when loopback)
      "bind-default" a server start that relies on a default loopback bind (Flask
                     ``app.run()`` with no host, ``flask run`` / ``uvicorn`` / ``gunicorn``
                     without a host option); ``host`` holds the default ("127.0.0.1")
      "healthcheck"  a probe run by a healthcheck inside the service's own container
      "advertised-listener"  a Kafka advertised listener (DW109)

    port: the effective port: the explicit one, else a sibling port argument, else the
      scheme's default port (None when unknown); ``port_source`` says which.
    port_span: where the port text is (explicit port in the URL, or the sibling argument).
    scheme: normalised base scheme ("postgresql" for "postgresql+psycopg2"), or None.
    context: how it was found ("url", "dsn", "hostport", "kwarg:host", "env:DATABASE_URL",
      "dict:HOST", "command", ...): for messages, tests and the fixer.
    text: the whole address as written, with credentials redacted, for messages.
    fallback_for: the environment variable name when this is an os.getenv / environ.get
      default (or a Compose ``${VAR:-default}`` default).
    services: for values found in Compose/.env/Dockerfile: the services that use the value.
      Empty for Python code: the layout's ownership decides who runs it.
    project: the Compose project directory (posix, relative to the root) the value belongs
      to, when it came from a Compose file.
    quoted_whole: True when the host is a whole string literal of its own (``host="x"``),
      so a fix replaces the literal's content.
    """

    span: Span
    host: str
    port: int | None = None
    port_source: str | None = None  # "explicit" | "argument" | "scheme" | None
    port_span: Span | None = None
    scheme: str | None = None
    context: str = "url"
    role: str = "connect"
    text: str = ""
    fallback_for: str | None = None
    services: tuple[str, ...] = ()
    project: str | None = None
    quoted_whole: bool = False
    fallbacks: tuple[str, ...] = ()  # more variables it is the default of (nested environment reads)

    @property
    def default_call(self) -> bool:
        """A client call given no address, which dials its library's default (``redis.Redis()``;
        context ``connect-default:<call>``): no host is written where the span is."""
        return self.context.startswith(DEFAULT_CALL)


@dataclass(frozen=True)
class Edit:
    """Replace the text of ``span`` by ``content`` (an insertion when the span is empty)."""

    span: Span
    content: str


@dataclass(frozen=True)
class Fix:
    edits: tuple[Edit, ...]
    applicability: str = "safe"  # "safe" | "unsafe"


@dataclass(frozen=True)
class Suggestion:
    host: str
    port: int | None = None
    # the layout leaves a choice the fixer cannot make (the one listener starts only with a
    # Compose profile): the suggestion stands, its fix is unsafe
    tentative: bool = False


@dataclass(frozen=True)
class Evidence:
    """Why a finding stands: where the value is dialled, and how its file runs there.

    ``sink`` is the call or setting that connects (or binds) with the value, ``kind`` says
    what it is (``redis.Redis(host)``, ``setting DATABASES.default.HOST``,
    ``env:DATABASE_URL``), ``flow`` the places the value passes through on its way.  ``entry``
    is how the service starts the code (its entry point), ``chain`` the modules from the
    entry module to the flagged file."""

    sink: Span | None = None
    kind: str = ""
    flow: tuple[Span, ...] = ()
    entry: str = ""
    chain: tuple[str, ...] = ()


@dataclass(frozen=True)
class Finding:
    code: str
    severity: str  # "error" | "warning"
    span: Span
    message: str
    services: tuple[str, ...] = ()  # every service whose container runs the flagged text
    target_host: str | None = None
    target_port: int | None = None
    suggestion: Suggestion | None = None
    fix: Fix | None = None
    suppressed: bool = False
    flagged_text: str = ""  # the host text as written (for fingerprints), never a secret
    endpoint: Endpoint | None = None  # what was flagged (for the fixer and reporters)
    evidence: Evidence | None = None  # where it is dialled and how its file runs
    mixed: bool = False  # other services running the same text get another verdict (its fix is unsafe)
    # the Compose services (layout objects) the verdict holds for: of same-named services of a
    # project and its variant, only those; in-process only (the fixer's host-gateway entries)
    runners: tuple[object, ...] = field(default=(), compare=False, repr=False)

    @property
    def service(self) -> str | None:
        return self.services[0] if self.services else None


# the end of an internal error's message (a FileError of kind "internal")
BUG_HINT = "this is a bug in dockwise; please report it with the file that triggers it"


@dataclass(frozen=True)
class FileError:
    """A file (or path) that could not be read, parsed or analysed."""

    path: str  # as given / relative to the current directory
    message: str
    line: int | None = None
    column: int | None = None
    # "problem": the input's (unreadable, a syntax error, bad YAML); "limit": dockwise's own
    # bounds refused it (too large, too deeply nested); "internal": a bug in dockwise or a
    # crashed worker; "warning": valid input other readers may misread (an unquoted 22:22 port),
    # printed as a warning, not an error.  Only a problem's result is cached: the others may not recur.
    kind: str = "problem"


@dataclass(frozen=True)
class FileResult:
    """What the analysis of one file produced."""

    path: str
    endpoints: tuple[Endpoint, ...] = ()
    suppressions: tuple[tuple[int, frozenset[str] | None], ...] = ()  # (line, codes or None=all)
    errors: tuple[FileError, ...] = field(default=())


@dataclass(frozen=True)
class RunResult:
    """What a whole run found: the reporters' and the fixer's input."""

    root: Path
    findings: tuple[Finding, ...]
    errors: tuple[FileError, ...]
    files_checked: int
    sources: dict[str, str] | None = None  # root-relative path -> text read (for the fixer)
    layout: object | None = None
    endpoints: tuple[Endpoint, ...] = ()
    runs: object | None = None  # dockwise.runs.Runs: which modules each container runs
    # files among those checked that a container runs, or whose values one reads (None: not
    # counted); 0 means nothing here was container code, which is not "all checks passed"
    container_files: int | None = None
    # --report-unused-suppressions: (path, line, what is unused) of each suppression comment
    # that suppresses nothing (like Ruff's RUF100)
    unused_suppressions: tuple[tuple[str, int, str], ...] = ()
    # the Knowledge of the run (the bundled and the configured rule packs): the reporters read
    # it, none loads its own (a pack's loopback name or rule is the run's everywhere)
    knowledge: Knowledge | None = None
    # (path, line, message): problems that do not stop the run (an unknown code in a
    # suppression comment of a file with findings)
    warnings: tuple[tuple[str, int, str], ...] = ()

    def display_path(self, rel: str, cwd: Path | None = None) -> str:
        return display_path(self.root, rel, cwd)

    @property
    def active(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if not f.suppressed)
