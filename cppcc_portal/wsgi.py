import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cppcc_portal.settings")

from cppcc_portal.settings import require_real_secret_key  # noqa: E402

require_real_secret_key()
application = get_wsgi_application()
