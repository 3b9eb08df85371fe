"""Form pieces for uploads: a file field whose value is a ``Document`` decided by content, and an
input that shows a file kept from an earlier try ("sudah terunggah") with a way to replace it."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest

from . import intake
from .models import StagedUpload
from .selectors import staged_upload

SESSION_KEY = "berkas_owner"


def session_owner(request: HttpRequest) -> str:
    """A random value kept in the visitor's session: staged files are bound to it."""
    owner = request.session.get(SESSION_KEY)
    if not isinstance(owner, str) or not owner:
        owner = secrets.token_urlsafe(32)
        request.session[SESSION_KEY] = owner
    return owner


class DocumentInput(forms.FileInput):
    """A file input, plus the notice and hidden token of a file already staged for this field."""

    template_name = "berkas/widgets/document_input.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"accept": intake.ACCEPT_ATTRIBUTE, **(attrs or {})})
        self.staged: StagedUpload | None = None
        self.staged_label = ""

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        if self.staged is not None and context["widget"]["attrs"].get("id"):
            # A screen reader hears that a file is already there, next to the field's help and error.
            notice = f"{context['widget']['attrs']['id']}_terunggah"
            described = context["widget"]["attrs"].get("aria-describedby", "")
            context["widget"]["attrs"]["aria-describedby"] = f"{described} {notice}".strip()
        context["widget"]["staged"] = self.staged
        context["widget"]["staged_name"] = staged_field_name(name)
        context["widget"]["staged_label"] = self.staged_label
        return context


def staged_field_name(name: str) -> str:
    return f"{name}__terunggah"


class DocumentField(forms.FileField):
    """Cleans to an ``intake.Document`` (or None): the type comes from the content, never from the
    browser's declared type or the file name."""

    widget = DocumentInput

    def to_python(self, data: Any) -> intake.Document | None:  # type: ignore[override]
        upload = super().to_python(data)
        if upload is None:
            return None
        assert isinstance(upload, UploadedFile)
        return intake.accept(upload)


class KeptDocumentsForm(forms.Form):
    """A form whose file fields keep what passed across a refused submission, so that a resident
    never picks a file again: the new documents that passed intake, and those this session staged
    on an earlier try (their tokens come back as hidden inputs) for fields that got no new file."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.staged: dict[str, StagedUpload] = {}
        self.new_documents: dict[str, intake.Document] = {}

    def keep_documents(
        self,
        *,
        owner: str,
        names: Iterable[str],
        accepts: Callable[[StagedUpload], bool] = lambda staged: True,
    ) -> None:
        """After is_valid(), for the file fields `names`; a staged file that `accepts` refuses (a
        PDF where only photos may go) is not taken."""
        cleaned_data = getattr(self, "cleaned_data", {})
        for name in names:
            cleaned = cleaned_data.get(name)
            if isinstance(cleaned, intake.Document):
                self.new_documents[name] = cleaned
                continue
            token = self.data.get(staged_field_name(self.add_prefix(name)), "")
            staged = staged_upload(token=str(token), owner=owner)
            if staged is not None and accepts(staged):
                self.show_staged(name, staged)

    def show_staged(self, name: str, staged: StagedUpload) -> None:
        """``staged`` answers field ``name``: shown as already uploaded, sent again with the form."""
        self.staged[name] = staged
        self.new_documents.pop(name, None)
        widget = self.fields[name].widget
        assert isinstance(widget, DocumentInput)
        widget.staged = staged
        widget.staged_label = str(self.fields[name].label)

    def kept_documents(self) -> dict[str, StagedUpload | intake.Document]:
        """Each field's document, new or staged."""
        return {**self.staged, **self.new_documents}
