"""Django core settings: apps, middleware, templates, i18n, static and media, security."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from .env import env_bool, env_choice, env_int, env_list, env_path, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PACKAGE_DIR = BASE_DIR / "ecourt"

# development: the embedded default on one machine; production: refuses unsafe settings.
ECOURT_ENV = env_choice("ECOURT_ENV", "development", ("development", "test", "production"))
PRODUCTION = ECOURT_ENV == "production"

# All files the platform writes (SQLite database, uploads, search indexes) live under one directory.
DATA_DIR = env_path("ECOURT_DATA_DIR", BASE_DIR / "var")
MEDIA_ROOT = env_path("ECOURT_MEDIA_ROOT", DATA_DIR / "media")
EXPORT_DIR = env_path("ECOURT_EXPORT_DIR", DATA_DIR / "exports")  # bulk data (judgments export)
# RFC 3161 timestamp authority for received case files (ecourt/evidence); none: timestamps stay pending
EVIDENCE_TSA_URL = env_str("EVIDENCE_TSA_URL")
# Resumable (tus) uploads of case files: the largest file taken, hours after its last bytes that an
# unfinished upload is removed, and days that a completed upload made for a petition waits for a draft to
# take it before it and its stored file are removed (`python -m ecourt evidence expire-uploads`, scheduled)
EVIDENCE_UPLOAD_MAX_MB = env_int("EVIDENCE_UPLOAD_MAX_MB", 4096, minimum=1)
EVIDENCE_UPLOAD_EXPIRE_HOURS = env_int("EVIDENCE_UPLOAD_EXPIRE_HOURS", 48, minimum=1)
EVIDENCE_UPLOAD_UNCLAIMED_DAYS = env_int("EVIDENCE_UPLOAD_UNCLAIMED_DAYS", 7, minimum=1)
# The court's PAdES signing key and certificate (+ intermediate CAs) and the roots /verify/ trusts (ecourt/signing)
SIGNING_KEY_FILE = env_str("SIGNING_KEY_FILE")
SIGNING_CERT_FILE = env_str("SIGNING_CERT_FILE")
SIGNING_CHAIN_FILES = env_list("SIGNING_CHAIN_FILES", [])
SIGNING_TRUST_ROOTS = env_list("SIGNING_TRUST_ROOTS", [])
SIGNING_VERIFY_MAX_BYTES = 20 * 1024 * 1024  # uploads to /verify/ (the form refuses larger files)
STATIC_ROOT = env_path("ECOURT_STATIC_ROOT", DATA_DIR / "static")

DEVELOPMENT_SECRET_KEY = "development-only-secret-key-do-not-use-in-production"  # noqa: S105
SECRET_KEY = env_str("SECRET_KEY", DEVELOPMENT_SECRET_KEY) or DEVELOPMENT_SECRET_KEY
DEBUG = env_bool("DEBUG", not PRODUCTION)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
for _origin in CSRF_TRUSTED_ORIGINS:
    if not _origin.startswith(("http://", "https://")):
        raise ImproperlyConfigured(
            f"CSRF_TRUSTED_ORIGINS: {_origin!r} must start with https:// (or http://), e.g. https://toaan.example.vn"
        )
LOG_LEVEL = (env_str("LOG_LEVEL", "INFO") or "INFO").upper()
if LOG_LEVEL not in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
    raise ImproperlyConfigured(f"LOG_LEVEL={LOG_LEVEL!r} must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL")

if PRODUCTION:
    if SECRET_KEY == DEVELOPMENT_SECRET_KEY:
        raise ImproperlyConfigured(
            "ECOURT_ENV=production refuses the development secret key: set SECRET_KEY or SECRET_KEY_FILE"
        )
    if len(SECRET_KEY) < 40:
        raise ImproperlyConfigured(
            f"ECOURT_ENV=production needs a SECRET_KEY of at least 40 characters (this one has {len(SECRET_KEY)})"
        )
    if DEBUG:
        raise ImproperlyConfigured("ECOURT_ENV=production refuses DEBUG=true")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("ECOURT_ENV=production needs ALLOWED_HOSTS")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 31_536_000
    # Behind a proxy that terminates TLS and sets X-Forwarded-Proto; turn off only for a plain-HTTP probe.
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # Only when every subdomain of the court's domain is served over HTTPS.
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "django_htmx",
    # infrastructure apps (named, never a catch-all)
    "ecourt.audit",
    "ecourt.jobs",
    "ecourt.search",
    # domain apps
    "ecourt.courts",
    "ecourt.people",
    "ecourt.identity",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "ecourt.twofactor",
    "ecourt.deadlines",
    "ecourt.cases",
    "ecourt.fees",
    "ecourt.laws",
    "ecourt.citations",
    "ecourt.judgments",
    "ecourt.precedents",
    "ecourt.anonymization",
    "ecourt.assistant",
    "ecourt.qa",
    "ecourt.evidence",
    "ecourt.signing",
    "ecourt.casefiles",
    "ecourt.eservice",
    "ecourt.filing",
    "ecourt.demo",
]

AUTH_USER_MODEL = "people.User"
LOGIN_URL = "people:login"
LOGIN_REDIRECT_URL = "cases:docket"
LOGOUT_REDIRECT_URL = "people:login"

# E-mail (electronic service notifications). Development prints mails on the console unless an SMTP
# host is given; production sends through EMAIL_HOST.
EMAIL_HOST = env_str("EMAIL_HOST", "") or ""
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "") or ""
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "") or ""
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "tongdat@toaan.local") or "tongdat@toaan.local"
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST or PRODUCTION
    else "django.core.mail.backends.console.EmailBackend"
)
# Links in the notification e-mails, and the unopened period after which service is deemed done (working
# days). No default: the period must come from Resolution 04/2016/NQ-HĐTP, whose text is not in the corpus
# yet (docs/eservice.md); unset, nothing is deemed served and `eservice mark-deemed` says why.
ESERVICE_BASE_URL = env_str("ESERVICE_BASE_URL", "http://localhost:8000") or "http://localhost:8000"
_DEEMED = env_str("ESERVICE_DEEMED_AFTER_WORKING_DAYS")
ESERVICE_DEEMED_AFTER_WORKING_DAYS: int | None = (
    env_int("ESERVICE_DEEMED_AFTER_WORKING_DAYS", 0, minimum=0) if _DEEMED else None
)

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "ecourt.middleware.VietnameseFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "ecourt.twofactor.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "ecourt.audit.middleware.RequestContextMiddleware",
]

ROOT_URLCONF = "ecourt.urls"
WSGI_APPLICATION = "ecourt.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ecourt.people.context_processors.roles",
            ],
        },
    },
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Vietnamese first, English available. Dates are shown dd/mm/yyyy in both (formats/).
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
FORMAT_MODULE_PATH = ["ecourt.formats"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
MEDIA_URL = "media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Development serves static files straight from the app directories, without collectstatic.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    # Django's own console handler would print each of its messages a second time beside the root's.
    "loggers": {"django": {"handlers": [], "propagate": True}},
}
