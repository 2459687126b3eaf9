"""The archive's records: decisions, their clauses, the councillors who signed them,
and the corrections admins made to them."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.urls import reverse

from decisions.clause_keys import clause_keys, clause_keys_by_id
from decisions.parsing import SourceFormat
from decisions.parsing.formats.table import facts_of
from decisions.parsing.reference import STORED_REFERENCE_PATTERN

SOURCE_FORMAT_CHOICES = [(f.value, f.label) for f in SourceFormat]
# A new council's references, until it is told otherwise: Herefordshire's, and ModernGov's
# wherever a reference is "I" and the issue number.
DEFAULT_REFERENCE_PATTERN = STORED_REFERENCE_PATTERN


# A council's home is /<slug>/, beside the archive's own top-level paths: a council may not
# take the name of one, nor of these, which the web server or a later app may serve.
RESERVED_COUNCIL_SLUGS = frozenset({"accessibility", "media", "privacy", "search", "static"})


def top_level_paths() -> set[str]:
    """The first segment of every fixed path the URL configuration serves (decisions, api,
    admin, ...): read from the URLs themselves, so an app that adds one reserves it."""
    from django.urls import get_resolver

    names: set[str] = set()
    patterns = list(get_resolver().url_patterns)
    while patterns:
        pattern = patterns.pop()
        text = str(pattern.pattern).lstrip("^")
        if not text and hasattr(pattern, "url_patterns"):  # include("...") at the root
            patterns.extend(pattern.url_patterns)
            continue
        head = re.split(r"[/<.]", text, maxsplit=1)[0]
        if head:
            names.add(head.lower())
    return names


def validate_council_slug(slug: str) -> None:
    if slug.lower() in RESERVED_COUNCIL_SLUGS | top_level_paths():
        raise ValidationError(
            f'"{slug}" is one of the archive\'s own paths (/{slug}/); choose another slug'
        )


class Council(models.Model):
    """A council whose decisions the archive holds. Every decision and councillor is one
    council's."""

    name = models.CharField(max_length=200, unique=True, help_text="e.g. Herefordshire Council")
    slug = models.SlugField(max_length=100, unique=True, validators=[validate_council_slug])
    gss_code = models.CharField(
        "GSS code", max_length=9, blank=True, help_text="The ONS code, e.g. E06000019."
    )
    register_code = models.CharField(
        max_length=3, blank=True, help_text="The three-letter register code, e.g. HEF."
    )
    reference_pattern = models.CharField(
        max_length=200,
        default=DEFAULT_REFERENCE_PATTERN,
        help_text="A regular expression every decision reference of this council matches.",
    )
    moderngov_url = models.URLField(
        "ModernGov URL", max_length=300, blank=True, help_text="The council's ModernGov site."
    )
    contact_url = models.URLField(max_length=300, blank=True)
    contact_email = models.EmailField(blank=True)
    accessibility_url = models.URLField(max_length=300, blank=True)
    start_date = models.DateField(null=True, blank=True, help_text="When the council began.")
    end_date = models.DateField(null=True, blank=True, help_text="When it ended, if it has.")
    admins = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="administered_councils",
        help_text="Staff who may see and correct this council's records (superusers see all).",
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["gss_code"], condition=~models.Q(gss_code=""), name="council_gss_code"
            )
        ]

    def __str__(self) -> str:
        return self.name


class CouncillorQuerySet(models.QuerySet["Councillor"]):
    def with_decision_counts(self) -> CouncillorQuerySet:
        """Annotate each councillor with how many decisions they signed (none withdrawn)."""
        return self.annotate(
            decision_count=models.Count(
                "decisions", filter=models.Q(decisions__withdrawn_at__isnull=True)
            )
        )


class Councillor(models.Model):
    name = models.CharField(
        max_length=200, help_text="Canonical display name, e.g. Jonathan Lester."
    )
    slug = models.SlugField(max_length=200, unique=True)
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="councillors")

    objects = CouncillorQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("councillor-detail", args=[self.slug])


