"""Files stored before modules.berkas (plaintext, under the resident's own file name, in the default
storage) are written again through the encrypted storage under a random name; the old files are
deleted once the migration commits. Runs in every schema that migrate_schemas visits."""

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import migrations, transaction

from modules.berkas.storage import SUFFIX, personal_storage

FOLDERS = {"Attachment": ("file", "layanan/berkas"), "Letter": ("pdf", "layanan/surat")}


def encrypt_stored_files(apps, schema_editor):
    plaintext, encrypted = storages["default"], personal_storage()
    for model_name, (field, folder) in FOLDERS.items():
        model = apps.get_model("layanan", model_name)
        for row in model.objects.exclude(**{field: ""}).only("pk", field):
            name = getattr(row, field).name
            if name.endswith(SUFFIX) or not plaintext.exists(name):
                continue
            with plaintext.open(name, "rb") as stored:
                content = stored.read()
            new_name = encrypted.save(f"{folder}/berkas", ContentFile(content))
            model.objects.filter(pk=row.pk).update(**{field: new_name})
            transaction.on_commit(lambda name=name: plaintext.delete(name))


class Migration(migrations.Migration):

    dependencies = [
        ("layanan", "0006_queue_counters"),
    ]

    operations = [
        migrations.RunPython(encrypt_stored_files, migrations.RunPython.noop, elidable=True),
    ]
