"""Finding (or building) the thread-safe libfaketime that puts a started SUT on the virtual clock.

Where the library comes from, first match wins:

1. ``ATS_HARNESS_LIBFAKETIME``: a path to the library, or one of the words
   ``pypi`` (only the build below), ``os`` (only the OS package), ``off``
   (no time control: the SUT reads the real clock, and the report says so).
2. The ``libfaketime`` package from the Python package index, a dependency of
   ats-harness: it ships libfaketime's C source. The harness compiles the
   thread-safe ``libfaketimeMT.so.1`` from it with the machine's C compiler
   (``$CC``, else ``cc``/``gcc``/``clang``) the first time it is needed, into
   a cache folder (``$ATS_HARNESS_CACHE``, else ``$XDG_CACHE_HOME/ats-harness``,
   else ``~/.cache/ats-harness``). The package's own prebuilt library is the
   single-threaded build for one CPU type, so it is never used.
3. The OS package (``apt-get install faketime``), the thread-safe build first.

``locate()`` answers with the path, or None and the reason, which the report
shows as "time control lost: <reason>".
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ENV_VAR = "ATS_HARNESS_LIBFAKETIME"
MT_NAME = "libfaketimeMT.so.1"

# The thread-safe build first: with the plain one, threads reading the time
# while the timestamp file is re-read now and then get the real time back
# (measured: 4 reads in 80,000 from four threads; a SUT's reporting row was
# stamped 273 days off). libfaketimeMT gave none.
OS_LIBS = tuple(
    f"{folder}/{name}"
    for name in (MT_NAME, "libfaketime.so.1")
    for folder in (
        "/usr/lib/x86_64-linux-gnu/faketime",
        "/usr/lib/aarch64-linux-gnu/faketime",
        "/usr/lib/faketime",
        "/usr/local/lib/faketime",
    )
)

# What libfaketime's own Makefile passes for libfaketimeMT, less -Werror (a newer
# compiler's new warning must not stop the build).
_CFLAGS = (
    "-std=gnu99",
    "-Wall",
    "-Wextra",
    "-Wno-nonnull-compare",
    "-DFAKE_PTHREAD",
    "-DFAKE_STAT",
    "-DFAKE_UTIME",
    "-DFAKE_SLEEP",
    "-DFAKE_TIMERS",
    "-DFAKE_INTERNAL_CALLS",
    "-DPTHREAD_SINGLETHREADED_TIME",
    "-fPIC",
    '-DPREFIX="/usr/local"',
    '-DLIBDIRNAME="/lib/faketime"',
)
_LIBS = ("-lpthread", "-ldl", "-lm", "-lrt")

_build_lock = threading.Lock()


def cache_dir() -> Path:
    if os.environ.get("ATS_HARNESS_CACHE"):
        return Path(os.environ["ATS_HARNESS_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "ats-harness"


def vendored_source() -> Path | None:
    """The folder holding ``libfaketime.c`` inside the installed ``libfaketime`` package, if any."""
    try:
        spec = importlib.util.find_spec("libfaketime")  # finds it without running its __init__
    except (ImportError, ValueError):
        return None
    for folder in (spec.submodule_search_locations or []) if spec else []:
        src = Path(folder) / "vendor" / "libfaketime" / "src"
        if (src / "libfaketime.c").is_file():
            return src
    return None


def _compiler() -> str | None:
    if os.environ.get("CC"):
        return os.environ["CC"]
    return next((c for c in ("cc", "gcc", "clang") if shutil.which(c)), None)


def build_from_pypi() -> tuple[str | None, str]:
    """Compile libfaketimeMT from the ``libfaketime`` package's source into the cache (once); (path, why not)."""
    if not sys.platform.startswith("linux"):
        return None, f"libfaketime is preloaded with LD_PRELOAD, supported here on Linux only, not {sys.platform}"
    src = vendored_source()
    if src is None:
        return None, "the Python package libfaketime is not installed (pip install libfaketime)"
    code = (src / "libfaketime.c").read_bytes()
    key = hashlib.sha256(code + " ".join(_CFLAGS).encode()).hexdigest()[:12]
    target = cache_dir() / "libfaketime" / f"{platform.machine()}-{key}" / MT_NAME
    if target.is_file():
        return str(target), ""
    compiler = _compiler()
    if compiler is None:
        return None, "no C compiler to build libfaketimeMT from the libfaketime package (install gcc or set CC)"
    with _build_lock:
        if target.is_file():
            return str(target), ""
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
            out = Path(tmp) / MT_NAME
            argv = [
                compiler,
                *_CFLAGS,
                "-shared",
                f"-Wl,-soname,{MT_NAME}",
                f"-Wl,--version-script={src / 'libfaketime.map'}",
                "-o",
                str(out),
                str(src / "libfaketime.c"),
                *_LIBS,
            ]
            try:
                done = subprocess.run(argv, capture_output=True, text=True, timeout=300, check=False)
            except (OSError, subprocess.TimeoutExpired) as exc:
                return None, f"building libfaketimeMT with {compiler} failed: {exc}"
            if done.returncode != 0 or not out.is_file():
                tail = "\n".join((done.stderr or done.stdout).strip().splitlines()[-5:])
                return None, f"building libfaketimeMT with {compiler} failed (exit {done.returncode}): {tail}"
            os.replace(out, target)  # atomic: a parallel run sees the whole library or none
    return str(target), ""


def from_os() -> str | None:
    return next((p for p in OS_LIBS if Path(p).exists()), None)


def locate() -> tuple[str | None, str]:
    """The libfaketime to preload, or None and why there is none."""
    choice = os.environ.get(ENV_VAR, "").strip()
    if choice.lower() == "off":
        return None, f"time control is off ({ENV_VAR}=off)"
    if choice.lower() == "os":
        found = from_os()
        return found, "" if found else f"{ENV_VAR}=os but the OS package is not installed (apt-get install faketime)"
    if choice.lower() == "pypi":
        return build_from_pypi()
    if choice:
        if Path(choice).is_file():
            return choice, ""
        return None, f"{ENV_VAR}={choice} names no file"
    built, why = build_from_pypi()
    if built:
        return built, ""
    found = from_os()
    if found:
        return found, ""
    return None, f"{why}; nor is the OS package installed (apt-get install faketime)"


def main() -> int:
    """``python -m harness.faketime``: build (if needed) and print the library a started SUT gets."""
    path, why = locate()
    print(path or f"none: {why}")
    return 0 if path else 1


if __name__ == "__main__":
    sys.exit(main())
