"""The ``./lodestar`` command line: demo, test, and every Django management command."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent.parent


def compile_translations() -> None:
    """Compile .po catalogues to .mo when missing or stale (pure Python: no gettext tools needed)."""
    import polib

    locale_dir = Path(__file__).resolve().parent / "locale"
    for po_path in locale_dir.glob("*/LC_MESSAGES/*.po"):
        mo_path = po_path.with_suffix(".mo")
        if not mo_path.exists() or mo_path.stat().st_mtime < po_path.stat().st_mtime:
            polib.pofile(str(po_path)).save_as_mofile(str(mo_path))


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lodestar.settings")
    import django

    django.setup()


def demo(argv: list[str]) -> int:
    import argparse

    parser = argparse.ArgumentParser(
        prog="./lodestar demo", description="Set up and serve Lodestar with the reference data."
    )
    parser.add_argument(
        "--no-serve", action="store_true", help="set everything up but do not start the server"
    )
    parser.add_argument("--port", default=os.environ.get("LODESTAR_PORT", "8000"))
    args = parser.parse_args(argv)
    _django()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_reference", verbosity=1)
    from lodestar.reference.demo_users import ensure_demo_users

    logins = ensure_demo_users()
    from django.conf import settings

    print(
        f"Database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]} "
        f"({settings.DATABASES['default']['NAME']})"
    )
    print("Demo logins (user / password / role):")
    for username, password, role in logins:
        print(f"  {username:<12} {password:<24} {role}")
    if args.no_serve:
        return 0
    # The background worker runs in this process, so that nothing else has to be started.
    import signal

    from lodestar.core.tasks import run_worker

    # SIGTERM (a process manager, a container stop) ends the demo as Ctrl+C does: cleanly.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
    worker = run_worker(in_thread=True, interval=1.0)
    print("Background tasks run in this process (production: ./lodestar worker).")
    print(f"Lodestar is serving at http://127.0.0.1:{args.port}/  (Ctrl+C stops it)")
    try:
        call_command("runserver", f"127.0.0.1:{args.port}", use_reloader=False)
    finally:
        _stop_demo_worker(worker)
    return 0


def _stop_demo_worker(worker: Any) -> None:
    """Ctrl+C or SIGTERM: the task in hand may finish (10 s), then the worker stops with the server.

    A task still running after that must not hold the process: it exits at once (the task is reaped
    as stuck at the next start). Should anything else keep the process alive, faulthandler prints
    every thread's stack and ends it, so that a stop never hangs silently."""
    import faulthandler

    faulthandler.dump_traceback_later(45, exit=True)
    if worker is not None and not worker.stop(timeout=10.0):
        print("A background task was still running; it will be reaped as stuck.", file=sys.stderr, flush=True)
        sys.stdout.flush()
        os._exit(0)
    print("Background worker stopped.", flush=True)


def serve(argv: list[str]) -> int:
    """The production server: static files collected, then gunicorn (see docs/decisions/0009)."""
    import argparse

    parser = argparse.ArgumentParser(
        prog="./lodestar serve",
        description="Serve Lodestar with gunicorn (settings from the environment; docs/deployment.md).",
    )
    parser.add_argument("--migrate", action="store_true", help="apply database migrations first")
    args = parser.parse_args(argv)
    # Set before Django loads its settings: served static files are the hashed, compressed copy.
    os.environ["LODESTAR_SERVING"] = "1"
    _django()
    from django.core.management import call_command

    if args.migrate:
        call_command("migrate", interactive=False, verbosity=1)
    call_command("collectstatic", interactive=False, verbosity=0)
    # Replace this process by gunicorn, so that the process manager's signals reach it directly.
    command = [sys.executable, "-m", "gunicorn", "--config", "python:lodestar.gunicorn_conf", "lodestar.wsgi"]
    os.execv(sys.executable, command)  # noqa: S606 (our own interpreter, fixed arguments)
    return 0  # not reached


def test(argv: list[str]) -> int:
    import pytest

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lodestar.settings")
    os.chdir(ROOT)
    return pytest.main([*_test_workers(argv), *argv])


def _test_workers(argv: list[str]) -> list[str]:
    """Spread the suite over the machine's cores (pytest-xdist), unless the caller chose otherwise.

    LODESTAR_TEST_WORKERS sets the count ("0" runs in one process, the way to debug one test)."""
    if any(arg == "-n" or arg.startswith(("-n", "--numprocesses", "--dist")) for arg in argv):
        return []
    workers = os.environ.get("LODESTAR_TEST_WORKERS", "auto")
    if workers == "0":
        return []
    # --dist loadfile keeps a module's tests in one worker: module-scoped fixtures are built once.
    # --no-loadscope-reorder hands modules out in collection order, longest first (tests/conftest.py),
    # where xdist's default order (most tests first) left the one-test modules of minutes for last.
    return ["-n", workers, "--dist", "loadfile", "--no-loadscope-reorder"]


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    compile_translations()
    if not argv or argv[0] in ("-h", "--help", "help"):
        print(
            "Usage: ./lodestar demo [--no-serve] | ./lodestar test [pytest options] | ./lodestar <command>\n"
            "Commands: demo, serve, test, table, check [--deploy], load_reference, migrate, shell, "
            "createsuperuser, … "
            "(every Django management command)"
        )
        return 0
    command, rest = argv[0], argv[1:]
    if command == "demo":
        return demo(rest)
    if command == "test":
        return test(rest)
    if command == "serve":
        return serve(rest)
    if command == "--version":
        from importlib.metadata import version

        print(f"lodestar {version('lodestar')}")
        return 0
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lodestar.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["lodestar", *argv])
    return 0


if __name__ == "__main__":
    sys.exit(main())
