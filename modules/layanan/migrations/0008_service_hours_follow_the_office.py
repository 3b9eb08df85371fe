from django.db import migrations, models

# What the default catalogue wrote into every standard before hours came from the profile.
SEEDED_HOURS = ("Senin–Jumat 08.00–16.00", "Monday–Friday 08:00–16:00")


def follow_the_office(apps, schema_editor):
    """Standards still holding the seeded hours never chose them: they follow the office now."""
    ServiceStandard = apps.get_model("layanan", "ServiceStandard")
    ServiceStandard.objects.filter(created_by="Balai", service_hours__in=SEEDED_HOURS).update(service_hours="")


class Migration(migrations.Migration):
    dependencies = [
        ("layanan", "0007_encrypt_stored_files"),
    ]

    operations = [
        migrations.AlterField(
            model_name="servicestandard",
            name="service_hours",
            field=models.CharField(blank=True, max_length=150, verbose_name="jam layanan"),
        ),
        migrations.RunPython(follow_the_office, migrations.RunPython.noop),
    ]
