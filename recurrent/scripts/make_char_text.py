#!/usr/bin/python3
"""Writes the text of the character-level language model example.

The text is the English prose of the comments in SQLite's public header, sqlite3.h, which its
authors placed in the public domain ("The author disclaims copyright to this source code"),
as Debian's libsqlite3-dev 3.40.1 installs it in /usr/include/sqlite3.h. Comment markers
("/*", "**", "*/") and lines of markup are dropped; paragraphs are joined into lines and cut
at 200,000 characters of plain ASCII.

Run from the repository root:  /usr/bin/python3 recurrent/scripts/make_char_text.py
"""
import os
import re

SOURCE = "/usr/include/sqlite3.h"
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "test", "resources",
                   "text", "sqlite-comments.txt")
LIMIT = 200_000


def main():
    text = open(SOURCE, encoding="utf-8", errors="replace").read()
    paragraphs, current = [], []
    for block in re.findall(r"/\*(.*?)\*/", text, re.S):
        for line in block.splitlines():
            line = re.sub(r"^\s*\*+\s?", "", line).rstrip()
            if not line or set(line) <= set("*-=^ ") or line.startswith(("<", "^")):
                if current:
                    paragraphs.append(" ".join(current))
                    current = []
                continue
            current.append(re.sub(r"\[([^]|]*\|)?([^]]*)\]", r"\2", line).strip())
        if current:
            paragraphs.append(" ".join(current))
            current = []
    out = "\n".join(p for p in paragraphs if len(p) > 40)
    out = "".join(c for c in out if c == "\n" or 32 <= ord(c) < 127)[:LIMIT]
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="ascii") as f:
        f.write(out + "\n")
    print(f"wrote {len(out)} characters, {len(set(out))} distinct, to {OUT}")


if __name__ == "__main__":
    main()
