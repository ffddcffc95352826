"""The command line: check, fix, rules, explain, graph, lsp.

Start-up stays light: `dockwise --version` and `--help` load click only.  So every import
of a dockwise stage (the engine, the knowledge with yaml, the reporters, the fixer with
LibCST, the language server with pygls), and of ``dataclasses``, is made inside the
command or helper that needs it; this module's imports inside functions are all of that
kind.
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from dockwise import __version__

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
FORMATS = ("text", "json", "sarif", "github")


def _codes(values: tuple[str, ...]) -> tuple[str, ...] | None:
    if not values:
        return None
    out: list[str] = []
    for v in values:
        out.extend(c.strip() for c in v.split(",") if c.strip())
    return tuple(out)


def _checked_codes(values, where: str, known: dict) -> tuple[str, ...]:
    """``values`` as codes or code prefixes (``DW101``, ``DW1``, ``ALL``); a rule's name
    (``loopback-target``) stands for its code.  Anything else is a usage error naming it:
    an unknown code selected or ignored silently changes nothing."""
    from dockwise.config import resolve_code

    out = []
    for value in values:
        code = resolve_code(value, known)
        if code is None:
            raise _fail(f"{where}: unknown rule code or name {value!r} (`dockwise rules` lists them)")
        out.append(code)
    return tuple(out)


def _safe(text: str) -> str:
    from dockwise.report import safe

    return safe(text)


def _fail(message: str) -> "click.exceptions.Exit":
    click.echo(f"dockwise: error: {message}", err=True)
    return click.exceptions.Exit(EXIT_ERROR)


def _load_config(paths: list[Path], stdin_filename: str | None, config_file: str | None = None):
    """One configuration for the whole run, whatever the order of the paths: ``--config``'s,
    else the ``[tool.dockwise]`` of the project root's pyproject.toml (or the nearest above
    it).  A service's own pyproject.toml below the root is not read."""
    from dockwise.config import ConfigError, load_config, load_config_file
    from dockwise.discover import find_root

    try:
        if config_file:
            cfg = load_config_file(Path(config_file))
        else:
            start = [Path(stdin_filename).parent] if stdin_filename else [p for p in paths if p.exists()]
            start = [p for p in start if p.exists()] or [Path(".")]
            cfg = load_config(find_root(start))
    except ConfigError as exc:
        raise _fail(str(exc)) from None
    from dockwise.knowledge import KnowledgeError, default_knowledge

    try:  # a malformed rule pack is a usage error, reported before any work
        known = default_knowledge(tuple(cfg.rule_packs)).codes
    except KnowledgeError as exc:
        raise _fail(str(exc)) from None
    where = f"{cfg.source}: [tool.dockwise]" if getattr(cfg, "source", None) else "[tool.dockwise]"
    from dataclasses import replace

    return replace(
        cfg,
        select=_checked_codes(cfg.select, f"{where} select", known),
        ignore=_checked_codes(cfg.ignore, f"{where} ignore", known),
        per_file_ignores=tuple((pattern, _checked_codes(codes, f"{where} per-file-ignores", known))
                               for pattern, codes in cfg.per_file_ignores),
    )


def _compose_option(compose: tuple[str, ...]) -> tuple[str, ...] | None:
    """``--compose FILE`` (repeatable) as absolute paths; None when not given."""
    return tuple(str(Path(c).absolute()) for c in compose) or None


def _check_compose_files(cfg) -> None:
    """The Compose files named (``--compose``, ``compose-files``) exist: a usage error if not."""
    for c in cfg.compose_files:
        if not Path(c).is_file():
            raise _fail(f"{c}: no such Compose file")


def _colour(no_color: bool, stream) -> bool:
    if no_color or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return hasattr(stream, "isatty") and stream.isatty()


