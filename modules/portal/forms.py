from django import forms

from .models import VillageProfile
from .services import PROFILE_FIELDS


class ProfileForm(forms.ModelForm):
    class Meta:
        model = VillageProfile
        fields = list(PROFILE_FIELDS)
        widgets = {"about": forms.Textarea(attrs={"rows": 5})}

    def clean_logo(self) -> object:
        logo = self.cleaned_data.get("logo")
        if logo and getattr(logo, "size", 0) > 512 * 1024:
            raise forms.ValidationError("Logo paling besar 512 KB.")
        return logo
