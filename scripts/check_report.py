#!/usr/bin/env python3
"""Render the sample HTML report in headless Chromium and check it.

Builds the report of the committed sample organisation (`mentormatch match
data/sample.json --report ...`), opens it at desktop (1366 px) and phone
(390 px) widths, saves full-page screenshots under target/report-check/, and
fails when the page is blank, logs a console error or throws, fetches
anything from the network, or is wider than the window (content that
overflows sideways).

Talks to Chromium over the DevTools protocol on a pipe
(--remote-debugging-pipe): Python's standard library only, no websocket
client, no port to find.

Usage: scripts/check_report.py [--chromium PATH] [--report FILE.html] [--slices PX]
  --report   check this file instead of building the sample's report
  --slices   also save the pages in slices PX tall, easier to look at
Exit status: 0 when every check passes, 1 when one fails, 2 when Chromium
cannot be run.
"""

import argparse
import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "target", "report-check")
WIDTHS = {"desktop": 1366, "phone": 390}
TIMEOUT = 60.0


class Browser:
    """One headless Chromium driven over --remote-debugging-pipe: messages
    are JSON, each ended by a NUL byte; we write on fd 3, read on fd 4."""

    def __init__(self, chromium, profile):
        to_browser_r, self.to_browser = os.pipe()
        self.from_browser, from_browser_w = os.pipe()

        def fds():
            # Copies first: a pipe end may already be fd 3 or 4, and dup2
            # onto itself would leave it close-on-exec.
            read, write = os.dup(to_browser_r), os.dup(from_browser_w)
            os.dup2(read, 3)
            os.dup2(write, 4)

        self.proc = subprocess.Popen(
            [
                chromium,
                "--headless",
                "--remote-debugging-pipe",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--hide-scrollbars",
                "--no-first-run",
                "--no-default-browser-check",
                "--user-data-dir=" + profile,
                "about:blank",
            ],
            # The pipe ends become fds 3 and 4 in the child; Python's own
            # descriptors are not inheritable, so nothing else leaks.
            preexec_fn=fds,
            close_fds=False,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(to_browser_r)
        os.close(from_browser_w)
        self.buffer = b""
        self.next_id = 0
        self.events = []

    def send(self, method, params=None, session=None):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.to_browser, json.dumps(message).encode() + b"\0")
        return self.wait(lambda m: m.get("id") == self.next_id)

    def wait(self, done, timeout=TIMEOUT):
        deadline = time.monotonic() + timeout
        while True:
            while b"\0" in self.buffer:
                raw, self.buffer = self.buffer.split(b"\0", 1)
                message = json.loads(raw)
                if "method" in message:
                    self.events.append(message)
                if done(message):
                    if "error" in message:
                        raise RuntimeError("DevTools: %s" % message["error"])
                    return message
            if time.monotonic() > deadline:
                raise TimeoutError("no answer from Chromium in %.0f s" % timeout)
            chunk = os.read(self.from_browser, 1 << 16)
            if not chunk:
                raise RuntimeError("Chromium closed the pipe")
            self.buffer += chunk

    def close(self):
        try:
            self.send("Browser.close")
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def check(browser, url, name, width, slices):
    """Loads `url` at `width`, saves a full-page screenshot, returns the
    problems found."""
    target = browser.send("Target.createTarget", {"url": "about:blank"})["result"]["targetId"]
    session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})[
        "result"
    ]["sessionId"]
    for domain in ("Page", "Runtime", "Log", "Network"):
        browser.send(domain + ".enable", session=session)
    browser.send(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600},
        session=session,
    )
    browser.events.clear()
    browser.send("Page.navigate", {"url": url}, session=session)
    browser.wait(
        lambda m: m.get("method") == "Page.loadEventFired" and m.get("sessionId") == session
    )

    def evaluate(expression):
        answer = browser.send(
            "Runtime.evaluate", {"expression": expression, "returnByValue": True}, session=session
        )
        return answer["result"]["result"].get("value")

    problems = []
    text = evaluate("document.body ? document.body.innerText.trim().length : 0")
    if not text:
        problems.append("the page is blank")
    sections = evaluate("document.querySelectorAll('section').length")
    charts = evaluate("document.querySelectorAll('svg.chart').length")
    if not sections or not charts:
        problems.append("no sections or no charts (%s, %s)" % (sections, charts))
    page_width = evaluate("document.documentElement.scrollWidth")
    if page_width > width:
        wide = evaluate(
            "Array.from(document.querySelectorAll('body *'))"
            ".filter(e => e.getBoundingClientRect().right > %d + 1)"
            ".slice(0, 5).map(e => e.tagName + '.' + (e.className.baseVal ?? e.className))" % width
        )
        problems.append("%d px wide in a %d px window: %s" % (page_width, width, wide))
    height = evaluate("document.documentElement.scrollHeight")

    for event in browser.events:
        if event.get("sessionId") != session:
            continue
        method, params = event["method"], event.get("params", {})
        if method == "Runtime.exceptionThrown":
            details = params["exceptionDetails"]
            problems.append(
                "exception: %s"
                % details.get("exception", {}).get("description", details.get("text"))
            )
        elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            problems.append(
                "console error: %s" % [a.get("value") for a in params.get("args", [])]
            )
        elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
            problems.append("console error: %s" % params["entry"].get("text"))
        elif method == "Network.requestWillBeSent":
            request = params["request"]["url"]
            if not request.startswith(("file:", "data:", "about:")):
                problems.append("fetches %s" % request)

    browser.send(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600},
        session=session,
    )
    shot = browser.send(
        "Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True}, session=session
    )
    path = os.path.join(OUT, "%s.png" % name)
    with open(path, "wb") as f:
        f.write(base64.b64decode(shot["result"]["data"]))
    print("%s: %d x %d px, %s characters of text -> %s" % (name, width, height, text, path))
    # Tall pages are hard to look at whole: slices of them, to review.
    for i, top in enumerate(range(0, height, slices) if slices else []):
        clip = {"x": 0, "y": top, "width": width, "height": min(slices, height - top), "scale": 1}
        shot = browser.send(
            "Page.captureScreenshot",
            {"format": "png", "captureBeyondViewport": True, "clip": clip},
            session=session,
        )
        with open(os.path.join(OUT, "%s-%02d.png" % (name, i + 1)), "wb") as f:
            f.write(base64.b64decode(shot["result"]["data"]))
    browser.send("Target.closeTarget", {"targetId": target})
    return problems


