"""Every journey through the functions as template.yaml deploys them on MiniStack, driven only
through the emulator's AWS APIs: Lambda Invoke with the API Gateway HTTP API (payload 2.0)
event a route produces (the JWT authorizer's claims where it puts them), SNS Publish, and
reads of DynamoDB, S3, SES, SNS and Secrets Manager to check what happened.

    python journeys.py MINISTACK BINARIES_DIR FONTS_LAYER_DIR

Prints one line per step and a summary; exits non-zero on the first step that is not as a
dealer's people would find it.
"""

import base64
import json
import os
import sys
import time
import urllib.parse
import uuid

from stack import STACK, deployed

PLATFORM = {"sub": "pat", "role": "platform_admin", "name": "Pat Platform"}


def advisor(dealer):
    return {"sub": "ann", "role": "advisor", "dealer_id": dealer, "name": "Ann Advisor"}


def oem_admin(oem):
    return {"sub": "olga", "role": "oem_admin", "oem_id": oem, "name": "Olga OEM"}


def routes_in_template():
    """(method, path template, regex, function's logical id) of every HttpApi event."""
    import os
    import re
    text = open(os.path.join(os.path.dirname(__file__), "..", "..", "template.yaml")).read()
    routes, function, method = [], None, None
    for line in text.splitlines():
        m = re.match(r"^  ([A-Za-z0-9]+):\s*$", line)
        if m:
            function = m.group(1)
        m = re.match(r"^\s+Method:\s*(\S+)\s*$", line)
        if m:
            method = m.group(1).upper()
        m = re.match(r"^\s+Path:\s*(/\S*)\s*$", line)
        if m and method:
            path = m.group(1)
            pattern = re.sub(r"\{[^}/]+\+\}", ".+", path)
            pattern = re.sub(r"\{[^}/]+\}", "[^/]+", pattern)
            routes.append((method, path, re.compile(f"^{pattern}$"), function))
            method = None
    return routes


class Api:
    """The HTTP API's routes, as Lambda invocations of the function the template's route
    targets, with the route key API Gateway would put in the event."""

    def __init__(self, stack):
        self.stack = stack
        self.fn = stack.emulator.client("lambda")
        self.routes = routes_in_template()

    def route(self, method, path):
        found = [(p.count("{"), p, f) for m, p, rx, f in self.routes
                 if m in (method, "ANY") and rx.match(path)]
        assert found, f"no route in template.yaml for {method} {path}"
        _, template_path, function = min(found)
        return f"{method} {template_path}", function

    def call(self, method, path, claims=None, body=None, headers=None, form=None, raw=None):
        path_only, _, query = path.partition("?")
        route_key, function = self.route(method, path_only)
        hdrs = {"content-type": "application/json", "user-agent": "casebridge-stack-test"}
        hdrs.update(headers or {})
        if raw is not None:
            raw = raw.decode()
        elif form is not None:
            hdrs["content-type"] = "application/x-www-form-urlencoded"
            raw = urllib.parse.urlencode(form)
        elif body is not None:
            raw = json.dumps(body)
        context = {
            "accountId": "000000000000", "apiId": "stacktest", "domainName": "api.casebridge.example",
            "domainPrefix": "api", "requestId": str(uuid.uuid4()), "routeKey": route_key,
            "stage": "$default", "time": "05/Dec/2026:12:00:00 +0000", "timeEpoch": int(time.time() * 1000),
            "http": {"method": method, "path": path_only, "protocol": "HTTP/1.1",
                     "sourceIp": "203.0.113.7", "userAgent": hdrs["user-agent"]},
        }
        if claims is not None:
            context["authorizer"] = {"jwt": {"claims": claims, "scopes": None}}
        event = {
            "version": "2.0", "routeKey": route_key, "rawPath": path_only, "rawQueryString": query,
            "headers": hdrs, "requestContext": context, "isBase64Encoded": False,
        }
        if query:
            event["queryStringParameters"] = dict(urllib.parse.parse_qsl(query))
        if raw is not None:
            event["body"] = raw
        out = self.fn.invoke(FunctionName=self.stack[function], Payload=json.dumps(event).encode())
        payload = json.loads(out["Payload"].read() or b"null")
        if out.get("FunctionError") or not isinstance(payload, dict) or "statusCode" not in payload:
            raise AssertionError(f"{function} {method} {path}: {out.get('FunctionError')} {payload}")
        text = payload.get("body") or ""
        if payload.get("isBase64Encoded"):
            text = base64.b64decode(text)
        else:
            try:
                text = json.loads(text)
            except ValueError:
                pass
        return payload["statusCode"], text, payload.get("headers") or {}


def step(what):
    print(f"  - {what}", flush=True)


