"""Whether a binomial tail reaches a level, decided beyond double precision.

`simulate --confidence` finds the smallest N with P(Binomial(N, p) >= w) >= c by a search in
floats (kpitree/uncertainty/special.py, relative error up to about 1e-9, more at volumes near
10^15), then checks the answer and its neighbour here, where the comparison is decided:

- exactly, in integers, while N and the size of p's numerator and denominator keep them small
  (P(X < w) · den^N is an integer sum);
- otherwise with the regularized incomplete beta I_p(w, N − w + 1) evaluated in Python's `decimal`
  with enough digits for the logarithms of numbers up to 10^15 (the continued fraction of
  Numerical Recipes' `betacf`, and Stirling's series for log Γ of large whole numbers), together
  with a bound on its error. When the tail is nearer the level than that bound, the digits are
  doubled, up to `MAX_DIGITS`; a tail that still cannot be told from the level (an exact tie, such
  as P(Bin(2w − 1, 1/2) >= w) = 1/2) counts as reaching it.

Only the few volumes at the boundary are checked here, so the cost does not depend on the search.
"""

from __future__ import annotations

import math
from decimal import Decimal, localcontext
from fractions import Fraction
from functools import cache

__all__ = ["EXACT_LIMIT", "MAX_DIGITS", "tail_reaches"]

EXACT_LIMIT = 20_000  # volumes up to this are decided in exact rational arithmetic ...
_EXACT_BITS = 4_000_000  # ... while N * bits(p's numerator or denominator) stays below this
MAX_DIGITS = 400  # the most digits a decimal evaluation uses before calling a tail a tie
_MAX_ITERATIONS = 50_000_000  # the continued fraction at w = N/2 = 5e14 needs about 2e5


def tail_reaches(n: int, wins: int, p: Fraction, level: Fraction) -> bool:
    """P(Binomial(n, p) >= wins) >= level, for 0 < p < 1, 0 < level < 1, wins >= 1."""
    if n < wins:
        return False
    bits = max(p.numerator.bit_length(), p.denominator.bit_length())
    if n <= EXACT_LIMIT and n * bits <= _EXACT_BITS:
        return _exact_reaches(n, wins, p, level)
    digits = 40 + 2 * len(str(n)) + len(str(level.denominator))
    while True:
        decided = _decimal_reaches(n, wins, p, level, digits)
        if decided is not None:
            return decided
        if digits >= MAX_DIGITS:
            return True  # equal to the level to MAX_DIGITS digits: a tie, and a tie reaches it
        digits = min(2 * digits, MAX_DIGITS)


# --- exact, in integers --------------------------------------------------------------------------


def _exact_lower_tail_times(n: int, wins: int, num: int, den: int) -> int:
    """sum_{k < wins} C(n, k) num^k (den - num)^(n - k): P(X < wins) * den^n, X ~ Binomial(n, num / den)."""
    q = den - num
    if wins > n:
        return den**n
    # T_j = sum_{k <= j} C(n, k) num^k q^(j - k), built as T_(j+1) = q T_j + C(n, j + 1) num^(j + 1)
    total, binomial, power = 1, 1, 1
    for k in range(1, wins):
        binomial = binomial * (n - k + 1) // k
        power *= num
        total = total * q + binomial * power
    return total * q ** (n - wins + 1)


def _exact_reaches(n: int, wins: int, p: Fraction, level: Fraction) -> bool:
    """P(Binomial(n, p) >= wins) >= level, decided in integers."""
    den = p.denominator
    lower = _exact_lower_tail_times(n, wins, p.numerator, den)  # P(X < wins) den^n
    # 1 - lower / den^n >= c  <=>  lower * c_den <= (c_den - c_num) den^n
    return lower * level.denominator <= (level.denominator - level.numerator) * den**n


# --- in decimal, with an error bound ------------------------------------------------------------


