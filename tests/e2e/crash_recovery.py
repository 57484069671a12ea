#!/usr/bin/env python3
"""crash_recovery — softmcu killed with SIGKILL during a live meeting comes back with the
meeting live and calls its points again (issue 6, "Crash recovery"; issue 9).

    crash_recovery.py --softmcu BIN --loadgen BIN [--work DIR] [--keep]

Steps, each with a bounded wait and a message naming what did not happen:
  1. start softmcu (fresh data dir, OS-chosen ports, --ready-file) and a softmcu-loadgen in
     answer mode standing in for a branch terminal (sip:loadgen-0@127.0.0.1:PORT);
  2. enter that terminal as a bridge point, make it a member of room 1000, start a live
     meeting through the API: softmcu dials it and it connects;
  3. SIGKILL softmcu; start it again on the same data directory;
  4. the room's meeting is live again (the same logbook meeting) and the point is connected
     again (softmcu redialled it); the logbook has a "restarted" incident.
Exit 0 when all holds, 1 with the reason otherwise.
"""

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request

PASSWORD = "Crash#Test2026"


def log(message):
    print(f"[crash_recovery {time.strftime('%H:%M:%S')}] {message}", flush=True)


class Fail(Exception):
    pass


def wait_for(what, predicate, seconds):
    deadline = time.time() + seconds
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.3)
    raise Fail(f"not within {seconds} s: {what}")


class Api:
    def __init__(self, base):
        self.base = base
        self.token = None

    def call(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.base + path, data=data, method=method)
        request.add_header("Content-Type", "application/json")
        if self.token:
            request.add_header("Authorization", "Bearer " + self.token)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                text = response.read().decode()
                return response.status, (json.loads(text) if text else None)
        except urllib.error.HTTPError as error:
            text = error.read().decode()
            return error.code, (json.loads(text) if text.startswith("{") else text)

    def must(self, method, path, body=None, ok=(200, 201, 202, 204)):
        status, answer = self.call(method, path, body)
        if status not in ok:
            raise Fail(f"{method} {path} → HTTP {status} {answer}")
        return answer

    def login(self):
        self.token = self.must("POST", "/api/v1/login", {"user": "admin", "password": PASSWORD})["token"]


def start_softmcu(binary, work, name):
    ready = os.path.join(work, f"ready-{name}.json")
    command = [binary, "--data-dir", os.path.join(work, "data"), "--sip-listen", "udp:127.0.0.1:0",
               "--http-listen", "127.0.0.1:0", "--http-tls", "off", "--ready-file", ready]
    out = open(os.path.join(work, f"softmcu-{name}.log"), "ab")
    process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT,
                               env=dict(os.environ, SOFTMCU_ADMIN_PASSWORD=PASSWORD), start_new_session=True)
    info = wait_for(f"softmcu ({name}) writes {ready}",
                    lambda: process.poll() is None and os.path.exists(ready) and json.load(open(ready)), 120)
    log(f"softmcu {name}: pid {process.pid}, SIP {info['sip']}, HTTP {info['http']}")
    return process, info


def participants(api):
    status, answer = api.call("GET", "/api/v1/rooms/1000/participants")
    return answer if status == 200 and isinstance(answer, list) else []


def start_terminal(binary, work, listen):
    """softmcu-loadgen answering as loadgen-0: the stand-in branch terminal."""
    process = subprocess.Popen(
        [binary, "--mode", "answer", "--listen", listen, "--endpoints", "1", "--duration", "600",
         "--renditions", "320x180@200", "--decode-share", "0", "--quiet"],
        stdout=open(os.path.join(work, "loadgen.out"), "ab"), stderr=subprocess.PIPE, start_new_session=True)
    # It prints where it listens: "softmcu-loadgen: SIP on udp:127.0.0.1:PORT".
    deadline = time.time() + 60
    while time.time() < deadline:
        line = process.stderr.readline().decode()
        if not line and process.poll() is not None:
            raise Fail("softmcu-loadgen exited before listening")
        if "SIP on udp:" in line:
            return process, line.split("SIP on udp:")[1].strip()
    raise Fail("softmcu-loadgen did not say where it listens")