def expect(status, body, want, what):
    assert status == want, f"{what}: {status} (wanted {want}) {str(body)[:2000]}"


def onboarding(api, stack):
    """A platform admin onboards an OEM and a dealer through admin-api, turns the connector
    on and gets a connector secret (kept in Secrets Manager); the OEM turns mobile
    communications on; the dealer's texting number and email sender are set."""
    s, b, _ = api.call("POST", "/v1/oems", PLATFORM,
                       {"id": "kenworth", "name": "Kenworth"})
    expect(s, b, 201, "onboard the OEM")
    s, b, _ = api.call("POST", "/v1/dealers", PLATFORM,
                       {"id": "kw-dallas", "name": "Kenworth of Dallas", "oemId": "kenworth",
                        "timeZone": "America/Chicago"})
    expect(s, b, 201, "onboard the dealer")
    s, b, _ = api.call("PATCH", "/v1/dealers/kw-dallas/settings", PLATFORM,
                       {"prokeepConnectorEnabled": True})
    expect(s, b, 200, "turn the connector on")
    s, secret, _ = api.call("POST", "/v1/dealers/kw-dallas/connector-secrets",
                            PLATFORM)
    expect(s, secret, 201, "create a connector secret")
    kept = stack.emulator.client("secretsmanager").list_secrets()["SecretList"]
    assert any("kw-dallas" in x["Name"] for x in kept), f"no dealer secret in {kept}"
    step("an OEM and a dealer onboarded; the connector secret is kept in Secrets Manager")
    s, b, _ = api.call("PATCH", "/v1/dealers/kw-dallas/settings",
                       oem_admin("kenworth"), {"mobileCommunicationsEnabled": True})
    expect(s, b, 200, "the OEM turns mobile communications on")
    s, b, _ = api.call("PUT", "/v1/dealers/kw-dallas/messaging", PLATFORM,
                       {"smsOriginationNumber": "+12145550100",
                        "emailFromAddress": "service@kw-dallas.example"})
    expect(s, b, 204, "set the texting number and the email sender")
    step("mobile communications on; texting number and email sender set")
    stack.connector_secret = secret["secret"]


def eventually(what, probe, seconds=60):
    """`probe()`'s answer once it is truthy (an asynchronous delivery has landed)."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        found = probe()
        if found:
            return found
        time.sleep(0.5)
    raise AssertionError(f"{what}: nothing after {seconds} s")


def log_lines(stack, function):
    """What `function` wrote, as the emulator's CloudWatch Logs hold it (none before it ran)."""
    logs = stack.emulator.client("logs")
    try:
        events = logs.filter_log_events(logGroupName=f"/aws/lambda/{stack[function]}")["events"]
    except logs.exceptions.ResourceNotFoundException:
        return []
    return [e["message"] for e in events]


def invocations(stack, function):
    """How many times the emulator ran `function` (its START lines)."""
    return sum(1 for line in log_lines(stack, function) if line.startswith("START RequestId"))


def logged(stack, function, text):
    """The lines `function` wrote that hold `text`."""
    return [line for line in log_lines(stack, function) if text in line]


JO_MOBILE, JO_EMAIL = "+12145550123", "jo.fleet@fleet.example"


def texts_to(stack, phone):
    """The bodies of the texts the emulator's SNS took for `phone`, oldest first."""
    sent = stack.emulator.get("/_ministack/sns/sms-messages")["sms_messages"]
    return [m["Message"] for m in sent.get(phone, [])]


def emails_to(stack, address):
    """The emails the emulator's SES took for `address`, oldest first."""
    sent = stack.emulator.get("/_ministack/ses/messages")["messages"]
    return [m for per_account in sent.values() for m in per_account if address in m["To"]]