def build_report():
    path = os.path.join(OUT, "sample.html")
    subprocess.run(
        [
            # A debug build: CI has just built it for the tests, and the
            # 300-person sample takes a second.
            "cargo",
            "run",
            "--quiet",
            "--",
            "match",
            os.path.join(ROOT, "data", "sample.json"),
            "--out",
            os.path.join(OUT, "sample.json"),
            "--report",
            path,
        ],
        cwd=ROOT,
        check=True,
    )
    return path


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--chromium", default=None)
    parser.add_argument("--report", default=None)
    parser.add_argument(
        "--slices", type=int, default=0, metavar="PX",
        help="also save each page in slices PX tall (NAME-01.png, ...), to review",
    )
    args = parser.parse_args()
    chromium = args.chromium or next(
        (shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)),
        None,
    )
    if not chromium:
        print("check_report: no chromium on PATH", file=sys.stderr)
        return 2
    os.makedirs(OUT, exist_ok=True)
    report = os.path.abspath(args.report) if args.report else build_report()
    url = "file://" + report
    failures = []
    with tempfile.TemporaryDirectory(prefix="report-check-") as profile:
        try:
            browser = Browser(chromium, profile)
            version = browser.send("Browser.getVersion")["result"]["product"]
        except (OSError, RuntimeError, TimeoutError) as e:
            print("check_report: cannot start %s: %s" % (chromium, e), file=sys.stderr)
            return 2
        print("check_report: %s" % version)
        try:
            for name, width in WIDTHS.items():
                failures += ["%s: %s" % (name, p) for p in check(browser, url, name, width, args.slices)]
        finally:
            browser.close()
    for failure in failures:
        print("check_report: " + failure, file=sys.stderr)
    if failures:
        return 1
    print("check_report: %s renders at %s without errors" % (
        os.path.relpath(report, ROOT), " and ".join("%d px" % w for w in WIDTHS.values())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
