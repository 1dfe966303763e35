import sys
from pathlib import Path

import pytest

from finport_java_executor.processes import ProcessPool
from finport_java_executor.runtime import LocalRuntime

FAKE = Path(__file__).with_name("fake_runtime.py")


@pytest.fixture
def make_runtime(tmp_path):
    """Builds LocalRuntimes around the stand-in runtime client and stops them all after the test."""
    made = []

    def make(pool=None, env=None, name="fn", startup_timeout=20.0):
        runtime = LocalRuntime(name=name, command=[sys.executable, str(FAKE)], env=dict(env or {}),
                               pool=pool or ProcessPool(4), startup_timeout=startup_timeout,
                               log_file=tmp_path / f"{name}.log")
        made.append(runtime)
        return runtime

    yield make
    for runtime in made:
        runtime.stop()
