"""A CI workflow that pushes the project's image under an owner it reads from a secret
(``tags: ${{ secrets.HUB_USER }}/pantry-backend:latest``), or under tags an earlier step writes
to ``$GITHUB_ENV`` (``echo "tags=$BASE:latest, $BASE:beta" >> $GITHUB_ENV``, read as
``tags: ${{ env.tags }}``), builds the image a Compose service runs as
``someone/pantry-backend:latest``: the owner filled in at build time is any owner.  Before, the
unknown owner was dropped as if it were a registry (``pantry-backend`` alone), the step's
written tags were not read, and the service was taken to run none of the project's code."""
from __future__ import annotations

from pathlib import Path

from dockwise.layout.imagebuilds import find_image_builds
from tests.conftest import make

DOCKERFILE = 'FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nCMD ["python", "main.py"]\n'
HEAD = "on: push\njobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n"
PUSH = ("      - uses: docker/build-push-action@v6\n        with:\n          context: ./backend\n"
        "          file: backend/Dockerfile\n          tags: {tags}\n")
WRITE = ("      - name: tags\n        run: |\n          if [[ $REF == refs/tags/v* ]]\n          then\n"
         '            echo "tags=$BASE:latest, $BASE:beta" >> $GITHUB_ENV\n          else\n'
         '            echo "tags=$BASE:dev" >> "$GITHUB_ENV"\n          fi\n'
         "        env:\n          REF: ${{ github.ref }}\n          BASE: ${{ secrets.HUB_USER }}/pantry-backend\n")


def _builds(tmp_path: Path, workflow: str):
    rel = ".github/workflows/deploy.yml"
    make(tmp_path, {rel: workflow, "backend/Dockerfile": DOCKERFILE, "backend/main.py": "print(1)\n"}, git=True)
    return find_image_builds([rel], lambda r: (tmp_path / r).read_text(), lambda r: (tmp_path / r).is_file())


def test_an_owner_read_from_a_secret_is_any_owner(tmp_path):
    builds = _builds(tmp_path, HEAD + PUSH.format(tags="${{ secrets.HUB_USER }}/pantry-backend:latest"))
    build = builds.match("someone/pantry-backend:latest")
    assert build is not None and build.dockerfile == "backend/Dockerfile"
    assert builds.match("pantry-backend:latest") is not None  # (as before)
    assert builds.match("someone/pantry-frontend:latest") is None


def test_tags_written_to_github_env_by_an_earlier_step(tmp_path):
    builds = _builds(tmp_path, HEAD + WRITE + PUSH.format(tags="${{ env.tags }}"))
    for image in ("someone/pantry-backend:latest", "someone/pantry-backend:dev", "someone/pantry-backend"):
        build = builds.match(image)
        assert build is not None and build.dockerfile == "backend/Dockerfile", image
    assert builds.match("someone/pantry-frontend:latest") is None


def test_a_name_no_step_writes_builds_nothing_known(tmp_path):
    builds = _builds(tmp_path, HEAD + PUSH.format(tags="${{ env.tags }}"))
    assert builds.match("someone/pantry-backend:latest") is None
