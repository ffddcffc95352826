"""The walk through a start command (``Walk``): argv by argv, through shells (``sh -c``,
``&&`` chains), wrappers (``exec``, ``env A=b``, ``poetry run``, ``tini --``), Python (
``python -m``, scripts) and the programs ``rules/commands.yaml`` knows, recording the
server, its bind host and ports, the Python targets and the probes it finds."""
from __future__ import annotations

import posixpath
import re
from typing import Sequence

from dockwise.knowledge import Commands, Probe, Runner, Server, Wrapper
from dockwise.layout.interpolate import concat_text
from dockwise.layout.shell import CONTROL_OPERATORS, slice_text, split_words
from dockwise.layout.shellsyntax import without_syntax_words
from dockwise.layout.startcmd_args import (
    ASSIGNMENT,
    REDIRECT,
    RESERVED_WORDS,
    VAR_REF,
    Opt,
    base_name,
    container_join,
    expand_within,
    last_option,
    port_of,
    resolve_vars,
    scan_options,
    split_hostport,
    substituted_words,
    url_host,
)
from dockwise.layout.startcmd_results import ProbeInfo, PythonTarget, ServerInfo
from dockwise.model import HOLE, Text

MAX_DEPTH = 12

# a function's dotted path, as watchfiles tells one from a command (``pkg.module.func``)
_DOTTED_FUNCTION = re.compile(r"[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)+")

# Within `[[ ... ]]` these join the test's expressions (`[[ -z "$A" && "$B" == n ]]`, bash's
# conditional command) and end no command: the words after them are operands, no program.
_TEST_JOINERS = frozenset({"&&", "||"})


