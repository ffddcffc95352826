import os
import sys

# `python -m dockwise` puts the current directory first on sys.path; the project being checked
# may hold modules named like dockwise's own dependencies (yaml.py, click.py): never import them.
_cwd = os.getcwd()
sys.path[:] = [p for p in sys.path if p not in ("", ".", _cwd)]

from dockwise.cli import main  # noqa: E402

if __name__ == "__main__":
    main()
