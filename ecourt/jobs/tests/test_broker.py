"""Tasks cross a real broker to a real Celery worker, on Redis and on RabbitMQ.

A worker is started as a separate process (``celery -A ecourt worker``) configured, as in production,
by environment variables alone: the broker, the result backend, its own queue, and ``DATABASE_URL``
pointing at this test run's database, so a job it runs is visible here. The test process sends tasks
through a Celery app pointed at the same broker. A broker that cannot be reached skips the test on a
developer's machine and fails it with ``CI=true``.
"""

from __future__ import annotations

import datetime
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

import pytest
from celery import Celery
from celery.exceptions import TimeoutError as ResultTimeout
from celery.result import AsyncResult
from django.db import connection
from kombu import Queue

from ecourt.celery import app as ecourt_app
from ecourt.jobs.models import Job, JobStatus
from ecourt.jobs.services import enqueue
from ecourt.jobs.tasks import ping

pytestmark = pytest.mark.broker

REPO = Path(__file__).resolve().parents[3]
# broker URL, result backend. RabbitMQ answers through its own reply queues (rpc://), so that run needs
# nothing but RabbitMQ; Redis carries both the messages and the results. The servers of the machine by
# default; ECOURT_TEST_REDIS_URL and ECOURT_TEST_AMQP_URL point elsewhere.
_REDIS = os.environ.get("ECOURT_TEST_REDIS_URL", "redis://127.0.0.1:6379/7")
BROKERS = {
    "redis": (_REDIS, _REDIS),
    "rabbitmq": (os.environ.get("ECOURT_TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672//"), "rpc://"),
}
WAIT_SECONDS = 120


@dataclass
class Worker:
    broker: str
    backend: str
    queue: str
    process: subprocess.Popen[bytes]
    log: Path

    def log_tail(self) -> str:
        lines = self.log.read_text(encoding="utf-8", errors="replace").splitlines()
        return "\n".join(lines[-40:])

    def check_alive(self) -> None:
        if self.process.poll() is not None:
            pytest.fail(f"the Celery worker exited with {self.process.returncode}:\n{self.log_tail()}")


def require_reachable(url: str) -> None:
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or {"redis": 6379, "amqp": 5672}[parts.scheme]
    try:
        socket.create_connection((host, port), timeout=3).close()
    except OSError as exc:
        message = f"no broker at {host}:{port} ({exc}); start it to run the broker tests"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true requires the broker: {message}")
        pytest.skip(message)


def database_url(settings_dict: dict[str, Any]) -> str:
    """DATABASE_URL for this test run's database, so the worker writes where the test reads."""
    name = str(settings_dict["NAME"])
    if settings_dict["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{name}"
    credentials = quote(settings_dict["USER"] or "", safe="")
    if settings_dict.get("PASSWORD"):
        credentials += ":" + quote(settings_dict["PASSWORD"], safe="")
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    options = settings_dict.get("OPTIONS") or {}
    query = f"?{urlencode(options)}" if options else ""
    return f"postgres://{credentials}@{host}:{port}/{quote(name, safe='')}{query}"


@contextmanager
def client_for(worker: Worker) -> Iterator[Celery]:
    """A Celery app of the test process aimed at the worker's broker and queue, made current so that
    ``task.delay()`` (and so ``jobs.services.enqueue``) sends through it; the project's app is made
    current again afterwards, with its in-process (eager) configuration untouched."""
    client = Celery("ecourt-test-client", set_as_current=False)
    client.config_from_object("django.conf:settings", namespace="CELERY")
    client.conf.update(
        broker_url=worker.broker,
        result_backend=worker.backend,
        task_always_eager=False,
        task_default_queue=worker.queue,
        broker_connection_retry_on_startup=False,
    )
    client.set_current()
    try:
        yield client
    finally:
        ecourt_app.set_current()
        client.close()


def wait_for(result: AsyncResult[Any], worker: Worker) -> Any:
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        try:
            return result.get(timeout=2)
        except ResultTimeout:
            worker.check_alive()
            if time.monotonic() > deadline:
                pytest.fail(f"no answer from the worker in {WAIT_SECONDS} s:\n{worker.log_tail()}")


@pytest.fixture(scope="module", params=sorted(BROKERS))
def worker(request: pytest.FixtureRequest, django_db_setup: None, tmp_path_factory: Any) -> Iterator[Worker]:
    broker, backend = BROKERS[request.param]
    require_reachable(broker)
    queue = f"ecourt-test-{uuid.uuid4().hex[:12]}"
    log = tmp_path_factory.mktemp(f"worker-{request.param}") / "worker.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ecourt.settings",
        "DATABASE_URL": database_url(connection.settings_dict),
        "CELERY_BROKER_URL": broker,
        "CELERY_RESULT_BACKEND": backend,
        "CELERY_QUEUE": queue,
    }
    celery = Path(sys.executable).with_name("celery")
    command = [str(celery), "-A", "ecourt", "worker", "--pool=solo", "--concurrency=1", "-Q", queue]
    command += [f"--hostname={queue}@%h", "--without-gossip", "--without-mingle", "--without-heartbeat"]
    command += ["--loglevel=INFO"]
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    running = Worker(broker=broker, backend=backend, queue=queue, process=process, log=log)
    try:
        yield running
    finally:
        stop(process)
        # Leave nothing behind on the shared broker: the worker declared a durable queue of its own.
        with client_for(running) as client, client.connection_for_write() as conn:
            Queue(queue, channel=conn.default_channel).delete()


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)  # warm shutdown: finish the task in hand, then exit
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def test_a_task_runs_in_the_worker_process(worker):
    with client_for(worker):
        answer = wait_for(ping.delay(), worker)
    assert answer["pid"] == worker.process.pid
    assert answer["pid"] != os.getpid()
    assert answer["hostname"] == socket.gethostname()


@pytest.mark.usefixtures("transactional_db")
def test_a_job_queued_here_succeeds_in_the_worker_and_the_shared_database(worker):
    day = datetime.date(2026, 1, 2)
    with client_for(worker):
        job = enqueue("cases.daily_sweep", {"day": day.isoformat()})

    deadline = time.monotonic() + WAIT_SECONDS
    job.refresh_from_db()
    while job.status in (JobStatus.QUEUED, JobStatus.RUNNING):
        worker.check_alive()
        if time.monotonic() > deadline:
            pytest.fail(f"job still {job.status} after {WAIT_SECONDS} s:\n{worker.log_tail()}")
        time.sleep(0.2)
        job.refresh_from_db()

    assert job.status == JobStatus.SUCCEEDED, job.error
    # Run by the worker process, not in-process here (the worker field names the process that ran it).
    assert job.worker == f"{socket.gethostname()}:{worker.process.pid}"
    assert job.result["day"] == day.isoformat()
    assert job.started_at is not None
    assert job.finished_at is not None
    assert Job.objects.filter(status=JobStatus.SUCCEEDED).count() == 1
