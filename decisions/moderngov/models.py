"""What a ModernGov harvest keeps: every body it fetched (provenance), what a decision page
says beyond a notice, which source gave each field, the status over time, each run, and the
claims that keep harvests polite and single (a lease per council, a clock per host)."""

from __future__ import annotations

from django.db import models

from decisions.models import Council, Decision


class FetchedContent(models.Model):
    """A body as a server sent it, stored once however often it is fetched (keyed by its
    SHA-256). In the database rather than under MEDIA_ROOT: a decision is written with the
    bytes it was read from in one transaction, so a harvest killed at any point leaves no
    orphan file and no row without its bytes, and a backup of the database is whole."""

    sha256 = models.CharField(max_length=64, primary_key=True)
    size = models.PositiveIntegerField()
    data = models.BinaryField()

    def __str__(self) -> str:
        return f"{self.sha256[:12]} ({self.size:,} bytes)"


class FetchedResource(models.Model):
    """One fetch: what was asked, when, and what came back.

    Addresses are kept whole, however long (a council's document links can run past a
    thousand characters): every URL of this app is a TextField. Nothing looks fetches up by
    address, so no index holds one (a b-tree key over 2.7 kB fails on PostgreSQL)."""

    class Kind(models.TextChoices):
        LIST = "list", "Decision list"
        PAGE = "page", "Decision page"
        ISSUE = "issue", "Issue page"
        DOCUMENT = "document", "Document"

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    url = models.TextField()
    final_url = models.TextField()
    fetched_at = models.DateTimeField()
    http_status = models.PositiveSmallIntegerField()
    content_type = models.CharField(max_length=200, blank=True)
    content = models.ForeignKey(FetchedContent, on_delete=models.PROTECT, related_name="fetches")

    def __str__(self) -> str:
        return f"{self.url} at {self.fetched_at:%Y-%m-%d %H:%M}"

    @property
    def sha256(self) -> str:
        return self.content_id

    @property
    def size(self) -> int:
        return self.content.size


