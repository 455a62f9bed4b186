"""SMS backends: pick one with SMS_BACKEND."""

import json
import logging
import urllib.request

from django.conf import settings

logger = logging.getLogger(__name__)


class LoggingSmsBackend:
    """Development default: writes a line (without the number) instead of sending."""

    def send(self, phone: str, text: str):
        logger.info("SMS to ***%s: %s", phone[-4:], text)


class HttpGatewaySmsBackend:
    """Posts JSON built from SMS_GATEWAY_TEMPLATE to SMS_GATEWAY_URL (a district's SMS platform)."""

    def send(self, phone: str, text: str):
        if not settings.SMS_GATEWAY_URL:
            raise RuntimeError("SMS_GATEWAY_URL is not set")
        body = settings.SMS_GATEWAY_TEMPLATE.replace("{phone}", json.dumps(phone)[1:-1]).replace(
            "{text}", json.dumps(text, ensure_ascii=False)[1:-1]
        )
        request = urllib.request.Request(
            settings.SMS_GATEWAY_URL,
            data=body.encode("utf-8"),
            method="POST",
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {settings.SMS_GATEWAY_TOKEN}",
            },
        )
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - configured URL
            if response.status >= 300:
                raise RuntimeError(f"SMS gateway answered {response.status}")
