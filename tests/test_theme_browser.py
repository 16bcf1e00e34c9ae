"""The theme button in a real browser: site.js makes it in the header (base.html leaves it
out: it works only with JavaScript); a click goes system -> light -> dark -> system, the
choice is kept in localStorage and applied before the next page paints."""

from __future__ import annotations

import pytest

from test_search_browser import browser, built, serve  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser

STATE = "() => [document.documentElement.dataset.theme || null, getComputedStyle(document.body).backgroundColor]"


@pytest.mark.parametrize("base", ["/", "/catalog/"])
def test_the_theme_button_cycles_and_the_choice_lasts(browser, built, base):  # noqa: F811
    context = browser.new_context(color_scheme="light")
    page = context.new_page()
    page.goto(built[base][1] + "papers/ferret-ui/")
    button = page.locator(".header-row .theme-toggle")
    assert button.inner_text() == "System" and button.get_attribute("aria-label") == "Colour theme: system (change)"
    light_bg = page.evaluate(STATE)[1]
    seen = []
    for _ in range(3):
        button.click()
        seen.append((button.inner_text(), *page.evaluate(STATE), page.evaluate("localStorage.getItem('theme')")))
    assert [s[0] for s in seen] == ["Light", "Dark", "System"]
    assert [s[1] for s in seen] == ["light", "dark", None]
    assert [s[3] for s in seen] == ["light", "dark", None]
    assert seen[0][2] == light_bg and seen[1][2] != light_bg and seen[2][2] == light_bg
    button.click()
    button.click()                                  # dark again
    page.goto(built[base][1] + "topics/moe/")      # another page: dark from the start
    assert page.evaluate(STATE)[0] == "dark"
    assert page.locator(".theme-toggle").inner_text() == "Dark"
    context.close()


def test_the_header_search_form_goes_to_the_index_of_the_base(browser, built):  # noqa: F811
    page = browser.new_page()
    page.goto(built["/catalog/"][1] + "papers/ferret-ui/")
    form = page.locator(".header-row form.header-search")
    assert form.get_attribute("action") == "/catalog/" and form.get_attribute("role") == "search"
    assert page.locator("#header-q").get_attribute("aria-label") == "Search papers"
    page.goto(built["/catalog/"][1])
    assert page.locator("form.header-search").count() == 0   # the index has the search panel
    assert page.locator(".header-row .theme-toggle").count() == 1
    page.close()


OLD_ENGINE = """(() => {  // a browser without regex lookbehind: building one throws, as Safari before 16.4
  const Native = RegExp;
  window.RegExp = function (pattern, flags) {
    if (typeof pattern === "string" && /\\(\\?<[=!]/.test(pattern)) throw new SyntaxError("no lookbehind");
    return new Native(pattern, flags);
  };
  window.RegExp.prototype = Native.prototype;
})();"""


def test_without_regex_lookbehind_site_js_still_makes_the_header_and_the_bibtex(browser, built):  # noqa: F811
    context = browser.new_context()
    context.add_init_script(OLD_ENGINE)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(error))
    page.goto(built["/"][1] + "papers/ferret-ui/")
    assert page.locator(".header-row .theme-toggle").inner_text() == "System"
    assert page.locator("#header-q").count() == 1
    assert page.locator("#bibtex").text_content().startswith("@inproceedings{")
    assert not errors
    context.close()
