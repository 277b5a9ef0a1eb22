"""WSGI entry point for production servers (gunicorn ecourt.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ecourt.settings")
application = get_wsgi_application()
