"""What each app contributes to the portal as a whole, found by autodiscovery (as the admin
finds `admin.py`): menu entries (`<app>/navigation.py`: NAV), home-page sections
(`<app>/home.py`: SECTIONS) and demo data (`<app>/demo.py`: STEPS). The foundation names no
app; an app that is installed takes part, one that is not does not.

A module may set POSITION (default 50): modules are taken by POSITION, then in
INSTALLED_APPS order.
"""

from functools import cache
from importlib import import_module

from django.apps import apps
from django.utils.module_loading import module_has_submodule


@cache
def modules(name: str) -> tuple:
    """The installed apps' `<app>.<name>` modules, sorted by their POSITION."""
    found = []
    for position, config in enumerate(apps.get_app_configs()):
        if module_has_submodule(config.module, name):
            module = import_module(f"{config.name}.{name}")
            found.append((getattr(module, "POSITION", 50), position, module))
    return tuple(module for _order, _position, module in sorted(found, key=lambda t: t[:2]))


def contributions(name: str, attribute: str) -> list:
    """Every `attribute` list of the `<app>.<name>` modules, joined in their order."""
    joined = []
    for module in modules(name):
        joined.extend(getattr(module, attribute, ()))
    return joined
