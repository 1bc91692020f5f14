from django.contrib import admin

from .models import ConductRule, ModerationRequest


@admin.register(ConductRule)
class ConductRuleAdmin(admin.ModelAdmin):
    list_display = ["position", "code", "title_en", "title_fr", "is_active"]
    list_display_links = ["code"]
    list_editable = ["position", "is_active"]

    def save_model(self, request, obj, form, change):
        from accalmie.audit import record

        super().save_model(request, obj, form, change)
        record(
            request.user,
            "moderation.rule_changed" if change else "moderation.rule_added",
            obj,
            data={"code": obj.code, "fields": list(form.changed_data)},
        )


@admin.register(ModerationRequest)
class ModerationRequestAdmin(admin.ModelAdmin):
    """Read-only: requests change through the actions (approval, the outbox)."""

    list_display = ["pk", "action", "message", "rule", "state", "requested_by", "requested_at"]
    list_filter = ["state", "action"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
