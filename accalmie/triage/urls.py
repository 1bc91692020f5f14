from django.urls import path

from . import views

app_name = "triage"
urlpatterns = [
    path("rules/", views.rule_list, name="rules"),
    path("rules/new/", views.rule_edit, name="rule_new"),
    path("rules/<int:pk>/", views.rule_edit, name="rule_edit"),
    path("rules/<int:pk>/delete", views.rule_delete, name="rule_delete"),
    path("m/<int:pk>/category", views.correct, name="correct"),
]
