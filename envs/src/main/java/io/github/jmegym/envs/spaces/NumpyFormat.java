package io.github.jmegym.envs.spaces;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Formats numbers as NumPy prints them, so that spaces print as in Gymnasium: {@link #scalar} as
 * {@code str(np.float32(x))} and {@link #array} as {@code str(np.array(a))} with NumPy's default options
 * (shortest round-trip digits for the dtype, at most 8 fractional digits, padded columns, scientific notation
 * when the magnitudes call for it). Unlike NumPy, arrays are never wrapped at 75 characters or summarized.
 */
final class NumpyFormat {
    private static final int PRECISION = 8;

    private NumpyFormat() {
    }

    /** {@code str(np.float32(v))} or {@code str(np.float64(v))}: e.g. {@code 4.8}, {@code -1.0}, {@code 1e-05}. */
    static String scalar(double v, DType dtype) {
        if (dtype.isInteger()) {
            return Long.toString((long) v);                     // str(np.uint8(7)) == "7"
        }
        if (!Double.isFinite(v)) {
            return nonFinite(v);
        }
        if (v == 0) {
            return (1 / v < 0 ? "-" : "") + "0.0";
        }
        BigDecimal d = shortest(v, dtype);
        int exp = d.precision() - d.scale() - 1;
        if (exp < -4 || exp >= 16) {
            return scientific(d, -1, 2);
        }
        String s = d.toPlainString();
        return s.contains(".") ? s : s + ".0";
    }

    /** {@code str(np.array(values, dtype))} for a 1-D array, without line wrapping. */
    static String array(double[] values, DType dtype) {
        int n = values.length;
        if (dtype.isInteger()) {                                // str(np.array([0, 255], np.uint8)) == "[  0 255]"
            int width = 1;
            for (double v : values) {
                width = Math.max(width, Long.toString((long) v).length());
            }
            StringBuilder s = new StringBuilder("[");
            for (int i = 0; i < n; i++) {
                s.append(i == 0 ? "" : " ").append(String.format(java.util.Locale.ROOT, "%" + width + "d", (long) values[i]));
            }
            return s.append(']').toString();
        }
        BigDecimal[] digits = new BigDecimal[n];
        double maxAbs = 0;
        double minAbs = Double.POSITIVE_INFINITY;
        boolean anyFinite = false;
        boolean negInf = false;
        boolean anyNonFinite = false;
        for (int i = 0; i < n; i++) {
            double v = values[i];
            if (!Double.isFinite(v)) {
                anyNonFinite = true;
                negInf |= v == Double.NEGATIVE_INFINITY;
                continue;
            }
            anyFinite = true;
            digits[i] = v == 0 ? BigDecimal.ZERO : shortest(v, dtype);
            if (v != 0) {
                maxAbs = Math.max(maxAbs, Math.abs(v));
                minAbs = Math.min(minAbs, Math.abs(v));
            }
        }
        boolean exp = anyFinite && maxAbs > 0 && (maxAbs >= 1e8 || minAbs < 1e-4 || maxAbs / minAbs > 1000);
        String[] cells = new String[n];
        if (!exp) {
            String[] ints = new String[n];
            String[] fracs = new String[n];
            int padLeft = 0;
            int padRight = 0;
            for (int i = 0; i < n; i++) {
                if (digits[i] == null) {
                    continue;
                }
                BigDecimal d = digits[i].scale() > PRECISION
                        ? new BigDecimal(values[i]).setScale(PRECISION, RoundingMode.HALF_EVEN).stripTrailingZeros()
                        : digits[i];
                String s = d.scale() < 0 ? d.setScale(0).toPlainString() : d.toPlainString();
                int dot = s.indexOf('.');
                ints[i] = (values[i] == 0 && 1 / values[i] < 0 ? "-" : "") + (dot < 0 ? s : s.substring(0, dot));
                fracs[i] = dot < 0 ? "" : s.substring(dot + 1);
                padLeft = Math.max(padLeft, ints[i].length());
                padRight = Math.max(padRight, fracs[i].length());
            }
            if (anyNonFinite) {
                padLeft = Math.max(padLeft, Math.max(3 - (padRight + 1), 3 + (negInf ? 1 : 0) - (padRight + 1)));
            }
            for (int i = 0; i < n; i++) {
                cells[i] = digits[i] == null ? padNonFinite(values[i], padLeft + padRight + 1)
                        : " ".repeat(padLeft - ints[i].length()) + ints[i] + "." + fracs[i]
                        + " ".repeat(padRight - fracs[i].length());
            }
        } else {
            int fracDigits = 0;
            int expSize = 2;
            int padLeft = 0;
            for (int i = 0; i < n; i++) {
                if (digits[i] != null) {
                    BigDecimal d = capPrecision(digits[i], values[i]);
                    digits[i] = d;
                    fracDigits = Math.max(fracDigits, d.signum() == 0 ? 0 : d.precision() - 1);
                    int e = d.signum() == 0 ? 0 : d.precision() - d.scale() - 1;
                    expSize = Math.max(expSize, Integer.toString(Math.abs(e)).length());
                    padLeft = Math.max(padLeft, d.signum() < 0 ? 2 : 1);
                }
            }
            int padRight = expSize + 2 + fracDigits;
            if (anyNonFinite) {
                padLeft = Math.max(padLeft, Math.max(3 - (padRight + 1), 3 + (negInf ? 1 : 0) - (padRight + 1)));
            }
            for (int i = 0; i < n; i++) {
                if (digits[i] == null) {
                    cells[i] = padNonFinite(values[i], padLeft + padRight + 1);
                } else {
                    String s = scientific(digits[i], fracDigits, expSize);
                    int intLen = s.indexOf('.');
                    cells[i] = " ".repeat(padLeft - intLen) + s;
                }
            }
        }
        return "[" + String.join(" ", cells) + "]";
    }

    private static BigDecimal capPrecision(BigDecimal d, double v) {
        return d.precision() > PRECISION + 1
                ? new BigDecimal(v).round(new MathContext(PRECISION + 1, RoundingMode.HALF_EVEN)).stripTrailingZeros()
                : d;
    }

    /** {@code d.ddde-05}: {@code fracDigits} digits after the point ({@code -1}: as many as needed). */
    private static String scientific(BigDecimal d, int fracDigits, int expSize) {
        if (d.signum() == 0) {
            return "0." + "0".repeat(Math.max(fracDigits, 0)) + "e+" + "0".repeat(expSize);
        }
        String digits = d.unscaledValue().abs().toString().replaceAll("0+$", "");
        int e = d.precision() - d.scale() - 1;
        String frac = digits.substring(1);
        if (fracDigits >= 0) {
            frac = frac + "0".repeat(Math.max(0, fracDigits - frac.length()));
        }
        String mantissa = digits.charAt(0) + (frac.isEmpty() && fracDigits < 0 ? "" : "." + frac);
        String exponent = Integer.toString(Math.abs(e));
        exponent = "0".repeat(Math.max(0, expSize - exponent.length())) + exponent;
        return (d.signum() < 0 ? "-" : "") + mantissa + "e" + (e < 0 ? "-" : "+") + exponent;
    }

    private static String padNonFinite(double v, int width) {
        String s = nonFinite(v);
        return " ".repeat(Math.max(0, width - s.length())) + s;
    }

    private static String nonFinite(double v) {
        return Double.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf";
    }

    /** The shortest decimal that reads back as {@code v} in the given dtype (Dragon4's unique digits). */
    static BigDecimal shortest(double v, DType dtype) {
        BigDecimal exact = new BigDecimal(v);
        for (int p = 1; p <= 17; p++) {
            BigDecimal d = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
            String s = d.toString();
            boolean same = dtype == DType.FLOAT32 ? Float.parseFloat(s) == (float) v : Double.parseDouble(s) == v;
            if (same) {
                return d.stripTrailingZeros();
            }
        }
        return exact.stripTrailingZeros();
    }
}
