from __future__ import annotations

from awas.evidence.capture import Capturer
from tests.evidence.servers import Server


def test_smoke(capturer: Capturer, web: Server, tls_web: Server) -> None:
    c = capturer.capture_url(web.base + "/moved", actor="tester", reason="uji")
    print(c)
    assert c.stored, c.failure_reason
    c2 = capturer.capture_url(tls_web.base + "/page", actor="tester")
    assert c2.stored, c2.failure_reason
    print(c2.metadata)
