"""The stack as SAM ships it, on MiniStack: start the emulator on 127.0.0.1, package each
function's bootstrap and the fonts layer as SAM would, upload them and template.yaml to the
emulator's S3, create the stack from the template by URL, and hand the journeys what the
stack made. Everything is stopped by PID when the run ends.

Used by journeys.py; run through `bash infra/scripts/stack-test.sh`.
"""

import contextlib
import http.server
import io
import json
import os
import re
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import urllib.request
import zipfile

import boto3
from botocore.config import Config

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
REGION = "us-east-1"
ARTIFACTS = "casebridge-stack-artifacts"
STACK = "casebridge-stack-test"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Emulator:
    """MiniStack on 127.0.0.1, with a clean environment: the functions it runs inherit it,
    so nothing of this shell (the test kit's variables) reaches them."""

    def __init__(self, ministack, scratch):
        self.port = free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self.log = open(os.path.join(scratch, "ministack.log"), "wb")
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": scratch,
            "TMPDIR": scratch,
            "BIND_HOST": "127.0.0.1",
            "GATEWAY_PORT": str(self.port),
            # The functions' SDK clients talk to the emulator, not to AWS's host names.
            "AWS_ENDPOINT_URL": self.endpoint,
            "MINISTACK_REGION": REGION,
            "LOG_LEVEL": "WARNING",
            "AUTH": os.environ.get("CASEBRIDGE_STACK_AUTH", "false"),
        }
        self.proc = subprocess.Popen([ministack], env=env, stdout=self.log,
                                     stderr=subprocess.STDOUT, cwd=scratch)
        deadline = time.time() + 60
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"ministack exited ({self.proc.returncode}); see {self.log.name}")
            with contextlib.suppress(OSError):
                with urllib.request.urlopen(f"{self.endpoint}/_ministack/ready", timeout=1):
                    return
            time.sleep(0.3)
        raise RuntimeError("ministack did not become ready in 60 s")

    def client(self, service):
        return boto3.client(service, endpoint_url=self.endpoint, region_name=REGION,
                            aws_access_key_id="test", aws_secret_access_key="test",
                            config=Config(retries={"max_attempts": 2}, read_timeout=120))

    def get(self, path):
        with urllib.request.urlopen(f"{self.endpoint}{path}", timeout=10) as r:
            return json.load(r)

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


