"""A month of one dealer's work, priced: what each operation costs (measured by the scenario
`what_each_operation_of_a_dealers_day_costs`, written to target/cost/operations.json) times
how often a dealer does it, times the prices you pass. No price is kept in the product: pass
your region's list prices (or your discounts) on the command line.

    cargo nextest run -p casebridge-e2e --test scale what_each_operation
    python3 bench/cost-estimate.py --cases-per-day 200 \\
        --dynamodb-read-per-million 0.125 --dynamodb-write-per-million 0.625 \\
        --s3-put-per-thousand 0.005 --s3-get-per-thousand 0.0004 \\
        --sns-publish-per-million 0.50 --sms-each 0.00883 --email-per-thousand 0.10 \\
        --lambda-request-per-million 0.20 --lambda-gb-second 0.0000133334 \\
        --api-request-per-million 1.00

A case's day, by default: opened with one contact and an invitation; 10 notes of which 1
external; 1 status change; 3 texts (the invitation, the external note, the status change);
20 reads of the case and 10 of its notes; 1 estimate sent for approval, viewed twice on the
phone, decided, printed once; 1 Prokeep thread attached and closed. Parts escalations per
case are a parameter (0 by default). The two schedules run every minute whatever the load.
"""

import argparse
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# How many times a case's day does each measured operation (per case), given the mix.
def mix(a):
    return {
        "POST /v1/cases (open a case)": 1,
        "POST /v1/cases/{caseId}/contacts": 1,
        "POST /v1/cases/{caseId}/invitations": 1,
        "case-notify: the invitation": 1,
        "POST /v1/cases/{caseId}/notes (external)": a.external_notes,
        "case-notify: an external note (text and email)": a.external_notes,
        "POST /v1/cases/{caseId}/notes (internal)": a.notes - a.external_notes,
        "GET /v1/cases/{caseId}": a.case_reads,
        "GET /v1/cases/{caseId}/notes": a.note_reads,
        "POST /v1/cases/{caseId}/status": a.status_changes,
        "case-notify: a status change": a.status_changes,
        "POST /v1/cases/{caseId}/estimates": a.estimates,
        "POST /v1/cases/{caseId}/quick-actions (ask for approval)": a.estimates,
        "case-notify: the approval request": a.estimates,
        "GET /m/{token} (the customer's page)": a.estimates,
        "GET /m/{token} (the page again)": a.estimates,
        "POST /m/{token}/estimates/{estimateId}/decisions": a.estimates,
        "case-notify: the decision (the decided copy by email)": a.estimates,
        "GET /v1/cases/{caseId}/estimates/{estimateId}/versions/{n}/pdf": a.estimates,
        "POST /v1/prokeep/threads/{threadId}/attachments (draft PDF)": a.transcripts,
        "POST /v1/prokeep/threads/{threadId}/close (final PDF)": a.transcripts,
        "POST /v1/cases/{caseId}/parts-escalations": a.parts,
        "prokeep-delivery: the escalation to Prokeep": a.parts,
        "POST /v1/prokeep/parts-requests/{requestId}/events (claimed)": a.parts,
    }


SCHEDULED = {"outbox-relay: one run, nothing left over": 1440,
             "parts-reminder: one run, nothing due": 1440}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--operations", default=str(ROOT / "target/cost/operations.json"))
    p.add_argument("--cases-per-day", type=float, default=200)
    p.add_argument("--days", type=float, default=30)
    p.add_argument("--notes", type=float, default=10)
    p.add_argument("--external-notes", type=float, default=1)
    p.add_argument("--status-changes", type=float, default=1)
    p.add_argument("--case-reads", type=float, default=20)
    p.add_argument("--note-reads", type=float, default=10)
    p.add_argument("--estimates", type=float, default=1)
    p.add_argument("--transcripts", type=float, default=1)
    p.add_argument("--parts", type=float, default=0)
    p.add_argument("--lambda-ms", type=float, default=40, help="average billed duration")
    p.add_argument("--lambda-gb", type=float, default=0.25, help="memory (the template: 256 MB)")
    for price in ["dynamodb-read-per-million", "dynamodb-write-per-million", "s3-put-per-thousand",
                  "s3-get-per-thousand", "sns-publish-per-million", "sms-each", "email-per-thousand",
                  "lambda-request-per-million", "lambda-gb-second", "api-request-per-million"]:
        p.add_argument(f"--{price}", type=float, required=True)
    a = p.parse_args()
    ops = {o["operation"]: o for o in json.loads(Path(a.operations).read_text())}
    per_day = {name: n * a.cases_per_day for name, n in mix(a).items()}
    per_day.update(SCHEDULED)
    missing = sorted(set(per_day) - set(ops))
    if missing:
        raise SystemExit(f"not measured (run the scenario again): {missing}")
    month = {k: 0.0 for k in ["readUnits", "writeUnits", "s3Puts", "s3Gets", "publishes",
                              "texts", "emails", "invocations", "apiRequests"]}
    for name, n in per_day.items():
        for k in ["readUnits", "writeUnits", "s3Puts", "s3Gets", "publishes", "texts", "emails"]:
            month[k] += ops[name][k] * n * a.days
        month["invocations"] += n * a.days
        if name.split(" ")[0] in ("GET", "POST", "PUT", "PATCH", "DELETE"):
            month["apiRequests"] += n * a.days
    lines = [
        ("DynamoDB reads", month["readUnits"], "read units", month["readUnits"] / 1e6 * a.dynamodb_read_per_million),
        ("DynamoDB writes", month["writeUnits"], "write units", month["writeUnits"] / 1e6 * a.dynamodb_write_per_million),
        ("S3 PUT", month["s3Puts"], "requests", month["s3Puts"] / 1e3 * a.s3_put_per_thousand),
        ("S3 GET", month["s3Gets"], "requests", month["s3Gets"] / 1e3 * a.s3_get_per_thousand),
        ("SNS events", month["publishes"], "publishes", month["publishes"] / 1e6 * a.sns_publish_per_million),
        ("Texts", month["texts"], "messages", month["texts"] * a.sms_each),
        ("Emails", month["emails"], "messages", month["emails"] / 1e3 * a.email_per_thousand),
        ("Lambda requests", month["invocations"], "invocations", month["invocations"] / 1e6 * a.lambda_request_per_million),
        ("Lambda compute", month["invocations"] * a.lambda_ms / 1000 * a.lambda_gb, "GB-s",
         month["invocations"] * a.lambda_ms / 1000 * a.lambda_gb * a.lambda_gb_second),
        ("HTTP API", month["apiRequests"], "requests", month["apiRequests"] / 1e6 * a.api_request_per_million),
    ]
    print(f"A month ({a.days:.0f} days) at {a.cases_per_day:.0f} cases a day:")
    print("| item | quantity | unit | cost |")
    print("|---|---:|---|---:|")
    for item, q, unit, cost in lines:
        print(f"| {item} | {q:,.0f} | {unit} | ${cost:,.2f} |")
    total = sum(c for *_, c in lines)
    texts = next(c for i, *_, c in lines if i == "Texts")
    print(f"| **total** | | | **${total:,.2f}** (texts ${texts:,.2f}, the rest ${total - texts:,.2f}) |")


if __name__ == "__main__":
    main()