common_options = [
    click.option("--select", multiple=True, help="Rule codes or prefixes to report (comma-separated, repeatable)."),
    click.option("--ignore", "ignore_", multiple=True, help="Rule codes or prefixes to leave out."),
    click.option("--exit-zero", is_flag=True, help="Exit 0 even when findings are reported."),
    click.option("--stdin-filename", metavar="NAME", help="Read the source from stdin, judged as if it were at NAME."),
    click.option("--quiet", "-q", is_flag=True, help="Print findings only (no suggestions or summary when clean)."),
    click.option("--include-tests/--no-include-tests", default=None, help="Also judge test code (tests/, test_*.py, conftest.py)."),
    click.option("--compose", "compose", multiple=True, type=click.Path(dir_okay=False), help="Compose file(s) to use instead of discovery, merged in order (repeatable)."),
    click.option("--no-cache", is_flag=True, help="Neither read nor write the result cache."),
    click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, metavar="N",
                 help="Worker processes for parsing many files (default: the number of CPUs; 1: none)."),
    click.option("--no-color", is_flag=True, help="No colour (also: NO_COLOR=1)."),
    click.option("--output-file", "-o", type=click.Path(dir_okay=False, writable=True), help="Write the report to this file."),
    click.option("--statistics", is_flag=True, help="Print, instead of the findings, their count per rule (code, name, fixable)."),
    click.option("--unsafe-fixes", is_flag=True, help="With --fix/--diff: also apply fixes marked unsafe."),
    click.option("--diff", is_flag=True, help="Print the fixes as a unified diff and write nothing (exit 1 if any)."),
    click.option("--config", "config_file", type=click.Path(dir_okay=False), metavar="FILE",
                 help="Read [tool.dockwise] from FILE instead of the project root's pyproject.toml."),
    click.option("--exit-non-zero-on-fix", is_flag=True, help="With --fix: exit 1 when a file was fixed, even if nothing remains."),
    click.option("--show-fixes", is_flag=True, help="With --fix: list each fix applied."),
    click.option("--report-unused-suppressions", is_flag=True,
                 help="Also report suppression comments that suppress nothing (exit 1 if any)."),
]


def with_common(func):
    for option in reversed(common_options):
        func = option(func)
    return func


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="dockwise", message="%(prog)s %(version)s")
def cli() -> None:
    """dockwise: catch brittle container connection strings, judged against your Compose layout."""


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "--output-format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True, help="Output format.")
@click.option("--fix", is_flag=True, help="Apply safe fixes, then report what remains.")
@with_common
def check(paths, fmt, fix, **opts) -> None:
    """Check PATHS (default: the current directory)."""
    _run(list(paths), fmt=fmt, fix=fix, **opts)


@cli.command(name="fix")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "--output-format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True, help="Format of the remaining findings.")
@with_common
def fix_cmd(paths, fmt, **opts) -> None:
    """Apply fixes to PATHS, then report the findings that remain."""
    _run(list(paths), fmt=fmt, fix=True, **opts)


def _run(paths: list[Path], **opts) -> None:
    try:
        code = _run_inner(paths, **opts)
    except click.exceptions.Exit:
        raise
    except click.ClickException:
        raise
    except KeyboardInterrupt:
        click.echo("dockwise: interrupted", err=True)
        code = 130
    except Exception as exc:  # boundary: the CLI's top level; never a traceback for users
        click.echo(f"dockwise: internal error: {exc!r} (this is a bug in dockwise; please report it)", err=True)
        code = EXIT_ERROR
    raise click.exceptions.Exit(code)


