"""Django admin for people and places (the Wagtail admin is the everyday tool)."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from lms.people.models import Governorate, Organisation, TrainingHub, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["full_name_ar"]
    list_display = ["full_name_ar", "full_name_latin", "email", "phone", "employee_number", "governorate"]
    list_filter = ["is_staff", "is_active", "groups", "gender", "governorate"]
    search_fields = ["full_name_ar", "full_name_latin", "email", "phone", "employee_number"]
    fieldsets = [
        (None, {"fields": ["email", "phone", "employee_number", "password"]}),
        (_("Person"), {"fields": ["full_name_ar", "full_name_latin", "gender", "preferred_language"]}),
        (_("Work"), {"fields": ["organisation", "governorate", "job_title"]}),
        (_("Access"), {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
    ]
    add_fieldsets = [
        (None, {"fields": ["email", "phone", "employee_number", "full_name_ar", "password1", "password2"]})
    ]


@admin.register(Governorate)
class GovernorateAdmin(admin.ModelAdmin):
    list_display = ["name_ar", "name_en", "name_ckb", "code"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name_ar", "name_en", "kind", "parent", "governorate"]
    list_filter = ["kind", "governorate"]
    search_fields = ["name_ar", "name_en"]


@admin.register(TrainingHub)
class TrainingHubAdmin(admin.ModelAdmin):
    list_display = ["name_ar", "name_en", "governorate", "capacity", "is_active"]
    list_filter = ["governorate", "is_active"]
    filter_horizontal = ["coordinators"]
