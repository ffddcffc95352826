"""dockwise: catch brittle container connection strings before they break in production."""

__version__ = "0.1.0"
