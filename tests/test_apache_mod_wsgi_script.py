"""Apache httpd with mod_wsgi runs the WSGI script a `WSGIScriptAlias URL-path file-path` of its
configuration names: a container started with `apache2ctl -D FOREGROUND` whose Dockerfile copies
a site configuration into /etc/apache2/sites-available runs that script (and what it imports),
so a loopback address it dials is a finding.  Before, Apache was only a program that runs no
Python, and such a container ran "no Python of the project".  A configuration that names no
WSGI script (a static site) still runs none; so does a script the image does not hold."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

DOCKERFILE = ("FROM python:3.12-slim\nRUN apt-get update && apt-get install -y apache2 libapache2-mod-wsgi-py3\n"
              "COPY portal /srv/portal\nCOPY deploy/portal.conf /etc/apache2/sites-available/portal.conf\n"
              "RUN a2ensite portal\nCMD apache2ctl -D FOREGROUND\n")
SITE = ('<VirtualHost *:80>\n  WSGIDaemonProcess portal python-path=/srv/portal\n'
        '  WSGIScriptAlias {alias} "{script}"\n</VirtualHost>\n')
WSGI = ('import redis\n\nhits = redis.Redis(host="localhost", port=6379)\n\n\n'
        'def application(environ, start_response):\n    hits.incr("views")\n'
        '    start_response("200 OK", [])\n    return [b"ok"]\n')


def _findings(tmp_path: Path, site: str) -> list[tuple[str, int, str]]:
    make(tmp_path, {
        "compose.yaml": "services:\n  web:\n    build: .\n    ports: [\"8080:80\"]\n  cache:\n    image: redis:7\n",
        "Dockerfile": DOCKERFILE,
        "deploy/portal.conf": site,
        "portal/wsgi.py": WSGI,
    }, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted((f.span.path, f.span.line, f.code) for f in result.active)


def test_the_wsgi_script_apache_loads_runs(tmp_path: Path) -> None:
    site = SITE.format(alias="/", script="/srv/portal/wsgi.py")
    assert _findings(tmp_path, site) == [("portal/wsgi.py", 3, "DW101")]


def test_a_site_without_a_wsgi_script_runs_no_python(tmp_path: Path) -> None:
    site = '<VirtualHost *:80>\n  DocumentRoot /var/www/html\n  # WSGIScriptAlias / /srv/portal/wsgi.py\n</VirtualHost>\n'
    assert _findings(tmp_path, site) == []


def test_a_script_the_image_does_not_hold_runs_nothing(tmp_path: Path) -> None:
    site = SITE.format(alias="/api", script="/opt/other/wsgi.py")
    assert _findings(tmp_path, site) == []
