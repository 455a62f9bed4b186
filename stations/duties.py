"""The deadline liaison stations open, with its name."""

from django.utils.translation import gettext_lazy

REFERRAL_DUTY = "station.opinion_referral"

DUTIES = {REFERRAL_DUTY: gettext_lazy("Referred residents' opinion")}
