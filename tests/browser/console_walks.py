"""The four seed workflows, walked in the reference console by clicking, in Chromium at
1280x800 (the customer's page at phone size), driven by Playwright, with axe-core (WCAG 2.0,
2.1 and 2.2, A and AA) finding no violation on any page:

1. a Prokeep thread exported to a case with "Decisiv integration", then closed;
2. a Parts Hold case escalated by the advisor, claimed, ordered with an ETA and received by
   the parts counter in its Prokeep inbox, the counter's steps read on the case;
3. a Procede customer searched ("John"), added, a case opened on it, its DMS record changed,
   Edit Customer, SAVE;
4. a contact created on the case page and invited, an estimate sent with Request for
   Approval, decided by the customer on their phone, and seen by the advisor;

then the pages they pass by: the estimate's own page, a contact's page, and Administration
as the dealer admin, the OEM admin and the platform admin see it.

Nobody types an id: every step is a link, a button or a field a person would use. Prints one
JSON line of what it found; exits non-zero on the first thing that is not as it should be.

    python console_walks.py BASE DATA_DIR DMS_FILE SHOTS_DIR
"""

import json
import re
import sys
import time
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

from browser_common import ARGS, violations

BASE, DATA, DMS, SHOTS = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4])
found = {"pages checked": []}


def check(page, name):
    """axe on the page as it is now: no violation of any impact."""
    found_there = violations(page)
    found["pages checked"].append(name)
    assert not found_there, f"{name}: {json.dumps(found_there, indent=1)[:4000]}"


def sign_in(browser, who):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(BASE + "/console")
    expect(page.get_by_text("Local reference console")).to_be_visible()
    check(page, "sign in")
    page.get_by_label("Who you are").select_option(who)
    page.get_by_role("button", name="Sign in").click()
    return page


