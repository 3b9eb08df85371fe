from django import forms
from django.utils.translation import gettext_lazy as _


class DayOverrideForm(forms.Form):
    day = forms.DateField(label=_("Tanggal"), widget=forms.DateInput(attrs={"type": "date"}))
    is_working_day = forms.TypedChoiceField(
        label=_("Hari itu"),
        choices=[("0", _("Libur (kantor tutup)")), ("1", _("Hari kerja (kantor buka)"))],
        coerce=lambda value: value == "1",
    )
    reason = forms.CharField(
        label=_("Alasan"), max_length=200, help_text=_("Contoh: cuti bersama, rapat adat, pelayanan Sabtu")
    )
