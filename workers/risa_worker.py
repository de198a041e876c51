"""The serving loop of Risa's JSON-lines workers (workers/PROTOCOL.md), shared by every model script.

A model script gives a handler with:
    hello: dict                      the handshake's fields besides "type" and "protocol"
    options(request) -> options      the request's options, checked (raise RequestError)
    preprocess(path) -> item         one image read and prepared, on a pool thread (raise RequestError)
    run(items) -> outputs            one batch through the model, on the serving thread
    postprocess(output, options) -> result dict
and calls serve(handler, ...). A reader thread parses requests and starts their preprocessing at
once; the serving thread takes whatever requests are waiting (up to batch_size, lingering a few
milliseconds for more when the queue runs dry), runs them as one batch and answers each by id.
"""

import concurrent.futures
import json
import os
import queue
import sys
import threading
import time

PROTOCOL_VERSION = 1


class RequestError(Exception):
    """A request that cannot be served, with the protocol's error code."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


class Channel:
    """The protocol's stdout, written by several threads one whole line at a time.

    The process's file descriptor 1 is pointed at stderr so that a library printing to stdout
    cannot corrupt the protocol; only this object writes to the original stdout.
    """

    def __init__(self):
        self._file = os.fdopen(os.dup(1), "wb", buffering=0)
        os.dup2(2, 1)
        sys.stdout = sys.stderr
        self._lock = threading.Lock()

    def send(self, message):
        line = json.dumps(message, separators=(",", ":"), ensure_ascii=False).encode("utf-8") + b"\n"
        with self._lock:
            self._file.write(line)

    def error(self, request_id, code, message):
        self.send({"id": request_id, "ok": False, "error": {"code": code, "message": message}})


class Stats:
    """Where the worker's time went, for the `stats` request and the last stderr line."""

    def __init__(self):
        self._lock = threading.Lock()
        self.images = 0
        self.errors = 0
        self.batches = 0
        self.largest_batch = 0
        self.model_seconds = 0.0
        self.preprocess_seconds = 0.0
        self.waiting_for_preprocessing_seconds = 0.0
        self.first_request = None
        self.last_response = None

    def add_preprocessing(self, seconds):
        with self._lock:
            self.preprocess_seconds += seconds

    def snapshot(self):
        with self._lock:
            wall = (self.last_response or 0.0) - (self.first_request or 0.0)
            return {
                "images": self.images,
                "errors": self.errors,
                "batches": self.batches,
                "largest_batch": self.largest_batch,
                "mean_batch": round(self.images / self.batches, 3) if self.batches else 0,
                "wall_seconds": round(wall, 6),
                "model_seconds": round(self.model_seconds, 6),
                "preprocess_seconds": round(self.preprocess_seconds, 6),
                "waiting_for_preprocessing_seconds": round(self.waiting_for_preprocessing_seconds, 6),
                "images_per_second": round(self.images / wall, 3) if wall > 0 else 0,
                "outside_model_share": round(1 - self.model_seconds / wall, 4) if wall > 0 else 0,
            }


class _Job:
    def __init__(self, request_id, future, options):
        self.request_id = request_id
        self.future = future
        self.options = options


class _Control:
    def __init__(self, request_id, op):
        self.request_id = request_id
        self.op = op


_END = object()


def _timed(stats, function, argument):
    started = time.perf_counter()
    try:
        return function(argument)
    finally:
        stats.add_preprocessing(time.perf_counter() - started)


def _read_requests(handler, channel, pool, jobs, stats):
    """The reader thread: parses each stdin line and queues it, preprocessing started."""
    try:
        for raw in sys.stdin.buffer:
            if not raw.strip():
                continue
            if stats.first_request is None:
                stats.first_request = time.perf_counter()
            try:
                _read_request(raw, handler, channel, pool, jobs, stats)
            except Exception as error:  # one bad line must not stop the reading
                channel.error(None, "bad_request", f"cannot handle a request line: {error!r}")
    finally:
        jobs.put(_END)