def open_case(page, number):
    page.get_by_role("link", name="Cases", exact=True).click()
    check(page, "active cases")
    page.get_by_role("link", name=f"#{number}", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Case #{number}")


def thread_exported_and_closed(advisor):
    advisor.get_by_role("link", name="Prokeep (stand-in)").click()
    expect(advisor.get_by_text("Prokeep, local stand-in.")).to_be_visible()
    check(advisor, "Prokeep threads")
    advisor.get_by_role("link", name="Brakes on unit T-101").click()
    expect(advisor.get_by_text("pulling left when braking")).to_be_visible()
    check(advisor, "Prokeep thread")
    advisor.get_by_role("link", name="Decisiv integration").click()
    advisor.get_by_label("Customer, unit number or VIN").fill("Johnson")
    advisor.get_by_role("button", name="Find").click()
    check(advisor, "Decisiv integration")
    advisor.get_by_role("button", name="Attach to Case #1001, Johnson Tires").click()
    expect(advisor.get_by_text("The transcript is on Case #1001, Johnson Tires.")).to_be_visible()
    advisor.get_by_role("button", name="Close thread").click()
    expect(advisor.get_by_text("Thread closed; 1 transcript is now final.")).to_be_visible()
    check(advisor, "Prokeep thread closed")
    open_case(advisor, 1001)
    transcript = advisor.get_by_role("row", name=re.compile("prokeep-thread-pk-thread-1001"))
    expect(transcript).to_contain_text("Final")
    check(advisor, "case with the transcript")
    found["transcript"] = transcript.inner_text()


def parts_escalated_and_worked(browser, advisor):
    open_case(advisor, 1002)
    advisor.get_by_label("Status").select_option(label="Parts Hold")
    advisor.get_by_role("button", name="Change status").click()
    expect(advisor.get_by_text("Prokeep escalation")).to_be_visible()
    check(advisor, "case on Parts Hold")
    advisor.get_by_label("Prokeep group").select_option(label="Parts Counter")
    advisor.get_by_label("Part number, parts line 1").fill("TRB-4471")
    advisor.get_by_label("Description, parts line 1").fill("Turbo actuator")
    advisor.get_by_label("Quantity, parts line 1").fill("1")
    advisor.get_by_label("Note to the counter").fill("Customer waiting in the lounge")
    advisor.get_by_role("button", name="Send to Prokeep").click()
    expect(advisor.get_by_role("heading", name=re.compile("PR-1002-1"))).to_be_visible()

    counter = sign_in(browser, "counter")
    expect(counter.get_by_role("heading", name="Prokeep", exact=True)).to_be_visible()
    for _ in range(50):  # delivery to Prokeep is asynchronous, as SNS is
        if counter.get_by_role("heading", name="Parts request PR-1002-1").count():
            break
        time.sleep(0.2)
        counter.reload()
    request = counter.get_by_role("article", name="Parts request PR-1002-1")
    expect(request).to_contain_text("TRB-4471")
    expect(request).to_contain_text("Customer waiting in the lounge")
    check(counter, "counter's inbox")
    request.get_by_role("button", name="Claim PR-1002-1").click()
    request = counter.get_by_role("article", name="Parts request PR-1002-1")
    request.get_by_label("Order confirmation").fill("PO-99812")
    request.get_by_label("ETA").fill("2026-12-09")
    request.get_by_role("button", name="Parts Ordered PR-1002-1").click()
    request = counter.get_by_role("article", name="Parts request PR-1002-1")
    expect(request).to_contain_text("ETA 2026-12-09: the case shows it as Parts Ordered")
    check(counter, "counter's inbox, ordered")
    counter.screenshot(path=str(SHOTS / "console-inbox.png"), full_page=True)
    request.get_by_role("button", name="Parts Received PR-1002-1").click()
    expect(counter.get_by_text("Parts Received: the case shows it as Parts Received")).to_be_visible()
    counter.context.close()

    advisor.reload()
    card = advisor.get_by_role("heading", name=re.compile("PR-1002-1")).locator("xpath=..")
    expect(card).to_contain_text("Parts Received")
    expect(card).to_contain_text("Confirmation PO-99812")
    expect(card).to_contain_text("ETA Dec 9, 2026")
    expect(card).to_contain_text("Demo parts counter")
    check(advisor, "case with the parts received")
    found["parts request"] = card.inner_text()


def dms_phone(procede_id, phone):
    """The DMS changes the customer's phone (as the dealer's office would, in Procede)."""
    records = json.loads(DMS.read_text())
    for r in records:
        if r["procedeId"] == procede_id:
            r["phone"] = phone
            r["phones"] = [phone]
    DMS.write_text(json.dumps(records))


def procede_customer_added_and_saved(advisor):
    advisor.get_by_role("link", name="SEARCH").click()
    advisor.get_by_label("Search by").select_option(label="Name")
    advisor.get_by_label("Search for").fill("John")
    advisor.get_by_role("button", name="SEARCH").click()
    expect(advisor.get_by_text("Procede Customers")).to_be_visible()
    check(advisor, "SEARCH")
    advisor.screenshot(path=str(SHOTS / "console-search.png"), full_page=True)
    advisor.get_by_role("link", name="Add Customer: John Deere, C20000").click()
    expect(advisor.get_by_text("Do NOT modify")).to_be_visible()
    check(advisor, "New Customer")
    advisor.get_by_role("button", name="CREATE").click()
    expect(advisor.get_by_role("heading", name="John Deere", exact=True)).to_be_visible()
    check(advisor, "customer")
    advisor.get_by_label("Unit number").fill("JD-9")
    advisor.get_by_label("Make").fill("Peterbilt")
    advisor.get_by_role("button", name="Open a case for John Deere").click()
    expect(advisor.get_by_role("heading", level=1)).to_contain_text("John Deere")
    expect(advisor.get_by_text("Unit JD-9")).to_be_visible()
    check(advisor, "new case on the Procede customer")
    dms_phone("PRC-100000", "(515) 555-0142")
    advisor.get_by_role("link", name="SEARCH").click()
    advisor.get_by_label("Search for").fill("John Deere")
    advisor.get_by_role("button", name="SEARCH").click()
    advisor.get_by_role("link", name="Edit Customer: John Deere, C20000").click()
    expect(advisor.get_by_text("What changed in Procede")).to_be_visible()
    expect(advisor.get_by_text("(515) 555-0142").first).to_be_visible()
    check(advisor, "Edit Customer")
    advisor.get_by_role("button", name="SAVE").click()
    expect(advisor.get_by_text("(515) 555-0142")).to_be_visible()
    found["customer"] = advisor.inner_text("main")[:300]


def link_texted_to(mobile):
    for _ in range(100):
        lines = (DATA / "outbox" / "sms.jsonl").read_text().splitlines() \
            if (DATA / "outbox" / "sms.jsonl").exists() else []
        for line in reversed(lines):
            text = json.loads(line)
            if text["to"] == mobile and "approval" in text["body"]:
                return re.search(r"http://\S+", text["body"]).group(0)
        time.sleep(0.1)
    raise AssertionError(f"no approval text reached {mobile}")


def contact_asked_and_customer_decides(browser, advisor):
    open_case(advisor, 1003)
    advisor.get_by_text("Add a contact").click()
    advisor.get_by_label("Name", exact=True).fill("Rosa Alvarez")
    advisor.get_by_label("Mobile", exact=True).fill("214-555-0187")
    advisor.get_by_label("They agreed to texts about this case").check()
    advisor.get_by_label("Role on the case").select_option("other")
    advisor.get_by_role("button", name="Add contact").click()
    advisor.get_by_role("button", name="Invite Rosa Alvarez").click()
    expect(advisor.get_by_role("row", name=re.compile("Rosa Alvarez"))).to_contain_text("Yes")
    advisor.get_by_text("New estimate").click()
    advisor.get_by_label("Kind, line 1").select_option("labor")
    advisor.get_by_label("Description, line 1").fill("A/C compressor clutch")
    advisor.get_by_label("Quantity, line 1").fill("1.5")
    advisor.get_by_label("Unit price in dollars, line 1").fill("140")
    advisor.get_by_role("button", name="Add estimate").click()
    expect(advisor.get_by_role("row", name=re.compile("compressor clutch"))).to_contain_text("Not sent to the customer yet")
    advisor.get_by_role("button", name="Request for Approval").click()
    expect(advisor.get_by_text("Waiting for the customer")).to_be_visible()
    check(advisor, "case with the estimate asked")

    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                has_touch=True, device_scale_factor=2)
    customer = phone.new_page()
    customer.goto(link_texted_to("+12145550187"))
    expect(customer.get_by_role("heading", level=1)).to_have_text("Estimate, version 1")
    check(customer, "customer's estimate")
    customer.get_by_role("radiogroup", name="Every line at once").get_by_label("Approve all").check()
    expect(customer.get_by_label("Your full name")).to_have_value("Rosa Alvarez")
    customer.get_by_role("button", name="Send my decisions").click()
    expect(customer.get_by_role("heading", level=1)).to_have_text("Thank you")
    check(customer, "customer's thank-you")
    phone.close()

    advisor.reload()
    line = advisor.get_by_role("row", name=re.compile("compressor clutch"))
    expect(line).to_contain_text("Approved")
    expect(advisor.get_by_text(re.compile("Rosa Alvarez approved 1 line"))).to_be_visible()
    check(advisor, "case with the customer's approval")
    advisor.screenshot(path=str(SHOTS / "console-case.png"), full_page=True)
    found["approved"] = line.inner_text()


