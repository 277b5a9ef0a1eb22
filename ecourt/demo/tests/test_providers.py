"""The Vietnamese legal Faker provider: names in Vietnamese order with correct diacritics, stored forms."""

from __future__ import annotations

import random
import re
import unicodedata

from faker import Faker

from ecourt.demo import providers
from ecourt.demo.providers import VietnameseLegalProvider
from ecourt.vietnamese import normalize


def test_names_are_family_middle_given_in_nfc_with_one_tone_placement():
    rng = random.Random(5)
    names = [providers.person_name(rng) for _ in range(3000)]
    families = [n.split()[0] for n in names]
    assert families.count("Nguyễn") / len(names) > 0.3  # the most common family name, by far
    for name in names:
        assert unicodedata.is_normalized("NFC", name)
        assert normalize(name) == name
        assert 3 <= len(name.split()) <= 4
    women = [providers.person_name(rng, "f") for _ in range(300)]
    assert sum(" Thị " in n for n in women) > 60
    assert not any(" Thị " in providers.person_name(rng, "m") for _ in range(300))


def test_addresses_companies_and_identity_numbers_look_real():
    rng = random.Random(6)
    for _ in range(500):
        address = providers.address(rng, "Thành phố Hà Nội")
        assert address == normalize(address)
        assert address.endswith("thành phố Hà Nội")
        assert re.fullmatch(r"\d{12}", providers.citizen_id(rng, 1990, "f"))
        company = providers.company(rng)
        assert company == normalize(company)
    assert providers.citizen_id(random.Random(1), 2001, "f")[3] == "3"  # century 21, woman
    defendant = providers.administrative_defendant(rng, "Tỉnh Bắc Ninh")
    assert defendant.startswith(("Ủy ban nhân dân", "Chủ tịch Ủy ban nhân dân"))
    assert providers.bar_association("Thành phố Hà Nội") == "Đoàn Luật sư thành phố Hà Nội"


def test_the_faker_provider_gives_the_same_kind_of_data():
    fake = Faker("vi_VN")
    fake.add_provider(VietnameseLegalProvider)
    fake.seed_instance(3)
    name = fake.vn_person_name()
    assert normalize(name) == name
    assert fake.vn_subject("HNGD") in providers.SUBJECTS["HNGD"]
    offence, article, gravity = fake.vn_offence()
    assert (offence, article, gravity) in providers.OFFENCES
