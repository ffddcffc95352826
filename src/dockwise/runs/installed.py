"""Whether a library a guarded import names is installed in a service's image.

```python
try:
    from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import OTLPSpanExporter
    exporter = OTLPSpanExporter(endpoint=os.getenv("OTEL_EXPORTER_OTLP_ENDPOINT", "http://localhost:4317"))
except ImportError:
    exporter = None
```

The dial runs only where the import succeeds.  Where the image installs nothing but what the
project declares, and no declared distribution provides the module, the import fails and the
dial never runs.  The evidence has to be complete: the service is built from a Dockerfile whose
every stage starts from a bare interpreter image (``interpreter_images``: no libraries of its
own), every RUN that installs Python packages is ``pip install`` (or ``python -m pip``, ``uv pip``)
of the project itself (``.``, ``.[extras]``, a path), of named distributions (added to the
declared ones) or of a requirements file the tree holds; the project's ``pyproject.toml`` (every
dependency list: main, optional, groups, Poetry's) or a ``requirements*.txt`` of the build
context declares something.  A distribution provides a module where their names, read in lower
case with ``-`` and ``.`` as ``_``, are equal or one is the other followed by ``_...``
(``opentelemetry-exporter-otlp`` provides ``opentelemetry.exporter.otlp.proto.grpc``;
``psycopg2-binary`` provides ``psycopg2``), or where ``import_distributions`` of
``rules/frameworks.yaml`` says so (``yaml``: ``pyyaml``).  A distribution installed only as a
dependency of a declared one is not seen: such an import is taken to fail.
"""
from __future__ import annotations

import posixpath
import re
import shlex
from typing import Any, Mapping

from dockwise.knowledge import Frameworks
from dockwise.layout.dockerfile import parse_dockerfile
from dockwise.layout.model import Service
from dockwise.runs.fs import ProjectFiles
from dockwise.runs.imagematch import image_matches
from dockwise.runs.tomltext import parse_toml, table

_REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")
_PY_PACKAGES = re.compile(r"(?:^|[\s/])(?:py|python)3?-[a-z]")  # a distribution's python3-foo package


def normal(name: str) -> str:
    return re.sub(r"[-._]+", "_", name).lower()


def provides(dist: str, module: str, aliases: Mapping[str, tuple[str, ...]]) -> bool:
    """Whether the distribution ``dist`` (normalised) may provide the module ``module`` (dotted)."""
    mod = normal(module)
    if dist == mod or mod.startswith(dist + "_") or dist.startswith(mod + "_"):
        return True
    top = module.split(".", 1)[0]
    return any(dist == normal(d) for d in aliases.get(top, ()))


def surely_provides(dist: str, module: str, aliases: Mapping[str, tuple[str, ...]]) -> bool:
    """Whether the distribution ``dist`` (normalised) surely provides the module ``module``: their
    names are equal, the module's lies below the distribution's (``opentelemetry-exporter-otlp``
    provides ``opentelemetry.exporter.otlp.proto.grpc``), or ``import_distributions`` says so; not
    a plugin's name that merely extends the module's (``django-redis`` is no ``django``)."""
    mod = normal(module)
    if dist == mod or mod.startswith(dist + "_"):
        return True
    top = module.split(".", 1)[0]
    return any(dist == normal(d) for d in aliases.get(top, ()))


def _pyproject(text: str) -> set[str] | None:
    data = parse_toml(text)
    if data is None:
        return None
    out: set[str] = set()

    def add_list(items: Any) -> None:
        for dep in items if isinstance(items, list) else ():
            if isinstance(dep, str) and (m := _REQUIREMENT.match(dep)):
                out.add(normal(m.group(1)))

    project = table(data, "project")
    add_list(project.get("dependencies"))
    for extra in table(project, "optional-dependencies").values():
        add_list(extra)
    for group in table(data, "dependency-groups").values():
        add_list(group)
    poetry = table(table(data, "tool"), "poetry")
    names = list(table(poetry, "dependencies")) + list(table(poetry, "dev-dependencies"))
    for group in table(poetry, "group").values():
        names += list(table(group, "dependencies"))
    out.update(normal(k) for k in names if isinstance(k, str) and k.lower() != "python")
    return out


