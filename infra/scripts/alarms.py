"""Writes the recommended alarms and the dashboard into template.yaml, from the template itself.

AWS's recommended alarms for Lambda, SQS and HTTP APIs, one set per resource: so a function
or a failure queue added to the template gets its alarms by running this, and the template
test `the_recommended_alarms_cover_every_function_and_queue` fails until it is run.

    .tools/venv/bin/python infra/scripts/alarms.py          # rewrite the generated part
    .tools/venv/bin/python infra/scripts/alarms.py --check  # exit 1 if it is stale

Each alarm: 60 s periods, 2 of 3 datapoints, missing data not breaching, to the alarms topic.
- every function: failed invocations over 5 % (Errors / Invocations, as metric math), p99
  duration over 80 % of its timeout, any throttle;
- every SQS queue (all of them hold failures): its oldest message older than 15 minutes
  (the function that reads it is not keeping up, or nothing reads it);
- the HTTP API: 5xx answers over 1 % of requests, p99 latency over 5 s.
The dashboard shows the same figures and what the functions count (Embedded Metric Format,
namespace from CASEBRIDGE_METRICS_NAMESPACE, dimension Function).
"""

import json
import sys
from pathlib import Path

from cfnlint.decode import decode

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "template.yaml"
BEGIN = "  # >>> recommended alarms and dashboard: written by infra/scripts/alarms.py, do not edit\n"
END = "  # <<< recommended alarms and dashboard\n"

PERIOD = 60
DATAPOINTS = {"EvaluationPeriods": 3, "DatapointsToAlarm": 2}
OLDEST_FAILURE_SECONDS = 900
API_5XX_RATE = 0.01
API_P99_MS = 5000
ERROR_RATE_PERCENT = 5
# What the functions count (shared/core/src/measures.rs), shown on the dashboard.
COUNTED = [
    ("Texts and emails", ["TextsSent", "TextsFailed", "EmailsSent", "EmailsFailed"]),
    ("Parts and failures", ["CallbacksApplied", "DeadLettered", "ColdStarts"]),
]


def resources():
    template, matches = decode(str(TEMPLATE))
    if matches:
        sys.exit(f"template.yaml does not parse: {matches}")
    res = template["Resources"]
    default_timeout = template.get("Globals", {}).get("Function", {}).get("Timeout", 3)
    functions = [
        (lid, r["Properties"].get("Timeout", default_timeout), r["Metadata"]["BuildProperties"]["Binary"])
        for lid, r in res.items()
        if r["Type"] == "AWS::Serverless::Function"
    ]
    queues = [lid for lid, r in res.items() if r["Type"] == "AWS::SQS::Queue"]
    return sorted(functions), sorted(queues)


def alarm(name, description, body):
    lines = [
        f"  {name}:",
        "    Type: AWS::CloudWatch::Alarm",
        "    Properties:",
        f"      AlarmDescription: {description}",
    ]
    lines += ["      " + line for line in body]
    lines += [
        f"      EvaluationPeriods: {DATAPOINTS['EvaluationPeriods']}",
        f"      DatapointsToAlarm: {DATAPOINTS['DatapointsToAlarm']}",
        "      TreatMissingData: notBreaching",
        "      AlarmActions: [!Ref AlarmsTopic]",
        "",
    ]
    return lines


def single(namespace, metric, dim, ref, stat, threshold, op="GreaterThanThreshold"):
    stat_line = f"ExtendedStatistic: {stat}" if stat.startswith("p") else f"Statistic: {stat}"
    return [
        f"Namespace: {namespace}",
        f"MetricName: {metric}",
        "Dimensions:",
        f"  - Name: {dim}",
        f"    Value: {ref}",
        stat_line,
        f"Period: {PERIOD}",
        f"Threshold: {threshold}",
        f"ComparisonOperator: {op}",
    ]


def error_rate(lid):
    def stat(id_, metric):
        return [
            f"  - Id: {id_}",
            "    MetricStat:",
            "      Metric:",
            "        Namespace: AWS/Lambda",
            f"        MetricName: {metric}",
            f"        Dimensions: [{{Name: FunctionName, Value: !Ref {lid}}}]",
            f"      Period: {PERIOD}",
            "      Stat: Sum",
            "    ReturnData: false",
        ]

    return (
        ["Metrics:"]
        + stat("errors", "Errors")
        + stat("invocations", "Invocations")
        + [
            "  - Id: rate",
            "    Expression: 100 * errors / MAX([errors, invocations])",
            "    Label: Failed invocations (%)",
            "    ReturnData: true",
            f"Threshold: {ERROR_RATE_PERCENT}",
            "ComparisonOperator: GreaterThanThreshold",
        ]
    )


