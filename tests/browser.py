"""Helpers for the browser tests."""


def open_menu(page):
    """Open the phone menu and wait until Bootstrap's collapse has finished: a click during
    its animation can land on nothing (seen on a loaded machine)."""
    page.click("button.navbar-toggler")
    page.wait_for_selector("#mainnav.show:not(.collapsing)")
