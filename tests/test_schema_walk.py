"""The walk beside the Compose schema (``layout.schema._may_hold_unknown``) must say "may
hold an unknown key" whenever the validator would report one: it decides whether the
validator runs at all.  Checked on a Compose file that uses most of the specification, and
on copies of it with a key added at random places."""
from __future__ import annotations

import copy
import random
import re

from dockwise.layout import schema as S
from dockwise.layout.yaml_load import parse_yaml

RICH = """
name: shop
x-common: &common
  restart: unless-stopped
services:
  api:
    <<: *common
    build:
      context: ./api
      dockerfile: Dockerfile
      target: prod
      args: {VERSION: "1"}
      cache_from: [shop/api:cache]
    image: shop/api:1
    command: ["gunicorn", "app:app"]
    environment: {DATABASE_URL: "postgresql://db/app", DEBUG: "0"}
    env_file: [.env, {path: ./extra.env, required: false}]
    ports: ["8000:8000", {target: 9000, published: "9000", protocol: tcp}]
    expose: ["8001"]
    networks:
      front: {aliases: [web]}
      back: {ipv4_address: 172.28.0.5}
    depends_on:
      db: {condition: service_healthy}
    healthcheck: {test: ["CMD", "curl", "-f", "http://localhost:8000"], interval: 10s, retries: 3}
    deploy:
      replicas: 2
      resources: {limits: {cpus: "0.5", memory: 256M}}
      restart_policy: {condition: on-failure}
    logging: {driver: json-file, options: {max-size: 10m}}
    volumes: ["./src:/app", {type: volume, source: data, target: /data, volume: {nocopy: true}}]
    secrets: [token, {source: key, target: /run/key}]
    configs: [{source: conf, target: /etc/app.conf}]
    extra_hosts: ["host.docker.internal:host-gateway"]
    labels: {com.example.team: shop}
    profiles: [web]
    develop:
      watch: [{action: sync, path: ./src, target: /app}]
  db:
    image: postgres:16
    ulimits: {nofile: {soft: 1024, hard: 2048}}
    sysctls: {net.core.somaxconn: 1024}
networks:
  front: {}
  back:
    driver: bridge
    ipam: {config: [{subnet: 172.28.0.0/16}]}
volumes:
  data: {driver_opts: {type: none}}
secrets:
  token: {file: ./token.txt}
  key: {environment: KEY}
configs:
  conf: {file: ./app.conf}
"""


def _plain_doc(text: str):
    docs, errors = parse_yaml(text, "compose.yaml")
    assert not errors
    return S._plain(docs[0])


def _reported(doc) -> bool:
    for error in S._validator().iter_errors(doc):
        for e in S._additional(error):
            known = (e.schema.get("properties") or {}).keys()
            patterns = (e.schema.get("patternProperties") or {}).keys()
            if any(k not in known and not any(re.search(p, k) for p in patterns) for k in e.instance):
                return True
    return False


def _mappings(value, out):
    if isinstance(value, dict):
        out.append(value)
        for v in value.values():
            _mappings(v, out)
    elif isinstance(value, list):
        for v in value:
            _mappings(v, out)
    return out


def test_a_valid_file_needs_no_validation():
    doc = _plain_doc(RICH)
    assert not _reported(doc)
    assert not S._may_hold_unknown(doc, S._schema(), S._schema())


def test_the_walk_flags_every_unknown_key_the_validator_reports():
    rng = random.Random(7)
    base = _plain_doc(RICH)
    reported = 0
    for _ in range(300):
        doc = copy.deepcopy(base)
        target = rng.choice(_mappings(doc, []))
        target[rng.choice(["enviroment", "imagee", "x-note", "Ports", "build", "driver", "foo"])] = \
            rng.choice(["x", {"a": 1}, [1], 3])
        if _reported(doc):
            reported += 1
            assert S._may_hold_unknown(doc, S._schema(), S._schema()), target
    assert reported > 50  # the copies do hold unknown keys


def test_unknown_keys_are_still_reported_with_their_place():
    errors = S.unknown_keys("compose.yaml", "services:\n  api:\n    image: x\n    enviroment: {A: 1}\n")
    assert [(e.line, "enviroment" in e.message) for e in errors] == [(4, True)]
