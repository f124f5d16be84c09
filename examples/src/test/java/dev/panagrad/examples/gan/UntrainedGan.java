package dev.panagrad.examples.gan;

import dev.panagrad.core.Rng;
import dev.panagrad.examples.run.Checkpoint;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** An mnist-gan checkpoint as {@code train mnist-gan} writes it, with freshly initialized weights, for command tests. */
final class UntrainedGan {
    private UntrainedGan() {}

    /** Writes the checkpoint of an untrained mnist-gan (weights drawn from {@code rng}) to {@code file}. */
    static Path write(Path file, Rng rng) throws IOException {
        Checkpoint.save(file, MnistGan.NAME, MnistGan.create(MnistGan.LATENT, MnistGan.WIDTH, rng), Map.of(MnistGan.LATENT_KEY,
                String.valueOf(MnistGan.LATENT), MnistGan.WIDTH_KEY, String.valueOf(MnistGan.WIDTH)));
        return file;
    }
}