def _requirements(text: str, files: ProjectFiles, here: str, depth: int = 0) -> set[str] | None:
    out: set[str] = set()
    for line in text.splitlines():
        line = line.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith(("-r", "--requirement", "-c", "--constraint")):
            ref = line.split(None, 1)[1] if " " in line else line[2:]
            nested = posixpath.normpath(posixpath.join(here, ref.strip()))
            sub = files.text(nested) if depth < 4 else None
            if sub is None:
                return None
            got = _requirements(sub, files, posixpath.dirname(nested), depth + 1)
            if got is None:
                return None
            out |= got
            continue
        if line.startswith("-"):
            continue  # an index, a hash option: no package
        m = _REQUIREMENT.match(line)
        if m:
            out.add(normal(m.group(1)))
    return out


def _find(files: ProjectFiles, context: str, ref: str) -> str | None:
    """The tree's file a Dockerfile's installer names (copied from the build context)."""
    for cand in (posixpath.normpath(posixpath.join(context, ref)) if context else posixpath.normpath(ref),
                 posixpath.normpath(posixpath.join(context, posixpath.basename(ref)))):
        if files.is_file(cand):
            return cand
    return None


def _pip_words(words: list[str]) -> list[str] | None:
    """The words after ``install`` of a pip command, or None where the command is no pip install."""
    if not words:
        return None
    prog = posixpath.basename(words[0])
    if re.fullmatch(r"pip3?(\.\d+)?", prog):
        rest = words[1:]
    elif re.fullmatch(r"python3?(\.\d+)?", prog) and words[1:3] == ["-m", "pip"]:
        rest = words[3:]
    elif prog == "uv" and words[1:2] == ["pip"]:
        rest = words[2:]
    else:
        return None
    while rest and rest[0].startswith("-"):
        rest = rest[1:]
    if not rest or rest[0] != "install":
        return None
    return rest[1:]


def _commands(body: str) -> list[list[str]] | None:
    """The simple commands of a RUN's shell text, as words (quotes kept together), or None
    where it does not split."""
    try:
        lexer = shlex.shlex(body.replace("\n", " ; "), posix=True, punctuation_chars=True)
        lexer.whitespace_split = True
        tokens = list(lexer)
    except ValueError:
        return None
    out: list[list[str]] = [[]]
    for tok in tokens:
        if tok and all(c in "();<>|&" for c in tok):
            out.append([])
        else:
            out[-1].append(tok)
    return [c for c in out if c]


def surely_installed(svc: Service, files: ProjectFiles) -> frozenset[str]:
    """The normalised names of the distributions ``svc``'s image surely installs: those a ``pip
    install`` RUN of its one-stage Dockerfile names, alone or in a requirements file of the tree it
    names (a line with an environment marker, ``; python_version < "3.9"``, may be skipped).  The
    converse of ``declared_distributions``: what may be installed besides is not counted, so an
    import of one of these succeeds in the container."""
    if svc.dockerfile is None or svc.build_context is None:
        return frozenset()
    text = files.text(svc.dockerfile)
    if text is None:
        return frozenset()
    df = parse_dockerfile(text, svc.dockerfile)
    if len(df.stages) != 1:
        return frozenset()  # a build stage's packages reach the image only as it copies them
    out: set[str] = set()
    for ins in df.instructions:
        if ins.keyword != "RUN":
            continue
        body = "\n".join((ins.args, *ins.heredocs)).replace("\\\n", " ")
        if re.search(r"\|\||\bif\b|\bcase\b", body):
            continue  # an install that may be skipped
        for words in _commands(body) or ():
            args = _pip_words(words[1:] if words[:1] in (["sudo"], ["exec"]) else words)
            if args is None or any("$" in w or w in ("-t", "--target", "--prefix", "--root") for w in args):
                continue
            k = 0
            while k < len(args):
                w = args[k]
                k += 1
                if w in ("-r", "--requirement") and k < len(args):
                    req = _find(files, svc.build_context, args[k])
                    k += 1
                    sure = _requirements(_unmarked(files.text(req) or ""), files, posixpath.dirname(req)) \
                        if req is not None else None
                    out |= sure or set()
                elif w in ("-c", "--constraint", "-e", "--editable", "-i", "--index-url", "--extra-index-url",
                           "-f", "--find-links", "--python"):
                    k += 1
                elif not w.startswith((".", "-")) and "/" not in w and ";" not in w \
                        and (m := _REQUIREMENT.match(w)) is not None:
                    out.add(normal(m.group(1)))
    return frozenset(out)


