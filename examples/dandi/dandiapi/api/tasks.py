"""One small task per queue that DANDI's Procfiles consume, plus a slow one.

Every task writes a TaskRun row saying which dyno (the DYNO variable that the
process manager sets) ran it and from which queue, so a test can tell the
workers apart even though they all share one Celery node name.
"""
import hashlib
import os
import time
from datetime import timedelta

from celery.utils.log import get_task_logger
from django.utils import timezone

from dandiapi.api.models import TaskRun
from dandiapi.celery import app

logger = get_task_logger(__name__)

SAMPLE_S3_LOG_LINE = (
    'owner dandiarchive [01/Jan/2024:00:00:00 +0000] 192.0.2.1 - REQ1 REST.GET.OBJECT '
    'blobs/abc/def "GET /blobs/abc/def HTTP/1.1" 200 - 2048 2048 10 9 "-" "curl" -'
)


class RecordedRun:
    """Records the start of a task run on entry and its result on exit."""

    def __init__(self, task):
        request = task.request
        self.run = TaskRun.objects.create(
            task_id=request.id or '',
            task_name=task.name,
            queue=(request.delivery_info or {}).get('routing_key') or '',
            dyno=os.environ.get('DYNO', ''),
            hostname=request.hostname or '',
            pid=os.getpid(),
        )

    def finish(self, result):
        self.run.status = TaskRun.SUCCEEDED
        self.run.result = str(result)
        self.run.finished_at = timezone.now()
        self.run.save(update_fields=['status', 'result', 'finished_at'])
        return result


@app.task(bind=True)
def ping(self, note=''):
    run = RecordedRun(self)
    return run.finish(f'pong {note}'.strip())


@app.task(bind=True)
def calculate_sha256(self, text):
    run = RecordedRun(self)
    digest = hashlib.sha256(text.encode()).hexdigest()
    logger.info('sha256 of %d bytes is %s', len(text.encode()), digest)
    return run.finish(digest)


@app.task(bind=True)
def ingest_zarr_archive(self, name, chunk_count=4):
    """Stands in for checksumming a Zarr archive: a digest over its chunks' digests."""
    run = RecordedRun(self)
    chunk_digests = sorted(
        hashlib.md5(f'{name}/0.{index}'.encode()).hexdigest() for index in range(chunk_count)
    )
    archive_digest = hashlib.md5(''.join(chunk_digests).encode()).hexdigest()
    return run.finish(f'{archive_digest}-{chunk_count}')


@app.task(bind=True)
def process_s3_log_file(self, lines=None):
    """Counts the bytes that GET requests in S3 access-log lines sent."""
    run = RecordedRun(self)
    total = 0
    for line in lines or [SAMPLE_S3_LOG_LINE]:
        fields = line.split('"')
        if len(fields) < 3 or not fields[1].startswith('GET '):
            continue
        after_request = fields[2].split()
        if len(after_request) >= 3 and after_request[2].isdigit():
            total += int(after_request[2])
    return run.finish(total)


@app.task(bind=True)
def slow(self, seconds=60):
    """Sleeps, to show what a shutdown does to a task that is still running."""
    run = RecordedRun(self)
    logger.info('slow task %s sleeping for %s s', self.request.id, seconds)
    deadline = time.monotonic() + float(seconds)
    while time.monotonic() < deadline:
        time.sleep(0.2)
    return run.finish(f'slept {seconds} s')


@app.task
def forget_old_task_runs():
    """Run by beat: keeps the runs table from growing without bound."""
    cutoff = timezone.now() - timedelta(days=1)
    deleted, _ = TaskRun.objects.filter(started_at__lt=cutoff).delete()
    return deleted
