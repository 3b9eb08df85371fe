"""What a new village's action plan module starts with: the areas of service the district's
villages plan in, as the action plans name them; a village adds its own (area_add)."""

from __future__ import annotations

AREAS: tuple[str, ...] = (
    "Pelayanan kesehatan",
    "Pendidikan",
    "Administrasi publik",
)
