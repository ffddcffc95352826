"""A function that imports one name from different modules in its branches
(``if kind == "mysql": from .mysql import Store`` ... ``else: from .memory import Store``)
calls a different class in each: a call of ``Store(...)`` belongs to the class its nearest
import in scope names, not to every class of that name.  So a backend's constructor default
(``host="localhost"``) that its own construction always overrides is no finding, though a
sibling backend of the same class name is built without that argument."""
from __future__ import annotations

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

FACTORY = '''from urllib.parse import urlparse


def connect(url):
    parsed = urlparse(url)
    if parsed.scheme == "mysql":
        from shop.store.mysql import Store
        return Store(host=parsed.hostname, port=parsed.port or 3306)
    from shop.store.memory import Store
    return Store({args})
'''

MYSQL = '''import pymysql


class Store:
    def __init__(self, host="localhost", port=3306):
        self.conn = pymysql.connect(host=host, port=port)
'''

MEMORY = '''class Store:
    def __init__(self, capacity=100, host=None):
        self.items = {}
'''


def findings(tmp_path, args: str = "", extra: dict | None = None) -> list[tuple[str, int]]:
    make(tmp_path, {
        "compose.yaml": ("services:\n  api:\n    build: .\n    command: python -m shop.main\n"
                         "    environment:\n      STORE_URL: mysql://db:3306/shop\n"
                         "  db:\n    image: mysql:8\n"),
        "Dockerfile": "FROM python:3.12-slim\nCOPY . .\n",
        "shop/__init__.py": "",
        "shop/main.py": "import os\n\nfrom shop.store import connect\n\nstore = connect(os.environ['STORE_URL'])\n",
        "shop/store/__init__.py": FACTORY.replace("{args}", args),
        "shop/store/mysql.py": MYSQL,
        "shop/store/memory.py": MEMORY,
        **(extra or {}),
    }, git=True)
    return [(f.span.path, f.span.line) for f in run_check([tmp_path], Config(cache=False)).active]


def test_a_call_of_another_class_of_the_same_name_keeps_no_default_alive(tmp_path):
    assert findings(tmp_path) == []


def test_a_call_of_the_class_itself_without_the_argument_keeps_it(tmp_path):
    # recall guard: a call of the mysql class's name with no local import of another class
    extra = {"shop/extra.py": "from shop.store.mysql import Store\n\ncache = Store(port=3307)\n",
             "shop/main.py": ("import os\n\nfrom shop import extra  # noqa: F401\nfrom shop.store import connect\n\n"
                              "store = connect(os.environ['STORE_URL'])\n")}
    assert ("shop/store/mysql.py", 5) in findings(tmp_path, extra=extra)


def test_a_class_built_under_a_module_alias_is_called_there(tmp_path):
    # `Store = MySQLStore`: the factory's `Store(host=...)` is the class's construction
    aliased = MYSQL.replace("class Store:", "class MySQLStore:") + "\n\nStore = MySQLStore\n"
    assert findings(tmp_path, extra={"shop/store/mysql.py": aliased}) == []
