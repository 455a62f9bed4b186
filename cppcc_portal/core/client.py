"""The client's address: the one rule the audit log, django-axes and every rate limit use.

X-Forwarded-For can be written by anyone, so it is believed only when the direct peer
(REMOTE_ADDR) is one of settings.TRUSTED_PROXIES (addresses or networks such as
"10.0.0.0/8"); then the right-most hop that is not itself a trusted proxy is the client. A
hop that is not an address ends the walk (the peer's own address stands).
"""

import ipaddress
from functools import lru_cache

from django.conf import settings


def _valid_ip(value):
    try:
        return str(ipaddress.ip_address(value.strip()))
    except (ValueError, AttributeError):
        return None


@lru_cache(maxsize=16)
def _networks(entries: tuple[str, ...]):
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError:
            continue
    return tuple(networks)


def _trusted(ip: str) -> bool:
    networks = _networks(tuple(getattr(settings, "TRUSTED_PROXIES", []) or []))
    address = ipaddress.ip_address(ip)
    return any(address.version == n.version and address in n for n in networks)


def client_address(request) -> str | None:
    """The client's address, or None when there is no request (or no usable peer)."""
    if request is None:
        return None
    meta = getattr(request, "META", {}) or {}
    remote = _valid_ip(meta.get("REMOTE_ADDR", ""))
    if remote and _trusted(remote):
        hops = [h for h in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
        for hop in reversed(hops):
            ip = _valid_ip(hop)
            if ip is None:
                break
            if not _trusted(ip):
                return ip
    return remote
