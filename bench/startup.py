#!/usr/bin/env python3
"""Start-to-ready time of `tessera serve`: spawn it, poll GET /readyz every 1 ms, stop it.

Usage: startup.py RUNS BIN ARG...   (ARGs may contain {port} and {fresh}; {fresh} becomes a new,
not yet existing directory for every run, so each run starts from an empty data dir).
Prints one line per run: milliseconds from spawn to the first 200 answer.

A raw socket rather than curl in a shell loop: forking curl costs a few ms per attempt, which is
the same order as what we measure.
"""
import os, shutil, signal, socket, subprocess, sys, tempfile, time

TIMEOUT_S = 15


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def ready(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
            s.sendall(b"GET /readyz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
            return s.recv(64).startswith(b"HTTP/1.1 200")
    except OSError:  # refused until the listener is bound
        return False


def stop(proc):
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def main():
    runs, binary, args = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
    tmp = tempfile.mkdtemp(prefix="tessera-startup.")
    try:
        for i in range(runs):
            port = free_port()
            fresh = os.path.join(tmp, f"data{i}")
            argv = [binary] + [a.format(port=port, fresh=fresh) for a in args]
            log = open(os.path.join(tmp, "server.log"), "wb")
            t0 = time.perf_counter()
            proc = subprocess.Popen(argv, stdout=log, stderr=log)
            try:
                while not ready(port):
                    if proc.poll() is not None or time.perf_counter() - t0 > TIMEOUT_S:
                        log.close()
                        sys.stderr.write(open(log.name).read())
                        sys.exit(f"FAIL: {' '.join(argv)} did not become ready")
                    time.sleep(0.001)
                print(f"{(time.perf_counter() - t0) * 1000:.1f}", flush=True)
            finally:
                stop(proc)
                log.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
