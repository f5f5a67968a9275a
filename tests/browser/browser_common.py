"""What the browser walks share: Chromium's flags on a loopback-only machine, and axe-core
run for WCAG 2.0, 2.1 and 2.2 at levels A and AA."""

from axe_playwright_python.sync_playwright import Axe

# Flags that work as root on a machine whose only network is loopback (TOOLCHAIN-NOTES).
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
AXE_OPTIONS = {
    "runOnly": {"type": "tag",
                "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    "resultTypes": ["violations"],
}
_axe = Axe()


def violations(page):
    """What axe finds on the page as it is now."""
    return _axe.run(page, options=AXE_OPTIONS).response["violations"]
