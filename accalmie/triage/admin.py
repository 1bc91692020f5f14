from django.contrib import admin

from .models import Assessment, BusinessHours, Correction, DeadlinePolicy, RoutingRule


@admin.register(DeadlinePolicy)
class DeadlinePolicyAdmin(admin.ModelAdmin):
    list_display = ["category", "priority", "answer_within_minutes", "business_hours_only"]
    list_editable = ["priority", "answer_within_minutes", "business_hours_only"]


@admin.register(BusinessHours)
class BusinessHoursAdmin(admin.ModelAdmin):
    list_display = ["days", "opens", "closes"]


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin):
    list_display = ["position", "name", "is_active", "stop"]
    list_display_links = ["name"]


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ["message", "category", "toxic", "threat", "negative", "spam", "model_version"]
    list_filter = ["category", "model_version"]
    raw_id_fields = ["message"]


@admin.register(Correction)
class CorrectionAdmin(admin.ModelAdmin):
    list_display = ["message", "previous", "category", "by", "created_at"]
    raw_id_fields = ["message"]