class Walk:
    def __init__(self, spec: Commands, env: dict[str, Text | None], probes: bool = False) -> None:
        self.spec = spec
        self.base_env = env
        self.want_probes = probes
        self.servers: list[ServerInfo] = []
        self.targets: list[PythonTarget] = []
        self.programs: list[Text] = []
        self.scripts: list[str] = []
        # the working directory each script runs in, where known (`sh -c "cd /srv && ./run.sh"`)
        self.script_dirs: dict[str, str | None] = {}
        self.probes: list[ProbeInfo] = []
        self.argvs: list[tuple[str, ...]] = []

    # -- command lists -------------------------------------------------------------------
    def run(self, tokens: Sequence[Text], cwd: str | None, env: dict, depth: int = 0, operators: Sequence[bool] | None = None) -> None:
        if depth > MAX_DEPTH:
            return
        env = dict(env)
        state = {"cwd": cwd, "env": env}
        cmd: list[Text] = []
        ops = list(operators) if operators is not None else [t.value in CONTROL_OPERATORS for t in tokens]
        tokens, ops = without_syntax_words(tokens, ops)  # case patterns, array elements: no commands
        in_test = False  # inside bash's conditional command, `[[ ... ]]`
        for tok, is_op in zip(tokens, ops, strict=False):
            if is_op and tok.value in CONTROL_OPERATORS and not (in_test and tok.value in _TEST_JOINERS):
                self.simple(cmd, state, depth)
                cmd = []
                in_test = False
            else:
                if not is_op and tok.value == "[[" and all(t.value in RESERVED_WORDS for t in cmd):
                    in_test = True
                elif not is_op and tok.value == "]]":
                    in_test = False
                cmd.append(tok)
        self.simple(cmd, state, depth)

    def script(self, text: Text, state: dict, depth: int) -> None:
        words = split_words(text, newline_is_separator=True)
        self.run([w.text for w in words], state["cwd"], state["env"], depth + 1, [w.control for w in words])

    def simple(self, argv: list[Text], state: dict, depth: int) -> None:
        # drop redirections (and their targets)
        clean: list[Text] = []
        skip = False
        for tok in argv:
            if skip:
                skip = False
                continue
            if REDIRECT.match(tok.value):
                skip = True
                continue
            clean.append(tok)
        while clean and clean[0].value in RESERVED_WORDS:
            clean = clean[1:]
        while clean and clean[-1].value in ("}", ")", "fi", "done", "esac"):
            clean = clean[:-1]
        if clean and clean[0].value.startswith("(") and len(clean[0].value) > 1:
            clean[0] = slice_text(clean[0], 1, len(clean[0].value))
        env = dict(state["env"])
        while clean and ASSIGNMENT.match(clean[0].value):
            name = clean[0].value.split("=", 1)[0]
            env[name] = _assigned(clean[0], name, env)
            clean = clean[1:]
        if not clean:
            state["env"].update(env)  # A=b on its own sets a shell variable
            return
        prog = clean[0].value
        if prog == "cd":
            if len(clean) > 1 and not clean[1].value.startswith("$") and clean[1].value not in ("-", "~"):
                state["cwd"] = container_join(state["cwd"], clean[1].value)
            return
        if prog == ":":
            # `: "${PGPORT:=5432}"`: the null command's expansion assigns the default where
            # the variable is unset (or empty, with the colon), as `PGPORT=${PGPORT:-5432}` does
            for tok in clean[1:]:
                m = VAR_REF.match(tok.value)
                if m and m.group(1) and m.group(2) in (":=", "="):
                    state["env"][m.group(1)] = _value_assigned(tok, state["env"])
            return
        if prog in ("export", "declare", "typeset", "local", "readonly"):
            for tok in clean[1:]:
                if ASSIGNMENT.match(tok.value):
                    name = tok.value.split("=", 1)[0]
                    state["env"][name] = _assigned(tok, name, state["env"])
            return
        self.command(clean, state["cwd"], env, depth)

    # -- one simple command ----------------------------------------------------------------
    def command(self, argv: list[Text], cwd: str | None, env: dict, depth: int) -> None:
        if not argv or depth > MAX_DEPTH:
            return
        prog_tok = argv[0]
        if VAR_REF.match(prog_tok.value):
            value = resolve_vars(prog_tok, env)  # "$PY" app.py, with PY=python3 set before
            if value.value and HOLE not in value.value and not value.value.startswith("$"):
                words = split_words(value)
                if len(words) == 1:
                    prog_tok = words[0].text
                    argv = [prog_tok, *argv[1:]]
        if VAR_REF.match(prog_tok.value):
            # a command held whole in a variable (`$CMD` after `CMD="gunicorn app:app -b ..."`):
            # the shell splits its value into words, the first of them the program
            value = resolve_vars(prog_tok, env)
            if value.value and HOLE not in value.value and not value.value.startswith("$"):
                words = split_words(value)
                if len(words) > 1 and not any(w.operator or w.control for w in words):
                    self.command([w.text for w in words] + list(argv[1:]), cwd, env, depth + 1)
                    return
        if VAR_REF.match(prog_tok.value) and len(argv) > 1 and self._names_program(argv[1], env):
            # an optional prefix held in a variable (`exec $SU_EXEC python app.py`, with
            # SU_EXEC="su-exec $UID" or empty): the command after it is what runs
            self.command(argv[1:], cwd, env, depth + 1)
            return
        prog = base_name(prog_tok.value)
        args = _split_lists(argv[1:], env)
        spec = self.spec
        if spec.shells.matches(prog):
            self.shell(prog_tok, args, cwd, env, depth)
            return
        for w in spec.wrappers:
            if w.matches(prog):
                if self.want_probes:
                    # a wrapper that waits for a host before it runs its command dials that
                    # host too (``wait-for-it db:5432 -- python app.py``)
                    for p in spec.probes:
                        if p.matches(prog):
                            self.probe(p, prog, prog_tok, args, env)
                            break
                # eval joins its words as written: a variable in them is expanded when the
                # joined text is read again, its quotes still quotes then
                self.wrapper(w, list(argv[1:]) if w.joins_arguments else args, cwd, env, depth)
                return
        self.argvs.append(_expanded(argv, env))
        if spec.interpreters.matches(prog):
            self.programs.append(prog_tok)
            self.python(prog_tok, args, cwd, env, depth)
            return
        self.programs.append(prog_tok)
        if self.server_program(prog, prog_tok, args, cwd, env, depth):
            return
        for r in spec.runners:
            if r.matches(prog):
                self.runner(r, prog, args, cwd, env)
                return
        if self.want_probes:
            for p in spec.probes:
                if p.matches(prog):
                    self.probe(p, prog, prog_tok, args, env)
                    return
        if prog.endswith(".py"):
            self.targets.append(PythonTarget("script", prog_tok.value, prog_tok, cwd, True, None, None,
                                             tuple(a.value for a in args)))
            self.server_script(prog, prog_tok, args, cwd, env)
            return
        if spec.is_entry_script(prog):
            self.scripts.append(prog_tok.value)
            self.script_dirs.setdefault(prog_tok.value, cwd)
            if args and not args[0].value.startswith("-"):
                self.command(self._waited_command(args) or list(args), cwd, env, depth + 1)

    def _waited_command(self, args: list[Text]) -> list[Text] | None:
        """The command after ``--`` of a script given what it waits for first, the wait-for-it
        convention (``./wait-for-db.sh db -- python app.py``: the script takes ``db`` off its
        arguments, ``shift``, and runs the rest): where the first word names no program known
        here, it is the script's argument, and the words after ``--`` are what runs.  None: no
        such ``--``, or the first word is itself a program (``./entry.sh celery -- ...``)."""
        values = [a.value for a in args]
        if "--" not in values:
            return None
        rest = args[values.index("--") + 1:]
        first = base_name(values[0])
        spec = self.spec
        if not rest or rest[0].value.startswith("-") or values[0] == "--" or VAR_REF.match(values[0]) \
                or spec.starts_python(first) or spec.shells.matches(first) or spec.is_entry_script(first) \
                or first.endswith(".py") or any(w.matches(first) for w in spec.wrappers):
            return None
        return list(rest)

    def _names_program(self, tok: Text, env: dict) -> bool:
        """``tok`` (a variable of one word resolved) names an interpreter, a server or a runner."""
        if VAR_REF.match(tok.value):
            tok = resolve_vars(tok, env)
            if not tok.value or HOLE in tok.value or tok.value.startswith("$") or len(split_words(tok)) != 1:
                return False
        return self.spec.starts_python(base_name(tok.value))

    def shell(self, prog_tok: Text, args: list[Text], cwd, env, depth) -> None:
        i, n = 0, len(args)
        has_c = False
        while i < n:
            v = args[i].value
            if v in self.spec.shells.with_value:
                i += 2
                continue
            if (v.startswith("-") or v.startswith("+")) and len(v) > 1 and v != "--":
                if not v.startswith("--") and "c" in v[1:]:
                    has_c = True
                i += 1
                continue
            if v == "--":
                i += 1
            break
        if has_c:
            if i < n:
                self.script(args[i], {"cwd": cwd, "env": dict(env)}, depth)
            return
        if i < n:
            script = args[i]
            rest = args[i + 1 :]
            name = base_name(script.value)
            if any(w.matches(name) for w in self.spec.wrappers):
                # a wrapper script handed to the shell (`sh wait-for.sh db:5432 -- python app.py`)
                # runs its command as it does when run directly
                self.command([script, *rest], cwd, env, depth + 1)
                return
            self.scripts.append(script.value)
            self.script_dirs.setdefault(script.value, cwd)
            if rest and self.spec.is_entry_script(name) and not rest[0].value.startswith("-"):
                self.command(self._waited_command(rest) or list(rest), cwd, env, depth + 1)

    def wrapper(self, w: Wrapper, args: list[Text], cwd, env, depth) -> None:
        env = dict(env)
        if w.lookup_options and args and args[0].value in w.lookup_options:
            return  # `command -v nproc`: a lookup, nothing runs
        if w.joins_arguments:
            # `eval "$cmd"`: the words joined by spaces are read again as a command
            if args:
                joined = concat_text([part for tok in args for part in (Text(" "), tok)][1:])
                self.script(joined, {"cwd": cwd, "env": env}, depth)
            return
        if w.command_options and _option_value(args, w.user_options) is None:
            command = _option_value(args, w.command_options)
            if command is not None:
                self.script(command, {"cwd": cwd, "env": env}, depth)
            return
        if w.double_dash == "required":
            for k, tok in enumerate(args):
                if tok.value == "--":
                    self.command(list(args[k + 1 :]), cwd, env, depth + 1)
                    return
            return
        i, n = 0, len(args)
        need_sub = w.subcommand
        left = w.positionals
        while i < n:
            tok = args[i]
            v = tok.value
            if v == "--":
                i += 1
                if need_sub:
                    return
                break
            if w.assignments and ASSIGNMENT.match(v):
                name = v.split("=", 1)[0]
                env[name] = slice_text(tok, len(name) + 1, len(v))
                i += 1
                continue
            if v in w.module_options and not need_sub and i + 1 < n:
                # `uv run -m app.worker`: the interpreter runs the module
                self.command([Text("python"), Text("-m"), *args[i + 1:]], cwd, env, depth + 1)
                return
            if v.startswith("-") and len(v) > 1:
                name = v.partition("=")[0]
                # "-n10" (an attached value) is one word: only "-n 10" takes the next one
                takes = "=" not in v and (name in w.with_value or (w.all_options_take_value and v.startswith("--")))
                if name in ("-C", "--chdir") and w.assignments:
                    target = args[i + 1].value if "=" not in v and i + 1 < n else v.partition("=")[2]
                    cwd = container_join(cwd, target) if target else cwd
                i += 2 if takes else 1
                continue
            if need_sub:
                if v != need_sub:
                    return
                need_sub = None
                i += 1
                continue
            if left:
                left -= 1
                i += 1
                continue
            break
        if need_sub or i >= n:
            return
        if w.single_argument:
            if w.function_target and self.function_target(w, args, i, cwd, env, depth):
                return
            self.script(args[i], {"cwd": cwd, "env": env}, depth)
            return
        self.command(list(args[i:]), cwd, env, depth + 1)

    def function_target(self, w: Wrapper, args: list[Text], i: int, cwd, env, depth) -> bool:
        """A reloader's target that is a Python function (``watchfiles celery.__main__.main
        --args '-A proj worker'``): the function ``python -m pkg`` runs, or one of a program's
        package, is that program given the function's argv; a project function imports its
        module, whose ``__main__`` block does not run.  False where the target is a command."""
        target = args[i]
        v = target.value
        kind = w.function_target
        if w.target_type_option:
            given = _option_value(args, (w.target_type_option,))
            if given is not None and given.value in ("function", "command"):
                kind = "always" if given.value == "function" else None
        if kind is None or not _DOTTED_FUNCTION.fullmatch(v):
            return False
        if kind == "auto" and v.endswith((".py", ".sh")):
            return False
        argv: list[Text] = []
        opt = w.function_args_option
        if opt and w.function_args_rest:
            for k in range(i + 1, len(args)):
                if args[k].value == opt:
                    argv = list(args[k + 1 :])
                    break
        elif opt:
            value = _option_value(args, (opt,))
            if value is not None:
                argv = [word.text for word in split_words(value) if not word.operator]
        via = w.names[0] if w.names else "reloader"
        module = v.rpartition(".")[0]
        top = module.partition(".")[0]
        if module.endswith(".__main__") or top in self.spec.server_modules \
                or any(r.matches(top) for r in self.spec.runners):
            pkg = module[: -len(".__main__")] if module.endswith(".__main__") else top
            self.module(slice_text(target, 0, len(pkg)), argv, cwd, env, depth + 1, via)
            return True
        self.targets.append(PythonTarget("module", v, slice_text(target, 0, len(v)), cwd, False, None, via,
                                         tuple(a.value for a in argv)))
        return True

    def python(self, prog_tok: Text, args: list[Text], cwd, env, depth, via: str = "python") -> None:
        i, n = 0, len(args)
        with_value = self.spec.interpreters.with_value
        while i < n:
            tok = args[i]
            v = tok.value
            if v == "-" or not v.startswith("-"):
                break
            if v == "--":
                i += 1
                break
            if v.startswith("--"):
                i += 2 if (v in with_value and "=" not in v) else 1
                continue
            if v in with_value:
                i += 2
                continue
            k = 1
            consumed_next = False
            while k < len(v):
                c = v[k]
                if c in "mc":
                    if k + 1 < len(v):
                        value = slice_text(tok, k + 1, len(v))
                    elif i + 1 < n:
                        value = args[i + 1]
                        consumed_next = True
                    else:
                        return
                    rest = list(args[i + 2 :] if consumed_next else args[i + 1 :])
                    if c == "c":
                        self.targets.append(PythonTarget("code", value.value, value, cwd, True, None, via))
                    else:
                        self.module(value, rest, cwd, env, depth, via)
                    return
                if "-" + c in with_value:
                    if k + 1 == len(v):
                        consumed_next = True
                    break
                k += 1
            i += 2 if consumed_next else 1
        if i >= n:
            return
        if args[i].value == "-":
            return
        if "/" in args[i].value and not args[i].value.endswith(".py") and self.spec.starts_python(base_name(args[i].value)):
            # a server's console script run by an interpreter (`python /venv/bin/gunicorn app:app`)
            self.command(list(args[i:]), cwd, env, depth + 1)
            return
        # `python $( [ "$X" = true ] && echo a.py || echo b.py )`: the script is one of those
        for script in substituted_words(args[i]) or (args[i],):
            self.targets.append(PythonTarget("script", script.value, script, cwd, True, None, via,
                                             tuple(a.value for a in args[i + 1:])))
            self.server_script(base_name(script.value), script, list(args[i + 1 :]), cwd, env)

    def module(self, mod_tok: Text, rest: list[Text], cwd, env, depth, via: str) -> None:
        mod = mod_tok.value
        for s in self.spec.servers:
            if mod in s.modules:
                if self.server(s, mod_tok, rest, cwd, env, depth, program=mod, from_module=True):
                    return
        for r in self.spec.runners:  # before the tools of a server's module: python -m celery -A proj worker
            if r.matches(mod):
                self.runner(r, mod, rest, cwd, env)
                return
        if mod in self.spec.server_modules:
            return  # python -m flask db upgrade: a tool, not the app
        for w in self.spec.wrappers:
            if w.matches(mod):
                self.wrapper(w, rest, cwd, env, depth)
                return
        self.targets.append(PythonTarget("module", mod, mod_tok, cwd, True, None, via, tuple(a.value for a in rest)))

    # -- servers -------------------------------------------------------------------------
    def server_program(self, prog, prog_tok, args, cwd, env, depth) -> bool:
        for s in self.spec.servers:
            if s.runs_program(prog):
                if self.server(s, prog_tok, args, cwd, env, depth, program=prog):
                    return True
        return False

    def server_script(self, prog, prog_tok, args, cwd, env) -> None:
        for s in self.spec.servers:
            if s.runs_script(prog):
                if self.server(s, prog_tok, args, cwd, env, 0, program=prog, record_app=False):
                    return

    def server(self, s: Server, prog_tok: Text, args: list[Text], cwd, env, depth, *, program: str,
               from_module: bool = False, record_app: bool = True) -> bool:
        extra: list[Text] = []
        for name in s.args_env:
            val = env.get(name)
            if val is not None and val.value.strip():
                extra.extend(w.text for w in split_words(val) if not w.operator)
        all_args = extra + list(args)
        if s.runs_python:
            return self.python_server(s, prog_tok, all_args, cwd, env, depth)
        opts, pos, _ = scan_options(all_args, s.with_value)
        if any(o.name in s.foreign_options for o in opts):
            return False  # (another program of that name: the next server of the table may match)
        sub_words = 0
        if s.subcommands:
            optional = s.subcommand_optional or program in s.subcommand_optional_for
            sub_words = _subcommand_words(pos, s.subcommands)
            if not sub_words and not optional:
                return False
            if not sub_words and any(_subcommand_words(pos, t.subcommands) for t in self.spec.servers
                                     if t is not s and t.runs_program(program)):
                return False
        positionals = pos[sub_words:]
        socket = any(o.name in s.socket_options for o in opts)
        binds: list[Text] = []
        ports: list[int] = []
        port_texts: list[Text] = []
        host_source = None
        host_opt = last_option(opts, s.host_options)
        if host_opt is not None and host_opt.value is not None:
            binds.append(self._host(host_opt.value, env, s))
            host_source = "option"
        if self._bind_options(s, opts, env, binds, ports, port_texts):
            host_source = "option"
        if any(o.name in s.bind_options for o in opts) and not binds and not ports:
            socket = True  # every bind was a Unix socket
        port_opt = last_option(opts, s.port_options)
        if port_opt is not None and port_opt.value is not None:
            port = port_of(port_opt.value, env)
            if port is not None:
                ports.append(port)
                port_texts.append(port_opt.value)
        addr_tok = None
        if s.positional_addrport and positionals:
            addr_tok = positionals[0]
            if self._positional_address(s, addr_tok, env, binds, ports, port_texts):
                host_source = "positional"
        if s.positional_port and positionals and (num := port_of(positionals[0], env)) is not None:
            addr_tok = positionals[0]
            ports.append(num)
            port_texts.append(addr_tok)
        every_interface = self._all_interfaces_port(s, env, binds, ports, port_texts)
        env_source = self._env_address(s, env, binds, ports, port_texts)
        if env_source is not None:
            host_source = env_source
        bind_default = None
        if not binds:
            ipv6 = any(o.name in s.ipv6_options for o in opts)
            bind_default = s.default_host_ipv6 if ipv6 and s.default_host_ipv6 else s.default_host
            if every_interface:
                bind_default = "0.0.0.0"
        config = tuple(o.value.value for o in opts if o.name in s.config_options and o.value is not None)
        if config and not s.config_bind_keys:
            bind_default = None  # a config file named on the command line may set the bind: cannot tell
        elif config:
            pass  # a YAML config whose bind key the layout reads (startfiles): the default stands unless it moves it
        else:
            config = s.default_config
        if socket:
            binds, ports, port_texts, bind_default, host_source = [], [], [], None, None
        self.servers.append(
            ServerInfo(
                name=s.name,
                program=prog_tok,
                bind=binds[-1] if binds else None,
                binds=tuple(binds),
                bind_default=bind_default,
                host_source=host_source,
                ports=tuple(dict.fromkeys(ports)),
                port_texts=tuple(port_texts),
                config_files=config,
                config_bind_replaced=s.bind_options_beat_config and any(o.name in s.bind_options for o in opts),
                no_tcp=socket,
            )
        )
        if record_app:
            self._server_app(s, opts, positionals, addr_tok, cwd, env)
        return True

    def _bind_options(self, s: Server, opts: list[Opt], env, binds: list[Text], ports: list[int],
                      port_texts: list[Text]) -> bool:
        """Adds the hosts and ports a server's bind options give (``--bind host:port``, not a
        Unix socket); whether one gave a host."""
        found = False
        for o in opts:
            if o.name in s.bind_options and o.value is not None:
                val = resolve_vars(o.value, env) if VAR_REF.match(o.value.value) else o.value
                if any(val.value.startswith(p) for p in s.socket_prefixes):
                    continue
                h, p = split_hostport(val)
                if h is not None:
                    binds.append(self._host(h, env, s))
                    found = True
                if p is not None:
                    port = port_of(p, env)
                    if port is not None:
                        ports.append(port)
                        port_texts.append(p)
                elif s.default_port is not None and h is not None:
                    ports.append(s.default_port)
        return found

    def _positional_address(self, s: Server, addr_tok: Text, env, binds: list[Text], ports: list[int],
                            port_texts: list[Text]) -> bool:
        """Adds the host and port of a positional ``host:port`` (``runserver 0.0.0.0:8000``);
        whether it gave a host."""
        found = False
        val = resolve_vars(addr_tok, env) if VAR_REF.match(addr_tok.value) else addr_tok
        h, p = split_hostport(val)
        if h is not None:
            binds.append(self._host(h, env, s))
            found = True
        if p is not None and (num := port_of(p, env)) is not None:
            ports.append(num)
            port_texts.append(p)
        return found

    def _all_interfaces_port(self, s: Server, env, binds: list[Text], ports: list[int],
                             port_texts: list[Text]) -> bool:
        """Where no option gave the address and a variable of ``port_env_all_interfaces`` is
        set (gunicorn's PORT), the server's default bind is every interface at that port:
        adds the port (when the value is known); whether the variable is set."""
        if binds or ports:
            return False
        for name in s.port_env_all_interfaces:
            val = env.get(name)
            if val is not None and val.value:
                if (num := port_of(val, env)) is not None:
                    ports.append(num)
                    port_texts.append(val)
                return True
        return False

    def _env_address(self, s: Server, env, binds: list[Text], ports: list[int], port_texts: list[Text]) -> str | None:
        """Adds what the server reads from the environment (``host_env``, ``port_env``) when the
        command line gave no host or no port, then its default port; ``env:NAME`` when a
        variable gave the host."""
        source = None
        if not binds:
            for name in s.host_env:
                val = env.get(name)
                if val is not None and val.value:
                    binds.append(self._host(val, env, s))
                    source = f"env:{name}"
                    break
        if not ports:
            for name in s.port_env:
                val = env.get(name)
                if val is not None and (num := port_of(val, env)) is not None:
                    ports.append(num)
                    port_texts.append(val)
                    break
        if not ports and s.default_port is not None:
            ports.append(s.default_port)
        return source

    def _server_app(self, s: Server, opts: list[Opt], positionals: list[Text], addr_tok: Text | None, cwd,
                    env) -> None:
        """Records the app a server loads (``--app``, a positional ``module:app``, an
        environment variable), relative to its app directory option."""
        app_dir = last_option(opts, s.app_dir_options)
        base = container_join(cwd, app_dir.value.value) if app_dir is not None and app_dir.value is not None else cwd
        app_tok = None
        app_opt = last_option(opts, s.app_options)
        if app_opt is not None and app_opt.value is not None:
            app_tok = app_opt.value
        elif s.app == "positional":
            cands = [w for p in positionals if p is not addr_tok
                     and (w := _known_word(p, env) if VAR_REF.match(p.value) else p) is not None]
            if s.app_kind == "module":
                app_tok = next((p for p in cands if ":" in p.value), cands[0] if cands else None)
            else:
                app_tok = cands[0] if cands else None
        else:
            for name in s.app_env:
                val = env.get(name)
                if val is not None and val.value and HOLE not in val.value:
                    app_tok = val
                    break
            if app_tok is None and not any(name in env for name in s.app_env):
                # `flask run` alone: the module the CLI looks for in its working directory
                for module in s.default_apps:
                    self.targets.append(PythonTarget("module", module, None, base, False, None, s.name,
                                                     conventional=True, unless_files=s.app_dotenv_files,
                                                     unless_env=s.app_env))
        if app_tok is not None:
            # (a relative directory where the working directory is unknown stays relative: the
            # runs stage reads it where it finds the command's files, runs/build.py)
            paths = tuple(container_join(cwd, o.value.value) if cwd is not None or o.value.value.startswith("/")
                          else posixpath.normpath(o.value.value) for o in opts
                          if o.name in s.path_options and o.value is not None and o.value.value
                          and HOLE not in o.value.value and "$" not in o.value.value)
            self._app(app_tok, s.app_kind, base, via=s.name, sys_path=paths)

    def python_server(self, s: Server, prog_tok: Text, args: list[Text], cwd, env, depth) -> bool:
        """debugpy and the like: a listener, then the program it runs (-m mod | script)."""
        i, n = 0, len(args)
        opts: list[Opt] = []
        while i < n:
            v = args[i].value
            if v in ("-m", "-c") or not v.startswith("-"):
                break
            name, eq, _ = v.partition("=")
            if eq:
                opts.append(Opt(name, slice_text(args[i], len(name) + 1, len(v)), args[i]))
                i += 1
            elif name in s.with_value and i + 1 < n:
                opts.append(Opt(name, args[i + 1], args[i]))
                i += 2
            else:
                i += 1
        binds: list[Text] = []
        ports: list[int] = []
        port_texts: list[Text] = []
        for o in opts:
            if o.name in s.bind_options and o.value is not None:
                h, p = split_hostport(o.value)
                if h is not None:
                    binds.append(self._host(h, env, s))
                if p is not None and (num := port_of(p, env)) is not None:
                    ports.append(num)
                    port_texts.append(p)
        if any(o.name in s.bind_options for o in opts):
            self.servers.append(
                ServerInfo(
                    name=s.name,
                    program=prog_tok,
                    bind=binds[-1] if binds else None,
                    binds=tuple(binds),
                    bind_default=None if binds else s.default_host,
                    host_source="option" if binds else None,
                    ports=tuple(ports),
                    port_texts=tuple(port_texts),
                )
            )
        self.python(prog_tok, list(args[i:]), cwd, env, depth + 1, via=s.name)
        return True

    def _host(self, text: Text, env, s: Server) -> Text:
        return resolve_vars(text, env) if VAR_REF.match(text.value) else text

    def _app(self, tok: Text, kind: str, base: str | None, via: str, subcommand: str | None = None,
             sys_path: tuple[str, ...] = ()) -> None:
        v = tok.value
        if not v or HOLE in v or v.startswith("$"):
            return
        if kind == "script" or kind == "path" or v.endswith(".py") or "/" in v:
            path = v.split(":", 1)[0] if kind != "script" else v
            main = kind == "script"
            self.targets.append(PythonTarget("script", path, slice_text(tok, 0, len(path)), base, main, None, via,
                                             sys_path=sys_path))
            return
        module, _, attr = v.partition(":")
        if not module or not re.fullmatch(r"[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)*", module):
            return
        self.targets.append(
            PythonTarget("module", module, slice_text(tok, 0, len(module)), base, False, attr or None, via,
                         subcommand=subcommand, sys_path=sys_path)
        )

    def runner(self, r: Runner, prog: str, args: list[Text], cwd, env) -> None:
        opts, pos, _ = scan_options(args, r.with_value)
        if r.subcommand and not (pos and pos[0].value == r.subcommand):
            return
        if r.subcommand:
            pos = pos[1:]
        if r.ignore_app:
            return
        app_dir = last_option(opts, r.app_dir_options)
        base = container_join(cwd, app_dir.value.value) if app_dir is not None and app_dir.value is not None else cwd
        app_opt = last_option(opts, r.app_options)
        toks: list[Text] = []
        subcommand = None
        if app_opt is not None and app_opt.value is not None:
            toks = [app_opt.value]
            # the app given by option, the first positional word is the subcommand (`beat`)
            word = pos[0].value if pos else ""
            subcommand = word if word and HOLE not in word and "$" not in word else None
        elif r.app == "positional" and pos:
            toks = list(pos) if r.every_positional else [pos[0]]
        # a monitor subcommand is named in the entry's ``via`` so the judge knows the program
        # dials only its broker (``Commands.dials_only``)
        via = prog
        if (pos and pos[0].value in r.monitor_subcommands
                and not any(o.name in r.monitor_unless_options for o in opts)):
            via = f"{prog} {pos[0].value}"
        for tok in toks:
            # `celery -A $CELERY_MODULE worker`: the module the service's environment names
            known = _known_word(tok, env) if VAR_REF.match(tok.value) else tok
            if known is not None:
                self._app(known, r.app_kind, base, via=via, subcommand=subcommand)

    # -- probes --------------------------------------------------------------------------
    def probe(self, p: Probe, prog: str, prog_tok: Text, args: list[Text], env) -> None:
        if p.positional_hostport:
            # what follows ``--`` is the command it runs next, not what it probes
            values = [a.value for a in args]
            if "--" in values:
                args = args[: values.index("--")]
        opts, pos, _ = scan_options(args, p.with_value, single_dash=p.single_dash_options)
        hosts: list[Text] = []
        ports: list[int] = []
        urls: list[Text] = []
        for o in opts:
            if o.value is None:
                continue
            if o.name in p.host_options:
                hosts.append(resolve_vars(o.value, env))
            elif o.name in p.port_options:
                port = port_of(o.value, env)
                if port is not None:
                    ports.append(port)
            elif o.name in p.url_options:
                urls.append(o.value)
            elif o.name in p.hostport_options:
                h, pt = split_hostport(o.value)
                if h is not None:
                    hosts.append(h)
                if pt is not None and (num := port_of(pt, env)) is not None:
                    ports.append(num)
        if p.url and pos:
            urls.append(pos[0])
        elif p.positional_hostport and pos:
            # a URL (``wait-for tcp://db:5432``) is a target of the start command already, as
            # every URL in it is; ``host:port`` is read here
            if "://" not in pos[0].value:
                h, pt = split_hostport(resolve_vars(pos[0], env))
                if h is not None and pt is not None and (num := port_of(pt, env)) is not None:
                    hosts.append(h)
                    ports.append(num)
        elif p.positional_host and pos:
            hosts.append(resolve_vars(pos[0], env))
            if p.positional_port and len(pos) > 1 and (num := port_of(pos[1], env)) is not None:
                ports.append(num)
        for u in urls:
            h, pt, _ = url_host(u)
            if h is not None:
                hosts.append(h)
            if pt is not None and (num := port_of(pt, env)) is not None:
                ports.append(num)
        self.probes.append(ProbeInfo(prog, prog_tok, tuple(hosts), tuple(ports), tuple(urls), p.localhost_ipv6_first))


