"""Factories for courts and departments."""

from __future__ import annotations

import datetime

import factory

from .models import Court, CourtLevel, Department, DepartmentKind


class CourtFactory(factory.django.DjangoModelFactory[Court]):
    class Meta:
        model = Court

    code = factory.Sequence(lambda n: f"9{n:04d}")
    name = factory.Sequence(lambda n: f"Tòa án nhân dân khu vực {n + 1} - Hà Nội")
    short_name = factory.Sequence(lambda n: f"TAND khu vực {n + 1} - Hà Nội")
    level = CourtLevel.REGIONAL
    province = "Thành phố Hà Nội"
    valid_from = datetime.date(2025, 7, 1)


class ProvincialCourtFactory(CourtFactory):
    name = factory.Sequence(lambda n: f"Tòa án nhân dân tỉnh Thử Nghiệm {n + 1}")
    short_name = factory.Sequence(lambda n: f"TAND tỉnh Thử Nghiệm {n + 1}")
    level = CourtLevel.PROVINCIAL


class DepartmentFactory(factory.django.DjangoModelFactory[Department]):
    class Meta:
        model = Department

    court = factory.SubFactory(CourtFactory)
    kind = DepartmentKind.CIVIL
    name = "Tòa Dân sự"
