"""WSGI entry point that gunicorn serves (gunicorn ... dandiapi.wsgi)."""
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'dandiapi.settings')

application = get_wsgi_application()
