#!/usr/bin/env python3
"""impairnet — two network namespaces joined by an impaired link, for softmcu's
impaired-network tests (tests/netns/README.md).

    MCU namespace  <name>m   imp0 10.199.0.1  ─┐
                                               ├─ this process: loss, delay/jitter/reorder, rate
    endpoint ns    <name>e   imp0 10.199.0.2  ─┘

Why TUN and a user-space impairer rather than veth + `tc netem`: netem is a kernel module
(sch_netem) that many CI and cloud kernels leave out — this project's build machine among
them — while TUN is nearly everywhere. The impairer reproduces the netem models the tests
need, with netem's semantics:
  loss P%                  independent random loss             (netem `loss random P%`)
  gemodel p r 1-h 1-k      Gilbert-Elliott bursty loss         (netem `loss gemodel p r 1-h 1-k`)
  delay D jitter J         uniform delay in [D-J, D+J]; packets leave in delay order, so
                           jitter larger than the packet spacing reorders (netem `delay D J`)
  rate R burst B limit L   token bucket; a packet that would wait longer than L is dropped
                           (tc `tbf rate R burst B latency L`)
Each direction has its own model: "up" is endpoint → MCU, "down" is MCU → endpoint.

Usage (as root, or with CAP_NET_ADMIN and CAP_SYS_ADMIN):
    impairnet.py check                       exit 0 if this machine can run the tests, 77 (skip) if not
    impairnet.py serve --name N --profile P [--direction up|down|both] [--seed S] [--stats FILE]
        creates the namespaces and the link, prints "ready" on stdout, forwards until SIGTERM or
        SIGINT, then writes per-direction counters to --stats (JSON) and deletes the namespaces.
    impairnet.py cleanup                     deletes namespaces left by killed runs (smcu<pid>m/e)
    impairnet.py selftest                    checks the models' statistics (no root needed)
Profiles: clean, loss5, burst2, jitter50, tbf1500 (see PROFILES).
"""

import argparse
import ctypes
import fcntl
import heapq
import json
import os
import random
import re
import select
import signal
import struct
import subprocess
import sys
import time

MCU_ADDRESS = "10.199.0.1"
ENDPOINT_ADDRESS = "10.199.0.2"
SKIP = 77  # CTest's SKIP_RETURN_CODE in tests/CMakeLists.txt

# netem-equivalent models. Loss in [0, 1]; times in seconds; rate in bits/s.
PROFILES = {
    "clean": {},
    # 5 % independent loss.
    "loss5": {"loss": 0.05},
    # Gilbert-Elliott: enter the bad state with p = 0.5 % per packet, leave it with r = 25 %
    # (bursts of 4 packets on average), lose everything in it and nothing outside:
    # p / (p + r) = 1.96 % loss in bursts.
    "burst2": {"gemodel": (0.005, 0.25, 1.0, 0.0)},
    # 50 ms ± 50 ms: video packets a millisecond apart leave in a different order.
    "jitter50": {"delay": 0.050, "jitter": 0.050},
    # A branch on a 1.5 Mbps line: tbf rate 1.5mbit burst 15000 latency 100ms.
    "tbf1500": {"rate": 1_500_000, "burst": 15000, "limit": 0.100},
}

TUNSETIFF = 0x400454CA
IFF_TUN = 0x0001
IFF_NO_PI = 0x1000
CLONE_NEWNET = 0x40000000


