"""Helpers shared by the integration tests: start `notaria serve` on free ports with a
temporary data directory, and talk to it over HTTP with the standard library only."""

import gzip
import json
import os
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
import uuid


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, binary, data_dir, env=None, workers=2):
        self.binary = binary
        self.data_dir = data_dir
        self.api_port = free_port()
        self.web_port = free_port()
        self.env = dict(os.environ)
        for k in ("DATABASE_URL", "REDIS_URL", "MINIO_ENDPOINT", "OPENSEARCH_URL",
                  "NEO4J_URL", "OLLAMA_BASE_URL", "ANYLLM_BASE_URL"):
            self.env.pop(k, None)
        self.env.update({"NOTARIA_DATA_DIR": data_dir, "API_PORT": str(self.api_port),
                         "WEB_PORT": str(self.web_port), "WORKERS": str(workers),
                         "BIND_ADDRESS": "127.0.0.1"})
        self.env.update(env or {})
        self.proc = None
        self.log = open(os.path.join(data_dir, "server.log"), "ab")

    @property
    def base(self):
        return "http://127.0.0.1:%d" % self.api_port

    def start(self, timeout=30):
        self.proc = subprocess.Popen([self.binary, "serve"], env=self.env,
                                     stdout=self.log, stderr=self.log)
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
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def stop(self):
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
        return self.proc is not None and self.proc.poll() is None

    def request(self, method, path, body=None, headers=None, timeout=60):
        req = urllib.request.Request(self.base + path, data=body, method=method,
                                     headers=headers or {})
        try:
            with urllib.request.urlopen(req, timeout=timeout) as r:
                return r.status, dict(r.headers), r.read()
        except urllib.error.HTTPError as e:
            return e.code, dict(e.headers), e.read()

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


def temp_dir(prefix):
    return tempfile.mkdtemp(prefix=prefix)
