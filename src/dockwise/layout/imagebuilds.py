"""Images the repository builds itself, outside Compose.

An image-only Compose service (``image: myorg/app:latest``) often runs an image that the
repository builds with ``docker build -t myorg/app -f docker/Dockerfile .`` in a Makefile,
a shell script or a CI workflow, or with a bake file.  Such a service runs that
Dockerfile's code, with the service's environment: the layout treats it as if Compose
built it.  This module finds those builds: image name -> (context, Dockerfile, target).
"""
from __future__ import annotations

import fnmatch
import posixpath
import re
from dataclasses import dataclass
from typing import Any, Callable, Iterable

from dockwise.layout.scriptlines import logical_lines, split_command

__all__ = ["ImageBuild", "ImageBuilds", "find_image_builds", "is_build_script_name", "image_keys", "image_tag",
           "repository_names"]

_DOCKER_BUILD = re.compile(r"\bdocker(?:\s+buildx)?\s+build\b|\bpodman\s+build\b|\bbuildah\s+(?:bud|build)\b")
_BAKE_TARGET = re.compile(r'target\s+"([^"]+)"\s*\{(.*?)\n\}', re.S)
_HCL_STRING = re.compile(r'(\w+)\s*=\s*"([^"]*)"')
_HCL_LIST = re.compile(r'(\w+)\s*=\s*\[([^\]]*)\]', re.S)


@dataclass(frozen=True)
class ImageBuild:
    context: str  # root-relative directory ("" for the root)
    dockerfile: str | None  # root-relative path; None: <context>/Dockerfile
    target: str | None = None
    where: str = ""  # the file that builds it


def is_build_script_name(rel: str) -> bool:
    """Files that may run ``docker build``: Makefiles, shell scripts, CI workflows, bake files."""
    name = posixpath.basename(rel)
    low = name.lower()
    if low in ("makefile", "gnumakefile", "justfile", ".gitlab-ci.yml", ".travis.yml", "taskfile.yml", "taskfile.yaml") \
            or low.endswith((".mk", ".sh", ".bash")) or low.startswith("docker-bake."):
        return True
    return "/.github/workflows/" in f"/{rel}" and low.endswith((".yml", ".yaml"))


def image_keys(image: str, wildcards: bool = False) -> tuple[str, ...]:
    """Names an image reference is matched by: without tag or digest, with and without
    its registry host (``ghcr.io/org/app:1`` -> ``ghcr.io/org/app``, ``org/app``).
    ``wildcards``: ``*`` stands for a part filled in at build time."""
    ref, _ = _split_tag(image)  # (variables in the tag do not matter)
    parts = [p for p in ref.split("/") if p]
    if parts and (parts[0].startswith("$") or parts[0] == "*") and len(parts) > 1:
        parts = parts[1:]  # ${REGISTRY}/org/app
    if not parts or any("$" in p for p in parts) or (not wildcards and any("*" in p for p in parts)):
        return ()
    out = ["/".join(parts)]
    if len(parts) > 1 and ("." in parts[0] or ":" in parts[0] or parts[0] == "localhost"):
        parts = parts[1:]
        out.append("/".join(parts))
    if len(parts) > 1 and parts[0] == "library":
        out.append("/".join(parts[1:]))
    return tuple(dict.fromkeys(out))


def _parse_build(words: list[str]) -> tuple[list[str], str | None, str | None, str | None]:
    """(tags, dockerfile, target, context) of a ``docker build`` argv (after ``build``)."""
    tags: list[str] = []
    dockerfile = target = context = None
    with_value = {"-t", "--tag", "-f", "--file", "--target", "--build-arg", "--platform", "--label",
                  "--cache-from", "--cache-to", "--secret", "--ssh", "--output", "-o", "--progress",
                  "--network", "--add-host", "--iidfile", "--metadata-file", "--builder", "--build-context",
                  "--attest", "--annotation", "--shm-size", "--ulimit", "--memory", "-m"}
    i = 0
    while i < len(words):
        w = words[i]
        if w in ("&&", "||", ";", "|") or w.startswith((">", "2>")):
            break
        name, eq, value = w.partition("=")
        if w.startswith("-"):
            if not eq and name in with_value:
                value = words[i + 1] if i + 1 < len(words) else ""
                i += 1
            if name in ("-t", "--tag"):
                tags.append(value)
            elif name in ("-f", "--file"):
                dockerfile = value
            elif name == "--target":
                target = value
            i += 1
            continue
        context = w
        i += 1
    return tags, dockerfile, target, context


