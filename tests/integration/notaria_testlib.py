"""Helpers shared by the integration tests: start `notaria serve` on free ports with a
temporary data directory, and talk to it over HTTP with the standard library only."""

import gzip
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid


def check(cond, message):
    """Fails the test with `message` (an AssertionError that run_test reports)."""
    if not cond:
        raise AssertionError(message)


def run_test(main):
    """Exits with main()'s status; a failed check prints FAIL with its message and the
    closing 'N passed, N failed' line ctest's readers look for. The test's temp_dir()s are
    removed when it passes and kept (and named) when it fails, for the server logs."""
    status = 1
    try:
        status = main()
    except AssertionError as e:
        print("FAIL:", e)
        print("0 passed, 1 failed")
    finally:
        if status == 0 and not os.environ.get("NOTARIA_KEEP_TEST_DATA"):
            for d in _temp_dirs:
                shutil.rmtree(d, ignore_errors=True)
        elif _temp_dirs:
            print("test data kept in: " + ", ".join(_temp_dirs))
    sys.exit(status)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def distributed_env(services_dir, name):
    """The environment of a platform on the engines that scripts/test-services.sh started in
    `services_dir` (PostgreSQL, Redis, s3rver), with a database, a Redis database index and a
    bucket of its own named after `name`; None when the engines are not there."""
    try:
        pg = open(os.path.join(services_dir, "postgres.url")).read().strip()
        redis = open(os.path.join(services_dir, "redis.url")).read().strip()
        s3 = open(os.path.join(services_dir, "s3.endpoint")).read().strip()
    except OSError:
        return None
    db = "notaria_it_%s_%s" % (name, uuid.uuid4().hex[:8])
    subprocess.run(["psql", pg + "/postgres", "-q", "-c", "CREATE DATABASE " + db], check=True,
                   stdout=subprocess.DEVNULL)
    index = int(uuid.uuid4().hex[:4], 16) % 15 + 1
    return {"DATABASE_URL": pg + "/" + db, "REDIS_URL": "%s/%d" % (redis, index),
            "MINIO_ENDPOINT": s3, "MINIO_ACCESS_KEY": "S3RVER", "MINIO_SECRET_KEY": "S3RVER",
            "MINIO_BUCKET": ("notaria-%s-%s" % (name, uuid.uuid4().hex[:8])).replace("_", "-")}


