#!/usr/bin/env python3
"""Loads pages (HTML or standalone SVG files) in headless Chromium and checks each one.

Chromium is driven over the DevTools protocol on a pipe (--remote-debugging-pipe: fd 3 in,
fd 4 out, one JSON message per NUL), so this needs nothing but the Python standard library and
a Chromium binary. For every page:

  load     the page loaded with no console error, no uncaught exception, no failed load, and
           (for an SVG document) no XML parse error
  network  it made no request but for its own file (the pages must be self-contained); the
           browser resolves no host name, so nothing leaves the machine whatever a page asks
  blank    its screenshots (1280 wide, top to bottom in tiles of --tile pixels) are not
           blank: enough pixels differ from the background colour, in enough distinct colours;
           the PNGs are decoded here, with zlib and struct
  texts    it has at least one visible SVG <text> (so that the overlap check measured something)
  overlap  no two visible SVG <text> elements' boxes, as the browser lays them out (a slanted
           label's box turned with it), overlap by more than --tolerance pixels; every
           <details> is opened first, so the timelines folded inside the report count too

The screenshots go to --out (NAME.png as loaded, NAME-open.png with every <details> open, when
the page has any; NAME-01.png, NAME-02.png... when the page is taller than a tile), with
results.json (every measured box). Exit status 1 when a check failed.

--self-test DIR loads every sample in DIR, each of which names on its first line the checks it
must fail (`browser_check expects: overlap`, or `pass`), and fails unless exactly those fail:
proof that each check can fail.
"""

import argparse
import base64
import collections
import json
import os
import re
import select
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

CHECKS = ("load", "network", "blank", "texts", "overlap")
MAX_HEIGHT = 200_000  # the most of a page the screenshots take; a longer page is cut there

# What the page runs to measure its labels: every SVG <text> that is rendered and visible,
# with its box in page coordinates (CSS pixels) and the outermost <svg> it is drawn in.
MEASURE_JS = r"""
(() => {
  const svgs = [...document.querySelectorAll('svg')]
    .filter(s => !s.parentElement || !s.parentElement.closest('svg'));
  const boxes = [], hidden = [];
  for (const el of document.querySelectorAll('text')) {
    if (!(el instanceof SVGElement)) continue;
    const label = el.textContent.replace(/\s+/g, ' ').trim();
    if (!label) continue;
    const shown = el.getClientRects().length > 0 && (!el.checkVisibility || el.checkVisibility(
      {opacityProperty: true, visibilityProperty: true, contentVisibilityAuto: true}));
    const r = el.getBoundingClientRect();
    if (!shown || r.width === 0 || r.height === 0) { hidden.push(label); continue; }
    let outer = el.ownerSVGElement;
    while (outer && outer.ownerSVGElement) outer = outer.ownerSVGElement;
    const o = outer ? outer.getBoundingClientRect() : null;
    // The label's own box, turned with it: its getBBox corners through its transform to the
    // page. A rotated label's getBoundingClientRect is the upright box around it, which
    // would overlap its neighbours' when the labels themselves do not.
    const b = el.getBBox(), m = el.getScreenCTM();
    const corners = [[b.x, b.y], [b.x + b.width, b.y],
                     [b.x + b.width, b.y + b.height], [b.x, b.y + b.height]];
    const quad = m && corners.map(([x, y]) =>
      [m.a * x + m.c * y + m.e + scrollX, m.b * x + m.d * y + m.f + scrollY]);
    boxes.push({
      label, svg: svgs.indexOf(outer),
      x: r.left + scrollX, y: r.top + scrollY, w: r.width, h: r.height, quad,
      svgBox: o && {x: o.left + scrollX, y: o.top + scrollY, w: o.width, h: o.height},
    });
  }
  const root = document.documentElement;
  return {
    boxes, hidden, svgs: svgs.length,
    details: document.querySelectorAll('details').length,
    parseError: (document.querySelector('parsererror') || {}).innerText || null,
    root: root ? root.localName : null,
    width: root ? root.scrollWidth : 0,
  };
})()
"""

OPEN_DETAILS_JS = "document.querySelectorAll('details').forEach(d => { d.open = true; }); true"
SETTLE_JS = (
    "document.fonts.ready.then(() => new Promise(r => requestAnimationFrame(() =>"
    " requestAnimationFrame(() => setTimeout(r, 100)))))"
)


