"""Template files: text that renders to a Compose file or a Python module, but is not one.

A Compose file with Jinja markup (``image: {{ image }}``), or a Python module of a
cookiecutter or Jinja template (``{{ cookiecutter.project_slug }}``), holds no values a
container uses as written: dockwise does not judge it, and reports no syntax error in it.
Go templates (``{{.State.Status}}`` in a healthcheck, ``{{ normalize .Name }}`` in a label)
are Compose values, not markup.  A Compose file whose mapping keys are ``${VAR}`` placeholders
(a service named ``${APP_NAME}:``) is a template too: Compose interpolates values only, never keys,
so something else (an installer, ``envsubst``, the reader's own hand) fills it before Compose reads it.
"""
from __future__ import annotations

import re

__all__ = ["TEMPLATE_MARKUP", "is_template_text", "is_python_template", "is_compose_template"]

TEMPLATE_MARKUP = re.compile(
    r"\{%-?\s*(?:if|for|set|raw|macro|include|import|block|extends|endif|endfor)\b"
    r"|\{\{-?\s*[A-Za-z_][\w]*(?:\.[\w]+)*\s*(?:\|[^}\n]*)?-?\}\}"
)


def is_template_text(text: str) -> bool:
    """Whether ``text`` holds Jinja / cookiecutter markup."""
    return ("{{" in text or "{%" in text) and TEMPLATE_MARKUP.search(text) is not None


# In Python, `{{ name }}` may be the text of a string (an e-mail template): only cookiecutter
# variables, or a Jinja statement starting a line, make a module a template whatever parses.
_PYTHON_TEMPLATE = re.compile(r"\{\{-?\s*cookiecutter\.|^[ \t]*\{%-?\s*\w+", re.MULTILINE)


def is_python_template(text: str) -> bool:
    """Whether a Python module is a cookiecutter / Jinja template (judged by its markup
    outside strings; a module that does not parse and holds any markup is one too)."""
    return ("{{" in text or "{%" in text) and _PYTHON_TEMPLATE.search(text) is not None


# A mapping key that is only a `${VAR}` / `$VAR` placeholder, at the start of a YAML line.
_PLACEHOLDER_KEY = re.compile(r"""^[ \t]*(?:- [ \t]*)?["']?\$\{?[A-Za-z_]\w*\}?["']?[ \t]*:(?:[ \t]|$)""", re.MULTILINE)


def is_compose_template(text: str) -> bool:
    """Whether a Compose-named file is a template: Jinja markup, or a key that is a variable
    placeholder (Compose substitutes variables in values only: docker/compose#3858)."""
    return is_template_text(text) or ("$" in text and _PLACEHOLDER_KEY.search(text) is not None)
