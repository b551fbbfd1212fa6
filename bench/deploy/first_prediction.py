"""Starts a command (a server process, or `podman run -d ...`) and times it until the server answers a prediction
correctly. Prints the milliseconds from just before the start to the correct answer.

Usage: first_prediction.py URL PNG LABEL TIMEOUT_S -- COMMAND...
One Python process polls over a raw socket every 5 ms: spawning curl per try would steal the CPU the server
is starting on (2 cores here). A command still running at the end (a server process) is stopped with SIGTERM.
"""
import http.client
import json
import subprocess
import sys
import time
import urllib.parse


def answered(url, body, label):
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=2)
    try:
        connection.request("POST", parts.path + ("?" + parts.query if parts.query else ""), body, {"Content-Type": "image/png"})
        response = connection.getresponse()
        data = response.read()
        if response.status != 200:
            return False
        return json.loads(data)["predictions"][0]["top"][0]["label"] == label
    except (OSError, http.client.HTTPException, ValueError, KeyError, IndexError):
        return False
    finally:
        connection.close()


def main():
    split = sys.argv.index("--")
    url, png, label, timeout = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
    command = sys.argv[split + 1:]
    with open(png, "rb") as f:
        body = f.read()
    started = time.monotonic()
    process = subprocess.Popen(command, stdout=sys.stderr, stderr=sys.stderr)
    try:
        while not answered(url, body, label):
            if time.monotonic() - started > timeout:
                sys.exit(f"no correct prediction from {url} within {timeout} s")
            time.sleep(0.005)
        print(round((time.monotonic() - started) * 1000), flush=True)
        time.sleep(0.5)  # not timed: lets the server finish logging its startup timeline before it is stopped
    finally:
        if process.poll() is None:
            process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


if __name__ == "__main__":
    main()
