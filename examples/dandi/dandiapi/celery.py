"""The Celery application that every worker line of the Procfile names."""
import os

from celery import Celery

os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'dandiapi.settings')

app = Celery('dandiapi')
app.config_from_object('django.conf:settings', namespace='CELERY')
app.autodiscover_tasks()
