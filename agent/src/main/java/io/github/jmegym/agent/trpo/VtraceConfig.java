package io.github.jmegym.agent.trpo;

/**
 * The truncation levels of V-trace (Espeholt et al. 2018; torchbeast's {@code vtrace.py}), immutable and validated on
 * construction.
 *
 * @param rhoBar clip of the importance weights in the temporal differences, {@code min(rho, rhoBar)} (> 0)
 *        (default 1)
 * @param cBar clip of the trace-cutting weights, {@code c = min(rho, cBar)} (> 0, <= rhoBar) (default 1)
 * @param rhoBarPg clip of the importance weights of the policy-gradient advantages (> 0; torchbeast's
 *        clip_pg_rho_threshold) (default 1)
 */
public record VtraceConfig(double rhoBar, double cBar, double rhoBarPg) {

    private static void require(boolean ok, String field, Object value, String expected) {
        Validation.require(ok, "VtraceConfig", field, value, expected);
    }

    /** Validates every field; messages name the field, the value and the expectation. */
    public VtraceConfig {
        require(rhoBar > 0, "rhoBar", rhoBar, "> 0");
        require(cBar > 0, "cBar", cBar, "> 0");
        require(cBar <= rhoBar, "cBar", cBar, "<= rhoBar=" + rhoBar + " (traces may not be cut less than TDs are clipped)");
        require(rhoBarPg > 0, "rhoBarPg", rhoBarPg, "> 0");
    }

    /** torchbeast's defaults: every clip at 1. */
    public static VtraceConfig defaults() {
        return new VtraceConfig(1.0, 1.0, 1.0);
    }
}
