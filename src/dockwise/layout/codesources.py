"""Where a service's code comes from, for the layout builder: its ``build`` (context,
Dockerfile, target; or the Dockerfile that builds its ``image`` when the tree builds that
image itself), the parsed Dockerfile, the code roots its COPY/ADD lines make (less what
``.dockerignore`` keeps out of the context) and its bind mounts.

``CodeSources`` is the base of the builder (``dockwise.layout.build``): it reads through
the :class:`~dockwise.layout.reader.ConfinedReader`, reports to the builder's ``errors`` and
keeps the builder's caches ``dockerfiles``, ``labelled``, ``repo_names`` and ``dockerfile_paths``;
``image_builds`` and ``sibling_builds`` tell which build makes an image."""
from __future__ import annotations

import os
import posixpath
import re
from typing import Any, Callable, Container

from dockwise.layout import compose as C
from dockwise.layout.baseimages import untagged_image
from dockwise.layout.compose import ReadFailure, outside_root
from dockwise.layout.dockerfile import code_roots, parse_dockerfile
from dockwise.layout.imagebuilds import ImageBuild, ImageBuilds, image_keys, repository_names
from dockwise.layout.model import CodeRoot
from dockwise.layout.nodes import node_error, scalar_str, scalar_text
from dockwise.layout.paths import norm_path
from dockwise.layout.reader import ConfinedReader
from dockwise.layout.shell import slice_text
from dockwise.layout.yaml_nodes import YMap, YNode, YScalar, YSeq
from dockwise.model import HOLE, FileError, Span, Text

# LABEL org.opencontainers.image.source=URL (quoted or not, among other key=value pairs)
_OCI_SOURCE = re.compile(r"""org\.opencontainers\.image\.source\s*=\s*["']?([^\s"']+)""")


