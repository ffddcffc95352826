"""Which image a service runs, matched against the globs of ``rules/frameworks.yaml``."""
from __future__ import annotations

import fnmatch
from typing import Iterable

from dockwise.layout.model import Service

__all__ = ["image_in"]


def image_in(svc: Service, patterns: Iterable[str]) -> bool:
    """The image ``svc`` runs (for a built service: the one its Dockerfile starts FROM)
    matches one of the globs ``patterns``."""
    image = (svc.image if not svc.dockerfile else svc.base_image) or ""
    image = image.strip().lower().split("@", 1)[0]  # a digest pins the image, it does not name it
    return bool(image) and any(fnmatch.fnmatchcase(image, p) for p in patterns)