def run(*args, check=True):
    return subprocess.run(list(args), check=check, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def check_machine():
    """None if namespaces and TUN work here, else the reason to skip."""
    if not os.path.exists("/dev/net/tun"):
        return "no /dev/net/tun (kernel without CONFIG_TUN, or a container without the device)"
    probe = f"smcuprobe{os.getpid()}"
    try:
        r = run("ip", "netns", "add", probe, check=False)
    except FileNotFoundError:
        return "no 'ip' command (install iproute2)"
    if r.returncode != 0:
        return f"'ip netns add' is not allowed here ({r.stderr.strip()}): needs root or CAP_SYS_ADMIN+CAP_NET_ADMIN"
    run("ip", "netns", "del", probe, check=False)
    return None


class Model:
    """One direction's impairment: decides per packet whether it is lost and when it leaves."""

    def __init__(self, spec, rng):
        self.rng = rng
        self.loss = spec.get("loss", 0.0)
        self.ge = spec.get("gemodel")
        self.bad = False
        self.delay = spec.get("delay", 0.0)
        self.jitter = spec.get("jitter", 0.0)
        self.rate = spec.get("rate")
        self.burst = spec.get("burst", 15000)
        self.limit = spec.get("limit", 0.1)
        self.tokens = float(self.burst)
        self.last_refill = None
        self.busy_until = 0.0
        self.stats = {"packets": 0, "bytes": 0, "lost": 0, "rate_dropped": 0, "delivered": 0}

    def lost(self):
        if self.ge:
            p, r, one_minus_h, one_minus_k = self.ge
            # netem's order: move between states, then lose with the state's probability.
            if self.bad:
                if self.rng.random() < r:
                    self.bad = False
            elif self.rng.random() < p:
                self.bad = True
            return self.rng.random() < (one_minus_h if self.bad else one_minus_k)
        return self.loss > 0 and self.rng.random() < self.loss

    def departure(self, now, size):
        """When the packet leaves the shaper, or None if the shaper drops it."""
        if not self.rate:
            return now
        # Token bucket with a FIFO behind it: the packet leaves when the bucket has its bytes.
        start = max(now, self.busy_until)
        if self.last_refill is None:
            self.last_refill = start
        self.tokens = min(self.burst, self.tokens + (start - self.last_refill) * self.rate / 8)
        self.last_refill = start
        wait = 0.0 if self.tokens >= size else (size - self.tokens) * 8 / self.rate
        leave = start + wait
        if leave - now > self.limit:
            return None
        self.tokens = self.tokens + wait * self.rate / 8 - size
        self.last_refill = leave
        self.busy_until = leave
        return leave

    def schedule(self, now, size):
        """Send time for a packet arriving now, or None if it is lost."""
        self.stats["packets"] += 1
        self.stats["bytes"] += size
        if self.lost():
            self.stats["lost"] += 1
            return None
        leave = self.departure(now, size)
        if leave is None:
            self.stats["rate_dropped"] += 1
            return None
        if self.delay or self.jitter:
            leave += max(0.0, self.delay + self.rng.uniform(-self.jitter, self.jitter))
        self.stats["delivered"] += 1
        return leave


_libc = ctypes.CDLL(None, use_errno=True)


def setns(path):
    fd = os.open(path, os.O_RDONLY)
    try:
        if _libc.setns(fd, CLONE_NEWNET) != 0:
            err = ctypes.get_errno()
            raise OSError(err, f"setns({path}): {os.strerror(err)}")
    finally:
        os.close(fd)


def open_tun_in(namespace, ifname="imp0"):
    """A TUN device created inside `namespace` (the fd stays usable from any namespace)."""
    own = f"/proc/{os.getpid()}/task/{os.getpid()}/ns/net"
    home = os.open(own, os.O_RDONLY)
    try:
        setns(f"/run/netns/{namespace}")
        fd = os.open("/dev/net/tun", os.O_RDWR)
        fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH", ifname.encode(), IFF_TUN | IFF_NO_PI))
    finally:
        if _libc.setns(home, CLONE_NEWNET) != 0:
            raise OSError(ctypes.get_errno(), "cannot return to the original network namespace")
        os.close(home)
    os.set_blocking(fd, False)
    return fd


def create(name):
    mcu_ns, ep_ns = f"{name}m", f"{name}e"
    for ns in (mcu_ns, ep_ns):
        run("ip", "netns", "add", ns)
        run("ip", "-n", ns, "link", "set", "lo", "up")
    mcu_fd = open_tun_in(mcu_ns)
    ep_fd = open_tun_in(ep_ns)
    for ns, local, peer in ((mcu_ns, MCU_ADDRESS, ENDPOINT_ADDRESS), (ep_ns, ENDPOINT_ADDRESS, MCU_ADDRESS)):
        run("ip", "-n", ns, "addr", "add", local, "peer", peer, "dev", "imp0")
        # A short queue on the device: the impairer's shaper is the bottleneck, not the kernel's.
        run("ip", "-n", ns, "link", "set", "imp0", "up", "mtu", "1500")
    return mcu_ns, ep_ns, mcu_fd, ep_fd


def destroy(name):
    for ns in (f"{name}m", f"{name}e"):
        run("ip", "netns", "del", ns, check=False)


def serve(args):
    spec = PROFILES[args.profile]
    rng = random.Random(args.seed)
    up = Model(spec if args.direction in ("up", "both") else {}, rng)
    down = Model(spec if args.direction in ("down", "both") else {}, rng)
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(1))
    signal.signal(signal.SIGINT, lambda *_: stopping.append(1))
    try:
        mcu_ns, ep_ns, mcu_fd, ep_fd = create(args.name)
    except Exception as e:  # noqa: BLE001 — anything here means no link: say why
        destroy(args.name)
        print(f"impairnet: cannot create the link: {e}", file=sys.stderr)
        return 1
    print("ready", flush=True)
    queue = []  # (send_time, seq, out_fd, packet)
    seq = 0
    poller = select.poll()
    poller.register(mcu_fd, select.POLLIN)
    poller.register(ep_fd, select.POLLIN)
    route = {ep_fd: (mcu_fd, up), mcu_fd: (ep_fd, down)}
    try:
        while not stopping:
            now = time.monotonic()
            while queue and queue[0][0] <= now:
                _, _, out, packet = heapq.heappop(queue)
                try:
                    os.write(out, packet)
                except OSError:
                    pass  # the receiving side is gone or its queue is full: a loss
            timeout_ms = 200 if not queue else max(0, int((queue[0][0] - now) * 1000))
            try:
                events = poller.poll(timeout_ms)
            except InterruptedError:
                continue
            now = time.monotonic()
            for fd, _ in events:
                out, model = route[fd]
                for _ in range(64):  # drain what is there, bounded so the other side gets a turn
                    try:
                        packet = os.read(fd, 65535)
                    except BlockingIOError:
                        break
                    when = model.schedule(now, len(packet))
                    if when is None:
                        continue
                    if when <= now and not queue:
                        try:
                            os.write(out, packet)
                        except OSError:
                            pass
                        continue
                    seq += 1
                    heapq.heappush(queue, (when, seq, out, packet))
    finally:
        os.close(mcu_fd)
        os.close(ep_fd)
        destroy(args.name)
        if args.stats:
            with open(args.stats, "w") as f:
                json.dump({"profile": args.profile, "direction": args.direction, "up": up.stats, "down": down.stats}, f)
    return 0


