from django.contrib import admin

from .models import Alert, Controversy, InsightsSettings, PlannedPost, ReportSubscription


@admin.register(InsightsSettings)
class InsightsSettingsAdmin(admin.ModelAdmin):
    list_display = ["__str__", "email_alerts", "webhook_url", "transparency_enabled"]

    def has_add_permission(self, request):
        return not InsightsSettings.objects.exists() and super().has_add_permission(request)


@admin.register(Controversy)
class ControversyAdmin(admin.ModelAdmin):
    list_display = ["terms", "note", "is_active", "created_at"]
    list_filter = ["is_active"]


@admin.register(Alert)
class AlertAdmin(admin.ModelAdmin):
    list_display = ["label", "scope", "channel", "started_at", "last_burst_at", "peak", "state"]
    list_filter = ["state", "scope"]
    readonly_fields = ["messages"]


@admin.register(PlannedPost)
class PlannedPostAdmin(admin.ModelAdmin):
    list_display = ["__str__", "author", "score", "state", "created_at"]
    list_filter = ["state"]


admin.site.register(ReportSubscription)
