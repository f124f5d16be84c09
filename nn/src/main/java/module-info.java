/**
 * Panagrad's neural-network layer: modules, losses, optimizers and data loading, built only from
 * core's exported differentiable ops (it writes no backward rule).
 */
module dev.panagrad.nn {
    requires transitive dev.panagrad.core;

    exports dev.panagrad.nn;
    exports dev.panagrad.nn.loss;
    exports dev.panagrad.nn.data;
    exports dev.panagrad.nn.rnn;
    exports dev.panagrad.nn.gan;
    exports dev.panagrad.nn.optim;
    exports dev.panagrad.nn.io;
}