def _read_request(raw, handler, channel, pool, jobs, stats):
    try:
        request = json.loads(raw)
    except ValueError as error:
        channel.error(None, "bad_request", f"a request line is not JSON: {error}")
        return
    if not isinstance(request, dict) or "id" not in request:
        channel.error(None, "bad_request", "a request must be a JSON object with an id")
        return
    request_id = request["id"]
    op = request.get("op", "tag")
    if op == "stats":
        jobs.put(_Control(request_id, op))
        return
    if op != "tag":
        channel.error(request_id, "unknown_op", f"unknown op {op!r}; this worker serves tag and stats")
        return
    image = request.get("image")
    if not isinstance(image, str) or not image:
        channel.error(request_id, "bad_request", "a tag request needs an image path")
        return
    try:
        options = handler.options(request)
    except RequestError as error:
        channel.error(request_id, error.code, error.message)
        return
    jobs.put(_Job(request_id, pool.submit(_timed, stats, handler.preprocess, image), options))


def _answer(handler, channel, batch, stats):
    """Runs the ready items of `batch` through the model as one batch and answers every request."""
    ready, items = [], []
    waited = time.perf_counter()
    for job in batch:
        try:
            items.append(job.future.result())
            ready.append(job)
        except RequestError as error:
            channel.error(job.request_id, error.code, error.message)
            stats.errors += 1
        except Exception as error:  # an unexpected failure of one image must not stop the worker
            channel.error(job.request_id, "image_unreadable", f"cannot prepare the image: {error!r}")
            stats.errors += 1
    stats.waiting_for_preprocessing_seconds += time.perf_counter() - waited
    if not ready:
        return
    started = time.perf_counter()
    try:
        outputs = handler.run(items)
    except Exception as error:
        for job in ready:
            channel.error(job.request_id, "model_failed", f"the model failed on a batch of {len(ready)}: {error}")
        stats.errors += len(ready)
        return
    finally:
        stats.model_seconds += time.perf_counter() - started
    for job, output in zip(ready, outputs):
        try:
            result = handler.postprocess(output, job.options)
        except Exception as error:
            channel.error(job.request_id, "model_failed", f"cannot read the model's output: {error!r}")
            stats.errors += 1
            continue
        channel.send({"id": job.request_id, "ok": True, "batch": len(ready), "result": result})
    stats.images += len(ready)
    stats.batches += 1
    stats.largest_batch = max(stats.largest_batch, len(ready))
    stats.last_response = time.perf_counter()


def serve(handler, channel, batch_size=8, threads=2, linger_seconds=0.003, name="worker"):
    """Answers requests until stdin ends, then prints the stats on stderr and returns."""
    stats = Stats()
    channel.send(dict(handler.hello, type="hello", protocol=PROTOCOL_VERSION, batch_size=batch_size))
    jobs = queue.Queue()
    with concurrent.futures.ThreadPoolExecutor(max_workers=threads, thread_name_prefix="preprocess") as pool:
        reader = threading.Thread(
            target=_read_requests, args=(handler, channel, pool, jobs, stats), name="reader", daemon=True
        )
        reader.start()
        ended = False
        while not ended:
            first = jobs.get()
            if first is _END:
                break
            batch, control = [], None
            item = first
            deadline = time.perf_counter() + linger_seconds
            while True:
                if item is _END:
                    ended = True
                    break
                if isinstance(item, _Control):
                    control = item
                    break
                batch.append(item)
                if len(batch) >= batch_size:
                    break
                try:
                    item = jobs.get_nowait()
                except queue.Empty:
                    remaining = deadline - time.perf_counter()
                    if remaining <= 0:
                        break
                    try:
                        item = jobs.get(timeout=remaining)
                    except queue.Empty:
                        break
            if batch:
                _answer(handler, channel, batch, stats)
            if control is not None:
                channel.send({"id": control.request_id, "ok": True, "stats": stats.snapshot()})
    print(f"{name}: stats {json.dumps(stats.snapshot(), separators=(',', ':'))}", file=sys.stderr, flush=True)
