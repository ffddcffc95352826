"""The declared network layout: what Compose files and Dockerfiles say about containers.

Built by ``dockwise.layout.build`` (Compose + Dockerfile loading); read by the extract
stage (values to scan) and the resolve stage (verdicts).  Plain frozen data only.
All paths are posix and relative to the project root ("" is the root itself).
"""
from __future__ import annotations

import posixpath
from dataclasses import dataclass, field

from dockwise.model import FileError, Span, Text


@dataclass(frozen=True)
class Port:
    """One container port, published or not (ranges are expanded to one Port each)."""

    target: int
    published: int | None = None
    host_ip: str | None = None
    protocol: str = "tcp"
    span: Span | None = None  # the published port's text, when written


@dataclass(frozen=True)
class Attachment:
    """A service's membership of one network."""

    network: str  # the network's key in the project ("default" for the implicit one)
    aliases: tuple[str, ...] = ()
    ipv4_address: str | None = None
    ipv6_address: str | None = None


@dataclass(frozen=True)
class Network:
    name: str  # key in the Compose file's top-level ``networks`` ("default" included)
    driver: str | None = None  # "bridge", "overlay", ... (None: the engine's default)
    external: bool = False
    real_name: str | None = None  # ``name:`` (or the external name): how projects share it
    subnets: tuple[str, ...] = ()  # ipam config subnets (CIDR text)
    internal: bool = False
    # the gateway of each ipam config subnet: its `gateway`, else the subnet's first address,
    # which Docker's default IPAM gives the network's bridge (the Docker host on that network)
    gateways: tuple[str, ...] = ()


@dataclass(frozen=True)
class CodeRoot:
    """Files of the project that end up in a service's container.

    ``source`` is a directory or a file; ``target`` the absolute container path it lands
    at (COPY/ADD destination resolved against WORKDIR, or a bind mount's target), when
    known.  ``excludes`` are source paths under ``source`` that are not copied.  ``mounted``:
    a Compose bind mount, which hides whatever the image's build put at ``target``.
    """

    source: str
    target: str | None = None
    excludes: tuple[str, ...] = ()
    mounted: bool = False

    def project_path(self, cpath: str, target: str) -> str | None:
        """The project path (not normalised) of container path ``cpath`` through this root,
        landed at ``target`` (its ``target``, normalised), or None when ``cpath`` is not under it."""
        if cpath == target:
            return self.source
        if target == "/":
            rest = cpath[1:]
        elif cpath.startswith(target + "/"):
            rest = cpath[len(target) + 1:]
        else:
            return None
        return posixpath.join(self.source, rest) if self.source else rest


@dataclass(frozen=True)
class EnvVar:
    """An environment variable set for a service.

    ``value`` is None for a name without a value (``environment: [FOO]``, taken from the
    shell at run time) that the project's ``.env`` does not set (where it does, its value is
    that ``.env`` entry's).  ``origin`` is "environment", "env_file" or "dockerfile".
    """

    name: str
    value: Text | None
    origin: str = "environment"
    name_span: Span | None = None
    # set in the ``environment:`` of the service it ``extends`` and not again in its own: a
    # base service's settings that every service extending it carries, as a shared env_file's
    inherited: bool = False


@dataclass(frozen=True)
class Command:
    """A start command (or healthcheck test) as argv tokens.

    ``shell`` is True for the string / shell form (the tokens were split from one string);
    ``origin`` is "compose" or "dockerfile"; ``working_dir`` the container directory it
    runs in (Compose ``working_dir`` or the Dockerfile's last WORKDIR).
    """

    tokens: tuple[Text, ...]
    shell: bool = False
    origin: str = "compose"
    working_dir: str | None = None
    span: Span | None = None  # the whole instruction / value (for findings about a missing flag)
    # a Dockerfile shell form's text as written: under an exec-form ENTRYPOINT it is passed on
    # as `/bin/sh -c TEXT`, one argument, not as its words
    source: Text | None = None


