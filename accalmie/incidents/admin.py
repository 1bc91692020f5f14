from django.contrib import admin

from .models import ActionPlanStep, Incident, IncidentNotice, IncidentStep


@admin.register(ActionPlanStep)
class ActionPlanStepAdmin(admin.ModelAdmin):
    """Where admins define the action plan copied onto each new incident."""

    list_display = ["position", "title", "code", "auto", "is_active"]
    list_editable = ["title", "is_active"]
    list_display_links = ["position"]
    ordering = ["position", "id"]


class StepInline(admin.TabularInline):
    model = IncidentStep
    extra = 0
    fields = ["title", "done_at", "done_by", "note"]
    readonly_fields = fields
    can_delete = False


class NoticeInline(admin.TabularInline):
    model = IncidentNotice
    extra = 0
    fields = ["user", "address", "channel", "sent_at", "read_at", "error"]
    readonly_fields = fields
    can_delete = False


@admin.register(Incident)
class IncidentAdmin(admin.ModelAdmin):
    list_display = ["title", "severity", "is_open", "opened_at", "opened_by_rule"]
    list_filter = ["severity", "is_open"]
    raw_id_fields = ["message", "messages"]
    inlines = [StepInline, NoticeInline]
