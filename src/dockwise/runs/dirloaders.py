"""Programs that load every Python file of some folders (``rules/frameworks.yaml``
directory_loaders).

``airflow scheduler`` names no module: it parses each file of its DAGs folder, and its
webserver loads the plugins folder alone.  Such a command is read as the files those folders
hold in the container, each imported (not run as ``__main__``) with the folders on
``sys.path``; of a folder whose files the program loads only where they hold some words
(Airflow's DAG discovery safe mode: ``airflow`` and ``dag``), only those files.  Where the
folders cannot be placed (no home directory known, no DAG file the container can see, a
subcommand not listed), nothing is decided here and the container is judged on every file it
holds, as for any program not understood.
"""
from __future__ import annotations

import configparser
import posixpath
from dataclasses import dataclass

from dockwise.knowledge.records import DirectoryLoader
from dockwise.layout.model import Service
from dockwise.model import HOLE, Text
from dockwise.runs.fs import ContainerView, ProjectFiles
from dockwise.runs.imagematch import image_in

__all__ = ["Loaded", "directory_load"]


@dataclass(frozen=True)
class Loaded:
    files: tuple[str, ...]  # project files the subcommand imports
    sys_path: tuple[str, ...]  # the container folders on sys.path


def directory_load(loader: DirectoryLoader, argv: tuple[str, ...], svc: Service, env: dict[str, Text | None],
                   view: ContainerView, files: ProjectFiles) -> Loaded | None:
    """What ``argv`` (the loader's program and its arguments) imports, or None where it is not
    known (see the module's docstring)."""
    words = [a for a in argv[1:] if not a.startswith("-")]
    if not words:
        return None
    names = loader.subcommands.get(words[0])
    if names is None and len(words) > 1:
        names = loader.subcommands.get(f"{words[0]} {words[1]}")
    if names is None:
        return None
    home = _value(env, loader.home_env) if loader.home_env else None
    if home is None and loader.home_env in env:
        return None  # set to a value known only at run time
    if home is None:
        if not image_in(svc, loader.images):
            return None
        home = loader.home
    if not home.startswith("/"):
        return None
    config = _config(view, files, posixpath.join(home, loader.config_file)) if loader.config_file else None
    paths: dict[str, str] = {}
    for name in set(names) | set(loader.needs):
        path = _path(loader, name, env, config, home)
        if path is None:
            return None  # a folder known only at run time
        paths[name] = path
    found: dict[str, list[str]] = {}
    for name, path in paths.items():
        found[name] = _python_at(view, files, path)
    if not any(found[name] for name in loader.needs):
        return None  # the DAGs are nowhere the container can see: the layout is not understood
    if loader.words and _words_checked(loader, env, config):
        for name, needed in loader.words.items():
            if name in found:
                found[name] = [rel for rel in found[name] if _holds_words(files, rel, needed)]
    out = [rel for name in names for rel in found[name]]
    folders = [paths[n] for n in names if not paths[n].endswith(".py")]
    folders += sorted({posixpath.dirname(paths[n]) for n in names if paths[n].endswith(".py")})
    return Loaded(tuple(dict.fromkeys(out)), tuple(dict.fromkeys(folders)))


def _words_checked(loader: DirectoryLoader, env: dict[str, Text | None], config: configparser.ConfigParser | None) -> bool:
    """Whether the program loads only the files holding its ``words`` (Airflow's DAG discovery
    safe mode): on unless its variable, else its configuration key, is a false boolean; a value
    known only at run time, or one not read as a boolean, leaves every file loaded."""
    raw: str | None = None
    if loader.words_switch_env and loader.words_switch_env in env:
        raw = _value(env, loader.words_switch_env)
        if raw is None:
            return False
    elif loader.words_switch_key and config is not None:
        section, _, option = loader.words_switch_key.partition(".")
        try:
            raw = config.get(section, option, fallback=None)
        except (configparser.Error, ValueError):
            return False
    if raw is None:
        return True
    word = raw.strip().lower()
    if word in ("t", "true", "1"):
        return True
    return False  # false, or not a boolean: every file, as before


def _holds_words(files: ProjectFiles, rel: str, words: tuple[str, ...]) -> bool:
    """The file's text holds every one of ``words`` in any letter case (a file not read: kept)."""
    text = files.text(rel)
    if text is None:
        return True
    low = text.lower()
    return all(w.lower() in low for w in words)


def _value(env: dict[str, Text | None], name: str) -> str | None:
    text = env.get(name)
    if text is None or HOLE in text.value:
        return None
    value = text.value.strip()
    return value or None


def _path(loader: DirectoryLoader, name: str, env: dict[str, Text | None], config: configparser.ConfigParser | None,
          home: str) -> str | None:
    """The container path of ``name``: its variable, the configuration file's key, its default."""
    var = loader.path_env.get(name)
    if var and var in env:
        value = _value(env, var)
        return posixpath.normpath(value) if value and value.startswith("/") else None
    key = loader.path_keys.get(name)
    if key and config is not None:
        section, _, option = key.partition(".")
        try:
            value = config.get(section, option, fallback=None)
        except (configparser.Error, ValueError):
            return None
        if value is not None:
            value = value.strip().replace("{AIRFLOW_HOME}", home)
            return posixpath.normpath(value) if value.startswith("/") and "{" not in value else None
    return posixpath.normpath(posixpath.join(home, loader.paths.get(name, name)))


def _config(view: ContainerView, files: ProjectFiles, cpath: str) -> configparser.ConfigParser | None:
    rel = view.file(cpath)
    text = files.text(rel) if rel is not None else None
    if not text:
        return None
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    try:
        parser.read_string(text)
    except (configparser.Error, ValueError):
        return None
    return parser


def _python_at(view: ContainerView, files: ProjectFiles, cpath: str) -> list[str]:
    """The project's Python files at the container path ``cpath`` (a file, or below a folder)."""
    if cpath.endswith(".py"):
        rel = view.file(cpath)
        return [rel] if rel is not None else []
    out: list[str] = []
    for d in view.dirs(cpath):
        out += files.project_python(d)
    return out
