from django.contrib import admin

from .models import Author


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["handle", "display_name", "network", "followers", "account_created_at"]
    list_filter = ["network", "verified"]
    search_fields = ["handle", "display_name"]
