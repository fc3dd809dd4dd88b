from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = 'dandiapi.api'
    label = 'api'
