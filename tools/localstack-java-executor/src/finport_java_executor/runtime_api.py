"""The Lambda Runtime API (version 2018-06-01) for one execution environment, served on 127.0.0.1.

A runtime client (the AWS Lambda Java Runtime Interface Client here) long-polls ``/invocation/next``, runs the
handler and posts the result to ``/invocation/{id}/response`` or ``/invocation/{id}/error``. Its first call to
``next`` tells us that initialisation finished; a failed initialisation is posted to ``/init/error``.
"""

from __future__ import annotations

import json
import queue
import re
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

API_VERSION = "2018-06-01"
# Lambda's limit for a synchronous response payload.
MAX_RESPONSE_BYTES = 6 * 1024 * 1024

_NEXT = re.compile(rf"^/{API_VERSION}/runtime/invocation/next$")
_RESULT = re.compile(rf"^/{API_VERSION}/runtime/invocation/(?P<id>[^/]+)/(?P<kind>response|error)$")
_INIT_ERROR = re.compile(rf"^/{API_VERSION}/runtime/init/error$")


@dataclass
class Invocation:
    """One request handed to the runtime client, and what it answered."""

    request_id: str
    function_arn: str
    payload: bytes
    trace_id: str
    deadline_ms: int
    done: threading.Event = field(default_factory=threading.Event)
    response: bytes = b""
    is_error: bool = False

    def complete(self, body: bytes, is_error: bool) -> None:
        self.response = body
        self.is_error = is_error
        self.done.set()


class _Http(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A runtime killed mid-request (timeout, eviction, stop) leaves a dead connection: nothing to report.
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


class RuntimeApiServer:
    """Serves the Runtime API for one environment; one invocation at a time, as Lambda does."""

    def __init__(self) -> None:
        self._pending: queue.Queue[Invocation] = queue.Queue()
        self._in_flight: dict[str, Invocation] = {}
        self._lock = threading.Lock()
        self._initialized = threading.Event()
        self._closed = threading.Event()
        self.init_error: bytes | None = None
        self._http = _Http(("127.0.0.1", 0), self._handler_class())
        self._thread = threading.Thread(target=self._http.serve_forever, name="lambda-runtime-api", daemon=True)
        self._thread.start()

    @property
    def address(self) -> str:
        """host:port, the value of AWS_LAMBDA_RUNTIME_API."""
        host, port = self._http.server_address[:2]
        return f"{host}:{port}"

    @property
    def initialized(self) -> bool:
        return self._initialized.is_set()

    def wait_initialized(self, timeout: float) -> bool:
        return self._initialized.wait(timeout)

    def submit(self, invocation: Invocation) -> Invocation:
        with self._lock:
            self._in_flight[invocation.request_id] = invocation
        self._pending.put(invocation)
        return invocation

    def forget(self, request_id: str) -> None:
        with self._lock:
            self._in_flight.pop(request_id, None)

    def close(self) -> None:
        self._closed.set()
        self._http.shutdown()
        self._http.server_close()

    # ---- request handling -------------------------------------------------------------------------------

    def _next_invocation(self) -> Invocation | None:
        self._initialized.set()
        while not self._closed.is_set():
            try:
                return self._pending.get(timeout=0.5)
            except queue.Empty:
                continue
        return None

    def _record_result(self, request_id: str, body: bytes, is_error: bool) -> bool:
        with self._lock:
            invocation = self._in_flight.pop(request_id, None)
        if invocation is None:
            return False
        invocation.complete(body, is_error)
        return True

    def _handler_class(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format, *args):  # noqa: A002 - the base class's name
                pass  # the runtime's own output is the log; access lines would only add noise

            def do_GET(self):
                if not _NEXT.match(self.path):
                    return self._json(404, {"errorType": "NotFound", "errorMessage": "unknown path"})
                invocation = server._next_invocation()
                if invocation is None:
                    return self._json(410, {"errorType": "Gone", "errorMessage": "environment is shutting down"})
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Lambda-Runtime-Aws-Request-Id", invocation.request_id)
                self.send_header("Lambda-Runtime-Deadline-Ms", str(invocation.deadline_ms))
                self.send_header("Lambda-Runtime-Invoked-Function-Arn", invocation.function_arn)
                self.send_header("Lambda-Runtime-Trace-Id", invocation.trace_id)
                self.send_header("Content-Length", str(len(invocation.payload)))
                self.end_headers()
                self.wfile.write(invocation.payload)

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                if _INIT_ERROR.match(self.path):
                    server.init_error = body or b'{"errorType":"Runtime.Unknown"}'
                    return self._json(202, {"status": "OK"})
                match = _RESULT.match(self.path)
                if not match:
                    return self._json(404, {"errorType": "NotFound", "errorMessage": "unknown path"})
                is_error = match.group("kind") == "error"
                if not is_error and len(body) > MAX_RESPONSE_BYTES:
                    too_large = json.dumps({
                        "errorType": "Function.ResponseSizeTooLarge",
                        "errorMessage": f"Response payload size ({len(body)} bytes) exceeded maximum allowed "
                                        f"payload size ({MAX_RESPONSE_BYTES} bytes).",
                    }).encode()
                    server._record_result(match.group("id"), too_large, True)
                    return self._json(413, {"errorType": "RequestEntityTooLarge", "errorMessage": "payload too large"})
                if is_error and not body:
                    error_type = self.headers.get("Lambda-Runtime-Function-Error-Type") or "Runtime.Unknown"
                    body = json.dumps({"errorType": error_type, "errorMessage": ""}).encode()
                if not server._record_result(match.group("id"), body, is_error):
                    return self._json(400, {"errorType": "InvalidRequestID", "errorMessage": "unknown request id"})
                return self._json(202, {"status": "OK"})

            def _json(self, status: int, document: dict) -> None:
                data = json.dumps(document).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        return Handler


def deadline_ms(timeout_seconds: float) -> int:
    return int((time.time() + timeout_seconds) * 1000)
