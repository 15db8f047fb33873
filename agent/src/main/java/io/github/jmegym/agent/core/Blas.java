package io.github.jmegym.agent.core;

import org.bytedeco.openblas.global.openblas;

/** Row-major double-precision matrix products through OpenBLAS (the library ND4J loads), on whole Java arrays. */
public final class Blas {
    private Blas() {
    }

    /**
     * {@code C = op(A) op(B) + beta C} with {@code op(A)} {@code m x k}, {@code op(B)} {@code k x n} and {@code C}
     * {@code m x n}, all row-major from index 0 (the arrays may be longer).
     */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k, double[] a, double[] b, double beta,
                     double[] c) {
        if (m == 0 || n == 0) {
            return;
        }
        openblas.cblas_dgemm(openblas.CblasRowMajor, transA ? openblas.CblasTrans : openblas.CblasNoTrans,
                transB ? openblas.CblasTrans : openblas.CblasNoTrans, m, n, k, 1.0, a, transA ? m : k, b,
                transB ? k : n, beta, c, n);
    }
}
