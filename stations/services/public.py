"""What a resident does on a station's public page, without an account."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cppcc_portal.notifications.services import notify

from ..models import Opinion, Station
from ._base import station_managers
from .opinions import _new_opinion


@transaction.atomic
def submit_public_opinion(
    *, station: Station, category: str, content: str, resident_name="", resident_contact=""
) -> Opinion:
    """A resident leaves an opinion on the station's public page (no account)."""
    if not station.is_active:
        raise ValidationError(_("This station does not accept opinions at present."))
    opinion = _new_opinion(
        station=station,
        source=Opinion.Source.PUBLIC,
        category=category,
        content=content,
        resident_name=resident_name,
        resident_contact=resident_contact,
    )
    notify(
        recipients=station_managers(station),
        kind="station.opinion_received",
        title=_("A resident left an opinion at %(station)s") % {"station": station.name},
        body=opinion.content[:200],
        target=opinion,
        url=opinion.get_absolute_url(),
    )
    return opinion
