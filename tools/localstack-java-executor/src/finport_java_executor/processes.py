"""Runtime processes: how a Java function's JVM is launched, its output kept, and how many may run at once."""

from __future__ import annotations

import collections
import os
import platform
import signal
import subprocess
import threading
import time
import zipfile
from collections.abc import Sequence
from pathlib import Path

RIC_MAIN_CLASS = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda"
# Where the Runtime Interface Client loads its JNI library from when set (JniHelper), instead of unpacking it.
NATIVE_LIBRARY_PROPERTY = "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI"
_ARCHITECTURES = {"x86_64": "x86_64", "amd64": "x86_64", "aarch64": "aarch_64", "arm64": "aarch_64"}
_unpack_lock = threading.Lock()


def java_command(java: Path, code_dir: Path, ric_classpath: Sequence[Path], handler: str, memory_mb: int,
                 native_library: Path | None = None) -> list[str]:
    """The JVM command for a function: its code and lib/ jars first, then the Runtime Interface Client.

    The heap is sized from the function's memory as Lambda's Java runtimes do (most of it, not all), with the
    serial collector and the C1-only tiered compilation that Lambda's java21 runtime starts its JVM with.
    """
    classpath = [str(code_dir), str(code_dir / "lib" / "*"), *(str(p) for p in ric_classpath)]
    heap_mb = max(64, int(memory_mb * 0.85))
    native = [f"-D{NATIVE_LIBRARY_PROPERTY}={native_library}"] if native_library else []
    return [
        str(java),
        f"-XX:MaxHeapSize={heap_mb}m",
        "-XX:+UseSerialGC",
        "-XX:+TieredCompilation",
        "-XX:TieredStopAtLevel=1",
        "-Xshare:auto",
        "--enable-native-access=ALL-UNNAMED",
        *native,
        "-cp",
        os.pathsep.join(classpath),
        RIC_MAIN_CLASS,
        handler,
    ]


def native_library(ric_classpath: Sequence[Path]) -> Path | None:
    """The Runtime Interface Client's JNI library for this machine (glibc), unpacked once beside the client's jar.

    Left to itself, the client unpacks it at every start to the fixed path /tmp/.libaws-lambda-jni.so. On Lambda each
    environment has its own /tmp; here all share one, and a JVM that loads the file while another one rewrites it
    dies in the dynamic loader (SIGBUS), as concurrent cold starts did. None when there is nothing to unpack for this
    machine: the client then does its own unpacking.
    """
    arch = _ARCHITECTURES.get(platform.machine().lower())
    jar = next((p for p in ric_classpath if "runtime-interface-client" in p.name and p.suffix == ".jar"), None)
    if arch is None or jar is None:
        return None
    name = f"libaws-lambda-jni.linux-{arch}.so"
    target = jar.with_name(f"{jar.stem}.{name}")
    with _unpack_lock:
        if not target.exists():
            with zipfile.ZipFile(jar) as archive:
                try:
                    data = archive.read(f"jni/{name}")
                except KeyError:
                    return None
            # Written under another name and renamed: another LocalStack instance sharing the folder never sees half.
            partial = target.with_name(f".{target.name}.{os.getpid()}")
            partial.write_bytes(data)
            os.replace(partial, target)
    return target


class RuntimeProcess:
    """A launched runtime (its own process group, so a kill also ends anything it started) and its output."""

    def __init__(self, command: Sequence[str], env: dict[str, str], cwd: Path | None, log_file: Path | None,
                 keep_lines: int = 2000) -> None:
        self._lines: collections.deque[str] = collections.deque(maxlen=keep_lines)
        self._written = 0
        self._lock = threading.Lock()
        self._log = open(log_file, "a", encoding="utf-8") if log_file else None
        self._process = subprocess.Popen(
            list(command), env=env, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, start_new_session=True,
        )
        self._reader = threading.Thread(target=self._read, name=f"runtime-output-{self.pid}", daemon=True)
        self._reader.start()

    @property
    def pid(self) -> int:
        return self._process.pid

    def alive(self) -> bool:
        return self._process.poll() is None

    @property
    def exit_code(self) -> int | None:
        return self._process.poll()

    def _read(self) -> None:
        assert self._process.stdout is not None
        for raw in self._process.stdout:
            line = raw.decode("utf-8", errors="replace")
            with self._lock:
                self._lines.append(line)
                self._written += 1
            if self._log:
                self._log.write(line)
                self._log.flush()

    def mark(self) -> int:
        """A position in the output, to read what was printed after it (the logs of one invocation)."""
        with self._lock:
            return self._written

    def output_since(self, mark: int) -> str:
        if not self.alive():
            self._reader.join(timeout=0.5)  # let the reader take the last lines of an ended process
        with self._lock:
            new = self._written - mark
            lines = list(self._lines)[-new:] if new > 0 else []
        return "".join(lines)

    def output(self) -> str:
        with self._lock:
            return "".join(self._lines)

    def kill(self, grace_seconds: float = 0.0) -> None:
        """Ends the process group: SIGTERM first when a grace period is given, then SIGKILL."""
        if self.alive():
            try:
                if grace_seconds > 0:
                    os.killpg(self._process.pid, signal.SIGTERM)
                    try:
                        self._process.wait(grace_seconds)
                    except subprocess.TimeoutExpired:
                        pass
                if self.alive():
                    os.killpg(self._process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        try:
            self._process.wait(5)
        except subprocess.TimeoutExpired:
            pass
        self._reader.join(timeout=1)
        if self._log:
            self._log.close()
            self._log = None


class ProcessPool:
    """Bounds how many runtimes run at once. A runtime that needs a slot while all are taken stops the idle runtime
    that was used least recently (it starts again, cold, on its next invocation); when every runtime is busy it
    waits for one to become idle.
    """

    def __init__(self, max_running: int) -> None:
        if max_running < 1:
            raise ValueError("max_running must be at least 1")
        self.max_running = max_running
        self._running: dict[object, float] = {}
        self._condition = threading.Condition()
        self.evictions = 0

    def running(self) -> int:
        with self._condition:
            return len(self._running)

    def acquire(self, runtime, timeout: float) -> None:
        """Reserves a slot for ``runtime``, which must offer ``try_evict() -> bool``."""
        end = time.monotonic() + timeout
        with self._condition:
            while runtime not in self._running:
                if len(self._running) < self.max_running:
                    self._running[runtime] = time.monotonic()
                    return
                for candidate in sorted(self._running, key=self._running.get):
                    if candidate is not runtime and candidate.try_evict():
                        self._running.pop(candidate, None)
                        self.evictions += 1
                        break
                else:
                    remaining = end - time.monotonic()
                    if remaining <= 0:
                        raise TimeoutError(f"all {self.max_running} runtime slots stayed busy for {timeout:.0f} s")
                    self._condition.wait(min(remaining, 1.0))

    def used(self, runtime) -> None:
        """Marks ``runtime`` as just used and idle again, so waiting runtimes may take its slot."""
        with self._condition:
            if runtime in self._running:
                self._running[runtime] = time.monotonic()
            self._condition.notify_all()

    def release(self, runtime) -> None:
        with self._condition:
            self._running.pop(runtime, None)
            self._condition.notify_all()