class Failure(Exception):
    pass


class Chromium:
    """One headless Chromium, spoken to over --remote-debugging-pipe."""

    def __init__(self, exe, profile, log, timeout):
        self.timeout = timeout
        self.next_id = 0
        self.buffer = b""
        self.events = []
        args = [
            exe,
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            f"--user-data-dir={profile}",
            "--remote-debugging-pipe",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-extensions",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-default-apps",
            "--disable-features=Translate,MediaRouter,OptimizationHints",
            "--hide-scrollbars",
            "--force-color-profile=srgb",
            "--force-device-scale-factor=1",
            "--mute-audio",
            # Offline whatever a page asks for: no host name resolves, and anything that
            # would not need one goes to a proxy on a closed loopback port.
            "--host-resolver-rules=MAP * ~NOTFOUND",
            "--proxy-server=127.0.0.1:9",
            "about:blank",
        ]
        # The shell moves our pipes to fds 3 and 4 where Chromium looks for them.
        self.proc = subprocess.Popen(
            ["sh", "-c", 'exec "$0" "$@" 3<&0 4>&1 </dev/null >&2'] + args,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=log,
            start_new_session=True,
        )
        self.out = self.proc.stdout.fileno()

    def send(self, method, params=None, session=None):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        try:
            self.proc.stdin.write(json.dumps(message).encode() + b"\0")
            self.proc.stdin.flush()
        except BrokenPipeError:
            raise Failure(f"Chromium closed the DevTools pipe (exit {self.proc.poll()})") from None
        return self.next_id

    def _read(self, deadline):
        """Reads whatever messages arrive before the deadline; False once it has passed."""
        left = deadline - time.monotonic()
        if left <= 0:
            return False
        ready, _, _ = select.select([self.out], [], [], left)
        if not ready:
            return False
        chunk = os.read(self.out, 1 << 20)
        if not chunk:
            raise Failure(f"Chromium closed the DevTools pipe (exit {self.proc.poll()})")
        self.buffer += chunk
        *messages, self.buffer = self.buffer.split(b"\0")
        for raw in messages:
            self.events.append(json.loads(raw))
        return True

    def call(self, method, params=None, session=None, timeout=None):
        wanted = self.send(method, params, session)
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            for i, message in enumerate(self.events):
                if message.get("id") == wanted:
                    del self.events[i]
                    if "error" in message:
                        raise Failure(f"{method}: {message['error'].get('message')}")
                    return message.get("result", {})
            if not self._read(deadline):
                raise Failure(f"{method}: no answer in {timeout or self.timeout} s")

    def wait_event(self, method, session, timeout=None):
        deadline = time.monotonic() + (timeout or self.timeout)
        seen = 0
        while True:
            for message in self.events[seen:]:
                if message.get("method") == method and message.get("sessionId") == session:
                    return message
            seen = len(self.events)
            if not self._read(deadline):
                raise Failure(f"no {method} in {timeout or self.timeout} s")

    def drain(self, seconds):
        deadline = time.monotonic() + seconds
        while self._read(deadline):
            pass

    def take_events(self, session):
        mine = [m for m in self.events if m.get("sessionId") == session and "method" in m]
        self.events = [m for m in self.events if m not in mine]
        return mine

    def close(self):
        try:
            self.send("Browser.close")
            self.proc.wait(timeout=5)
        except Exception:
            pass
        # Its helpers (zygote, renderers) are in the process group it leads.
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait()


# ---- PNG ----------------------------------------------------------------------------------