def _subcommand_words(pos: Sequence[Text], subcommands: Sequence[str]) -> int:
    """How many of the first positional words name one of a server's ``subcommands`` (a
    subcommand of several words is written with blanks: ``server start``); 0 for none."""
    for sub in subcommands:
        words = sub.split()
        if len(pos) >= len(words) and all(p.value == w for p, w in zip(pos[:len(words)], words, strict=True)):
            return len(words)
    return 0


def _assigned(tok: Text, name: str, env: dict) -> Text:
    """The value ``NAME=value`` gives: a whole variable in it is expanded now, with the
    variables set so far, as the shell does (``PGPORT=${PGPORT:-5432}``: the service's
    PGPORT where it sets one, else 5432).  Kept as written where that is not known (a
    variable neither set nor defaulted, a value set at run time): it is resolved, or left
    unknown, where it is read."""
    return _value_assigned(slice_text(tok, len(name) + 1, len(tok.value)), env, name)


def _value_assigned(value: Text, env: dict, name: str | None = None) -> Text:
    if VAR_REF.match(value.value):
        resolved = resolve_vars(value, env)
        if HOLE not in resolved.value and "$" not in resolved.value:
            return resolved
        # a default that refers to variables set before (`${APP_MODULE:-"$MODULE_NAME:$VARIABLE_NAME"}`):
        # the shell expands them when the assignment is made, and removes the quotes
        inside = expand_within(resolved.value, env, 3) if HOLE not in resolved.value else None
        if inside is not None and "$" not in inside:
            if len(inside) >= 2 and inside[0] == inside[-1] and inside[0] in "\"'":
                inside = inside[1:-1]
            if "$" not in inside and '"' not in inside and "'" not in inside:
                return Text(inside)
    elif name is not None:
        return _self_expanded(value, name, env)
    return value


