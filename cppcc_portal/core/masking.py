"""Masking of personal data (phones, ID numbers, addresses) for everyone but staff."""


def mask_phone(value: str | None) -> str:
    if not value:
        return ""
    value = str(value)
    if len(value) <= 4:
        return "*" * len(value)
    keep_head = 3 if len(value) >= 11 else 1
    return value[:keep_head] + "*" * (len(value) - keep_head - 4) + value[-4:]


def mask_id_number(value: str | None) -> str:
    if not value:
        return ""
    value = str(value)
    if len(value) <= 4:
        return "*" * len(value)
    return value[:1] + "*" * (len(value) - 2) + value[-1:]


def mask_address(value: str | None) -> str:
    """Keep the first few characters (the district or town), hide the rest."""
    if not value:
        return ""
    value = str(value)
    keep = min(3, max(len(value) // 3, 0))
    return value[:keep] + "*" * min(len(value) - keep, 8)
