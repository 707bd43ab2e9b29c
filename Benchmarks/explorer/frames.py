#!/usr/bin/env python3
"""Frame times of the explorer's map in headless Chromium, driven over the DevTools protocol (stdlib only).

   frames.py URL [--frames 120] [--screenshot out.png]

Starts chromium with --remote-debugging-port, opens URL, waits until the map has loaded its points, then
evaluates the page's `explorerBenchmark(frames)` (in app.js): it pans and zooms the map for `frames`
animation frames and reports, per kind of interaction, the JavaScript time spent drawing each frame and the
interval between frames (requestAnimationFrame timestamps). Prints one JSON object."""
import base64, json, os, socket, struct, subprocess, sys, tempfile, time, urllib.request

def ws_connect(url):
    assert url.startswith("ws://")
    hostport, path = url[5:].split("/", 1)
    host, port = hostport.split(":")
    s = socket.create_connection((host, int(port)))
    key = base64.b64encode(os.urandom(16)).decode()
    s.sendall((f"GET /{path} HTTP/1.1\r\nHost: {hostport}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
               f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
    head = b""
    while b"\r\n\r\n" not in head:
        head += s.recv(1)
    assert b" 101 " in head.split(b"\r\n")[0], head
    return s

def ws_send(s, text):
    data = text.encode()
    mask = os.urandom(4)
    n = len(data)
    header = bytes([0x81]) + (bytes([0x80 | n]) if n < 126 else
                              bytes([0x80 | 126]) + struct.pack(">H", n) if n < 65536 else
                              bytes([0x80 | 127]) + struct.pack(">Q", n))
    s.sendall(header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(data)))

def recv_exact(s, n):
    buf = b""
    while len(buf) < n:
        chunk = s.recv(n - len(buf))
        if not chunk:
            raise EOFError("devtools connection closed")
        buf += chunk
    return buf

def ws_recv(s):
    message = b""
    while True:
        b0, b1 = recv_exact(s, 2)
        n = b1 & 0x7F
        if n == 126: n = struct.unpack(">H", recv_exact(s, 2))[0]
        elif n == 127: n = struct.unpack(">Q", recv_exact(s, 8))[0]
        payload = recv_exact(s, n)
        message += payload
        if b0 & 0x80:
            return message.decode()

class Page:
    def __init__(self, sock):
        self.s, self.next = sock, 0
    def call(self, method, **params):
        self.next += 1
        ws_send(self.s, json.dumps({"id": self.next, "method": method, "params": params}))
        while True:
            reply = json.loads(ws_recv(self.s))
            if reply.get("id") == self.next:
                if "error" in reply: raise RuntimeError(reply["error"])
                return reply["result"]
    def eval(self, expression, timeout=120):
        r = self.call("Runtime.evaluate", expression=expression, awaitPromise=True, returnByValue=True, timeout=timeout * 1000)
        if "exceptionDetails" in r: raise RuntimeError(r["exceptionDetails"])
        return r["result"].get("value")

def main():
    args = sys.argv[1:]
    url = args[0]
    frames = int(args[args.index("--frames") + 1]) if "--frames" in args else 120
    shot = args[args.index("--screenshot") + 1] if "--screenshot" in args else None
    profile = tempfile.mkdtemp(prefix="sensevec-chromium-")
    port = 9300 + os.getpid() % 500
    browser = subprocess.Popen(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                                "--no-first-run", f"--user-data-dir={profile}", f"--remote-debugging-port={port}",
                                "--window-size=1280,800", "about:blank"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        targets = None
        for _ in range(300):
            try:
                targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json"))
                if any(t["type"] == "page" for t in targets): break
            except OSError:
                pass
            time.sleep(0.1)
        target = next(t for t in targets if t["type"] == "page")
        page = Page(ws_connect(target["webSocketDebuggerUrl"]))
        page.call("Page.enable")
        page.call("Page.navigate", url=url)
        loaded = page.eval("""new Promise((ok, fail) => { const t0 = Date.now(); (function poll() {
            if (window.explorerBenchmark && document.getElementById('map').dataset.points > 0) ok(true);
            else if (Date.now() - t0 > 120000) fail('the map did not load'); else setTimeout(poll, 100); })(); })""", timeout=130)
        result = page.eval(f"explorerBenchmark({frames})", timeout=300)
        if shot:
            data = page.call("Page.captureScreenshot", format="png")["data"]
            with open(shot, "wb") as f: f.write(base64.b64decode(data))
            result["screenshot"] = shot
        print(json.dumps(result))
    finally:
        browser.terminate()
        try: browser.wait(10)
        except subprocess.TimeoutExpired: browser.kill()

if __name__ == "__main__":
    main()
