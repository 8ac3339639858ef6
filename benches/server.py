#!/usr/bin/env python3
"""Round-trip time of `pmlint server` re-linting a document after each change.

Opens FILE, then sends 500 full-text changes, each waiting for the diagnostics it publishes,
and prints the first open's time and the median, 95th percentile and worst change.

    cargo build --release && python3 benches/server.py target/release/pmlint FILE
"""
import json
import os
import subprocess
import sys
import time


def main():
    binary, path = sys.argv[1], os.path.abspath(sys.argv[2])
    server = subprocess.Popen([binary, "server"], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)

    def send(message):
        body = json.dumps(message).encode()
        server.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        server.stdin.flush()

    def receive():
        length = None
        while True:
            line = server.stdout.readline()
            if line in (b"\r\n", b"\n", b""):
                break
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        return json.loads(server.stdout.read(length))

    send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}})
    receive()
    send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    text = open(path, encoding="utf-8").read()
    uri = "file://" + path
    start = time.perf_counter()
    send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
        "uri": uri, "languageId": "markdown", "version": 1, "text": text}}})
    published = receive()
    first = time.perf_counter() - start
    times = []
    for version in range(2, 502):
        changed = text + "x" * (version % 7)
        start = time.perf_counter()
        send({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": uri, "version": version},
            "contentChanges": [{"text": changed}]}})
        published = receive()
        times.append(time.perf_counter() - start)
    times.sort()
    ms = lambda seconds: f"{seconds * 1000:.2f} ms"
    print(f"{len(text.encode())} bytes, {len(published['params']['diagnostics'])} diagnostics: "
          f"first open {ms(first)}; a change: median {ms(times[len(times) // 2])}, "
          f"95th percentile {ms(times[int(len(times) * 0.95)])}, worst {ms(times[-1])}")
    send({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
    receive()
    send({"jsonrpc": "2.0", "method": "exit"})
    server.wait()


main()
