#!/usr/bin/python3
# Copyright 2026 The srvsess authors
# SPDX-License-Identifier: GPL-2.0-or-later
"""Re-makes the README's screenshots (docs/*.png) with the real Wireshark GUI.

    /usr/bin/python3 tests/gui/screenshots.py --build build [--out docs]

Runs Debian's wireshark (wireshark-qt) under Xvfb as an unprivileged user
(uid 65534 when started as root, like the tests: Wireshark run as root ignores
WIRESHARK_PLUGIN_DIR), with its own HOME holding a copy of the shipped `srvsess`
configuration profile, and srvsess loaded from the build tree. All three show
pcaps/sharphound_like_smb2.pcap, which holds both calls (one client asking six
hosts NetrSessionEnum and NetrWkstaUserEnum, a SharpHound-like session collection):

  srvsess-packet-details.png  display filter srvsess: the packet list with the
                              profile's columns and colours, and frame 48 (a level-1
                              NetrWkstaUserEnum answer, three logged-on users) with
                              the srvsess subtree expanded (View > Expand Subtrees)
  srvsess-expert-info.png     Analyze > Expert Information (wireshark -z expert),
                              the session-collection group open
  srvsess-statistics.png      Statistics > SRVSVC Sessions, the srvsvc-only nodes
                              collapsed so that "Logged-on users by workstation" and
                              "Where is each user" fit

--suffix names the files srvsess-*<suffix>.png. The 4.4 and 4.6 pictures are made
in the matrix chroots (trixie, sid) with their own Wireshark and a plugin built
there; the script installs the GUI packages it lacks (Debian's `wireshark`):

    bash tests/matrix/matrix.sh --exec trixie sh -c 'cmake -S . -B build &&
        cmake --build build && python3 tests/gui/screenshots.py --build build
        --out /srv/shots --suffix -4.4'

(--exec works in a copy of the tree, so --out names a folder that stays: the
chroot's /srv/shots, under the matrix cache on the host; copy them to docs/.)

Everything is driven by command-line options and keys (xdotool); the one mouse
click only gives the packet-details pane the keyboard focus. Each picture is
taken once the window stopped changing (the GUI loads and retaps in the
background, so a fixed sleep would sometimes catch an empty dialog).
Not a ctest: it needs X. Installs what it lacks with apt-get when run as root.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.dirname(HERE))
import tshark_env  # noqa: E402  (tests/tshark_env.py: the plugin a build made)

NOBODY = 65534
SCREEN = (1920, 1700)
MAIN_WINDOW = (1920, 1340)
# Tool -> the Debian package that has it. ImageMagick's own binaries by full
# path: a `convert` earlier on PATH need not be ImageMagick.
TOOLS = {"wireshark": "wireshark-qt", "Xvfb": "xvfb", "xdotool": "xdotool",
         "xwd": "x11-apps", "/usr/bin/import": "imagemagick", "/usr/bin/convert": "imagemagick",
         # a font with CJK glyphs: the capture's logon domain 山田商事 would show as boxes
         "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc": "fonts-wqy-microhei"}
CONVERT = "/usr/bin/convert"
IMPORT = "/usr/bin/import"

PCAP = os.path.join(ROOT, "pcaps", "sharphound_like_smb2.pcap")
STATS_PCAP = PCAP
SUFFIX = ""          # --suffix: srvsess-*<SUFFIX>.png
# Keys that open the session-collection group in the Expert Information dialog
# (the first group starts current); overridable for another Wireshark's order.
EXPERT_KEYS = ["Down", "Down", "Right"]
# Keys that open the three logged-on users of FRAME in the details pane, starting
# on its last top-level item (Workstation Service, collapsed): expand it, go down
# past Operation and [Request in frame] to srvsess, expand that, down past [Level
# requested], [Server name requested] and Level to the container, expand it, down
# past Referent ID and Entries read to User 3; then User 3, 2, 1 one level each,
# so every user's members show without their NDR pointer details.
DETAILS_KEYS = ["Right", "Down", "Down", "Down", "Right", "Down", "Down", "Down", "Down", "Right",
                "Down", "Down", "Down", "Down", "Down", "Right", "Up", "Right", "Up", "Right"]
# Keys in the statistics tree: collapse the five top-level nodes, then walk up from
# the last one opening (`*`: the node and everything under it) "Enumeration requests
# by client, then server", "Logged-on users by workstation" and "Where is each user",
# leaving the srvsvc-only "Sessions reported" and "Sessions by server" closed.
# The dialog orders the top-level nodes differently by release: 4.0 and 4.4 by name,
# descending (Where, Sessions reported, Sessions by server, Logged-on, Enumeration),
# 4.6 by count, descending (Where 20, Logged-on 13, Enumeration 10, Sessions
# reported 7, Sessions by server 7) -- with this capture's counts.
COLLAPSE_ALL = ["Home", "Left", "Down", "Left", "Down", "Left", "Down", "Left", "Down", "Left"]
STATS_KEYS = COLLAPSE_ALL + ["End", "asterisk", "Up", "asterisk", "Up", "Up", "Up", "asterisk", "Home"]
STATS_KEYS_BY_RELEASE = {(4, 6): COLLAPSE_ALL + ["End", "Up", "Up", "asterisk", "Up", "asterisk", "Up", "asterisk",
                                                 "Home"]}
FRAME = 48          # NetrWkstaUserEnum level-1 answer: alice, WS02$ (a machine account), svc-backup


def log(msg):
    print("screenshots:", msg, flush=True)


def ensure_tools():
    missing = sorted({pkg for tool, pkg in TOOLS.items()
                      if not (os.path.exists(tool) if tool.startswith("/") else shutil.which(tool))})
    if not missing:
        return
    if os.geteuid() != 0:
        raise SystemExit("screenshots: missing packages, install them first: apt-get install " + " ".join(missing))
    log("installing " + " ".join(missing))
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    install = ["apt-get", "install", "-y", "-q", "--no-install-recommends"] + missing
    if subprocess.run(install, env=env).returncode != 0:
        # a fresh machine may not have package lists yet
        subprocess.run(["apt-get", "update", "-q"], check=True, env=env)
        subprocess.run(install, check=True, env=env)


def as_runner(cmd):
    if os.geteuid() != 0:
        return cmd
    return ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"] + cmd


class Xvfb:
    def __init__(self):
        r, w = os.pipe()
        # -displayfd: Xvfb picks a free display and writes its number.
        # -ac: the unprivileged Wireshark may connect (local socket only, -nolisten tcp).
        self.proc = subprocess.Popen(["Xvfb", "-displayfd", str(w), "-screen", "0", f"{SCREEN[0]}x{SCREEN[1]}x24",
                                      "-nolisten", "tcp", "-ac"], pass_fds=(w,),
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(w)
        with os.fdopen(r) as f:
            num = f.readline().strip()
        if not num:
            raise SystemExit("screenshots: Xvfb did not start")
        self.display = ":" + num

    def close(self):
        self.proc.terminate()
        self.proc.wait()


def xdo(display, *args, check=True):
    return subprocess.run(["xdotool"] + [str(a) for a in args], env={"DISPLAY": display, "PATH": "/usr/bin:/bin"},
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=check).stdout.decode()


def find_window(display, title_regex, timeout=90):
    """The X window whose title matches, once it exists (the last one listed)."""
    end = time.time() + timeout
    while time.time() < end:
        out = xdo(display, "search", "--onlyvisible", "--name", title_regex, check=False).split()
        if out:
            return out[-1]
        time.sleep(0.5)
    return None


def grab(display, window):
    return subprocess.run(["xwd", "-silent", "-id", window], env={"DISPLAY": display},
                          stdout=subprocess.PIPE, check=True).stdout


def wait_stable(display, window, settle=3.0, least=2.0, timeout=120):
    """Waits until the window's pixels stay the same for `settle` seconds
    (and at least `least` seconds have passed)."""
    start = time.time()
    last, since = None, time.time()
    while time.time() - start < timeout:
        img = grab(display, window)
        if img != last:
            last, since = img, time.time()
        elif time.time() - since >= settle and time.time() - start >= least:
            return
        time.sleep(0.5)
    log(f"window {window} still changing after {timeout}s; taking it anyway")


def save_png(display, window, path):
    """The window as a palette PNG (text on flat colours: 256 colours lose nothing visible, and keep it small)."""
    raw = path + ".full.png"
    subprocess.run([IMPORT, "-window", window, raw], env={"DISPLAY": display}, check=True)
    subprocess.run([CONVERT, raw, "-strip", "-colors", "256", "PNG8:" + path], check=True)
    os.unlink(raw)
    log(f"wrote {os.path.relpath(path, ROOT)} ({os.path.getsize(path) // 1024} KiB)")


class Wireshark:
    """One wireshark process in the prepared HOME, on the Xvfb display."""

    def __init__(self, setup, display, pcap, args):
        env = {"PATH": "/usr/bin:/bin", "HOME": setup.home, "XDG_CONFIG_HOME": os.path.join(setup.home, ".config"),
               "XDG_RUNTIME_DIR": setup.runtime, "DISPLAY": display, "LANG": "C.UTF-8", "TZ": "UTC",
               "WIRESHARK_PLUGIN_DIR": setup.plugin_dir, "QT_QPA_PLATFORM": "xcb"}
        # capture.no_interface_load: no dumpcap interface scan (slow, useless here).
        cmd = ["wireshark", "-o", "capture.no_interface_load:TRUE", "-C", "srvsess", "-r", setup.pcaps[pcap]] + args
        path = os.path.join(setup.work, "wireshark.log")
        self.seen = len(open(path, errors="replace").read().splitlines()) if os.path.exists(path) else 0
        self.log = open(path, "ab")
        self.proc = subprocess.Popen(as_runner(cmd), env=env, stdout=self.log, stderr=self.log)

    def close(self):
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()
        # What Wireshark said (a profile it could not read would show here).
        with open(self.log.name, errors="replace") as f:
            for line in f.read().splitlines()[self.seen:]:
                if line.strip():
                    log("wireshark said: " + line.strip())


class Setup:
    """A HOME for the unprivileged Wireshark: the srvsess profile (a copy of the
    shipped one) plus window geometry, so every run looks the same."""

    def __init__(self, build):
        self.work = tempfile.mkdtemp(prefix="srvsess-shots-")
        self.home = os.path.join(self.work, "home")
        self.runtime = os.path.join(self.work, "runtime")
        conf = os.path.join(self.home, ".config", "wireshark")
        profile = os.path.join(conf, "profiles", "srvsess")
        shutil.copytree(os.path.join(ROOT, "profiles", "srvsess"), profile)
        os.makedirs(self.runtime, mode=0o700)
        with open(os.path.join(conf, "recent_common"), "w") as f:
            f.write("gui.geometry_main_x: 0\ngui.geometry_main_y: 0\n"
                    f"gui.geometry_main_width: {MAIN_WINDOW[0]}\ngui.geometry_main_height: {MAIN_WINDOW[1]}\n"
                    "gui.geometry_main_maximized: FALSE\nprivs.warn_if_elevated: FALSE\n"
                    "sys.warn_if_no_capture: FALSE\n")
        # The profile's "recent" (per-profile view state; the shipped profile has none):
        # no bytes pane, a short packet list, column widths that fit the screen.
        with open(os.path.join(profile, "recent"), "w") as f:
            f.write("gui.byte_view_show: FALSE\ngui.packet_diagram_show: FALSE\n"
                    "gui.geometry_main_upper_pane: 470\n"
                    "column.width:\n\t%m, 55,\n\t%t, 80,\n\t%s, 85,\n\t%d, 85,\n\t%p, 75,\n\t%L, 55,\n\t%i, 400,\n"
                    '\t"%Cus:srvsess.username", 250,\n\t"%Cus:srvsess.cname_host", 230,\n'
                    '\t"%Cus:srvsess.idle_time", 120,\n\t"%Cus:srvsess.user_flags", 90,\n'
                    '\t"%Cus:srvsess.logon_domain", 160,\n\t"%Cus:srvsess.logon_server", 150\n')
        self.pcaps = {}
        for pcap in (PCAP, STATS_PCAP):
            self.pcaps[pcap] = os.path.join(self.home, os.path.basename(pcap))
            shutil.copyfile(pcap, self.pcaps[pcap])
        so = tshark_env.plugin_so(build)
        series = os.path.basename(os.path.dirname(os.path.dirname(so)))
        # A copy of the build's plugin, reachable by the unprivileged user wherever the build tree is.
        self.plugin_dir = os.path.join(self.work, "plugins")
        os.makedirs(os.path.join(self.plugin_dir, series, "epan"))
        shutil.copy2(so, os.path.join(self.plugin_dir, series, "epan"))
        if os.geteuid() == 0:
            for d, dirs, files in os.walk(self.work):
                for name in dirs + files + [""]:
                    os.chown(os.path.join(d, name), NOBODY, NOBODY)
        os.chmod(self.work, 0o755)

    def close(self):
        shutil.rmtree(self.work, ignore_errors=True)


def wireshark_release():
    """(major, minor) of the Wireshark the pictures are made with (tshark comes from the same release)."""
    out = subprocess.run(["tshark", "--version"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                         env={"PATH": "/usr/bin:/bin", "HOME": "/nonexistent"}).stdout.decode()
    m = re.search(r"\b(\d+)\.(\d+)\.\d+", out)
    return (int(m.group(1)), int(m.group(2))) if m else None


def main_window(display, pcap):
    """Wireshark's main window is titled by the capture file's name."""
    return find_window(display, "^" + os.path.basename(pcap).replace(".", r"\."))


def shot_details(setup, display, out):
    ws = Wireshark(setup, display, PCAP, ["-Y", "srvsess", "-g", str(FRAME)])
    try:
        win = main_window(display, PCAP)
        if not win:
            raise SystemExit("screenshots: the main window did not appear")
        wait_stable(display, win)
        # Focus the details pane (its empty lower part), select its last top-level
        # item (Workstation Service, which srvsess's tree sits in), then open the users.
        xdo(display, "mousemove", "--window", win, MAIN_WINDOW[0] // 2, MAIN_WINDOW[1] - 80, "click", "1")
        time.sleep(0.5)
        xdo(display, "key", "End")
        time.sleep(0.5)
        for key in DETAILS_KEYS:
            xdo(display, "key", key)
            time.sleep(0.1)
        wait_stable(display, win, settle=2)
        save_png(display, win, os.path.join(out, f"srvsess-packet-details{SUFFIX}.png"))
    finally:
        ws.close()


def shot_expert(setup, display, out):
    ws = Wireshark(setup, display, PCAP, ["-z", "expert"])
    try:
        win = find_window(display, "Expert Information")
        if not win:
            raise SystemExit("screenshots: the Expert Information dialog did not appear")
        xdo(display, "windowmove", win, 0, 0, "windowsize", win, 1300, 560)
        wait_stable(display, win, least=6)
        # The first group starts current: one Down to the second (Warnings come
        # first; in 4.0's order the SESS_NOENCRYPTION one), Right opens it: one
        # entry per session, each with its frame.
        xdo(display, "windowfocus", win)
        xdo(display, "key", *EXPERT_KEYS)
        wait_stable(display, win, settle=2)
        save_png(display, win, os.path.join(out, f"srvsess-expert-info{SUFFIX}.png"))
    finally:
        ws.close()


def shot_statistics(setup, display, out):
    ws = Wireshark(setup, display, STATS_PCAP, [])
    try:
        win = main_window(display, STATS_PCAP)
        if not win:
            raise SystemExit("screenshots: the main window did not appear")
        wait_stable(display, win)
        # Wireshark's GUI has no -z for statistics trees: Statistics menu (Alt+S),
        # Up wraps to the last item, where plugin trees go; SRVSVC Sessions is the
        # last on 4.0. Try a few items from the bottom until its window opens.
        dlg = None
        for ups in range(1, 6):
            xdo(display, "windowfocus", win)
            xdo(display, "key", "alt+s")
            time.sleep(1)
            xdo(display, "key", *(["Up"] * ups))
            xdo(display, "key", "Return")
            dlg = find_window(display, "SRVSVC Sessions", timeout=8)
            if dlg:
                break
            for other in xdo(display, "search", "--onlyvisible", "--name", "^Wireshark ·", check=False).split():
                xdo(display, "windowclose", other, check=False)
            xdo(display, "key", "Escape", check=False)
        if not dlg:
            raise SystemExit("screenshots: Statistics > SRVSVC Sessions did not open")
        xdo(display, "windowmove", dlg, 0, 0, "windowsize", dlg, 1000, 1560)
        wait_stable(display, dlg, least=4)
        xdo(display, "windowfocus", dlg)
        for key in STATS_KEYS_BY_RELEASE.get(wireshark_release(), STATS_KEYS):
            xdo(display, "key", key)
            time.sleep(0.1)
        wait_stable(display, dlg, settle=2)
        save_png(display, dlg, os.path.join(out, f"srvsess-statistics{SUFFIX}.png"))
    finally:
        ws.close()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", required=True, help="build tree holding plugins/<series>/epan/srvsess.so")
    ap.add_argument("--out", default=os.path.join(ROOT, "docs"))
    ap.add_argument("--only", choices=["details", "expert", "statistics"], action="append")
    ap.add_argument("--suffix", default="", help="file names srvsess-*SUFFIX.png (e.g. -4.4)")
    ap.add_argument("--expert-keys", help="space-separated xdotool keys that open the session-collection group")
    opts = ap.parse_args()
    global SUFFIX, EXPERT_KEYS
    SUFFIX = opts.suffix
    if opts.expert_keys:
        EXPERT_KEYS = opts.expert_keys.split()
    ensure_tools()
    os.makedirs(opts.out, exist_ok=True)
    out = os.path.abspath(opts.out)
    setup = Setup(os.path.abspath(opts.build))
    x = Xvfb()
    log(f"Xvfb on {x.display}, HOME {setup.home}")
    try:
        for name, fn in (("details", shot_details), ("expert", shot_expert), ("statistics", shot_statistics)):
            if not opts.only or name in opts.only:
                fn(setup, x.display, out)
    finally:
        x.close()
        setup.close()


if __name__ == "__main__":
    main()
