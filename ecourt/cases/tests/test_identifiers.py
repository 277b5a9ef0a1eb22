"""The national case identifier and its check digits."""

from __future__ import annotations

import itertools
import random

import pytest

from ecourt.cases.identifiers import InvalidIdentifierError, format_uid, is_valid_uid, parse_uid


def test_it_formats_and_parses():
    uid = format_uid(125, 2025, "LD", "40101")
    assert uid.startswith("0000125-")
    assert uid.endswith(".2025.4.40101")
    parsed = parse_uid(uid)
    assert (parsed.sequence, parsed.year, parsed.type_digit, parsed.court_code) == (125, 2025, 4, "40101")


def test_every_single_digit_error_and_adjacent_swap_is_caught():
    rng = random.Random(7)
    for _ in range(300):
        uid = format_uid(rng.randint(1, 9_999_999), rng.randint(2015, 2030), "DS", f"{rng.randint(0, 99999):05d}")
        digits = [i for i, ch in enumerate(uid) if ch.isdigit()]
        position = rng.choice(digits)
        wrong = list(uid)
        wrong[position] = str((int(uid[position]) + rng.randint(1, 9)) % 10)
        assert not is_valid_uid("".join(wrong))
        a, b = rng.choice([(x, y) for x, y in itertools.pairwise(digits) if y == x + 1])
        swapped = list(uid)
        swapped[a], swapped[b] = swapped[b], swapped[a]
        if swapped != list(uid):
            assert not is_valid_uid("".join(swapped))


@pytest.mark.parametrize("bad", ["", "0000001-00.2025.1.40101", "1-23.2025.1.40101", "0000001-14.2025.9.40101"])
def test_bad_identifiers_are_refused(bad):
    with pytest.raises(InvalidIdentifierError):
        parse_uid(bad)


def test_it_refuses_what_does_not_fit():
    with pytest.raises(InvalidIdentifierError):
        format_uid(10_000_000, 2025, "DS", "40101")
    with pytest.raises(InvalidIdentifierError):
        format_uid(1, 2025, "DS", "4010")