class Server:
    """`notaria serve`, and with `worker_processes` > 0 that many `notaria worker` processes on
    the same environment (the API then runs with WORKERS=0): the distributed deployment."""

    def __init__(self, binary, data_dir, env=None, workers=2, worker_processes=0):
        self.binary = binary
        self.data_dir = data_dir
        self.api_port = free_port()
        self.web_port = free_port()
        self.env = dict(os.environ)
        for k in ("DATABASE_URL", "REDIS_URL", "MINIO_ENDPOINT", "OPENSEARCH_URL",
                  "NEO4J_URL", "OLLAMA_BASE_URL", "ANYLLM_BASE_URL"):
            self.env.pop(k, None)
        # Tests never reach the real registers: a test that checks them (test_dossiers) sets
        # live mode with the addresses of its local replay servers.
        self.env.update({"NOTARIA_DATA_DIR": data_dir, "API_PORT": str(self.api_port),
                         "WEB_PORT": str(self.web_port), "WORKERS": str(workers),
                         "BIND_ADDRESS": "127.0.0.1", "EXTERNAL_APIS_MODE": "offline"})
        self.env.update(env or {})
        self.proc = None
        self.log = open(os.path.join(data_dir, "server.log"), "ab")
        self.worker_processes = worker_processes
        self.workers = []
        if worker_processes:
            self.worker_env = dict(self.env)
            self.worker_env["WORKERS"] = str(workers)
            self.env["WORKERS"] = "0"

    @property
    def base(self):
        return "http://127.0.0.1:%d" % self.api_port

    def start_worker(self):
        env = dict(self.worker_env)
        port = free_port()
        env.update({"API_PORT": str(port), "WEB_PORT": str(free_port())})
        w = subprocess.Popen([self.binary, "worker"], env=env, stdout=self.log, stderr=self.log)
        w.ops_port = port
        self.workers.append(w)
        return w

    def metrics_text(self):
        """/metrics of the API and of every worker process (each is scraped on its own)."""
        texts = []
        for port in [self.api_port] + [w.ops_port for w in self.workers]:
            for _ in range(50):
                try:
                    with urllib.request.urlopen("http://127.0.0.1:%d/metrics" % port,
                                                timeout=30) as r:
                        texts.append(r.read().decode())
                    break
                except OSError:
                    time.sleep(0.1)
        return "\n".join(texts)

    def start(self, timeout=30):
        self.proc = subprocess.Popen([self.binary, "serve"], env=self.env,
                                     stdout=self.log, stderr=self.log)
        self.workers = [w for w in self.workers if w.poll() is None]
        while len(self.workers) < self.worker_processes:
            self.start_worker()
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("notaria serve exited with %s" % self.proc.returncode)
            try:
                status, _, _ = self.request("GET", "/api/health")
                if status in (200, 503):
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("notaria serve did not answer within %ss" % timeout)

    def kill(self):
        """SIGKILL to the API and to every worker process: the whole platform dies."""
        for p in [self.proc] + self.workers:
            if p is None:
                continue
            if p.poll() is None:
                p.send_signal(signal.SIGKILL)
            p.wait()
        self.workers = []

    def running(self):
        """True while any of its processes runs (a test's clean-up kills them all)."""
        return any(p is not None and p.poll() is None for p in [self.proc] + self.workers)

    def stop(self):
        for w in self.workers:
            if w.poll() is None:
                w.send_signal(signal.SIGTERM)
        for w in self.workers:
            try:
                w.wait(timeout=60)
            except subprocess.TimeoutExpired:
                w.kill()
                w.wait()
                raise RuntimeError("notaria worker did not stop on SIGTERM")
        self.workers = []
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                return self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                raise RuntimeError("notaria serve did not stop on SIGTERM")
        return self.proc.returncode if self.proc else None

    def alive(self):
        return (self.proc is not None and self.proc.poll() is None
                and all(w.poll() is None for w in self.workers))

    def request(self, method, path, body=None, headers=None, timeout=60):
        req = urllib.request.Request(self.base + path, data=body, method=method,
                                     headers=headers or {})
        try:
            with urllib.request.urlopen(req, timeout=timeout) as r:
                return r.status, dict(r.headers), r.read()
        except urllib.error.HTTPError as e:
            return e.code, dict(e.headers), e.read()

    def raw(self, data, wait=10):
        """Sends raw bytes on a new connection; returns all it answers until it closes."""
        with socket.create_connection(("127.0.0.1", self.api_port)) as c:
            c.settimeout(wait)
            c.sendall(data)
            out = b""
            try:
                while True:
                    chunk = c.recv(65536)
                    if not chunk:
                        break
                    out += chunk
            except socket.timeout:
                out += b"<no answer, connection still open>"
            return out

    def json(self, method, path, body=None, headers=None):
        status, hdrs, data = self.request(method, path, body, headers)
        if hdrs.get("Content-Encoding") == "gzip":
            data = gzip.decompress(data)
        return status, json.loads(data)

    def upload(self, path, filename=None, fields=None):
        boundary = uuid.uuid4().hex
        with open(path, "rb") as f:
            content = f.read()
        return self.upload_bytes(content, filename or os.path.basename(path), fields, boundary)

    def upload_bytes(self, content, filename, fields=None, boundary=None):
        boundary = boundary or uuid.uuid4().hex
        parts = []
        for k, v in (fields or {}).items():
            parts.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n"
                          % (boundary, k, v)).encode())
        quoted = filename.replace("\\", "\\\\").replace('"', '\\"')
        parts.append(("--%s\r\nContent-Disposition: form-data; name=\"file\"; "
                      "filename=\"%s\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                      % (boundary, quoted)).encode("utf-8") + content + b"\r\n")
        body = b"".join(parts) + ("--%s--\r\n" % boundary).encode()
        return self.json("POST", "/api/notary/upload", body,
                         {"Content-Type": "multipart/form-data; boundary=" + boundary})

    def wait_all(self, ids, timeout):
        """Polls until every document is done or failed; returns {id: document}."""
        deadline = time.time() + timeout
        docs = {}
        pending = set(ids)
        while pending and time.time() < deadline:
            for i in list(pending):
                status, doc = self.json("GET", "/api/notary/documents/" + i)
                assert status == 200, (status, doc)
                if doc["status"] in ("done", "failed"):
                    docs[i] = doc
                    pending.discard(i)
            if pending:
                time.sleep(0.5)
        if pending:
            raise AssertionError("documents still unfinished after %ss: %s" % (timeout, pending))
        return docs


_temp_dirs = []


def temp_dir(prefix):
    """A new directory under the system's temp dir, removed by run_test when the test passes."""
    d = tempfile.mkdtemp(prefix=prefix)
    _temp_dirs.append(d)
    return d