class CodeSources(ConfinedReader):
    # set by the builder's __init__
    errors: list[FileError]
    dockerfiles: dict[tuple[str, str | None, tuple], Any]
    image_builds: ImageBuilds
    sibling_builds: dict[str, YNode | None]
    repo_names: set[str] | None
    labelled: dict[str, list[str]] | None
    dockerfile_paths: list[str]

    def service_build(
        self, get: Callable[[str], YNode | None], image: str | None, name: str,
        unset: Container[Span] = frozenset(),
    ) -> tuple[str | None, str | None, str | None, Any, list[CodeRoot]]:
        """(build context, Dockerfile path, target, parsed Dockerfile, code roots) of the
        service ``name`` (``get``: its keys): what it builds, or the build of its image
        that a sibling service or the tree itself makes, and its bind mounts.  ``unset``: the
        spans of values written with a variable that has no value here."""
        build_node = get("build")
        if build_node is None and image and image.strip().lower() in self.sibling_builds:
            build_node = self.sibling_builds[image.strip().lower()]
        build_context, dockerfile_path, target, _remote = self._build(build_node, name)
        if image and build_context is not None and dockerfile_path is not None \
                and HOLE not in dockerfile_path and "$" not in dockerfile_path and not self.is_file(dockerfile_path):
            # a build whose Dockerfile is not in the tree cannot run: the container runs the
            # image the service names (pulled, or built some other way), not the build
            # context beside the Compose file
            build_context = dockerfile_path = target = None
        if build_context is None and not _remote and image:
            # an image the tree builds itself (docker build -t IMAGE in a script, a bake file)
            built = self.image_builds.match(image)
            if built is None and not self.image_builds.knows(image):  # (built under other tags: unknown)
                built = self._labelled_source(image) or self._named_after_repository(image)
            if built is not None:
                build_context, dockerfile_path, target = built.context, built.dockerfile, built.target
                if built.where not in self.files:
                    self.files.append(built.where)
        df = None
        if dockerfile_path is not None:
            named = build_node.items.get("dockerfile") if isinstance(build_node, YMap) else None
            if named is not None and named.span in unset and self.is_dir(dockerfile_path):
                # `dockerfile: docker/${API_DOCKERFILE}` with the variable unset here (a wrapper
                # script sets it): which Dockerfile it names is unknown, the Compose file is not wrong
                pass
            elif HOLE in dockerfile_path:
                # `dockerfile: ${WEB_DOCKERFILE}` whose variable comes from an env file the tree
                # does not hold (`--env-file .env` in its Makefile): its value is unknown (HOLE),
                # no path to read, and no error of the Compose file
                pass
            else:
                df = self._dockerfile(dockerfile_path, target, _build_args(build_node))
        code: list[CodeRoot] = []
        inline = self._inline_dockerfile(build_node) if build_context is not None and df is None else None
        if build_context is not None:
            if df is not None:
                code.extend(visible_past_mounts(self._code_roots(df, build_context, target), get("volumes")))
            elif inline is not None:
                # `build: {context: ., dockerfile_inline: ...}`: the Dockerfile is written in the
                # Compose file, and only what its COPY/ADD lines take from the context lands in
                # the image (one that copies nothing holds none of the context's files, however
                # much Python the context holds)
                code.extend(visible_past_mounts(self._code_roots(inline, build_context, target), get("volumes")))
            else:
                code.append(CodeRoot(build_context, None))
        code.extend(self._bind_mounts(get("volumes"), name))
        return build_context, dockerfile_path, target, df, code

    def _inline_dockerfile(self, build_node: YNode | None) -> Any:
        """The parsed ``dockerfile_inline`` of a service's ``build`` (used for its code roots
        alone), or None: no inline Dockerfile, one Compose gives a value known only at run time
        (an unset variable), or one whose parse warned (what it copies is then not known)."""
        if not isinstance(build_node, YMap) or build_node.items.get("dockerfile") is not None:
            return None
        node = build_node.items.get("dockerfile_inline")
        text = scalar_str(node)
        if not text or HOLE in text or node is None or node.span is None:
            return None
        df = parse_dockerfile(text, node.span.path, _build_args(build_node))
        if getattr(df, "warnings", ()):
            return None
        return df

    def inherited_workdir(self, base: str | None, own_build: YNode | None, name: str) -> str | None:
        """The working directory of the image a service's Dockerfile builds ``FROM`` (``base``, its
        final stage's image) where a sibling service of the project builds that image (``base:
        {build: ., image: acme:latest}`` beside a development Dockerfile ``FROM acme:latest`` that
        sets no WORKDIR of its own): Docker's dependent images keep the parent's WORKDIR, so
        ``python manage.py`` runs where the parent put it. None where no sibling builds it."""
        parent = self._sibling_parent(base, own_build, name)
        wd = getattr(parent, "workdir", None) if parent is not None else None
        return wd if isinstance(wd, str) and wd else None

    def inherited_env(self, base: str | None, own_build: YNode | None, name: str) -> tuple[Any, ...]:
        """The variables the image a service's Dockerfile builds ``FROM`` sets (its ``ENV``), where a
        sibling service of the project builds that image: Docker's dependent images keep the
        parent's ENV (``ENV DATABASE_URL postgres://...@db:5432/app`` in the base image a web
        and a worker Dockerfile start from), under the child's own ENV."""
        parent = self._sibling_parent(base, own_build, name)
        env = getattr(parent, "env", ()) if parent is not None else ()
        return tuple(env or ())

    def _sibling_parent(self, base: str | None, own_build: YNode | None, name: str) -> Any:
        """The parsed Dockerfile of the sibling service's build that makes the image ``base``, or
        None where no sibling builds it (or the service is that sibling itself)."""
        if not base or own_build is None:
            return None
        node = self.sibling_builds.get(base.strip().lower())
        if node is None:
            wanted = untagged_image(base)
            node = next((n for img, n in self.sibling_builds.items() if untagged_image(img) == wanted), None)
        if node is None or node is own_build:
            return None
        _ctx, path, target, _remote = self._build(node, name)
        if path is None or HOLE in path or "$" in path or not self.is_file(path):
            return None
        return self._dockerfile(path, target, _build_args(node))

    def _labelled_source(self, image: str) -> ImageBuild | None:
        """The Dockerfile whose OCI label ``org.opencontainers.image.source`` names the
        image's repository (``LABEL org.opencontainers.image.source=https://github.com/acme/api``
        builds ``ghcr.io/acme/api:1``), when exactly one Dockerfile says so."""
        if self.labelled is None:
            self.labelled = {}
            for path in self.dockerfile_paths:
                text = self._read_quiet(path)
                if not text or "org.opencontainers.image.source" not in text:
                    continue
                for m in _OCI_SOURCE.finditer(text):
                    parts = [p for p in m.group(1).split("://", 1)[-1].split("/") if p]
                    if len(parts) >= 3:  # host/owner/repo[...]
                        repo = "/".join(parts[1:3]).lower().removesuffix(".git")
                        self.labelled.setdefault(repo, []).append(path)
        for key in image_keys(image):
            hits = sorted(set(self.labelled.get(key, ())))
            if len(hits) == 1:
                return ImageBuild(posixpath.dirname(hits[0]), hits[0], None, hits[0])
        return None

    def _named_after_repository(self, image: str) -> ImageBuild | None:
        """An image named after the repository (``ghcr.io/org/<repo>``) is built from its
        Dockerfile: the one at the root, else the only one in the tree."""
        keys = image_keys(image)
        if not keys:
            return None
        last = keys[-1].rsplit("/", 1)[-1].replace("_", "-")
        if self.repo_names is None:
            self.repo_names = repository_names(self.root.name, self._read_quiet)
        if last not in self.repo_names:
            return None
        if self.is_file("Dockerfile"):
            return ImageBuild("", "Dockerfile", None, "Dockerfile")
        candidates = [d for d in self.dockerfile_paths if posixpath.basename(d) in ("Dockerfile", "Containerfile")]
        if len(candidates) == 1:
            return ImageBuild(self._guessed_context(candidates[0]), candidates[0], None, candidates[0])
        return None

    def _guessed_context(self, dockerfile: str) -> str:
        """The build context of a Dockerfile no Compose file builds: its own directory, unless
        what it copies from the context is found only from the root of the tree (a
        ``docker/Dockerfile`` that copies ``./docker/nginx.conf`` and ``.`` is built with
        ``docker build -f docker/Dockerfile .``).  Sources that are globs or variables, or
        copies found from both or from neither, leave the Dockerfile's directory."""
        here = posixpath.dirname(dockerfile)
        if not here:
            return here
        df = self._dockerfile(dockerfile, None)
        sources = [norm_path(src.lstrip("/")) for op in (getattr(df, "copies", ()) or ()) if op.from_context
                   for src in op.sources if src and not any(ch in src for ch in "*?[$")]
        sources = [src for src in sources if src and not src.startswith("..")]
        if not sources:
            return here

        def found(base: str, src: str) -> bool:
            path = posixpath.join(base, src) if base else src
            return self.is_file(path) or self.is_dir(path)

        if any(found(here, src) for src in sources):
            return here
        return "" if all(found("", src) for src in sources) else here

    def _build(self, node: YNode | None, name: str) -> tuple[str | None, str | None, str | None, bool]:
        """(context, dockerfile path, target, remote) of a service's ``build``."""
        if node is None or (isinstance(node, YScalar) and node.value is None):
            return None, None, None, False
        ctx_node: YNode | None
        ctx: str | None
        df_node: YNode | None = None
        target = None
        if isinstance(node, YScalar):
            ctx_node = node
        elif isinstance(node, YMap):
            ctx_node = node.items.get("context")
            df_node = node.items.get("dockerfile")
            target = scalar_str(node.items.get("target"))
            if df_node is None and node.items.get("dockerfile_inline") is not None:
                ctx = scalar_str(ctx_node) or "."
                base = ctx_node.base if ctx_node is not None else node.base
                context = C._join(base, ctx)
                return (None if outside_root(context) else context), None, target, False
        else:
            node_error(self.errors, node, f"service {name!r}: build must be a path or a mapping: ignored")
            return None, None, None, False
        ctx = scalar_str(ctx_node) if ctx_node is not None else "."
        if ctx is None:
            ctx = "."
        low = ctx.lower()
        if "://" in low or low.startswith(("git@", "github.com/")) or HOLE in ctx:
            return None, None, target, True
        base = ctx_node.base if ctx_node is not None else node.base
        context = reentered(C._join(base, ctx), self.root.name)
        if outside_root(context) or not self._inside(context):
            # an absolute path on the deploy host (`build: /opt/vendor-app`), or a relative one
            # climbing out of a repository to a checkout beside it (a multi-repository dev setup,
            # `context: ../../auth-service`, a submodule's siblings), is valid Compose that no
            # checkout of this repository holds: never opened (confinement), and like a remote
            # context its code is unknown here; a warning, not an error that fails a valid
            # project.  Without a repository the root is a guess (the nearest Compose file), and
            # a relative path leaving it stays an error: the run likely started below the real root.
            host_path = ctx.startswith("/") and _written_absolute(ctx_node)
            if host_path or (not ctx.startswith("/") and outside_root(context) and self.in_repository()):
                where = "project root" if host_path else "repository"
                node_error(self.errors, ctx_node or node, f"service {name!r}: build context {ctx} is outside the "
                                                          f"{where}: not read (what it builds is unknown)", "warning")
                return None, None, target, True
            node_error(self.errors, ctx_node or node, f"service {name!r}: build context {ctx} is outside the project root: refused")
            return None, None, target, False
        df_name = scalar_str(df_node) if df_node is not None else None
        if df_name:
            dockerfile = C._join(context, df_name)
            if outside_root(dockerfile):
                node_error(self.errors, df_node, f"service {name!r}: Dockerfile {df_name} is outside the project root: refused")
                return context, None, target, False
        else:
            dockerfile = C._join(context, "Dockerfile")
            if not self.is_file(dockerfile):
                for alt in ("Containerfile", "dockerfile"):
                    cand = C._join(context, alt)
                    if self.is_file(cand):
                        dockerfile = cand
                        break
        return context, dockerfile, target, False

    def _dockerfile(self, path: str, target: str | None, build_args: dict[str, Text] | None = None) -> Any:
        key = (path, target, tuple(sorted((k, v.value) for k, v in (build_args or {}).items())))
        if key in self.dockerfiles:
            return self.dockerfiles[key]
        df = None
        try:
            source = self.read(path)
        except ReadFailure as exc:
            if not exc.missing:
                self.errors.append(FileError(path, exc.message))
        else:
            df = parse_dockerfile(source, path, build_args)  # never raises: its own boundary reports a bug
            for w in getattr(df, "warnings", ()) or ():
                if w.kind == "internal":  # a bug in the parser; its other warnings are not errors
                    self.errors.append(w)
            if target and hasattr(df, "for_target"):
                df = df.for_target(target)
        self.dockerfiles[key] = df
        return df

    def _code_roots(self, df: Any, context: str, target: str | None) -> list[CodeRoot]:
        roots = code_roots(df, context, target=target, isdir=self.is_dir)
        ignored = self._dockerignore(context, getattr(df, "path", None)) if roots else []
        out = []
        for r in roots:
            src = norm_path(r.source)
            if outside_root(src):
                continue
            if any(src == e or src.startswith(e + "/") for e in ignored):
                continue  # .dockerignore keeps it out of the context
            excludes = [norm_path(e) for e in r.excludes]
            excludes += [e for e in ignored if src == "" or e.startswith(src + "/")]
            out.append(CodeRoot(src, r.target, tuple(dedupe(excludes))))
        return out

    def _dockerignore(self, context: str, dockerfile: str | None) -> list[str]:
        """Plain paths a ``.dockerignore`` keeps out of the build context (root-relative).

        Only patterns without wildcards count (``scripts/``, ``/tests``); a path that a
        ``!`` pattern re-includes something under is kept.  BuildKit's
        ``<Dockerfile>.dockerignore`` next to the Dockerfile takes precedence.
        """
        candidates = ([dockerfile + ".dockerignore"] if dockerfile else []) + [C._join(context, ".dockerignore")]
        source = None
        for cand in candidates:
            try:
                source = self.read(cand)
                break
            except ReadFailure:
                continue
        if not source:
            return []
        plain: list[str] = []
        negated: list[str] = []
        for line in source.splitlines():
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            neg = line.startswith("!")
            pattern = line[1:].strip() if neg else line
            pattern = posixpath.normpath(pattern.strip("/")) if pattern.strip("/") else ""
            if not pattern or pattern == "." or pattern.startswith(".."):
                continue
            if neg:
                negated.append(pattern)
            elif not any(ch in pattern for ch in "*?[\\"):
                plain.append(pattern)
        out = []
        for p in plain:
            if any(n == p or n.startswith(p + "/") or p.startswith(n + "/") for n in negated):
                continue
            out.append(C._join(context, p))
        return out

    def _bind_mounts(self, node: YNode | None, name: str) -> list[CodeRoot]:
        out: list[CodeRoot] = []
        if node is None or (isinstance(node, YScalar) and node.value is None):
            return out
        if not isinstance(node, YSeq):
            node_error(self.errors, node, f"service {name!r}: volumes must be a list: ignored")
            return out
        for item in node.items:
            base = item.base
            if item is not None and not isinstance(item, (YScalar, YMap)):
                node_error(self.errors, item, f"service {name!r}: a volumes entry is a string or a mapping")
                continue
            bind, source, target = _volume_entry(item)
            if not bind:
                continue
            if not source or not target or source.startswith("~") or HOLE in source:
                continue
            if source.startswith("/"):
                try:
                    rel = os.path.relpath(source, self.root)
                except ValueError:
                    continue
                rel = norm_path(rel.replace(os.sep, "/"))
            else:
                rel = C._join(base, source)
            if outside_root(rel) or not self._inside(rel):
                continue  # host paths outside the project are not project source
            out.append(CodeRoot(rel, posixpath.normpath(target) if target.startswith("/") else target, mounted=True))
        return out


