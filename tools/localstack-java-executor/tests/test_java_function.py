"""The real thing: a Java handler in a JVM under the AWS Lambda Java Runtime Interface Client, through the LocalStack
executor. Needs FINPORT_LAMBDA_JAVA_HOME and FINPORT_LAMBDA_RIC_CLASSPATH (scripts/localstack test-plugin sets them)."""

import json
import os
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import SimpleNamespace

import pytest

from finport_java_executor.executor import JavaProcessExecutor, java_binary, ric_classpath
from finport_java_executor.processes import native_library

HANDLER = """
package demo;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;

public class Echo implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        if (event.containsKey("fail")) throw new IllegalStateException("failed on purpose");
        if (event.containsKey("sleepMillis")) {
            try { Thread.sleep(((Number) event.get("sleepMillis")).longValue()); } catch (InterruptedException e) { }
        }
        return Map.of("input", event.getOrDefault("value", ""), "table", System.getenv("TABLE_NAME"),
                "requestId", context.getAwsRequestId(), "remainingMillis", context.getRemainingTimeInMillis(),
                "pid", ProcessHandle.current().pid());
    }
}
"""


@pytest.fixture(scope="module")
def code_dir(tmp_path_factory):
    if not os.environ.get("FINPORT_LAMBDA_RIC_CLASSPATH"):
        pytest.fail("set FINPORT_LAMBDA_RIC_CLASSPATH and FINPORT_LAMBDA_JAVA_HOME (run scripts/localstack test-plugin)")
    root = tmp_path_factory.mktemp("function")
    source = root / "src" / "demo" / "Echo.java"
    source.parent.mkdir(parents=True)
    source.write_text(HANDLER)
    javac = java_binary().with_name("javac")
    classpath = os.pathsep.join(str(p) for p in ric_classpath())
    subprocess.run([str(javac), "--release", "21", "-cp", classpath, "-d", str(root / "code"), str(source)], check=True)
    return root / "code"


def function_version(code_dir: Path, runtime="java21", timeout=10):
    code = SimpleNamespace(get_unzipped_code_location=lambda: code_dir)
    config = SimpleNamespace(runtime=runtime, code=code, handler="demo.Echo::handleRequest", memory_size=256,
                             timeout=timeout, environment={})
    return SimpleNamespace(config=config, id=SimpleNamespace(function_name="Echo"),
                           qualified_arn="arn:aws:lambda:eu-central-1:000000000000:function:Echo:$LATEST")


def invoke(executor, event, request_id):
    result = executor.invoke({"invoke-id": request_id, "invoked-function-arn": "arn:fn", "payload": json.dumps(event),
                              "trace-id": "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"})
    return result, json.loads(result.payload)


def test_a_java_handler_runs_warm_under_the_runtime_interface_client(code_dir):
    executor = JavaProcessExecutor("env-1", function_version(code_dir))
    executor.start({"TABLE_NAME": "imports", "AWS_REGION": "eu-central-1"})
    try:
        first, body = invoke(executor, {"value": "hello"}, "req-a")
        second, again = invoke(executor, {"value": "again"}, "req-b")
        failed, error = invoke(executor, {"fail": True}, "req-c")
    finally:
        executor.stop()

    assert not first.is_error and first.request_id == "req-a"
    assert body["input"] == "hello" and body["table"] == "imports" and body["requestId"] == "req-a"
    assert 0 < body["remainingMillis"] <= 10_000
    assert again["pid"] == body["pid"], "the JVM is reused between invocations"
    assert failed.is_error and error["errorType"] == "java.lang.IllegalStateException"
    assert error["errorMessage"] == "failed on purpose"


def test_a_java_handler_past_the_function_timeout_is_killed(code_dir):
    executor = JavaProcessExecutor("env-2", function_version(code_dir, timeout=2))
    executor.start({"TABLE_NAME": "imports"})
    try:
        warm, body = invoke(executor, {"value": "x"}, "warm")
        slow, error = invoke(executor, {"sleepMillis": 20_000}, "slow")
        after, again = invoke(executor, {"value": "y"}, "after")
    finally:
        executor.stop()

    assert not warm.is_error
    assert slow.is_error and error["errorType"] == "Sandbox.Timedout"
    assert error["errorMessage"] == "RequestId: slow Error: Task timed out after 2.00 seconds"
    assert not after.is_error and again["pid"] != body["pid"]


def test_only_java_runtimes_are_accepted(code_dir):
    from localstack.services.lambda_.invocation.runtime_executor import LambdaRuntimeException

    with pytest.raises(LambdaRuntimeException, match="python3.13"):
        JavaProcessExecutor("env-3", function_version(code_dir, runtime="python3.13")).start({})


def test_concurrent_cold_starts_load_the_runtime_client_library_unpacked_once(code_dir):
    # Unpacked by the client itself, each start rewrote /tmp/.libaws-lambda-jni.so while others loaded it (SIGBUS).
    library = native_library(ric_classpath())
    assert library is not None and library.read_bytes()[:4] == b"\x7fELF"
    executors = [JavaProcessExecutor(f"env-c{i}", function_version(code_dir)) for i in range(6)]

    def cold_start(executor):
        executor.start({"TABLE_NAME": "imports"})
        result, body = invoke(executor, {"value": executor.id}, f"req-{executor.id}")
        maps = Path(f"/proc/{body['pid']}/maps").read_text()
        return result, body, maps

    try:
        with ThreadPoolExecutor(len(executors)) as threads:
            runs = list(threads.map(cold_start, executors))
    finally:
        for executor in executors:
            executor.stop()

    assert [r.is_error for r, _, _ in runs] == [False] * 6
    assert len({body["pid"] for _, body, _ in runs}) == 6
    for _, _, maps in runs:
        assert str(library) in maps and "/tmp/.libaws-lambda-jni.so" not in maps
