from django.contrib import admin

from .models import EvidenceRecord


@admin.register(EvidenceRecord)
class EvidenceRecordAdmin(admin.ModelAdmin):
    list_display = ["seq", "kind", "subject_type", "subject_id", "captured_at", "hash"]
    list_filter = ["kind", "subject_type"]
    search_fields = ["=hash"]
    show_full_result_count = False  # a COUNT(*) over millions of records per page view

    # Evidence is append-only, even for admins: read, never edit.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