def the_pages_around_them(browser, advisor):
    """The pages the seeds pass by: the estimate's own page, a contact's page, and
    Administration as each admin sees it."""
    advisor.get_by_role("link", name=re.compile("Estimate")).first.click()
    expect(advisor.get_by_role("link", name="Version 1 (PDF)")).to_be_visible()
    decision = advisor.get_by_role("listitem").filter(has_text="Approved by Rosa Alvarez (on the mobile page)")
    expect(decision).to_contain_text("A/C compressor clutch")
    check(advisor, "estimate page")
    advisor.get_by_role("link", name="Back to the case").click()
    advisor.get_by_role("link", name="Rosa Alvarez: edit, merge or delete").click()
    expect(advisor.get_by_label("Mobile (empty removes it)")).to_have_value("+12145550187")
    check(advisor, "contact page")
    for who, sees in [("dealer_admin", "Only the platform admin may change this."),
                      ("oem_admin", "Save the policy"),
                      ("platform_admin", "Create a connector secret")]:
        admin = sign_in(browser, who)
        if who == "dealer_admin":
            admin.get_by_role("link", name="Administration").click()
        expect(admin.get_by_role("heading", level=1)).to_contain_text("Administration")
        expect(admin.get_by_text(sees).first).to_be_visible()
        check(admin, f"Administration as {who}")
        admin.context.close()


with sync_playwright() as p:
    browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
    advisor = sign_in(browser, "advisor")
    expect(advisor.get_by_role("heading", name="Active cases")).to_be_visible()
    thread_exported_and_closed(advisor)
    parts_escalated_and_worked(browser, advisor)
    procede_customer_added_and_saved(advisor)
    contact_asked_and_customer_decides(browser, advisor)
    the_pages_around_them(browser, advisor)
    browser.close()

print(json.dumps(found))
