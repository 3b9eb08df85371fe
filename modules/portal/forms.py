from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tenants.models import District
from tenants.words import village_noun

from .models import Official, VillageProfile
from .services import OFFICIAL_FIELDS, PROFILE_FIELDS


class ProfileForm(forms.ModelForm):
    def __init__(self, *args: Any, district: District, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["about"].label = gettext("Tentang %(village_noun)s") % {
            "village_noun": village_noun(district)
        }

    class Meta:
        model = VillageProfile
        fields = list(PROFILE_FIELDS)
        widgets = {"about": forms.Textarea(attrs={"rows": 5})}

    def clean_logo(self) -> object:
        logo = self.cleaned_data.get("logo")
        if logo and getattr(logo, "size", 0) > 512 * 1024:
            raise forms.ValidationError("Logo paling besar 512 KB.")
        return logo


class OfficialForm(forms.Form):
    """Shapes the input; official_save decides (one head at a time, limits from the model)."""

    name = forms.CharField(label=_("Nama"), max_length=150)
    position = forms.CharField(label=_("Jabatan"), max_length=150)
    phone = forms.CharField(
        label=_("Nomor kontak dinas (tidak wajib)"),
        max_length=32,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    order = forms.IntegerField(label=_("Urutan"), min_value=0, max_value=999, initial=100)
    is_head = forms.BooleanField(label=_("Kepala"), required=False)
    is_published = forms.BooleanField(label=_("Tampil di portal"), required=False, initial=True)

    @classmethod
    def initial_for(cls, official: Official | None) -> dict[str, object]:
        if official is None:
            return {}
        return {field: getattr(official, field) for field in OFFICIAL_FIELDS}
