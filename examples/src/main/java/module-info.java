/**
 * The {@code panagrad} command: trains, evaluates and samples the example models (MNIST MLP, CNN,
 * LSTM and GAN, and a character-level language model) on real data. Its sources double as the
 * worked examples of the API: each model package reads like model code a researcher would write.
 */
module dev.panagrad.examples {
    requires dev.panagrad.nn;
    requires info.picocli;
    requires me.tongfei.progressbar;
    requires org.knowm.xchart;
    requires java.desktop;

    // picocli fills the commands' option fields reflectively.
    opens dev.panagrad.examples.cli to info.picocli;
}