def notes_reach_the_customer(api, stack):
    """An advisor opens a case with its primary contact through cases-api; an external note
    reaches case-notify through the events topic's filter policy and becomes a text and an
    email; an internal note does not invoke case-notify at all."""
    ann = advisor("kw-dallas")
    s, case, _ = api.call("POST", "/v1/cases", ann, {
        "customer": {"name": "Fleet Co"}, "asset": {"unitNumber": "T-680"},
        "contacts": [{"name": "Jo Fleet", "mobile": JO_MOBILE, "email": JO_EMAIL,
                      "smsOptIn": True, "emailOptIn": True, "caseRole": "primary"}]})
    expect(s, case, 201, "open a case with its primary contact")
    stack.case = case["id"]
    s, b, headers = api.call("POST", f"/v1/cases/{stack.case}/notes", ann,
                             {"text": "Parts arrived, the brake job starts today", "visibility": "external"})
    expect(s, b, 201, "an external note")
    request_id = headers["x-request-id"]
    body = eventually("the note's text to Jo", lambda: texts_to(stack, JO_MOBILE))[-1]
    assert "Parts arrived, the brake job starts today" in body and "/m/" in body, body
    step(f"Jo was texted: {body[:90]}...")
    # One id from the request to the function that handled its event.
    for function in ("CasesApiFunction", "CaseNotifyFunction"):
        eventually(f"request {request_id} in {function}'s logs",
                   lambda f=function: logged(stack, f, request_id))
    step(f"the note's request id {request_id} is in cases-api's and case-notify's logs")
    # The dealer's sender is not verified in SES yet: the advisor sees the email failed, why.
    failed = eventually("the failed email in the delivery log", lambda: [
        e for e in api.call("GET", f"/v1/cases/{stack.case}/notifications", ann)[1]["items"]
        if e["channel"] == "email" and e["status"] == "failed"])
    assert "not verified" in failed[0].get("detail", ""), failed
    step(f"the email failed and the delivery log says why: {failed[0]['detail'][:70]}...")
    # As an operator does outside the stack: the dealer's domain verified, out of the sandbox.
    ses = stack.emulator.client("sesv2")
    ses.create_email_identity(EmailIdentity="kw-dallas.example")
    ses.put_account_details(MailType="TRANSACTIONAL", WebsiteURL="https://kw-dallas.example",
                            ProductionAccessEnabled=True)
    before = invocations(stack, "CaseNotifyFunction")
    assert before >= 1, "case-notify never ran"
    s, b, _ = api.call("POST", f"/v1/cases/{stack.case}/notes", ann,
                       {"text": "Customer is difficult, call first", "visibility": "internal"})
    expect(s, b, 201, "an internal note")
    s, b, _ = api.call("POST", f"/v1/cases/{stack.case}/notes", ann,
                       {"text": "Second update", "visibility": "external"})
    expect(s, b, 201, "another external note")
    email = eventually("the second note's email to Jo", lambda: emails_to(stack, JO_EMAIL))
    assert "Second update" in email[-1]["BodyText"], email[-1]
    assert email[-1]["Source"].endswith("<service@kw-dallas.example>"), email[-1]
    assert any("Second update" in m for m in texts_to(stack, JO_MOBILE))
    step("with the domain verified, the next note went by text and by SES email")
    # What case-notify counted, as CloudWatch reads it from its log (Embedded Metric Format).
    counted = eventually("case-notify's metrics in its log", lambda: [
        doc for doc in map(json.loads, logged(stack, "CaseNotifyFunction", '"_aws"'))
        if doc.get("TextsSent") and doc.get("EmailsSent")])
    declared = counted[-1]["_aws"]["CloudWatchMetrics"][0]
    assert declared["Namespace"] == f"casebridge/{STACK}", declared
    assert counted[-1]["Function"] == "case-notify", counted[-1]
    step(f"case-notify counted TextsSent and EmailsSent in {declared['Namespace']} (EMF in its log)")
    # The topic delivers in order: once the second note is handled, the internal one (published
    # before it) would have been too.
    after = invocations(stack, "CaseNotifyFunction")
    assert after == before + 1, f"case-notify ran {after - before} times for one external note and one internal"
    assert not any("difficult" in m for m in texts_to(stack, JO_MOBILE))
    step("an internal note did not invoke case-notify (the filter policy keeps it out)")


def the_customer_decides_on_the_page(api, stack):
    """The advisor asks Jo to approve an estimate (the Quick Action); case-notify texts her
    the estimate's link; mobile-page shows it and records her decisions."""
    ann = advisor("kw-dallas")
    s, est, _ = api.call("POST", f"/v1/cases/{stack.case}/estimates", ann, {"lines": [
        {"kind": "labor", "description": "Brake job", "quantity": 2, "unitPriceCents": 60000},
        {"kind": "part", "description": "Wiper blades", "quantity": 2, "unitPriceCents": 1500}]})
    expect(s, est, 201, "an estimate")
    jo = next(c for c in api.call("GET", f"/v1/cases/{stack.case}/contacts", ann)[1]["items"]
              if c["name"] == "Jo Fleet")
    s, b, _ = api.call("POST", f"/v1/cases/{stack.case}/quick-actions", ann, {
        "action": "request_approval", "estimateId": est["id"], "contactIds": [jo["id"]]})
    expect(s, b, 200, "ask Jo to approve it")
    text = eventually("the approval text", lambda: [
        m for m in texts_to(stack, JO_MOBILE) if "ready for your approval" in m])[-1]
    assert "$1,230.00" in text, text
    link = "/m/" + text.rsplit("/m/", 1)[1].strip()
    step(f"Jo was texted: ...{text[text.index(' - ') + 3:][:60]}...")
    s, page, headers = api.call("GET", link, headers={"accept-language": "es-MX,es;q=0.9"})
    expect(s, page, 200, "the estimate page")
    assert "Presupuesto, versión 1" in page and "Brake job" in page, page[:2000]
    assert "content-security-policy" in {k.lower() for k in headers}, headers
    step("mobile-page shows the estimate (in Spanish: her phone asks for it)")
    s, thanks, _ = api.call("POST", f"{link}/estimates/{est['id']}/decisions",
                            form={"version": "1", "all": "approve", "approver": "Jo Fleet"})
    expect(s, thanks, 200, "Jo approves every line")
    assert "$1,230.00" in thanks, thanks[:2000]
    s, after, _ = api.call("GET", f"/v1/cases/{stack.case}/estimates/{est['id']}", ann)
    expect(s, after, 200, "the advisor reads the estimate")
    assert [line["approval"]["status"] for line in after["lines"]] == ["approved", "approved"], after
    step("her decisions are recorded: both lines approved, as the advisor reads them")
    stack.estimate, stack.estimate_line, stack.estimate_link = est["id"], after["lines"][0]["id"], link