def _run_inner(paths: list[Path], *, fmt, fix, select, ignore_, exit_zero, stdin_filename, quiet, include_tests,
               compose, no_cache, no_color, output_file, statistics, unsafe_fixes, diff, jobs=None,
               exit_non_zero_on_fix=False, show_fixes=False, config_file=None,
               report_unused_suppressions=False) -> int:
    from dockwise.engine import run_check
    from dockwise.knowledge import default_knowledge
    from dockwise.parallel import batch_gc

    batch_gc()
    if any(str(p) == "-" for p in paths):  # `dockwise check -`: the source comes from stdin, as in Ruff
        if len(paths) > 1:
            raise _fail("`-` (stdin) cannot be combined with other paths")
        paths = []
        stdin_filename = stdin_filename or "stdin.py"
    cfg = _load_config(paths, stdin_filename, config_file)
    known = default_knowledge(tuple(cfg.rule_packs)).codes
    cfg = cfg.with_options(
        select=_checked_codes(_codes(select), "--select", known) if select else None,
        ignore=_checked_codes(_codes(ignore_), "--ignore", known) if ignore_ else None,
        include_tests=include_tests,
        compose_files=_compose_option(compose), cache=False if no_cache else None, jobs=jobs,
    )
    stdin_source = None
    if stdin_filename:
        data = sys.stdin.buffer.read()
        from dockwise.source import SourceError, decode_source

        try:
            stdin_source = decode_source(data, python=stdin_filename.endswith(".py"))
        except SourceError as exc:
            raise _fail(f"{stdin_filename}: {exc}") from None
    _check_compose_files(cfg)

    progress = _progress_line() if not quiet and sys.stderr.isatty() and fmt == "text" and not stdin_filename \
        else None
    result = run_check(paths, cfg, stdin_source=stdin_source,
                       stdin_filename=Path(stdin_filename) if stdin_filename else None, progress=progress,
                       unused_suppressions=report_unused_suppressions)

    fixed_exit = False
    if fix or diff:
        result, status, applied = _fix(result, cfg, paths, stdin_filename, stdin_source, diff=diff,
                                       unsafe_fixes=unsafe_fixes, show_fixes=show_fixes, quiet=quiet)
        if status is not None:
            return status  # --diff, or the fixed stdin text: all is written
        fixed_exit = exit_non_zero_on_fix and applied > 0 and not exit_zero
    else:
        from dockwise.fix.plan import attach_fixes

        result = attach_fixes(result, unsafe=fmt in ("json", "sarif"))

    if statistics:  # instead of the findings, as Ruff does; the files that failed still say so
        out = _statistics(result, fmt, known)
        for e in result.errors:
            loc = f"{e.path}:{e.line}:" if e.line else f"{e.path}:"
            click.echo(f"error: {loc} {_safe(e.message)}", err=True)
    else:
        out = _render(result, fmt, quiet=quiet, colour=output_file is None and _colour(no_color, sys.stdout))
    if output_file:
        try:
            Path(output_file).write_text(out, encoding="utf-8")
        except OSError as exc:
            raise _fail(f"cannot write {output_file}: {exc.strerror or exc}") from None
    else:
        sys.stdout.write(out)
    for rel, line, what in result.warnings:
        click.echo(f"warning: {result.display_path(rel)}:{line}: {_safe(what)}", err=True)
    unused = result.unused_suppressions if report_unused_suppressions else ()
    for rel, line, what in unused:  # after the report; text lines, also in CI logs
        click.echo(f"{result.display_path(rel)}:{line}: unused suppression: {what}", err=fmt != "text")
    if result.errors:
        return EXIT_ERROR
    if unused and not exit_zero:
        return EXIT_FINDINGS
    if (result.active or fixed_exit) and not exit_zero:
        return EXIT_FINDINGS
    return EXIT_CLEAN


def _progress_line():
    """A progress line on stderr for large runs (a terminal, text output)."""
    reported = [0]  # the count last shown

    def progress(n: int, total: int) -> None:  # n grows by chunks when worker processes parse
        if total >= 200 and (n - reported[0] >= 50 or (n == total and reported[0] != total)):
            reported[0] = n
            sys.stderr.write(f"\rdockwise: {n}/{total} files" + ("\n" if n == total else ""))
            sys.stderr.flush()

    return progress


