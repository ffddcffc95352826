"""The rules' checks: one module per rule code, next to its entry in ``rules/codes/``.

    dw101.py  loopback-target              dw106.py  host-gateway-missing
    dw102.py  container-ip-target          dw107.py  deprecated-host-alias
    dw103.py  published-port-inside        dw108.py  no-network
    dw104.py  unreachable-service          dw109.py  advertised-listener-loopback
    dw105.py  unknown-service              dw201.py  loopback-bind
                                           dw202.py  healthcheck-localhost-ipv6

Each module's ``check`` takes the layout index (``context.Context``), the endpoint and the
service whose container runs it, and returns a ``verdict.Verdict`` or None.  Which check
applies to an endpoint is decided by ``dockwise.resolve`` (from the endpoint's role and the
kind of its host), which also turns verdicts into findings.  Host names lead from one check
to another: a service name goes to dw104 (does it resolve?), then dw103 (the right port?)
or dw105 (a typo?).
"""
