# SPDX-License-Identifier: GPL-2.0-only
"""A tiny TAP producer: each case is a function; an exception fails the case
with its message as a diagnostic, and the program exits non-zero if any
case failed."""

import sys
import traceback


class Skip(Exception):
    """Raise in a case to report it as skipped (TAP `# SKIP reason`), e.g. when
    the part it tests is not built in yet."""


class Tap:
    def __init__(self):
        self.cases = []

    def case(self, name):
        def register(fn):
            self.cases.append((name, fn))
            return fn
        return register

    def run(self):
        print("1..%d" % len(self.cases), flush=True)
        failed = 0
        for i, (name, fn) in enumerate(self.cases, 1):
            try:
                fn()
                print("ok %d - %s" % (i, name), flush=True)
            except Skip as e:
                print("ok %d - %s # SKIP %s" % (i, name, e), flush=True)
            except Exception as e:  # a failing case must not stop the others
                failed += 1
                print("not ok %d - %s" % (i, name), flush=True)
                for line in (str(e) or type(e).__name__).splitlines():
                    print("# " + line)
                for line in traceback.format_exc().splitlines()[-6:]:
                    print("#   " + line)
                sys.stdout.flush()
        sys.exit(1 if failed else 0)


def check(cond, msg):
    if not cond:
        raise AssertionError(msg)
