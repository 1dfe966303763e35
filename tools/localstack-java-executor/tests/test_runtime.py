import json
import os
import threading
import time

import pytest

from finport_java_executor.processes import ProcessPool
from finport_java_executor.runtime import RuntimeStartError


def invoke(runtime, event, timeout=10.0, request_id="req-1"):
    outcome = runtime.invoke(request_id, "arn:aws:lambda:eu-central-1:000000000000:function:fn:live",
                             json.dumps(event).encode(), "Root=1-0-0", timeout)
    return outcome, json.loads(outcome.payload)


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a killed child that was not reaped yet is a zombie: not running
    with open(f"/proc/{pid}/stat") as stat:
        return stat.read().split(")")[1].split()[0] != "Z"


def test_answers_and_keeps_the_process_warm_between_invocations(make_runtime):
    runtime = make_runtime()
    runtime.start()

    first, first_body = invoke(runtime, {"echo": "a"}, request_id="r1")
    second, second_body = invoke(runtime, {"echo": "b"}, request_id="r2")

    assert not first.is_error and first_body["echo"] == "a"
    assert second_body["echo"] == "b"
    assert first_body["pid"] == second_body["pid"] == runtime.pid
    assert runtime.cold_starts == 1
    assert "handling r2" in second.logs and "handling r1" not in second.logs


def test_passes_the_functions_environment_and_the_deadline(make_runtime):
    runtime = make_runtime(env={"TABLE_NAME": "imports-table"})
    runtime.start()
    before = time.time() * 1000

    _, body = invoke(runtime, {"env": "TABLE_NAME"}, timeout=7)
    _, api = invoke(runtime, {"env": "AWS_LAMBDA_RUNTIME_API"})

    assert body["env"] == "imports-table"
    assert api["env"].startswith("127.0.0.1:")
    assert before + 6000 <= body["deadlineMs"] <= time.time() * 1000 + 7000


def test_a_handler_error_is_returned_as_an_error_with_its_type(make_runtime):
    runtime = make_runtime()
    runtime.start()

    outcome, body = invoke(runtime, {"fail": "java.lang.IllegalStateException"})

    assert outcome.is_error
    assert body["errorType"] == "java.lang.IllegalStateException"


def test_past_its_timeout_the_invocation_is_killed_and_reported_like_lambda(make_runtime):
    runtime = make_runtime()
    runtime.start()
    old_pid = runtime.pid
    started = time.monotonic()

    outcome, body = invoke(runtime, {"sleep": 30}, timeout=1.0, request_id="slow-1")

    assert time.monotonic() - started < 5
    assert outcome.is_error
    assert body == {"errorType": "Sandbox.Timedout",
                    "errorMessage": "RequestId: slow-1 Error: Task timed out after 1.00 seconds"}
    assert "Task timed out after 1.00 seconds" in outcome.logs
    assert not alive(old_pid)
    # the next invocation gets a fresh environment, as on Lambda
    after, after_body = invoke(runtime, {"echo": "again"})
    assert not after.is_error and after_body["echo"] == "again"
    assert after_body["pid"] != old_pid and runtime.cold_starts == 2


def test_a_runtime_that_exits_during_an_invocation_is_reported_and_restarted(make_runtime):
    runtime = make_runtime()
    runtime.start()

    outcome, body = invoke(runtime, {"exit": 3}, request_id="dies")

    assert outcome.is_error
    assert body["errorType"] == "Runtime.ExitError"
    assert "exit status 3" in body["errorMessage"]
    assert not invoke(runtime, {"echo": 1})[0].is_error


def test_an_init_error_fails_the_start(make_runtime):
    runtime = make_runtime(env={"FAKE_INIT_FAIL": "1"})

    with pytest.raises(RuntimeStartError, match="Runtime.InitError"):
        runtime.start()
    assert runtime.pid is None


def test_stop_ends_the_process(make_runtime):
    runtime = make_runtime()
    runtime.start()
    pid = runtime.pid

    runtime.stop()

    assert not alive(pid)
    with pytest.raises(RuntimeStartError):
        invoke(runtime, {"echo": 1})


def test_the_pool_bounds_running_processes_by_stopping_the_least_recently_used_idle_one(make_runtime):
    pool = ProcessPool(2)
    a, b, c = (make_runtime(pool=pool, name=n) for n in "abc")
    for runtime in (a, b):
        runtime.start()
        invoke(runtime, {"echo": runtime.name})
    a_pid = a.pid

    c.start()  # a was used longest ago

    assert pool.running() == 2 and pool.evictions == 1
    assert a.pid is None and not alive(a_pid)
    assert b.pid is not None and c.pid is not None
    # a comes back (cold) on its next invocation, taking b's slot now
    outcome, body = invoke(a, {"echo": "back"})
    assert body["echo"] == "back" and a.cold_starts == 2
    assert b.pid is None and pool.running() == 2


def test_when_every_process_is_busy_a_new_one_waits_for_a_free_slot(make_runtime):
    pool = ProcessPool(1)
    busy, waiting = make_runtime(pool=pool, name="busy"), make_runtime(pool=pool, name="waiting")
    busy.start()
    worker = threading.Thread(target=invoke, args=(busy, {"sleep": 1.5}))
    worker.start()
    time.sleep(0.3)
    started = time.monotonic()

    waiting.start()

    waited = time.monotonic() - started
    worker.join()
    assert waited >= 1.0, "started while the only slot was busy"
    assert pool.running() == 1 and busy.pid is None


def test_a_start_gives_up_when_no_slot_frees_in_time(make_runtime):
    pool = ProcessPool(1)
    busy = make_runtime(pool=pool, name="busy")
    late = make_runtime(pool=pool, name="late", startup_timeout=0.5)
    busy.start()
    worker = threading.Thread(target=invoke, args=(busy, {"sleep": 2}))
    worker.start()
    time.sleep(0.3)
    try:
        with pytest.raises(TimeoutError):
            late.start()
    finally:
        worker.join()
