#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""bench-table.py BASE_FILES... -- SERIES_FILES...: one row per benchmark,
the median of each kernel's boots with their spread (min-max) beside it.
Each file holds one boot's 'BENCH <name> <value> <unit>' lines."""

import statistics
import sys


def load(files):
    vals, units, order = {}, {}, []
    for path in files:
        with open(path) as fh:
            for line in fh:
                f = line.split()
                if len(f) != 4 or f[0] != 'BENCH':
                    continue
                try:
                    v = float(f[2])
                except ValueError:
                    continue
                if f[1] not in vals:
                    vals[f[1]] = []
                    order.append(f[1])
                vals[f[1]].append(v)
                units[f[1]] = f[3]
    return vals, units, order


def num(x):
    return f'{x:.1f}' if abs(x) < 100 else f'{x:.0f}'


def cell(v, boots):
    """median [min-max], and (n=K) when only K of the boots printed it"""
    if not v:
        return '-'
    c = num(statistics.median(v))
    if len(v) > 1:
        c += f' [{num(min(v))}-{num(max(v))}]'
    if len(v) != boots:
        c += f' (n={len(v)})'
    return c


def main(argv):
    if '--' not in argv:
        sys.exit('usage: bench-table.py BASE_FILES... -- SERIES_FILES...')
    i = argv.index('--')
    base, bu, bo = load(argv[:i])
    series, su, so = load(argv[i + 1:])
    names = so + [n for n in bo if n not in series]
    if not names:
        print('(no benchmarks)')
        return 1
    nb, ns = len(argv[:i]), len(argv[i + 1:])
    if nb == 0 or ns == 0:
        sys.exit('bench-table.py: no boots for one of the kernels')
    print(f'{"benchmark":<44} {"base (" + str(nb) + " boots)":>26} '
          f'{"series (" + str(ns) + " boots)":>26}  unit')
    for n in names:
        print(f'{n:<44} {cell(base.get(n), nb):>26} {cell(series.get(n), ns):>26}  '
              f'{su.get(n, bu.get(n))}')
    print('median of the boots [min-max over the boots] (n=K: printed in only K boots)')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
