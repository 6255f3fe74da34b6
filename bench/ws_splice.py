"""Puts the WebSocket section into BENCHMARKS.md, between its markers (replacing the previous
one, or appended when there is none). bench/report.py keeps the section when it rewrites the
HTTP part, so each benchmark can be rerun on its own.

usage: ws_splice.py BENCHMARKS.md SECTION.md [RESULTS.txt]
"""
import sys

BEGIN = "<!-- websocket:begin (bench/ws_run.sh) -->"
END = "<!-- websocket:end -->"


def block(section, results):
    out = [BEGIN, "", section.rstrip(), ""]
    if results:
        out += ["<details><summary>Raw results of the WebSocket run</summary>", "", "```",
                results.rstrip(), "```", "</details>", ""]
    out.append(END)
    return "\n".join(out)


def extract(text):
    """The section with its markers, or None."""
    i = text.find(BEGIN)
    j = text.find(END, i)
    if i < 0 or j < 0:
        return None
    return text[i:j + len(END)]


def main():
    md, section = sys.argv[1], open(sys.argv[2]).read()
    results = open(sys.argv[3]).read() if len(sys.argv) > 3 else ""
    try:
        text = open(md).read()
    except FileNotFoundError:
        text = ""
    new = block(section, results)
    old = extract(text)
    text = text.replace(old, new) if old else text.rstrip() + "\n\n" + new + "\n"
    with open(md, "w") as f:
        f.write(text)


if __name__ == "__main__":
    main()
