from django.contrib import admin

from .models import Message


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ["created_at", "channel", "author", "language", "category", "status", "assignee"]
    list_filter = ["channel", "status", "language", "category"]
    list_select_related = ["channel", "author", "assignee"]
    raw_id_fields = ["author", "assignee"]
    readonly_fields = ["raw", "received_at", "network_id", "channel"]
    show_full_result_count = False  # counting a million rows on every page is slow
