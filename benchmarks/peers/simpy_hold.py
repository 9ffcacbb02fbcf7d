#!/usr/bin/env python3
"""SimPy peer of sim.BenchmarkHold: the classic hold model.

n processes each wait Exp(1) seconds, forever, so n events are always
pending; every event pops the earliest and schedules one new event at
now + Exp(1) s. Prints ns per event for each pending size.

Works with SimPy 4 (`import simpy`, pip) or SimPy 2 (`import SimPy`,
Debian's python3-simpy); exits cleanly with a message if neither is
installed. Usage:

    /usr/bin/python3 benchmarks/peers/simpy_hold.py [--quick]

--quick measures pending=1000 only.
"""
import random
import sys
import time

EVENTS = {1000: 300_000, 100_000: 300_000}


def hold_simpy4(simpy, n, events):
    env = simpy.Environment()
    rng = random.Random(1)
    count = [0]

    def proc():
        while True:
            yield env.timeout(rng.expovariate(1.0))
            count[0] += 1

    for _ in range(n):
        env.process(proc())
    env.run(until=5.0)  # warm up: every process is past its first hold
    c0, t0 = count[0], time.perf_counter()
    env.run(until=env.now + events / n)
    return (time.perf_counter() - t0) * 1e9 / (count[0] - c0)


def hold_simpy2(Sim, n, events):
    rng = random.Random(1)
    count = [0]

    class P(Sim.Process):
        def run(self):
            while True:
                yield Sim.hold, self, rng.expovariate(1.0)
                count[0] += 1

    # SimPy 2 cannot resume a finished simulate(); time the whole run and
    # subtract a run of the warm-up length alone.
    def run(until):
        Sim.initialize()
        for _ in range(n):
            p = P()
            Sim.activate(p, p.run())
        count[0] = 0
        t0 = time.perf_counter()
        Sim.simulate(until=until)
        return time.perf_counter() - t0, count[0]

    tw, cw = run(5.0)
    tf, cf = run(5.0 + events / n)
    return (tf - tw) * 1e9 / (cf - cw)


def main():
    sizes = [1000] if "--quick" in sys.argv else [1000, 100_000]
    try:
        import simpy

        name, fn, mod = "SimPy " + simpy.__version__, hold_simpy4, simpy
    except ImportError:
        try:
            import SimPy.Simulation as Sim
            import SimPy

            name, fn, mod = "SimPy " + getattr(SimPy, "__version__", "2"), hold_simpy2, Sim
        except ImportError:
            print("simpy_hold: SimPy is not installed (pip install simpy, or "
                  "apt-get install python3-simpy and run /usr/bin/python3); skipped")
            return 0
    print(f"{name} on Python {sys.version.split()[0]}")
    for n in sizes:
        ns = fn(mod, n, EVENTS[n])
        print(f"hold pending={n}: {ns:.0f} ns/event")
    return 0


if __name__ == "__main__":
    sys.exit(main())
