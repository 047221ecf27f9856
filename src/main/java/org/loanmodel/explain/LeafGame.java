package org.loanmodel.explain;

/**
 * One leaf's part of a tree's path-dependent value function, and its exact Shapley values as a sum
 * of interaction terms.
 *
 * <p>Under the path-dependent value function, a leaf adds {@code value * prod_j (j in S ? o_j :
 * z_j)} to the value of coalition {@code S}, over the {@code m} distinct features {@code j} its path
 * tests: {@code o_j} is 1 when the row passes every test of feature {@code j} on the path and else
 * 0; {@code z_j} is the product of the cover ratios of those tests. A tree's value function is the
 * sum of its leaves', so its Shapley values are the sum of theirs. For one leaf, {@code phi_i = value
 * * sum over S without i of w(|S|) (o_i - z_i) prod_{j in S} o_j prod_{j not in S, j != i} z_j},
 * with {@code w(s) = s! (m - s - 1)! / m!}. Multiplied out, that is a polynomial in the bits: the
 * coefficient of {@code prod_{j in T} o_j} is {@code value * prod_{j not in T} z_j} times {@code
 * w(|T| - 1)} when {@code i} is in {@code T}, else times {@code -w(|T|)}.
 */
final class LeafGame {
    private LeafGame() {}

    /**
     * The interaction terms of a leaf: {@code phi_j(o) = sum over T subset of the set bits of o of
     * terms[T * m + j]}.
     *
     * @param zero {@code z} of each of the path's {@code m} features
     * @param value the leaf's share of the raw output
     */
    static double[] terms(double[] zero, double value) {
        int m = zero.length;
        double[] weights = new double[m];
        for (int s = 0; s < m; s++) {
            weights[s] = factorial(s) * factorial(m - s - 1) / factorial(m);
        }
        double[] terms = new double[(1 << m) * m];
        for (int term = 0; term < 1 << m; term++) {
            double unknown = value;
            for (int j = 0; j < m; j++) {
                if ((term & 1 << j) == 0) {
                    unknown *= zero[j];
                }
            }
            int size = Integer.bitCount(term);
            for (int j = 0; j < m; j++) {
                terms[term * m + j] = (term & 1 << j) != 0 ? unknown * weights[size - 1] : -unknown * weights[size];
            }
        }
        return terms;
    }

    private static double factorial(int n) {
        double result = 1;
        for (int i = 2; i <= n; i++) {
            result *= i;
        }
        return result;
    }
}
