"""The filesystem an isolated worker sees: what to mount where, as plain data.

The learner's code must be able to run Python and NumPy and nothing more: no
home folder, no data dir (the review database), no content (the reference
solutions), no writable quizapp package (editing ``cases.py`` would fake later
grades), no other grade's files. So the view is built from nothing:

* the system library folders (``/usr``, ``/lib*``), read-only, for libc and
  the loader; site-packages folders in them are hidden behind empty mounts;
* the interpreter, its standard library and ``libpython``, read-only, at
  their own paths (so ``sys.prefix`` works); its site-packages hidden;
* NumPy alone, read-only, under :data:`SITE` (the worker adds it to
  ``sys.path``), and the worker's two script files under :data:`CODE`;
* a private tmpfs of :data:`RUN_BYTES` at :data:`RUN` (the working folder,
  gone with the sandbox), ``/proc`` of the new PID namespace, ``/dev/null``
  and friends.

Both enactors read the same list: :mod:`quizapp.grading.isolation` turns it
into ``bwrap`` arguments, :mod:`quizapp.grading.jail` into mount calls.
Each entry is ``(kind, source, destination)``; kinds are ``ro`` (bind
read-only), ``dev`` (bind a device file), ``symlink`` (source is the link
text), ``hide`` (an empty read-only tmpfs over a folder), ``tmpfs`` (the
writable run folder, source unused) and ``proc``.
"""
from __future__ import annotations

import importlib.util
import os
import site
import sys
import sysconfig
from pathlib import Path

RUN = "/grade"
SITE = "/opt/quizapp/site"
CODE = "/opt/quizapp/code"
RUN_BYTES = 16 * 1024 * 1024  # the learner's scratch space; files beyond it fail with ENOSPC
CHILD_FILES = ("worker.py", "confine.py")
SYSTEM_DIRS = ("/usr", "/lib", "/lib64", "/lib32", "/libx32", "/bin", "/sbin")
DEVICES = ("/dev/null", "/dev/zero", "/dev/random", "/dev/urandom")


def interpreter() -> str:
    """The real interpreter file (a venv's ``python`` is a link to it)."""
    return os.path.realpath(sys.executable)


def _under(path: str, folders: list[str]) -> bool:
    return any(path == f or path.startswith(f.rstrip("/") + "/") for f in folders)


def _numpy_folders() -> list[str]:
    """NumPy's package folder and the bundled-libraries folder of a wheel, if any."""
    try:
        spec = importlib.util.find_spec("numpy")
    except (ImportError, ValueError):
        return []
    if spec is None or not spec.submodule_search_locations:
        return []
    package = os.path.realpath(next(iter(spec.submodule_search_locations)))
    libs = package + ".libs"
    return [package] + ([libs] if os.path.isdir(libs) else [])


def _protected() -> list[str]:
    """Folders that must stay out of sight even when inside a mounted tree."""
    here = Path(__file__).resolve().parent.parent  # the quizapp package
    folders = {str(here), str(here.parent / "engines"), str(here.parent / "content")}
    folders.update([*site.getsitepackages(), site.getusersitepackages()])
    for base in (sys.base_prefix, sys.prefix):  # the installation's own and the venv's
        paths = sysconfig.get_paths(vars={"base": base, "platbase": base})
        folders.update((paths["purelib"], paths["platlib"]))
    return sorted({os.path.realpath(f) for f in folders if f})


def entries() -> list[tuple[str, str, str]]:
    """The mounts, in the order they must be made (a hide after what it covers)."""
    out: list[tuple[str, str, str]] = []
    mounted: list[str] = []
    for folder in SYSTEM_DIRS:
        if os.path.islink(folder):
            out.append(("symlink", os.readlink(folder), folder))
        elif os.path.isdir(folder):
            out.append(("ro", folder, folder))
            mounted.append(folder)
    paths = sysconfig.get_paths(vars={"base": sys.base_prefix, "platbase": sys.base_prefix})
    python = [interpreter(), os.path.realpath(paths["stdlib"]), os.path.realpath(paths["platstdlib"])]
    libdir, soname = sysconfig.get_config_var("LIBDIR"), sysconfig.get_config_var("INSTSONAME")
    if libdir and soname and os.path.isfile(os.path.join(libdir, soname)):
        python.append(os.path.realpath(os.path.join(libdir, soname)))
    for path in dict.fromkeys(python):
        if not _under(path, mounted):
            out.append(("ro", path, path))
            mounted.append(path)
    for folder in _protected():
        if os.path.isdir(folder) and _under(folder, mounted) and not _under(folder, [RUN]):
            out.append(("hide", "", folder))
    for folder in _numpy_folders():
        out.append(("ro", folder, f"{SITE}/{os.path.basename(folder)}"))
    here = Path(__file__).resolve().parent
    for name in CHILD_FILES:
        out.append(("ro", str(here / name), f"{CODE}/{name}"))
    out += [("dev", dev, dev) for dev in DEVICES if os.path.exists(dev)]
    out += [("tmpfs", "", RUN), ("proc", "", "/proc")]
    return out
