"""Crypto functions and the encrypted field's conversions, without a database.

Uses pytest-django's ``settings`` fixture (no database needed).
"""

import re

import pytest
from cryptography.fernet import Fernet
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.core.validators import MaxLengthValidator

from modules.privasi import crypto
from modules.privasi.checks import check_personal_data_keys
from modules.privasi.fields import EncryptedCharField, EncryptedTextField

OLD_KEY = "VvCiUGAxCqyT7s5MVOZAYhaMjaXF3pir3e3mGCC16Jw="
NEW_KEY = "r5411Vhufc0wXAAwtfFITKi9kFYDrMPIteMta0KTfjg="
NIK = "1106101203850001"


@pytest.fixture
def old_key_only(settings):
    settings.PERSONAL_DATA_KEYS = [OLD_KEY]
    return settings


def test_encrypt_then_decrypt_gives_the_plaintext(old_key_only):
    token = crypto.encrypt("Teuku Muhammad Rizal")

    assert crypto.decrypt(token) == "Teuku Muhammad Rizal"


def test_the_token_does_not_contain_the_plaintext_and_differs_on_every_call(old_key_only):
    first, second = crypto.encrypt(NIK), crypto.encrypt(NIK)

    assert NIK not in first
    assert first != second
    assert re.fullmatch(r"[A-Za-z0-9_\-=]+", first)


def test_non_ascii_plaintext_survives(old_key_only):
    assert crypto.decrypt(crypto.encrypt("Jl. Tgk. Chik Di Tiro — Lŏ'ŋa")) == "Jl. Tgk. Chik Di Tiro — Lŏ'ŋa"


def test_old_tokens_decrypt_after_a_new_key_is_put_first(settings):
    settings.PERSONAL_DATA_KEYS = [OLD_KEY]
    token = crypto.encrypt(NIK)

    settings.PERSONAL_DATA_KEYS = [NEW_KEY, OLD_KEY]

    assert crypto.decrypt(token) == NIK


def test_rotate_re_encrypts_under_the_first_key(settings):
    settings.PERSONAL_DATA_KEYS = [OLD_KEY]
    token = crypto.encrypt(NIK)
    settings.PERSONAL_DATA_KEYS = [NEW_KEY, OLD_KEY]

    rotated = crypto.rotate(token)

    settings.PERSONAL_DATA_KEYS = [NEW_KEY]
    assert crypto.decrypt(rotated) == NIK
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(token)


def test_decrypt_with_none_of_the_keys_raises_a_clear_error(settings):
    settings.PERSONAL_DATA_KEYS = [OLD_KEY]
    token = crypto.encrypt(NIK)
    settings.PERSONAL_DATA_KEYS = [NEW_KEY]

    with pytest.raises(
        crypto.DecryptionError, match="cannot be decrypted with any key in PERSONAL_DATA_KEYS"
    ):
        crypto.decrypt(token)


def test_decrypt_of_a_damaged_value_raises_the_same_error(old_key_only):
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt("not-a-token")
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt("ñ")


def test_a_malformed_key_is_refused_with_its_position(settings):
    settings.PERSONAL_DATA_KEYS = [OLD_KEY, "too-short"]

    with pytest.raises(ImproperlyConfigured, match="key number 2 is not a Fernet key"):
        crypto.encrypt(NIK)


def test_without_keys_a_key_is_derived_from_secret_key_in_tests(settings):
    settings.PERSONAL_DATA_KEYS = []
    settings.DEBUG = False
    assert hasattr(mail, "outbox")  # pytest-django set up the test environment

    keys = crypto.configured_keys()

    assert keys == (crypto.derive_development_key(settings.SECRET_KEY),)
    assert crypto.decrypt(crypto.encrypt(NIK)) == NIK


def test_without_keys_a_key_is_derived_from_secret_key_with_debug(settings, monkeypatch):
    monkeypatch.delattr(mail, "outbox")
    settings.PERSONAL_DATA_KEYS = []
    settings.DEBUG = True

    assert crypto.configured_keys() == (crypto.derive_development_key(settings.SECRET_KEY),)