THREAD = {
    "channel": "sms", "reference": "PK-7788", "state": "open",
    "participants": [
        {"id": "p1", "name": "Dana Ortiz", "role": "service advisor", "phone": "+12145550100"},
        {"id": "p2", "name": "王伟", "role": "customer", "phone": "+12145550199"}],
    "messages": [
        {"id": "m1", "senderId": "p2", "sentAt": "2026-12-01T08:02:11-06:00",
         "body": "卡车的刹车有异响，今天能修吗？"},
        {"id": "m2", "senderId": "p1", "sentAt": "2026-12-01T08:05:40-06:00",
         "body": "Yes, bring it in by 10 👍"}],
}


def signed(secret, method, path, body):
    import hashlib
    import hmac
    t = int(time.time())
    raw = json.dumps(body, ensure_ascii=False).encode()
    mac = hmac.new(secret.encode(), f"{t}\n{method}\n{path}\n".encode() + raw, hashlib.sha256)
    return raw, {"x-casebridge-dealer": "kw-dallas",
                 "x-casebridge-signature": f"t={t},v2={mac.hexdigest()}"}


def layer_on_disk(stack):
    """MiniStack runs a provided.al2023 bootstrap as a process on this machine and extracts no
    layer for it (it mounts /opt only for its Python and Node.js runtimes): the functions that
    read the fonts layer at /opt/fonts are pointed at the layer's own files instead, the one
    change made to the deployed stack."""
    fn = stack.emulator.client("lambda")
    for logical in ("ThreadExportFunction", "ThreadCloseFunction"):
        config = fn.get_function_configuration(FunctionName=stack[logical])
        env = config["Environment"]["Variables"]
        assert env["CASEBRIDGE_FONTS_DIR"] == "/opt/fonts", env
        assert config["Layers"], f"{logical} has no layer"
        env["CASEBRIDGE_FONTS_DIR"] = os.path.join(stack.fonts_layer, "fonts")
        fn.update_function_configuration(FunctionName=stack[logical], Environment={"Variables": env})
    step("the emulator mounts no layer for provided.al2023: the transcript functions read the "
         "layer's files on disk (their template says /opt/fonts, and they have the layer)")


def a_thread_becomes_a_pdf_on_the_case(api, stack):
    """The Prokeep connector attaches a thread (Chinese and an emoji) through thread-export
    and closes it through thread-close; the final PDF in S3 gives every message back."""
    import subprocess
    layer_on_disk(stack)
    path = "/v1/prokeep/threads/PK-7788/attachments"
    raw, headers = signed(stack.connector_secret, "POST", path,
                          {"caseId": stack.case, "thread": THREAD})
    s, draft, _ = api.call("POST", path, headers=headers, raw=raw)
    expect(s, draft, 201, "attach the thread")
    closed = dict(THREAD, state="closed")
    path = "/v1/prokeep/threads/PK-7788/close"
    raw, headers = signed(stack.connector_secret, "POST", path, {"thread": closed})
    s, final, _ = api.call("POST", path, headers=headers, raw=raw)
    expect(s, final, 200, "close the thread")
    kept = final["attachments"][0]
    assert kept["state"] == "final" and kept["version"] == 2, final
    s3 = stack.emulator.client("s3")
    bucket = stack["AttachmentsBucket"]
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"] if "PK-7788" in o["Key"]]
    assert keys, "no transcript in the bucket"
    pdf = s3.get_object(Bucket=bucket, Key=keys[0])["Body"].read()
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    for said in ["卡车的刹车有异响", "王伟", "👍"]:
        assert said in text, f"{said!r} not in the PDF's text: {text[:1500]}"
    step(f"the final PDF ({len(pdf):,} bytes, in {bucket}) reads back Chinese and the emoji")


