import datetime

import pytest
from django.core.exceptions import ValidationError

from modules.privasi.nik import Sex, validate_kk, validate_nik

TODAY = datetime.date(2026, 11, 26)


def error_of(function, value, *, today=TODAY) -> ValidationError:
    with pytest.raises(ValidationError) as raised:
        function(value, today=today)
    return raised.value


# --- valid NIKs ------------------------------------------------------------------------------------


def test_valid_nik_of_a_man_from_aceh_besar():
    info = validate_nik("1106101203850001", today=TODAY)

    assert info.nik == "1106101203850001"
    assert info.region_code.digits == "110610"
    assert info.region_code.province_code == "11"
    assert info.region_code.province_name == "Aceh"
    assert info.region_code.kabupaten_code == "11.06"
    assert info.region_code.kecamatan_code == "11.06.10"
    assert info.birth_date == datetime.date(1985, 3, 12)
    assert info.sex == Sex.LAKI_LAKI
    assert info.serial == "0001"


def test_valid_nik_of_a_woman_has_forty_added_to_the_day():
    info = validate_nik("1106106508900002", today=TODAY)  # day 65 = 25 + 40

    assert info.birth_date == datetime.date(1990, 8, 25)
    assert info.sex == Sex.PEREMPUAN


def test_valid_nik_of_a_woman_born_on_the_first_and_on_the_thirty_first():
    assert validate_nik("3171014107990003", today=TODAY).birth_date == datetime.date(1999, 7, 1)
    assert validate_nik("3171017112990003", today=TODAY).birth_date == datetime.date(1999, 12, 31)


def test_nik_from_a_new_papua_province_is_valid():
    assert validate_nik("9501011508000011", today=TODAY).region_code.province_name == "Papua Pegunungan"


def test_two_digit_year_up_to_this_year_is_read_as_twenty_first_century():
    assert validate_nik("3273010101010004", today=TODAY).birth_date == datetime.date(2001, 1, 1)
    assert validate_nik("3273010101260004", today=TODAY).birth_date == datetime.date(2026, 1, 1)
    assert validate_nik("3273010101270004", today=TODAY).birth_date == datetime.date(1927, 1, 1)


def test_twenty_ninth_of_february_in_a_leap_year_is_valid():
    info = validate_nik("1106106902000005", today=TODAY)

    assert info.birth_date == datetime.date(2000, 2, 29)
    assert info.sex == Sex.PEREMPUAN


def test_separators_typed_between_digit_groups_are_ignored():
    assert validate_nik(" 1106 1012 0385 0001 ", today=TODAY).nik == "1106101203850001"
    assert validate_nik("1106.1012.0385.0001", today=TODAY).nik == "1106101203850001"


def test_today_defaults_to_the_current_date():
    assert validate_nik("1106101203850001").birth_date == datetime.date(1985, 3, 12)


# --- each failure mode -----------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["110610120385001", "11061012038500011", "", "1106"])
def test_nik_must_have_sixteen_digits(value):
    error = error_of(validate_nik, value)

    assert error.code == "nik_length"
    assert error.messages == [f"NIK harus 16 digit; yang diisi {len(value)} digit."]


@pytest.mark.parametrize(
    "value", ["11061012038500A1", "1106101203850001x", "１１０６１０１２０３８５０００１"]
)
def test_nik_must_be_digits_only(value):
    error = error_of(validate_nik, value)

    assert error.code == "nik_not_digits"
    assert error.messages == ["NIK hanya boleh berisi angka."]


@pytest.mark.parametrize("province", ["00", "10", "20", "22", "37", "50", "66", "83", "90", "97", "99"])
def test_nik_province_must_be_a_real_province_code(province):
    error = error_of(validate_nik, f"{province}06101203850001")

    assert error.code == "nik_province"
    assert error.messages == [f"NIK diawali kode provinsi {province}, yang tidak ada di Indonesia."]


def test_nik_kabupaten_code_cannot_be_zero():
    error = error_of(validate_nik, "1100101203850001")

    assert error.code == "nik_kabupaten"
    assert error.messages == ["NIK: kode kabupaten/kota (digit ke-3 dan ke-4) tidak boleh 00."]


