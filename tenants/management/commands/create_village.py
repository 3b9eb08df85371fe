from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tenants.models import District
from tenants.routing import village_host
from tenants.services import village_create


class Command(BaseCommand):
    help = "Creates a village and its schema. Example: create_village aceh-besar 11.06.10.2001 lambaro"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("district", help="the district's slug, e.g. aceh-besar")
        parser.add_argument("code", help="Kemendagri village code, e.g. 11.06.10.2001")
        parser.add_argument("slug", help="host label, e.g. lambaro")
        parser.add_argument("--name", help="display name (default: from the region list)")

    def handle(self, *args: Any, **options: Any) -> None:
        district = District.objects.filter(slug=options["district"]).first()
        if district is None:
            raise CommandError(f"No district with slug {options['district']!r}.")
        try:
            result = village_create(
                district=district, code=options["code"], slug=options["slug"], name=options["name"]
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(
            f"{result.tenant.name}: http://{village_host(options['slug'], district.slug)} "
            f"({'built' if result.schema_built else 'already there'}, {result.seconds * 1000:.0f} ms)"
        )
