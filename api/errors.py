"""Every error of the API as JSON: {code, message (in Chinese), field}, with `errors` listing
each field when there are several. The services' own messages are passed on as they are."""

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError


class FieldError(Schema):
    field: str | None = None
    message: str


class ErrorOut(Schema):
    code: str
    message: str
    field: str | None = None
    errors: list[FieldError] = []


# the answers every route may give besides its own (documented in the schema)
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut}


def responses(ok_status=200, ok_schema=None) -> dict:
    return {ok_status: ok_schema, **ERRORS}


def _body(code, message, field=None, errors=()):
    return {
        "code": code,
        "message": str(message),
        "field": field,
        "errors": [{"field": f, "message": str(m)} for f, m in errors],
    }


def _field(name):
    return None if name in (None, "__all__") else str(name)


def _django_validation(exc: DjangoValidationError):
    if hasattr(exc, "error_dict"):
        pairs = [(_field(f), m) for f, errs in exc.message_dict.items() for m in errs]
    else:
        pairs = [(None, m) for m in exc.messages]
    pairs = pairs or [(None, _("The request is not valid."))]
    return _body("invalid", pairs[0][1], pairs[0][0], pairs)


def _ninja_validation(exc: NinjaValidationError):
    pairs = []
    for error in exc.errors:
        loc = [
            str(p) for p in error.get("loc", ()) if p not in ("body", "payload", "query", "path")
        ]
        pairs.append((".".join(loc) or None, _("This value is missing or not valid.")))
    pairs = pairs or [(None, _("The request is not valid."))]
    return _body("invalid", pairs[0][1], pairs[0][0], pairs)


def install(api):
    """Replace ninja's default handlers: JSON in the same shape for every failure."""

    def answer(request, status, body):
        return api.create_response(request, body, status=status)

    def handler(build, status):
        def handle(request, exc):
            with translation.override(settings.LANGUAGE_CODE):
                return answer(request, status, build(exc))

        return handle

    api.add_exception_handler(
        AuthenticationError,
        handler(lambda e: _body("unauthorized", _("Log in, or send a valid token.")), 401),
    )
    api.add_exception_handler(
        Throttled,
        handler(lambda e: _body("throttled", _("Too many requests: wait a little.")), 429),
    )
    api.add_exception_handler(
        PermissionDenied,
        handler(lambda e: _body("forbidden", str(e) or _("You may not do this.")), 403),
    )
    not_found = handler(lambda e: _body("not_found", _("Not found.")), 404)
    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(ObjectDoesNotExist, not_found)
    api.add_exception_handler(DjangoValidationError, handler(_django_validation, 422))
    api.add_exception_handler(NinjaValidationError, handler(_ninja_validation, 422))

    def http_error(request, exc: HttpError):
        with translation.override(settings.LANGUAGE_CODE):
            code = {400: "bad_request", 403: "forbidden", 405: "not_allowed"}.get(
                exc.status_code, "error"
            )
            return answer(request, exc.status_code, _body(code, _("The request is not valid.")))

    api.add_exception_handler(HttpError, http_error)
