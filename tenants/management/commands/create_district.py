from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tenants.routing import district_host
from tenants.services import district_create


class Command(BaseCommand):
    help = "Creates a district (kabupaten/kota) and its schema. Example: create_district 11.06 aceh-besar"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("code", help="Kemendagri code, e.g. 11.06")
        parser.add_argument("slug", help="host label, e.g. aceh-besar")
        parser.add_argument("--name", help="display name (default: from the region list)")
        parser.add_argument("--village-noun", default="desa", help="e.g. gampong, nagari")
        parser.add_argument("--village-head-title", default="kepala desa", help="e.g. keuchik, wali nagari")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = district_create(
                code=options["code"],
                slug=options["slug"],
                name=options["name"],
                village_noun=options["village_noun"],
                village_head_title=options["village_head_title"],
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(
            f"{result.tenant.name}: http://{district_host(options['slug'])} "
            f"({'built' if result.schema_built else 'already there'}, {result.seconds * 1000:.0f} ms)"
        )
