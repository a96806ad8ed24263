"""Long-horizon benchmark: the canonical margin example (margin.md §5) at t = 10^9 and beyond.

Prints ρ_t with its rigorous enclosure, the number of correct digits guaranteed by the enclosure,
the time taken, agreement with direct stepping (where affordable) and the jump at 10^12.
Run:  python benchmarks/long_horizon.py
"""

import time

import mpmath
import sympy as sp

import gdperceptron as gp
from gdperceptron import margin as gm
from gdperceptron.numeric import recursion

INIT = (1, "-3/10", "-1/10", 1)


def main():
    data = gm.pair(sp.pi / 2, coordinates="standard")
    for T in (10**9, 10**12):
        start = time.perf_counter()
        final = gm.final_phase(INIT, 0, data, 1, [T], dps=50)[0]
        seconds = time.perf_counter() - start
        with mpmath.workdps(50):
            width = mpmath.mpf(final.rho.delta)
            digits = int(-mpmath.log10(width / abs(mpmath.mpf(final.rho.mid)))) if width else 50
            print(f"t = 10^{len(str(T)) - 1}: rho_t = {mpmath.nstr(mpmath.mpf(final.rho.mid), 25)}  "
                  f"(enclosure width {mpmath.nstr(width, 3)}, >= {digits} correct digits, 50-digit intervals), "
                  f"{seconds:.2f} s")
            gap = 1 / mpmath.sqrt(2) - mpmath.mpf(final.rho.mid)
            print(f"           gap*a_t = {mpmath.nstr(gap * mpmath.mpf(final.a.mid), 15)}, "
                  f"limit 0.2/(2 sqrt 2) = {mpmath.nstr(mpmath.mpf('0.2') / (2 * mpmath.sqrt(2)), 15)}")
    T = 10**5
    start = time.perf_counter()
    direct = recursion.step(1, 1, T, dps=50)
    t_direct = time.perf_counter() - start
    jump = recursion.advance(1, 1, T, dps=50)
    start = time.perf_counter()
    traj = gm.run(data, INIT, 1, 20000, dps=50, record_every=20000)
    t_gd = time.perf_counter() - start
    with mpmath.workdps(50):
        gd_rho = gm.robust_margin(gp.models.TwoNeuronReLU(2), traj.params[20000], data)
        jump_rho = gm.final_phase(INIT, 0, data, 1, [20000], dps=50)[0].rho
        print(f"direct stepping of a_t to 10^5 ({t_direct:.1f} s): {mpmath.nstr(mpmath.mpf(direct.mid), 20)}; "
              f"jump enclosure [{mpmath.nstr(mpmath.mpf(jump.a), 20)}, {mpmath.nstr(mpmath.mpf(jump.b), 20)}] contains it: "
              f"{jump.a <= direct.a and direct.b <= jump.b}")
        print(f"full GD (run_gd, 50 digits) to t = 20000 ({t_gd:.1f} s): rho = {mpmath.nstr(gd_rho, 20)}; "
              f"final-phase jump {mpmath.nstr(mpmath.mpf(jump_rho.mid), 20)} ± {mpmath.nstr(mpmath.mpf(jump_rho.delta), 2)}; "
              f"|difference| = {mpmath.nstr(abs(gd_rho - mpmath.mpf(jump_rho.mid)), 3)}")


if __name__ == "__main__":
    main()
