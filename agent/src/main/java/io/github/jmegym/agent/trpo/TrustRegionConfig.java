package io.github.jmegym.agent.trpo;

/**
 * The settings of the trust-region policy updates (TRPO, and the natural policy gradient NPG), immutable and
 * validated on construction; defaults are sb3-contrib 2.9.2's TRPO defaults where it has the setting.
 *
 * @param targetKl trust-region radius delta: the most mean KL(old || new) an accepted TRPO step may reach (> 0)
 *        (default 0.01)
 * @param cgMaxSteps most conjugate-gradient iterations for the natural direction (>= 1) (default 15)
 * @param cgDamping multiple of the identity added to the Fisher matrix, {@code F v + damping v} (>= 0) (default 0.1)
 * @param cgResidualTol conjugate gradient stops when the squared residual norm falls below this (>= 0)
 *        (default 1e-10)
 * @param lineSearchShrink factor the TRPO step shrinks by after each rejected candidate, in (0, 1) (default 0.8)
 * @param lineSearchMaxIter most TRPO line-search candidates before the step is abandoned (>= 1) (default 10)
 * @param nCriticUpdates passes of value-function regression over each rollout after the policy step (>= 1)
 *        (default 10)
 * @param npgStepSize NPG's fixed step alpha along the natural direction, {@code theta + alpha F^-1 g} (> 0; not an
 *        sb3-contrib setting) (default 0.1)
 * @param normalizeAdvantage normalize the rollout's advantages to mean 0, std 1 (unbiased std + 1e-8) before the
 *        step, as sb3-contrib (default true)
 * @param tvSamples Monte-Carlo draws per state for the total-variation metric of Gaussian parts (>= 1) (default 16)
 */
public record TrustRegionConfig(double targetKl, int cgMaxSteps, double cgDamping, double cgResidualTol,
                                double lineSearchShrink, int lineSearchMaxIter, int nCriticUpdates, double npgStepSize,
                                boolean normalizeAdvantage, int tvSamples) {

    private static void require(boolean ok, String field, Object value, String expected) {
        Validation.require(ok, "TrustRegionConfig", field, value, expected);
    }

    /** Validates every field; messages name the field, the value and the expectation. */
    public TrustRegionConfig {
        require(targetKl > 0 && Double.isFinite(targetKl), "targetKl", targetKl, "> 0 (the trust-region radius delta)");
        require(cgMaxSteps >= 1, "cgMaxSteps", cgMaxSteps, ">= 1");
        require(cgDamping >= 0 && Double.isFinite(cgDamping), "cgDamping", cgDamping, ">= 0");
        require(cgResidualTol >= 0 && Double.isFinite(cgResidualTol), "cgResidualTol", cgResidualTol, ">= 0");
        require(lineSearchShrink > 0 && lineSearchShrink < 1, "lineSearchShrink", lineSearchShrink, "in (0, 1)");
        require(lineSearchMaxIter >= 1, "lineSearchMaxIter", lineSearchMaxIter, ">= 1");
        require(nCriticUpdates >= 1, "nCriticUpdates", nCriticUpdates, ">= 1");
        require(npgStepSize > 0 && Double.isFinite(npgStepSize), "npgStepSize", npgStepSize, "> 0 (NPG's step alpha)");
        require(tvSamples >= 1, "tvSamples", tvSamples, ">= 1");
    }

    /** sb3-contrib 2.9.2's TRPO defaults (target_kl 0.01, cg_max_steps 15, cg_damping 0.1, ...). */
    public static TrustRegionConfig defaults() {
        return new TrustRegionConfig(0.01, 15, 0.1, 1e-10, 0.8, 10, 10, 0.1, true, 16);
    }

    /** A copy with targetKl replaced (validated). */
    public TrustRegionConfig withTargetKl(double value) {
        return new TrustRegionConfig(value, cgMaxSteps, cgDamping, cgResidualTol, lineSearchShrink, lineSearchMaxIter,
                nCriticUpdates, npgStepSize, normalizeAdvantage, tvSamples);
    }

    /** A copy with cgMaxSteps and cgDamping replaced (validated). */
    public TrustRegionConfig withCg(int maxSteps, double damping) {
        return new TrustRegionConfig(targetKl, maxSteps, damping, cgResidualTol, lineSearchShrink, lineSearchMaxIter,
                nCriticUpdates, npgStepSize, normalizeAdvantage, tvSamples);
    }

    /** A copy with lineSearchShrink and lineSearchMaxIter replaced (validated). */
    public TrustRegionConfig withLineSearch(double shrink, int maxIter) {
        return new TrustRegionConfig(targetKl, cgMaxSteps, cgDamping, cgResidualTol, shrink, maxIter, nCriticUpdates,
                npgStepSize, normalizeAdvantage, tvSamples);
    }

    /** A copy with npgStepSize replaced (validated). */
    public TrustRegionConfig withNpgStepSize(double value) {
        return new TrustRegionConfig(targetKl, cgMaxSteps, cgDamping, cgResidualTol, lineSearchShrink, lineSearchMaxIter,
                nCriticUpdates, value, normalizeAdvantage, tvSamples);
    }

    /** A copy with nCriticUpdates replaced (validated). */
    public TrustRegionConfig withNCriticUpdates(int value) {
        return new TrustRegionConfig(targetKl, cgMaxSteps, cgDamping, cgResidualTol, lineSearchShrink, lineSearchMaxIter,
                value, npgStepSize, normalizeAdvantage, tvSamples);
    }

    /** A copy with normalizeAdvantage replaced. */
    public TrustRegionConfig withNormalizeAdvantage(boolean value) {
        return new TrustRegionConfig(targetKl, cgMaxSteps, cgDamping, cgResidualTol, lineSearchShrink, lineSearchMaxIter,
                nCriticUpdates, npgStepSize, value, tvSamples);
    }
}