def parts_reach_the_counter_and_come_back(api, stack):
    """The advisor escalates a Parts Hold to the Prokeep parts counter; prokeep-delivery posts
    it to (the stand-in for) Prokeep; the counter's signed claimed / ordered / received come
    back through prokeep-callback as notes. With Prokeep failing, Lambda's retries end on its
    on-failure queue and prokeep-dead-letter says so on the case."""
    admin = {"sub": "dina", "role": "dealer_admin", "dealer_id": "kw-dallas", "name": "Dina Admin"}
    s, b, _ = api.call("PUT", "/v1/dealers/kw-dallas/prokeep-credentials", admin,
                       {"username": "kw-api", "password": "s3cret-for-test", "sender": "Kenworth Dallas"})
    expect(s, b, 204, "set the Prokeep credentials")
    s, b, _ = api.call("PATCH", "/v1/dealers/kw-dallas/settings", admin, {
        "partsCounterUsesProkeep": True,
        "prokeepGroups": [{"id": "parts-counter", "name": "Parts Counter"}]})
    expect(s, b, 200, "the parts counter uses Prokeep")
    ann = advisor("kw-dallas")
    s, b, _ = api.call("POST", f"/v1/cases/{stack.case}/status", ann, {"status": "parts_hold"})
    expect(s, b, 200, "Parts Hold")
    stack.prokeep.status = 202
    s, req, headers = api.call("POST", f"/v1/cases/{stack.case}/parts-escalations", ann, {
        "groupId": "parts-counter", "note": "Customer waiting",
        "lines": [{"partNumber": "TRB-4471", "description": "Turbo actuator", "quantity": 1}]})
    expect(s, req, 201, "escalate to the parts counter")
    eventually("the escalation's request id in prokeep-delivery's logs",
               lambda: logged(stack, "ProkeepDeliveryFunction", headers["x-request-id"]))
    posted = eventually("the escalation posted to Prokeep", lambda: [
        r for r in stack.prokeep.requests if "TRB-4471" in r["body"]])
    assert posted[0]["path"] == "/rest/v1/messages", posted[0]
    assert posted[0]["headers"].get("authorization", "").startswith("Basic "), posted[0]["headers"]
    step("prokeep-delivery posted the escalation to Prokeep, with the dealer's credentials "
         "(its logs carry the escalation's request id)")
    now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    path = f"/v1/prokeep/parts-requests/{req['id']}/events"
    for event in [
        {"eventId": "e1", "type": "claimed", "occurredAt": now, "actor": {"name": "Pat Counter"}},
        {"eventId": "e2", "type": "ordered", "occurredAt": now, "actor": {"name": "Pat Counter"},
         "data": {"confirmation": "PO-99812", "eta": "2026-12-09"}},
        {"eventId": "e3", "type": "received", "occurredAt": now, "actor": {"name": "Sam Receiving"}},
    ]:
        raw, headers = signed(stack.connector_secret, "POST", path, event)
        s, b, _ = api.call("POST", path, headers=headers, raw=raw)
        expect(s, b, 200, f"the counter's {event['type']}")
    s, requests, _ = api.call("GET", f"/v1/cases/{stack.case}/parts-requests", ann)
    mine = next(r for r in requests["items"] if r["id"] == req["id"])
    assert mine["state"] == "received", mine
    s, notes, _ = api.call("GET", f"/v1/cases/{stack.case}/notes", ann)
    said = " ".join(n["text"] for n in notes["items"])
    assert "PO-99812" in said and "Pat Counter" in said, said[:2000]
    step("claimed, ordered (PO-99812) and received came back through prokeep-callback as notes")
    # Prokeep fails: Lambda retries, then the dead-letter queue, then the case says so.
    stack.prokeep.status = 500
    s, failing, _ = api.call("POST", f"/v1/cases/{stack.case}/parts-escalations", ann, {
        "groupId": "parts-counter",
        "lines": [{"partNumber": "FLT-100", "description": "Fuel filter", "quantity": 2}]})
    expect(s, failing, 201, "a second escalation")

    def marked_failed():
        items = api.call("GET", f"/v1/cases/{stack.case}/parts-requests", ann)[1]["items"]
        failed = next(r for r in items if r["id"] == failing["id"])
        return failed if failed.get("delivery", {}).get("status") == "failed" else None
    eventually("the failing post", lambda: [r for r in stack.prokeep.requests if "FLT-100" in r["body"]])
    # MiniStack's SNS → Lambda fan-out runs the function once, synchronously: no retry, no
    # on-failure destination. Lambda's asynchronous path does both, so the event the topic carried
    # (seen by the test's tap on the topic) is handed to it as SNS would.
    envelope = eventually("the escalation on the events topic", lambda: stack.tapped(
        lambda m: m["MessageAttributes"]["type"]["Value"] == "parts.escalated" and failing["id"] in m["Message"]))
    record = {"EventSource": "aws:sns", "EventVersion": "1.0",
              "EventSubscriptionArn": f"{envelope['TopicArn']}:stack-test", "Sns": envelope}
    out = api.fn.invoke(FunctionName=stack["ProkeepDeliveryFunction"], InvocationType="Event",
                        Payload=json.dumps({"Records": [record]}).encode())
    assert out["StatusCode"] == 202, out
    failed = eventually("the on-failure queue's reader marks it failed", marked_failed, 60)
    tries = len([r for r in stack.prokeep.requests if "FLT-100" in r["body"]])
    step(f"with Prokeep answering 500: {tries} posts in all (the topic's one, then Lambda's "
         f"first try and 2 retries), then its on-failure queue; prokeep-dead-letter marked it "
         f"{json.dumps(failed['delivery'])[:100]}")