def _self_expanded(value: Text, name: str, env: dict) -> Text:
    """``value`` with its references to ``name`` itself replaced by the variable's value so
    far, as the shell expands them when the assignment is made (``CMD="su app -c '$CMD'"``,
    ``ARGS="$ARGS --reload"``): read later, such a reference would name the new value, itself.
    Unchanged where the earlier value is not known here."""
    earlier = env.get(name)
    if earlier is None or HOLE in earlier.value:
        return value
    pattern = re.compile(r"\$(?:\{" + re.escape(name) + r"\}|" + re.escape(name) + r"(?![A-Za-z0-9_]))")
    parts: list[Text] = []
    at = 0
    for m in pattern.finditer(value.value):
        parts.extend((slice_text(value, at, m.start()), earlier))
        at = m.end()
    if not parts:
        return value
    parts.append(slice_text(value, at, len(value.value)))
    return concat_text(parts)


def _expanded(argv: Sequence[Text], env: dict) -> tuple[str, ...]:
    """The words of a command as its program receives them, where an argument is a whole
    variable the script or the service set (``uwsgi $ARGS`` after ``ARGS="--ini $INI"`` and
    ``INI=/app/uwsgi.ini``): its value split into words, and a whole variable among those
    resolved once more; a word with variables inside it (``-o "-c port=${PGPORT}"``) has them
    replaced, as one word. A value not known (set at run time, a HOLE, a variable neither set
    nor defaulted) stays as written."""
    out = [argv[0].value] if argv else []
    for tok in argv[1:]:
        out.extend(_words_of(tok, env, 2))
    return tuple(out)