def _join(base: str, path: str) -> str | None:
    if not path or "$" in path or "://" in path:
        return None
    p = posixpath.normpath(posixpath.join(base, path)) if base else posixpath.normpath(path)
    if p == ".":
        return ""
    if p.startswith("../") or p == ".." or p.startswith("/"):
        return None
    return p


class ImageBuilds:
    """Images the tree builds: exact names, and names with parts a script fills in at build
    time (``$REGISTRY/${{ github.repository_owner }}/app`` -> ``*/*/app``).

    One repository name may be built from several Dockerfiles under different tags
    (``org/app:backend`` from one, ``org/app:frontend`` from another): a reference picks the
    build of its own tag, and where its tag names none of them (no tag, a variable) the name
    alone decides only if every build of it is the same build.  Otherwise the service's
    image is not known: taking the first build would give it another image's code."""

    def __init__(self) -> None:
        # name -> tag (None: none, or filled in at build time) -> build
        self.exact: dict[str, dict[str | None, ImageBuild]] = {}
        self.patterns: list[tuple[str, str | None, ImageBuild]] = []
        # name -> tag -> build of a tag whose owner is filled in at build time (`*/app`): an
        # image `owner/app` (one owner, no registry host) of any owner
        self.any_owner: dict[str, dict[str | None, ImageBuild]] = {}

    def add(self, tag: str, build: ImageBuild) -> None:
        version = image_tag(tag)
        keys = image_keys(tag, wildcards=True)
        parts = [p for p in _split_tag(tag)[0].split("/") if p]
        if len(parts) == 2 and parts[0] == "*" and "*" not in parts[1] and keys:
            # `${{ secrets.HUB_USER }}/app`: the part filled in at build time is the owner on
            # Docker Hub as much as a registry: `someone/app` is this build, for one owner
            self.any_owner.setdefault(parts[1], {}).setdefault(version, build)
        for key in keys:
            if "*" in key:
                # a pattern must name the image, not only its registry or owner: its last
                # part begins with a name (`acme-*-api`, not `*-api`)
                last = key.rsplit("/", 1)[-1]
                if len(last.split("*", 1)[0]) >= 3:
                    self.patterns.append((key, version, build))
            else:
                self.exact.setdefault(key, {}).setdefault(version, build)

    def knows(self, image: str) -> bool:
        """Whether the tree builds an image of this name (under any tag)."""
        keys = image_keys(image)
        return any(key in self.exact for key in keys) or self._owned(keys) is not None or \
            any(fnmatch.fnmatchcase(key, pattern) for pattern, _, _ in self.patterns for key in keys)

    def _owned(self, keys: tuple[str, ...]) -> dict[str | None, ImageBuild] | None:
        """The builds of ``any_owner`` an image of keys ``keys`` (``owner/app``) is."""
        parts = keys[0].split("/") if keys else []
        return self.any_owner.get(parts[1]) if len(parts) == 2 else None

    def match(self, image: str) -> ImageBuild | None:
        keys = image_keys(image)
        version = image_tag(image)
        for key in keys:
            by_tag = self.exact.get(key)
            if by_tag:
                return _one(by_tag, version)
        owned = self._owned(keys)
        if owned:
            return _one(owned, version)
        found: dict[str | None, list[tuple[ImageBuild, tuple[str, ...]]]] = {}
        for pattern, tag, build in self.patterns:
            rx = _pattern_rx(pattern)
            for key in keys:
                m = rx.fullmatch(key)
                if m is not None:
                    found.setdefault(tag, []).append((build, m.groups()))
                    break
        if not found:
            return None
        # several Dockerfiles build under one pattern (`make -C services/$$s build name=$$s`
        # for each service, tagging `acme-$(name)-api`): the build whose directory is named
        # by the part the reference fills in; none where that does not single one out
        chosen = {tag: _by_directory(cands) for tag, cands in found.items()}
        if version is not None and version in chosen:
            return chosen[version]
        known = {tag: b for tag, b in chosen.items() if b is not None}
        return _one(known, version) if len(known) == len(chosen) else None


def _pattern_rx(pattern: str) -> re.Pattern[str]:
    """A build pattern (``acme-*-api``) as a regex whose groups are the parts filled in."""
    return re.compile("".join("(.*)" if part == "*" else re.escape(part) for part in re.split(r"(\*)", pattern)))


