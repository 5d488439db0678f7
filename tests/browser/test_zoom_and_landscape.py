"""Item 14: at 200 % zoom (a 412-px phone is 206 CSS px wide) every tab and 登录 fit unbroken; in landscape
(860 × 412) the header takes little of the screen."""

import pytest

from tests.browser.conftest import log_in
from tests.browser.test_station_offline import station_head  # noqa: F401

TABS = """() => [...document.querySelectorAll('#nav a')].map((a) => {
  const r = a.getBoundingClientRect();
  return { text: a.textContent, left: r.left, right: r.right, top: r.top, bottom: r.bottom };
})"""
# the line boxes of an element's text: 2 when it wraps
LINES = "(el) => { const r = document.createRange(); r.selectNodeContents(el); return r.getClientRects().length; }"


def _all_tabs_visible(page):
    width = page.evaluate("window.innerWidth")
    tabs = page.evaluate(TABS)
    hidden = [t["text"] for t in tabs if t["left"] < 0 or t["right"] > width + 0.5]
    assert not hidden, f"cut off at {width}px: {hidden}"
    return tabs


@pytest.mark.parametrize("signed_in", [False, True])
def test_at_200_percent_zoom_every_tab_shows_and_login_stays_on_one_line(new_context, station_head,  # noqa: F811
                                                                         signed_in, screenshot):
    page = new_context(viewport={"width": 206, "height": 430}).new_page()
    if signed_in:  # the most tabs: 附近活动 我的 站点日志 待发送
        log_in(page, station_head, next_path="/me")
        page.get_by_role("heading", name="王站长").wait_for()
    else:
        page.goto("/")
        page.locator("main h2").wait_for()
    if not signed_in:
        login = page.locator("#tools .tool", has_text="登录")
        login.wait_for(state="visible")  # the header's tools are drawn once the app knows who is there
        # measured on the element in the page at the time (the tools may be drawn again as the app starts)
        lines = page.wait_for_function(f"""() => {{
            const el = [...document.querySelectorAll("#tools .tool")].find((e) => e.textContent.includes("登录"));
            return el && ({LINES})(el);
        }}""").json_value()
        assert lines == 1
    tabs = _all_tabs_visible(page)
    assert "待发送" in [t["text"] for t in tabs]
    assert page.evaluate("document.documentElement.scrollWidth") <= 206
    screenshot(page, f"item14-zoom-200-{'station-head' if signed_in else 'resident'}")


def test_in_landscape_the_header_is_small_and_every_tab_shows(new_context, station_head, screenshot):  # noqa: F811
    page = new_context(viewport={"width": 860, "height": 412}).new_page()
    log_in(page, station_head, next_path="/me")
    page.get_by_role("heading", name="王站长").wait_for()
    _all_tabs_visible(page)
    header = page.locator("header.bar").bounding_box()["height"]
    assert header <= 412 * 0.2, f"the header is {header}px of 412"
    screenshot(page, "item14-landscape")

