from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from modules.accounts.models import Role
from modules.accounts.services import staff_create


class Command(BaseCommand):
    help = "Creates a platform operator (Django admin on the platform host) and prints the password once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--full-name", required=True)
        parser.add_argument("--email", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            user, password = staff_create(
                username=options["username"],
                full_name=options["full_name"],
                email=options["email"],
                role=Role.PLATFORM_OPERATOR,
                actor=None,
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(f"{user.username} / {password}  (shown once; change it after signing in)")