def pdf_text(pdf):
    import subprocess
    return subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True,
                          check=True).stdout.decode()


def an_estimate_version_as_a_pdf(api, stack):
    """estimate-pdf prints the decided version for the advisor and, through the customer's
    link, for Jo: the lines, the total and her decisions."""
    path = f"/v1/cases/{stack.case}/estimates/{stack.estimate}/versions/1/pdf"
    s, pdf, headers = api.call("GET", path, advisor("kw-dallas"))
    expect(s, pdf, 200, "the advisor's PDF of version 1")
    text = pdf_text(pdf)
    for said in ["Brake job", "Wiper blades", "$1,230.00", "Jo Fleet approved"]:
        assert said in text, f"{said!r} not in the PDF: {text[:1500]}"
    s, mine, _ = api.call("GET", f"{stack.estimate_link}/estimates/{stack.estimate}/versions/1/pdf")
    expect(s, mine, 200, "Jo's copy through her link")
    assert "Brake job" in pdf_text(mine)
    step(f"version 1 printed ({len(pdf):,} bytes): lines, total and decisions read back")


JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + bytes(200) + b"\xff\xd9"


def a_photo_goes_straight_to_the_bucket(api, stack):
    """estimate-photos issues an upload link; the photo goes to the bucket by it; the bucket's
    Object Created event reaches photo-check through EventBridge, which marks it ready."""
    import urllib.request
    base = f"/v1/cases/{stack.case}/estimates/{stack.estimate}/lines/{stack.estimate_line}/photos"
    s, photo, _ = api.call("POST", base, advisor("kw-dallas"), {"caption": "Worn pads, front left"})
    expect(s, photo, 201, "an upload link")
    put = urllib.request.Request(photo["uploadUrl"], data=JPEG, method="PUT",
                                 headers={"content-type": "image/jpeg"})
    with urllib.request.urlopen(put, timeout=10) as r:
        assert r.status == 200, r.status
    step("the photo went to the emulator's bucket by its presigned link")
    # The template's EventBridge rule (photo keys only) is what runs photo-check.
    eventually("photo-check run by the bucket's event", lambda: invocations(stack, "PhotoCheckFunction"), 30)
    step("photo-check ran on the bucket's Object Created event, through EventBridge")
    s, photos, _ = api.call("GET", base, advisor("kw-dallas"))
    expect(s, photos, 200, "the line's photos")
    assert photos["items"][0]["status"] == "ready", photos
    step("the photo is ready on the line")


def procede_customers_come_into_case(api, stack):
    """With Procede search on and its API key set, procede-lookup searches the DMS (the
    loopback stand-in, with the dealer's key) and adds a customer to Case from it."""
    admin = {"sub": "dina", "role": "dealer_admin", "dealer_id": "kw-dallas", "name": "Dina Admin"}
    s, b, _ = api.call("PUT", "/v1/dealers/kw-dallas/procede-credentials", admin, {"apiKey": "pk-test-key"})
    expect(s, b, 204, "set the Procede API key")
    s, b, _ = api.call("PATCH", "/v1/dealers/kw-dallas/settings", admin, {"procedeSearchEnabled": True})
    expect(s, b, 200, "Procede search on")
    ann = advisor("kw-dallas")
    s, found, _ = api.call("GET", "/v1/procede/customers?by=name&q=John%20Denver", ann)
    expect(s, found, 200, "search Procede")
    names = [c["name"] for c in found["items"]]
    assert sorted(names) == ["John Denver Logistics", "Johnson Tires - Denver"], found
    asked = stack.procede.requests[-1]
    assert asked["headers"].get("authorization") == "Bearer pk-test-key", asked["headers"]
    step(f"procede-lookup searched the DMS with the dealer's key: {', '.join(names)}")
    s, added, _ = api.call("POST", "/v1/customers/from-procede", ann, {"procedeId": "PRC-100001"})
    expect(s, added, 201, "Add Customer")
    assert added["source"] == "procede" and added["readOnly"] is True, added
    step("Add Customer: Johnson Tires - Denver is a Case customer from Procede, read-only")


