"""No admin pages for second factors: django-otp's TOTP admin shows each secret and its QR code and
deletes devices without a trace. A reset goes through /twofactor/reset/ or `twofactor reset`, which
are audit-logged."""

from django.contrib import admin
from django_otp.plugins.otp_totp.models import TOTPDevice

if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)