@dataclass(frozen=True)
class Service:
    name: str
    project: str  # the Compose project directory ("" for the root); for implicit containers: the Dockerfile's dir
    implicit: bool = False  # a container from a Dockerfile that no Compose service builds
    # a Compose service with neither an image nor a build: Compose refuses to create its container
    # ("has neither an image nor a build context specified"), so its file is a part merged onto
    # another one that gives the image (a dev container's list of Compose files, an overlay run
    # with ``-f``), where the rest of its definition (networks, network mode, command) is written
    fragment: bool = False
    image: str | None = None
    base_image: str | None = None  # the image its Dockerfile's final stage starts FROM
    networks: tuple[Attachment, ...] = ()
    network_mode: str | None = None  # "host" | "none" | "bridge" | "service:X" | "container:X" | None
    container_name: str | None = None
    hostname: str | None = None
    domainname: str | None = None
    links: tuple[tuple[str, str], ...] = ()  # (service, alias); alias == service when none
    external_links: tuple[tuple[str, str], ...] = ()
    depends_on: tuple[str, ...] = ()  # the services Compose starts before it (``depends_on``, list or mapping)
    ports: tuple[Port, ...] = ()
    expose: tuple[int, ...] = ()
    listen_ports: tuple[int, ...] = ()  # ports targets + expose + EXPOSE + start-command ports + image ports
    # container ports of its ``ports:`` entries that nothing it runs serves: its start command runs
    # only servers told other ports (layout/startfiles.py told_ports), and no expose, EXPOSE or
    # image default names them
    unserved_ports: tuple[int, ...] = ()
    build_servers: tuple[int, ...] = ()  # ports of servers its image's build installs and starts (layout/buildservers.py)
    busybox_wget_replaced: bool = False  # its image's build installs another wget (layout/buildservers.py)
    extra_hosts: tuple[tuple[str, str], ...] = ()  # (hostname, address), e.g. ("host.docker.internal", "host-gateway")
    environment: tuple[EnvVar, ...] = ()  # merged: Dockerfile ENV < env_file < environment
    env_unknown: bool = False  # an env_file could not be read and had no committed twin; a container run outside Compose
    code: tuple[CodeRoot, ...] = ()
    # paths a RUN of its image's build bind-mounts from the build context (layout/buildmounts.py):
    # not held by the container, but a project installed from them has its console scripts there
    build_mounts: tuple[str, ...] = ()
    command: Command | None = None  # the effective start command (entrypoint + command), if known
    # index in command.tokens of the argument its entrypoint script dispatches on
    # (`case "$1" in gunicorn) ...`): from there on the words name a subcommand, not a program
    dispatched_at: int | None = None
    compose_command: Command | None = None  # Compose ``command`` as written (for scanning)
    compose_entrypoint: Command | None = None
    healthcheck: Command | None = None
    entry_files: tuple[str, ...] = ()  # project files its start command runs (python app.py, python -m pkg.mod)
    healthcheck_files: tuple[str, ...] = ()  # project files its healthcheck runs
    server_configs: tuple[str, ...] = ()  # project files of config files its server reads (./gunicorn.conf.py)
    # those of them whose bind the start command's own bind option replaces
    # (gunicorn -b 0.0.0.0:80 beside a gunicorn.conf.py that binds 127.0.0.1)
    config_binds_replaced: tuple[str, ...] = ()
    build_context: str | None = None
    dockerfile: str | None = None  # path of the Dockerfile, when the service is built
    # it names no image and builds from a Dockerfile (or a context) missing from the tree:
    # Compose cannot build it ("failed to read dockerfile"), and its container never runs
    # (the context a git submodule or a generated directory fills: its code is not seen either);
    # or its ``build.target`` names a stage its Dockerfile lacks: the build stops there too
    unbuildable: bool = False
    profiles: tuple[str, ...] = ()
    span: Span | None = None  # the service's key
    # it only builds the image other services of its project build FROM (layout/baseimages.py):
    # a build step, whose container starts with nothing configured
    builds_base: bool = False

    def env(self, name: str) -> EnvVar | None:
        for var in reversed(self.environment):
            if var.name == name:
                return var
        return None

    @property
    def run_image(self) -> str | None:
        """The image the container runs: its ``image``, or for a built service the one its
        Dockerfile's final stage starts FROM (its ``image`` is then only the tag the build is given)."""
        return self.base_image if self.dockerfile else self.image

    @property
    def has_host_gateway(self) -> bool:
        return any(h.lower() == "host.docker.internal" for h, _ in self.extra_hosts)

    def carries(self, span: Span) -> bool:
        """A value of this service's configuration (environment, start command, healthcheck)
        is written on ``span``'s line: the service uses that text.  Same-named services of
        a project and its variant files differ here (only one may load an env file)."""
        texts: list[Text] = [v.value for v in self.environment if v.value is not None]
        for cmd in (self.command, self.compose_command, self.compose_entrypoint, self.healthcheck):
            if cmd is not None:
                texts.extend(cmd.tokens)
        return any(p.path == span.path and p.line == span.line for t in texts for p in t.pieces)


@dataclass(frozen=True)
class Project:
    """One Compose project: a directory's Compose file(s), merged."""

    dir: str
    files: tuple[str, ...]
    name: str
    services: tuple[Service, ...] = ()
    networks: tuple[Network, ...] = ()
    variant: bool = False  # loaded from a variant file (docker-compose.prod.yml) as a project of its own
    # where the directory's ``.env`` is not in the tree: the variables its Compose files interpolate
    # without a value or default (``${DB_HOST}``, ``$DB_HOST``, ``${DB_HOST:?}``), which the operator's
    # ``.env`` there (or the shell) sets (flow/appdotenv.py)
    interpolated: frozenset[str] = frozenset()

    def service(self, name: str) -> Service | None:
        for svc in self.services:
            if svc.name == name:
                return svc
        return None

    def network(self, name: str) -> Network | None:
        for net in self.networks:
            if net.name == name:
                return net
        return None


@dataclass(frozen=True)
class Layout:
    root: str  # absolute path of the project root
    projects: tuple[Project, ...] = ()
    containers: tuple[Service, ...] = ()  # implicit containers (Dockerfile, no Compose service)
    errors: tuple[FileError, ...] = ()  # Compose/Dockerfile/.env files that could not be loaded
    files: tuple[str, ...] = field(default=())  # every file the layout was read from (for caching)
