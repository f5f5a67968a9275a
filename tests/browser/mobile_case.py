"""A customer on a phone: the text's link in Chromium at 390x844, driven by Playwright.

Opens the estimate view from the approval text, goes to the messages and replies, comes
back, approves all then defers and declines one line each (with reasons), authorises with a
PO number, reads the thank-you page and the history, opens the page again on a phone set to
Spanish and switches it to French and back, and runs axe-core (WCAG 2.0/2.1/2.2 A and AA) on
every page it sees. Prints one JSON line of what it found; exits non-zero on the first
thing that is not as a customer should find it.

    python mobile_case.py LINK SCREENSHOT.png   (the thank-you page goes to SCREENSHOT-thanks.png)
"""

import json
import sys

from playwright.sync_api import expect, sync_playwright

from browser_common import ARGS, violations

LINK, SCREENSHOT = sys.argv[1], sys.argv[2]
found = {"axe": {}}


def check_accessibility(page, name):
    found_there = violations(page)
    found["axe"][name] = [f"{v['id']} ({v['impact']})" for v in found_there]
    bad = [v for v in found_there if v["impact"] in ("serious", "critical")]
    assert not bad, f"{name}: {json.dumps(bad, indent=1)[:3000]}"


with sync_playwright() as p:
    browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                  has_touch=True, device_scale_factor=2)
    page = context.new_page()

    # The customer opens the approval text's link: the estimate view, the dealer on top.
    page.goto(LINK)
    expect(page.get_by_role("heading", level=1)).to_have_text("Estimate, version 1")
    expect(page.locator("header.dealer")).to_contain_text("Demo Truck Center Dallas")
    expect(page.locator("header.dealer")).to_contain_text("2400 Commerce St, Dallas, TX 75201")
    expect(page.locator("header.dealer a[href^='tel:+1']")).to_be_visible()
    expect(page.get_by_text("Waiting for your decision")).to_be_visible()
    # The technician's photo under the tyre line: drawn as a thumbnail, opened full size.
    photo = page.locator("fieldset", has_text="Tyres, steer axle").get_by_role("img", name="Bulge on the left steer tyre")
    expect(photo).to_be_visible()
    assert page.evaluate("(img) => img.complete && img.naturalWidth", photo.element_handle()) == 8
    check_accessibility(page, "estimate view")
    page.screenshot(path=SCREENSHOT, full_page=True)
    photo.click()
    page.wait_for_url("**/_local/blobs/**")
    page.go_back()
    expect(page.get_by_role("heading", level=1)).to_have_text("Estimate, version 1")

    # From it, the messages view: the note, and a reply through the form.
    page.get_by_role("link", name="Messages from Demo Truck Center Dallas").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your case")
    expect(page.get_by_text("Parts arrived, the brake job can start")).to_be_visible()
    check_accessibility(page, "messages view")
    page.get_by_label("Your reply to Demo Truck Center Dallas").fill("Thanks, go ahead with the brakes")
    page.get_by_role("button", name="Send reply").click()
    expect(page.get_by_text("Thanks, go ahead with the brakes")).to_be_visible()

    # Back to the estimate: approve all, then change two lines, each with a reason.
    page.get_by_role("link", name="Estimate, version 1").click()
    page.get_by_role("radiogroup", name="Every line at once").get_by_label("Approve all").check()
    # The approved amount follows the choices before anything is sent (script enhancement),
    # by the rule it is billed by: the three lines and the $25.00 of shop supplies (the
    # typed tax is on the whole estimate, so the page says "before tax").
    expect(page.locator("[data-approved-cents]")).to_have_text("$2,155.00")
    page.get_by_role("radiogroup", name="Your decision on Tyres, steer axle").get_by_label("Defer").check()
    page.locator("fieldset", has_text="Tyres, steer axle").get_by_label("Reason (optional)").fill("Next month")
    page.get_by_role("radiogroup", name="Your decision on Wiper blades").get_by_label("Decline").check()
    page.locator("fieldset", has_text="Wiper blades").get_by_label("Reason (optional)").fill("Not needed")
    expect(page.locator("[data-approved-cents]")).to_have_text("$1,225.00")
    # Their authorisation: the name is theirs already; the fleet's PO number is typed.
    expect(page.get_by_label("Your full name")).to_have_value("Jo Fleet")
    page.get_by_label("Purchase order (PO) number (optional)").fill("PO-4471")
    expect(page.get_by_text("I authorise Demo Truck Center Dallas to do the work I approve")).to_be_visible()
    page.get_by_role("button", name="Send my decisions").click()

    # The thank-you page: the dealer, the case, each line, what is approved, who authorised.
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")
    expect(page.get_by_text("3 lines decided by you")).to_be_visible()
    expect(page.get_by_text("$1,225.00 before tax")).to_be_visible()
    expect(page.get_by_text("Authorised by Jo Fleet, PO PO-4471.")).to_be_visible()
    expect(page.locator("header.dealer")).to_contain_text("Demo Truck Center Dallas")
    found["confirmation"] = page.inner_text("main")
    check_accessibility(page, "confirmation")
    page.screenshot(path=SCREENSHOT.replace(".png", "-thanks.png"), full_page=True)

    # Back on the estimate, the history shows the version, the decisions and who authorised.
    page.get_by_role("link", name="See the estimate").click()
    page.get_by_text("History of this estimate").click()
    expect(page.get_by_text("Jo Fleet deferred Tyres, steer axle (Next month) on version 1")).to_be_visible()
    expect(page.get_by_text("Authorised by Jo Fleet (PO PO-4471)")).to_be_visible()
    check_accessibility(page, "estimate after deciding")

    # The same link on a phone set to Spanish: the page speaks Spanish (Accept-Language), and
    # its language switch keeps a choice for the contact (French, then back to English).
    spanish = browser.new_context(locale="es-MX", viewport={"width": 390, "height": 844},
                                  is_mobile=True, has_touch=True)
    es = spanish.new_page()
    es.goto(LINK)
    expect(es.locator("html")).to_have_attribute("lang", "es")
    expect(es.get_by_role("heading", level=1)).to_have_text("Presupuesto, versión 1")
    expect(es.get_by_role("row", name="Total del presupuesto")).to_be_visible()
    expect(es.get_by_text("Historial de este presupuesto")).to_be_visible()
    expect(es.locator("header.dealer")).to_contain_text("Llame o escriba al")
    found["spanish"] = es.inner_text("main")[:300]
    check_accessibility(es, "estimate view in Spanish")
    es.get_by_role("button", name="Français").click()
    expect(es.locator("html")).to_have_attribute("lang", "fr-CA")
    expect(es.get_by_role("heading", level=1)).to_have_text("Estimation, version 1")
    check_accessibility(es, "estimate view in French")
    es.get_by_role("button", name="English").click()
    expect(es.get_by_role("heading", level=1)).to_have_text("Estimate, version 1")
    spanish.close()

    # A forged link gets a page that says so, not a bare status.
    page.goto(LINK.rsplit("/m/", 1)[0] + "/m/AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA")
    expect(page.get_by_role("heading", level=1)).to_have_text("This link does not open anything")
    check_accessibility(page, "forged link")
    browser.close()

print(json.dumps(found))
