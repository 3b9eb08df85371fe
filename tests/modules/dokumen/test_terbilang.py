import pytest

from modules.dokumen.terbilang import rupiah_terbilang, terbilang


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (0, "nol"),
        (1, "satu"),
        (7, "tujuh"),
        (10, "sepuluh"),
        (11, "sebelas"),
        (12, "dua belas"),
        (19, "sembilan belas"),
        (20, "dua puluh"),
        (21, "dua puluh satu"),
        (99, "sembilan puluh sembilan"),
        (100, "seratus"),
        (101, "seratus satu"),
        (110, "seratus sepuluh"),
        (111, "seratus sebelas"),
        (115, "seratus lima belas"),
        (200, "dua ratus"),
        (999, "sembilan ratus sembilan puluh sembilan"),
        (1000, "seribu"),
        (1001, "seribu satu"),
        (1100, "seribu seratus"),
        (1111, "seribu seratus sebelas"),
        (2000, "dua ribu"),
        (10_000, "sepuluh ribu"),
        (11_000, "sebelas ribu"),
        (12_000, "dua belas ribu"),
        (100_000, "seratus ribu"),
        (101_000, "seratus satu ribu"),
        (111_111, "seratus sebelas ribu seratus sebelas"),
        (150_000, "seratus lima puluh ribu"),
        (1_000_000, "satu juta"),
        (1_000_001, "satu juta satu"),
        (1_001_000, "satu juta seribu"),
        (1_100_000, "satu juta seratus ribu"),
        (2_500_000, "dua juta lima ratus ribu"),
        (10_000_000, "sepuluh juta"),
        (100_000_000, "seratus juta"),
        (1_000_000_000, "satu miliar"),
        (1_000_000_001, "satu miliar satu"),
        (1_000_001_000, "satu miliar seribu"),
        (
            1_234_567_890,
            "satu miliar dua ratus tiga puluh empat juta lima ratus enam puluh tujuh ribu "
            "delapan ratus sembilan puluh",
        ),
        (1_000_000_000_000, "satu triliun"),
        (1_000_000_000_000_000, "satu kuadriliun"),
        (1_000_000_000_000_000_000, "satu kuintiliun"),
        (
            10**21 - 1,
            "sembilan ratus sembilan puluh sembilan kuintiliun "
            "sembilan ratus sembilan puluh sembilan kuadriliun "
            "sembilan ratus sembilan puluh sembilan triliun "
            "sembilan ratus sembilan puluh sembilan miliar "
            "sembilan ratus sembilan puluh sembilan juta "
            "sembilan ratus sembilan puluh sembilan ribu "
            "sembilan ratus sembilan puluh sembilan",
        ),
    ],
)
def test_terbilang(number, words):
    assert terbilang(number) == words


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (-1, "minus satu"),
        (-1000, "minus seribu"),
        (-1_001_000, "minus satu juta seribu"),
    ],
)
def test_negative_numbers_are_minus(number, words):
    assert terbilang(number) == words


def test_rupiah_terbilang():
    assert rupiah_terbilang(0) == "nol rupiah"
    assert rupiah_terbilang(10_000) == "sepuluh ribu rupiah"
    assert rupiah_terbilang(1_250_000) == "satu juta dua ratus lima puluh ribu rupiah"
    assert rupiah_terbilang(-5_000) == "minus lima ribu rupiah"


def test_no_double_spaces_anywhere_up_to_a_million():
    for number in range(0, 1_000_001, 37):
        words = terbilang(number)
        assert "  " not in words and words == words.strip(), number


@pytest.mark.parametrize("number", [10**21, -(10**21)])
def test_numbers_of_a_sextillion_and_more_are_refused(number):
    with pytest.raises(ValueError, match="below 10\\^21"):
        terbilang(number)


@pytest.mark.parametrize("value", [1.5, "100", True, None])
def test_only_integers_are_accepted(value):
    with pytest.raises(TypeError):
        terbilang(value)
