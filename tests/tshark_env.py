# Copyright 2026 The srvsess authors
# SPDX-License-Identifier: GPL-2.0-or-later
"""Runs tshark hermetically: its own HOME, no personal plugins or preferences,
srvsess loaded from the build tree through WIRESHARK_PLUGIN_DIR.

Wireshark 4.0 run by root (started_with_special_privs()) ignores
WIRESHARK_PLUGIN_DIR and the personal plugin folder, so as root tshark runs as
an unprivileged user (setpriv, uid/gid 65534). Captures are fed on stdin so
their folder need not be readable by that user.
"""
import glob
import os
import re
import shutil
import subprocess
import tempfile

NOBODY = 65534


def plugin_so(build_dir):
    """The srvsess.so a build made: <build>/plugins/<major.minor>/epan/srvsess.so,
    the layout WIRESHARK_PLUGIN_DIR expects for the Wireshark it was built against."""
    found = sorted(glob.glob(os.path.join(build_dir, "plugins", "*", "epan", "srvsess.so")))
    if len(found) != 1:
        raise SystemExit(f"expected one built plugin under {build_dir}/plugins/*/epan, found {found}")
    return found[0]


def tshark_version():
    """(major, minor, micro) of the tshark on PATH."""
    out = subprocess.run(["tshark", "--version"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                         env={"PATH": "/usr/bin:/bin", "HOME": "/nonexistent"}).stdout.decode()
    m = re.search(r"TShark \(Wireshark\) (\d+)\.(\d+)\.(\d+)", out)
    if not m:
        raise SystemExit("cannot read tshark's version: " + out[:200])
    return tuple(int(x) for x in m.groups())


_FIELD_ESCAPES = {"\\\\": "\\", "\\t": "\t", "\\r": "\r", "\\n": "\n"}


def unescape_fields(text):
    """One -T fields value (split the line on the separator first): tshark 4.2+ escapes backslash, tab, CR and LF inside -T fields values
    (\\\\10.0.0.5 prints as \\\\\\\\10.0.0.5); undo it so values compare with the truth
    on every version. Earlier versions print values raw: returned as they are."""
    if tshark_version() < (4, 2, 0):
        return text
    return re.sub(r"\\[\\trn]", lambda m: _FIELD_ESCAPES[m.group(0)], text)


def _as_nobody(cmd):
    if os.geteuid() != 0:
        return cmd
    return ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"] + cmd


class Tshark:
    """One hermetic tshark setup. plugin=False gives stock Wireshark (an empty
    plugin folder), for side-by-side comparisons."""

    def __init__(self, build_dir, plugin=True, preload=None, extra_env=None):
        self.home = tempfile.mkdtemp(prefix="srvsess-home-")
        os.chmod(self.home, 0o777)
        self.plugin_dir = os.path.join(build_dir, "plugins") if plugin else os.path.join(self.home, "no-plugins")
        if plugin:
            so = plugin_so(build_dir)
            series = os.path.basename(os.path.dirname(os.path.dirname(so)))
            if not self._readable_by_runner(so):
                # The build tree is not reachable by the unprivileged user (e.g. under /root):
                # load the same file from a copy in the test's own folder.
                copy = os.path.join(self.home, "plugins", series, "epan")
                os.makedirs(copy)
                shutil.copy2(so, copy)
                for d in (os.path.join(self.home, "plugins"), os.path.join(self.home, "plugins", series), copy):
                    os.chmod(d, 0o755)
                os.chmod(os.path.join(copy, "srvsess.so"), 0o755)
                self.plugin_dir = os.path.join(self.home, "plugins")
        self.env = {
            "PATH": "/usr/bin:/bin:/usr/sbin:/sbin",
            "HOME": self.home,
            "XDG_CONFIG_HOME": os.path.join(self.home, ".config"),
            "WIRESHARK_PLUGIN_DIR": self.plugin_dir,
            "WIRESHARK_ABORT_ON_DISSECTOR_BUG": "1",
            "LANG": "C.UTF-8",
            "TZ": "UTC",
        }
        if preload:
            self.env["LD_PRELOAD"] = preload
        if extra_env:
            self.env.update(extra_env)

    def _readable_by_runner(self, path):
        return subprocess.run(_as_nobody(["test", "-r", path]), env={"PATH": "/usr/bin:/bin"}).returncode == 0

    def run(self, args, pcap=None, check=True, stdin_bytes=None, seekable=False):
        """pcap is fed on stdin, or with seekable=True (tshark -2 needs a file)
        as a copy in the test's own folder."""
        data = stdin_bytes
        if pcap is not None and seekable:
            copy = os.path.join(self.home, os.path.basename(pcap))
            shutil.copyfile(pcap, copy)
            os.chmod(copy, 0o644)
            args = ["-r", copy] + list(args)
        elif pcap is not None:
            with open(pcap, "rb") as f:
                data = f.read()
            args = ["-r", "-"] + list(args)
        proc = subprocess.run(_as_nobody(["tshark"] + list(args)), input=data, env=self.env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if check and proc.returncode != 0:
            raise RuntimeError(f"tshark {' '.join(args)} exited {proc.returncode}: {proc.stderr.decode(errors='replace')}")
        return proc

    def close(self):
        shutil.rmtree(self.home, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
