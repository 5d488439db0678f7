"""The app shell: installable, and a person's language and text size are remembered."""

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, wait_until_controlled


def test_app_is_installable(browser, live_server, tmp_path):
    # An incognito context (Playwright's default) is never installable: use a real profile.
    context = browser.browser_type.launch_persistent_context(
        str(tmp_path / "profile"), executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, base_url=live_server.url)
    page = context.new_page()
    page.goto("/")
    wait_until_controlled(page)
    cdp = page.context.new_cdp_session(page)
    assert cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] == []
    manifest = cdp.send("Page.getAppManifest")
    assert manifest["errors"] == [] and "科创陕西" in manifest["data"]
    context.close()


def test_english_and_large_text_are_remembered_after_a_reload(new_context, screenshot):
    page = new_context().new_page()
    page.goto("/")
    page.get_by_role("button", name="EN").click()
    page.get_by_role("button", name="Large text").click()
    page.reload()
    page.get_by_role("heading", name="Near me").wait_for()
    assert page.evaluate("() => [document.documentElement.lang, document.documentElement.className]") == ["en", "large"]
    screenshot(page)
