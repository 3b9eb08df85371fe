"""What a new village's complaint service starts with; the village edits all of it."""

from .models import Tier

DEFAULT_CATEGORIES: list[tuple[str, int]] = [
    ("Pelayanan administrasi", Tier.QUICK),
    ("Infrastruktur (jalan, jembatan, saluran air)", Tier.HEAVY),
    ("Kebersihan dan lingkungan", Tier.NORMAL),
    ("Keamanan dan ketertiban", Tier.NORMAL),
    ("Bantuan sosial", Tier.HEAVY),
    ("Perilaku aparatur", Tier.NORMAL),
    ("Air bersih dan listrik", Tier.HEAVY),
    ("Lainnya", Tier.COMPLEX),
]
