from django.urls import path

from . import views

app_name = "evidence"
urlpatterns = [
    path("dossiers/new/", views.request_dossier, name="dossier_request"),
    path("dossiers/<int:pk>/", views.dossier_detail, name="dossier"),
    path("dossiers/<int:pk>/download.pdf", views.download, {"fmt": "pdf"}, name="dossier_pdf"),
    path("dossiers/<int:pk>/download.zip", views.download, {"fmt": "zip"}, name="dossier_zip"),
]
