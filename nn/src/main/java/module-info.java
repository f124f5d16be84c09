/**
 * Panagrad's neural-network layer: modules, losses, optimizers and data loading, built only from
 * core's exported differentiable ops (it writes no backward rule). Its contents arrive with issue 3.
 */
module dev.panagrad.nn {
    requires transitive dev.panagrad.core;

    exports dev.panagrad.nn.io;
}
