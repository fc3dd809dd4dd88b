from django.db import models


class TaskRun(models.Model):
    """One execution of a task: which dyno picked it up, from which queue, and how it ended."""

    STARTED = 'started'
    SUCCEEDED = 'succeeded'
    STATUS_CHOICES = [(STARTED, 'started'), (SUCCEEDED, 'succeeded')]

    task_id = models.CharField(max_length=64, db_index=True)
    task_name = models.CharField(max_length=200)
    queue = models.CharField(max_length=100)
    dyno = models.CharField(max_length=100, blank=True)
    hostname = models.CharField(max_length=200)
    pid = models.IntegerField()
    status = models.CharField(max_length=20, choices=STATUS_CHOICES, default=STARTED)
    result = models.TextField(blank=True)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ['id']

    def as_dict(self):
        return {
            'task_id': self.task_id,
            'task_name': self.task_name,
            'queue': self.queue,
            'dyno': self.dyno,
            'hostname': self.hostname,
            'pid': self.pid,
            'status': self.status,
            'result': self.result,
            'started_at': self.started_at.isoformat(),
            'finished_at': self.finished_at.isoformat() if self.finished_at else None,
        }
