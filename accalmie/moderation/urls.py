from django.urls import path

from . import views

app_name = "moderation"
urlpatterns = [
    path("code/", views.code, name="code"),
    path("pending/", views.pending, name="pending"),
    path("m/<int:pk>/request/", views.request_action, name="request"),
    path("requests/<int:pk>/approve/", views.approve, name="approve"),
    path("requests/<int:pk>/reject/", views.reject, name="reject"),
]
