"""The CI guard: a seconds-long run of the benchmark runner fails when a hot endpoint's throughput
falls below half its goal against bare Flask in its best round (or answers errors): a regression is
slow in every round, a busy moment on the machine in one only. One pass only (SQLite)."""

import os
import shutil
import subprocess
import sys

import pytest

pytestmark = pytest.mark.skipif(os.environ.get("ARENA_TEST_DATABASE_URL") is not None,
                                reason="runs in the SQLite pass only")


def test_hot_endpoints_stay_above_half_their_goal(tmp_path):
    if shutil.which("wrk") is None:
        if os.environ.get("CI") == "true":  # scripts/install-test-deps.sh installs it: missing is a failure
            pytest.fail("Debian's wrk is not installed")
        pytest.skip("needs Debian's wrk (apt-get install wrk)")
    done = subprocess.run([sys.executable, "-m", "bench.run", "--guard", "--scale", "0.002", "--seconds", "2",
                           "--rounds", "2"], capture_output=True, text=True, timeout=600,
                          env={**os.environ, "ARENA_BENCH_DATABASE_URL": ""})
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "| contest board JSON, big contest |" in done.stdout
