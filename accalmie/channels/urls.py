from django.urls import path

from . import views, webhooks_meta

app_name = "channels"
urlpatterns = [
    path("", views.channel_list, name="list"),
    path("add/", views.channel_add, name="add"),
    path("add/<slug:kind>/", views.channel_add_kind, name="add_kind"),
    path("capabilities/", views.capabilities, name="capabilities"),
    path("<int:pk>/", views.channel_detail, name="detail"),
    path("<int:pk>/credentials/", views.channel_credentials, name="credentials"),
    path("<int:pk>/remove/", views.channel_remove, name="remove"),
    path("<slug:name>/meta-webhook", webhooks_meta.meta_webhook, name="meta_webhook"),
]
