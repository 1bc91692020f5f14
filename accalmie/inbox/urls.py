from django.urls import path

from . import views

app_name = "inbox"
urlpatterns = [
    path("", views.inbox, name="list"),
    path("new/", views.inbox_new, name="new"),
    path("export.csv", views.export_csv, name="export"),
    path("m/<int:pk>/", views.message_detail, name="detail"),
    path("m/<int:pk>/assign", views.assign, name="assign"),
    path("m/<int:pk>/status", views.set_status, name="status"),
]
