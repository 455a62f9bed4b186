"""Where a `next=` value or a Referer may send the user: only back into this site."""

from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme


def local_url(request, target: str) -> str:
    """`target` if it is a path or URL of this site that a Location header can carry, else "".

    Only a path ("/…") or an absolute URL of this host (a Referer): a bare word would be taken
    by `redirect()` for a URL name (a 500), and a relative path lands somewhere unforeseen."""
    if (
        not target.startswith(("/", "http://", "https://"))
        or any(c < " " or c == "\x7f" for c in target)
        or not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure())
    ):
        return ""
    return target


def redirect_back(request, target: str, fallback, *args) -> HttpResponseRedirect:
    """Redirect to `target` if it is local, else to `fallback` (a URL name or path)."""
    local = local_url(request, target)
    return HttpResponseRedirect(local) if local else redirect(fallback, *args)
