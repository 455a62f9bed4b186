"""The deadline a notice with a reply date opens, with its name."""

from django.utils.translation import gettext_lazy

RECEIPT_DUTY = "news.receipt"

DUTIES = {RECEIPT_DUTY: gettext_lazy("Notice receipt")}
