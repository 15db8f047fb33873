package io.github.jmegym.agent.core;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.openblas.global.openblas;

/**
 * Row-major double-precision matrix products through OpenBLAS (the library ND4J loads), on whole Java arrays or on
 * native memory (no copies: JavaCPP copies every array argument in and back out, ~60 us for a 1,024 x 64 operand).
 */
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

    /**
     * {@link #gemm(boolean, boolean, int, int, int, double[], double[], double, double[])} on native memory, each
     * operand from its pointer's position: the same OpenBLAS call, so the same result bit for bit.
     */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k, DoublePointer a, DoublePointer b,
                            double beta, DoublePointer c) {
        if (m == 0 || n == 0) {
            return;
        }
        openblas.cblas_dgemm(openblas.CblasRowMajor, transA ? openblas.CblasTrans : openblas.CblasNoTrans,
                transB ? openblas.CblasTrans : openblas.CblasNoTrans, m, n, k, 1.0, a, transA ? m : k, b,
                transB ? k : n, beta, c, n);
    }
}