def decode_png(data):
    """(width, height, channels, rows): an 8-bit non-interlaced PNG's pixels, row by row."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise Failure("the screenshot is not a PNG")
    pos, idat, header = 8, [], None
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
    width, height, depth, colour, _, _, interlace = header
    channels = {0: 1, 2: 3, 4: 2, 6: 4}.get(colour)
    if depth != 8 or channels is None or interlace:
        raise Failure(
            f"unsupported PNG (depth {depth}, colour type {colour}, interlace {interlace})"
        )
    raw = zlib.decompress(b"".join(idat))
    stride = width * channels
    prev = bytes(stride)
    rows = []
    for y in range(height):
        start = y * (stride + 1)
        kind = raw[start]
        line = raw[start + 1 : start + 1 + stride]
        if kind == 0:
            cur = line
        elif kind == 2:
            cur = _add_bytes(line, prev)
        else:
            cur = bytearray(line)
            bpp = channels
            if kind == 1:
                for i in range(bpp, stride):
                    cur[i] = (cur[i] + cur[i - bpp]) & 255
            elif kind == 3:
                for i in range(stride):
                    left = cur[i - bpp] if i >= bpp else 0
                    cur[i] = (cur[i] + ((left + prev[i]) >> 1)) & 255
            elif kind == 4:
                for i in range(stride):
                    a = cur[i - bpp] if i >= bpp else 0
                    c = prev[i - bpp] if i >= bpp else 0
                    cur[i] = (cur[i] + paeth(a, prev[i], c)) & 255
            else:
                raise Failure(f"unknown PNG filter {kind} on row {y}")
            cur = bytes(cur)
        rows.append(cur)
        prev = cur
    return width, height, channels, rows


def paeth(a, b, c):
    """PNG's Paeth predictor: of left, up and up-left, the one nearest left + up - up-left."""
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else (b if pb <= pc else c)


def _add_bytes(a, b):
    """a + b byte by byte, modulo 256, with big integers doing every byte at once."""
    n = len(a)
    x, y = int.from_bytes(a, "big"), int.from_bytes(b, "big")
    low = int.from_bytes(b"\x7f" * n, "big")
    high = int.from_bytes(b"\x80" * n, "big")
    return (((x & low) + (y & low)) ^ ((x ^ y) & high)).to_bytes(n, "big")


