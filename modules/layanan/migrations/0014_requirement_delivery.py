"""Each requirement says how it reaches the office (models.Delivery); a letter's own closing
sentence has a limit; a decree's number and signer hold no NUL. Requirements stored before this
said nothing and nothing was enforced for them: they become papers brought to the office, so no
village's online form starts refusing requests without a new decision by its staff."""

import django.core.validators
from django.db import migrations, models


def add_delivery(apps, schema_editor):
    ServiceStandard = apps.get_model("layanan", "ServiceStandard")
    for standard in ServiceStandard.objects.all():
        if all("delivery" in item for item in standard.requirements):
            continue
        standard.requirements = [{"delivery": "office", **item} for item in standard.requirements]
        standard.save(update_fields=["requirements"])


def drop_delivery(apps, schema_editor):
    ServiceStandard = apps.get_model("layanan", "ServiceStandard")
    for standard in ServiceStandard.objects.all():
        standard.requirements = [
            {key: value for key, value in item.items() if key != "delivery"} for item in standard.requirements
        ]
        standard.save(update_fields=["requirements"])


class Migration(migrations.Migration):
    dependencies = [
        ("layanan", "0013_submission_moment_can_be_given"),
    ]

    operations = [
        migrations.AlterField(
            model_name="servicestandard",
            name="requirements",
            field=models.JSONField(
                default=list,
                help_text='[{"text": "...", "required": true, "delivery": "upload" | "office"}]',
                verbose_name="persyaratan",
            ),
        ),
        migrations.RunPython(add_delivery, drop_delivery),
        migrations.AlterField(
            model_name="service",
            name="letter_closing",
            field=models.TextField(
                blank=True,
                help_text="Kosongkan untuk memakai kalimat penutup yang lazim bagi jenis suratnya.",
                validators=[
                    django.core.validators.MaxLengthValidator(600),
                    django.core.validators.ProhibitNullCharactersValidator(),
                ],
                verbose_name="kalimat penutup surat",
            ),
        ),
        migrations.AlterField(
            model_name="sopdocument",
            name="decree_number",
            field=models.CharField(
                max_length=80,
                validators=[django.core.validators.ProhibitNullCharactersValidator()],
                verbose_name="nomor keputusan",
            ),
        ),
        migrations.AlterField(
            model_name="sopdocument",
            name="signer_name",
            field=models.CharField(
                max_length=150,
                validators=[django.core.validators.ProhibitNullCharactersValidator()],
                verbose_name="nama penanda tangan",
            ),
        ),
    ]
