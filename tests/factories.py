"""factory_boy factories, one per model. Tenant-scoped ones must be used inside the tenant's
schema (the `in_village_a` fixture or `tenant_context`)."""

import factory
from factory.django import DjangoModelFactory

from modules.accounts.models import Role, User
from modules.audit.models import AuditEvent
from modules.portal.models import Official, VillageProfile
from tenants.models import Domain


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"staf{n}")
    full_name = factory.Faker("name", locale="id_ID")
    role = Role.OPERATOR
    password = factory.PostGenerationMethodCall("set_password", "kata-sandi-uji-123")

    @classmethod
    def _after_postgeneration(cls, instance: User, create: bool, results: object = None) -> None:
        if create:
            instance.save()


class OfficialFactory(DjangoModelFactory):
    class Meta:
        model = Official

    name = factory.Faker("name", locale="id_ID")
    position = "Kaur Umum"
    order = factory.Sequence(lambda n: 10 + n)


class VillageProfileFactory(DjangoModelFactory):
    class Meta:
        model = VillageProfile
        django_get_or_create = ("id",)

    id = 1
    about = "Profil uji."
    office_hours = "Senin–Jumat 08.00–16.00"


class AuditEventFactory(DjangoModelFactory):
    class Meta:
        model = AuditEvent

    action = "test.event"


class DomainFactory(DjangoModelFactory):
    class Meta:
        model = Domain

    domain = factory.Sequence(lambda n: f"desa{n}.desa.id")
    is_primary = False
