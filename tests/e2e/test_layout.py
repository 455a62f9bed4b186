"""Each role's home and main list in the demo district, in a real browser at a phone's 375 px
and at a laptop's 1366 px: no horizontal scroll, no element wider than the viewport, and at
phone width the lists are cards whose titles have room (at least 200 px). Screenshots of every
page land in test-artifacts/layout/ for a person to look at."""

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from cppcc_portal.core.demodata import DEMO_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "layout"

# demo account → (its home, its main list)
PAGES = {
    "member": ("/", "/proposals/mine/"),
    "proposal_staff": ("/", "/proposals/"),
    "opinion_staff": ("/", "/opinions/"),
    "consultation_staff": ("/", "/consultations/"),
    "liaison_staff": ("/", "/members/"),
    "unit_liaison": ("/", "/proposals/unit/"),
    "station_manager": ("/", "/stations/"),
    "leader": ("/", "/proposals/"),
    "admin": ("/", "/members/"),
    "security_admin": ("/", "/accounts/security/"),
    "security_auditor": ("/", "/audit/"),
}
WIDTHS = {"phone": 375, "desktop": 1366}

# Elements whose right edge passes the viewport, left out: what is hidden, off-canvas, or inside
# a box that scrolls sideways on purpose (a chart's own canvas never does).
OVERFLOWING = """() => {
  const inScroller = (el, width) => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const o = getComputedStyle(a).overflowX;
      if ((o === "auto" || o === "scroll") && a.getBoundingClientRect().right <= width + 1) return true;
    }
    return false;
  };
  const width = document.documentElement.clientWidth;
  const bad = [];
  for (const el of document.body.querySelectorAll("*")) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || r.right <= width + 1) continue;
    const style = getComputedStyle(el);
    if (style.visibility === "hidden" || style.position === "fixed") continue;
    if (el.closest(".offcanvas:not(.show), .collapse:not(.show), .visually-hidden, .dropdown-menu:not(.show)")) continue;
    if (inScroller(el, width)) continue;
    bad.push(el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + "." + [...el.classList].join(".") + " right=" + Math.round(r.right));
    if (bad.length > 5) break;
  }
  return {scroll: document.documentElement.scrollWidth, width, bad};
}"""

# The same rows: at 375 px each row is a card with its title on a line of its own; from the
# md breakpoint the header row is back.
ROW_SHAPE = """() => {
              const t = document.querySelector("table.table-cards");
              const row = t.querySelector("tbody tr");
              const title = row.querySelector("td[data-cell=title]").getBoundingClientRect();
              const number = row.querySelector("td[data-cell=number]").getBoundingClientRect();
              return {header: getComputedStyle(t.querySelector("thead")).display,
                      rowDisplay: getComputedStyle(row).display,
                      titleBelowNumber: title.top >= number.bottom - 1};
            }"""

CARD_TITLES = """() => [...document.querySelectorAll("table.table-cards td[data-cell=title]")]
  .filter((td) => td.getBoundingClientRect().height > 0)
  .map((td) => Math.round(td.getBoundingClientRect().width))"""


@pytest.fixture
def demo_district(db):
    call_command("seed_demo", verbosity=0)
    return {u.username: u for u in get_user_model().objects.filter(username__in=PAGES)}


def test_every_roles_home_and_main_list_fit_the_phone_and_the_laptop(
    browser, live_server, demo_district
):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    assert set(demo_district) == set(PAGES)
    problems, shape = [], {}
    for width_name, width in WIDTHS.items():
        context = browser.new_context(
            viewport={"width": width, "height": 800},
            is_mobile=width < 768,
            has_touch=width < 768,
            locale="zh-CN",
            timezone_id="Asia/Shanghai",
        )
        for username, urls in PAGES.items():
            page = context.new_page()
            page.goto(f"{live_server.url}/accounts/login/")
            page.fill("input[name=username]", username)
            page.fill("input[name=password]", DEMO_PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url(f"{live_server.url}/**")
            for url in urls:
                response = page.goto(f"{live_server.url}{url}")
                assert response.status == 200, (username, url, response.status)
                page.wait_for_load_state("networkidle")
                name = f"{username}-{url.strip('/').replace('/', '-') or 'home'}-{width_name}"
                page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
                fit = page.evaluate(OVERFLOWING)
                if fit["scroll"] > fit["width"] or fit["bad"]:
                    problems.append((name, fit))
                if (username, url) == ("proposal_staff", "/proposals/"):
                    shape[width_name] = page.evaluate(ROW_SHAPE)
                if width_name == "phone" and url != "/":
                    titles = page.evaluate(CARD_TITLES)
                    narrow = [w for w in titles if w < 200]
                    if narrow:
                        problems.append((name, {"card titles narrower than 200 px": narrow}))
            page.context.clear_cookies()
            page.close()
        context.close()
    assert not problems, problems
    assert shape["phone"] == {"header": "none", "rowDisplay": "flex", "titleBelowNumber": True}
    assert shape["desktop"] == {
        "header": "table-header-group",
        "rowDisplay": "table-row",
        "titleBelowNumber": False,
    }
