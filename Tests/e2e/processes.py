"""The one way the end-to-end tests start and stop the programs they drive (`selfscan demo`, `selfscan serve`,
`selfscan referential serve`, PostgreSQL, HAProxy): each child in its own process group with its output in a log
file, stopped by its own pid (its stop signal to the group, SIGKILL after TIMEOUT), the tail of its log at hand for
a failure message. Start-up waits on what the program says (the referential's listening line) or answers
(`/v1/health`), bounded by a deadline; a child that exits while being waited for fails the wait at once.

Environment: SELFSCAN_BIN (the built `selfscan`, default <root>/.build/debug/selfscan), SELFSCAN_ROOT (the package
root), SELFSCAN_E2E_TIMEOUT (seconds for each bounded wait, default 20).
"""
import os
import re
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

ROOT = Path(os.environ.get("SELFSCAN_ROOT", Path(__file__).resolve().parents[2]))
BIN = Path(os.environ.get("SELFSCAN_BIN", ROOT / ".build" / "debug" / "selfscan"))
TIMEOUT = float(os.environ.get("SELFSCAN_E2E_TIMEOUT", "20"))


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ProcessExited(RuntimeError):
    """A child exited while it was expected to run (its log's tail in the message)."""


def wait_until(condition, what, timeout=TIMEOUT, step=0.05):
    """Polls `condition` (bounded by `timeout`) until it returns a truthy value, which is returned. An exception
    from the condition means "not yet", except `ProcessExited`, which ends the wait at once."""
    deadline = time.monotonic() + timeout
    last_error = None
    while time.monotonic() < deadline:
        try:
            value = condition()
            if value:
                return value
        except ProcessExited:
            raise
        except Exception as error:  # a condition that cannot be read yet (process starting) is "not yet"
            last_error = error
        time.sleep(step)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}" + (f" (last error: {last_error})" if last_error else ""))


class Program:
    """One child process. `read_stdout`: its standard output is a pipe the caller reads (`readline`), its standard
    error goes to the log; otherwise both go to the log. `popen` passes on (e.g. `user`/`group`)."""

    def __init__(self, args, log_path, name=None, read_stdout=False, stop_signal=signal.SIGTERM, **popen):
        self.args = [str(arg) for arg in args]
        self.log_path = Path(log_path)
        self.name = name or Path(self.args[0]).name
        self.read_stdout = read_stdout
        self.stop_signal = stop_signal
        self.popen = popen
        self.process = None
        self.log = None

    def start(self):
        self.log = open(self.log_path, "ab")
        if self.read_stdout:
            self.process = subprocess.Popen(self.args, stdout=subprocess.PIPE, stderr=self.log, text=True,
                                            start_new_session=True, **self.popen)
        else:
            self.process = subprocess.Popen(self.args, stdout=self.log, stderr=subprocess.STDOUT,
                                            start_new_session=True, **self.popen)
        return self

    @property
    def pid(self):
        return self.process.pid

    def running(self):
        return self.process is not None and self.process.poll() is None

    def check_alive(self):
        """True while it runs; raises `ProcessExited` once it has exited."""
        if self.process.poll() is not None:
            raise ProcessExited(f"{self.name} exited ({self.process.returncode}):\n{self.log_text()}")
        return True

    def readline(self):
        """The next line of its standard output (blocks; empty once it exited)."""
        return self.process.stdout.readline()

    def log_text(self, limit=4000):
        try:
            return self.log_path.read_text(errors="replace")[-limit:]
        except OSError:
            return ""

    def kill9(self):
        """SIGKILL to its whole group, as when the machine dies."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=TIMEOUT)

    def stop(self):
        """Its stop signal to its group, SIGKILL if it has not exited within TIMEOUT; then its files are closed."""
        if self.running():
            os.killpg(self.process.pid, self.stop_signal)
            try:
                self.process.wait(timeout=TIMEOUT)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=TIMEOUT)
        if self.process and self.process.stdout:
            self.process.stdout.close()
        if self.log:
            self.log.close()
            self.log = None


def health(base):
    """True when `GET base/v1/health` answers 200."""
    with urllib.request.urlopen(base + "/v1/health", timeout=2) as response:
        return response.status == 200


def wait_for_health(program, base, timeout=TIMEOUT * 3):
    """Waits until the daemon `program` answers `/v1/health` at `base`; fails at once if it exits."""
    try:
        wait_until(lambda: program.check_alive() and health(base), f"{program.name} on {base}", timeout, step=0.1)
    except AssertionError as error:
        raise AssertionError(f"{error}\n{program.log_text()}") from None
    return program


def selfscan_demo(port, data_dir, log_path, extra_args=()):
    """`selfscan demo --no-trip` on `port` with its own data directory, started and answering."""
    program = Program([BIN, "demo", "--port", port, "--no-trip", "--data-dir", data_dir, *extra_args], log_path,
                      name="selfscan demo").start()
    return wait_for_health(program, f"http://127.0.0.1:{port}")


def selfscan_serve(config_path, port, log_path, name="selfscan serve"):
    """`selfscan serve --config config_path` (listening on `port`), started and answering."""
    program = Program([BIN, "serve", "--config", config_path], log_path, name=name).start()
    return wait_for_health(program, f"http://127.0.0.1:{port}")


class ReferentialServer(Program):
    """`selfscan referential serve --db DB --port 0`; its address read from the line it prints once it listens."""

    def __init__(self, db, log_path, name="selfscan referential serve", metrics_token_file=None):
        extra = ["--metrics-token-file", str(metrics_token_file)] if metrics_token_file else []
        super().__init__([BIN, "referential", "serve", "--db", db, "--port", "0", *extra], log_path, name=name,
                         read_stdout=True)
        self.port = None
        self.base = None

    def start(self):
        super().start()
        line = self.readline()  # blocks until the server listens (or exits: an empty line)
        match = re.search(r"http://127\.0\.0\.1:(\d+)", line)
        if not match:
            self.stop()
            raise ProcessExited(f"{self.name} did not start: {line!r}\n{self.log_text()}")
        self.port = int(match.group(1))
        self.base = f"http://127.0.0.1:{self.port}"
        return self
