from django.contrib import admin

from .models import Incident


@admin.register(Incident)
class IncidentAdmin(admin.ModelAdmin):
    list_display = ["title", "severity", "is_open", "opened_at", "opened_by_rule"]
    list_filter = ["severity", "is_open"]
    raw_id_fields = ["message"]
