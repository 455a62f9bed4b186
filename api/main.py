"""The API: one NinjaAPI under /api/ (schema /api/openapi.json, docs /api/docs from ninja's
own static files: no CDN). Every route needs a device token or the web session, and is
throttled per token."""

from ninja import NinjaAPI

from .auth import AUTH, THROTTLE
from .errors import install
from .routes import duty, meetings, members, news, notifications, opinions, proposals, units


class PortalApi(NinjaAPI):
    """The schema is built once per process (building it takes most of a second, and the
    schema page needs no login): the routes do not change while the process runs."""

    _schemas: dict

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        cache = self.__dict__.setdefault("_schemas", {})
        if path_prefix not in cache:
            cache[path_prefix] = super().get_openapi_schema(path_prefix=path_prefix)
        return cache[path_prefix]


api = PortalApi(
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
