"""Which Python modules each container runs (the stage between layout and extract).

``build_runs(layout, knowledge, files)`` reads every service's start command, follows it
to its entry points, and follows their imports to the modules the container runs.
"""
from dockwise.runs.build import Runs, ServiceRuns, build_runs
from dockwise.runs.fs import ProjectFiles

__all__ = ["Runs", "ServiceRuns", "build_runs", "ProjectFiles"]
