"""Settings of the test suite (pytest's DJANGO_SETTINGS_MODULE): the real settings, read from the
environment as everywhere else, with one change.

Passwords are hashed with a fast hasher. Django's PBKDF2 takes about 0.3 s per password on two cores
by design, and the tests create several users in almost every test (the permission triad of
ecourt/conftest.py), which made hashing most of the suite's time. Production and the embedded default
keep Django's hashers; processes the tests start themselves (a Celery worker, ``python -m ecourt``)
load ``ecourt.settings``.
"""

from __future__ import annotations

from ecourt.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
