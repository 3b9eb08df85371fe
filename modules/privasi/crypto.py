"""Encryption of personal data at rest, and a blind index for finding a NIK without decrypting.

Keys come from ``settings.PERSONAL_DATA_KEYS``: a list of Fernet keys (``Fernet.generate_key()``,
44 url-safe base64 characters). The first key encrypts; every key decrypts. To rotate, put a new key
first, keep the old ones after it, re-encrypt the stored values (``rotate``), then drop the old keys.

Without the setting, a key is derived from ``SECRET_KEY`` with HKDF, but only when ``DEBUG`` is on
or Django's test environment is set up (``django.test.utils.setup_test_environment``, which both
pytest-django and ``manage.py test`` call). Anywhere else the first use raises
``ImproperlyConfigured``: personal data encrypted with a key derived from ``SECRET_KEY`` would be
lost the day ``SECRET_KEY`` is rotated.

The blind index (``nik_lookup_hash``) is an HMAC-SHA256 of the normalised NIK under a key derived
from the first key. Rotating the first key therefore changes every lookup hash: until the stored
hashes are recomputed, look up with ``nik_lookup_hashes`` (one hash per configured key).
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
from collections.abc import Sequence

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core import mail
from django.core.exceptions import ImproperlyConfigured

from .nik import normalize_number

_DEVELOPMENT_KEY_INFO = b"balai:privasi:personal-data-key:v1"
_LOOKUP_KEY_INFO = b"balai:privasi:nik-lookup:v1"


class DecryptionError(RuntimeError):
    """A stored value cannot be decrypted with any configured key."""


def generate_key() -> str:
    """A new key for ``PERSONAL_DATA_KEYS``."""
    return Fernet.generate_key().decode("ascii")


def derive_development_key(secret_key: str) -> str:
    """A Fernet key derived from ``SECRET_KEY``; for development and tests only."""
    raw = _hkdf(secret_key.encode("utf-8"), info=_DEVELOPMENT_KEY_INFO)
    return base64.urlsafe_b64encode(raw).decode("ascii")


def build_cipher(keys: Sequence[str]) -> MultiFernet:
    """A MultiFernet over ``keys``; the first key encrypts. Raises ImproperlyConfigured on a bad key."""
    if not keys:
        raise ImproperlyConfigured("PERSONAL_DATA_KEYS is empty: set at least one Fernet key.")
    return _cipher_for(tuple(keys))


def configured_keys() -> tuple[str, ...]:
    """The keys in force: ``PERSONAL_DATA_KEYS``, or the development key where that is allowed."""
    keys = tuple(getattr(settings, "PERSONAL_DATA_KEYS", None) or ())
    if keys:
        build_cipher(keys)  # a malformed key fails here, with its position, not deep in a save()
        return keys
    if not (settings.DEBUG or _is_test_environment()):
        raise ImproperlyConfigured(
            "Set PERSONAL_DATA_KEYS to one or more Fernet keys (comma-separated in the environment; "
            "make one with `python -c 'from cryptography.fernet import Fernet; "
            "print(Fernet.generate_key().decode())'`): residents' personal data is encrypted with it, "
            "and a key derived from SECRET_KEY is only allowed with DEBUG or in tests."
        )
    if not settings.SECRET_KEY:
        raise ImproperlyConfigured("Set SECRET_KEY (or PERSONAL_DATA_KEYS) to encrypt personal data.")
    return (_development_key(settings.SECRET_KEY),)


def encrypt(plaintext: str) -> str:
    """A Fernet token (ASCII) for ``plaintext``, under the first configured key."""
    return build_cipher(configured_keys()).encrypt(plaintext.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    """The plaintext of a token made by ``encrypt`` under any configured key."""
    try:
        return build_cipher(configured_keys()).decrypt(token.encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeEncodeError):
        raise DecryptionError(
            "A personal-data value cannot be decrypted with any key in PERSONAL_DATA_KEYS: "
            "the key that encrypted it is missing or the stored value is damaged."
        ) from None


def rotate(token: str) -> str:
    """Re-encrypt a token under the first configured key (after a new key was put first)."""
    try:
        return build_cipher(configured_keys()).rotate(token.encode("ascii")).decode("ascii")
    except InvalidToken:
        raise DecryptionError(
            "A personal-data value cannot be decrypted with any key in PERSONAL_DATA_KEYS."
        ) from None


def nik_lookup_hash(nik: str) -> str:
    """The blind index of a NIK (64 hex characters) under the first configured key.

    Store it next to the encrypted NIK and filter on it: equal NIKs give equal hashes, and the
    hash reveals nothing without the key. Spaces, dots and dashes in ``nik`` are ignored.
    """
    return lookup_hash(nik, key=configured_keys()[0])


def nik_lookup_hashes(nik: str) -> list[str]:
    """The blind index of a NIK under every configured key, first key first.

    ``filter(nik_hash__in=nik_lookup_hashes(nik))`` still finds rows indexed before a key rotation.
    """
    return [lookup_hash(nik, key=key) for key in configured_keys()]


def keyed_hash(value: str, *, purpose: str) -> str:
    """HMAC-SHA256 of exactly `value` (nothing dropped: an e-mail address keeps its dots) under the
    lookup key of the first configured key, separated by `purpose` ("ppid.alert", "survei.poll:3"),
    so the same value gives unrelated hashes for different uses."""
    message = f"{purpose}\x00{value}".encode()
    return hmac.new(_lookup_key(configured_keys()[0]), message, hashlib.sha256).hexdigest()


def lookup_hash(value: str, *, key: str) -> str:
    """HMAC-SHA256 of the normalised ``value`` under a key derived from the Fernet ``key``."""
    normalized = normalize_number(value)
    return hmac.new(_lookup_key(key), normalized.encode("utf-8"), hashlib.sha256).hexdigest()


def _is_test_environment() -> bool:
    # setup_test_environment() installs the in-memory outbox; nothing else creates it.
    return hasattr(mail, "outbox")


@functools.lru_cache(maxsize=8)
def _cipher_for(keys: tuple[str, ...]) -> MultiFernet:
    fernets = []
    for position, key in enumerate(keys, start=1):
        try:
            fernets.append(Fernet(key))
        except (ValueError, TypeError):
            raise ImproperlyConfigured(
                f"PERSONAL_DATA_KEYS: key number {position} is not a Fernet key "
                "(32 bytes, url-safe base64, 44 characters)."
            ) from None
    return MultiFernet(fernets)


@functools.lru_cache(maxsize=4)
def _development_key(secret_key: str) -> str:
    return derive_development_key(secret_key)


@functools.lru_cache(maxsize=8)
def _lookup_key(fernet_key: str) -> bytes:
    return _hkdf(base64.urlsafe_b64decode(fernet_key), info=_LOOKUP_KEY_INFO)


def _hkdf(material: bytes, *, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(material)


def same_secret(expected: str, given: str) -> bool:
    """Whether `given` is the secret `expected` (a private link's token), in constant time. Any text
    is compared as UTF-8 bytes: `hmac.compare_digest` refuses non-ASCII str, which a visitor can
    put in a URL."""
    return hmac.compare_digest(expected.encode(), given.encode())
