"""A declarative status workflow: which status may follow which, who may take each step, what the
step writes (the record's timeline entry, the audit row) and whom it tells.

A module declares its table once::

    REQUEST_WORKFLOW = Workflow(
        name="layanan.request",
        transitions=(
            Transition(SUBMITTED, VERIFIED, roles=(Role.OPERATOR, Role.VILLAGE_ADMIN)),
            Transition(SUBMITTED, CANCELLED, by_resident=True),
            Transition(AWAITING_SIGNATURE, COMPLETED, roles=(Role.VILLAGE_ADMIN,), via="letter_issue"),
            ...
        ),
        record_event=...,   # writes the module's own timeline row
        notify=...,         # queues the message (an outbox row, sent after commit)
    )

and its services call `REQUEST_WORKFLOW.apply(record=locked, target=..., actor=..., note=...)` inside
their own durable transaction, with the record locked (`select_for_update`). `apply` checks the
step and the role (modules.accounts.permissions, the one role rule), sets the status, saves, writes
the timeline entry and the audit row (action `<name>_<target>`), and calls the notification hook.
Pages and the API ask `allowed_targets(source=..., actor=...)` what to offer, so a button is shown
exactly when the step would be accepted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from modules.accounts.models import User
from modules.accounts.permissions import has_role, require_role
from modules.audit.services import audit_record

Record = TypeVar("Record", bound=models.Model)

NOT_ALLOWED = gettext_lazy("Status %(from)s tidak dapat diubah menjadi %(to)s.")
NOTE_REQUIRED = gettext_lazy("Tuliskan alasan atau keterangannya; pihak lain akan membacanya.")


def labels_of(choices: type[models.TextChoices]) -> Callable[[str], str]:
    """A workflow's `status_labels` for statuses that are `choices`: the label, "?" for a value
    that is none of them (a stored status from an older table)."""

    def label(status: str) -> str:
        return str(choices(status).label) if status in choices.values else "?"

    return label


@dataclass(frozen=True)
class Transition:
    """One allowed step. `roles`: the staff roles that may take it. `by_resident`: the resident
    (no account; the service has checked their secret) may take it. `via`: the step belongs to a
    service of its own (signing a letter completes a request) and `apply` refuses it unless that
    service names itself. `note_required`: the actor must write a note the other side will read."""

    source: str
    target: str
    roles: tuple[str, ...] = ()
    by_resident: bool = False
    via: str = ""
    note_required: bool = False


@dataclass(frozen=True)
class Step(Generic[Record]):
    """What `apply` hands to the hooks."""

    record: Record
    transition: Transition
    actor: User | None
    note: str
    # What the calling service knows about the step that the hooks need (a letter's number).
    context: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Workflow(Generic[Record]):
    name: str
    transitions: tuple[Transition, ...]
    record_event: Callable[[Step[Record]], object]
    notify: Callable[[Step[Record]], object] | None = None
    # Sets fields the step changes besides the status (a reason, a completion time) and returns
    # their names, so that they are saved together with it.
    on_apply: Callable[[Step[Record]], Iterable[str]] | None = None
    status_field: str = "status"
    status_labels: Callable[[str], str] = str
    # Messages (lazy translations): %(from)s and %(to)s are status labels.
    not_allowed_message: Any = NOT_ALLOWED
    note_required_message: Any = NOTE_REQUIRED
    _table: dict[tuple[str, str], Transition] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        table: dict[tuple[str, str], Transition] = {}
        for transition in self.transitions:
            key = (transition.source, transition.target)
            if key in table:
                raise ImproperlyConfigured(f"{self.name}: {key} is declared twice")
            if not transition.roles and not transition.by_resident:
                raise ImproperlyConfigured(f"{self.name}: nobody may take {key}")
            table[key] = transition
        object.__setattr__(self, "_table", table)

    def transition(self, *, source: str, target: str) -> Transition | None:
        return self._table.get((source, target))

    def allowed_targets(self, *, source: str, actor: User | None) -> list[Transition]:
        """The plain steps (no `via`) this staff actor may take from `source`, in declared order."""
        return [
            transition
            for transition in self.transitions
            if transition.source == source and not transition.via and has_role(actor, transition.roles)
        ]

    def apply(
        self,
        *,
        record: Record,
        target: str,
        actor: User | None,
        note: str = "",
        via: str = "",
        context: Mapping[str, Any] | None = None,
    ) -> Step[Record]:
        """Moves `record` (locked by the caller, inside the caller's transaction) to `target`.
        Raises ValidationError (code `transition_not_allowed` or `note_required`) or PermissionDenied;
        nothing is written then."""
        if not transaction.get_connection().in_atomic_block:
            raise RuntimeError(f"{self.name}: apply() must run inside the service's transaction")
        source = getattr(record, self.status_field)
        transition = self.transition(source=source, target=target)
        if transition is None or transition.via != via:
            raise ValidationError(
                str(self.not_allowed_message)
                % {"from": self.status_labels(source), "to": self.status_labels(target)},
                code="transition_not_allowed",
            )
        if actor is None:
            if not transition.by_resident:
                raise PermissionDenied(_("Peran Anda tidak berwenang melakukan ini."))
        else:
            require_role(actor, transition.roles)
        note = note.strip()
        if transition.note_required and not note:
            raise ValidationError(str(self.note_required_message), code="note_required")
        step = Step(record=record, transition=transition, actor=actor, note=note, context=context or {})
        setattr(record, self.status_field, target)
        extra_fields = list(self.on_apply(step)) if self.on_apply else []
        record.save(update_fields=[self.status_field, *extra_fields])
        self.record_event(step)
        audit_record(
            action=f"{self.name}_{target}",
            actor=actor,
            target=record,
            detail={"from": source, "to": target},
        )
        if self.notify is not None:
            self.notify(step)
        return step
