from django.contrib import admin

from .models import CasePolicy, Department, Escalation, FollowUp, Handoff


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "is_active"]
    list_editable = ["is_active"]


@admin.register(CasePolicy)
class CasePolicyAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "reply_limit",
        "monitoring_days",
        "follow_up_days",
        "escalate_after_minutes",
        "escalation",
    ]

    def has_add_permission(self, request):  # one row, made on first use
        return not CasePolicy.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Handoff)
class HandoffAdmin(admin.ModelAdmin):
    list_display = ["message", "department", "due_at", "done_at"]
    raw_id_fields = ["message"]
    readonly_fields = ["by", "done_by"]


@admin.register(FollowUp)
class FollowUpAdmin(admin.ModelAdmin):
    list_display = ["message", "owner", "due_at", "done_at"]
    raw_id_fields = ["message"]


@admin.register(Escalation)
class EscalationAdmin(admin.ModelAdmin):
    list_display = ["message", "reason", "escalated_at", "acknowledged_at"]
    raw_id_fields = ["message"]
