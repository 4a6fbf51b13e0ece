#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Regenerate patches/ and series from the commits between 'base' and the
tip of build/linux's 'series' branch (git format-patch --cover-letter
--base), keeping the cover letter's subject and text and the section
comments of 'series'."""

import os
import re
import shutil
import subprocess
import sys
import tempfile

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KSRC = os.path.join(os.environ.get('BUILD', os.path.join(TOP, 'build')), 'linux')
PATCHES = os.path.join(TOP, 'patches')
SERIES = os.path.join(TOP, 'series')
COVER = '0000-cover-letter.patch'


def slug(name):
    return re.sub(r'^\d{4}-', '', name)


def read_series():
    """Return (header comment lines, {slug: section lines before it})."""
    header, sections, pending, seen_patch = [], {}, [], False
    with open(SERIES) as f:
        lines = f.read().splitlines()
    i = 0
    while i < len(lines) and lines[i].startswith('#'):
        header.append(lines[i])
        i += 1
    for line in lines[i:]:
        s = line.strip()
        if not s or s.startswith('#'):
            pending.append(line)
        else:
            sections[slug(s)] = pending
            pending = []
            seen_patch = True
    return header, sections


def read_cover():
    """Return (subject, blurb) of the current cover letter, or (None, None)."""
    path = os.path.join(PATCHES, COVER)
    if not os.path.exists(path):
        return None, None
    with open(path) as f:
        text = f.read()
    head, _, body = text.partition('\n\n')
    m = re.search(r'^Subject: \[[^\]]*\] (.*(?:\n .*)*)', head, re.M)
    subject = re.sub(r'\n ', ' ', m.group(1)) if m else None
    # The blurb ends where git's shortlog of the series begins.
    m = re.search(r'^\S.* \(\d+\):\n', body, re.M)
    blurb = body[:m.start()].rstrip('\n') if m else body.rstrip('\n')
    return subject, blurb


def main():
    header, sections = read_series()
    subject, blurb = read_cover()
    tmp = tempfile.mkdtemp()
    subprocess.run(['git', '-C', KSRC, 'format-patch', '-q', '--cover-letter',
                    '--base=base', '--zero-commit', '--no-signature', '--notes',
                    '--abbrev=12',
                    '-o', tmp, 'base..series'], check=True)
    names = sorted(os.listdir(tmp))
    cover = os.path.join(tmp, COVER)
    if os.path.exists(cover):
        with open(cover) as f:
            text = f.read()
        if subject:
            text = text.replace('*** SUBJECT HERE ***', subject, 1)
        if blurb:
            text = text.replace('*** BLURB HERE ***', blurb, 1)
        with open(cover, 'w') as f:
            f.write(text)

    for n in os.listdir(PATCHES) if os.path.isdir(PATCHES) else []:
        if n.endswith('.patch'):
            os.unlink(os.path.join(PATCHES, n))
    os.makedirs(PATCHES, exist_ok=True)
    for n in names:
        shutil.move(os.path.join(tmp, n), os.path.join(PATCHES, n))
    shutil.rmtree(tmp)

    out = header[:]
    for n in names:
        if n == COVER:
            continue
        out += sections.get(slug(n), [])
        out.append(n)
    with open(SERIES, 'w') as f:
        f.write('\n'.join(out) + '\n')
    print(f'exported {len([n for n in names if n != COVER])} patches to patches/')
    if os.path.exists(os.path.join(PATCHES, COVER)):
        with open(os.path.join(PATCHES, COVER)) as f:
            if '*** SUBJECT HERE ***' in f.read():
                print('note: write the cover letter\'s subject and text in '
                      'patches/' + COVER + ', then export again')
    return 0


if __name__ == '__main__':
    sys.exit(main())