DAVE_MOBILE = "+12145550155"


def what_lambda_gave_up_on_is_noted(api, stack):
    """When case-notify fails an event every retry, Lambda puts its invocation record on the
    CaseNotifyFailures queue; delivery-failures logs each send that never went out as failed
    and notes it on the case. (Nothing makes case-notify fail on the emulator, so the record
    Lambda would write is put on the queue, with an event no send was made for.)"""
    ann = advisor("kw-dallas")
    s, dave, _ = api.call("POST", f"/v1/cases/{stack.case}/contacts", ann, {
        "name": "Dave Driver", "mobile": DAVE_MOBILE, "smsOptIn": True, "caseRole": "driver"})
    expect(s, dave, 201, "the driver on the case")
    envelope = stack.tapped(lambda m: m["MessageAttributes"]["type"]["Value"] == "note.created"
                            and "Your unit is ready" in m["Message"])
    assert envelope, "the note was not seen on the topic"
    event = json.loads(envelope["Message"])
    event["id"] = str(uuid.uuid4())
    record = {
        "version": "1.0", "timestamp": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "requestContext": {"requestId": str(uuid.uuid4()), "condition": "RetriesExhausted",
                           "approximateInvokeCount": 3,
                           "functionArn": f"arn:aws:lambda:us-east-1:000000000000:function:{stack['CaseNotifyFunction']}"},
        "requestPayload": {"Records": [{"EventSource": "aws:sns", "EventVersion": "1.0",
                                        "EventSubscriptionArn": f"{envelope['TopicArn']}:case-notify",
                                        "Sns": dict(envelope, Message=json.dumps(event))}]},
        "responseContext": {"statusCode": 200, "executedVersion": "$LATEST", "functionError": "Unhandled"},
        "responsePayload": {"errorType": "Unavailable", "errorMessage": "SMS could not be sent now"}}
    stack.emulator.client("sqs").send_message(QueueUrl=stack["CaseNotifyFailures"], MessageBody=json.dumps(record))
    failed = eventually("the driver's text logged failed", lambda: [
        e for e in api.call("GET", f"/v1/cases/{stack.case}/notifications", ann)[1]["items"]
        if e["eventId"] == event["id"] and e["to"] == DAVE_MOBILE and e["status"] == "failed"])
    assert "SMS could not be sent now" in failed[0]["detail"], failed
    said = [n["text"] for n in notes_of(api, stack) if "Dave Driver" in n["text"]]
    assert said, "no note on the case about the text that never went"
    step(f"delivery-failures logged Dave's text failed and noted it: {said[-1][:90]}")


def notes_of(api, stack):
    return api.call("GET", f"/v1/cases/{stack.case}/notes", advisor("kw-dallas"))[1]["items"]


def the_customer_answers_by_text_and_stops(api, stack):
    """Jo's text on the two-way SMS topic reaches sms-inbound and becomes her note on the
    case; her STOP is confirmed by text, and the next note is not texted to her."""
    sns = stack.emulator.client("sns")

    def texted(body, n):
        sns.publish(TopicArn=stack["TwoWaySmsTopic"], Message=json.dumps({
            "originationNumber": JO_MOBILE, "destinationNumber": "+12145550100",
            "messageKeyword": "KEYWORD_000000000000", "messageBody": body,
            "inboundMessageId": f"in-{n}-{uuid.uuid4()}"}))
    texted("Great, see you at 3", 1)
    reply = eventually("Jo's reply on the case", lambda: [
        n for n in notes_of(api, stack) if n["text"] == "Great, see you at 3"])[0]
    assert reply["author"]["name"] == "Jo Fleet" and reply["visibility"] == "external", reply
    step("Jo's text became her note on the case (sms-inbound)")
    texted("STOP", 2)
    eventually("the STOP confirmation", lambda: [
        m for m in texts_to(stack, JO_MOBILE) if "no more texts" in m])
    sent = len(texts_to(stack, JO_MOBILE))
    s, b, _ = api.call("POST", f"/v1/cases/{stack.case}/notes", advisor("kw-dallas"),
                       {"text": "Your unit is ready", "visibility": "external"})
    expect(s, b, 201, "a note after STOP")
    entry = eventually("the note's log entry for Jo's phone", lambda: [
        e for e in api.call("GET", f"/v1/cases/{stack.case}/notifications", advisor("kw-dallas"))[1]["items"]
        if e["channel"] == "sms" and e["status"] == "opted_out"])
    assert len(texts_to(stack, JO_MOBILE)) == sent, "a text went to a number that said STOP"
    step(f"STOP confirmed by text; the next note was not texted ({entry[0]['status']})")


