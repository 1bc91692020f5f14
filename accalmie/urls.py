from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from accalmie.accounts.views import set_language
from accalmie.api import api
from accalmie.inbox.views import healthz

admin.site.site_header = "Accalmie"
admin.site.site_title = "Accalmie"

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("language/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("healthz", healthz),
    path("triage/", include("accalmie.triage.urls")),
    path("replies/", include("accalmie.replies.urls")),
    path("cases/", include("accalmie.cases.urls")),
    path("moderation/", include("accalmie.moderation.urls")),
    path("people/", include("accalmie.people.urls")),
    path("incidents/", include("accalmie.incidents.urls")),
    path("evidence/", include("accalmie.evidence.urls")),
    path("channels/", include("accalmie.channels.urls")),
    path("insights/", include("accalmie.insights.urls")),
    path("", include("accalmie.inbox.urls")),
]
