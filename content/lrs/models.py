"""What the LRS stores: statements (immutable), documents, attachments, credentials, forwarding.

Statements keep their full JSON in ``data`` and, beside it, denormalised and indexed columns for
each filter of the Statements resource, so queries never look inside the JSON.
"""

from django.db import models
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from .cache import DESTINATIONS_KEY, client_key, forget


class LrsClient(models.Model):
    """A client system allowed to use the LRS with HTTP Basic credentials (key and secret)."""

    name = models.CharField(_("name"), max_length=200)
    key = models.CharField(_("key"), max_length=64, unique=True)
    # The secret is random and long, so a plain SHA-256 is enough and keeps each request cheap.
    secret_sha256 = models.CharField(max_length=64, editable=False)
    can_read = models.BooleanField(_("may read"), default=True)
    can_write = models.BooleanField(_("may write"), default=True)
    own_statements_only = models.BooleanField(
        _("own statements only"), default=False, help_text=_("Reads only the statements it wrote itself.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        app_label = "content"
        verbose_name = _("LRS client")
        verbose_name_plural = _("LRS clients")

    def __str__(self) -> str:
        return self.name


class LaunchToken(models.Model):
    """A short-lived credential for one content session: one learner, one registration."""

    token_sha256 = models.CharField(max_length=64, unique=True)
    actor = models.JSONField()
    actor_ifi = models.TextField()
    registration = models.UUIDField()
    activity_id = models.TextField(blank=True)
    # A preview (an instructor trying a package): its statements are accepted and not kept.
    is_preview = models.BooleanField(default=False)
    expires_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "content"

    def __str__(self) -> str:
        return f"launch token for {self.actor_ifi}"


class Statement(models.Model):
    """One stored statement. Never updated, except ``voided`` when a voiding statement arrives."""

    statement_id = models.UUIDField(unique=True)
    data = models.JSONField()
    stored = models.DateTimeField()
    timestamp = models.DateTimeField()
    actor_ifi = models.TextField(blank=True)
    verb_id = models.TextField()
    object_activity_id = models.TextField(blank=True)
    object_agent_ifi = models.TextField(blank=True)
    # For a StatementRef object: the statement it targets (voiding, and the filters' StatementRef rule).
    object_statement_id = models.UUIDField(null=True, blank=True)
    registration = models.UUIDField(null=True, blank=True)
    voided = models.BooleanField(default=False)
    client = models.ForeignKey(LrsClient, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        app_label = "content"
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        indexes = [
            models.Index(fields=["stored", "id"], name="lrs_stmt_stored"),
            models.Index(fields=["actor_ifi", "stored"], name="lrs_stmt_actor"),
            models.Index(fields=["object_agent_ifi", "stored"], name="lrs_stmt_obj_agent"),
            models.Index(fields=["verb_id", "stored"], name="lrs_stmt_verb"),
            models.Index(fields=["object_activity_id", "stored"], name="lrs_stmt_activity"),
            models.Index(fields=["registration", "stored"], name="lrs_stmt_registration"),
            models.Index(fields=["object_statement_id"], name="lrs_stmt_ref"),
        ]

    def __str__(self) -> str:
        return str(self.statement_id)


class StatementAgent(models.Model):
    """An agent a statement mentions beyond its actor and object (for ``related_agents``)."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="related_agents")
    ifi = models.TextField()

    class Meta:
        app_label = "content"
        indexes = [models.Index(fields=["ifi"], name="lrs_related_agent")]

    def __str__(self) -> str:
        return self.ifi


class StatementActivity(models.Model):
    """An activity a statement mentions beyond its object (for ``related_activities``)."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="related_activities")
    activity_id = models.TextField()

    class Meta:
        app_label = "content"
        indexes = [models.Index(fields=["activity_id"], name="lrs_related_activity")]

    def __str__(self) -> str:
        return self.activity_id


class Attachment(models.Model):
    """Attachment content, stored once per SHA-2 hash however many statements carry it."""

    sha2 = models.CharField(max_length=128, unique=True)
    content_type = models.CharField(max_length=255)
    content = models.BinaryField()

    class Meta:
        app_label = "content"

    def __str__(self) -> str:
        return self.sha2


class Activity(models.Model):
    """The LRS's canonical definition of an activity, as last received (Activities resource)."""

    activity_id = models.TextField(unique=True)
    definition = models.JSONField(default=dict)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "content"
        verbose_name_plural = "activities"

    def __str__(self) -> str:
        return self.activity_id


class Document(models.Model):
    """A State, Activity Profile or Agent Profile document."""

    class Kind(models.TextChoices):
        STATE = "state", _("state")
        ACTIVITY_PROFILE = "activity_profile", _("activity profile")
        AGENT_PROFILE = "agent_profile", _("agent profile")

    kind = models.CharField(max_length=20, choices=Kind.choices)
    activity_id = models.TextField(blank=True)
    agent_ifi = models.TextField(blank=True)
    registration = models.CharField(max_length=36, blank=True)
    document_id = models.TextField()
    content = models.BinaryField()
    content_type = models.CharField(max_length=255)
    etag = models.CharField(max_length=64)
    updated = models.DateTimeField()

    class Meta:
        app_label = "content"
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "activity_id", "agent_ifi", "registration", "document_id"],
                name="lrs_document_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.document_id}"


class ForwardingDestination(models.Model):
    """An external LRS every matching statement is forwarded to."""

    name = models.CharField(_("name"), max_length=200)
    endpoint = models.URLField(
        _("endpoint"), help_text=_("The xAPI base URL, e.g. https://lrs.example/xapi/")
    )
    username = models.CharField(_("username"), max_length=200, blank=True)
    password = models.CharField(_("password"), max_length=200, blank=True)
    verb_ids = models.JSONField(
        _("only these verbs"), default=list, blank=True, help_text=_("Empty: every verb.")
    )
    activity_prefix = models.TextField(
        _("only activities starting with"), blank=True, help_text=_("Empty: every object.")
    )
    is_active = models.BooleanField(_("on"), default=True)
    # Forwarding state: the lease one worker holds while sending, and the back-off after failures.
    leased_until = models.DateTimeField(null=True, blank=True, editable=False)
    next_attempt_at = models.DateTimeField(null=True, blank=True, editable=False)
    consecutive_failures = models.PositiveIntegerField(default=0, editable=False)
    last_error = models.TextField(blank=True, editable=False)
    last_success_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        app_label = "content"
        verbose_name = _("forwarding destination")
        verbose_name_plural = _("forwarding destinations")

    def __str__(self) -> str:
        return self.name

    def accepts(self, *, verb_id: str, object_activity_id: str) -> bool:
        if self.verb_ids and verb_id not in self.verb_ids:
            return False
        return not self.activity_prefix or object_activity_id.startswith(self.activity_prefix)


class OutboxEntry(models.Model):
    """One statement waiting for (or acknowledged by) one destination."""

    destination = models.ForeignKey(ForwardingDestination, on_delete=models.CASCADE, related_name="outbox")
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)

    class Meta:
        app_label = "content"
        constraints = [
            models.UniqueConstraint(fields=["destination", "statement"], name="lrs_outbox_unique"),
        ]
        indexes = [models.Index(fields=["destination", "sent_at", "statement"], name="lrs_outbox_pending")]

    def __str__(self) -> str:
        return f"{self.statement_id} → {self.destination_id}"


# The caches of content/lrs/cache.py forget a client or the destinations whenever they change
# (signals, so that the admin's bulk delete is seen too).
@receiver([post_save, post_delete], sender=LrsClient)
def _client_changed(sender: type, instance: LrsClient, **kwargs: object) -> None:
    forget(client_key(instance.key))


@receiver([post_save, post_delete], sender=ForwardingDestination)
def _destinations_changed(sender: type, instance: ForwardingDestination, **kwargs: object) -> None:
    forget(DESTINATIONS_KEY)