def _by_directory(cands: list[tuple[ImageBuild, tuple[str, ...]]]) -> ImageBuild | None:
    """The build among ``cands`` (build, the parts the reference filled in): the only one,
    or the only one whose context's or building file's directory is named by a filled-in part."""
    distinct = {(b.context, b.dockerfile, b.target): b for b, _ in cands}
    if len(distinct) == 1:
        return next(iter(distinct.values()))
    named = {(b.context, b.dockerfile, b.target): b for b, parts in cands
             if {posixpath.basename(b.context), posixpath.basename(posixpath.dirname(b.where))} & set(parts)}
    return next(iter(named.values())) if len(named) == 1 else None


def _one(by_tag: dict[str | None, ImageBuild], version: str | None) -> ImageBuild | None:
    """The build a reference with tag ``version`` runs, among the builds of its name."""
    if version is not None and version in by_tag:
        return by_tag[version]
    distinct = {(b.context, b.dockerfile, b.target) for b in by_tag.values()}
    if len(distinct) == 1:
        return next(iter(by_tag.values()))
    return None  # builds of other tags differ, and this reference names none of them


def image_tag(image: str) -> str | None:
    """The tag of an image reference (``org/app:backend`` -> ``backend``), or None: no tag,
    or one filled in at build time (a variable, a ``*``)."""
    _, tag = _split_tag(image)
    return tag if tag and "$" not in tag and "*" not in tag and "{" not in tag else None


def _split_tag(image: str) -> tuple[str, str | None]:
    """(the reference without digest and tag, lower case; its tag or None)."""
    ref = image.strip().lower().split("@", 1)[0]
    slash, colon = ref.rfind("/"), ref.rfind(":")
    return (ref[:colon], ref[colon + 1:]) if colon > slash else (ref, None)