class ModernGovRecord(models.Model):
    """What a decision's ModernGov page says beyond a notice, as last fetched.

    A decision is joined to one page: the first harvested of its issue. A second page on
    the same issue (a deferral, then the decision) is kept as a record of its own, joined to
    no decision (`decision` empty), so it is neither lost nor refused on every run."""

    decision = models.OneToOneField(
        Decision, on_delete=models.CASCADE, related_name="moderngov", null=True, blank=True
    )
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="+")
    page_id = models.PositiveIntegerField(help_text="ieDecisionDetails.aspx?ID=")
    issue_id = models.PositiveIntegerField(null=True, blank=True)
    url = models.TextField()
    status = models.CharField(max_length=200, blank=True)
    published_on = models.DateField(null=True, blank=True)
    effective_from = models.DateField(null=True, blank=True)
    call_in_deadline = models.DateField(null=True, blank=True)
    is_key_decision = models.BooleanField(null=True)
    subject_to_call_in = models.BooleanField(null=True)
    meeting_title = models.CharField(max_length=500, blank=True)
    meeting_date = models.DateField(null=True, blank=True)
    meeting_url = models.TextField(blank=True)
    wards = models.JSONField(default=list, blank=True)
    lead_officer = models.CharField(max_length=500, blank=True)
    page_fetch = models.ForeignKey(FetchedResource, on_delete=models.PROTECT, related_name="+")
    page_digest = models.CharField(
        max_length=64,
        blank=True,
        help_text="SHA-256 of what the page says, read (not of its bytes: the council's "
        "template around it may change alone). Blank if kept before it was recorded.",
    )
    issue_fetch = models.ForeignKey(
        FetchedResource, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    settled = models.BooleanField(
        default=False, help_text="Final status, call-in closed, long published: not re-fetched."
    )
    unfetched = models.JSONField(
        default=list,
        blank=True,
        help_text="The addresses of its issue page and documents whose fetch failed: asked for "
        "again by the next harvest, even when the page is unchanged.",
    )
    checked_at = models.DateTimeField(help_text="When the page was last fetched.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["council", "page_id"], name="moderngov_page_once")
        ]

    def __str__(self) -> str:
        if self.decision_id is None:
            return f"ModernGov page {self.page_id} (issue {self.issue_id}, joined to no decision)"
        return f"ModernGov page {self.page_id} of {self.decision.reference}"


class ModernGovDocument(models.Model):
    """A document the page links, and its fetch where one was made."""

    record = models.ForeignKey(ModernGovRecord, on_delete=models.CASCADE, related_name="documents")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=500)
    url = models.TextField()
    size_text = models.CharField(max_length=50, blank=True)
    resource = models.ForeignKey(
        FetchedResource, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    is_statement = models.BooleanField(default=False)

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.title


class FieldSource(models.Model):
    """One source's value of one field of a decision: the page's, the statement's, or an
    admin's correction. Where the page and the statement disagree both are kept."""

    class Source(models.TextChoices):
        STATEMENT = "statement", "Written statement"
        PAGE = "page", "ModernGov page"
        ADMIN = "admin", "Admin correction"

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="field_sources")
    field = models.CharField(max_length=50)
    source = models.CharField(max_length=10, choices=Source.choices)
    value = models.TextField(blank=True)
    resource = models.ForeignKey(
        FetchedResource, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["field", "source"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "field", "source"], name="moderngov_field_source_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.field} from the {self.get_source_display().lower()}"


class StatusChange(models.Model):
    """A status the page showed, from when it was first seen: the record's history."""

    record = models.ForeignKey(
        ModernGovRecord, on_delete=models.CASCADE, related_name="status_changes"
    )
    status = models.CharField(max_length=200)
    seen_at = models.DateTimeField()
    resource = models.ForeignKey(FetchedResource, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["seen_at", "id"]

    def __str__(self) -> str:
        return f"{self.status} ({self.seen_at:%Y-%m-%d})"


class PendingPage(models.Model):
    """A decision page a harvest listed but could not fetch, read or save. It is asked for
    again by its own address on later runs (the runner's stragglers) until it is kept, and
    this row then goes: a page that failed once is not lost when it leaves the lists a
    daily run reads."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="+")
    page_id = models.PositiveIntegerField(help_text="ieDecisionDetails.aspx?ID=")
    url = models.TextField()
    published_on = models.DateField(null=True, blank=True)
    problem = models.TextField(help_text="What went wrong the last time it was tried.")
    tries = models.PositiveIntegerField(default=1)
    first_failed_at = models.DateTimeField()
    next_try_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["council", "page_id"], name="moderngov_pending_once")
        ]

    def __str__(self) -> str:
        return f"page {self.page_id}: {self.problem}"


class HarvestRun(models.Model):
    """One harvest of one council: what it did, what went wrong, and how far it got (the
    first date-slice not yet finished), so a run that was killed is resumed there."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="+")
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    since = models.DateField()
    until = models.DateField()
    resume_from = models.DateField(
        null=True, blank=True, help_text="The first slice not yet finished."
    )
    counts = models.JSONField(default=dict, blank=True)
    faults = models.JSONField(default=list, blank=True)  # [{"url": ..., "problem": ...}]

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.council} from {self.started_at:%Y-%m-%d %H:%M}"


class HarvestLease(models.Model):
    """Who is harvesting a council, until when. Taken by an atomic conditional UPDATE, so
    two workers on any machines, SQLite or PostgreSQL, never hold it at once."""

    council = models.OneToOneField(
        Council, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    owner = models.CharField(max_length=200, blank=True)
    expires_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.council}: {self.owner or 'free'}"


class HostClock(models.Model):
    """When a host may next be asked (seconds since the epoch), shared by every harvest in
    every process: the per-host limit holds across councils, processes and machines."""

    host = models.CharField(max_length=255, primary_key=True)
    next_allowed_at = models.FloatField()

    def __str__(self) -> str:
        return self.host
