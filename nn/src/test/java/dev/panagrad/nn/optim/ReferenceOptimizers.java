package dev.panagrad.nn.optim;

/**
 * Straightforward double-precision loops written from PyTorch's documented algorithms, independent of
 * the tensor code: the oracle of the known-answer tests. One instance updates one parameter array.
 */
final class ReferenceOptimizers {
    private ReferenceOptimizers() {}

    /** One parameter's optimizer: updates {@code p} in place from gradient {@code g}. */
    interface Reference {
        void step(double[] p, double[] g);
    }

    /** torch.optim.SGD. */
    static Reference sgd(double lr, double momentum, double dampening, double wd, boolean nesterov, boolean maximize) {
        return new Reference() {
            double[] buf;

            @Override
            public void step(double[] p, double[] grad) {
                double[] d = new double[p.length];
                for (int i = 0; i < p.length; i++) {
                    double g = maximize ? -grad[i] : grad[i];
                    g += wd * p[i];
                    d[i] = g;
                }
                if (momentum != 0) {
                    if (buf == null) {
                        buf = d.clone();
                    } else {
                        for (int i = 0; i < p.length; i++) {
                            buf[i] = momentum * buf[i] + (1 - dampening) * d[i];
                        }
                    }
                    for (int i = 0; i < p.length; i++) {
                        d[i] = nesterov ? d[i] + momentum * buf[i] : buf[i];
                    }
                }
                for (int i = 0; i < p.length; i++) {
                    p[i] -= lr * d[i];
                }
            }
        };
    }

    /** torch.optim.Adam ({@code decoupled} false) and torch.optim.AdamW ({@code decoupled} true). */
    static Reference adam(double lr, double beta1, double beta2, double eps, double wd, boolean amsgrad,
            boolean maximize, boolean decoupled) {
        return new Reference() {
            double[] m;
            double[] v;
            double[] vMax;
            int t;

            @Override
            public void step(double[] p, double[] grad) {
                if (m == null) {
                    m = new double[p.length];
                    v = new double[p.length];
                    vMax = new double[p.length];
                }
                t++;
                for (int i = 0; i < p.length; i++) {
                    double g = maximize ? -grad[i] : grad[i];
                    if (decoupled) {
                        p[i] *= 1 - lr * wd;
                    } else {
                        g += wd * p[i];
                    }
                    m[i] = beta1 * m[i] + (1 - beta1) * g;
                    v[i] = beta2 * v[i] + (1 - beta2) * g * g;
                    double mHat = m[i] / (1 - Math.pow(beta1, t));
                    double vUsed = v[i];
                    if (amsgrad) {
                        vMax[i] = Math.max(vMax[i], v[i]);
                        vUsed = vMax[i];
                    }
                    double vHat = vUsed / (1 - Math.pow(beta2, t));
                    p[i] -= lr * mHat / (Math.sqrt(vHat) + eps);
                }
            }
        };
    }

    /** torch.optim.RMSprop. */
    static Reference rmsprop(double lr, double alpha, double eps, double wd, double momentum, boolean centered) {
        return new Reference() {
            double[] v;
            double[] gAvg;
            double[] buf;

            @Override
            public void step(double[] p, double[] grad) {
                if (v == null) {
                    v = new double[p.length];
                    gAvg = new double[p.length];
                    buf = new double[p.length];
                }
                for (int i = 0; i < p.length; i++) {
                    double g = grad[i] + wd * p[i];
                    v[i] = alpha * v[i] + (1 - alpha) * g * g;
                    double vTilde = v[i];
                    if (centered) {
                        gAvg[i] = alpha * gAvg[i] + (1 - alpha) * g;
                        vTilde -= gAvg[i] * gAvg[i];
                    }
                    double d = Math.sqrt(vTilde) + eps;
                    if (momentum > 0) {
                        buf[i] = momentum * buf[i] + g / d;
                        p[i] -= lr * buf[i];
                    } else {
                        p[i] -= lr * g / d;
                    }
                }
            }
        };
    }

    /** torch.optim.Adagrad. */
    static Reference adagrad(double lr, double lrDecay, double wd, double initialAccumulator, double eps) {
        return new Reference() {
            double[] sum;
            int t;

            @Override
            public void step(double[] p, double[] grad) {
                if (sum == null) {
                    sum = new double[p.length];
                    java.util.Arrays.fill(sum, initialAccumulator);
                }
                t++;
                double clr = lr / (1 + (t - 1) * lrDecay);
                for (int i = 0; i < p.length; i++) {
                    double g = grad[i] + wd * p[i];
                    sum[i] += g * g;
                    p[i] -= clr * g / (Math.sqrt(sum[i]) + eps);
                }
            }
        };
    }
}