def test_nik_kecamatan_code_cannot_be_zero():
    error = error_of(validate_nik, "1106001203850001")

    assert error.code == "nik_kecamatan"
    assert error.messages == ["NIK: kode kecamatan (digit ke-5 dan ke-6) tidak boleh 00."]


@pytest.mark.parametrize("day", ["00", "32", "35", "40", "72", "99"])
def test_nik_birth_day_must_be_in_the_range_for_men_or_for_women(day):
    error = error_of(validate_nik, f"110610{day}03850001")

    assert error.code == "nik_birth_day"
    assert error.messages == [
        f"Tanggal lahir pada NIK (digit ke-7 dan ke-8: {day}) tidak valid: "
        "untuk laki-laki 01–31, untuk perempuan tanggal ditambah 40 (41–71)."
    ]


@pytest.mark.parametrize(
    "birth_digits",
    [
        "300285",  # 30 February, a man
        "290285",  # 29 February 1985, not a leap year
        "710490",  # 31 April, a woman (71 = 31 + 40)
        "011385",  # month 13
        "010085",  # month 00
    ],
)
def test_nik_birth_date_must_exist(birth_digits):
    error = error_of(validate_nik, f"110610{birth_digits}0001")

    assert error.code == "nik_birth_date"
    assert error.messages == [f"Tanggal lahir pada NIK ({birth_digits}) bukan tanggal yang ada di kalender."]


def test_nik_birth_date_cannot_be_in_the_future():
    error = error_of(validate_nik, "1106101506260001", today=datetime.date(2026, 3, 1))

    assert error.code == "nik_birth_future"
    assert error.messages == ["Tanggal lahir pada NIK (15-06-2026) belum terjadi."]


def test_nik_born_today_is_valid():
    assert validate_nik("1106102611260001", today=TODAY).birth_date == TODAY


def test_nik_serial_cannot_be_zero():
    error = error_of(validate_nik, "1106101203850000")

    assert error.code == "nik_serial"
    assert error.messages == ["NIK: nomor urut (4 digit terakhir) tidak boleh 0000."]


# --- KK --------------------------------------------------------------------------------------------


def test_valid_kk_number():
    info = validate_kk("1106101503120007", today=TODAY)

    assert info.number == "1106101503120007"
    assert info.region_code.kecamatan_code == "11.06.10"
    assert info.issued_on == datetime.date(2012, 3, 15)
    assert info.serial == "0007"


def test_kk_issue_date_has_no_forty_added():
    error = error_of(validate_kk, "1106105503120007")  # day 55 would be a woman's NIK, never a KK

    assert error.code == "kk_issue_date"
    assert error.messages == [
        "Tanggal terbit pada nomor KK (digit ke-7 sampai ke-12: 550312) bukan tanggal yang ada di kalender."
    ]


def test_kk_issue_date_cannot_be_in_the_future():
    error = error_of(validate_kk, "1106100112260007", today=TODAY)

    assert error.code == "kk_issue_future"
    assert error.messages == ["Tanggal terbit pada nomor KK (01-12-2026) belum terjadi."]


@pytest.mark.parametrize(
    ("value", "code", "message"),
    [
        ("110610150312000", "kk_length", "Nomor KK harus 16 digit; yang diisi 15 digit."),
        ("11061015031200O7", "kk_not_digits", "Nomor KK hanya boleh berisi angka."),
        (
            "2306101503120007",
            "kk_province",
            "Nomor KK diawali kode provinsi 23, yang tidak ada di Indonesia.",
        ),
        (
            "1100101503120007",
            "kk_kabupaten",
            "Nomor KK: kode kabupaten/kota (digit ke-3 dan ke-4) tidak boleh 00.",
        ),
        (
            "1106001503120007",
            "kk_kecamatan",
            "Nomor KK: kode kecamatan (digit ke-5 dan ke-6) tidak boleh 00.",
        ),
        ("1106101503120000", "kk_serial", "Nomor KK: nomor urut (4 digit terakhir) tidak boleh 0000."),
    ],
)
def test_kk_failure_modes(value, code, message):
    error = error_of(validate_kk, value)

    assert error.code == code
    assert error.messages == [message]