def alarms(functions, queues):
    out = []
    for lid, timeout, binary in functions:
        stem = lid.removesuffix("Function")
        out += alarm(
            f"{stem}ErrorRateAlarm",
            f"{binary} - over {ERROR_RATE_PERCENT}% of invocations failed",
            error_rate(lid),
        )
        out += alarm(
            f"{stem}DurationAlarm",
            f"{binary} - p99 duration over 80% of its {timeout} s timeout",
            single("AWS/Lambda", "Duration", "FunctionName", f"!Ref {lid}", "p99", int(timeout * 800)),
        )
        out += alarm(
            f"{stem}ThrottlesAlarm",
            f"{binary} - invocations throttled (concurrency limit reached)",
            single("AWS/Lambda", "Throttles", "FunctionName", f"!Ref {lid}", "Sum", 0),
        )
    for q in queues:
        out += alarm(
            f"{q}OldestAlarm",
            f"{q} - a failure has waited over {OLDEST_FAILURE_SECONDS // 60} minutes",
            single("AWS/SQS", "ApproximateAgeOfOldestMessage", "QueueName",
                   f"!GetAtt {q}.QueueName", "Maximum", OLDEST_FAILURE_SECONDS),
        )
    out += alarm(
        "HttpApi5xxRateAlarm",
        f"HTTP API - over {API_5XX_RATE:.0%} of requests answered 5xx",
        single("AWS/ApiGateway", "5xx", "ApiId", "!Ref HttpApi", "Average", API_5XX_RATE),
    )
    out += alarm(
        "HttpApiLatencyAlarm",
        f"HTTP API - p99 latency over {API_P99_MS // 1000} s",
        single("AWS/ApiGateway", "Latency", "ApiId", "!Ref HttpApi", "p99", API_P99_MS),
    )
    return out


def widget(title, metrics, y, x=0, stat="Sum", width=12):
    return {
        "type": "metric", "x": x, "y": y, "width": width, "height": 6,
        "properties": {"title": title, "region": "${AWS::Region}", "stat": stat,
                       "period": 300, "view": "timeSeries", "metrics": metrics},
    }


def dashboard(functions, queues):
    def per_function(metric):
        return [["AWS/Lambda", metric, "FunctionName", "${%s}" % lid, {"label": b}]
                for lid, _, b in functions]

    ns = "${MetricsNamespace}"
    widgets = [
        widget("Failed invocations", per_function("Errors"), 0, 0),
        widget("Duration p99 (ms)", per_function("Duration"), 0, 12, "p99"),
        widget("Throttles", per_function("Throttles"), 6, 0),
        widget("Oldest failure waiting (s)",
               [["AWS/SQS", "ApproximateAgeOfOldestMessage", "QueueName", "${%s.QueueName}" % q]
                for q in queues], 6, 12, "Maximum"),
        widget("HTTP API answers", [["AWS/ApiGateway", m, "ApiId", "${HttpApi}"]
                                    for m in ("Count", "4xx", "5xx")], 12, 0),
        widget("HTTP API latency p99 (ms)", [["AWS/ApiGateway", "Latency", "ApiId", "${HttpApi}"]],
               12, 12, "p99"),
    ]
    for i, (title, names) in enumerate(COUNTED):
        # SEARCH sums every function that counts the metric, whichever it is.
        metrics = [[{"expression": f"SUM(SEARCH('{{\"{ns}\",Function}} MetricName=\"{n}\"', 'Sum', 300))",
                     "label": n, "id": f"m{i}{j}"}] for j, n in enumerate(names)]
        widgets.append(widget(title, metrics, 18, 12 * i))
    pdf = [["%s" % ns, m, "Function", f, "Kind", k, {"stat": s, "label": f"{k} {m} {s}"}]
           for f, k in (("thread-export", "transcript"), ("thread-close", "transcript"),
                        ("estimate-pdf", "estimate"))
           for m, s in (("PdfRenderTime", "p99"), ("PdfPages", "Maximum"))]
    widgets.append(widget("PDFs: render time p99 (ms) and pages", pdf, 24, 0, "p99", 24))
    # One widget per line: the template stays readable and diffs name the widget.
    rows = ",\n ".join(json.dumps(w, separators=(",", ":")) for w in widgets)
    body = '{"widgets": [\n ' + rows + "\n]}"
    lines = ["  OperationsDashboard:", "    Type: AWS::CloudWatch::Dashboard", "    Properties:",
             "      DashboardName: !Sub \"${AWS::StackName}-operations\"",
             "      DashboardBody: !Sub", "        - |"]
    lines += ["          " + line for line in body.splitlines()]
    lines += ['        - MetricsNamespace: !Sub "casebridge/${AWS::StackName}"']
    return lines + [""]


def generated():
    functions, queues = resources()
    return BEGIN + "\n".join(alarms(functions, queues) + dashboard(functions, queues)) + END


def main():
    text = TEMPLATE.read_text()
    start, end = text.index(BEGIN), text.index(END) + len(END)
    new = text[:start] + generated() + text[end:]
    if "--check" in sys.argv:
        if new != text:
            sys.exit("template.yaml: the recommended alarms are stale; run infra/scripts/alarms.py")
        return
    TEMPLATE.write_text(new)


if __name__ == "__main__":
    main()
