"""One execution environment: a Runtime API server plus the runtime process that polls it.

The process stays up between invocations (a warm start costs one HTTP round trip). It is started again, cold, when
it was stopped to free a slot of the pool, after it exceeded the function's timeout (Lambda resets such an
environment too), or after it exited.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .processes import ProcessPool, RuntimeProcess
from .runtime_api import Invocation, RuntimeApiServer, deadline_ms


@dataclass(frozen=True)
class Outcome:
    payload: bytes
    is_error: bool
    logs: str


class RuntimeStartError(Exception):
    """The runtime did not reach its first ``next`` call."""


def timed_out_error(request_id: str, timeout_seconds: float) -> bytes:
    """What Lambda answers for an invocation that ran past the function's timeout."""
    return json.dumps({
        "errorType": "Sandbox.Timedout",
        "errorMessage": f"RequestId: {request_id} Error: Task timed out after {timeout_seconds:.2f} seconds",
    }).encode()


def exited_error(request_id: str, exit_code: int | None) -> bytes:
    return json.dumps({
        "errorType": "Runtime.ExitError",
        "errorMessage": f"RequestId: {request_id} Error: Runtime exited with error: exit status {exit_code}",
    }).encode()


class LocalRuntime:
    def __init__(self, name: str, command: Sequence[str], env: dict[str, str], pool: ProcessPool,
                 startup_timeout: float, cwd: Path | None = None, log_file: Path | None = None,
                 on_process: Callable[[RuntimeProcess], None] | None = None) -> None:
        self.name = name
        self._command = list(command)
        self._env = dict(env)
        self._pool = pool
        self._startup_timeout = startup_timeout
        self._cwd = cwd
        self._log_file = log_file
        self._on_process = on_process
        self._lock = threading.Lock()
        self._server: RuntimeApiServer | None = None
        self._process: RuntimeProcess | None = None
        self._stopped = False
        self.cold_starts = 0

    # ---- lifecycle ----------------------------------------------------------------------------------------

    def start(self) -> None:
        with self._lock:
            self._ensure_running()

    def stop(self) -> None:
        with self._lock:
            self._stopped = True
            self._shutdown()
        self._pool.release(self)

    def try_evict(self) -> bool:
        """Called by the pool: stops the process if no invocation holds it (it restarts on its next use)."""
        if not self._lock.acquire(blocking=False):
            return False
        try:
            self._shutdown()
            return True
        finally:
            self._lock.release()

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process and self._process.alive() else None

    def logs(self) -> str:
        return self._process.output() if self._process else ""

    def _ensure_running(self) -> None:
        if self._stopped:
            raise RuntimeStartError(f"{self.name} was stopped")
        if self._process and self._process.alive() and self._server:
            return
        self._shutdown()
        self._pool.acquire(self, self._startup_timeout)
        started = time.monotonic()
        try:
            self._server = RuntimeApiServer()
            env = dict(self._env, AWS_LAMBDA_RUNTIME_API=self._server.address)
            self._process = RuntimeProcess(self._command, env, self._cwd, self._log_file)
            if self._on_process:
                self._on_process(self._process)
            self.cold_starts += 1
            while not self._server.wait_initialized(0.05):
                if self._server.init_error is not None:
                    raise RuntimeStartError(f"{self.name}: init error {self._server.init_error.decode(errors='replace')}")
                if not self._process.alive():
                    raise RuntimeStartError(f"{self.name}: runtime exited with status {self._process.exit_code} "
                                            f"before it was ready:\n{self._process.output()[-4000:]}")
                if time.monotonic() - started > self._startup_timeout:
                    raise RuntimeStartError(f"{self.name}: not ready after {self._startup_timeout:.0f} s")
        except BaseException:
            self._shutdown()
            self._pool.release(self)
            raise

    def _shutdown(self) -> None:
        if self._process:
            self._process.kill()
            self._process = None
        if self._server:
            self._server.close()
            self._server = None

    # ---- invocations --------------------------------------------------------------------------------------

    def invoke(self, request_id: str, function_arn: str, payload: bytes, trace_id: str,
               timeout_seconds: float) -> Outcome:
        with self._lock:
            try:
                self._ensure_running()
                return self._invoke_running(request_id, function_arn, payload, trace_id, timeout_seconds)
            finally:
                self._pool.used(self)

    def _invoke_running(self, request_id: str, function_arn: str, payload: bytes, trace_id: str,
                        timeout_seconds: float) -> Outcome:
        assert self._server and self._process
        process = self._process
        mark = process.mark()
        invocation = self._server.submit(Invocation(request_id, function_arn, payload, trace_id,
                                                    deadline_ms(timeout_seconds)))
        end = time.monotonic() + timeout_seconds
        while not invocation.done.wait(min(0.05, max(0.0, end - time.monotonic()))):
            if not process.alive():
                self._server.forget(request_id)
                logs = process.output_since(mark)
                self._shutdown()
                return Outcome(exited_error(request_id, process.exit_code), True, logs)
            if time.monotonic() >= end:
                # As on Lambda: the environment is ended and the next invocation starts a fresh one.
                self._server.forget(request_id)
                process.kill()
                logs = process.output_since(mark)
                self._shutdown()
                return Outcome(timed_out_error(request_id, timeout_seconds), True,
                               logs + f"{request_id} Task timed out after {timeout_seconds:.2f} seconds\n")
        return Outcome(invocation.response, invocation.is_error, process.output_since(mark))
