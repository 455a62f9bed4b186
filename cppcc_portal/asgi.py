import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cppcc_portal.settings")

from cppcc_portal.settings import require_real_secret_key  # noqa: E402

require_real_secret_key()
application = get_asgi_application()