def _known_word(tok: Text, env: dict) -> Text | None:
    """The value of ``tok``, a whole variable (``"$APP_MODULE"``), where the script or the service
    gives it one word: its value, followed through the defaults of the assignments that set it
    (``export APP_MODULE=${APP_MODULE:-"$MODULE_NAME:$VARIABLE_NAME"}`` with ``MODULE_NAME`` and
    ``VARIABLE_NAME`` set before, the uvicorn-gunicorn images' start script), quotes removed as
    the shell removes them.  None where it is not known (set nowhere, set at run time)."""
    value = tok
    for _ in range(4):
        if not VAR_REF.match(value.value):
            break
        value = resolve_vars(value, env)
    v = value.value.strip()
    if HOLE in v or not v:
        return None
    if "$" in v:
        inside = expand_within(v, env, 3)
        if inside is None or "$" in inside:
            return None
        v = inside
        value = Text(v)
    if len(v) >= 2 and v[0] == v[-1] and v[0] in "\"'":
        v = v[1:-1]
        value = Text(v)
    if not v or any(ch.isspace() for ch in v) or "$" in v or '"' in v or "'" in v:
        return None
    return value


def _split_lists(args: Sequence[Text], env: dict) -> list[Text]:
    """``args`` with each argument that is a whole variable holding several words (``celery
    $ARGUMENTS`` after ``ARGUMENTS="-A proj.celery beat -l info"``) replaced by those words:
    written unquoted, the shell splits it, and that is why scripts keep argument lists in a
    variable.  A variable of one word, or one not known here, stays as written (the options
    that read it resolve it themselves, and a fix edits the text where it is written)."""
    out: list[Text] = []
    for tok in args:
        if VAR_REF.match(tok.value):
            value = resolve_vars(tok, env)
            if HOLE not in value.value and not value.value.startswith("$"):
                words = split_words(value)
                if len(words) > 1 and not any(w.operator for w in words):
                    out.extend(w.text for w in words)
                    continue
        out.append(tok)
    return out


