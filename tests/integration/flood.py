#!/usr/bin/env python3
"""flood.py: the two floods of issue 13, item 6, against a collector.

  flood.py idle HOST PORT N SECONDS     N raw TCP connections that say
                                        nothing, reopened when closed
  flood.py big HOST PORT N              N ZeroMQ peers, each announcing an
                                        8 MiB frame and sending 7 MiB of it

Prints what it did; exits 0 unless it could not start.
"""
import socket
import struct
import sys
import time


def greeting():
    # ZMTP 3.0: signature, version 3.0, mechanism NULL, as-server 0, filler.
    return (b"\xff" + b"\x00" * 8 + b"\x7f" + b"\x03\x00" +
            b"NULL".ljust(20, b"\x00") + b"\x00" + b"\x00" * 31)


def ready():
    body = b"\x05READY" + b"\x0bSocket-Type" + struct.pack(">I", 6) + b"DEALER"
    return b"\x04" + bytes([len(body)]) + body


def idle(host, port, n, seconds):
    conns = []
    opened = 0
    end = time.time() + seconds
    while time.time() < end:
        while len(conns) < n:
            try:
                s = socket.create_connection((host, port), timeout=2)
                s.setblocking(False)
                conns.append(s)
                opened += 1
            except OSError:
                time.sleep(0.05)
                break
        alive = []
        for s in conns:
            try:
                if s.recv(1, socket.MSG_PEEK) == b"":
                    s.close()
                    continue
            except BlockingIOError:
                pass
            except OSError:
                s.close()
                continue
            alive.append(s)
        conns = alive
        time.sleep(0.2)
    print(f"idle: opened {opened} connections, {len(conns)} open at the end")


def big(host, port, n):
    conns = []
    chunk = b"\x00" * (1 << 20)
    for _ in range(n):
        try:
            s = socket.create_connection((host, port), timeout=5)
            s.sendall(greeting())
            s.recv(64)
            s.sendall(ready())
            # A long final message frame announcing 8 MiB.
            s.sendall(b"\x02" + struct.pack(">Q", 8 << 20))
            conns.append(s)
        except OSError:
            pass
    sent = 0
    for s in conns:
        try:
            for _ in range(7):
                s.sendall(chunk)
                sent += 1
        except OSError:
            pass
    print(f"big: {len(conns)} connections, {sent} MiB sent of 7 each")
    time.sleep(1)
    for s in conns:
        s.close()


if __name__ == "__main__":
    mode, host, port, n = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    if mode == "idle":
        idle(host, port, n, float(sys.argv[5]))
    else:
        big(host, port, n)
