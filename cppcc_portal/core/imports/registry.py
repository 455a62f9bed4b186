"""The sheets the installed apps declare (`<app>/imports.py`: SHEETS), by slug."""

from django.http import Http404

from ..contributions import contributions


def sheets() -> dict:
    return {spec.slug: spec for spec in contributions("imports", "SHEETS")}


def sheet(slug: str):
    try:
        return sheets()[slug]
    except KeyError:
        raise Http404 from None