class Recorder:
    """A loopback stand-in for an outside API (Prokeep, Procede): records each request and
    answers `status` (200 with a JSON body, or what the journey sets)."""

    def __init__(self, answer=None):
        self.requests = []
        self.status = 200
        self.answer = answer or {"id": "recorded"}
        recorder = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_any(self):
                length = int(self.headers.get("content-length") or 0)
                body = self.rfile.read(length).decode("utf-8", "replace")
                recorder.requests.append({"method": self.command, "path": self.path,
                                          "headers": dict(self.headers), "body": body})
                answer = recorder.answer
                if callable(answer):
                    answer = answer(self.path)
                payload = json.dumps(answer).encode()
                self.send_response(recorder.status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_PUT = do_any

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


def functions_in_template(template):
    """(logical id, binary) of every function, from each one's BuildProperties.Binary."""
    found, logical = [], None
    for line in template.splitlines():
        m = re.match(r"^  ([A-Za-z0-9]+):\s*$", line)
        if m:
            logical = m.group(1)
        m = re.match(r"^\s+Binary:\s*(\S+)\s*$", line)
        if m:
            found.append((logical, m.group(1)))
    return found


def zipped(files):
    """A zip as SAM ships it: each (name in the zip, path, mode)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, path, mode in files:
            info = zipfile.ZipInfo(name)
            info.external_attr = (0o100000 | mode) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            with open(path, "rb") as f:
                z.writestr(info, f.read())
    return buf.getvalue()


def package(binaries, fonts_root, scratch):
    """Each function's stripped bootstrap zipped, and the fonts layer (the folder whose
    `fonts/` the functions read at /opt/fonts), as {key: zip bytes}."""
    template = open(os.path.join(ROOT, "template.yaml")).read()
    artefacts = {}
    for _, binary in functions_in_template(template):
        stripped = os.path.join(scratch, f"{binary}.bootstrap")
        # Debug symbols are not what a function ships; stripping keeps the upload small.
        subprocess.run(["strip", "-o", stripped, os.path.join(binaries, binary)], check=True)
        artefacts[f"{binary}.zip"] = zipped([("bootstrap", stripped, 0o755)])
        os.remove(stripped)
    layer = []
    for dirpath, _, names in os.walk(fonts_root):
        for name in sorted(names):
            path = os.path.join(dirpath, name)
            layer.append((os.path.relpath(path, fonts_root), path, 0o644))
    artefacts["transcript-fonts.zip"] = zipped(layer)
    return template, artefacts


def rewritten(template):
    """The template as `sam package` leaves it: every CodeUri and ContentUri an S3 zip."""
    out, binary = [], None
    for line in template.splitlines():
        m = re.match(r"^\s+Binary:\s*(\S+)\s*$", line)
        if m:
            binary = m.group(1)
        if re.match(r"^\s+CodeUri:\s*\.\s*$", line):
            line = line.split("CodeUri")[0] + f"CodeUri: s3://{ARTIFACTS}/{binary}.zip"
        if re.match(r"^\s+ContentUri:", line):
            line = line.split("ContentUri")[0] + f"ContentUri: s3://{ARTIFACTS}/transcript-fonts.zip"
        out.append(line)
    return without_metric_math("\n".join(out) + "\n")


# A failed-invocation-rate alarm: Errors / Invocations as metric math (infra/scripts/alarms.py).
METRIC_MATH = re.compile(
    r"      Metrics:\n        - Id: errors\n(?:.*\n)*?\s+(Dimensions: \[.*\])\n"
    r"(?:.*\n)*?          ReturnData: true\n")


def without_metric_math(template):
    """The emulator's CloudFormation refuses an alarm on metric math ("Properties.Metrics
    (metric math) is not supported"): each failed-invocation-rate alarm is deployed on its
    Errors metric alone. The alarms' shape is checked by the template tests instead."""
    return METRIC_MATH.sub(
        lambda m: ("      Namespace: AWS/Lambda\n      MetricName: Errors\n"
                   f"      {m.group(1)}\n      Statistic: Sum\n      Period: 60\n"), template)


