"""Process bookkeeping shared by start-server and stop-server (Debian python3 standard library only).

Every process start-server starts is the leader of its own process group (a new session), and is
recorded in DIR/pids as "PID STARTTIME LABEL SIGNAL". STARTTIME (field 22 of /proc/PID/stat) tells a
recorded process from an unrelated one that got the same pid later. stop() signals each recorded
leader, waits for its whole group to go, kills what is left, and finally kills any process whose
command line names a file inside DIR (so nothing survives even when a test crashed midway).
"""

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time

PIDS = "pids"


def _starttime(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            data = f.read()
        return data[data.rindex(")") + 2:].split()[19]
    except (OSError, ValueError, IndexError):
        return None


def record(d, pid, label, sig="TERM"):
    with open(os.path.join(d, PIDS), "a") as f:
        f.write(f"{pid} {_starttime(pid)} {label} {sig}\n")


def entries(d):
    try:
        with open(os.path.join(d, PIDS)) as f:
            return [line.split() for line in f if len(line.split()) == 4]
    except OSError:
        return []


def labels(d):
    return [e[2] for e in entries(d)]


def write_atomic(path, text):
    tmp = f"{path}.tmp{os.getpid()}"
    with open(tmp, "w") as f:
        f.write(text)
    os.replace(tmp, path)


def remember_env_file(d, env_file):
    write_atomic(os.path.join(d, "env-file"), env_file + "\n")


def extra_dir(d, sub):
    """A fresh folder under /tmp that belongs to d (stop() removes it)."""
    path = f"/tmp/followup-srv-{hashlib.sha1(d.encode()).hexdigest()[:12]}-{sub}"
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)
    os.chmod(path, 0o755)
    with open(os.path.join(d, "extra-dirs"), "a") as f:
        f.write(path + "\n")
    return path


def _pgid(pid):
    try:
        return os.getpgid(pid)
    except OSError:
        return None


def _cmdline(pid):
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read().decode(errors="replace").split("\0")
    except OSError:
        return []


def _state(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            data = f.read()
        return data[data.rindex(")") + 2]
    except (OSError, ValueError, IndexError):
        return None


def _all_pids():
    """Live processes (zombies are gone already; they only wait for their parent to reap them)."""
    return [int(p) for p in os.listdir("/proc") if p.isdigit() and _state(p) not in (None, "Z", "X")]


def _ancestors():
    out, pid = set(), os.getpid()
    while pid > 1:
        out.add(pid)
        try:
            with open(f"/proc/{pid}/stat") as f:
                data = f.read()
            pid = int(data[data.rindex(")") + 2:].split()[1])
        except (OSError, ValueError):
            break
    return out


def _names_dir(pid, roots):
    """Whether a command-line argument of pid is a path inside one of roots."""
    prefixes = [r.rstrip("/") + "/" for r in roots]
    return any(arg in roots or arg.startswith(p) or f"={p}" in arg
               for arg in _cmdline(pid) for p in prefixes)


def _kill(pid, sig):
    try:
        os.kill(pid, sig)
        return True
    except OSError:
        return False


def stop(d, quiet=False, grace=10.0):
    """Stop everything started into d. Returns how many process groups and strays were running."""
    d = os.path.abspath(d)
    me = _ancestors()
    groups, found = [], 0
    for pid, start, label, sig in reversed(entries(d)):
        pid = int(pid)
        if pid in me:
            continue
        alive = _starttime(pid) == start
        groups.append((pid, alive))
        if alive:
            found += 1
            if not quiet:
                print(f"stop-server: stopping {label} (pid {pid})", file=sys.stderr)
            # The whole group: php's workers, for one, do not go with their parent.
            try:
                os.killpg(pid, getattr(signal, f"SIG{sig}"))
            except OSError:
                _kill(pid, getattr(signal, f"SIG{sig}"))

    roots = [d] + _extra_dirs(d)
    group_ids = {pgid for pgid, alive in groups if alive}

    def members():
        return [pid for pid in _all_pids()
                if pid not in me and (_pgid(pid) in group_ids or _names_dir(pid, roots))]

    # Processes of ours outside the recorded groups (say, an initdb whose start-server was killed).
    for pid in members():
        if _pgid(pid) not in group_ids:
            found += 1
            _kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    left = members()
    while left and time.monotonic() < deadline:
        time.sleep(0.05)
        left = members()
    if left:
        if not quiet:
            print(f"stop-server: killing {len(left)} leftover process(es): {left}", file=sys.stderr)
        for pid in left:
            _kill(pid, signal.SIGKILL)
        end = time.monotonic() + 5
        while members() and time.monotonic() < end:
            time.sleep(0.05)
    try:
        os.unlink(os.path.join(d, PIDS))
    except OSError:
        pass
    try:
        with open(os.path.join(d, "env-file")) as f:
            os.unlink(f.read().strip())
    except OSError:
        pass
    for extra in _extra_dirs(d):
        shutil.rmtree(extra, ignore_errors=True)
    try:
        os.unlink(os.path.join(d, "extra-dirs"))
    except OSError:
        pass
    return found


def _extra_dirs(d):
    try:
        with open(os.path.join(d, "extra-dirs")) as f:
            return f.read().split()
    except OSError:
        return []


def spawn_watchdog(d, seconds):
    """A detached process that runs stop(d) after `seconds` unless stop-server ends it first."""
    with open(os.path.join(d, "logs", "watchdog.log"), "ab") as log:
        p = subprocess.Popen([sys.executable, os.path.abspath(__file__), "--watchdog", d, str(seconds)],
                             stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                             close_fds=True, start_new_session=True)
    record(d, p.pid, "watchdog", "TERM")


if __name__ == "__main__" and len(sys.argv) == 4 and sys.argv[1] == "--watchdog":
    time.sleep(float(sys.argv[3]))
    print(f"watchdog: lifetime of {sys.argv[3]} s is over; stopping {sys.argv[2]}", flush=True)
    stop(sys.argv[2])