def _volume_entry(item: YNode | None) -> tuple[bool, str | None, str | None]:
    """(a bind mount?, source, target) of one ``volumes`` entry (short or long syntax)."""
    if isinstance(item, YScalar) and isinstance(item.value, str):
        parts = item.value.split(":")
        if len(parts) >= 2 and len(parts[0]) == 1 and parts[0].isalpha() and parts[1][:1] in ("\\", "/"):
            parts = [parts[0] + ":" + parts[1]] + parts[2:]
        if len(parts) < 2:
            return False, None, parts[0]  # an anonymous volume
        source, target = parts[0], parts[1]
        # a source without a slash names a volume
        return source.startswith((".", "/", "~")) or "/" in source, source, target
    if isinstance(item, YMap):
        kind = scalar_str(item.items.get("type")) or ""
        return kind == "bind", scalar_str(item.items.get("source")), scalar_str(item.items.get("target"))
    return False, None, None


def visible_past_mounts(image_roots: list[CodeRoot], volumes: YNode | None) -> list[CodeRoot]:
    """The image's code roots less those a bind mount hides: in the container a bind mount's
    target shows the mounted directory only, whatever the image put at or below it (with
    ``.:/app`` the image's ``/app/packages/lib`` is not there).  A volume mounted deeper
    than the bind mount shows the image's content again (Docker fills a new volume from the
    image: ``- .:/app`` with ``- /app/.venv``).  Every bind mount counts, whether or not
    its source is project code (``~/data:/app/data`` hides the image's ``/app/data`` too)."""
    if not isinstance(volumes, YSeq):
        return image_roots
    binds: list[str] = []
    kept: list[str] = []
    for item in volumes.items:
        bind, _source, target = _volume_entry(item)
        if target and target.startswith("/") and HOLE not in target:
            (binds if bind else kept).append(posixpath.normpath(target))
    if not binds:
        return image_roots

    def depth(path: str, tops: list[str]) -> int:  # the deepest of ``tops`` holding path, -1: none
        return max((len(t) for t in tops if path == t or path.startswith(t.rstrip("/") + "/")), default=-1)

    out = []
    for r in image_roots:
        if r.target and r.target.startswith("/"):
            t = posixpath.normpath(r.target)
            if depth(t, binds) > depth(t, kept):
                continue
        out.append(r)
    return out


