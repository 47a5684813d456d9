"""The worker's own last locks, set just before learner code runs (stdlib only).

Run inside the child (imported by ``worker.py``), in every isolation mode:

* ``PR_SET_PDEATHSIG``: the worker is killed when the process that started
  it ends, so even a worker whose learner code ignores ``SIGALRM`` cannot
  outlive a killed app. (The sandbox starts workers from one long-lived
  thread: the signal fires when the starting *thread* ends.)
* a seccomp filter (after ``PR_SET_NO_NEW_PRIVS``) that refuses, with
  ``EPERM``: creating processes or threads (``clone``, ``fork``, ``vfork``,
  ``clone3``), ``execve``, new namespaces, ``ptrace`` and reading other
  processes' memory, signals to any process but itself, and sockets other
  than ``AF_UNIX``. This is what stops ``libc.fork()`` through ctypes as
  root, where ``RLIMIT_NPROC`` does not bind, and it keeps a grade without
  namespaces off the network. A few instructions of classic BPF: cheap.

Either step is skipped where the platform lacks it; the namespaces (when
present) are the main wall, this is the second one.
"""
import ctypes
import os
import platform
import signal
import struct

PR_SET_PDEATHSIG, PR_SET_NO_NEW_PRIVS, PR_SET_SECCOMP, SECCOMP_MODE_FILTER = 1, 38, 22, 2
RET_ALLOW, RET_ERRNO, RET_KILL = 0x7FFF0000, 0x00050000, 0x80000000
LD_ABS, JEQ, RET = 0x20, 0x15, 0x06  # BPF_LD|BPF_W|BPF_ABS, BPF_JMP|BPF_JEQ|BPF_K, BPF_RET|BPF_K
AF_UNIX, EPERM = 1, 1

# arch: (AUDIT_ARCH, denied syscalls, kill-family, socket)
SYSCALLS = {
    "x86_64": (0xC000003E,
               {"clone": 56, "fork": 57, "vfork": 58, "execve": 59, "execveat": 322, "clone3": 435,
                "unshare": 272, "setns": 308, "ptrace": 101, "process_vm_readv": 310,
                "process_vm_writev": 311, "pidfd_open": 434, "pidfd_getfd": 438, "io_uring_setup": 425},
               (62, 200, 234), 41),
    "aarch64": (0xC00000B7,
                {"clone": 220, "execve": 221, "execveat": 281, "clone3": 435, "unshare": 97, "setns": 268,
                 "ptrace": 117, "process_vm_readv": 270, "process_vm_writev": 271, "pidfd_open": 434,
                 "pidfd_getfd": 438, "io_uring_setup": 425},
                (129, 130, 131), 198),
}


def _insn(code, k, jt=0, jf=0):
    return struct.pack("HBBI", code, jt, jf, k)


def seccomp_program(pid: int, machine: str | None = None) -> bytes | None:
    """The filter as bytes of ``struct sock_filter``, or None on an unknown machine."""
    spec = SYSCALLS.get(machine or platform.machine())
    if spec is None:
        return None
    arch, denied, kills, socket_nr = spec
    deny = RET_ERRNO | EPERM
    prog = [_insn(LD_ABS, 4), _insn(JEQ, arch, 1, 0), _insn(RET, RET_KILL), _insn(LD_ABS, 0)]
    if arch == 0xC000003E:  # x32 numbers reach the same kernel: refuse them outright
        prog += [struct.pack("HBBI", 0x35, 0, 1, 0x40000000), _insn(RET, deny)]  # JGE
    for nr in sorted(denied.values()):
        prog += [_insn(JEQ, nr, 0, 1), _insn(RET, deny)]
    for nr in kills:  # kill/tkill/tgkill: only to itself (first argument == pid, high word 0)
        prog += [_insn(JEQ, nr, 0, 6), _insn(LD_ABS, 16), _insn(JEQ, pid, 0, 3), _insn(LD_ABS, 20),
                 _insn(JEQ, 0, 0, 1), _insn(RET, RET_ALLOW), _insn(RET, deny), _insn(LD_ABS, 0)]
    prog += [_insn(JEQ, socket_nr, 0, 4), _insn(LD_ABS, 16), _insn(JEQ, AF_UNIX, 0, 1),
             _insn(RET, RET_ALLOW), _insn(RET, deny)]
    prog.append(_insn(RET, RET_ALLOW))
    return b"".join(prog)


class _Fprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


def _libc():
    return ctypes.CDLL(None, use_errno=True)


def die_with_parent() -> bool:
    """SIGKILL this process when its parent ends; False where that cannot be set.

    Checked against the parent seen before: one that died just before the
    call would never send the signal, so then this process exits at once.
    """
    parent = os.getppid()
    if _libc().prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
        return False
    if os.getppid() != parent:
        os._exit(1)
    return True


def forbid_syscalls() -> bool:
    """Install the seccomp filter; False where the platform does not allow it."""
    program = seccomp_program(os.getpid())
    if program is None:
        return False
    libc = _libc()
    buffer = ctypes.create_string_buffer(program, len(program))
    fprog = _Fprog(len(program) // 8, ctypes.cast(buffer, ctypes.c_void_p))
    return (libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0
            and libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(fprog), 0, 0) == 0)
