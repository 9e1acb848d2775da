"""Runs tshark hermetically: its own HOME, no personal plugins or preferences,
srvsess loaded from the build tree through WIRESHARK_PLUGIN_DIR.

Wireshark 4.0 run by root (started_with_special_privs()) ignores
WIRESHARK_PLUGIN_DIR and the personal plugin folder, so as root tshark runs as
an unprivileged user (setpriv, uid/gid 65534). Captures are fed on stdin so
their folder need not be readable by that user.
"""
import os
import shutil
import subprocess
import tempfile

NOBODY = 65534


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
            so = os.path.join(self.plugin_dir, "4.0", "epan", "srvsess.so")
            if not os.path.exists(so):
                raise SystemExit(f"plugin not built: {so}")
            if not self._readable_by_runner(so):
                # The build tree is not reachable by the unprivileged user (e.g. under /root):
                # load the same file from a copy in the test's own folder.
                copy = os.path.join(self.home, "plugins", "4.0", "epan")
                os.makedirs(copy)
                shutil.copy2(so, copy)
                for d in (os.path.join(self.home, "plugins"), os.path.join(self.home, "plugins", "4.0"), copy):
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