def run(args, work):
    loadgen, listen = start_terminal(args.loadgen, work, "127.0.0.1:0")
    processes = [loadgen]
    try:
        log(f"stand-in terminal answers at sip:loadgen-0@{listen}")

        softmcu, info = start_softmcu(args.softmcu, work, "first")
        processes.append(softmcu)
        api = Api(info["http"])
        api.login()
        point = api.must("POST", "/api/v1/points", {"name": "UBND xã Xuân Dương", "sip_uri": f"sip:loadgen-0@{listen}",
                                                     "tier": "commune"})
        api.must("PUT", "/api/v1/rooms/1000/members", {"members": [{"point": point["id"]}]})
        api.must("POST", "/api/v1/rooms/1000/meeting", {"phase": "live", "title": "Họp thử khôi phục"})
        wait_for("the member point is connected after the meeting started",
                 lambda: any(p.get("state") == "connected" for p in participants(api)), 30)
        meeting = api.must("GET", "/api/v1/rooms/1000/live").get("meeting")
        log(f"meeting {meeting} live with the point connected; SIGKILL softmcu {softmcu.pid}")

        os.killpg(softmcu.pid, signal.SIGKILL)
        softmcu.wait(10)
        # The terminal still holds the dead call (no BYE came): like a real one it answers
        # "busy" until it notices. Restart it at the same address, as a site would.
        os.killpg(loadgen.pid, signal.SIGKILL)
        loadgen.wait(10)
        loadgen, _ = start_terminal(args.loadgen, work, listen)
        processes.append(loadgen)
        softmcu, info = start_softmcu(args.softmcu, work, "second")
        processes.append(softmcu)
        api = Api(info["http"])
        api.login()
        live = wait_for("room 1000 is live again after the restart",
                        lambda: (lambda s: s if s.get("phase") == "live" else None)(
                            api.must("GET", "/api/v1/rooms/1000/live")), 20)
        if live.get("meeting") != meeting:
            raise Fail(f"the restored meeting is {live.get('meeting')}, not {meeting}")
        wait_for("the point is connected again (redialled after the restart)",
                 lambda: any(p.get("state") == "connected" for p in participants(api)), 60)
        book = api.must("GET", f"/api/v1/logbook/meetings/{meeting}")
        if "restarted" not in json.dumps(book, ensure_ascii=False):
            raise Fail(f"no restart incident in meeting {meeting}'s logbook: {book}")
        log("restored: meeting live again, point redialled and connected, incident logged")
        os.killpg(softmcu.pid, signal.SIGTERM)
        if softmcu.wait(20) != 0:
            raise Fail(f"softmcu exited with {softmcu.returncode} on SIGTERM")
        return 0
    finally:
        for p in processes:
            if p.poll() is None:
                try:
                    os.killpg(p.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                p.wait(10)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--softmcu", required=True)
    parser.add_argument("--loadgen", required=True)
    parser.add_argument("--work", help="work directory (default: a fresh temporary one)")
    parser.add_argument("--keep", action="store_true", help="keep the work directory")
    args = parser.parse_args()
    work = args.work or tempfile.mkdtemp(prefix="softmcu-crash-")
    os.makedirs(work, exist_ok=True)
    try:
        return run(args, work)
    except Fail as failure:
        print(f"crash_recovery: FAILED: {failure} (logs in {work})", file=sys.stderr)
        for name in sorted(os.listdir(work)):
            if name.endswith(".log"):
                print(f"--- {name} (last 30 lines)", file=sys.stderr)
                print("".join(open(os.path.join(work, name), errors="replace").readlines()[-30:]), file=sys.stderr)
        args.keep = True
        return 1
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
