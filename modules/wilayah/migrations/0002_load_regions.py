"""Loads the Kemendagri region list (data/regions.csv.gz) with one PostgreSQL COPY.

COPY loads all 91,599 rows in about a second (0.9-1.2 s measured on a 2-core machine, commit and
deferred foreign-key checks included). The app is a public-schema app, so the tenant router skips
this migration in district and village schemas.
"""

import csv
import gzip
import io
from pathlib import Path

from django.db import migrations

DATA_FILE = Path(__file__).resolve().parents[1] / "data" / "regions.csv.gz"


def load_regions(apps, schema_editor):
    Region = apps.get_model("wilayah", "Region")
    table = schema_editor.quote_name(Region._meta.db_table)
    # The file holds code,name; the level and the parent follow from the code's shape:
    # 11 province, 11.06 kabupaten/kota, 11.06.10 kecamatan, 11.06.10.2001 desa/kelurahan.
    rows = io.StringIO()
    writer = csv.writer(rows, lineterminator="\n")
    with gzip.open(DATA_FILE, "rt", encoding="utf-8", newline="") as source:
        reader = csv.reader(source)
        if next(reader) != ["code", "name"]:
            raise ValueError(f"{DATA_FILE}: the header must be 'code,name'")
        for code, name in reader:
            parent = code.rsplit(".", 1)[0] if "." in code else ""  # an empty CSV field is NULL
            writer.writerow((code, name, code.count(".") + 1, parent))
    rows.seek(0)
    with schema_editor.connection.cursor() as cursor:
        cursor.cursor.copy_expert(
            f"COPY {table} (code, name, level, parent_id) FROM STDIN WITH (FORMAT csv)", rows
        )
        cursor.execute(f"ANALYZE {table}")


def delete_regions(apps, schema_editor):
    Region = apps.get_model("wilayah", "Region")
    schema_editor.execute(f"DELETE FROM {schema_editor.quote_name(Region._meta.db_table)}")


class Migration(migrations.Migration):
    dependencies = [
        ("wilayah", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(load_regions, delete_regions),
    ]