def _words_of(tok: Text, env: dict, depth: int) -> list[str]:
    if depth > 0 and "$" in tok.value and not VAR_REF.match(tok.value):
        # the references inside a word are expanded where they stand; its quotes are gone
        # here, so the word is kept whole (a daemon's forwarded options split it themselves),
        # and a `$` written in single quotes is read as a reference too, as every whole-word
        # reference already is here
        # (`su - u -c "pg_ctl -o '-p ${PORT}'"`: the outer double quotes expand it anyway)
        inside = expand_within(tok.value, env, depth - 1)
        return [tok.value if inside is None else inside]
    if depth <= 0 or not VAR_REF.match(tok.value):
        return [tok.value]
    value = resolve_vars(tok, env)
    if HOLE in value.value or not value.value.strip():
        return [tok.value]
    out: list[str] = []
    for word in split_words(value):
        out.extend(_words_of(word.text, env, depth - 1))
    return out


def _option_value(args: Sequence[Text], options: Sequence[str]) -> Text | None:
    """The value of the first of ``options`` in ``args`` (``-c cmd``, ``--command=cmd``)."""
    for k, tok in enumerate(args):
        name, eq, _ = tok.value.partition("=")
        if name in options:
            if eq:
                return slice_text(tok, len(name) + 1, len(tok.value))
            return args[k + 1] if k + 1 < len(args) else None
    return None
