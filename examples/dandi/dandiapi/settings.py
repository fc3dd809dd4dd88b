"""Settings for the miniature DANDI Archive.

Everything that differs between a laptop, a test run and a deployment comes
from the environment (the example's .env, or dynorun's -e files).
"""
import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def env_flag(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in ('1', 'true', 'yes', 'on')


SECRET_KEY = os.environ.get('DJANGO_SECRET_KEY', 'insecure-example-key-change-me')
DEBUG = env_flag('DJANGO_DEBUG')
ALLOWED_HOSTS = ['127.0.0.1', 'localhost']

# auth (and the contenttypes it needs) for users: `dynorun run python ./manage.py
# createsuperuser`, as DANDI's deployment guide does on Heroku.
INSTALLED_APPS = ['django.contrib.contenttypes', 'django.contrib.auth', 'dandiapi.api']
MIDDLEWARE = [
    'django.middleware.security.SecurityMiddleware',
    'django.middleware.common.CommonMiddleware',
]
ROOT_URLCONF = 'dandiapi.urls'
WSGI_APPLICATION = 'dandiapi.wsgi.application'

DATABASES = {
    'default': {
        'ENGINE': 'django.db.backends.sqlite3',
        'NAME': os.environ.get('DATABASE_PATH', str(BASE_DIR / 'db.sqlite3')),
        # Several worker processes write task runs at once; wait for the lock
        # instead of failing with "database is locked".
        'OPTIONS': {'timeout': 20},
    }
}
DEFAULT_AUTO_FIELD = 'django.db.models.BigAutoField'

USE_TZ = True
TIME_ZONE = 'UTC'

LOGGING = {
    'version': 1,
    'disable_existing_loggers': False,
    'handlers': {'console': {'class': 'logging.StreamHandler'}},
    'root': {'handlers': ['console'], 'level': 'INFO'},
}

# Celery reads every CELERY_* name below (see dandiapi/celery.py).
CELERY_BROKER_URL = os.environ.get('CELERY_BROKER_URL', 'redis://127.0.0.1:6379/0')
CELERY_TASK_DEFAULT_QUEUE = 'celery'
CELERY_TASK_ROUTES = {
    'dandiapi.api.tasks.calculate_sha256': {'queue': 'calculate_sha256'},
    'dandiapi.api.tasks.ingest_zarr_archive': {'queue': 'ingest_zarr_archive'},
    'dandiapi.api.tasks.process_s3_log_file': {'queue': 's3-log-processing'},
}
# Acknowledge a message only once its task has finished, and hand it back to
# the broker if the worker dies under it. Together with REMAP_SIGTERM=SIGQUIT in
# the Procfile, a SIGTERM puts a running task back on its queue instead of
# dropping it.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# One task at a time per worker unless --concurrency says otherwise. Besides keeping the
# example light, this guards against a race in Debian's kombu 5.2: a worker with a free slot
# keeps a BRPOP waiting on Redis, and when a second stop signal cuts its cold shutdown short,
# it restores its running task while that BRPOP is still open; Redis hands the message to the
# BRPOP and the exiting worker drops it (fixed upstream by celery/kombu#1733, 2023).
# A worker whose only slot is busy has no BRPOP outstanding, so its restore is safe.
CELERY_WORKER_CONCURRENCY = int(os.environ.get('CELERY_WORKER_CONCURRENCY', '1'))
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE_FILENAME = os.environ.get(
    'CELERY_BEAT_SCHEDULE_FILENAME', str(BASE_DIR / 'celerybeat-schedule')
)
CELERY_BEAT_SCHEDULE = {
    'forget-old-task-runs': {
        'task': 'dandiapi.api.tasks.forget_old_task_runs',
        'schedule': 600.0,
    },
}
