"""The admin's "Import notices" page: upload notices (PDF, text), preview, then import.

The preview is a dry run of the same pipeline the import_notices command uses
(pipeline.import_sources with dry_run, so everything is rolled back), and shows for each
file the parsed fields and clauses beside the source text and what the import would do.
Between the two steps the uploaded bytes wait in a staging folder outside the web root
(settings.IMPORT_STAGING_DIR), under a random token kept in the user's session with each
file's SHA-256; "Import" re-reads them, checks every hash against what was previewed, and
imports exactly those bytes with the same pipeline and importer as the command.
"""

from __future__ import annotations

import hashlib
import secrets
import shutil
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from decisions.clause_keys import clause_keys
from decisions.corrections import corrections_by_decision
from decisions.councils import councils_of, ensure_a_council
from decisions.importing.locks import ImportRunning
from decisions.importing.pipeline import SourceFile, import_sources
from decisions.importing.writer import ImportResult
from decisions.models import Clause, Council, Decision, stored_file_name
from decisions.opendata.bulk import start_background_build
from decisions.parsing import NoticeParseError, ParsedNotice, parse_notice
from decisions.parsing.formats import (
    HEAD_BYTES,
    accepted_upload_types,
    detect_format,
    notice_suffixes,
    size_problem,
)
from decisions.records import long_date

SESSION_KEY = "notice_import"
MAX_FILES = 20
STAGING_LIFETIME = 3600  # seconds an unconfirmed preview's files are kept
_TOKEN_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class NoticeFilesField(forms.FileField):
    """One or more uploaded files, each of a readable format within its size limit."""

    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        files = data if isinstance(data, list | tuple) else [data]
        empty = [safe_name(f.name or "") for f in files if f and not f.size]
        if empty:  # Django's own message ("The submitted file is empty.") names no file
            raise forms.ValidationError([f"{name}: the file is empty" for name in empty])
        files = [super(NoticeFilesField, self).clean(file, initial) for file in files if file]
        if not files:
            raise forms.ValidationError(
                f"Choose one or more notice files ({_either(notice_suffixes(), 'or')})."
            )
        if len(files) > MAX_FILES:
            raise forms.ValidationError(f"Upload at most {MAX_FILES} files at a time.")
        problems = [problem for file in files if (problem := upload_problem(file))]
        if problems:
            raise forms.ValidationError(problems)
        return files


