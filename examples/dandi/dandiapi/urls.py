from django.urls import path

from dandiapi.api import views

urlpatterns = [
    path('', views.index),
    path('api/enqueue/<str:queue>/', views.enqueue),
    path('api/runs/', views.runs),
]
