from django.urls import path

from . import tone_views, views

app_name = "replies"
urlpatterns = [
    path("tone/", tone_views.check, name="tone_check"),
    path("approvals/", views.approvals, name="approvals"),
    path("message/<int:pk>/compose/", views.compose, name="compose"),
    path("message/<int:pk>/compose/text/", views.compose_text, name="compose_text"),
    path("draft/<int:pk>/approve/", views.approve, name="approve"),
    path("draft/<int:pk>/reject/", views.reject, name="reject"),
    path("draft/<int:pk>/edit/", views.edit, name="edit"),
    path("draft/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("draft/<int:pk>/retry/", views.retry, name="retry"),
    path("templates/", views.templates, name="templates"),
    path("templates/new/", views.template_edit, name="template_new"),
    path("templates/<int:pk>/", views.template_edit, name="template_edit"),
    path("policies/", views.policies, name="policies"),
    path("policies/new/", views.policy_edit, name="policy_new"),
    path("policies/<int:pk>/", views.policy_edit, name="policy_edit"),
]
