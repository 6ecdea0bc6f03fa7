#!/usr/bin/env python3
"""Documents per second of the distributed deployment (issue 5): PostgreSQL + Redis + S3, an
API-only server and 1, then 2, `notaria worker` processes (one thread each), on every
document of the public corpus. Whole-process figures: upload, reading (text layer and OCR),
analysis, storage. Prints one line per worker count.

    bench/throughput.py build/release/src/app/notaria [--shared ../shared] [--limit N]
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "..", "tests", "integration"))
from notaria_testlib import Server, distributed_env  # noqa: E402


def run(binary, corpus_files, services, workers):
    data = tempfile.mkdtemp(prefix="notaria-bench-")
    env = distributed_env(services, "bench%d" % workers)
    env["EXTERNAL_APIS_MODE"] = "offline"
    server = Server(binary, data, env=env, workers=1, worker_processes=workers)
    try:
        server.start()
        start = time.time()
        ids = []
        for path in corpus_files:
            status, body = server.upload(path)
            if status in (200, 201):
                ids.append(body["document_id"])
        docs = server.wait_all(ids, timeout=3600)
        elapsed = time.time() - start
        pages = sum(d.get("page_count") or 0 for d in docs.values())
        done = sum(1 for d in docs.values() if d["status"] == "done")
        print("%d worker(s): %d documents (%d done, %d pages) in %.1f s: %.2f documents/s, "
              "%.2f pages/s" % (workers, len(ids), done, pages, elapsed, len(ids) / elapsed,
                                pages / elapsed), flush=True)
    finally:
        server.stop() if server.alive() else server.kill()
        shutil.rmtree(data, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("notaria")
    ap.add_argument("--shared", default=os.path.join(here, "..", "..", "shared"))
    ap.add_argument("--limit", type=int, default=0, help="first N documents only")
    args = ap.parse_args()
    docs = os.path.join(args.shared, "corpus", "docs")
    files = sorted(os.path.join(docs, f) for f in os.listdir(docs) if not f.endswith(".json"))
    if args.limit:
        files = files[:args.limit]
    services = tempfile.mkdtemp(prefix="notaria-bench-services-")
    script = os.path.join(here, "..", "scripts", "test-services.sh")
    subprocess.run([script, "start", services, "postgres", "redis", "s3"], check=True,
                   stdout=subprocess.DEVNULL)
    try:
        print("throughput on %d corpus documents, %d cores, registers offline"
              % (len(files), os.cpu_count()), flush=True)
        for workers in (1, 2):
            run(os.path.abspath(args.notaria), files, services, workers)
    finally:
        subprocess.run([script, "stop", services, "postgres", "redis", "s3"],
                       stdout=subprocess.DEVNULL)
        shutil.rmtree(services, ignore_errors=True)


if __name__ == "__main__":
    main()