class UploadForm(forms.Form):
    files = NoticeFilesField(label="Notice files", help_text="PDF or text, up to 20 files.")
    council = forms.ModelChoiceField(
        queryset=Council.objects.none(),
        label="Council",
        help_text="Whose notices these are.",
        error_messages={"required": "Choose the council whose notices these are."},
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["files"].widget.attrs["accept"] = ",".join(accepted_upload_types())
        field = self.fields["council"]
        ensure_a_council()
        field.queryset = councils_of(user).order_by("name")
        councils = list(field.queryset[:2])
        if len(councils) == 1:  # nothing to choose
            field.initial, field.required = councils[0].pk, False
            field.widget = forms.HiddenInput()
        self.only_council = councils[0] if len(councils) == 1 else None

    def clean_council(self) -> Council:
        council = self.cleaned_data.get("council") or self.only_council
        if council is None:  # an admin given no council may import into none
            raise forms.ValidationError("You may import into no council; ask a superuser.")
        return council


def upload_problem(file: UploadedFile) -> str | None:
    """Why an uploaded file cannot be a notice (name, size), or None; read before its body."""
    name = safe_name(file.name or "")
    suffixes = notice_suffixes()
    if not name.lower().endswith(suffixes):
        return f"{name}: only {_either(suffixes, 'and')} files can be imported"
    head = file.read(HEAD_BYTES)
    file.seek(0)
    problem = size_problem(file.size or 0, detect_format(head, name))
    return f"{name}: {problem}" if problem else None


def _either(suffixes: tuple[str, ...], word: str) -> str:
    """'.pdf or .txt': the suffixes, sorted, the last joined by `word`."""
    *rest, last = sorted(suffixes)
    return f"{', '.join(rest)} {word} {last}" if rest else last


def safe_name(name: str) -> str:
    """The file's own name as the archive keeps it (without any folder a browser sent)."""
    return stored_file_name(name) or "notice"


# The notice fields an import writes, with the preview's labels, in the notice's order.
COMPARED_FIELDS = (
    ("title", "Title"),
    ("decision_maker", "Decision maker"),
    ("decision_date", "Date of decision"),
    ("is_key_decision", "Key decision"),
    ("key_decision_reason", "Reason for being a key decision"),
    ("exemption_class", "Report exemption class"),
    ("special_urgency", "Special urgency"),
    ("purpose", "Purpose"),
    ("reason", "Reason for the decision"),
    ("options_considered", "Options considered"),
    ("declarations", "Declarations of interest"),
    ("call_in_expiry", "Call-in expiry date"),
    ("signatory_name", "Signed by"),
    ("signatory_role", "Role"),
    ("signed_date", "Signed on"),
    ("source_url", "Council web page"),
)


@dataclass(frozen=True)
class FieldChange:
    """One field or clause that would change, as stored now and as the file has it."""

    label: str
    stored: str
    incoming: str
    kept: bool  # an admin corrected it, so the import keeps the stored value


def shown(value: Any) -> str:
    """A value as the preview prints it: dates as on the pages, yes/no, "" for none."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date):
        return long_date(value)
    return "" if value is None else str(value)


def field_changes(
    stored: dict[str, Any],
    notice: ParsedNotice,
    *,
    stored_clauses: dict[str, str],
    kept_fields: frozenset[str] = frozenset(),
    kept_clauses: frozenset[str] = frozenset(),
) -> list[FieldChange]:
    """Field by field, what importing `notice` would change in the stored record (given as
    its field values and its clauses' text by key): first the fields, then the clauses."""
    changes = [
        FieldChange(label, shown(stored[name]), shown(getattr(notice, name)), name in kept_fields)
        for name, label in COMPARED_FIELDS
        if stored[name] != getattr(notice, name)
    ]
    incoming = parsed_clause_texts(notice)
    for key in [*stored_clauses, *(k for k in incoming if k not in stored_clauses)]:
        before, after = stored_clauses.get(key, ""), incoming.get(key, "")
        if before != after:
            changes.append(FieldChange(f"Clause {key}", before, after, key in kept_clauses))
    return changes


def parsed_clause_texts(notice: ParsedNotice) -> dict[str, str]:
    """The notice's clauses' text by key ('b', 'b-i'), as the stored clauses are keyed."""
    keys = clause_keys([(c.label, position, c.parent) for position, c in enumerate(notice.clauses)])
    return {key: clause.text for key, clause in zip(keys, notice.clauses, strict=True)}


@dataclass(frozen=True)
class FilePreview:
    """One uploaded file in the preview: what it parses to and what importing it would do."""

    name: str
    sha256: str
    size: int
    result: ImportResult
    notice: ParsedNotice | None
    changes: tuple[FieldChange, ...] = ()  # for an update: what would change, field by field

    @property
    def field_rows(self) -> list[tuple[str, Any]]:
        """(label, value) pairs of the parsed fields, in the notice's order."""
        if self.notice is None:
            return []
        n = self.notice
        return [
            ("Reference", n.reference),
            ("Title", n.title),
            ("Decision maker", n.decision_maker),
            ("Date of decision", n.decision_date),
            ("Key decision", "yes" if n.is_key_decision else "no"),
            ("Reason for being a key decision", n.key_decision_reason),
            ("Report exemption class", n.exemption_class),
            ("Special urgency", n.special_urgency),
            ("Purpose", n.purpose),
            ("Reason for the decision", n.reason),
            ("Options considered", n.options_considered),
            ("Declarations of interest", n.declarations),
            ("Call-in expiry date", n.call_in_expiry),
            ("Signed by", n.signatory_name),
            ("Role", n.signatory_role),
            ("Signed on", n.signed_date),
            ("Format", n.source_format.label),
        ]


def staging_root() -> Path:
    """The folder for files waiting between preview and import: never under the web root."""
    return Path(settings.IMPORT_STAGING_DIR)


def stage_files(files: list[tuple[str, bytes]]) -> str:
    """Keep uploaded files until the import is confirmed; return their random token."""
    root = staging_root()
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    _remove_stale(root)
    token = secrets.token_urlsafe(24)
    folder = root / token
    folder.mkdir(mode=0o700)
    for index, (_, data) in enumerate(files):
        (folder / f"{index}.bin").write_bytes(data)  # never the uploaded name on disk
    return token


def _remove_stale(root: Path) -> None:
    cutoff = time.time() - STAGING_LIFETIME
    for folder in root.iterdir():
        if folder.is_dir() and folder.stat().st_mtime < cutoff:
            shutil.rmtree(folder, ignore_errors=True)


def staged_files(token: str, entries: list[dict[str, Any]]) -> list[SourceFile] | None:
    """The staged files, if every one is there with the hash that was previewed; else None."""
    if not token or not set(token) <= _TOKEN_CHARS:
        return None
    folder = staging_root() / token
    sources: list[SourceFile] = []
    for index, entry in enumerate(entries):
        try:
            data = (folder / f"{index}.bin").read_bytes()
        except OSError:
            return None
        if hashlib.sha256(data).hexdigest() != entry["sha256"]:
            return None
        sources.append(SourceFile(entry["name"], data))
    return sources


def discard_staged(token: str) -> None:
    """Remove a preview's staged files."""
    if token and set(token) <= _TOKEN_CHARS:
        shutil.rmtree(staging_root() / token, ignore_errors=True)


def preview_files(files: list[tuple[str, bytes]], council: Council) -> list[FilePreview]:
    """A dry run of the import of these files into the council, with what each parses to."""
    sources = [SourceFile(name, data) for name, data in files]
    results: list[ImportResult] = []
    # jobs=0: a web request parses its few files itself and never starts worker processes.
    import_sources(sources, on_result=results.append, dry_run=True, jobs=0, council=council)
    previews = []
    for source, result in zip(sources, results, strict=True):
        notice = None
        if result.status != "failed":
            try:
                notice = parse_notice(source.data, source_format=source.source_format)
            except NoticeParseError:  # an unchanged file is not parsed by the dry run
                notice = None
        changes = stored_changes(notice, council) if notice and result.status == "updated" else []
        previews.append(
            FilePreview(
                name=source.name,
                sha256=hashlib.sha256(source.data).hexdigest(),
                size=len(source.data),
                result=result,
                notice=notice,
                changes=tuple(changes),
            )
        )
    return previews


def stored_changes(notice: ParsedNotice, council: Council) -> list[FieldChange]:
    """What importing the notice would change in the council's decision stored under its
    reference."""
    stored = (
        Decision.objects.filter(council=council, reference=notice.reference)
        .values("pk", *(name for name, _ in COMPARED_FIELDS))
        .first()
    )
    if stored is None:
        return []
    clauses = Clause.objects.filter(decision_id=stored["pk"]).select_related("parent__parent")
    kept = corrections_by_decision([stored["pk"]]).get(stored["pk"])
    return field_changes(
        stored,
        notice,
        stored_clauses={clause.key: clause.text for clause in clauses},
        kept_fields=kept.fields if kept else frozenset(),
        kept_clauses=kept.clause_keys if kept else frozenset(),
    )


def import_notices_view(request: HttpRequest, *, context: dict[str, Any]) -> HttpResponse:
    """Upload and preview (first POST), import what was previewed (POST with a token)."""
    if not request.user.has_perm("decisions.add_decision"):
        raise PermissionDenied
    template = "admin/decisions/decision/import_notices.html"
    context = {**context, "title": "Import notices", "max_files": MAX_FILES}
    if request.method == "POST" and "token" in request.POST:
        return _confirm(request, context=context, template=template)
    form = (
        UploadForm(request.POST, request.FILES, user=request.user)
        if request.method == "POST"
        else UploadForm(user=request.user)
    )
    if not form.is_bound or not form.is_valid():
        return TemplateResponse(request, template, {**context, "form": form}, status=200)
    files = [(safe_name(f.name or ""), f.read()) for f in form.cleaned_data["files"]]
    council = form.cleaned_data["council"]
    previews = preview_files(files, council)
    token = stage_files(files)
    pending = request.session.get(SESSION_KEY, {})
    for old in list(pending)[:-4]:  # keep a few open previews per session, not an unbounded list
        discard_staged(old)
        pending.pop(old)
    pending[token] = [{"name": p.name, "sha256": p.sha256, "council": council.pk} for p in previews]
    request.session[SESSION_KEY] = pending
    importable = any(p.result.status in ("created", "updated") for p in previews)
    return TemplateResponse(
        request,
        template,
        {
            **context,
            "form": UploadForm(user=request.user),
            "previews": previews,
            "token": token,
            "importable": importable,
            "council": council,
        },
    )


def _confirm(request: HttpRequest, *, context: dict[str, Any], template: str) -> HttpResponse:
    """Import the staged files of a preview, after checking they are the bytes previewed.
    While another import runs, say so at once and offer the same preview again."""
    token = request.POST.get("token", "")
    pending = request.session.get(SESSION_KEY, {})
    entries = pending.get(token)
    sources = staged_files(token, entries) if entries else None
    if sources is None:
        pending.pop(token, None)
        request.session[SESSION_KEY] = pending
        discard_staged(token)
        messages.error(request, "That preview has expired or its files changed; upload them again.")
        return redirect("admin:decisions_decision_import")
    council = councils_of(request.user).filter(pk=entries[0].get("council")).first()
    if council is None:  # previewed for a council this admin may no longer import into
        raise PermissionDenied
    try:
        summary = import_sources(sources, jobs=0, wait=False, council=council)
    except ImportRunning as running:
        # The files stay staged under the same token: Import can be pressed again.
        previews = preview_files([(source.name, source.data) for source in sources], council)
        messages.error(request, str(running))
        return TemplateResponse(
            request,
            template,
            {
                **context,
                "form": UploadForm(user=request.user),
                "previews": previews,
                "token": token,
                "importable": any(p.result.status in ("created", "updated") for p in previews),
                "council": council,
            },
            status=409,
        )
    pending.pop(token, None)
    request.session[SESSION_KEY] = pending
    discard_staged(token)
    start_background_build()  # the full CSV export, which would be a long request's work
    level = messages.ERROR if summary.failures else messages.SUCCESS
    messages.add_message(request, level, f"Imported: {summary.line()}.")
    for failure in summary.failures:
        # Not led by the file name: the admin capitalises a message's first letter, which
        # turned "notice.txt" into "Notice.txt".
        messages.error(request, f"Not imported: {failure.source_path}: {failure.message}")
    return redirect("admin:decisions_decision_changelist")