class CouncillorAlias(models.Model):
    """A spelling of a councillor's name seen in a notice, e.g. "JG Lester"."""

    councillor = models.ForeignKey(Councillor, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)
    # The councillor's council, kept here so that a spelling names one councillor in each
    # council (two councils may each have a "J Smith") and the database holds to it.
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "councillor aliases"
        constraints = [
            models.UniqueConstraint(fields=["council", "name"], name="alias_name_per_council")
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.council_id is None and self.councillor_id is not None:
            self.council_id = self.councillor.council_id
        super().save(*args, **kwargs)


class DecisionQuerySet(models.QuerySet["Decision"]):
    def with_signatory(self) -> DecisionQuerySet:
        """Join the signing councillor, for lists that show it."""
        return self.select_related("signatory")

    def newest_first(self) -> DecisionQuerySet:
        return self.order_by("-decision_date", "-reference")

    def oldest_first(self) -> DecisionQuerySet:
        return self.order_by("decision_date", "reference")

    def key_decisions(self) -> DecisionQuerySet:
        return self.filter(is_key_decision=True)

    def published(self) -> DecisionQuerySet:
        """The decisions the public sees: every one not withdrawn."""
        return self.filter(withdrawn_at__isnull=True)

    def withdrawn(self) -> DecisionQuerySet:
        """Decisions an admin withdrew (with a reason) instead of deleting them."""
        return self.filter(withdrawn_at__isnull=False)


class Decision(models.Model):
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="decisions")
    # Unique per council (Meta), not across councils: ModernGov numbers its issues per
    # installation. Indexed on its own too, for the old council-less URLs.
    reference = models.CharField(
        max_length=20,
        db_index=True,
        help_text="The council's issue reference, e.g. I50042913.",
    )
    # No index: the title filter is a word match (icontains), which a b-tree cannot serve,
    # and two indexes of 500-character keys made every insert dearer.
    title = models.CharField(max_length=500)
    decision_date = models.DateField(db_index=True)
    decision_maker = models.CharField(max_length=200)
    is_key_decision = models.BooleanField("key decision", default=False)
    key_decision_reason = models.TextField(blank=True)
    exemption_class = models.CharField(max_length=100, blank=True)
    special_urgency = models.CharField(
        max_length=200, blank=True, help_text="The 'General exception or special urgency' answer."
    )
    purpose = models.TextField(blank=True)
    decision_text = models.TextField(blank=True)
    reason = models.TextField("reason for the decision", blank=True)
    options_considered = models.TextField(blank=True)
    declarations = models.TextField("declarations of interest", blank=True)
    call_in_expiry = models.DateField("call-in expiry date", null=True, blank=True)

    signatory = models.ForeignKey(
        Councillor, on_delete=models.SET_NULL, null=True, blank=True, related_name="decisions"
    )
    signatory_name = models.CharField(
        max_length=200, blank=True, help_text="The signatory's name as printed in the notice."
    )
    signatory_role = models.CharField(max_length=200, blank=True)
    signed_date = models.DateField(null=True, blank=True)

    source_url = models.URLField(max_length=500, blank=True)
    source_file = models.CharField(max_length=500, blank=True)
    source_sha256 = models.CharField(max_length=64)  # indexed in Meta: equality only
    source_format = models.CharField(
        max_length=10,
        choices=SOURCE_FORMAT_CHOICES,
        default=SourceFormat.PLAIN_TEXT,
        help_text="The kind of document the notice was read from.",
    )
    source_text = models.TextField(help_text="The notice as imported, kept verbatim.")
    # A scanned notice read by OCR: {field name: the recognition's confidence, 0-100}.
    field_confidence = models.JSONField(
        default=dict,
        blank=True,
        help_text="For a notice read from a scan: how sure the text recognition was of each field.",
    )
    imported_at = models.DateTimeField(auto_now_add=True)
    # Indexed: API mirrors sync on it (modified_since), and caches revalidate on its maximum.
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    # A withdrawn decision is never deleted: its page answers 410 with the reason, and
    # mirrors learn of it through the API (decisions/withdrawals.py writes these).
    # Defaults given, so writers that list every column (the COPY writer) need not name them.
    withdrawn_at = models.DateTimeField(null=True, blank=True, default=None, editable=False)
    withdrawn_reason = models.TextField(blank=True, default="", editable=False)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        default=None,
        editable=False,
        related_name="+",
    )

    # Written only by decisions/search_document.py, from this row, its clauses and its
    # signatory: on PostgreSQL a weighted tsvector; on SQLite empty (search uses FTS5 there).
    search_document = SearchVectorField(null=True, editable=False)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["-decision_date", "-reference"]
        # Looked up by equality only (an unchanged file's hash), so a plain index: a field
        # with db_index=True also gets a LIKE index on PostgreSQL that nothing would use.
        indexes = [
            models.Index(fields=["source_sha256"], name="decision_source_sha256"),
            # A council's decisions newest first (its search page, sorted by date, and its
            # facets): at 3,000,000 decisions over 300 councils a common word within one
            # council went from p95 107 ms to 39 ms with it (README, "Many councils").
            models.Index(
                "council",
                models.F("decision_date").desc(),
                models.F("reference").desc(),
                condition=models.Q(withdrawn_at__isnull=True),
                name="decision_council_newest",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "reference"], name="decision_reference_unique_per_council"
            )
        ]
        # PostgreSQL also has a GIN index on search_document (migration 0011): it is made
        # there, not here, because SQLite cannot build one.

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("decision-detail", args=[self.council.slug, self.reference])

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None


def stored_clause_keys(clauses: Iterable[Clause]) -> dict[int, str]:
    """Each stored clause's key by id, from the clauses given (no query per parent).

    A parent missing from `clauses` is ignored, as is one that comes later.
    """
    ordered = sorted(clauses, key=lambda clause: clause.place)
    return clause_keys_by_id([(c.pk, c.label, c.position, c.parent_id) for c in ordered])