def cleanup(_args):
    out = run("ip", "netns", "list", check=False).stdout
    removed = 0
    for line in out.splitlines():
        m = re.match(r"(smcu(\d+)[me])\b", line)
        if not m:
            continue
        pid = int(m.group(2))
        if not os.path.exists(f"/proc/{pid}"):
            run("ip", "netns", "del", m.group(1), check=False)
            removed += 1
    print(f"impairnet: removed {removed} stale namespaces")
    return 0


def selftest(_args):
    """The models against what netem would give, on fixed seeds: a test that can fail."""
    problems = []

    def loss_rate(profile, n=200_000, seed=7):
        m = Model(PROFILES[profile], random.Random(seed))
        return sum(1 for _ in range(n) if m.schedule(0.0, 100) is None) / n

    def burst_mean(profile, n=200_000, seed=7):
        m = Model(PROFILES[profile], random.Random(seed))
        bursts, run_length, total = 0, 0, 0
        for _ in range(n):
            if m.schedule(0.0, 100) is None:
                run_length += 1
            elif run_length:
                bursts, total, run_length = bursts + 1, total + run_length, 0
        return total / bursts if bursts else 0

    if not 0.048 <= loss_rate("loss5") <= 0.052:
        problems.append(f"loss5 lost {loss_rate('loss5'):.4f}, not 5 %")
    if not 0.017 <= loss_rate("burst2") <= 0.023:
        problems.append(f"burst2 lost {loss_rate('burst2'):.4f}, not ~1.96 %")
    if not 3.5 <= burst_mean("burst2") <= 4.5:
        problems.append(f"burst2 bursts average {burst_mean('burst2'):.2f} packets, not ~4")
    if burst_mean("loss5") > 1.1:
        problems.append("loss5 is bursty")
    # Jitter: uniform in [0, 100 ms], and a 1 ms packet train comes out reordered.
    m = Model(PROFILES["jitter50"], random.Random(7))
    times = [m.schedule(i * 0.001, 1200) - i * 0.001 for i in range(20_000)]
    if not (min(times) >= 0 and max(times) <= 0.1 and 0.048 <= sum(times) / len(times) <= 0.052):
        problems.append("jitter50 delays are not uniform in [0, 100 ms]")
    # Shaper: 2 Mbps offered into 1.5 Mbps delivers 1.5 Mbps, each packet within 100 ms.
    m = Model(PROFILES["tbf1500"], random.Random(7))
    delivered, t = 0, 0.0
    for i in range(10_000):
        t = i * 0.004
        leave = m.schedule(t, 1000)
        if leave is not None:
            delivered += 1000
            if leave - t > 0.1 + 1e-9:
                problems.append("tbf1500 kept a packet longer than its 100 ms limit")
                break
    kbps = delivered * 8 / t / 1000
    if not 1450 <= kbps <= 1560:
        problems.append(f"tbf1500 delivered {kbps:.0f} kbps, not 1500")
    for p in problems:
        print(f"FAIL: {p}")
    if not problems:
        print("impairnet: models OK (loss5, burst2, jitter50, tbf1500)")
    return 1 if problems else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("check", help="can this machine run the namespace tests? (exit 0, or 77 with the reason)")
    s = sub.add_parser("serve", help="create the link and forward until SIGTERM")
    s.add_argument("--name", required=True, help="namespace prefix, e.g. smcu<pid> (namespaces <name>m and <name>e)")
    s.add_argument("--profile", required=True, choices=sorted(PROFILES))
    s.add_argument("--direction", choices=("up", "down", "both"), default="both",
                   help="up: endpoint to MCU, down: MCU to endpoint (default both)")
    s.add_argument("--seed", type=int, default=1, help="random seed of the loss and jitter models")
    s.add_argument("--stats", help="write per-direction packet counters here (JSON) at exit")
    sub.add_parser("cleanup", help="delete namespaces of runs that were killed")
    sub.add_parser("selftest", help="check the loss, jitter and rate models' statistics")
    args = parser.parse_args()
    if args.command == "check":
        reason = check_machine()
        if reason:
            print(f"SKIP: {reason}")
            return SKIP
        print("impairnet: network namespaces and TUN available")
        return 0
    if args.command == "serve":
        return serve(args)
    if args.command == "selftest":
        return selftest(args)
    return cleanup(args)


if __name__ == "__main__":
    sys.exit(main())
