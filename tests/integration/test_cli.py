"""Tests of the `notaria` command line: configuration errors, version, help, and
`notaria analyze` (JSON Lines on stdout, progress on stderr, typed errors, dossiers)."""

import argparse
import json
import os
import subprocess
import sys

from notaria_testlib import run_test, temp_dir

results = {"passed": 0, "failed": 0}


def check(cond, label, detail=""):
    results["passed" if cond else "failed"] += 1
    print("%-4s %s %s" % ("ok" if cond else "FAIL", label, "" if cond else detail))


def run(cmd, env=None, timeout=600):
    e = {k: v for k, v in os.environ.items()
         if k not in ("DATABASE_URL", "REDIS_URL", "MINIO_ENDPOINT")}
    e.update(env or {})
    return subprocess.run(cmd, env=e, capture_output=True, text=True, timeout=timeout,
                          stdin=subprocess.DEVNULL)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--notaria", required=True)
    ap.add_argument("--shared", required=True)
    args = ap.parse_args()
    n = args.notaria
    corpus = os.path.join(args.shared, "corpus")

    r = run([n, "version"])
    check(r.returncode == 0 and r.stdout.startswith("notaria "), "version", r.stdout)
    r = run([n, "--help"])
    check(r.returncode == 0 and all(c in r.stdout for c in ("serve", "analyze", "version")),
          "--help lists the commands", r.stdout)
    check("read-pages" not in r.stdout, "the reader child command stays hidden", r.stdout)
    r = run([n, "analyze", "--help"])
    check(r.returncode == 0 and "dossier" in r.stdout, "analyze --help explains", r.stdout)

    # Configuration: one readable line per bad value, non-zero exit, before doing anything.
    r = run([n, "serve"], env={"API_PORT": "http", "WORKERS": "99", "EXTERNAL_APIS_MODE": "x"})
    lines = [l for l in r.stderr.splitlines() if l.strip()]
    check(r.returncode == 2 and len(lines) == 3, "three bad variables, three lines", r.stderr)
    check(all(l.startswith("notaria: ") for l in lines), "lines name the program", r.stderr)
    check(any("API_PORT" in l for l in lines) and any("WORKERS" in l for l in lines),
          "lines name the variables", r.stderr)
    r = run([n, "serve"], env={"NEO4J_URL": "http://127.0.0.1:1"}, timeout=60)
    check(r.returncode == 2 and "NEO4J_URL" in r.stderr,
          "an engine without adapter is refused", r.stderr)
    r = run([n, "serve"], env={"OPENSEARCH_URL": "ftp://127.0.0.1:1"}, timeout=60)
    check(r.returncode == 2 and "OPENSEARCH_URL" in r.stderr,
          "a search engine URL of another scheme is refused", r.stderr)
    for var, value in (("REDIS_URL", "redis://127.0.0.1:1/0"),
                       ("DATABASE_URL", "postgresql://notaria:secret@127.0.0.1:1/notaria")):
        r = run([n, "serve"], env={var: value, "NOTARIA_DATA_DIR": temp_dir("notaria-cli-")})
        lines = [l for l in r.stderr.splitlines() if l.startswith("notaria: ")]
        check(r.returncode != 0 and len(lines) == 1 and "unreachable" in lines[0]
              and "secret" not in r.stderr, "an engine that does not answer is one line", r.stderr)
    r = run([n, "analyze", "/nonexistent/file.pdf"])
    check(r.returncode != 0 and len(r.stderr.strip().splitlines()) == 1,
          "a missing path is one line and a non-zero exit", r.stderr)

    # analyze: every bad/ entry as its index says, plus a dossier directory.
    index = json.load(open(os.path.join(corpus, "bad", "index.json")))
    files = [os.path.join(corpus, "bad", e["file"]) for e in index["entries"]]
    dossier = os.path.join(corpus, "dossiers", "DOS-02")
    r = run([n, "analyze", "--offline"] + files + [dossier], env={"WORKERS": "2"}, timeout=900)
    check(r.returncode == 0, "analyze exits 0 when every input was analysed or rejected",
          r.stderr[-2000:])
    out = [json.loads(l) for l in r.stdout.splitlines() if l.strip()]
    by_file = {o["file"]: o for o in out if "file" in o}
    for e, path in zip(index["entries"], files):
        o = by_file.get(path)
        if o is None:
            check(False, "bad/%s has a result line" % e["file"])
            continue
        if e["expected"] == "process":
            ok = o["status"] == "done" and o["result"]["document_type"] == e["document_type"]
        elif "acceptable_alternative" in e:
            ok = o["status"] == "done"  # processed under a sanitised name
        else:
            ok = o["status"] == "failed" and o["error"]["code"] in (
                "EMPTY_FILE", "CORRUPT_FILE", "PASSWORD_REQUIRED", "IMAGE_TOO_LARGE",
                "UNSUPPORTED_FORMAT")
        check(ok, "bad/%s: %s" % (e["file"], e["expected"]),
              (o["status"], o.get("error"), (o.get("result") or {}).get("document_type")))
    big = by_file[os.path.join(corpus, "bad", "acte_vente_avec_annexes_60p.pdf")]
    check(len(big["result"]["pages"]) == 62, "all 62 pages of the long deed",
          len(big["result"]["pages"]))
    members = [o for o in out if o.get("file", "").startswith(dossier + "/")]
    docs = [o for o in members if not o["file"].endswith(".json")]
    check(len(docs) == 5 and all(o["status"] == "done" for o in docs),
          "the dossier's five documents are analysed", [(o["file"], o["status"]) for o in docs])
    dos_lines = [o for o in out if o.get("dossier") == dossier]
    check(len(dos_lines) == 1 and out[-1].get("dossier") == dossier,
          "one dossier line, after the documents", dos_lines)
    for o in out:
        if "file" in o:
            check(set(o) >= {"file", "document_id", "status", "error", "result"},
                  "result line shape: %s" % os.path.basename(o["file"]), sorted(o))
    check(all(l.startswith("[") for l in r.stderr.splitlines() if l.strip()),
          "progress lines on stderr only", r.stderr[:500])

    print("%d passed, %d failed" % (results["passed"], results["failed"]))
    return 1 if results["failed"] else 0


if __name__ == "__main__":
    run_test(main)
