"""Evidence that a value is dialled: follows string literals to the places that connect
(CPython ``ast`` over the modules a container runs)."""
from dockwise.flow.evidence import Flow
from dockwise.flow.results import FlowResult, Sink

__all__ = ["Flow", "FlowResult", "Sink"]
