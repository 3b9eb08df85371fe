"""Who may call the staff endpoints: adapters of the one role rule (modules.accounts.permissions),
with the roles the services themselves require."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from modules.accounts.permissions import RolePermission

from ..services import SIGNING_ROLES, STAFF_ROLES

# Operators and village admins: the worklist, workflow steps, calling queue tickets.
IsCounterStaff = RolePermission.of(*STAFF_ROLES, name="IsCounterStaff")
# Village admins: signing and revoking letters.
IsLetterSigner = RolePermission.of(
    *SIGNING_ROLES,
    message=_("Hanya admin %(village_noun)s yang dapat menandatangani atau mencabut surat."),
    name="IsLetterSigner",
)