class Stack:
    """template.yaml deployed on the emulator: its resources by logical id."""

    def __init__(self, emulator, parameters, binaries, fonts_root, scratch):
        self.emulator = emulator
        template, artefacts = package(binaries, fonts_root, scratch)
        s3 = emulator.client("s3")
        s3.create_bucket(Bucket=ARTIFACTS)
        for key, body in artefacts.items():
            s3.put_object(Bucket=ARTIFACTS, Key=key, Body=body)
        s3.put_object(Bucket=ARTIFACTS, Key="template.yaml", Body=rewritten(template).encode())
        cfn = emulator.client("cloudformation")
        started = time.time()
        # Over CloudFormation's 51,200-byte inline limit: by URL, as `sam deploy` does.
        cfn.create_stack(
            StackName=STACK,
            TemplateURL=f"{emulator.endpoint}/{ARTIFACTS}/template.yaml",
            Parameters=[{"ParameterKey": k, "ParameterValue": v} for k, v in parameters.items()],
            Capabilities=["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM", "CAPABILITY_AUTO_EXPAND"],
        )
        status = self.wait(cfn)
        self.deploy_seconds = time.time() - started
        if status != "CREATE_COMPLETE":
            events = cfn.describe_stack_events(StackName=STACK)["StackEvents"]
            failed = [f"{e['LogicalResourceId']}: {e.get('ResourceStatusReason')}"
                      for e in events if "FAILED" in e["ResourceStatus"]]
            raise AssertionError(f"stack {status}: {failed[:10]}")
        self.resources = {}
        for page in cfn.get_paginator("list_stack_resources").paginate(StackName=STACK):
            for r in page["StackResourceSummaries"]:
                self.resources[r["LogicalResourceId"]] = r["PhysicalResourceId"]

    @staticmethod
    def wait(cfn):
        deadline = time.time() + 600
        while time.time() < deadline:
            status = cfn.describe_stacks(StackName=STACK)["Stacks"][0]["StackStatus"]
            if not status.endswith("IN_PROGRESS"):
                return status
            time.sleep(1)
        return "TIMED_OUT"

    def __getitem__(self, logical):
        return self.resources[logical]

    def secret_refs_as_arns(self):
        """MiniStack's CloudFormation answers a secret's `Ref` with its name; AWS answers its
        ARN. The roles' policies (and the functions' variables) that took the `Ref` are given
        the ARN, as AWS would have, so IAM evaluation sees what it would see in AWS. Answers
        what was changed."""
        sm, iam, fn = (self.emulator.client(c) for c in ("secretsmanager", "iam", "lambda"))
        arns = {}
        for logical, physical in self.resources.items():
            if not physical.startswith("arn:") and "/" in physical:
                try:
                    arns[physical] = sm.describe_secret(SecretId=physical)["ARN"]
                except sm.exceptions.ResourceNotFoundException:
                    pass
        changed = []
        for logical, physical in self.resources.items():
            if not logical.endswith("Role"):
                continue
            for name in iam.list_role_policies(RoleName=physical)["PolicyNames"]:
                doc = json.dumps(iam.get_role_policy(RoleName=physical, PolicyName=name)["PolicyDocument"])
                fixed = doc
                for secret_name, arn in arns.items():
                    fixed = fixed.replace(f'"{secret_name}"', f'"{arn}"')
                if fixed != doc:
                    iam.put_role_policy(RoleName=physical, PolicyName=name, PolicyDocument=fixed)
                    changed.append(logical)
        return sorted(changed)

    def tap_events(self):
        """The test's own queue on the events topic (a recorder, like the stand-ins): what the
        topic carried, as SNS envelopes."""
        sqs = self.emulator.client("sqs")
        self.tap = sqs.create_queue(QueueName="stack-test-events-tap")["QueueUrl"]
        arn = sqs.get_queue_attributes(QueueUrl=self.tap, AttributeNames=["QueueArn"])
        self.emulator.client("sns").subscribe(
            TopicArn=self["EventsTopic"], Protocol="sqs",
            Endpoint=arn["Attributes"]["QueueArn"])
        self.seen = []

    def tapped(self, wanted):
        """The envelopes seen on the topic so far that `wanted` picks."""
        sqs = self.emulator.client("sqs")
        while True:
            got = sqs.receive_message(QueueUrl=self.tap, MaxNumberOfMessages=10).get("Messages", [])
            if not got:
                break
            for m in got:
                self.seen.append(json.loads(m["Body"]))
                sqs.delete_message(QueueUrl=self.tap, ReceiptHandle=m["ReceiptHandle"])
        return next((e for e in self.seen if wanted(e)), None)


# The DMS as the Procede stand-in knows it.
PROCEDE_CUSTOMERS = [
    {"procedeId": "PRC-100001", "name": "Johnson Tires - Denver", "customerNumber": "C-4471",
     "phone": "303-555-0142", "city": "Denver", "state": "CO"},
    {"procedeId": "PRC-100002", "name": "John Denver Logistics", "customerNumber": "C-4472",
     "phone": "303-555-0199", "city": "Aurora", "state": "CO"},
]


def procede_answer(path):
    """Procede's API: the search (`/api/v1/customers?by=&q=`) and one customer by id."""
    if path.startswith("/api/v1/customers/"):
        wanted = path.rsplit("/", 1)[1]
        return next((c for c in PROCEDE_CUSTOMERS if c["procedeId"] == wanted), {})
    return PROCEDE_CUSTOMERS


@contextlib.contextmanager
def deployed(ministack, binaries, fonts_root):
    """The emulator, the stand-ins and the stack; stopped (by PID) and removed after."""
    scratch = tempfile.mkdtemp(prefix="casebridge-stack-")
    prokeep, procede = Recorder({"id": "pk-msg-1"}), Recorder(procede_answer)
    emulator = None
    try:
        emulator = Emulator(ministack, scratch)
        stack = Stack(emulator, {
            "JwtIssuer": "https://issuer.casebridge.example",
            "JwtAudience": "casebridge",
            "Architecture": "x86_64",
            "ProkeepBaseUrl": prokeep.url,
            "ProcedeBaseUrl": procede.url,
        }, binaries, fonts_root, scratch)
        stack.prokeep, stack.procede = prokeep, procede
        stack.fonts_layer = fonts_root
        stack.tap_events()
        yield stack
    finally:
        if emulator:
            emulator.stop()
        prokeep.stop()
        procede.stop()
        if os.environ.get("CASEBRIDGE_STACK_KEEP_LOGS"):
            print(f"emulator files kept in {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)
