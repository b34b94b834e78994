"""The audit report opened in a real headless Chromium (the distribution's package), driven over the DevTools
protocol on a pipe (--remote-debugging-pipe: no port, no network): it loads with no network request and no
console error, every section is there, no script runs (a sender named <script> stays text), and a screenshot
is written under the test's temporary directory. Without Chromium the test fails: `.ci/run` installs it."""

from __future__ import annotations

import base64
import json
import os
import select
import shutil
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "fixtures" / "chats" / "whatsapp" / "wa_fr_android_24h.txt"
SECTIONS = ["summary", "timeline", "members", "community", "findings"]
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--remote-debugging-pipe", "--hide-scrollbars", "about:blank"]


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    pytest.fail("Chromium is not installed (apt-get install -y chromium; .ci/run installs it)")


class DevTools:
    """Minimal DevTools-protocol client over --remote-debugging-pipe (fd 3: commands in, fd 4: replies out;
    messages are JSON separated by NUL bytes)."""

    def __init__(self, profile: Path) -> None:
        to_chrome, self._w = os.pipe()
        self._r, from_chrome = os.pipe()
        null = os.open(os.devnull, os.O_WRONLY)
        actions = [(os.POSIX_SPAWN_DUP2, to_chrome, 3), (os.POSIX_SPAWN_DUP2, from_chrome, 4),
                   (os.POSIX_SPAWN_DUP2, null, 1), (os.POSIX_SPAWN_DUP2, null, 2)]
        argv = [chromium(), *FLAGS[:-1], f"--user-data-dir={profile}", FLAGS[-1]]
        self.pid = os.posix_spawn(argv[0], argv, dict(os.environ), file_actions=actions)
        for fd in (to_chrome, from_chrome, null):
            os.close(fd)
        self._next, self._buf, self.events = 0, b"", []

    def _read(self, deadline: float) -> dict:
        while b"\0" not in self._buf:
            ready, _, _ = select.select([self._r], [], [], max(0.0, deadline - time.monotonic()))
            chunk = os.read(self._r, 1 << 16) if ready else b""
            if not chunk:
                raise TimeoutError("Chromium did not answer in time")
            self._buf += chunk
        raw, self._buf = self._buf.split(b"\0", 1)
        return json.loads(raw)

    def call(self, method: str, params: dict | None = None, session: str | None = None, timeout: float = 30) -> dict:
        self._next += 1
        msg = {"id": self._next, "method": method, "params": params or {}, **({"sessionId": session} if session else {})}
        os.write(self._w, json.dumps(msg).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            reply = self._read(deadline)
            if reply.get("id") == self._next:
                assert "error" not in reply, reply
                return reply.get("result", {})
            self.events.append(reply)

    def wait_for(self, method: str, timeout: float = 30) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            found = next((e for e in self.events if e.get("method") == method), None)
            if found:
                return found
            self.events.append(self._read(deadline))

    def close(self) -> None:
        try:
            self.call("Browser.close", timeout=10)
        except (TimeoutError, OSError, AssertionError):
            pass
        for fd in (self._w, self._r):
            os.close(fd)
        for _ in range(50):
            if os.waitpid(self.pid, os.WNOHANG)[0]:
                return
            time.sleep(0.1)
        os.kill(self.pid, 9)
        os.waitpid(self.pid, 0)


def open_report(page: Path, tmp_path: Path, screenshot: Path) -> dict:
    tools = DevTools(tmp_path / "profile")
    try:
        target = tools.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = tools.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Network", "Runtime", "Log", "Page"):
            tools.call(f"{domain}.enable", session=session)
        tools.call("Emulation.setDeviceMetricsOverride", {"width": 1280, "height": 800, "deviceScaleFactor": 1,
                                                          "mobile": False}, session=session)
        tools.events.clear()
        tools.call("Page.navigate", {"url": page.as_uri()}, session=session)
        tools.wait_for("Page.loadEventFired")
        probe = ("JSON.stringify({sections: [...document.querySelectorAll('main > section[id]')].map(s => s.id),"
                 " scripts: document.scripts.length, svg: document.querySelectorAll('#timeline svg rect').length,"
                 " title: document.title, text: document.body.innerText})")
        state = json.loads(tools.call("Runtime.evaluate", {"expression": probe, "returnByValue": True},
                                      session=session)["result"]["value"])
        shot = tools.call("Page.captureScreenshot", {"format": "png"}, session=session)["data"]
        screenshot.write_bytes(base64.b64decode(shot))
        tools.call("Emulation.setEmulatedMedia", {"media": "print"}, session=session)
        state["print_nav"] = tools.call("Runtime.evaluate", {"expression": "getComputedStyle(document.querySelector("
                                        "'nav')).display", "returnByValue": True}, session=session)["result"]["value"]
        pdf = tools.call("Page.printToPDF", {"printBackground": False}, session=session, timeout=60)["data"]
        screenshot.with_suffix(".pdf").write_bytes(base64.b64decode(pdf))
        state["events"] = list(tools.events)
        return state
    finally:
        tools.close()


def _problems(events: list[dict], page: Path) -> tuple[list[str], list[str]]:
    requests = [e["params"]["request"]["url"] for e in events if e.get("method") == "Network.requestWillBeSent"]
    foreign = [u for u in requests if u != page.as_uri()]
    errors = [json.dumps(e["params"])[:300] for e in events if e.get("method") in (
        "Runtime.exceptionThrown", "Network.loadingFailed")
        or (e.get("method") == "Runtime.consoleAPICalled" and e["params"].get("type") in ("error", "assert", "warning"))
        or (e.get("method") == "Log.entryAdded" and e["params"]["entry"].get("level") in ("error", "warning"))]
    return foreign, errors


def test_report_in_headless_chromium(tmp_path, run_cli):
    hostile = tmp_path / "hostile.txt"
    hostile.write_text(SAMPLE.read_text(encoding="utf-8") + "16/03/2024 10:00 - <script>alert(1)</script>: "
                       "<img src=x onerror=alert(2)> code EVIL15 -15 % https://example.com/x\n", encoding="utf-8")
    page = tmp_path / "report.html"
    code, _, err = run_cli("audit", str(SAMPLE), str(hostile), "--html", str(page), "--show-names", "--lang", "fr")
    assert code == 0, err
    shot = tmp_path / "report.png"
    state = open_report(page, tmp_path, shot)
    foreign, errors = _problems(state["events"], page)
    assert foreign == [] and errors == []
    assert state["sections"] == SECTIONS and state["scripts"] == 0 and state["svg"] > 0
    assert state["title"] == "Audit de communauté"
    assert "<script>alert(1)</script>" in state["text"]  # shown as text, never run
    assert "Taux d'activation" in state["text"] and "Rétention à 90 jours" in state["text"]
    assert shot.stat().st_size > 10_000 and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert state["print_nav"] == "none"  # print CSS applies: no navigation links on paper
    pdf = shot.with_suffix(".pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and len(pdf) > 20_000