def _fix(result, cfg, paths, stdin_filename, stdin_source, *, diff, unsafe_fixes, show_fixes, quiet):
    """Apply (or, with --diff, show) the fixes: (the run's result after them, the exit status
    when all is written already (--diff, the stdin text) or None, how many were applied)."""
    from dockwise.fix.apply import run_fix

    outcome = run_fix(result, unsafe=unsafe_fixes, diff_only=diff,
                      stdin=bool(stdin_filename), stdin_source=stdin_source)
    outcome.remaining = _recheck(outcome, result, cfg, paths)
    if diff:
        sys.stdout.write(outcome.diff)
        for shown, n in outcome.left_out:  # on stderr: every hunk on stdout applies
            click.echo(f"dockwise: {n} hunk{'s' if n != 1 else ''} of {shown} "
                       f"{'hold' if n != 1 else 'holds'} a secret and {'are' if n != 1 else 'is'} not shown; "
                       f"`dockwise fix {shown}` applies {'them' if n != 1 else 'it'}", err=True)
        errors_exit = EXIT_ERROR if result.errors or outcome.errors else EXIT_CLEAN
        if errors_exit:
            for e in outcome.errors:
                click.echo(f"error: {e.path}: {_safe(e.message)}", err=True)
        return result, errors_exit or (EXIT_FINDINGS if outcome.diff else EXIT_CLEAN), outcome.applied
    if stdin_filename:
        sys.stdout.write(outcome.stdout)
        for f in outcome.remaining.active:
            click.echo(f"{f.span.path}:{f.span.line}:{f.span.column}: {f.code} {_safe(f.message)}", err=True)
        return result, EXIT_ERROR if outcome.remaining.errors else EXIT_CLEAN, outcome.applied
    result = outcome.remaining
    if show_fixes and outcome.fixed:
        for f in outcome.fixed:
            where = result.display_path(f.span.path)
            click.echo(f"fixed: {where}:{f.span.line}:{f.span.column}: {f.code} -> "
                       f"{_safe(str(_suggestion(f)))}", err=True)
    if not quiet and outcome.applied:
        click.echo(f"Fixed {outcome.applied} finding{'s' if outcome.applied != 1 else ''} in "
                   f"{outcome.files_changed} file{'s' if outcome.files_changed != 1 else ''}.", err=True)
    return result, None, outcome.applied


def _recheck(outcome, result, cfg, paths):
    """What remains after a fix wrote files (or fixed the stdin text): they are checked
    again, and the files it could not fix stay errors."""
    from dataclasses import replace

    from dockwise.engine import run_check
    from dockwise.fix.plan import attach_fixes

    if outcome.stdin_rel is not None:
        again = run_check([], cfg, stdin_source=outcome.stdout, stdin_filename=Path(result.root) / outcome.stdin_rel)
    elif outcome.written:
        again = run_check(list(paths), cfg)
    else:
        return outcome.remaining
    again = attach_fixes(again)
    if outcome.errors:
        again = replace(again, errors=tuple(again.errors) + tuple(outcome.errors))
    return again


def _suggestion(f) -> str:
    from dockwise.report import suggestion_text

    return suggestion_text(f.suggestion) or "fixed"


def _statistics(result, fmt: str, known: dict) -> str:
    from dockwise.report.text import statistics_rows, statistics_text

    if fmt == "json":
        rows = [{"code": code, "name": name, "count": n, "fixable": safe_n, "unsafe_fixable": unsafe_n}
                for code, name, n, safe_n, unsafe_n in statistics_rows(result.active, known)]
        return json.dumps(rows, indent=2) + "\n"
    return statistics_text(result.active, known)


def _render(result, fmt: str, *, quiet: bool, colour: bool) -> str:
    if fmt == "json":
        from dockwise.report import json as report_json

        return report_json.render(result)
    if fmt == "sarif":
        from dockwise.report import sarif

        return sarif.render(result)
    if fmt == "github":
        from dockwise.report import github

        return github.render(result)
    from dockwise.report import text

    return text.render(result, colour=colour, quiet=quiet)


