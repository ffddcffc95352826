"""Which image a service runs, matched against the globs of ``rules/frameworks.yaml``."""
from __future__ import annotations

import fnmatch
from typing import Iterable

from dockwise.layout.model import Service

__all__ = ["image_in", "image_matches"]


def image_in(svc: Service, patterns: Iterable[str]) -> bool:
    """The image ``svc`` runs (for a built service: the one its Dockerfile starts FROM)
    matches one of the globs ``patterns``."""
    return image_matches((svc.image if not svc.dockerfile else svc.base_image) or "", patterns)


def image_matches(image: str, patterns: Iterable[str]) -> bool:
    """The image reference ``image`` (as written: any case, a digest) matches one of the globs."""
    image = image.strip().lower().split("@", 1)[0]  # a digest pins the image, it does not name it
    return bool(image) and any(fnmatch.fnmatchcase(image, p) for p in patterns)