def _decimal_reaches(n: int, wins: int, p: Fraction, level: Fraction, digits: int) -> bool | None:
    """The comparison at `digits` digits; None when the tail is within its error bound of the level."""
    a, b = wins, n - wins + 1  # P(X >= wins) = I_p(a, b)
    with localcontext() as ctx:
        ctx.prec = digits
        x = Decimal(p.numerator) / Decimal(p.denominator)
        y = Decimal(p.denominator - p.numerator) / Decimal(p.denominator)
        log_terms = (Decimal(a) * x.ln(), Decimal(b) * y.ln(), _ln_gamma(a + b, digits), _ln_gamma(a, digits))
        log_front = log_terms[0] + log_terms[1] + log_terms[2] - log_terms[3] - _ln_gamma(b, digits)
        upper_side = p * (n + 3) <= wins + 1  # below the switch point the fraction of I_p(a, b) converges fast
        if upper_side:
            fraction, iterations = _continued_fraction(a, b, x, y, digits)
            direct = log_front.exp() * fraction / a  # P(X >= wins)
        else:
            fraction, iterations = _continued_fraction(b, a, y, x, digits)
            direct = log_front.exp() * fraction / b  # I_(1-p)(b, a) = P(X < wins)
        # every logarithm is off by at most a few units in its last digit, relative to its size
        magnitude = sum(abs(v) for v in log_terms) + abs(log_front) + 1
        relative = (magnitude * 8 + 40 * iterations + 40) * Decimal(10) ** (5 - digits)
        error = Fraction(abs(direct) * relative)
    tail = Fraction(direct)
    # P(X >= wins) - level, from whichever tail was computed (the other is 1 minus it)
    gap = tail - level if upper_side else 1 - tail - level
    if abs(gap) <= error:
        return None
    return gap > 0


def _continued_fraction(a: int, b: int, x: Decimal, y: Decimal, digits: int) -> tuple[Decimal, int]:
    """The continued fraction of I_x(a, b) (modified Lentz), and the iterations it took."""
    tiny = Decimal(10) ** (-2 * digits)
    eps = Decimal(10) ** (5 - digits)
    one = Decimal(1)
    qab, qap = Decimal(a + b), Decimal(a + 1)
    c = one
    d = (1 - b + qab * y) / qap if x > Decimal("0.5") else 1 - qab * x / qap
    d = one / (d if abs(d) >= tiny else tiny)
    h = d
    for m in range(1, _MAX_ITERATIONS + 1):
        t = a + 2 * m
        aa = (m * (b - m)) * x / ((t - 1) * t)
        d = 1 + aa * d
        d = one / (d if abs(d) >= tiny else tiny)
        c = 1 + aa / c
        c = c if abs(c) >= tiny else tiny
        h *= d * c
        aa = -((a + m) * (a + b + m)) * x / (t * (t + 1))
        d = 1 + aa * d
        d = one / (d if abs(d) >= tiny else tiny)
        c = 1 + aa / c
        c = c if abs(c) >= tiny else tiny
        step = d * c
        h *= step
        if abs(step - 1) <= eps:
            return h, m
    raise RuntimeError("binomial tail: the continued fraction did not converge", a, b)


def _ln_gamma(k: int, digits: int) -> Decimal:
    """log Γ(k) for a whole k >= 1 at the current precision: log (k - 1)! while that is small,
    else Stirling's series, summed until a term is below the last digit."""
    if k <= 8 * digits:
        return Decimal(math.factorial(k - 1)).ln()
    z = Decimal(k)
    total = (z - Decimal("0.5")) * z.ln() - z + (2 * Decimal(math.pi if digits <= 15 else _pi(digits))).ln() / 2
    limit = Decimal(10) ** (-digits - 5) * abs(total)
    power = z
    square = z * z
    for j, bernoulli in enumerate(_bernoulli_even(digits), start=1):
        term = Decimal(bernoulli.numerator) / Decimal(bernoulli.denominator * 2 * j * (2 * j - 1)) / power
        total += term
        if abs(term) <= limit:
            return total
        power *= square
    raise RuntimeError("log gamma: Stirling's series did not converge", k)


@cache
def _pi(digits: int) -> Decimal:
    """π to `digits` digits (Machin's formula in integers)."""
    scale = 10 ** (digits + 10)

    def arctan_inverse(x: int) -> int:
        total, term, k, sign = 0, scale // x, 1, 1
        while term:
            total += sign * (term // k)
            term //= x * x
            k += 2
            sign = -sign
        return total

    value = 4 * (4 * arctan_inverse(5) - arctan_inverse(239))
    return Decimal(value) / Decimal(scale)


@cache
def _bernoulli_even(digits: int) -> tuple[Fraction, ...]:
    """B_2, B_4, ... as many as Stirling's series needs at k > 8 · digits (about digits / 4)."""
    count = digits // 4 + 8
    # Akiyama–Tanigawa: B_m with B_1 = +1/2 (only the even ones are used)
    size = 2 * count + 1
    row = [Fraction(0)] * (size + 1)
    out = []
    for m in range(size + 1):
        row[m] = Fraction(1, m + 1)
        for j in range(m, 0, -1):
            row[j - 1] = j * (row[j - 1] - row[j])
        if m >= 2 and m % 2 == 0:
            out.append(row[0])
    return tuple(out)
