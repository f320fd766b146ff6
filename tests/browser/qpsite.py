"""qpsite: a real qp-collector and one qp-agent site with its web interface
on 127.0.0.1 (free ports), for the browser tests, the web benchmark and the
demo. Every wait has a deadline; nothing sleeps a fixed time."""
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request

SITE = "eps-05"
USERS = [  # name, role, secret
    ("Claire Martin", "raqn", "raqn-secret-1"),
    ("Paul Durand", "direction", "direction-secret-1"),
    ("Sofia Benali", "accueil", "accueil-secret-1"),
    ("Moussa Diallo", "entretien", "4821"),
    ("Awa Traoré", "entretien", "7390"),
]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(what, fn, timeout=20.0):
    end = time.monotonic() + timeout
    while True:
        try:
            v = fn()
            if v:
                return v
        except Exception:  # noqa: BLE001 - not ready yet
            pass
        if time.monotonic() > end:
            raise TimeoutError("timed out waiting for " + what)
        time.sleep(0.05)


class Site:
    def __init__(self, bin_dir, root=None, zones_ini=None, since="2026-01-01"):
        self.bin = bin_dir
        self.root = root or tempfile.mkdtemp(prefix="qp-web.")
        self.agent = os.path.join(bin_dir, "qp-agent")
        self.collector = os.path.join(bin_dir, "qp-collector")
        self.c = os.path.join(self.root, "c")
        self.a = os.path.join(self.root, SITE)
        self.cport = free_port()
        self.wport = free_port()
        self.url = "http://127.0.0.1:%d" % self.wport
        self.procs = []
        ep = "tcp://127.0.0.1:%d" % self.cport
        ckey = self.run(self.collector, "--data", self.c, "init", "--listen", ep).strip()
        key = self.run(self.agent, "--data", self.a, "init", "--site", SITE,
                       "--collector", ep, "--collector-key", ckey,
                       "--since", since).strip()
        self.run(self.collector, "--data", self.c, "enroll", SITE, key)
        ini = os.path.join(self.a, "agent.ini")
        with open(ini) as f:
            text = f.read()
        text = text.replace("# heartbeat_ms = 5000", "heartbeat_ms = 500")
        text += "\n[web]\nlisten = 127.0.0.1:%d\n" % self.wport
        with open(ini, "w") as f:
            f.write(text)
        if zones_ini is not None:
            with open(os.path.join(self.a, "zones.ini"), "w") as f:
                f.write(zones_ini)
        for name, role, secret in USERS:
            self.user_add(name, role, secret)

    def run(self, *argv, stdin=None):
        return subprocess.run(argv, check=True, capture_output=True, text=True,
                              input=stdin).stdout

    def user_add(self, name, role, secret):
        pw = os.path.join(self.root, "pw")
        with open(pw, "w") as f:
            f.write(secret + "\n")
        self.run(self.agent, "--data", self.a, "user", "add", name, "--role", role,
                 "--password-file", pw)
        os.unlink(pw)

    def start(self):
        log = open(os.path.join(self.root, "collector.log"), "a")
        self.procs.append(subprocess.Popen([self.collector, "--data", self.c, "run"],
                                           stdout=log, stderr=log))
        log = open(os.path.join(self.root, "agent.log"), "a")
        self.agent_proc = subprocess.Popen([self.agent, "--data", self.a, "run"],
                                           stdout=log, stderr=log)
        self.procs.append(self.agent_proc)
        wait_for("the web interface", lambda: urllib.request.urlopen(
            self.url + "/healthz", timeout=2).status == 200)

    def restart_agent(self, env=None):
        """Stops the agent's daemon and starts it again, with `env` added to
        its environment."""
        self.agent_proc.terminate()
        self.agent_proc.wait(timeout=10)
        self.procs.remove(self.agent_proc)
        log = open(os.path.join(self.root, "agent.log"), "a")
        self.agent_proc = subprocess.Popen([self.agent, "--data", self.a, "run"],
                                           stdout=log, stderr=log,
                                           env=dict(os.environ, **(env or {})))
        self.procs.append(self.agent_proc)
        wait_for("the web interface", lambda: urllib.request.urlopen(
            self.url + "/healthz", timeout=2).status == 200)

    def next_seq(self):
        return json.loads(self.run(self.agent, "--data", self.a, "status", "--json"))["next_seq"]

    def collector_events(self):
        out = self.run(self.collector, "--data", self.c, "export", "events",
                       "--format", "json", "--site", SITE)
        return json.loads(out)["events"]

    def wait_synced(self, timeout=20.0):
        want = self.next_seq() - 1

        def done():
            st = json.loads(self.run(self.collector, "--data", self.c, "status", "--json"))
            return any(s["site"] == SITE and s["stored_through"] == want
                       for s in st["sites"])
        wait_for("the collector to store seq %d" % want, done, timeout)

    def stop(self, keep=False):
        for p in self.procs:
            p.terminate()
        for p in self.procs:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
        self.procs = []
        if not keep:
            shutil.rmtree(self.root, ignore_errors=True)
