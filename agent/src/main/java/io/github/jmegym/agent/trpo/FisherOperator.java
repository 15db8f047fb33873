package io.github.jmegym.agent.trpo;

/**
 * The damped Fisher-vector product of the policy over a batch, {@code F v = (1/n) sum_i J_i^T M_i J_i v + damping v}:
 * {@code J_i} the Jacobian of sample {@code i}'s distribution parameters ({@link PolicyJacobian}, forward mode for
 * {@code J v}, reverse mode for {@code J^T u}) and {@code M_i} their Fisher information
 * ({@link DistributionGeometry#fisherProduct}). Without damping this is exactly the Hessian of the mean
 * {@code KL(pi_old || pi_theta)} at {@code theta = theta_old} that sb3-contrib's TRPO differentiates twice; the
 * matrix is never formed. Uses the jacobian's current linearization; not thread-safe.
 */
public final class FisherOperator implements LinearOperator {
    private final PolicyJacobian jacobian;
    private final DistributionGeometry geometry;
    private final double damping;
    private double[] jOut = new double[0];
    private double[] jLs = new double[0];
    private double[] mOut = new double[0];
    private double[] mLs = new double[0];
    private long products;

    /**
     * @param jacobian linearized at the old parameters and the batch's observations
     * @param damping added multiple of the identity (>= 0; sb3-contrib's cg_damping, default 0.1)
     */
    public FisherOperator(PolicyJacobian jacobian, DistributionGeometry geometry, double damping) {
        if (!(damping >= 0)) {
            throw new IllegalArgumentException("FisherOperator: damping=" + damping + "; expected >= 0");
        }
        this.jacobian = jacobian;
        this.geometry = geometry;
        this.damping = damping;
    }

    /**
     * How many products this operator has applied: the measure of a policy step's work that a time-sliced update's
     * units are bounded by (one per conjugate-gradient iteration, one for the curvature).
     */
    public long products() {
        return products;
    }

    @Override
    public void apply(double[] v, double[] out) {
        products++;
        int n = jacobian.batch();
        int od = geometry.distribution().outDim();
        int ng = geometry.distribution().nGauss();
        if (jOut.length < n * od || jLs.length < n * ng) {
            jOut = new double[n * od];
            mOut = new double[n * od];
            jLs = new double[n * ng];
            mLs = new double[n * ng];
        }
        jacobian.jvp(v, jOut, jLs);
        double[] out0 = jacobian.outputs();
        double[] ls0 = jacobian.logStds();
        double inv = 1.0 / n;
        for (int i = 0; i < n; i++) {
            geometry.fisherProduct(out0, i * od, ls0, i * ng, jOut, i * od, jLs, i * ng, inv, mOut, i * od, mLs, i * ng);
        }
        jacobian.vjp(mOut, mLs, out);
        for (int k = 0; k < out.length; k++) {
            out[k] += damping * v[k];
        }
    }
}
