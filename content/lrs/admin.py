"""Django admin for the LRS: a read-only statement browser with filters, client credentials
(created with a secret shown once, revoked by an action), and forwarding status per destination."""

import json

from django.contrib import admin, messages
from django.db.models import Count, Q
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import ForwardingDestination, LrsClient, Statement
from .services import lrs_client_create, lrs_client_revoke


@admin.register(Statement)
class StatementAdmin(admin.ModelAdmin):
    list_display = ("statement_id", "stored", "actor_ifi", "verb_id", "object_activity_id", "voided")
    list_filter = ("voided", "stored", "verb_id", "client")
    search_fields = ("=statement_id", "=actor_ifi", "=object_activity_id", "=registration")
    date_hierarchy = "stored"
    ordering = ("-stored", "-id")
    show_full_result_count = False  # counting a million statements per page view is not worth it
    fields = ("statement_id", "stored", "timestamp", "voided", "client", "pretty_data")
    readonly_fields = fields

    @admin.display(description=_("statement"))
    def pretty_data(self, obj: Statement) -> str:
        return format_html("<pre>{}</pre>", json.dumps(obj.data, indent=2, ensure_ascii=False))

    # Statements are immutable: the admin browses them only.
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Statement | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Statement | None = None) -> bool:
        return False


@admin.register(LrsClient)
class LrsClientAdmin(admin.ModelAdmin):
    list_display = ("name", "key", "can_read", "can_write", "own_statements_only", "is_active", "created_at")
    list_filter = ("is_active", "can_write")
    fields = ("name", "key", "can_read", "can_write", "own_statements_only", "is_active", "revoked_at")
    readonly_fields = ("key", "is_active", "revoked_at")
    actions = ["revoke"]

    def save_model(self, request: HttpRequest, obj: LrsClient, form, change: bool) -> None:  # type: ignore[no-untyped-def]
        if change:
            super().save_model(request, obj, form, change)
            return
        created, secret = lrs_client_create(
            name=obj.name,
            can_read=obj.can_read,
            can_write=obj.can_write,
            own_statements_only=obj.own_statements_only,
        )
        obj.pk = created.pk
        obj.key = created.key
        messages.warning(
            request,
            _("Basic credentials — key: %(key)s, secret: %(secret)s. The secret is shown only now.")
            % {"key": created.key, "secret": secret},
        )

    @admin.action(description=_("Revoke the selected clients"))
    def revoke(self, request: HttpRequest, queryset) -> None:  # type: ignore[no-untyped-def]
        for client in queryset:
            lrs_client_revoke(client=client)
        messages.success(request, _("Revoked."))


@admin.register(ForwardingDestination)
class ForwardingDestinationAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "endpoint",
        "is_active",
        "pending",
        "acknowledged",
        "last_success_at",
        "consecutive_failures",
        "next_attempt_at",
        "short_error",
    )
    list_filter = ("is_active",)
    readonly_fields = ("last_success_at", "consecutive_failures", "next_attempt_at", "last_error")
    actions = ["retry_now"]

    def get_queryset(self, request: HttpRequest):  # type: ignore[no-untyped-def]
        return (
            super()
            .get_queryset(request)
            .annotate(
                pending_count=Count("outbox", filter=Q(outbox__sent_at__isnull=True)),
                sent_count=Count("outbox", filter=Q(outbox__sent_at__isnull=False)),
            )
        )

    @admin.display(description=_("pending"), ordering="pending_count")
    def pending(self, obj: ForwardingDestination) -> int:
        return obj.pending_count  # type: ignore[attr-defined]

    @admin.display(description=_("acknowledged"), ordering="sent_count")
    def acknowledged(self, obj: ForwardingDestination) -> int:
        return obj.sent_count  # type: ignore[attr-defined]

    @admin.display(description=_("last error"))
    def short_error(self, obj: ForwardingDestination) -> str:
        return obj.last_error[:80]

    @admin.action(description=_("Retry now"))
    def retry_now(self, request: HttpRequest, queryset) -> None:  # type: ignore[no-untyped-def]
        from content.tasks import lrs_forward

        for destination in queryset:
            ForwardingDestination.objects.filter(pk=destination.pk).update(next_attempt_at=None)
            lrs_forward.delay(destination_id=destination.pk)
        messages.success(request, _("Forwarding queued."))
