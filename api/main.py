"""The API: one NinjaAPI under /api/ (schema /api/openapi.json, docs /api/docs from ninja's
own static files: no CDN). Every route needs a device token or the web session, and is
throttled per token."""

from ninja import NinjaAPI

from .auth import AUTH, THROTTLE
from .errors import install
from .routes import duty, meetings, members, news, notifications, opinions, proposals, units

api = NinjaAPI(
    title="CPPCC portal API",
    version="1",
    description=(
        "Send `Authorization: Bearer <token>` (make a token under 设备令牌 in the portal), "
        "or use the web session. Errors: {code, message, field}."
    ),
    auth=AUTH,
    throttle=THROTTLE,
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
install(api)
for module in (proposals, members, opinions, news, meetings, duty, notifications, units):
    api.add_router("", module.router)