def _unmarked(text: str) -> str:
    """A requirements file's text without its lines that carry an environment marker, and without
    the constraint files it names (which install nothing)."""
    return "\n".join(line for line in text.splitlines()
                     if ";" not in line.split(" #", 1)[0] and not line.strip().startswith(("-c", "--constraint")))


def declared_distributions(svc: Service, files: ProjectFiles, fw: Frameworks) -> frozenset[str] | None:
    """The normalised names of the distributions ``svc``'s image installs, or None where they
    cannot all be known: see the module's docstring (``fw``: rules/frameworks.yaml's
    interpreter images and installers)."""
    if svc.dockerfile is None or svc.build_context is None:
        return None
    text = files.text(svc.dockerfile)
    if text is None:
        return None
    df = parse_dockerfile(text, svc.dockerfile)
    names = {s.name for s in df.stages if s.name}
    images = fw.interpreter_images
    if not df.stages or any(s.base.lower() not in names and not image_matches(s.base, images) for s in df.stages):
        return None  # an image of its own may ship libraries
    context = svc.build_context
    out: set[str] = set()
    found = False
    pyproject = files.text(posixpath.join(context, "pyproject.toml") if context else "pyproject.toml")
    if pyproject is not None:
        got = _pyproject(pyproject)
        if got is None:
            return None
        out |= got
        found = True
    for name in files.listdir(context):
        if name.startswith("requirements") and name.endswith(".txt"):
            rel = posixpath.join(context, name) if context else name
            got = _requirements(files.text(rel) or "", files, context)
            if got is None:
                return None
            out |= got
            found = True
    for ins in df.instructions:
        if ins.keyword != "RUN":
            continue
        body = "\n".join((ins.args, *ins.heredocs)).replace("\\\n", " ")
        if _PY_PACKAGES.search(body):
            return None  # a system package of a Python library
        commands = _commands(body)
        if commands is None:
            return None
        for words in commands:
            while words and re.fullmatch(r"[A-Za-z_]\w*=\S*", words[0]) or words[:1] in (["sudo"], ["exec"]):
                words = words[1:]
            if not words:
                continue
            prog = posixpath.basename(words[0])
            if prog in fw.python_installers \
                    or prog in fw.system_installers and any(w.startswith(("py", "python")) for w in words[1:]):
                return None
            if prog in fw.project_installers:
                if pyproject is None:
                    return None
                if prog == "uv" and words[1:2] == ["pip"]:
                    pass
                elif prog == "poetry" and words[1:2] == ["add"] or prog == "uv" and words[1:2] == ["add"]:
                    return None
                else:
                    continue
            args = _pip_words(words)
            if args is None:
                continue
            k = 0
            while k < len(args):
                w = args[k]
                if "$" in w:
                    return None
                if w in ("-r", "--requirement", "-c", "--constraint") or w.startswith(("-r", "--requirement=")):
                    ref = args[k + 1] if w in ("-r", "--requirement", "-c", "--constraint") and k + 1 < len(args) \
                        else w.split("=", 1)[1] if "=" in w else w[2:]
                    k += 2 if w in ("-r", "--requirement", "-c", "--constraint") else 1
                    req = _find(files, context, ref)
                    if req is None:
                        return None
                    got = _requirements(files.text(req) or "", files, posixpath.dirname(req))
                    if got is None:
                        return None
                    out |= got
                    found = True
                    continue
                if w in ("-e", "--editable", "-i", "--index-url", "--extra-index-url", "-f", "--find-links",
                         "-t", "--target", "--prefix", "--root", "--python"):
                    k += 2 if w not in ("-e", "--editable") else 1
                    continue
                k += 1
                if w.startswith("-"):
                    continue
                if w.startswith((".", "/")) or "/" in w or w.endswith((".whl", ".tar.gz", ".zip")):
                    if w.split("[", 1)[0] not in (".", "./"):
                        return None  # another local package or an archive: what it declares is not read
                    continue
                m = _REQUIREMENT.match(w)
                if m is None:
                    return None
                out.add(normal(m.group(1)))
                found = True
    return frozenset(out) if found else None
