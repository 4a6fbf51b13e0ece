#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""tap-summary.py FILE...: count the top-level TAP results of each file
(series checks, builds, VM runs), list the failures and print the closing
line 'N passed, N failed, N skipped'. Exits 1 if anything failed or no
result was found."""

import os
import re
import sys

RESULT = re.compile(r'^(not ok|ok)\b(?:\s+\d+)?\s*(?:-\s*)?(.*)$')


def main(files):
    passed = failed = skipped = 0
    for path in files:
        name = os.path.splitext(os.path.basename(path))[0]
        p = f = s = 0
        bad = []
        with open(path, errors='replace') as fh:
            for line in fh:
                m = RESULT.match(line.rstrip('\n'))
                if not m:
                    continue
                desc = m.group(2)
                if m.group(1) == 'not ok':
                    f += 1
                    bad.append(desc)
                elif re.search(r'#\s*SKIP', desc, re.I):
                    s += 1
                else:
                    p += 1
        print(f'{name:<24} {p:4} passed {f:4} failed {s:4} skipped')
        for d in bad:
            print(f'    FAILED: {d}')
        passed += p
        failed += f
        skipped += s
    if passed + failed == 0:
        print('no test results found')
        failed = 1
    print(f'{passed} passed, {failed} failed, {skipped} skipped')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
