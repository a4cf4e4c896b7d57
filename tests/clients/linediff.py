#!/usr/bin/env python3
"""Compare two normalised outputs line by line (line i with line i).

Usage: linediff.py NAME A B
Prints one table row "NAME LINES EQUAL DIFFERENT" on stdout, where LINES is the longer file's line
count, then every differing line pair on stderr. Exit status 1 when any line differs.
"""

import sys


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: linediff.py NAME A B")
    name, path_a, path_b = sys.argv[1:]
    try:
        with open(path_a, encoding="utf-8") as a, open(path_b, encoding="utf-8") as b:
            lines_a, lines_b = a.read().splitlines(), b.read().splitlines()
    except OSError as error:
        sys.exit(f"linediff.py: {error}")
    total = max(len(lines_a), len(lines_b))
    different = []
    for i in range(total):
        left = lines_a[i] if i < len(lines_a) else "(no line)"
        right = lines_b[i] if i < len(lines_b) else "(no line)"
        if left != right:
            different.append((i + 1, left, right))
    print(f"{name:<20} {total:>6} {total - len(different):>6} {len(different):>9}")
    for number, left, right in different:
        print(f"{name}:{number}:\n  A: {left}\n  B: {right}", file=sys.stderr)
    sys.exit(1 if different else 0)


if __name__ == "__main__":
    main()
