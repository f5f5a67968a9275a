"""schemathesis hooks for casebridge: sign connector requests as a dealer's Prokeep connector.

The connector routes need `X-Casebridge-Signature: t=<s>,v2=<hex HMAC-SHA256>` over
`t \\n METHOD \\n path?query \\n body`: the exact bytes on the wire. schemathesis serializes
the body itself, so the signature is added at the last moment, on the prepared request that
`requests` is about to send (the bearer token for the other routes is an ordinary header).

schemathesis draws few distinct Idempotency-Key values, so the same key comes back with
another body, which the API rightly refuses (422; the probes test that). A well-formed key is
made fresh per request so that the generated requests reach the handlers behind it.

Environment: CASEBRIDGE_CONNECTOR_DEALER and CASEBRIDGE_CONNECTOR_SECRET.
"""

import hashlib
import hmac
import os
import re
import time
import uuid

import requests

DEALER = os.environ["CASEBRIDGE_CONNECTOR_DEALER"]
SECRET = os.environ["CASEBRIDGE_CONNECTOR_SECRET"].encode()
CONNECTOR_PREFIX = "/v1/prokeep/"

_send = requests.Session.send


WELL_FORMED_KEY = re.compile(r"[!-~]{1,255}")


def _signed_send(self, request, **kwargs):
    key = request.headers.get("Idempotency-Key")
    if key is not None and WELL_FORMED_KEY.fullmatch(key):
        request.headers["Idempotency-Key"] = str(uuid.uuid4())
    path = request.path_url  # path?query, as the server sees it
    if path.startswith(CONNECTOR_PREFIX):
        body = request.body or b""
        if isinstance(body, str):
            body = body.encode()
        t = int(time.time())
        message = f"{t}\n{request.method.upper()}\n{path}\n".encode() + body
        tag = hmac.new(SECRET, message, hashlib.sha256).hexdigest()
        # A case that deliberately drops or garbles the security headers keeps its choice.
        if "X-Casebridge-Dealer" in request.headers:
            request.headers["X-Casebridge-Dealer"] = DEALER
        if "X-Casebridge-Signature" in request.headers:
            request.headers["X-Casebridge-Signature"] = f"t={t},v2={tag}"
    return _send(self, request, **kwargs)


requests.Session.send = _signed_send
