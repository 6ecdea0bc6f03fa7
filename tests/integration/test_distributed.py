"""The distributed deployment under failure (issue 5): PostgreSQL + Redis + S3, one API-only
server and two worker processes.

1. A worker is killed with SIGKILL in the middle of 30 documents: all 30 end `done`, each
   exactly once (one document per file, every page stored once, nothing left in the queue).
2. Redis, then PostgreSQL, are stopped during a run: /api/health says `degraded` with the
   service, the API answers 503 JSON errors at once, and after both restart the run completes
   with nothing lost, including the documents uploaded just before the outage."""

import argparse
import os
import shutil
import subprocess
import sys
import time

from notaria_testlib import Server, check, distributed_env, run_test, temp_dir


def corpus_pdfs(corpus, n, skip=0):
    names = sorted(f for f in os.listdir(os.path.join(corpus, "docs"))
                   if f.endswith(".pdf") and f.split("_")[0] in ("doc", "document", "piece"))
    check(len(names) >= skip + n, "not enough text PDFs in the corpus")
    return [os.path.join(corpus, "docs", f) for f in names[skip:skip + n]]


def statuses(server, ids):
    out = {}
    for i in ids:
        status, doc = server.json("GET", "/api/notary/documents/" + i)
        out[i] = doc.get("status") if status == 200 else None
    return out


def exactly_once(server, ids):
    """Every document done, its pages stored once each and numbered 1..page_count."""
    for i in ids:
        status, doc = server.json("GET", "/api/notary/documents/" + i)
        check(status == 200 and doc["status"] == "done", (i, status, doc.get("status")))
        numbers = [p["number"] for p in doc["result"]["pages"]]
        check(numbers == list(range(1, doc["page_count"] + 1)), (i, numbers, doc["page_count"]))


def services(action, services_dir, *names):
    script = os.path.join(os.path.dirname(__file__), "..", "..", "scripts", "test-services.sh")
    subprocess.run([script, action, services_dir] + list(names), check=True,
                   stdout=subprocess.DEVNULL)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--notaria", required=True)
    ap.add_argument("--shared", required=True)
    ap.add_argument("--services", required=True, help="directory of scripts/test-services.sh")
    args = ap.parse_args()
    corpus = os.path.join(args.shared, "corpus")
    env = distributed_env(args.services, "dist")
    check(env is not None, "the engines are not running in " + args.services)
    data = temp_dir("notaria-dist-")
    server = Server(args.notaria, data, env=env, worker_processes=2)
    checks = 0
    try:
        server.start()
        status, health = server.json("GET", "/api/health")
        check(status == 200 and health["status"] == "ok", health)
        engines = {k: v["engine"] for k, v in health["services"].items() if "engine" in v}
        check(engines == {"database": "postgresql", "storage": "s3", "queue": "redis",
                          "search": "xapian"}, engines)
        checks += 1

        # 1. SIGKILL of a worker with documents in flight.
        ids = []
        for path in corpus_pdfs(corpus, 30):
            status, body = server.upload(path)
            check(status == 201, (path, status, body))
            ids.append(body["document_id"])
        deadline = time.time() + 300
        while time.time() < deadline:
            s = statuses(server, ids)
            done = sum(1 for v in s.values() if v == "done")
            if done >= 3:
                break
            time.sleep(0.2)
        check(done < 30, "every document was done before the kill: nothing was tested")
        victim = server.workers[0]
        victim.kill()
        victim.wait()
        server.workers.remove(victim)
        print("killed a worker with %d of 30 documents done" % done)
        server.wait_all(ids, timeout=600)
        exactly_once(server, ids)
        status, listing = server.json("GET", "/api/notary/documents?limit=200")
        check(listing["total"] == 30, listing["total"])
        text = server.metrics_text()
        check("queue_depth 0" in text, [l for l in text.splitlines() if "queue_depth" in l])
        print("30 of 30 documents done once each after the kill")
        checks += 3

        # 2. Redis, then PostgreSQL, stopped during a run.
        server.start_worker()  # back to two workers
        more = []
        for path in corpus_pdfs(corpus, 8, skip=30):
            status, body = server.upload(path)
            check(status == 201, (path, status, body))
            more.append(body["document_id"])
        services("pause", args.services, "redis")
        started = time.time()
        status, health = server.json("GET", "/api/health")
        check(status == 503 and health["services"]["queue"]["status"] == "degraded", health)
        check(time.time() - started < 10, "health took %.1f s" % (time.time() - started))
        status, err = server.upload(corpus_pdfs(corpus, 1, skip=38)[0])
        check(status == 503 and err["error"]["code"] == "SERVICE_UNAVAILABLE", (status, err))
        services("pause", args.services, "postgres")
        started = time.time()
        status, health = server.json("GET", "/api/health")
        check(status == 503 and health["services"]["database"]["status"] == "degraded", health)
        status, err = server.json("GET", "/api/notary/documents/" + more[0])
        check(status == 503 and set(err["error"]) == {"code", "message"}, (status, err))
        check(time.time() - started < 30, "answers took %.1f s" % (time.time() - started))
        print("during the outage: health degraded, 503 JSON errors in %.1f s"
              % (time.time() - started))
        checks += 4
        time.sleep(2)
        services("resume", args.services, "postgres")
        services("resume", args.services, "redis")
        deadline = time.time() + 60
        while time.time() < deadline:
            status, health = server.json("GET", "/api/health")
            if status == 200:
                break
            time.sleep(0.5)
        check(status == 200 and health["status"] == "ok", health)
        # The file refused during the outage is sent again, as a client would.
        # (it may have been stored before the queue failed: then it comes back a duplicate,
        # and its job is queued again).
        status, body = server.upload(corpus_pdfs(corpus, 1, skip=38)[0])
        check(status in (200, 201), (status, body))
        more.append(body["document_id"])
        server.wait_all(more, timeout=600)
        exactly_once(server, more)
        status, listing = server.json("GET", "/api/notary/documents?limit=200")
        check(listing["total"] == 39, listing["total"])
        print("after the restart: %d of %d documents done, nothing lost" % (len(more), len(more)))
        checks += 3
        check(server.alive(), "a process died")
        check(server.stop() == 0, "the server did not stop cleanly")
    finally:
        if server.running():
            server.kill()
        sys.stdout.flush()
    print("%d passed, 0 failed" % checks)
    shutil.rmtree(data, ignore_errors=True)
    return 0


if __name__ == "__main__":
    run_test(main)