def an_email_bounces(api, stack):
    """SES's bounce notice on the feedback topic reaches email-feedback: the email's log
    entry is failed and Jo's address is stopped, with the reason the advisor reads."""
    ann = advisor("kw-dallas")
    sent = [e for e in api.call("GET", f"/v1/cases/{stack.case}/notifications", ann)[1]["items"]
            if e["channel"] == "email" and e["status"] == "sent"]
    assert sent, "no email was sent"
    message_id = sent[0]["providerMessageId"]
    mail = {"messageId": message_id, "source": "service@kw-dallas.example",
            "destination": [JO_EMAIL], "timestamp": "2026-12-05T12:00:05Z"}
    stack.emulator.client("sns").publish(TopicArn=stack["EmailFeedbackTopic"], Message=json.dumps({
        "eventType": "Bounce", "mail": mail, "bounce": {
            "bounceType": "Permanent", "bounceSubType": "General",
            "bouncedRecipients": [{"emailAddress": JO_EMAIL, "diagnosticCode": "smtp; 550 5.1.1 user unknown"}]}}))
    bounced = eventually("the bounce on the log entry", lambda: [
        e for e in api.call("GET", f"/v1/cases/{stack.case}/notifications", ann)[1]["items"]
        if e.get("providerMessageId") == message_id and e["status"] == "failed"])
    jo = next(c for c in api.call("GET", f"/v1/cases/{stack.case}/contacts", ann)[1]["items"]
              if c["name"] == "Jo Fleet")
    assert jo.get("emailStopped", {}).get("reason") == "bounced", jo
    step(f"the bounce failed the entry ({bounced[0].get('detail', '')[:60]}) and stopped Jo's address")


def schedules_run(api, stack):
    """parts-reminder and outbox-relay, invoked with the event their schedules send, do their
    round and answer without error."""
    scheduled = {"version": "0", "id": str(uuid.uuid4()), "detail-type": "Scheduled Event",
                 "source": "aws.events", "account": "000000000000",
                 "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "region": "us-east-1",
                 "resources": ["arn:aws:events:us-east-1:000000000000:rule/stack-test"], "detail": {}}
    for function in ("PartsReminderFunction", "OutboxRelayFunction"):
        out = api.fn.invoke(FunctionName=stack[function], Payload=json.dumps(scheduled).encode())
        answer = out["Payload"].read().decode()
        assert not out.get("FunctionError"), f"{function}: {answer}"
        step(f"{function}: {answer[:100]}")


JOURNEYS = [onboarding, notes_reach_the_customer, the_customer_decides_on_the_page,
            an_estimate_version_as_a_pdf, a_photo_goes_straight_to_the_bucket,
            a_thread_becomes_a_pdf_on_the_case, parts_reach_the_counter_and_come_back,
            the_customer_answers_by_text_and_stops, an_email_bounces,
            what_lambda_gave_up_on_is_noted, procede_customers_come_into_case, schedules_run]


def print_function_logs(stack, lines=25):
    """What each function that ran wrote, to see why."""
    for logical in sorted(f for f in stack.resources if f.endswith("Function")):
        written = log_lines(stack, logical)
        if written:
            print(f"--- {logical} (last {lines} lines)")
            for line in written[-lines:]:
                print(f"    {line[:1500]}")


def main():
    ministack, binaries, fonts = sys.argv[1:4]
    started = time.time()
    with deployed(ministack, binaries, fonts) as stack:
        print(f"==> stack CREATE_COMPLETE in {stack.deploy_seconds:.1f} s "
              f"({len(stack.resources)} resources)", flush=True)
        api = Api(stack)
        fixed = stack.secret_refs_as_arns()
        if fixed:
            print(f"==> a secret's Ref is its name on the emulator (its ARN in AWS): given as the "
                  f"ARN in the policies of {', '.join(fixed)}", flush=True)
        for journey in JOURNEYS:
            print(f"==> {journey.__name__}: {journey.__doc__.split('.')[0].strip()}", flush=True)
            try:
                journey(api, stack)
            except Exception:
                print_function_logs(stack)
                raise
        ran = {f: invocations(stack, f) for f in stack.resources if f.endswith("Function")}
    print(f"==> {len(JOURNEYS)} journeys passed in {time.time() - started:.1f} s; "
          f"{sum(1 for n in ran.values() if n)} of {len(ran)} deployed functions ran "
          f"({sum(ran.values())} invocations); not driven yet: "
          f"{', '.join(sorted(f for f, n in ran.items() if not n)) or 'none'}")


if __name__ == "__main__":
    main()