def reentered(path: str, root_name: str) -> str:
    """``../<root>/x`` leaves the project root and comes back into it by the root's own
    directory name (a Compose file in ``deploy/`` building ``../../<repo>``, written for a
    checkout under that name): the path inside the root, ``x``.  Any other path is kept."""
    if not root_name or not path.startswith("../"):
        return path
    head, _, rest = path[3:].partition("/")
    if head != root_name or rest.startswith(".."):
        return path
    return rest


def dedupe(items: list) -> list:
    out = []
    for x in items:
        if x not in out:
            out.append(x)
    return out


def _written_absolute(node: YNode | None) -> bool:
    """The scalar's value starts with a ``/`` written at its start (``/opt/app``), not one
    that a variable expanding to nothing put first (``${STACK_ROOT}/apps/api`` with
    ``STACK_ROOT`` unset: a mistake Compose only warns about, kept an error here)."""
    if not isinstance(node, YScalar) or node.span is None:
        return False
    first = node.text.span(0, 1)
    return first is not None and first.line == node.span.line and first.column - node.span.column in (0, 1)


def _build_args(node: YNode | None) -> dict[str, Text]:
    """The values a service's ``build.args`` gives the Dockerfile's ARGs (a mapping, or a list
    of ``NAME=value``).  A name without a value takes the builder's environment, and a value
    holding a variable Compose could not fill is unknown: both are left out (the ARG keeps its
    default)."""
    args = node.items.get("args") if isinstance(node, YMap) else None
    out: dict[str, Text] = {}
    if isinstance(args, YMap):
        for name, value in args.items.items():
            text = scalar_text(value)
            if text is not None and HOLE not in text.value:
                out[name] = text
    elif isinstance(args, YSeq):
        for item in args.items:
            text = scalar_text(item)
            name, eq, _ = text.value.partition("=") if text is not None else ("", "", "")
            if text is not None and eq and name and HOLE not in text.value:
                out[name] = slice_text(text, len(name) + 1, len(text.value))
    return out
