"""Personal data (phones, ID numbers) must never reach the audit log or the log files."""

import logging
import re

from cppcc_portal.core.masking import mask_id_number, mask_phone

_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<!\d)(?:\+?86[- ]?)?1[3-9]\d{9}(?!\d)")
_LANDLINE = re.compile(r"(?<!\d)0\d{2,3}-?\d{7,8}(?!\d)")


def scrub(text) -> str:
    """The text with anything shaped like an ID number or a phone number masked."""
    if not text:
        return ""
    text = str(text).replace("\x00", "")
    text = _ID_NUMBER.sub(lambda m: mask_id_number(m.group(0)), text)
    text = _MOBILE.sub(lambda m: mask_phone(m.group(0)), text)
    return _LANDLINE.sub(lambda m: mask_phone(m.group(0)), text)


class PersonalDataFilter(logging.Filter):
    """Logging filter: masks phones and ID numbers in every record it passes."""

    def filter(self, record):
        try:
            message = record.getMessage()
        except Exception:  # a malformed record is still logged, unformatted
            message = str(record.msg)
        cleaned = scrub(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True