def test_without_keys_outside_debug_and_tests_the_configuration_is_refused(settings, monkeypatch):
    monkeypatch.delattr(mail, "outbox")
    settings.PERSONAL_DATA_KEYS = []
    settings.DEBUG = False

    with pytest.raises(ImproperlyConfigured, match=r"^Set PERSONAL_DATA_KEYS to one or more Fernet keys"):
        crypto.encrypt(NIK)
    [error] = check_personal_data_keys()
    assert error.id == "privasi.E001"


def test_the_system_check_passes_with_keys(old_key_only):
    assert check_personal_data_keys() == []


def test_the_derived_key_depends_on_the_secret_key():
    first = crypto.derive_development_key("secret one")

    assert first == crypto.derive_development_key("secret one")
    assert first != crypto.derive_development_key("secret two")
    Fernet(first)


# --- blind index -----------------------------------------------------------------------------------


def test_nik_lookup_hash_is_stable_and_ignores_separators(old_key_only):
    digest = crypto.nik_lookup_hash(NIK)

    assert re.fullmatch(r"[0-9a-f]{64}", digest)
    assert crypto.nik_lookup_hash("1106 1012 0385 0001") == digest
    assert crypto.nik_lookup_hash("1106101203850002") != digest


def test_nik_lookup_hash_is_keyed(settings):
    settings.PERSONAL_DATA_KEYS = [OLD_KEY]
    under_old_key = crypto.nik_lookup_hash(NIK)
    settings.PERSONAL_DATA_KEYS = [NEW_KEY, OLD_KEY]

    assert crypto.nik_lookup_hash(NIK) != under_old_key
    assert crypto.nik_lookup_hashes(NIK) == [crypto.nik_lookup_hash(NIK), under_old_key]


def test_nik_lookup_hash_is_not_a_plain_hash_of_the_nik(old_key_only):
    import hashlib

    assert crypto.nik_lookup_hash(NIK) != hashlib.sha256(NIK.encode()).hexdigest()


# --- the model fields, without a database ----------------------------------------------------------


def test_field_encrypts_on_the_way_in_and_decrypts_on_the_way_out(old_key_only):
    field = EncryptedTextField()

    stored = field.get_prep_value("Jl. Tgk. Chik Di Tiro No. 12")

    assert stored != "Jl. Tgk. Chik Di Tiro No. 12"
    assert crypto.decrypt(stored) == "Jl. Tgk. Chik Di Tiro No. 12"
    assert field.from_db_value(stored, None, None) == "Jl. Tgk. Chik Di Tiro No. 12"


def test_field_keeps_null_as_null(old_key_only):
    field = EncryptedTextField(null=True)

    assert field.get_prep_value(None) is None
    assert field.from_db_value(None, None, None) is None


def test_field_round_trips_the_empty_string(old_key_only):
    field = EncryptedTextField(blank=True)

    assert field.from_db_value(field.get_prep_value(""), None, None) == ""


def test_field_allows_only_the_isnull_lookup():
    field = EncryptedTextField()

    assert field.get_lookup("isnull") is not None
    for lookup in ("exact", "iexact", "contains", "icontains", "startswith", "in", "gt", "lt"):
        assert field.get_lookup(lookup) is None
    assert field.get_transform("lower") is None


def test_char_field_limits_the_plaintext_length_and_deconstructs():
    field = EncryptedCharField(max_length=16)

    assert any(isinstance(v, MaxLengthValidator) and v.limit_value == 16 for v in field.validators)
    _, path, _args, kwargs = field.deconstruct()
    assert path == "modules.privasi.fields.EncryptedCharField"
    assert kwargs == {"max_length": 16}
    assert field.formfield().max_length == 16
    assert field.formfield().widget.__class__.__name__ == "TextInput"
    assert EncryptedTextField().formfield().widget.__class__.__name__ == "Textarea"
