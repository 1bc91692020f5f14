from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from .actions import rotate_webhook_token
from .models import Channel


@admin.register(Channel)
class ChannelAdmin(admin.ModelAdmin):
    list_display = ["name", "display_name", "kind", "handle", "is_active", "last_success_at"]
    list_filter = ["kind", "is_active"]
    readonly_fields = ["last_success_at", "last_error_at", "last_error", "created_at"]
    actions = ["rotate_token"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            token = rotate_webhook_token(obj, by=request.user)
            messages.info(
                request,
                _("Webhook token for %(name)s: %(token)s (shown once)")
                % {"name": obj.name, "token": token},
            )

    @admin.action(description=_("Issue a new webhook token"))
    def rotate_token(self, request, queryset):
        for channel in queryset:
            token = rotate_webhook_token(channel, by=request.user)
            messages.info(
                request,
                _("New token for %(name)s: %(token)s (shown once)")
                % {"name": channel.name, "token": token},
            )
