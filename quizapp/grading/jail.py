"""Start a command in new namespaces with the namespace syscalls (no bubblewrap).

``python -I jail.py SPEC -- COMMAND...``, SPEC being JSON ``{"root": a fresh
empty folder, "entries": view.entries(), "run_bytes": N}`` (``"root": null``
makes a temporary one, as the probe does). Run by :mod:`isolation` in mode
``unshare``, never imported by the app; standard library only, because it
runs under the bare interpreter.

What it does, as bubblewrap would: ``unshare`` a user namespace (this user
mapped to uid 65534 inside, setgroups denied) together with mount, PID,
network, IPC and UTS namespaces; fork, so the child is PID 1 of the new PID
namespace (when it exits, the kernel kills everything left in it); in the
child build the view on a tmpfs over ``root``, mount a fresh ``/proc``,
``pivot_root`` into it and detach the old root, then exec COMMAND. Exec as
a non-zero uid drops every capability the namespace gave. Both processes
die with their parent (``PR_SET_PDEATHSIG``). The exit status is passed on,
a signal N as 128+N.
"""
import ctypes
import json
import os
import platform
import shutil
import signal
import sys
import tempfile

CLONE_NEWNS, CLONE_NEWUTS, CLONE_NEWIPC = 0x00020000, 0x04000000, 0x08000000
CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET = 0x10000000, 0x20000000, 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_REMOUNT, MS_BIND = 1, 2, 4, 8, 32, 4096
MS_REC, MS_PRIVATE, MNT_DETACH, PR_SET_PDEATHSIG = 16384, 1 << 18, 2, 1
# statvfs flag -> the mount flag that must be kept when remounting a bind (locked in a user namespace)
LOCKED = {2: MS_NOSUID, 4: MS_NODEV, 8: MS_NOEXEC, 1024: 1024, 2048: 2048, 4096: 1 << 21}
PIVOT_ROOT = {"x86_64": 155, "aarch64": 41}
INSIDE_ID = 65534

libc = ctypes.CDLL(None, use_errno=True)


def check(result, what):
    if result != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"{what}: {os.strerror(err)}")


def mount(source, target, fstype, flags, data=None):
    check(libc.mount(source and source.encode(), target.encode(), fstype and fstype.encode(), flags,
                     data and data.encode()), f"mount {target}")


def write(path, text):
    with open(path, "w") as f:
        f.write(text)


def enter_namespaces():
    uid, gid = os.getuid(), os.getgid()
    check(libc.unshare(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS),
          "unshare")
    write("/proc/self/setgroups", "deny")
    write("/proc/self/uid_map", f"{INSIDE_ID} {uid} 1")
    write("/proc/self/gid_map", f"{INSIDE_ID} {gid} 1")


def mountpoint(path, is_file):
    if is_file:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        open(path, "a").close()
    else:
        os.makedirs(path, exist_ok=True)


def bind_read_only(source, target):
    mountpoint(target, not os.path.isdir(source))
    mount(source, target, None, MS_BIND | MS_REC)
    flags = os.statvfs(source).f_flag
    kept = sum(ms for st, ms in LOCKED.items() if flags & st)
    mount(None, target, None, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV | kept)


def build_root(root, entries, run_bytes):
    mount(None, "/", None, MS_REC | MS_PRIVATE)
    mount("tmpfs", root, "tmpfs", MS_NOSUID | MS_NODEV, "size=1m,mode=0755")
    run = None
    for kind, source, dest in entries:
        target = root + dest
        if kind == "ro":
            bind_read_only(source, target)
        elif kind == "dev":
            mountpoint(target, True)
            mount(source, target, None, MS_BIND)
        elif kind == "symlink":
            os.makedirs(os.path.dirname(target), exist_ok=True)
            os.symlink(source, target)
        elif kind == "hide":
            mountpoint(target, False)
            mount("tmpfs", target, "tmpfs", MS_NOSUID | MS_NODEV | MS_RDONLY, "size=4k,mode=0555")
        elif kind == "tmpfs":
            mountpoint(target, False)
            mount("tmpfs", target, "tmpfs", MS_NOSUID | MS_NODEV, f"size={run_bytes},mode=0700")
            run = dest
        elif kind == "proc":
            mountpoint(target, False)
            mount("proc", target, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
    mount(None, root, None, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV, "size=1m")
    os.chdir(root)
    number = PIVOT_ROOT.get(platform.machine())
    if number is not None and libc.syscall(number, b".", b".") == 0:
        check(libc.umount2(b".", MNT_DETACH), "umount old root")
    else:
        os.chroot(".")
    os.chdir(run or "/")


def die_with_parent():
    parent = os.getppid()
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(1)


def main(argv):
    spec_text, command = argv[0], argv[argv.index("--") + 1:]
    spec = json.loads(spec_text)
    die_with_parent()
    root = spec["root"] or tempfile.mkdtemp(prefix="quizapp-probe-")
    try:
        enter_namespaces()
        child = os.fork()
        if child == 0:
            try:
                die_with_parent()
                build_root(root, spec["entries"], spec["run_bytes"])
                os.execv(command[0], command)
            except OSError as e:
                print(f"jail: {e}", file=sys.stderr)
                os._exit(126)
        _, status = os.waitpid(child, 0)
    except OSError as e:
        print(f"jail: {e}", file=sys.stderr)
        return 125
    finally:
        if not spec["root"]:
            shutil.rmtree(root, ignore_errors=True)
    return 128 + os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
