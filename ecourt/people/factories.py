"""Factories for people and memberships, with Vietnamese names."""

from __future__ import annotations

import datetime

import factory
from faker import Faker

from ecourt.courts.factories import CourtFactory
from ecourt.demo.providers import VietnameseLegalProvider

from .models import Membership, Role, User, UserKind

fake = Faker("vi_VN")
fake.add_provider(VietnameseLegalProvider)
factory.Faker.add_provider(VietnameseLegalProvider, locale="vi_VN")


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Faker("vn_person_name", locale="vi_VN")
    kind = UserKind.STAFF
    password = factory.django.Password("mat-khau-thu-nghiem")


class MembershipFactory(factory.django.DjangoModelFactory[Membership]):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    court = factory.SubFactory(CourtFactory)
    role = Role.JUDGE
    valid_from = datetime.date(2025, 7, 1)


def staff(court: object, role: str = Role.JUDGE, **kwargs: object) -> User:
    """A user holding ``role`` in ``court`` from 1 July 2025."""
    membership = MembershipFactory(court=court, role=role, **kwargs)
    return membership.user