class Clause(models.Model):
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="clauses")
    position = models.PositiveIntegerField()
    label = models.CharField(max_length=10, blank=True)
    text = models.TextField()
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )

    class Meta:
        # Positions only order clauses; ties (an admin typing the same number twice) fall
        # back to creation order rather than failing the save.
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.label}) {self.text[:60]}" if self.label else self.text[:60]

    @property
    def place(self) -> tuple[int, float]:
        """Where the clause stands in its decision's order (position, then creation)."""
        return (self.position, self.pk if self.pk is not None else math.inf)

    @property
    def key(self) -> str:
        """Identifies the clause within its decision: 'b', a sub-clause 'b-i', unlabelled '3'.

        Corrections and re-imports match clauses by this key (see `decisions.clause_keys`);
        it reads the parent chain, so for many clauses use `stored_clause_keys` instead.
        """
        chain = [self]
        while chain[-1].parent_id and (parent := chain[-1].parent).place < chain[-1].place:
            chain.append(parent)
        chain.reverse()
        return clause_keys(
            [(c.label, c.position, i - 1 if i else None) for i, c in enumerate(chain)]
        )[-1]

    @property
    def anchor(self) -> str:
        """The fragment id of this clause on its decision page, e.g. 'clause-b-i'."""
        return f"clause-{self.key}"


class Correction(models.Model):
    """One field an admin changed by hand: the audit trail, and what re-imports must keep."""

    decision = models.ForeignKey(
        Decision, on_delete=models.CASCADE, null=True, blank=True, related_name="corrections"
    )
    councillor = models.ForeignKey(
        Councillor, on_delete=models.CASCADE, null=True, blank=True, related_name="corrections"
    )
    clause_key = models.CharField(
        "clause",
        max_length=40,
        blank=True,
        help_text="The clause's key (e.g. 'b' or 'b-i') when the change was to a clause.",
    )
    field = models.CharField(max_length=100)
    old_value = models.TextField(blank=True)
    new_value = models.TextField(blank=True)
    # Blank only on corrections made before a reason was asked for.
    reason = models.TextField(blank=True, help_text="Why the admin made this correction.")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        target = self.decision or self.councillor
        where = f"clause {self.clause_key} " if self.clause_key else ""
        return f"{target}: {where}{self.field}"


class SourceDocument(models.Model):
    """The original file a decision was last imported from, kept byte for byte to download.

    A table of its own, not fields on Decision, so the bytes (a PDF may be 20 MB) are never
    loaded by the list, search and export queries that read decisions by the thousand.
    """

    decision = models.OneToOneField(
        Decision, on_delete=models.CASCADE, related_name="source_document"
    )
    file_name = models.CharField(max_length=255, help_text="The file's name, without its folder.")
    source_format = models.CharField(max_length=10, choices=SOURCE_FORMAT_CHOICES)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField(help_text="Bytes.")
    data = models.BinaryField()
    imported_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.file_name} ({self.decision_id})"

    @property
    def format_called(self) -> str:
        """What the original is called on its download link ("PDF", "text file", ...)."""
        return facts_of(self.source_format).called


class DecisionVersion(models.Model):
    """A decision as it stood before an import rewrote it: nothing an import replaces is lost.

    `values` holds the notice fields and the clauses (label, text, parent's key) as they were;
    the source columns hold the notice they had been read from.
    """

    class Cause(models.TextChoices):
        UPDATED = "updated", "a changed notice of the same decision"
        REPLACED = "replaced", "a different notice imported with --replace"

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="versions")
    cause = models.CharField(max_length=10, choices=Cause.choices)
    values = models.JSONField(encoder=DjangoJSONEncoder)
    source_file = models.CharField(max_length=500, blank=True)
    source_sha256 = models.CharField(max_length=64)
    source_format = models.CharField(max_length=10, blank=True)
    source_text = models.TextField()
    replaced_by_file = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.decision.reference} before {self.created_at:%Y-%m-%d %H:%M}"


# The longest file name kept: SourceDocument.file_name's column, and what file systems allow.
MAX_FILE_NAME = 255
_KEPT_SUFFIX = 16  # a suffix up to this long survives shortening ('.pdf', '.txt')


def stored_file_name(path: str) -> str:
    """What the archive keeps of a source path or uploaded name: the file name only.

    Never the importing machine's folders, '/' or '\\' (they would be shown on decision
    pages and in exports). A name over MAX_FILE_NAME characters keeps its start and its
    suffix, so its format can still be told by its name.
    """
    name = path.replace("\\", "/").rsplit("/", 1)[-1]
    if len(name) <= MAX_FILE_NAME:
        return name
    stem, dot, suffix = name.rpartition(".")
    if not stem or len(suffix) >= _KEPT_SUFFIX:
        return name[:MAX_FILE_NAME]
    return name[: MAX_FILE_NAME - len(suffix) - 1] + dot + suffix
