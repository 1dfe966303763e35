import json
import threading
import urllib.error
import urllib.request

import pytest

from finport_java_executor.runtime_api import Invocation, RuntimeApiServer


@pytest.fixture
def server():
    server = RuntimeApiServer()
    yield server
    server.close()


def call(server, method, path, body=None):
    request = urllib.request.Request(f"http://{server.address}/2018-06-01/runtime{path}", method=method,
                                     data=None if body is None else json.dumps(body).encode())
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def test_listens_on_loopback_only(server):
    assert server.address.startswith("127.0.0.1:")


def test_next_hands_out_the_invocation_with_lambdas_headers_and_marks_init_done(server):
    invocation = server.submit(Invocation("req-9", "arn:fn", b'{"a":1}', "Root=1-2-3", 1234))
    assert not server.initialized

    status, headers, body = call(server, "GET", "/invocation/next")

    assert server.initialized
    assert status == 200 and body == b'{"a":1}'
    assert headers["Lambda-Runtime-Aws-Request-Id"] == "req-9"
    assert headers["Lambda-Runtime-Deadline-Ms"] == "1234"
    assert headers["Lambda-Runtime-Invoked-Function-Arn"] == "arn:fn"
    assert headers["Lambda-Runtime-Trace-Id"] == "Root=1-2-3"
    assert call(server, "POST", "/invocation/req-9/response", {"ok": True})[0] == 202
    assert invocation.done.is_set() and json.loads(invocation.response) == {"ok": True}


def test_an_error_post_completes_the_invocation_as_an_error(server):
    invocation = server.submit(Invocation("req-1", "arn:fn", b"{}", "", 0))
    threading.Thread(target=call, args=(server, "GET", "/invocation/next")).start()
    invocation_error = {"errorType": "java.lang.RuntimeException", "errorMessage": "x"}

    assert call(server, "POST", "/invocation/req-1/error", invocation_error)[0] == 202

    assert invocation.is_error and json.loads(invocation.response) == invocation_error


def test_unknown_request_ids_and_paths_are_rejected(server):
    assert call(server, "POST", "/invocation/nobody/response", {})[0] == 400
    assert call(server, "GET", "/unknown")[0] == 404


def test_init_error_is_recorded(server):
    assert call(server, "POST", "/init/error", {"errorType": "Runtime.InitError"})[0] == 202
    assert json.loads(server.init_error)["errorType"] == "Runtime.InitError"
