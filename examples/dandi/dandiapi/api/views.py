import os

from django.http import JsonResponse
from django.views.decorators.http import require_GET, require_POST

from dandiapi.api import tasks
from dandiapi.api.models import TaskRun

# The task each queue's worker exists for; any queue also accepts task=slow.
QUEUE_TASKS = {
    'celery': tasks.ping,
    'calculate_sha256': tasks.calculate_sha256,
    'ingest_zarr_archive': tasks.ingest_zarr_archive,
    's3-log-processing': tasks.process_s3_log_file,
}


@require_GET
def index(request):
    return JsonResponse(
        {
            'app': 'dandiapi',
            'dyno': os.environ.get('DYNO', ''),
            'queues': sorted(QUEUE_TASKS),
        }
    )


def task_arguments(task, params):
    if task is tasks.slow:
        return [float(params.get('seconds', 60))]
    if task is tasks.calculate_sha256:
        return [params.get('text', 'hello dandi')]
    if task is tasks.ingest_zarr_archive:
        return [params.get('name', 'example.zarr')]
    if task is tasks.ping:
        return [params.get('note', '')]
    return []


@require_POST
def enqueue(request, queue):
    """Puts one task on the named queue and answers with its id (query or form parameters)."""
    if queue not in QUEUE_TASKS:
        known = sorted(QUEUE_TASKS)
        return JsonResponse({'error': f'unknown queue {queue!r}', 'queues': known}, status=404)
    params = request.GET.copy()
    params.update(request.POST)
    task = tasks.slow if params.get('task') == 'slow' else QUEUE_TASKS[queue]
    try:
        args = task_arguments(task, params)
    except ValueError as error:
        return JsonResponse({'error': str(error)}, status=400)
    result = task.apply_async(args=args, queue=queue)
    return JsonResponse({'task_id': result.id, 'task': task.name, 'queue': queue}, status=202)


@require_GET
def runs(request):
    """Lists task runs, optionally filtered by task_id, queue or dyno."""
    selected = TaskRun.objects.all()
    for field in ('task_id', 'queue', 'dyno'):
        if field in request.GET:
            selected = selected.filter(**{field: request.GET[field]})
    return JsonResponse({'runs': [run.as_dict() for run in selected]})