def _project_codes() -> dict:
    """The rule entries of the project in the working directory: the bundled ones and its
    ``[tool.dockwise]`` rule packs' (a pack may add or reword a rule)."""
    from dockwise.knowledge import KnowledgeError, default_knowledge

    cfg = _load_config([Path(".")], None)
    try:
        return default_knowledge(tuple(cfg.rule_packs)).codes
    except KnowledgeError as exc:
        raise _fail(str(exc)) from None


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def rules(fmt: str) -> None:
    """List the rules (with the project's rule packs)."""
    codes = _project_codes()
    if fmt == "json":
        click.echo(json.dumps([{"code": c, "name": e.name, "severity": e.severity,
                                "summary": e.summary, "fix": e.applicability}
                               for c, e in codes.items()], indent=2))
        return
    width = max((len(e.name) for e in codes.values()), default=10)
    for code, entry in codes.items():
        click.echo(f"{code}  {entry.name:<{width}}  {entry.severity:<7}  {entry.summary}")


@cli.command()
@click.argument("code")
def explain(code: str) -> None:
    """Print the documentation of one rule (a code or a name: DW101, loopback-target)."""
    from dockwise.config import resolve_code
    from dockwise.rules_doc import render_entry

    codes = _project_codes()
    entry = codes.get(resolve_code(code, codes) or "")  # a code or a rule name
    if entry is None:
        raise _fail(f"unknown rule code {code!r}; `dockwise rules` lists them")
    click.echo(render_entry(entry))


@cli.command()
@click.argument("path", required=False, type=click.Path(path_type=Path), default=Path("."))
@click.option("--format", "fmt", type=click.Choice(["mermaid", "dot", "json"]), default="mermaid", show_default=True)
@click.option("--output-file", "-o", type=click.Path(dir_okay=False, writable=True))
@click.option("--no-cache", is_flag=True, help="Neither read nor write the result cache.")
@click.option("--compose", "compose", multiple=True, type=click.Path(dir_okay=False),
              help="Compose file(s) to use instead of discovery, merged in order (repeatable).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, metavar="N",
              help="Worker processes for parsing many files (default: the number of CPUs; 1: none).")
def graph(path: Path, fmt: str, output_file: str | None, no_cache: bool, compose: tuple[str, ...],
          jobs: int | None) -> None:
    """Print the network layout and every connect target as a Mermaid or Graphviz graph."""
    try:
        from dockwise.engine import run_check
        from dockwise.report import graph as report_graph

        cfg = _load_config([path if path.exists() else Path(".")], None)
        cfg = cfg.with_options(cache=False if no_cache else None, compose_files=_compose_option(compose), jobs=jobs)
        _check_compose_files(cfg)
        result = run_check([path], cfg, prefilter="hosts")  # every connect target, also those no rule flags
        out = report_graph.render(result, fmt)
    except click.exceptions.Exit:
        raise
    except Exception as exc:  # boundary: the graph command's top level; never a traceback for users
        click.echo(f"dockwise: internal error: {exc!r} (this is a bug in dockwise; please report it)", err=True)
        raise click.exceptions.Exit(EXIT_ERROR) from None
    if output_file:
        Path(output_file).write_text(out, encoding="utf-8")
    else:
        sys.stdout.write(out)
    for e in result.errors:
        click.echo(f"error: {e.path}: {_safe(e.message)}", err=True)
    raise click.exceptions.Exit(EXIT_ERROR if result.errors else EXIT_CLEAN)


@cli.command()
def lsp() -> None:
    """Run the language server over stdio (needs the `lsp` extra: pip install 'dockwise[lsp]')."""
    try:
        from dockwise.lsp import serve
    except ImportError as exc:
        raise _fail(f"the language server needs pygls: pip install 'dockwise[lsp]' ({exc})") from None
    serve()


def main() -> None:
    try:
        cli.main(prog_name="dockwise", standalone_mode=True)
    except KeyboardInterrupt:  # pragma: no cover
        sys.exit(130)
