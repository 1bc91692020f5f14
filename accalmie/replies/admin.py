from django.contrib import admin

from .models import Approval, ApprovalPolicy, Draft, ReplyTemplate


@admin.register(ReplyTemplate)
class ReplyTemplateAdmin(admin.ModelAdmin):
    list_display = ("title", "key", "language", "move", "active", "updated_at")
    list_filter = ("language", "active", "move")
    search_fields = ("key", "title", "body")

    def save_model(self, request, obj, form, change):
        from .actions import save_reply_template

        save_reply_template(obj, by=request.user)


@admin.register(ApprovalPolicy)
class ApprovalPolicyAdmin(admin.ModelAdmin):
    list_display = ("name", "key", "active", "actions", "mode", "required_approvals")
    list_filter = ("active", "mode")

    def save_model(self, request, obj, form, change):
        from .actions import save_approval_policy

        save_approval_policy(obj, by=request.user)


class ApprovalInline(admin.TabularInline):
    model = Approval
    extra = 0
    can_delete = False
    readonly_fields = ("approver", "version", "decision", "comment", "created_at")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Draft)
class DraftAdmin(admin.ModelAdmin):
    """Read-only: drafts change state only through the reply flow's actions."""

    list_display = ("id", "message", "author", "state", "version", "submitted_at", "sent_at")
    list_filter = ("state",)
    inlines = [ApprovalInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
