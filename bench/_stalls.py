"""Why the window stood still: a watchdog samples the GUI thread's stack while a tick is late.

A QTimer on the GUI thread beats every 5 ms; a watchdog thread looks every 5 ms and, when
the last beat is older than `late_ms`, records the GUI thread's Python stack
(sys._current_frames). Each stall reports its length, the GUI thread's own CPU time in it
(little CPU in a long stall: the thread waited for a core or for the interpreter lock, which
a worker held) and its most common stacks; few samples in a long stall mean the watchdog
could not get the interpreter lock either. Full garbage collections over 50 ms are listed
with the thread they ran on (they hold the lock throughout).
"""

from __future__ import annotations

import gc
import sys
import threading
import time
import traceback
from collections import Counter
from typing import Any


class StallSampler:
    def __init__(self, late_ms: float = 40) -> None:
        from PySide6.QtCore import QTimer

        self.main = threading.main_thread().ident
        self.late = late_ms / 1000
        self.beat = time.perf_counter()
        self.cpu = time.thread_time()
        self.started = time.perf_counter()
        self.stalls: list[tuple[float, float, Counter[tuple[str, ...]], float]] = []
        self.collections: list[tuple[int, float, str]] = []
        self._samples: Counter[tuple[str, ...]] = Counter()
        self.late_wakes: Counter[tuple[str, ...]] = Counter()  # other threads' stacks
        self.late_total = 0.0
        self._gc_started = 0.0
        self._running = True
        # What the kernel says the GUI thread is doing while it is late: R (running or
        # waiting for a core), S with futex_wait (waiting for a lock: the interpreter's)...
        self.main_native = threading.main_thread().native_id
        self.states: Counter[str] = Counter()
        # SALESDESK_STALL_GDB=N: the first N stalls over 300 ms print the GUI thread's native
        # stack (gdb attaches: diagnosis only, it stops the process while it looks).
        import os

        self.gdb_left = int(os.environ.get("SALESDESK_STALL_GDB", "0") or 0)
        self.native: list[str] = []
        self.timer = QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._tick)
        self.timer.start()
        gc.callbacks.append(self._collected)
        threading.Thread(target=self._watch, daemon=True).start()

    def _tick(self) -> None:
        now, cpu = time.perf_counter(), time.thread_time()
        if now - self.beat > self.late:
            self.stalls.append((now - self.beat, cpu - self.cpu, self._samples, now - self.started))
            self._samples = Counter()
        self.beat, self.cpu = now, cpu

    def _watch(self) -> None:
        me = threading.get_ident()
        while self._running:
            asleep = time.perf_counter()
            time.sleep(0.005)
            overslept = time.perf_counter() - asleep - 0.005
            if overslept > self.late:
                # The watchdog itself came back late: another thread held the interpreter
                # lock (or the machine gave this process no core). Where the workers are
                # now is just past what held it.
                self.late_total += overslept
                for ident, frame in sys._current_frames().items():
                    if ident not in (me, self.main):
                        self.late_wakes[_where(frame)] += 1
            if time.perf_counter() - self.beat <= self.late:
                continue
            frame = sys._current_frames().get(self.main or 0)
            if frame is not None:
                self._samples[_where(frame)] += 1
            self.states[self._main_state()] += 1
            if self.gdb_left and time.perf_counter() - self.beat > 0.3:
                self.gdb_left -= 1
                self.native.append(self._native_stack())

    def _main_state(self) -> str:
        task = f"/proc/self/task/{self.main_native}"
        try:
            with open(f"{task}/stat") as stat:
                state = stat.read().rsplit(")", 1)[1].split()[0]
            with open(f"{task}/wchan") as wchan:
                return f"{state} {wchan.read().strip()}"
        except OSError:
            return "?"

    def _native_stack(self) -> str:
        import os
        import subprocess

        try:
            out = subprocess.run(
                ["gdb", "-p", str(os.getpid()), "-batch", "-ex", "thread 1", "-ex", "bt 40"],
                capture_output=True,
                check=False,
                text=True,
                timeout=60,
            ).stdout
        except (OSError, subprocess.SubprocessError) as error:
            return str(error)
        frames = [line for line in out.splitlines() if line.startswith("#")]
        return "\n".join(f[:160] for f in frames)

    def _collected(self, phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            self._gc_started = time.perf_counter()
            return
        took = time.perf_counter() - self._gc_started
        if took > 0.05:
            self.collections.append((info["generation"], took, threading.current_thread().name))

    def stop(self) -> None:
        self._running = False
        self.timer.stop()
        gc.callbacks.remove(self._collected)

    def report(self, top: int = 5, at_least_ms: float = 80) -> None:
        for wall, cpu, samples, at in sorted(self.stalls, key=lambda s: -s[0])[:top]:
            if wall * 1000 < at_least_ms:
                break
            print(
                f"  stall {wall * 1000:.0f} ms ending {at:.1f} s in: GUI thread CPU"
                f" {cpu * 1000:.0f} ms,"
                f" {sum(samples.values())} samples",
                flush=True,
            )
            for stack, count in samples.most_common(2):
                print(f"    {count} × " + "\n        ".join(stack[-6:]), flush=True)
        if self.late_wakes:
            print(f"  the watchdog woke late {self.late_total * 1000:.0f} ms in all; workers then:")
            for stack, count in self.late_wakes.most_common(top):
                print(f"    {count} × " + "\n        ".join(stack[-6:]), flush=True)
        if self.states:
            print(
                "  the GUI thread while late (kernel state, wait channel): "
                + ", ".join(f"{state} {count}" for state, count in self.states.most_common(6))
            )
        for stack in self.native:
            print("  native stack of the GUI thread in a stall:\n" + stack, flush=True)
        for generation, took, thread in self.collections:
            print(f"  collection of generation {generation}: {took * 1000:.0f} ms on {thread}")


def _where(frame: Any) -> tuple[str, ...]:
    stack = traceback.extract_stack(frame)[-12:]
    return tuple(f"{f.filename.rsplit('/', 2)[-1]}:{f.lineno} {f.name}" for f in stack)
