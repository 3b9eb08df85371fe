import pytest

from modules.privasi.masking import mask_address, mask_email, mask_name, mask_nik, mask_phone


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("1106101234567890", "1106**********90"),
        ("1106 1012 3456 7890", "1106**********90"),
        ("3171014107990003", "3171**********03"),
        ("1234567", "*******"),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_nik_keeps_the_first_four_and_last_two_digits(value, masked):
    assert mask_nik(value) == masked


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("Teuku Muhammad Rizal", "T**** M******* R****"),
        ("Cut Nyak Dhien", "C** N*** D****"),
        ("Siti", "S***"),
        ("M. Nasir, S.Pd.", "M. N****, S.**."),
        ("Ni Luh  Putu", "N* L**  P***"),
        ("A", "A"),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_name_keeps_the_first_letter_of_each_word(value, masked):
    assert mask_name(value) == masked


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("081234567890", "0812*****890"),
        ("+62 812-3456-7890", "0812*****890"),
        ("6281234567890", "0812*****890"),
        ("0651 7551234", "0651****234"),
        ("12345", "***45"),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_phone_keeps_the_first_four_and_last_three_digits(value, masked):
    assert mask_phone(value) == masked


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("teuku.rizal@gmail.com", "t**********@gmail.com"),
        ("a@desa.id", "*@desa.id"),
        ("  Keuchik@lambaro.desa.id ", "K******@lambaro.desa.id"),
        ("bukan-email", "b****-*****"),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_email_keeps_the_first_character_and_the_domain(value, masked):
    assert mask_email(value) == masked


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("Dusun Lampoh Keude, Lambaro", "Dusun L***** K****, L******"),
        ("Jl. Teuku Umar No. 12", "Jl. T**** U*** N*. 1*"),
        ("  Lambaro  ", "Lambaro"),
        ("   ", ""),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_address_keeps_only_the_first_word(value, masked):
    assert mask_address(value) == masked
