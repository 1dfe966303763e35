"""LocalStack's RuntimeExecutor for java* functions: one LocalRuntime (a local JVM) per execution environment.

Settings (environment of the LocalStack process):
  FINPORT_LAMBDA_JAVA_HOME       JDK/JRE for the functions (default: JAVA_HOME); must run the functions' class files
  FINPORT_LAMBDA_RIC_CLASSPATH   the Runtime Interface Client jars (a folder of jars, or a path list)
  FINPORT_LAMBDA_MAX_JVMS        how many function JVMs may run at once (default 6)
  FINPORT_LAMBDA_LOG_DIR         where each environment's output is also written (optional)
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path

from localstack import config
from localstack.services.lambda_.invocation.lambda_models import FunctionVersion, InvocationResult
from localstack.services.lambda_.invocation.runtime_executor import LambdaRuntimeException, RuntimeExecutor

from .processes import ProcessPool, java_command, native_library
from .runtime import LocalRuntime

LOG = logging.getLogger(__name__)
LOCALHOST = "127.0.0.1"

_pool: ProcessPool | None = None
_pool_lock = threading.Lock()


def pool() -> ProcessPool:
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ProcessPool(int(os.environ.get("FINPORT_LAMBDA_MAX_JVMS") or 6))
        return _pool


def java_binary() -> Path:
    home = os.environ.get("FINPORT_LAMBDA_JAVA_HOME") or os.environ.get("JAVA_HOME")
    if not home:
        raise LambdaRuntimeException("set FINPORT_LAMBDA_JAVA_HOME (or JAVA_HOME) to a JDK for the functions")
    return Path(home) / "bin" / "java"


def ric_classpath() -> list[Path]:
    setting = os.environ.get("FINPORT_LAMBDA_RIC_CLASSPATH", "")
    entries: list[Path] = []
    for part in filter(None, setting.split(os.pathsep)):
        path = Path(part)
        entries.extend(sorted(path.glob("*.jar")) if path.is_dir() else [path])
    if not any("runtime-interface-client" in p.name for p in entries):
        raise LambdaRuntimeException(
            "FINPORT_LAMBDA_RIC_CLASSPATH must name the aws-lambda-java-runtime-interface-client jars")
    return entries


class JavaProcessExecutor(RuntimeExecutor):
    def __init__(self, id: str, function_version: FunctionVersion) -> None:  # noqa: A002 - LocalStack's name
        super().__init__(id, function_version)
        self._runtime: LocalRuntime | None = None

    def start(self, env_vars: dict[str, str]) -> None:
        cfg = self.function_version.config
        if not str(cfg.runtime or "").startswith("java"):
            raise LambdaRuntimeException(f"the finport-java executor runs java* runtimes only, not {cfg.runtime}")
        if cfg.code is None or not cfg.handler:
            raise LambdaRuntimeException("a function needs a zip package and a handler")
        code_dir = Path(cfg.code.get_unzipped_code_location())
        env = {k: str(v) for k, v in env_vars.items()}
        env.update(LAMBDA_TASK_ROOT=str(code_dir), PATH="/usr/local/bin:/usr/bin:/bin", LANG="en_US.UTF-8")
        env["AWS_EXECUTION_ENV"] = f"AWS_Lambda_{cfg.runtime}"
        log_dir = os.environ.get("FINPORT_LAMBDA_LOG_DIR")
        log_file = Path(log_dir) / f"{self.function_version.id.function_name}-{self.id}.log" if log_dir else None
        ric = ric_classpath()
        self._runtime = LocalRuntime(
            name=f"{self.function_version.qualified_arn} ({self.id})",
            command=java_command(java_binary(), code_dir, ric, cfg.handler, int(cfg.memory_size), native_library(ric)),
            env=env, pool=pool(), startup_timeout=float(config.LAMBDA_RUNTIME_ENVIRONMENT_TIMEOUT),
            cwd=code_dir, log_file=log_file,
        )
        self._runtime.start()

    def stop(self) -> None:
        if self._runtime:
            self._runtime.stop()

    def invoke(self, payload: dict[str, str]) -> InvocationResult:
        if self._runtime is None:
            raise LambdaRuntimeException("invoke before start")
        request_id = payload["invoke-id"]
        body = payload["payload"]
        outcome = self._runtime.invoke(
            request_id=request_id, function_arn=payload["invoked-function-arn"],
            payload=body.encode() if isinstance(body, str) else body, trace_id=payload.get("trace-id", ""),
            timeout_seconds=float(self.function_version.config.timeout),
        )
        return InvocationResult(request_id=request_id, payload=outcome.payload, is_error=outcome.is_error,
                                logs=outcome.logs)

    def get_logs(self) -> str:
        return self._runtime.logs() if self._runtime else ""

    def get_address(self) -> str:
        return LOCALHOST

    def get_endpoint_from_executor(self) -> str:
        return LOCALHOST

    def get_runtime_endpoint(self) -> str:
        return f"http://{LOCALHOST}:{config.GATEWAY_LISTEN[0].port}/_localstack_lambda/{self.id}"

    @classmethod
    def prepare_version(cls, function_version: FunctionVersion) -> None:
        if function_version.config.code:
            function_version.config.code.prepare_for_execution()

    @classmethod
    def cleanup_version(cls, function_version: FunctionVersion) -> None:
        if function_version.config.code:
            function_version.config.code.destroy_cached()

    @classmethod
    def validate_environment(cls) -> bool:
        try:
            if not java_binary().exists():
                LOG.error("no java at %s", java_binary())
                return False
            ric_classpath()
            return True
        except LambdaRuntimeException as e:
            LOG.error("%s", e)
            return False