def png_round_trip():
    """decode_png undoes every filter: a small image encoded here with each of the five,
    row by row, must decode to its pixels (Chromium's screenshots use Up alone)."""
    width, height, bpp = 7, 10, 3
    rows = [
        bytes((x * 37 + y * 91 + c * 53) % 256 for x in range(width) for c in range(bpp))
        for y in range(height)
    ]
    prev, raw = bytes(width * bpp), b""
    for y, row in enumerate(rows):
        kind = y % 5
        out = bytearray()
        for i, v in enumerate(row):
            a = row[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            out.append((v - (0, a, b, (a + b) >> 1, paeth(a, b, c))[kind]) & 255)
        raw += bytes([kind]) + bytes(out)
        prev = row

    def chunk(kind, body):
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    png = b"\x89PNG\r\n\x1a\n" + chunk(
        b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    )
    png += chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
    if decode_png(png)[3] != rows:
        raise SystemExit("SELF-TEST WRONG: decode_png does not undo the PNG filters")


def png_colours(data):
    """(width, height, Counter of pixel colours) of a PNG."""
    width, height, channels, rows = decode_png(data)
    counts = collections.Counter()
    pixels = b"".join(rows)
    if channels != 4:  # widen to four bytes a pixel, so that each pixel is one 32-bit integer
        wide = bytearray(width * height * 4)
        for c in range(channels):
            wide[c::4] = pixels[c::channels]
        pixels = wide
    counts.update(memoryview(pixels).cast("I"))
    return width, height, counts


# ---- one page -----------------------------------------------------------------------------


def overlaps(boxes, tolerance):
    """Pairs of labels whose boxes overlap by more than tolerance pixels (for upright boxes:
    more than that both across and down); two copies of one label drawn exactly on top of
    each other (a halo behind a label) are not a pair but a duplicate."""
    order = sorted(range(len(boxes)), key=lambda i: boxes[i]["x"])
    pairs, duplicates = [], 0
    for n, i in enumerate(order):
        a = boxes[i]
        for j in order[n + 1 :]:
            b = boxes[j]
            if b["x"] >= a["x"] + a["w"] - tolerance:
                break
            dx = min(a["x"] + a["w"], b["x"] + b["w"]) - max(a["x"], b["x"])
            dy = min(a["y"] + a["h"], b["y"] + b["h"]) - max(a["y"], b["y"])
            if dx <= tolerance or dy <= tolerance:
                continue
            depth = penetration(a["quad"], b["quad"]) if a["quad"] and b["quad"] else min(dx, dy)
            if depth <= tolerance:
                continue
            same = a["label"] == b["label"] and all(
                abs(a[k] - b[k]) < 0.5 for k in ("x", "y", "w", "h")
            )
            if same:
                duplicates += 1
            else:
                pairs.append((a, b, dx, dy, depth))
    return pairs, duplicates


def penetration(p, q):
    """How deep two convex quadrilaterals overlap: the least overlap of their projections on
    the normals of their sides (separating axes), 0 when they do not meet. For two upright
    rectangles, the smaller of the overlap across and the overlap down."""
    best = float("inf")
    for poly in (p, q):
        for k in range(len(poly)):
            (x1, y1), (x2, y2) = poly[k], poly[(k + 1) % len(poly)]
            nx, ny = y1 - y2, x2 - x1
            length = (nx * nx + ny * ny) ** 0.5
            if length < 1e-9:
                continue
            nx, ny = nx / length, ny / length
            ps = [x * nx + y * ny for x, y in p]
            qs = [x * nx + y * ny for x, y in q]
            overlap = min(max(ps), max(qs)) - max(min(ps), min(qs))
            if overlap <= 0:
                return 0.0
            best = min(best, overlap)
    return best if best != float("inf") else 0.0


def clipped(box):
    """How far a label's box reaches outside the <svg> it is drawn in (0 when inside)."""
    s = box.get("svgBox")
    if not s:
        return 0
    return max(
        s["x"] - box["x"],
        s["y"] - box["y"],
        box["x"] + box["w"] - (s["x"] + s["w"]),
        box["y"] + box["h"] - (s["y"] + s["h"]),
        0,
    )


def describe(message, urls):
    """One line for a console, exception or log event that counts as an error, else None;
    urls maps the page's request ids to their URLs."""
    method, p = message["method"], message.get("params", {})
    if method == "Runtime.exceptionThrown":
        d = p["exceptionDetails"]
        text = (d.get("exception") or {}).get("description") or d.get("text")
        return f"uncaught exception: {text.splitlines()[0]} ({d.get('url', '')}:{d.get('lineNumber', 0) + 1})"
    if method == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
        args = " ".join(str(a.get("value", a.get("description", ""))) for a in p.get("args", []))
        return f"console.{p['type']}: {args}"
    if method == "Log.entryAdded" and p["entry"].get("level") == "error":
        e = p["entry"]
        return f"{e.get('source')} error: {e.get('text')} {e.get('url', '')}".rstrip()
    if method == "Network.loadingFailed":
        url = urls.get(p.get("requestId"), f"request {p.get('requestId')}")
        return f"failed load: {p.get('errorText')} {url[:200]}"
    if method == "Inspector.targetCrashed":
        return "the page crashed"
    return None


def check_page(browser, name, path, out, args):
    """Loads one page; returns (failed checks {check: [lines]}, notes [lines], record)."""
    failed = collections.defaultdict(list)
    notes = []
    url = path.resolve().as_uri()
    target = browser.call("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = browser.call("Target.attachToTarget", {"targetId": target, "flatten": True})[
        "sessionId"
    ]
    try:
        for domain in ("Page", "Runtime", "Log", "Network", "Inspector"):
            browser.call(f"{domain}.enable", session=session)
        viewport = {
            "width": args.width,
            "height": args.height,
            "deviceScaleFactor": 1,
            "mobile": False,
        }
        browser.call("Emulation.setDeviceMetricsOverride", viewport, session)
        started = time.monotonic()
        nav = browser.call("Page.navigate", {"url": url}, session)
        if nav.get("errorText"):
            failed["load"].append(f"navigation failed: {nav['errorText']}")
            return failed, notes, {}
        browser.wait_event("Page.loadEventFired", session)
        evaluate(browser, session, SETTLE_JS)
        load_ms = round((time.monotonic() - started) * 1000)

        shots = [screenshot(browser, session, viewport, out, name, args.tile)]
        before = evaluate(browser, session, MEASURE_JS)
        if before["details"]:
            evaluate(browser, session, OPEN_DETAILS_JS)
            evaluate(browser, session, SETTLE_JS)
            shots.append(screenshot(browser, session, viewport, out, f"{name}-open", args.tile))
        m = evaluate(browser, session, MEASURE_JS)
        browser.drain(0.2)  # late errors (timers, toggle handlers)

        # load and network
        if m["parseError"]:
            failed["load"].append(f"parse error: {m['parseError'].strip()[:300]}")
        if path.suffix == ".svg" and m["root"] != "svg":
            failed["load"].append(f"an SVG file whose document is <{m['root']}>, not <svg>")
        own = url.split("#")[0]
        urls = {}
        for message in browser.take_events(session):
            if message["method"] == "Network.requestWillBeSent":
                req = urls[message["params"]["requestId"]] = message["params"]["request"]["url"]
                if req.split("#")[0] != own and not req.startswith(("data:", "blob:", "about:")):
                    failed["network"].append(f"request: {req[:200]}")
            line = describe(message, urls)
            if line:
                failed["load"].append(line)
            if (
                message["method"] == "Runtime.consoleAPICalled"
                and message["params"].get("type") == "warning"
            ):
                notes.append(
                    "note: console.warn: "
                    + " ".join(str(a.get("value", "")) for a in message["params"].get("args", []))
                )

        # blank
        for shot in shots:
            if shot["nonBackground"] < args.min_ink or shot["colours"] < args.min_colours:
                failed["blank"].append(
                    f"{shot['pngs'][0]}{'...' if len(shot['pngs']) > 1 else ''} looks blank: {shot['nonBackground']:.2%} of its pixels differ from "
                    f"the background (at least {args.min_ink:.2%} wanted), in {shot['colours']} colours "
                    f"(at least {args.min_colours} wanted)"
                )

        # texts and overlap
        boxes = m["boxes"]
        if len(boxes) < 1:
            failed["texts"].append(
                f"no visible SVG <text> to measure ({m['svgs']} <svg>, {len(m['hidden'])} hidden <text>)"
            )
        pairs, duplicates = overlaps(boxes, args.tolerance)
        for a, b, dx, dy, depth in pairs:
            failed["overlap"].append(
                f"{a['label']!r} at ({a['x']:.0f},{a['y']:.0f} {a['w']:.0f}x{a['h']:.0f}) and "
                f"{b['label']!r} at ({b['x']:.0f},{b['y']:.0f} {b['w']:.0f}x{b['h']:.0f}) "
                f"overlap by {depth:.1f} px (their upright boxes by {dx:.1f} x {dy:.1f}; svg #{a['svg']}"
                + ("" if a["svg"] == b["svg"] else f" and #{b['svg']}")
                + ")"
            )
        if duplicates:
            notes.append(
                f"note: {duplicates} label(s) drawn twice in the same place (not counted as overlaps)"
            )
        for box in boxes:
            if re.search(r"&(#[0-9]+|#x[0-9a-fA-F]+|[a-zA-Z]+);", box["label"]):
                notes.append(
                    f"warning: a label shows a character reference as written: {box['label'][:120]!r}"
                )
            out_by = clipped(box)
            if out_by > args.tolerance:
                notes.append(
                    f"warning: {box['label']!r} reaches {out_by:.1f} px outside its <svg> #{box['svg']}"
                )
        if m["width"] > args.width:
            notes.append(
                f"warning: the page is {m['width']} px wide, wider than the {args.width} px window"
            )
        record = {
            "url": url,
            "loadMs": load_ms,
            "svgs": m["svgs"],
            "details": before["details"],
            "texts": len(boxes),
            "hiddenTexts": len(m["hidden"]),
            "hiddenBeforeOpening": len(before["hidden"]),
            "screenshots": shots,
            "boxes": boxes,
        }
        return failed, notes, record
    finally:
        browser.call("Target.closeTarget", {"targetId": target})


def evaluate(browser, session, expression):
    result = browser.call(
        "Runtime.evaluate",
        {"expression": expression, "returnByValue": True, "awaitPromise": True},
        session,
    )
    if "exceptionDetails" in result:
        d = result["exceptionDetails"]
        raise Failure(
            f"the checker's own script failed: {(d.get('exception') or {}).get('description') or d.get('text')}"
        )
    return result["result"].get("value")


def screenshot(browser, session, viewport, out, name, tile):
    """The whole page, top to bottom, in PNGs at most tile pixels tall (NAME.png when one is
    enough, else NAME-01.png, NAME-02.png...), up to MAX_HEIGHT; the blankness numbers are
    the whole page's."""
    browser.call("Emulation.setDeviceMetricsOverride", viewport, session)
    evaluate(browser, session, SETTLE_JS)
    layout = browser.call("Page.getLayoutMetrics", session=session)
    page_height = int(layout["cssContentSize"]["height"] + 0.999)
    height = min(MAX_HEIGHT, max(viewport["height"], page_height))
    tops = list(range(0, height, tile))
    counts, pngs = collections.Counter(), []
    for n, top in enumerate(tops, 1):
        png = out / (f"{name}.png" if len(tops) == 1 else f"{name}-{n:02}.png")
        # The window is as tall as the tile, scrolled to it: what a reader would see there.
        size = dict(viewport, height=min(tile, height - top))
        browser.call("Emulation.setDeviceMetricsOverride", size, session)
        evaluate(browser, session, f"window.scrollTo(0, {top}); {SETTLE_JS}")
        # optimizeForSpeed: Chromium filters every row with Up, which decode_png undoes fastest.
        shot = {"format": "png", "optimizeForSpeed": True}
        raw = base64.b64decode(browser.call("Page.captureScreenshot", shot, session)["data"])
        png.write_bytes(raw)
        width, _, colours = png_colours(raw)
        counts.update(colours)
        pngs.append(str(png))
    evaluate(browser, session, "window.scrollTo(0, 0); true")
    total = sum(counts.values())
    background, most = counts.most_common(1)[0]
    return {
        "pngs": pngs,
        "width": width,
        "height": height,
        "pageHeight": page_height,
        "cut": page_height > MAX_HEIGHT,
        "colours": len(counts),
        "nonBackground": (total - most) / total,
    }


# ---- the runs -----------------------------------------------------------------------------


def run(pages, args, brief=False):
    """Checks every (name, path); returns {name: (failed, notes, record)}."""
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    profile = tempfile.mkdtemp(prefix="pmlint-chromium-")
    log_path = out / "chromium.log"
    results = {}
    with open(log_path, "wb") as log:
        browser = Chromium(args.chromium, profile, log, args.timeout)
        try:
            try:
                version = browser.call("Browser.getVersion")
            except Failure as e:
                tail = log_path.read_text(errors="replace")[-3000:]
                raise SystemExit(f"Chromium did not start ({e}); the end of {log_path}:\n{tail}")
            print(
                f"{version['product']} ({args.chromium}), window {args.width} px wide", flush=True
            )
            for name, path in pages:
                started = time.monotonic()
                try:
                    failed, notes, record = check_page(browser, name, path, out, args)
                except Failure as e:
                    failed, notes, record = {"load": [f"the check did not finish: {e}"]}, [], {}
                record["seconds"] = round(time.monotonic() - started, 2)
                results[name] = (failed, notes, record)
                report(name, path, failed, notes, record, brief)
        finally:
            browser.close()
            shutil.rmtree(profile, ignore_errors=True)
    summary = {
        name: {"failed": {k: v for k, v in failed.items() if v}, "notes": notes, **record}
        for name, (failed, notes, record) in results.items()
    }
    (out / "results.json").write_text(json.dumps(summary, indent=1) + "\n")
    return results


def report(name, path, failed, notes, record, brief=False):
    bad = [c for c in CHECKS if failed.get(c)]
    print(
        f"\n{name} ({path}): {'FAIL ' + ', '.join(bad) if bad else 'ok'} in {record.get('seconds')} s"
    )
    if brief:  # the self-test: the first line of each failure is enough
        for check in bad:
            print(f"  {check}: {failed[check][0].splitlines()[0][:160]}")
        return
    if record.get("screenshots"):
        for shot in record["screenshots"]:
            pngs = shot["pngs"]
            files = pngs[0] if len(pngs) == 1 else f"{pngs[0]} to {Path(pngs[-1]).name}"
            print(
                f"  {files}: {shot['width']}x{shot['height']}"
                f"{' (cut from ' + str(shot['pageHeight']) + ')' if shot['cut'] else ''}, "
                f"{shot['colours']} colours, {shot['nonBackground']:.2%} not background"
            )
        print(
            f"  {record['svgs']} <svg>, {record['texts']} visible <text> measured, "
            f"{record['hiddenTexts']} hidden; {record['details']} <details> "
            f"({record['hiddenBeforeOpening']} <text> hidden before they were opened); loaded in {record['loadMs']} ms"
        )
    for check in CHECKS:
        for line in failed.get(check, [])[:50]:
            print(f"  {check}: {line}")
        if len(failed.get(check, [])) > 50:
            print(f"  {check}: ... and {len(failed[check]) - 50} more")
    for line in notes[:20]:
        print(f"  {line}")


def self_test(directory, args):
    samples = sorted(p for p in Path(directory).iterdir() if p.suffix in (".svg", ".html"))
    expected = {}
    for p in samples:
        first = p.read_text().split("\n", 1)[0]
        m = re.search(r"browser_check expects: ([a-z ]+)", first)
        if not m:
            raise SystemExit(f"{p}: no 'browser_check expects:' on its first line")
        want = set(m.group(1).split()) - {"pass"}
        unknown = want - set(CHECKS)
        if unknown:
            raise SystemExit(f"{p}: unknown checks {unknown}")
        expected[p.stem] = want
    png_round_trip()
    results = run([(p.stem, p) for p in samples], args, brief=True)
    wrong = []
    for name, want in expected.items():
        got = {c for c, lines in results[name][0].items() if lines}
        if got != want:
            wrong.append(
                f"{name}: failed {sorted(got) or 'nothing'}, expected {sorted(want) or 'nothing'}"
            )
    print()
    if wrong:
        for line in wrong:
            print(f"SELF-TEST WRONG: {line}")
        return 1
    print(
        f"self-test ok: {len(samples)} samples, each failed exactly the checks it names;"
        " the PNG decoder undoes all five filters"
    )
    return 0


def main():
    # A timeout's SIGTERM unwinds like an exception, so that Chromium is still closed.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("browser_check: terminated"))
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("pages", nargs="*", help="NAME=FILE or FILE (an .html or .svg file)")
    parser.add_argument(
        "--out", default="target/browser", help="where the PNGs and results.json go"
    )
    parser.add_argument("--chromium", default=os.environ.get("CHROMIUM") or default_chromium())
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument(
        "--height", type=int, default=800, help="the window's height before it grows to the page's"
    )
    parser.add_argument(
        "--tile", type=int, default=2400, help="the tallest PNG; a longer page takes several"
    )
    parser.add_argument("--timeout", type=float, default=60, help="seconds any one step may take")
    parser.add_argument(
        "--tolerance", type=float, default=1.0, help="pixels two labels may overlap by"
    )
    parser.add_argument(
        "--min-ink", type=float, default=0.001, help="share of pixels that must not be background"
    )
    parser.add_argument("--min-colours", type=int, default=4)
    parser.add_argument(
        "--self-test", metavar="DIR", help="check the samples in DIR fail as they say"
    )
    args = parser.parse_args()
    if args.self_test:
        return self_test(args.self_test, args)
    pages = []
    for page in args.pages:
        name, _, file = page.rpartition("=")
        path = Path(file)
        if not path.is_file():
            raise SystemExit(f"no such file: {file}")
        pages.append((name or path.stem, path))
    if not pages:
        parser.error("no pages")
    results = run(pages, args)
    bad = [name for name, (failed, _, _) in results.items() if any(failed.values())]
    print()
    if bad:
        print(f"FAIL: {len(bad)} of {len(results)} pages: {', '.join(bad)}")
        return 1
    print(
        f"ok: {len(results)} pages loaded cleanly, offline, not blank, with no overlapping labels"
    )
    return 0


def default_chromium():
    # The real binary, not Debian's /usr/bin/chromium wrapper, which adds flags of its own.
    for exe in (
        "/usr/lib/chromium/chromium",
        shutil.which("chromium") or "",
        shutil.which("chromium-browser") or "",
    ):
        if exe and os.access(exe, os.X_OK):
            return exe
    return "chromium"


if __name__ == "__main__":
    sys.exit(main())
