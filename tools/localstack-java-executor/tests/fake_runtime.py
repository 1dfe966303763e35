"""A stand-in runtime client for the tests: speaks the Lambda Runtime API like the Java RIC does.

The event decides what it does: {"echo": x} answers x with the environment variable named in "env" added,
{"sleep": s} sleeps first, {"fail": "Type"} posts an error, {"exit": n} exits; FAKE_INIT_FAIL=1 posts an init error.
"""
import json
import os
import sys
import time
import urllib.request

api = f"http://{os.environ['AWS_LAMBDA_RUNTIME_API']}/2018-06-01/runtime"


def post(path, body, headers=None):
    request = urllib.request.Request(f"{api}{path}", data=json.dumps(body).encode(), method="POST",
                                     headers=headers or {})
    urllib.request.urlopen(request).read()


if os.environ.get("FAKE_INIT_FAIL"):
    post("/init/error", {"errorType": "Runtime.InitError", "errorMessage": "init failed"})
    sys.exit(1)
print(f"started pid {os.getpid()}", flush=True)
while True:
    with urllib.request.urlopen(f"{api}/invocation/next") as response:
        request_id = response.headers["Lambda-Runtime-Aws-Request-Id"]
        deadline = int(response.headers["Lambda-Runtime-Deadline-Ms"])
        event = json.loads(response.read())
    print(f"handling {request_id}", flush=True)
    if "exit" in event:
        sys.exit(event["exit"])
    time.sleep(event.get("sleep", 0))
    if "fail" in event:
        post(f"/invocation/{request_id}/error", {"errorType": event["fail"], "errorMessage": "failed on purpose"},
             {"Lambda-Runtime-Function-Error-Type": event["fail"]})
        continue
    answer = {"echo": event.get("echo"), "pid": os.getpid(), "deadlineMs": deadline,
              "env": os.environ.get(event.get("env", ""), None)}
    post(f"/invocation/{request_id}/response", answer)
