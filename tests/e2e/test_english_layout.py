"""In English (issue 24): the site title stays on one line in the bar and the consultation
tabs can all be reached, at a phone's 375 px and a laptop's 1366 px."""

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from cppcc_portal.core.demodata import DEMO_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "layout"

BRAND = """() => {
  const a = document.querySelector(".navbar-brand");
  const r = a.getBoundingClientRect();
  const line = parseFloat(getComputedStyle(a).lineHeight) || 24;
  return {height: r.height, line, right: r.right, top: r.top, width: document.documentElement.clientWidth,
          text: a.innerText.trim()};
}"""
TABS = """() => {
  const ul = document.querySelector(".consultation-tabs");
  const links = [...ul.querySelectorAll(".nav-link")];
  const box = ul.getBoundingClientRect();
  return {scrolls: ul.scrollWidth > ul.clientWidth, overflowX: getComputedStyle(ul).overflowX,
          right: box.right, width: document.documentElement.clientWidth,
          oneLine: links.every(l => l.getBoundingClientRect().height < 50),
          labels: links.map(l => l.innerText.trim())};
}"""


@pytest.fixture
def demo_district(db):
    call_command("seed_demo", verbosity=0)
    return get_user_model().objects.get(username="consultation_staff")


@pytest.mark.parametrize("width", [375, 1366])
def test_english_title_and_consultation_tabs(browser, live_server, demo_district, width):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(
        viewport={"width": width, "height": 800}, is_mobile=width < 768, has_touch=width < 768,
        locale="en-US", extra_http_headers={"Accept-Language": "en"},
    )  # fmt: skip
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "consultation_staff")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/**")
    # the language switch in the footer, as a person would use it
    page.select_option("#lang", "en")
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "en"
    for url in ("/", "/consultations/"):
        page.goto(f"{live_server.url}{url}")
        page.wait_for_load_state("networkidle")
        page.screenshot(
            path=str(ARTIFACTS / f"english-{url.strip('/') or 'home'}-{width}.png"), full_page=True
        )
        brand = page.evaluate(BRAND)
        assert brand["height"] <= brand["line"] * 1.5, brand  # one line
        assert brand["right"] <= brand["width"], brand
        expected = "CPPCC Portal" if width < 576 else "District CPPCC Members' Portal"
        assert brand["text"] == expected, brand
        # the bell and the account menu stay on the brand's row
        bell = page.locator("#notification-bell").first.bounding_box()
        assert bell and abs(bell["y"] - brand["top"]) < brand["line"], (bell, brand)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.goto(f"{live_server.url}/consultations/reports/")
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(ARTIFACTS / f"english-reports-{width}.png"))
    tabs = page.evaluate(TABS)
    assert "Research reports" in tabs["labels"] and tabs["oneLine"], tabs
    assert tabs["right"] <= width + 1, tabs
    # the current tab (the last, research reports) is in view: on a phone the row scrolls
    # sideways to it, on a laptop the row wraps and no tab is cut off
    box = page.locator(".consultation-tabs .nav-link.active").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width + 1, box
    if width == 375:
        assert tabs["scrolls"] and tabs["overflowX"] in ("auto", "scroll"), tabs
    else:
        assert not tabs["scrolls"], tabs
        for link in page.locator(".consultation-tabs .nav-link").all():
            edge = link.bounding_box()
            assert edge["x"] + edge["width"] <= width
    context.close()