_ASSIGN = re.compile(r"^[ \t-]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_]*)[ \t]*(?::=|\?=|=|:)[ \t]*['\"]?([^\s'\"#]+)", re.MULTILINE)
# a `run:` step's `echo "NAME=value" >> $GITHUB_ENV`: NAME is set for the job's later steps
_GITHUB_ENV_WRITE = re.compile(r"""echo[ \t]+["']?([A-Za-z_][A-Za-z0-9_]*)=([^"'\n>]*)["']?[ \t]*>>[ \t]*["']?\$\{?GITHUB_ENV\}?["']?""")
_ENV_EXPR = re.compile(r"\$\{\{\s*env\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
_EXPR = re.compile(r"\$\{\{\s*env\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}|\$\{\{[^}]*\}\}|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)"
                   r"|\$\{([A-Za-z_][A-Za-z0-9_]*)[^}]*\}|\$([A-Za-z_][A-Za-z0-9_]*)")


def _substitute(text: str, variables: dict[str, str], depth: int = 0) -> str:
    """``$VAR``/``${VAR}``/``$(VAR)`` from the file's own assignments, and a workflow's
    ``${{ env.VAR }}`` from its ``env:`` maps; anything unknown
    (``${{ github.repository_owner }}``, ``$(git rev-parse HEAD)``) becomes ``*``."""
    def one(m: re.Match[str]) -> str:
        name = m.group(1) or m.group(2) or m.group(3) or m.group(4)
        value = variables.get(name) if name else None
        if value is None or depth > 3:
            return "*"
        return _substitute(value, variables, depth + 1)
    return _EXPR.sub(one, text)


def find_image_builds(paths: Iterable[str], read: Callable[[str], str | None],
                      is_file: Callable[[str], bool]) -> ImageBuilds:
    """How the tree builds images: ``docker build -t`` in scripts, Makefiles and CI workflows,
    ``docker/build-push-action`` steps, bake files."""
    out = ImageBuilds()
    paths = list(paths)
    callers = _make_callers(paths, read)
    for rel in paths:
        text = read(rel)
        if not text or ("build" not in text and "target" not in text):
            continue
        here = posixpath.dirname(rel)
        repo = _workflow_root(rel)
        if repo is not None:
            here = repo  # a workflow's paths are relative to the checkout of its own repository
        if posixpath.basename(rel).lower().startswith("docker-bake."):
            _bake(text, rel, here, is_file, out)
            continue
        variables = {m.group(1): m.group(2) for m in _ASSIGN.finditer(text)}
        commands = list(logical_lines(text))
        if rel.endswith((".yml", ".yaml")):
            commands = _workflow(text, rel, here if repo is not None else "", is_file, out) + commands
        for line in commands:
            m = _DOCKER_BUILD.search(line)
            if not m or line.lstrip().startswith("#"):
                continue  # (a build commented out builds nothing)
            tags, dockerfile, target, context = _parse_build(split_command(line[m.end():]))
            if not tags or context is None:
                continue
            _add(out, [_substitute(t, variables) for t in tags], context, dockerfile, target, rel, here, is_file,
                 root_too=not repo, callers=callers.get(rel, ()))
    return out


_MAKE_NAMES = ("makefile", "gnumakefile", "justfile")


def _make_callers(paths: list[str], read: Callable[[str], str | None]) -> dict[str, tuple[str, ...]]:
    """The directories a build script is run from by a Makefile (or justfile) that names it by
    a path below its own directory: ``image: ; @build/image.sh`` in ``api/Makefile`` runs
    ``api/build/image.sh`` with ``api/`` as the working directory, so the script's
    ``docker build .`` builds ``api/``.  make runs a recipe in the Makefile's directory."""
    scripts = [p for p in paths if p.lower().endswith((".sh", ".bash"))]
    if not scripts:
        return {}
    out: dict[str, list[str]] = {}
    for rel in paths:
        if posixpath.basename(rel).lower() not in _MAKE_NAMES:
            continue
        here = posixpath.dirname(rel)
        text = read(rel)
        if not text:
            continue
        lines = [ln for ln in text.splitlines() if not ln.lstrip().startswith("#")]
        body = "\n".join(lines)
        for script in scripts:
            prefix = f"{here}/" if here else ""
            if not script.startswith(prefix):
                continue
            below = script[len(prefix):]
            if "/" not in below:
                continue  # beside the Makefile: its own directory is tried already
            if re.search(rf"(?<![\w./$-])(?:\./)?{re.escape(below)}(?![\w.-])", body):
                out.setdefault(script, []).append(here)
    return {k: tuple(dict.fromkeys(v)) for k, v in out.items()}


def _add(out: ImageBuilds, tags, context, dockerfile, target, rel, here, is_file, root_too: bool = True,
         callers: tuple[str, ...] = ()) -> None:
    # a path is relative to where the command runs: the file's directory, the directory of
    # a Makefile that runs the script (``callers``), or (CI, a Makefile run from the root)
    # the repository root; a workflow of a nested repository runs in that repository's
    # checkout only (``root_too=False``)
    for base in dict.fromkeys((here, *callers, "") if root_too else (here,)):
        ctx = _join(base, context)
        if ctx is None:
            continue
        df = _join(base, dockerfile) if dockerfile else (f"{ctx}/Dockerfile" if ctx else "Dockerfile")
        if df is None or not is_file(df):
            continue
        for tag in tags:
            out.add(tag, ImageBuild(ctx, df, target, rel))
        return


def _workflow_root(rel: str) -> str | None:
    """The repository a GitHub workflow belongs to: the directory holding its
    ``.github/workflows/`` ("" at the root; a subproject vendored with its own ``.github``
    builds from its own directory), or None for a file that is no GitHub workflow."""
    head, sep, _ = f"/{rel}".partition("/.github/workflows/")
    return head.lstrip("/") if sep else None


def _workflow(text: str, rel: str, root: str, is_file, out: ImageBuilds) -> list[str]:
    """A CI workflow: the shell of its ``run:`` steps (with the workflow's ``env:``), and its
    ``docker/build-push-action`` steps; ``root`` is the checkout its paths are relative to."""
    import yaml

    try:
        doc = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return []
    if not isinstance(doc, dict):
        return []
    commands: list[str] = []
    workflow_env = _env_map(doc)
    for job in (doc.get("jobs") or {}).values() if isinstance(doc.get("jobs"), dict) else ():
        if not isinstance(job, dict):
            continue
        job_env = {**workflow_env, **_env_map(job)}  # a step sees the workflow's, its job's and its own env
        steps = [s for s in job.get("steps") or () if isinstance(s, dict)]
        images_of = {}
        written: dict[str, list[str]] = {}  # what `run:` steps write to $GITHUB_ENV, in order
        for step in steps:
            uses = str(step.get("uses") or "")
            with_ = _mapping(step.get("with"))
            if uses.startswith("docker/metadata-action") and step.get("id"):
                images_of[str(step["id"])] = [_substitute(i, {**job_env, **_env_map(step)})
                                              for i in _lines(with_.get("images"))]
        for step in steps:
            variables = {**job_env, **_env_map(step)}
            run = step.get("run")
            if isinstance(run, str):
                commands.extend(_substitute(line, variables) for line in logical_lines(run.replace("\n", " \\\n")))
                for name, value in _GITHUB_ENV_WRITE.findall(run):
                    # (every branch's value: which one runs is decided at run time)
                    written.setdefault(name, []).append(_substitute(value.strip(), variables))
            uses = str(step.get("uses") or "")
            with_ = _mapping(step.get("with"))
            if not uses.startswith("docker/build-push-action"):
                continue
            tags = []
            for tag in _lines(with_.get("tags")):
                m = re.search(r"steps\.([\w-]+)\.outputs\.tags", tag)
                held = _ENV_EXPR.fullmatch(tag)
                if m:
                    tags.extend(images_of.get(m.group(1), []))
                elif held and held.group(1) in written and held.group(1) not in _env_map(step):
                    # `tags: ${{ env.tags }}` after `echo "tags=$BASE:latest, $BASE:beta" >> $GITHUB_ENV`
                    tags.extend(t for value in written[held.group(1)] for t in _lines(value))
                else:
                    tags.append(tag)
            context = _env_exprs(str(with_.get("context") or "."), variables)
            dockerfile = _env_exprs(str(with_.get("file") or ""), variables)
            _add(out, [_substitute(t, variables) for t in tags], "." if "${{" in context else context,
                 dockerfile if dockerfile and "${{" not in dockerfile else None,
                 str(with_["target"]) if with_.get("target") else None, rel, root, is_file, root_too=not root)
    return commands


def _env_exprs(text: str, variables: dict[str, str]) -> str:
    """A workflow value with its ``${{ env.VAR }}`` filled in from ``env:`` maps (other
    expressions, and variables no map sets, are left as written)."""
    return _ENV_EXPR.sub(lambda m: variables.get(m.group(1), m.group(0)), text)


def _env_map(node: Any) -> dict[str, str]:
    """The ``env:`` map of a workflow, a job or a step."""
    env = node.get("env") if isinstance(node, dict) else None
    if not isinstance(env, dict):
        return {}
    return {str(k): str(v) for k, v in env.items() if isinstance(v, (str, int))}


def _lines(value) -> list[str]:
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    if isinstance(value, str):
        return [v.strip() for v in re.split(r"[\n,]", value) if v.strip() and not v.strip().startswith("#")]
    return []


def _bake(text: str, rel: str, here: str, is_file, out: ImageBuilds) -> None:
    for _name, body in _BAKE_TARGET.findall(text):
        strings = dict(_HCL_STRING.findall(body))
        lists = {k: re.findall(r'"([^"]*)"', v) for k, v in _HCL_LIST.findall(body)}
        ctx = _join(here, strings.get("context", "."))
        if ctx is None:
            continue
        df_name = strings.get("dockerfile", "Dockerfile")
        df = _join(ctx, df_name) if not df_name.startswith("/") else None
        if df is None or not is_file(df):
            continue
        for tag in lists.get("tags", []):
            out.add(tag, ImageBuild(ctx, df, strings.get("target"), rel))


_REMOTE = re.compile(r"url\s*=\s*\S*?[/:]([\w.-]+?)(?:\.git)?/?\s*$", re.MULTILINE)


def repository_names(root_name: str, read: Callable[[str], str | None]) -> set[str]:
    """Names the repository goes by, for an image named after it: its directory, its git
    remote, the project names its pyproject.toml / setup.cfg / setup.py / package.json
    declare (lower case, ``_`` as ``-``)."""
    names = {root_name}
    git = read(".git/config")
    if git:
        names.update(m.group(1) for m in _REMOTE.finditer(git))
    for rel, rx in (("pyproject.toml", r'^\s*name\s*=\s*["\']([\w.-]+)["\']'),
                    ("setup.cfg", r"^\s*name\s*=\s*([\w.-]+)\s*$"),
                    ("setup.py", r'\bname\s*=\s*["\']([\w.-]+)["\']'),
                    ("package.json", r'^\s*"name"\s*:\s*"([\w.@/-]+)"')):
        text = read(rel)
        if text:
            m = re.search(rx, text, re.MULTILINE)
            if m:
                names.add(m.group(1).rsplit("/", 1)[-1])
    return {n.lower().replace("_", "-") for n in names if n}


def _mapping(value: Any) -> dict:
    """A YAML mapping, or an empty one for anything else (a workflow step's `with:`)."""
    return value if isinstance(value, dict) else {}
